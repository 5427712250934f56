"""docs/weights.md documents every calibration option and every `safemig weight` step in
English and in French, and every option of the steps in English."""

from __future__ import annotations

import argparse
from pathlib import Path

from safemig.cli import build_parser

DOCS = (Path(__file__).parents[2] / "docs" / "weights.md").read_text(encoding="utf-8")
ENGLISH, FRENCH = DOCS.split("\n## Français\n")
CALIBRATION = (
    "--poststratify",
    "--rake",
    "--calibrate",
    "--calibrate-method",
    "--bounds",
    "--trim",
    "--calibrate-maxit",
    "--calibrate-epsilon",
)


def _steps() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    weight = commands.choices["weight"]
    steps = next(a for a in weight._actions if isinstance(a, argparse._SubParsersAction))
    return dict(steps.choices)


def test_calibration_options_in_both_languages():
    for option in CALIBRATION:
        assert f"`{option}" in ENGLISH, option
        assert f"`{option}" in FRENCH, option


def test_every_weight_step_and_option_is_documented():
    steps = _steps()
    assert set(steps) == {"base", "nonresponse", "calibrate", "trim", "replicates", "report"}
    for name, parser in steps.items():
        assert f"`{name}" in ENGLISH and f"`{name}" in FRENCH, name
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option not in ("--help", "--output"):
                    assert option in ENGLISH, (name, option)
