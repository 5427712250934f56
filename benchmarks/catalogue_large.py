"""CPU and wall seconds of one catalogue estimation on a large synthetic survey (issue 7).

For same-run comparisons on a shared machine (run it alternately from two checkouts, each
with its own ``.venv``). The input is ``central_table(generate_survey(size=SIZE))``, the
ODK Central layout ``benchmarks/pipeline.py`` builds, kept as Arrow IPC in ``--cache`` so
that both checkouts read the same rows; the estimation runs on DuckDB capped at
``--memory`` (spilling to a temporary folder), first-stage design by default.

    python benchmarks/catalogue_large.py [--size 1000000] [--design 1] [--out table.parquet]

Prints the call's CPU (user + system) and wall seconds, the 1-minute load average before and
after, and the process's peak RSS; ``--out`` keeps the catalogue table to compare checkouts.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--design", type=int, default=1, help="0: two-stage, 1: first stage")
    parser.add_argument("--memory", default="8GB")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/safemig-catalogue-large"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    import pyarrow.feather as feather
    import pyarrow.parquet as pq

    sys.path.insert(0, str(Path(__file__).parent))
    import pipeline as bench

    from safemig.estimate.backends import open_backend
    from safemig.indicators import builtin_catalogue, estimate_catalogue

    source = args.cache / f"central_{args.size}.arrow"
    if not source.exists():
        from safemig.demo import central_table, generate_survey

        args.cache.mkdir(parents=True, exist_ok=True)
        feather.write_feather(central_table(generate_survey(size=args.size)), source)
    table = feather.read_table(source)
    design = list(bench.DESIGNS.values())[args.design]
    with tempfile.TemporaryDirectory() as spill:
        engine = open_backend("duckdb", {"memory_limit": args.memory, "temp_directory": spill})
        load = os.getloadavg()[0]
        cpu, wall = cpu_seconds(), time.perf_counter()
        try:
            result = estimate_catalogue(
                table, design, builtin_catalogue("gender_migration"), backend=engine
            )
        finally:
            engine.close()
        cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"{args.size:,} rows, design {args.design}: cpu {cpu:.2f} s, wall {wall:.2f} s, "
        f"load {load:.2f} -> {os.getloadavg()[0]:.2f}, peak RSS {peak} MB"
    )
    if args.out is not None:
        pq.write_table(result.table, args.out)


if __name__ == "__main__":
    main()
