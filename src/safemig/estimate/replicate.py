"""Replicate-weight variances (R ``svrVar``) and degrees of freedom (R ``degf``).

    var = scale * sum_r rscale_r * (theta_r - centre)^2

with ``centre`` the mean of the replicate estimates (over replicates with a positive
rscale), or the full-sample estimate when ``mse`` is set. Replicates whose estimate is
undefined in a domain (no weight left there) are dropped, as R's ``na.omit`` does.
"""

from __future__ import annotations

import numpy as np

from safemig.design import Replicates

RANK_TOLERANCE = 1e-5  # R degf.svyrep.design: qr(weights, tol = 1e-5)$rank - 1
_RECOMPUTE = 1e-6  # dqrdc2 recomputes a column norm once its squared norm falls by this factor


def replicate_variance(theta: np.ndarray, thetas: np.ndarray, reps: Replicates) -> np.ndarray:
    """Variance per domain from full-sample ``theta`` (D) and replicate ``thetas`` (D x R)."""
    rscales = np.asarray(reps.effective_rscales, dtype=float)
    usable = ~np.isnan(thetas)
    if reps.mse:
        centre = theta
    else:
        weight = usable & (rscales > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            centre = np.where(weight, thetas, 0.0).sum(axis=1) / weight.sum(axis=1)
    dev = np.where(usable, thetas - centre[:, None], 0.0)
    return reps.effective_scale * (dev * dev * rscales).sum(axis=1)


def replicate_df(
    factors: np.ndarray,
    in_domain: np.ndarray,
    dom: np.ndarray,
    n_domains: int,
    row_scale: np.ndarray,
) -> np.ndarray:
    """R's degrees of freedom of each domain: ``qr(weights, tol = 1e-5)$rank - 1``.

    The matrix is the domain's replicate weights, one row per data row. Each row here is a
    distinct pattern of factors ``w_r / w`` standing for the rows that share it, scaled by
    ``row_scale`` = the square root of their sum of ``w^2``: that matrix has the same cross
    products as the data rows, and the rank decisions of R's QR (below) depend only on them.
    """
    n_reps = factors.shape[1]
    rows = np.flatnonzero(in_domain & (dom >= 0))
    df = np.full(n_domains, np.nan)
    if rows.size == 0:
        return df
    order = rows[np.argsort(dom[rows], kind="stable")]
    d = dom[order]
    counts = np.bincount(d, minlength=n_domains)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    position = np.arange(order.size) - starts[d]
    depth = int(counts.max())
    weights = factors[order] * row_scale[order, None]
    # Stack each domain's rows into a zero-padded (domains x depth x R) array, a batch of
    # domains at a time so that memory stays near 160 MB whatever the request.
    batch = max(1, int(2e7 // (depth * n_reps)))
    rank = np.zeros(n_domains)
    for first in range(0, n_domains, batch):
        last = min(first + batch, n_domains)
        pick = (d >= first) & (d < last)
        stacked = np.zeros((last - first, depth, n_reps))
        stacked[d[pick] - first, position[pick]] = weights[pick]
        rank[first:last] = linpack_qr_rank(stacked, counts[first:last])
    df[counts > 0] = rank[counts > 0] - 1
    return df


def linpack_qr_rank(x: np.ndarray, n_rows: np.ndarray, tol: float = RANK_TOLERANCE) -> np.ndarray:
    """The rank R's ``qr(x, tol)`` reports, for a batch of zero-padded matrices.

    A port of LINPACK ``dqrdc2`` as modified for R (src/appl/dqrdc2.f): Householder QR with
    limited column pivoting. Column by column, a column whose norm, after projecting out the
    columns accepted before it, has fallen below ``tol`` times its original norm is moved to
    the end; the rank is the number of columns not moved (at most the number of rows). Its
    running column norms are downdated, and recomputed after a large reduction, exactly as
    there, so the decisions near the tolerance are R's.

    Parameters
    ----------
    x
        (B x N x P) matrices; matrix ``b`` has ``n_rows[b]`` rows followed by zero rows (zero
        rows change neither norms nor Householder reflections).
    n_rows
        The number of real rows of each matrix.
    tol
        R's ``tol`` (``degf`` uses 1e-5).

    Returns
    -------
    numpy.ndarray
        The rank of each matrix (B).

    Examples
    --------
    >>> linpack_qr_rank(np.array([[[1.0, 2.0], [2.0, 4.0]]]), np.array([2]))
    array([1])
    """
    x = np.array(x, dtype=float)
    n_batch, depth, p = x.shape
    norms = np.linalg.norm(x, axis=1)
    original = np.where(norms == 0, 1.0, norms)
    k = np.full(n_batch, p + 1)
    last_step = np.minimum(n_rows, p)
    for step in range(min(depth, p)):
        active = step < last_step
        while True:
            move = active & (step + 1 < k) & (norms[:, step] < original[:, step] * tol)
            if not move.any():
                break
            x[move, :, step:] = np.roll(x[move, :, step:], -1, axis=2)
            norms[move, step:] = np.roll(norms[move, step:], -1, axis=1)
            original[move, step:] = np.roll(original[move, step:], -1, axis=1)
            k[move] -= 1
        _householder_step(x, norms, step, active & (step + 1 != n_rows))
    return np.minimum(k - 1, n_rows)


def _householder_step(x: np.ndarray, norms: np.ndarray, step: int, reflect: np.ndarray) -> None:
    """Reflect column ``step`` onto its diagonal in the matrices ``reflect`` picks, in place,
    and downdate the norms of the columns to its right (dqrdc2's loop body)."""
    column = x[:, step:, step]
    length = np.linalg.norm(column, axis=1)
    reflect = reflect & (length != 0)
    if not reflect.any() or step + 1 >= x.shape[2]:
        return
    pivot = column[:, 0]
    length = np.where(pivot != 0, np.copysign(length, pivot), length)
    safe = np.where(reflect, length, 1.0)
    v = np.where(reflect[:, None], column / safe[:, None], 0.0)
    v[:, 0] += np.where(reflect, 1.0, 0.0)
    lead = np.where(reflect, v[:, 0], 1.0)
    right = x[:, step:, step + 1 :]
    t = -np.einsum("bi,bij->bj", v, right) / lead[:, None]
    right += v[:, :, None] * t[:, None, :]
    old = norms[:, step + 1 :]
    update = reflect[:, None] & (old != 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        shrink = np.maximum(1.0 - (np.abs(right[:, 0, :]) / old) ** 2, 0.0)
    recompute = update & (shrink < _RECOMPUTE)
    downdated = np.where(update & ~recompute, old * np.sqrt(np.where(update, shrink, 1.0)), old)
    fresh = np.linalg.norm(right[:, 1:, :], axis=1)
    norms[:, step + 1 :] = np.where(recompute, fresh, downdated)
