"""Read any XLSForm (built by safemig or written by hand) into a :class:`FormSchema`.

The schema is the value later stages validate data against: questions with their types, choice
lists, group and repeat paths, relevance/constraint/calculation expressions, labels per language
and safemig's metadata columns. It also knows the column headers each platform exports.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from safemig.errors import DataFileError, XLSFormError
from safemig.instrument.xlsform import XLSFormSheets

#: XLSForm types that store no answer.
NO_DATA_TYPES = {"note", "begin group", "end group", "begin repeat", "end repeat"}
_GROUP_ALIASES = {"begin_group": "begin group", "end_group": "end group"}
_GROUP_ALIASES |= {"begin_repeat": "begin repeat", "end_repeat": "end repeat"}


@dataclass(frozen=True)
class Choice:
    """One answer option of a choice list."""

    name: str
    labels: Mapping[str, str]


@dataclass(frozen=True)
class Group:
    """A group or repeat: ``kind`` is ``"group"`` or ``"repeat"``; ``path`` includes its name."""

    name: str
    kind: str
    path: tuple[str, ...]
    labels: Mapping[str, str]
    relevant: str = ""
    repeat_count: str = ""


@dataclass(frozen=True)
class Question:
    """A question that stores an answer (notes are kept too, with ``type == "note"``).

    ``path`` lists the enclosing groups and repeats, outermost first; ``repeat`` names the
    innermost enclosing repeat, if any. ``list_name`` is set for select questions.
    """

    name: str
    type: str
    path: tuple[str, ...]
    labels: Mapping[str, str]
    hints: Mapping[str, str] = field(default_factory=dict)
    list_name: str = ""
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_messages: Mapping[str, str] = field(default_factory=dict)
    calculation: str = ""
    choice_filter: str = ""
    appearance: str = ""
    repeat: str = ""
    feeds: tuple[str, ...] = ()
    identifier: bool = False
    sensitive: bool = False

    @property
    def stores_data(self) -> bool:
        """Whether submissions carry a value for this question (notes do not)."""
        return self.type != "note"

    def kobo_header(self) -> str:
        """Column header in a KoboToolbox export ("XML values and headers", ``/`` separator)."""
        return "/".join((*self.path, self.name))

    def central_header(self) -> str:
        """Column header in an ODK Central CSV export (group paths joined with ``-``)."""
        return "-".join((*self.path, self.name))


@dataclass(frozen=True)
class FormSchema:
    """Everything safemig needs to know about a form, independent of its file."""

    form_id: str
    title: str
    version: str
    default_language: str
    languages: tuple[str, ...]
    questions: tuple[Question, ...]
    groups: tuple[Group, ...]
    choices: Mapping[str, tuple[Choice, ...]]
    source: str = ""

    def question(self, name: str) -> Question:
        """The question called ``name`` (KeyError if absent)."""
        for q in self.questions:
            if q.name == name:
                return q
        raise KeyError(name)

    def data_questions(self) -> list[Question]:
        """Questions whose answers appear in submissions, in form order."""
        return [q for q in self.questions if q.stores_data]

    def group(self, path: tuple[str, ...]) -> Group:
        """The group or repeat at ``path``."""
        return next(g for g in self.groups if g.path == path)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole schema."""
        return asdict(self)

    def to_json(self) -> str:
        """The schema as indented JSON (UTF-8, accents kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=dict)


def read_form(path: str | Path) -> FormSchema:
    """Read an XLSForm ``.xlsx`` file into a :class:`FormSchema`.

    Parameters
    ----------
    path : str or Path
        The XLSForm workbook (sheets ``survey``, ``choices``, optional ``settings``).

    Raises
    ------
    DataFileError
        When the file is missing or not a workbook.
    XLSFormError
        When a sheet or column XLSForm requires is missing, or groups are unbalanced.
    """
    from openpyxl import load_workbook

    source = Path(path)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise DataFileError(f"{source}: no such file; give the path of an XLSForm .xlsx") from exc
    except Exception as exc:  # openpyxl raises several unrelated types for a non-workbook
        raise DataFileError(
            f"{source}: not an .xlsx workbook ({exc}); save the form as .xlsx"
        ) from exc
    sheets = {ws.title.lower(): _sheet_rows(ws.iter_rows(values_only=True)) for ws in workbook}
    workbook.close()
    return schema_from_rows(
        sheets.get("survey"), sheets.get("choices", []), sheets.get("settings", []), str(source)
    )


def schema_from_sheets(sheets: XLSFormSheets, source: str = "built form") -> FormSchema:
    """The schema of an XLSForm built in memory by :func:`safemig.instrument.xlsform.build_form`."""
    return schema_from_rows(list(sheets.survey), list(sheets.choices), [sheets.settings], source)


def _sheet_rows(rows: Iterable[tuple[Any, ...]]) -> list[dict[str, str]]:
    iterator = iter(rows)
    header = [str(h).strip() if h is not None else "" for h in next(iterator, ())]
    out = []
    for values in iterator:
        row = {
            h: str(v).strip() for h, v in zip(header, values, strict=False) if h and v is not None
        }
        if any(row.values()):
            out.append(row)
    return out


def schema_from_rows(
    survey: list[dict[str, str]] | None,
    choices: list[dict[str, str]],
    settings: list[dict[str, str]],
    source: str,
) -> FormSchema:
    """Build a :class:`FormSchema` from sheet rows (dicts keyed by column header)."""
    if not survey:
        raise XLSFormError(f"{source}: no 'survey' sheet with rows; an XLSForm needs one")
    survey = [{k.lower() if "::" not in k else k: v for k, v in row.items()} for row in survey]
    languages = _languages(survey + choices)
    setting = {k.lower(): v for k, v in (settings[0] if settings else {}).items()}
    questions, groups = _walk(survey, source)
    return FormSchema(
        form_id=setting.get("form_id", Path(source).stem),
        title=setting.get("form_title", ""),
        version=setting.get("version", ""),
        default_language=setting.get("default_language", languages[0]),
        languages=languages,
        questions=tuple(questions),
        groups=tuple(groups),
        choices=_choices(choices),
        source=source,
    )


def _languages(rows: list[dict[str, str]]) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for row in rows:
        for key in row:
            if key.lower().startswith("label"):
                found[key.split("::", 1)[1] if "::" in key else "default"] = None
    return tuple(found) or ("default",)


def _texts(row: dict[str, str], field_name: str) -> dict[str, str]:
    out = {}
    for key, value in row.items():
        head, _, lang = key.partition("::")
        if head.lower() == field_name and value:
            out[lang or "default"] = value
    return out


def _walk(survey: list[dict[str, str]], source: str) -> tuple[list[Question], list[Group]]:
    questions: list[Question] = []
    groups: list[Group] = []
    stack: list[Group] = []
    for number, row in enumerate(survey, start=2):
        kind = _GROUP_ALIASES.get(row.get("type", "").strip().lower(), row.get("type", "").strip())
        if kind in ("begin group", "begin repeat"):
            group = _group(row, kind, tuple(g.name for g in stack))
            stack.append(group)
            groups.append(group)
        elif kind in ("end group", "end repeat"):
            if not stack or stack[-1].kind != kind.split()[1]:
                raise XLSFormError(
                    f"{source}: survey row {number}: '{kind}' without a matching begin"
                )
            stack.pop()
        elif kind:
            questions.append(_question(row, kind, stack))
    if stack:
        raise XLSFormError(
            f"{source}: group or repeat {stack[-1].name!r} is never closed; add its end row"
        )
    return questions, groups


def _group(row: dict[str, str], kind: str, parent: tuple[str, ...]) -> Group:
    return Group(
        name=row.get("name", ""),
        kind=kind.split()[1],
        path=(*parent, row.get("name", "")),
        labels=_texts(row, "label"),
        relevant=row.get("relevant", ""),
        repeat_count=row.get("repeat_count", ""),
    )


def _question(row: dict[str, str], kind: str, stack: list[Group]) -> Question:
    parts = kind.split()
    base = parts[0]
    repeats = [g.name for g in stack if g.kind == "repeat"]
    return Question(
        name=row.get("name", ""),
        type=base,
        path=tuple(g.name for g in stack),
        labels=_texts(row, "label"),
        hints=_texts(row, "hint"),
        list_name=parts[1] if base.startswith("select_") and len(parts) > 1 else "",
        required=row.get("required", "").lower() in ("yes", "true", "true()", "1"),
        relevant=row.get("relevant", ""),
        constraint=row.get("constraint", ""),
        constraint_messages=_texts(row, "constraint_message"),
        calculation=row.get("calculation", ""),
        choice_filter=row.get("choice_filter", ""),
        appearance=row.get("appearance", ""),
        repeat=repeats[-1] if repeats else "",
        feeds=tuple(row.get("safemig_feeds", "").split()),
        identifier=row.get("safemig_identifier", "").lower() == "yes",
        sensitive=row.get("safemig_sensitive", "").lower() == "yes",
    )


def _choices(rows: list[dict[str, str]]) -> dict[str, tuple[Choice, ...]]:
    lists: dict[str, list[Choice]] = {}
    for row in rows:
        list_name = row.get("list_name") or row.get("list name") or ""
        if list_name and row.get("name"):
            lists.setdefault(list_name, []).append(Choice(row["name"], _texts(row, "label")))
    return {name: tuple(items) for name, items in lists.items()}
