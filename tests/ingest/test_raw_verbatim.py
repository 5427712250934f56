"""The raw copy is the input verbatim: every row of the file gives back its exact cells.

The store keeps every row of every file in ``raw_<hash>`` (one text column per header,
numbered ``_safemig_row``), with the file's path and SHA-256 in ``raw_tables``. The oracle
here is Python's own ``csv`` module reading the same file: every cell comes back as written,
except the ones pseudonymisation must change (identifier questions hashed or coarsened, phone
numbers and e-mail addresses in free text replaced).
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pyarrow as pa

from safemig.ingest import ingest_file
from safemig.ingest.pseudonymise import pseudonym, scrub_text
from tests.ingest.conftest import SECRET, assert_nothing_lost, kobo_row, query

#: Cells a CSV writer must quote or that a careless reader changes.
AWKWARD = [
    'She said "no"; then left',
    "two\nlines, with a comma",
    "  leading and trailing spaces  ",
    "NA",
    "null",
    '=HYPERLINK("http://x","y")',
    "Zinder – café, naïveté, ƙasa",
    "call +227 91 11 64 68 or a.b@example.org",
    "\\u00e9 is not é",
    '["looks", "like", "json"]',
]


def _rows() -> list[str]:
    rows = [kobo_row(f"u{i}", comments=text, name=f"Name {i}") for i, text in enumerate(AWKWARD)]
    rows.append(kobo_row("u0", comments=AWKWARD[0], name="Name 0"))  # a duplicate
    rows.append(kobo_row("u1", age="thirty", name="Name 1"))  # quarantined: same key, new age
    rows.append(kobo_row("", name="No key"))  # quarantined: no key
    return rows


def _expected(path: Path) -> list[dict[str, str | None]]:
    """The file read by Python's csv module, with the pseudonymisation the store applies."""
    text = path.read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    for row in table:
        for column, value in row.items():
            row[column] = value if value != "" else None
        row["profile/resp_name"] = pseudonym(SECRET, str(row["profile/resp_name"]))
        row["profile/home_gps"] = row["ea_id"]  # GPS coarsened to the enumeration area
        comments = row["profile/comments"]
        if comments is not None:
            row["profile/comments"] = scrub_text(pa.array([comments]))[0].as_py()
    return table


def test_every_row_gives_back_its_cells(kobo_csv, settings, store: Path) -> None:
    path = kobo_csv(*_rows())
    summary = ingest_file(path, store, settings)
    assert (summary.read, summary.duplicates, summary.quarantined) == (13, 1, 2)
    expected = _expected(path)
    header = list(expected[0])
    view = f"raw_{summary.sha256[:16]}"
    names = ", ".join(f'"{h}"' for h in header)
    stored = query(store, f'SELECT _safemig_row, {names} FROM "{view}" ORDER BY 1')
    assert [r[0] for r in stored] == list(range(1, len(expected) + 1))
    assert [dict(zip(header, r[1:], strict=True)) for r in stored] == expected
    # Rows 11 and 12 repeat the keys of rows 1 and 2; row 13 has no key.
    assert query(store, "SELECT row, duplicate_of_row FROM duplicates") == [(11, 1)]
    reasons = dict(query(store, "SELECT row, reasons FROM quarantine"))
    assert "same key as row 2 of this file, with different answers" in reasons[12]
    assert reasons[13] == ["no submission key: _uuid / instanceID / KEY is empty"]
    assert_nothing_lost(store)


def _raw(store: Path, sha256: str) -> list[tuple]:
    return query(
        store,
        f'SELECT * EXCLUDE (_safemig_pii_reasons) FROM "raw_{sha256[:16]}" ORDER BY _safemig_row',
    )


def test_raw_table_carries_file_hash_path_and_row(kobo_csv, settings, store: Path) -> None:
    path = kobo_csv(*_rows())
    summary = ingest_file(path, store, settings)
    assert summary.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert query(store, "SELECT sha256, level, table_name, path FROM raw_tables") == [
        (summary.sha256, "", f"raw_{summary.sha256[:16]}", str(path))
    ]
    assert [r[-1] for r in _raw(store, summary.sha256)] == list(range(1, 14))


def test_raw_table_holds_no_identifier_in_the_clear(kobo_csv, settings, store: Path) -> None:
    summary = ingest_file(kobo_csv(*_rows()), store, settings)
    text = "\n".join(str(r) for r in _raw(store, summary.sha256))
    assert "pid-" in text
    for clear in ("Name 0", "No key", "13.51 2.11", "91 11 64 68", "a.b@example.org"):
        assert clear not in text


def test_raw_rows_are_append_only_across_files(kobo_csv, settings, store: Path) -> None:
    first = ingest_file(kobo_csv(kobo_row("u1"), name="a.csv"), store, settings)
    before = _raw(store, first.sha256)
    second = ingest_file(kobo_csv(kobo_row("u1"), kobo_row("u2"), name="b.csv"), store, settings)
    again = ingest_file(kobo_csv(kobo_row("u1"), name="a.csv"), store, settings)
    assert again.already_ingested
    assert _raw(store, first.sha256) == before
    assert [r[-1] for r in _raw(store, second.sha256)] == [1, 2]
    assert second.duplicates == 1
    assert_nothing_lost(store)
