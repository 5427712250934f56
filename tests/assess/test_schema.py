"""Invalid checklist and answers files give named errors: the file, the criterion and the
field, in English and French."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from safemig.assess import load_answers, load_checklist
from safemig.errors import AnswersError, ChecklistError
from tests.assess.conftest import DATA, SET_ONE, write_yaml

SMALL = yaml.safe_load((DATA / "small_checklist.yaml").read_text(encoding="utf-8"))


def _broken_checklist(tmp_path: Path, change) -> Path:
    data = copy.deepcopy(SMALL)
    change(data)
    return write_yaml(tmp_path / "broken.yaml", data)


@pytest.mark.parametrize(
    ("change", "criterion", "field"),
    [
        (lambda d: d["criteria"][1]["question"].pop("fr"), "alpha.two", "question"),
        (lambda d: d["criteria"][0].update(lesson="gamma"), "alpha.one", "lesson"),
        (lambda d: d["criteria"][2].update(priority="urgent"), "alpha.three", "priority"),
        (lambda d: d["criteria"][3].update(principles=["p_three"]), "beta.one", "principles"),
        (lambda d: d["criteria"][0].update(frameworks=["GCM-24"]), "alpha.one", "frameworks"),
        (lambda d: d["criteria"][4].update(owner="me"), "beta.two", "owner"),
        (lambda d: d["criteria"][4].pop("action"), "beta.two", "action"),
        (lambda d: d["criteria"][1].update(id="alpha.one"), "alpha.one", "criteria"),
    ],
)
def test_checklist_errors_name_file_criterion_and_field(tmp_path, change, criterion, field):
    path = _broken_checklist(tmp_path, change)
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path)
    en, fr = caught.value.message("en"), caught.value.message("fr")
    assert en.startswith(f"Checklist broken.yaml, criterion {criterion!r}, field {field!r}: ")
    assert fr.startswith(
        f"Liste de contrôle broken.yaml, critère {criterion!r}, champ {field!r} : "
    )


def test_checklist_lesson_without_criteria_is_named(tmp_path):
    path = _broken_checklist(
        tmp_path, lambda d: d["lessons"].append({"id": "gamma", "title": {"en": "G", "fr": "G"}})
    )
    with pytest.raises(ChecklistError, match="lesson 'gamma' has no criterion"):
        load_checklist(path)


def test_checklist_that_is_not_yaml(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("criteria: [unclosed\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match=r"^Checklist bad.yaml: cannot be read"):
        load_checklist(path)


def _answers(tmp_path: Path, change, small) -> None:
    data = copy.deepcopy(SET_ONE)
    change(data)
    load_answers(write_yaml(tmp_path / "answers.yaml", data), small)


@pytest.mark.parametrize(
    ("change", "criterion", "field"),
    [
        (lambda d: d["answers"].pop("alpha.two"), "alpha.two", "status"),
        (lambda d: d["answers"].update({"alpha.two": "mostly"}), "alpha.two", "status"),
        (lambda d: d["answers"]["beta.one"].pop("reason"), "beta.one", "reason"),
        (lambda d: d["answers"].update({"gamma.one": "fully"}), "gamma.one", "answers"),
        (
            lambda d: d["answers"].update({"alpha.one": {"status": "fully", "proof": "x"}}),
            "alpha.one",
            "proof",
        ),
        (
            lambda d: d.update(
                activities=[{"id": "radio", "title": "Radio", "gcm_objectives": [24]}]
            ),
            "activity radio",
            "gcm_objectives",
        ),
        (
            lambda d: d.update(activities=[{"id": "radio", "gcm_objectives": [3]}]),
            "activity radio",
            "title",
        ),
    ],
)
def test_answer_errors_name_file_criterion_and_field(tmp_path, small, change, criterion, field):
    with pytest.raises(AnswersError) as caught:
        _answers(tmp_path, change, small)
    en, fr = caught.value.message("en"), caught.value.message("fr")
    assert en.startswith(f"Answers answers.yaml, criterion {criterion!r}, field {field!r}: ")
    assert fr.startswith(f"Réponses answers.yaml, critère {criterion!r}, champ {field!r} : ")


def test_answers_for_another_checklist_are_refused(tmp_path, small):
    with pytest.raises(AnswersError, match="field 'assessment.checklist'"):
        _answers(tmp_path, lambda d: d["assessment"].update(checklist="other"), small)


def test_answers_file_of_unknown_format(tmp_path, small):
    path = tmp_path / "answers.csv"
    path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(AnswersError, match=r"answers.csv: give a .yaml or .xlsx file"):
        load_answers(path, small)


def test_the_shipped_examples_are_valid(builtin):
    from tests.assess.conftest import EXAMPLES

    for path in sorted(EXAMPLES.glob("*.yaml")):
        assessment = load_answers(path, builtin)
        assert assessment.example is True and assessment.saved_at is not None
