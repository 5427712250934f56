"""CPU seconds of the 1,320-respondent catalogue estimation, per call, in one process.

For same-run comparisons on a shared machine (run it alternately from two checkouts, each
with its own ``.venv``): CPU time (user + system) of the process is less sensitive to other
work than wall time. The input is the demonstration project's analysis table as
``safemig run`` hands it to the estimation stage (as ``benchmarks/pipeline.py`` builds it);
it is built once, with the whole pipeline, and kept in ``--cache`` (Arrow IPC + design).

    python benchmarks/catalogue_cpu.py [--calls 12] [--cache /tmp/safemig-catalogue]
        [--preimport]

Prints the first call (imports and caches cold) and the median and best of the later calls,
with the 1-minute load average, then the process from its start to the first call's results
(CPU of the whole process and wall since the kernel started it, interpreter start included).
Before the timer the script has imported ``safemig.indicators``, PyArrow and NumPy and read
the table; whatever else the first call imports (DuckDB, SciPy, pandas through PyArrow's
first conversion) is inside it. ``--preimport`` imports pandas, ``scipy.special`` and
DuckDB before the timer, as ``safemig run`` has by its estimation stage (ingest and weights
use them). The cache holds the design the pipeline estimates with; make a new one (another
``--cache``) when the demonstration project changes (its design became calibrated on
2026-11-28 17:22 UTC).
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import statistics
import tempfile
import time
from pathlib import Path


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_wall() -> float:
    """Seconds since the kernel started this process (Linux ``/proc``; 10 ms ticks)."""
    ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return uptime - ticks / os.sysconf("SC_CLK_TCK")


def build(cache: Path) -> None:
    """Run the demonstration project once and keep its weighted analysis table."""
    import pyarrow.feather as feather

    from safemig.demo import generate_survey
    from safemig.demo.project import build_demo_project
    from safemig.instrument.schema import read_form
    from safemig.pipeline import run_project, weights_stage
    from safemig.pipeline.analysis import analysis_data

    project = build_demo_project(Path(tempfile.mkdtemp()) / "project", generate_survey(size=1320))
    run_project(project)
    assert project.design is not None and project.form is not None
    data = analysis_data(project, read_form(project.form), project.design)
    weighted = weights_stage(project, data.table, project.design)
    cache.mkdir(parents=True, exist_ok=True)
    feather.write_feather(weighted.table, cache / "table.arrow")
    (cache / "design.pkl").write_bytes(pickle.dumps(weighted.design))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=12)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/safemig-catalogue"))
    parser.add_argument("--preimport", action="store_true")
    args = parser.parse_args()
    if not (args.cache / "table.arrow").exists():
        build(args.cache)
    import pyarrow.feather as feather

    from safemig.indicators import builtin_catalogue, estimate_catalogue

    table = feather.read_table(args.cache / "table.arrow")
    design = pickle.loads((args.cache / "design.pkl").read_bytes())
    catalogue = builtin_catalogue("gender_migration")
    if args.preimport:
        import duckdb  # noqa: F401
        import pandas  # noqa: F401
        import scipy.special  # noqa: F401
    times = []
    for call in range(args.calls):
        cpu, wall = cpu_seconds(), time.perf_counter()
        estimate_catalogue(table, design, catalogue)
        times.append((cpu_seconds() - cpu, time.perf_counter() - wall))
        if call == 0:
            to_results = (cpu_seconds(), process_wall())
    later = times[1:]
    print(
        f"first call: cpu {times[0][0]:.3f} s, wall {times[0][1]:.3f} s | later calls: "
        f"cpu median {statistics.median(t[0] for t in later):.3f} s, "
        f"best {min(t[0] for t in later):.3f} s, wall median "
        f"{statistics.median(t[1] for t in later):.3f} s | load {os.getloadavg()[0]:.2f}"
    )
    print(
        f"process start to first results: cpu {to_results[0]:.3f} s, wall {to_results[1]:.3f} s"
        f" | calibrated design: {design.calibration is not None}"
        f"{' | preimported pandas, scipy.special, duckdb' if args.preimport else ''}"
    )


if __name__ == "__main__":
    main()
