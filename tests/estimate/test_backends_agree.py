"""DuckDB and Spark give the same numbers for every statistic, variance method, policy and
domain case, beyond the R goldens (which run on both backends in test_golden.py).

Each test estimates one request on both backends and compares every number to 1e-9
(:mod:`tests.estimate.agreement`). Spark runs in the test session's local SparkSession.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from sqlglot import exp

from safemig import errors
from safemig.design import Design, Replicates
from safemig.estimate import (
    Count,
    Mean,
    Proportion,
    Quantile,
    Ratio,
    Request,
    Total,
    estimate,
)
from safemig.estimate.backends import ROW_ID, open_backend
from safemig.estimate.compiler import SOURCE
from safemig.estimate.sqlparts import col
from tests.conftest import GOLDEN, SPARK_CODEGEN
from tests.estimate.agreement import assert_same_numbers

TWOSTAGE = GOLDEN / "data" / "twostage.csv"
JK1 = GOLDEN / "data" / "apiclus1_jk1.csv"
SRS = GOLDEN / "data" / "apisrs.csv"
EVERY_STATISTIC = (
    Mean("informed"),
    Mean("income"),
    Total("income"),
    Proportion("stage"),
    Proportion("sources", multiple=True),
    Proportion("stage", levels=("return",)),
    Count("income"),
    Ratio("cost", "earnings"),
    Quantile("income", 0.5),
    Quantile("income", 0.25),
)
MANY_CUTS = (("region",), ("sex",), ("region", "stage"), ("age_group", "disability", "sex"))


def on_both(data, design: Design, request: Request, spark_settings=None) -> list[dict]:
    """Estimate on DuckDB and on Spark, assert they agree, return DuckDB's rows."""
    reference = estimate(data, design, request, backend="duckdb").to_pylist()
    engine = open_backend("spark", spark_settings)
    try:
        ours = estimate(data, design, request, backend=engine).to_pylist()
    finally:
        engine.close()
    assert_same_numbers(ours, reference)
    return reference


@pytest.fixture(autouse=True)
def _spark(spark_session):
    return spark_session


@pytest.mark.parametrize(
    "fpc, lonely, spark_settings",
    [
        (("fpc1", "fpc2"), "adjust", SPARK_CODEGEN),
        (("fpc1", "fpc2"), "average", None),
        ((), "remove", None),
    ],
    ids=["fpc-adjust-codegen", "fpc-average", "nofpc-remove"],
)
def test_two_stage_every_statistic_many_domains(fpc, lonely, spark_settings):
    psu = ("ea", "woman") if fpc else ("ea",)
    design = Design(weights="pw", strata="region", psu=psu, fpc=fpc, lonely_psu=lonely)
    request = Request(EVERY_STATISTIC, by=MANY_CUTS, na="drop")
    rows = on_both(TWOSTAGE, design, request, spark_settings)
    keys = ("by", "region", "sex", "stage", "age_group", "disability")
    assert len({tuple(r[k] for k in keys) for r in rows}) == 34  # overall and 33 domains


@pytest.mark.parametrize("ci_method", ["logit", "beta", "wilson", "wald"])
def test_universe_and_interval_methods(ci_method):
    design = Design(weights="pw", strata="region", psu=("ea",), lonely_psu="certainty")
    request = Request(
        (Proportion("stage"), Mean("income")),
        by=(("age_group",),),
        where="sex = 'F' AND income > 20000",
        na="drop",
        ci_method=ci_method,
        df="inf" if ci_method == "wald" else "design",
    )
    rows = on_both(TWOSTAGE, design, request)
    assert all(r["n"] > 0 for r in rows)


@pytest.mark.parametrize(
    "rep_type, scale, rscales, mse",
    [
        ("JK1", None, None, False),
        ("JK1", None, None, True),
        ("JKn", 1.0, tuple([14 / 15] * 15), False),
        ("BRR", None, None, False),
        ("Fay", 1 / (15 * 0.5**2), None, True),
        ("bootstrap", None, None, False),
        ("SDR", None, None, False),
    ],
)
def test_replicate_designs(rep_type, scale, rscales, mse):
    reps = Replicates(pattern="repw*", type=rep_type, scale=scale, rscales=rscales, mse=mse)
    request = Request(
        (Mean("api00"), Total("enroll"), Proportion("sch.wide"), Quantile("api00", 0.5)),
        by=(("stype",), ("stype", "sch.wide")),
        na="drop",
    )
    rows = on_both(JK1, Design(weights="pw", replicates=reps), request)
    assert {r["statistic"] for r in rows} == {"mean", "total", "prop", "quantile"}


def test_rows_as_psus_with_spark_reading_in_many_parts(tmp_path):
    """Without PSUs each row is its own PSU, named by the row id; Spark here reads the file in
    many partitions, so its row ids have gaps and quantile ties must be put back in order."""
    path = tmp_path / "srs.parquet"
    pq.write_table(pacsv.read_csv(SRS), path, row_group_size=16)
    request = Request(
        (Mean("api00"), Quantile("api00", 0.5), Quantile("growth", 0.1)), by=(("stype",),)
    )
    split = {"spark.sql.files.maxPartitionBytes": "2048", "spark.sql.files.openCostInBytes": "0"}
    rows = on_both(path, Design(weights="pw", fpc=("fpc",)), request, split)
    assert rows[0]["df"] == 199


def test_arrow_parquet_and_csv_give_the_same_numbers(tmp_path):
    table = pacsv.read_csv(TWOSTAGE)
    parquet = tmp_path / "twostage.parquet"
    pq.write_table(table, parquet)
    design = Design(weights="pw", strata="region", psu=("ea", "woman"), fpc=("fpc1", "fpc2"))
    request = Request((Mean("income"), Proportion("stage")), by=(("region", "sex"),), na="drop")
    from_csv = on_both(TWOSTAGE, design, request)
    assert_same_numbers(on_both(parquet, design, request), from_csv)
    assert_same_numbers(on_both(table, design, request), from_csv)


def test_csv_columns_read_alike(tmp_path: Path):
    """Spark's CSV reader is told to type columns as DuckDB's: Yes/No and dates stay text,
    '' and NA are missing, quoted commas and doubled quotes survive, integers stay integers."""
    path = tmp_path / "quirks.csv"
    path.write_text(
        'answer,when,score,ratio,note,"odd.name"\n'
        'Yes,2024-01-02,1,0.5,"a, b",7\n'
        'No,2024-02-03,NA,1,"say ""hi""",\n'
        ',2024-03-04,3,2.25,"line\nbreak",9\n',
        encoding="utf-8",
    )
    read = {}
    for name in ("duckdb", "spark"):
        engine = open_backend(name)
        try:
            engine.register(SOURCE, path)
            rows = engine.execute(exp.select("*").from_(SOURCE).order_by(col(ROW_ID)))
            read[name] = (engine.column_kinds(SOURCE), rows.drop([ROW_ID]).to_pylist())
        finally:
            engine.close()
    assert read["spark"] == read["duckdb"]
    kinds, rows = read["duckdb"]
    assert kinds == {
        "answer": "string",
        "when": "string",
        "score": "numeric",
        "ratio": "numeric",
        "note": "string",
        "odd.name": "numeric",
    }
    assert [r["answer"] for r in rows] == ["Yes", "No", None]
    assert rows[1]["score"] is None and rows[1]["note"] == 'say "hi"'


def test_error_row_numbers_follow_the_file_on_spark(tmp_path):
    """Row numbers in messages count rows in file order even when Spark reads in parts."""
    table = pacsv.read_csv(SRS)
    weights = table.column("pw").to_pylist()
    weights[150] = None
    path = tmp_path / "gap.parquet"
    pq.write_table(
        table.set_column(table.schema.get_field_index("pw"), "pw", pa.array(weights)),
        path,
        row_group_size=16,
    )
    engine = open_backend("spark", {"spark.sql.files.maxPartitionBytes": "2048"})
    try:
        with pytest.raises(errors.MissingWeightError, match=r"row 151\b"):
            estimate(path, Design(weights="pw"), Request((Mean("api00"),)), backend=engine)
    finally:
        engine.close()
