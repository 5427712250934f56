"""docs/narrative.md documents every rule and every lint-text option, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from safemig.cli import build_parser
from safemig.narrative import bundled_rules

DOCS = (Path(__file__).parents[2] / "docs" / "narrative.md").read_text(encoding="utf-8")
ENGLISH, FRENCH = DOCS.split("\n## Français\n")


def _lint_text_options() -> list[str]:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    return [
        option
        for action in commands["lint-text"]._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ]


@pytest.mark.parametrize("section", [ENGLISH, FRENCH], ids=["en", "fr"])
def test_every_rule_id_is_documented(section):
    assert [r.id for r in bundled_rules() if f"`{r.id}`" not in section] == []


@pytest.mark.parametrize("section", [ENGLISH, FRENCH], ids=["en", "fr"])
def test_every_option_is_documented(section):
    options = _lint_text_options()
    assert set(options) == {"--format", "--lang", "--text-lang"}
    assert [o for o in options if f"`{o} " not in section] == []
