"""``safemig voices``: every step on a project with the demonstration's SYNTHETIC notes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from safemig.cli import main
from safemig.voices.codebook import builtin_codebook
from safemig.voices.coding import read_suggestions
from safemig.voices.demo import EXAMPLES
from safemig.voices.quotes import read_quotes


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "safemig.toml").write_text('[project]\nname = "t"\n\n[voices]\n', encoding="utf-8")
    shutil.copytree(EXAMPLES / "sessions", tmp_path / "voices" / "sessions")
    shutil.copytree(EXAMPLES / "codes", tmp_path / "voices" / "codes")
    return tmp_path


def test_every_step(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    where = ["--project", str(project)]
    assert main(["voices", "status", *where]) == 0
    assert "4 sessions, 31 units, 31 coded" in capsys.readouterr().out

    assert main(["voices", "agreement", "coder_a", "coder_b", *where]) == 0
    out = capsys.readouterr().out
    assert "route_dangers" in out and "31 units read by both" in out

    assert main(["voices", "suggest", "--no-embeddings", *where]) == 0
    suggestions = read_suggestions(project / "voices" / "suggestions.csv", builtin_codebook())
    assert suggestions and all(s.method == "keyword" and not s.decision for s in suggestions)
    first = suggestions[0]
    assert (
        main(
            [
                "voices",
                "decide",
                "rejected",
                "--unit",
                first.unit,
                "--theme",
                first.theme,
                "--by",
                "A",
                *where,
            ]
        )
        == 0
    )
    assert main(["voices", "decide", "accepted", "--method", "keyword", "--by", "B", *where]) == 0
    decided = {
        (s.unit, s.theme): s
        for s in read_suggestions(project / "voices" / "suggestions.csv", builtin_codebook())
    }
    assert decided[(first.unit, first.theme)].decision == "rejected"
    assert {s.decision for s in decided.values()} == {"accepted", "rejected"}

    assert main(["voices", "themes", "--by", "site", *where]) == 0
    assert "Agadez" in capsys.readouterr().out

    assert main(["voices", "quotes", "propose", *where]) == 0
    quotes = read_quotes(project / "voices" / "quotes.yaml")
    assert quotes and not any(q.unit.startswith("agadez-arrivals") for q in quotes)  # no consent
    assert main(["voices", "quotes", "approve", quotes[0].id, "--by", "Analyst", *where]) == 0
    capsys.readouterr()
    assert main(["voices", "quotes", "list", *where]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert f"{quotes[0].id}  OK  {quotes[0].text}" in listed
    assert sum("not approved" in line for line in listed) == len(quotes) - 1

    assert main(["voices", "sheet", "--coder", "new", *where]) == 0
    assert (project / "voices" / "codes" / "new.csv").read_text(encoding="utf-8-sig").count(
        "\n"
    ) == 32


def test_errors_are_worded_and_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    where = ["--project", str(project)]
    assert main(["--lang", "fr", "voices", "agreement", "coder_a", "nobody", *where]) == 2
    assert "Pas de feuille de codage" in capsys.readouterr().err
    assert main(["voices", "quotes", "approve", "q-none", "--by", "A", *where]) == 2
    assert "q-none" in capsys.readouterr().err
    assert main(["voices", "decide", "accepted", "--by", "A", *where]) == 2
