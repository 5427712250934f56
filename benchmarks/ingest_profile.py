"""Ingest phases: wall and CPU seconds of each step of one run, and the peak memory after it.

Usage::

    python benchmarks/ingest_profile.py FORM.xlsx EXPORT.csv STORE.duckdb

Runs :func:`safemig.ingest.ingest_file` with timers around the raw copy, the validation and
classification, the typed and outcome inserts and the COMMIT. CPU seconds are the process's
(every DuckDB and Arrow thread), which the other work on a shared machine disturbs less than
wall time. ``STORE`` must not exist yet (a re-ingest skips everything); delete it afterwards.
"""

from __future__ import annotations

import contextlib
import resource
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from safemig.ingest import IngestSettings, ingest_file
from safemig.ingest import run as ingest_run
from safemig.ingest import store as ingest_store
from safemig.instrument import read_form

PHASES = ("stream_raw", "classify", "insert_outcomes", "quarantine_bad_rows")
rows: list[tuple[str, float, float, int]] = []


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            rows.append((name, time.perf_counter() - wall, time.process_time() - cpu, _peak_mb()))

    return wrapper


_transaction = ingest_store.transaction


@contextlib.contextmanager
def _timed_transaction(con: Any) -> Iterator[Any]:
    marks: list[float] = []
    with _transaction(con) as inner:
        yield inner
        marks += [time.perf_counter(), time.process_time()]
    rows.append(
        ("commit", time.perf_counter() - marks[0], time.process_time() - marks[1], _peak_mb())
    )


def main() -> None:
    """Run one ingest with the phases timed; print one line per phase."""
    form, export, store = sys.argv[1:4]
    for name in PHASES:
        setattr(ingest_run, name, _timed(name, getattr(ingest_run, name)))
    ingest_store.transaction = _timed_transaction  # type: ignore[assignment]
    settings = IngestSettings(schema=read_form(form), secret=b"benchmark-secret-" * 2)
    wall, cpu = time.perf_counter(), time.process_time()
    summary = ingest_file(export, store, settings)
    for name, seconds, cpu_seconds, peak in rows:
        print(f"{name:20s} wall {seconds:7.1f} s  cpu {cpu_seconds:7.1f} s  peak {peak:,} MB")
    print(
        f"{'total':20s} wall {time.perf_counter() - wall:7.1f} s  "
        f"cpu {time.process_time() - cpu:7.1f} s  peak {_peak_mb():,} MB  "
        f"({summary.read:,} read, {summary.accepted:,} accepted)"
    )


if __name__ == "__main__":
    main()
