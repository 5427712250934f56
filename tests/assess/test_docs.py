"""docs/assess.md documents every step, option, file field, lesson and dashboard function,
in English and in French."""

from __future__ import annotations

from pathlib import Path

from safemig.assess import builtin_checklist
from safemig.assess.schema import ABOUT_KEYS, ACTIVITY_KEYS, ANSWER_KEYS, CRITERION_KEYS
from safemig.cli import build_parser

DOCS = (Path(__file__).parents[2] / "docs" / "assess.md").read_text(encoding="utf-8")
ENGLISH, FRENCH = DOCS.split("## Français")


def _steps() -> dict:
    assess = build_parser()._subparsers._group_actions[0].choices["assess"]  # type: ignore[union-attr]
    return assess._subparsers._group_actions[0].choices


def test_every_step_and_option_is_documented_in_both_languages():
    steps = _steps()
    assert set(steps) == {"template", "check", "record", "history", "report"}
    options = {o for s in steps.values() for a in s._actions for o in a.option_strings}
    options -= {"-h", "--help"}
    for part in (ENGLISH, FRENCH):
        assert [s for s in steps if f"safemig assess {s}" not in part] == []
        assert [o for o in sorted(options) if f"`{o}" not in part and f" {o} " not in part] == []


def test_every_field_lesson_and_function_is_documented_in_both_languages():
    names = [
        *CRITERION_KEYS,
        *ABOUT_KEYS,
        *ANSWER_KEYS,
        *ACTIVITY_KEYS,
        *(lesson.id for lesson in builtin_checklist().lessons),
        "not_started",
        "partly",
        "fully",
        "not_applicable",
        "form_description",
        "parse_form",
        "answers_from_form",
        "save_form",
        "render_assessment_fragment",
    ]
    for part in (ENGLISH, FRENCH):
        assert [n for n in names if f"`{n}" not in part] == []
