"""Replicate weights created by safemig against R ``as.svrepdesign``: JK1, JKn, BRR and Fay
equal R's weights (written by tests/golden/make_goldens.R; BRR on many more designs in
test_brr_like_r.py) and give R's variances; the bootstrap follows its formula."""

from __future__ import annotations

import json
import math

import numpy as np
import pyarrow.csv as pacsv
import pytest

from safemig import errors
from safemig.design import Design
from safemig.estimate import Request, Total, estimate
from safemig.weights.replicates import replicate_weights
from tests.conftest import GOLDEN

DATA = GOLDEN / "data"
CASES = {c["id"]: c for c in json.loads((GOLDEN / "goldens.json").read_text())["cases"]}


def _matrix(table, names):
    return np.column_stack([table.column(n).to_numpy() for n in names])


def _arg(case: str, flag: str) -> str:
    args = CASES[case]["args"]
    return args[args.index(flag) + 1]


def test_jk1_equals_r():
    made = replicate_weights(DATA / "apiclus1.csv", Design(weights="pw", psu="dnum", fpc="fpc"))
    r = pacsv.read_csv(DATA / "apiclus1_jk1.csv")
    ours = _matrix(made.table, made.replicates.columns)
    theirs = _matrix(r, [f"repw{i:02d}" for i in range(1, 16)])
    assert np.allclose(ours, theirs, rtol=1e-13, atol=0)
    assert math.isclose(
        made.replicates.scale, float(_arg("jk1_main", "--rep-scale")), rel_tol=1e-13
    )


def test_jkn_equals_r():
    design = Design(weights="pw", strata="stype", fpc="fpc")
    made = replicate_weights(DATA / "apistrat.csv", design, type="JKn")
    r = pacsv.read_csv(DATA / "apistrat_jkn.csv")
    ours = _matrix(made.table, made.replicates.columns)
    assert np.allclose(ours, _matrix(r, [f"jk{i:03d}" for i in range(1, 201)]), rtol=1e-13)
    rscales = [float(x) for x in _arg("jkn_main", "--rep-rscales").split(",")]
    assert np.allclose(made.replicates.rscales, rscales, rtol=1e-13)


@pytest.mark.parametrize("kind", ["BRR", "Fay"])
def test_brr_and_fay_equal_r_and_give_its_variance_of_a_total(kind):
    design = Design(weights="w", strata="ESA", psu="ambulance", nest=True)
    made = replicate_weights(DATA / "scd_brr_fay.csv", design, type=kind, fay_rho=0.3)
    r = pacsv.read_csv(DATA / "scd_brr_fay.csv")
    prefix = "brr" if kind == "BRR" else "fay"
    theirs = _matrix(r, [f"{prefix}{i}" for i in range(1, 5)])
    assert np.allclose(_matrix(made.table, made.replicates.columns), theirs, rtol=1e-15, atol=0)
    result = estimate(
        made.table, Design(weights="w", replicates=made.replicates), Request((Total("alive"),))
    ).table.to_pylist()[0]
    row = next(r for r in CASES[f"{kind.lower()}_main"]["rows"] if r["statistic"] == "total")
    assert math.isclose(result["estimate"], row["estimate"], rel_tol=1e-12)
    assert math.isclose(result["se"], row["se"], rel_tol=1e-9)


def test_bootstrap_follows_its_formula():
    design = Design(weights="pw", psu="dnum")
    made = replicate_weights(DATA / "apiclus1.csv", design, type="bootstrap", replicates=1000)
    factors = (
        _matrix(made.table, made.replicates.columns)
        / np.asarray(made.table.column("pw").to_numpy())[:, None]
    )
    psu = np.asarray(made.table.column("dnum").to_numpy())
    first = np.unique(psu, return_index=True)[1]
    assert np.allclose(factors[first].sum(axis=0), 15)  # 15 PSUs drawn per replicate
    n = 15
    assert math.isclose(made.replicates.scale, n / ((n - 1) * 999), rel_tol=1e-13)
    boot = estimate(
        made.table, Design(weights="pw", replicates=made.replicates), Request((Total("enroll"),))
    ).table.to_pylist()[0]
    # The engine's variance is scale * sum (theta_r - mean)^2 of the replicate totals ...
    y = np.asarray(made.table.column("enroll").to_numpy(), dtype=float)
    thetas = _matrix(made.table, made.replicates.columns).T @ y
    assert math.isclose(
        boot["se"] ** 2, made.replicates.scale * ((thetas - thetas.mean()) ** 2).sum(), rel_tol=1e-9
    )
    # ... whose expectation is R's with-replacement linearised variance (golden clus1wr SE
    # of a total: computed here from the same design without fpc).
    taylor = estimate(DATA / "apiclus1.csv", design, Request((Total("enroll"),))).table.to_pylist()[
        0
    ]
    assert abs(boot["se"] ** 2 / taylor["se"] ** 2 - 1) < 0.1


def test_bad_designs_name_the_stratum():
    with pytest.raises(errors.DesignError, match="unstratified"):
        replicate_weights(DATA / "apistrat.csv", Design(weights="pw", strata="stype"), type="JK1")
    with pytest.raises(errors.DesignError, match="Stratum 'E' has 100 PSU"):
        replicate_weights(DATA / "apistrat.csv", Design(weights="pw", strata="stype"), type="BRR")
