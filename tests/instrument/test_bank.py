"""The question bank: every module loads, is bilingual, and bad modules are reported precisely."""

from __future__ import annotations

import pytest

from safemig.errors import ModuleError, UnknownModuleError
from safemig.instrument import load_bank, select_modules

REQUIRED_MODULES = {
    "consent",
    "profile",
    "wg_ss",
    "trajectory",
    "predeparture",
    "recruitment",
    "work",
    "services",
    "violence",
    "remittances",
    "reintegration",
    "closing",
    "training_test",
    "consultation_poll",
}


def test_bank_has_every_module_the_issue_asks_for(bank):
    assert set(bank.modules) >= REQUIRED_MODULES


def test_every_label_hint_and_message_is_in_english_and_french(bank):
    for module in bank.modules.values():
        assert module.title["en"].strip() and module.title["fr"].strip()
        for q in module.questions():
            for texts in (q.labels, q.hints, q.constraint_messages):
                if texts:
                    assert texts["en"].strip() and texts["fr"].strip(), (module.id, q.name)
                    assert texts["en"] != texts["fr"] or len(texts["en"]) < 25, (module.id, q.name)


def test_every_choice_is_labelled_in_both_languages(bank):
    lists = dict(bank.shared_choices)
    for module in bank.modules.values():
        lists.update(module.choices)
    for name, choices in lists.items():
        for choice in choices:
            assert choice.labels["en"].strip() and choice.labels["fr"].strip(), (name, choice.name)


def test_question_names_are_unique_across_the_whole_bank(bank):
    names = [q.name for m in bank.modules.values() for q in m.questions()]
    assert len(names) == len(set(names))


def test_washington_group_short_set_has_six_domains_and_the_standard_cut_off(bank):
    wg = bank.modules["wg_ss"].questions()
    domains = [q for q in wg if q.type == "select_one wg_difficulty"]
    assert len(domains) == 6
    flag = next(q for q in wg if q.name == "disability_wg")
    for q in domains:
        assert f"selected(${{{q.name}}}, 'a_lot')" in flag.calculation
        assert f"selected(${{{q.name}}}, 'cannot')" in flag.calculation


def test_sdg_10_7_1_inputs_are_tagged(bank):
    feeds = {f for q in bank.modules["recruitment"].questions() for f in q.feeds}
    assert {"sdg_10_7_1.cost", "sdg_10_7_1.earnings", "sdg_10_7_1.cost_currency"} <= feeds


def test_violence_questions_are_marked_sensitive(bank):
    asked = [q for q in bank.modules["violence"].questions() if q.name.startswith("exp_")]
    assert asked and all(q.sensitive for q in asked)


def test_select_modules_adds_required_modules_in_form_order(bank):
    assert [m.id for m in select_modules(bank, ["violence"], "survey")] == [
        "trajectory",
        "violence",
    ]


def test_unknown_module_names_the_choices(bank):
    with pytest.raises(UnknownModuleError, match="choose from: consent"):
        select_modules(bank, ["violenze"], "survey")


def test_module_of_another_instrument_is_refused(bank):
    with pytest.raises(UnknownModuleError):
        select_modules(bank, ["training_test"], "survey")


def _write(tmp_path, text):
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    return tmp_path


MODULE_HEAD = """id: bad
instrument: survey
title: {en: Bad, fr: Mauvais}
summary: {en: Bad, fr: Mauvais}
"""


def test_missing_french_label_names_file_module_question_and_field(tmp_path):
    folder = _write(
        tmp_path, MODULE_HEAD + "questions:\n  - {name: q1, type: text, label: {en: Hello}}\n"
    )
    with pytest.raises(
        ModuleError, match=r"bad.yaml: module 'bad', question 'q1': field 'label' has no text in fr"
    ):
        load_bank(folder)


def test_unquoted_yes_choice_is_reported(tmp_path):
    text = MODULE_HEAD + "questions:\n  - {name: q1, type: select_one yn, label: {en: A, fr: B}}\n"
    text += "choices:\n  yn:\n    - [yes, 'Yes', 'Oui']\n"
    with pytest.raises(ModuleError, match="choice list 'yn'.*quoted text"):
        load_bank(_write(tmp_path, text))


def test_misspelt_field_is_reported(tmp_path):
    text = MODULE_HEAD + "questions:\n  - {name: q1, type: text, lable: {en: A, fr: B}}\n"
    with pytest.raises(ModuleError, match="unknown field.*lable"):
        load_bank(_write(tmp_path, text))


def test_constraint_without_message_is_reported(tmp_path):
    text = (
        MODULE_HEAD
        + "questions:\n  - {name: q1, type: integer, constraint: '. > 1', label: {en: A, fr: B}}\n"
    )
    with pytest.raises(ModuleError, match="constraint_message"):
        load_bank(_write(tmp_path, text))


def test_invalid_yaml_is_reported(tmp_path):
    with pytest.raises(ModuleError, match="not valid YAML"):
        load_bank(_write(tmp_path, "id: [unclosed\n"))
