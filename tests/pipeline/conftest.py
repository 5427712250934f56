"""A demonstration project on a small synthetic survey, built and run once per session.

Tests that change a project work on a copy (``project_copy``) so the session's run stays as it
was. 330 women keep the ingest quick while leaving cells both published and suppressed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from safemig.demo import generate_survey
from safemig.demo.project import build_demo_project
from safemig.demo.survey import SyntheticSurvey
from safemig.pipeline import RunSummary, run_project
from safemig.project import Project, load_project

SIZE = 330


@dataclass(frozen=True)
class RanProject:
    project: Project
    survey: SyntheticSurvey
    summary: RunSummary


@pytest.fixture(scope="session")
def ran_project(tmp_path_factory: pytest.TempPathFactory) -> RanProject:
    survey = generate_survey(size=SIZE)
    project = build_demo_project(tmp_path_factory.mktemp("demo") / "project", survey)
    return RanProject(project, survey, run_project(project))


@pytest.fixture
def project_copy(ran_project: RanProject, tmp_path: Path) -> Project:
    """A copy of the session's project, already run once (results and store in place).

    The copy builds no products (``formats = []``): the session's run already built them
    once, and each build takes the better part of a minute.
    """
    target = tmp_path / "project"
    shutil.copytree(ran_project.project.root, target)
    without_products(target)
    return load_project(target)


def without_products(root: Path) -> None:
    """Set ``[outputs] formats = []`` in a project's ``safemig.toml``."""
    toml = root / "safemig.toml"
    text = toml.read_text(encoding="utf-8")
    line = 'formats = ["html", "pdf", "xlsx", "sdmx", "brief", "cards"]'
    assert line in text
    toml.write_text(text.replace(line, "formats = []"), encoding="utf-8")
