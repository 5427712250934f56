"""Time `safemig run`'s estimation stage: the full catalogue over all its disaggregations.

Two inputs, both from the synthetic-survey generator (safemig.demo, seed 7):

* the 1,320-respondent demonstration project, run end to end by ``run_project`` (every
  stage's time is reported; the estimation stage is then repeated on the same analysis
  table, the Arrow table the pipeline hands the engine);
* a 1,000,000-row survey generated with ``generate_survey(size=1_000_000)`` (a real draw of
  the same design, not replicated rows), laid out as its ODK Central export
  (``central_table``), estimated with the same catalogue and the same design as the
  pipeline's estimation stage (``estimate_catalogue`` on the Arrow table), and once more from
  the same table written to Parquet.

Medians of ``--repeat`` runs. Writes the section "## Pipeline (issue 7)" of
benchmarks/RESULTS.md (replacing it when present) with the machine, versions, load average
and the command.

    python benchmarks/pipeline.py [--size 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow
import pyarrow.parquet as pq

from safemig.demo import central_table, generate_survey
from safemig.demo.engine_demo import DEMO_DESIGN
from safemig.demo.project import build_demo_project
from safemig.indicators import builtin_catalogue, estimate_catalogue
from safemig.instrument.schema import read_form
from safemig.pipeline import run_project, weights_stage
from safemig.pipeline.analysis import analysis_data

HERE = Path(__file__).parent
RESULTS = HERE / "RESULTS.md"
HEADING = "## Pipeline (issue 7)"


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def demo_project(folder: Path, repeat: int) -> tuple[dict[str, float], float, int]:
    """Run the demonstration project; return its stage times, the estimation median, cells."""
    project = build_demo_project(folder / "project", generate_survey(size=1320))
    summary = run_project(project)
    design = project.design
    assert design is not None and project.form is not None
    data = analysis_data(project, read_form(project.form), design)
    table = weights_stage(project, data.table)
    catalogue = project.catalogue.load()
    design = replace(design, weights=project.weights.final)
    seconds = median_seconds(lambda: estimate_catalogue(table, design, catalogue), repeat)
    return summary.seconds, seconds, sum(summary.cells.values())


def large_survey(folder: Path, size: int, repeat: int, parquet_too: bool) -> dict[str, float]:
    """Generate ``size`` rows; time the estimation stage from Arrow (and from Parquet)."""
    start = time.perf_counter()
    table = central_table(generate_survey(size=size))
    generated = time.perf_counter() - start
    parquet = folder / f"survey_{size}.parquet"
    pq.write_table(table, parquet)
    catalogue = builtin_catalogue("gender_migration")
    arrow = median_seconds(lambda: estimate_catalogue(table, DEMO_DESIGN, catalogue), repeat)
    if not parquet_too:
        return {"generate": generated, "arrow": arrow}
    from_file = median_seconds(lambda: estimate_catalogue(parquet, DEMO_DESIGN, catalogue), repeat)
    return {"generate": generated, "arrow": arrow, "parquet": from_file}


def machine() -> str:
    cores = os.cpu_count()
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024**2:.0f} GiB RAM"
    cpu = platform.processor() or platform.machine()
    for line in (
        Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []
    ):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {cores} cores{memory}, {platform.system()} {platform.release()}"


def versions() -> str:
    from safemig import __version__

    return (
        f"safemig {__version__}, Python {platform.python_version()}, DuckDB "
        f"{duckdb.__version__}, PyArrow {pyarrow.__version__}"
    )


def section(
    stages: dict[str, float],
    demo: float,
    cells: int,
    large: dict[str, float],
    size: int,
    repeat: int,
    load: tuple[float, float, float],
) -> str:
    catalogue = builtin_catalogue("gender_migration")
    parquet_row = (
        f"| the same {size:,} rows read from Parquet | {large['parquet']:.2f} s |\n"
        if "parquet" in large
        else ""
    )
    demo_row = (
        f"| demo project, 1,320 respondents ({cells} published-table rows), Arrow table "
        f"from the store | {demo:.2f} s |"
    )
    large_row = (
        f"| {size:,} rows generated by `generate_survey(size={size})` (a new draw, not "
        f"replicated rows), Arrow table | {large['arrow']:.2f} s |"
    )
    stage_rows = "\n".join(f"| {name} | {seconds:.2f} s |" for name, seconds in stages.items())
    return f"""{HEADING}

`python benchmarks/pipeline.py {" ".join(sys.argv[1:])}` (run
{datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}). Estimation stage = `estimate_catalogue` of
the built-in `gender_migration` catalogue ({len(catalogue.indicators)} indicators, every
disaggregation: region, migration stage, age group, disability, region × migration stage;
one estimation plan) on the design of the synthetic survey (3 strata, enumeration areas then
women, fpc at both stages), followed in the pipeline by disclosure control. Medians of
{repeat} runs.

Machine: {machine()}. {versions()}. Load average at the start (1, 5, 15 min):
{load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} — the machine is shared with other work, so times
are pessimistic.

| input | estimation stage |
| --- | --- |
{demo_row}
{large_row}
{parquet_row}
Generating the {size:,}-row survey took {large["generate"]:.0f} s (not part of the stage).
Every stage of the demonstration run (`safemig run` on the 1,320-respondent project, first
run, ingest included):

| stage | time |
| --- | --- |
{stage_rows}

Targets (issue 7): well under 1 s of engine time at 1,320 respondents and under 10 s at 1M
rows for the estimation stage. The engine itself is being optimised separately (issue 2
follow-up); these numbers are recorded as measured, without tuning here.
"""


def write_section(text: str) -> None:
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if HEADING in current:
        before, rest = current.split(HEADING, 1)
        after = rest.split("\n## ", 1)
        tail = "\n## " + after[1] if len(after) > 1 else ""
        current = before.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n" + tail
    else:
        current = current.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(current, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--skip-parquet", action="store_true", help="time the large survey from Arrow only"
    )
    args = parser.parse_args(argv)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        stages, demo, cells = demo_project(Path(folder), args.repeat)
        print(f"demo: estimation {demo:.2f} s; stages {stages}", file=sys.stderr)
        large = large_survey(Path(folder), args.size, args.repeat, not args.skip_parquet)
        print(f"{args.size}: {large}", file=sys.stderr)
    text = section(stages, demo, cells, large, args.size, args.repeat, load)
    write_section(text)
    print(text)


if __name__ == "__main__":
    main()
