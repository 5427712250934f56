"""Compile an XLSForm expression (relevance, constraint, calculation) into DuckDB SQL.

The same tree that :mod:`safemig.instrument.expression` evaluates row by row in Python becomes
one SQL expression, so a million submissions are checked in a vectorised scan. The semantics
are those of the Python evaluator (XPath 1.0 as ODK uses it): an unanswered question is ``''``;
``=`` compares numbers when either side is a number; ``<``/``>`` always compare numbers; a
number that does not parse is NaN (SQL ``NULL`` here) and every comparison with it is false.
Tests check both evaluators agree on the same data.

Each compiled node carries its XPath type: ``str``, ``num`` or ``bool``. Booleans are never
``NULL``; numbers are ``NULL`` for NaN.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from safemig.errors import ExpressionError
from safemig.ingest.columns import literal
from safemig.instrument.expression import Expression, Node

Compiled = tuple[str, str]  # (sql, kind)


def compile_expression(
    expression: Expression, refs: Mapping[str, str], current: str = "NULL"
) -> str:
    """SQL for ``expression`` as a boolean (relevance and constraints).

    Parameters
    ----------
    expression : Expression
    refs : mapping
        Question name to the SQL of its value (text, NULL when empty).
    current : str
        SQL of ``.`` (the question being constrained).

    Examples
    --------
    >>> from safemig.instrument.expression import parse_expression
    >>> compile_expression(parse_expression(". >= 18"), {}, '"age"')
    'coalesce((TRY_CAST(nullif(trim(coalesce("age", \\'\\')), \\'\\') AS DOUBLE) >= 18.0), false)'
    """
    return as_bool(_node(expression.tree, refs, current))


def compile_text(expression: Expression, refs: Mapping[str, str], current: str = "NULL") -> str:
    """SQL for ``expression`` as text (calculations), formatted as ODK writes values."""
    return as_text(_node(expression.tree, refs, current))


def _node(node: Node, refs: Mapping[str, str], current: str) -> Compiled:
    kind = node[0]
    if kind == "num":
        return repr(float(node[1])), "num"
    if kind == "str":
        return literal(node[1]), "str"
    if kind == "ref":
        if node[1] not in refs:
            return "''", "str"  # a question the export lacks reads as unanswered
        return f"coalesce({refs[node[1]]}, '')", "str"
    if kind == "dot":
        return f"coalesce({current}, '')", "str"
    if kind == "neg":
        return f"(-{as_number(_node(node[1], refs, current))})", "num"
    if kind == "call":
        args = [_node(arg, refs, current) for arg in node[2]]
        return _FUNCTIONS[node[1]](*args)
    return _binary(node[1], _node(node[2], refs, current), _node(node[3], refs, current))


def as_number(value: Compiled) -> str:
    """XPath ``number()``: NULL (NaN) for '' and for text that is not a number."""
    sql, kind = value
    if kind == "num":
        return sql
    if kind == "bool":
        return f"(CASE WHEN {sql} THEN 1.0 ELSE 0.0 END)"
    return f"TRY_CAST(nullif(trim({sql}), '') AS DOUBLE)"


def as_bool(value: Compiled) -> str:
    """XPath ``boolean()``: non-empty text and non-zero numbers are true."""
    sql, kind = value
    if kind == "bool":
        return sql
    if kind == "num":
        return f"coalesce({sql} <> 0, false)"
    return f"({sql} <> '')"


def as_text(value: Compiled) -> str:
    """XPath ``string()``: whole numbers without a decimal point, NaN as 'NaN'."""
    sql, kind = value
    if kind == "str":
        return sql
    if kind == "bool":
        return f"(CASE WHEN {sql} THEN 'true' ELSE 'false' END)"
    if len(sql) > _INLINE:
        # The formatting names the number five times: bind a long expression once instead of
        # evaluating it five times per row (a calculation over many answers cost a second per
        # 100,000 rows).
        return f"list_transform([{sql}], lambda n: {_number_text('n')})[1]"
    return _number_text(sql)


#: Longest number expression formatted inline (longer ones are evaluated once, then formatted).
_INLINE = 60


def _number_text(sql: str) -> str:
    return (
        f"(CASE WHEN {sql} IS NULL THEN 'NaN' WHEN {sql} = trunc({sql}) AND abs({sql}) < 1e15 "
        f"THEN CAST(CAST({sql} AS BIGINT) AS VARCHAR) ELSE CAST({sql} AS VARCHAR) END)"
    )


def _equal(a: Compiled, b: Compiled) -> str:
    if "bool" in (a[1], b[1]):
        return f"({as_bool(a)} = {as_bool(b)})"
    if "num" in (a[1], b[1]):
        return f"coalesce({as_number(a)} = {as_number(b)}, false)"
    return f"({a[0]} = {b[0]})"


_ARITHMETIC = {"+": "+", "-": "-", "*": "*"}


def _binary(op: str, a: Compiled, b: Compiled) -> Compiled:
    if op in ("and", "or"):
        return f"({as_bool(a)} {op.upper()} {as_bool(b)})", "bool"
    if op == "=":
        return _equal(a, b), "bool"
    if op == "!=":
        return f"(NOT {_equal(a, b)})", "bool"
    x, y = as_number(a), as_number(b)
    if op in ("<", "<=", ">", ">="):
        return f"coalesce(({x} {op} {y}), false)", "bool"
    if op in _ARITHMETIC:
        return f"({x} {op} {y})", "num"
    if op == "div":
        return f"(CASE WHEN {y} = 0 THEN NULL ELSE {x} / {y} END)", "num"
    if op == "mod":
        return f"(CASE WHEN {y} = 0 THEN NULL ELSE fmod({x}, {y}) END)", "num"
    raise ExpressionError(f"operator {op!r} has no SQL form")


def _tokens(value: Compiled) -> str:
    return f"list_filter(string_split(trim({as_text(value)}), ' '), lambda t: t <> '')"


def _selected(a: Compiled, b: Compiled) -> Compiled:
    """``selected(a, 'x')``: for a literal choice name, one substring test between spaces.

    ``' ' || trim(a) || ' '`` holds `` x `` exactly when ``x`` is one of the space-separated
    tokens of ``trim(a)`` (a name without spaces, not empty): the same answer as splitting into
    a list, without building a list per row (the split was most of the validation's time).
    """
    sql, kind = b
    name = sql[1:-1] if kind == "str" and sql.startswith("'") and sql.endswith("'") else ""
    if name and "'" not in name and " " not in name:
        return f"contains(' ' || trim({as_text(a)}) || ' ', {literal(' ' + name + ' ')})", "bool"
    return f"list_contains({_tokens(a)}, {as_text(b)})", "bool"


def _if(c: Compiled, a: Compiled, b: Compiled) -> Compiled:
    if a[1] == b[1]:
        return f"(CASE WHEN {as_bool(c)} THEN {a[0]} ELSE {b[0]} END)", a[1]
    return f"(CASE WHEN {as_bool(c)} THEN {as_text(a)} ELSE {as_text(b)} END)", "str"


def _coalesce(a: Compiled, b: Compiled) -> Compiled:
    return _if((f"({as_text(a)} <> '')", "bool"), a, b)


_FUNCTIONS: dict[str, Callable[..., Compiled]] = {
    "selected": _selected,
    "count-selected": lambda a: (f"CAST(len({_tokens(a)}) AS DOUBLE)", "num"),
    "not": lambda a: (f"(NOT {as_bool(a)})", "bool"),
    "if": _if,
    "string-length": lambda a: (f"CAST(length({as_text(a)}) AS DOUBLE)", "num"),
    "regex": lambda a, p: (f"regexp_matches({as_text(a)}, {as_text(p)})", "bool"),
    "number": lambda a: (as_number(a), "num"),
    "string": lambda a: (as_text(a), "str"),
    "boolean": lambda a: (as_bool(a), "bool"),
    "true": lambda: ("true", "bool"),
    "false": lambda: ("false", "bool"),
    "concat": lambda *a: (
        ("concat(" + ", ".join(as_text(x) for x in a) + ")", "str") if a else ("''", "str")
    ),
    "coalesce": _coalesce,
    "int": lambda a: (f"trunc({as_number(a)})", "num"),
}
