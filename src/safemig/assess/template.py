"""The Excel answer template: one row per criterion with a drop-down answer, a sheet for the
programme's activities; written with XlsxWriter, read back with openpyxl.

Sheets: ``assessment`` (programme name, checklist), ``answers`` (criterion id, lesson,
question, evidence expected, answer, reason, evidence held) and ``activities`` (id, title,
GCM objectives such as ``3, 7``). Answers may be the codes (``partly``) or their English or
French words (``Partly``, ``En partie``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from safemig.assess.model import STATUS_WORDS, STATUSES, Checklist
from safemig.errors import AnswersError
from safemig.i18n import Text

ANSWER_COLUMNS = (
    "criterion",
    "lesson",
    "question",
    "evidence_expected",
    "status",
    "reason",
    "evidence",
)
HEADERS = {
    "criterion": Text("criterion", "critère"),
    "lesson": Text("lesson", "leçon"),
    "question": Text("question", "question"),
    "evidence_expected": Text("evidence expected", "preuves attendues"),
    "status": Text("answer", "réponse"),
    "reason": Text("reason if not applicable", "raison si sans objet"),
    "evidence": Text("evidence held", "preuves disponibles"),
}
ACTIVITY_COLUMNS = ("id", "title", "gcm_objectives")


def write_template(checklist: Checklist, target: str | Path, language: str = "en") -> Path:
    """Write the answer template of ``checklist`` in ``language`` to ``target`` (.xlsx)."""
    import xlsxwriter

    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True, "text_wrap": True, "bg_color": "#DDEBF7"})
    about = book.add_worksheet("assessment")
    about.set_column(0, 0, 20)
    about.set_column(1, 1, 60)
    for row, (key, value) in enumerate(
        (("programme", ""), ("checklist", checklist.name), ("example", "no"))
    ):
        about.write(row, 0, key, bold)
        about.write(row, 1, value)
    _answers_sheet(book, checklist, language, wrap, bold)
    activities = book.add_worksheet("activities")
    activities.set_column(0, 0, 18)
    activities.set_column(1, 1, 60)
    activities.set_column(2, 2, 20)
    for column, name in enumerate(ACTIVITY_COLUMNS):
        activities.write(0, column, name, bold)
    book.close()
    return path


def _answers_sheet(book: Any, checklist: Checklist, language: str, wrap: Any, bold: Any) -> None:
    sheet = book.add_worksheet("answers")
    for column, width in enumerate((22, 28, 60, 50, 16, 30, 40)):
        sheet.set_column(column, column, width, wrap)
    for column, name in enumerate(ANSWER_COLUMNS):
        sheet.write(0, column, f"{name}\n{HEADERS[name].in_language(language)}", bold)
    sheet.freeze_panes(1, 1)
    choices = [STATUS_WORDS[s].in_language(language) for s in STATUSES]
    for row, criterion in enumerate(checklist.criteria, start=1):
        sheet.write(row, 0, criterion.id)
        sheet.write(row, 1, checklist.lesson(criterion.lesson).title.in_language(language))
        sheet.write(row, 2, criterion.question.in_language(language))
        sheet.write(row, 3, criterion.evidence.in_language(language))
    sheet.data_validation(1, 4, len(checklist.criteria), 4, {"validate": "list", "source": choices})


def read_workbook(path: Path, checklist: Checklist) -> dict[str, Any]:
    """The answers of a filled-in template, as the mapping a YAML answers file holds.

    Raises
    ------
    AnswersError
        When the file is not a workbook or lacks a sheet or a column.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a non-workbook
        raise AnswersError(
            Text(
                f"Answers {path.name}: not an Excel workbook ({exc}).",
                f"Réponses {path.name} : pas un classeur Excel ({exc}).",
            )
        ) from exc
    try:
        about = {str(r[0]).strip(): r[1] for r in _rows(book, "assessment", path) if r and r[0]}
        answers = _answer_rows(_rows(book, "answers", path), path)
        activities = _activity_rows(_rows(book, "activities", path))
    finally:
        book.close()
    about["example"] = str(about.get("example", "no")).strip().lower() in ("yes", "oui", "true")
    about = {k: v for k, v in about.items() if v not in (None, "")}
    return {"assessment": about, "answers": answers, "activities": activities}


def _rows(book: Any, name: str, path: Path) -> list[tuple[Any, ...]]:
    if name not in book.sheetnames:
        raise AnswersError(
            Text(
                f"Answers {path.name}: the sheet {name!r} is missing; start from "
                "`safemig assess template`.",
                f"Réponses {path.name} : la feuille {name!r} manque ; partez de "
                "`safemig assess template`.",
            )
        )
    return [tuple(row) for row in book[name].iter_rows(values_only=True)]


def _answer_rows(rows: list[tuple[Any, ...]], path: Path) -> dict[str, Any]:
    header = [str(h or "").split("\n")[0].strip() for h in rows[0]] if rows else []
    for name in ("criterion", "status", "reason", "evidence"):
        if name not in header:
            raise AnswersError(
                Text(
                    f"Answers {path.name}, sheet 'answers': the column {name!r} is missing.",
                    f"Réponses {path.name}, feuille 'answers' : la colonne {name!r} manque.",
                )
            )
    answers: dict[str, Any] = {}
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=False))
        if not cells.get("criterion"):
            continue
        status = _status_code(cells.get("status"))
        answers[str(cells["criterion"]).strip()] = (
            None
            if status is None
            else {
                "status": status,
                "reason": _cell(cells.get("reason")),
                "evidence": _cell(cells.get("evidence")),
            }
        )
    return answers


def _activity_rows(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    header = [str(h or "").strip() for h in rows[0]] if rows else []
    activities = []
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=False))
        if any(cells.get(c) not in (None, "") for c in ACTIVITY_COLUMNS):
            activities.append({c: _cell(cells.get(c)) for c in ACTIVITY_COLUMNS})
    return activities


def _status_code(value: Any) -> str | None:
    """The answer code of a cell: a code, or its English or French words (any case)."""
    text = _cell(value).lower()
    if not text:
        return None
    for status in STATUSES:
        words = STATUS_WORDS[status]
        if text in (status, str(words).lower(), words.fr.lower()):
            return status
    return text  # left as written: the schema names it and lists the choices


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
