"""Weighted theme prevalence in open answers, through the engine, against R ``survey``.

The oracle: R's ``svymean(~sch.wide, dstrat)`` and ``svyby(~sch.wide, ~stype, dstrat,
svymean)`` on the ``apistrat`` data (tests/golden/goldens.json, case ``apistrat_main``; data
and licence in tests/golden/data/SOURCES.md). Each school gets an open "answer" that speaks of
help when ``sch.wide`` is Yes and of the route's dangers when it is No; coding the two distinct
answers then makes the theme's weighted prevalence exactly R's share of Yes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest

from safemig.design import Design
from safemig.disclosure import preset
from safemig.i18n import Text
from safemig.indicators import Catalogue
from safemig.indicators.catalogue import Disaggregation
from safemig.voices.analysis import counted_themes, theme_frequencies, theme_prevalence
from safemig.voices.codebook import builtin_codebook
from safemig.voices.sources import Session, Unit, open_answer_units

GOLDEN = Path(__file__).parents[1] / "golden"
HELP = "Where to find help if there is a problem"
DANGER = "The dangers of the road in the desert"


def _apistrat() -> pa.Table:
    table = pacsv.read_csv(GOLDEN / "data" / "apistrat.csv")
    answers = pc.if_else(pc.equal(table.column("sch.wide"), "Yes"), HELP, DANGER)
    keys = pc.cast(table.column("snum"), pa.string())
    return table.append_column("_key", keys).append_column("open", answers)


def _r_rows() -> dict[str, dict]:  # type: ignore[type-arg]
    spec = json.loads((GOLDEN / "goldens.json").read_text(encoding="utf-8"))
    case = next(c for c in spec["cases"] if c["id"] == "apistrat_main")
    return {
        r["by_values"].get("stype", ""): r
        for r in case["rows"]
        if r["statistic"] == "prop"
        and r["variable"] == "sch.wide"
        and r["level"] == "Yes"
        and r["by"] in ("", "stype")
    }


def test_theme_prevalence_matches_r_survey() -> None:
    table = _apistrat()
    book = builtin_codebook()
    units = open_answer_units(
        table.column("_key").to_pylist(), table.column("open").to_pylist(), "open"
    )
    codes = {
        u.id: frozenset({"rights_and_help" if u.text == HELP else "route_dangers"}) for u in units
    }
    catalogue = Catalogue(
        name="api",
        instrument="api",
        title=Text("API", "API"),
        source="test",
        variables=(),
        disaggregations=(Disaggregation("stype", Text("School type", "Type d'école"), "stype"),),
        indicators=(),
    )
    design = Design(weights="pw", strata="stype", fpc=("fpc",))
    prevalence = theme_prevalence(table, design, catalogue, book, ["open"], codes, preset("dhs"))
    assert prevalence.coverage[0]["answered"] == prevalence.coverage[0]["coded"] == 200
    rows = [r for r in prevalence.table.to_pylist() if r["indicator"] == "voices_1_rights_and_help"]
    r_rows = _r_rows()
    assert len(rows) == len(r_rows) == 4
    for row in rows:
        expected = r_rows[row["stype"] or ""]
        for field in ("estimate", "se", "ci_low", "ci_high"):
            assert row[field] == pytest.approx(expected[field], rel=1e-8), (row["stype"], field)
        assert row["n"] == expected["n"] and row["df"] == expected["df"]
        assert row["status"] in ("published", "caution")
    # The complement theme is R's share of No; its parent counts it too.
    danger = {
        r["stype"]: r["estimate"]
        for r in prevalence.table.to_pylist()
        if r["indicator"] == "voices_1_route_dangers"
    }
    assert danger[None] == pytest.approx(1 - r_rows[""]["estimate"], rel=1e-8)


def test_uncoded_answers_stay_out_of_the_universe() -> None:
    table = _apistrat()
    book = builtin_codebook()
    units = open_answer_units(
        table.column("_key").to_pylist(), table.column("open").to_pylist(), "open"
    )
    codes = {u.id: frozenset({"rights_and_help"}) for u in units if u.text == HELP}
    catalogue = Catalogue("api", "api", Text("A", "A"), "t", (), (), ())
    prevalence = theme_prevalence(
        table,
        Design(weights="pw", strata="stype", fpc=("fpc",)),
        catalogue,
        book,
        ["open"],
        codes,
        preset("dhs"),
    )
    row = next(
        r for r in prevalence.table.to_pylist() if r["indicator"] == "voices_1_rights_and_help"
    )
    yes = table.column("sch.wide").to_pylist().count("Yes")
    assert row["estimate"] == pytest.approx(1.0) and row["n"] == yes < 200
    assert prevalence.coverage[0]["coded"] == row["n"]


def test_frequencies_count_sessions_and_parent_themes() -> None:
    book = builtin_codebook()
    assert counted_themes(frozenset({"violence"}), book) == {"violence", "route_dangers"}

    def session(name: str, site: str) -> Session:
        from datetime import date

        return Session(name, Path(name), site, date(2026, 1, 1), "en", True)

    sessions = [
        (session("a", "Niamey"), [Unit("a:1", "turn", "a", "x"), Unit("a:2", "turn", "a", "y")]),
        (session("b", "Zinder"), [Unit("b:1", "turn", "b", "z")]),
        (session("c", "Zinder"), [Unit("c:1", "turn", "c", "w")]),  # nobody coded it
    ]
    codes = {"a:1": frozenset({"violence"}), "a:2": frozenset(), "b:1": frozenset({"agency"})}
    rows = {(r["level"], r["theme"]): r for r in theme_frequencies(sessions, codes, book, "site")}
    assert rows[("Niamey", "route_dangers")]["sessions_with_theme"] == 1
    assert rows[("Niamey", "route_dangers")]["turns"] == 2
    assert rows[("Zinder", "agency")]["sessions"] == 1  # c was not coded: not counted
    overall = {r["theme"]: r for r in theme_frequencies(sessions, codes, book)}
    assert overall["violence"]["sessions_with_theme"] == 1 and overall["agency"]["turns"] == 3
