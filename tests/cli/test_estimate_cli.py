"""The `safemig estimate` command-line contract (issue 2), which other tools call exactly."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from safemig.cli import build_parser, main, reference

GOLDEN = Path(__file__).parents[1] / "golden" / "data"
APISTRAT = str(GOLDEN / "apistrat.csv")
DESIGN = ["--weights", "pw", "--strata", "stype", "--fpc", "fpc", "--quiet"]
CONTRACT_TAIL = ["estimate", "se", "ci_low", "ci_high", "cv", "deff", "n", "n_weighted", "df"]


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_csv_columns_follow_the_contract(capsys):
    code, out, _ = run(
        ["estimate", APISTRAT, *DESIGN, "--mean", "api00", "--by", "stype", "--by", "stype,awards"],
        capsys,
    )
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["statistic", "variable", "level", "by", "stype", "awards", *CONTRACT_TAIL]
    overall = rows[1]
    assert overall[:6] == ["mean", "api00", "", "", "", ""]  # by-columns empty off the cut
    cuts = [r[3] for r in rows[1:]]
    assert cuts == ["", "stype", "stype", "stype"] + ["stype+awards"] * 6


def test_statistics_keep_the_order_given(capsys):
    code, out, _ = run(
        [
            "estimate",
            APISTRAT,
            *DESIGN,
            "--ratio",
            "api.stu:enroll",
            "--quantile",
            "api00:0.5",
            "--total",
            "enroll",
            "--prop",
            "awards",
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0
    stats = [r["statistic"] for r in json.loads(out)]
    assert stats == ["ratio", "quantile", "total", "prop", "prop"]


def test_output_file_and_table_format(tmp_path, capsys):
    target = tmp_path / "out.json"
    code, out, _ = run(
        ["estimate", APISTRAT, *DESIGN, "--mean", "api00", "--format", "json", "-o", str(target)],
        capsys,
    )
    assert code == 0 and out == ""
    assert json.loads(target.read_text())[0]["n"] == 200
    code, out, _ = run(
        ["estimate", APISTRAT, *DESIGN, "--mean", "api00", "--format", "table"], capsys
    )
    assert code == 0 and "662.28736" in out and "taylor variance" in out


def test_bad_input_exits_2_with_one_paragraph_naming_the_culprit(capsys):
    code, out, err = run(["estimate", APISTRAT, *DESIGN, "--mean", "api0"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("safemig: error: Column 'api0' (mean) is not in the data.")
    assert "Did you mean 'api00'" in err and err.count("\n") == 1
    code, _, err = run(["estimate", APISTRAT, *DESIGN, "--ratio", "api00"], capsys)
    assert code == 2 and "NUM:DEN" in err


def test_every_command_has_help(capsys):
    parser = build_parser()
    commands = [a for a in parser._actions if a.dest == "command"][0].choices
    assert {"estimate", "demo", "form", "lint-text", "demo-data"} <= set(commands)
    for name in commands:
        with pytest.raises(SystemExit) as stop:
            main([name, "--help"])
        assert stop.value.code == 0
        assert "usage: safemig " + name in capsys.readouterr().out


def test_cli_reference_is_current(monkeypatch):
    """docs/cli.md is generated from --help; regenerate it with `make docs`."""
    monkeypatch.setenv("COLUMNS", "100")
    documented = (Path(__file__).parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    assert documented == reference(), "docs/cli.md is out of date: run `make docs`"
    for option in ("--weights", "--repweights", "--lonely-psu", "--ci-method", "--where"):
        assert option in documented


def test_backend_choices_match_the_backends():
    from safemig.cli.estimate import BACKEND_CHOICES
    from safemig.estimate.backends import BACKENDS

    assert tuple(BACKEND_CHOICES) == tuple(BACKENDS)


def test_a_proportion_constant_within_strata_has_zero_standard_error(capsys):
    # R survey 4.1.1: svymean(~stype, svydesign(id=~1, strata=~stype, weights=~pw,
    # data=apistrat)) gives SE 0 for every level and means 0.71375523706774757,
    # 0.12189215760224135, 0.16435260533001114. The variance is zero in exact arithmetic and
    # rounding must not turn it into a NaN standard error (nor a warning loop: this request
    # once never returned, because the CLI re-emitted numpy's sqrt warning into its own
    # recorder).
    code, out, _ = run(
        ["estimate", APISTRAT, "--weights", "pw", "--strata", "stype", "--prop", "stype"], capsys
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    expected = {"E": 0.71375523706774757, "H": 0.12189215760224135, "M": 0.16435260533001114}
    assert [r["level"] for r in rows] == list(expected)
    for row in rows:
        assert float(row["estimate"]) == pytest.approx(expected[row["level"]], rel=1e-12)
        assert 0 <= float(row["se"]) < 1e-8 * float(row["estimate"])
        assert float(row["ci_low"]) <= float(row["estimate"]) <= float(row["ci_high"])


def test_other_warnings_pass_through_the_calibration_recorder_once():
    import subprocess
    import sys

    script = (
        "import argparse, warnings\n"
        "from safemig.cli.calibration_args import calibration_warnings\n"
        "with warnings.catch_warnings(record=True) as outer:\n"
        "    warnings.simplefilter('always')\n"
        "    with calibration_warnings(argparse.Namespace(ui_language='en')):\n"
        "        warnings.warn('from numpy', RuntimeWarning)\n"
        "print(len(outer), outer[0].category.__name__, outer[0].message)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["1", "RuntimeWarning", "from", "numpy"]
