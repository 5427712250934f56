"""The values of a self-assessment: the checklist, one answer per criterion, the activities a
programme declares, and an assessment as saved in the project's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from safemig.i18n import Text

#: The answer scale, in the order a form shows it.
STATUSES = ("not_started", "partly", "fully", "not_applicable")
#: What each applicable answer counts for in a score ("not applicable" counts for nothing and
#: leaves the denominator).
VALUES = {"not_started": 0.0, "partly": 0.5, "fully": 1.0}
STATUS_WORDS = {
    "not_started": Text("Not started", "Pas commencé"),
    "partly": Text("Partly", "En partie"),
    "fully": Text("Fully", "Entièrement"),
    "not_applicable": Text("Not applicable", "Sans objet"),
}
PRIORITIES = ("high", "medium", "low")
PRIORITY_WORDS = {
    "high": Text("high", "haute"),
    "medium": Text("medium", "moyenne"),
    "low": Text("low", "basse"),
}


@dataclass(frozen=True)
class Lesson:
    """One of the seven lessons of the Niger programme, a group of criteria."""

    id: str
    title: Text


@dataclass(frozen=True)
class Principle:
    """A GCM guiding principle (para. 15), ``gcm`` being its letter in the Compact."""

    id: str
    gcm: str
    title: Text


@dataclass(frozen=True)
class Criterion:
    """A question of the checklist, what evidence shows it is met, and what to do if not."""

    id: str
    lesson: str
    priority: str
    question: Text
    evidence: Text
    action: Text
    principles: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Checklist:
    """A validated checklist (``checklist.yaml``; see ``docs/assess.md``)."""

    name: str
    version: int
    title: Text
    lessons: tuple[Lesson, ...]
    principles: tuple[Principle, ...]
    criteria: tuple[Criterion, ...]
    source: str = ""

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id (``KeyError`` when absent)."""
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id (``KeyError`` when absent)."""
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(lesson_id)

    def principle(self, principle_id: str) -> Principle:
        """The principle with this id (``KeyError`` when absent)."""
        for principle in self.principles:
            if principle.id == principle_id:
                return principle
        raise KeyError(principle_id)


@dataclass(frozen=True)
class Answer:
    """The answer to one criterion; ``reason`` is required for ``not_applicable``."""

    criterion: str
    status: str
    reason: str = ""
    evidence: str = ""

    @property
    def applicable(self) -> bool:
        """False for "not applicable" (left out of every denominator)."""
        return self.status != "not_applicable"


@dataclass(frozen=True)
class Activity:
    """A programme activity and the GCM objectives (1–23) it serves."""

    id: str
    title: str
    objectives: tuple[int, ...]


@dataclass(frozen=True)
class Assessment:
    """A complete set of answers to a checklist, with the programme's activities.

    ``programme_fr`` is the name in French when it differs; ``saved_by`` and ``saved_at``
    are set when the assessment enters the history; ``example`` marks the demonstration's
    made-up assessments.
    """

    programme: str
    checklist: str
    answers: tuple[Answer, ...]
    activities: tuple[Activity, ...] = ()
    example: bool = False
    saved_by: str = ""
    saved_at: datetime | None = None
    source: str = ""
    programme_fr: str = ""

    def programme_in(self, language: str) -> str:
        """The programme's name in ``language`` (French when given, else the name)."""
        return self.programme_fr if language == "fr" and self.programme_fr else self.programme

    def answer(self, criterion_id: str) -> Answer:
        """The answer to a criterion (``KeyError`` when absent)."""
        for answer in self.answers:
            if answer.criterion == criterion_id:
                return answer
        raise KeyError(criterion_id)
