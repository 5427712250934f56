"""``safemig demo``: safemig on the bundled SYNTHETIC survey, start to finish.

The demonstration generates the synthetic Niger-style survey (1,320 women, three regions,
enumeration areas as PSUs), writes it as KoboToolbox and ODK Central would export it into a
complete project folder (``<output>/project``) and runs the whole pipeline on it, as
``safemig run`` does: ingest, daily checks, cleaning log, weights, the built-in
gender-and-migration catalogue over all its disaggregations, disclosure control (DHS rule),
and the published results in ``<output>/project/results``. It also estimates a handful of
figures with R-exact standard errors by region, migration stage and disability straight from
the export, and builds the information kits for women (mini-site, leaflets, audio, SMS) with
the channels women trusted as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from safemig.demo.exports import central_table
from safemig.demo.project import build_demo_project
from safemig.demo.survey import DEFAULT_SEED, DEFAULT_SIZE, generate_survey
from safemig.design import Design
from safemig.estimate import Mean, Proportion, Quantile, Request, Results, estimate, write_results
from safemig.pipeline import RunSummary

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
        Proportion("predeparture-trusted_source"),
        Proportion("predeparture-info_formats", multiple=True),
    ),
    by=((REGION,), (STAGE,), (DISABILITY,), (REGION, STAGE)),
    where="\"consent-consent_given\" = 'yes'",
    na="drop",
)


@dataclass(frozen=True)
class DemoRun:
    """What the demonstration wrote and estimated."""

    folder: Path
    project: Path
    data: Path
    results: Results
    estimates_csv: Path
    estimates_json: Path
    run: RunSummary | None = None
    indicators: Path | None = None
    kits: Path | None = None
    assessment: Path | None = None


def run_demo(
    folder: str | Path,
    seed: int = DEFAULT_SEED,
    size: int = DEFAULT_SIZE,
    progress: bool = False,
    full: bool = True,
) -> DemoRun:
    """Generate the synthetic survey into a project in ``folder`` and run safemig on it.

    Returns the results and the paths of everything written: the project (exports under
    ``project/data``), the analysis table as Parquet, estimates as CSV and JSON and, with
    ``full``, the pipeline's run (``project/results``), the disclosure-controlled indicator
    table also as CSV, and the information kits.
    """
    from safemig.pipeline import run_project

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    survey = generate_survey(seed=seed, size=size, progress=progress)
    project = build_demo_project(out / "project", survey)
    data = out / "survey.parquet"
    pq.write_table(central_table(survey), data)
    results = estimate(data, DEMO_DESIGN, DEMO_REQUEST)
    csv_path, json_path = out / "estimates.csv", out / "estimates.json"
    write_results(results, "csv", csv_path)
    write_results(results, "json", json_path)
    if not full:
        return DemoRun(out, project.root, data, results, csv_path, json_path)
    run = run_project(project, progress=progress)
    indicators = _indicators_csv(run.results / "indicators.parquet", out / "indicators.csv")
    kits = build_demo_kits(out / "kits", csv_path, progress)
    from safemig.assess.demo import build_demo_assessment

    assessment = build_demo_assessment(project.root, out / "assessment")
    return DemoRun(
        out, project.root, data, results, csv_path, json_path, run, indicators, kits, assessment
    )


def _indicators_csv(published: Path, target: Path) -> Path:
    """The published table as CSV, for a reader with a spreadsheet."""
    import pyarrow.csv as pacsv

    pacsv.write_csv(pq.read_table(published), target)
    return target


def build_demo_kits(folder: Path, estimates: Path, progress: bool) -> Path:
    """Kits in English and French for the three regions, with the survey's channels."""
    from safemig.kits import build_kits

    build_kits(
        folder,
        ("en", "fr"),
        ("niamey", "zinder", "agadez"),
        estimates=estimates,
        estimates_synthetic=True,
        progress=progress,
    )
    return folder
