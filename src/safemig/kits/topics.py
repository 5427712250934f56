"""The content library: topics as Markdown files with YAML front matter, one per language.

A library is a folder::

    topics/<language>/<topic-id>.md     front matter + simple-language Markdown body
    ui/<language>.yaml                  the words of the mini-site, leaflet and audio
    regions.yaml                        region ids (as in the survey's strata) and names
    services.csv                        the service directory (see :mod:`.directory`)

Adding a language (Hausa, Zarma, ...) is adding files: no code changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from safemig.errors import KitContentError
from safemig.i18n import say

#: Where the starter library shipped with safemig lives.
STARTER_LIBRARY = Path(__file__).parent / "content"
MIGRATION_STAGES = ("origin", "transit", "destination", "return")
_REQUIRED = (
    "id",
    "language",
    "title",
    "audience",
    "migration_stages",
    "reviewed_by",
    "review_date",
    "sources",
    "sms",
)


@dataclass(frozen=True)
class Source:
    """A factual statement made in a topic and where it comes from."""

    claim: str
    source: str


@dataclass(frozen=True)
class Topic:
    """One topic in one language: its front matter and its Markdown body."""

    id: str
    language: str
    title: str
    audience: str
    migration_stages: tuple[str, ...]
    reviewed_by: str
    review_date: dt.date
    sources: tuple[Source, ...]
    sms: str
    body: str
    path: Path

    def html(self) -> str:
        """Return the body rendered as HTML (CommonMark)."""
        return _markdown().render(self.body)

    def prose_blocks(self) -> list[str]:
        """Return the title, then each heading, paragraph and list item of the body as text."""
        return [self.title, *prose_blocks(self.body)]


@dataclass(frozen=True)
class Library:
    """Every topic of a content library, with its folder (for UI words, regions, services)."""

    folder: Path
    topics: tuple[Topic, ...]

    def languages(self) -> tuple[str, ...]:
        """Return the languages that have topics, sorted."""
        return tuple(sorted({t.language for t in self.topics}))

    def topic_ids(self) -> tuple[str, ...]:
        """Return the topic ids in the library's order (file names, sorted)."""
        return tuple(dict.fromkeys(t.id for t in self.topics))

    def in_language(self, language: str) -> tuple[Topic, ...]:
        """Return every topic in ``language``; raise if one is missing there."""
        found = {t.id: t for t in self.topics if t.language == language}
        missing = [i for i in self.topic_ids() if i not in found]
        if missing:
            raise KitContentError(
                say(
                    "{folder}: no {lang!r} text for topic(s) {ids}; write them or build "
                    "without {lang!r}",
                    "{folder} : aucun texte {lang!r} pour le(s) sujet(s) {ids} ; écrivez-les "
                    "ou construisez sans {lang!r}",
                    folder=self.folder / "topics" / language,
                    lang=language,
                    ids=", ".join(missing),
                )
            )
        return tuple(found[i] for i in self.topic_ids())


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark")


def prose_blocks(markdown: str) -> list[str]:
    """Return the text of each heading, paragraph and list item of ``markdown``, unstyled."""
    blocks = []
    for token in _markdown().parse(markdown):
        if token.type == "inline":
            text = "".join(_inline_text(c) for c in token.children or ())
            blocks.append(" ".join(text.split()))
    return [b for b in blocks if b]


def _inline_text(token: Token) -> str:
    if token.type in ("softbreak", "hardbreak"):
        return " "
    return token.content if token.type in ("text", "code_inline") else ""


def load_library(folder: str | Path | None = None) -> Library:
    """Read every topic of a content library.

    Parameters
    ----------
    folder
        The library folder; the starter library shipped with safemig when None.

    Raises
    ------
    KitContentError
        If the folder has no topics, or a topic file is malformed (names file and field).
    """
    root = Path(folder) if folder else STARTER_LIBRARY
    paths = sorted((root / "topics").glob("*/*.md"))
    if not paths:
        raise KitContentError(
            say(
                "{root}: no topics found (expected topics/<language>/<id>.md)",
                "{root} : aucun sujet trouvé (attendu : topics/<langue>/<id>.md)",
                root=root,
            )
        )
    return Library(root, tuple(read_topic(p) for p in sorted(paths, key=lambda p: p.stem)))


def read_topic(path: Path) -> Topic:
    """Read one topic file; raise :class:`KitContentError` naming the file and field."""
    meta, body = _split_front_matter(path)
    missing = [f for f in _REQUIRED if meta.get(f) in (None, "", [])]
    if missing:
        raise KitContentError(
            say(
                "{path}: front matter lacks {fields}",
                "{path} : il manque {fields} dans l'en-tête",
                path=path,
                fields=", ".join(missing),
            )
        )
    _check_identity(path, meta)
    return Topic(
        id=str(meta["id"]),
        language=str(meta["language"]),
        title=str(meta["title"]),
        audience=str(meta["audience"]),
        migration_stages=_stages(path, meta["migration_stages"]),
        reviewed_by=str(meta["reviewed_by"]),
        review_date=_date(path, meta["review_date"]),
        sources=_sources(path, meta["sources"]),
        sms=" ".join(str(meta["sms"]).split()),
        body=body.strip() + "\n",
        path=path,
    )


def _split_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        raise KitContentError(
            say(
                "{path}: a topic starts with YAML front matter between '---' lines",
                "{path} : un sujet commence par un en-tête YAML entre deux lignes '---'",
                path=path,
            )
        )
    head, body = text[4:].split("\n---\n", 1)
    try:
        meta = yaml.safe_load(head)
    except yaml.YAMLError as exc:
        raise KitContentError(
            say(
                "{path}: front matter is not valid YAML: {exc}",
                "{path} : l'en-tête n'est pas du YAML valide : {exc}",
                path=path,
                exc=exc,
            )
        ) from exc
    if not isinstance(meta, dict):
        raise KitContentError(
            say(
                "{path}: front matter must be a mapping of fields",
                "{path} : l'en-tête doit être une liste de champs « nom: valeur »",
                path=path,
            )
        )
    return meta, body


def _check_identity(path: Path, meta: dict[str, Any]) -> None:
    if str(meta["id"]) != path.stem:
        raise KitContentError(
            say(
                "{path}: id {id!r} differs from the file name {stem!r}",
                "{path} : l'id {id!r} diffère du nom du fichier {stem!r}",
                path=path,
                id=meta["id"],
                stem=path.stem,
            )
        )
    if str(meta["language"]) != path.parent.name:
        raise KitContentError(
            say(
                "{path}: language {lang!r} differs from its folder {folder!r}",
                "{path} : la langue {lang!r} diffère de son dossier {folder!r}",
                path=path,
                lang=meta["language"],
                folder=path.parent.name,
            )
        )


def _stages(path: Path, value: object) -> tuple[str, ...]:
    stages = tuple(str(s) for s in value) if isinstance(value, list) else (str(value),)
    unknown = [s for s in stages if s not in MIGRATION_STAGES]
    if unknown:
        raise KitContentError(
            say(
                "{path}: migration_stages {unknown} unknown; use {known}",
                "{path} : migration_stages {unknown} inconnu(s) ; utilisez {known}",
                path=path,
                unknown=unknown,
                known=", ".join(MIGRATION_STAGES),
            )
        )
    return stages


def _date(path: Path, value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise KitContentError(
            say(
                "{path}: review_date {value!r} is not a date (YYYY-MM-DD)",
                "{path} : review_date {value!r} n'est pas une date (AAAA-MM-JJ)",
                path=path,
                value=value,
            )
        ) from exc


def _sources(path: Path, value: object) -> tuple[Source, ...]:
    items = value if isinstance(value, list) else []
    sources = tuple(
        Source(str(i["claim"]), str(i["source"]))
        for i in items
        if isinstance(i, dict) and i.get("claim") and i.get("source")
    )
    if not sources or len(sources) != len(items):
        raise KitContentError(
            say(
                "{path}: each entry of sources needs a claim and a source",
                "{path} : chaque entrée de sources demande un claim et une source",
                path=path,
            )
        )
    return sources


def load_ui_words(folder: Path, language: str) -> dict[str, str]:
    """Return the mini-site, leaflet and audio words of ``language`` from ``ui/<language>.yaml``.

    Raises
    ------
    KitContentError
        If the file is missing or lacks a word the English file has.
    """
    english = _yaml_mapping(folder / "ui" / "en.yaml")
    words = _yaml_mapping(folder / "ui" / f"{language}.yaml")
    missing = sorted(set(english) - set(words))
    if missing:
        raise KitContentError(
            say(
                "{path}: missing {keys}",
                "{path} : il manque {keys}",
                path=folder / "ui" / f"{language}.yaml",
                keys=", ".join(missing),
            )
        )
    return {k: str(v) for k, v in words.items()}


def load_regions(folder: Path) -> dict[str, dict[str, str]]:
    """Return ``{region id: {language: name}}`` from ``regions.yaml``."""
    regions = _yaml_mapping(folder / "regions.yaml")
    return {str(k): {str(lang): str(n) for lang, n in v.items()} for k, v in regions.items()}


def _yaml_mapping(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise KitContentError(
            say("{path}: file not found", "{path} : fichier introuvable", path=path)
        )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise KitContentError(
            say(
                "{path}: expected 'key: value' lines",
                "{path} : lignes « clé: valeur » attendues",
                path=path,
            )
        )
    return data
