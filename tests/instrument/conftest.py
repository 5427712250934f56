"""Fixtures for the question-bank tests: the shipped bank and the full survey form."""

from __future__ import annotations

import pytest

from safemig.instrument import build_form, load_bank, schema_from_sheets


@pytest.fixture(scope="session")
def bank():
    return load_bank()


@pytest.fixture(scope="session")
def survey_sheets(bank):
    return build_form(bank, version="2025010101")


@pytest.fixture(scope="session")
def survey_schema(survey_sheets):
    return schema_from_sheets(survey_sheets)
