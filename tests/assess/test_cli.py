"""``safemig assess``: template, check, record, history and report from the command line;
a bad file exits 2 with the named error in the chosen language."""

from __future__ import annotations

import shutil

from openpyxl import load_workbook

from safemig.cli import main
from tests.assess.conftest import EXAMPLES


def test_template_check_record_history_report(project, tmp_path, capsys):
    template = tmp_path / "answers.xlsx"
    assert main(["assess", "template", str(template), "--lang", "fr"]) == 0
    rows = list(load_workbook(template)["answers"].iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == "voices.design" and rows[0][2].startswith("Les femmes migrantes")

    first, second = EXAMPLES / "demo-first.yaml", EXAMPLES / "demo-second.yaml"
    assert main(["--lang", "fr", "assess", "check", str(first)]) == 0
    out = capsys.readouterr().out
    assert "OK — global" in out and "Placer la parole des femmes migrantes au centre" in out

    for path, who in ((first, "Amina"), (second, "Binta")):
        assert main(["assess", "record", str(path), "--by", who, "--project", str(project)]) == 0
    saved = capsys.readouterr().out.split()
    assert len(saved) == 2 and all("assessments/history" in s for s in saved)

    assert main(["assess", "history", "--project", str(project)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert [line.split()[2] for line in listing] == ["Amina", "Binta"]

    out = tmp_path / "report"
    code = main(
        ["assess", "report", "--project", str(project), "-o", str(out), "--lang", "fr", "--quiet"]
    )
    assert code == 0
    assert (out / "fr" / "assessment.pdf").stat().st_size > 0
    assert not (out / "en").exists()


def test_bad_answers_exit_2_with_the_named_error_in_french(tmp_path, capsys):
    broken = tmp_path / "answers.yaml"
    shutil.copy(EXAMPLES / "demo-first.yaml", broken)
    text = broken.read_text(encoding="utf-8").replace(
        "voices.own_words: not_started", "voices.own_words: soon"
    )
    broken.write_text(text, encoding="utf-8")
    assert main(["--lang", "fr", "assess", "check", str(broken)]) == 2
    error = capsys.readouterr().err
    assert (
        "safemig: erreur: Réponses answers.yaml, critère 'voices.own_words', champ 'status'"
        in error
    )


def test_report_without_history_exits_2(project, capsys):
    assert main(["assess", "report", "--project", str(project), "--quiet"]) == 2
    assert "No assessment saved" in capsys.readouterr().err
