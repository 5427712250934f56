"""The built-in catalogue's results on the synthetic survey pass disclosure control."""

from __future__ import annotations

from safemig.disclosure import apply_disclosure, preset


def test_catalogue_results_pass_disclosure(survey_results):
    out = apply_disclosure(survey_results.table, preset("dhs"), survey_results.disaggregations)
    statuses = set(out["status"].to_pylist())
    assert "published" in statuses and out.num_rows == len(survey_results)
    for r in out.to_pylist():
        if r["status"] in ("published", "caution"):
            assert r["n"] >= 25
