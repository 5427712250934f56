"""Load one raw table into the store: stream it in, then classify every row in SQL.

Phase 1 streams Arrow batches into ``raw_<hash>``: identifiers are checked (on their real
values) and then pseudonymised batch by batch, so memory does not grow with the file.
Phase 2 runs the compiled checks over the whole raw table in DuckDB, sorts every row into
accepted, quarantined or duplicate, and inserts the typed rows: a few set-based statements,
no Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from safemig.ingest.columns import ColumnMap, literal, quote
from safemig.ingest.pseudonymise import Pseudonymiser, scrub_sql, scrub_text
from safemig.ingest.source import ROW, RawTable
from safemig.ingest.validate import Checks, compile_checks, typed_sql
from safemig.instrument.schema import FormSchema

PII_REASONS = "_safemig_pii_reasons"


@dataclass(frozen=True)
class TableLoad:
    """What one table's load needs: where it goes and how it is checked."""

    raw: RawTable
    columns: ColumnMap
    table: str
    sha256: str
    run_id: int
    schema: FormSchema
    date_formats: tuple[str, ...]


@dataclass(frozen=True)
class TableCounts:
    """Rows of one table by outcome."""

    read: int
    accepted: int
    quarantined: int
    duplicates: int
    flagged: int


def stream_raw(
    con: duckdb.DuckDBPyConnection,
    load: TableLoad,
    scrub: Pseudonymiser,
    advance: Callable[[int], None],
) -> None:
    """Create the raw table and stream every batch into it (pseudonymised).

    The stream carries every cell as read plus the pseudonymised version of each identifier
    column (``_safemig_scrubbed_<i>``, hashed in Python). One ``INSERT`` checks the
    identifiers on their real values, scrubs phone numbers and e-mail addresses from free
    text (:func:`scrub_sql`) and stores only the pseudonymised columns, on every core as the
    batches arrive: no per-batch query on the side, no clear identifier written.
    """
    header = load.raw.header
    body = ", ".join(f"{quote(h)} VARCHAR" for h in header)
    con.execute(f"CREATE TABLE {quote(load.table)} ({body}, {ROW} BIGINT, {PII_REASONS} VARCHAR[])")
    pii = compile_checks(load.schema, load.columns, load.date_formats, only=lambda q: q.identifier)
    hashed = [load.columns.headers[q.name] for q in scrub.identifiers()]
    scrubbed = {h: f"{SCRUBBED}{i}" for i, h in enumerate(hashed)}
    free_text = [load.columns.headers[q.name] for q in scrub.free_text()]
    schema = pa.schema(
        [
            *(pa.field(h, pa.string()) for h in header),
            pa.field(ROW, pa.int64()),
            *(pa.field(name, pa.string()) for name in scrubbed.values()),
        ]
    )

    failures: list[BaseException] = []

    def batches() -> Iterator[pa.RecordBatch]:
        try:
            for batch in load.raw.batches():
                clean = scrub.apply(batch, free_text=False)
                extra = [clean.column(h) for h in scrubbed]
                yield pa.RecordBatch.from_arrays([*batch.columns, *extra], schema=schema)
                advance(batch.num_rows)
        except BaseException as exc:  # DuckDB wraps it; keep the original to re-raise
            failures.append(exc)
            raise

    reader = pa.RecordBatchReader.from_batches(schema, batches())
    con.register("safemig_stream", reader)
    try:
        con.execute(_stream_insert(load.table, "safemig_stream", pii, scrubbed, free_text))
    except duckdb.Error:
        if failures:
            raise failures[0] from None
        raise
    con.unregister("safemig_stream")


#: Prefix of the stream's pseudonymised columns (replaced into the raw table's own names).
SCRUBBED = "_safemig_scrubbed_"


def _stream_insert(
    table: str, stream: str, pii: Checks, scrubbed: dict[str, str], free_text: list[str]
) -> str:
    """The ``INSERT`` that checks identifiers on the stream's real values and stores them
    pseudonymised (``scrubbed``: hashed in Python) and the free text scrubbed (in SQL)."""
    reasons = "NULL" if pii.reasons.startswith("CAST([]") else pii.reasons
    dropped = [*scrubbed.values(), *pii.gates]
    exclude = f" EXCLUDE ({', '.join(quote(n) for n in dropped)})" if dropped else ""
    replace = ", ".join(
        [f"{quote(name)} AS {quote(h)}" for h, name in scrubbed.items()]
        + [f"{scrub_sql(quote(h))} AS {quote(h)}" for h in free_text]
    )
    replaced = f" REPLACE ({replace})" if replace else ""
    return (
        f"INSERT INTO {quote(table)} BY NAME SELECT *{exclude}{replaced}, "
        f"{reasons} AS {PII_REASONS} FROM {_gated(stream, pii)}"
    )


def _gated(table: str, checks: Checks) -> str:
    gates = "".join(f", {sql} AS {quote(name)}" for name, sql in checks.gates.items())
    return f"(SELECT *{gates} FROM {quote(table)}) AS r"


def classify(con: duckdb.DuckDBPyConnection, load: TableLoad) -> None:
    """Fill temp table ``classified``: key, fingerprint, reasons, flags and the outcome."""
    checks = compile_checks(
        load.schema, load.columns, load.date_formats, only=lambda q: not q.identifier
    )
    key = load.columns.key or f"{literal(load.sha256[:16] + ':')} || {ROW}"
    flags = (
        checks.flags
        if load.columns.key
        else (
            f"list_append({checks.flags}, 'no submission key in the file: made from file and row')"
        )
    )
    con.execute(f"""CREATE OR REPLACE TEMP TABLE checked AS SELECT {ROW} AS row,
        nullif(trim({key}), '') AS key, {_fingerprint(load.columns)} AS fingerprint,
        list_concat({checks.reasons}, coalesce({PII_REASONS}, [])) AS reasons,
        {flags} AS flags FROM {_gated(load.table, checks)}""")
    con.execute(_CLASSIFY, {"level": load.raw.repeat})


def _fingerprint(columns: ColumnMap) -> str:
    parts = [*columns.answers.values(), *(quote(h) for h in columns.extra)]
    if not parts:
        return "md5('')"
    return "md5(concat_ws(chr(31), " + ", ".join(f"coalesce({p}, chr(30))" for p in parts) + "))"


_CLASSIFY = """
CREATE OR REPLACE TEMP TABLE classified AS
WITH matched AS (
    -- A key can be stored more than once (a later file's other version was quarantined):
    -- each row is compared with one stored version, the same answers if any, else the first
    -- accepted one, so that it gets exactly one outcome. Only the rows whose key is stored
    -- are ranked, and only their row numbers with the stored version's columns.
    SELECT c.row, k.fingerprint AS stored_fp, k.sha256 AS stored_sha, k.row AS stored_row
    FROM checked c
    JOIN submission_keys k ON k.key = c.key AND k.level = $level
    QUALIFY row_number() OVER (PARTITION BY c.row ORDER BY k.fingerprint = c.fingerprint DESC,
        k.status = 'accepted' DESC, k.sha256, k.row) = 1
), firsts AS (
    -- Each key's first row in this file: a grouping, not a window, so that no row is sorted
    -- together with its reasons and flags.
    SELECT key, min(row) AS first_row, arg_min(fingerprint, row) AS first_fp
    FROM checked WHERE key IS NOT NULL GROUP BY key
), ranked AS (
    SELECT c.row, c.key, c.fingerprint, c.reasons, c.flags, m.stored_fp, m.stored_sha,
        m.stored_row, f.first_row, f.first_fp, c.row > f.first_row AS later
    FROM checked c
    LEFT JOIN matched m ON m.row = c.row
    LEFT JOIN firsts f ON f.key = c.key
)
SELECT row, key, fingerprint, flags, stored_sha, stored_row, first_row,
    CASE
        WHEN key IS NULL THEN 'quarantine'
        WHEN stored_fp = fingerprint OR (stored_fp IS NULL AND later AND first_fp = fingerprint)
            THEN 'duplicate'
        WHEN stored_fp IS NOT NULL OR later OR len(reasons) > 0 THEN 'quarantine'
        ELSE 'accepted'
    END AS outcome,
    CASE
        WHEN key IS NULL THEN list_append(reasons,
            'no submission key: _uuid / instanceID / KEY is empty')
        WHEN stored_fp IS NOT NULL AND stored_fp <> fingerprint THEN list_append(reasons,
            'same key as row ' || stored_row || ' of file ' || left(stored_sha, 12)
            || ', with different answers')
        WHEN stored_fp IS NULL AND later AND first_fp <> fingerprint THEN list_append(reasons,
            'same key as row ' || first_row || ' of this file, with different answers')
        ELSE reasons
    END AS reasons
FROM ranked
"""


def insert_outcomes(con: duckdb.DuckDBPyConnection, load: TableLoad) -> TableCounts:
    """Insert accepted, quarantined and duplicate rows; return the counts."""
    typed = "submissions" if not load.raw.repeat else f"repeat_{load.raw.repeat}"
    ranges = _row_ranges(con)
    _insert_typed(con, load, typed, ranges)
    _insert_quarantine(con, load, ranges)
    con.execute(
        """INSERT INTO duplicates SELECT key, $level, $sha, row, $run,
        coalesce(stored_sha, $sha), coalesce(stored_row, first_row)
        FROM classified WHERE outcome = 'duplicate'""",
        _params(load),
    )
    con.execute(
        """INSERT INTO submission_keys SELECT key, $level, fingerprint, outcome, $sha, row
        FROM classified WHERE outcome <> 'duplicate' AND key IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY key ORDER BY row) = 1""",
        {"level": load.raw.repeat, "sha": load.sha256},
    )
    totals = con.execute("""SELECT count(*),
        count(*) FILTER (outcome = 'accepted'), count(*) FILTER (outcome = 'quarantine'),
        count(*) FILTER (outcome = 'duplicate'),
        count(*) FILTER (outcome = 'accepted' AND len(flags) > 0) FROM classified""").fetchone()
    read, accepted, quarantined, duplicates, flagged = totals or (0, 0, 0, 0, 0)
    return TableCounts(read, accepted, quarantined, duplicates, flagged)


def _params(load: TableLoad) -> dict[str, object]:
    return {"level": load.raw.repeat, "sha": load.sha256, "run": load.run_id}


def _insert_typed(
    con: duckdb.DuckDBPyConnection, load: TableLoad, typed: str, ranges: list[tuple[int, int]]
) -> None:
    from safemig.ingest.store import ensure_typed_table

    columns, selects = {}, []
    for name, sql in load.columns.answers.items():
        expression, kind = typed_sql(load.schema.question(name), sql, load.date_formats)
        columns[name] = kind
        selects.append(f"{expression} AS {quote(name)}")
    for header in load.columns.extra:
        columns[header] = "VARCHAR"
        selects.append(f"{quote(header)} AS {quote(header)}")
    ensure_typed_table(con, typed, columns)
    meta = load.columns.meta
    parent = load.columns.parent_key or "NULL"
    for low, high in ranges:
        con.execute(
            f"""INSERT INTO {quote(typed)} BY NAME SELECT c.key AS _key,
            {parent} AS _parent_key, $sha AS _source, c.row AS _row, $run AS _run,
            TRY_CAST({meta["submitted_at"]} AS TIMESTAMPTZ) AS _submitted_at,
            {meta["form_version"]} AS _form_version, {meta["submitted_by"]} AS _submitted_by,
            {meta["review_state"]} AS _review_state, c.flags AS _flags
            {"".join(", " + s for s in selects)}
            FROM {quote(load.table)} r JOIN classified c ON r.{ROW} = c.row
            WHERE c.outcome = 'accepted' AND {_IN_RANGE}""",
            {"sha": load.sha256, "run": load.run_id, "low": low, "high": high},
        )


def _insert_quarantine(
    con: duckdb.DuckDBPyConnection, load: TableLoad, ranges: list[tuple[int, int]]
) -> None:
    header = load.raw.header
    names = "[" + ", ".join(literal(h) for h in header) + "]"
    values = "[" + ", ".join(f"r.{quote(h)}" for h in header) + "]"
    for low, high in ranges:
        con.execute(
            f"""INSERT INTO quarantine SELECT c.key, $level, $sha, c.row, $run, c.reasons,
            c.flags, map({names}, {values}) FROM {quote(load.table)} r
            JOIN classified c ON r.{ROW} = c.row
            WHERE c.outcome = 'quarantine' AND {_IN_RANGE}""",
            {**_params(load), "low": low, "high": high},
        )


#: Rows joined and inserted by one statement. The join of the raw table with
#: ``classified`` feeding an INSERT holds the join's hash table (a row each) beside the
#: threads' unwritten row groups, and that does not spill: one statement over a 5,000,000-row
#: file ran out of the 512 MB cap, where 2,000,000 rows fit (103 columns, and 206 in the Kobo
#: export). Files up to this size take one statement: ranges cost a 1M-row Kobo export
#: 3-5 s more (16.8-18.3 s against 21.4-23.4 s with ranges of 240,000 rows).
JOIN_ROWS = 1_000_000


def _row_ranges(con: duckdb.DuckDBPyConnection) -> list[tuple[int, int]]:
    """Consecutive ranges of row numbers, each small enough for one join-and-insert."""
    bounds = con.execute("SELECT min(row), max(row) FROM classified").fetchone()
    if bounds is None or bounds[0] is None:
        return []
    low, high = bounds
    return [(start, min(start + JOIN_ROWS - 1, high)) for start in range(low, high + 1, JOIN_ROWS)]


#: One range of :func:`_row_ranges`, bounded on both sides of the join so that each side's
#: row groups outside it are skipped.
_IN_RANGE = f"r.{ROW} BETWEEN $low AND $high AND c.row BETWEEN $low AND $high"


def quarantine_bad_rows(con: duckdb.DuckDBPyConnection, load: TableLoad) -> int:
    """Rows the parser could not split: kept whole in quarantine, with their line number."""
    for bad in load.raw.bad_rows:
        # Which field of a malformed row is an identifier is unknowable: scrub phone numbers
        # and e-mail addresses from the whole line.
        text = scrub_text(pa.array([bad.text], pa.string()))[0].as_py()
        con.execute(
            """INSERT INTO quarantine VALUES (NULL, $level, $sha, NULL, $run,
            [$reason], [], map(['_line_text'], [$text]))""",
            {**_params(load), "reason": f"line {bad.line}: {bad.reason}", "text": text},
        )
    return len(load.raw.bad_rows)
