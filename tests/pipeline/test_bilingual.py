"""Every error the project file, the pipeline and `safemig run` raise carries its French twin."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.test_bilingual_errors import SRC, _raises

MODULES = [
    SRC / "project.py",
    SRC / "project_toml.py",
    SRC / "project_sections.py",
    *sorted((SRC / "pipeline").glob("*.py")),
]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_every_raised_message_is_bilingual(path: Path):
    for call, allowed in _raises(path):
        first = call.args[0] if call.args else None
        assert isinstance(first, ast.Call), f"{path.name}:{call.lineno}"
        assert getattr(first.func, "id", "") in allowed, f"{path.name}:{call.lineno}"


def test_these_modules_do_raise():
    assert sum(len(list(_raises(p))) for p in MODULES) >= 10
