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
from functools import partial
from pathlib import Path

import duckdb
import pyarrow
import pyarrow as pa
import pyarrow.parquet as pq

from safemig.demo import central_table, generate_survey
from safemig.demo.engine_demo import DEMO_DESIGN
from safemig.demo.project import build_demo_project
from safemig.design import Design
from safemig.errors import BackendError
from safemig.estimate.backends import open_backend
from safemig.indicators import Catalogue, builtin_catalogue, estimate_catalogue
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
    weighted = weights_stage(project, data.table, design)  # as safemig run calls it
    table, design = weighted.table, weighted.design
    catalogue = project.catalogue.load()
    seconds = median_seconds(lambda: estimate_catalogue(table, design, catalogue), repeat)
    return summary.seconds, seconds, sum(summary.cells.values())


#: Designs the large survey is estimated under: the demonstration project's (two stages,
#: the second stage being every woman), and its first stage only (what R's svydesign
#: computes when no second-stage fpc is given).
DESIGNS = {
    "two-stage (as the demo project)": DEMO_DESIGN,
    "first stage only (psu, fpc_psu)": replace(DEMO_DESIGN, psu=("psu",), fpc=("fpc_psu",)),
}


def large_survey(
    folder: Path, size: int, repeat: int, parquet_too: bool, memory: str
) -> tuple[float, dict[str, str]]:
    """Generate ``size`` rows; time the estimation stage per design, from Arrow (and Parquet).

    Returns the generation time and, per input and design, the median time or why it failed.
    """
    start = time.perf_counter()
    table = central_table(generate_survey(size=size))
    generated = time.perf_counter() - start
    parquet = folder / f"survey_{size}.parquet"
    pq.write_table(table, parquet)
    catalogue = builtin_catalogue("gender_migration")
    inputs: dict[str, pa.Table | Path] = {"Arrow table": table}
    if parquet_too:
        inputs["Parquet file"] = parquet
    timings = {}
    for design_name, design in DESIGNS.items():
        for input_name, data in inputs.items():
            key = f"{size:,} rows, {input_name}, {design_name} design"
            try:
                seconds = median_seconds(
                    partial(bounded, data, design, catalogue, folder, memory), repeat
                )
                timings[key] = f"{seconds:.2f} s"
            except BackendError as exc:
                first = str(exc).split("\n", 1)[0]
                timings[key] = f"did not finish: {first[:140]}"
            print(key, timings[key], file=sys.stderr, flush=True)
    return generated, timings


def bounded(
    data: pa.Table | Path, design: Design, catalogue: Catalogue, folder: Path, memory: str
) -> object:
    """The estimation stage on a DuckDB backend capped at ``memory`` (spilling to ``folder``).

    Uncapped, DuckDB may take 80% of the machine's memory (it reached 20 GB here at 1M rows
    under the two-stage design, and was stopped); on a shared machine the large survey is
    therefore estimated under a cap (``--memory``), as the project store itself is.
    """
    engine = open_backend("duckdb", {"memory_limit": memory, "temp_directory": str(folder)})
    try:
        return estimate_catalogue(data, design, catalogue, backend=engine)
    finally:
        engine.close()


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
    large: tuple[float, dict[str, str]],
    size: int,
    repeat: int,
    memory: str,
    load: tuple[float, float, float],
) -> str:
    catalogue = builtin_catalogue("gender_migration")
    generated, timings = large
    rows = [
        f"| demo project, 1,320 respondents ({cells} published-table rows), Arrow table "
        f"from the store, two-stage design | {demo:.2f} s |",
        *(f"| {name} | {result} |" for name, result in timings.items()),
    ]
    stage_rows = "\n".join(f"| {name} | {seconds:.2f} s |" for name, seconds in stages.items())
    table_rows = "\n".join(rows)
    return f"""{HEADING}

`python benchmarks/pipeline.py {" ".join(sys.argv[1:])}` (run
{datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}). Estimation stage = `estimate_catalogue` of
the built-in `gender_migration` catalogue ({len(catalogue.indicators)} indicators, every
disaggregation: region, migration stage, age group, disability, region × migration stage;
one estimation plan), as `safemig run` calls it. Design of the synthetic survey: 3 strata,
enumeration areas then women, fpc at both stages (`psu = ["psu", "_key"]`); the large survey
is also estimated on the first stage only. The large survey is a new draw of
`generate_survey(size={size})` (not replicated rows), as its ODK Central export; the engine
runs under a DuckDB memory cap of {memory} (spilling to disk). Medians of {repeat} run(s).

Machine: {machine()}. {versions()}. Load average at the start (1, 5, 15 min):
{load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}: the machine is shared with other work, so times
are pessimistic.

| input | estimation stage |
| --- | --- |
{table_rows}

Generating the {size:,}-row survey took {generated:.0f} s (not part of the stage).
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
    parser.add_argument("--memory", default="4GB", help="DuckDB memory cap for the large survey")
    parser.add_argument(
        "--skip-parquet", action="store_true", help="time the large survey from Arrow only"
    )
    args = parser.parse_args(argv)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        stages, demo, cells = demo_project(Path(folder), args.repeat)
        print(f"demo: estimation {demo:.2f} s; stages {stages}", file=sys.stderr)
        large = large_survey(
            Path(folder), args.size, args.repeat, not args.skip_parquet, args.memory
        )
        print(f"{args.size}: {large}", file=sys.stderr)
    text = section(stages, demo, cells, large, args.size, args.repeat, args.memory, load)
    write_section(text)
    print(text)


if __name__ == "__main__":
    main()
