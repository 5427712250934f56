"""Side-by-side benchmark: safemig against R survey, svy, samplics and a NumPy floor.

Same data (benchmarks/make_data.py: seeded stratified two-stage survey, 30 strata, 3,400
PSUs), same request (overall + 384 domains sex x age group x region x migration status;
means of a binary and a continuous outcome with standard errors), one run. Every tool runs
in its own process, several times; the table gives medians and writes
benchmarks/RESULTS.md with the machine and versions.

    python benchmarks/run.py [--sizes 100000 1000000 10000000] [--repeat 6]

Peers that would not fit in memory or would run for hours at a size are not started there
(see LIMITS); R runs only when Rscript is present.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from make_data import write  # noqa: E402

PROJECT_PY = sys.executable
BENCH_PY = str(HERE.parent / ".venv-bench" / "bin" / "python")
# Largest size each peer is started at: svy needs ~3.3 GB and samplics ~70 s already at 100k
# rows (measured here); R survey needs ~2.6 GB and a minute at 1M rows, and its svyby loops
# over domains. Beyond these the peers exhaust memory or run for hours on this machine.
LIMITS = {"R survey": 1_000_000, "svy": 1_000_000, "samplics": 100_000}


def peers(size: int, parquet: Path) -> list[tuple[str, list[str]]]:
    csv = parquet.with_suffix(".csv")
    tools = [
        ("safemig", [PROJECT_PY, str(HERE / "peers" / "safemig_peer.py"), str(parquet)]),
        (
            "safemig from file",
            [PROJECT_PY, str(HERE / "peers" / "safemig_peer.py"), str(parquet), "--from-file"],
        ),
        ("NumPy floor", [PROJECT_PY, str(HERE / "peers" / "numpy_peer.py"), str(parquet)]),
    ]
    if Path(BENCH_PY).exists():
        tools += [
            ("svy", [BENCH_PY, str(HERE / "peers" / "svy_peer.py"), str(parquet)]),
            ("samplics", [BENCH_PY, str(HERE / "peers" / "samplics_peer.py"), str(parquet)]),
        ]
    if shutil.which("Rscript") and csv.exists():
        tools.append(("R survey", ["Rscript", str(HERE / "peers" / "r_survey.R"), str(csv)]))
    return [(name, cmd) for name, cmd in tools if size <= LIMITS.get(name, size)]


def cli_end_to_end(parquet: Path) -> list[str]:
    return [
        str(Path(PROJECT_PY).parent / "safemig"),
        "estimate",
        str(parquet),
        "--weights",
        "weight",
        "--strata",
        "stratum",
        "--psu",
        "psu",
        "--mean",
        "informed",
        "--mean",
        "income",
        "--by",
        "sex,age_group,region,migration_status",
        "--quiet",
        "-o",
        "/dev/null",
    ]


def measure(cmd: list[str], repeat: int) -> dict[str, object]:
    runs = []
    for _ in range(repeat):
        load = os.getloadavg()[0]  # other work on the shared cores, beside every number
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        wall = time.perf_counter() - start
        last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "{}"
        record = json.loads(last) if last.startswith("{") else {}
        record["wall_s"] = wall
        record["load"] = max(load, os.getloadavg()[0])
        runs.append(record)
    keys = ("load_s", "compute_s", "wall_s", "peak_mb", "load")
    summary = {
        k: statistics.median(float(r[k]) for r in runs if k in r)
        for k in keys
        if any(k in r for r in runs)
    }
    summary["tool"] = runs[-1].get("tool", cmd[0])
    summary["check"] = runs[-1].get("check", runs[-1].get("check_se"))
    summary["runs"] = len(runs)
    return summary


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    return (
        f"{cpu}, {os.cpu_count()} cores, {int(mem) / 1024 / 1024:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def versions() -> str:
    import duckdb
    import numpy
    import pyarrow

    found = [
        f"DuckDB {duckdb.__version__}",
        f"NumPy {numpy.__version__}",
        f"PyArrow {pyarrow.__version__}",
    ]
    if shutil.which("Rscript"):
        r = subprocess.run(
            ["Rscript", "-e", "cat(R.version.string)"], capture_output=True, text=True
        )
        found.append(r.stdout.strip())
    return ", ".join(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument(
        "--repeat", type=int, default=6, help="runs per tool, the first discarded (median of 5)"
    )
    parser.add_argument("--slow-repeat", type=int, default=1, help="runs for peers over 20 s")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        parquet = write(size)
        for name, cmd in peers(size, parquet):
            first = measure(cmd, 1)
            more = args.repeat - 1 if first.get("compute_s", 0) < 20 else args.slow_repeat - 1
            result = measure(cmd, more) if more > 0 else first
            if more > 0:
                result["runs"] = more
            rows.append((size, name, result))
            print(size, name, json.dumps(result), flush=True)
        e2e = measure(cli_end_to_end(parquet), args.repeat)
        e2e["tool"] = "safemig CLI, end to end (Parquet in, CSV out)"
        rows.append((size, "safemig CLI end to end", e2e))
        print(size, "cli", json.dumps(e2e), flush=True)
    write_results(rows)


def write_results(rows: list[tuple[int, str, dict[str, object]]]) -> None:
    """Add this run's table to the issue-2 section of RESULTS.md, above the earlier runs
    (which stay: the history of what was measured is part of the record)."""
    lines = [
        f"### Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} (`make bench`)",
        "",
        f"Machine: {machine()}. Versions: {versions()}. Command: `python benchmarks/run.py` "
        "(`make bench`). Medians of the runs shown (after one discarded first run when a "
        "run takes under 20 s). Each tool first reads the file into memory (load: R "
        "`read.csv`, svy and samplics Polars or PyArrow, safemig `safemig.load`), then "
        "computes the request on it (compute, the ratio's basis); neither includes process "
        "start or imports. safemig's one call on the Parquet file reads it inside the call "
        "(load 0). End to end is the whole `safemig estimate` command reading Parquet. "
        "Request: overall + 384 "
        "domains, two means with SEs. Load average: the median over the runs of the "
        "1-minute load average (the larger of before and after each run); above 2 the tools "
        "competed for the 2 cores with other work.",
        "",
        "| rows | tool | load (s) | compute (s) | process wall (s) | peak memory (MB) | "
        "× safemig's compute | runs | load average |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ours = {size: r["compute_s"] for size, name, r in rows if name == "safemig"}
    for size, name, r in rows:
        compute = r.get("compute_s")
        ratio = f"{compute / ours[size]:.1f}×" if compute and name != "safemig" else ""
        load = r.get("load_s")
        lines.append(
            f"| {size:,} | {r['tool']} | {'—' if load is None else f'{load:.3f}'} "
            f"| {'—' if compute is None else f'{compute:.3f}'} "
            f"| {r['wall_s']:.3f} | {r.get('peak_mb', float('nan')):.0f} | {ratio} | "
            f"{r['runs']} | {r.get('load', float('nan')):.1f} |"
        )
    section = "\n".join(lines) + "\n"
    path = HERE / "RESULTS.md"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    heading = "## Estimation engine (issue 2): safemig vs peers"
    start = old.find(heading)
    if start < 0:
        path.write_text(f"{old.rstrip()}\n\n{heading}\n\n{section}", encoding="utf-8")
        return
    cut = start + len(heading) + 1
    path.write_text(f"{old[:cut]}\n{section}\n{old[cut:].lstrip()}", encoding="utf-8")


if __name__ == "__main__":
    main()
