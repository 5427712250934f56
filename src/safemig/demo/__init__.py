"""Synthetic survey generator: clearly labelled fake data shaped like the programme's survey."""

from safemig.demo.exports import central_table, kobo_table, population_table, write_survey
from safemig.demo.survey import SyntheticSurvey, generate_survey

__all__ = [
    "SyntheticSurvey",
    "central_table",
    "generate_survey",
    "kobo_table",
    "population_table",
    "write_survey",
]
