"""What the dashboard's assessment page calls: pure functions, no web framework.

The page (``safemig.web``, analyst and admin roles) shows :func:`form_description`, sends the
submitted fields to :func:`parse_form` (every problem at once, per field, in English and
French), saves a valid assessment with :func:`save_form` under the logged-in user, and shows
:func:`render_assessment_fragment`. Field names:

``programme``, ``programme_fr``
    the programme's name, and in French when it differs (optional);
``status.<criterion id>``
    ``not_started``, ``partly``, ``fully`` or ``not_applicable``;
``reason.<criterion id>``
    required with ``not_applicable``;
``evidence.<criterion id>``
    the evidence held (optional);
``activity.<n>.title`` and ``activity.<n>.gcm``
    the n-th activity (n = 1, 2, …) and the GCM objectives it serves (numbers 1–23: a list,
    or a text such as ``"3, 7"``); ``activity.<n>.id`` optional (``activity-<n>``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from safemig.assess.coverage import project_catalogues
from safemig.assess.history import latest_two, save_assessment
from safemig.assess.model import STATUS_WORDS, STATUSES, Activity, Answer, Assessment, Checklist
from safemig.assess.schema import ANSWERS, Where, gcm_objectives
from safemig.errors import AnswersError
from safemig.i18n import Text

FormFields = Mapping[str, str | Sequence[str]]
ACTIVITY_FIELD = re.compile(r"^activity\.(\d+)\.(id|title|gcm)$")


def form_description(checklist: Checklist, language: str) -> dict[str, Any]:
    """The form of ``checklist`` in ``language``: lessons with their criteria, the answer
    choices, field names, and the activities block (JSON-serialisable)."""
    from safemig.products.wording import framework_title

    choices = [{"value": s, "label": STATUS_WORDS[s].in_language(language)} for s in STATUSES]
    return {
        "checklist": checklist.name,
        "version": checklist.version,
        "title": checklist.title.in_language(language),
        "language": language,
        "programme_field": "programme",
        "programme_fr_field": "programme_fr",
        "lessons": [
            {
                "id": lesson.id,
                "title": lesson.title.in_language(language),
                "criteria": [
                    {
                        "id": c.id,
                        "question": c.question.in_language(language),
                        "evidence_expected": c.evidence.in_language(language),
                        "priority": c.priority,
                        "principles": [
                            checklist.principle(p).title.in_language(language) for p in c.principles
                        ],
                        "status_field": f"status.{c.id}",
                        "reason_field": f"reason.{c.id}",
                        "evidence_field": f"evidence.{c.id}",
                        "choices": choices,
                        "reason_required_for": "not_applicable",
                    }
                    for c in checklist.criteria
                    if c.lesson == lesson.id
                ],
            }
            for lesson in checklist.lessons
        ],
        "activities": {
            "title_field": "activity.{n}.title",
            "gcm_field": "activity.{n}.gcm",
            "id_field": "activity.{n}.id",
            "objectives": [
                {"value": n, "label": f"{n}. {framework_title(f'GCM-{n}', language)}"}
                for n in range(1, 24)
            ],
        },
    }


@dataclass(frozen=True)
class ParsedForm:
    """A submitted form: the assessment when valid, else the errors by field name."""

    assessment: Assessment | None
    errors: dict[str, Text] = field(default_factory=dict)

    def messages(self, language: str) -> dict[str, str]:
        """The errors in ``language``, by field name."""
        return {name: text.in_language(language) for name, text in self.errors.items()}


def parse_form(checklist: Checklist, fields: FormFields, source: str = "form") -> ParsedForm:
    """Read submitted form fields into an :class:`Assessment`, collecting every error."""
    errors: dict[str, Text] = {}
    programme = _one(fields, "programme")
    if not programme:
        errors["programme"] = Text("Give the programme's name.", "Indiquez le nom du programme.")
    answers = [_answer(c.id, fields, errors) for c in checklist.criteria]
    activities = _activities(fields, errors, source)
    if errors:
        return ParsedForm(None, errors)
    assessment = Assessment(
        programme,
        checklist.name,
        tuple(answers),
        activities,
        source=source,
        programme_fr=_one(fields, "programme_fr"),
    )
    return ParsedForm(assessment)


def answers_from_form(checklist: Checklist, fields: FormFields) -> Assessment:
    """Like :func:`parse_form`, raising :class:`AnswersError` listing every error."""
    parsed = parse_form(checklist, fields)
    if parsed.assessment is None:
        en = "; ".join(f"{name}: {text}" for name, text in parsed.errors.items())
        fr = "; ".join(f"{name} : {text.fr}" for name, text in parsed.errors.items())
        raise AnswersError(
            Text(f"The form has errors: {en}", f"Le formulaire a des erreurs : {fr}")
        )
    return parsed.assessment


def save_form(
    project_root: str | Path, assessment: Assessment, user: str, when: datetime | None = None
) -> Path:
    """Save a parsed assessment in the project's history under ``user`` at ``when`` (now)."""
    return save_assessment(project_root, assessment, user, when)


def render_assessment_fragment(
    project_root: str | Path,
    language: str,
    checklist: Checklist | None = None,
    chart: bool = True,
) -> str:
    """The scorecard (chart), change, gaps and coverage of the project's latest assessment as
    an HTML fragment (a ``<div>``, no page head), checked by the narrative checker.

    Raises
    ------
    AssessmentHistoryError
        When the project has no saved assessment.
    AssessmentNarrativeError
        When a text uses stigmatising language.
    """
    from safemig.assess.chart import scorecard_png
    from safemig.assess.files import builtin_checklist
    from safemig.assess.report import (
        assessment_view,
        check_narrative,
        render_fragment,
        report_context,
    )

    checklist = checklist or builtin_checklist()
    current, previous = latest_two(project_root, checklist)
    view = assessment_view(checklist, current, previous, project_catalogues(project_root))
    check_narrative("assessment", render_fragment(report_context(view, language, None)), language)
    png = None
    if chart:
        before = view.comparison.previous_scores if view.comparison else None
        png = scorecard_png(checklist, view.scores, before, language)
    return render_fragment(report_context(view, language, png))


def _one(fields: FormFields, name: str) -> str:
    value = fields.get(name, "")
    if not isinstance(value, str):
        value = ", ".join(str(v) for v in value)
    return value.strip()


def _answer(criterion_id: str, fields: FormFields, errors: dict[str, Text]) -> Answer:
    status = _one(fields, f"status.{criterion_id}")
    reason = _one(fields, f"reason.{criterion_id}")
    if status not in STATUSES:
        errors[f"status.{criterion_id}"] = Text(
            f"Criterion {criterion_id!r}: choose an answer (not started, partly, fully or not "
            "applicable).",
            f"Critère {criterion_id!r} : choisissez une réponse (pas commencé, en partie, "
            "entièrement ou sans objet).",
        )
    elif status == "not_applicable" and not reason:
        errors[f"reason.{criterion_id}"] = Text(
            f"Criterion {criterion_id!r}: say why it does not apply.",
            f"Critère {criterion_id!r} : dites pourquoi il ne s'applique pas.",
        )
    return Answer(criterion_id, status, reason, _one(fields, f"evidence.{criterion_id}"))


def _activities(fields: FormFields, errors: dict[str, Text], source: str) -> tuple[Activity, ...]:
    numbers = sorted({int(m.group(1)) for m in map(ACTIVITY_FIELD.match, fields) if m})
    activities = []
    for n in numbers:
        title, gcm = _one(fields, f"activity.{n}.title"), fields.get(f"activity.{n}.gcm", "")
        if not title and not _one(fields, f"activity.{n}.gcm"):
            continue  # an empty row of the form
        if not title:
            errors[f"activity.{n}.title"] = Text(
                f"Activity {n}: give its title.", f"Activité {n} : donnez son intitulé."
            )
            continue
        try:
            where = Where(ANSWERS, source, f"activity {n}", AnswersError)
            objectives = gcm_objectives(gcm if isinstance(gcm, str) else list(gcm), where)
        except AnswersError as exc:
            errors[f"activity.{n}.gcm"] = exc.args[0]
            continue
        activity_id = _one(fields, f"activity.{n}.id") or f"activity-{n}"
        activities.append(Activity(activity_id, title, objectives))
    return tuple(activities)
