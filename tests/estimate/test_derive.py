"""Derived variables give the same numbers as the same column computed beforehand."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from safemig import Design
from safemig.errors import RequestError, UnknownColumnError
from safemig.estimate import Mean, Proportion, Request, estimate

APISTRAT = Path(__file__).parents[1] / "golden" / "data" / "apistrat.csv"
DESIGN = Design(weights="pw", strata="stype", fpc=("fpc",))


def _table() -> pa.Table:
    import pyarrow.csv as pacsv

    return pacsv.read_csv(APISTRAT)


def test_derived_column_equals_precomputed_column():
    table = _table()
    gain = pc.subtract(table["api00"], table["api99"])
    band = pc.if_else(pc.greater_equal(table["api00"], 700), "high", "low")
    manual = table.append_column("gain_", gain).append_column("band_", band)
    expected = estimate(
        manual, DESIGN, Request((Mean("gain_"),), by=(("band_",),), where="gain_ > 0")
    ).rows()
    derived = estimate(
        table,
        DESIGN,
        Request(
            (Mean("gain_"),),
            by=(("band_",),),
            where="gain_ > 0",
            derive=(
                ("gain_", '"api00" - "api99"'),
                ("band_", "CASE WHEN api00 >= 700 THEN 'high' ELSE 'low' END"),
            ),
        ),
    ).rows()
    # Same sums in another order (DuckDB adds in parallel): equal to rounding.
    assert [r["estimate"] for r in derived] == pytest.approx(
        [r["estimate"] for r in expected], rel=1e-12
    )
    assert [r["se"] for r in derived] == pytest.approx([r["se"] for r in expected], rel=1e-12)
    assert {r["band_"] for r in derived} == {None, "high", "low"}


def test_derived_variable_may_name_earlier_ones():
    """A derived variable naming earlier ones (three levels deep, one of them read by two
    later ones) gives the numbers of the same columns computed beforehand, with and without
    the engine's column pruning (a ``where`` on a column only a later expression reads)."""
    table = _table()
    gain = pc.subtract(table["api00"], table["api99"])
    share = pc.divide(pc.cast(gain, pa.float64()), pc.cast(table["api99"], pa.float64()))
    band = pc.if_else(pc.greater(share, 0.05), "up", "flat")
    manual = table.append_column("gain_", gain).append_column("share_", share)
    manual = manual.append_column("band_", band)
    expected = estimate(
        manual,
        DESIGN,
        Request((Mean("share_"), Mean("gain_")), by=(("band_",),), where="enroll > 300"),
    ).rows()
    derived = estimate(
        table,
        DESIGN,
        Request(
            (Mean("share_"), Mean("gain_")),
            by=(("band_",),),
            where="enroll > 300",
            derive=(
                ("gain_", '"api00" - "api99"'),
                ("share_", 'CAST(gain_ AS DOUBLE) / "api99"'),
                ("band_", "CASE WHEN share_ > 0.05 THEN 'up' ELSE 'flat' END"),
            ),
        ),
    ).rows()
    assert len(derived) == len(expected) == 6
    assert [r["estimate"] for r in derived] == pytest.approx(
        [r["estimate"] for r in expected], rel=1e-12
    )
    assert [r["se"] for r in derived] == pytest.approx([r["se"] for r in expected], rel=1e-12)


def test_derived_variable_may_not_name_a_later_one_or_repeat_a_name():
    with pytest.raises(UnknownColumnError, match="later_"):
        estimate(
            APISTRAT,
            DESIGN,
            Request((Mean("x"),), derive=(("x", "later_ * 2"), ("later_", "api00"))),
        )
    with pytest.raises(RequestError, match="earlier derived variable") as info:
        estimate(APISTRAT, DESIGN, Request((Mean("x"),), derive=(("x", "api00"), ("x", "api99"))))
    assert "variable dérivée précédente" in info.value.message("fr")


def test_derived_columns_work_with_a_file_source():
    rows = estimate(
        APISTRAT,
        DESIGN,
        Request((Proportion("band_"),), derive=(("band_", "api00 >= 700"),)),
    ).rows()
    assert sorted(r["level"] for r in rows) == ["false", "true"]
    assert sum(r["estimate"] for r in rows) == pytest.approx(1.0, rel=1e-12)


def test_derived_name_may_not_hide_a_column():
    with pytest.raises(RequestError, match="api00") as info:
        estimate(APISTRAT, DESIGN, Request((Mean("api00"),), derive=(("api00", "api99"),)))
    assert "variable dérivée" in info.value.message("fr")


def test_derived_expression_must_be_sql():
    with pytest.raises(RequestError, match="not valid SQL"):
        estimate(APISTRAT, DESIGN, Request((Mean("x"),), derive=(("x", "api00 +* )"),)))


def test_derived_expression_names_known_columns():
    with pytest.raises(UnknownColumnError, match="api0'.*derived variable"):
        estimate(APISTRAT, DESIGN, Request((Mean("x"),), derive=(("x", "api0 * 2"),)))


def test_derived_run_keeps_every_column_the_request_reads():
    """With derived variables the engine keeps only the columns it reads; those must include
    select_multiple choice columns, replicate weights given by a pattern and columns named
    only in the universe condition, and give the numbers of a run without derived ones."""
    from safemig.design import Replicates

    jk1 = Path(__file__).parents[1] / "golden" / "data" / "apiclus1_jk1.csv"
    import pyarrow.csv as pacsv

    table = pacsv.read_csv(jk1)
    table = table.append_column(
        "aid/yes", pc.cast(pc.equal(table["awards"], "Yes"), pa.int64())
    ).append_column("aid/no", pc.cast(pc.equal(table["awards"], "No"), pa.int64()))
    design = Design(weights="pw", replicates=Replicates(pattern="repw*", type="JK1"))
    request = Request(
        (Proportion("aid", multiple=True), Mean("api00")), where="enroll > 300", na="drop"
    )
    plain = estimate(table, design, request).rows()
    with_derived = estimate(
        table,
        design,
        Request(
            request.statistics,
            where=request.where,
            na="drop",
            derive=(("unused_", "api99 + 1"),),
        ),
    ).rows()
    assert len(plain) == len(with_derived) == 3
    for a, b in zip(plain, with_derived, strict=True):
        assert (a["variable"], a["level"]) == (b["variable"], b["level"])
        assert b["estimate"] == pytest.approx(a["estimate"], rel=1e-12)
        assert b["se"] == pytest.approx(a["se"], rel=1e-12)
