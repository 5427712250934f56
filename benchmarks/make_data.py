"""Seeded synthetic stratified two-stage survey for the side-by-side benchmark.

30 strata, about 3,400 PSUs (enumeration areas), women within; disaggregations sex (2) x
age group (4) x region (12) x migration status (4) = 384 domains. Outcomes: a binary
``informed`` and a continuous ``income``. Written as Parquet (and CSV for R) under
benchmarks/data/.

    python benchmarks/make_data.py 1000000
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

STRATA, PSUS = 30, 3400
DATA = Path(__file__).parent / "data"


def make(rows: int, seed: int = 20261128) -> pa.Table:
    rng = np.random.default_rng(seed)
    psu_stratum = np.sort(rng.integers(0, STRATA, PSUS))
    psu_stratum[:STRATA] = np.arange(STRATA)  # every stratum has PSUs
    psu_stratum.sort()
    psu_region = rng.integers(0, 12, PSUS)
    psu_effect = rng.normal(0, 0.5, PSUS)
    psu = rng.integers(0, PSUS, rows)
    stratum = psu_stratum[psu]
    sex = rng.choice(np.array(["F", "M"]), rows, p=[0.7, 0.3])
    age = rng.choice(np.array(["15-24", "25-34", "35-49", "50+"]), rows)
    status = rng.choice(np.array(["origin", "transit", "destination", "return"]), rows)
    region = np.array([f"R{r:02d}" for r in range(12)])[psu_region[psu]]
    logit = -0.3 + psu_effect[psu] + 0.4 * (sex == "F") + 0.2 * (status == "return")
    informed = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(np.int64)
    income = np.exp(10 + psu_effect[psu] + rng.normal(0, 0.8, rows))
    weight = rng.uniform(50, 150, PSUS)[psu] * rng.uniform(0.8, 1.2, rows)
    return pa.table(
        {
            "stratum": pa.array(stratum.astype(np.int64)),
            "psu": pa.array(psu.astype(np.int64)),
            "weight": weight,
            "sex": sex,
            "age_group": age,
            "region": region,
            "migration_status": status,
            "informed": informed,
            "income": income,
        }
    )


def write(rows: int) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"survey_{rows}.parquet"
    if not path.exists():
        table = make(rows)
        pq.write_table(table, path)
        if rows <= 1_000_000:
            import pyarrow.csv as pacsv

            pacsv.write_csv(table, path.with_suffix(".csv"))
    return path


if __name__ == "__main__":
    for n in sys.argv[1:] or ["100000"]:
        print(write(int(n)))
