"""BRR and Fay replicate weights equal R's, replicate for replicate (R ``survey`` 4.1-1:
``as.svrepdesign(type = "BRR" / "Fay")``, whose half-samples come from ``hadamard(H)``).

The oracle is written by tests/golden/make_brr_goldens.R: synthetic two-PSU designs with
H = 1..40, 50, 63 and 100 strata, whose strata appear out of sorted order and whose PSUs
appear in either order, so that R's numbering (strata sorted by name, the first PSU in data
order taking the +1) is checked along with the matrix."""

from __future__ import annotations

import json
import math

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest

from safemig.design import Design
from safemig.estimate import Mean, Request, Total, estimate
from safemig.weights.hadamard import follows_r, hadamard
from safemig.weights.replicates import replicate_weights
from tests.conftest import GOLDEN

DATA = GOLDEN / "data"
GOLDENS = json.loads((GOLDEN / "brr_goldens.json").read_text())
CASES = {case["H"]: case for case in GOLDENS["cases"]}
RHO = GOLDENS["fay_rho"]
DESIGN = Design(weights="w", strata="stratum", psu="psu")
DESIGNS = pacsv.read_csv(DATA / "brr_designs.csv")
PATTERNS = pacsv.read_csv(
    DATA / "brr_patterns.csv",
    convert_options=pacsv.ConvertOptions(column_types={"pattern": pa.string()}),
)
FAY = pacsv.read_csv(DATA / "brr_fay.csv")


def _design(strata: int) -> pa.Table:
    return DESIGNS.filter(pc.equal(DESIGNS.column("H"), strata)).drop_columns(["H"])


def _factors(made, strata: int) -> dict[str, np.ndarray]:
    """The replicate factors of each PSU (weight of replicate r over the full-sample weight)."""
    table = made.table
    weights = np.column_stack([table.column(n).to_numpy() for n in made.replicates.columns])
    factors = weights / table.column("w").to_numpy()[:, None]
    rows: dict[str, np.ndarray] = {}
    for psu, row in zip(table.column("psu").to_pylist(), factors, strict=True):
        assert np.allclose(rows.setdefault(psu, row), row, rtol=1e-15, atol=0)  # one per PSU
    return rows


def _r_half_samples(strata: int) -> dict[str, np.ndarray]:
    """R's BRR factors (2 or 0) of each PSU of the design with ``strata`` strata."""
    theirs = PATTERNS.filter(pc.equal(PATTERNS.column("H"), strata)).to_pylist()
    return {
        row["psu"]: np.array([2.0 if c == "1" else 0.0 for c in row["pattern"]]) for row in theirs
    }


@pytest.mark.parametrize("strata", [h for h in sorted(CASES) if follows_r(h)])
def test_brr_half_samples_equal_r(strata):
    made = replicate_weights(_design(strata), DESIGN, type="BRR")
    assert len(made.replicates.columns) == CASES[strata]["replicates"]
    assert math.isclose(made.replicates.scale, CASES[strata]["scale"], rel_tol=1e-14)
    ours = _factors(made, strata)
    theirs = _r_half_samples(strata)
    assert sorted(ours) == sorted(theirs)
    for psu, expected in theirs.items():
        assert np.array_equal(ours[psu], expected), psu


@pytest.mark.parametrize("strata", [h for h in sorted(CASES) if not follows_r(h)])
def test_brr_half_samples_from_our_order_28_are_balanced(strata):
    # R's own order-28 matrix is not copied: the half-samples differ from R's, but they must
    # still be a BRR with full orthogonal balance, with R's number of replicates and scale.
    made = replicate_weights(_design(strata), DESIGN, type="BRR")
    order = CASES[strata]["replicates"]
    assert len(made.replicates.columns) == order
    assert order in (28, 56)  # R's 28, or it doubled
    assert math.isclose(made.replicates.scale, CASES[strata]["scale"], rel_tol=1e-14)
    ours = _factors(made, strata)
    assert sorted(ours) == sorted(_r_half_samples(strata))
    table = _design(strata)
    signs = []
    for stratum in sorted(set(table.column("stratum").to_pylist())):
        psus = table.filter(pc.equal(table.column("stratum"), stratum)).column("psu")
        first, second = (ours[p] for p in dict.fromkeys(psus.to_pylist()))
        assert np.array_equal(first + second, np.full(order, 2.0))  # one half in, one out
        assert set(first) == {0.0, 2.0}
        signs.append(first - 1)
    signs = np.array(signs)
    assert np.array_equal(signs @ signs.T, order * np.eye(len(signs)))  # orthogonal strata
    assert not signs.sum(axis=1).any()  # balanced against the all-ones row


@pytest.mark.parametrize("strata", [5])
def test_fay_factors_equal_r(strata):
    made = replicate_weights(_design(strata), DESIGN, type="Fay", fay_rho=RHO)
    ours = _factors(made, strata)
    theirs = FAY.filter(pc.equal(FAY.column("H"), strata))
    names = [f"fay{r + 1}" for r in range(CASES[strata]["replicates"])]
    assert len(made.replicates.columns) == len(names)
    for i, psu in enumerate(theirs.column("psu").to_pylist()):
        expected = np.array([theirs.column(n)[i].as_py() for n in names])
        assert np.allclose(ours[psu], expected, rtol=1e-15, atol=0), psu  # 1.7 and 0.3
        assert set(np.round(ours[psu], 12)) == {2 - RHO, RHO}


@pytest.mark.parametrize("kind", ["BRR", "Fay"])
@pytest.mark.parametrize("strata", [3, 27, 100])
def test_estimates_and_errors_equal_r(strata, kind, backend):
    made = replicate_weights(_design(strata), DESIGN, type=kind, fay_rho=RHO, backend=backend)
    golden = CASES[strata]["brr" if kind == "BRR" else "fay"]
    assert math.isclose(made.replicates.scale, golden["scale"], rel_tol=1e-14)
    design = Design(weights="w", replicates=made.replicates)
    rows = estimate(made.table, design, Request((Mean("y"), Total("y"))), backend=backend)
    mean, total = rows.table.to_pylist()
    assert math.isclose(mean["estimate"], golden["mean"], rel_tol=1e-8)
    if follows_r(strata):
        assert math.isclose(mean["se"], golden["mean_se"], rel_tol=1e-8)
    else:  # another Hadamard matrix: a nonlinear statistic's variance differs a little
        assert math.isclose(mean["se"], golden["mean_se"], rel_tol=0.1)
        assert not math.isclose(mean["se"], golden["mean_se"], rel_tol=1e-8)
    assert math.isclose(total["estimate"], golden["total"], rel_tol=1e-8)
    assert math.isclose(total["se"], golden["total_se"], rel_tol=1e-8)


@pytest.mark.parametrize("n", range(0, 260))
def test_matrices_are_hadamard_with_a_first_row_of_ones(n):
    signs = 2 * hadamard(n).astype(int) - 1
    order = signs.shape[0]
    assert order > n
    assert np.array_equal(signs @ signs.T, order * np.eye(order, dtype=int))
    assert (signs[0] == 1).all()  # full orthogonal balance: replicates average to the estimate


def _checksums(matrix: np.ndarray) -> tuple[int, int]:
    """make_brr_goldens.R's two position-weighted sums (rows and columns numbered from 1)."""
    i = np.arange(1, matrix.shape[0] + 1, dtype=np.int64)[:, None]
    j = i.T
    first = (i * j * 7919 + i * i * 31 + j) % 1000003
    second = (i * i * j * 3 + j * j * i * 5 + i + 2 * j) % 999983
    ones = matrix.astype(np.int64)
    return int((ones * first).sum()), int((ones * second).sum())


@pytest.mark.parametrize(
    "row",
    [r for r in pacsv.read_csv(DATA / "hadamard_checksums.csv").to_pylist() if follows_r(r["n"])],
)
def test_matrices_equal_rs(row):
    # R's hadamard(n) for n = 0..300, 500, 1000, 1500, by order, ones and two position-weighted
    # sums (make_brr_goldens.R): Sylvester, Paley, doubled Paley, the stored 36 and its
    # doublings all occur.
    matrix = hadamard(row["n"])
    assert matrix.shape == (row["order"], row["order"])
    assert int(matrix.sum()) == row["ones"]
    assert _checksums(matrix) == (row["sum1"], row["sum2"])


def test_orders_are_rs():
    # The sizes R survey's ?hadamard documents: Paley 60 for 59, order 28 for 27, Sylvester
    # 64 for 63, and 96 = 8 x 12 (not the minimum 92) for 90.
    assert [hadamard(n).shape[0] for n in (59, 27, 63, 90)] == [60, 28, 64, 96]


def test_numeric_strata_sort_as_r_writes_them():
    # R sorts as.character(stratum): 10 before 2. Numbering the strata "s1".."s12" as the
    # integers 1..12 keeps that order, so R's half-samples for the named design still apply.
    named = _design(12)
    number = pc.cast(pc.utf8_slice_codeunits(named.column("stratum"), 1), pa.int64())
    numbered = named.set_column(0, "stratum", number)
    made = replicate_weights(numbered, DESIGN, type="BRR")
    ours = _factors(made, 12)
    for psu, expected in _r_half_samples(12).items():
        assert np.array_equal(ours[psu], expected), psu
