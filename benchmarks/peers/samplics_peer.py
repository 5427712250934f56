"""samplics (archived; svy's predecessor): overall + 384 domains, two means."""

from __future__ import annotations

import json
import sys
import time
import warnings

from _peak import peak_mb

BY = ["sex", "age_group", "region", "migration_status"]


def main(path: str) -> None:
    warnings.simplefilter("ignore")
    import pyarrow.parquet as pq
    import samplics
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam

    t0 = time.perf_counter()
    data = pq.read_table(path).to_pandas()
    t1 = time.perf_counter()
    domain = data[BY].astype(str).agg("|".join, axis=1)
    checks = []
    for y in ("informed", "income"):
        overall = TaylorEstimator(PopParam.mean)
        overall.estimate(data[y], data["weight"], stratum=data["stratum"], psu=data["psu"])
        by = TaylorEstimator(PopParam.mean)
        by.estimate(
            data[y], data["weight"], stratum=data["stratum"], psu=data["psu"], domain=domain
        )
        checks.append((overall.point_est, overall.stderror))
    t2 = time.perf_counter()
    print(
        json.dumps(
            {
                "tool": f"samplics {samplics.__version__}",
                "load_s": t1 - t0,
                "compute_s": t2 - t1,
                "peak_mb": peak_mb(),
                "check": [float(checks[1][0]), float(checks[1][1])],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
