"""CPU seconds of the 1,320-respondent catalogue estimation, per call, in one process.

For same-run comparisons on a shared machine (run it alternately from two checkouts, each
with its own ``.venv``): CPU time (user + system) of the process is less sensitive to other
work than wall time. The input is the demonstration project's analysis table as
``safemig run`` hands it to the estimation stage (as ``benchmarks/pipeline.py`` builds it);
it is built once, with the whole pipeline, and kept in ``--cache`` (Arrow IPC + design).

    python benchmarks/catalogue_cpu.py [--calls 12] [--cache /tmp/safemig-catalogue]

Prints the first call (imports and caches cold) and the median and best of the later calls,
with the 1-minute load average.
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
    args = parser.parse_args()
    if not (args.cache / "table.arrow").exists():
        build(args.cache)
    import pyarrow.feather as feather

    from safemig.indicators import builtin_catalogue, estimate_catalogue

    table = feather.read_table(args.cache / "table.arrow")
    design = pickle.loads((args.cache / "design.pkl").read_bytes())
    catalogue = builtin_catalogue("gender_migration")
    times = []
    for _ in range(args.calls):
        cpu, wall = cpu_seconds(), time.perf_counter()
        estimate_catalogue(table, design, catalogue)
        times.append((cpu_seconds() - cpu, time.perf_counter() - wall))
    later = times[1:]
    print(
        f"first call: cpu {times[0][0]:.3f} s, wall {times[0][1]:.3f} s | later calls: "
        f"cpu median {statistics.median(t[0] for t in later):.3f} s, "
        f"best {min(t[0] for t in later):.3f} s, wall median "
        f"{statistics.median(t[1] for t in later):.3f} s | load {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
