"""The demonstration's two EXAMPLE assessments of the demo programme (made up, labelled as
examples): saved in the demo project's history in order, then rendered as a report that shows
the change from the first to the second."""

from __future__ import annotations

from pathlib import Path

from safemig.assess.build import build_assessment_report
from safemig.assess.files import builtin_checklist, load_answers
from safemig.assess.history import save_assessment

EXAMPLES = Path(__file__).parent / "examples"
EXAMPLE_FILES = ("demo-first.yaml", "demo-second.yaml")


def build_demo_assessment(project_root: str | Path, out: str | Path) -> Path:
    """Save both examples in ``project_root``'s history and write their report to ``out``
    (``out/<language>/assessment.html`` and ``.pdf``); return ``out``."""
    checklist = builtin_checklist()
    for name in EXAMPLE_FILES:
        example = load_answers(EXAMPLES / name, checklist)
        save_assessment(project_root, example, example.saved_by, example.saved_at)
    build_assessment_report(project_root, out)
    return Path(out)
