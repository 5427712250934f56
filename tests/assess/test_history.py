"""The assessment history: saved with who and when, never overwritten, read back oldest first,
and compared criterion by criterion."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import yaml

from safemig.assess import compare, latest_two, load_history, save_assessment
from safemig.assess.history import history_folder
from safemig.errors import AnswersError, AssessmentHistoryError
from tests.assess.conftest import SET_ONE, assessment_of, small_answers

LATER = small_answers(
    alpha__one="fully",
    alpha__two="fully",
    alpha__three="partly",
    beta__one="not_started",
    beta__two="partly",
)
MARCH = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
JUNE = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


def test_saved_with_who_and_when_and_read_back(project, small):
    path = save_assessment(project, assessment_of(SET_ONE, small), "Aïcha M.", MARCH)
    assert path == history_folder(project) / "20260301T100000Z.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))["assessment"]
    assert record["saved_by"] == "Aïcha M." and record["saved_at"] == "2026-03-01T10:00:00Z"
    (saved,) = load_history(project, small)
    assert saved.saved_by == "Aïcha M." and saved.saved_at == MARCH
    assert saved.answers == assessment_of(SET_ONE, small).answers


def test_history_is_oldest_first_and_never_overwritten(project, small):
    save_assessment(project, assessment_of(LATER, small), "B", JUNE)
    save_assessment(project, assessment_of(SET_ONE, small), "A", MARCH)
    save_assessment(project, assessment_of(SET_ONE, small), "A again", MARCH)  # same second
    history = load_history(project, small)
    assert [a.saved_by for a in history] == ["A", "A again", "B"]
    assert len(list(history_folder(project).glob("*.yaml"))) == 3
    current, previous = latest_two(project, small)
    assert current.saved_by == "B" and previous is not None and previous.saved_by == "A again"


def test_save_needs_a_name(project, small):
    with pytest.raises(AnswersError, match="Say who saved the assessment"):
        save_assessment(project, assessment_of(SET_ONE, small), "  ")


def test_no_history_is_a_named_error(project, small):
    with pytest.raises(AssessmentHistoryError) as caught:
        latest_two(project, small)
    assert "assessments/history" in caught.value.message("en")
    assert caught.value.message("fr").startswith("Aucune évaluation enregistrée")


def test_a_damaged_saved_file_is_named(project, small):
    path = save_assessment(project, assessment_of(SET_ONE, small), "A", MARCH)
    path.write_text(path.read_text(encoding="utf-8").replace("status: partly", "status: half", 1))
    with pytest.raises(AssessmentHistoryError, match=r"20260301T100000Z.yaml.*field 'status'"):
        load_history(project, small)


def test_comparison_lists_changed_criteria_and_lesson_changes(small):
    from safemig.assess import score_assessment

    before, after = assessment_of(SET_ONE, small), assessment_of(LATER, small)
    comparison = compare(small, before, after)
    assert [(c.criterion.id, c.before, c.after, c.direction) for c in comparison.changes] == [
        ("alpha.two", "partly", "fully", "improved"),
        ("alpha.three", "not_started", "partly", "improved"),
        ("beta.one", "not_applicable", "not_started", "changed"),
    ]
    current = score_assessment(small, after)
    # alpha: ½ → (1 + 1 + ½)/3; beta: ½ (b1 n/a) → (0 + ½)/2 = ¼
    assert comparison.lesson_change("alpha", current) == pytest.approx(2.5 / 3 - 0.5)
    assert comparison.lesson_change("beta", current) == pytest.approx(0.25 - 0.5)


def test_a_regression_is_called_one(small):
    comparison = compare(small, assessment_of(LATER, small), assessment_of(SET_ONE, small))
    assert ("alpha.two", "regressed") in [(c.criterion.id, c.direction) for c in comparison.changes]
