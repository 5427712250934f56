"""Linearised (Taylor series) variances of domain estimates, as R ``survey`` computes them.

Every statistic here is ``sum(w*y)/sum(w*x)`` (mean, proportion, ratio) or ``sum(w*y)``
(total) over a domain. Its influence value for a row is ``a * (w*y - estimate*w*x)`` with
``a = 1/X`` per domain (``a = 1`` and no centring for a total), which is R's
``x*pweights/psum`` after centring (``svymean``), ``r/prob`` (``svyratio``) and ``x/prob``
(``svytotal``). The compiled SQL returns, per domain and stratum, the sums over PSUs of the
residual totals ``e = V - estimate * U`` (``V = sum(w*y)``, ``U = sum(w*x)`` per PSU) and
of their squares; the PSU totals of the influence values are ``Z = a*e``, and the
stratum's contribution is

    f_h * n_h/(n_h - 1) * sum_j (Z_hj - mean_h Z)^2 ,   f_h = (N_h - n_h)/N_h (1 without fpc)

where the mean runs over all ``n_h`` PSUs of the stratum in the full design, PSUs without
domain members counting as zero (R ``onestrat``: "nsubset < nPSU" padding). With fpc at both
stages the second stage adds ``n_h/N_h`` times the same formula within each PSU (R
``multistage``; Cochran 1977, eq. 10.21; Särndal, Swensson & Wretman 1992, sec. 4.3).

Lonely PSUs follow R ``survey.lonely.psu`` and, with ``domain_lonely="apply"``,
``survey.adjust.domain.lonely=TRUE``: ``adjust`` leaves the lonely PSU uncentred,
``average`` replaces its stratum by the average of the others, ``remove`` and ``certainty``
contribute zero.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from safemig.design import Design
from safemig.estimate.arrays import arrow_numbers, as_numpy, dictionary_codes
from safemig.estimate.checks import StageInfo
from safemig.estimate.compiler import H
from safemig.estimate.measures import Measure
from safemig.estimate.numbering import combine_codes, number_codes

SELF_REPRESENTING = 1e-7  # R: all(f < 0.0000001) makes a stratum self-representing


@dataclass(frozen=True)
class Groups:
    """Groups of sampling units: one per (domain, stratum), or (domain, PSU) at stage 2.

    ``dom`` and ``index`` give each group's domain and its stratum (or PSU) number in the
    design summary; ``of_unit`` gives each unit row its group (-1: the row is in no domain).
    """

    dom: np.ndarray
    index: np.ndarray
    of_unit: np.ndarray

    @classmethod
    def of(cls, unit_dom: np.ndarray, unit_index: np.ndarray) -> Groups:
        ok = unit_dom >= 0
        width = int(unit_index.max(initial=0)) + 1
        key = unit_dom[ok] * width + unit_index[ok]
        span = (int(unit_dom.max(initial=0)) + 1) * width
        unique, _first, inverse = number_codes(key, span)
        of_unit = np.full(unit_dom.shape, -1, dtype=np.int64)
        of_unit[ok] = inverse
        return cls(unique // width, unique % width, of_unit)

    def sum(self, values: np.ndarray) -> np.ndarray:
        return _bin_sums(self._bins, values, len(self.dom))

    def units_with(self, name: str, values: np.ndarray) -> np.ndarray:
        """Per group, the units where ``values`` (the unit totals of the column ``name``,
        a count) is positive; found once per column: a proportion's levels share their
        count columns, and a catalogue has hundreds of levels."""
        found = self._units_with.get(name)
        if found is None:
            found = self._units_with[name] = self.sum((values > 0).astype(float))
        return found

    @cached_property
    def _units_with(self) -> dict[str, np.ndarray]:
        return {}

    @cached_property
    def _bins(self) -> np.ndarray:
        """Each unit row's group, rows in no group in a spare last bin; found once: every
        measure sums over the same groups."""
        return _spare_bin(self.of_unit, len(self.dom))


@dataclass(frozen=True)
class Moments:
    """Per group (domain x stratum, or domain x PSU at stage 2): the sum of unit residuals
    ``e = V - estimate * U`` (``V`` for totals), the sum of their squares, the number of
    units holding domain members and of units holding nonzero-weight members."""

    se: np.ndarray
    see: np.ndarray
    nsub: np.ndarray
    npz: np.ndarray

    @classmethod
    def of(
        cls, groups: Groups, residual: np.ndarray, count: np.ndarray, nonzero: np.ndarray
    ) -> Moments:
        """Moments from unit rows: residual totals, member counts, nonzero-weight counts."""
        return cls(
            groups.sum(residual),
            groups.sum(residual * residual),
            groups.sum((count > 0).astype(float)),
            groups.sum((nonzero > 0).astype(float)),
        )


def residuals(
    m: Measure, v: np.ndarray, u: np.ndarray, estimate: np.ndarray, dom: np.ndarray
) -> np.ndarray:
    """Unit residual totals ``V - estimate * U`` (``V`` for a total), formed before any
    squaring, as R centres before ``crossprod``: expanding squares instead loses every
    digit when a domain sits in one PSU (its residual is exactly zero)."""
    if m.is_total:
        return v
    with np.errstate(invalid="ignore"):
        return v - estimate[np.maximum(dom, 0)] * u


@dataclass(frozen=True)
class Estimates:
    """Point estimates and their ingredients, per domain, for one measure."""

    estimate: np.ndarray
    a: np.ndarray
    b: np.ndarray


def point_estimates(m: Measure, v_total: np.ndarray, u_total: np.ndarray) -> Estimates:
    """Estimate and influence coefficients from domain totals of ``w*y`` and ``w*x``."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if m.is_total:
            return Estimates(v_total, np.ones_like(v_total), np.zeros_like(v_total))
        est = v_total / u_total
        return Estimates(est, 1.0 / u_total, -est / u_total)


def stage_contributions(
    mom: Moments, coef: Estimates, dom: np.ndarray, n: np.ndarray, f: np.ndarray, design: Design
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's variance contribution (NaN for an ``average`` lonely PSU) and whether the
    row's stratum (or PSU, at stage 2) holds members of its domain.

    ``n`` and ``f`` are the number of units and the unsampled fraction of the row's stratum
    (or PSU, at stage 2) in the full design.
    """
    keep = mom.nsub > 0
    a = coef.a[dom]
    sz, szz = a * mom.se, a * a * mom.see
    with np.errstate(invalid="ignore", divide="ignore"):
        centred = szz - sz * sz / n
        scale = np.where(n > 1, f * n / np.maximum(n - 1, 1), f)
    contribution = scale * centred
    lonely = (n == 1) | ((mom.nsub == 1) & (n > 1) & (design.domain_lonely == "apply"))
    if design.lonely_psu == "adjust":
        contribution = np.where(lonely, scale * szz, contribution)
    elif design.lonely_psu == "average":
        contribution = np.where(lonely, np.nan, contribution)
    return np.where(f < SELF_REPRESENTING, 0.0, contribution), keep


def sum_strata(
    contribution: np.ndarray, keep: np.ndarray, dom: np.ndarray, n_domains: int
) -> np.ndarray:
    """Stage-1 variance per domain; strata left NaN by ``average`` are replaced by the mean
    of the others (R ``onestage``: ``sum(na.rm=TRUE) * nstrat / nokstrat``)."""
    rows = np.flatnonzero(keep)
    ok = rows[~np.isnan(contribution[rows])]
    summed = np.bincount(dom[ok], contribution[ok], minlength=n_domains)
    present = np.bincount(dom[rows], minlength=n_domains).astype(float)
    counted = np.bincount(dom[ok], minlength=n_domains).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(present == counted, summed, summed * present / counted)


def sum_psus(
    contribution: np.ndarray, keep: np.ndarray, dom: np.ndarray, n_domains: int
) -> np.ndarray:
    """Stage-2 variance per domain. Each PSU is its own stratum at stage 2, so an
    ``average`` lonely unit has no other stratum to borrow from: R returns NaN, and so do we."""
    rows = np.flatnonzero(keep)
    return np.bincount(dom[rows], contribution[rows], minlength=n_domains)


def stage1_index(table: pa.Table, info: StageInfo) -> np.ndarray:
    """Stratum number (in the design summary) of every row of ``table``."""
    return match_rows(table, info.keys, [H])


def stage2_multiplier(stage1: StageInfo, stage2: StageInfo) -> np.ndarray:
    """R's ``n_h / N_h`` for every PSU of the stage-2 summary (its stratum's sampled share)."""
    strata = match_rows(stage2.keys, stage1.keys, [H])
    return stage1.n[strata] / stage1.population[strata]


def match_rows(table: pa.Table, keys: pa.Table, names: list[str]) -> np.ndarray:
    """Row number in ``keys`` of every row of ``table`` (matching on ``names``)."""
    if len(names) == 1:
        index = pc.index_in(table.column(names[0]), value_set=keys.column(names[0]))
        return as_numpy(index, np.int64)
    found = _match_by_codes(table, keys, names)
    if found is not None:
        return found
    left = table.select(names).append_column(
        "__left", arrow_numbers(np.arange(table.num_rows, dtype=np.int64))
    )
    right = keys.select(names).append_column(
        "__right", arrow_numbers(np.arange(keys.num_rows, dtype=np.int64))
    )
    joined = left.join(right, keys=names).sort_by("__left")
    return as_numpy(joined.column("__right"), np.int64)


def _match_by_codes(table: pa.Table, keys: pa.Table, names: list[str]) -> np.ndarray | None:
    """:func:`match_rows` by dictionary codes of the key columns of both tables, when every
    row of ``table`` has exactly one row in ``keys`` (unique, complete keys of integer or
    text type); ``None`` otherwise, and the join decides. The join cost an Arrow Acero
    plan per call (and the import of ``pyarrow.dataset`` on the first)."""
    n, m = table.num_rows, keys.num_rows
    columns = []
    for name in names:
        a, b = table.column(name), keys.column(name)
        kind = a.type
        simple = pa.types.is_integer(kind) or pa.types.is_string(kind)
        if not simple or b.type != kind or a.null_count or b.null_count:
            return None
        both = pa.chunked_array([*a.chunks, *b.chunks], type=kind).combine_chunks()
        codes, dictionary = dictionary_codes(both)
        columns.append((codes, max(len(dictionary), 1)))
    combined, span = combine_codes(columns, n + m)
    unique, _first, inverse = number_codes(combined, span)
    row_of = np.full(len(unique), -1, dtype=np.int64)
    row_of[inverse[n:]] = np.arange(m, dtype=np.int64)
    rows = row_of[inverse[:n]]
    if np.bincount(inverse[n:], minlength=len(unique)).max(initial=0) > 1 or np.any(rows < 0):
        return None
    return rows


def _floats(column: pa.ChunkedArray) -> np.ndarray:
    return as_numpy(column, float)


def domain_sums(values: np.ndarray, dom: np.ndarray, n_domains: int) -> np.ndarray:
    """Sum per domain of row values, ignoring rows of no domain."""
    ok = dom >= 0
    return np.bincount(dom[ok], values[ok], minlength=n_domains)


class NamedSums(ABC):
    """Domain totals of named columns, each found once (measures share their weight and
    count sums); subclasses say how a column is summed (:meth:`sums`)."""

    @abstractmethod
    def sums(self, values: np.ndarray) -> np.ndarray:
        """Domain totals of one column."""

    def named_sums(self, name: str, values: np.ndarray) -> np.ndarray:
        """:meth:`sums` of the column ``name``, computed at its first request."""
        found = self._named.get(name)
        if found is None:
            found = self._named[name] = self.sums(values)
        return found

    @cached_property
    def _named(self) -> dict[str, np.ndarray]:
        return {}


@dataclass(frozen=True)
class DomainRows(NamedSums):
    """Rows of a unit table that belong to a domain, found once for the sums of every
    measure (:func:`domain_sums` finds them at every call)."""

    bins: np.ndarray
    n_domains: int

    @classmethod
    def of(cls, dom: np.ndarray, n_domains: int) -> DomainRows:
        return cls(_spare_bin(dom, n_domains), n_domains)

    def sums(self, values: np.ndarray) -> np.ndarray:
        return _bin_sums(self.bins, values, self.n_domains)


def _spare_bin(index: np.ndarray, size: int) -> np.ndarray:
    """``index`` (group numbers below ``size``, -1 for none) with -1 turned into ``size``.

    Summing every row into ``size + 1`` bins and dropping the spare one gives bit for bit
    the sums over the rows with a group (each bin adds the same values in the same order)
    without first copying those rows out of every column: the unit table of the 1M-row
    catalogue has 1.3M rows, and that copy was as costly as the sum itself.
    """
    return np.where(index < 0, size, index)


def _bin_sums(bins: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Sums of ``values`` per bin of :func:`_spare_bin`, the spare bin dropped."""
    return np.bincount(bins, values, minlength=size + 1)[:size]


def design_df(npz: np.ndarray, dom: np.ndarray, n_domains: int) -> np.ndarray:
    """R ``degf``: PSUs with a nonzero-weight domain member, minus strata holding them."""
    ok = (dom >= 0) & (npz > 0)
    psus = np.bincount(dom[ok], npz[ok], minlength=n_domains)
    strata = np.bincount(dom[ok], minlength=n_domains)
    return psus - strata
