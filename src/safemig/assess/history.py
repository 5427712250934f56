"""The assessment history of a project: every saved assessment, with who saved it and when,
kept as one YAML file each in ``<project>/assessments/history/`` (never overwritten), so a
programme can repeat its self-assessment and see what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from safemig.assess.files import load_answers
from safemig.assess.model import VALUES, Assessment, Checklist, Criterion
from safemig.assess.scoring import Scorecard, score_assessment
from safemig.errors import AnswersError, AssessmentHistoryError
from safemig.i18n import Text

HISTORY = Path("assessments") / "history"


def history_folder(project_root: str | Path) -> Path:
    """Where a project keeps its saved assessments."""
    return Path(project_root) / HISTORY


def save_assessment(
    project_root: str | Path,
    assessment: Assessment,
    saved_by: str,
    saved_at: datetime | None = None,
) -> Path:
    """Add ``assessment`` to the project's history, saved by ``saved_by`` at ``saved_at``
    (now, UTC, when not given); return the file written.

    Raises
    ------
    AnswersError
        When ``saved_by`` is empty (every saved assessment says who made it).
    """
    who = saved_by.strip()
    if not who:
        raise AnswersError(
            Text(
                "Say who saved the assessment (--by NAME, or the logged-in user).",
                "Indiquez qui enregistre l'évaluation (--by NOM, ou l'utilisateur connecté).",
            )
        )
    moment = (saved_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    folder = history_folder(project_root)
    folder.mkdir(parents=True, exist_ok=True)
    stem = moment.strftime("%Y%m%dT%H%M%SZ")
    target, n = folder / f"{stem}.yaml", 1
    while target.exists():  # two saves in one second: keep both
        n += 1
        target = folder / f"{stem}-{n}.yaml"
    text = yaml.safe_dump(_record(assessment, who, moment), allow_unicode=True, sort_keys=False)
    target.write_text(text, encoding="utf-8")
    return target


def _record(assessment: Assessment, who: str, moment: datetime) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for answer in assessment.answers:
        row: dict[str, Any] = {"status": answer.status}
        if answer.reason:
            row["reason"] = answer.reason
        if answer.evidence:
            row["evidence"] = answer.evidence
        answers[answer.criterion] = row
    return {
        "assessment": {
            "programme": assessment.programme,
            **({"programme_fr": assessment.programme_fr} if assessment.programme_fr else {}),
            "checklist": assessment.checklist,
            "example": assessment.example,
            "saved_by": who,
            "saved_at": moment.isoformat().replace("+00:00", "Z"),
        },
        "answers": answers,
        "activities": [
            {"id": a.id, "title": a.title, "gcm_objectives": list(a.objectives)}
            for a in assessment.activities
        ],
    }


def load_history(project_root: str | Path, checklist: Checklist) -> tuple[Assessment, ...]:
    """Every saved assessment of the project, oldest first.

    Raises
    ------
    AssessmentHistoryError
        When a saved file no longer reads against the checklist (names the file).
    """
    saved = []
    for path in sorted(history_folder(project_root).glob("*.yaml"), key=_save_order):
        try:
            assessment = load_answers(path, checklist)
        except AnswersError as exc:
            raise AssessmentHistoryError(
                Text(
                    f"Saved assessment {path}: {exc.message('en')}",
                    f"Évaluation enregistrée {path} : {exc.message('fr')}",
                )
            ) from exc
        saved.append(replace(assessment, source=str(path)))
    return tuple(sorted(saved, key=lambda a: a.saved_at or datetime.min.replace(tzinfo=UTC)))


def _save_order(path: Path) -> tuple[str, int]:
    """File order: by time stamp, then by the ``-2``, ``-3`` … of saves in the same second."""
    stem, _, n = path.stem.partition("-")
    return stem, int(n) if n.isdigit() else 1


def latest_two(
    project_root: str | Path, checklist: Checklist
) -> tuple[Assessment, Assessment | None]:
    """The latest saved assessment and the one before it (None when there is only one).

    Raises
    ------
    AssessmentHistoryError
        When the project has no saved assessment.
    """
    history = load_history(project_root, checklist)
    if not history:
        folder = history_folder(project_root)
        raise AssessmentHistoryError(
            Text(
                f"No assessment saved in {folder}; save one first with "
                "`safemig assess record ANSWERS --by NAME`.",
                f"Aucune évaluation enregistrée dans {folder} ; enregistrez-en une d'abord avec "
                "`safemig assess record RÉPONSES --by NOM`.",
            )
        )
    return history[-1], (history[-2] if len(history) > 1 else None)


@dataclass(frozen=True)
class CriterionChange:
    """A criterion whose answer changed: ``direction`` is ``improved``, ``regressed`` or
    ``changed`` (to or from "not applicable")."""

    criterion: Criterion
    before: str
    after: str

    @property
    def direction(self) -> str:
        """How the answer moved."""
        if self.before not in VALUES or self.after not in VALUES:
            return "changed"
        return "improved" if VALUES[self.after] > VALUES[self.before] else "regressed"


@dataclass(frozen=True)
class Comparison:
    """The change from a previous assessment to the current one."""

    previous: Assessment
    previous_scores: Scorecard
    changes: tuple[CriterionChange, ...]

    def lesson_change(self, lesson_id: str, current: Scorecard) -> float | None:
        """Change of a lesson's score (None when either score is undefined)."""
        before = self.previous_scores.lesson(lesson_id).value
        after = current.lesson(lesson_id).value
        return None if before is None or after is None else after - before


def compare(checklist: Checklist, previous: Assessment, current: Assessment) -> Comparison:
    """What changed between two assessments of the same checklist."""
    changes = tuple(
        CriterionChange(c, previous.answer(c.id).status, current.answer(c.id).status)
        for c in checklist.criteria
        if previous.answer(c.id).status != current.answer(c.id).status
    )
    return Comparison(previous, score_assessment(checklist, previous), changes)
