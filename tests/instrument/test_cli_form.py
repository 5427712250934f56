"""The form and demo-data commands write their files and report errors with exit code 2."""

from __future__ import annotations

from safemig.cli import main
from safemig.instrument import read_form


def test_form_build_schema_and_print(tmp_path, capsys):
    form = tmp_path / "form.xlsx"
    assert (
        main(
            [
                "form",
                "build",
                "--modules",
                "wg_ss,violence",
                "--languages",
                "fr,en",
                "-o",
                str(form),
                "--xform",
                str(tmp_path / "f.xml"),
            ]
        )
        == 0
    )
    schema = read_form(form)
    assert schema.default_language == "Français (fr)"
    assert {q.name for q in schema.questions} >= {"wg_seeing", "migration_stage", "exp_sexual"}
    assert main(["form", "schema", str(form), "--json"]) == 0
    assert '"form_id": "safemig_survey"' in capsys.readouterr().out
    assert (
        main(["form", "print", str(form), "--language", "fr", "-o", str(tmp_path / "q.html")]) == 0
    )
    assert "Avez-vous des difficultés" in (tmp_path / "q.html").read_text(encoding="utf-8")


def test_training_test_and_poll_build(tmp_path):
    for instrument in ("training_test", "consultation_poll"):
        assert (
            main(
                [
                    "form",
                    "build",
                    "--instrument",
                    instrument,
                    "-o",
                    str(tmp_path / f"{instrument}.xlsx"),
                ]
            )
            == 0
        )


def test_demo_data_writes_every_file(tmp_path):
    assert main(["demo-data", "--size", "40", "--seed", "5", "--quiet", "-o", str(tmp_path)]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {
        "kobo_export.csv",
        "safemig_survey.csv",
        "population_totals.csv",
        "population_stratum.csv",
        "population_age_group.csv",
        "form.xlsx",
        "README.txt",
    }


def test_errors_exit_with_code_2_and_say_what_to_do(tmp_path, capsys):
    assert main(["form", "build", "--modules", "nope", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "choose from" in capsys.readouterr().err
    assert main(["form", "schema", str(tmp_path / "absent.xlsx")]) == 2
