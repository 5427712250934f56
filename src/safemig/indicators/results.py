"""Estimate a whole catalogue: one ``estimate()`` call per universe, one results table.

>>> from safemig.demo import central_table, generate_survey
>>> from safemig.demo.engine_demo import DEMO_DESIGN
>>> from safemig.indicators import builtin_catalogue, estimate_catalogue
>>> survey = central_table(generate_survey(size=1320))  # doctest: +SKIP
>>> results = estimate_catalogue(survey, DEMO_DESIGN, builtin_catalogue("gender_migration"))
... # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from safemig.design import Design
from safemig.estimate.backends import Backend, Source
from safemig.estimate.results import VALUE_COLUMNS
from safemig.indicators.catalogue import Catalogue
from safemig.indicators.compile import CompiledCatalogue, Group, Member, compile_catalogue

NUMBERS = tuple(c for c in VALUE_COLUMNS if c != "n")


@dataclass(frozen=True)
class IndicatorResults:
    """Every indicator's estimates: one row per indicator x level x domain.

    Columns: ``indicator, title_en, title_fr, statistic, level, unit, decimals,
    disaggregation`` (``""`` overall, ``region+migration_stage`` for a two-way cut), one column
    per catalogue disaggregation, the engine's ``estimate, se, ci_low, ci_high, cv, deff, n,
    n_weighted, df``, ``n_numerator`` (unweighted respondents giving the counted answer, for
    proportions) and ``frameworks`` (ids joined by ``; ``).
    """

    table: pa.Table
    catalogue: str
    disaggregations: tuple[str, ...]

    def __len__(self) -> int:
        return self.table.num_rows

    def rows(self, indicator: str | None = None) -> list[dict[str, Any]]:
        """Rows as dictionaries, optionally of one indicator."""
        rows = self.table.to_pylist()
        return [r for r in rows if indicator is None or r["indicator"] == indicator]


def estimate_catalogue(
    data: Source,
    design: Design,
    catalogue: Catalogue,
    backend: str | Backend = "duckdb",
    memory_limit: str | None = None,
) -> IndicatorResults:
    """Estimate every indicator of ``catalogue`` over each of its disaggregations.

    Parameters
    ----------
    data
        CSV or Parquet path, or an Arrow table (e.g. an ODK Central export).
    design
        The survey design.
    catalogue
        A validated catalogue (:func:`safemig.indicators.load_catalogue`).
    backend
        Engine backend name, or an open backend (:func:`safemig.estimate.backends.open_backend`,
        e.g. DuckDB with a memory cap and a spill folder), which the caller closes.
    memory_limit
        With a backend name: cap the engine's memory (DuckDB ``memory_limit``, e.g. ``"4GB"``;
        Spark ``spark.driver.memory``); the engine spills to disk beyond it.

    Returns
    -------
    IndicatorResults
        One row per indicator x level x domain, before disclosure control.

    Raises
    ------
    safemig.errors.InputError
        When the data do not fit the catalogue (unknown column, bad expression).
    """
    from safemig.estimate.backends import open_backend
    from safemig.estimate.engine import estimate

    compiled = compile_catalogue(catalogue)
    names = tuple(d.name for d in catalogue.disaggregations)
    schema = _schema(names)
    pieces: list[pa.Table] = []
    engine: str | Backend = backend
    if memory_limit is not None and isinstance(backend, str):
        key = "memory_limit" if backend == "duckdb" else "spark.driver.memory"
        engine = open_backend(backend, {key: memory_limit})
    try:
        for group in compiled.groups:
            results = estimate(data, design, group.request, backend=engine)
            pieces.extend(_member_tables(compiled, group, results.table, schema))
    finally:
        if engine is not backend and not isinstance(engine, str):
            engine.close()
    table = pa.concat_tables(pieces) if pieces else schema.empty_table()
    return IndicatorResults(table, catalogue.name, names)


def _member_tables(
    compiled: CompiledCatalogue, group: Group, table: pa.Table, schema: pa.Schema
) -> list[pa.Table]:
    """Each member's published rows of one group's engine results (a table per member, in
    member order; within a member, rows in the engine's order).

    Column-wise with NumPy and Arrow: only the short text columns and the selected rows'
    keys reach Python (reading every result row as a dictionary took longer than the
    variances).
    """
    rows = _EngineRows.of(table, compiled)
    pieces = []
    for member in group.members:
        picked = np.flatnonzero(rows.published(member))
        counts = [_numerator_count(member, rows, int(i)) for i in picked]
        pieces.append(_member_table(compiled, member, table, rows, picked, counts, schema))
    return pieces


@dataclass(frozen=True)
class _EngineRows:
    """The text columns of one group's engine results, and its count rows by key."""

    variable: np.ndarray
    level: np.ndarray
    by: np.ndarray
    keys: list[tuple[Any, ...]]
    counts: dict[tuple[Any, ...], int]

    @classmethod
    def of(cls, table: pa.Table, compiled: CompiledCatalogue) -> _EngineRows:
        def texts(name: str) -> np.ndarray:
            return np.asarray(table.column(name).to_pylist(), dtype=object)

        variable, level, by = texts("variable"), texts("level"), texts("by")
        present = set(table.column_names)
        columns = [
            table.column(c).to_pylist() if c in present else [None] * table.num_rows
            for c in compiled.columns.values()
        ]
        keys = list(zip(*columns, strict=True)) if columns else [()] * table.num_rows
        n = table.column("n").to_pylist()
        # A count is an unweighted count (level ""); the last row of a key wins, as before.
        counts = {(variable[i], by[i], keys[i]): n[i] for i in np.flatnonzero(level == "").tolist()}
        return cls(variable, level, by, keys, counts)

    def published(self, member: Member) -> np.ndarray:
        """Rows of ``member``'s statistic in its published levels and cuts."""
        mask = self.variable == member.variable
        levels = member.indicator.levels
        if levels:
            mask &= np.fromiter((v in levels for v in self.level), bool, len(self.level))
        cuts = {b for b in set(self.by.tolist()) if b == "" or tuple(b.split("+")) in member.cuts}
        return mask & np.fromiter((b in cuts for b in self.by), bool, len(self.by))


def _numerator_count(member: Member, rows: _EngineRows, i: int) -> int | None:
    for level, variable in member.counts:
        if level == rows.level[i]:
            hit = rows.counts.get((variable, rows.by[i], rows.keys[i]))
            return 0 if hit is None else int(hit)  # no respondent gave that answer
    return None


def _member_table(
    compiled: CompiledCatalogue,
    member: Member,
    table: pa.Table,
    rows: _EngineRows,
    picked: np.ndarray,
    counts: list[int | None],
    schema: pa.Schema,
) -> pa.Table:
    indicator = member.indicator
    size = len(picked)
    by_names = {column: name for name, column in compiled.columns.items()}
    cut_names = {
        b: "+".join(by_names[c] for c in b.split("+") if c) for b in set(rows.by[picked].tolist())
    }
    taken = table.take(pa.array(picked, type=pa.int64()))
    levels = rows.level[picked].tolist() if indicator.statistic == "proportion" else [""] * size
    columns: dict[str, Any] = {
        "indicator": [indicator.id] * size,
        "title_en": [str(indicator.title)] * size,
        "title_fr": [indicator.title.fr] * size,
        "statistic": [indicator.statistic] * size,
        "level": levels,
        "unit": [indicator.unit] * size,
        "decimals": [indicator.decimals] * size,
        "disaggregation": [cut_names[b] for b in rows.by[picked].tolist()],
    }
    for k, name in enumerate(compiled.columns):
        values = [rows.keys[i][k] for i in picked.tolist()]
        columns[name] = [None if v is None else str(v) for v in values]
    for c in (*NUMBERS, "n"):
        columns[c] = taken.column(c)
    columns["n_numerator"] = counts
    columns["frameworks"] = ["; ".join(indicator.frameworks)] * size
    return pa.table(
        [
            pa.array(columns[f.name], f.type)
            if isinstance(columns[f.name], list)
            else columns[f.name].cast(f.type)
            for f in schema
        ],
        schema=schema,
    )


def _schema(names: tuple[str, ...]) -> pa.Schema:
    head = ("indicator", "title_en", "title_fr", "statistic", "level", "unit")
    return pa.schema(
        [*(pa.field(c, pa.string()) for c in head), pa.field("decimals", pa.int64())]
        + [pa.field(c, pa.string()) for c in ("disaggregation", *names)]
        + [pa.field(c, pa.float64()) for c in NUMBERS]
        + [pa.field("n", pa.int64()), pa.field("n_numerator", pa.int64())]
        + [pa.field("frameworks", pa.string())]
    )
