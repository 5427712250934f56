"""Validation of a raw table against its form, compiled to one vectorised DuckDB query.

Hard failures send a submission to quarantine (every reason kept): an answer to a question that
is not relevant, a required answer missing, a value of the wrong type (text in a number, an
impossible date), a choice outside its list, a broken constraint. Soft issues become flags on
an accepted submission: a device timestamp that does not parse, a calculation that does not
match the form, a text answer longer than :data:`LONG_TEXT` characters.

The checks are those of :class:`safemig.instrument.conformance.FormChecker` (tests compare
both on the same data). A check whose expression names a question the table lacks (a column
missing from this export, or a question outside a repeat) is skipped, not failed: the run's
summary lists the missing columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from safemig.ingest.columns import ColumnMap, literal, quote
from safemig.ingest.sqlexpr import compile_expression, compile_text
from safemig.instrument.expression import Expression, parse_expression
from safemig.instrument.schema import FormSchema, Question

LONG_TEXT = 10_000
#: Types whose value the device fills: a bad value is flagged, never quarantined.
DEVICE_TYPES = {"start", "end", "today", "deviceid", "username", "phonenumber", "audit"}
_INTEGER = r"^\s*[+-]?[0-9]+\s*$"
_DECIMAL = r"^\s*[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?\s*$"
_GEOPOINT = r"^\s*-?[0-9.]+\s+-?[0-9.]+(\s+-?[0-9.]+){0,2}\s*$"


@dataclass(frozen=True)
class Checks:
    """The SQL that validates one raw table.

    ``gates`` are named boolean columns (group relevances) to compute first; ``reasons`` and
    ``flags`` are SQL lists of text over those columns and the raw table.
    """

    gates: Mapping[str, str]
    reasons: str
    flags: str


def type_sql(q: Question, value: str, date_formats: tuple[str, ...]) -> str | None:
    """SQL that is true when a non-empty ``value`` does not have the question's type."""
    formats = "[" + ", ".join(literal(f) for f in date_formats) + "]"
    rules = {
        "integer": f"NOT regexp_matches({value}, {literal(_INTEGER)})",
        "decimal": f"NOT regexp_matches({value}, {literal(_DECIMAL)})",
        "date": f"try_strptime(trim({value}), {formats}) IS NULL",
        "today": f"TRY_CAST(trim({value}) AS DATE) IS NULL",
        "dateTime": f"TRY_CAST(trim({value}) AS TIMESTAMPTZ) IS NULL",
        "start": f"TRY_CAST(trim({value}) AS TIMESTAMPTZ) IS NULL",
        "end": f"TRY_CAST(trim({value}) AS TIMESTAMPTZ) IS NULL",
        "time": f"TRY_CAST(trim({value}) AS TIME) IS NULL",
        "geopoint": f"NOT regexp_matches({value}, {literal(_GEOPOINT)})",
    }
    return rules.get(q.type)


def typed_sql(q: Question, value: str, date_formats: tuple[str, ...]) -> tuple[str, str]:
    """``(sql, duckdb_type)`` turning the text ``value`` into the question's typed value."""
    text = f"nullif(trim({value}), '')"
    formats = "[" + ", ".join(literal(f) for f in date_formats) + "]"
    if q.type == "integer":
        return f"TRY_CAST({text} AS BIGINT)", "BIGINT"
    if q.type == "decimal":
        return f"TRY_CAST({text} AS DOUBLE)", "DOUBLE"
    if q.type == "date":
        return f"CAST(try_strptime({text}, {formats}) AS DATE)", "DATE"
    if q.type == "today":
        return f"TRY_CAST({text} AS DATE)", "DATE"
    if q.type in ("dateTime", "start", "end"):
        return f"TRY_CAST({text} AS TIMESTAMPTZ)", "TIMESTAMPTZ"
    return f"nullif({value}, '')", "VARCHAR"


class _Compiler:
    """Builds the checks of one table: gates first, then one CASE per question."""

    def __init__(self, schema: FormSchema, columns: ColumnMap, date_formats: tuple[str, ...]):
        self.schema, self.columns, self.formats = schema, columns, date_formats
        self.refs = dict(columns.answers)
        self.gates: dict[str, str] = {}
        self.gate_names: dict[tuple[str, ...], str] = {}

    def usable(self, expression: Expression) -> bool:
        return expression.references <= set(self.refs)

    def gate(self, path: tuple[str, ...]) -> str | None:
        """Name of the column holding the group at ``path``'s relevance (None if always)."""
        group = self.schema.group(path)
        if not group.relevant:
            return None
        expression = parse_expression(group.relevant)
        if not self.usable(expression):
            return None
        if path not in self.gate_names:
            name = f"__gate_{len(self.gate_names)}"
            self.gate_names[path] = name
            self.gates[name] = compile_expression(expression, self.refs)
        return quote(self.gate_names[path])

    def relevance(self, q: Question) -> str:
        parts = [g for i in range(len(q.path)) if (g := self.gate(q.path[: i + 1]))]
        if q.relevant and self.usable(own := parse_expression(q.relevant)):
            parts.append(compile_expression(own, self.refs))
        return " AND ".join(f"({p})" for p in parts) or "true"

    def reason(self, q: Question) -> str | None:
        if q.type in DEVICE_TYPES or q.calculation:
            return None
        value = f"coalesce({self.refs[q.name]}, '')"
        shown = "" if q.identifier else f" || ': ' || {_quoted_value(value)}"
        relevant = self.relevance(q)
        # An empty answer can only be "required but empty"; a given one is checked in order:
        # relevance, type or choice list, constraint. Splitting on the empty test first
        # evaluates each condition once per row instead of repeating ``value <> ''`` in each.
        empty = (
            f"CASE WHEN {relevant} THEN {literal(q.name + ': required but empty')} END"
            if q.required
            else "NULL"
        )
        cases = [
            f"WHEN {value} = '' THEN {empty}",
            f"WHEN NOT ({relevant}) THEN "
            f"{literal(q.name + ': answered although not relevant')}{shown}",
        ]
        problem = self.value_problem(q, value)
        if problem:
            cases.append(f"WHEN {problem[0]} THEN {literal(problem[1])}{shown}")
        constraint = self.constraint(q, value)
        if constraint:
            cases.append(
                f"WHEN NOT ({constraint}) THEN "
                f"{literal(f'{q.name}: breaks the constraint {q.constraint}')}{shown}"
            )
        return f"CASE {' '.join(cases)} END" if cases else None

    def value_problem(self, q: Question, value: str) -> tuple[str, str] | None:
        if q.type in ("select_one", "select_multiple") and q.list_name in self.schema.choices:
            names = ", ".join(literal(c.name) for c in self.schema.choices[q.list_name])
            if q.type == "select_one":
                test = f"{value} NOT IN ({names})"
            else:
                test = (
                    f"NOT regexp_full_match(trim({value}), {literal(_tokens_of(q, self.schema))})"
                )
            return test, f"{q.name}: not in the choice list {q.list_name!r}"
        rule = type_sql(q, value, self.formats)
        return (rule, f"{q.name}: not a valid {q.type}") if rule else None

    def constraint(self, q: Question, value: str) -> str | None:
        if not q.constraint:
            return None
        expression = parse_expression(q.constraint)
        if not self.usable(expression):
            return None
        return compile_expression(expression, self.refs, value)

    def flag(self, q: Question) -> list[str]:
        value = f"coalesce({self.refs[q.name]}, '')"
        flags = []
        if q.type in ("text", "calculate"):
            flags.append(
                f"CASE WHEN length({value}) > {LONG_TEXT} THEN "
                f"{literal(q.name + ': very long text (kept whole)')} END"
            )
        rule = type_sql(q, value, self.formats) if q.type in DEVICE_TYPES else None
        if rule:
            flags.append(
                f"CASE WHEN {value} <> '' AND {rule} THEN "
                f"{literal(q.name + ': device value does not parse')} END"
            )
        if q.calculation and self.usable(calc := parse_expression(q.calculation)):
            relevant = self.relevance(q)
            expected = compile_text(calc, self.refs)
            flags.append(
                f"CASE WHEN ({relevant}) AND {value} <> {expected} THEN "
                f"{literal(q.name + ': differs from its calculation')} END"
            )
        return flags


def _tokens_of(q: Question, schema: FormSchema) -> str:
    """A regular expression for space-separated names of ``q``'s choice list (or nothing).

    Same answer as splitting ``trim(value)`` on spaces and checking every non-empty token
    is a choice, without building a list per row.
    """
    one = "(?:" + "|".join(re.escape(c.name) for c in schema.choices[q.list_name]) + ")"
    return f"(?:{one}(?: +{one})*)?"


def _quoted_value(value: str) -> str:
    return f"'''' || left({value}, 60) || ''''"


def compile_checks(
    schema: FormSchema,
    columns: ColumnMap,
    date_formats: tuple[str, ...] = ("%Y-%m-%d",),
    only: Callable[[Question], bool] = lambda q: True,
) -> Checks:
    """The gates, reasons and flags SQL for one raw table.

    Parameters
    ----------
    schema : FormSchema
    columns : ColumnMap
        Where each question's answer is in the raw table.
    date_formats : tuple of str
        ``strptime`` formats accepted for ``date`` questions.
    only : callable
        Check only the questions it accepts (identifiers are checked before they are hashed).
    """
    compiler = _Compiler(schema, columns, date_formats)
    questions = [q for name in columns.answers if only(q := schema.question(name))]
    reasons = [r for q in questions if (r := compiler.reason(q))]
    flags = [f for q in questions for f in compiler.flag(q)]
    return Checks(compiler.gates, _list(reasons), _list(flags))


def _list(items: list[str]) -> str:
    # concat_ws skips NULLs: one string per row, split only where something was found, is
    # several times faster than filtering a list of ~100 mostly-NULL items on every row.
    if not items:
        return "CAST([] AS VARCHAR[])"
    joined = "concat_ws(chr(10), " + ", ".join(items) + ")"
    return f"list_filter(string_split({joined}, chr(10)), lambda x: x <> '')"
