"""`safemig run` and `safemig init` from the command line."""

from __future__ import annotations

import json

from safemig.cli import main
from safemig.project import PROJECT_FILE


def test_run_prints_the_summary(project_copy, capsys):
    assert main(["run", "--project", str(project_copy.root), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "respondents / répondantes" in out and "cells suppressed" in out
    assert "Estimation" in out and str(project_copy.results) in out.replace("\n", "")
    assert json.loads((project_copy.results / "run.json").read_text())["synthetic"] is True


def test_run_without_a_design_says_what_to_add(tmp_path, capsys):
    assert main(["init", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    assert main(["--lang", "fr", "run", "--project", str(tmp_path / "p"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "la section [design] manque" in err and PROJECT_FILE in err
    assert not (tmp_path / "p" / "results").exists()
