"""CPU seconds per part of one ``estimate()`` call on the issue-2 request (overall + 384
domains, two means), for same-minute comparisons of two checkouts on a shared machine.

    python benchmarks/engine_parts.py benchmarks/data/survey_1000000.parquet [CALLS]

Runs one warm-up call, then CALLS calls (default 4) in one process, and prints the CPU
(user + system, DuckDB's threads included) per call of the whole call and of the parts it
wraps, with the 1-minute load average. A part's CPU includes the parts it calls.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from safemig.design import Design
from safemig.estimate import Mean, Request, domains, engine, estimate, rollup, taylor
from safemig.estimate.backends import duckdb as duckdb_backend

BY = ("sex", "age_group", "region", "migration_status")
spent: dict[str, float] = {}


def timed(owner: Any, name: str, label: str) -> None:
    """Replace ``owner.name`` by a wrapper adding its CPU seconds to ``spent[label]``."""
    inner: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(inner)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - start

    setattr(owner, name, wrapper)


def main(path: str, calls: int) -> None:
    timed(engine, "_taylor", "_taylor (roll-up, domains, variances)")
    timed(domains.DomainIndex, "assign", "DomainIndex.assign")
    timed(rollup.CellRollup, "index", "CellRollup.index")
    timed(rollup.CellRollup, "__init__", "CellRollup (reading the cell keys)")
    timed(rollup.CellRollup, "_read", "CellRollup._read (reading sums)")
    timed(taylor.Groups, "of", "Groups.of")
    timed(engine, "summarise_design", "summarise_design")
    timed(engine, "_assemble", "_assemble")
    timed(duckdb_backend.DuckDBBackend, "execute", "DuckDB statements")
    timed(duckdb_backend.DuckDBBackend, "__init__", "DuckDB connect")
    timed(duckdb_backend.DuckDBBackend, "close", "DuckDB close")
    design = Design(weights="weight", strata="stratum", psu=("psu",))
    request = Request((Mean("informed"), Mean("income")), by=(BY,))
    estimate(path, design, request)
    spent.clear()
    start = time.process_time()
    for _ in range(calls):
        estimate(path, design, request)
    whole = (time.process_time() - start) / calls
    print(f"whole call: {whole:.3f} s CPU per call, load {os.getloadavg()[0]:.1f}")
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {label:40s} {seconds / calls:.4f}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 4)
