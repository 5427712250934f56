"""What the dashboard shows: the published results table of a project, looked up by indicator
and breakdown. Nothing here reads the store: only ``results/`` (aggregates that passed
disclosure control), through :func:`safemig.products.folder.read_results_folder`.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Hashable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from safemig.products.cells import Cell, cell_of
from safemig.products.excel import neutralise
from safemig.products.folder import ResultsFolder, read_results_folder
from safemig.products.sections import IndicatorSection, by_objective, indicator_sections

#: Columns of a download; analysts also get the unweighted count and the flag's detail.
PUBLIC_COLUMNS = (
    "indicator",
    "disaggregation",
    "group",
    "level",
    "estimate",
    "ci_low",
    "ci_high",
    "status",
    "flag",
    "reason",
)
ANALYST_COLUMNS = (*PUBLIC_COLUMNS[:7], "se", "cv", "deff", "df", "n", *PUBLIC_COLUMNS[7:])


@dataclass(frozen=True)
class Comparison:
    """Two groups of one breakdown and the design-based test of their difference."""

    a: Cell
    b: Cell
    difference: float
    se: float
    df: float
    p_value: float
    low: float
    high: float
    independent: bool


class Published:
    """The published results of one project, read once."""

    def __init__(self, results: Path) -> None:
        self.folder: ResultsFolder = read_results_folder(results)
        self.sections = {s.indicator.id: s for s in indicator_sections(self.folder)}
        #: Rendered charts by (indicator, breakdown, language), kept as long as these results.
        self.charts: dict[tuple[str, str, str], str] = {}

    def grouped(self, query: str, language: str) -> list[tuple[int | None, list[IndicatorSection]]]:
        """Indicators by GCM objective, keeping those whose title or description match."""
        words = query.casefold().split()
        chosen = [
            s for s in self.sections.values() if all(w in _searchable(s, language) for w in words)
        ]
        return by_objective(chosen)

    def cut_name(self, by: str, by2: str) -> str | None:
        """The table's name for a breakdown (``region+age_group``), or ``None`` when the
        combination is not published."""
        if not by:
            return ""
        if not by2 or by2 == by:
            return by if by in self.folder.disaggregations else None
        names = {r["disaggregation"] for r in self.folder.rows}
        for name in (f"{by}+{by2}", f"{by2}+{by}"):
            if name in names:
                return name
        return None

    def cells(self, indicator: str, cut: str, language: str) -> list[Cell]:
        """The cells of one indicator and breakdown (the overall cell first)."""
        rows = [r for r in self.sections[indicator].rows if r["disaggregation"] in ("", cut)]
        return [cell_of(r, self.folder.catalogue, language) for r in rows]

    def table(self, indicator: str, cut: str, language: str, analyst: bool) -> str:
        """The cells as CSV text (suppressed numbers left empty)."""
        columns = ANALYST_COLUMNS if analyst else PUBLIC_COLUMNS
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        for cell in self.cells(indicator, cut, language):
            writer.writerow([_value(cell, c) for c in columns])
        return out.getvalue()

    def compare(self, indicator: str, cut: str, a: int, b: int, language: str) -> Comparison | None:
        """The difference between the ``a``-th and ``b``-th group of a one-way breakdown,
        or ``None`` when either is not published with a standard error."""
        from scipy import stats

        from safemig.products.findings import independent_groups

        cells = [c for c in self.cells(indicator, cut, language) if c.row["disaggregation"]]
        if not (0 <= a < len(cells) and 0 <= b < len(cells)) or a == b:
            return None
        first, second = cells[a], cells[b]
        if not (_testable(first.row) and _testable(second.row)):
            return None
        difference = first.row["estimate"] - second.row["estimate"]
        se = math.hypot(first.row["se"], second.row["se"])
        df = float(min(first.row["df"], second.row["df"]))
        p = float(2 * stats.t.sf(abs(difference) / se, df))
        half = float(stats.t.ppf(0.975, df)) * se
        independent = "+" not in cut and independent_groups(self.folder, cut)
        return Comparison(
            first, second, difference, se, df, p, difference - half, difference + half, independent
        )


@lru_cache(maxsize=8)
def published(results: Path, stamp: Hashable) -> Published:
    """The published results, read once per version of the folder (``stamp``, see
    :meth:`safemig.web.app.Settings.version`)."""
    return Published(results)


def _searchable(section: IndicatorSection, language: str) -> str:
    indicator = section.indicator
    return " ".join(
        (
            indicator.id,
            indicator.title.in_language(language),
            indicator.description.in_language(language),
            " ".join(indicator.frameworks),
        )
    ).casefold()


def _testable(row: dict[str, Any]) -> bool:
    return (
        row["status"] in ("published", "caution")
        and row["estimate"] is not None
        and bool(row["se"])
        and bool(row["df"])
    )


def _value(cell: Cell, column: str) -> Any:
    row = cell.row
    if column == "group":
        return neutralise(cell.group)
    if column == "reason":
        return neutralise(cell.reason)
    if column == "disaggregation":
        return row["disaggregation"] or "overall"
    if cell.hidden and column in ("estimate", "ci_low", "ci_high", "se", "cv", "deff", "n"):
        return ""
    value = row.get(column)
    if isinstance(value, str):
        return neutralise(value)
    return "" if value is None else value
