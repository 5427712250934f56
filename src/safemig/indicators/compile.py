"""Compile a catalogue into as few estimation requests as possible, and run them.

The whole catalogue becomes ONE :class:`safemig.estimate.Request` (one ``estimate()`` call,
a few grouped scans, whatever the number of indicators and disaggregations). Catalogue
variables, disaggregation expressions and indicator values are derived columns of that
request. An indicator's universe is folded into its value (``CASE WHEN universe THEN value
END`` with ``na="drop"``): a respondent outside the universe is left out of that statistic's
domain but kept in the design, which is exactly what a ``where`` subpopulation does (R
``subset()``), so indicators with different universes share the scans. Each proportion also
carries an unweighted numerator count (a :class:`~safemig.estimate.request.Count` of a flag set
where the respondent gives the counted answer: one count per domain, no weighted sums), so
disclosure control can use either count basis without another scan.

>>> from safemig.indicators.catalogue import builtin_catalogue
>>> plan = compile_catalogue(builtin_catalogue("gender_migration"))
>>> len(plan.groups)
1
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from sqlglot import exp

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
from safemig.estimate.sqlparts import parse_user, remember
from safemig.indicators.catalogue import Catalogue, Indicator

DIALECT = "duckdb"


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
    variables = _expanded_variables(catalogue.variables)
    columns, derive = _disaggregation_columns(catalogue, variables)
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
        statistic, values, counts = _statistic(indicator, variables)
        statistics.append(statistic)
        own.extend(values)
        statistics.extend(Count(name) for _, name in counts)
        # A proportion's counts test its value column's SQL (``values[0]``), already expanded.
        own.extend((name, _count_flag(values[0][1], level)) for level, name in counts)
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
    indicator: Indicator, variables: dict[str, str]
) -> tuple[Statistic, list[tuple[str, str]], tuple[tuple[str, str], ...]]:
    """The engine statistic, the derived columns it reads, and its numerator counts."""
    name = f"__v_{indicator.id}"
    if indicator.statistic == "ratio":
        num, den = f"__n_{indicator.id}", f"__d_{indicator.id}"
        pairs = [
            (num, _in_universe(indicator, indicator.numerator or "", variables)),
            (den, _in_universe(indicator, indicator.denominator or "", variables)),
        ]
        return Ratio(num, den), pairs, ()
    value = [(name, _in_universe(indicator, indicator.expression or "", variables))]
    if indicator.statistic == "proportion":
        counts = tuple((lv, f"__c{i}_{indicator.id}") for i, lv in enumerate(indicator.levels))
        return Proportion(name, levels=indicator.levels), value, counts
    if indicator.statistic == "quantile":
        return Quantile(name, indicator.p or 0.5), value, ()
    return (Mean(name) if indicator.statistic == "mean" else Total(name)), value, ()


def _in_universe(indicator: Indicator, text: str, variables: dict[str, str]) -> str:
    """The value inside the indicator's universe, NULL (left out, kept in the design) outside."""
    value = expand(text, variables)
    if indicator.universe is None:
        return value
    return f"CASE WHEN ({expand(indicator.universe, variables)}) THEN ({value}) END"


def _count_flag(value: str, level: str) -> str:
    """1 where the respondent gives the counted answer, NULL elsewhere (so ``n`` counts)."""
    literal = level.replace("'", "''")
    return f"CASE WHEN CAST(({value}) AS VARCHAR) = '{literal}' THEN 1 END"


def _disaggregation_columns(
    catalogue: Catalogue, variables: dict[str, str]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    columns: dict[str, str] = {}
    derive: list[tuple[str, str]] = []
    for d in catalogue.disaggregations:
        if d.column is not None:
            columns[d.name] = d.column
        else:
            columns[d.name] = f"__by_{d.name}"
            derive.append((columns[d.name], expand(d.expression or "", variables)))
    return columns, derive


def _expanded_variables(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each variable with earlier variables it names written out (one SELECT list cannot
    refer to its own aliases on every backend)."""
    done: dict[str, str] = {}
    for name, text in pairs:
        done[name] = expand(text, done)
    return done


def expand(text: str, variables: dict[str, str]) -> str:
    """``text`` with every bare reference to a catalogue variable replaced by its SQL.

    >>> expand("age_group = '15-24'", {"age_group": "CASE WHEN age < 25 THEN '15-24' END"})
    "(CASE WHEN age < 25 THEN '15-24' END) = '15-24'"
    """
    tree = parse_user(text)

    def swap(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table and node.name in variables:
            return exp.Paren(this=parse_user(variables[node.name]))
        return node

    expanded = tree.transform(swap, copy=False)
    sql = expanded.sql(dialect=DIALECT, copy=False)
    remember(sql, expanded)  # the engine parses this text again when it derives the column
    return sql
