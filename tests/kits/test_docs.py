"""docs/kits.md documents every kit option, front-matter field and directory column, twice."""

from __future__ import annotations

from pathlib import Path

from safemig.cli import build_parser
from safemig.kits.directory import _COLUMNS, SERVICE_TYPES
from safemig.kits.topics import _REQUIRED

DOCS = (Path(__file__).parents[2] / "docs" / "kits.md").read_text(encoding="utf-8")
ENGLISH, FRENCH = DOCS.split("## Français")


def _kit_options() -> set[str]:
    kit = build_parser()._subparsers._group_actions[0].choices["kit"]  # type: ignore[union-attr]
    commands = kit._subparsers._group_actions[0].choices
    return {
        o
        for c in commands.values()
        for a in c._actions
        for o in a.option_strings
        if o.startswith("--") and o != "--help"
    }


def test_every_kit_option_is_documented_in_both_languages() -> None:
    options = _kit_options()
    assert "--min-ease" in options and "--site-url" in options
    for part in (ENGLISH, FRENCH):
        assert [o for o in sorted(options) if f"`{o}" not in part] == []


def test_every_field_column_and_type_is_documented_in_both_languages() -> None:
    names = [*_REQUIRED, *_COLUMNS, *SERVICE_TYPES, "name:<", "hours:<"]
    for part in (ENGLISH, FRENCH):
        assert [n for n in names if f"`{n}" not in part] == []
