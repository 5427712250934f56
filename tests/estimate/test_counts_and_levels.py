"""Unweighted counts (R ``unwtd.count``) and proportions limited to some levels.

Counts are checked against the rows themselves, counted by PyArrow; a proportion limited to
some levels must give the rows of the full proportion (which the R goldens check), to the
rounding of DuckDB's multi-threaded sums, which add in no fixed order.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest

from safemig import Design, Replicates
from safemig.estimate import Count, Mean, Proportion, Request, estimate
from tests.estimate.agreement import assert_same_numbers

DATA = Path(__file__).parents[1] / "golden" / "data"
STRATIFIED = Design(weights="pw", strata="stype", fpc=("fpc",))
SAME_ENGINE = 1e-12  # two runs of one engine differ only in the order of their sums


def _answered_per_stype(table: pa.Table, column: str) -> dict[str, int]:
    answered = table.filter(pc.is_valid(table[column]))
    counts = answered.group_by("stype").aggregate([("stype", "count")])
    return dict(zip(counts["stype"].to_pylist(), counts["stype_count"].to_pylist(), strict=True))


@pytest.mark.parametrize(
    ("file", "design"),
    [
        ("apistrat.csv", STRATIFIED),
        (
            "apiclus1_jk1.csv",
            Design(
                weights="pw",
                replicates=Replicates(columns=tuple(f"repw{i:02d}" for i in range(1, 16))),
            ),
        ),
    ],
)
def test_count_is_the_number_of_answers_in_each_domain(file, design):
    table = pacsv.read_csv(DATA / file)
    request = Request((Count("acs.k3"), Mean("api00")), by=(("stype",),), na="drop")
    rows = estimate(table, design, request).rows(statistic="count")
    expected = _answered_per_stype(table, "acs.k3")
    by_stype = {r["stype"]: r for r in rows if r["by"] == "stype"}
    assert {k: r["n"] for k, r in by_stype.items()} == expected
    assert {k: r["estimate"] for k, r in by_stype.items()} == expected
    assert all(r["se"] == 0 and r["ci_low"] == r["ci_high"] == r["estimate"] for r in rows)
    overall = [r for r in rows if r["by"] == ""]
    assert [r["n"] for r in overall] == [sum(expected.values())]


def test_a_count_does_not_change_the_other_statistics():
    table = pacsv.read_csv(DATA / "apistrat.csv")
    alone = estimate(table, STRATIFIED, Request((Mean("api00"),), by=(("stype",),))).rows()
    beside = estimate(
        table, STRATIFIED, Request((Count("acs.k3"), Mean("api00")), by=(("stype",),))
    ).rows(statistic="mean")
    assert_same_numbers(beside, alone, SAME_ENGINE)


def test_proportion_limited_to_some_levels_gives_those_rows_of_the_full_one():
    table = pacsv.read_csv(DATA / "apistrat.csv")
    full = estimate(table, STRATIFIED, Request((Proportion("awards"),), by=(("stype",),)))
    some = estimate(
        table,
        STRATIFIED,
        Request((Proportion("awards", levels=("Yes", "absent")),), by=(("stype",),)),
    )
    expected = [r for r in full.rows() if r["level"] == "Yes"]
    assert len(expected) == 4
    assert_same_numbers(some.rows(), expected, SAME_ENGINE)
