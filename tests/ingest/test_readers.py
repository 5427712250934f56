"""Every format: Kobo XLSX and label exports, Central zip with repeats, SPSS, Stata, Parquet."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from safemig.errors import DataFileError
from safemig.ingest import ingest_file
from tests.ingest.conftest import assert_nothing_lost, query

ROW = {
    "start": "2024-03-04T09:00:00+01:00",
    "end": "2024-03-04T09:40:00+01:00",
    "enumerator_id": "ENUM-101",
    "ea_id": "EA-0001",
    "consent_given": "yes",
    "resp_age": "30",
    "languages": "hausa",
}


def _central_zip(tmp_path: Path) -> Path:
    root = (
        "SubmissionDate,start,end,enumerator_id,ea_id,consent_given,profile-resp_age,"
        "profile-languages,meta-instanceID,KEY\n"
        "2024-03-04T10:00:00.000Z,2024-03-04T09:00:00+01:00,2024-03-04T09:40:00+01:00,"
        "ENUM-101,EA-0001,yes,30,hausa,uuid:a1,uuid:a1\n"
    )
    children = (
        "child_age,PARENT_KEY,KEY\n4,uuid:a1,uuid:a1/children[1]\n44,uuid:a1,uuid:a1/children[2]\n"
    )
    path = tmp_path / "small.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("small.csv", root)
        archive.writestr("small-children.csv", children)
    return path


def test_central_zip_with_repeat(tmp_path: Path, settings, store: Path) -> None:
    summary = ingest_file(_central_zip(tmp_path), store, settings)
    assert (summary.accepted, summary.quarantined) == (1, 0)
    children = summary.tables["children"]
    assert (children.read, children.accepted, children.quarantined) == (2, 1, 1)
    assert query(store, "SELECT _parent_key, child_age FROM repeat_children") == [("a1", 4)]
    assert query(store, "SELECT level, reasons FROM quarantine") == [
        ("children", ["child_age: breaks the constraint . >= 0 and . <= 30: '44'"])
    ]
    assert_nothing_lost(store)


def test_kobo_xlsx_with_labels_and_repeat_sheet(tmp_path: Path, settings, store: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    main = book.active
    main.title = "Small"
    main.append(
        ["start", "end", "Interviewer", "Area", "Consent?", "Age", "Languages", "_uuid", "_index"]
    )
    main.append(
        [ROW["start"], ROW["end"], "ENUM-101", "EA-0001", "Yes", 30, "Hausa French", "k1", 1]
    )
    rep = book.create_sheet("children")
    rep.append(["child_age", "_index", "_parent_index", "_submission__uuid"])
    rep.append([3, 1, 1, "k1"])
    path = tmp_path / "labels.xlsx"
    book.save(path)
    summary = ingest_file(path, store, settings)
    assert summary.label_export and summary.accepted == 1
    assert query(store, "SELECT consent_given, languages, resp_age FROM submissions") == [
        ("yes", "hausa french", 30)
    ]
    assert query(store, "SELECT _parent_key, child_age FROM repeat_children") == [("k1", 3)]
    assert_nothing_lost(store)


def test_french_label_export(kobo_csv, settings, store: Path) -> None:
    header = "start;end;Enquêtrice;Zone;Consentement ?;Âge;Langues;_uuid"
    row = f"{ROW['start']};{ROW['end']};ENUM-101;EA-0001;Oui;30;Haoussa;f1"
    summary = ingest_file(kobo_csv(row, header=header), store, settings)
    assert summary.label_export and summary.accepted == 1
    assert query(store, "SELECT consent_given, languages FROM submissions") == [("yes", "hausa")]


@pytest.mark.parametrize("suffix", ["sav", "dta"])
def test_spss_and_stata_keep_value_labels(
    tmp_path: Path, settings, store: Path, suffix: str
) -> None:
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame(
        {
            "enumerator_id": ["ENUM-101", "ENUM-102"],
            "ea_id": ["EA-1", "EA-2"],
            "consent_given": [1.0, 2.0],
            "resp_age": [30.0, None],
            "instanceID": ["uuid:s1", "uuid:s2"],
        }
    )
    labels = {"consent_given": {1: "yes", 2: "No"}}
    path = tmp_path / f"data.{suffix}"
    writer = pyreadstat.write_sav if suffix == "sav" else pyreadstat.write_dta
    writer(frame, str(path), variable_value_labels=labels)
    summary = ingest_file(path, store, settings)
    assert (summary.accepted, summary.quarantined) == (2, 0)
    assert query(store, "SELECT _key, consent_given, resp_age FROM submissions ORDER BY 1") == [
        ("s1", "yes", 30),
        ("s2", "no", None),
    ]
    stored = json.loads(query(store, "SELECT value_labels FROM raw_tables")[0][0])
    assert stored == {"consent_given": {"1": "yes", "2": "No"}}
    assert query(store, f'SELECT consent_given FROM "raw_{summary.sha256[:16]}" ORDER BY 1') == [
        ("1",),
        ("2",),
    ]  # the raw table keeps the codes as read


def test_parquet(tmp_path: Path, settings, store: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "enumerator_id": ["ENUM-101"],
            "ea_id": ["EA-1"],
            "consent_given": ["yes"],
            "resp_age": pa.array([30], pa.int64()),
            "_uuid": ["p1"],
        }
    )
    pq.write_table(table, tmp_path / "data.parquet")
    summary = ingest_file(tmp_path / "data.parquet", store, settings)
    assert summary.accepted == 1
    assert query(store, "SELECT resp_age FROM submissions") == [(30,)]


def test_kobo_api_json_lines(tmp_path: Path, settings, store: Path) -> None:
    record = {
        "consent/x": None,
        "enumerator_id": "ENUM-1",
        "ea_id": "EA-1",
        "consent_given": "yes",
        "profile/resp_age": "22",
        "_uuid": "j1",
        "_attachments": [],
        "_id": 5,
    }
    path = tmp_path / "pull.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    summary = ingest_file(path, store, settings)
    assert summary.accepted == 1 and summary.extra_columns == ("consent/x",)


def test_unknown_suffix(tmp_path: Path, settings, store: Path) -> None:
    path = tmp_path / "data.ods"
    path.write_bytes(b"x")
    with pytest.raises(DataFileError, match="does not read .ods"):
        ingest_file(path, store, settings)
    assert not store.exists()
