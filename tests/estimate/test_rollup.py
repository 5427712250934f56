"""The cell table rolled up in NumPy gives the backend's GROUPING SETS unit totals.

The engine reads the cell table's keys once and its sum columns a block of measures at a
time (:mod:`safemig.estimate.rollup`), and sums cells to unit totals with ``bincount``. Here
every unit total is compared with the backend's own GROUPING SETS query over the same cells
(:func:`safemig.estimate.compiler.units_query`), on a two-stage design with many domains,
missing values and NULL disaggregation values; and results read in the smallest blocks equal
those read in one block. The golden suite checks the numbers against R.
"""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest

from safemig.design import Design
from safemig.estimate import Mean, Proportion, Quantile, Ratio, Request, Total, estimate, rollup
from safemig.estimate import engine as engine_module
from safemig.estimate.backends import Backend, open_backend
from safemig.estimate.compiler import (
    CELLS,
    SOURCE,
    H,
    Layout,
    P,
    S,
    Slots,
    cells_query,
    plan_slots,
    units_query,
)
from safemig.estimate.domains import DomainIndex
from safemig.estimate.measures import Measure
from safemig.estimate.prepare import prepare_request
from safemig.estimate.rollup import CellRollup, Units
from safemig.estimate.taylor import DomainRows
from tests.conftest import GOLDEN
from tests.estimate.agreement import assert_same_numbers

TWOSTAGE = GOLDEN / "data" / "twostage.csv"
BY = (("region",), ("sex",), ("region", "stage"), ("age_group", "disability", "sex"))


def _survey() -> pa.Table:
    table = pacsv.read_csv(TWOSTAGE)
    # Cells with a missing disaggregation value roll up too (and are not reported).
    sex = pc.if_else(pc.ends_with(table.column("woman"), "3"), None, table.column("sex"))
    return table.set_column(table.schema.get_field_index("sex"), "sex", sex)


def _request() -> Request:
    statistics = (Mean("income"), Total("income"), Proportion("stage"), Ratio("cost", "earnings"))
    return Request(statistics, by=BY, na="drop")


def _cell_table(engine: Backend, design: Design) -> tuple[Layout, list[Measure], Slots]:
    """The survey's cell table built in ``engine`` as the engine builds it, and its plan."""
    engine.register(SOURCE, _survey())
    prepared = prepare_request(engine, design, _request())
    layout, measures = prepared.layout, list(prepared.measures)
    engine.materialize(CELLS, cells_query(layout, measures))
    return layout, measures, plan_slots(layout, measures)


@pytest.mark.parametrize("unit", [(H, P), (H, P, S)], ids=["stage-one", "stage-two"])
def test_numpy_unit_totals_equal_the_backends_grouping_sets(unit):
    design = Design(
        weights="pw",
        strata="region",
        psu=("ea", "woman"),
        fpc=("fpc1", "fpc2"),
        lonely_psu="adjust",
    )
    engine = open_backend("duckdb")
    try:
        layout, measures, slots = _cell_table(engine, design)
        cells = CellRollup(engine, layout)
        blocks = list(cells.blocks(measures, slots))
        index = cells.index(unit)
        expected = _keyed(engine.execute(units_query(layout, measures, unit)), index.keys)
    finally:
        engine.close()
    got = _keyed(index.keys, index.keys)
    # Coarse cuts (overall, region, sex) are summed from finer cuts' unit totals.
    assert sum(part.parent is not None for part in index.parts) >= 3
    assert set(got) == set(expected) and len(got) == len(expected) > 100
    compared = 0
    for _block, columns in blocks:
        units = Units(index, columns)
        for name in columns:
            totals = units.column(name)
            for key, row in got.items():
                want = expected[key][name]
                assert math.isclose(totals[row], want, rel_tol=1e-12, abs_tol=1e-9), (key, name)
                compared += 1
    assert compared > 1000


def _keyed(table: pa.Table, keys: pa.Table) -> dict[tuple, object]:
    """Rows of ``table`` keyed by the key columns of ``keys``: the row number when ``table``
    is ``keys``, else the row as a dict."""
    names = keys.column_names
    rows = table.to_pylist()
    if table is keys:
        return {tuple(r[n] for n in names): i for i, r in enumerate(rows)}
    return {tuple(r[n] for n in names): r for r in rows}


@pytest.mark.parametrize("fpc", [("fpc1", "fpc2"), ()], ids=["two-stage", "one-stage"])
def test_small_blocks_give_the_numbers_of_one_block(monkeypatch, fpc):
    table = _survey()
    psu = ("ea", "woman") if fpc else ("ea",)
    design = Design(weights="pw", strata="region", psu=psu, fpc=fpc, lonely_psu="adjust")
    one_block = estimate(table, design, _request()).to_pylist()
    # The smallest block (eight columns): the catalogue is read in many pieces.
    monkeypatch.setattr(rollup, "BLOCK_VALUES", 0)
    pieces = estimate(table, design, _request()).to_pylist()
    assert len(one_block) > 50
    by_sex = [r for r in one_block if r["by"] == "sex" and r["statistic"] == "mean"]
    overall = next(r for r in one_block if r["by"] == "" and r["statistic"] == "mean")
    assert sum(r["n"] for r in by_sex) < overall["n"]
    assert_same_numbers(pieces, one_block)


def test_blocks_cover_every_sum_once_per_block(monkeypatch):
    """Blocks hold at most the width the cell count allows (at least one measure's sums)."""
    design = Design(weights="pw", strata="region", psu=("ea",))
    engine = open_backend("duckdb")
    try:
        layout, measures, slots = _cell_table(engine, design)
        monkeypatch.setattr(rollup, "BLOCK_VALUES", 0)
        blocks = list(CellRollup(engine, layout).blocks(measures, slots))
    finally:
        engine.close()
    assert len(blocks) > 1
    assert [m for block, _ in blocks for m in block] == list(measures)
    for block, columns in blocks:
        assert len(block) == 1 or len(columns) <= rollup.MIN_BLOCK
        needed = {slots.name(m, part) for m in block for part in ("v", "u", "c", "z", "yy")}
        assert needed <= set(columns)


@pytest.mark.parametrize("unit", [(H, P), (H, P, S)], ids=["stage-one", "stage-two"])
def test_domain_numbers_from_cell_codes_equal_those_read_from_the_unit_keys(unit):
    """Each unit row's domain, found from the cell keys' dictionary codes, is the domain
    :meth:`DomainIndex.assign` finds by reading the unit table's flags and keys (NULL keys
    included: their rows belong to no domain)."""
    design = Design(weights="pw", strata="region", psu=("ea", "woman"), fpc=("fpc1", "fpc2"))
    engine = open_backend("duckdb")
    try:
        layout, _measures, _slots = _cell_table(engine, design)
        cells = CellRollup(engine, layout)
        index = cells.index(unit)
    finally:
        engine.close()
    read = DomainIndex(layout.cuts, layout.by_columns)
    coded = DomainIndex(layout.cuts, layout.by_columns)
    expected = read.assign(index.keys, register=True)
    got = cells.domain_numbers(index, coded, register=True)
    assert len(read) == len(coded) > 20 and (expected == -1).sum() > 0
    assert [(read.cut_of[d], read.keys[d]) if d >= 0 else None for d in expected.tolist()] == [
        (coded.cut_of[d], coded.keys[d]) if d >= 0 else None for d in got.tolist()
    ]


def test_blocks_in_worker_threads_give_the_serial_numbers(monkeypatch):
    """The variances of many small blocks, computed in a worker thread beside the quantiles
    while the next block is read, equal bit for bit (and in the same order) those computed
    one block after another in the calling thread."""
    table = _survey()
    design = Design(weights="pw", strata="region", psu=("ea",), lonely_psu="adjust")
    request = Request((*_request().statistics, Quantile("income", 0.5)), by=BY, na="drop")
    monkeypatch.setattr(rollup, "BLOCK_VALUES", 0)

    def run() -> pa.Table:
        # One DuckDB thread: with two, the cell table's rows come out in a different order
        # from one call to the next, and the sums differ in their last bits.
        backend = open_backend("duckdb", {"threads": "1"})
        try:
            return estimate(table, design, request, backend=backend).table
        finally:
            backend.close()

    threaded = run()

    def serial(_pool, blocks, work):  # type: ignore[no-untyped-def]
        return [result for block, cells in blocks for result in work(block, cells)]

    monkeypatch.setattr(engine_module, "_blockwise", serial)
    one_by_one = run()
    assert threaded.num_rows > 100
    assert "quantile" in threaded.column("statistic").to_pylist()
    assert threaded.equals(one_by_one)


def test_domain_totals_from_cell_combinations_equal_sums_of_unit_totals():
    """Domain totals summed over the cells' combinations of disaggregation values equal the
    domain sums of every cut's unit totals (NULL keys and overlapping cuts included)."""
    design = Design(weights="pw", strata="region", psu=("ea",))
    engine = open_backend("duckdb")
    try:
        layout, measures, slots = _cell_table(engine, design)
        cells = CellRollup(engine, layout)
        index = cells.index((H, P))
        domains = DomainIndex(layout.cuts, layout.by_columns)
        dom = cells.domain_numbers(index, domains, register=True)
        combinations = cells.cell_domains(domains)
        blocks = list(cells.blocks(measures, slots))
    finally:
        engine.close()
    assert combinations.count < cells.size and len(domains) > 20
    for _block, columns in blocks:
        units = Units(index, columns)
        for name, values in columns.items():
            expected = DomainRows.of(dom, len(domains)).sums(units.column(name))
            got = combinations.sums(values)
            assert np.allclose(got, expected, rtol=1e-12, atol=1e-9), name
            assert np.count_nonzero(expected) > 10
