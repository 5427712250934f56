"""Run a request: check it, compile it, execute it on a backend, compute the variances.

>>> from safemig import Design
>>> from safemig.estimate import Mean, Request, estimate
>>> results = estimate("apistrat.csv", Design(weights="pw", strata="stype", fpc="fpc"),
...                    Request((Mean("api00"),), by=(("stype",),)))  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
from scipy import special
from sqlglot import exp
from sqlglot.errors import ParseError

from safemig.design import Design
from safemig.errors import RequestError
from safemig.estimate import intervals
from safemig.estimate.arrays import arrow_numbers, arrow_strings, arrow_values, as_numpy
from safemig.estimate.backends import Backend, Source, open_backend

# The default backend loads with the engine (DuckDB and its SQL dialect, about 50 ms), not
# during the first estimate: imports are start-up time, the estimate's time is its own.
from safemig.estimate.backends import duckdb as _default_backend  # noqa: F401
from safemig.estimate.checks import (
    DesignSummary,
    check_inputs,
    learn_facts,
    summarise_design,
)
from safemig.estimate.compiler import (
    CELLS,
    SOURCE,
    H,
    P,
    S,
    Slots,
    cells_query,
    domain_condition,
    plan_slots,
    replicate_pattern_query,
    replicate_query,
)
from safemig.estimate.dataset import Dataset
from safemig.estimate.derive import RAW, columns_read, derived_query
from safemig.estimate.domains import DomainIndex
from safemig.estimate.measures import Measure
from safemig.estimate.prepare import Prepared, prepare_request
from safemig.estimate.quantile import (
    QuantileResult,
    estimate_quantiles,
    quantiles_of,
    read_quantile_rows,
)
from safemig.estimate.replicate import replicate_df, replicate_variance
from safemig.estimate.request import Quantile, Request
from safemig.estimate.results import Results
from safemig.estimate.rollup import CellDomains, CellRollup, Units
from safemig.estimate.sqlparts import parse_user
from safemig.estimate.taylor import (
    DomainRows,
    Estimates,
    Groups,
    Moments,
    design_df,
    domain_sums,
    match_rows,
    point_estimates,
    residuals,
    stage1_index,
    stage2_multiplier,
    stage_contributions,
    sum_psus,
    sum_strata,
)
from safemig.i18n import Text

if TYPE_CHECKING:
    from safemig.estimate.calibration import SqlResidualiser

Step = Callable[[str], None]
#: Worker threads for the NumPy work after the backend's statements (the machines this
#: targets have two cores or more; the backend's own threads are idle by then).
WORKERS = 2
#: Blocks of cell columns in the workers' hands at once (one more waits, read). The 1M
#: catalogue (load 1.4-1.9) took the same wall with two and 0.5 s more CPU (13.9-14.0 s
#: against 13.1-13.4 s): the reads, one block's variances and the quantiles fill two cores.
BLOCKS_AHEAD = 1
ZERO_SPREAD = 1e-12  # relative to the mean square: below this the values do not vary


@dataclass(frozen=True)
class MeasureResult:
    """Per-domain numbers of one measure (arrays indexed by domain number)."""

    measure: Measure
    estimate: np.ndarray
    variance: np.ndarray
    n: np.ndarray
    n_weighted: np.ndarray
    df: np.ndarray
    deff: np.ndarray
    logit_variance: np.ndarray | None = None


def estimate(
    data: Source | Dataset,
    design: Design,
    request: Request,
    backend: str | Backend | None = None,
    step: Step | None = None,
) -> Results:
    """Estimate every statistic of ``request`` over every cut, with design-based errors.

    Parameters
    ----------
    data
        CSV or Parquet path, an Arrow table, or a :class:`~safemig.estimate.dataset.Dataset`
        (data read once with :func:`safemig.load`, for many requests).
    design
        The survey design (:class:`safemig.Design`).
    request
        Statistics, disaggregations, universe and interval options.
    backend
        ``"duckdb"`` (the default for a file or table), ``"spark"``, or a backend object. A
        dataset runs on the backend it was loaded on.
    step
        Called with a short label as each stage starts (for progress display).

    Returns
    -------
    Results
        One row per statistic x domain x level.

    Raises
    ------
    safemig.errors.InputError
        Any problem with the data, the design or the request, naming the culprit.
    """
    announce = step or (lambda _label: None)
    if isinstance(data, Dataset):
        _same_backend(data, backend)
        with data.lock:
            data.check_open()
            return _estimate(data.loaded, design, request, data.backend, announce)
    if backend is None or isinstance(backend, str):
        with contextlib.closing(open_backend(backend or "duckdb")) as opened:
            return _estimate(data, design, request, opened, announce)
    return _estimate(data, design, request, backend, announce)


def _same_backend(data: Dataset, backend: str | Backend | None) -> None:
    """Refuse a backend other than the one ``data`` lives on (``None`` means that one)."""
    here = data.backend.dialect
    if backend is None or backend is data.backend or backend == here:
        return
    if isinstance(backend, str):
        raise RequestError(
            Text(
                f"The data were loaded on {here} and cannot be estimated on {backend}; "
                f"load them with safemig.load(..., backend={backend!r}).",
                f"Les données ont été chargées sur {here} et ne peuvent être estimées sur "
                f"{backend} ; chargez-les avec safemig.load(..., backend={backend!r}).",
            )
        )
    raise RequestError(
        Text(
            f"The data were loaded on another {here} backend than the one given; give no "
            "backend (the data's own is used), or load them on this one with "
            "safemig.load(..., backend=engine).",
            f"Les données ont été chargées sur un autre moteur {here} que celui donné ; "
            "ne donnez pas de moteur (celui des données sert), ou chargez-les sur celui-ci "
            "avec safemig.load(..., backend=engine).",
        )
    )


def _estimate(
    data: Source, design: Design, request: Request, engine: Backend, announce: Step
) -> Results:
    """:func:`estimate` on an open backend, which the caller closes."""
    announce("Reading data")
    calibrated_weights = design.calibration is not None
    if design.calibration is not None:
        # Calibration (and the weighting package) loads only for calibrated designs.
        from safemig.estimate.calibration import UNCALIBRATED, calibrate_source
    name = SOURCE if design.calibration is None else UNCALIBRATED
    _register_source(engine, data, request, design, name)
    if design.replicates is not None and design.replicates.pattern is not None:
        columns = list(engine.column_kinds(name))
        design = replace(design, replicates=design.replicates.resolved(columns))
    residualiser = None
    if design.calibration is not None:
        announce("Calibrating")
        calibrated = calibrate_source(engine, design, name)
        design, residualiser = calibrated.design, calibrated.residualiser
    announce("Checking the design")
    prepared = prepare_request(engine, design, request)
    layout = prepared.layout
    summary = None
    if design.replicates is None:
        # The checks' scan also finds the domains that hold on every row, so that the
        # cell aggregation (the costly scan) sums those without a CASE, and only once.
        conditions = [domain_condition(layout, m) for m in prepared.measures]
        rows, layout = learn_facts(engine, layout, prepared.checked, conditions)
        prepared = replace(prepared, layout=layout)
        announce("Aggregating")
        engine.materialize(CELLS, cells_query(layout, prepared.measures))
        summary = summarise_design(engine, layout, rows)
    else:
        check_inputs(engine, layout, prepared.checked)
        announce("Aggregating")
    domains = DomainIndex(prepared.layout.cuts, prepared.layout.by_columns)
    if summary is not None and residualiser is None and not calibrated_weights:
        measured, quantiles = _taylor_and_quantiles(engine, prepared, summary, domains, request)
    else:
        if summary is not None:
            measured = _taylor(engine, prepared, summary, domains, residualiser)
        else:
            measured = _replicated(engine, prepared, domains)
        announce("Quantiles")
        quantiles = estimate_quantiles(
            engine, prepared, summary, domains, request, residualiser, calibrated_weights
        )
    announce("Writing results")
    return _assemble(prepared, domains, measured, quantiles, request)


def _named_columns(design: Design, request: Request) -> set[str]:
    """Every column name the design and the request mention (derived ones included)."""
    names = set(design.columns()) | set(request.by_columns)
    for statistic in request.statistics:
        names.update(
            getattr(statistic, a, None) or "" for a in ("variable", "numerator", "denominator")
        )
    if request.where:
        # An invalid condition is reported, with its context, when the universe is checked.
        with contextlib.suppress(ParseError):
            names.update(c.name for c in parse_user(request.where).find_all(exp.Column))
    return names


def _register_source(
    engine: Backend, data: Source, request: Request, design: Design, name: str
) -> None:
    """Make ``data`` queryable as ``name``, with the request's derived variables added."""
    if not request.derive:
        engine.register(name, data)
        return
    engine.register(RAW, data)
    kinds = engine.column_kinds(RAW)
    reps = design.replicates
    pattern = reps.pattern if reps is not None and not reps.columns else None
    keep = columns_read(_named_columns(design, request), kinds, pattern)
    engine.materialize(name, derived_query(request.derive, kinds, keep))


def _taylor_and_quantiles(
    engine: Backend,
    prepared: Prepared,
    summary: DesignSummary,
    domains: DomainIndex,
    request: Request,
) -> tuple[list[MeasureResult], list[QuantileResult]]:
    """The linearised variances and the quantiles, on two worker threads.

    Both are NumPy work after the backend's statements that used one core while the other
    idled (the 1M catalogue: about 3.5 s and 1.6 s); their loops run in NumPy and Arrow,
    outside the GIL (with a free core that call fell from 10.3-10.6 s to 7.6-8.2 s of wall,
    benchmarks/RESULTS.md). Once the quantiles' rows are read and their domains registered,
    they share nothing with the variances, and the variances of one block of cell columns
    share nothing with another's. This thread alone uses the backend (reading the blocks),
    and the domain registry is complete before the workers start.
    """
    read = read_quantile_rows(engine, prepared, summary, domains) if prepared.quantiles else []
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        pending = pool.submit(quantiles_of, read, prepared.layout, summary, request)
        measured = _taylor(engine, prepared, summary, domains, pool=pool)
        return measured, pending.result()


def _taylor(
    engine: Backend,
    prepared: Prepared,
    summary: DesignSummary,
    domains: DomainIndex,
    residualiser: SqlResidualiser | None = None,
    pool: ThreadPoolExecutor | None = None,
) -> list[MeasureResult]:
    """Linearised estimates of every measure, a block of cell columns at a time; with
    ``pool`` the blocks are computed there while this thread reads the next ones."""
    layout, measures = prepared.layout, prepared.measures
    if not measures:
        return []
    slots = plan_slots(layout, measures)
    rollup = CellRollup(engine, layout, measures, slots)
    index = rollup.index((H, P))
    dom = rollup.domain_numbers(index, domains, register=True)
    groups = Groups.of(dom, stage1_index(index.keys, summary.stage1))
    members = rollup.cell_domains(domains)
    n_h = summary.stage1.n[groups.index]
    f_h = summary.stage1.fraction_unsampled[groups.index]
    stage2 = _stage2_units(rollup, prepared, summary, domains)
    D = len(domains)
    if residualiser is not None:
        weighted = [m for m in measures if not m.is_count]
        residualiser.prepare(engine, layout, weighted, domains, summary)

    def measure_block(block: list[Measure], cells: dict[str, np.ndarray]) -> list[MeasureResult]:
        out = []
        units = Units(index, cells)
        units2 = Units(stage2[0], cells) if stage2 is not None else None
        for m in block:
            if m.is_count:
                name = slots.name(m, "c")
                out.append(_counted(m, members.named_sums(name, cells[name])))
                continue
            sums = _linear_sums(cells, m, members, D, slots)
            coef = point_estimates(m, sums["v"], sums["u"])
            mom = _moments(units, m, dom, groups, coef, slots)
            contribution, keep = stage_contributions(mom, coef, groups.dom, n_h, f_h, layout.design)
            variance = sum_strata(contribution, keep, groups.dom, D)
            if residualiser is not None:
                # Both stages from the residualised influence values.
                second = None if units2 is None or stage2 is None else (units2, stage2[1])
                variance = residualiser.variance(
                    m, coef, units, dom, D, summary, layout.design, slots, second
                )
            elif stage2 is not None and units2 is not None:
                _index2, dom2, groups2, m_j, f_j, multiplier = stage2
                mom2 = _moments(units2, m, dom2, groups2, coef, slots)
                c2, keep2 = stage_contributions(mom2, coef, groups2.dom, m_j, f_j, layout.design)
                variance = variance + sum_psus(c2 * multiplier, keep2, groups2.dom, D)
            weight_sum = sums["ws"] if m.is_ratio else sums["u"]
            out.append(
                MeasureResult(
                    m,
                    coef.estimate,
                    variance,
                    sums["c"],
                    weight_sum,
                    design_df(mom.npz, groups.dom, D),
                    _taylor_deff(m, coef, variance, sums),
                )
            )
        return out

    # The cell columns are read a block of measures at a time (bounded memory).
    blocks = rollup.blocks(measures, slots)
    if pool is None:
        return [result for block, cells in blocks for result in measure_block(block, cells)]
    return _blockwise(pool, blocks, measure_block)


def _blockwise(
    pool: ThreadPoolExecutor,
    blocks: Iterator[tuple[list[Measure], dict[str, np.ndarray]]],
    work: Callable[[list[Measure], dict[str, np.ndarray]], list[MeasureResult]],
) -> list[MeasureResult]:
    """``work`` on every block in ``pool``, results in block order. The blocks are read in
    this thread, at most :data:`BLOCKS_AHEAD` waiting or in work, so that memory stays
    bounded (a block holds up to 16M cell values)."""
    pending: deque[Future[list[MeasureResult]]] = deque()
    out: list[MeasureResult] = []
    for block, cells in blocks:
        while len(pending) >= BLOCKS_AHEAD:
            out += pending.popleft().result()
        pending.append(pool.submit(work, block, cells))
    while pending:
        out += pending.popleft().result()
    return out


def _counted(m: Measure, count: np.ndarray) -> MeasureResult:
    """An unweighted count (R ``unwtd.count``): the count itself, with no sampling error."""
    missing = np.full_like(count, np.nan)
    return MeasureResult(m, count, np.zeros_like(count), count, missing, missing, missing)


def _moments(
    units: Units, m: Measure, dom: np.ndarray, groups: Groups, coef: Estimates, slots: Slots
) -> Moments:
    def column(part: str) -> np.ndarray:
        return _column(units, slots.name(m, part))

    e = residuals(m, column("v"), column("u"), coef.estimate, dom)
    nsub = groups.units_with(slots.name(m, "c"), column("c"))
    npz = groups.units_with(slots.name(m, "z"), column("z"))
    return Moments(groups.sum(e), groups.sum(e * e), nsub, npz)


def _stage2_units(
    rollup: CellRollup, prepared: Prepared, summary: DesignSummary, domains: DomainIndex
):  # type: ignore[no-untyped-def]
    """Second-stage unit totals grouped by domain and PSU, when the design has them."""
    layout = prepared.layout
    if not layout.has_ssu or summary.stage2 is None:
        return None
    index = rollup.index((H, P, S))
    dom = rollup.domain_numbers(index, domains, register=False)
    psu = match_rows(index.keys, summary.stage2.keys, [H, P])
    groups = Groups.of(dom, psu)
    multiplier = stage2_multiplier(summary.stage1, summary.stage2)[groups.index]
    m_j = summary.stage2.n[groups.index]
    f_j = summary.stage2.fraction_unsampled[groups.index]
    return index, dom, groups, m_j, f_j, multiplier


def _replicated(engine: Backend, prepared: Prepared, domains: DomainIndex) -> list[MeasureResult]:
    layout, measures = prepared.layout, prepared.measures
    reps = layout.design.replicates
    assert reps is not None
    if not measures:
        return []
    table = engine.execute(replicate_query(layout, measures))
    dom = domains.assign(table, register=True)
    D, R = len(domains), len(reps.columns)
    patterns = engine.execute(replicate_pattern_query(layout, measures))
    rows, pattern_dom = _stack_cuts(patterns, domains)
    factors = np.column_stack([_column(patterns, f"__f{r}") for r in range(R)])[rows]
    row_scale = np.sqrt(_column(patterns, "__scale2"))[rows]
    out = []
    for m in measures:
        if m.is_count:
            out.append(_counted(m, domain_sums(_column(table, f"{m.key}_c"), dom, D)))
            continue
        sums = _linear_sums(table, m, dom, D)
        coef = point_estimates(m, sums["v"], sums["u"])
        v_r = np.column_stack(
            [domain_sums(_column(table, f"{m.key}_v_r{r}"), dom, D) for r in range(R)]
        )
        u_r = np.column_stack(
            [domain_sums(_column(table, f"{m.key}_u_r{r}"), dom, D) for r in range(R)]
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            thetas = v_r if m.is_total else v_r / u_r
        variance = replicate_variance(coef.estimate, thetas, reps)
        in_domain = _column(patterns, f"{m.key}_in")[rows] > 0
        df = replicate_df(factors, in_domain, pattern_dom, D, row_scale)
        deff = _replicate_deff(m, coef, variance, sums, v_r, u_r, reps)
        # R's logit interval refits the logistic model on each replicate: the variance of
        # logit(p) is the replicate variance of logit(p_r), not a delta-method transform.
        with np.errstate(invalid="ignore", divide="ignore"):
            logit_var = replicate_variance(
                special.logit(coef.estimate), special.logit(thetas), reps
            )
        weight_sum = sums["ws"] if m.is_ratio else sums["u"]
        out.append(
            MeasureResult(m, coef.estimate, variance, sums["c"], weight_sum, df, deff, logit_var)
        )
    return out


def _stack_cuts(table: pa.Table, domains: DomainIndex) -> tuple[np.ndarray, np.ndarray]:
    """Repeat each unaggregated row once per cut, with its domain in that cut."""
    rows, doms = [], []
    for cut in range(len(domains.cuts)):
        rows.append(np.arange(table.num_rows))
        doms.append(domains.members(table, cut, register=False))
    return np.concatenate(rows), np.concatenate(doms)


def _linear_sums(
    table: pa.Table | dict[str, np.ndarray],
    m: Measure,
    dom: np.ndarray | CellDomains,
    D: int,
    slots: Slots | None = None,
) -> dict[str, np.ndarray]:
    """Per-domain sums of one measure, from the cell columns ``slots`` names (replicate
    queries name every sum ``<key>_<part>``)."""
    names = ["v", "u", "c", "z", "yy"] + (["ws", "xy", "xx"] if m.is_ratio else [])
    rows = dom if isinstance(dom, CellDomains) else DomainRows.of(dom, D)
    columns = {s: slots.name(m, s) if slots else f"{m.key}_{s}" for s in names}
    return {s: rows.named_sums(name, _column(table, name)) for s, name in columns.items()}


def _column(table: pa.Table | Units | dict[str, np.ndarray], name: str) -> np.ndarray:
    if isinstance(table, dict):
        return table[name]
    if isinstance(table, Units):
        return table.column(name)
    return as_numpy(table.column(name), float)


def _weighted_variance(
    m: Measure, est: np.ndarray, sums: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted population variance (divisor sum of weights) of the value R's ``svyvar`` sees
    for the design effect, and the sum of weights it uses: ``y`` for means and totals, the
    ratio residual ``y - R x`` for ratios.

    A domain whose values do not vary (or with one respondent) has no SRS variance, and
    its design effect is undefined (NaN), not the ratio of two rounding errors."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if m.is_ratio:
            weight = sums["ws"]
            spread = (sums["yy"] - 2 * est * sums["xy"] + est * est * sums["xx"]) / weight
        else:
            weight = sums["u"]
            mean = sums["v"] / weight
            spread = sums["yy"] / weight - mean * mean
        flat = (spread <= ZERO_SPREAD * sums["yy"] / weight) | (sums["c"] <= 1)
        return np.where(flat, np.nan, spread), weight


def _taylor_deff(
    m: Measure, coef: Estimates, variance: np.ndarray, sums: dict[str, np.ndarray]
) -> np.ndarray:
    """Design effect against simple random sampling without replacement (R ``deff=TRUE``)."""
    nobs = sums["z"]
    pop_var, psum = _weighted_variance(m, coef.estimate, sums)
    with np.errstate(invalid="ignore", divide="ignore"):
        svyvar = pop_var * nobs / (nobs - 1)
        if m.is_ratio:
            svyvar = svyvar / (sums["u"] ** 2)
            vsrs = svyvar * psum**2 * (psum - nobs) / (psum * nobs)
        elif m.is_total:
            vsrs = svyvar * psum**2 * (psum - nobs) / (psum * nobs)
        else:
            vsrs = svyvar * (psum - nobs) / (psum * nobs)
            vsrs = np.where(psum < nobs, np.nan, vsrs)
        return variance / vsrs


def _replicate_deff(
    m: Measure,
    coef: Estimates,
    variance: np.ndarray,
    sums: dict[str, np.ndarray],
    v_r: np.ndarray,
    u_r: np.ndarray,
    reps,
) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Design effect of a replicate design (R ``svymean.svyrep.design(deff=TRUE)``)."""
    nobs = sums["c"]
    pop_var, npop = _weighted_variance(m, coef.estimate, sums)
    with np.errstate(invalid="ignore", divide="ignore"):
        svyvar = pop_var * nobs / (nobs - 1)
        if m.is_ratio:
            # R: deff(svytotal(y - R x)): replicate variance of the residual's total.
            theta = sums["v"] - coef.estimate * sums["u"]
            thetas = v_r - coef.estimate[:, None] * u_r
            variance = replicate_variance(theta, thetas, reps)
            vsrs = svyvar * npop**2 / nobs * (npop - nobs) / npop
        elif m.is_total:
            vsrs = svyvar * npop**2 / nobs * (npop - nobs) / npop
        else:
            vsrs = svyvar / nobs * (npop - nobs) / npop
        return variance / vsrs


def _assemble(
    prepared: Prepared,
    domains: DomainIndex,
    measured: list[MeasureResult],
    quantiles: list[QuantileResult],
    request: Request,
) -> Results:
    """One row per result x domain (domains in output order, empty domains left out).

    Built column by column with NumPy: a catalogue has thousands of rows, and writing them
    one value at a time took longer than computing their variances.
    """
    by_cols = prepared.layout.by_columns
    order = domains.order()
    results: list[MeasureResult | QuantileResult] = [*measured, *quantiles]
    ordered = sorted(results, key=lambda r: _position(r, request))
    parts = [_result_columns(r, order, request, len(domains)) for r in ordered]
    picked = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    texts = {
        "statistic": [r.measure.statistic for r in ordered],
        "variable": [r.measure.variable for r in ordered],
        "level": [r.measure.level for r in ordered],
    }
    repeats = np.array([len(p[0]) for p in parts], dtype=np.int64)
    columns: dict[str, pa.Array] = {
        name: _repeated(values, repeats) for name, values in texts.items()
    }
    cut_names = ["+".join(cut) for cut in domains.cuts]
    columns["by"] = arrow_strings([cut_names[domains.cut_of[d]] for d in picked.tolist()])
    for i, c in enumerate(by_cols):
        values = [domains.keys[d][i] for d in picked.tolist()]
        columns[c] = arrow_values(values)
    for name in ("estimate", "se", "ci_low", "ci_high", "cv", "deff", "n", "n_weighted", "df"):
        array = np.concatenate([p[1][name] for p in parts]) if parts else np.zeros(0)
        if name == "n":
            columns[name] = arrow_numbers(array, pa.int64())
        else:
            # NaN (undefined here) is written as a missing value, never as the text 'nan'.
            columns[name] = arrow_numbers(array, pa.float64(), nan_missing=True)
    variance = (
        "taylor"
        if prepared.layout.design.replicates is None
        else prepared.layout.design.replicates.type
    )
    return Results(pa.table(columns), by_cols, request.ci_level, variance)


def _result_columns(
    result: MeasureResult | QuantileResult, order: np.ndarray, request: Request, size: int
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The domains (in output order) where ``result`` has respondents, and its value columns
    there."""
    result = _non_negative(_padded(result, size))
    lo, hi = _interval(result, request)
    se = np.sqrt(result.variance)
    with np.errstate(invalid="ignore", divide="ignore"):
        cv = se / result.estimate
    picked = order[~(np.asarray(result.n, dtype=float)[order] <= 0)]
    values = {
        "estimate": result.estimate,
        "se": se,
        "ci_low": lo,
        "ci_high": hi,
        "cv": cv,
        "deff": result.deff,
        "n": result.n,
        "n_weighted": result.n_weighted,
        "df": result.df,
    }
    return picked, {k: np.asarray(v, dtype=float)[picked] for k, v in values.items()}


def _repeated(values: list[str], repeats: np.ndarray) -> pa.Array:
    """``values[i]`` repeated ``repeats[i]`` times, as an Arrow string array."""
    index = np.repeat(np.arange(len(values), dtype=np.int64), repeats)
    return arrow_strings(values).take(arrow_numbers(index))


def _position(result: MeasureResult | QuantileResult, request: Request) -> int:
    """Index of the requested statistic a result belongs to: output keeps request order."""
    m = result.measure
    for i, statistic in enumerate(request.statistics):
        same = statistic.name == m.statistic and statistic.variable == m.variable
        if same and (not isinstance(statistic, Quantile) or f"{statistic.p:g}" == m.level):
            return i
    return len(request.statistics)


def _padded(result, size: int):  # type: ignore[no-untyped-def]
    """Extend per-domain arrays to ``size`` domains (domains found after this result)."""
    short = size - len(result.n)
    if short <= 0:
        return result
    changes = {
        name: np.concatenate([value, np.full(short, 0.0 if name == "n" else np.nan)])
        for name, value in vars(result).items()
        if isinstance(value, np.ndarray)
    }
    return replace(result, **changes)


def _non_negative(result):  # type: ignore[no-untyped-def]
    """Set to zero the variances that rounding made slightly negative.

    A variance that is zero in exact arithmetic (a proportion of the stratum variable, which
    is constant within each stratum) can come out as -1e-19 from sums of squares; its square
    root would be NaN and the row would lose its interval.
    """
    if not isinstance(result, MeasureResult):
        return result
    changes = {
        name: np.where(value < 0, 0.0, value)
        for name in ("variance", "logit_variance", "deff")
        if (value := getattr(result, name)) is not None and bool(np.any(value < 0))
    }
    return replace(result, **changes) if changes else result


def _interval(
    result: MeasureResult | QuantileResult, request: Request
) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(result, QuantileResult):
        return result.ci_low, result.ci_high
    if result.measure.is_count:
        return result.estimate, result.estimate  # a count has no sampling error
    df = np.full_like(result.df, np.inf) if request.df == "inf" else result.df
    method = request.ci_method or ("logit" if result.measure.statistic == "prop" else "wald")
    est, var = result.estimate, result.variance
    if result.measure.statistic != "prop" or method == "wald":
        return intervals.wald(est, np.sqrt(var), request.ci_level, df)
    if method == "logit":
        if result.logit_variance is not None:
            return intervals.logit_from_logit_se(
                est, np.sqrt(result.logit_variance), request.ci_level, df
            )
        return intervals.logit(est, np.sqrt(var), request.ci_level, df)
    if method == "beta":
        return intervals.beta(est, var, request.ci_level, result.n, result.df)
    if method == "wilson":
        return intervals.wilson(est, var, request.ci_level, df)
    raise RequestError(
        Text(
            f"CI method {method!r} is not known.",
            f"La méthode d'intervalle {method!r} est inconnue.",
        )
    )
