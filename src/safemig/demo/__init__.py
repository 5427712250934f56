"""Synthetic survey generator: clearly labelled fake data shaped like the programme's survey."""

from __future__ import annotations

from typing import Any

from safemig.lazy import load_lazily

__all__ = [
    "SyntheticSurvey",
    "central_table",
    "generate_survey",
    "kobo_table",
    "population_table",
    "write_survey",
]

_HOME = {
    "SyntheticSurvey": "survey",
    "generate_survey": "survey",
    "central_table": "exports",
    "kobo_table": "exports",
    "population_table": "exports",
    "write_survey": "exports",
}


def __getattr__(name: str) -> Any:
    # NumPy and Arrow load on first use, so the command line starts fast.
    return load_lazily(__name__, _HOME, name)
