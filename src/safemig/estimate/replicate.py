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
    factors: np.ndarray, in_domain: np.ndarray, dom: np.ndarray, n_domains: int
) -> np.ndarray:
    """Rank of each domain's replicate-factor rows, minus one (batched SVD over domains)."""
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
    # Stack each domain's rows into a zero-padded (domains x depth x R) array, a batch of
    # domains at a time so that memory stays near 160 MB whatever the request.
    batch = max(1, int(2e7 // (depth * n_reps)))
    rank = np.zeros(n_domains)
    for first in range(0, n_domains, batch):
        last = min(first + batch, n_domains)
        pick = (d >= first) & (d < last)
        stacked = np.zeros((last - first, depth, n_reps))
        stacked[d[pick] - first, position[pick]] = factors[order[pick]]
        singular = np.linalg.svd(stacked, compute_uv=False)
        top = singular[:, :1]
        rank[first:last] = (singular > RANK_TOLERANCE * np.where(top > 0, top, 1)).sum(axis=1)
    df[counts > 0] = rank[counts > 0] - 1
    return df
