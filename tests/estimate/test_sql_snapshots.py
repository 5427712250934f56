"""Compiled SQL, per dialect, against reviewed snapshots in tests/estimate/snapshots/.

The compiler writes each plan once as a SQLGlot AST; these snapshots show what every backend
is sent, so that a change to the compiler, to SQLGlot or to a dialect override shows up in
review as a diff of SQL. After an intended change, regenerate them with

    SAFEMIG_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/estimate/test_sql_snapshots.py

and read the diff before committing.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from sqlglot import exp

from safemig.design import Design, Replicates
from safemig.estimate.compiler import (
    Layout,
    cells_query,
    domain_condition,
    prepared,
    replicate_pattern_query,
    replicate_query,
    stage2_query,
    strata_query,
)
from safemig.estimate.measures import Levels, measures_for
from safemig.estimate.prepare import parse_universe
from safemig.estimate.request import Mean, Proportion, Ratio

SNAPSHOTS = Path(__file__).parent / "snapshots"
DIALECTS = ("duckdb", "spark")
KINDS = {"age": "numeric", "sex": "string", "region": "string", "sch.wide": "string"}
CUTS = ((), ("sex",), ("sex", "region"))


def _measures():
    return [
        *measures_for(Mean("income"), 0, None),
        *measures_for(Ratio("cost", "earnings"), 1, None),
        *measures_for(Proportion("sources", multiple=True), 2, Levels(("radio", "sms"), "tokens")),
        *measures_for(Proportion("sch.wide"), 4, Levels(("No", "Yes"), "categorical")),
    ]


def _two_stage() -> Layout:
    design = Design(weights="pw", strata="region", psu=("ea", "woman"), fpc=("fpc1", "fpc2"))
    universe = parse_universe("age >= 18 AND \"sch.wide\" = 'Yes'", KINDS)
    return Layout(design, CUTS, ("sex", "region"), universe, "age >= 18")


def _complete() -> Layout:
    """The data hold no missing value and no zero weight (what the checks' scan learns):
    every measure's domain is every row, so the cell sums need no CASE and share ``sum(w)``
    and the row count."""
    layout = Layout(
        Design(weights="pw", strata="region", psu=("ea",)), CUTS, ("sex", "region"), None
    )
    everywhere = frozenset(domain_condition(layout, m).sql() for m in _measures())
    return replace(layout, everywhere=everywhere, weights_nonzero=True)


def _replicated() -> Layout:
    reps = Replicates(columns=("repw1", "repw2", "repw3"), type="JK1")
    return Layout(Design(weights="pw", replicates=reps), CUTS, ("sex", "region"), None)


def _rows_as_psus() -> Layout:
    return Layout(Design(weights="pw"), ((),), (), None)


PLANS: dict[str, object] = {
    "cells": lambda: cells_query(_two_stage(), _measures()),
    "cells_complete": lambda: cells_query(_complete(), _measures()),
    "strata": lambda: strata_query(_two_stage(), _measures()),
    "stage2": lambda: stage2_query(_two_stage(), _measures()),
    "replicate": lambda: replicate_query(_replicated(), _measures()),
    "replicate_patterns": lambda: replicate_pattern_query(_replicated(), _measures()[:1]),
    "rows_as_psus": lambda: prepared(_rows_as_psus()),
}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("plan", sorted(PLANS))
def test_compiled_sql_matches_snapshot(plan: str, dialect: str) -> None:
    query = PLANS[plan]()  # type: ignore[operator]
    assert isinstance(query, exp.Expression)
    sql = query.sql(dialect=dialect, pretty=True) + "\n"
    path = SNAPSHOTS / dialect / f"{plan}.sql"
    if os.environ.get("SAFEMIG_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql, encoding="utf-8")
    assert path.exists(), f"No snapshot {path}; create it as this module's docstring says."
    assert sql == path.read_text(encoding="utf-8"), f"{plan} in {dialect} changed; see {path}"


def test_dialects_differ_only_in_spelling() -> None:
    """The same plan in both dialects: Spark quotes with backticks and spells types its way,
    but groups, windows and grouping sets are the same statements."""
    for plan in PLANS:
        query = PLANS[plan]()  # type: ignore[operator]
        duck, spark = query.sql(dialect="duckdb"), query.sql(dialect="spark")
        for word in ("GROUPING SETS", "OVER (PARTITION BY", "GROUPING(", "NULLIF("):
            assert duck.count(word) == spark.count(word), (plan, word)
    assert "`__row` AS `__p`" in prepared(_rows_as_psus()).sql(dialect="spark")
