"""Scores on fixed answer sets, computed by hand: 0 / ½ / 1 per applicable criterion, "not
applicable" out of every denominator, gaps ranked by priority weight × what is missing."""

from __future__ import annotations

import pytest

from safemig.assess import score_assessment
from tests.assess.conftest import SET_ONE, assessment_of, small_answers


def test_set_one_scores_by_hand(small):
    scores = score_assessment(small, assessment_of(SET_ONE, small))
    assert scores.lesson("alpha").value == pytest.approx(0.5)  # (1 + 0.5 + 0) / 3
    assert scores.lesson("beta").value == pytest.approx(0.5)  # 0.5 / 1: beta.one left out
    assert scores.overall.value == pytest.approx(0.5)  # (1 + 0.5 + 0 + 0.5) / 4
    assert scores.principle("p_one").value == pytest.approx(1.0)  # alpha.one; beta.one n/a
    assert scores.principle("p_two").value == pytest.approx(0.5)


def test_not_applicable_leaves_the_denominator_and_is_listed(small):
    scores = score_assessment(small, assessment_of(SET_ONE, small))
    beta = scores.lesson("beta")
    assert (beta.applicable, beta.not_applicable, beta.partly) == (1, 1, 1)
    assert scores.overall.applicable == 4 and scores.overall.not_applicable == 1
    assert [(c.id, reason) for c, reason in scores.not_applicable] == [
        ("beta.one", "Does not apply here.")
    ]


def test_a_lesson_with_every_criterion_not_applicable_has_no_score(small):
    data = small_answers(
        alpha__one="fully",
        alpha__two="fully",
        alpha__three="partly",
        beta__one="not_applicable",
        beta__two="not_applicable",
    )
    scores = score_assessment(small, assessment_of(data, small))
    assert scores.lesson("beta").value is None  # not 0: nothing applies
    assert scores.lesson("alpha").value == pytest.approx(2.5 / 3)
    assert scores.overall.value == pytest.approx(2.5 / 3)


def test_gaps_are_ranked_by_what_is_missing_then_checklist_order(small):
    scores = score_assessment(small, assessment_of(SET_ONE, small))
    # alpha.two: medium 2 × ½ = 1; alpha.three: low 1 × 1 = 1 (tie: checklist order);
    # beta.two: low 1 × ½ = 0.5; alpha.one is fully met, beta.one not applicable.
    assert [(g.criterion.id, g.missing) for g in scores.gaps] == [
        ("alpha.two", 1.0),
        ("alpha.three", 1.0),
        ("beta.two", 0.5),
    ]


def test_high_priority_not_started_comes_first(small):
    data = small_answers(
        alpha__one="partly",
        alpha__two="not_started",
        alpha__three="fully",
        beta__one="not_started",
        beta__two="fully",
    )
    scores = score_assessment(small, assessment_of(data, small))
    # beta.one 3 × 1 = 3; alpha.two 2 × 1 = 2; alpha.one 3 × ½ = 1.5
    assert [g.criterion.id for g in scores.gaps] == ["beta.one", "alpha.two", "alpha.one"]
    assert scores.overall.value == pytest.approx((0.5 + 0 + 1 + 0 + 1) / 5)


@pytest.mark.parametrize(
    ("status", "expected"), [("fully", 1.0), ("partly", 0.5), ("not_started", 0.0)]
)
def test_builtin_checklist_uniform_answers(builtin, status, expected):
    data = {
        "assessment": {"programme": "P"},
        "answers": {c.id: status for c in builtin.criteria},
    }
    scores = score_assessment(builtin, assessment_of(data, builtin))
    assert scores.overall.value == pytest.approx(expected)
    assert all(s.value == pytest.approx(expected) for s in scores.lessons)
    assert len(scores.gaps) == (0 if status == "fully" else len(builtin.criteria))


def test_builtin_checklist_has_the_seven_lessons_and_the_principles(builtin):
    assert [lesson.id for lesson in builtin.lessons] == [
        "voices",
        "data",
        "information",
        "capacity",
        "stakeholders",
        "alignment",
        "narratives",
    ]
    letters = {p.gcm for p in builtin.principles}
    assert letters == set("abcdefghij")  # GCM para. 15
    tagged = {p for c in builtin.criteria for p in c.principles}
    for principle in (
        "people_centred",
        "gender_responsive",
        "child_sensitive",
        "whole_of_society",
        "human_rights",
    ):
        assert principle in tagged
    for lesson in builtin.lessons:
        assert sum(c.lesson == lesson.id for c in builtin.criteria) >= 3
