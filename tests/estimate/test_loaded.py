"""Data read once with ``safemig.load`` and estimated on many times.

The R goldens run on loaded data too (test_golden.py); these tests check what loading itself
promises: the values and their order are the file's, text categories become DuckDB ENUMs
while identifiers stay text, errors name the same rows, and a dataset's lifetime (closing,
its backend, concurrent calls, Spark's cache) behaves as documented.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlglot import exp

import safemig
from safemig import Design
from safemig.errors import DataFileError, EmptyDataError, InputError, RequestError
from safemig.estimate import Mean, Proportion, Quantile, Request, estimate, load
from safemig.estimate.backends import ROW_ID, STRING, open_backend
from safemig.estimate.backends.duckdb import CATEGORY_LEVELS
from safemig.estimate.sqlparts import col
from tests.estimate.agreement import assert_same_numbers

GOLDEN = Path(__file__).parents[1] / "golden" / "data"
APISTRAT = GOLDEN / "apistrat.csv"
STRAT = Design(weights="pw", strata="stype", fpc=("fpc",))


def _mixed_table(rows: int) -> pa.Table:
    """A category with a missing value, an empty string and a quote; an identifier with a
    distinct value per row; numbers."""
    numbers = np.arange(rows)
    region = np.array(["Niamey", "Zinder", "Agadez", "", "l'Aïr"], dtype=object)[numbers % 5]
    region = [None if i % 7 == 3 else r for i, r in enumerate(region)]
    return pa.table(
        {
            "region": pa.array(region, pa.string()),
            "respondent": pa.array([f"R{i:06d}" for i in numbers], pa.string()),
            "y": pa.array(numbers * 0.5),
            "w": pa.array(1.0 + numbers % 3),
        }
    )


def _types(engine, table: str) -> dict[str, str]:
    """DuckDB's type name of every column of ``table`` (``typeof`` of its first row)."""
    names = ["region", "respondent", "y", "w"]
    probe = exp.select(*(exp.func("typeof", col(n)).as_(n) for n in names)).from_(table).limit(1)
    return engine.execute(probe).to_pylist()[0]


def test_categories_become_enums_and_identifiers_stay_text():
    table = _mixed_table(CATEGORY_LEVELS + 500)
    with load(table) as data:
        types = _types(data.backend, data.loaded.table)
        kinds = data.backend.column_kinds(data.loaded.table)
    assert types["region"].startswith("ENUM(")
    assert "'l''Aïr'" in types["region"] and "''" in types["region"]
    assert types["respondent"] == "VARCHAR"  # more distinct values than CATEGORY_LEVELS
    assert (types["y"], types["w"]) == ("DOUBLE", "DOUBLE")
    assert kinds["region"] == kinds["respondent"] == STRING


def test_loaded_rows_are_the_files_rows_in_order(tmp_path: Path):
    """Every value (the missing one, the empty string, the quote) and the row ids 1..n."""
    table = _mixed_table(30_000)
    path = tmp_path / "mixed.parquet"
    pq.write_table(table, path, row_group_size=4_000)
    with load(path) as data:
        query = exp.select("*").from_(data.loaded.table).order_by(col(ROW_ID))
        read = data.backend.execute(query)
    assert read.column(ROW_ID).to_pylist() == list(range(1, 30_001))
    for name in table.column_names:
        assert read.column(name).type == table.column(name).type  # text, not dictionaries
        assert read.column(name).to_pylist() == table.column(name).to_pylist()


def test_many_requests_on_one_dataset_match_the_file():
    requests = [
        Request((Mean("api00"), Proportion("sch.wide")), by=(("stype",), ("cname",))),
        Request((Quantile("api00", 0.5),), by=(("awards",),), where="\"sch.wide\" = 'Yes'"),
        Request((Mean("api99"),), where="cname IN ('Los Angeles', 'nowhere')"),
    ]
    with safemig.load(APISTRAT) as data:
        for request in requests:
            ours = estimate(data, STRAT, request).to_pylist()
            assert_same_numbers(ours, estimate(APISTRAT, STRAT, request).to_pylist())


def test_an_error_names_the_same_row_as_from_the_file(write_csv):
    rows = [f"{i},{'-2' if i == 4_321 else '1.5'},{'a' if i % 2 else 'b'}" for i in range(5_000)]
    path = write_csv("bad.csv", "y,w,g", *rows)
    request = Request((Mean("y"),), by=(("g",),))
    with pytest.raises(InputError) as from_file:
        estimate(path, Design(weights="w"), request)
    with load(path) as data, pytest.raises(InputError) as from_loaded:
        estimate(data, Design(weights="w"), request)
    assert "4322" in str(from_file.value)
    assert str(from_loaded.value) == str(from_file.value)


def test_missing_and_empty_files_are_refused_with_their_name(tmp_path: Path, write_csv):
    with pytest.raises(DataFileError, match="nowhere.csv"):
        load(tmp_path / "nowhere.csv")
    empty = write_csv("empty.csv", "y,w")
    with pytest.raises(EmptyDataError, match="empty.csv"):
        load(empty)


def test_a_closed_dataset_and_another_backend_are_refused():
    data = load(APISTRAT)
    request = Request((Mean("api00"),))
    engine = open_backend("duckdb")
    try:
        with pytest.raises(RequestError, match="another duckdb backend") as wrong:
            estimate(data, STRAT, request, backend=engine)
        assert "un autre moteur duckdb" in wrong.value.message("fr")
        with pytest.raises(RequestError, match="loaded on duckdb .* on spark"):
            estimate(data, STRAT, request, backend="spark")
    finally:
        engine.close()
    data.close()
    data.close()  # closing twice is harmless
    with pytest.raises(RequestError, match="apistrat.csv"):
        estimate(data, STRAT, request)


def test_a_dataset_on_a_callers_backend_leaves_it_open():
    engine = open_backend("duckdb")
    try:
        with load(APISTRAT, backend=engine) as data:
            first = estimate(data, STRAT, Request((Mean("api00"),)), backend=engine)
        table = data.loaded.table
        count = engine.execute(exp.select(exp.func("count", exp.Star())).from_(table))
        assert count.column(0).to_pylist() == [200]
        assert first.rows("mean", "api00", "")[0]["n"] == 200
    finally:
        engine.close()


def test_concurrent_calls_on_one_dataset_take_turns():
    request = Request((Mean("api00"), Proportion("awards")), by=(("stype",),))
    reference = estimate(APISTRAT, STRAT, request).to_pylist()
    outcomes: list[object] = []
    with load(APISTRAT) as data:

        def run() -> None:
            try:
                outcomes.append(estimate(data, STRAT, request).to_pylist())
            except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
                outcomes.append(exc)

        threads = [threading.Thread(target=run) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(outcomes) == 4
    for outcome in outcomes:
        assert isinstance(outcome, list), outcome
        assert_same_numbers(outcome, reference)


def test_spark_dataset_matches_duckdb_and_releases_each_calls_tables(spark_session):
    request = Request((Mean("api00"), Proportion("sch.wide")), by=(("stype",),))
    reference = estimate(APISTRAT, STRAT, request).to_pylist()
    with load(APISTRAT, backend="spark") as data:
        assert_same_numbers(estimate(data, STRAT, request).to_pylist(), reference)
        cached = dict(data.backend._cached)  # noqa: SLF001 (the leak this test guards)
        assert_same_numbers(estimate(data, STRAT, request).to_pylist(), reference)
        assert data.backend._cached.keys() == cached.keys()  # noqa: SLF001
        replaced = [f for name, f in cached.items() if name != data.loaded.table]
        assert replaced and not any(frame.is_cached for frame in replaced)
    assert not {t.name for t in spark_session.catalog.listTables()} & cached.keys()


def test_a_design_groups_the_stored_rows_by_strata_and_psus(tmp_path: Path):
    """Rows stored sorted by stratum then PSU (what makes the aggregation faster), each
    still under its own row id, and the estimates those of the file."""
    rng = np.random.default_rng(7)
    n = 20_000
    psu = rng.integers(0, 400, n)
    table = pa.table(
        {
            "stratum": pa.array([f"S{p // 40:02d}" for p in psu]),
            "psu": pa.array(psu),
            "w": pa.array(rng.uniform(1, 5, n)),
            "y": pa.array(rng.normal(size=n)),
            "group": pa.array(np.array(["a", "b", "c"])[rng.integers(0, 3, n)]),
        }
    )
    path = tmp_path / "shuffled.parquet"
    pq.write_table(table, path)
    design = Design(weights="w", strata="stratum", psu=("psu",))
    request = Request((Mean("y"), Proportion("group")), by=(("group",), ("stratum",)))
    with load(path, design) as data:
        stored = data.backend.execute(exp.select("*").from_(data.loaded.table))
        ours = estimate(data, design, request).to_pylist()
    stratum, psu_ids = stored.column("stratum").to_pylist(), stored.column("psu").to_pylist()
    keys = list(zip(stratum, psu_ids, strict=True))
    assert keys == sorted(keys)
    by_id = stored.sort_by(ROW_ID)
    assert by_id.column(ROW_ID).to_pylist() == list(range(1, n + 1))
    for name in table.column_names:
        assert by_id.column(name).to_pylist() == table.column(name).to_pylist()
    assert_same_numbers(ours, estimate(path, design, request).to_pylist())


def test_a_design_naming_a_missing_column_is_refused():
    with pytest.raises(InputError, match="'ea'.*PSU") as refused:
        load(APISTRAT, Design(weights="pw", strata="stype", psu=("ea",)))
    assert "UPE" in refused.value.message("fr")
