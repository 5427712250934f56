"""Bad input: each case raises its own error class, naming the culprit and what to do."""

from __future__ import annotations

import pytest

from safemig import errors
from safemig.design import Design, Replicates
from safemig.estimate import Mean, Proportion, Quantile, Ratio, Request, estimate

HEADER = "region,ea,pw,fpc,income,sex"
GOOD_ROWS = (
    "Niamey,N1,10,40,100,F",
    "Niamey,N1,10,40,120,M",
    "Niamey,N2,12,40,90,F",
    "Zinder,Z1,20,30,80,F",
    "Zinder,Z2,20,30,70,F",
    "Zinder,Z2,22,30,75,M",
)
DESIGN = Design(weights="pw", strata="region", psu=("ea",), fpc=("fpc",))
MEAN = Request((Mean("income"),))


@pytest.fixture
def run(backend):
    """Estimate on the backend under test (every test here runs on each backend)."""

    def run(path, design=DESIGN, request=MEAN):
        return estimate(path, design, request, backend=backend)

    return run


def test_good_file_estimates(write_csv, run):
    path = write_csv("ok.csv", HEADER, *GOOD_ROWS)
    assert len(run(path)) == 1


def test_missing_weight_names_row_and_column(write_csv, run):
    rows = list(GOOD_ROWS)
    rows[3] = "Zinder,Z1,,30,80,F"
    path = write_csv("w.csv", HEADER, *rows)
    with pytest.raises(
        errors.MissingWeightError, match=r"'pw'.*row 4 \(region='Zinder', ea='Z1'\)"
    ):
        run(path)


def test_non_numeric_weights(write_csv, run):
    rows = list(GOOD_ROWS)
    rows[0] = "Niamey,N1,ten,40,100,F"
    path = write_csv("w.csv", HEADER, *rows)
    with pytest.raises(errors.NonNumericWeightError, match="'pw'.*does not hold numbers"):
        run(path)


def test_negative_weight(write_csv, run):
    rows = list(GOOD_ROWS)
    rows[2] = "Niamey,N2,-12,40,90,F"
    path = write_csv("w.csv", HEADER, *rows)
    with pytest.raises(errors.NegativeWeightError, match=r"row 3 \(pw=-12"):
        run(path)


def test_zero_weights_are_allowed_and_counted(write_csv, run):
    rows = list(GOOD_ROWS)
    rows[1] = "Niamey,N1,0,40,120,M"
    path = write_csv("w.csv", HEADER, *rows)
    row = run(path).to_pylist()[0]
    assert row["n"] == 6  # the zero-weight row stays in the design
    assert row["estimate"] == pytest.approx(
        (10 * 100 + 12 * 90 + 20 * 80 + 20 * 70 + 22 * 75) / 84, rel=1e-12
    )


def test_missing_design_value(write_csv, run):
    rows = list(GOOD_ROWS)
    rows[4] = "Zinder,,20,30,70,F"
    path = write_csv("d.csv", HEADER, *rows)
    with pytest.raises(errors.MissingDesignValueError, match=r"'ea'.*row 5 \(region='Zinder'\)"):
        run(path)


def test_psu_not_nested_suggests_nest(write_csv, run):
    rows = list(GOOD_ROWS)
    rows[3] = "Zinder,N1,20,30,80,F"
    path = write_csv("n.csv", HEADER, *rows)
    with pytest.raises(errors.NestingError, match=r"'N1' \(in 2 strata\).*--nest"):
        run(path)
    nested = Design(weights="pw", strata="region", psu=("ea",), fpc=("fpc",), nest=True)
    assert len(run(path, design=nested)) == 1


def test_lonely_psu_under_fail_names_stratum(write_csv, run):
    rows = [*GOOD_ROWS, "Agadez,A1,30,20,60,F", "Agadez,A1,30,20,65,F"]
    path = write_csv("l.csv", HEADER, *rows)
    with pytest.raises(errors.LonelyPSUError, match=r"Stratum 'Agadez' has only one PSU.*adjust"):
        run(path)


def test_unknown_column_suggests_close_name(write_csv, run):
    path = write_csv("u.csv", HEADER, *GOOD_ROWS)
    with pytest.raises(errors.UnknownColumnError, match=r"'incme'.*Did you mean 'income'"):
        run(path, request=Request((Mean("incme"),)))
    with pytest.raises(errors.UnknownColumnError, match=r"'regin' \(disaggregation\)"):
        run(path, request=Request((Mean("income"),), by=(("regin",),)))
    with pytest.raises(errors.UnknownColumnError, match=r"'wt' \(weights\)"):
        run(path, design=Design(weights="wt"))


def test_empty_file(write_csv, run):
    path = write_csv("e.csv", HEADER)
    with pytest.raises(errors.EmptyDataError, match="e.csv has no data rows"):
        run(path)


def test_missing_file(tmp_path, run):
    with pytest.raises(errors.DataFileError, match="does not exist"):
        run(tmp_path / "nowhere.csv")


def test_where_selecting_nobody(write_csv, run):
    path = write_csv("u.csv", HEADER, *GOOD_ROWS)
    with pytest.raises(errors.EmptyUniverseError, match="region = 'Agadez'.*selects no respondent"):
        run(path, request=Request((Mean("income"),), where="region = 'Agadez'"))


def test_where_with_unknown_column_and_bad_syntax(write_csv, run):
    path = write_csv("u.csv", HEADER, *GOOD_ROWS)
    with pytest.raises(errors.UnknownColumnError, match="'age' \\(universe condition\\)"):
        run(path, request=Request((Mean("income"),), where="age > 18"))
    with pytest.raises(errors.RequestError, match="not valid SQL"):
        run(path, request=Request((Mean("income"),), where="sex = = 'F'"))


def test_fpc_smaller_than_sample(write_csv, run):
    rows = [r.replace(",40,", ",1.5,") for r in GOOD_ROWS]  # 2 PSUs sampled, population "1.5"
    path = write_csv("f.csv", HEADER, *rows)
    with pytest.raises(errors.FpcError, match=r"population of 1.5 in stratum 'Niamey'.*2 units"):
        run(path)


def test_fpc_varying_within_stratum(write_csv, run):
    rows = list(GOOD_ROWS)
    rows[0] = "Niamey,N1,10,41,100,F"
    path = write_csv("f.csv", HEADER, *rows)
    with pytest.raises(errors.FpcError, match=r"varies within stratum 'Niamey' \(40 to 41\)"):
        run(path)


def test_missing_value_under_fail_and_drop(write_csv, run):
    rows = list(GOOD_ROWS)
    rows[5] = "Zinder,Z2,22,30,,M"
    path = write_csv("m.csv", HEADER, *rows)
    with pytest.raises(errors.MissingValueError, match=r"'income' has 1 missing.*row 6.*--na drop"):
        run(path)
    dropped = run(path, request=Request((Mean("income"),), na="drop")).to_pylist()[0]
    assert dropped["n"] == 5


def test_statistic_on_text_column(write_csv, run):
    path = write_csv("t.csv", HEADER, *GOOD_ROWS)
    with pytest.raises(errors.RequestError, match="'sex' \\(mean\\) does not hold numbers.*--prop"):
        run(path, request=Request((Mean("sex"),)))


def test_malformed_requests():
    with pytest.raises(errors.RequestError, match="Nothing to estimate"):
        Request(())
    with pytest.raises(errors.RequestError, match="strictly between 0 and 1"):
        Quantile("income", 1.5)
    with pytest.raises(errors.RequestError, match='lonely_psu=.*"adjust"'):
        Design(weights="pw", lonely_psu="drop")  # type: ignore[arg-type]
    with pytest.raises(errors.RequestError, match="needs its scale"):
        Replicates(columns=("a", "b"), type="Fay")


def test_replicate_glob_matching_nothing(write_csv, run):
    path = write_csv("r.csv", HEADER, *GOOD_ROWS)
    design = Design(weights="pw", replicates=Replicates(pattern="rep*"))
    with pytest.raises(errors.RequestError, match="'rep\\*' matches 0 column"):
        run(path, design=design)


def test_ratio_and_proportion_on_good_file(write_csv, run):
    path = write_csv("ok.csv", HEADER, *GOOD_ROWS)
    results = run(path, request=Request((Ratio("income", "fpc"), Proportion("sex"))))
    assert [r["level"] for r in results.rows("prop")] == ["F", "M"]
