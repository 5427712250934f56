"""The synthetic KoboToolbox and ODK Central exports ingest cleanly; SQL agrees with Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from safemig.demo import generate_survey, write_survey
from safemig.ingest import IngestSettings, ingest_file
from safemig.instrument import read_form
from safemig.instrument.conformance import FormChecker
from tests.ingest.conftest import SECRET, assert_nothing_lost, query


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, Path]:
    return write_survey(generate_survey(seed=11, size=300), tmp_path_factory.mktemp("demo"))


@pytest.mark.parametrize("export", ["kobo", "central"])
def test_synthetic_export_ingests_cleanly(demo, tmp_path: Path, export: str) -> None:
    settings = IngestSettings(schema=read_form(demo["form"]), secret=SECRET)
    summary = ingest_file(demo[export], tmp_path / "s.duckdb", settings)
    assert (summary.read, summary.accepted, summary.quarantined, summary.flagged) == (
        300,
        300,
        0,
        0,
    )
    assert summary.missing_columns == ()
    assert "psu" in summary.extra_columns  # design columns kept for the next stage
    assert_nothing_lost(tmp_path / "s.duckdb")


def test_kobo_then_central_of_the_same_survey_adds_nothing(demo, tmp_path: Path) -> None:
    settings = IngestSettings(schema=read_form(demo["form"]), secret=SECRET)
    ingest_file(demo["kobo"], tmp_path / "s.duckdb", settings)
    second = ingest_file(demo["central"], tmp_path / "s.duckdb", settings)
    assert (second.accepted, second.duplicates) == (0, 300)


def test_sql_validation_agrees_with_the_python_checker(demo, tmp_path: Path) -> None:
    """Break answers on purpose; both evaluators must name the same rows and questions."""
    lines = demo["kobo"].read_text(encoding="utf-8").splitlines()
    header = [h.strip('"') for h in lines[0].split(";")]
    age, stage = header.index("profile/resp_age"), header.index("trajectory/migration_stage")
    broken = []
    for number, line in enumerate(lines[1:], start=1):
        cells = line.split(";")
        if number % 7 == 0:
            cells[age] = '"12"'
        if number % 11 == 0:
            cells[stage] = '"nowhere"'
        broken.append(";".join(cells))
    path = tmp_path / "broken.csv"
    path.write_text("\n".join([lines[0], *broken]) + "\n", encoding="utf-8")
    schema = read_form(demo["form"])
    ingest_file(path, tmp_path / "s.duckdb", IngestSettings(schema=schema, secret=SECRET))
    sql = {
        (row, r.split(":")[0])
        for row, reasons in query(tmp_path / "s.duckdb", "SELECT row, reasons FROM quarantine")
        for r in reasons
    }
    python = _python_violations(schema, header, broken)
    assert sql == python and len(sql) > 40


def _python_violations(schema, header, lines) -> set[tuple[int, str]]:
    import csv

    checker = FormChecker(schema)
    by_header = {q.kobo_header(): q.name for q in schema.data_questions()}
    found = set()
    for number, cells in enumerate(csv.reader(lines, delimiter=";"), start=1):
        values = {by_header[h]: v for h, v in zip(header, cells, strict=True) if h in by_header}
        found |= {
            (number, v.question) for v in checker.check(values, number) if v.rule != "calculation"
        }
    return found


def test_row_ranges_store_what_one_statement_stores(demo, tmp_path: Path, monkeypatch) -> None:
    """The typed and quarantine inserts run over ranges of rows (to bound memory on large
    files): split into ranges of a few rows, the store holds the same rows, each once."""
    from safemig.ingest import load as load_module

    lines = demo["kobo"].read_text(encoding="utf-8").splitlines()
    header = [h.strip('"') for h in lines[0].split(";")]
    age = header.index("profile/resp_age")
    broken = [
        ";".join('"12"' if i == age and n % 5 == 0 else c for i, c in enumerate(line.split(";")))
        for n, line in enumerate(lines[1:], start=1)
    ]
    path = tmp_path / "broken.csv"
    path.write_text("\n".join([lines[0], *broken]) + "\n", encoding="utf-8")
    settings = IngestSettings(schema=read_form(demo["form"]), secret=SECRET)
    tables = {
        "submissions": "SELECT * EXCLUDE (_run) FROM submissions ORDER BY _row",
        "quarantine": "SELECT * EXCLUDE (run_id) FROM quarantine ORDER BY row",
    }
    whole = ingest_file(path, tmp_path / "whole.duckdb", settings)
    monkeypatch.setattr(load_module, "JOIN_ROWS", 7)
    split = ingest_file(path, tmp_path / "split.duckdb", settings)
    assert (split.accepted, split.quarantined) == (whole.accepted, whole.quarantined) == (240, 60)
    for sql in tables.values():
        assert query(tmp_path / "split.duckdb", sql) == query(tmp_path / "whole.duckdb", sql)
    assert_nothing_lost(tmp_path / "split.duckdb")
