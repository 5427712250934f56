"""Spark backend (issue 4): Spark local vs DuckDB, and how time grows with rows and domains.

Same data as benchmarks/run.py (benchmarks/make_data.py: seeded stratified two-stage survey,
30 strata, 3,400 PSUs), same request (means of a binary and a continuous outcome with
standard errors), from Parquet. Three cuts:

* 1 domain: overall only;
* 384 domains: sex x age group x region x migration status (and overall);
* ~3,000 domains: stratum x region x age group x sex (and overall).

``compute`` is the ``estimate()`` call in a process where the engine is already up (for Spark,
a warm local SparkSession: one untimed run first, because the JVM compiles its code on first
use); ``end to end`` is the whole ``safemig estimate`` command, JVM start included. Medians of
``--repeat`` runs. Appends its table to benchmarks/RESULTS.md under "## Spark backend (issue 4)".

    python benchmarks/spark_scaling.py [--sizes 10000000 50000000] [--repeat 3]

Every domain cut runs at the first size (the domain-scaling table); the other sizes run the
384-domain cut only (the row-scaling table). The section in RESULTS.md is replaced, not
appended to, so the file holds one table per benchmark.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from make_data import write  # noqa: E402

CUTS = {
    1: (),
    384: ("sex", "age_group", "region", "migration_status"),
    3000: ("stratum", "region", "age_group", "sex"),
}
SPARK = {"spark.master": "local[2]", "spark.driver.memory": "12g"}
HEADING = "## Spark backend (issue 4)"
LOAD_BEFORE = " / ".join(Path("/proc/loadavg").read_text().split()[:3])


def compute_times(backend: str, path: Path, by: tuple[str, ...], repeat: int) -> dict:
    """Run in a child process: median ``estimate()`` seconds on a warm engine."""
    code = f"""
import json, statistics, time
from safemig.design import Design
from safemig.estimate import Mean, Request, estimate
from safemig.estimate.backends import open_backend
design = Design(weights="weight", strata="stratum", psu=("psu",))
request = Request((Mean("informed"), Mean("income")), by=({by!r},) if {by!r} else ())
def once():
    engine = open_backend({backend!r}, {SPARK if backend == "spark" else {}!r})
    start = time.perf_counter()
    results = estimate({str(path)!r}, design, request, backend=engine)
    seconds = time.perf_counter() - start
    engine.close()
    return seconds, results
once()
runs = [once() for _ in range({repeat})]
income = runs[-1][1].rows("mean", "income", "")[0]
print(json.dumps({{"median": statistics.median(r[0] for r in runs),
                  "runs": [r[0] for r in runs], "rows": len(runs[-1][1]),
                  "se": income["se"]}}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def end_to_end(backend: str, path: Path, by: tuple[str, ...], repeat: int) -> float:
    """Median wall seconds of the whole ``safemig estimate`` command."""
    cmd = [str(Path(sys.executable).parent / "safemig"), "estimate", str(path)]
    cmd += ["--weights", "weight", "--strata", "stratum", "--psu", "psu"]
    cmd += ["--mean", "informed", "--mean", "income", "--quiet", "-o", "/dev/null"]
    cmd += ["--by", ",".join(by)] if by else []
    if backend == "spark":
        cmd += ["--backend", "spark", "--spark-master", SPARK["spark.master"]]
        cmd += ["--spark-conf", f"spark.driver.memory={SPARK['spark.driver.memory']}"]
    walls = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    mem = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    import os

    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, {system}"


def versions() -> str:
    import duckdb
    import pyspark

    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
    return (
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, "
        f"PySpark {pyspark.__version__}, {java.splitlines()[0] if java else 'Java ?'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000_000, 50_000_000])
    parser.add_argument("--domains", type=int, nargs="+", default=sorted(CUTS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--e2e-repeat", type=int, default=1)
    parser.add_argument(
        "--repeat-large", type=int, default=1, help="compute repeats at sizes after the first"
    )
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        path = write(size)
        first = size == args.sizes[0]
        cuts = args.domains if first else [384]
        repeat = args.repeat if first else args.repeat_large
        for domains in cuts:
            for backend in ("duckdb", "spark"):
                result = compute_times(backend, path, CUTS[domains], repeat)
                e2e = end_to_end(backend, path, CUTS[domains], args.e2e_repeat)
                rows.append((size, domains, backend, result, e2e))
                print(size, domains, backend, json.dumps(result), f"e2e {e2e:.1f}", flush=True)
    append_results(rows, args)


def append_results(rows: list, args: argparse.Namespace) -> None:
    lines = [
        "",
        HEADING,
        "",
        f"Machine: {machine()}. {versions()}. Spark local mode `local[2]`, driver memory "
        f"{SPARK['spark.driver.memory']}, Spark's default shuffle partitions. Run "
        f"{time.strftime('%Y-%m-%d')} by `python benchmarks/spark_scaling.py --sizes "
        f"{' '.join(map(str, args.sizes))} --repeat {args.repeat} --repeat-large "
        f"{args.repeat_large}`. Compute: median of {args.repeat} `estimate()` calls on a warm "
        f"engine at the first size, {args.repeat_large} at the others; end to end: the `safemig "
        f"estimate` command, JVM start included (median of {args.e2e_repeat}). Two means "
        "with SEs from Parquet; domains are result domains excluding overall.",
        "",
        f"Load average before the run: {LOAD_BEFORE}.",
        "",
        "| rows | domains | backend | compute (s) | end to end (s) | Spark / DuckDB compute |",
        "|---:|---:|---|---:|---:|---:|",
    ]
    duck = {(s, d): r.get("median") for s, d, b, r, _ in rows if b == "duckdb"}
    for size, domains, backend, result, e2e in rows:
        median = result.get("median")
        ratio = ""
        if backend == "spark" and median and duck.get((size, domains)):
            ratio = f"{median / duck[(size, domains)]:.1f}×"
        shown = f"{median:.2f}" if median else f"failed: {result.get('error')}"
        count = result.get("rows", 2) // 2 - 1 if domains > 1 else 1
        lines.append(f"| {size:,} | {count:,} | {backend} | {shown} | {e2e:.1f} | {ratio} |")
    target = HERE / "RESULTS.md"
    text = target.read_text(encoding="utf-8") if target.exists() else "# Benchmark results\n"
    if HEADING in text:  # replace this benchmark's section, keep the others
        before, _, after = text.partition(HEADING)
        rest = after.split("\n## ", 1)
        text = before.rstrip("\n") + ("\n\n## " + rest[1] if len(rest) > 1 else "")
    target.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
