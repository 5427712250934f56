"""Where the estimation stage's memory goes: every query and table the engine makes, sized.

    python benchmarks/pipeline_memory_probe.py SIZE DESIGN   # DESIGN 0: two-stage, 1: first stage

Prints, per engine query, its time, result rows/columns/MB and DuckDB's memory in use
(``duckdb_memory()``), and the row and column counts of each table the engine materialises.
Spill files go to a temporary folder that is removed at the end.
"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import pipeline as bench

from safemig.demo import central_table, generate_survey
from safemig.estimate.backends import open_backend
from safemig.indicators import builtin_catalogue, estimate_catalogue

size, which = int(sys.argv[1]), int(sys.argv[2])
table = central_table(generate_survey(size=size))
design = list(bench.DESIGNS.values())[which]
engine = open_backend("duckdb", {"memory_limit": "4GB", "temp_directory": tempfile.mkdtemp()})
orig_exec, orig_mat = engine.execute, engine.materialize


def execute(q):
    t = time.perf_counter()
    r = orig_exec(q)
    mem = engine._con.execute(
        "SELECT sum(memory_usage_bytes)//1048576 FROM duckdb_memory()"
    ).fetchall()[0][0]
    print(
        f"execute {time.perf_counter() - t:6.2f}s rows={r.num_rows:>9} "
        f"cols={r.num_columns:>4} MB={r.nbytes // 2**20:>5} duckdbMB={mem} "
        f"sql={q.sql(dialect='duckdb')[:90]!r}",
        flush=True,
    )
    return r


def materialize(name, q):
    t = time.perf_counter()
    orig_mat(name, q)
    n = engine._con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]
    cols = len(engine._con.execute(f'DESCRIBE "{name}"').fetchall())
    print(f"materialize {name} {time.perf_counter() - t:6.2f}s rows={n} cols={cols}", flush=True)


engine.execute, engine.materialize = execute, materialize
t = time.perf_counter()
estimate_catalogue(table, design, builtin_catalogue("gender_migration"), backend=engine)
print("total", round(time.perf_counter() - t, 2))
