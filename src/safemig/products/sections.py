"""The indicators of a results folder in reading order: grouped by the first GCM objective
each evidences, in catalogue order within an objective."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from safemig.indicators import Indicator
from safemig.products.folder import ResultsFolder
from safemig.products.wording import gcm_objective


@dataclass(frozen=True)
class IndicatorSection:
    """One indicator and its rows of the published table."""

    indicator: Indicator
    rows: tuple[dict[str, Any], ...]
    objective: int | None

    @property
    def chart_rows(self) -> list[dict[str, Any]]:
        """Rows worth a chart: the overall cell and one-way breakdowns (for an indicator
        with several answer categories, the overall cell of each)."""
        several = self.indicator.statistic == "proportion" and len(self.indicator.levels) != 1
        if several:
            return [r for r in self.rows if r["disaggregation"] == ""]
        return [r for r in self.rows if "+" not in r["disaggregation"]]


def indicator_sections(folder: ResultsFolder) -> list[IndicatorSection]:
    """Every catalogue indicator that has rows, in catalogue order."""
    sections = []
    for indicator in folder.catalogue.indicators:
        rows = folder.indicator_rows(indicator.id)
        if rows:
            objective = gcm_objective(indicator.frameworks)
            sections.append(IndicatorSection(indicator, tuple(rows), objective))
    return sections


def by_objective(
    sections: list[IndicatorSection],
) -> list[tuple[int | None, list[IndicatorSection]]]:
    """Sections grouped by GCM objective (ascending), those without one last."""
    groups: dict[int | None, list[IndicatorSection]] = {}
    for section in sections:
        groups.setdefault(section.objective, []).append(section)
    return sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or 0))
