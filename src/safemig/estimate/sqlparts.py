"""Small SQLGlot builders shared by the compiler (quoted columns, sums, conditionals)."""

from __future__ import annotations

import sqlglot
from sqlglot import exp

USER_DIALECT = "duckdb"  # the dialect users write conditions and derived variables in
_PARSED: dict[str, exp.Expr] = {}
_PARSED_LIMIT = 4096


def col(name: str, table: str | None = None) -> exp.Column:
    """A quoted column reference (user column names may hold dots or spaces)."""
    return exp.column(name, table=table, quoted=True)


def alias(expression: exp.Expr, name: str) -> exp.Expr:
    """``expression AS "name"``, taking ``expression`` itself (not a copy) into the alias.

    Builders make fresh nodes for every query, so copying them again only costs time (a
    catalogue compiles thousands of columns); a node shared between queries must be copied
    by the caller.
    """
    return exp.alias_(expression, name, quoted=True, copy=False)


def as_double(expression: exp.Expr) -> exp.Cast:
    # Built directly: DataType.build("DOUBLE") parses SQL text on every call.
    return exp.Cast(this=expression, to=exp.DataType(this=exp.DataType.Type.DOUBLE))


def is_not_null(expression: exp.Expr) -> exp.Not:
    return exp.Not(this=exp.Is(this=expression.copy(), expression=exp.Null()))


def is_null(expression: exp.Expr) -> exp.Is:
    return exp.Is(this=expression.copy(), expression=exp.Null())


def when(condition: exp.Expr, value: exp.Expr, default: float = 0) -> exp.Case:
    """``CASE WHEN condition THEN value ELSE default END`` (NULL conditions take the default)."""
    return exp.Case(
        ifs=[exp.If(this=condition.copy(), true=value.copy())],
        default=as_double(exp.Literal.number(default)),
    )


def total(expression: exp.Expr) -> exp.Sum:
    return exp.Sum(this=expression)


def count_positive(expression: exp.Expr) -> exp.Count:
    """``COUNT(CASE WHEN expression > 0 THEN 1 END)``."""
    return exp.Count(
        this=exp.Case(
            ifs=[
                exp.If(
                    this=exp.GT(this=expression, expression=exp.Literal.number(0)),
                    true=exp.Literal.number(1),
                )
            ]
        )
    )


def mul(*factors: exp.Expr) -> exp.Expr:
    result = factors[0].copy()
    for f in factors[1:]:
        result = exp.Mul(this=result, expression=f.copy())
    return result


def paren_and(*conditions: exp.Expr) -> exp.Expr:
    return exp.and_(*(exp.Paren(this=c.copy()) for c in conditions))


def parse_user(text: str) -> exp.Expr:
    """``text`` (DuckDB SQL) parsed by SQLGlot, from a cache of recent texts; a fresh copy.

    A catalogue's derived variables are long expressions parsed when the catalogue compiles
    and again when the engine checks them; parsing them dominated the catalogue's time.
    Raises ``sqlglot.errors.ParseError`` like ``sqlglot.parse_one``.
    """
    tree = _PARSED.get(text)
    if tree is None:
        tree = sqlglot.parse_one(text, read=USER_DIALECT)
        remember(text, tree)
    return tree.copy()


def remember(text: str, tree: exp.Expr) -> None:
    """Record that ``text`` parses to ``tree`` (e.g. SQL just generated from ``tree``)."""
    if len(_PARSED) >= _PARSED_LIMIT:
        _PARSED.clear()
    _PARSED[text] = tree.copy()
