"""CPU and wall seconds of the catalogue's derived-variable table on the 1M-row survey (issue 7).

Materialises, on DuckDB, the derived-variable table of the built-in catalogue's one request
(what ``estimate_catalogue`` builds first) from the Arrow cache that
``benchmarks/catalogue_large.py`` writes, three times in one process; for same-minute
comparisons of two checkouts on a shared machine.

    python benchmarks/derived_table_1m.py [--cache /tmp/safemig-catalogue-large] [--size 1000000]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/safemig-catalogue-large"))
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    import pyarrow.feather as feather

    sys.path.insert(0, str(Path(__file__).parent))
    import pipeline as bench

    from safemig.estimate.backends import open_backend
    from safemig.estimate.engine import _register_source
    from safemig.indicators import builtin_catalogue, compile_catalogue

    source = args.cache / f"central_{args.size}.arrow"
    if not source.exists():
        sys.exit(f"{source} is missing: run benchmarks/catalogue_large.py --size {args.size} first")
    table = feather.read_table(source)
    design = list(bench.DESIGNS.values())[1]
    request = compile_catalogue(builtin_catalogue("gender_migration")).groups[0].request
    for _ in range(3):
        engine = open_backend("duckdb")
        cpu, wall = cpu_seconds(), time.perf_counter()
        _register_source(engine, table, request, design, "src")
        print(
            f"derived table: cpu {cpu_seconds() - cpu:.2f} s, wall {time.perf_counter() - wall:.2f}"
            f" s, load {os.getloadavg()[0]:.1f}"
        )
        engine.close()


if __name__ == "__main__":
    main()
