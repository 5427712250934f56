"""Every ``safemig weight`` step describes itself in English and in French."""

from __future__ import annotations

import argparse

import pytest

from safemig.cli import weight

STEPS = ("base", "nonresponse", "calibrate", "trim", "replicates", "report")
FRENCH = {
    "base": "Poids de base",
    "nonresponse": "non-répondantes",
    "calibrate": "poids calé",
    "trim": "écrêtées",
    "replicates": "poids répliqués",
    "report": "rapport HTML",
}


def _parsers() -> dict[str, argparse.ArgumentParser]:
    root = argparse.ArgumentParser()
    weight.register(root.add_subparsers())
    (command,) = [a for a in root._actions if isinstance(a, argparse._SubParsersAction)]
    parser = command.choices["weight"]
    (steps,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {"weight": parser, **steps.choices}


@pytest.mark.parametrize("step", STEPS)
def test_step_description_is_bilingual(step):
    description = _parsers()[step].description or ""
    english, _, french = description.partition(" / ")
    assert english and french, description
    assert FRENCH[step] in french


def test_command_description_is_bilingual():
    assert "Calcule les poids pas à pas" in (_parsers()["weight"].description or "")
