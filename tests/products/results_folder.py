"""Build a results folder (the contract between ``safemig run`` and the products) from the
synthetic survey: ``indicators.parquet``, ``run.json`` and ``survey_summary.json``.

The synthetic survey is safemig's own, generated on the fly (no third-party data).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from safemig.demo import central_table, generate_survey
from safemig.demo.engine_demo import DEMO_DESIGN
from safemig.disclosure import apply_disclosure, preset
from safemig.indicators import builtin_catalogue, estimate_catalogue


def build_results_folder(folder: Path, size: int = 1320) -> pa.Table:
    """Write the three files of a results folder; return the table *before* disclosure
    control (the tests' record of what each suppressed number was)."""
    folder.mkdir(parents=True, exist_ok=True)
    survey = central_table(generate_survey(size=size))
    catalogue = builtin_catalogue("gender_migration")
    results = estimate_catalogue(survey, DEMO_DESIGN, catalogue)
    rule = preset("dhs")
    published = apply_disclosure(results.table, rule, results.disaggregations)
    pq.write_table(published, folder / "indicators.parquet")
    run = {
        "catalogue": "gender_migration",
        "disaggregations": list(results.disaggregations),
        "disclosure": {"preset": "dhs", **asdict(rule)},
        "design": {
            "weights": DEMO_DESIGN.weights,
            "strata": DEMO_DESIGN.strata,
            "psu": list(DEMO_DESIGN.psu) if DEMO_DESIGN.psu else None,
            "fpc": list(DEMO_DESIGN.fpc) if DEMO_DESIGN.fpc else None,
            "lonely_psu": DEMO_DESIGN.lonely_psu,
        },
        "languages": ["en", "fr"],
        "synthetic": True,
        "started": "2026-11-28T04:00:00+00:00",
        "finished": "2026-11-28T04:00:05+00:00",
        "safemig_version": "0.1.0",
        "project_name": "Niger pilot (synthetic)",
        "project_name_fr": "Pilote Niger (synthétique)",
    }
    (folder / "run.json").write_text(json.dumps(run, indent=2), encoding="utf-8")
    summary = survey_summary(survey)
    (folder / "survey_summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return results.table


def survey_summary(survey: pa.Table) -> dict[str, object]:
    """Respondents, strata and weight statistics of the synthetic survey."""
    weights = survey.column("design_weight").to_numpy()
    strata = []
    for stratum in sorted(set(survey.column("stratum").to_pylist())):
        rows = survey.filter(pc.equal(survey.column("stratum"), stratum))
        strata.append(
            {
                "stratum": stratum,
                "respondents": rows.num_rows,
                "psus": len(set(rows.column("psu").to_pylist())),
                "weighted": float(pc.sum(rows.column("design_weight")).as_py()),
            }
        )
    mean = float(weights.mean())
    return {
        "respondents": survey.num_rows,
        "quarantined": 0,
        "flagged": 0,
        "strata": strata,
        "weights": {
            "min": float(weights.min()),
            "max": float(weights.max()),
            "mean": mean,
            "cv": float(weights.std() / mean),
            "kish_deff": float(len(weights) * (weights**2).sum() / weights.sum() ** 2),
        },
    }
