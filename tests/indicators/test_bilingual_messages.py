"""Every error the catalogue and disclosure modules raise carries English and French, and
every catalogue field is documented in docs/indicators.md in both languages."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import safemig.errors as errors
from safemig.indicators.schema import INDICATOR_KEYS, TOP_KEYS

ROOT = Path(__file__).parents[2]
SRC = ROOT / "src" / "safemig"
MODULES = [*sorted((SRC / "indicators").glob("*.py")), SRC / "disclosure.py"]
ERRORS = {n for n, o in inspect.getmembers(errors, inspect.isclass) if issubclass(o, Exception)}


def _raises(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        call = node.exc if isinstance(node, ast.Raise) else None
        if isinstance(call, ast.Call) and getattr(call.func, "id", "") in ERRORS:
            yield call


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_raised_messages_are_bilingual(path):
    for call in _raises(path):
        first = call.args[0]
        name = getattr(first.func, "id", "") or getattr(first.func, "attr", "")
        assert name in ("Text", "say", "at"), f"{path.name}:{call.lineno}"


def test_modules_raise_errors():
    assert sum(len(list(_raises(p))) for p in MODULES) >= 20


@pytest.mark.parametrize("field", sorted(TOP_KEYS | INDICATOR_KEYS))
def test_every_catalogue_field_is_documented_in_both_languages(field):
    doc = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    english, french = doc.split("# Indicateurs (français)")
    assert f"`{field}`" in english and f"`{field}`" in french
