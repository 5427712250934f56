"""Daily checks (EN/FR, formulas neutralised), the project file, and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from safemig.cli import main
from safemig.errors import ProjectError
from safemig.ingest.checks import run_checks
from safemig.project import init_project, load_project
from tests.ingest.conftest import kobo_row, query, snapshot

FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def project(tmp_path: Path, small_form: Path, kobo_csv, monkeypatch):
    project = init_project(tmp_path / "proj", small_form)
    monkeypatch.chdir(project.root)
    rows = [kobo_row(f"u{i}", age=str(30 + i % 3)) for i in range(12)]
    rows.append(kobo_row("u99", age="99"))
    rows.append(kobo_row("u50", languages="other", other=FORMULA))
    main(["ingest", str(kobo_csv(*rows))])
    return project


def test_checks_find_outliers_and_other_answers(project) -> None:
    tables = {t.id: t for t in run_checks(project)}
    assert ("u99", "resp_age", 99, "iqr sd") in tables["outliers"].rows or (
        "u99",
        "resp_age",
        99,
        "iqr",
    ) in tables["outliers"].rows
    assert tables["other_specify"].rows == (("u50", "languages_other", FORMULA),)
    assert tables["enumerators"].rows[0][:2] == ("ENUM-101", 14)
    assert tables["progress"].rows == (("EA-0001", 14, None, None),)


@pytest.mark.parametrize(
    ("language", "sheet", "header"),
    [
        ("en", "Other - specify", "answer to recode"),
        ("fr", "Autre - préciser", "réponse à recoder"),
    ],
)
def test_check_report_languages_and_no_formula(
    project, language: str, sheet: str, header: str
) -> None:
    assert main(["check", "--language", language, "-o", "out"]) == 0
    book = load_workbook(project.root / "out" / f"checks-{language}.xlsx")
    assert book[sheet]["C1"].value == header
    cells = [c for ws in book for row in ws.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert book[sheet]["C2"].value == "'" + FORMULA
    html = (project.root / "out" / f"checks-{language}.html").read_text(encoding="utf-8")
    assert "<a " not in html and "=HYPERLINK(&#34;" in html


def test_ingest_json_contract(project, kobo_csv, capsys) -> None:
    path = kobo_csv(kobo_row("n1"), kobo_row("n2", age="abc"), name="new.csv")
    assert main(["ingest", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in ("read", "accepted", "quarantined", "duplicates")} == {
        "read": 2,
        "accepted": 1,
        "quarantined": 1,
        "duplicates": 0,
    }


def test_ingest_unreadable_file_exits_2_and_writes_nothing(project, tmp_path: Path, capsys) -> None:
    before = snapshot(project.store)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert main(["ingest", str(empty), "--format", "json"]) == 2
    assert "empty" in capsys.readouterr().err
    assert snapshot(project.store) == before


def test_clean_command(project, tmp_path: Path, capsys) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "uuid,question,old_value,new_value,change_type,issue\n"
        "u99,resp_age,99,59,change_response,typo\n",
        encoding="utf-8",
    )
    assert main(["clean", str(log), "--by", "amina"]) == 0
    assert "1 change(s)" in capsys.readouterr().out
    assert query(project.store, "SELECT resp_age FROM submissions_cleaned WHERE _key = 'u99'") == [
        (59,)
    ]


def test_init_refuses_an_existing_project(project) -> None:
    with pytest.raises(ProjectError, match="already exists"):
        init_project(project.root)


def test_project_file_is_validated(tmp_path: Path) -> None:
    (tmp_path / "safemig.toml").write_text('[checks]\nmin_minutes = "soon"\n', encoding="utf-8")
    with pytest.raises(ProjectError, match="min_minutes"):
        load_project(tmp_path)


def test_secret_is_private_and_long(project) -> None:
    assert project.secret.stat().st_mode & 0o077 == 0
    assert len(project.read_secret()) == 64
