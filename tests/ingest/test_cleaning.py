"""Cleaning logs: applied as a log, old values checked, raw and typed tables untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from safemig.errors import CleaningLogError, StaleCleaningError
from safemig.ingest import ingest_into_project
from safemig.ingest.cleaning import apply_cleaning_log
from safemig.project import init_project
from tests.ingest.conftest import kobo_row, query, snapshot

HEADER = "uuid,question,old_value,new_value,change_type,issue"


@pytest.fixture
def project(tmp_path: Path, small_form: Path, kobo_csv):
    project = init_project(tmp_path / "proj", small_form)
    ingest_into_project(project, kobo_csv(kobo_row("u1"), kobo_row("u2"), kobo_row("u3")))
    return project


def _log(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "log.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_log_applies_without_editing(project, tmp_path: Path) -> None:
    log = _log(
        tmp_path,
        "uuid:u1,resp_age,30,31,change_response,typo",
        "u2,comments,,,blank_response,empty anyway",
        "u3,,,,remove_survey,test interview",
        "u2,resp_age,30,,no_action,checked: true age",
    )
    result = apply_cleaning_log(project, log, "amina")
    assert (result.applied, result.no_action) == (3, 1)
    assert query(project.store, "SELECT _key, resp_age FROM submissions_cleaned ORDER BY 1") == [
        ("u1", 31),
        ("u2", 30),
    ]
    assert query(project.store, "SELECT resp_age FROM submissions WHERE _key = 'u1'") == [(30,)]
    assert query(project.store, "SELECT DISTINCT applied_by FROM cleaning_log") == [("amina",)]


def test_stale_old_value_applies_nothing(project, tmp_path: Path) -> None:
    before = snapshot(project.store)
    log = _log(
        tmp_path, "u1,resp_age,30,31,change_response,typo", "u2,resp_age,29,31,change_response,typo"
    )
    with pytest.raises(StaleCleaningError, match="row 3"):
        apply_cleaning_log(project, log, "amina")
    assert snapshot(project.store) == before


def test_applying_the_same_log_twice_is_stale(project, tmp_path: Path) -> None:
    log = _log(tmp_path, "u1,resp_age,30,31,change_response,typo")
    apply_cleaning_log(project, log, "amina")
    with pytest.raises(StaleCleaningError):
        apply_cleaning_log(project, log, "amina")
    assert query(project.store, "SELECT count(*) FROM cleaning_log") == [(1,)]


@pytest.mark.parametrize(
    ("row", "match"),
    [
        ("u1,resp_age,30,31,fix_it,typo", "change_type"),
        ("u1,no_such_question,30,31,change_response,typo", "column question"),
        ("u1,resp_age,30,old,change_response,typo", "not a valid BIGINT"),
        ("u1,consent_given,yes,perhaps,change_response,typo", "choice list"),
    ],
)
def test_malformed_rows(project, tmp_path: Path, row: str, match: str) -> None:
    before = snapshot(project.store)
    with pytest.raises(CleaningLogError, match=match):
        apply_cleaning_log(project, _log(tmp_path, row), "amina")
    assert snapshot(project.store) == before


def test_missing_column(project, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("uuid,question,new_value\nu1,resp_age,31\n", encoding="utf-8")
    with pytest.raises(CleaningLogError, match="old_value"):
        apply_cleaning_log(project, path, "amina")
