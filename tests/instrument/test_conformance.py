"""The checker finds each kind of broken answer, and passes a consistent submission."""

from __future__ import annotations

import pytest

from safemig.instrument import FormChecker

NO_CONSENT = {
    "region": "niamey",
    "ea_id": "EA-0001",
    "enumerator_id": "ENUM-101",
    "consent_given": "no",
    "referral_card_given": "yes",
}


@pytest.fixture(scope="module")
def checker(survey_schema):
    return FormChecker(survey_schema)


def test_refusal_submission_is_valid(checker):
    assert checker.check(NO_CONSENT) == []


@pytest.mark.parametrize(
    ("change", "question", "rule"),
    [
        ({"resp_age": "30"}, "resp_age", "relevance"),
        ({"ea_id": "EA-1"}, "ea_id", "constraint"),
        ({"region": "tahoua"}, "region", "choice"),
        ({"enumerator_id": ""}, "enumerator_id", "required"),
    ],
)
def test_each_rule_is_enforced(checker, change, question, rule):
    found = checker.check(NO_CONSENT | change)
    assert [(v.question, v.rule) for v in found] == [(question, rule)]


def test_calculation_mismatch_and_integer_type(checker):
    values = {
        "consent_given": "yes",
        "resp_age": "thirty",
        "wg_seeing": "cannot",
        "disability_wg": "0",
    }
    rules = {(v.question, v.rule) for v in checker.check(values)}
    assert ("resp_age", "type") in rules and ("disability_wg", "calculation") in rules


def test_exclusive_refusal_in_select_multiple(checker):
    values = {
        "consent_given": "yes",
        "migration_stage": "transit",
        "privacy_confirmed": "private",
        "exp_robbed": "yes",
        "exp_perpetrators": "refused smuggler",
    }
    assert ("exp_perpetrators", "constraint") in {
        (v.question, v.rule) for v in checker.check(values)
    }
