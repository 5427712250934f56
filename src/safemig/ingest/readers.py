"""Open any export safemig reads as a :class:`Source` and its :class:`RawTable` list.

Formats, chosen by the file's suffix:

===========  ===========================================================================
``.csv``     KoboToolbox CSV (XML values or labels, any separator) or ODK Central CSV
``.zip``     ODK Central ``submissions.csv.zip``: ``<form_id>.csv`` plus one CSV per repeat
``.xlsx``    KoboToolbox XLSX: first sheet the submissions, one sheet per repeat
``.sav``     SPSS (pyreadstat), value labels kept       ``.dta``  Stata, likewise
``.parquet`` Parquet                                     ``.jsonl`` KoboToolbox API records
===========  ===========================================================================
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc

from safemig.errors import DataFileError, EmptyDataError
from safemig.ingest.csvread import BLOCK_BYTES, csv_table, read_header
from safemig.ingest.source import (
    BATCH_ROWS,
    ROW,
    RawTable,
    Source,
    file_sha256,
    string_batch,
    text_of,
)

FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".zip": "central_zip",
    ".xlsx": "xlsx",
    ".sav": "sav",
    ".zsav": "sav",
    ".dta": "dta",
    ".parquet": "parquet",
    ".jsonl": "kobo_json",
}


def open_source(
    path: str | Path,
    known: set[str],
    form_id: str = "",
    encoding: str = "utf-8",
    delimiter: str = "",
    block_bytes: int = BLOCK_BYTES,
    private_key: bytes | None = None,
) -> tuple[Source, list[RawTable]]:
    """Identify a file and prepare its tables (rows are read later, batch by batch).

    Parameters
    ----------
    path : str or Path
    known : set of str
        Column headers the form would produce (to sniff a CSV separator).
    form_id : str
        Names the root CSV inside an ODK Central zip.
    encoding, delimiter : str
        For text files; ``delimiter=""`` sniffs it.
    private_key : bytes, optional
        PEM private key: ``path`` is then a folder of encrypted ODK submissions.

    Raises
    ------
    DataFileError
        Missing file or unknown suffix; subclasses for empty files, encodings and headers.
    """
    file = Path(path)
    if file.is_dir():
        return _encrypted_folder(file, private_key)
    if not file.is_file():
        raise DataFileError(f"{file}: no such file; check the path")
    kind = FORMATS.get(file.suffix.lower())
    if kind is None:
        raise DataFileError(
            f"{file}: safemig does not read {file.suffix or 'files without a suffix'}; "
            f"export as one of {', '.join(sorted(FORMATS))}"
        )
    if file.stat().st_size == 0:
        raise EmptyDataError(f"{file}: the file is empty (0 bytes); export it again")
    source = Source(file, kind, file_sha256(file), encoding, delimiter)
    tables, separator = _TABLES[kind](file, known, form_id, encoding, delimiter, block_bytes)
    return Source(file, kind, source.sha256, encoding, separator), tables


def _csv(
    file: Path, known: set[str], _form: str, encoding: str, delimiter: str, block: int
) -> tuple[list[RawTable], str]:
    def opener() -> IO[bytes]:
        return file.open("rb")

    header, separator = read_header(opener, str(file), encoding, delimiter, known)
    return [csv_table(opener, str(file), header, separator, encoding, "", block)], separator


def _central_zip(
    file: Path, known: set[str], form_id: str, encoding: str, delimiter: str, block: int
) -> tuple[list[RawTable], str]:
    try:
        members = [m for m in zipfile.ZipFile(file).namelist() if m.lower().endswith(".csv")]
    except zipfile.BadZipFile as exc:
        raise DataFileError(f"{file}: not a zip archive ({exc}); download it again") from exc
    if not members:
        raise EmptyDataError(f"{file}: the zip holds no CSV file")
    root = f"{form_id}.csv" if f"{form_id}.csv" in members else min(members, key=len)
    tables, separator = [], ","
    for member in [root, *sorted(m for m in members if m != root)]:
        repeat = "" if member == root else Path(member).stem.rsplit("-", 1)[-1]
        table, separator = _zip_member(file, member, repeat, known, encoding, delimiter, block)
        tables.append(table)
    return tables, separator


def _zip_member(
    file: Path, member: str, repeat: str, known: set[str], encoding: str, delimiter: str, block: int
) -> tuple[RawTable, str]:
    def opener() -> IO[bytes]:
        archive = zipfile.ZipFile(file)
        return archive.open(member)

    name = f"{file}!{member}"
    header, separator = read_header(opener, name, encoding, delimiter, known | {"KEY"})
    return csv_table(opener, name, header, separator, encoding, repeat, block), separator


def _xlsx(
    file: Path, _known: set[str], _form: str, _enc: str, _delim: str, _block: int
) -> tuple[list[RawTable], str]:
    from openpyxl import load_workbook

    try:
        names = load_workbook(file, read_only=True).sheetnames
    except Exception as exc:  # openpyxl raises several unrelated types for a non-workbook
        raise DataFileError(f"{file}: not an .xlsx workbook ({exc}); export it again") from exc
    tables = []
    for index, sheet in enumerate(names):
        header = _sheet_header(file, sheet)
        if header:
            tables.append(
                RawTable(
                    header, _sheet_batches(file, sheet, header), repeat="" if index == 0 else sheet
                )
            )
    if not tables or not tables[0].header:
        raise EmptyDataError(f"{file}: the first sheet is empty")
    return tables, ""


def _sheet_header(file: Path, sheet: str) -> tuple[str, ...]:
    from openpyxl import load_workbook

    from safemig.ingest.csvread import _check_duplicates

    book = load_workbook(file, read_only=True, data_only=True)
    first = next(book[sheet].iter_rows(values_only=True), ())
    book.close()
    header = tuple("" if h is None else str(h) for h in first)
    _check_duplicates(header, f"{file} sheet {sheet!r}")
    return header


def _sheet_batches(file: Path, sheet: str, header: tuple[str, ...]):
    def batches() -> Iterator[pa.RecordBatch]:
        from openpyxl import load_workbook

        book = load_workbook(file, read_only=True, data_only=True)
        rows = book[sheet].iter_rows(min_row=2, values_only=True)
        # openpyxl hands over cells one by one: per-row Python is unavoidable for .xlsx.
        yield from record_batches(
            (
                dict(zip(header, row, strict=False))
                for row in rows
                if any(v is not None for v in row)
            ),
            header,
        )
        book.close()

    return batches


def record_batches(
    records: Iterable[dict[str, Any]], header: tuple[str, ...]
) -> Iterator[pa.RecordBatch]:
    """Batches of text columns from dict records (values turned into export text)."""
    columns: dict[str, list[str | None]] = {h: [] for h in header}
    first, count = 1, 0
    for record in records:
        for h in header:
            columns[h].append(_cell(record.get(h)))
        count += 1
        if count == BATCH_ROWS:
            yield string_batch(columns, first)
            first, count = first + count, 0
            columns = {h: [] for h in header}
    if count:
        yield string_batch(columns, first)


def _cell(value: Any) -> str | None:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return text_of(value)


def _stat(
    file: Path, _known: set[str], _form: str, encoding: str, _delim: str, _block: int
) -> tuple[list[RawTable], str]:
    import pyreadstat

    reader = (
        pyreadstat.read_sav if file.suffix.lower() in (".sav", ".zsav") else pyreadstat.read_dta
    )
    try:
        _, meta = reader(str(file), metadataonly=True)
    except Exception as exc:  # pyreadstat raises its own ReadstatError and others
        raise DataFileError(f"{file}: cannot be read as SPSS/Stata ({exc})") from exc
    if not meta.number_rows:
        raise EmptyDataError(f"{file}: the file has variables but no rows")
    header = tuple(meta.column_names)
    labels = {
        col: {text_of(k) or "": str(v) for k, v in mapping.items()}
        for col, mapping in meta.variable_value_labels.items()
    }

    def batches() -> Iterator[pa.RecordBatch]:
        for offset in range(0, meta.number_rows or 0, BATCH_ROWS):
            data, _ = reader(
                str(file), row_offset=offset, row_limit=BATCH_ROWS, output_format="dict"
            )
            yield _stat_batch(data, header, offset + 1)

    return [RawTable(header, batches, value_labels=labels)], ""


def _stat_batch(data: dict[str, Any], header: tuple[str, ...], first: int) -> pa.RecordBatch:
    arrays = [_text_array(data[h]) for h in header]
    rows = pa.array(range(first, first + len(arrays[0]) if arrays else first), pa.int64())
    return pa.RecordBatch.from_arrays([*arrays, rows], names=[*header, ROW])


def _text_array(values: Any) -> pa.Array:
    """Text for a numeric or string column, vectorised: whole numbers without a decimal point."""
    array = pa.array(values, from_pandas=True)
    if pa.types.is_floating(array.type):
        whole = pc.all(pc.equal(pc.floor(array), array)).as_py() is not False
        if whole and len(array) and pc.max(pc.abs(array)).as_py() is not None:
            return pc.cast(pc.cast(array, pa.int64()), pa.string())
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        return pc.if_else(pc.equal(array, ""), pa.scalar(None, array.type), array).cast(pa.string())
    return pc.cast(array, pa.string())


def _parquet(
    file: Path, _known: set[str], _form: str, _enc: str, _delim: str, _block: int
) -> tuple[list[RawTable], str]:
    import pyarrow.parquet as pq

    try:
        schema = pq.ParquetFile(file).schema_arrow
    except Exception as exc:  # pyarrow raises ArrowInvalid or OSError for a non-Parquet file
        raise DataFileError(f"{file}: not a Parquet file ({exc})") from exc
    header = tuple(schema.names)

    def batches() -> Iterator[pa.RecordBatch]:
        first = 1
        for batch in pq.ParquetFile(file).iter_batches(batch_size=BATCH_ROWS):
            arrays = [_text_array(column) for column in batch.columns]
            rows = pa.array(range(first, first + batch.num_rows), pa.int64())
            first += batch.num_rows
            yield pa.RecordBatch.from_arrays([*arrays, rows], names=[*header, ROW])

    return [RawTable(header, batches)], ""


def _kobo_json(
    file: Path, _known: set[str], _form: str, encoding: str, _delim: str, _block: int
) -> tuple[list[RawTable], str]:
    header: dict[str, None] = {}
    with file.open(encoding=encoding) as handle:  # first pass: the union of keys, in order
        for number, line in enumerate(handle, start=1):
            if line.strip():
                header |= dict.fromkeys(_json_record(line, file, number))
    if not header:
        raise EmptyDataError(f"{file}: no records")

    def batches() -> Iterator[pa.RecordBatch]:
        with file.open(encoding=encoding) as handle:
            yield from record_batches(
                (_json_record(line, file, n) for n, line in enumerate(handle, 1) if line.strip()),
                tuple(header),
            )

    return [RawTable(tuple(header), batches)], ""


def _json_record(line: str, file: Path, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{file}: line {number} is not JSON ({exc.msg})") from exc
    if not isinstance(record, dict):
        raise DataFileError(f"{file}: line {number} is not a JSON object")
    return record


_TABLES = {
    "csv": _csv,
    "central_zip": _central_zip,
    "xlsx": _xlsx,
    "sav": _stat,
    "dta": _stat,
    "parquet": _parquet,
    "kobo_json": _kobo_json,
}


def _encrypted_folder(folder: Path, private_key: bytes | None) -> tuple[Source, list[RawTable]]:
    from safemig.ingest.decrypt import read_encrypted_folder

    if private_key is None:
        raise DataFileError(
            f"{folder} is a folder: to ingest encrypted ODK submissions "
            "(<instance>/submission.xml + .enc files) give --private-key"
        )
    records = read_encrypted_folder(folder, private_key)
    header = tuple(dict.fromkeys(k for record in records for k in record))
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(file.relative_to(folder)).encode() + file_sha256(file).encode())
    source = Source(folder, "odk_encrypted", digest.hexdigest())
    return source, [RawTable(header, lambda: record_batches(records, header))]
