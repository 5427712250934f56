"""Which GCM objectives the programme has evidence for: objectives × indicators × activities.

An objective *has evidence* when an indicator of the project's catalogues names it among its
frameworks (``GCM-3``); it has *activities without evidence* when only declared activities
serve it; *neither* otherwise. The catalogues are the built-in ``gender_migration`` catalogue
plus the project's own (``[catalogue]`` in ``safemig.toml``) when it names another.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from safemig.assess.model import Activity
from safemig.i18n import Text
from safemig.indicators import Catalogue, Indicator, builtin_catalogue

OBJECTIVES = tuple(range(1, 24))
STATES = ("evidence", "activities_only", "neither")
STATE_WORDS = {
    "evidence": Text("Evidence", "Données probantes"),
    "activities_only": Text("Activities without evidence", "Activités sans données probantes"),
    "neither": Text("Neither", "Ni l'un ni l'autre"),
}
DEFAULT_CATALOGUE = "gender_migration"


@dataclass(frozen=True)
class CoverageRow:
    """One GCM objective: the indicators that evidence it and the activities that serve it."""

    objective: int
    indicators: tuple[Indicator, ...]
    activities: tuple[Activity, ...]

    @property
    def state(self) -> str:
        """``evidence``, ``activities_only`` or ``neither``."""
        if self.indicators:
            return "evidence"
        return "activities_only" if self.activities else "neither"


@dataclass(frozen=True)
class CoverageMatrix:
    """The 23 GCM objectives against the project's indicators and activities."""

    rows: tuple[CoverageRow, ...]
    catalogues: tuple[str, ...]

    def row(self, objective: int) -> CoverageRow:
        """The row of one objective (1–23)."""
        return self.rows[objective - 1]

    def objectives(self, state: str) -> tuple[int, ...]:
        """The objectives in ``state`` (see :data:`STATES`)."""
        return tuple(r.objective for r in self.rows if r.state == state)

    def links(self, objective: int, indicator_id: str) -> bool:
        """Whether an indicator evidences an objective (a cell of the matrix)."""
        return any(i.id == indicator_id for i in self.row(objective).indicators)


def coverage_matrix(
    catalogues: tuple[Catalogue, ...] | list[Catalogue], activities: tuple[Activity, ...]
) -> CoverageMatrix:
    """Build the matrix from catalogues (indicators in their order, each once) and activities."""
    indicators: dict[str, Indicator] = {}
    for catalogue in catalogues:
        for indicator in catalogue.indicators:
            indicators.setdefault(indicator.id, indicator)
    rows = tuple(
        CoverageRow(
            n,
            tuple(i for i in indicators.values() if f"GCM-{n}" in i.frameworks),
            tuple(a for a in activities if n in a.objectives),
        )
        for n in OBJECTIVES
    )
    return CoverageMatrix(rows, tuple(c.name for c in catalogues))


def project_catalogues(project_root: str | Path | None) -> tuple[Catalogue, ...]:
    """The built-in catalogue, plus the project's own when ``safemig.toml`` names another.

    Raises
    ------
    ProjectError, CatalogueError
        When the project's settings or its catalogue file are malformed.
    """
    builtin = builtin_catalogue(DEFAULT_CATALOGUE)
    if project_root is None:
        return (builtin,)
    from safemig.project import load_project

    settings = load_project(project_root).catalogue
    if settings.path is None and settings.builtin in (None, DEFAULT_CATALOGUE):
        return (builtin,)
    return (builtin, settings.load())
