"""Fixtures for ingest: a small hand-written form, its exports, a store, and the loss check."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from safemig.ingest import IngestSettings
from safemig.ingest.store import raw_rows_unaccounted, store_counts
from safemig.instrument.schema import read_form

SECRET = b"s" * 32

#: A small form with a group, a repeat, an identifier, a GPS point, a date and a constraint.
SURVEY = [
    (
        "type",
        "name",
        "label::English (en)",
        "label::Français (fr)",
        "required",
        "relevant",
        "constraint",
        "safemig_identifier",
    ),
    ("start", "start", "", "", "", "", "", ""),
    ("end", "end", "", "", "", "", "", ""),
    ("text", "enumerator_id", "Interviewer", "Enquêtrice", "yes", "", "", ""),
    ("text", "ea_id", "Area", "Zone", "yes", "", "", ""),
    ("select_one yes_no", "consent_given", "Consent?", "Consentement ?", "yes", "", "", ""),
    ("begin group", "profile", "Profile", "Profil", "", "${consent_given} = 'yes'", "", ""),
    ("text", "resp_name", "Name", "Nom", "", "", "", "yes"),
    ("integer", "resp_age", "Age", "Âge", "yes", "", ". >= 15 and . <= 99", ""),
    ("date", "arrival_date", "Arrival date", "Date d'arrivée", "", "", "", ""),
    ("select_multiple lang", "languages", "Languages", "Langues", "", "", "", ""),
    (
        "text",
        "languages_other",
        "Other language",
        "Autre langue",
        "",
        "selected(${languages}, 'other')",
        "",
        "",
    ),
    ("geopoint", "home_gps", "Home", "Domicile", "", "", "", "yes"),
    ("text", "comments", "Comments", "Commentaires", "", "", "", ""),
    ("end group", "", "", "", "", "", "", ""),
    ("begin repeat", "children", "Children", "Enfants", "", "", "", ""),
    ("integer", "child_age", "Child age", "Âge de l'enfant", "yes", "", ". >= 0 and . <= 30", ""),
    ("end repeat", "", "", "", "", "", "", ""),
]
CHOICES = [
    ("list_name", "name", "label::English (en)", "label::Français (fr)"),
    ("yes_no", "yes", "Yes", "Oui"),
    ("yes_no", "no", "No", "Non"),
    ("lang", "hausa", "Hausa", "Haoussa"),
    ("lang", "french", "French", "Français"),
    ("lang", "other", "Other", "Autre"),
]
KOBO_HEADER = (
    "start;end;enumerator_id;ea_id;consent_given;profile/resp_name;profile/resp_age;"
    "profile/arrival_date;profile/languages;profile/languages_other;profile/home_gps;"
    "profile/comments;_uuid;_submission_time"
)


def kobo_row(
    uuid: str,
    age: str = "30",
    name: str = "Amina",
    date: str = "2024-01-05",
    languages: str = "hausa french",
    other: str = "",
    comments: str = "",
    consent: str = "yes",
    ea: str = "EA-0001",
) -> str:
    """One Kobo CSV row (``;``-separated, quoted) for the small form."""
    cells = [
        "2024-03-04T09:00:00.000+01:00",
        "2024-03-04T09:40:00.000+01:00",
        "ENUM-101",
        ea,
        consent,
        name,
        age,
        date,
        languages,
        other,
        "13.51 2.11 200 5",
        comments,
        uuid,
        "2024-03-04T10:00:00",
    ]
    return ";".join('"' + c.replace('"', '""') + '"' for c in cells)


@pytest.fixture
def small_form(tmp_path: Path) -> Path:
    """The small XLSForm written to disk."""
    from openpyxl import Workbook

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    for row in SURVEY:
        survey.append(list(row))
    choices = book.create_sheet("choices")
    for row in CHOICES:
        choices.append(list(row))
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version", "form_title"])
    settings.append(["small", "2024030101", "Small"])
    path = tmp_path / "small.xlsx"
    book.save(path)
    return path


@pytest.fixture
def settings(small_form: Path) -> IngestSettings:
    """Ingest settings for the small form."""
    return IngestSettings(schema=read_form(small_form), secret=SECRET)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """Path of a store file (created by the first ingest)."""
    return tmp_path / "store.duckdb"


@pytest.fixture
def kobo_csv(tmp_path: Path):
    """Write a Kobo CSV for the small form from rows made by :func:`kobo_row`."""

    def write(
        *rows: str, name: str = "kobo.csv", header: str = KOBO_HEADER, encoding: str = "utf-8"
    ) -> Path:
        path = tmp_path / name
        path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
        return path

    return write


def snapshot(store: Path) -> dict[str, int]:
    """Row counts of every table (empty when the store does not exist yet)."""
    if not store.exists():
        return {}
    con = duckdb.connect(str(store), read_only=True)
    try:
        return store_counts(con)
    finally:
        con.close()


def assert_nothing_lost(store: Path) -> None:
    """Every raw row is in the typed tables, quarantine or duplicates."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        assert raw_rows_unaccounted(con) == 0
    finally:
        con.close()


def query(store: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Run a read-only query on the store."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
