"""Scores and gaps of an assessment.

An applicable answer counts 0 (not started), ½ (partly) or 1 (fully); a group's score is the
mean over its applicable criteria, so "not applicable" leaves both the numerator and the
denominator (and is counted apart, with its reason). A gap is a criterion not fully met; gaps
are ranked by what is missing, ``priority weight × (1 − value)`` (high 3, medium 2, low 1),
then in checklist order.

>>> Score("x", fully=1, partly=1, not_started=1, not_applicable=1).value
0.5
"""

from __future__ import annotations

from dataclasses import dataclass

from safemig.assess.model import VALUES, Assessment, Checklist, Criterion

PRIORITY_WEIGHTS = {"high": 3.0, "medium": 2.0, "low": 1.0}


@dataclass(frozen=True)
class Score:
    """Counts of each answer in a group (a lesson, a principle, or all) and its score."""

    group: str
    fully: int = 0
    partly: int = 0
    not_started: int = 0
    not_applicable: int = 0

    @property
    def applicable(self) -> int:
        """Criteria that count (the denominator)."""
        return self.fully + self.partly + self.not_started

    @property
    def value(self) -> float | None:
        """Score from 0 to 1; None when no criterion of the group applies."""
        if not self.applicable:
            return None
        return (self.fully + 0.5 * self.partly) / self.applicable


@dataclass(frozen=True)
class Gap:
    """A criterion not fully met, with what is missing (its rank key)."""

    criterion: Criterion
    status: str
    missing: float


@dataclass(frozen=True)
class Scorecard:
    """Scores overall, by lesson and by GCM guiding principle; gaps ranked; "not applicable"
    answers listed with their reasons."""

    overall: Score
    lessons: tuple[Score, ...]
    principles: tuple[Score, ...]
    gaps: tuple[Gap, ...]
    not_applicable: tuple[tuple[Criterion, str], ...]

    def lesson(self, lesson_id: str) -> Score:
        """The score of one lesson."""
        return next(s for s in self.lessons if s.group == lesson_id)

    def principle(self, principle_id: str) -> Score:
        """The score of one principle."""
        return next(s for s in self.principles if s.group == principle_id)


def score_assessment(checklist: Checklist, assessment: Assessment) -> Scorecard:
    """Score ``assessment`` against ``checklist`` (which it must answer in full)."""
    status = {a.criterion: a.status for a in assessment.answers}
    lessons = tuple(
        _score(lesson.id, [status[c.id] for c in checklist.criteria if c.lesson == lesson.id])
        for lesson in checklist.lessons
    )
    principles = tuple(
        _score(p.id, [status[c.id] for c in checklist.criteria if p.id in c.principles])
        for p in checklist.principles
        if any(p.id in c.principles for c in checklist.criteria)
    )
    overall = _score("overall", [status[c.id] for c in checklist.criteria])
    return Scorecard(
        overall, lessons, principles, rank_gaps(checklist, assessment), _na(checklist, assessment)
    )


def rank_gaps(checklist: Checklist, assessment: Assessment) -> tuple[Gap, ...]:
    """Criteria not fully met, most missing first (ties in checklist order)."""
    gaps = []
    for criterion in checklist.criteria:
        status = assessment.answer(criterion.id).status
        if status in ("not_started", "partly"):
            missing = PRIORITY_WEIGHTS[criterion.priority] * (1.0 - VALUES[status])
            gaps.append(Gap(criterion, status, missing))
    return tuple(sorted(gaps, key=lambda g: -g.missing))  # sorted() is stable


def _score(group: str, statuses: list[str]) -> Score:
    return Score(
        group,
        fully=statuses.count("fully"),
        partly=statuses.count("partly"),
        not_started=statuses.count("not_started"),
        not_applicable=statuses.count("not_applicable"),
    )


def _na(checklist: Checklist, assessment: Assessment) -> tuple[tuple[Criterion, str], ...]:
    return tuple(
        (criterion, assessment.answer(criterion.id).reason)
        for criterion in checklist.criteria
        if not assessment.answer(criterion.id).applicable
    )
