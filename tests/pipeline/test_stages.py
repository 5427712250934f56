"""The stages: weights, the analysis table (names, design, cleaning log), the demo project."""

from __future__ import annotations

import pyarrow as pa
import pytest

from safemig.errors import NonNumericWeightError, ProjectError
from safemig.pipeline import run_project, weights_stage
from safemig.project import load_project
from tests.pipeline.conftest import SIZE


def _with_final(project, column: str):
    text = project.file.read_text(encoding="utf-8")
    project.file.write_text(
        text.replace('final = "design_weight"', f'final = "{column}"'), encoding="utf-8"
    )
    return load_project(project.root)


def _uncalibrated(project):
    """The project without its ``[weights.calibration]`` (the demo rakes its weights)."""
    text = project.file.read_text(encoding="utf-8")
    start, end = text.index("[weights.calibration]"), text.index("[catalogue]")
    project.file.write_text(text[:start] + text[end:], encoding="utf-8")
    return load_project(project.root)


def test_text_weights_become_numbers(project_copy):
    table = pa.table({"_key": ["a", "b", "c"], "design_weight": ["1.5", " 2 ", ""]})
    out = weights_stage(_uncalibrated(project_copy), table).table
    assert out.column("design_weight").type == pa.float64()
    assert out.column("design_weight").to_pylist() == [1.5, 2.0, None]
    assert out.column("_key") == table.column("_key")


def test_a_weight_that_is_not_a_number_names_the_interview(project_copy):
    table = pa.table({"_key": ["a", "b"], "design_weight": ["1.5", "one"]})
    with pytest.raises(NonNumericWeightError) as info:
        weights_stage(project_copy, table)
    assert "submission b has 'one'" in str(info.value)
    assert "[weights] final" in str(info.value) and "la soumission b" in info.value.message("fr")


def test_the_final_weight_must_be_a_column(project_copy):
    project = _with_final(project_copy, "calibrated_weight")
    with pytest.raises(ProjectError, match=r"\[weights\] final = 'calibrated_weight'"):
        weights_stage(project, pa.table({"design_weight": [1.0]}))


def test_a_design_column_not_in_the_data_is_named(project_copy):
    text = project_copy.file.read_text(encoding="utf-8")
    project_copy.file.write_text(
        text.replace('strata = "stratum"', 'strata = "stratums"'), encoding="utf-8"
    )
    with pytest.raises(ProjectError) as info:
        run_project(load_project(project_copy.root))
    message = str(info.value)
    assert "[design] strata: column 'stratums' is not in the submissions" in message
    assert "Did you mean 'stratum'" in message


def test_a_misspelt_disaggregation_fails_before_any_stage(project_copy):
    text = project_copy.file.read_text(encoding="utf-8")
    project_copy.file.write_text(
        text.replace('builtin = "gender_migration"', 'disaggregations = ["regions"]'),
        encoding="utf-8",
    )
    before = project_copy.store.stat().st_mtime_ns
    with pytest.raises(ProjectError, match="'regions' is not a disaggregation"):
        run_project(load_project(project_copy.root))
    assert project_copy.store.stat().st_mtime_ns == before
    assert not list(project_copy.root.glob(".run-*"))


def test_the_demo_project_can_be_built_again_in_place(ran_project, tmp_path):
    from safemig.demo.project import build_demo_project

    first = build_demo_project(tmp_path / "project", ran_project.survey)
    (first.root / "results").mkdir()
    again = build_demo_project(tmp_path / "project", ran_project.survey)
    assert again.file.exists() and not (again.root / "results").exists()


def test_the_demo_never_removes_a_real_project(ran_project, tmp_path):
    from safemig.demo.project import build_demo_project
    from safemig.project import init_project

    real = init_project(tmp_path / "mine")
    with pytest.raises(ProjectError, match="already exists"):
        build_demo_project(real.root, ran_project.survey)
    assert real.file.exists() and real.secret.exists() and not (real.root / "data").exists()


def test_questions_take_their_odk_central_names(ran_project):
    """Whatever the export (Kobo's group/question included), catalogues see group-question."""
    from safemig.pipeline.analysis import analysis_names

    store = {"consent_given": "VARCHAR", "start": "TIMESTAMPTZ", "_key": "VARCHAR"}
    store |= {"_flags": "VARCHAR[]", "stratum": "VARCHAR", "migration_stage": "VARCHAR"}
    names = analysis_names(store, ran_project.survey.schema)
    assert names == {
        "consent_given": "consent-consent_given",
        "start": "start",
        "_key": "_key",
        "stratum": "stratum",
        "migration_stage": "trajectory-migration_stage",
    }


def test_the_cleaning_log_is_applied(project_copy):
    """Surveys removed by `safemig clean` leave the estimates; the raw data stay."""
    import json

    import duckdb

    from safemig.ingest.cleaning import apply_cleaning_log

    con = duckdb.connect(str(project_copy.store), read_only=True)
    keys = [k for (k,) in con.sql("SELECT _key FROM submissions ORDER BY _key LIMIT 2").fetchall()]
    con.close()
    log = project_copy.root / "cleaning.csv"
    log.write_text(
        "uuid,question,old_value,new_value,change_type,issue\n"
        + "".join(f"{k},,,,remove_survey,test interview\n" for k in keys),
        encoding="utf-8",
    )
    apply_cleaning_log(project_copy, log, "tester")
    summary = run_project(project_copy)
    assert summary.cleaning_changes == 2 and summary.respondents == SIZE - 2
    written = json.loads((project_copy.results / "survey_summary.json").read_text())
    assert written["respondents"] == SIZE - 2
    con = duckdb.connect(str(project_copy.store), read_only=True)
    assert con.execute("SELECT count(*) FROM submissions").fetchone() == (SIZE,)
    con.close()
