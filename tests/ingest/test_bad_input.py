"""Every bad input of issue 6: the exact error (or outcome), and nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from safemig.errors import BackendError, EmptyDataError, EncodingError, HeaderError
from safemig.ingest import ingest_file
from safemig.ingest import load as load_module
from tests.ingest.conftest import KOBO_HEADER, assert_nothing_lost, kobo_row, query, snapshot


def test_empty_file(tmp_path: Path, settings, store: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(EmptyDataError):
        ingest_file(path, store, settings)
    assert snapshot(store) == {}


def test_header_only(kobo_csv, settings, store: Path) -> None:
    with pytest.raises(EmptyDataError):
        ingest_file(kobo_csv(), store, settings)
    assert snapshot(store) == {}


def test_wrong_delimiter_given(kobo_csv, settings, store: Path) -> None:
    path = kobo_csv(kobo_row("u1"))
    with pytest.raises(HeaderError, match="separator"):
        ingest_file(path, store, settings.__class__(**{**settings.__dict__, "delimiter": ","}))
    assert snapshot(store) == {}


def test_other_delimiter_is_sniffed(kobo_csv, settings, store: Path) -> None:
    tab = kobo_csv(kobo_row("u1").replace(";", "\t"), header=KOBO_HEADER.replace(";", "\t"))
    summary = ingest_file(tab, store, settings)
    assert (summary.read, summary.accepted) == (1, 1)
    assert_nothing_lost(store)


def test_latin1_french_text_without_encoding(kobo_csv, settings, store: Path) -> None:
    path = kobo_csv(kobo_row("u1", comments="Elle a été très aidée"), encoding="latin-1")
    with pytest.raises(EncodingError, match="row 1 .*latin-1"):
        ingest_file(path, store, settings)
    assert snapshot(store) == {}


def test_latin1_french_text_with_encoding(kobo_csv, settings, store: Path) -> None:
    path = kobo_csv(kobo_row("u1", comments="Elle a été très aidée"), encoding="latin-1")
    latin = settings.__class__(**{**settings.__dict__, "encoding": "latin-1"})
    assert ingest_file(path, store, latin).accepted == 1
    assert query(store, "SELECT comments FROM submissions") == [("Elle a été très aidée",)]


def test_byte_order_mark(kobo_csv, settings, store: Path) -> None:
    path = kobo_csv(kobo_row("u1"), header="\ufeff" + KOBO_HEADER)
    summary = ingest_file(path, store, settings)
    assert summary.accepted == 1 and summary.extra_columns == ()
    assert query(store, "SELECT start IS NOT NULL FROM submissions") == [(True,)]


def test_truncated_last_line(kobo_csv, settings, store: Path) -> None:
    cut = kobo_row("u2")[:60]
    summary = ingest_file(kobo_csv(kobo_row("u1"), cut), store, settings)
    assert (summary.read, summary.accepted, summary.quarantined) == (2, 1, 1)
    reason, text = query(store, "SELECT reasons[1], answers['_line_text'] FROM quarantine")[0]
    assert reason.startswith("line 3:") and "truncated" in reason
    assert text == cut
    assert_nothing_lost(store)


def test_columns_missing_or_unknown(kobo_csv, settings, store: Path) -> None:
    header = KOBO_HEADER.replace("profile/comments", "profile/new_question")
    summary = ingest_file(
        kobo_csv(kobo_row("u1", comments="added in v2"), header=header), store, settings
    )
    assert summary.accepted == 1
    assert summary.missing_columns == ("comments",)
    assert summary.extra_columns == ("profile/new_question",)
    assert query(store, 'SELECT "profile/new_question" FROM submissions') == [("added in v2",)]
    assert_nothing_lost(store)


def test_duplicate_column_names(kobo_csv, settings, store: Path) -> None:
    header = KOBO_HEADER.replace("profile/comments", "profile/resp_age")
    with pytest.raises(HeaderError, match="appears twice"):
        ingest_file(kobo_csv(kobo_row("u1"), header=header), store, settings)
    assert snapshot(store) == {}


def test_value_outside_choice_list(kobo_csv, settings, store: Path) -> None:
    summary = ingest_file(kobo_csv(kobo_row("u1", consent="maybe")), store, settings)
    assert summary.quarantined == 1
    assert query(store, "SELECT reasons[1] FROM quarantine")[0][0].startswith(
        "consent_given: not in the choice list"
    )
    assert_nothing_lost(store)


def test_numbers_in_text_fields_are_kept_as_text(kobo_csv, settings, store: Path) -> None:
    ingest_file(kobo_csv(kobo_row("u1", comments="007")), store, settings)
    assert query(store, "SELECT comments FROM submissions") == [("007",)]


def test_text_in_number_field(kobo_csv, settings, store: Path) -> None:
    summary = ingest_file(kobo_csv(kobo_row("u1", age="thirty")), store, settings)
    assert summary.quarantined == 1
    assert query(store, "SELECT reasons, answers['profile/resp_age'] FROM quarantine") == [
        (["resp_age: not a valid integer: 'thirty'"], "thirty")
    ]
    assert_nothing_lost(store)


@pytest.mark.parametrize(
    ("date", "accepted"),
    [("2024-02-29", 1), ("2023-02-29", 0), ("2024-02-30", 0), ("05/03/2024", 0)],
)
def test_dates(kobo_csv, settings, store: Path, date: str, accepted: int) -> None:
    summary = ingest_file(kobo_csv(kobo_row("u1", date=date)), store, settings)
    assert (summary.accepted, summary.quarantined) == (accepted, 1 - accepted)
    assert_nothing_lost(store)


def test_dates_in_a_declared_format(kobo_csv, settings, store: Path) -> None:
    french = settings.__class__(**{**settings.__dict__, "date_formats": ("%Y-%m-%d", "%d/%m/%Y")})
    ingest_file(kobo_csv(kobo_row("u1", date="05/03/2024")), store, french)
    assert [str(d) for (d,) in query(store, "SELECT arrival_date FROM submissions")] == [
        "2024-03-05"
    ]


def test_five_megabyte_free_text(kobo_csv, settings, store: Path) -> None:
    long_text = "récit " * 900_000
    summary = ingest_file(kobo_csv(kobo_row("u1", comments=long_text)), store, settings)
    assert summary.accepted == 1 and summary.flagged == 1
    assert query(store, "SELECT length(comments), _flags FROM submissions") == [
        (len(long_text), ["comments: very long text (kept whole)"])
    ]


def test_formula_injection_neutralised_in_excel(
    kobo_csv, settings, store: Path, tmp_path: Path
) -> None:
    from safemig.ingest.excel import write_workbook

    formula = '=HYPERLINK("http://evil.example","click")'
    ingest_file(kobo_csv(kobo_row("u1", comments=formula)), store, settings)
    stored = query(store, "SELECT _key, comments FROM submissions")
    assert stored == [("u1", formula)]  # kept verbatim in the store
    book = write_workbook(tmp_path / "out.xlsx", [("data", ["key", "comments"], stored)])
    cell = load_workbook(book)["data"]["B2"]
    assert cell.data_type == "s" and cell.value == "'" + formula


def test_crash_in_the_middle_leaves_the_store_unchanged(
    kobo_csv, settings, store: Path, monkeypatch
) -> None:
    ingest_file(kobo_csv(kobo_row("u0"), name="first.csv"), store, settings)
    before = snapshot(store)

    def crash(*_args, **_kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(load_module, "_insert_quarantine", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        ingest_file(kobo_csv(kobo_row("u1"), kobo_row("u2"), name="second.csv"), store, settings)
    assert snapshot(store) == before


def test_store_failure_is_a_backend_error_and_rolls_back(
    kobo_csv, settings, store: Path, monkeypatch
) -> None:
    ingest_file(kobo_csv(kobo_row("u0"), name="first.csv"), store, settings)
    before = snapshot(store)
    monkeypatch.setattr(load_module, "_CLASSIFY", "SELECT * FROM no_such_table")
    with pytest.raises(BackendError, match="nothing was written"):
        ingest_file(kobo_csv(kobo_row("u1"), name="second.csv"), store, settings)
    assert snapshot(store) == before
