"""Reading a results folder: a missing file, key or column is named, in both languages."""

from __future__ import annotations

import json
import shutil

import pyarrow.parquet as pq
import pytest

from safemig.errors import ResultsFolderError
from safemig.products.folder import read_results_folder
from tests.products.conftest import Built


def _copy(built: Built, tmp_path):  # type: ignore[no-untyped-def]
    target = tmp_path / "results"
    shutil.copytree(built.results, target)
    return target


def test_a_missing_folder_is_named(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ResultsFolderError) as caught:
        read_results_folder(tmp_path / "nowhere")
    assert "nowhere" in str(caught.value) and "n'existe pas" in caught.value.message("fr")


def test_a_missing_file_is_named(built: Built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = _copy(built, tmp_path)
    (target / "survey_summary.json").unlink()
    with pytest.raises(ResultsFolderError) as caught:
        read_results_folder(target)
    assert "survey_summary.json" in str(caught.value)
    assert "illisible" in caught.value.message("fr")


def test_a_missing_key_is_named(built: Built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = _copy(built, tmp_path)
    run = json.loads((target / "run.json").read_text(encoding="utf-8"))
    del run["design"]
    (target / "run.json").write_text(json.dumps(run), encoding="utf-8")
    with pytest.raises(ResultsFolderError) as caught:
        read_results_folder(target)
    assert "run.json lacks the key(s) design" in str(caught.value)


def test_a_table_before_disclosure_control_is_refused(built: Built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = _copy(built, tmp_path)
    pq.write_table(built.raw, target / "indicators.parquet")
    with pytest.raises(ResultsFolderError) as caught:
        read_results_folder(target)
    assert "status, flag, reason_en, reason_fr" in str(caught.value)
    assert "contrôle de la confidentialité" in caught.value.message("fr")


def test_the_rule_and_catalogue_are_read_back(folder) -> None:  # type: ignore[no-untyped-def]
    from safemig.disclosure import preset

    assert folder.rule == preset("dhs")
    assert folder.catalogue.name == "gender_migration"
    assert folder.synthetic is True
    assert folder.disaggregations == ("region", "migration_stage", "age_group", "disability")


def test_the_command_line_names_a_missing_folder(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from safemig.cli import main

    code = main(["--lang", "fr", "report", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o")])
    assert code == 2
    assert "n'existe pas" in capsys.readouterr().err


def test_every_framework_has_a_french_title() -> None:
    from safemig.products.wording import framework_ids, framework_title

    ids = framework_ids()
    assert len(ids) == 23 + 11 + 6
    for framework in ids:
        assert framework_title(framework, "fr") != framework_title(framework, "en"), framework
