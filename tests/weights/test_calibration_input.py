"""Bad calibration input: each case raises its own error class naming the level, margin or
file at fault, in English and French; and what a calibration leaves in the data."""

from __future__ import annotations

import math
import warnings

import pytest

from safemig import errors
from safemig.cli import main
from safemig.design import Design
from safemig.estimate import Mean, Quantile, Request, estimate
from safemig.weights import Calibration, Margin, calibrated_weights, read_margin, read_totals
from safemig.weights.solve import CalibrationWarning
from tests.conftest import GOLDEN

APICLUS1 = str(GOLDEN / "data" / "apiclus1.csv")
STYPE = Margin("stype", ("E", "H", "M"), (4421, 755, 1018))
SCHWIDE = Margin("sch.wide", ("No", "Yes"), (1072, 5122))
HEADER = "region,ea,pw,income,sex"
ROWS = (
    "Niamey,N1,10,100,F",
    "Niamey,N1,10,120,M",
    "Niamey,N2,12,90,F",
    "Zinder,Z1,20,80,F",
    "Zinder,Z2,20,70,F",
    "Zinder,Z2,22,75,M",
)


def _design(cal: Calibration) -> Design:
    return Design(weights="pw", psu=("ea",), calibration=cal)


def test_level_missing_from_margin_is_named(write_csv):
    path = write_csv("d.csv", HEADER, *ROWS, "Agadez,A1,15,60,F")
    margin = Margin("region", ("Niamey", "Zinder"), (100, 200), source="region_pop.csv")
    with pytest.raises(errors.MarginError) as caught:
        estimate(path, _design(Calibration("poststratify", margins=(margin,))), _mean())
    assert "Level 'Agadez' of 'region' (1 row(s) in the data)" in str(caught.value)
    assert "region_pop.csv" in str(caught.value)
    assert "La modalité 'Agadez'" in caught.value.message("fr")


def test_margin_level_without_respondents_is_named(write_csv):
    path = write_csv("d.csv", HEADER, *ROWS)
    margin = Margin("region", ("Niamey", "Zinder", "Agadez"), (100, 200, 50))
    with pytest.raises(errors.MarginError, match="Level 'Agadez' of 'region' has a population"):
        estimate(path, _design(Calibration("poststratify", margins=(margin,))), _mean())


def test_margins_with_different_totals_name_both():
    region = Margin("region", ("Niamey", "Zinder"), (100, 200))
    sex = Margin("sex", ("F", "M"), (250, 60))
    with pytest.raises(errors.CalibrationError) as caught:
        Calibration("rake", margins=(region, sex))
    text = str(caught.value)
    assert "margin of 'sex'" in text and "sums to 310" in text and "'region'" in text
    assert "populations différentes" in caught.value.message("fr")


def test_missing_calibration_value_is_refused(write_csv):
    path = write_csv("d.csv", HEADER, *ROWS, "Zinder,Z2,15,60,")
    sex = Margin("sex", ("F", "M"), (250, 50))
    with pytest.raises(errors.MarginError, match="'sex' is missing in 1 row"):
        estimate(path, _design(Calibration("poststratify", margins=(sex,))), _mean())


def test_raking_that_cannot_converge_says_so():
    # Two sweeps are not enough for these margins at epsilon 1e-12 of the total.
    cal = Calibration("rake", margins=(STYPE, SCHWIDE), maxit=2, epsilon=1e-12)
    with pytest.raises(errors.ConvergenceError) as caught:
        estimate(APICLUS1, Design(weights="pw", psu=("dnum",), calibration=cal), _mean("api00"))
    assert "did not converge in 2 sweeps" in str(caught.value)
    assert "n'a pas convergé" in caught.value.message("fr")


def test_bounded_calibration_that_cannot_reach_the_totals_says_so():
    # g within [0.99, 1.01] cannot move the weights to these totals.
    cal = Calibration(
        "logit", margins=(STYPE,), numeric=(("api99", 3914069.0),), bounds=(0.99, 1.01)
    )
    with pytest.raises(errors.ConvergenceError, match="widen --bounds"):
        estimate(APICLUS1, Design(weights="pw", psu=("dnum",), calibration=cal), _mean("api00"))


def test_logit_needs_finite_bounds_and_bounds_surround_one():
    with pytest.raises(errors.CalibrationError, match="needs finite bounds"):
        Calibration("logit", margins=(STYPE,))
    with pytest.raises(errors.CalibrationError, match="must surround 1"):
        Calibration("raking", margins=(STYPE,), bounds=(1.2, 3))


def test_negative_linear_weights_warn_and_suggest_logit():
    # Totals far from the sample's push some GREG weights below zero.
    cal = Calibration("linear", margins=(STYPE,), numeric=(("api99", 1000000.0),))
    with pytest.warns(CalibrationWarning, match="consider bounded calibration"):
        table = calibrated_weights(APICLUS1, Design(weights="pw", calibration=cal))
    assert min(table.column("pw_cal").to_pylist()) < 0


def test_calibrated_weights_keep_the_original_and_meet_the_margins():
    cal = Calibration("rake", margins=(STYPE, SCHWIDE), epsilon=1e-10, maxit=100)
    table = calibrated_weights(APICLUS1, Design(weights="pw", calibration=cal))
    rows = table.to_pylist()
    assert all(math.isclose(r["pw"], 33.847, rel_tol=1e-4) for r in rows)
    for margin in (STYPE, SCHWIDE):
        for level, total in zip(margin.levels, margin.totals, strict=True):
            got = sum(r["pw_cal"] for r in rows if r[margin.variable] == level)
            assert math.isclose(got, total, rel_tol=1e-9)


def test_quantiles_on_a_calibrated_design_read_the_calibrated_weights():
    """The point estimate is the quantile of the calibrated weights, not the base ones (R
    svyquantile on a postStratify design; its SE and CI are checked in the R goldens)."""
    design = Design(weights="pw", psu=("dnum",), calibration=Calibration("poststratify", (STYPE,)))
    rows = calibrated_weights(APICLUS1, design).to_pylist()
    results = estimate(APICLUS1, design, Request((Quantile("api00", 0.9),))).table.to_pylist()
    assert results[0]["estimate"] == _quantile(rows, "pw_cal", 0.9) != _quantile(rows, "pw", 0.9)
    assert results[0]["se"] > 0


def _quantile(rows: list[dict], weight: str, p: float) -> float:
    """The first value whose cumulative weight share reaches ``p`` (no ties at p here)."""
    total, running = sum(r[weight] for r in rows), 0.0
    for row in sorted(rows, key=lambda r: r["api00"]):
        running += row[weight]
        if running >= p * total:
            return row["api00"]
    raise AssertionError("unreachable")


def test_margin_files(write_csv):
    path = write_csv("pop.csv", "region,Freq", "Niamey,100", "Zinder,200")
    assert read_margin("region", path) == Margin(
        "region", ("Niamey", "Zinder"), (100, 200), str(path)
    )
    bad = write_csv("bad.csv", "region,Freq", "Niamey,100", "Zinder,lots")
    with pytest.raises(errors.CalibrationError, match=r"bad.csv, row 3, column 'Freq'"):
        read_margin("region", bad)
    nofreq = write_csv("nofreq.csv", "region,count", "Niamey,100")
    with pytest.raises(errors.DataFileError, match="no 'Freq' column"):
        read_margin("region", nofreq)
    margins, numeric, size = read_totals(GOLDEN / "data" / "totals_stype_api99.csv")
    assert margins[0].levels == ("E", "H", "M") and numeric == (("api99", 3914069.0),)
    assert size == 6194


def test_cli_margin_errors_are_bilingual(write_csv, capsys):
    data = write_csv("d.csv", HEADER, *ROWS, "Agadez,A1,15,60,F")
    pop = write_csv("pop.csv", "region,Freq", "Niamey,100", "Zinder,200")
    args = [
        "estimate",
        str(data),
        "--weights",
        "pw",
        "--psu",
        "ea",
        "--mean",
        "income",
        "--poststratify",
        f"region={pop}",
        "--quiet",
    ]
    assert main(["--lang", "fr", *args]) == 2
    assert "La modalité 'Agadez' de 'region'" in capsys.readouterr().err
    assert main(["--lang", "en", *args, "--rake", f"sex={pop}"]) == 2
    assert "Give one calibration" in capsys.readouterr().err


def _mean(variable: str = "income") -> Request:
    return Request((Mean(variable),))


def test_no_warning_for_positive_linear_weights():
    cal = Calibration("linear", margins=(STYPE,), numeric=(("api99", 3914069.0),))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        calibrated_weights(APICLUS1, Design(weights="pw", calibration=cal))


def test_cli_prints_the_negative_weight_warning_in_french(write_csv, capsys):
    totals = write_csv(
        "t.csv",
        "variable,level,total",
        "stype,E,4421",
        "stype,H,755",
        "stype,M,1018",
        "api99,,1000000",
    )
    args = [
        "--lang",
        "fr",
        "estimate",
        APICLUS1,
        "--weights",
        "pw",
        "--psu",
        "dnum",
        "--mean",
        "api00",
        "--calibrate",
        str(totals),
        "--quiet",
    ]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "safemig: avertissement: Le calage linéaire a donné des poids négatifs" in err


def test_a_share_within_rounding_of_p_is_a_tie_on_calibrated_designs():
    """Four equal weights of 0.1: the share at the third value is 3/4 in exact arithmetic,
    a rounding error away from it in floating point, so R's exact comparisons return the
    fourth value (kept for weights read from a file, where R sees the same bits); on
    calibrated weights, whose last bits depend on summation order, the tolerance returns the
    third, and shares clearly off p are not ties."""
    import numpy as np

    from safemig.estimate.quantile import CALIBRATED_TIE, weighted_quantile

    y, w, dom, p = np.array([1.0, 2, 3, 4]), np.full(4, 0.1), np.zeros(4, int), np.array([0.75])
    assert weighted_quantile(y, w, dom, p, 1)[0] == 4
    assert weighted_quantile(y, w, dom, p, 1, tie=CALIBRATED_TIE)[0] == 3
    assert weighted_quantile(y, w, dom, np.array([0.74]), 1, tie=CALIBRATED_TIE)[0] == 3
    assert weighted_quantile(y, w, dom, np.array([0.76]), 1, tie=CALIBRATED_TIE)[0] == 4
