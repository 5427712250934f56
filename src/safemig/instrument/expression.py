"""Read and evaluate the XPath subset that XLSForm relevance, constraint and calculation use.

ODK Collect and Enketo evaluate these expressions on the phone; safemig evaluates the same
expressions on exported data, to check that answers obey the form (and, for the printable
questionnaire, to name the questions a skip depends on). Semantics follow XPath 1.0 as the
ODK XForms specification uses it: a question's value is a string ('' when unanswered);
``=`` compares as numbers when one side is a number, otherwise as strings; ``<``/``>`` always
compare numbers; an unparseable number is NaN and every comparison with NaN is false.

Supported: ``${name}``, ``.``, numbers, quoted strings, ``and or = != < <= > >= + - * div mod``,
parentheses, and the functions in :data:`FUNCTIONS`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from safemig.errors import ExpressionError

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?|\.\d+)|(?P<str>'[^']*'|\"[^\"]*\")|\$\{(?P<ref>[A-Za-z_][\w.-]*)\}"
    r"|(?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)|(?P<name>[A-Za-z_][\w-]*)|(?P<dot>\.))"
)
_BINARY = {"or": 1, "and": 2, "=": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4}
_BINARY |= {"+": 5, "-": 5, "*": 6, "div": 6, "mod": 6}

Node = tuple[Any, ...]
Value = str | float | bool


def tokenize(text: str) -> list[tuple[str, str]]:
    """Split an expression into ``(kind, text)`` tokens; ExpressionError on a stray character."""
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise ExpressionError(f"cannot read {text!r} at character {position + 1}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class _Parser:
    """Pratt parser over the token list (precedence in ``_BINARY``)."""

    def __init__(self, text: str) -> None:
        self.text, self.tokens, self.index = text, tokenize(text), 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.index] if self.index < len(self.tokens) else ("end", "")

    def take(self, expected: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token[0] == "end" or (expected is not None and token[1] != expected):
            raise ExpressionError(f"in {self.text!r}: expected {expected or 'a value'}, found end")
        self.index += 1
        return token

    def expression(self, min_power: int = 0) -> Node:
        left = self.operand()
        while True:
            kind, text = self.peek()
            power = _BINARY.get(text) if kind in ("op", "name") else None
            if power is None or power <= min_power:
                return left
            self.index += 1
            left = ("bin", text, left, self.expression(power))

    def operand(self) -> Node:
        kind, text = self.take()
        if kind == "num":
            return ("num", float(text))
        if kind == "str":
            return ("str", text[1:-1])
        if kind == "ref":
            return ("ref", text)
        if kind == "dot":
            return ("dot",)
        if text == "-":
            return ("neg", self.expression(6))
        if text == "(":
            inner = self.expression()
            self.take(")")
            return inner
        if kind == "name" and self.peek()[1] == "(":
            return self.call(text)
        raise ExpressionError(f"in {self.text!r}: unexpected {text!r}")

    def call(self, function: str) -> Node:
        if function not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            raise ExpressionError(
                f"in {self.text!r}: unknown function {function}(); known: {known}"
            )
        self.take("(")
        args: list[Node] = []
        while self.peek()[1] != ")":
            args.append(self.expression())
            if self.peek()[1] == ",":
                self.index += 1
        self.take(")")
        return ("call", function, tuple(args))


def to_number(value: Value) -> float:
    """XPath ``number()``: NaN for '' and for text that is not a number."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    try:
        return float(value.strip()) if value.strip() else math.nan
    except ValueError:
        return math.nan


def to_boolean(value: Value) -> bool:
    """XPath ``boolean()``: non-empty strings and non-zero numbers are true."""
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return bool(value)


def to_text(value: Value) -> str:
    """XPath ``string()``, writing whole numbers without a decimal point as ODK does."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return str(int(value)) if value.is_integer() else repr(value)
    return value


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return to_boolean(left) == to_boolean(right)
    if isinstance(left, float) or isinstance(right, float):
        return to_number(left) == to_number(right)
    return left == right


_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "div": lambda a, b: a / b if b else math.nan,
    "mod": lambda a, b: math.fmod(a, b) if b else math.nan,
}

FUNCTIONS: dict[str, Callable[..., Value]] = {
    "selected": lambda a, b: to_text(b) in to_text(a).split(),
    "count-selected": lambda a: float(len(to_text(a).split())),
    "not": lambda a: not to_boolean(a),
    "if": lambda c, a, b: a if to_boolean(c) else b,
    "string-length": lambda a: float(len(to_text(a))),
    "regex": lambda a, p: re.search(to_text(p), to_text(a)) is not None,
    "number": to_number,
    "string": to_text,
    "boolean": to_boolean,
    "true": lambda: True,
    "false": lambda: False,
    "concat": lambda *a: "".join(to_text(x) for x in a),
    "coalesce": lambda a, b: a if to_text(a) else b,
    "int": lambda a: float(math.trunc(to_number(a))) if math.isfinite(to_number(a)) else math.nan,
}


@dataclass(frozen=True)
class Expression:
    """A parsed XLSForm expression.

    Attributes
    ----------
    text : str
        The expression as written in the form.
    tree : tuple
        The parsed syntax tree (nested tuples).
    references : frozenset of str
        Question names referenced as ``${name}``.

    Examples
    --------
    >>> parse_expression("${age} >= 18").evaluate({"age": "30"})
    True
    """

    text: str
    tree: Node
    references: frozenset[str]

    def evaluate(self, values: Mapping[str, str | None], current: str | None = None) -> Value:
        """Evaluate with question values (strings; None or '' when unanswered) and ``.``."""
        return _evaluate(self.tree, values, current or "")

    def holds(self, values: Mapping[str, str | None], current: str | None = None) -> bool:
        """Evaluate and convert to a boolean (for relevance and constraints)."""
        return to_boolean(self.evaluate(values, current))


def _evaluate(node: Node, values: Mapping[str, str | None], current: str) -> Value:
    kind = node[0]
    if kind in ("num", "str"):
        return node[1]
    if kind == "ref":
        return values.get(node[1]) or ""
    if kind == "dot":
        return current
    if kind == "neg":
        return -to_number(_evaluate(node[1], values, current))
    if kind == "call":
        return FUNCTIONS[node[1]](*(_evaluate(arg, values, current) for arg in node[2]))
    return _binary(node[1], node[2], node[3], values, current)


def _binary(op: str, left: Node, right: Node, values: Mapping[str, str | None], cur: str) -> Value:
    if op == "and":
        return to_boolean(_evaluate(left, values, cur)) and to_boolean(
            _evaluate(right, values, cur)
        )
    if op == "or":
        return to_boolean(_evaluate(left, values, cur)) or to_boolean(_evaluate(right, values, cur))
    a, b = _evaluate(left, values, cur), _evaluate(right, values, cur)
    if op == "=":
        return _equal(a, b)
    if op == "!=":
        return not _equal(a, b)
    if op in _COMPARE:
        return _COMPARE[op](to_number(a), to_number(b))
    return _ARITHMETIC[op](to_number(a), to_number(b))


def _references(node: Node) -> set[str]:
    if node[0] == "ref":
        return {node[1]}
    children = node[2] if node[0] == "call" else [c for c in node[1:] if isinstance(c, tuple)]
    return set().union(*(_references(child) for child in children))


def parse_expression(text: str) -> Expression:
    """Parse an XLSForm expression.

    Parameters
    ----------
    text : str
        A relevance, constraint or calculation, e.g. ``"selected(${sources}, 'radio')"``.

    Returns
    -------
    Expression

    Raises
    ------
    ExpressionError
        When the text is not an expression safemig can read.
    """
    parser = _Parser(text)
    tree = parser.expression()
    if parser.peek()[0] != "end":
        raise ExpressionError(
            f"in {text!r}: unexpected {parser.peek()[1]!r} after a complete value"
        )
    return Expression(text=text, tree=tree, references=frozenset(_references(tree)))
