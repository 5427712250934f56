"""Publish a run's results all at once, or not at all.

Everything is first written into a fresh hidden folder beside ``results/`` (same file system,
so a rename is atomic). Then, inside one store transaction, the store's ``results`` schema is
replaced and the folders are swapped; the transaction commits last. If anything fails before
the commit, the folders are swapped back and the transaction rolls back: the previous
``results/`` and the previous store tables are exactly as they were.

=========================  ===================================================================
``results/indicators.parquet``   the published table (``apply_disclosure`` output, unchanged)
``results/run.json``             what was run: catalogue, design, rule, languages, times
``results/survey_summary.json``  respondents, quarantine, flags, strata, weights
``results.indicators`` (store)   the same published table
``results.runs`` (store)         one row per successful run: its ``run.json``
=========================  ===================================================================
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from safemig.errors import BackendError
from safemig.i18n import Text
from safemig.ingest.store import connect

INDICATORS = "indicators.parquet"
RUN = "run.json"
SUMMARY = "survey_summary.json"


def publish_results(
    root: Path,
    store: Path,
    published: pa.Table,
    run: dict[str, Any],
    summary: dict[str, Any],
) -> Path:
    """Write ``root/results`` and the store's ``results`` schema atomically; return the folder.

    Raises
    ------
    BackendError
        When the store fails; nothing is changed then.
    """
    target = root / "results"
    build = Path(tempfile.mkdtemp(prefix=".results-new-", dir=root))
    build.chmod(0o755)  # mkdtemp makes it owner-only; results are for sharing
    try:
        pq.write_table(published, build / INDICATORS)
        _write_json(build / RUN, run)
        _write_json(build / SUMMARY, summary)
        _commit(store, published, run, build, target)
    finally:
        shutil.rmtree(build, ignore_errors=True)
    return target


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _commit(
    store: Path, published: pa.Table, run: dict[str, Any], build: Path, target: Path
) -> None:
    con = connect(store)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            _store_tables(con, published, run)
            old = _swap_in(build, target)
            try:
                con.execute("COMMIT")
            except BaseException:
                _swap_back(old, target, build)
                raise
        except BaseException:
            _rollback(con)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except duckdb.Error as exc:
        raise BackendError(
            Text(
                f"{store}: the store failed while publishing results ({exc}); the previous "
                "results are unchanged",
                f"{store} : la base a échoué pendant la publication des résultats ({exc}) ; "
                "les résultats précédents sont inchangés",
            )
        ) from exc
    finally:
        con.close()


def _store_tables(con: duckdb.DuckDBPyConnection, published: pa.Table, run: dict[str, Any]) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS results")
    con.register("_published", published)
    con.execute("CREATE OR REPLACE TABLE results.indicators AS SELECT * FROM _published")
    con.unregister("_published")
    con.execute(
        "CREATE TABLE IF NOT EXISTS results.runs (started TIMESTAMPTZ, finished TIMESTAMPTZ, "
        "run JSON)"
    )
    con.execute(
        "INSERT INTO results.runs VALUES (?::TIMESTAMPTZ, ?::TIMESTAMPTZ, ?)",
        [run["started"], run["finished"], json.dumps(run, ensure_ascii=False)],
    )


def _swap_in(build: Path, target: Path) -> Path | None:
    """Move ``target`` aside (when present) and ``build`` into its place; return the old one."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".results-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    try:
        build.rename(target)
    except BaseException:
        if old is not None:
            old.rename(target)
        raise
    return old


def _swap_back(old: Path | None, target: Path, build: Path) -> None:
    target.rename(build)
    if old is not None:
        old.rename(target)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # The failure itself may already have closed the transaction.
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")
