"""The floor: one hand-written NumPy pass over the same columns (no checks, no intervals).

Domain PSU totals by bincount, then the with-replacement stratified variance of each
domain mean; what any engine must at least do.
"""

from __future__ import annotations

import json
import sys
import time

from _peak import peak_mb

BY = ["sex", "age_group", "region", "migration_status"]


def main(path: str) -> None:
    import numpy as np
    import pandas  # noqa: F401  (PyArrow's to_numpy() imports it on first use: 0.17 s)
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    t0 = time.perf_counter()
    table = pq.read_table(path, columns=["stratum", "psu", "weight", "informed", "income", *BY])
    t1 = time.perf_counter()
    code = np.zeros(table.num_rows, dtype=np.int64)
    for name in BY:
        enc = pc.dictionary_encode(table.column(name).combine_chunks())
        code = code * len(enc.dictionary) + enc.indices.to_numpy()
    domains = int(code.max()) + 1
    psu = table.column("psu").to_numpy()
    stratum = table.column("stratum").to_numpy()
    n_psu = int(psu.max()) + 1
    psu_stratum = np.zeros(n_psu, dtype=np.int64)
    psu_stratum[psu] = stratum
    n_h = np.bincount(psu_stratum[np.unique(psu)])
    w = table.column("weight").to_numpy()
    out = {}
    for y_name in ("informed", "income"):
        y = table.column(y_name).to_numpy().astype(float)
        for dom, size in ((np.zeros_like(code), 1), (code, domains)):
            cell = dom * n_psu + psu
            v = np.bincount(cell, w * y, minlength=size * n_psu).reshape(size, n_psu)
            u = np.bincount(cell, w, minlength=size * n_psu).reshape(size, n_psu)
            est = v.sum(1) / u.sum(1)
            z = (v - est[:, None] * u) / u.sum(1)[:, None]
            zs = np.zeros((size, len(n_h)))
            zz = np.zeros((size, len(n_h)))
            np.add.at(zs.T, psu_stratum, z.T)
            np.add.at(zz.T, psu_stratum, (z * z).T)
            var = ((zz - zs**2 / n_h) * n_h / (n_h - 1)).sum(1)
            out[(y_name, size)] = (est, np.sqrt(var))
    t2 = time.perf_counter()
    est, se = out[("income", 1)]
    print(
        json.dumps(
            {
                "tool": f"NumPy {np.__version__} single pass",
                "load_s": t1 - t0,
                "compute_s": t2 - t1,
                "peak_mb": peak_mb(),
                "check": [float(est[0]), float(se[0])],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
