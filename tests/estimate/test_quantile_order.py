"""The quantile rule's shared row order equals a per-call lexsort (ties in data order)."""

import numpy as np

from safemig.estimate.quantile import CumulativeWeights, domain_order, weighted_quantile


def test_domain_order_is_the_lexsort_of_kept_rows() -> None:
    rng = np.random.default_rng(7)
    n, domains = 5_000, 40
    y = rng.integers(0, 12, n).astype(float)  # many ties
    y[::97] = -0.0
    w = rng.choice([0.0, 1.5, 2.0, 3.25], n)
    dom = rng.integers(-1, domains, n)
    keep = np.flatnonzero((dom >= 0) & (w != 0))
    expected = keep[np.lexsort((y[keep], dom[keep]))]
    got = domain_order(dom, w, np.argsort(y, kind="stable"), domains)
    assert np.array_equal(got, expected)


def test_weighted_quantile_same_with_shared_order() -> None:
    rng = np.random.default_rng(11)
    n, domains = 3_000, 25
    y = rng.normal(size=n).round(1)
    w = rng.uniform(0.5, 4.0, n)
    w[::13] = 0.0
    dom = rng.integers(-1, domains, n)
    p = rng.uniform(0.05, 0.95, domains)
    order = domain_order(dom, w, np.argsort(y, kind="stable"), domains)
    assert np.array_equal(
        weighted_quantile(y, w, dom, p, domains, order),
        weighted_quantile(y, w, dom, p, domains),
        equal_nan=True,
    )


def test_cumulative_weights_serve_several_probabilities() -> None:
    rng = np.random.default_rng(3)
    n, domains = 4_000, 30
    y = rng.integers(0, 20, n).astype(float)
    w = rng.choice([0.0, 1.0, 2.5], n)
    dom = rng.integers(-1, domains, n)
    order = domain_order(dom, w, np.argsort(y, kind="stable"), domains)
    ordered = CumulativeWeights.of(y, w, dom, order)
    for p in (np.full(domains, 0.5), rng.uniform(0, 1, domains), np.full(domains, np.nan)):
        keep = np.flatnonzero((dom >= 0) & (w != 0))
        expected = np.full(domains, np.nan)
        for d in range(domains):  # R qrule_math, one domain at a time
            rows = keep[dom[keep] == d]
            rows = rows[np.argsort(y[rows], kind="stable")]
            if rows.size == 0 or np.isnan(p[d]):
                continue
            cum = np.cumsum(w[rows].astype(np.longdouble)).astype(float)
            total = float(np.sum(w[rows].astype(np.longdouble)))
            below = np.flatnonzero(cum <= p[d] * total)
            pos = below[-1] if below.size else 0
            exact = abs(p[d] - cum[pos] / total) <= 0
            expected[d] = y[rows][pos if exact else min(pos + 1, rows.size - 1)]
        assert np.array_equal(ordered.quantile(p, domains), expected, equal_nan=True)
