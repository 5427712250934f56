"""Roll the cell table up to sampling-unit totals for every domain of every cut.

The plan's ``units`` query does it in SQL (GROUPING SETS over the cell table, see
:func:`safemig.estimate.compiler.units_query`). When the cell table is small, as it is for
most surveys (a few thousand PSUs, a few thousand cells per cut), reading it once and
summing it in Arrow is several times faster than the backend's grouping sets over hundreds
of columns, and gives the same table: the same columns, grouping flags and domains. Large
cell tables (census data on Spark) stay in SQL, where they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
from sqlglot import exp

from safemig.estimate.backends import Backend
from safemig.estimate.compiler import (
    CELLS,
    Layout,
    _distinct_sets,
    plan_slots,
    units_query,
)
from safemig.estimate.measures import Measure

#: Cell tables up to this many rows are rolled up in Arrow after one read.
LOCAL_CELLS = 200_000


class CellRollup:
    """Unit totals per domain, from the cell table (read once when it is small)."""

    def __init__(self, engine: Backend, layout: Layout, measures: Sequence[Measure]) -> None:
        self._engine, self._layout, self._measures = engine, layout, measures
        count = engine.execute(exp.select(exp.Count(this=exp.Star())).from_(CELLS))
        rows = count.column(0)[0].as_py()
        self._cells: pa.Table | None = None
        if rows <= LOCAL_CELLS:
            self._cells = engine.execute(exp.select(exp.Star()).from_(CELLS))

    def units(self, unit: tuple[str, ...]) -> pa.Table:
        """One row per (cut, domain, unit) with the sums of every cell column."""
        if self._cells is None:
            return self._engine.execute(units_query(self._layout, self._measures, unit))
        return _local_units(self._cells, self._layout, self._measures, unit)


def _local_units(
    cells: pa.Table, layout: Layout, measures: Sequence[Measure], unit: tuple[str, ...]
) -> pa.Table:
    names = list(plan_slots(layout, measures).columns)
    by = layout.by_columns
    parts = []
    finest_unit = list(unit) == layout.design_keys()
    for cut in _distinct_sets(layout.cuts):
        keys = [*unit, *cut]
        if finest_unit and set(cut) == set(by):
            # The cells are grouped by exactly these keys already: each is its own total.
            grouped = cells.rename_columns(
                [f"{n}_sum" if n in names else n for n in cells.column_names]
            )
        else:
            grouped = cells.group_by(keys, use_threads=False).aggregate([(n, "sum") for n in names])
        columns: dict[str, pa.Array | pa.ChunkedArray] = {}
        for i, c in enumerate(by):
            flag = 0 if c in cut else 1
            columns[f"__g{i}"] = pa.array([flag] * grouped.num_rows, type=pa.int32())
        for c in by:
            if c in cut:
                columns[c] = grouped.column(c)
            else:
                columns[c] = pa.nulls(grouped.num_rows, type=cells.schema.field(c).type)
        for k in unit:
            columns[k] = grouped.column(k)
        for n in names:
            columns[n] = grouped.column(f"{n}_sum")
        parts.append(pa.table(columns))
    return pa.concat_tables(parts)
