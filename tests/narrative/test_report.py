"""Output formats: text (EN/FR), JSON and SARIF 2.1.0 validated against the OASIS schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from safemig.narrative.lint import lint_files, render_report

SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)


@pytest.fixture
def report(tmp_path):
    english = tmp_path / "brief.md"
    english.write_text("# Brief\n\nThe illegal migrants and the victims.\n", encoding="utf-8")
    french = tmp_path / "note.html"
    french.write_text('<html lang="fr"><p>Les clandestins.</p></html>', encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("Migrant women in an irregular situation.\n", encoding="utf-8")
    return lint_files([english, french, clean])


def test_sarif_output_is_valid_against_the_official_schema(report):
    log = json.loads(render_report(report, "sarif", None))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [
        "legal-status.illegal-migrant",
        "victimhood.victim",
        "legal-status.clandestin",
    ]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (3, 5, 21)


def test_the_schema_check_can_fail(report):
    log = json.loads(render_report(report, "sarif", None))
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(log)


def test_clean_sarif_is_valid_too(tmp_path):
    clean = tmp_path / "clean.md"
    clean.write_text("Women with disabilities.\n", encoding="utf-8")
    log = json.loads(render_report(lint_files([clean]), "sarif", "fr"))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


def test_json_output_carries_everything_a_program_needs(report):
    document = json.loads(render_report(report, "json", None))
    first, _, french = document["findings"]
    assert first["rule_id"] == "legal-status.illegal-migrant"
    assert (first["line"], first["column"], first["matched"]) == (3, 5, "illegal migrants")
    assert first["suggestions"][0] == "migrant in an irregular situation"
    assert french["message_language"] == "fr" and "écrire plutôt" in french["message"]
    assert set(document["languages"].values()) == {"en", "fr"}


def test_text_output_follows_each_text_language_by_default(report):
    output = render_report(report, "text", None)
    assert "brief.md:3:5: legal-status.illegal-migrant “illegal migrants”" in output
    assert "    Why: A person cannot be illegal" in output
    assert "note.html:1:24: legal-status.clandestin « clandestins »" in output
    assert "    Pourquoi : « Clandestin »" in output
    assert output.endswith("3 finding(s) in 2 of 3 file(s).\n")


def test_text_output_in_french_on_request(report):
    output = render_report(report, "text", "fr")
    assert "Why:" not in output
    assert "    Pourquoi : Une personne ne peut pas être illégale" in output
    assert output.endswith("3 signalement(s) dans 2 fichier(s) sur 3.\n")
