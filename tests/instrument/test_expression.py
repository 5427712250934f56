"""The XPath subset: values compare as ODK does, and unreadable expressions are refused."""

from __future__ import annotations

import pytest

from safemig.errors import ExpressionError
from safemig.instrument import parse_expression


@pytest.mark.parametrize(
    ("text", "values", "current", "expected"),
    [
        ("${age} >= 18", {"age": "30"}, None, True),
        ("${age} >= 18", {"age": "9"}, None, False),
        ("${age} >= 18", {"age": ""}, None, False),
        ("${a} = 'yes' or ${b} = 'yes'", {"a": "no", "b": "yes"}, None, True),
        ("${got} != 'fully'", {}, None, True),
        ("selected(${s}, 'radio')", {"s": "family radio"}, None, True),
        ("selected(${s}, 'radi')", {"s": "family radio"}, None, False),
        ("not(selected(., 'refused') and count-selected(.) > 1)", {}, "refused smuggler", False),
        ("not(selected(., 'refused') and count-selected(.) > 1)", {}, "refused", True),
        (". >= 0 and . < ${amount}", {"amount": "100"}, "99", True),
        (". >= 0 and . < ${amount}", {"amount": "100"}, "100", False),
        ("regex(., '^EA-[0-9]{4,6}$')", {}, "EA-0412", True),
        ("regex(., '^EA-[0-9]{4,6}$')", {}, "EA-12", False),
        ("selected(${s}, .)", {"s": "cso radio"}, "cso", True),
        ("-2 * 3 + 7 = 1", {}, None, True),
        ("7 div 2 = 3.5 and 7 mod 2 = 1", {}, None, True),
    ],
)
def test_evaluation_follows_xpath(text, values, current, expected):
    assert parse_expression(text).holds(values, current) is expected


def test_calculation_returns_numbers_written_like_odk():
    expression = parse_expression("if(${a} = 'false', 1, 0) + if(${b} = 'true', 1, 0)")
    assert expression.evaluate({"a": "false", "b": "true"}) == 2.0
    assert expression.references == frozenset({"a", "b"})


@pytest.mark.parametrize("text", ["${a} =", "foo(1)", "1 2", "${a} # 3", "(1 + 2"])
def test_unreadable_expressions_raise_expression_error(text):
    with pytest.raises(ExpressionError):
        parse_expression(text)
