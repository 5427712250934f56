"""The two ways of rolling cells up to unit totals give the same numbers.

Small cell tables are summed in Arrow (:mod:`safemig.estimate.rollup`); large ones by the
backend's GROUPING SETS query. The golden and agreement suites run the first way on every
backend; here the SQL way is forced and compared with it on a two-stage design with many
domains (stage-one and stage-two unit totals, missing values, NULL disaggregation values).
"""

from __future__ import annotations

import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest

from safemig.design import Design
from safemig.estimate import Mean, Proportion, Ratio, Request, Total, estimate, rollup
from tests.conftest import GOLDEN
from tests.estimate.agreement import assert_same_numbers

TWOSTAGE = GOLDEN / "data" / "twostage.csv"


@pytest.mark.parametrize("fpc", [("fpc1", "fpc2"), ()], ids=["two-stage", "one-stage"])
def test_sql_and_arrow_rollups_agree(monkeypatch, tmp_path, fpc):
    table = pacsv.read_csv(TWOSTAGE)
    # Cells with a missing disaggregation value roll up in both ways (and are not reported).
    sex = pc.if_else(pc.ends_with(table.column("woman"), "3"), None, table.column("sex"))
    table = table.set_column(table.schema.get_field_index("sex"), "sex", sex)
    psu = ("ea", "woman") if fpc else ("ea",)
    design = Design(weights="pw", strata="region", psu=psu, fpc=fpc, lonely_psu="adjust")
    request = Request(
        (Mean("income"), Total("income"), Proportion("stage"), Ratio("cost", "earnings")),
        by=(("region",), ("sex",), ("region", "stage"), ("age_group", "disability", "sex")),
        na="drop",
    )
    in_arrow = estimate(table, design, request).to_pylist()
    monkeypatch.setattr(rollup, "LOCAL_CELLS", -1)
    in_sql = estimate(table, design, request).to_pylist()
    assert len(in_arrow) == len(in_sql) > 50
    by_sex = [r for r in in_arrow if r["by"] == "sex" and r["statistic"] == "mean"]
    overall = next(r for r in in_arrow if r["by"] == "" and r["statistic"] == "mean")
    assert sum(r["n"] for r in by_sex) < overall["n"]
    assert_same_numbers(in_arrow, in_sql)


def test_finest_cut_taken_from_the_cells_agrees_with_sql(monkeypatch):
    """A cut over every disaggregation column at the cells' own unit needs no rolling up: the
    cell rows are its unit totals. Its numbers match the SQL rollup's (and the overall cut,
    rolled up in Arrow, still agrees)."""
    table = pacsv.read_csv(TWOSTAGE)
    sex = pc.if_else(pc.ends_with(table.column("woman"), "3"), None, table.column("sex"))
    table = table.set_column(table.schema.get_field_index("sex"), "sex", sex)
    design = Design(weights="pw", strata="region", psu=("ea",), lonely_psu="adjust")
    request = Request(
        (Mean("income"), Proportion("stage"), Ratio("cost", "earnings")),
        by=(("sex", "age_group"),),
        na="drop",
    )
    in_arrow = estimate(table, design, request).to_pylist()
    monkeypatch.setattr(rollup, "LOCAL_CELLS", -1)
    in_sql = estimate(table, design, request).to_pylist()
    assert len([r for r in in_arrow if r["by"] == "sex+age_group"]) > 10
    assert len(in_arrow) == len(in_sql)
    assert_same_numbers(in_arrow, in_sql)
