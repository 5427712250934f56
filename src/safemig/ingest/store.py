"""The project's data store: one DuckDB file holding everything ingest keeps.

====================  ==================================================================
``raw_<hash>[_rep]``  every row of every file as read (text), append-only, one table per
                      file and repeat, numbered ``_safemig_row``; identifiers pseudonymised
``raw_tables``        which raw table came from which file (path, SHA-256, header, labels)
``submissions``       accepted submissions, typed (one column per question)
``repeat_<name>``     accepted rows of each repeat group, typed, with ``_parent_key``
``quarantine``        rejected rows with every reason and their answers as text
``duplicates``        rows identical to a submission already kept (file, row, which one)
``submission_keys``   key and content fingerprint of every kept row (for de-duplication)
``identifiers``       raw identifiers, only when the project opts in
``cleaning_log``      changes applied by ``safemig clean`` (who, when, old and new value)
``ingest_runs``       one row per ``safemig ingest``: counts, columns missing or unknown
====================  ==================================================================

Invariant (tested): every row of a raw table is in exactly one of ``submissions`` /
``repeat_<name>``, ``quarantine`` or ``duplicates``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from safemig.errors import BackendError
from safemig.ingest.columns import quote

BASE_TABLES = {
    "ingest_runs": """run_id BIGINT, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ,
        source VARCHAR, sha256 VARCHAR, format VARCHAR, encoding VARCHAR, delimiter VARCHAR,
        form_id VARCHAR, form_version VARCHAR, read BIGINT, accepted BIGINT,
        quarantined BIGINT, duplicates BIGINT, flagged BIGINT, extra_columns VARCHAR[],
        missing_columns VARCHAR[], label_export BOOLEAN, status VARCHAR, run_by VARCHAR""",
    "raw_tables": """sha256 VARCHAR, level VARCHAR, table_name VARCHAR, path VARCHAR,
        header VARCHAR[], value_labels JSON, run_id BIGINT""",
    "submission_keys": """key VARCHAR, level VARCHAR, fingerprint VARCHAR, status VARCHAR,
        sha256 VARCHAR, row BIGINT""",
    "quarantine": """key VARCHAR, level VARCHAR, sha256 VARCHAR, row BIGINT, run_id BIGINT,
        reasons VARCHAR[], flags VARCHAR[], answers MAP(VARCHAR, VARCHAR)""",
    "duplicates": """key VARCHAR, level VARCHAR, sha256 VARCHAR, row BIGINT, run_id BIGINT,
        duplicate_of_sha256 VARCHAR, duplicate_of_row BIGINT""",
    "identifiers": "key VARCHAR, question VARCHAR, value VARCHAR, run_id BIGINT",
    "cleaning_log": """uuid VARCHAR, question VARCHAR, old_value VARCHAR, new_value VARCHAR,
        change_type VARCHAR, issue VARCHAR, applied_by VARCHAR, applied_at TIMESTAMPTZ,
        log_file VARCHAR, log_row BIGINT""",
}
#: Columns every typed table starts with (before the form's questions).
SUBMISSION_META = {
    "_key": "VARCHAR",
    "_parent_key": "VARCHAR",
    "_source": "VARCHAR",
    "_row": "BIGINT",
    "_run": "BIGINT",
    "_submitted_at": "TIMESTAMPTZ",
    "_form_version": "VARCHAR",
    "_submitted_by": "VARCHAR",
    "_review_state": "VARCHAR",
    "_flags": "VARCHAR[]",
}


def connect(path: str | Path, memory_limit: str = "2GB") -> duckdb.DuckDBPyConnection:
    """Open (or create) the store with bounded memory: DuckDB spills to disk beyond it."""
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as exc:
        raise BackendError(f"{path}: the store cannot be opened ({exc})") from exc
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET preserve_insertion_order = false")
    return con


def create_base_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the fixed tables when missing (inside the caller's transaction)."""
    for name, columns in BASE_TABLES.items():
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns})")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction: committed when the block ends, rolled back on any exception."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column name to type of ``table`` (empty when it does not exist)."""
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return {name: kind for name, kind in rows}


def ensure_typed_table(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str]) -> None:
    """Create ``table`` or add the columns it lacks (a new form version adds questions)."""
    existing = table_columns(con, table)
    wanted = SUBMISSION_META | columns
    if not existing:
        body = ", ".join(f"{quote(n)} {t}" for n, t in wanted.items())
        con.execute(f"CREATE TABLE {quote(table)} ({body})")
        return
    folded = {name.casefold() for name in existing}
    for name, kind in wanted.items():
        if name.casefold() not in folded:
            con.execute(f"ALTER TABLE {quote(table)} ADD COLUMN {quote(name)} {kind}")


def next_run_id(con: duckdb.DuckDBPyConnection) -> int:
    """The id of the next ingest run."""
    return int(scalar(con, "SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs"))


def raw_rows_unaccounted(con: duckdb.DuckDBPyConnection) -> int:
    """Raw rows in no typed table, quarantine or duplicates (0 when the invariant holds)."""
    missing = 0
    for sha, level, table in con.execute(
        "SELECT sha256, level, table_name FROM raw_tables"
    ).fetchall():
        typed = "submissions" if level == "" else f"repeat_{level}"
        missing += scalar(
            con,
            f"""
            SELECT count(*) FROM {quote(table)} r WHERE r._safemig_row NOT IN (
                SELECT _row FROM {quote(typed)} WHERE _source = $sha
                UNION ALL SELECT row FROM quarantine WHERE sha256 = $sha AND level = $level
                UNION ALL SELECT row FROM duplicates WHERE sha256 = $sha AND level = $level)
        """,
            {"sha": sha, "level": level},
        )
    return missing


def store_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows in every table of the store (to compare before and after a run in tests)."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "ORDER BY table_name"
        ).fetchall()
    ]
    return {n: scalar(con, f"SELECT count(*) FROM {quote(n)}") for n in names}


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> Any:
    """The first value of the first row of a query (None when there is no row)."""
    row = con.execute(sql, params or []).fetchone()
    return None if row is None else row[0]
