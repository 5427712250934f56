"""Everything a user reads exists in English and French: every error the estimation engine
and the design raise carries its French twin, and the command line prints the chosen one."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import safemig.errors as errors
from safemig.cli import main
from safemig.i18n import Text, say, user_language

SRC = Path(__file__).parents[1] / "src" / "safemig"
BILINGUAL_MODULES = [
    SRC / "design.py",
    SRC / "cli" / "estimate.py",
    *sorted((SRC / "estimate").rglob("*.py")),
    *sorted((SRC / "weights").rglob("*.py")),
    *sorted((SRC / "assess").rglob("*.py")),
]
ERROR_NAMES = {
    name
    for name, obj in inspect.getmembers(errors, inspect.isclass)
    if issubclass(obj, errors.SafemigError)
}
APISTRAT = str(Path(__file__).parent / "golden" / "data" / "apistrat.csv")


def _raises(path: Path):
    """Each raise of a safemig error, with the names of the enclosing function's parameters
    annotated as returning Text (message builders passed in, such as ``invalid``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    builders: dict[int, set[str]] = {}
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef):
            names = {
                a.arg
                for a in func.args.args
                if a.annotation is not None and "Text" in ast.unparse(a.annotation)
            }
            for node in ast.walk(func):
                builders.setdefault(id(node), set()).update(names)
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            if isinstance(func, ast.Name) and func.id in ERROR_NAMES:
                yield node.exc, {"Text", "say", *builders.get(id(node), set())}


@pytest.mark.parametrize("path", BILINGUAL_MODULES, ids=lambda p: p.name)
def test_every_raised_message_is_bilingual(path: Path):
    for call, allowed in _raises(path):
        first = call.args[0] if call.args else None
        assert isinstance(first, ast.Call) and getattr(first.func, "id", "") in allowed, (
            f"{path.name}:{call.lineno} raises {call.func.id} without a Text(en, fr) message"
        )


def test_engine_modules_do_raise_errors():
    assert sum(len(list(_raises(p))) for p in BILINGUAL_MODULES) > 40


def test_cli_prints_the_chosen_language(capsys):
    assert (
        main(["--lang", "fr", "estimate", APISTRAT, "--weights", "pw", "--mean", "api0", "--quiet"])
        == 2
    )
    err = capsys.readouterr().err
    assert err.startswith("safemig: erreur: La colonne 'api0' (moyenne) n'est pas dans les")
    assert "Vouliez-vous dire 'api00'" in err
    assert (
        main(["--lang", "en", "estimate", APISTRAT, "--weights", "pw", "--mean", "api0", "--quiet"])
        == 2
    )
    assert capsys.readouterr().err.startswith("safemig: error: Column 'api0' (mean)")


def test_language_from_environment():
    assert user_language({"SAFEMIG_LANG": "fr"}) == "fr"
    assert user_language({"LANG": "fr_NE.UTF-8"}) == "fr"
    assert user_language({"LANG": "en_GB.UTF-8"}) == "en"
    assert user_language({}) == "en"


def test_text_behaves_as_english_string():
    t = say("{n} rows", "{n} lignes", n=3)
    assert t == "3 rows" and isinstance(t, str) and t.in_language("fr") == "3 lignes"
    assert errors.MissingWeightError(Text("a", "b")).message("fr") == "b"
    assert errors.MissingWeightError("plain").message("fr") == "plain"
