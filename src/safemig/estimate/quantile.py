"""Quantiles with Woodruff intervals, as R ``svyquantile`` (survey >= 4.1) computes by default.

Estimate (``qrule="math"``): sort the domain's values, accumulate the weights; the quantile is
the first value whose cumulative share reaches ``p`` exactly, otherwise the next value. We
reproduce R's arithmetic (cumulative sums in extended precision, the same comparisons, and
R's choice of the second value when even the first exceeds ``p``) because the oracle is R.

Interval (``interval.type="mean"``, Woodruff 1952): estimate the share ``F`` of the domain at
or below the quantile with its design-based standard error, take ``F +/- t * se``, and map
both ends back through the same quantile rule; ``se = width / (2 t)``.

On a calibrated design (R ``postStratify``, ``rake``, ``calibrate``), R's
``woodruffCI`` calls ``svymean(x <= qhat, design)`` on that design, so the share's variance
is a calibrated mean's: its influence values are residualised on the calibration variables
(:class:`safemig.estimate.calibration.SqlResidualiser`), and the quantile and the interval's
ends are read from the calibrated weights. Replicate designs calibrate each replicate instead.

Quantiles need the ordered values of each domain, so rows in the universe are read (one
query per variable) and every domain of a cut is handled at once with sorted segments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
from sqlglot import exp

from safemig.estimate import intervals
from safemig.estimate.arrays import arrow_numbers, as_numpy, dictionary_codes
from safemig.estimate.backends import ROW_ID, Backend
from safemig.estimate.checks import DesignSummary
from safemig.estimate.compiler import SOURCE, H, Layout, P, S, W
from safemig.estimate.compiler import prepared as prepared_source
from safemig.estimate.domains import DomainIndex
from safemig.estimate.numbering import combine_codes, number_codes
from safemig.estimate.replicate import replicate_df, replicate_variance
from safemig.estimate.request import Request
from safemig.estimate.sqlparts import alias, as_double, col, paren_and
from safemig.estimate.taylor import (
    Estimates,
    Groups,
    Moments,
    design_df,
    match_rows,
    stage1_index,
    stage2_multiplier,
    stage_contributions,
    sum_psus,
    sum_strata,
)

if TYPE_CHECKING:
    from safemig.estimate.calibration import SqlResidualiser
    from safemig.estimate.prepare import Prepared, QuantileSpec


#: On a calibrated design a cumulative share within this of ``p`` is ``p``. The calibrated
#: weights come from sums whose last bits depend on the order the backend adds them in, and
#: where a domain's weights are equal (post-stratified equal base weights) and ``p * n`` is
#: whole, the share at a data value is exactly ``p`` in exact arithmetic: without the
#: tolerance the quantile would jump to the next value on a rounding error, differently on
#: each backend. R has the same jump (tests/golden/README.md, "tie").
CALIBRATED_TIE = 1e-12


@dataclass(frozen=True)
class QuantileMeasure:
    statistic: str
    variable: str
    level: str


@dataclass(frozen=True)
class QuantileResult:
    measure: QuantileMeasure
    estimate: np.ndarray
    variance: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    n: np.ndarray
    n_weighted: np.ndarray
    df: np.ndarray
    deff: np.ndarray


def estimate_quantiles(
    engine: Backend,
    prepared: Prepared,
    summary: DesignSummary | None,
    domains: DomainIndex,
    request: Request,
    residualiser: SqlResidualiser | None = None,
    calibrated_weights: bool = False,
) -> list[QuantileResult]:
    """Every requested quantile over every domain (``residualiser``: the design is calibrated
    and its variances are linearised; ``calibrated_weights``: the weights, replicate ones
    too, come from a calibration, so shares within :data:`CALIBRATED_TIE` of ``p`` are ties)."""
    read = read_quantile_rows(engine, prepared, summary, domains, residualiser)
    tie = CALIBRATED_TIE if calibrated_weights or residualiser is not None else 0.0
    return quantiles_of(read, prepared.layout, summary, request, tie)


@dataclass(frozen=True)
class QuantileRows:
    """The rows one quantile reads, with each row's domain in every cut (-1: none)."""

    spec: QuantileSpec
    rows: pa.Table
    per_cut: list[np.ndarray]
    n_domains: int
    calibrated: _Calibrated | None


def read_quantile_rows(
    engine: Backend,
    prepared: Prepared,
    summary: DesignSummary | None,
    domains: DomainIndex,
    residualiser: SqlResidualiser | None = None,
) -> list[QuantileRows]:
    """Read the rows of every requested quantile and register their domains: the part of
    the quantiles that uses the backend and the domain registry, so that the rest
    (:func:`quantiles_of`) can run beside other work."""
    if residualiser is not None and prepared.quantiles:
        assert summary is not None
        residualiser.prepare_units(engine, prepared.layout, summary)
    read = []
    for spec in prepared.quantiles:
        query = _rows_query(prepared.layout, spec, residualiser)
        rows = in_read_order(engine.execute(query))
        calibrated = _Calibrated.of(residualiser, rows) if residualiser is not None else None
        per_cut = [domains.members(rows, c, register=True) for c in range(len(domains.cuts))]
        read.append(QuantileRows(spec, rows, per_cut, len(domains), calibrated))
    return read


def quantiles_of(
    read: list[QuantileRows],
    layout: Layout,
    summary: DesignSummary | None,
    request: Request,
    tie: float = 0.0,
) -> list[QuantileResult]:
    """Each quantile of :func:`read_quantile_rows`, with its interval, in every domain.

    Uses neither the backend nor the domain registry: pure NumPy and Arrow work on rows
    already read, safe to run in a second thread."""
    return [_one_quantile(r, layout, summary, request, tie) for r in read]


@dataclass(frozen=True)
class _Calibrated:
    """The residualiser and the per-row ``b_k`` values of the rows read (rows x K)."""

    residualiser: SqlResidualiser
    b: np.ndarray

    @classmethod
    def of(cls, residualiser: SqlResidualiser, rows: pa.Table) -> _Calibrated:
        width = residualiser.width()
        return cls(residualiser, np.column_stack([_floats(rows, f"__b{k}") for k in range(width)]))


def _rows_query(layout: Layout, spec, residualiser: SqlResidualiser | None = None) -> exp.Select:  # type: ignore[no-untyped-def]
    keys = [col(k) for k in layout.design_keys()] + [col(c) for c in layout.by_columns]
    reps = layout.design.replicates
    extra = (
        [alias(as_double(col(r)), f"__r{i}") for i, r in enumerate(reps.columns)] if reps else []
    )
    if residualiser is not None:
        # The calibration's b_k per row: the domain sums of b_k (y - F) need every member.
        extra += [alias(b, f"__b{k}") for k, b in enumerate(residualiser.columns()[1])]
    condition = spec.valid if layout.universe is None else paren_and(layout.universe, spec.valid)
    return (
        exp.select(*keys, col(W), alias(spec.y.copy(), "__y"), col(ROW_ID), *extra)
        .from_(prepared_source(layout).subquery("prepared"), copy=False)
        .where(condition, copy=False)
    )


def in_read_order(rows: pa.Table) -> pa.Table:
    """Rows sorted by the backend's row id, so that tied values keep file order as in R.

    A backend that returns rows in read order (DuckDB) costs one linear check; one that reads
    in parallel (Spark) gets its rows put back in order here rather than by a global sort in
    the cluster.
    """
    ids = as_numpy(rows.column(ROW_ID), np.int64)
    if ids.size < 2 or bool(np.all(ids[1:] > ids[:-1])):
        return rows
    return rows.take(arrow_numbers(np.argsort(ids, kind="stable")))


def _one_quantile(
    read: QuantileRows,
    layout: Layout,
    summary: DesignSummary | None,
    request: Request,
    tie: float = 0.0,
) -> QuantileResult:
    rows, spec, calibrated, D = read.rows, read.spec, read.calibrated, read.n_domains
    y = _floats(rows, "__y")
    w = _floats(rows, W)
    out = {k: np.full(D, np.nan) for k in ("est", "var", "lo", "hi", "n", "nw", "df")}
    by_value = np.argsort(y, kind="stable")  # one sort of the values serves every cut
    units = RowUnits(rows)
    for dom in read.per_cut:
        _fill_cut(
            out, dom, y, w, units, spec.p, layout, summary, request, by_value, calibrated, tie
        )
    measure = QuantileMeasure("quantile", spec.variable, _format_p(spec.p))
    n = np.nan_to_num(out["n"], nan=0.0)
    return QuantileResult(
        measure,
        out["est"],
        out["var"],
        out["lo"],
        out["hi"],
        n,
        out["nw"],
        out["df"],
        np.full(D, np.nan),
    )


def _fill_cut(
    out, dom, y, w, units, p, layout, summary, request, by_value, calibrated, tie
) -> None:  # type: ignore[no-untyped-def]
    D = len(out["est"])
    inside = dom >= 0
    ids = np.flatnonzero(np.bincount(dom[inside], minlength=D))
    if ids.size == 0:
        return
    pvec = np.full(D, p)
    # The same ordered rows for the estimate and both ends.
    ordered = CumulativeWeights.of(y, w, dom, domain_order(dom, w, by_value, D))
    qhat = ordered.quantile(pvec, D, tie)
    below = np.where(inside, (y <= qhat[np.maximum(dom, 0)]).astype(float), 0.0)
    share, variance, df = _share_variance(below, w, dom, units, layout, summary, D, calibrated)
    crit = intervals.critical(request.ci_level, np.full(D, np.inf) if request.df == "inf" else df)
    se_share = np.sqrt(variance)
    p_lo, p_hi = share - crit * se_share, share + crit * se_share
    lo = ordered.quantile(np.where(p_lo < 0, np.nan, p_lo), D, tie)
    hi = ordered.quantile(np.where(p_hi > 1, np.nan, p_hi), D, tie)
    with np.errstate(invalid="ignore"):
        se = (hi - lo) / (2 * crit)
    out["est"][ids], out["lo"][ids], out["hi"][ids] = qhat[ids], lo[ids], hi[ids]
    out["var"][ids] = se[ids] ** 2
    out["n"][ids] = np.bincount(dom[inside], minlength=D)[ids]
    out["nw"][ids] = np.bincount(dom[inside], w[inside], minlength=D)[ids]
    out["df"][ids] = df[ids]


def domain_order(
    dom: np.ndarray, w: np.ndarray, by_value: np.ndarray, n_domains: int
) -> np.ndarray:
    """Rows with a domain and a nonzero weight, by domain, then value, then data order.

    ``by_value`` is a stable argsort of the values over all rows; a stable sort of it by
    domain gives exactly ``lexsort((y, dom))`` of the kept rows (ties keep data order, as R),
    at the cost of an integer sort (a radix sort for up to 32,767 domains) instead of a
    comparison sort of the values for every cut and every quantile rule call.
    """
    kept = by_value[((dom >= 0) & (w != 0))[by_value]]
    keys = dom[kept]
    if n_domains < 2**15:
        keys = keys.astype(np.int16)
    return kept[np.argsort(keys, kind="stable")]


def weighted_quantile(
    y: np.ndarray,
    w: np.ndarray,
    dom: np.ndarray,
    p: np.ndarray,
    n_domains: int,
    order: np.ndarray | None = None,
    tie: float = 0.0,
) -> np.ndarray:
    """R ``qrule_math`` for every domain at once (``p`` per domain; NaN gives NaN).

    ``order`` is :func:`domain_order` of the same rows when the caller has it already.
    ``tie``: a cumulative share within ``tie`` of ``p`` counts as equal to it (0: R's exact
    comparisons, for weights read from the data, which R sees bit for bit the same).
    """
    if order is None:
        keep = np.flatnonzero((dom >= 0) & (w != 0))
        order = keep[np.lexsort((y[keep], dom[keep]))]  # stable: ties keep data order, as R
    return CumulativeWeights.of(y, w, dom, order).quantile(p, n_domains, tie)


@dataclass(frozen=True)
class CumulativeWeights:
    """The rows of every domain in :func:`domain_order` with their cumulative weights: what
    R's quantile rule reads, built once for the estimate and both ends of its interval (the
    extended-precision running sum was a third of a cut's time, three times over)."""

    values: np.ndarray  # y of the ordered rows
    domain: np.ndarray  # domain of each domain's first row
    starts: np.ndarray
    ends: np.ndarray
    segment: np.ndarray  # each row's domain segment
    cumulative: np.ndarray  # weight up to and including the row, within its domain
    total: np.ndarray  # weight of each domain

    @classmethod
    def of(
        cls, y: np.ndarray, w: np.ndarray, dom: np.ndarray, order: np.ndarray
    ) -> CumulativeWeights:
        d, ws = dom[order], w[order]
        starts = np.flatnonzero(np.r_[True, d[1:] != d[:-1]]) if d.size else np.zeros(0, int)
        ends = np.r_[starts[1:], d.size] - 1
        # R accumulates weights in long double (cumsum and sum); so do we.
        running = np.cumsum(ws.astype(np.longdouble))
        offset = np.r_[np.longdouble(0), running[starts[1:] - 1]]
        segment = np.repeat(np.arange(starts.size), ends - starts + 1)
        cumulative = (running - offset[segment]).astype(float)
        total = (running[ends] - offset).astype(float)
        return cls(y[order], d[starts], starts, ends, segment, cumulative, total)

    def quantile(self, p: np.ndarray, n_domains: int, tie: float = 0.0) -> np.ndarray:
        """R ``qrule_math`` at ``p`` (one per domain number) in every domain."""
        result = np.full(n_domains, np.nan)
        if self.starts.size == 0:
            return result
        cumw, total, seg, starts = self.cumulative, self.total, self.segment, self.starts
        pd = p[self.domain]
        # With a tolerance, compare shares; without, R's own comparison of sums.
        flag = (cumw / total[seg] - pd[seg] <= tie) if tie else (cumw <= pd[seg] * total[seg])
        index = np.arange(cumw.size)
        last = np.maximum.reduceat(np.where(flag, index, -1), starts)
        pos = np.where(last < 0, starts, last)  # R's last(): 1 when no value qualifies
        exact = np.abs(pd - cumw[pos] / total) <= tie
        chosen = np.where(exact, pos, np.minimum(pos + 1, self.ends))
        result[self.domain] = np.where(np.isnan(pd), np.nan, self.values[chosen])
        return result


def _share_variance(below, w, dom, units, layout, summary, D, calibrated=None):  # type: ignore[no-untyped-def]
    """Share at or below the quantile per domain, its variance and degrees of freedom."""
    inside = dom >= 0
    v_tot = np.bincount(dom[inside], (w * below)[inside], minlength=D)
    u_tot = np.bincount(dom[inside], w[inside], minlength=D)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = v_tot / u_tot
        coef = Estimates(share, 1.0 / u_tot, -share / u_tot)
    reps = layout.design.replicates
    if reps is not None:
        R = len(reps.columns)
        wr = np.column_stack([_floats(units.rows, f"__r{i}") for i in range(R)])
        num = np.column_stack(
            [np.bincount(dom[inside], (wr[:, r] * below)[inside], minlength=D) for r in range(R)]
        )
        den = np.column_stack(
            [np.bincount(dom[inside], wr[inside, r], minlength=D) for r in range(R)]
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            variance = replicate_variance(share, num / den, reps)
        # Every row stands for itself: its replicate weights are the matrix R's rank reads.
        df = replicate_df(wr, inside, dom, D, np.ones(len(w)))
        return share, variance, df
    if calibrated is not None:
        return share, *_calibrated_share(below, w, dom, units, layout, summary, coef, D, calibrated)
    return share, *_taylor_share(below, w, dom, units, layout, summary, coef, D)


def _calibrated_share(below, w, dom, units, layout, summary, coef, D, calibrated):  # type: ignore[no-untyped-def]
    """The share's variance on a calibrated design: R ``svymean(x <= qhat, design)``, the
    influence values residualised on the calibration variables; and the domain df."""
    inside = np.flatnonzero(dom >= 0)
    v, u, d = (w * below)[inside], w[inside], dom[inside]
    heads, unit_dom, totals = _unit_totals(units, inside, d, (H, P), v, u)
    e = totals[0] - coef.estimate[unit_dom] * totals[1]
    # Per domain, sum of b_k * (y - F * x), with y the indicator and x = 1.
    centred = below[inside] - coef.estimate[d]
    b = calibrated.b[inside]
    sums = np.column_stack(
        [np.bincount(d, b[:, k] * centred, minlength=D) for k in range(b.shape[1])]
    )
    second = None
    if layout.has_ssu and summary.stage2 is not None:
        heads2, unit_dom2, totals2 = _unit_totals(units, inside, d, (H, P, S), v, u)
        second = (totals2[0] - coef.estimate[unit_dom2] * totals2[1], heads2, unit_dom2)
    with np.errstate(invalid="ignore", divide="ignore"):  # other cuts' domains: 0 / 0
        variance = calibrated.residualiser.residual_variance(
            e, heads, unit_dom, sums, coef, D, summary, layout.design, second
        )
    groups = Groups.of(unit_dom, stage1_index(heads, summary.stage1))
    return variance, design_df(_share_moments(groups, unit_dom, totals, coef).npz, groups.dom, D)


def _taylor_share(below, w, dom, units, layout, summary, coef, D):  # type: ignore[no-untyped-def]
    """Linearised variance of the share at or below the quantile, and the domain df."""
    inside = np.flatnonzero(dom >= 0)
    v, u, d = (w * below)[inside], w[inside], dom[inside]
    heads, unit_dom, totals = _unit_totals(units, inside, d, (H, P), v, u)
    groups = Groups.of(unit_dom, stage1_index(heads, summary.stage1))
    mom = _share_moments(groups, unit_dom, totals, coef)
    n_h = summary.stage1.n[groups.index]
    f_h = summary.stage1.fraction_unsampled[groups.index]
    contribution, keep = stage_contributions(mom, coef, groups.dom, n_h, f_h, layout.design)
    variance = sum_strata(contribution, keep, groups.dom, D)
    if layout.has_ssu and summary.stage2 is not None:
        heads2, unit_dom2, totals2 = _unit_totals(units, inside, d, (H, P, S), v, u)
        groups2 = Groups.of(unit_dom2, match_rows(heads2, summary.stage2.keys, [H, P]))
        mom2 = _share_moments(groups2, unit_dom2, totals2, coef)
        m_j = summary.stage2.n[groups2.index]
        f_j = summary.stage2.fraction_unsampled[groups2.index]
        multiplier = stage2_multiplier(summary.stage1, summary.stage2)[groups2.index]
        c2, keep2 = stage_contributions(mom2, coef, groups2.dom, m_j, f_j, layout.design)
        variance = variance + sum_psus(c2 * multiplier, keep2, groups2.dom, D)
    return variance, design_df(mom.npz, groups.dom, D)


class RowUnits:
    """The quantile's rows and, per key list, each row's sampling-unit number (found once per
    variable, not once per cut)."""

    def __init__(self, rows: pa.Table) -> None:
        self.rows = rows
        self._found: dict[tuple[str, ...], tuple[np.ndarray, int]] = {}

    def numbers(self, keys: tuple[str, ...]) -> tuple[np.ndarray, int]:
        """Unit number of every row over ``keys`` (0..count-1) and the number of units."""
        found = self._found.get(keys)
        if found is None:
            columns = []
            for name in keys:
                index, dictionary = dictionary_codes(self.rows.column(name))
                columns.append((index + 1, len(dictionary) + 1))  # a missing value is 0
            combined, span = combine_codes(columns, self.rows.num_rows)
            unique, _first, code = number_codes(combined, span)
            found = (code, len(unique))
            self._found[keys] = found
        return found


def _unit_totals(
    units: RowUnits,
    inside: np.ndarray,
    dom: np.ndarray,
    keys: tuple[str, ...],
    v: np.ndarray,
    u: np.ndarray,
) -> tuple[pa.Table, np.ndarray, tuple[np.ndarray, ...]]:
    """Totals per (domain, sampling unit) of the rows ``inside`` (domains ``dom``): the
    unit's key row, its domain, and the sums of ``v``, ``u``, members and nonzero-weight
    members."""
    number, count = units.numbers(keys)
    # The cut's few domains numbered 0..k-1 (in domain order) keep the codes' range small
    # enough for a lookup table instead of a sort of every row.
    present, _first, local = number_codes(dom, int(dom.max(initial=0)) + 1)
    code = local * max(count, 1) + number[inside]
    _unique, first, inverse = number_codes(code, len(present) * max(count, 1))
    size = len(first)
    sums = tuple(
        np.bincount(inverse, x, minlength=size)
        for x in (v, u, np.ones_like(u), (u != 0).astype(float))
    )
    heads = units.rows.select(list(keys)).take(arrow_numbers(inside[first], pa.int64()))
    return heads, dom[first], sums


def _share_moments(
    groups: Groups, unit_dom: np.ndarray, totals: tuple[np.ndarray, ...], coef: Estimates
) -> Moments:
    v, u, count, nonzero = totals
    e = v - coef.estimate[unit_dom] * u
    return Moments.of(groups, e, count, nonzero)


def _floats(rows: pa.Table, name: str) -> np.ndarray:
    return as_numpy(rows.column(name), float)


def _format_p(p: float) -> str:
    return f"{p:g}"


__all__ = ["QuantileResult", "estimate_quantiles", "weighted_quantile", "SOURCE"]
