"""An Arrow table registered with DuckDB gets its row ids as a column, in table order.

The ids were a ``ROW_NUMBER() OVER ()`` window, which DuckDB runs on one thread together
with the scan and every expression above it; they are now a column added to the table. Row
numbers in error messages, quantile tie order and one-row PSUs depend on them being 1, 2,
3... in the order of the table, across its record batches. A table the engine materialises
is written without keeping insertion order; the ids it carries still number a file's rows in
file order.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from sqlglot import exp

from safemig import Design
from safemig.errors import InputError
from safemig.estimate import Mean, Request, estimate
from safemig.estimate.backends import ROW_ID, open_backend
from safemig.estimate.sqlparts import col


def _batched(values: np.ndarray, size: int) -> pa.Table:
    whole = pa.table({"y": values, "w": np.ones(len(values))})
    return pa.Table.from_batches(whole.to_batches(max_chunksize=size))


def test_row_ids_number_an_arrow_table_in_order():
    values = np.random.default_rng(7).normal(size=5_000)
    table = _batched(values, 777)
    assert table.column("y").num_chunks > 1
    engine = open_backend("duckdb", {"threads": "2"})
    try:
        engine.register("t", table)
        read = engine.execute(exp.select("*").from_("t").order_by(col(ROW_ID)))
        kinds = engine.column_kinds("t")
    finally:
        engine.close()
    assert read.column(ROW_ID).to_pylist() == list(range(1, 5_001))
    assert read.column("y").to_numpy().tolist() == values.tolist()
    assert set(kinds) == {"y", "w"}  # the row id is not a column of the data


def test_error_names_the_row_of_an_arrow_table():
    """The first bad weight is reported by its row number in the table (1-based)."""
    weights = np.ones(3_000)
    weights[2_345] = -1.0
    table = pa.Table.from_batches(
        pa.table({"y": np.arange(3_000.0), "w": weights}).to_batches(max_chunksize=500)
    )
    with pytest.raises(InputError, match="2346"):
        estimate(table, Design(weights="w"), Request((Mean("y"),)))


def test_materialised_table_keeps_the_file_row_ids(tmp_path):
    """A materialised table is written in any order (its rows are not read by position),
    but a file's row ids still number its lines in file order, across row groups."""
    import pyarrow.parquet as pq

    from safemig.estimate.derive import derived_query

    n = 300_000
    line = np.arange(1, n + 1)
    path = tmp_path / "lines.parquet"
    pq.write_table(pa.table({"line": line, "x": line * 0.5}), path, row_group_size=20_000)
    engine = open_backend("duckdb", {"threads": "2"})
    try:
        engine.register("__raw", path)
        engine.materialize("src", derived_query((("y", '"x" * 2'),), engine.column_kinds("__raw")))
        read = engine.execute(exp.select("line", ROW_ID, "y").from_("src").order_by(col(ROW_ID)))
    finally:
        engine.close()
    assert read.column(ROW_ID).to_numpy().tolist() == line.tolist()
    assert read.column("line").to_numpy().tolist() == line.tolist()
    assert read.column("y").to_numpy().tolist() == line.tolist()
