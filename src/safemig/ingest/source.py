"""What was read: a table of text values streamed in Arrow batches, with where it came from.

Every reader (:mod:`safemig.ingest.readers`) turns a file into one or more :class:`RawTable`:
the main submissions table and, for ODK Central zips and KoboToolbox workbooks, one table per
repeat. Values are text exactly as the file holds them (``None`` when the cell is empty), so the
store can keep them verbatim; typing happens later, in SQL, where it can be checked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

#: Name of the column every reader adds: the data row's number in its file (1 = first row).
ROW = "_safemig_row"
BATCH_ROWS = 65_536


@dataclass(frozen=True)
class BadRow:
    """A row the parser could not split into the header's columns (kept whole in quarantine)."""

    line: int
    text: str
    reason: str


@dataclass
class RawTable:
    """One table of a source: its header and a one-shot stream of string batches.

    ``batches`` yields ``pyarrow.RecordBatch`` objects whose columns are the header (all
    ``string``) plus :data:`ROW`. ``bad_rows`` fills while the stream is read. ``repeat`` is
    the repeat group's name, or ``""`` for the main table; ``value_labels`` holds SPSS/Stata
    value labels per column.
    """

    header: tuple[str, ...]
    batches: Callable[[], Iterator[pa.RecordBatch]]
    repeat: str = ""
    bad_rows: list[BadRow] = field(default_factory=list)
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    """A file to ingest and what is known about it before its rows are read."""

    path: Path
    format: str
    sha256: str
    encoding: str = "utf-8"
    delimiter: str = ""


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB chunks (memory does not grow with the file)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def string_batch(columns: dict[str, list[str | None]], first_row: int) -> pa.RecordBatch:
    """A batch of text columns numbered from ``first_row``."""
    length = len(next(iter(columns.values()))) if columns else 0
    arrays = [pa.array(values, pa.string()) for values in columns.values()]
    rows = pa.array(range(first_row, first_row + length), pa.int64())
    return pa.RecordBatch.from_arrays([*arrays, rows], names=[*columns, ROW])


def text_of(value: object) -> str | None:
    """A cell as export text: whole floats without ``.0``, dates in ISO 8601, empty as None."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN: an empty numeric cell in SPSS/Stata
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return text if text != "" else None
