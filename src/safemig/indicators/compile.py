"""Compile a catalogue into as few estimation requests as possible, and run them.

The whole catalogue becomes ONE :class:`safemig.estimate.Request` (one ``estimate()`` call,
a few grouped scans, whatever the number of indicators and disaggregations). Catalogue
variables, disaggregation expressions and indicator values are derived columns of that
request; they name the catalogue variables they use, and the engine computes each variable
once, before the expressions that name it. An indicator's universe is folded into its value
(``CASE WHEN universe THEN value END`` with ``na="drop"``): a respondent outside the universe
is left out of that statistic's domain but kept in the design, which is exactly what a
``where`` subpopulation does (R ``subset()``), so indicators with different universes share
the scans. Each proportion also carries an unweighted numerator count (a
:class:`~safemig.estimate.request.Count` of a flag set where the respondent gives the counted
answer: one count per domain, no weighted sums), so disclosure control can use either count
basis without another scan.

>>> from safemig.indicators.catalogue import builtin_catalogue
>>> plan = compile_catalogue(builtin_catalogue("gender_migration"))
>>> len(plan.groups)
1
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from safemig.estimate.request import (
    Count,
    Mean,
    Proportion,
    Quantile,
    Ratio,
    Request,
    Statistic,
    Total,
)
from safemig.indicators.catalogue import Catalogue, Indicator


@dataclass(frozen=True)
class Member:
    """Where one indicator's numbers sit in its group's results."""

    indicator: Indicator
    variable: str  # the engine's ``variable`` of the main statistic
    counts: tuple[tuple[str, str], ...]  # (level, count variable) for proportions
    cuts: tuple[tuple[str, ...], ...]  # the engine columns of each published cut


@dataclass(frozen=True)
class Group:
    """Indicators estimated together: one request, one ``estimate()`` call."""

    request: Request
    members: tuple[Member, ...]


@dataclass(frozen=True)
class CompiledCatalogue:
    """A catalogue ready to estimate: its groups and the column of each disaggregation."""

    catalogue: Catalogue
    groups: tuple[Group, ...]
    columns: dict[str, str]  # disaggregation name -> engine column


@functools.lru_cache(maxsize=8)
def compile_catalogue(catalogue: Catalogue) -> CompiledCatalogue:
    """One request covering every indicator x disaggregation of the catalogue.

    Cached (a catalogue is a frozen value, and so is its compilation): a pipeline estimates
    the same catalogue again for each run, and compiling it parses every expression.
    """
    variables = dict(catalogue.variables)
    columns, derive = _disaggregation_columns(catalogue)
    group = _group(list(catalogue.indicators), variables, columns, derive)
    return CompiledCatalogue(catalogue, (group,), columns)


def _group(
    indicators: list[Indicator],
    variables: dict[str, str],
    columns: dict[str, str],
    derive: list[tuple[str, str]],
) -> Group:
    statistics: list[Statistic] = []
    members: list[Member] = []
    own: list[tuple[str, str]] = []
    for indicator in indicators:
        statistic, values, counts = _statistic(indicator)
        statistics.append(statistic)
        own.extend(values)
        statistics.extend(Count(name) for _, name in counts)
        # A proportion's counts test its value column's SQL (``values[0]``), already expanded.
        own.extend((name, _count_flag(values[0][0], level)) for level, name in counts)
        cuts = tuple(tuple(columns[p] for p in d.split("+")) for d in indicator.disaggregations)
        members.append(Member(indicator, statistic.variable, counts, cuts))
    by = tuple(dict.fromkeys(cut for m in members for cut in m.cuts))
    request = Request(
        tuple(statistics),
        by=by,
        na="drop",
        derive=tuple(list(variables.items()) + derive + own),
    )
    return Group(request, tuple(members))


def _statistic(
    indicator: Indicator,
) -> tuple[Statistic, list[tuple[str, str]], tuple[tuple[str, str], ...]]:
    """The engine statistic, the derived columns it reads, and its numerator counts."""
    name = f"__v_{indicator.id}"
    if indicator.statistic == "ratio":
        num, den = f"__n_{indicator.id}", f"__d_{indicator.id}"
        pairs = [
            (num, _in_universe(indicator, indicator.numerator or "")),
            (den, _in_universe(indicator, indicator.denominator or "")),
        ]
        return Ratio(num, den), pairs, ()
    value = [(name, _in_universe(indicator, indicator.expression or ""))]
    if indicator.statistic == "proportion":
        counts = tuple((lv, f"__c{i}_{indicator.id}") for i, lv in enumerate(indicator.levels))
        return Proportion(name, levels=indicator.levels), value, counts
    if indicator.statistic == "quantile":
        return Quantile(name, indicator.p or 0.5), value, ()
    return (Mean(name) if indicator.statistic == "mean" else Total(name)), value, ()


def _in_universe(indicator: Indicator, text: str) -> str:
    """The value inside the indicator's universe, NULL (left out, kept in the design) outside.

    Catalogue variables are named, not written out: the engine computes each derived
    variable once, before the expressions that use it
    (:func:`safemig.estimate.derive.derived_query`).
    """
    if indicator.universe is None:
        return text
    return f"CASE WHEN ({indicator.universe}) THEN ({text}) END"


def _count_flag(value: str, level: str) -> str:
    """1 where the respondent gives the counted answer (in column ``value``), NULL
    elsewhere (so ``n`` counts)."""
    literal = level.replace("'", "''")
    quoted = value.replace('"', '""')
    return f"CASE WHEN CAST(\"{quoted}\" AS VARCHAR) = '{literal}' THEN 1 END"


def _disaggregation_columns(
    catalogue: Catalogue,
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    columns: dict[str, str] = {}
    derive: list[tuple[str, str]] = []
    for d in catalogue.disaggregations:
        if d.column is not None:
            columns[d.name] = d.column
        else:
            columns[d.name] = f"__by_{d.name}"
            derive.append((columns[d.name], d.expression or ""))
    return columns, derive
