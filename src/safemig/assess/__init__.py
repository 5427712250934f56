"""Programme self-assessment: is this programme gender-responsive, and what is missing?

A checklist (data: ``checklist.yaml``, English and French) groups criteria by the seven
lessons of the Niger programme and tags them with the GCM guiding principles. A programme
answers each criterion (not started, partly, fully, or not applicable with a reason) in a
YAML or Excel file or the dashboard form and declares its activities; answers are saved with
who and when in ``<project>/assessments/history``; the report scores each lesson, ranks the
gaps with their recommended actions, maps GCM objectives against the project's indicators and
activities, and shows the change from the previous assessment. See ``docs/assess.md``.

>>> from safemig.assess import builtin_checklist
>>> len(builtin_checklist().lessons)
7
"""

from __future__ import annotations

from safemig.assess.build import build_assessment_report
from safemig.assess.coverage import CoverageMatrix, coverage_matrix, project_catalogues
from safemig.assess.files import builtin_checklist, load_answers, load_checklist
from safemig.assess.history import compare, latest_two, load_history, save_assessment
from safemig.assess.model import Activity, Answer, Assessment, Checklist, Criterion
from safemig.assess.scoring import Score, Scorecard, score_assessment
from safemig.assess.template import write_template

__all__ = [
    "Activity",
    "Answer",
    "Assessment",
    "Checklist",
    "CoverageMatrix",
    "Criterion",
    "Score",
    "Scorecard",
    "build_assessment_report",
    "builtin_checklist",
    "compare",
    "coverage_matrix",
    "latest_two",
    "load_answers",
    "load_checklist",
    "load_history",
    "project_catalogues",
    "save_assessment",
    "score_assessment",
    "write_template",
]
