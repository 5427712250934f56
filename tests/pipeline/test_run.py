"""`safemig run`: the results contract, equality with direct engine calls, idempotent re-runs."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from safemig.demo import central_table
from safemig.demo.engine_demo import DEMO_DESIGN
from safemig.disclosure import apply_disclosure, preset
from safemig.indicators import builtin_catalogue, estimate_catalogue
from safemig.pipeline import run_project
from safemig.project import load_project
from tests.pipeline.conftest import SIZE

KEYS = ("indicator", "level", "disaggregation", "region", "migration_stage", "age_group")
KEYS += ("disability",)
NUMBERS = ("estimate", "se", "ci_low", "ci_high", "cv", "deff", "n_weighted", "df")


def _sorted(table: pa.Table) -> list[dict]:
    return sorted(table.to_pylist(), key=lambda r: tuple(str(r[k]) for k in KEYS))


def _assert_same_rows(got: pa.Table, want: pa.Table) -> None:
    assert got.schema == want.schema
    for g, w in zip(_sorted(got), _sorted(want), strict=True):
        for column, value in w.items():
            if column in NUMBERS and value is not None:
                assert math.isclose(g[column], value, rel_tol=1e-9, abs_tol=1e-12), (column, g, w)
            else:
                assert g[column] == value, (column, g, w)


def test_published_table_equals_direct_engine_calls(ran_project):
    """results/indicators.parquet is apply_disclosure(estimate_catalogue(...)) on the export,
    with the demo's calibration (raked to region and listing age group) in the design."""
    design = replace(DEMO_DESIGN, calibration=ran_project.project.weights.calibration)
    direct = estimate_catalogue(
        central_table(ran_project.survey), design, builtin_catalogue("gender_migration")
    )
    want = apply_disclosure(direct.table, preset("dhs"), direct.disaggregations)
    got = pq.read_table(ran_project.project.results / "indicators.parquet")
    _assert_same_rows(got, want)
    assert {"published", "suppressed"} <= set(got.column("status").to_pylist())


def test_store_holds_the_same_published_table(ran_project):
    parquet = pq.read_table(ran_project.project.results / "indicators.parquet")
    con = duckdb.connect(str(ran_project.project.store), read_only=True)
    try:
        stored = con.sql("SELECT * FROM results.indicators").to_arrow_table()
        runs = con.sql("SELECT run FROM results.runs").fetchall()
    finally:
        con.close()
    assert _sorted(stored) == _sorted(parquet)
    record = json.loads((ran_project.project.results / "run.json").read_text())
    assert [json.loads(r[0]) for r in runs] == [record]


def test_run_json_records_what_was_run(ran_project):
    record = json.loads((ran_project.project.results / "run.json").read_text())
    assert set(record) == {
        "catalogue",
        "disaggregations",
        "disclosure",
        "design",
        "languages",
        "outputs",
        "synthetic",
        "started",
        "finished",
        "safemig_version",
        "project_name",
        "project_name_fr",
    }
    assert record["catalogue"] == "gender_migration"
    assert record["disaggregations"] == ["region", "migration_stage", "age_group", "disability"]
    assert record["disclosure"]["preset"] == "dhs"
    assert record["disclosure"]["basis"] == "denominator"
    assert (record["disclosure"]["min_count"], record["disclosure"]["caution_count"]) == (25, 50)
    calibration = record["design"].pop("calibration")
    assert record["design"] == {
        "weights": "design_weight",
        "strata": "stratum",
        "psu": ["psu", "_key"],
        "fpc": ["fpc_psu", "fpc_ssu"],
        "lonely_psu": "adjust",
    }
    assert calibration["method"] == "rake"
    assert calibration["variables"] == ["stratum", "listing_age_group"]
    assert [s.rsplit("/", 1)[-1] for s in calibration["sources"]] == [
        "population_age_group.csv",
        "population_stratum.csv",
    ]
    assert record["synthetic"] is True and record["languages"] == ["en", "fr"]
    assert record["outputs"] == {
        "folder": "out",
        "formats": ["html", "pdf", "xlsx", "sdmx", "brief", "cards"],
    }
    assert record["started"] <= record["finished"] and record["finished"].endswith("+00:00")


def test_survey_summary_matches_the_generated_sample(ran_project):
    summary = json.loads((ran_project.project.results / "survey_summary.json").read_text())
    survey = central_table(ran_project.survey)
    weights = survey.column("design_weight").to_numpy()
    assert (summary["respondents"], summary["quarantined"], summary["flagged"]) == (SIZE, 0, 0)
    for entry in summary["strata"]:
        mask = pc.equal(survey.column("stratum"), entry["stratum"])
        rows = survey.filter(mask)
        assert entry["respondents"] == rows.num_rows
        assert entry["psus"] == len(set(rows.column("psu").to_pylist()))
        assert math.isclose(entry["weighted"], float(pc.sum(rows.column("design_weight")).as_py()))
    assert sum(e["respondents"] for e in summary["strata"]) == SIZE
    w = summary["weights"]
    kish = len(weights) * float(np.sum(weights**2)) / float(np.sum(weights)) ** 2
    assert math.isclose(w["kish_deff"], kish, rel_tol=1e-12)
    assert math.isclose(w["cv"], float(np.std(weights) / np.mean(weights)), rel_tol=1e-9)
    assert (w["min"], w["max"]) == (float(weights.min()), float(weights.max()))


def test_run_summary_counts(ran_project):
    s = ran_project.summary
    published = pq.read_table(ran_project.project.results / "indicators.parquet")
    statuses = published.column("status").to_pylist()
    assert s.cells == {
        k: statuses.count(k) for k in ("published", "caution", "suppressed", "secondary")
    }
    assert s.rows_read == SIZE and s.respondents == SIZE
    assert s.indicators == len(builtin_catalogue("gender_migration").indicators)
    assert list(s.seconds) == [
        "ingest",
        "checks",
        "cleaning",
        "weights",
        "estimation",
        "disclosure",
        "voices",
        "results",
        "products",
    ]
    assert (ran_project.project.root / "checks" / "checks-en.xlsx").exists()


def test_rerun_and_another_export_of_the_same_survey_add_nothing(project_copy, ran_project):
    """The Kobo export holds the same interviews as the Central one: all are duplicates."""
    toml = project_copy.file.read_text(encoding="utf-8")
    toml = toml.replace("[design]", '[[sources]]\npath = "data/kobo_export.csv"\n\n[design]', 1)
    project_copy.file.write_text(toml, encoding="utf-8")
    summary = run_project(load_project(project_copy.root))
    central, kobo = summary.ingested
    assert central.already_ingested and central.accepted == 0
    assert not kobo.already_ingested and kobo.duplicates == SIZE and kobo.accepted == 0
    assert summary.respondents == SIZE
    before = pq.read_table(ran_project.project.results / "indicators.parquet")
    _assert_same_rows(pq.read_table(project_copy.results / "indicators.parquet"), before)
