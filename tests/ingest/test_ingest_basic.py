"""Ingest of well-formed exports: counts, typing, de-duplication and the invariant."""

from __future__ import annotations

import hashlib
from pathlib import Path

from safemig.ingest import ingest_file
from tests.ingest.conftest import assert_nothing_lost, kobo_row, query, snapshot


def test_kobo_csv_ingests_and_types_answers(kobo_csv, settings, store: Path) -> None:
    path = kobo_csv(kobo_row("u1"), kobo_row("u2", age="41"))
    summary = ingest_file(path, store, settings)
    assert (summary.read, summary.accepted, summary.quarantined, summary.duplicates) == (2, 2, 0, 0)
    rows = query(
        store, "SELECT _key, resp_age, arrival_date, languages FROM submissions ORDER BY 1"
    )
    assert [(r[0], r[1], str(r[2]), r[3]) for r in rows] == [
        ("u1", 30, "2024-01-05", "hausa french"),
        ("u2", 41, "2024-01-05", "hausa french"),
    ]
    assert_nothing_lost(store)


def test_same_file_twice_adds_nothing(kobo_csv, settings, store: Path) -> None:
    path = kobo_csv(kobo_row("u1"), kobo_row("u2"))
    ingest_file(path, store, settings)
    before = snapshot(store)
    again = ingest_file(path, store, settings)
    after = snapshot(store)
    assert again.already_ingested and again.duplicates == 2 and again.accepted == 0
    assert {k: v for k, v in after.items() if k != "ingest_runs"} == {
        k: v for k, v in before.items() if k != "ingest_runs"
    }
    assert after["ingest_runs"] == before["ingest_runs"] + 1


def test_same_submission_in_another_file_is_a_duplicate(kobo_csv, settings, store: Path) -> None:
    ingest_file(kobo_csv(kobo_row("u1"), name="day1.csv"), store, settings)
    summary = ingest_file(
        kobo_csv(kobo_row("u1"), kobo_row("u3"), name="day2.csv"), store, settings
    )
    assert (summary.accepted, summary.duplicates, summary.quarantined) == (1, 1, 0)
    assert query(store, "SELECT count(*) FROM submissions") == [(2,)]
    assert_nothing_lost(store)


def test_resent_submission_with_other_answers_is_quarantined(
    kobo_csv, settings, store: Path
) -> None:
    summary = ingest_file(kobo_csv(kobo_row("u1"), kobo_row("u1", age="52")), store, settings)
    assert (summary.accepted, summary.quarantined) == (1, 1)
    reasons = query(store, "SELECT reasons FROM quarantine")[0][0]
    assert reasons == ["same key as row 1 of this file, with different answers"]
    assert_nothing_lost(store)


def test_every_reason_is_kept(kobo_csv, settings, store: Path) -> None:
    row = kobo_row("u1", age="12", languages="hausa klingon", date="2024-13-40")
    summary = ingest_file(kobo_csv(row), store, settings)
    assert summary.quarantined == 1
    reasons = query(store, "SELECT reasons FROM quarantine")[0][0]
    assert sorted(r.split(":")[0] for r in reasons) == ["arrival_date", "languages", "resp_age"]
    assert_nothing_lost(store)


def test_answer_to_a_question_that_is_not_relevant_is_quarantined(
    kobo_csv, settings, store: Path
) -> None:
    summary = ingest_file(kobo_csv(kobo_row("u1", other="Tamasheq")), store, settings)
    assert summary.quarantined == 1
    reasons = query(store, "SELECT reasons FROM quarantine")[0][0]
    assert reasons == ["languages_other: answered although not relevant: 'Tamasheq'"]


def test_a_key_seen_in_three_files_is_classified_once(kobo_csv, settings, store: Path) -> None:
    # day2 re-sends u1 with other answers (quarantined); day3 re-sends day2's version again and
    # a third version. Each input row must get exactly one outcome, whatever earlier files
    # left under the same key.
    ingest_file(kobo_csv(kobo_row("u1"), name="day1.csv"), store, settings)
    day2 = kobo_csv(kobo_row("u1", age="52"), name="day2.csv")
    second = ingest_file(day2, store, settings)
    assert (second.accepted, second.quarantined, second.duplicates) == (0, 1, 0)
    third = ingest_file(
        kobo_csv(kobo_row("u1", age="52"), kobo_row("u2"), name="day3.csv"), store, settings
    )
    assert (third.read, third.accepted, third.quarantined, third.duplicates) == (2, 1, 0, 1)
    day2_sha = hashlib.sha256(day2.read_bytes()).hexdigest()
    assert query(store, "SELECT duplicate_of_sha256, duplicate_of_row FROM duplicates") == [
        (day2_sha, 1)
    ]
    assert query(store, "SELECT count(*) FROM quarantine") == [(1,)]
    fourth = ingest_file(kobo_csv(kobo_row("u1", age="60"), name="day4.csv"), store, settings)
    assert (fourth.read, fourth.quarantined, fourth.duplicates) == (1, 1, 0)
    assert query(store, "SELECT count(*) FROM quarantine") == [(2,)]
    assert query(store, "SELECT count(*) FROM submissions") == [(2,)]
    assert_nothing_lost(store)


def test_a_key_repeated_in_one_file_is_compared_with_its_first_row(
    kobo_csv, settings, store: Path
) -> None:
    # Rows 2 and 4 re-send row 1 unchanged (duplicates of row 1), row 3 with other answers
    # (quarantined, naming row 1); u2 between them is untouched.
    path = kobo_csv(
        kobo_row("u1"), kobo_row("u1"), kobo_row("u1", age="52"), kobo_row("u1"), kobo_row("u2")
    )
    summary = ingest_file(path, store, settings)
    assert (summary.read, summary.accepted, summary.quarantined, summary.duplicates) == (5, 2, 1, 2)
    assert query(store, "SELECT _key, _row FROM submissions ORDER BY _row") == [
        ("u1", 1),
        ("u2", 5),
    ]
    assert query(store, "SELECT row, duplicate_of_row FROM duplicates ORDER BY row") == [
        (2, 1),
        (4, 1),
    ]
    assert query(store, "SELECT row, reasons FROM quarantine") == [
        (3, ["same key as row 1 of this file, with different answers"])
    ]
    assert_nothing_lost(store)
