"""Calibrated weights from aggregates, in NumPy: post-stratification, raking, GREG.

Everything here works on a :class:`Patterns` table, the data summed by distinct values of the
calibration variables (one row per combination of levels; numeric variables keep their
values): the sum of base weights and the number of rows of each pattern. That table comes
from one SQL aggregation on any backend; the solves below are small.

Each method returns a :class:`Factor`, the ratio g = calibrated / base weight as a function
of a row's pattern, in a form that can be written back as SQL, and the
:class:`Residualiser` that the linearised variance needs (R ``svyrecvar``'s ``postStrata``).

References: Deville & Särndal (1992), "Calibration estimators in survey sampling", JASA 87;
Deville, Särndal & Sautory (1993), "Generalized raking procedures", JASA 88; R ``survey``
(Lumley) ``postStratify``, ``rake``, ``calibrate``, ``grake``, ``regcalibrate``, ``svyrecvar``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import special

from safemig.errors import ConvergenceError
from safemig.i18n import Text
from safemig.weights.spec import Calibration

#: R's MASS::ginv tolerance in grake: singular values below 256 * eps * the largest are zero.
GINV_TOLERANCE = 256 * np.finfo(float).eps
#: svyrecvar iterates the raking projections ten times (survey >= 3.6-3).
RAKE_VARIANCE_SWEEPS = 10


class CalibrationWarning(UserWarning):
    """A calibration succeeded with a caveat (negative weights under linear calibration)."""


@dataclass(frozen=True)
class Patterns:
    """Distinct calibration patterns with their weight sums.

    ``codes[i, m]`` is the level number of margin ``m`` in pattern ``i``; ``values[i, k]`` the
    value of numeric variable ``k``; ``weight[i]`` the sum of base weights (``weights[r][i]``
    for replicate ``r``); ``count[i]`` the number of rows.
    """

    codes: np.ndarray
    values: np.ndarray
    weight: np.ndarray
    count: np.ndarray


@dataclass(frozen=True)
class Factor:
    """g = calibrated / base weight, per pattern, in one of two forms.

    ``levels``: g is the product over margins of ``levels[m][level of m]`` (post-stratification,
    raking by IPF). ``coef``: g = F(M coef) for the model matrix M of the calibration
    (``calfun`` ``linear``, ``raking`` or ``logit``, within ``bounds``), then trimmed to
    ``trim`` with ``spread`` added to the untrimmed (R ``calibrate(trim=)``).
    """

    levels: tuple[np.ndarray, ...] | None = None
    coef: np.ndarray | None = None
    calfun: str = "linear"
    bounds: tuple[float, float] = (-math.inf, math.inf)
    trim: tuple[float, float] | None = None
    spread: float = 0.0


@dataclass(frozen=True)
class Residualiser:
    """What the linearised variance needs to residualise influence values.

    With per-row columns ``a_k`` (summed per PSU) and ``b_k`` (summed per domain with the
    unweighted influence ``(y - estimate * x)``), the PSU totals of the residualised influence
    values are ``E - C A'`` where ``C = coefficients(S)`` maps the domain sums ``S`` of
    ``b_k * (y - estimate * x)`` to coefficients. ``greg``: ``a = w_cal * M``, ``b = w_base * M``
    and ``C = S G^-1``, ``G = sum w_base M M'`` (R: ``qr.resid`` in ``svyrecvar``). ``rake``:
    ``a_jl = w_j 1{level l of margin j}``, ``b_jl = (w_cal / w_j) 1{...}`` with ``w_j`` the
    weights after margin ``j`` in the last sweep, and the ten sweeps of projections of
    ``svyrecvar`` applied to the coefficients (``cross``, ``counts``).
    """

    kind: str
    gram: np.ndarray | None = None
    cross: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)
    counts: tuple[np.ndarray, ...] = ()
    blocks: tuple[int, ...] = ()
    after: tuple[tuple[np.ndarray, ...], ...] = ()  # rake: level factors after each margin

    def coefficients(self, sums: np.ndarray) -> np.ndarray:
        """Coefficients ``C`` (domains x columns) from domain sums ``S`` (domains x columns)."""
        if self.kind == "greg":
            assert self.gram is not None
            return np.linalg.solve(self.gram, sums.T).T
        return self._rake_coefficients(sums)

    def _rake_coefficients(self, sums: np.ndarray) -> np.ndarray:
        starts = np.concatenate([[0], np.cumsum(self.blocks)])
        parts = [sums[:, starts[j] : starts[j + 1]] for j in range(len(self.blocks))]
        coef = [np.zeros_like(p) for p in parts]
        for _ in range(RAKE_VARIANCE_SWEEPS):
            for k in range(len(parts)):
                moved = sum(coef[j] @ self.cross[(j, k)] for j in range(len(parts)))
                coef[k] = coef[k] + (parts[k] - moved) / self.counts[k]
        return np.concatenate(coef, axis=1)


@dataclass(frozen=True)
class Solution:
    """A solved calibration: the weight factor per pattern, and the residualiser."""

    factor: Factor
    g: np.ndarray
    residualiser: Residualiser
    iterations: int = 1


def model_matrix(cal: Calibration, p: Patterns) -> tuple[np.ndarray, np.ndarray]:
    """R's ``model.matrix(~ a + b + x)`` and the population totals of its columns.

    Columns: the intercept (when the population size is known), each categorical margin's
    levels but its first (treatment contrasts), each numeric variable.
    """
    columns, totals = [], []
    size = cal.population_size
    if size is not None:
        columns.append(np.ones(len(p.weight)))
        totals.append(size)
    for m, margin in enumerate(cal.margins):
        skip = 1 if size is not None else (0 if m == 0 else 1)
        for level in range(skip, len(margin.levels)):
            columns.append((p.codes[:, m] == level).astype(float))
            totals.append(margin.totals[level])
    for k, (_, total) in enumerate(cal.numeric):
        columns.append(p.values[:, k])
        totals.append(total)
    return np.column_stack(columns), np.asarray(totals, dtype=float)


def indicator_matrix(cal: Calibration, p: Patterns, margin: int) -> np.ndarray:
    """One 0/1 column per level of a margin."""
    levels = len(cal.margins[margin].levels)
    return (p.codes[:, margin][:, None] == np.arange(levels)[None, :]).astype(float)


def poststratify(cal: Calibration, p: Patterns, weight: np.ndarray) -> Solution:
    """R ``postStratify``: each post-stratum's weights scaled to its population count."""
    margin = cal.margins[0]
    observed = np.bincount(p.codes[:, 0], weight, minlength=len(margin.levels))
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(observed > 0, np.asarray(margin.totals) / observed, 1.0)
    return Solution(
        Factor(levels=(factor,)),
        factor[p.codes[:, 0]],
        Residualiser("greg", gram=np.diag(observed)),
        1,
    )


def rake(cal: Calibration, p: Patterns, weight: np.ndarray, sweeps: int | None = None) -> Solution:
    """R ``rake``: iterative post-stratification on each margin in turn until no cell of the
    joint table moves by ``epsilon`` (or, with ``sweeps``, exactly that many sweeps, as R
    rakes replicate weights in step with the full sample)."""
    cum = [np.ones(len(m.levels)) for m in cal.margins]
    epsilon = cal.effective_epsilon
    if epsilon < 1:
        epsilon = epsilon * float(weight.sum())
    old = weight.copy()
    after: list[tuple[np.ndarray, ...]] = []
    done, converged = 0, False
    limit = sweeps if sweeps is not None else cal.effective_maxit
    while done < limit:
        after = []
        for m, margin in enumerate(cal.margins):
            g = _product(cum, p.codes)
            observed = np.bincount(p.codes[:, m], weight * g, minlength=len(margin.levels))
            with np.errstate(divide="ignore", invalid="ignore"):
                step = np.where(observed > 0, np.asarray(margin.totals) / observed, 1.0)
            cum[m] = cum[m] * step
            after.append(tuple(c.copy() for c in cum))
        new = weight * _product(cum, p.codes)
        done += 1
        if sweeps is None and np.max(np.abs(old - new)) < epsilon:
            converged = True
            break
        old = new
    if sweeps is None and not converged:
        moved = float(np.max(np.abs(old - weight * _product(cum, p.codes))))
        raise ConvergenceError(
            Text(
                f"Raking did not converge in {done} sweeps (a cell of the joint table of "
                f"{', '.join(m.variable for m in cal.margins)} still moves by {moved:.3g}, "
                f"more than epsilon = {epsilon:.3g}). Check that the margins are consistent "
                "(no level combination forced to zero), or raise --calibrate-maxit.",
                f"Le raking n'a pas convergé en {done} passages (une cellule du tableau croisé "
                f"de {', '.join(m.variable for m in cal.margins)} bouge encore de "
                f"{moved:.3g}, plus que epsilon = {epsilon:.3g}). Vérifiez la cohérence des "
                "marges (aucune combinaison forcée à zéro), ou augmentez --calibrate-maxit.",
            )
        )
    return Solution(
        Factor(levels=tuple(cum)),
        _product(cum, p.codes),
        _rake_residualiser(cal, p, after),
        done,
    )


def _product(levels: list[np.ndarray] | tuple[np.ndarray, ...], codes: np.ndarray) -> np.ndarray:
    g = np.ones(codes.shape[0])
    for m, factor in enumerate(levels):
        g = g * factor[codes[:, m]]
    return g


def _rake_residualiser(
    cal: Calibration, p: Patterns, after: list[tuple[np.ndarray, ...]]
) -> Residualiser:
    F = [_product(a, p.codes) for a in after]  # weights after margin j / base weights
    ind = [indicator_matrix(cal, p, m) for m in range(len(cal.margins))]
    cross = {
        (j, k): (ind[j] * (p.count * F[j] / F[k])[:, None]).T @ ind[k]
        for j in range(len(F))
        for k in range(len(F))
    }
    counts = tuple(np.maximum(p.count @ ind[k], 1.0) for k in range(len(F)))
    return Residualiser(
        "rake",
        cross=cross,
        counts=counts,
        blocks=tuple(len(m.levels) for m in cal.margins),
        after=tuple(after),
    )


def greg(cal: Calibration, p: Patterns, weight: np.ndarray) -> Solution:
    """R ``calibrate``: linear (GREG, closed form as ``regcalibrate``), raking or logit
    (Newton iterations as ``grake``), then optional trimming."""
    M, population = model_matrix(cal, p)
    gram = (M * weight[:, None]).T @ M
    low, high = cal.bounds
    if cal.method == "linear" and math.isinf(low) and math.isinf(high):
        coef = np.linalg.solve(gram, population - weight @ M)
        factor = Factor(coef=coef, calfun="linear")
        iterations = 1
    else:
        coef, iterations = _newton(cal, M, weight, population)
        factor = Factor(coef=coef, calfun=cal.method, bounds=cal.bounds)
    g = factor_values(factor, M)
    if cal.trim is not None:
        factor, g = _trimmed(factor, g, weight * 1.0, cal.trim)
    return Solution(factor, g, Residualiser("greg", gram=gram), iterations)


def calfun(name: str, u: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    """g = 1 + F(u): R's ``cal.linear``, ``cal.raking``, ``cal.logit`` (Deville-Särndal)."""
    low, high = bounds
    if name == "linear":
        return np.clip(1 + u, low, high)
    if name == "raking":
        with np.errstate(over="ignore"):
            return np.clip(np.exp(u), low, high)
    # R's (L(U-1) + U(1-L)e^{Au}) / (U-1 + (1-L)e^{Au}), written as L + (U-L) expit(Au + c)
    # so that a large step gives U, not inf/inf.
    A, shift = _logit_constants(bounds)
    return low + (high - low) * special.expit(A * u + shift)


def _logit_constants(bounds: tuple[float, float]) -> tuple[float, float]:
    low, high = bounds
    A = (high - low) / ((high - 1) * (1 - low))
    return A, math.log((1 - low) / (high - 1))


def calfun_derivative(name: str, u: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    low, high = bounds
    inside = (u < high - 1) & (u > low - 1)
    if name == "linear":
        return inside.astype(float)
    if name == "raking":
        with np.errstate(over="ignore"):
            return np.where(inside, np.exp(u), 0.0)
    A, shift = _logit_constants(bounds)
    t = special.expit(A * u + shift)
    return (high - low) * A * t * (1 - t)


def factor_values(factor: Factor, M: np.ndarray) -> np.ndarray:
    """g per row of the model matrix, before trimming."""
    assert factor.coef is not None
    return calfun(factor.calfun, M @ factor.coef, factor.bounds)


def _newton(
    cal: Calibration, M: np.ndarray, weight: np.ndarray, population: np.ndarray
) -> tuple[np.ndarray, int]:
    """R ``grake``: Newton steps from g = 1, halving a step that leaves g non-finite."""
    name, bounds = cal.method, cal.bounds
    maxit, epsilon = cal.effective_maxit, cal.effective_epsilon
    eta = np.zeros(M.shape[1])
    sample = weight @ M
    u = M @ eta
    deriv = calfun_derivative(name, u, bounds)
    iteration = 1
    while True:
        T = (M * (weight * deriv)[:, None]).T @ M
        misfit = population - sample - (weight * (calfun(name, u, bounds) - 1)) @ M
        step = np.linalg.pinv(T, rcond=GINV_TOLERANCE) @ misfit
        eta = eta + step
        u = M @ eta
        g, deriv = calfun(name, u, bounds), calfun_derivative(name, u, bounds)
        while iteration < maxit and not (np.all(np.isfinite(g)) and np.all(np.isfinite(deriv))):
            iteration += 1
            step = step / 2
            eta = eta - step
            u = M @ eta
            g, deriv = calfun(name, u, bounds), calfun_derivative(name, u, bounds)
        misfit = population - sample - (weight * (g - 1)) @ M
        achieved = np.abs(misfit) / (1 + np.abs(population))
        achieved = np.where(np.isnan(achieved), np.inf, achieved)
        if np.all(achieved < epsilon):
            return eta, iteration
        iteration += 1
        if iteration > maxit:
            raise ConvergenceError(
                Text(
                    f"{name.capitalize()} calibration did not converge in {maxit} iterations "
                    f"(largest relative misfit {float(np.max(achieved)):.3g} > {epsilon:g}). "
                    "The bounds may be too tight for these totals: widen --bounds, or check "
                    "the totals against the data.",
                    f"Le calage {name} n'a pas convergé en {maxit} itérations (écart relatif "
                    f"maximal {float(np.max(achieved)):.3g} > {epsilon:g}). Les bornes sont "
                    "peut-être trop étroites pour ces totaux : élargissez --bounds, ou "
                    "vérifiez les totaux face aux données.",
                )
            )


def _trimmed(
    factor: Factor, g: np.ndarray, weight: np.ndarray, trim: tuple[float, float]
) -> tuple[Factor, np.ndarray]:
    """R ``calibrate(trim=)``: clamp g, give the trimmed weight to the untrimmed units."""
    low, high = trim
    clamped = np.clip(g, low, high)
    outside = (g < low) | (g > high)
    if not outside.any():
        return factor, g
    spread = float(((g - clamped) * weight).sum() / weight[~outside].sum())
    trimmed = np.where(outside, clamped, clamped + spread)
    return Factor(
        coef=factor.coef, calfun=factor.calfun, bounds=factor.bounds, trim=trim, spread=spread
    ), trimmed


def solve(cal: Calibration, p: Patterns, weight: np.ndarray, sweeps: int | None = None) -> Solution:
    """Calibrate ``weight`` (per-pattern base-weight sums) as ``cal`` asks."""
    if cal.method == "poststratify":
        solution = poststratify(cal, p, weight)
    elif cal.method == "rake":
        solution = rake(cal, p, weight, sweeps)
    else:
        solution = greg(cal, p, weight)
    if cal.method == "linear" and np.any((solution.g < 0) & (weight > 0)):
        warnings.warn(
            Text(
                f"Linear calibration gave {int(np.sum((solution.g < 0) & (weight > 0)))} "
                "pattern(s) of negative weights. Estimates remain unbiased, but negative "
                "weights are hard to explain; consider bounded calibration "
                "(--calibrate-method logit --bounds 0.5,3).",
                f"Le calage linéaire a donné des poids négatifs dans "
                f"{int(np.sum((solution.g < 0) & (weight > 0)))} profil(s). Les estimations "
                "restent sans biais, mais des poids négatifs sont difficiles à expliquer ; "
                "envisagez un calage borné (--calibrate-method logit --bounds 0.5,3).",
            ),
            CalibrationWarning,
            stacklevel=2,
        )
    return solution
