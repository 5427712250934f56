"""What the checks' scan learns about the data, and that using it changes no number.

Before the cell aggregation, one ungrouped scan counts the checks (missing weights, keys,
values) and the answers of every column that a measure's domain requires answered
(:func:`safemig.estimate.checks.learn_facts`); a domain under a universe is not tested.
A domain holding on every row is summed without a ``CASE`` per row and shares ``sum(w)``
and the row count with the others; with no zero weight, the nonzero-weight count is the
count. The counts here are checked against the rows
themselves (PyArrow), and the results against the same request estimated without the facts.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest

from safemig import Design
from safemig.estimate import Mean, Proportion, Ratio, Request, Total, checks, engine, estimate
from safemig.estimate.backends import open_backend
from safemig.estimate.compiler import SOURCE, domain_condition
from safemig.estimate.prepare import prepare_request
from tests.estimate.agreement import assert_same_numbers

DATA = Path(__file__).parents[1] / "golden" / "data"
DESIGN = Design(weights="pw", strata="stype", fpc=("fpc",))
STATISTICS = (
    Mean("api00"),
    Mean("acs.k3"),  # missing for the high schools
    Total("enroll"),
    Ratio("api00", "api99"),
    Proportion("sch.wide"),
)


def _apistrat(zero_weight: bool = False) -> pa.Table:
    table = pacsv.read_csv(DATA / "apistrat.csv")
    if zero_weight:
        pw = table.column("pw").to_pylist()
        pw[3] = 0.0
        table = table.set_column(table.schema.get_field_index("pw"), "pw", pa.array(pw))
    return table


def _learnt(table: pa.Table, request: Request):  # type: ignore[no-untyped-def]
    backend = open_backend("duckdb")
    try:
        backend.register(SOURCE, table)
        prepared = prepare_request(backend, DESIGN, request)
        domains = {m.variable: domain_condition(prepared.layout, m) for m in prepared.measures}
        rows, layout = checks.learn_facts(
            backend, prepared.layout, prepared.checked, list(domains.values())
        )
    finally:
        backend.close()
    return rows, layout, {v: d.sql() in layout.everywhere for v, d in domains.items()}


@pytest.mark.parametrize("zero_weight", [False, True], ids=["positive-weights", "a-zero-weight"])
def test_the_scan_finds_the_domains_that_hold_on_every_row(zero_weight):
    table = _apistrat(zero_weight)
    rows, layout, everywhere = _learnt(table, Request(STATISTICS, na="drop"))
    complete = {
        name: pc.sum(pc.is_valid(table.column(name))).as_py() == table.num_rows
        for name in ("api00", "acs.k3", "enroll", "sch.wide")
    }
    assert rows == table.num_rows == 200
    assert complete["acs.k3"] is False and complete["api00"] is True
    assert everywhere["api00"] == complete["api00"]
    assert everywhere["acs.k3"] == complete["acs.k3"]
    assert everywhere["enroll"] == complete["enroll"]
    assert everywhere["sch.wide"] == complete["sch.wide"]
    both = complete["api00"] and pc.all(pc.is_valid(table.column("api99"))).as_py()
    assert everywhere["api00"] and both  # the ratio's domain: api00 and api99 answered
    assert layout.weights_nonzero is (not zero_weight)
    _rows, _layout, under_universe = _learnt(table, Request(STATISTICS, na="drop", where="1 = 1"))
    assert not any(under_universe.values())


@pytest.mark.parametrize("zero_weight", [False, True], ids=["positive-weights", "a-zero-weight"])
@pytest.mark.parametrize("where", [None, "stype <> 'H'"], ids=["everyone", "a-universe"])
def test_results_with_the_facts_equal_those_without(monkeypatch, zero_weight, where):
    table = _apistrat(zero_weight)
    request = Request(STATISTICS, by=(("stype",), ("sch.wide", "stype")), na="drop", where=where)
    learnt = estimate(table, DESIGN, request).to_pylist()

    def nothing_learnt(backend, layout, checked, domains):  # type: ignore[no-untyped-def]
        rows, _layout = checks.learn_facts(backend, layout, checked, domains)
        return rows, layout

    monkeypatch.setattr(engine, "learn_facts", nothing_learnt)
    reference = estimate(table, DESIGN, request).to_pylist()
    assert len(learnt) > 30
    assert_same_numbers(learnt, reference, relative=1e-12)
