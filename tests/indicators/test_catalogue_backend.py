"""estimate_catalogue runs on a backend the caller opened, or under a memory cap."""

from __future__ import annotations

import pytest
from sqlglot import parse_one

from safemig.demo.engine_demo import DEMO_DESIGN
from safemig.errors import RequestError
from safemig.estimate.backends import open_backend
from safemig.indicators import builtin_catalogue, estimate_catalogue

CATALOGUE = builtin_catalogue("gender_migration")


def test_memory_cap_and_own_backend_give_the_same_table(survey, survey_results):
    capped = estimate_catalogue(survey, DEMO_DESIGN, CATALOGUE, memory_limit="1GB")
    _same(capped.table, survey_results.table)
    engine = open_backend("duckdb", {"memory_limit": "1GB"})
    try:
        own = estimate_catalogue(survey, DEMO_DESIGN, CATALOGUE, backend=engine)
        query = parse_one("SELECT current_setting('memory_limit') AS m", dialect="duckdb")
        limit = engine.execute(query).column("m").to_pylist()[0]
    finally:
        engine.close()
    _same(own.table, survey_results.table)
    assert limit.startswith("953")  # 1GB = 953.6 MiB: the caller's engine was used


def test_a_memory_cap_duckdb_cannot_read_is_refused_in_both_languages(survey):
    with pytest.raises(RequestError) as info:
        estimate_catalogue(survey, DEMO_DESIGN, CATALOGUE, memory_limit="lots")
    assert "DuckDB setting rejected" in str(info.value)
    assert "Réglage DuckDB refusé" in info.value.message("fr")


def _same(got, want) -> None:
    """Same rows; numbers equal up to the order DuckDB's threads add them in."""
    assert got.column_names == want.column_names and got.num_rows == want.num_rows
    for name in got.column_names:
        a, b = got.column(name).to_pylist(), want.column(name).to_pylist()
        if name in ("estimate", "se", "ci_low", "ci_high", "cv", "deff", "n_weighted", "df"):
            assert [x is None for x in a] == [y is None for y in b], name
            pairs = [(x, y) for x, y in zip(a, b, strict=True) if y is not None]
            assert [x for x, _ in pairs] == pytest.approx(
                [y for _, y in pairs], rel=1e-9, nan_ok=True
            ), name
        else:
            assert a == b, name
