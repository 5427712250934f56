"""Ingest speed: synthetic submissions through full validation into a fresh store.

Usage::

    python benchmarks/ingest_speed.py --size 1000000 [--export central|kobo] [--workdir DIR]

Generates the synthetic survey with ``safemig demo-data`` (in a child process, so its memory
does not count), then ingests one export in a second child process and reports rows per second
and that process's peak resident memory. Memory should not grow with the file: run two sizes
to see it. Appends nothing by itself: copy the printed line into benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from safemig.ingest import IngestSettings, ingest_file
from safemig.instrument import read_form
form, export, store = sys.argv[1:4]
settings = IngestSettings(schema=read_form(form), secret=b"benchmark-secret-" * 2)
start = time.perf_counter()
summary = ingest_file(export, store, settings)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "read": summary.read, "accepted": summary.accepted,
                  "quarantined": summary.quarantined,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(size: int, export: str, workdir: Path) -> dict[str, float]:
    """Generate (if needed) and ingest; return the child's measurements."""
    data = workdir / f"survey-{size}"
    if not (data / "form.xlsx").exists():
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from safemig.cli import main; sys.exit(main())",
                "demo-data",
                "--size",
                str(size),
                "--seed",
                "7",
                "--quiet",
                "-o",
                str(data),
            ],
            check=True,
        )
    file = data / ("kobo_export.csv" if export == "kobo" else "safemig_survey.csv")
    store = workdir / f"bench-{size}-{export}-{time.time_ns()}.duckdb"
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(data / "form.xlsx"), str(file), str(store)],
        check=True,
        capture_output=True,
        text=True,
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    measured["file_mb"] = file.stat().st_size / 2**20
    store.unlink(missing_ok=True)
    return measured


def main() -> None:
    """Parse options, run, print one Markdown table row."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--export", choices=["central", "kobo"], default="central")
    parser.add_argument("--workdir", default=tempfile.gettempdir())
    args = parser.parse_args()
    m = run(args.size, args.export, Path(args.workdir))
    import duckdb
    import pyarrow

    print(
        f"| {args.size:,} | {args.export} | {m['file_mb']:.0f} MB | {m['seconds']:.1f} s | "
        f"{m['read'] / m['seconds']:,.0f} | {m['peak_mb']:,.0f} MB | "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, "
        f"pyarrow {pyarrow.__version__} |"
    )


if __name__ == "__main__":
    main()
