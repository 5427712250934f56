"""``safemig demo``: the estimation engine on the bundled SYNTHETIC survey, start to finish.

Until the indicator pipeline lands, the demonstration generates the synthetic Niger-style
survey (1,320 women, three regions, enumeration areas as PSUs), writes it as ODK Central
would export it, and estimates a handful of gender-and-migration figures with R-exact
standard errors, overall and by region, migration stage and disability, in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from safemig.demo.exports import central_table, write_survey
from safemig.demo.survey import DEFAULT_SEED, DEFAULT_SIZE, generate_survey
from safemig.design import Design
from safemig.estimate import Mean, Proportion, Quantile, Request, Results, estimate, write_results

REGION, STAGE, DISABILITY = "stratum", "trajectory-migration_stage", "wg_ss-disability_wg"

#: The survey design as the generator draws it: regions as strata, enumeration areas as
#: PSUs, women within, with finite population corrections at both stages.
DEMO_DESIGN = Design(
    weights="design_weight",
    strata="stratum",
    psu=("psu", "KEY"),
    fpc=("fpc_psu", "fpc_ssu"),
    lonely_psu="adjust",
)

DEMO_REQUEST = Request(
    statistics=(
        Proportion("predeparture-info_received"),
        Proportion("predeparture-info_sources", multiple=True),
        Proportion("services-got_health"),
        Mean("work-hours_week"),
        Quantile("work-hours_week", 0.5),
    ),
    by=((REGION,), (STAGE,), (DISABILITY,), (REGION, STAGE)),
    where="\"consent-consent_given\" = 'yes'",
    na="drop",
)


@dataclass(frozen=True)
class DemoRun:
    """What the demonstration wrote and estimated."""

    folder: Path
    data: Path
    results: Results
    estimates_csv: Path
    estimates_json: Path


def run_demo(
    folder: str | Path, seed: int = DEFAULT_SEED, size: int = DEFAULT_SIZE, progress: bool = False
) -> DemoRun:
    """Generate the synthetic survey into ``folder`` and estimate the demo request.

    Returns the results and the paths of everything written (exports, the analysis table
    as Parquet, estimates as CSV and JSON).
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    survey = generate_survey(seed=seed, size=size, progress=progress)
    write_survey(survey, out / "synthetic-survey")
    data = out / "survey.parquet"
    pq.write_table(central_table(survey), data)
    results = estimate(data, DEMO_DESIGN, DEMO_REQUEST)
    csv_path, json_path = out / "estimates.csv", out / "estimates.json"
    write_results(results, "csv", csv_path)
    write_results(results, "json", json_path)
    return DemoRun(out, data, results, csv_path, json_path)
