"""Fixtures of the assessment tests: a small checklist scored by hand, answer sets, and a
project folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from safemig.assess import Checklist, builtin_checklist, load_checklist
from safemig.assess.schema import validate_answers

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).parents[2] / "src" / "safemig" / "assess" / "examples"


@pytest.fixture(scope="session")
def small() -> Checklist:
    return load_checklist(DATA / "small_checklist.yaml")


@pytest.fixture(scope="session")
def builtin() -> Checklist:
    return builtin_checklist()


def small_answers(**statuses: Any) -> dict[str, Any]:
    """An answers mapping for the small checklist; keyword names use _ for the dot."""
    answers: dict[str, Any] = {}
    for key, status in statuses.items():
        criterion = key.replace("__", ".")
        answers[criterion] = (
            {"status": status, "reason": "Does not apply here."}
            if status == "not_applicable"
            else status
        )
    return {"assessment": {"programme": "Test programme", "checklist": "small"}, "answers": answers}


#: Set 1: alpha (1 + ½ + 0)/3 = ½; beta: b1 not applicable, b2 ½/1 = ½; overall 2/4 = ½.
SET_ONE = small_answers(
    alpha__one="fully",
    alpha__two="partly",
    alpha__three="not_started",
    beta__one="not_applicable",
    beta__two="partly",
)


def assessment_of(data: dict[str, Any], checklist: Checklist, source: str = "test.yaml"):
    return validate_answers(data, source, checklist)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    from safemig.project import init_project

    return init_project(tmp_path / "programme").root


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
