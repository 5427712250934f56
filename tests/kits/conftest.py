"""Fixtures for the information kits: one full build shared by the build and browser tests."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from safemig.kits import STARTER_LIBRARY, build_kits

DATA = Path(__file__).parent / "data"
ESTIMATES = DATA / "estimates-synthetic.csv"
#: A fixed "today" a few weeks after the example entries were verified.
TODAY = dt.date(2026, 11, 28)
LANGUAGES = ("en", "fr")
REGIONS = ("niamey", "zinder", "agadez")


@pytest.fixture(scope="session")
def starter_build(tmp_path_factory: pytest.TempPathFactory):
    """Every starter topic built in English and French for the three regions, with evidence."""
    out = tmp_path_factory.mktemp("kits")
    return build_kits(
        out, LANGUAGES, REGIONS, estimates=ESTIMATES, estimates_synthetic=True, today=TODAY
    )


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    """A writable copy of the starter library, for tests that change content."""
    target = tmp_path / "library"
    shutil.copytree(STARTER_LIBRARY, target)
    return target
