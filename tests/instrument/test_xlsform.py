"""Every module combination used here converts with pyxform with no error and no warning."""

from __future__ import annotations

import pytest

from safemig.errors import ExpressionError, TranslationError, XLSFormError
from safemig.instrument import build_form, convert_to_xform, load_bank, read_form, write_xlsform
from safemig.instrument.bank import INSTRUMENTS
from safemig.instrument.expression import parse_expression
from safemig.instrument.xlsform import XLSFormSheets

SURVEY_MODULES = [m.id for m in load_bank().instrument_modules("survey")]


@pytest.mark.parametrize("module", SURVEY_MODULES)
@pytest.mark.parametrize("languages", [("en", "fr"), ("fr",), ("en",)])
def test_each_module_alone_converts_cleanly(bank, module, languages):
    xform = convert_to_xform(build_form(bank, [module], languages, version="2025010101"))
    assert "<h:html" in xform


@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_full_instrument_converts_cleanly_from_xlsx(bank, instrument, tmp_path):
    path = write_xlsform(
        build_form(bank, instrument=instrument, version="2025010101"), tmp_path / "f.xlsx"
    )
    xform = convert_to_xform(path)
    assert 'lang="English (en)"' in xform and 'lang="Français (fr)"' in xform


@pytest.mark.parametrize(
    "modules",
    [["consent", "violence"], ["consent", "recruitment", "work"], ["profile", "wg_ss", "closing"]],
)
def test_module_combinations_convert_cleanly(bank, modules):
    assert convert_to_xform(build_form(bank, modules, version="2025010101"))


def test_every_expression_parses_and_names_a_question_of_the_form(survey_sheets):
    names = {row["name"] for row in survey_sheets.survey}
    for row in survey_sheets.survey:
        for field in ("relevant", "constraint", "calculation"):
            if row.get(field):
                assert parse_expression(row[field]).references <= names, (row["name"], field)


def test_consent_gates_every_module_except_closing(survey_sheets):
    groups = {
        r["name"]: r.get("relevant", "") for r in survey_sheets.survey if r["type"] == "begin group"
    }
    assert groups["consent"] == "" and groups["closing"] == ""
    for name in ("profile", "wg_ss", "violence", "recruitment"):
        assert "${consent_given} = 'yes'" in groups[name]


def test_violence_module_is_behind_the_privacy_gate_and_flags_a_revisit(survey_sheets):
    rows = {r["name"]: r for r in survey_sheets.survey if not r["type"].startswith("end")}
    assert rows["journey_safety"]["relevant"] == "${privacy_confirmed} = 'private'"
    assert rows["revisit_needed"]["calculation"] == "if(${privacy_confirmed} = 'not_private', 1, 0)"
    assert rows["referral_info"]["type"] == "note" and "relevant" not in rows["referral_info"]


def test_form_title_is_neutral(survey_sheets):
    title = survey_sheets.settings["form_title"].lower()
    assert "violence" not in title and "abuse" not in title


def test_written_xlsx_reads_back_into_the_same_schema(survey_sheets, survey_schema, tmp_path):
    read = read_form(write_xlsform(survey_sheets, tmp_path / "f.xlsx"))
    assert [q.name for q in read.questions] == [q.name for q in survey_schema.questions]
    assert read.question("exp_sexual").sensitive and read.question("callback_phone").identifier
    assert read.question("recruitment_cost").feeds == ("sdg_10_7_1.cost",)


def test_unknown_language_is_refused(bank):
    with pytest.raises(TranslationError, match="de"):
        build_form(bank, ["profile"], ["de"])


def test_hausa_is_refused_until_modules_are_translated(bank):
    with pytest.raises(TranslationError, match="no text in ha"):
        build_form(bank, ["profile"], ["en", "ha"])


def test_reference_to_a_question_of_a_missing_module_is_reported(tmp_path):
    text = "id: m\ninstrument: survey\ntitle: {en: M, fr: M}\nsummary: {en: M, fr: M}\nquestions:\n"
    text += "  - {name: q1, type: text, label: {en: A, fr: B},\n"
    text += "     relevant: \"${migration_stage} = 'return'\"}\n"
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(
        ExpressionError,
        match="m.yaml: module 'm', question 'q1', field 'relevant' refers to migration_stage",
    ):
        build_form(load_bank(tmp_path), ["m"])


def test_pyxform_rejection_becomes_xlsform_error():
    broken = XLSFormSheets(
        survey=({"type": "select_one nowhere", "name": "q", "label": "Q"},),
        choices=(),
        settings={"form_id": "x"},
        survey_columns=("type", "name", "label"),
        choices_columns=(),
    )
    with pytest.raises(XLSFormError, match="pyxform could not convert"):
        convert_to_xform(broken)


def test_pyxform_warning_becomes_xlsform_error():
    warned = XLSFormSheets(
        survey=(
            {
                "type": "text",
                "name": "q",
                "label::English (en)": "Q",
                "label::Français (fr)": "Q",
                "hint::English (en)": "only English",
            },
        ),
        choices=(),
        settings={"form_id": "x"},
        survey_columns=(),
        choices_columns=(),
    )
    with pytest.raises(XLSFormError, match="pyxform warned"):
        convert_to_xform(warned)
