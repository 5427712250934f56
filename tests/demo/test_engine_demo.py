"""`safemig demo` runs the engine on the synthetic survey and writes what it says it writes."""

from __future__ import annotations

import json

from safemig.demo.engine_demo import run_demo


def test_demo_writes_exports_and_estimates(tmp_path):
    run = run_demo(tmp_path, size=330)
    assert run.data.exists() and (tmp_path / "synthetic-survey" / "form.xlsx").exists()
    rows = json.loads(run.estimates_json.read_text())
    assert len(rows) == len(run.results) > 100
    by_region = run.results.rows("prop", "predeparture-info_received", "stratum")
    assert {r["stratum"] for r in by_region} == {"agadez", "niamey", "zinder"}
    for r in by_region:
        assert 0 <= r["ci_low"] <= r["estimate"] <= r["ci_high"] <= 1
    shares = [r["estimate"] for r in run.results.rows("prop", "predeparture-info_received", "")]
    assert abs(sum(shares) - 1) < 1e-12  # levels of one variable add up to one
