"""Confidence intervals, vectorised over domains, as R ``confint``/``svyciprop`` compute them.

- ``wald``: estimate +/- t(df) * se (R ``confint(..., df=)``; ``df=inf`` gives the normal).
- ``logit``: the Wald interval of the intercept of a quasi-binomial model, back-transformed
  (R ``svyciprop(method="logit")``). For an intercept-only model the coefficient is
  ``logit(p)`` and its standard error is ``se(p) / (p (1-p))``, so no model is fitted.
- ``beta``: Korn & Graubard (1998), R ``svyciprop(method="beta")``: a Clopper-Pearson
  interval with the effective sample size ``p(1-p)/var``, rescaled by
  ``(t(n-1) / t(df))^2``. R uses the design's degrees of freedom here whatever ``df`` says.
- ``wilson``: the Wilson score interval with the effective sample size and a t quantile
  (R ``svyciprop(method="wilson")``, survey 4.5).
"""

from __future__ import annotations

import numpy as np
from scipy import special


def critical(level: float, df: np.ndarray | float) -> np.ndarray:
    """Two-sided critical value: t with ``df`` degrees of freedom (normal when infinite)."""
    df = np.asarray(df, dtype=float)
    q = 1 - (1 - level) / 2
    with np.errstate(invalid="ignore"):
        t = special.stdtrit(np.where(np.isinf(df), 1.0, np.where(df > 0, df, np.nan)), q)
    return np.where(np.isinf(df), special.ndtri(q), t)


def wald(
    est: np.ndarray, se: np.ndarray, level: float, df: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    half = critical(level, df) * se
    return est - half, est + half


def logit(
    p: np.ndarray, se: np.ndarray, level: float, df: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Logit interval from the standard error of ``p`` (linearised designs)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return logit_from_logit_se(p, se / (p * (1 - p)), level, df)


def logit_from_logit_se(
    p: np.ndarray, se_logit: np.ndarray, level: float, df: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Logit interval from the standard error of ``logit(p)`` (replicate designs refit the
    model on each replicate, so that standard error comes from the replicates)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = special.logit(p)
        half = critical(level, df) * se_logit
        lo, hi = special.expit(centre - half), special.expit(centre + half)
    return _undefined_at_edges(p, lo, hi)


def beta(
    p: np.ndarray, var: np.ndarray, level: float, rows: np.ndarray, design_df: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    alpha = 1 - level
    with np.errstate(invalid="ignore", divide="ignore"):
        n_eff = p * (1 - p) / var
        ratio = special.stdtrit(_positive(rows - 1), alpha / 2) / special.stdtrit(
            _positive(design_df), alpha / 2
        )
        n_eff = n_eff * ratio**2
        # Quantiles of Beta(a, b) (R qbeta): the inverse regularised incomplete beta.
        lo = special.betaincinv(n_eff * p, n_eff * (1 - p) + 1, alpha / 2)
        hi = special.betaincinv(n_eff * p + 1, n_eff * (1 - p), 1 - alpha / 2)
    return _undefined_at_edges(p, lo, hi)


def wilson(
    p: np.ndarray, var: np.ndarray, level: float, df: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(invalid="ignore", divide="ignore"):
        n_eff = p * (1 - p) / var
        t = critical(level, df)
        t2 = t * t
        denom = 1 + t2 / n_eff
        root = np.sqrt(4 * n_eff * p * (1 - p) + t2)
        centre = p + t2 / (2 * n_eff)
        lo = (centre - t / (2 * n_eff) * root) / denom
        hi = (centre + t / (2 * n_eff) * root) / denom
    return _undefined_at_edges(p, lo, hi)


EDGE = 1e-12


def _undefined_at_edges(
    p: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """No interval when a domain's share is 0 or 1: the effective sample size and the
    logit are undefined there, and R reports NA (a zero count is flagged, never hidden)."""
    edge = (p <= EDGE) | (p >= 1 - EDGE)
    return np.where(edge, np.nan, lo), np.where(edge, np.nan, hi)


def _positive(df: np.ndarray) -> np.ndarray:
    df = np.asarray(df, dtype=float)
    return np.where(df > 0, df, np.nan)
