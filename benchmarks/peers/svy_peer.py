"""svy (samplics' successor) on the benchmark file: overall + 384 domains, two means."""

from __future__ import annotations

import json
import sys
import time

from _peak import peak_mb

BY = ["sex", "age_group", "region", "migration_status"]


def main(path: str) -> None:
    import polars as pl
    import svy

    t0 = time.perf_counter()
    data = pl.read_parquet(path)
    t1 = time.perf_counter()
    sample = svy.Sample(data, svy.Design(stratum="stratum", psu="psu", wgt="weight"))
    overall = sample.estimation.mean(["informed", "income"])
    by = sample.estimation.mean(["informed", "income"], by=BY)
    t2 = time.perf_counter()
    income = overall[1] if isinstance(overall, list) else overall
    frame = income.to_polars() if hasattr(income, "to_polars") else None
    print(
        json.dumps(
            {
                "tool": f"svy {svy.__version__}",
                "load_s": t1 - t0,
                "compute_s": t2 - t1,
                "peak_mb": peak_mb(),
                "domains": len(by) if isinstance(by, list) else None,
                "check": str(frame.row(0) if frame is not None else income)[:200],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
