"""One ingest run: read a file, validate, quarantine, pseudonymise, store, in one transaction.

A file that cannot be read at all (missing, empty, wrong encoding, duplicate columns, no
column of the form) raises before the store is touched. Everything else happens inside one
DuckDB transaction: if anything fails midway, the store is exactly as it was.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from safemig.errors import BackendError, HeaderError
from safemig.ingest import store as db
from safemig.ingest.columns import ColumnMap, key_header, known_headers, map_columns
from safemig.ingest.csvread import BLOCK_BYTES, BlockTooSmall
from safemig.ingest.load import (
    TableCounts,
    TableLoad,
    classify,
    insert_outcomes,
    quarantine_bad_rows,
    stream_raw,
)
from safemig.ingest.pseudonymise import Pseudonymiser
from safemig.ingest.readers import open_source
from safemig.ingest.source import RawTable, Source
from safemig.instrument.schema import FormSchema
from safemig.progress import progress_rows

#: DuckDB's memory cap during an ingest. The statements spill beyond it (the run's
#: transaction-local data is written to the store file as it grows), so together with the
#: reader's small blocks the process's peak memory does not grow with the file: measured
#: 0.6-0.7 GB at 100,000 rows, 0.8 GB at 1,000,000 (was 0.8 and 1.5 GB; benchmarks/RESULTS.md).
INGEST_MEMORY = "512MB"


@dataclass(frozen=True)
class IngestSettings:
    """How to ingest: the form, the pseudonymisation key and the reading options."""

    schema: FormSchema
    secret: bytes
    keep_raw_identifiers: bool = False
    area_question: str = "ea_id"
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    encoding: str = "utf-8"
    delimiter: str = ""
    run_by: str = ""
    private_key: bytes | None = None


@dataclass(frozen=True)
class IngestSummary:
    """What a run did. ``read == accepted + quarantined + duplicates`` always holds."""

    source: str
    sha256: str
    format: str
    run_id: int
    read: int
    accepted: int
    quarantined: int
    duplicates: int
    flagged: int
    already_ingested: bool = False
    extra_columns: tuple[str, ...] = ()
    missing_columns: tuple[str, ...] = ()
    label_export: bool = False
    tables: dict[str, TableCounts] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (the ``--format json`` output of ``safemig ingest``)."""
        data = asdict(self)
        data["tables"] = {level or "main": asdict(c) for level, c in self.tables.items()}
        return data

    def to_json(self) -> str:
        """One line of JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


def ingest_file(
    path: str | Path, store: str | Path, settings: IngestSettings, progress: bool = False
) -> IngestSummary:
    """Ingest one export into the store.

    Parameters
    ----------
    path : str or Path
        A KoboToolbox or ODK Central export, SPSS, Stata, Parquet or JSON-lines file.
    store : str or Path
        The project's DuckDB file (created when missing).
    settings : IngestSettings
    progress : bool
        Show a row counter on a terminal.

    Returns
    -------
    IngestSummary

    Raises
    ------
    DataFileError
        When the file cannot be read (nothing is written then).
    BackendError
        When the store fails; the transaction is rolled back.
    """
    block = BLOCK_BYTES
    while True:
        source, tables = open_source(
            path,
            known_headers(settings.schema),
            settings.schema.form_id,
            settings.encoding,
            settings.delimiter,
            block,
            settings.private_key,
        )
        maps = [_mapped(settings.schema, t, source) for t in tables]
        try:
            with progress_rows(f"Ingest {source.path.name}", progress) as advance:
                return _store_run(store, source, tables, maps, settings, advance)
        except BlockTooSmall:
            block *= 8  # a cell longer than the parse block: read again with larger blocks


def _mapped(schema: FormSchema, table: RawTable, source: Source) -> ColumnMap:
    columns = map_columns(schema, table.header, table.repeat, table.value_labels)
    if not table.repeat and not columns.answers and not columns.key:
        shown = ", ".join(table.header[:3])
        raise HeaderError(
            f"{source.path}: none of the form's columns is in the header (read as "
            f"{len(table.header)} column(s): {shown}); either the separator is not "
            f"{source.delimiter or 'what was sniffed'!r} (give --delimiter) or the file "
            f"belongs to another form than {schema.form_id!r} (give --form)"
        )
    return columns


def _store_run(
    store: str | Path,
    source: Source,
    tables: list[RawTable],
    maps: list[ColumnMap],
    settings: IngestSettings,
    advance: Callable[[int], None],
) -> IngestSummary:
    con = db.connect(store, INGEST_MEMORY)
    try:
        with db.transaction(con):
            db.create_base_tables(con)
            run_id = db.next_run_id(con)
            if _already_ingested(con, source.sha256):
                return _record(con, _repeat_summary(con, source, run_id), settings)
            counts = {
                t.repeat: _load_table(con, source, t, m, run_id, settings, advance)
                for t, m in zip(tables, maps, strict=True)
            }
            return _record(con, _summary(source, run_id, counts, maps[0]), settings)
    except duckdb.Error as exc:
        raise BackendError(
            f"{store}: the store failed while ingesting {source.path} ({exc}); nothing was written"
        ) from exc
    finally:
        con.close()


def _already_ingested(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    return bool(db.scalar(con, "SELECT count(*) FROM raw_tables WHERE sha256 = ?", [sha256]))


def _repeat_summary(con: duckdb.DuckDBPyConnection, source: Source, run_id: int) -> IngestSummary:
    read = (
        db.scalar(
            con,
            "SELECT max(read) FROM ingest_runs WHERE sha256 = ? AND status = 'ok'",
            [source.sha256],
        )
        or 0
    )
    return IngestSummary(
        str(source.path),
        source.sha256,
        source.format,
        run_id,
        read,
        0,
        0,
        read,
        0,
        already_ingested=True,
    )


def _load_table(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    raw: RawTable,
    columns: ColumnMap,
    run_id: int,
    settings: IngestSettings,
    advance: Callable[[int], None],
) -> TableCounts:
    table = f"raw_{source.sha256[:16]}" + (f"_{raw.repeat}" if raw.repeat else "")
    load = TableLoad(
        raw, columns, table, source.sha256, run_id, settings.schema, settings.date_formats
    )
    scrub = Pseudonymiser(
        settings.schema,
        columns,
        settings.secret,
        settings.keep_raw_identifiers,
        settings.area_question,
        key_header(raw.header),
    )
    stream_raw(con, load, scrub, advance if not raw.repeat else lambda _n: None)
    con.execute(
        "INSERT INTO raw_tables VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            source.sha256,
            raw.repeat,
            table,
            str(source.path),
            list(raw.header),
            json.dumps(raw.value_labels, ensure_ascii=False),
            run_id,
        ],
    )
    classify(con, load)
    counts = insert_outcomes(con, load)
    bad = quarantine_bad_rows(con, load)
    for key, question, value in scrub.kept:
        con.execute("INSERT INTO identifiers VALUES (?, ?, ?, ?)", [key, question, value, run_id])
    return TableCounts(
        counts.read + bad,
        counts.accepted,
        counts.quarantined + bad,
        counts.duplicates,
        counts.flagged,
    )


def _summary(
    source: Source, run_id: int, counts: dict[str, TableCounts], main: ColumnMap
) -> IngestSummary:
    top = counts[""]
    return IngestSummary(
        str(source.path),
        source.sha256,
        source.format,
        run_id,
        top.read,
        top.accepted,
        top.quarantined,
        top.duplicates,
        top.flagged,
        False,
        main.extra,
        main.missing,
        main.labels,
        counts,
    )


def _record(
    con: duckdb.DuckDBPyConnection, summary: IngestSummary, settings: IngestSettings
) -> IngestSummary:
    status = "already ingested" if summary.already_ingested else "ok"
    con.execute(
        """INSERT INTO ingest_runs VALUES (?, now(), now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
        ?, ?, ?, ?, ?)""",
        [
            summary.run_id,
            summary.source,
            summary.sha256,
            summary.format,
            settings.encoding,
            settings.delimiter,
            settings.schema.form_id,
            settings.schema.version,
            summary.read,
            summary.accepted,
            summary.quarantined,
            summary.duplicates,
            summary.flagged,
            list(summary.extra_columns),
            list(summary.missing_columns),
            summary.label_export,
            status,
            settings.run_by or _user(),
        ],
    )
    return summary


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
