"""Interval formulas against values published by others, and Wilson against SciPy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from safemig.estimate import intervals

# Published in samplics-org/svy tests (test_proportions.py) from R 4.4-2 survey::svyciprop:
# p, se, n and df of one domain and the intervals R printed.
P, SE, N, DF = 0.507348258357226, 0.0192309892530454, 922, 921


def test_korn_graubard_matches_published_r_values():
    lo, hi = intervals.beta(np.array([P]), np.array([SE**2]), 0.95, np.array([N]), np.array([DF]))
    assert lo[0] == pytest.approx(0.468954757876348, rel=1e-12)
    assert hi[0] == pytest.approx(0.545677337133621, rel=1e-12)


def test_logit_matches_published_r_values():
    lo, hi = intervals.logit(np.array([P]), np.array([SE]), 0.95, np.array([DF]))
    # R fits the logistic model by IRLS (deviance tolerance 1e-8), hence 1e-9, not 1e-12.
    assert lo[0] == pytest.approx(0.469636396975924, rel=1e-9)
    assert hi[0] == pytest.approx(0.544976682060238, rel=1e-9)


def test_wilson_with_infinite_df_is_scipys_wilson_interval():
    # With an integer effective sample size and df = inf, the design-based Wilson interval
    # is the classical one, which SciPy computes independently.
    n_eff, successes = 200, 60
    p = successes / n_eff
    var = p * (1 - p) / n_eff
    lo, hi = intervals.wilson(np.array([p]), np.array([var]), 0.95, np.array([np.inf]))
    ref = stats.binomtest(successes, n_eff).proportion_ci(confidence_level=0.95, method="wilson")
    assert lo[0] == pytest.approx(ref.low, rel=1e-12)
    assert hi[0] == pytest.approx(ref.high, rel=1e-12)


def test_wald_uses_t_with_design_df_and_normal_when_infinite():
    lo, hi = intervals.wald(
        np.array([10.0, 10.0]), np.array([2.0, 2.0]), 0.95, np.array([4.0, np.inf])
    )
    assert hi[0] - 10 == pytest.approx(2 * stats.t.ppf(0.975, 4), rel=1e-14)
    assert hi[1] - 10 == pytest.approx(2 * stats.norm.ppf(0.975), rel=1e-14)
    assert lo[0] == pytest.approx(10 - (hi[0] - 10), rel=1e-14)


def test_no_interval_at_shares_of_zero_or_one():
    p = np.array([0.0, 1.0])
    for lo, hi in (
        intervals.logit(p, np.zeros(2), 0.95, np.array([10.0, 10.0])),
        intervals.wilson(p, np.zeros(2), 0.95, np.array([10.0, 10.0])),
    ):
        assert np.isnan(lo).all() and np.isnan(hi).all()
