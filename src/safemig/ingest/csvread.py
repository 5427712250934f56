"""CSV exports (KoboToolbox, ODK Central, anything else) streamed as Arrow batches of text.

The header is read first with Python's ``csv`` module (to sniff the separator, check names and
catch encoding errors early); the body is parsed by Arrow in large blocks, so memory stays flat
however long the file. Nothing is converted: every column is read as text, empty cells as null.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from typing import IO

import pyarrow as pa
import pyarrow.csv as pacsv

from safemig.errors import EmptyDataError, EncodingError, HeaderError
from safemig.ingest.source import ROW, BadRow, RawTable

#: Arrow parses in blocks; when a row does not fit one (Arrow says so), the run retries with
#: 8x bigger blocks (:class:`BlockTooSmall`; the 5 MB comment test reads in one pass). Small
#: blocks keep the reader's memory flat: with 32 MiB blocks Arrow's streaming reader peaked at
#: ~1 GB resident on a 750 MB export (and spent twice the CPU); with 4 MiB, ~300 MB.
BLOCK_BYTES = 4 << 20
_SEPARATORS = (",", ";", "\t", "|")

Opener = Callable[[], IO[bytes]]


class BlockTooSmall(Exception):
    """Internal: a row is longer than the parse block; the run retries with a larger block."""


def read_header(
    open_file: Opener, name: str, encoding: str, delimiter: str, known: set[str]
) -> tuple[tuple[str, ...], str]:
    """The header (column names) and the separator, sniffed when ``delimiter`` is empty.

    Raises
    ------
    EmptyDataError
        When the file is empty or has a header and no data row.
    EncodingError
        When the first lines are not valid in ``encoding``.
    HeaderError
        When a column name appears twice.
    """
    text = _head_text(open_file, name, encoding)
    if not text.strip():
        raise EmptyDataError(f"{name}: the file is empty (no header, no rows); export it again")
    separator = delimiter or _sniff(text, known)
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    header = tuple(h.lstrip("\ufeff") or f"column_{i}" for i, h in enumerate(next(reader), 1))
    if not _has_data_row(reader):
        raise EmptyDataError(
            f"{name}: the file has a header but no data rows; did the export finish?"
        )
    _check_duplicates(header, name)
    return header, separator


def _has_data_row(reader: Iterator[list[str]]) -> bool:
    try:
        return any(any(cell.strip() for cell in row) for row in reader)
    except csv.Error:  # a cell longer than the part read (a 5 MB comment): there is a row
        return True


def _head_text(open_file: Opener, name: str, encoding: str) -> str:
    with open_file() as handle:
        head = handle.read(1 << 20)
    try:
        # An incremental decoder tolerates a multi-byte character cut at the 1 MiB boundary.
        return codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError as exc:
        raise _encoding_error(name, encoding, head, exc.start) from exc
    except LookupError as exc:
        raise EncodingError(f"{name}: unknown encoding {encoding!r}; try utf-8 or latin-1") from exc


def _encoding_error(name: str, encoding: str, data: bytes, offset: int) -> EncodingError:
    line = data[:offset].count(b"\n") + 1
    return EncodingError(
        f"{name}: row {line - 1} (line {line}), byte {offset + 1}: not valid {encoding} text; "
        "the file was probably saved by Excel or another program in Latin-1 / Windows-1252: "
        "ingest it again with --encoding latin-1 (or cp1252), or save it as 'CSV UTF-8'"
    )


def _sniff(text: str, known: set[str]) -> str:
    first_line = next(csv.reader(io.StringIO(text)), [""])
    scores = []
    for separator in _SEPARATORS:
        header = next(csv.reader(io.StringIO(text), delimiter=separator), [])
        matches = sum(1 for h in header if h.lstrip("\ufeff") in known)
        scores.append((matches, len(header), separator))
    best = max(scores)
    return best[2] if best[1] > 1 or not first_line else ","


def _check_duplicates(header: tuple[str, ...], name: str) -> None:
    seen: dict[str, int] = {}
    for position, column in enumerate(header, start=1):
        # The store's column names ignore case, so 'Age' and 'age' collide there too.
        folded = column.casefold()
        if folded in seen:
            raise HeaderError(
                f"{name}: column {column!r} appears twice (columns {seen[folded]} and "
                f"{position}, ignoring case); which one holds the answer is unknowable: remove "
                "or rename one in the export and ingest again"
            )
        seen[folded] = position


def csv_table(
    open_file: Opener,
    name: str,
    header: tuple[str, ...],
    separator: str,
    encoding: str,
    repeat: str = "",
    block_bytes: int = BLOCK_BYTES,
) -> RawTable:
    """A :class:`RawTable` whose batches come from Arrow's streaming CSV reader."""
    table = RawTable(header=header, batches=lambda: iter(()), repeat=repeat)

    def on_bad_row(row: pacsv.InvalidRow) -> str:
        table.bad_rows.append(
            BadRow(
                0,
                row.text,
                f"{row.actual_columns} fields where the header has "
                f"{row.expected_columns}: the row is truncated or has a stray separator",
            )
        )
        return "skip"

    def batches() -> Iterator[pa.RecordBatch]:
        options = _options(header, separator, encoding, block_bytes, on_bad_row)
        with open_file() as handle:
            yield from _numbered(pacsv.open_csv(handle, *options), name, encoding, open_file)
        _locate_bad_rows(table.bad_rows, open_file, encoding)

    table.batches = batches
    return table


def _options(
    header: tuple[str, ...],
    separator: str,
    encoding: str,
    block_bytes: int,
    on_bad_row: Callable[[pacsv.InvalidRow], str],
) -> tuple:
    read = pacsv.ReadOptions(
        column_names=list(header), skip_rows=1, block_size=block_bytes, encoding=encoding
    )
    parse = pacsv.ParseOptions(
        delimiter=separator, newlines_in_values=True, invalid_row_handler=on_bad_row
    )
    # Only an empty cell is missing: "NA", "null" or "nan" typed by a respondent stay text.
    convert = pacsv.ConvertOptions(
        column_types={h: pa.string() for h in header}, null_values=[""], strings_can_be_null=True
    )
    return read, parse, convert


def _numbered(
    reader: pacsv.CSVStreamingReader, name: str, encoding: str, open_file: Opener
) -> Iterator[pa.RecordBatch]:
    first = 1
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid as exc:
            raise _arrow_error(exc, name, encoding, open_file) from exc
        rows = pa.array(range(first, first + batch.num_rows), pa.int64())
        first += batch.num_rows
        yield pa.RecordBatch.from_arrays([*batch.columns, rows], names=[*batch.schema.names, ROW])


def _arrow_error(exc: pa.ArrowInvalid, name: str, encoding: str, open_file: Opener) -> Exception:
    message = str(exc)
    if "straddling" in message or "block" in message.lower():
        return BlockTooSmall(message)
    if "UTF8" in message or "UTF-8" in message:
        return _locate_encoding_error(open_file, name, encoding)
    return HeaderError(f"{name}: the file cannot be parsed as CSV ({message})")


def _locate_encoding_error(open_file: Opener, name: str, encoding: str) -> EncodingError:
    """Scan the file (only after a failure) for the first byte that does not decode."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset, lines = 0, 0
    with open_file() as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return _encoding_error(name, encoding, b"\n" * lines + chunk, exc.start)
            offset += len(chunk)
            lines += chunk.count(b"\n")
    return EncodingError(f"{name}: not valid {encoding} text; try --encoding latin-1")


def _locate_bad_rows(bad_rows: list[BadRow], open_file: Opener, encoding: str) -> None:
    """Give each unparseable row its line number (found by its text; rare, so a plain scan)."""
    if not bad_rows:
        return
    wanted = {row.text.splitlines()[0] if row.text else "": i for i, row in enumerate(bad_rows)}
    with open_file() as handle:
        lines = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
        for number, line in enumerate(lines, start=1):
            index = wanted.pop(line.rstrip("\r\n"), None)
            if index is not None:
                old = bad_rows[index]
                bad_rows[index] = BadRow(number, old.text, old.reason)
            if not wanted:
                break
