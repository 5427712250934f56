"""safemig on the benchmark file: overall + 384 domains, two means.

As the other peers do, the data are first read into memory (``safemig.load``: ``load_s``),
then one request is timed on them (``compute_s``: the first ``estimate()`` on the loaded
data). With ``--from-file`` the timed call is instead one ``estimate()`` on the Parquet file,
reading included (``load_s`` is 0): what a one-off command pays.

Imports are not timed for any tool (R's ``library(survey)`` is outside its timer too). The
NumPy peer imports pandas before its timer, as PyArrow's ``to_numpy()`` imports it on first
use (0.17 s); safemig's engine exchanges data with Arrow without pandas, so this process never
imports it. The whole command, imports included, is timed by ``benchmarks/run.py`` (the "end
to end" rows).
"""

from __future__ import annotations

import json
import sys
import time

from _peak import peak_mb

BY = ("sex", "age_group", "region", "migration_status")


def main(path: str, from_file: bool) -> None:
    import safemig
    from safemig.design import Design
    from safemig.estimate import Mean, Request, estimate

    design = Design(weights="weight", strata="stratum", psu=("psu",))
    request = Request((Mean("informed"), Mean("income")), by=(BY,))
    loaded = time.perf_counter()
    data = path if from_file else safemig.load(path, design)
    t0 = time.perf_counter()
    results = estimate(data, design, request)
    t1 = time.perf_counter()
    income = results.rows("mean", "income", "")[0]
    print(
        json.dumps(
            {
                "tool": f"safemig {safemig.__version__} (DuckDB"
                + (", one call on the Parquet file)" if from_file else ", data loaded)"),
                "load_s": t0 - loaded,
                "compute_s": t1 - t0,
                "peak_mb": peak_mb(),
                "domains": len(results.rows("mean", "income", "+".join(BY))),
                "check": [income["estimate"], income["se"]],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], "--from-file" in sys.argv[2:])
