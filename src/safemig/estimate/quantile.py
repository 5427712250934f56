"""Quantiles with Woodruff intervals, as R ``svyquantile`` (survey >= 4.1) computes by default.

Estimate (``qrule="math"``): sort the domain's values, accumulate the weights; the quantile is
the first value whose cumulative share reaches ``p`` exactly, otherwise the next value. We
reproduce R's arithmetic (cumulative sums in extended precision, the same comparisons, and
R's choice of the second value when even the first exceeds ``p``) because the oracle is R.

Interval (``interval.type="mean"``, Woodruff 1952): estimate the share ``F`` of the domain at
or below the quantile with its design-based standard error, take ``F +/- t * se``, and map
both ends back through the same quantile rule; ``se = width / (2 t)``.

Quantiles need the ordered values of each domain, so rows in the universe are read (one
query per variable) and every domain of a cut is handled at once with sorted segments.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from sqlglot import exp

from safemig.estimate import intervals
from safemig.estimate.backends import ROW_ID
from safemig.estimate.checks import DesignSummary
from safemig.estimate.compiler import SOURCE, H, Layout, P, S, W
from safemig.estimate.compiler import prepared as prepared_source
from safemig.estimate.domains import DomainIndex
from safemig.estimate.replicate import replicate_df, replicate_variance
from safemig.estimate.request import Request
from safemig.estimate.sqlparts import alias, as_double, col, paren_and
from safemig.estimate.taylor import (
    Estimates,
    Moments,
    design_df,
    stage1_info,
    stage2_info,
    stage_contributions,
    sum_psus,
    sum_strata,
)


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
    engine, prepared, summary: DesignSummary, domains: DomainIndex, request: Request
) -> list[QuantileResult]:  # type: ignore[no-untyped-def]
    """Every requested quantile over every domain."""
    results = []
    for spec in prepared.quantiles:
        rows = in_read_order(engine.execute(_rows_query(prepared.layout, spec)))
        results.append(_one_quantile(rows, spec, prepared.layout, summary, domains, request))
    return results


def _rows_query(layout: Layout, spec) -> exp.Select:  # type: ignore[no-untyped-def]
    keys = [col(k) for k in layout.design_keys()] + [col(c) for c in layout.by_columns]
    reps = layout.design.replicates
    extra = (
        [alias(as_double(col(r)), f"__r{i}") for i, r in enumerate(reps.columns)] if reps else []
    )
    condition = spec.valid if layout.universe is None else paren_and(layout.universe, spec.valid)
    return (
        exp.select(*keys, col(W), alias(spec.y, "__y"), col(ROW_ID), *extra)
        .from_(prepared_source(layout).subquery("prepared"))
        .where(condition)
    )


def in_read_order(rows: pa.Table) -> pa.Table:
    """Rows sorted by the backend's row id, so that tied values keep file order as in R.

    A backend that returns rows in read order (DuckDB) costs one linear check; one that reads
    in parallel (Spark) gets its rows put back in order here rather than by a global sort in
    the cluster.
    """
    ids = np.asarray(rows.column(ROW_ID).to_numpy(zero_copy_only=False))
    if ids.size < 2 or bool(np.all(ids[1:] > ids[:-1])):
        return rows
    return rows.take(pa.array(np.argsort(ids, kind="stable")))


def _one_quantile(
    rows: pa.Table,
    spec,
    layout: Layout,
    summary: DesignSummary,
    domains: DomainIndex,
    request: Request,
) -> QuantileResult:  # type: ignore[no-untyped-def]
    y = _floats(rows, "__y")
    w = _floats(rows, W)
    per_cut = [domains.members(rows, c, register=True) for c in range(len(domains.cuts))]
    D = len(domains)
    out = {k: np.full(D, np.nan) for k in ("est", "var", "lo", "hi", "n", "nw", "df")}
    for dom in per_cut:
        _fill_cut(out, dom, y, w, rows, spec.p, layout, summary, request)
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


def _fill_cut(out, dom, y, w, rows, p, layout, summary, request) -> None:  # type: ignore[no-untyped-def]
    D = len(out["est"])
    inside = dom >= 0
    ids = np.flatnonzero(np.bincount(dom[inside], minlength=D))
    if ids.size == 0:
        return
    pvec = np.full(D, p)
    qhat = weighted_quantile(y, w, dom, pvec, D)
    below = np.where(inside, (y <= qhat[np.maximum(dom, 0)]).astype(float), 0.0)
    share, variance, df = _share_variance(below, w, dom, rows, layout, summary, D)
    crit = intervals.critical(request.ci_level, np.full(D, np.inf) if request.df == "inf" else df)
    se_share = np.sqrt(variance)
    p_lo, p_hi = share - crit * se_share, share + crit * se_share
    lo = weighted_quantile(y, w, dom, np.where(p_lo < 0, np.nan, p_lo), D)
    hi = weighted_quantile(y, w, dom, np.where(p_hi > 1, np.nan, p_hi), D)
    with np.errstate(invalid="ignore"):
        se = (hi - lo) / (2 * crit)
    out["est"][ids], out["lo"][ids], out["hi"][ids] = qhat[ids], lo[ids], hi[ids]
    out["var"][ids] = se[ids] ** 2
    out["n"][ids] = np.bincount(dom[inside], minlength=D)[ids]
    out["nw"][ids] = np.bincount(dom[inside], w[inside], minlength=D)[ids]
    out["df"][ids] = df[ids]


def weighted_quantile(
    y: np.ndarray, w: np.ndarray, dom: np.ndarray, p: np.ndarray, n_domains: int
) -> np.ndarray:
    """R ``qrule_math`` for every domain at once (``p`` per domain; NaN gives NaN)."""
    keep = np.flatnonzero((dom >= 0) & (w != 0))
    result = np.full(n_domains, np.nan)
    if keep.size == 0:
        return result
    order = keep[np.lexsort((y[keep], dom[keep]))]  # stable: ties keep data order, as R
    d, ys, ws = dom[order], y[order], w[order]
    starts = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])
    ends = np.r_[starts[1:], d.size] - 1
    # R accumulates weights in long double (cumsum and sum); so do we.
    running = np.cumsum(ws.astype(np.longdouble))
    offset = np.r_[np.longdouble(0), running[starts[1:] - 1]]
    seg = np.repeat(np.arange(starts.size), ends - starts + 1)
    cumw = (running - offset[seg]).astype(float)
    total = (running[ends] - offset).astype(float)
    pd = p[d[starts]]
    flag = cumw <= pd[seg] * total[seg]
    index = np.arange(d.size)
    last = np.maximum.reduceat(np.where(flag, index, -1), starts)
    pos = np.where(last < 0, starts, last)  # R's last(): 1 when no value qualifies
    exact = (pd - cumw[pos] / total) == 0
    chosen = np.where(exact, pos, np.minimum(pos + 1, ends))
    values = np.where(np.isnan(pd), np.nan, ys[chosen])
    result[d[starts]] = values
    return result


def _share_variance(below, w, dom, rows, layout, summary, D):  # type: ignore[no-untyped-def]
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
        wr = np.column_stack([_floats(rows, f"__r{i}") for i in range(R)])
        num = np.column_stack(
            [np.bincount(dom[inside], (wr[:, r] * below)[inside], minlength=D) for r in range(R)]
        )
        den = np.column_stack(
            [np.bincount(dom[inside], wr[inside, r], minlength=D) for r in range(R)]
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            variance = replicate_variance(share, num / den, reps)
            factors = np.where(w[:, None] != 0, wr / w[:, None], wr)
        return share, variance, replicate_df(np.round(factors, 9), inside, dom, D)
    return share, *_taylor_share(below, w, dom, rows, layout, summary, coef, D)


def _taylor_share(below, w, dom, rows, layout, summary, coef, D):  # type: ignore[no-untyped-def]
    inside = np.flatnonzero(dom >= 0)
    units = _unit_codes(rows, layout, with_ssu=False)
    table, groups = _group_moments(
        coef,
        dom[inside],
        units[inside],
        rows.take(pa.array(inside)),
        (w * below)[inside],
        w[inside],
        [H],
    )
    n_h, f_h = stage1_info(table, summary.stage1)
    mom, gdom, npz = groups
    contribution, keep = stage_contributions(mom, coef, gdom, n_h, f_h, layout.design)
    variance = sum_strata(contribution, keep, gdom, D)
    if layout.has_ssu and summary.stage2 is not None:
        ssus = _unit_codes(rows, layout, with_ssu=True)
        t2, (mom2, gdom2, _) = _group_moments(
            coef,
            dom[inside],
            ssus[inside],
            rows.take(pa.array(inside)),
            (w * below)[inside],
            w[inside],
            [H, P],
        )
        m_j, f_j, multiplier = stage2_info(t2, summary.stage1, summary.stage2)
        c2, keep2 = stage_contributions(mom2, coef, gdom2, m_j, f_j, layout.design)
        variance = variance + sum_psus(c2 * multiplier, keep2, gdom2, D)
    return variance, design_df(npz, gdom, D)


def _unit_codes(rows: pa.Table, layout: Layout, with_ssu: bool) -> np.ndarray:
    """An integer id per sampling unit (PSU, or SSU within PSU); each row without PSUs."""
    names = [H] + ([P] if layout.has_psu else []) + ([S] if with_ssu else [])
    if not layout.has_psu:
        return np.arange(rows.num_rows)
    codes = np.zeros(rows.num_rows, dtype=np.int64)
    for name in names:
        values = rows.column(name).combine_chunks()
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(values)
        codes = codes * max(len(encoded.dictionary), 1) + np.asarray(
            encoded.indices.to_numpy(zero_copy_only=False)
        )
    return codes


def _group_moments(coef, dom, unit, rows, v, u, group_names):  # type: ignore[no-untyped-def]
    """Unit residual totals per domain, then their sums and squares per domain x group
    (stratum or PSU); residuals are formed before squaring, as in the SQL path."""
    key = np.stack([dom, unit], axis=1)
    uniq, inverse = np.unique(key, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    first = np.zeros(len(uniq), dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(inverse))[::-1]
    V = np.bincount(inverse, v, minlength=len(uniq))
    U = np.bincount(inverse, u, minlength=len(uniq))
    Z = np.bincount(inverse, (u != 0).astype(float), minlength=len(uniq))
    heads = rows.take(pa.array(first)).select(group_names)
    group_key = np.zeros(len(uniq), dtype=np.int64)
    for name in group_names:
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(heads.column(name).combine_chunks())
        group_key = group_key * max(len(encoded.dictionary), 1) + np.asarray(
            encoded.indices.to_numpy(zero_copy_only=False)
        )
    pair = np.stack([uniq[:, 0], group_key], axis=1)
    guniq, ginv = np.unique(pair, axis=0, return_inverse=True)
    ginv = ginv.ravel()
    gfirst = np.zeros(len(guniq), dtype=np.int64)
    gfirst[ginv[::-1]] = np.arange(len(ginv))[::-1]
    G = len(guniq)
    E = V - coef.estimate[uniq[:, 0]] * U
    mom = Moments(
        se=np.bincount(ginv, E, minlength=G),
        see=np.bincount(ginv, E * E, minlength=G),
        nsub=np.bincount(ginv, minlength=G).astype(float),
    )
    npz = np.bincount(ginv, (Z > 0).astype(float), minlength=G)
    table = heads.take(pa.array(gfirst))
    return table, (mom, guniq[:, 0], npz)


def _floats(rows: pa.Table, name: str) -> np.ndarray:
    return np.asarray(rows.column(name).to_numpy(zero_copy_only=False), dtype=float)


def _format_p(p: float) -> str:
    return f"{p:g}"


__all__ = ["QuantileResult", "estimate_quantiles", "weighted_quantile", "SOURCE"]
