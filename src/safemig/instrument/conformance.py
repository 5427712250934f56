"""Check submissions against their form: relevance, required, choice lists, types, constraints.

Used by tests on the synthetic survey and, later, by ingest. A submission is a mapping from
question name to the exported string ('' or None when unanswered). Questions inside repeats are
not checked here (their rows live in separate repeat tables).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from safemig.instrument.expression import Expression, parse_expression, to_text
from safemig.instrument.schema import FormSchema, Question

_NUMERIC = {"integer": int, "decimal": float}
#: Types whose value the device fills (no relevance, required or constraint applies).
_DEVICE_TYPES = {"start", "end", "today", "deviceid", "username", "phonenumber", "audit"}


@dataclass(frozen=True)
class Violation:
    """One answer that breaks its form.

    ``rule`` is one of ``relevance``, ``required``, ``choice``, ``type``, ``constraint``,
    ``calculation``, ``select_multiple_column``.
    """

    row: int
    question: str
    rule: str
    value: str
    message: str


class FormChecker:
    """The form's expressions parsed once, to check many submissions quickly.

    Examples
    --------
    >>> checker = FormChecker(schema)                       # doctest: +SKIP
    >>> checker.check({"resp_age": "12", ...}, row=1)       # doctest: +SKIP
    [Violation(row=1, question='resp_age', rule='constraint', ...)]
    """

    def __init__(self, schema: FormSchema) -> None:
        self.schema = schema
        self.questions = [q for q in schema.data_questions() if not q.repeat]
        groups = {g.path: parse_expression(g.relevant) for g in schema.groups if g.relevant}
        self._gates: dict[str, list[Expression]] = {}
        for q in self.questions:
            gates = [
                groups[q.path[: i + 1]] for i in range(len(q.path)) if q.path[: i + 1] in groups
            ]
            self._gates[q.name] = gates + ([parse_expression(q.relevant)] if q.relevant else [])
        self._constraint = {
            q.name: parse_expression(q.constraint) for q in self.questions if q.constraint
        }
        self._calc = {
            q.name: parse_expression(q.calculation) for q in self.questions if q.calculation
        }
        self._choices = {name: {c.name for c in items} for name, items in schema.choices.items()}

    def is_relevant(self, question: Question, values: Mapping[str, str | None]) -> bool:
        """Whether the question (and every group around it) is relevant for these answers."""
        return all(gate.holds(values) for gate in self._gates[question.name])

    def check(self, values: Mapping[str, str | None], row: int = 0) -> list[Violation]:
        """Every violation in one submission."""
        found: list[Violation] = []
        for q in self.questions:
            if q.type in _DEVICE_TYPES:
                continue
            value = values.get(q.name) or ""
            if not self.is_relevant(q, values):
                if value:
                    found.append(
                        Violation(row, q.name, "relevance", value, "answered but not relevant")
                    )
                continue
            found.extend(self._check_relevant(q, value, values, row))
        return found

    def _check_relevant(
        self, q: Question, value: str, values: Mapping[str, str | None], row: int
    ) -> list[Violation]:
        if q.name in self._calc:
            expected = to_text(self._calc[q.name].evaluate(values))
            ok = value == expected
            return (
                []
                if ok
                else [Violation(row, q.name, "calculation", value, f"expected {expected!r}")]
            )
        if not value:
            return (
                [Violation(row, q.name, "required", value, "required but empty")]
                if q.required
                else []
            )
        problem = self._type_problem(q, value)
        if problem:
            return [Violation(row, q.name, problem[0], value, problem[1])]
        constraint = self._constraint.get(q.name)
        if constraint is not None and not constraint.holds(values, value):
            return [Violation(row, q.name, "constraint", value, f"breaks {q.constraint}")]
        return []

    def _type_problem(self, q: Question, value: str) -> tuple[str, str] | None:
        if q.type in _NUMERIC:
            try:
                _NUMERIC[q.type](value)
            except ValueError:
                return ("type", f"not a valid {q.type}")
        if q.type in ("select_one", "select_multiple") and q.list_name in self._choices:
            tokens = value.split() if q.type == "select_multiple" else [value]
            unknown = [t for t in tokens if t not in self._choices[q.list_name]]
            if unknown:
                return ("choice", f"{', '.join(unknown)} not in list {q.list_name!r}")
        return None


def check_submissions(
    schema: FormSchema, submissions: Iterable[Mapping[str, str | None]]
) -> list[Violation]:
    """Check many submissions (keyed by question name); rows are numbered from 1.

    Parameters
    ----------
    schema : FormSchema
    submissions : iterable of mapping
        Question name to exported value.

    Returns
    -------
    list of Violation
        Empty when every answer obeys the form.
    """
    checker = FormChecker(schema)
    found: list[Violation] = []
    for number, values in enumerate(submissions, start=1):
        found.extend(checker.check(values, number))
    return found


def submissions_from_columns(
    schema: FormSchema, columns: Mapping[str, list[str | None]], layout: str = "kobo"
) -> list[dict[str, str | None]]:
    """Turn an export's columns (header to values) into submissions keyed by question name.

    ``layout`` is ``"kobo"`` (``/`` group paths) or ``"central"`` (``-`` group paths).
    """
    header_of = {
        q.name: (q.kobo_header() if layout == "kobo" else q.central_header())
        for q in schema.data_questions()
    }
    present = {name: columns[h] for name, h in header_of.items() if h in columns}
    length = len(next(iter(columns.values()))) if columns else 0
    return [{name: _text(values[i]) for name, values in present.items()} for i in range(length)]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def check_select_multiple_columns(
    schema: FormSchema, columns: Mapping[str, list[str | None]]
) -> list[Violation]:
    """Check Kobo's 0/1 columns (``group/question/choice``) agree with the joined column."""
    found: list[Violation] = []
    for q in schema.data_questions():
        if q.type != "select_multiple" or q.kobo_header() not in columns:
            continue
        for choice in schema.choices.get(q.list_name, ()):
            dummy = columns.get(f"{q.kobo_header()}/{choice.name}")
            if dummy is None:
                found.append(
                    Violation(
                        0, q.name, "select_multiple_column", choice.name, "0/1 column missing"
                    )
                )
                continue
            for row, (joined, flag) in enumerate(
                zip(columns[q.kobo_header()], dummy, strict=True), 1
            ):
                expected = "" if not joined else ("1" if choice.name in joined.split() else "0")
                if (flag or "") != expected:
                    found.append(
                        Violation(
                            row,
                            q.name,
                            "select_multiple_column",
                            flag or "",
                            f"expected {expected!r}",
                        )
                    )
    return found
