"""Codes as files a coder can open in Excel: one coding sheet per coder and one file of
suggestions that an analyst accepts or rejects.

``voices/codes/<coder>.csv``: one row per unit the coder read, with the columns ``unit``,
``themes`` (theme ids separated by ``;``; empty means "read, no theme"), and optionally
``text`` and ``note``, which are not read. ``safemig voices sheet --coder NAME`` writes a sheet
with every unit and an empty ``themes`` column to fill in.

``voices/suggestions.csv``: ``unit, theme, method, score, evidence, decision, decided_by,
decided_at, text``; ``decision`` is empty (to review), ``accepted`` or ``rejected``. Making the
suggestions again keeps every decision already taken.

The codes used for counting and estimation are every coder's codes together with the
accepted suggestions.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from safemig.errors import CodingFileError
from safemig.i18n import Text
from safemig.voices.codebook import Codebook
from safemig.voices.sources import Unit

DECISIONS = ("", "accepted", "rejected")
SUGGESTION_COLUMNS = (
    "unit",
    "theme",
    "method",
    "score",
    "evidence",
    "decision",
    "decided_by",
    "decided_at",
    "text",
)


@dataclass(frozen=True)
class Suggestion:
    """A theme proposed for a unit by a keyword rule or by sentence similarity."""

    unit: str
    theme: str
    method: str  # "keyword" or "embedding"
    score: float
    evidence: str
    decision: str = ""
    decided_by: str = ""
    decided_at: str = ""
    text: str = ""


def read_codes(
    path: str | Path, units: Mapping[str, Unit], codebook: Codebook
) -> dict[str, frozenset[str]]:
    """One coder's codes: for every unit she read, the set of its themes.

    Raises
    ------
    CodingFileError
        When a row names an unknown unit or theme, or a unit twice (file, row, column).
    """
    path = Path(path)
    rows = _rows(path, ("unit", "themes"))
    known = set(codebook.ids())
    codes: dict[str, frozenset[str]] = {}
    for number, row in rows:
        unit = (row.get("unit") or "").strip()
        if unit not in units:
            _bad(
                path,
                number,
                "unit",
                f"{unit!r} is not a unit of this project",
                f"{unit!r} n'est pas une unité de ce projet",
            )
        if unit in codes:
            _bad(path, number, "unit", f"{unit!r} is coded twice", f"{unit!r} est codée deux fois")
        themes = frozenset(t.strip() for t in (row.get("themes") or "").split(";") if t.strip())
        for theme in sorted(themes - known):
            _bad(
                path,
                number,
                "themes",
                f"{theme!r} is not a theme of the codebook ({', '.join(codebook.ids())})",
                f"{theme!r} n'est pas un thème de la grille ({', '.join(codebook.ids())})",
            )
        codes[unit] = themes
    return codes


def write_sheet(
    path: str | Path, units: Iterable[Unit], codes: Mapping[str, frozenset[str]] | None = None
) -> int:
    """Write a coding sheet: every unit, its text, and its themes if already coded."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit", "themes", "text", "note"])
        for unit in units:
            themes = ";".join(sorted((codes or {}).get(unit.id, ())))
            writer.writerow([unit.id, themes, unit.text, ""])
            written += 1
    return written


def read_suggestions(path: str | Path, codebook: Codebook) -> list[Suggestion]:
    """The suggestions file, decisions included (empty when the file does not exist yet).

    Raises
    ------
    CodingFileError
        When a decision is not accepted/rejected/empty or a theme is unknown.
    """
    path = Path(path)
    if not path.exists():
        return []
    known = set(codebook.ids())
    found = []
    for number, row in _rows(path, ("unit", "theme", "decision")):
        decision = (row.get("decision") or "").strip().lower()
        if decision not in DECISIONS:
            _bad(
                path,
                number,
                "decision",
                f"{decision!r} must be empty, accepted or rejected",
                f"{decision!r} doit être vide, accepted (acceptée) ou rejected (rejetée)",
            )
        theme = (row.get("theme") or "").strip()
        if theme not in known:
            _bad(
                path,
                number,
                "theme",
                f"{theme!r} is not a theme of the codebook",
                f"{theme!r} n'est pas un thème de la grille",
            )
        try:
            score = float(row.get("score") or 0)
        except ValueError:
            _bad(path, number, "score", "is not a number", "n'est pas un nombre")
        found.append(
            Suggestion(
                unit=(row.get("unit") or "").strip(),
                theme=theme,
                method=(row.get("method") or "").strip(),
                score=score,
                evidence=row.get("evidence") or "",
                decision=decision,
                decided_by=(row.get("decided_by") or "").strip(),
                decided_at=(row.get("decided_at") or "").strip(),
                text=row.get("text") or "",
            )
        )
    return found


def write_suggestions(path: str | Path, suggestions: Sequence[Suggestion]) -> None:
    """Write the suggestions file (sorted by unit, then theme)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SUGGESTION_COLUMNS)
        for s in sorted(suggestions, key=lambda s: (s.unit, s.theme)):
            writer.writerow(
                [
                    s.unit,
                    s.theme,
                    s.method,
                    f"{s.score:.3f}",
                    s.evidence,
                    s.decision,
                    s.decided_by,
                    s.decided_at,
                    s.text,
                ]
            )


def merge_suggestions(
    fresh: Sequence[Suggestion], earlier: Sequence[Suggestion]
) -> list[Suggestion]:
    """New suggestions, keeping the decision already taken on the same unit and theme, and
    keeping decided suggestions the new rules no longer make (a decision is never lost)."""
    decided = {(s.unit, s.theme): s for s in earlier if s.decision}
    merged = []
    for s in fresh:
        old = decided.pop((s.unit, s.theme), None)
        merged.append(
            replace(s, decision=old.decision, decided_by=old.decided_by, decided_at=old.decided_at)
            if old
            else s
        )
    return merged + list(decided.values())


def decide(
    suggestions: Sequence[Suggestion],
    unit: str,
    theme: str,
    decision: str,
    by: str,
    at: datetime | None = None,
) -> list[Suggestion]:
    """Record an analyst's decision on one suggestion.

    Raises
    ------
    CodingFileError
        When there is no such suggestion, the decision is unknown or ``by`` is empty.
    """
    if decision not in ("accepted", "rejected") or not by.strip():
        raise CodingFileError(
            Text(
                "A decision is 'accepted' or 'rejected' and names who took it.",
                "Une décision est 'accepted' (acceptée) ou 'rejected' (rejetée) et nomme qui "
                "l'a prise.",
            )
        )
    when = (at or datetime.now(UTC)).isoformat(timespec="seconds")
    out, found = [], False
    for s in suggestions:
        if s.unit == unit and s.theme == theme:
            s, found = replace(s, decision=decision, decided_by=by.strip(), decided_at=when), True
        out.append(s)
    if not found:
        raise CodingFileError(
            Text(
                f"No suggestion of theme {theme!r} for unit {unit!r}.",
                f"Aucune suggestion du thème {theme!r} pour l'unité {unit!r}.",
            )
        )
    return out


def final_codes(
    coders: Iterable[Mapping[str, frozenset[str]]], suggestions: Iterable[Suggestion]
) -> dict[str, frozenset[str]]:
    """Every coder's codes and the accepted suggestions, together, by unit."""
    merged: dict[str, set[str]] = {}
    for codes in coders:
        for unit, themes in codes.items():
            merged.setdefault(unit, set()).update(themes)
    for s in suggestions:
        if s.decision == "accepted":
            merged.setdefault(s.unit, set()).add(s.theme)
    return {unit: frozenset(themes) for unit, themes in merged.items()}


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            rows = [(number, row) for number, row in enumerate(reader, start=2)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CodingFileError(
            Text(
                f"{path}: cannot be read as a UTF-8 CSV file ({exc}).",
                f"{path} : illisible comme fichier CSV UTF-8 ({exc}).",
            )
        ) from exc
    for column in required:
        if column not in header:
            raise CodingFileError(
                Text(
                    f"{path}: no column {column!r} (columns: {', '.join(header)}).",
                    f"{path} : pas de colonne {column!r} (colonnes : {', '.join(header)}).",
                )
            )
    return rows


def _bad(path: Path, row: int, column: str, en: str, fr: str) -> None:
    raise CodingFileError(
        Text(
            f"{path}, row {row}, column {column!r}: {en}.",
            f"{path}, ligne {row}, colonne {column!r} : {fr}.",
        )
    )
