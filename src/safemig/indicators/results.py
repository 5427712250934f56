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
    rows: list[dict[str, Any]] = []
    engine: str | Backend = backend
    if memory_limit is not None and isinstance(backend, str):
        key = "memory_limit" if backend == "duckdb" else "spark.driver.memory"
        engine = open_backend(backend, {key: memory_limit})
    try:
        for group in compiled.groups:
            results = estimate(data, design, group.request, backend=engine)
            rows.extend(_group_rows(compiled, group, results.to_pylist()))
    finally:
        if engine is not backend and not isinstance(engine, str):
            engine.close()
    names = tuple(d.name for d in catalogue.disaggregations)
    return IndicatorResults(_table(rows, names), catalogue.name, names)


def _group_rows(
    compiled: CompiledCatalogue, group: Group, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    index = {(r["variable"], r["level"], r["by"], _keys(r, compiled)): r for r in rows}
    out = []
    for member in group.members:
        for row in rows:
            if row["variable"] == member.variable and _published(member, row):
                count = _numerator_count(member, row, index, compiled)
                out.append(_row(compiled, member, row, count))
    return out


def _published(member: Member, row: dict[str, Any]) -> bool:
    levels = member.indicator.levels
    if levels and row["level"] not in levels:
        return False
    return row["by"] == "" or tuple(row["by"].split("+")) in member.cuts


def _keys(row: dict[str, Any], compiled: CompiledCatalogue) -> tuple[Any, ...]:
    return tuple(row.get(c) for c in compiled.columns.values())


def _numerator_count(
    member: Member, row: dict[str, Any], index: dict[Any, Any], compiled: CompiledCatalogue
) -> int | None:
    for level, variable in member.counts:
        if level == row["level"]:
            hit = index.get((variable, "", row["by"], _keys(row, compiled)))
            return 0 if hit is None else int(hit["n"])  # no respondent gave that answer
    return None


def _row(
    compiled: CompiledCatalogue, member: Member, row: dict[str, Any], count: int | None
) -> dict[str, Any]:
    indicator = member.indicator
    by_names = {column: name for name, column in compiled.columns.items()}
    out: dict[str, Any] = {
        "indicator": indicator.id,
        "title_en": str(indicator.title),
        "title_fr": indicator.title.fr,
        "statistic": indicator.statistic,
        "level": row["level"] if indicator.statistic == "proportion" else "",
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "disaggregation": "+".join(by_names[c] for c in row["by"].split("+") if c),
    }
    for name, column in compiled.columns.items():
        value = row.get(column)
        out[name] = None if value is None else str(value)
    out.update({c: row[c] for c in (*NUMBERS, "n")})
    out["n_numerator"] = count
    out["frameworks"] = "; ".join(indicator.frameworks)
    return out


def _table(rows: list[dict[str, Any]], names: tuple[str, ...]) -> pa.Table:
    head = ("indicator", "title_en", "title_fr", "statistic", "level", "unit")
    schema = pa.schema(
        [*(pa.field(c, pa.string()) for c in head), pa.field("decimals", pa.int64())]
        + [pa.field(c, pa.string()) for c in ("disaggregation", *names)]
        + [pa.field(c, pa.float64()) for c in NUMBERS]
        + [pa.field("n", pa.int64()), pa.field("n_numerator", pa.int64())]
        + [pa.field("frameworks", pa.string())]
    )
    return pa.Table.from_pylist(rows, schema=schema)
