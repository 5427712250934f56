"""Typed, strict reading of ``safemig.toml``: every error names the file, section, key and why.

:class:`TomlReader` wraps the parsed file. Each section is read through :meth:`TomlReader.table`,
which refuses keys the section does not know (a misspelt ``lonely_pus`` must not silently
fall back to a default), and each value through a typed getter that says, in English and
French, what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from safemig.errors import ProjectError
from safemig.i18n import Text

#: The sections a project file may hold, and the keys each knows.
SECTIONS: dict[str, tuple[str, ...]] = {
    "project": ("name", "name_fr", "languages", "form"),
    "ingest": ("secret", "keep_raw_identifiers", "area_question", "date_formats"),
    "checks": ("min_minutes", "max_minutes", "targets"),
    "sources": ("path", "encoding", "delimiter", "form", "private_key"),
    "design": (
        "weights",
        "strata",
        "psu",
        "fpc",
        "lonely_psu",
        "domain_lonely",
        "nest",
        "replicates",
    ),
    "design.replicates": ("columns", "pattern", "type", "scale", "rscales", "mse"),
    "weights": (
        "final",
        "probabilities",
        "frame",
        "nonresponse_classes",
        "respondent",
        "calibration",
    ),
    "weights.calibration": (
        "method",
        "margins",
        "totals",
        "bounds",
        "trim",
        "maxit",
        "epsilon",
        "report",
    ),
    "catalogue": ("builtin", "path", "disaggregations"),
    "disclosure": (
        "preset",
        "basis",
        "name",
        "min_count",
        "caution_count",
        "cv_suppress",
        "cv_caution",
        "symbol_suppressed",
        "symbol_caution",
        "symbol_secondary",
    ),
    "outputs": ("folder", "languages", "formats"),
    "voices": ("folder", "codebook", "open_answers", "embeddings"),
}

_KIND_NAMES = {
    str: ("text in quotes", "un texte entre guillemets"),
    int: ("a whole number", "un nombre entier"),
    float: ("a number", "un nombre"),
    list: ("a list in brackets", "une liste entre crochets"),
    dict: ("a table", "une table"),
}


class TomlReader:
    """Typed access to the parsed ``safemig.toml`` at ``path``."""

    def __init__(self, data: dict[str, Any], path: Path) -> None:
        self.data, self.path = data, path
        unknown = [name for name in data if name not in SECTIONS or "." in name]
        if unknown:
            self.fail(
                unknown[0],
                "",
                Text(
                    "is not a section safemig knows; sections are "
                    + ", ".join(f"[{s}]" for s in SECTIONS if "." not in s),
                    "n'est pas une section connue de safemig ; les sections sont "
                    + ", ".join(f"[{s}]" for s in SECTIONS if "." not in s),
                ),
            )

    def fail(self, section: str, key: str, why: Text) -> NoReturn:
        """Raise the ProjectError for ``[section] key``: what is wrong and what to do."""
        where = f"[{section}] {key}".rstrip()
        raise ProjectError(
            Text(
                f"{self.path}: {where} {why} (see docs/project.md).",
                f"{self.path} : {where} {why.fr} (voir docs/project.md).",
            )
        )

    def table(self, section: str, data: Any = None) -> Table:
        """One section (or one ``[[sources]]`` entry, or a sub-table) with its keys checked."""
        value = self.data.get(section, {}) if data is None else data
        if not isinstance(value, dict):
            self.fail(section, "", _expected(value, dict))
        unknown = [k for k in value if k not in SECTIONS[section]]
        if unknown:
            known = ", ".join(SECTIONS[section])
            self.fail(
                section,
                unknown[0],
                Text(
                    f"is not a setting of this section; it knows {known}",
                    f"n'est pas un réglage de cette section ; elle connaît {known}",
                ),
            )
        return Table(self, section, value)

    def tables(self, section: str) -> list[Table]:
        """The entries of an array of tables such as ``[[sources]]``."""
        value = self.data.get(section, [])
        if not isinstance(value, list):
            self.fail(
                section,
                "",
                Text(
                    f"must be written [[{section}]] (one block per file)",
                    f"s'écrit [[{section}]] (un bloc par fichier)",
                ),
            )
        return [self.table(section, entry) for entry in value]


class Table:
    """One section's keys, read with their expected types."""

    def __init__(self, reader: TomlReader, section: str, data: dict[str, Any]) -> None:
        self.reader, self.section, self.data = reader, section, data

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def fail(self, key: str, why: Text) -> NoReturn:
        """Raise the error for one key of this section."""
        self.reader.fail(self.section, key, why)

    def value(self, key: str, kind: type, default: Any) -> Any:
        """The value of ``key`` (``default`` when absent), checked to be of ``kind``."""
        value = self.data.get(key, default)
        if value is None:
            return None
        ok = isinstance(value, (int, float)) if kind is float else isinstance(value, kind)
        if not ok or isinstance(value, bool):
            self.fail(key, _expected(value, kind))
        return float(value) if kind is float else value

    def text(self, key: str, default: str | None = "") -> Any:
        """A string setting."""
        return self.value(key, str, default)

    def texts(self, key: str, default: Iterable[str] | None = ()) -> Any:
        """A list of strings; a single string is read as a one-item list."""
        value = self.data.get(key, default)
        if value is None:
            return None
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, (list, tuple)) or not all(isinstance(x, str) for x in value):
            self.fail(key, _expected(value, list, " of texts", " de textes"))
        return tuple(value)

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        """A string that must be one of ``choices``."""
        value = self.data.get(key, default)
        if not isinstance(value, str) or value not in choices:
            listed = ", ".join(f'"{c}"' for c in choices)
            shown = _shown(value)
            self.fail(
                key,
                Text(
                    f"= {shown} is not allowed; choose {listed} (in quotes)",
                    f"= {shown} n'est pas permis ; choisissez {listed} (entre guillemets)",
                ),
            )
        return value

    def yes_no(self, key: str, default: str = "no") -> bool:
        """A ``"yes"``/``"no"`` setting (policies are named words, not booleans)."""
        return self.choice(key, ("yes", "no"), default) == "yes"

    def path(self, key: str, root: Path, must_exist: bool = False) -> Path | None:
        """A file path relative to the project folder (``None`` when empty or absent)."""
        value = self.text(key, "")
        if not value:
            return None
        path = (root / value).resolve()
        if must_exist and not path.exists():
            self.fail(
                key,
                Text(
                    f"= {value!r}: no such file or folder ({path})",
                    f"= {value!r} : fichier ou dossier introuvable ({path})",
                ),
            )
        return path


def _expected(value: object, kind: type, suffix: str = "", suffix_fr: str = "") -> Text:
    en, fr = _KIND_NAMES.get(kind, (kind.__name__, kind.__name__))
    shown = _shown(value)
    return Text(
        f"= {shown} has the wrong type: expected {en}{suffix}",
        f"= {shown} n'a pas le bon type : attendu {fr}{suffix_fr}",
    )


def _shown(value: object) -> str:
    """A value as it was written in TOML (``true``, not ``True``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)
