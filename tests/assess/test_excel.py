"""The Excel answer template: written with XlsxWriter, filled in (here with openpyxl, as a
user's spreadsheet would), read back into the same assessment as the YAML file."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from safemig.assess import load_answers, write_template
from safemig.errors import AnswersError
from tests.assess.conftest import SET_ONE, assessment_of

WORDS_FR = {
    "fully": "Entièrement",
    "partly": "En partie",
    "not_started": "Pas commencé",
    "not_applicable": "Sans objet",
}


def _fill(path, statuses, language="fr"):
    book = load_workbook(path)
    about, answers, activities = book["assessment"], book["answers"], book["activities"]
    about["B1"] = "Test programme"
    for row in answers.iter_rows(min_row=2):
        criterion = row[0].value
        status = statuses[criterion]
        row[4].value = WORDS_FR[status] if language == "fr" else status
        if status == "not_applicable":
            row[5].value = "Does not apply here."
    activities.append(["radio", "Radio messages", "3, 8"])
    book.save(path)


def test_template_lists_every_criterion_in_the_language(tmp_path, small):
    path = write_template(small, tmp_path / "answers.xlsx", "fr")
    book = load_workbook(path)
    rows = list(book["answers"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [c.id for c in small.criteria]
    assert rows[0][2] == "Question A1 ?" and rows[0][1] == "Leçon alpha"
    validation = book["answers"].data_validations.dataValidation[0]
    assert "En partie" in validation.formula1 and str(validation.sqref) == "E2:E6"


def test_filled_template_reads_as_the_yaml_answers(tmp_path, small):
    path = write_template(small, tmp_path / "answers.xlsx", "fr")
    statuses = {
        k: (v["status"] if isinstance(v, dict) else v) for k, v in SET_ONE["answers"].items()
    }
    _fill(path, statuses)
    from_excel = load_answers(path, small)
    from_yaml = assessment_of(SET_ONE, small)
    assert from_excel.answers == from_yaml.answers
    assert from_excel.programme == "Test programme"
    assert [(a.id, a.objectives) for a in from_excel.activities] == [("radio", (3, 8))]


def test_codes_are_accepted_too(tmp_path, small):
    path = write_template(small, tmp_path / "answers.xlsx", "en")
    _fill(path, {c.id: "fully" for c in small.criteria}, language="codes")
    assert {a.status for a in load_answers(path, small).answers} == {"fully"}


def test_an_unanswered_row_is_named(tmp_path, small):
    path = write_template(small, tmp_path / "answers.xlsx", "en")
    statuses = {c.id: "fully" for c in small.criteria}
    _fill(path, statuses, language="codes")
    book = load_workbook(path)
    book["answers"]["E3"] = None  # alpha.two
    book.save(path)
    with pytest.raises(AnswersError, match=r"answers.xlsx, criterion 'alpha.two', field 'status'"):
        load_answers(path, small)


def test_a_missing_sheet_is_named(tmp_path, small):
    path = write_template(small, tmp_path / "answers.xlsx", "en")
    book = load_workbook(path)
    del book["activities"]
    book.save(path)
    with pytest.raises(AnswersError, match="the sheet 'activities' is missing"):
        load_answers(path, small)


def test_a_file_that_is_not_a_workbook(tmp_path, small):
    path = tmp_path / "answers.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(AnswersError, match="not an Excel workbook"):
        load_answers(path, small)
