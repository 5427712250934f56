"""Headline indicators: for each GCM objective, the first indicator whose overall figure is
published (the brief's figures and the infographic cards)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from safemig.indicators import Indicator
from safemig.products.folder import ResultsFolder
from safemig.products.sections import by_objective, indicator_sections


@dataclass(frozen=True)
class Headline:
    """One headline figure: the indicator, its overall row and its GCM objective."""

    indicator: Indicator
    row: dict[str, Any]
    objective: int | None


def headlines(folder: ResultsFolder, limit: int = 6) -> list[Headline]:
    """At most ``limit`` headline figures, one per GCM objective, in objective order."""
    chosen = []
    for objective, sections in by_objective(indicator_sections(folder)):
        for section in sections:
            overall = [r for r in section.rows if r["disaggregation"] == ""]
            if len(overall) == 1 and overall[0]["status"] == "published":
                chosen.append(Headline(section.indicator, overall[0], objective))
                break
    return chosen[:limit]
