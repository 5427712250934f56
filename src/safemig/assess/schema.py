"""The schema of checklist and answers files: every field's rule, and errors that name the
file, the criterion and the field, in English and French.

>>> validate_checklist({"checklist": "x"}, "x.yaml")
Traceback (most recent call last):
...
safemig.errors.ChecklistError: Checklist x.yaml, field 'version': is required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from safemig.assess.model import (
    PRIORITIES,
    STATUSES,
    Activity,
    Answer,
    Assessment,
    Checklist,
    Criterion,
    Lesson,
    Principle,
)
from safemig.errors import AnswersError, AssessmentError, ChecklistError
from safemig.i18n import Text

CHECKLIST_KEYS = {"checklist", "version", "title", "lessons", "principles", "criteria"}
CRITERION_KEYS = {
    "id",
    "lesson",
    "priority",
    "principles",
    "frameworks",
    "question",
    "evidence",
    "action",
}
ANSWERS_KEYS = {"assessment", "answers", "activities"}
ABOUT_KEYS = {"programme", "programme_fr", "checklist", "example", "saved_by", "saved_at"}
ANSWER_KEYS = {"status", "reason", "evidence"}
ACTIVITY_KEYS = {"id", "title", "gcm_objectives"}
CRITERION_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
GCM_OBJECTIVES = range(1, 24)


@dataclass(frozen=True)
class Where:
    """Where in a checklist or answers file a problem lies."""

    kind: Text
    source: str
    criterion: str | None = None
    error: type[AssessmentError] = ChecklistError

    def fail(self, field: str, en: str, fr: str) -> AssessmentError:
        """The error to raise, prefixed with file, criterion and field in both languages."""
        who_en = f", criterion {self.criterion!r}" if self.criterion else ""
        who_fr = f", critère {self.criterion!r}" if self.criterion else ""
        return self.error(
            Text(
                f"{self.kind} {self.source}{who_en}, field {field!r}: {en}",
                f"{self.kind.fr} {self.source}{who_fr}, champ {field!r} : {fr}",
            )
        )

    def about(self, criterion: str) -> Where:
        """The same place, narrowed to one criterion (or activity)."""
        return Where(self.kind, self.source, criterion, self.error)


CHECKLIST = Text("Checklist", "Liste de contrôle")
ANSWERS = Text("Answers", "Réponses")


def validate_checklist(data: Any, source: str) -> Checklist:
    """Check a parsed checklist file and build the :class:`Checklist`.

    Raises
    ------
    ChecklistError
        At the first field that breaks a rule.
    """
    where = Where(CHECKLIST, source)
    top = _mapping(data, where, "checklist")
    _known_keys(top, CHECKLIST_KEYS, where)
    name = _text(_required(top, "checklist", where), where, "checklist")
    version = _required(top, "version", where)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise where.fail("version", "must be a whole number from 1.", "doit être un entier ≥ 1.")
    lessons = tuple(_lesson(row, where) for row in _list(top, "lessons", where))
    principles = tuple(_principle(row, where) for row in _list(top, "principles", where))
    _unique([lesson.id for lesson in lessons], where, "lessons")
    _unique([p.id for p in principles], where, "principles")
    known = ({lesson.id for lesson in lessons}, {p.id for p in principles})
    criteria = tuple(
        _criterion(row, i, where, known) for i, row in enumerate(_list(top, "criteria", where))
    )
    if not criteria:
        raise where.fail("criteria", "give at least one criterion.", "donnez au moins un critère.")
    _unique([c.id for c in criteria], where, "criteria")
    for lesson in lessons:
        if not any(c.lesson == lesson.id for c in criteria):
            raise where.fail(
                "lessons",
                f"lesson {lesson.id!r} has no criterion.",
                f"la leçon {lesson.id!r} n'a aucun critère.",
            )
    title = _bilingual(_required(top, "title", where), where, "title")
    return Checklist(name, version, title, lessons, principles, criteria, source)


def _lesson(row: Any, where: Where) -> Lesson:
    row = _mapping(row, where, "lessons")
    lesson_id = _identifier(_required(row, "id", where), where, "lessons.id")
    _known_keys(row, {"id", "title"}, where)
    return Lesson(lesson_id, _bilingual(_required(row, "title", where), where, "lessons.title"))


def _principle(row: Any, where: Where) -> Principle:
    row = _mapping(row, where, "principles")
    _known_keys(row, {"id", "gcm", "title"}, where)
    principle_id = _identifier(_required(row, "id", where), where, "principles.id")
    letter = _text(_required(row, "gcm", where), where, "principles.gcm")
    if not re.fullmatch(r"[a-j]", letter):
        raise where.fail(
            "principles.gcm",
            f"{letter!r} is not a guiding principle's letter (a to j, GCM para. 15).",
            f"{letter!r} n'est pas la lettre d'un principe directeur (a à j, PMM § 15).",
        )
    return Principle(
        principle_id, letter, _bilingual(_required(row, "title", where), where, "principles.title")
    )


def _criterion(row: Any, index: int, where: Where, known: tuple[set[str], set[str]]) -> Criterion:
    row = _mapping(row, where.about(f"#{index + 1}"), "criteria")
    here = where.about(str(row.get("id", f"#{index + 1}")))
    _known_keys(row, CRITERION_KEYS, here)
    criterion_id = _identifier(_required(row, "id", here), here, "id")
    lessons, principles = known
    lesson = _choice(_required(row, "lesson", here), tuple(lessons), here, "lesson")
    priority = _choice(_required(row, "priority", here), PRIORITIES, here, "priority")
    tags = tuple(
        _choice(p, tuple(principles), here, "principles") for p in _texts(row, "principles", here)
    )
    frameworks = _texts(row, "frameworks", here)
    _known_frameworks(frameworks, here)
    return Criterion(
        id=criterion_id,
        lesson=lesson,
        priority=priority,
        question=_bilingual(_required(row, "question", here), here, "question"),
        evidence=_bilingual(_required(row, "evidence", here), here, "evidence"),
        action=_bilingual(_required(row, "action", here), here, "action"),
        principles=tags,
        frameworks=frameworks,
    )


def _known_frameworks(frameworks: tuple[str, ...], where: Where) -> None:
    from safemig.products.wording import framework_ids

    known = set(framework_ids())
    for framework in frameworks:
        if framework not in known:
            raise where.fail(
                "frameworks",
                f"{framework!r} is not a known framework id (GCM-1 … GCM-23, SDG-…, CEDAW-GR26, "
                "ILO-C97, ILO-C143, ILO-C189, ILO-C190, BPfA).",
                f"{framework!r} n'est pas un identifiant de cadre connu (GCM-1 … GCM-23, SDG-…, "
                "CEDAW-GR26, ILO-C97, ILO-C143, ILO-C189, ILO-C190, BPfA).",
            )


# --- answers --------------------------------------------------------------------------------


def validate_answers(data: Any, source: str, checklist: Checklist) -> Assessment:
    """Check a parsed answers file against ``checklist`` and build the :class:`Assessment`.

    Every criterion must be answered; ``not_applicable`` needs a ``reason``.

    Raises
    ------
    AnswersError
        At the first field that breaks a rule.
    """
    where = Where(ANSWERS, source, error=AnswersError)
    top = _mapping(data, where, "answers")
    _known_keys(top, ANSWERS_KEYS, where)
    about = _mapping(_required(top, "assessment", where), where, "assessment")
    _known_keys(about, ABOUT_KEYS, where)
    programme = _text(_required(about, "programme", where), where, "assessment.programme")
    named = str(about.get("checklist", checklist.name))
    if named != checklist.name:
        raise where.fail(
            "assessment.checklist",
            f"these answers are for checklist {named!r}, not {checklist.name!r}.",
            f"ces réponses portent sur la liste {named!r}, pas sur {checklist.name!r}.",
        )
    example = about.get("example", False)
    if not isinstance(example, bool):
        raise where.fail("assessment.example", "write true or false.", "écrivez true ou false.")
    given = _mapping(_required(top, "answers", where), where, "answers")
    answers = tuple(_answers(given, checklist, where))
    activities = tuple(
        _activity(row, i, where) for i, row in enumerate(_optional_list(top, "activities", where))
    )
    _unique([a.id for a in activities], where, "activities")
    saved_by = _optional_text(about, "saved_by", where)
    saved_at = _timestamp(about.get("saved_at"), where)
    return Assessment(
        programme,
        checklist.name,
        answers,
        activities,
        example,
        saved_by,
        saved_at,
        source,
        _optional_text(about, "programme_fr", where),
    )


def _timestamp(value: Any, where: Where) -> datetime | None:
    """An ISO 8601 time (YAML may already have read it as a datetime), made UTC-aware."""
    if value in (None, ""):
        return None
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise where.fail(
            "assessment.saved_at",
            f"{value!r} is not a date and time (ISO 8601, e.g. 2026-03-01T10:00:00Z).",
            f"{value!r} n'est pas une date et heure (ISO 8601, par ex. 2026-03-01T10:00:00Z).",
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _answers(given: dict[str, Any], checklist: Checklist, where: Where) -> list[Answer]:
    ids = [c.id for c in checklist.criteria]
    for criterion_id in given:
        if criterion_id not in ids:
            raise where.about(str(criterion_id)).fail(
                "answers",
                "no such criterion in the checklist; check its spelling.",
                "ce critère n'existe pas dans la liste ; vérifiez l'orthographe.",
            )
    return [_answer(criterion_id, given.get(criterion_id), where) for criterion_id in ids]


def _answer(criterion_id: str, row: Any, where: Where) -> Answer:
    here = where.about(criterion_id)
    if row is None:
        raise here.fail(
            "status",
            f"not answered; choose one of {', '.join(STATUSES)}.",
            f"sans réponse ; choisissez parmi {', '.join(STATUSES)}.",
        )
    if isinstance(row, str):
        row = {"status": row}
    row = _mapping(row, here, "answers")
    _known_keys(row, ANSWER_KEYS, here)
    status = _choice(_required(row, "status", here), STATUSES, here, "status")
    reason = _optional_text(row, "reason", here)
    if status == "not_applicable" and not reason:
        raise here.fail(
            "reason",
            'say why the criterion does not apply ("not applicable" needs a reason).',
            "dites pourquoi le critère ne s'applique pas (« sans objet » exige une raison).",
        )
    return Answer(criterion_id, status, reason, _optional_text(row, "evidence", here))


def _activity(row: Any, index: int, where: Where) -> Activity:
    row = _mapping(row, where.about(f"activity #{index + 1}"), "activities")
    here = where.about(f"activity {row.get('id', f'#{index + 1}')}")
    _known_keys(row, ACTIVITY_KEYS, here)
    activity_id = _text(_required(row, "id", here), here, "id")
    title = _text(_required(row, "title", here), here, "title")
    return Activity(
        activity_id, title, gcm_objectives(_required(row, "gcm_objectives", here), here)
    )


def gcm_objectives(value: Any, where: Where) -> tuple[int, ...]:
    """GCM objective numbers from a list or a text such as ``"3, 7"`` (``GCM-3`` also read)."""
    items = re.split(r"[,;\s]+", value.strip()) if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not [i for i in items if str(i).strip()]:
        raise where.fail(
            "gcm_objectives",
            "list the GCM objectives (1 to 23) the activity serves, e.g. [3, 7].",
            "indiquez les objectifs du PMM (1 à 23) que sert l'activité, par ex. [3, 7].",
        )
    numbers = []
    for item in (str(i).strip() for i in items if str(i).strip()):
        number = item.upper().removeprefix("GCM-")
        if not number.isdigit() or int(number) not in GCM_OBJECTIVES:
            raise where.fail(
                "gcm_objectives",
                f"{item!r} is not a GCM objective (1 to 23).",
                f"{item!r} n'est pas un objectif du PMM (1 à 23).",
            )
        numbers.append(int(number))
    return tuple(sorted(set(numbers)))


# --- field rules ----------------------------------------------------------------------------


def _mapping(value: Any, where: Where, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise where.fail(field, "must be a mapping (key: value).", "doit être un dictionnaire.")
    return value


def _required(row: dict[str, Any], key: str, where: Where) -> Any:
    if row.get(key) in (None, ""):
        raise where.fail(key, "is required.", "est obligatoire.")
    return row[key]


def _known_keys(row: dict[str, Any], allowed: set[str], where: Where) -> None:
    for key in row:
        if key not in allowed:
            raise where.fail(
                str(key),
                f"unknown field; allowed: {', '.join(sorted(allowed))}.",
                f"champ inconnu ; champs permis : {', '.join(sorted(allowed))}.",
            )


def _list(row: dict[str, Any], key: str, where: Where) -> list[Any]:
    value = _required(row, key, where)
    if not isinstance(value, list):
        raise where.fail(key, "must be a list.", "doit être une liste.")
    return value


def _optional_list(row: dict[str, Any], key: str, where: Where) -> list[Any]:
    return _list(row, key, where) if row.get(key) not in (None, "", []) else []


def _text(value: Any, where: Where, field: str) -> str:
    if (
        not isinstance(value, str | int | float)
        or isinstance(value, bool)
        or not str(value).strip()
    ):
        raise where.fail(field, "must be a non-empty text.", "doit être un texte non vide.")
    return str(value).strip()


def _optional_text(row: dict[str, Any], key: str, where: Where) -> str:
    value = row.get(key)
    return "" if value in (None, "") else _text(value, where, key)


def _texts(row: dict[str, Any], key: str, where: Where) -> tuple[str, ...]:
    value = row.get(key, [])
    if not isinstance(value, list):
        raise where.fail(key, "must be a list.", "doit être une liste.")
    return tuple(_text(v, where, key) for v in value)


def _identifier(value: Any, where: Where, field: str) -> str:
    text = _text(value, where, field)
    if not CRITERION_ID.fullmatch(text):
        raise where.fail(
            field,
            f"{text!r} must be lower-case letters, digits and _ (dots between parts).",
            f"{text!r} doit être en minuscules, chiffres et _ (points entre les parties).",
        )
    return text


def _choice(value: Any, allowed: tuple[str, ...], where: Where, field: str) -> str:
    if value not in allowed:
        raise where.fail(
            field,
            f"{value!r} is not one of {', '.join(allowed)}.",
            f"{value!r} ne fait pas partie de : {', '.join(allowed)}.",
        )
    return str(value)


def _bilingual(value: Any, where: Where, field: str) -> Text:
    if not isinstance(value, dict) or not all(
        isinstance(value.get(k), str) and value[k].strip() for k in ("en", "fr")
    ):
        raise where.fail(
            field,
            "give the text in English and French (en: ..., fr: ...).",
            "donnez le texte en anglais et en français (en: ..., fr: ...).",
        )
    return Text(value["en"].strip(), value["fr"].strip())


def _unique(ids: list[str], where: Where, field: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise where.about(item).fail(field, "appears twice.", "apparaît deux fois.")
        seen.add(item)
