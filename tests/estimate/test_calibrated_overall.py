"""Calibrated designs without ``--by``: the whole-population rows against R ``survey``.

The linearised variance of a calibrated design sums each measure by calibration pattern
(:meth:`safemig.estimate.calibration.SqlResidualiser.prepare`); with no disaggregation that
query has no GROUPING SETS, only the patterns. Each calibrated case of
tests/golden/goldens.json is run again with its ``--by`` options removed, and its rows must
equal R's rows for the whole population (``by`` empty) at the goldens' tolerances.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safemig.cli import main
from tests.estimate.test_golden import CASES, NUMBERS, _close, _in_golden, _oracle, _tolerance

CALIBRATED = [
    c
    for c in CASES
    if any(a in c["args"] for a in ("--rake", "--poststratify", "--calibrate"))
    and "--repweights" not in c["args"]
    and "--quantile" not in c["args"]
]


def _without_by(args: list[str]) -> list[str]:
    out: list[str] = []
    skip = False
    for a in args:
        if skip:
            skip = False
        elif a == "--by":
            skip = True
        else:
            out.append(_in_golden(a))
    return out


def _key(row: dict) -> tuple[str, str, str]:
    return (row["statistic"], row["variable"], str(row["level"]))


def test_every_calibration_method_is_covered() -> None:
    methods = {a for c in CALIBRATED for a in c["args"] if a.startswith("--")}
    assert {"--rake", "--poststratify", "--calibrate", "--calibrate-method"} <= methods
    assert len(CALIBRATED) >= 10


@pytest.mark.parametrize("case", CALIBRATED, ids=[c["id"] for c in CALIBRATED])
def test_overall_rows_match_r(case: dict, tmp_path: Path, backend: str) -> None:
    out = tmp_path / "out.json"
    args = _without_by(case["args"])
    code = main([*args, "--format", "json", "-o", str(out), "--quiet", "--backend", backend])
    assert code == 0
    got = {_key(r): r for r in json.loads(out.read_text(encoding="utf-8"))}
    expected = {_key(r): r for r in case["rows"] if r["by"] == ""}
    assert expected and set(expected) <= set(got)
    assert all(r["by"] in ("", None) for r in got.values())
    mismatches = [
        (key, name, got[key][name], row[name])
        for key, row in expected.items()
        for name in NUMBERS
        if name in row
        and not _close(got[key][name], _oracle(row, name), _tolerance(case, row, name))
    ]
    assert not mismatches, mismatches[:8]
