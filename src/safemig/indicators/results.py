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
import pyarrow.compute as pc

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
            pieces.append(_group_table(compiled, group, results.table, schema))
    finally:
        if engine is not backend and not isinstance(engine, str):
            engine.close()
    table = pa.concat_tables(pieces) if pieces else schema.empty_table()
    return IndicatorResults(table, catalogue.name, names)


def _group_table(
    compiled: CompiledCatalogue, group: Group, table: pa.Table, schema: pa.Schema
) -> pa.Table:
    """The published rows of one group's engine results: its members in order, each
    member's rows in the engine's order.

    Column-wise with NumPy and Arrow: only the distinct texts and the selected rows' keys
    reach Python (reading every result row as a dictionary took longer than the variances).
    """
    rows = _EngineRows.of(table, compiled)
    picks = [np.flatnonzero(rows.published(member)) for member in group.members]
    picked = np.concatenate(picks) if picks else np.zeros(0, dtype=np.int64)
    owner = np.repeat(np.arange(len(picks)), [len(p) for p in picks])
    members = [group.members[k] for k in owner.tolist()]
    by_names = {column: name for name, column in compiled.columns.items()}
    cuts = {b: "+".join(by_names[c] for c in b.split("+") if c) for b in rows.by_values}
    levels = rows.level_values
    columns: dict[str, Any] = {
        "indicator": [m.indicator.id for m in members],
        "title_en": [str(m.indicator.title) for m in members],
        "title_fr": [m.indicator.title.fr for m in members],
        "statistic": [m.indicator.statistic for m in members],
        "level": [
            levels[code] if m.indicator.statistic == "proportion" else ""
            for m, code in zip(members, rows.level[picked].tolist(), strict=True)
        ],
        "unit": [m.indicator.unit for m in members],
        "decimals": [m.indicator.decimals for m in members],
        "disaggregation": [cuts[rows.by_values[code]] for code in rows.by[picked].tolist()],
        "n_numerator": [
            _numerator_count(m, rows, i) for m, i in zip(members, picked.tolist(), strict=True)
        ],
        "frameworks": ["; ".join(m.indicator.frameworks) for m in members],
    }
    for k, name in enumerate(compiled.columns):
        values = [rows.keys[i][k] for i in picked.tolist()]
        columns[name] = [None if v is None else str(v) for v in values]
    taken = table.select([*NUMBERS, "n"]).take(pa.array(picked, type=pa.int64()))
    arrays = [
        taken.column(f.name).cast(f.type)
        if f.name in taken.column_names
        else pa.array(columns[f.name], f.type)
        for f in schema
    ]
    return pa.table(arrays, schema=schema)


@dataclass(frozen=True)
class _EngineRows:
    """One group's engine results: ``variable``, ``level`` and ``by`` as codes into their
    distinct values, each row's disaggregation keys, and the count rows by key."""

    variable: np.ndarray
    variable_values: list[str]
    level: np.ndarray
    level_values: list[str]
    by: np.ndarray
    by_values: list[str]
    keys: list[tuple[Any, ...]]
    counts: dict[tuple[Any, ...], int]

    @classmethod
    def of(cls, table: pa.Table, compiled: CompiledCatalogue) -> _EngineRows:
        def coded(name: str) -> tuple[np.ndarray, list[str]]:
            encoded = pc.dictionary_encode(table.column(name).combine_chunks())
            codes = encoded.indices.to_numpy(zero_copy_only=False)
            return np.asarray(codes, dtype=np.int64), encoded.dictionary.to_pylist()

        (variable, variables), (level, levels), (by, bys) = map(coded, ("variable", "level", "by"))
        present = set(table.column_names)
        columns = [
            table.column(c).to_pylist() if c in present else [None] * table.num_rows
            for c in compiled.columns.values()
        ]
        keys = list(zip(*columns, strict=True)) if columns else [()] * table.num_rows
        n = table.column("n").to_pylist()
        # A count is an unweighted count (level ""); the last row of a key wins, as before.
        blank = np.flatnonzero(level == levels.index("")) if "" in levels else np.zeros(0, int)
        counts = {(variables[variable[i]], bys[by[i]], keys[i]): n[i] for i in blank}
        return cls(variable, variables, level, levels, by, bys, keys, counts)

    def published(self, member: Member) -> np.ndarray:
        """Rows of ``member``'s statistic in its published levels and cuts."""
        wanted = member.indicator.levels
        cuts = [b == "" or tuple(b.split("+")) in member.cuts for b in self.by_values]
        mask = _is(self.variable, [v == member.variable for v in self.variable_values])
        if wanted:
            mask &= _is(self.level, [v in wanted for v in self.level_values])
        return mask & _is(self.by, cuts)


def _is(codes: np.ndarray, chosen: list[bool]) -> np.ndarray:
    """Rows whose code is one of the ``chosen`` distinct values."""
    return np.asarray(chosen, dtype=bool)[codes] if chosen else np.zeros(len(codes), bool)


def _numerator_count(member: Member, rows: _EngineRows, i: int) -> int | None:
    level = rows.level_values[rows.level[i]]
    for counted, variable in member.counts:
        if counted == level:
            hit = rows.counts.get((variable, rows.by_values[rows.by[i]], rows.keys[i]))
            return 0 if hit is None else int(hit)  # no respondent gave that answer
    return None


def _schema(names: tuple[str, ...]) -> pa.Schema:
    head = ("indicator", "title_en", "title_fr", "statistic", "level", "unit")
    return pa.schema(
        [*(pa.field(c, pa.string()) for c in head), pa.field("decimals", pa.int64())]
        + [pa.field(c, pa.string()) for c in ("disaggregation", *names)]
        + [pa.field(c, pa.float64()) for c in NUMBERS]
        + [pa.field("n", pa.int64()), pa.field("n_numerator", pa.int64())]
        + [pa.field("frameworks", pa.string())]
    )
