"""The codebook: themes with bilingual labels, definitions, keywords, example phrases and
parent themes, read from YAML and checked.

A theme's ``keywords`` drive the keyword suggestions (a word or phrase, or a stem ending in
``*``; matching ignores case and accents), its ``examples`` the embedding suggestions, and its
``indicators`` say beside which indicators of the catalogue its approved quotes appear.

>>> book = builtin_codebook()
>>> book.theme("violence").parent
'route_dangers'
>>> sorted(book.descendants("route_dangers"))
['route_dangers', 'violence']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from safemig.errors import CodebookError
from safemig.i18n import Text

BUILTIN = Path(__file__).parent / "codebook.yaml"
LANGUAGES = ("en", "fr")
_THEME_FIELDS = {"id", "label", "definition", "parent", "keywords", "examples", "indicators"}
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


@dataclass(frozen=True)
class Theme:
    """One theme of the codebook.

    ``keywords`` and ``examples`` map a language code to its phrases.
    """

    id: str
    label: Text
    definition: Text
    parent: str | None = None
    keywords: tuple[tuple[str, tuple[str, ...]], ...] = ()
    examples: tuple[tuple[str, tuple[str, ...]], ...] = ()
    indicators: tuple[str, ...] = ()

    def phrases(self, kind: str) -> tuple[str, ...]:
        """Every keyword (``kind="keywords"``) or example (``"examples"``), all languages."""
        return tuple(p for _, group in getattr(self, kind) for p in group)


@dataclass(frozen=True)
class Codebook:
    """A checked codebook (see ``docs/voices.md``)."""

    name: str
    title: Text
    source: str
    themes: tuple[Theme, ...]

    def theme(self, theme_id: str) -> Theme:
        """The theme with this id.

        Raises
        ------
        CodebookError
            When the codebook has no such theme.
        """
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise CodebookError(
            Text(
                f"Codebook {self.source}: no theme {theme_id!r}; it has {self._ids()}.",
                f"Grille de codage {self.source} : aucun thème {theme_id!r} ; elle contient "
                f"{self._ids()}.",
            )
        )

    def ids(self) -> tuple[str, ...]:
        """Theme ids in file order."""
        return tuple(t.id for t in self.themes)

    def descendants(self, theme_id: str) -> set[str]:
        """The theme and every theme below it: a segment coded "violence" also speaks of
        its parent "route_dangers" when themes are counted."""
        found = {theme_id}
        grew = True
        while grew:
            below = {t.id for t in self.themes if t.parent in found}
            grew = not below <= found
            found |= below
        return found

    def _ids(self) -> str:
        return ", ".join(self.ids())


def builtin_codebook() -> Codebook:
    """The codebook shipped with safemig (information, trust, risks, work, help, agency)."""
    return load_codebook(BUILTIN)


def load_codebook(path: str | Path) -> Codebook:
    """Read and check a codebook file.

    Raises
    ------
    CodebookError
        When the file cannot be read or a field breaks a rule; the message names the file,
        the theme and the field, in English and French.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CodebookError(
            Text(
                f"Codebook {path}: cannot be read as YAML ({exc}).",
                f"Grille de codage {path} : illisible comme YAML ({exc}).",
            )
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list):
        raise CodebookError(
            Text(
                f"Codebook {path}: expected a mapping with a list of 'themes'.",
                f"Grille de codage {path} : une table avec une liste 'themes' est attendue.",
            )
        )
    themes = tuple(_theme(path, i, raw) for i, raw in enumerate(data["themes"], start=1))
    _check_ids(path, themes)
    name = str(data.get("codebook") or path.stem)
    title = _text(path, name, "title", data.get("title") or {"en": name, "fr": name})
    return Codebook(name, title, str(path), themes)


def _theme(path: Path, position: int, raw: Any) -> Theme:
    where = f"theme {position}"
    if not isinstance(raw, dict):
        _fail(path, where, "theme", "a mapping is expected", "une table est attendue")
    theme_id = raw.get("id")
    if not isinstance(theme_id, str) or not theme_id or not set(theme_id) <= _ID_CHARS:
        _fail(
            path,
            where,
            "id",
            "needs lower-case letters, digits and _ only",
            "n'admet que des minuscules, des chiffres et _",
        )
    unknown = sorted(set(raw) - _THEME_FIELDS)
    if unknown:
        _fail(
            path,
            theme_id,
            unknown[0],
            f"is not a theme field (fields: {', '.join(sorted(_THEME_FIELDS))})",
            f"n'est pas un champ de thème (champs : {', '.join(sorted(_THEME_FIELDS))})",
        )
    parent = raw.get("parent")
    if parent is not None and not isinstance(parent, str):
        _fail(path, theme_id, "parent", "must be a theme id", "doit être un identifiant de thème")
    indicators = raw.get("indicators") or []
    if not isinstance(indicators, list) or not all(isinstance(i, str) for i in indicators):
        _fail(
            path,
            theme_id,
            "indicators",
            "must be a list of indicator ids",
            "doit être une liste d'identifiants d'indicateurs",
        )
    return Theme(
        id=theme_id,
        label=_text(path, theme_id, "label", raw.get("label")),
        definition=_text(path, theme_id, "definition", raw.get("definition")),
        parent=parent,
        keywords=_phrases(path, theme_id, "keywords", raw.get("keywords")),
        examples=_phrases(path, theme_id, "examples", raw.get("examples")),
        indicators=tuple(indicators),
    )


def _text(path: Path, theme_id: str, field: str, raw: Any) -> Text:
    if not isinstance(raw, Mapping):
        _fail(
            path,
            theme_id,
            field,
            "needs an 'en' and an 'fr' text",
            "doit avoir un texte 'en' et un texte 'fr'",
        )
    for language in LANGUAGES:
        value = raw.get(language)
        if not isinstance(value, str) or not value.strip():
            _fail(
                path,
                theme_id,
                field,
                f"has no {language!r} text",
                f"n'a pas de texte {language!r}",
            )
    return Text(raw["en"].strip(), raw["fr"].strip())


def _phrases(
    path: Path, theme_id: str, field: str, raw: Any
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        _fail(
            path,
            theme_id,
            field,
            "must map a language code to a list of phrases",
            "doit associer un code de langue à une liste d'expressions",
        )
    groups = []
    for language, phrases in raw.items():
        if (
            not isinstance(language, str)
            or not isinstance(phrases, list)
            or not all(isinstance(p, str) and p.strip() for p in phrases)
        ):
            _fail(
                path,
                theme_id,
                f"{field}.{language}",
                "must be a list of non-empty phrases",
                "doit être une liste d'expressions non vides",
            )
        groups.append((language, tuple(p.strip() for p in phrases)))
    return tuple(groups)


def _check_ids(path: Path, themes: tuple[Theme, ...]) -> None:
    seen: set[str] = set()
    for theme in themes:
        if theme.id in seen:
            _fail(path, theme.id, "id", "is used twice", "est utilisé deux fois")
        seen.add(theme.id)
    for theme in themes:
        if theme.parent is not None and theme.parent not in seen:
            _fail(
                path,
                theme.id,
                "parent",
                f"{theme.parent!r} is not a theme of this codebook",
                f"{theme.parent!r} n'est pas un thème de cette grille",
            )
    parents = {t.id: t.parent for t in themes}
    for theme in themes:
        chain, current = [theme.id], theme.parent
        while current is not None:
            if current in chain:
                _fail(
                    path,
                    theme.id,
                    "parent",
                    f"makes a loop ({' → '.join([*chain, current])})",
                    f"forme une boucle ({' → '.join([*chain, current])})",
                )
            chain.append(current)
            current = parents[current]


def _fail(path: Path, theme_id: str, field: str, en: str, fr: str) -> Any:
    raise CodebookError(
        Text(
            f"Codebook {path}, theme {theme_id!r}, field {field!r}: {en}.",
            f"Grille de codage {path}, thème {theme_id!r}, champ {field!r} : {fr}.",
        )
    )
