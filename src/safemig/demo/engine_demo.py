"""``safemig demo``: safemig on the bundled SYNTHETIC survey, start to finish.

Until the project pipeline (``safemig run``) lands, the demonstration generates the
synthetic Niger-style survey (1,320 women, three regions, enumeration areas as PSUs), writes
it as ODK Central would export it, estimates a handful of figures with R-exact standard
errors by region, migration stage and disability in one pass, estimates the built-in
gender-and-migration indicator catalogue and publishes it through disclosure control (DHS
rule), and builds the information kits for women (mini-site, leaflets, audio, SMS) with the
channels women trusted as evidence.
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
    data: Path
    results: Results
    estimates_csv: Path
    estimates_json: Path
    indicators: Path | None = None
    kits: Path | None = None


def run_demo(
    folder: str | Path,
    seed: int = DEFAULT_SEED,
    size: int = DEFAULT_SIZE,
    progress: bool = False,
    full: bool = True,
) -> DemoRun:
    """Generate the synthetic survey into ``folder`` and run safemig on it.

    Returns the results and the paths of everything written (exports, the analysis table
    as Parquet, estimates as CSV and JSON and, with ``full``, the disclosure-controlled
    indicator table and the information kits).
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
    if not full:
        return DemoRun(out, data, results, csv_path, json_path)
    indicators = publish_indicators(data, out / "indicators.csv")
    kits = build_demo_kits(out / "kits", csv_path, progress)
    return DemoRun(out, data, results, csv_path, json_path, indicators, kits)


def publish_indicators(data: Path, target: Path) -> Path:
    """The built-in catalogue, estimated and passed through the DHS disclosure rule."""
    import pyarrow.csv as pacsv

    from safemig.disclosure import apply_disclosure, preset
    from safemig.indicators import builtin_catalogue, estimate_catalogue

    results = estimate_catalogue(data, DEMO_DESIGN, builtin_catalogue("gender_migration"))
    published = apply_disclosure(results.table, preset("dhs"), results.disaggregations)
    pacsv.write_csv(published, target)
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
