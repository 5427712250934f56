"""The faster SQL forms (``selected`` as a substring test, multi-choice lists as a regular
expression, long numbers formatted once) give the answers of the Python evaluator."""

from __future__ import annotations

import duckdb
import pytest

from safemig.ingest.sqlexpr import compile_expression, compile_text
from safemig.instrument.expression import parse_expression, to_text

# Spaces only: the Python evaluator also splits on tabs and newlines, the SQL (before and
# after this change) on spaces; exports separate choices with single spaces.
VALUES = ["a b", " b ", "ab", "a  b", "b", "bb", "", "c b", "a-b", None, "x.b b.x", "b.x"]


def _one(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> object:
    row = con.execute(sql, list(params)).fetchone()
    assert row is not None
    return row[0]


@pytest.mark.parametrize(
    "text",
    [
        "selected(${x}, 'b')",
        "selected(${x}, 'b.x')",
        "selected(${x}, 'a-b')",
        "count-selected(${x}) = 2",
        "not(selected(${x}, 'b')) and selected(${x}, 'a')",
    ],
)
def test_boolean_forms_agree_with_python(text: str) -> None:
    expression = parse_expression(text)
    sql = compile_expression(expression, {"x": "x"})
    con = duckdb.connect()
    got = [_one(con, f"SELECT {sql} FROM (SELECT ?::VARCHAR AS x)", v) for v in VALUES]
    assert got == [expression.holds({"x": v}) for v in VALUES]


def test_long_number_text_agrees_with_python() -> None:
    text = (
        "if(selected(${x}, 'a') or selected(${x}, 'b') or selected(${x}, 'c') or "
        "selected(${x}, 'd'), 1, 0) + count-selected(${x}) div 2"
    )
    expression = parse_expression(text)
    sql = compile_text(expression, {"x": "x"})
    assert "list_transform" in sql  # long enough to be evaluated once
    con = duckdb.connect()
    got = [_one(con, f"SELECT {sql} FROM (SELECT ?::VARCHAR AS x)", v) for v in VALUES]
    assert got == [to_text(expression.evaluate({"x": v})) for v in VALUES]


def _one_question_form(question, names: list[str]):
    """A form with ``question`` alone and its choice list ``l`` holding ``names``."""
    from safemig.instrument.schema import Choice, FormSchema

    return FormSchema(
        form_id="f",
        title="t",
        version="1",
        default_language="en",
        languages=("en",),
        questions=(question,),
        groups=(),
        choices={"l": tuple(Choice(name=n, labels={}) for n in names)},
    )


def test_multiple_choice_list_check_agrees_with_token_split() -> None:
    """A select_multiple answer is valid when every space-separated token is a choice."""
    from safemig.ingest.validate import _tokens_of
    from safemig.instrument.schema import Question

    names = ["a", "b.x", "c-d", "(e)"]
    question = Question(name="q", type="select_multiple", path=(), labels={}, list_name="l")
    schema = _one_question_form(question, names)
    pattern = _tokens_of(question, schema)
    answers = ["a", "a b.x", " a  (e) ", "bax", "ab.x", "a b", "c-d c-d", "(e)a", "", "   "]
    con = duckdb.connect()
    got = [_one(con, "SELECT regexp_full_match(trim(?), ?)", v, pattern) for v in answers]
    assert got == [all(t in names for t in v.split(" ") if t) for v in answers]


@pytest.mark.parametrize("names", [["yes", "no"], ["l'autre", "a b", "NULL"], []])
def test_single_choice_check_agrees_with_list_membership(names: list[str]) -> None:
    """A select_one answer breaks its list exactly when it is not one of the names."""
    from safemig.ingest.columns import ColumnMap
    from safemig.ingest.validate import compile_checks
    from safemig.instrument.schema import Question

    question = Question(name="q", type="select_one", path=(), labels={}, list_name="l")
    schema = _one_question_form(question, names)
    columns = ColumnMap(answers={"q": '"q"'}, key="", parent_key="", meta={}, extra=(), missing=())
    checks = compile_checks(schema, columns)
    answers = ["yes", "no", "YES", " yes", "l'autre", "a b", "NULL", "x", "", None]
    con = duckdb.connect()
    con.execute("CREATE TABLE t (q VARCHAR, n INTEGER)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [[a, i] for i, a in enumerate(answers)])
    got = [r[0] for r in con.execute(f"SELECT {checks.reasons} FROM t ORDER BY n").fetchall()]
    assert [len(r) for r in got] == [int(bool(a) and a not in names) for a in answers]
    shown = [[f"q: not in the choice list 'l': '{a}'"] for a in answers]
    assert all(r == m for r, m in zip(got, shown, strict=True) if r)
