"""The content library and the service directory: starter content, and malformed files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safemig.errors import KitContentError, ServiceDirectoryError
from safemig.kits import load_directory, load_library, validate_directory
from safemig.kits.directory import EXAMPLE_PHONE, months_before
from safemig.kits.topics import MIGRATION_STAGES, load_ui_words

from .conftest import TODAY

STARTER_TOPICS = {
    "rights",
    "documents",
    "fair-recruitment",
    "route-safety",
    "violence-help",
    "health",
    "sending-money",
    "coming-back",
}


def test_starter_library_has_every_topic_in_english_and_french() -> None:
    library = load_library()
    assert library.languages() == ("en", "fr")
    for language in ("en", "fr"):
        assert {t.id for t in library.in_language(language)} == STARTER_TOPICS


def test_starter_topics_cite_sources_and_name_reviewers() -> None:
    for topic in load_library().topics:
        assert topic.sources and all(s.claim and s.source for s in topic.sources)
        assert topic.reviewed_by and topic.review_date <= TODAY
        assert set(topic.migration_stages) <= set(MIGRATION_STAGES)


def test_ui_words_exist_in_both_languages() -> None:
    library = load_library()
    assert set(load_ui_words(library.folder, "fr")) == set(load_ui_words(library.folder, "en"))


def test_missing_front_matter_field_names_file_and_field(library_copy: Path) -> None:
    path = library_copy / "topics" / "en" / "health.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("reviewed_by:", "reviewer:"), encoding="utf-8"
    )
    with pytest.raises(KitContentError, match=r"health\.md: front matter lacks reviewed_by"):
        load_library(library_copy)


def test_unknown_migration_stage_is_refused(library_copy: Path) -> None:
    path = library_copy / "topics" / "fr" / "health.md"
    text = path.read_text(encoding="utf-8").replace("[origin, transit,", "[departure, transit,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KitContentError, match="departure"):
        load_library(library_copy)


def test_topic_missing_in_one_language_is_named(library_copy: Path) -> None:
    (library_copy / "topics" / "fr" / "health.md").unlink()
    with pytest.raises(KitContentError, match="no 'fr' text for topic"):
        load_library(library_copy).in_language("fr")


def test_starter_directory_entries_are_examples_with_example_numbers() -> None:
    services = load_directory(load_library().folder / "services.csv")
    assert {s.region for s in services} == {"niamey", "zinder", "agadez"}
    assert all(s.example and EXAMPLE_PHONE.match(s.phone) for s in services)
    assert all("not a real service" in s.names["en"] for s in services)
    assert validate_directory(services, TODAY) == []


def test_entries_older_than_six_months_are_flagged_stale() -> None:
    services = load_directory(load_library().folder / "services.csv")
    findings = validate_directory(services, dt.date(2027, 5, 1))
    assert len(findings) == len(services)
    assert {f.severity for f in findings} == {"stale"}
    assert validate_directory(services, dt.date(2027, 4, 30)) == []


def test_bad_and_real_looking_phones_are_errors(write_csv) -> None:
    header = (
        "id,type,region,name:en,name:fr,address,phone,languages,hours:en,hours:fr,"
        "last_verified,example"
    )
    path = write_csv(
        "services.csv",
        header,
        "a,health,niamey,A,A,x,227-123,fr,h,h,2026-11-01,no",
        "b,health,niamey,B,B,x,+227 91 23 45 67,fr,h,h,2026-11-01,yes",
        "c,health,niamey,C,C,x,+227 00 00 00 05,fr,h,h,2026-11-01,no",
        "d,health,niamey,D,,x,112,fr,h,h,2026-11-01,no",
    )
    findings = validate_directory(load_directory(path), TODAY)
    assert [(f.service_id, f.column, f.severity) for f in findings] == [
        ("a", "phone", "error"),
        ("b", "phone", "error"),
        ("c", "phone", "error"),
        ("d", "name:fr", "error"),
    ]


def test_unknown_service_type_names_row_and_column(write_csv) -> None:
    header = "id,type,region,name:en,address,phone,languages,hours:en,last_verified,example"
    path = write_csv("services.csv", header, "a,police,niamey,A,x,112,fr,h,2026-11-01,no")
    with pytest.raises(ServiceDirectoryError, match=r"row 2, column type: 'police' unknown"):
        load_directory(path)


def test_missing_column_is_named(write_csv) -> None:
    path = write_csv("services.csv", "id,type,region", "a,health,niamey")
    with pytest.raises(ServiceDirectoryError, match="missing column"):
        load_directory(path)


def test_months_before_clamps_to_month_end() -> None:
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 3, 15), 6) == dt.date(2025, 9, 15)
