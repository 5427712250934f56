"""Identifiers never reach the store in the clear; free text is scrubbed."""

from __future__ import annotations

from pathlib import Path

from safemig.ingest import ingest_file
from safemig.ingest.pseudonymise import pseudonym
from tests.ingest.conftest import SECRET, kobo_row, query


def _all_text(store: Path) -> str:
    tables = [t for (t,) in query(store, "SELECT table_name FROM information_schema.tables")]
    dump = []
    for table in tables:
        dump += [str(row) for row in query(store, f'SELECT * FROM "{table}"')]
    return "\n".join(dump)


def test_identifiers_are_hashed_everywhere(kobo_csv, settings, store: Path) -> None:
    ingest_file(
        kobo_csv(
            kobo_row("u1", name="Amina Issoufou"),
            kobo_row("u2", name="Amina Issoufou", age="thirty"),
        ),
        store,
        settings,
    )
    text = _all_text(store)
    assert "Amina Issoufou" not in text
    assert query(store, "SELECT resp_name FROM submissions") == [
        (pseudonym(SECRET, "Amina Issoufou"),)
    ]
    assert query(store, "SELECT answers['profile/resp_name'] FROM quarantine") == [
        (pseudonym(SECRET, "Amina Issoufou"),)
    ]


def test_gps_is_coarsened_to_the_area(kobo_csv, settings, store: Path) -> None:
    ingest_file(kobo_csv(kobo_row("u1", ea="EA-0412")), store, settings)
    assert query(store, "SELECT home_gps FROM submissions") == [("EA-0412",)]
    assert "13.51 2.11" not in _all_text(store)


def test_free_text_is_scrubbed_of_phones_and_emails(kobo_csv, settings, store: Path) -> None:
    comment = "call +227 91 11 64 68 or write to a.b@example.org tomorrow"
    ingest_file(kobo_csv(kobo_row("u1", comments=comment)), store, settings)
    assert query(store, "SELECT comments FROM submissions") == [
        ("call [phone] or write to [email] tomorrow",)
    ]
    assert "91 11 64 68" not in _all_text(store)


def test_raw_identifiers_kept_only_on_opt_in(kobo_csv, settings, store: Path) -> None:
    keep = settings.__class__(**{**settings.__dict__, "keep_raw_identifiers": True})
    ingest_file(kobo_csv(kobo_row("u1", name="Amina")), store, keep)
    assert sorted(query(store, "SELECT key, question, value FROM identifiers")) == [
        ("u1", "home_gps", "13.51 2.11 200 5"),
        ("u1", "resp_name", "Amina"),
    ]
    assert query(store, "SELECT resp_name FROM submissions") == [(pseudonym(SECRET, "Amina"),)]


def test_no_identifier_table_rows_without_opt_in(kobo_csv, settings, store: Path) -> None:
    ingest_file(kobo_csv(kobo_row("u1")), store, settings)
    assert query(store, "SELECT count(*) FROM identifiers") == [(0,)]


def test_identifier_constraint_checked_before_hashing(tmp_path: Path) -> None:
    from safemig.demo import generate_survey, write_survey
    from safemig.ingest import IngestSettings
    from safemig.instrument import read_form

    files = write_survey(generate_survey(seed=3, size=40), tmp_path / "demo")
    text = files["kobo"].read_text(encoding="utf-8")
    phone = next(
        line.split(";")[7] for line in text.splitlines()[1:] if line.split(";")[7] not in ('""', "")
    )
    files["kobo"].write_text(text.replace(phone, '"not a phone"', 1), encoding="utf-8")
    settings = IngestSettings(schema=read_form(files["form"]), secret=SECRET)
    summary = ingest_file(files["kobo"], tmp_path / "s.duckdb", settings)
    assert (summary.accepted, summary.quarantined) == (39, 1)
    reasons = query(tmp_path / "s.duckdb", "SELECT reasons FROM quarantine")[0][0]
    assert reasons == ["callback_phone: breaks the constraint regex(., '^[+]?[0-9 ]{8,16}$')"]


def test_free_text_scrubbed_in_sql_as_in_arrow() -> None:
    """The raw insert scrubs free text in DuckDB; Arrow's ``scrub_text`` is the reference."""
    import duckdb
    import pyarrow as pa

    from safemig.ingest.pseudonymise import scrub_sql, scrub_text

    texts = [
        "appelez le +227 91 11 64 68 ou 0022791116468, merci",
        "mail: awa.diallo@exemple.ne / A_B%c+d@sub.domaine.org.",
        "numéro 91-11-64-68 et 91.11.64.68.99, pas 1234567 ni 12 345",
        "année 2024, 150 km, code 12345678901234567890",
        "déjà vu: é@x.fr, x@y.z, ++22791116468",
        "",
        None,
    ]
    expected = scrub_text(pa.array(texts, pa.string())).to_pylist()
    got = [
        row[0]
        for row in duckdb.sql(
            f"SELECT {scrub_sql('t')} FROM unnest(?) WITH ORDINALITY AS u(t, i) ORDER BY i",
            params=[texts],
        ).fetchall()
    ]
    assert got == expected
    assert "[phone]" in expected[0] and "[email]" in expected[1]
