"""Key findings for the policy brief: the largest gaps between groups of one breakdown that
are statistically significant under the survey design.

For two groups ``a`` and ``b`` of one breakdown, the gap ``d = p_a - p_b`` has standard error
``sqrt(se_a² + se_b²)`` when the two estimates are independent, and ``d / se`` is referred to
Student's t with ``min(df_a, df_b)`` design degrees of freedom (a conservative choice; the
two-sample t of Kish, *Survey Sampling*, 1965, §14.1). Independence holds exactly when the
groups are strata, sampled independently (here: regions); for other breakdowns the groups
share sampling units and the covariance is ignored, because the results table does not carry
it — the brief's method note says so. Each comparison's p-value is adjusted for the number of
comparisons made with Holm's step-down method (Holm 1979), and only gaps below the 5% level
after adjustment are kept. Only shares published without a caution flag take part.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from safemig.products.folder import ResultsFolder
from safemig.products.sections import indicator_sections

LEVEL = 0.05


@dataclass(frozen=True)
class Gap:
    """A gap between two groups of one breakdown, in the table's units (shares)."""

    indicator: str
    disaggregation: str
    high: dict[str, Any]
    low: dict[str, Any]
    difference: float
    se: float
    df: float
    p_value: float
    p_adjusted: float = 1.0

    @property
    def interval(self) -> tuple[float, float]:
        """The 95% confidence interval of the gap (not adjusted for multiplicity)."""
        from scipy import stats

        half = float(stats.t.ppf(0.975, self.df)) * self.se
        return self.difference - half, self.difference + half


def candidate_gaps(folder: ResultsFolder) -> list[Gap]:
    """Every pair of published groups of one one-way breakdown of a single-answer share."""
    gaps: list[Gap] = []
    for section in indicator_sections(folder):
        indicator = section.indicator
        if indicator.statistic != "proportion" or len(indicator.levels) != 1:
            continue
        for name in folder.disaggregations:
            rows = [r for r in section.rows if r["disaggregation"] == name and _usable(r)]
            gaps.extend(_gap(indicator.id, name, a, b) for a, b in combinations(rows, 2))
    return gaps


def significant_gaps(folder: ResultsFolder, limit: int = 5) -> list[Gap]:
    """The largest significant gap of each indicator, largest first, at most ``limit``."""
    tested = holm(candidate_gaps(folder))
    best: dict[str, Gap] = {}
    for gap in tested:
        if gap.p_adjusted < LEVEL and (
            gap.indicator not in best or gap.difference > best[gap.indicator].difference
        ):
            best[gap.indicator] = gap
    return sorted(best.values(), key=lambda g: -g.difference)[:limit]


def holm(gaps: list[Gap]) -> list[Gap]:
    """The gaps with Holm-adjusted p-values (monotone step-down, capped at 1)."""
    order = sorted(range(len(gaps)), key=lambda i: gaps[i].p_value)
    adjusted = [1.0] * len(gaps)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(gaps) - rank) * gaps[i].p_value))
        adjusted[i] = running
    return [_with_adjusted(g, p) for g, p in zip(gaps, adjusted, strict=True)]


def independent_groups(folder: ResultsFolder, disaggregation: str) -> bool:
    """True when the groups of ``disaggregation`` are the design's strata."""
    strata = folder.run["design"].get("strata")
    return bool(strata) and folder.catalogue.disaggregation(disaggregation).column == strata


def _usable(row: dict[str, Any]) -> bool:
    return (
        row["status"] == "published"
        and row["estimate"] is not None
        and row["se"] is not None
        and row["se"] > 0  # a share of exactly 0 or 1 has no sampling spread to test against
        and row["df"] is not None
        and row["df"] > 0
    )


def _gap(indicator: str, name: str, a: dict[str, Any], b: dict[str, Any]) -> Gap:
    from scipy import stats

    high, low = (a, b) if a["estimate"] >= b["estimate"] else (b, a)
    difference = high["estimate"] - low["estimate"]
    se = math.hypot(high["se"], low["se"])
    df = float(min(high["df"], low["df"]))
    p = float(2 * stats.t.sf(difference / se, df))
    return Gap(indicator, name, high, low, difference, se, df, p)


def _with_adjusted(gap: Gap, adjusted: float) -> Gap:
    from dataclasses import replace

    return replace(gap, p_adjusted=adjusted)
