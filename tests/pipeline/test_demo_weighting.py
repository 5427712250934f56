"""The demonstration project calibrates its weights: raked to the synthetic population by
region and by age group, with the weighting report showing the margins before and after.

The oracle for the totals is the generator's own population (``survey.sample.population``,
eligible women per region and age group in the frame it drew), independent of the margin
files, the calibration and the report.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from safemig.demo.sample import AGE_GROUPS, REGIONS
from safemig.design import Design
from safemig.weights import calibrated_weights
from safemig.weights.report import _fmt

ROW = re.compile(
    r"<tr><td>([^<]*)</td><td>([^<]*)</td>\s*<td class=\"n\">([^<]*)</td>\s*"
    r"<td class=\"n\">([^<]*)</td><td class=\"n\">([^<]*)</td></tr>"
)


def _population(ran_project) -> dict[tuple[str, str], float]:  # type: ignore[no-untyped-def]
    population = ran_project.survey.sample.population
    totals = {
        ("stratum", r): float(v) for r, v in zip(REGIONS, population.sum(axis=1), strict=True)
    }
    totals |= {
        ("listing_age_group", a): float(v)
        for a, v in zip(AGE_GROUPS, population.sum(0), strict=True)
    }
    return totals


def test_demo_margins_are_the_generators_population(ran_project):
    data = ran_project.project.root / "data"
    for name, variable in (("stratum", "stratum"), ("age_group", "listing_age_group")):
        table = pacsv.read_csv(data / f"population_{name}.csv").to_pylist()
        got = {(variable, str(r[variable])): float(r["Freq"]) for r in table}
        want = {k: v for k, v in _population(ran_project).items() if k[0] == variable}
        assert got == want


def test_demo_calibrated_weights_meet_the_population_totals(ran_project):
    calibration = ran_project.project.weights.calibration
    assert calibration is not None and calibration.method == "rake"
    survey_csv = next((ran_project.project.root / "data").glob("safemig_survey.csv"))
    design = Design(weights="design_weight", calibration=calibration)
    rows = calibrated_weights(survey_csv, design, "w_cal").to_pylist()
    moved = 0.0
    for (variable, level), total in _population(ran_project).items():
        base = sum(r["design_weight"] for r in rows if str(r[variable]) == level)
        calibrated = sum(r["w_cal"] for r in rows if str(r[variable]) == level)
        assert math.isclose(calibrated, total, rel_tol=1e-9)
        moved = max(moved, abs(base / total - 1))
    assert moved > 0.05  # the design weights alone miss some margin: calibration matters


def test_demo_weighting_report_shows_margins_before_and_after(ran_project):
    results = ran_project.summary.results
    population = _population(ran_project)
    for language, heading in (
        ("en", "Margins before and after calibration"),
        ("fr", "Marges avant et après calage"),
    ):
        html = (results / f"weighting-report.{language}.html").read_text(encoding="utf-8")
        assert heading in html
        assert ("Kish, 1 + CV²" in html) and ("rake" in html)
        rows = {(v, lv): (pop, base, cal) for v, lv, pop, base, cal in ROW.findall(html)}
        assert set(rows) == set(population)
        for key, (pop, _base, cal) in rows.items():
            assert pop == cal == _fmt(population[key], language)
        assert any(base != pop for pop, base, _cal in rows.values())


def test_demo_quantiles_are_estimated_on_the_calibrated_design(ran_project):
    table = pq.read_table(ran_project.summary.results / "indicators.parquet").to_pylist()
    medians = [r for r in table if r["statistic"] == "quantile" and not r["disaggregation"]]
    assert medians
    assert all(np.isfinite(r["se"]) and r["se"] > 0 for r in medians)
