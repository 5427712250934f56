"""Base weights, nonresponse adjustment, trimming, the `safemig weight` command and the
weighting report. Trimming is checked against R ``trimWeights`` (survey 4.1-1)."""

from __future__ import annotations

import csv
import math

import pytest

from safemig import errors
from safemig.cli import main
from safemig.design import Design
from safemig.weights import Calibration, read_margin
from safemig.weights.construct import (
    base_weights_from_frame,
    base_weights_from_probabilities,
    nonresponse_adjusted,
    trimmed_weights,
)
from safemig.weights.report import kish_deff, weighting_report
from tests.conftest import GOLDEN

DATA = GOLDEN / "data"
HEADER = "region,ea,p1,p2,responded,age"
ROWS = (
    "Niamey,N1,0.1,0.5,1,young",
    "Niamey,N1,0.1,0.5,0,young",
    "Niamey,N2,0.1,0.25,1,old",
    "Zinder,Z1,0.2,0.5,1,young",
    "Zinder,Z1,0.2,0.5,1,old",
    "Zinder,Z2,0.2,0.5,0,old",
)


def _column(table, name):
    return table.column(name).to_pylist()


def test_base_weights_from_probabilities(write_csv):
    path = write_csv("d.csv", HEADER, *ROWS)
    table = base_weights_from_probabilities(path, ("p1", "p2"))
    assert _column(table, "base_weight") == pytest.approx([20, 20, 40, 10, 10, 10], rel=1e-15)
    assert _column(table, "region") == ["Niamey"] * 3 + ["Zinder"] * 3  # file order, kept


def test_probability_out_of_range_is_refused(write_csv):
    path = write_csv("d.csv", HEADER, *ROWS, "Agadez,A1,0,0.5,1,old")
    with pytest.raises(errors.WeightError, match="'p1' is missing, not above 0 or above 1 in 1"):
        base_weights_from_probabilities(path, ("p1", "p2"))


def test_base_weights_from_a_frame(write_csv):
    path = write_csv("d.csv", HEADER, *ROWS)
    table = base_weights_from_frame(path, "region", {"Niamey": 300, "Zinder": 60})
    assert _column(table, "base_weight") == pytest.approx([100] * 3 + [20] * 3, rel=1e-15)


def test_frame_and_data_must_agree(write_csv):
    path = write_csv("d.csv", HEADER, *ROWS)
    with pytest.raises(errors.WeightingClassError, match="Stratum 'Zinder' of 'region'"):
        base_weights_from_frame(path, "region", {"Niamey": 300})
    with pytest.raises(errors.WeightingClassError, match="Frame stratum 'Agadez' has no"):
        base_weights_from_frame(path, "region", {"Niamey": 300, "Zinder": 60, "Agadez": 9})
    with pytest.raises(errors.WeightError, match="'Zinder' has population 0"):
        base_weights_from_frame(path, "region", {"Niamey": 300, "Zinder": 0})


def test_nonresponse_within_classes(write_csv):
    path = write_csv("d.csv", HEADER + ",w", *(r + ",10" for r in ROWS))
    table = nonresponse_adjusted(path, "w", ("region",), "responded")
    # Niamey: 3 sampled, 2 respondents -> 15; Zinder: 3 sampled, 2 respondents -> 15.
    assert _column(table, "nr_weight") == pytest.approx([15, 0, 15, 15, 15, 0], rel=1e-15)


def test_weighting_class_without_respondents_is_named(write_csv):
    rows = [*ROWS, "Agadez,A1,0.5,0.5,0,old"]
    path = write_csv("d.csv", HEADER + ",w", *(r + ",10" for r in rows))
    with pytest.raises(errors.WeightingClassError) as caught:
        nonresponse_adjusted(path, "w", ("region", "age"), "responded")
    assert "Weighting class region=Agadez, age=old has no respondent" in str(caught.value)
    assert "n'a aucune répondante" in caught.value.message("fr")


def test_trimming_equals_r_trimweights():
    # R: trimWeights(svydesign(id=~1, strata=~stype, weights=~pw, data=apistrat), upper=40)
    # gives 40 (E), 19.309999465942397 (H), 24.5699996948243 (M).
    table = trimmed_weights(DATA / "apistrat.csv", "pw", upper=40)
    trimmed = dict(zip(_column(table, "stype"), _column(table, "trimmed_weight"), strict=True))
    assert trimmed["E"] == 40
    assert math.isclose(trimmed["H"], 19.309999465942397, rel_tol=1e-14)
    assert math.isclose(trimmed["M"], 24.5699996948243, rel_tol=1e-14)
    assert math.isclose(sum(_column(table, "trimmed_weight")), sum(_column(table, "pw")))


def test_weight_command_writes_new_columns(tmp_path):
    out = tmp_path / "cal.csv"
    code = main(
        [
            "weight",
            "calibrate",
            str(DATA / "apiclus1.csv"),
            "--weights",
            "pw",
            "--poststratify",
            f"stype={DATA / 'pop_stype.csv'}",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    assert "pw" in rows[0] and "cal_weight" in rows[0]
    for level, population in (("E", 4421), ("H", 755), ("M", 1018)):
        got = sum(float(r["cal_weight"]) for r in rows if r["stype"] == level)
        assert math.isclose(got, population, rel_tol=1e-12)


def test_weighting_report_renders_in_both_languages():
    cal = Calibration(
        "rake",
        margins=(
            read_margin("stype", DATA / "pop_stype.csv"),
            read_margin("sch.wide", DATA / "pop_schwide.csv"),
        ),
    )
    design = Design(weights="pw", calibration=cal)
    english = weighting_report(DATA / "apiclus1.csv", design, "en")
    french = weighting_report(DATA / "apiclus1.csv", design, "fr")
    assert "Design effect due to weighting" in english and "Margins before and after" in english
    assert "Effet de plan dû à la pondération" in french and "Marges avant et après" in french
    assert "4,421" in english  # population of stype E beside its weighted totals


def test_kish_deff():
    assert kish_deff(__import__("numpy").array([1.0, 1.0, 1.0])) == 1
    assert math.isclose(kish_deff(__import__("numpy").array([1.0, 3.0])), 2 * 10 / 16)


def test_weights_are_built_alike_on_every_backend(backend, write_csv):
    """The same SQL on DuckDB and Spark: calibrated, replicate, nonresponse and trimmed
    weights equal DuckDB's to 1e-12, rows in file order."""
    from safemig.weights import calibrated_weights
    from safemig.weights.replicates import replicate_weights

    cal = Calibration(
        "raking",
        margins=(read_margin("stype", DATA / "pop_stype.csv"),),
        numeric=(("api99", 3914069.0),),
    )
    design = Design(weights="pw", psu="dnum", fpc="fpc", calibration=cal)
    path = write_csv("d.csv", HEADER + ",w", *(r + ",10" for r in ROWS))
    built = {
        name: [make(b).column(column).to_pylist() for b in ("duckdb", backend)]
        for name, make, column in (
            (
                "cal",
                lambda b: calibrated_weights(DATA / "apiclus1.csv", design, backend=b),
                "pw_cal",
            ),
            (
                "jk1",
                lambda b: replicate_weights(DATA / "apiclus1.csv", design, backend=b).table,
                "repw7",
            ),
            (
                "nr",
                lambda b: nonresponse_adjusted(path, "w", ("region",), "responded", backend=b),
                "nr_weight",
            ),
            (
                "trim",
                lambda b: trimmed_weights(DATA / "apistrat.csv", "pw", upper=40, backend=b),
                "trimmed_weight",
            ),
        )
    }
    for name, (reference, ours) in built.items():
        assert ours == pytest.approx(reference, rel=1e-12), name
