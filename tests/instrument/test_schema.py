"""Reading any XLSForm, including a hand-written one with repeats and untranslated labels."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from safemig.errors import DataFileError, XLSFormError
from safemig.instrument import read_form


def _workbook(tmp_path, survey_rows, choices_rows=()):
    book = Workbook()
    sheet = book.active
    sheet.title = "Survey"
    for row in survey_rows:
        sheet.append(list(row))
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for row in choices_rows:
        choices.append(list(row))
    path = tmp_path / "user_form.xlsx"
    book.save(path)
    return path


def test_user_form_with_repeat_and_plain_labels(tmp_path):
    path = _workbook(
        tmp_path,
        [
            ("type", "name", "label", "relevant", "repeat_count"),
            ("integer", "household_size", "How many people?", None, None),
            ("begin_repeat", "member", "Member", None, "${household_size}"),
            ("select_one sex", "member_sex", "Sex", None, None),
            ("end_repeat", "member", None, None, None),
            ("begin group", "work", "Work", "${household_size} > 0", None),
            ("text", "job", "Job", None, None),
            ("end group", None, None, None, None),
        ],
        [("sex", "f", "Female"), ("sex", "m", "Male")],
    )
    schema = read_form(path)
    assert schema.languages == ("default",)
    member = schema.question("member_sex")
    assert member.repeat == "member" and member.path == ("member",) and member.list_name == "sex"
    assert schema.group(("member",)).repeat_count == "${household_size}"
    assert schema.question("job").kobo_header() == "work/job"
    assert schema.question("job").central_header() == "work-job"
    assert [c.name for c in schema.choices["sex"]] == ["f", "m"]


def test_unclosed_group_is_reported(tmp_path):
    path = _workbook(
        tmp_path, [("type", "name", "label"), ("begin group", "g", "G"), ("text", "t", "T")]
    )
    with pytest.raises(XLSFormError, match="'g' is never closed"):
        read_form(path)


def test_missing_file_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError, match="no such file"):
        read_form(tmp_path / "absent.xlsx")


def test_non_workbook_is_a_data_file_error(tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(DataFileError, match="not an .xlsx workbook"):
        read_form(path)


def test_schema_json_keeps_accents(survey_schema):
    text = survey_schema.to_json()
    assert "Français (fr)" in text and "Quel âge avez-vous" in text
    assert '"sensitive": true' in text
