"""Calibrated designs in the engine: weights from SQL aggregates, residualised variances.

When a :class:`~safemig.Design` carries a :class:`~safemig.weights.Calibration`, the engine

1. sums the base weights by *pattern* (distinct values of the calibration variables) in one
   SQL aggregation, and solves the calibration in NumPy (:mod:`safemig.weights.solve`);
2. writes the calibrated weight back as an SQL expression of the row's values (a product of
   CASEs for post-stratification and raking, ``w * F(x'lambda)`` for GREG), materialising the
   source with the new weight column (and calibrated replicate columns for replicate designs,
   calibrated each with its own weights, as R does);
3. for linearised variances, residualises the influence values on the calibration variables
   as R ``svyrecvar`` does with a design's ``postStrata``. Residualising is linear, so the PSU
   totals of the residuals are ``E - C A'``: ``E`` the PSU totals the engine already has,
   ``A`` PSU sums of per-row columns ``a_k`` (one SQL aggregation), and ``C`` coefficients from
   per-domain sums of ``b_k * (y - estimate * x)`` (one GROUPING SETS aggregation).

Every PSU then carries a residual, also those without members of the domain, exactly as a
subset of a calibrated design in R keeps all its rows (``[.survey.design2`` sets their weight
to zero, it does not drop them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pyarrow as pa
from sqlglot import exp

from safemig.design import Design
from safemig.errors import (
    MarginError,
    MissingWeightError,
    NegativeWeightError,
)
from safemig.estimate.arrays import as_numpy
from safemig.estimate.backends import Backend
from safemig.estimate.checks import (
    CALIBRATED_WEIGHT,
    DesignSummary,
    require_columns,
    require_numeric,
)
from safemig.estimate.compiler import (
    SOURCE,
    H,
    Layout,
    P,
    S,
    Slots,
    domain_condition,
    grouping_projection,
    grouping_sets,
    prepared,
)
from safemig.estimate.domains import DomainIndex
from safemig.estimate.measures import Measure
from safemig.estimate.rollup import Units
from safemig.estimate.sqlparts import alias, as_double, col, is_null, mul, total, when
from safemig.estimate.taylor import (
    Estimates,
    Moments,
    match_rows,
    residuals,
    stage1_index,
    stage2_multiplier,
    stage_contributions,
    sum_psus,
    sum_strata,
)
from safemig.i18n import Text
from safemig.weights.solve import Factor, Patterns, Solution, solve
from safemig.weights.spec import Calibration

UNCALIBRATED = "__uncalibrated"
CAL_WEIGHT = CALIBRATED_WEIGHT
RESIDUAL_A = "__cal_a"  # materialised a_k columns: __cal_a0, __cal_a1, ...
RESIDUAL_B = "__cal_b"
_ONE = exp.Literal.number(1)


def number(value: float) -> exp.Expr:
    """A double literal that reads back as the same double on every dialect."""
    literal = exp.Literal.number(repr(abs(float(value))))
    node: exp.Expr = as_double(literal)
    return exp.Neg(this=node) if value < 0 else node


def level_text(variable: str) -> exp.Expr:
    return exp.Cast(this=col(variable), to=exp.DataType(this=exp.DataType.Type.VARCHAR))


def case_of(variable: str, levels: Sequence[str], values: Sequence[float]) -> exp.Expr:
    """``CASE CAST(variable AS VARCHAR) WHEN level THEN value ... END``."""
    return exp.Case(
        ifs=[
            exp.If(
                this=exp.EQ(this=level_text(variable), expression=exp.Literal.string(level)),
                true=number(value),
            )
            for level, value in zip(levels, values, strict=True)
        ],
        default=number(0.0),
    )


@dataclass(frozen=True)
class CalibratedDesign:
    """The design to estimate with (weights now the calibrated column) and what its
    linearised variance needs (``None`` for replicate designs: their replicates are
    calibrated instead)."""

    design: Design
    solution: Solution
    residualiser: SqlResidualiser | None


def calibrate_source(
    engine: Backend, design: Design, source: str, residual_columns: bool = True
) -> CalibratedDesign:
    """Calibrate ``design`` on relation ``source`` and materialise it as the engine's source.

    With ``residual_columns`` (linearised designs), the residualiser's per-row ``a_k`` and
    ``b_k`` are materialised beside the calibrated weight, so that the queries reading them
    name a column instead of repeating a product of CASEs (DuckDB took milliseconds per
    kilobyte of SQL to plan them: about a tenth of a 1,320-respondent catalogue call).

    Raises
    ------
    MarginError
        A level in the data is missing from its margin (or the reverse, with a population
        count), or a calibration variable has missing values.
    ConvergenceError
        Raking or bounded calibration did not converge.
    """
    cal = design.calibration
    assert cal is not None
    kinds = engine.column_kinds(source)
    _check_columns(kinds, design, cal)
    _check_base_weights(engine, design, source)
    table = engine.execute(pattern_query(design, cal, source))
    patterns = read_patterns(table, design, cal)
    solution = solve(cal, patterns, patterns.weight)
    g_sql = [factor_sql(cal, solution.factor)]
    reps = design.replicates
    if reps is not None:
        sweeps = solution.iterations if cal.method == "rake" else None
        for r in range(len(reps.columns)):
            weight = _column(table, f"__rw{r}")
            g_sql.append(factor_sql(cal, solve(cal, patterns, weight, sweeps).factor))
    projections: list[exp.Expr] = [
        exp.Star(),
        alias(mul(as_double(col(design.weights)), g_sql[0]), CAL_WEIGHT),
    ]
    new_reps = None
    if reps is not None:
        names = tuple(f"{CAL_WEIGHT}_r{r}" for r in range(len(reps.columns)))
        projections += [
            alias(mul(as_double(col(c)), g), name)
            for c, g, name in zip(reps.columns, g_sql[1:], names, strict=True)
        ]
        new_reps = replace(reps, columns=names)
    query = exp.select(*projections).from_(source, copy=False)
    residualiser = None if reps is not None else SqlResidualiser(cal, solution, design.weights)
    if residualiser is not None and residual_columns:
        # a_k names the calibrated weight, so the columns go one level above it.
        a_cols, b_cols = residualiser.columns()
        named = [alias(a, f"{RESIDUAL_A}{k}") for k, a in enumerate(a_cols)]
        named += [alias(b, f"{RESIDUAL_B}{k}") for k, b in enumerate(b_cols)]
        query = exp.select(exp.Star(), *named).from_(query.subquery("calibrated"), copy=False)
        residualiser.read_columns(len(a_cols), len(b_cols))
    engine.materialize(SOURCE, query)
    calibrated = replace(design, weights=CAL_WEIGHT, calibration=None, replicates=new_reps)
    return CalibratedDesign(calibrated, solution, residualiser)


def _check_columns(kinds: dict[str, str], design: Design, cal: Calibration) -> None:
    require_columns(kinds, [design.weights], "weights")
    require_numeric(kinds, design.weights, "weights")
    require_columns(kinds, cal.variables(), "calibration")
    for name, _ in cal.numeric:
        require_numeric(kinds, name, "calibration")


def _check_base_weights(engine: Backend, design: Design, source: str) -> None:
    w = col(design.weights)
    row = engine.execute(
        exp.select(
            alias(total(when(is_null(w), _ONE)), "null"),
            alias(
                total(when(exp.LT(this=w.copy(), expression=exp.Literal.number(0)), _ONE)), "neg"
            ),
        ).from_(source, copy=False)
    ).to_pylist()[0]
    if row["null"]:
        raise MissingWeightError(
            Text(
                f"Weight column {design.weights!r} has {int(row['null'])} missing value(s); "
                "base weights must be complete before calibration.",
                f"La colonne de poids {design.weights!r} a {int(row['null'])} valeur(s) "
                "manquante(s) ; les poids de base doivent être complets avant le calage.",
            )
        )
    if row["neg"]:
        raise NegativeWeightError(
            Text(
                f"Weight column {design.weights!r} has {int(row['neg'])} negative value(s).",
                f"La colonne de poids {design.weights!r} a {int(row['neg'])} valeur(s) "
                "négative(s).",
            )
        )


def pattern_query(design: Design, cal: Calibration, source: str) -> exp.Select:
    """Base weights (and replicate weights) and row counts summed by distinct calibration
    values: one row per combination of levels (numeric variables keep their values)."""
    keys = [level_text(m.variable) for m in cal.margins]
    keys += [as_double(col(v)) for v, _ in cal.numeric]
    names = [f"__k{i}" for i in range(len(cal.margins))]
    names += [f"__x{i}" for i in range(len(cal.numeric))]
    values = {"__w0": as_double(col(design.weights)), "__n": as_double(_ONE)}
    if design.replicates is not None:
        for r, c in enumerate(design.replicates.columns):
            values[f"__rw{r}"] = as_double(col(c))
    inner = exp.select(
        *(alias(k, n) for k, n in zip(keys, names, strict=True)),
        *(alias(v, n) for n, v in values.items()),
    ).from_(source, copy=False)
    return (
        exp.select(*(col(n) for n in names), *(alias(total(col(n)), n) for n in values))
        .from_(inner.subquery("calibration_rows"), copy=False)
        .group_by(*(col(n) for n in names), copy=False)
    )


def read_patterns(table: pa.Table, design: Design, cal: Calibration) -> Patterns:
    """Check the data's levels against the margins and number them."""
    n = table.num_rows
    codes = np.zeros((n, len(cal.margins)), dtype=np.int64)
    for i, margin in enumerate(cal.margins):
        found = table.column(f"__k{i}").to_pylist()
        weight = _column(table, "__w0")
        _check_levels(margin, found, _column(table, "__n"))
        lookup = {level: j for j, level in enumerate(margin.levels)}
        codes[:, i] = [lookup[str(v)] for v in found]
        observed = np.bincount(codes[:, i], weight, minlength=len(margin.levels))
        for j, level in enumerate(margin.levels):
            if margin.totals[j] > 0 and observed[j] <= 0:
                _absent(margin, level)
    values = (
        np.column_stack([_column(table, f"__x{i}") for i in range(len(cal.numeric))])
        if cal.numeric
        else np.zeros((n, 0))
    )
    for i, (name, _) in enumerate(cal.numeric):
        missing = np.isnan(values[:, i])
        if missing.any():
            raise MarginError(
                Text(
                    f"Calibration variable {name!r} has missing values in "
                    f"{int(_column(table, '__n')[missing].sum())} row(s); calibration needs "
                    "every row's value.",
                    f"La variable de calage {name!r} a des valeurs manquantes dans "
                    f"{int(_column(table, '__n')[missing].sum())} ligne(s) ; le calage demande "
                    "la valeur de chaque ligne.",
                )
            )
    return Patterns(codes, values, _column(table, "__w0"), _column(table, "__n"))


def _check_levels(margin, found: list[object], count: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    known = set(margin.levels)
    where = f" ({margin.source})" if margin.source else ""
    for value, rows in zip(found, count, strict=True):
        if value is None:
            raise MarginError(
                Text(
                    f"Calibration variable {margin.variable!r} is missing in {int(rows)} "
                    "row(s); every row needs a level to be calibrated.",
                    f"La variable de calage {margin.variable!r} est manquante dans "
                    f"{int(rows)} ligne(s) ; chaque ligne doit avoir une modalité pour le calage.",
                )
            )
        if str(value) not in known:
            raise MarginError(
                Text(
                    f"Level {value!r} of {margin.variable!r} ({int(rows)} row(s) in the data) "
                    f"is not in its margin{where}, which lists "
                    f"{', '.join(repr(v) for v in margin.levels)}. Add its population count.",
                    f"La modalité {value!r} de {margin.variable!r} ({int(rows)} ligne(s) dans "
                    f"les données) n'est pas dans sa marge{where}, qui donne "
                    f"{', '.join(repr(v) for v in margin.levels)}. Ajoutez son effectif.",
                )
            )


def _absent(margin, level: str) -> None:  # type: ignore[no-untyped-def]
    where = f" ({margin.source})" if margin.source else ""
    raise MarginError(
        Text(
            f"Level {level!r} of {margin.variable!r} has a population count in its margin{where} "
            "but no respondent with a positive weight in the data: nobody can carry its "
            "weight. Merge it with a neighbouring level in the margin and the data.",
            f"La modalité {level!r} de {margin.variable!r} a un effectif dans sa marge{where} "
            "mais aucune répondante de poids positif dans les données : personne ne peut "
            "porter son poids. Regroupez-la avec une modalité voisine, dans la marge et dans "
            "les données.",
        )
    )


def _column(table: pa.Table, name: str) -> np.ndarray:
    return as_numpy(table.column(name), float)


# --- the calibrated weight and the model columns as SQL -------------------------------------


def model_columns(cal: Calibration) -> list[exp.Expr]:
    """The columns of :func:`safemig.weights.solve.model_matrix` as SQL expressions."""
    columns: list[exp.Expr] = []
    size = cal.population_size
    if size is not None:
        columns.append(number(1.0))
    for m, margin in enumerate(cal.margins):
        skip = 1 if size is not None else (0 if m == 0 else 1)
        for level in margin.levels[skip:]:
            columns.append(indicator(margin.variable, level))
    columns += [as_double(col(v)) for v, _ in cal.numeric]
    return columns


def indicator(variable: str, level: str) -> exp.Expr:
    return when(
        exp.EQ(this=level_text(variable), expression=exp.Literal.string(level)), number(1.0)
    )


def levels_product(cal: Calibration, levels: Sequence[np.ndarray]) -> exp.Expr:
    factors = [
        case_of(m.variable, m.levels, [float(v) for v in f])
        for m, f in zip(cal.margins, levels, strict=True)
    ]
    return mul(*factors)


def factor_sql(cal: Calibration, factor: Factor) -> exp.Expr:
    """g = calibrated / base weight as an SQL expression of the row's values."""
    if factor.levels is not None:
        return exp.Paren(this=levels_product(cal, factor.levels))
    assert factor.coef is not None
    terms = [mul(number(float(c)), x) for c, x in zip(factor.coef, model_columns(cal), strict=True)]
    u: exp.Expr = terms[0]
    for t in terms[1:]:
        u = exp.Add(this=u, expression=t)
    g = _calfun_sql(factor.calfun, exp.Paren(this=u), factor.bounds)
    if factor.trim is not None:
        low, high = factor.trim
        g = exp.Case(
            ifs=[
                exp.If(this=exp.LT(this=g.copy(), expression=number(low)), true=number(low)),
                exp.If(this=exp.GT(this=g.copy(), expression=number(high)), true=number(high)),
            ],
            default=exp.Add(this=g.copy(), expression=number(factor.spread)),
        )
    return exp.Paren(this=g)


def _calfun_sql(name: str, u: exp.Expr, bounds: tuple[float, float]) -> exp.Expr:
    low, high = bounds
    if name == "logit":
        # g = L + (U - L) / (1 + exp(-(A u + c))), as safemig.weights.solve.calfun
        A = (high - low) / ((high - 1) * (1 - low))
        shift = math.log((1 - low) / (high - 1))
        inner = exp.Add(this=mul(number(A), u), expression=number(shift))
        den = exp.Add(
            this=number(1.0), expression=exp.Exp(this=exp.Neg(this=exp.Paren(this=inner)))
        )
        return exp.Add(
            this=number(low),
            expression=exp.Div(this=number(high - low), expression=exp.Paren(this=den)),
        )
    g: exp.Expr = exp.Exp(this=u) if name == "raking" else exp.Add(this=number(1.0), expression=u)
    if math.isfinite(low):
        g = exp.Greatest(this=g, expressions=[number(low)])
    if math.isfinite(high):
        g = exp.Least(this=g, expressions=[number(high)])
    return g


# --- the linearised variance of a calibrated design -----------------------------------------


@dataclass
class SqlResidualiser:
    """Residualises a measure's PSU totals on the calibration (R ``svyrecvar`` postStrata)."""

    calibration: Calibration
    solution: Solution
    base_weight: str
    _psu: pa.Table | None = None
    _A: np.ndarray | None = None
    _stratum: np.ndarray | None = None
    _sums: pa.Table | None = None
    _sum_dom: np.ndarray | None = None
    _sum_rows: np.ndarray | None = None
    _pattern_b: np.ndarray | None = None
    _columns: tuple[list[exp.Expr], list[exp.Expr]] | None = None
    _matched: dict[tuple[int, int], tuple[pa.Table, np.ndarray]] = field(default_factory=dict)
    _ssu: pa.Table | None = None
    _A2: np.ndarray | None = None
    _psu_of_ssu: np.ndarray | None = None

    def columns(self) -> tuple[list[exp.Expr], list[exp.Expr]]:
        """Per-row ``a_k`` (times the calibrated weight) and ``b_k`` as SQL (fresh nodes; built
        once per design: the CASE products take SQLGlot tens of milliseconds to copy)."""
        a_cols, b_cols = self._column_sql()
        return [a.copy() for a in a_cols], [b.copy() for b in b_cols]

    def read_columns(self, a_width: int, b_width: int) -> None:
        """Name the materialised ``a_k`` and ``b_k`` columns from now on (see
        :func:`calibrate_source`)."""
        self._columns = (
            [col(f"{RESIDUAL_A}{k}") for k in range(a_width)],
            [col(f"{RESIDUAL_B}{k}") for k in range(b_width)],
        )

    def width(self) -> int:
        """How many ``b_k`` columns there are, without copying them."""
        return len(self._column_sql()[1])

    def _column_sql(self) -> tuple[list[exp.Expr], list[exp.Expr]]:
        if self._columns is None:
            self._columns = self._build_columns()
        return self._columns

    def _build_columns(self) -> tuple[list[exp.Expr], list[exp.Expr]]:
        cal, res = self.calibration, self.solution.residualiser
        w, w0 = col(CAL_WEIGHT), as_double(col(self.base_weight))
        if res.kind == "greg":
            basis = (
                [indicator(cal.margins[0].variable, lv) for lv in cal.margins[0].levels]
                if cal.method == "poststratify"
                else model_columns(cal)
            )
            return [mul(w, m) for m in basis], [mul(w0, m) for m in basis]
        final = self.solution.factor.levels
        assert final is not None
        a_cols, b_cols = [], []
        for j, margin in enumerate(cal.margins):
            ratio = [after / last for after, last in zip(res.after[j], final, strict=True)]
            r_sql = levels_product(cal, ratio)
            inverse = levels_product(cal, [1.0 / r for r in ratio])
            for level in margin.levels:
                ind = indicator(margin.variable, level)
                a_cols.append(mul(w, r_sql, ind))
                b_cols.append(mul(inverse, ind))
        return a_cols, b_cols

    def prepare_units(self, engine: Backend, layout: Layout, summary: DesignSummary) -> None:
        """PSU (and secondary-unit) sums of ``a_k``, over every row: one aggregation per stage,
        run once however many measures and quantiles use them."""
        if self._psu is not None:
            return
        a_cols, _ = self.columns()
        base = prepared(layout).subquery("prepared")
        psu_query = (
            exp.select(col(H), col(P), *(alias(total(a), f"__a{k}") for k, a in enumerate(a_cols)))
            .from_(base, copy=False)
            .group_by(col(H), col(P), copy=False)
        )
        self._psu = engine.execute(psu_query)
        self._A = np.column_stack([_column(self._psu, f"__a{k}") for k in range(len(a_cols))])
        self._stratum = stage1_index(self._psu, summary.stage1)
        if layout.has_ssu and summary.stage2 is not None:
            # The second stage takes the same residuals, summed by secondary unit.
            ssu_query = (
                exp.select(
                    col(H),
                    col(P),
                    col(S),
                    *(alias(total(a), f"__a{k}") for k, a in enumerate(a_cols)),
                )
                .from_(prepared(layout).subquery("prepared"), copy=False)
                .group_by(col(H), col(P), col(S), copy=False)
            )
            self._ssu = engine.execute(ssu_query)
            self._A2 = np.column_stack([_column(self._ssu, f"__a{k}") for k in range(len(a_cols))])
            self._psu_of_ssu = match_rows(self._ssu, summary.stage2.keys, [H, P])

    def prepare(
        self,
        engine: Backend,
        layout: Layout,
        measures: Sequence[Measure],
        domains: DomainIndex,
        summary: DesignSummary,
    ) -> None:
        """Run the aggregations: PSU sums of ``a_k``; domain sums of ``b_k y``, ``b_k x``.

        Every ``b_k`` is a row factor (1, or the base weight for GREG) times a number that
        depends only on the row's calibration levels (its *pattern*), so the domain sums are
        read as sums of ``y`` and ``x`` per combination of disaggregation values and pattern
        (two sums per measure), rolled up to every domain and weighted by pattern in NumPy.
        One ``CASE`` product per ``b_k`` and measure in SQL cost seconds of parsing and
        binding at 80 measures (the 1,320-respondent catalogue). Numeric calibration
        variables vary within a pattern: ``b_k`` is summed in SQL then.
        """
        self.prepare_units(engine, layout, summary)
        factor = self._row_factor()
        base = prepared(layout).subquery("prepared")
        if factor is None:
            b_cols = self.columns()[1]
            sums: list[exp.Expr] = []
            for m in measures:
                d = domain_condition(layout, m)
                for k, b in enumerate(b_cols):
                    sums.append(alias(total(when(d, mul(b, m.y))), f"{m.key}_b{k}_v"))
                    sums.append(alias(total(when(d, mul(b, m.x))), f"{m.key}_b{k}_u"))
            query = exp.select(*grouping_projection(layout), *sums).from_(base, copy=False)
            if layout.by_columns:
                query.set("group", grouping_sets(layout, ()))
            self._sums = engine.execute(query)
            self._sum_dom = domains.assign(self._sums, register=False)
            self._sum_rows = np.flatnonzero(self._sum_dom >= 0)
            self._sum_dom = self._sum_dom[self._sum_rows]
            return
        # One row per combination of the disaggregation columns and the pattern (a single
        # GROUP BY: GROUPING SETS took DuckDB twice as long), rolled up to every cut here.
        keys: list[exp.Expr] = [col(c) for c in layout.by_columns]
        keys += [level_text(m.variable) for m in self.calibration.margins]
        pattern = [alias(k.copy(), f"__k{i}") for i, k in enumerate(keys[len(layout.by_columns) :])]
        sums = []
        for m in measures:
            d = domain_condition(layout, m)
            y, x = (m.y, m.x) if factor is _ONE else (mul(factor, m.y), mul(factor, m.x))
            sums.append(alias(total(when(d, y)), f"{m.key}_pv"))
            sums.append(alias(total(when(d, x)), f"{m.key}_pu"))
        query = (
            exp.select(*(col(c) for c in layout.by_columns), *pattern, *sums)
            .from_(base, copy=False)
            .group_by(*keys, copy=False)
        )
        self._sums = engine.execute(query)
        rows, doms = [], []
        for cut in range(len(domains.cuts)):
            dom = domains.members(self._sums, cut, register=False)
            inside = np.flatnonzero(dom >= 0)
            rows.append(inside)
            doms.append(dom[inside])
        self._sum_rows = np.concatenate(rows)
        self._sum_dom = np.concatenate(doms)
        self._pattern_b = self._b_of_patterns(self._sums)

    def _row_factor(self) -> exp.Expr | None:
        """The row factor of every ``b_k`` (``_ONE`` for raking), or ``None`` when ``b_k``
        also depends on a numeric calibration variable."""
        if self.calibration.numeric:
            return None
        if self.solution.residualiser.kind == "greg":
            return as_double(col(self.base_weight))
        return _ONE

    def _b_of_patterns(self, table: pa.Table) -> np.ndarray:
        """``b_k`` without its row factor (rows x K) for the pattern (``__k<i>`` columns, the
        levels as text) of every row of ``table``: the numbers :meth:`columns` writes as SQL,
        multiplied in the same order; a level outside its margin gives 0 as there."""
        cal, res = self.calibration, self.solution.residualiser
        codes = []
        for i, margin in enumerate(cal.margins):
            lookup = {level: j for j, level in enumerate(margin.levels)}
            found = table.column(f"__k{i}").to_pylist()
            codes.append(np.array([lookup.get(v, -1) for v in found], dtype=np.int64))

        def case_of_codes(i: int, values: Sequence[float]) -> np.ndarray:
            padded = np.append(np.asarray(values, dtype=float), 0.0)  # -1: the CASE default
            return padded[codes[i]]

        def indicator_of(i: int, level: int) -> np.ndarray:
            return np.where(codes[i] == level, 1.0, 0.0)

        columns: list[np.ndarray] = []
        if res.kind == "greg":
            size = cal.population_size
            if cal.method == "poststratify":
                basis = [indicator_of(0, j) for j in range(len(cal.margins[0].levels))]
            else:
                basis = [np.ones(table.num_rows)] if size is not None else []
                for i, margin in enumerate(cal.margins):
                    skip = 1 if size is not None else (0 if i == 0 else 1)
                    basis += [indicator_of(i, j) for j in range(skip, len(margin.levels))]
            columns = basis
        else:
            final = self.solution.factor.levels
            assert final is not None
            for j, margin in enumerate(cal.margins):
                ratio = [after / last for after, last in zip(res.after[j], final, strict=True)]
                inverse = case_of_codes(0, [float(v) for v in 1.0 / ratio[0]])
                for i in range(1, len(cal.margins)):
                    inverse = inverse * case_of_codes(i, [float(v) for v in 1.0 / ratio[i]])
                for level in range(len(margin.levels)):
                    columns.append(inverse * indicator_of(j, level))
        return np.column_stack(columns) if columns else np.zeros((table.num_rows, 0))

    def variance(
        self,
        m: Measure,
        coef: Estimates,
        units: Units,
        unit_dom: np.ndarray,
        n_domains: int,
        summary: DesignSummary,
        design: Design,
        slots: Slots,
        stage2: tuple[Units, np.ndarray] | None = None,
    ) -> np.ndarray:
        """Linearised variance per domain of one measure, residualised (``slots`` names the
        unit table's column of each of the measure's sums).

        With fpc at both stages, ``stage2`` gives the secondary-unit table and its domains:
        R ``svyrecvar`` residualises each row's influence value once, then takes the full
        multistage variance of the residuals, so the second stage adds, within every PSU,
        the variance of its secondary units' residual totals times ``n_h / N_h``.
        """
        e = residuals(
            m,
            units.column(slots.name(m, "v")),
            units.column(slots.name(m, "u")),
            coef.estimate,
            unit_dom,
        )
        second = None
        if stage2 is not None and summary.stage2 is not None:
            units2, dom2 = stage2
            e2 = residuals(
                m,
                units2.column(slots.name(m, "v")),
                units2.column(slots.name(m, "u")),
                coef.estimate,
                dom2,
            )
            second = (e2, units2.keys, dom2)
        sums = self._domain_sums(m, coef, n_domains)
        return self.residual_variance(
            e, units.keys, unit_dom, sums, coef, n_domains, summary, design, second
        )

    def residual_variance(
        self,
        e: np.ndarray,
        unit_keys: pa.Table,
        unit_dom: np.ndarray,
        sums: np.ndarray,
        coef: Estimates,
        n_domains: int,
        summary: DesignSummary,
        design: Design,
        stage2: tuple[np.ndarray, pa.Table, np.ndarray] | None = None,
    ) -> np.ndarray:
        """Linearised variance per domain from unit residual totals ``e = V - estimate * U``
        (one per domain and PSU: ``unit_keys`` holds each one's stratum and PSU, ``unit_dom``
        its domain) and the domain sums ``sums`` (D x K) of ``b_k * (y - estimate * x)``.

        ``stage2`` gives the same per (domain, secondary unit), with the units' keys, when
        the design has fpc at both stages. Any statistic whose influence value is
        ``a * w * (y - estimate * x)`` fits: the engine's measures, and the share at or below
        a quantile (Woodruff interval).
        """
        assert self._A is not None and self._stratum is not None and self._psu is not None
        D = n_domains
        psu_of_unit = self._match(unit_keys, self._psu, [H, P])
        C = self.solution.residualiser.coefficients(sums)
        stage1 = summary.stage1
        variance = self._stage_variance(
            _group_moments(e, unit_dom, psu_of_unit, self._A, self._stratum, len(stage1.n), C, D),
            coef,
            stage1.n,
            stage1.fraction_unsampled,
            design,
        )
        if stage2 is None or summary.stage2 is None:
            return variance
        assert self._ssu is not None and self._A2 is not None and self._psu_of_ssu is not None
        e2, keys2, dom2 = stage2
        info = summary.stage2
        ssu_of_unit = self._match(keys2, self._ssu, [H, P, S])
        moments = _group_moments(
            e2, dom2, ssu_of_unit, self._A2, self._psu_of_ssu, len(info.n), C, D
        )
        multiplier = np.tile(stage2_multiplier(stage1, info), D)
        return variance + self._stage_variance(
            moments, coef, info.n, info.fraction_unsampled, design, multiplier
        )

    def _match(self, keys: pa.Table, units: pa.Table, names: list[str]) -> np.ndarray:
        """:func:`match_rows`, once per unit table: every measure of a block shares its
        table of unit keys, and each match is an Arrow join."""
        found = self._matched.get((id(keys), id(units)))
        if found is not None and found[0] is keys:
            return found[1]
        if len(self._matched) >= 64:
            self._matched.clear()
        rows = match_rows(keys, units, names)
        self._matched[(id(keys), id(units))] = (keys, rows)
        return rows

    def _domain_sums(self, m: Measure, coef: Estimates, n_domains: int) -> np.ndarray:
        """Per domain, the sums of ``b_k`` times the residual (D x K)."""
        assert self._A is not None and self._sums is not None
        assert self._sum_dom is not None and self._sum_rows is not None
        S_ = np.zeros((n_domains, self._A.shape[1]))
        dom, rows = self._sum_dom, self._sum_rows
        if self._pattern_b is None:  # one row per domain
            for k in range(S_.shape[1]):
                v = _column(self._sums, f"{m.key}_b{k}_v")[rows]
                u = _column(self._sums, f"{m.key}_b{k}_u")[rows]
                r = residuals(m, v, u, coef.estimate, dom)
                S_[:, k] = np.bincount(dom, r, minlength=n_domains)
            return S_
        # Rows are (domain, pattern) cells: b_k is the pattern's number times the sums.
        present = np.bincount(dom, minlength=n_domains) > 0
        b = self._pattern_b[rows]
        totals = []
        for name in (f"{m.key}_pv", f"{m.key}_pu"):
            values = _column(self._sums, name)[rows]
            known = ~np.isnan(values)
            # SQL's SUM over a domain is NULL only when all its rows are: then every
            # cell's sum is NULL.
            empty = present & (np.bincount(dom, known, minlength=n_domains) == 0)
            t = np.column_stack(
                [
                    np.bincount(dom, b[:, k] * np.where(known, values, 0.0), n_domains)
                    for k in range(b.shape[1])
                ]
            )
            t[empty] = np.nan
            totals.append(t)
        every = np.arange(n_domains)
        for k in range(S_.shape[1]):
            r = residuals(m, totals[0][:, k], totals[1][:, k], coef.estimate, every)
            S_[:, k] = np.where(present, r, 0.0)
        return S_

    @staticmethod
    def _stage_variance(
        moments: tuple[np.ndarray, np.ndarray],
        coef: Estimates,
        n: np.ndarray,
        f: np.ndarray,
        design: Design,
        multiplier: np.ndarray | None = None,
    ) -> np.ndarray:
        """One stage's variance from per (domain, group) residual sums and squares: every
        group (stratum, or PSU at stage 2) holds residuals of every domain."""
        se, see = moments
        D, n_groups = se.shape
        gdom = np.repeat(np.arange(D), n_groups)
        gidx = np.tile(np.arange(n_groups), D)
        n_g = n[gidx].astype(float)
        mom = Moments(se.ravel(), see.ravel(), n_g, n_g)
        contribution, keep = stage_contributions(mom, coef, gdom, n_g, f[gidx], design)
        if multiplier is None:
            return sum_strata(contribution, keep, gdom, D)
        return sum_psus(contribution * multiplier, keep, gdom, D)


def _group_moments(
    e: np.ndarray,
    unit_dom: np.ndarray,
    unit_row: np.ndarray,
    A: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    C: np.ndarray,
    n_domains: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Per domain and group: sum and sum of squares of the unit residuals ``E - C A'``.

    ``A`` holds one row of ``a_k`` sums per unit (PSU, or secondary unit), ``group`` each
    unit's group (stratum, or PSU); ``unit_row`` maps the rows of ``e`` to rows of ``A``.
    Every unit carries a residual in every domain, so the unit x domain matrix is dense; it
    is formed a block of domains at a time (about 160 MB at most), units sorted by group so
    that each group's sums are one ``reduceat``.
    """
    n_units = A.shape[0]
    order = np.argsort(group, kind="stable")
    position = np.empty(n_units, dtype=np.int64)
    position[order] = np.arange(n_units)
    sorted_groups = group[order]
    starts = np.flatnonzero(np.r_[True, np.diff(sorted_groups) != 0])
    present = sorted_groups[starts]
    A_sorted = A[order]
    se = np.zeros((n_domains, n_groups))
    see = np.zeros((n_domains, n_groups))
    block = max(1, int(2e7 // max(n_units, 1)))
    for first in range(0, n_domains, block):
        last = min(first + block, n_domains)
        rows = (unit_dom >= first) & (unit_dom < last)
        E = np.zeros((last - first, n_units))
        np.add.at(E, (unit_dom[rows] - first, position[unit_row[rows]]), e[rows])
        R = E - C[first:last] @ A_sorted.T
        se[first:last, present] = np.add.reduceat(R, starts, axis=1)
        see[first:last, present] = np.add.reduceat(R * R, starts, axis=1)
    return se, see
