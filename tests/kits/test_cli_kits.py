"""``safemig kit``: thin commands over the kit library."""

from __future__ import annotations

from pathlib import Path

from safemig.cli import main


def test_kit_check_passes_on_starter_content(capsys) -> None:
    assert main(["kit", "check", "--lang", "fr"]) == 0
    assert "Tous les sujets sont en langage simple." in capsys.readouterr().out


def test_kit_check_fails_above_configured_limits(capsys) -> None:
    assert main(["kit", "check", "--languages", "en", "--max-sentence-words", "8"]) == 1
    out = capsys.readouterr().out
    assert "TO FIX" in out and "split it" in out


def test_kit_sms_counts_segments(capsys) -> None:
    assert main(["kit", "sms", "ê" * 71]) == 0
    assert capsys.readouterr().out.strip() == "UCS-2 71 units, 2 SMS"


def test_kit_build_writes_one_kit(tmp_path: Path, capsys) -> None:
    out = tmp_path / "kits"
    code = main(
        [
            "kit",
            "build",
            "--languages",
            "fr",
            "--regions",
            "agadez",
            "-o",
            str(out),
            "--site-url",
            "https://partner.example.org/kit",
            "--quiet",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "8 PDF" in printed and "8 WAV" in printed and "note: QR" not in printed
    assert (out / "site" / "fr" / "agadez" / "index.html").is_file()


def test_kit_build_error_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    code = main(["kit", "build", "--regions", "tahoua", "-o", str(tmp_path), "--quiet"])
    assert code == 2
    assert "region 'tahoua' needs a name" in capsys.readouterr().err


def test_kit_errors_and_reports_are_in_french_when_asked(tmp_path: Path, capsys) -> None:
    code = main(
        ["--lang", "fr", "kit", "build", "--regions", "tahoua", "-o", str(tmp_path), "--quiet"]
    )
    assert code == 2
    assert "la région 'tahoua' doit avoir un nom en en, fr" in capsys.readouterr().err
    assert main(["--lang", "fr", "kit", "check", "--languages", "fr"]) == 0
    assert "Tous les sujets sont en langage simple." in capsys.readouterr().out
