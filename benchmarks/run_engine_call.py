"""CPU and wall of the engine call inside ``safemig run`` (issue 7: "engine time well under 1 s").

One fresh process per invocation: the demonstration project (1,320 respondents, raked
two-stage design, the built-in catalogue) is run by ``run_project`` as ``safemig run`` runs it,
without the products stage, and the ``estimate_catalogue`` call of its estimation stage is
timed (process CPU, user + system, and wall), with which heavy libraries earlier stages had
already imported. The pipeline calls the engine once per run, so this is the call that counts.

    python benchmarks/run_engine_call.py PROJECT_DIR [--build]

``--build`` writes the demonstration project into PROJECT_DIR first (once; then run without
it, alternately from the checkouts being compared). Re-running a project ingests nothing new.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--build", action="store_true")
    args = parser.parse_args()
    if args.build:
        from safemig.demo import generate_survey
        from safemig.demo.project import build_demo_project

        build_demo_project(args.project, generate_survey(size=1320))
        return
    import safemig.pipeline.run as run
    from safemig.project import load_project

    seen: dict[str, Any] = {}
    engine_call = run.estimate_catalogue

    def timed(*a: Any, **k: Any) -> Any:
        seen["loaded"] = [m for m in ("pandas", "scipy.special", "duckdb") if m in sys.modules]
        cpu, wall = cpu_seconds(), time.perf_counter()
        result = engine_call(*a, **k)
        seen["cpu"], seen["wall"] = cpu_seconds() - cpu, time.perf_counter() - wall
        return result

    run.estimate_catalogue = timed  # type: ignore[assignment]
    run.products_stage = lambda *a, **k: None  # type: ignore[assignment]
    load = os.getloadavg()[0]
    summary = run.run_project(load_project(args.project))
    print(
        f"engine call: cpu {seen['cpu']:.3f} s, wall {seen['wall']:.3f} s | "
        f"{summary.respondents} respondents, {sum(summary.cells.values())} published rows | "
        f"already imported: {', '.join(seen['loaded']) or 'none'} | "
        f"load {load:.2f} -> {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
