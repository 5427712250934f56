"""The synthetic survey (1,320 women) and its catalogue results, computed once."""

from __future__ import annotations

import pyarrow as pa
import pytest

from safemig.demo import central_table, generate_survey
from safemig.demo.engine_demo import DEMO_DESIGN
from safemig.indicators import IndicatorResults, builtin_catalogue, estimate_catalogue


@pytest.fixture(scope="session")
def survey() -> pa.Table:
    return central_table(generate_survey(size=1320))


@pytest.fixture(scope="session")
def survey_results(survey: pa.Table) -> IndicatorResults:
    return estimate_catalogue(survey, DEMO_DESIGN, builtin_catalogue("gender_migration"))
