"""Compile a request into SQL aggregations (SQLGlot ASTs), once for every backend.

The variance of every domain comes from a handful of grouped sums, so a request with many
statistics and many disaggregations scans the data once per query below, whatever the number
of domains:

``cells``
    the rows summed over the finest cell (stratum, PSU, every disaggregation column): per
    measure, the weighted values ``v = sum(w*y)``, ``u = sum(w*x)`` over the rows of its
    domain, and counts (each distinct sum once, see :class:`Slots`). A small table, so that
    the GROUPING SETS which follow touch few rows.
``units``
    cell sums rolled up to PSU totals for every domain of every cut (GROUPING SETS). The
    engine sums the cells to these totals in NumPy, a block of columns at a time
    (:mod:`safemig.estimate.rollup`); the query states the same totals in SQL and is the
    reference the rollup is tested against.

Without PSUs each row is its own PSU, so squares are taken at the row level and ``units`` is
skipped. The domain a row belongs to never filters the data: rows outside a domain carry zero,
exactly as R ``survey`` keeps the full design for a subset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlglot import exp

from safemig.design import Design
from safemig.estimate.backends import ROW_ID
from safemig.estimate.measures import Measure
from safemig.estimate.sqlparts import (
    alias,
    as_double,
    col,
    mul,
    paren_and,
    total,
    when,
)

SOURCE = "src"
CELLS = "cells"  # the materialised cell table every later query reads
ROWS = "__rows"  # the cell table's row count
H, P, S, W = "__h", "__p", "__s", "__w"
LINEAR = ("v", "u", "c", "z", "yy")
RATIO_EXTRA = ("ws", "xy", "xx")
# Counts are summed as DOUBLE: integer sums widen to 128-bit integers in DuckDB, which cost
# time in every aggregation and convert slowly to NumPy.
ONE_DOUBLE = as_double(exp.Literal.number(1))
UNSTRATIFIED = "(all)"  # the single stratum of an unstratified design


@dataclass(frozen=True)
class Layout:
    """How a design and a request map onto internal column names."""

    design: Design
    cuts: tuple[tuple[str, ...], ...]
    by_columns: tuple[str, ...]
    universe: exp.Expr | None
    where_text: str = ""
    #: What the checks' scan found in the data (:func:`safemig.estimate.checks.learn_facts`):
    #: the domain conditions (SQL text) that hold on every row, and whether no weight is
    #: zero. The cell sums then skip the per-row ``CASE`` and share the sums that coincide.
    everywhere: frozenset[str] = frozenset()
    weights_nonzero: bool = False

    @property
    def has_psu(self) -> bool:
        return bool(self.design.psu)

    @property
    def has_ssu(self) -> bool:
        return self.design.two_stage_variance

    def design_keys(self) -> list[str]:
        keys = [H, P]
        if self.has_ssu:
            keys.append(S)
        return keys

    def grouping_flags(self) -> list[str]:
        return [f"__g{i}" for i in range(len(self.by_columns))]


def domain_condition(layout: Layout, m: Measure) -> exp.Expr:
    """Row is in the measure's domain: inside the universe and with a usable value."""
    if layout.universe is None:
        return m.valid
    return paren_and(layout.universe, m.valid)


def prepared(layout: Layout) -> exp.Select:
    """The source with the design columns under internal names (``__w``, ``__h``...)."""
    d = layout.design
    stratum = col(d.strata) if d.strata else exp.Literal.string(UNSTRATIFIED)
    projections: list[exp.Expr] = [
        exp.Star(),
        alias(as_double(col(d.weights)), W),
        alias(stratum, H),
    ]
    # Without PSUs each row is its own PSU (R id=~1): the backend's row id names it.
    unit = col(d.psu[0]) if layout.has_psu else col(ROW_ID)
    projections.append(alias(unit, P))
    if layout.has_ssu:
        projections.append(alias(col(d.psu[1]), S))
    return exp.select(*projections).from_(SOURCE, copy=False)


def measure_columns(layout: Layout, m: Measure, weight: exp.Expr) -> list[exp.Expr]:
    """Per-row linear quantities of one measure under a given weight expression."""
    d = domain_condition(layout, m)
    w = weight
    cols = [
        alias(when(d, mul(w, m.y)), f"{m.key}_v"),
        alias(when(d, mul(w, m.x)), f"{m.key}_u"),
        alias(when(d, ONE_DOUBLE), f"{m.key}_c"),
        alias(
            when(
                exp.and_(
                    exp.Paren(this=d.copy()),
                    exp.NEQ(this=w.copy(), expression=exp.Literal.number(0)),
                ),
                ONE_DOUBLE,
            ),
            f"{m.key}_z",
        ),
        alias(when(d, mul(w, m.y, m.y)), f"{m.key}_yy"),
    ]
    if m.is_ratio:
        cols += [
            alias(when(d, w), f"{m.key}_ws"),
            alias(when(d, mul(w, m.x, m.y)), f"{m.key}_xy"),
            alias(when(d, mul(w, m.x, m.x)), f"{m.key}_xx"),
        ]
    return cols


def linear_names(m: Measure) -> list[str]:
    names = [f"{m.key}_{s}" for s in LINEAR]
    if m.is_ratio:
        names += [f"{m.key}_{s}" for s in RATIO_EXTRA]
    return names


@dataclass(frozen=True)
class Slots:
    """Which cell column holds each measure's linear sum (``v``, ``u``, ``c``...).

    Measures often share sums: every level of a proportion has the same domain, so the same
    sum of weights ``u`` and counts ``c`` and ``z``; a 0/1 level has ``sum(w*y*y)`` equal to
    ``sum(w*y)``. Each distinct sum is computed once (a catalogue of proportions has about half
    the columns it would otherwise), and ``name`` maps a measure's sum to its column.
    """

    columns: dict[str, Callable[[], exp.Expr]]  # cell column -> builds its aggregate
    names: dict[tuple[str, str], str]  # (measure key, sum) -> cell column

    def name(self, m: Measure, part: str) -> str:
        return self.names[(m.key, part)]


_last_plan: list[tuple[Layout, tuple[Measure, ...], Slots]] = []


def plan_slots(layout: Layout, measures: Sequence[Measure]) -> Slots:
    """The distinct sums ``measures`` need, each as one aggregate over ``prepared`` rows.

    Rows outside the domain add zero; ``COALESCE`` gives a cell whose values are all missing
    a zero sum rather than NULL. One request asks for the
    same plan several times (cells, units, reading the results): the last plan is kept.
    """
    if _last_plan:
        last_layout, last_measures, slots = _last_plan[0]
        same = len(last_measures) == len(measures) and all(
            a is b for a, b in zip(last_measures, measures, strict=True)
        )
        if last_layout is layout and same:
            return slots
    slots = _plan_slots(layout, measures)
    _last_plan[:] = [(layout, tuple(measures), slots)]
    return slots


def _plan_slots(layout: Layout, measures: Sequence[Measure]) -> Slots:
    w = col(W)
    columns: dict[str, Callable[[], exp.Expr]] = {}
    names: dict[tuple[str, str], str] = {}
    known: dict[str, str] = {}

    def slot(m: Measure, part: str, fingerprint: str, build) -> None:  # type: ignore[no-untyped-def]
        name = known.get(fingerprint)
        if name is None:
            name = known[fingerprint] = f"{m.key}_{part}"
            columns[name] = build
        names[(m.key, part)] = name

    for m in measures:
        d = domain_condition(layout, m)
        domain = d.sql()
        # A domain holding on every row needs no CASE per row (nor COALESCE: a cell has rows,
        # and the checks found no missing value), and its count is the cell's row count.
        everywhere = domain in layout.everywhere
        if everywhere:
            domain = "TRUE"
        x = m.x.sql()

        def summed(*factors: exp.Expr, d: exp.Expr = d, everywhere: bool = everywhere) -> exp.Expr:
            if everywhere:
                return total(mul(*factors))
            # ELSE 0, not NULL: DuckDB sums a column without NULLs faster (the 1M-row
            # catalogue's cell table: 4.9-5.3 -> 4.0-4.3 CPU s), and the sum is the same.
            inside = when(d, mul(*factors))
            return exp.Coalesce(this=total(inside), expressions=[exp.Literal.number(0)])

        def counted(condition: exp.Expr) -> exp.Expr:
            hit = exp.Case(ifs=[exp.If(this=condition, true=exp.Literal.number(1))])
            return as_double(exp.Count(this=hit))

        def count(m: Measure = m, d: exp.Expr = d, everywhere: bool = everywhere) -> None:
            if everywhere:
                names[(m.key, "c")] = ROWS
            else:
                slot(m, "c", f"c {d.sql()}", lambda d=d: counted(d.copy()))

        if m.is_count:
            count()
            continue
        nonzero = exp.NEQ(this=w.copy(), expression=exp.Literal.number(0))
        slot(m, "v", f"v {domain} {m.y.sql()} {x}", lambda m=m, s=summed: s(w, m.y))
        slot(m, "u", f"u {domain} {x}", lambda m=m, s=summed: s(w, m.x))
        count()
        if layout.weights_nonzero:
            names[(m.key, "z")] = names[(m.key, "c")]
        else:
            slot(
                m,
                "z",
                f"z {domain}",
                lambda d=d, nz=nonzero: counted(exp.and_(exp.Paren(this=d.copy()), nz)),
            )
        if m.binary and x == "1":
            names[(m.key, "yy")] = names[(m.key, "v")]
        else:
            slot(m, "yy", f"yy {domain} {m.y.sql()}", lambda m=m, s=summed: s(w, m.y, m.y))
        if m.is_ratio:
            # sum(w) over the domain: the same sum as a mean's u in that domain (w * 1).
            slot(m, "ws", f"u {domain} 1", lambda s=summed: s(w))
            slot(m, "xy", f"xy {domain} {x} {m.y.sql()}", lambda m=m, s=summed: s(w, m.x, m.y))
            slot(m, "xx", f"xx {domain} {x}", lambda m=m, s=summed: s(w, m.x, m.x))
    return Slots(columns, names)


def fpc_columns(layout: Layout) -> list[str]:
    return [f"__fpc{i + 1}" for i in range(len(layout.design.fpc))]


def cells_query(
    layout: Layout,
    measures: Sequence[Measure],
    extra: Sequence[tuple[str, exp.Expr]] = (),
) -> exp.Select:
    """Sum the prepared rows over the finest cells (stratum, PSU, [SSU], disaggregations).

    The cells also carry the row count and the fpc range, so that the design summary
    (PSUs per stratum, nesting, fpc) is read from this small table, not from the data, and
    any ``extra`` ``(name, aggregate)`` columns.
    """
    keys = [col(k) for k in layout.design_keys()] + [col(c) for c in layout.by_columns]
    sums: list[exp.Expr] = [alias(exp.Count(this=exp.Star()), ROWS)]
    for name, f in zip(layout.design.fpc, fpc_columns(layout), strict=True):
        sums += [
            alias(exp.Min(this=as_double(col(name))), f"{f}_min"),
            alias(exp.Max(this=as_double(col(name))), f"{f}_max"),
        ]
    slots = plan_slots(layout, measures)
    sums += [alias(build(), name) for name, build in slots.columns.items()]
    sums += [alias(aggregate, name) for name, aggregate in extra]
    return (
        exp.select(*keys, *sums)
        .from_(prepared(layout).subquery("prepared"), copy=False)
        .group_by(*keys, copy=False)
    )


def grouping_sets(layout: Layout, fixed: Sequence[str]) -> exp.Group:
    """``GROUP BY GROUPING SETS ((fixed..., cut...), ...)`` for every cut."""
    sets = [
        exp.Tuple(expressions=[col(k) for k in fixed] + [col(c) for c in cut])
        for cut in _distinct_sets(layout.cuts)
    ]
    return exp.Group(expressions=[exp.GroupingSets(expressions=sets)])


def grouping_projection(layout: Layout) -> list[exp.Expr]:
    flags = [
        alias(exp.Anonymous(this="GROUPING", expressions=[col(c)]), g)
        for c, g in zip(layout.by_columns, layout.grouping_flags(), strict=True)
    ]
    return flags + [col(c) for c in layout.by_columns]


def strata_query(layout: Layout, measures: Sequence[Measure]) -> exp.Select:
    """Per domain and PSU: totals of every measure's sums (stage 1)."""
    return units_query(layout, measures, (H, P))


def stage2_query(layout: Layout, measures: Sequence[Measure]) -> exp.Select:
    """Per domain and second-stage unit: totals of the sums (two-stage fpc designs)."""
    return units_query(layout, measures, (H, P, S))


def units_query(layout: Layout, measures: Sequence[Measure], unit: tuple[str, ...]) -> exp.Select:
    """Cell sums rolled up to sampling-unit totals for every domain of every cut.

    One GROUPING SETS aggregation over the cell table: a row per (cut, domain, unit) where
    the domain has members. The residuals and their squares are formed from these totals
    (see :mod:`safemig.estimate.taylor`); the table is small (units x domains present),
    whatever the number of respondents.
    """
    slots = plan_slots(layout, measures)
    names = [*slots.columns, *([ROWS] if ROWS in slots.names.values() else [])]
    sums = [alias(total(col(n)), n) for n in names]
    query = exp.select(*grouping_projection(layout), *(col(k) for k in unit), *sums).from_(
        CELLS, copy=False
    )
    query.set("group", grouping_sets(layout, unit))
    return query


def replicate_query(layout: Layout, measures: Sequence[Measure]) -> exp.Select:
    """Per domain: full-sample sums and, per replicate, ``sum(w_r*y)`` and ``sum(w_r*x)``."""
    reps = layout.design.replicates
    assert reps is not None
    row_values: list[exp.Expr] = []
    names: list[str] = []
    for m in measures:
        row_values += measure_columns(layout, m, col(W))
        names += linear_names(m)
        d = domain_condition(layout, m)
        for r, rep in enumerate(reps.columns):
            w_r = as_double(col(rep))
            row_values += [
                alias(when(d, mul(w_r, m.y)), f"{m.key}_v_r{r}"),
                alias(when(d, mul(w_r, m.x)), f"{m.key}_u_r{r}"),
            ]
            names += [f"{m.key}_v_r{r}", f"{m.key}_u_r{r}"]
    by = [col(c) for c in layout.by_columns]
    base = exp.select(*by, *row_values).from_(prepared(layout).subquery("prepared"), copy=False)
    cells = (
        exp.select(*by, *(alias(total(col(n)), n) for n in names))
        .from_(base.subquery("base"), copy=False)
        .group_by(*by, copy=False)
        if by
        else None
    )
    source = cells.subquery("cells") if cells is not None else base.subquery("base")
    query = exp.select(
        *grouping_projection(layout), *(alias(total(col(n)), n) for n in names)
    ).from_(source, copy=False)
    if by:
        query.set("group", grouping_sets(layout, ()))
        order = [col(g) for g in layout.grouping_flags()] + by
        query = query.order_by(*order, copy=False)
    return query


def replicate_pattern_query(layout: Layout, measures: Sequence[Measure]) -> exp.Select:
    """Distinct rows of replicate factors ``w_r / w`` with disaggregation keys and validity,
    each with ``__scale2``, the sum of ``w^2`` over the rows that share it.

    R computes a replicate design's degrees of freedom as the rank that its pivoted QR finds
    in the domain's replicate weights, minus one. That rank depends only on the cross
    products of the weight columns, so the distinct factor patterns (few: one per PSU for
    jackknife, BRR and bootstrap weights), each scaled by the square root of its ``w^2`` sum,
    stand for the full matrix (see :func:`safemig.estimate.replicate.replicate_df`). A row
    with zero weight keeps its replicate weights as its factors and counts 1.
    """
    reps = layout.design.replicates
    assert reps is not None
    w = col(W)
    nonzero = exp.NEQ(this=w, expression=exp.Literal.number(0))
    factors = [
        alias(
            exp.Round(
                this=exp.Case(
                    ifs=[
                        exp.If(
                            this=nonzero.copy(),
                            true=exp.Div(this=as_double(col(rep)), expression=w.copy()),
                        )
                    ],
                    default=as_double(col(rep)),
                ),
                decimals=exp.Literal.number(9),
            ),
            f"__f{r}",
        )
        for r, rep in enumerate(reps.columns)
    ]
    flags = [
        alias(when(domain_condition(layout, m), exp.Literal.number(1)), f"{m.key}_in")
        for m in measures
    ]
    square = alias(
        exp.Case(
            ifs=[exp.If(this=nonzero.copy(), true=mul(w.copy(), w.copy()))], default=ONE_DOUBLE
        ),
        "__w2",
    )
    inner = exp.select(*(col(c) for c in layout.by_columns), *flags, *factors, square).from_(
        prepared(layout).subquery("prepared"), copy=False
    )
    keys = [
        *layout.by_columns,
        *(f"{m.key}_in" for m in measures),
        *(f"__f{r}" for r in range(len(reps.columns))),
    ]
    return (
        exp.select(*(col(k) for k in keys), alias(total(col("__w2")), "__scale2"))
        .from_(inner.subquery("patterns"), copy=False)
        .group_by(*(col(k) for k in keys), copy=False)
    )


def _distinct_sets(cuts: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    seen: list[frozenset[str]] = []
    out: list[tuple[str, ...]] = []
    for cut in cuts:
        key = frozenset(cut)
        if key not in seen:
            seen.append(key)
            out.append(cut)
    return out
