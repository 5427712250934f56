"""``safemig lint-text``: exit codes 0, 1 and 2, formats, message language, help text."""

from __future__ import annotations

import json

import pytest

from safemig.cli import main


@pytest.fixture
def texts(tmp_path):
    flagged = tmp_path / "flagged.md"
    flagged.write_text("Une vague de migrants clandestins.\n", encoding="utf-8")
    clean = tmp_path / "clean.md"
    clean.write_text("Les migrantes en situation irrégulière.\n", encoding="utf-8")
    return flagged, clean


def test_exit_code_is_1_when_something_is_found(texts, capsys):
    assert main(["lint-text", str(texts[0])]) == 1
    output = capsys.readouterr().out
    assert "metaphors.vague" in output and "legal-status.clandestin" in output
    assert "Pourquoi :" in output


def test_exit_code_is_0_when_clean(texts, capsys):
    assert main(["lint-text", str(texts[1])]) == 0
    assert capsys.readouterr().out == "Aucun terme stigmatisant trouvé dans 1 fichier(s).\n"


def test_messages_in_english_on_request(texts, capsys):
    main(["lint-text", "--lang", "en", str(texts[0])])
    output = capsys.readouterr().out
    assert "Why: Floods, waves" in output and "Pourquoi" not in output


def test_missing_file_gives_exit_code_2_and_names_it(texts, tmp_path, capsys):
    missing = tmp_path / "absent.docx"
    assert main(["lint-text", str(texts[0]), str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"safemig: error: {missing}: no such file" in captured.err


def test_unreadable_docx_gives_exit_code_2(tmp_path, capsys):
    broken = tmp_path / "broken.docx"
    broken.write_text("not a word file", encoding="utf-8")
    assert main(["lint-text", str(broken)]) == 2
    assert f"{broken}: not a readable Word (.docx) file" in capsys.readouterr().err


def test_sarif_and_json_formats(texts, capsys):
    assert main(["lint-text", "--format", "sarif", str(texts[0])]) == 1
    assert json.loads(capsys.readouterr().out)["version"] == "2.1.0"
    assert main(["lint-text", "--format", "json", str(texts[0])]) == 1
    assert json.loads(capsys.readouterr().out)["languages"] == {str(texts[0]): "fr"}


def test_text_language_can_be_forced(texts, capsys):
    # Checked as English, the French sentence meets only English rules: nothing is found.
    assert main(["lint-text", "--format", "json", "--text-lang", "en", str(texts[0])]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["languages"] == {str(texts[0]): "en"} and document["findings"] == []


def test_docx_file_from_the_command_line(write_docx, capsys):
    path = write_docx("kit.docx", [("Illegal migrants are welcome here.", None)])
    assert main(["lint-text", str(path)]) == 1
    assert f"{path}:1:1: legal-status.illegal-migrant" in capsys.readouterr().out
