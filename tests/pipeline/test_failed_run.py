"""A run that fails at any stage leaves the previous results folder and store tables as they
were: failures are injected in ingest, in estimation, while the results are written to the
store, and in the final swap, after the new results folder was already in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

import safemig.pipeline.publish as publish
import safemig.pipeline.run as pipeline_run
from safemig.errors import DataFileError
from safemig.ingest.store import store_counts
from safemig.pipeline import run_project
from safemig.project import Project, load_project


class Injected(RuntimeError):
    """The failure a test injects."""


def _snapshot(project: Project) -> dict[str, Any]:
    files = {
        p.relative_to(project.root).as_posix(): p.read_bytes()
        for p in sorted(project.root.rglob("*"))
        if p.is_file() and p.parts[len(project.root.parts)] == "results"
    }
    con = duckdb.connect(str(project.store), read_only=True)
    try:
        stored = con.sql("SELECT * FROM results.indicators ORDER BY ALL").fetchall()
        runs = con.sql("SELECT * FROM results.runs ORDER BY ALL").fetchall()
        counts = store_counts(con)
    finally:
        con.close()
    hidden = sorted(p.name for p in project.root.iterdir() if p.name.startswith(".run-"))
    return {"files": files, "stored": stored, "runs": runs, "counts": counts, "hidden": hidden}


def _fail(*_args: object, **_kwargs: object) -> None:
    raise Injected("injected failure")


def test_failure_in_estimation(project_copy, monkeypatch):
    before = _snapshot(project_copy)
    assert before["files"] and before["stored"]
    monkeypatch.setattr(pipeline_run, "estimate_catalogue", _fail)
    with pytest.raises(Injected):
        run_project(project_copy)
    assert _snapshot(project_copy) == before


def test_failure_while_writing_the_store(project_copy, monkeypatch):
    before = _snapshot(project_copy)
    monkeypatch.setattr(publish, "_store_tables", _fail)
    with pytest.raises(Injected):
        run_project(project_copy)
    assert _snapshot(project_copy) == before


def test_failure_in_the_swap_after_the_folder_moved(project_copy, monkeypatch):
    """The new results folder is already in place when the store's rename fails."""
    before = _snapshot(project_copy)
    renamed: list[Path] = []

    def rename(source: Path, target: Path) -> None:
        if target == project_copy.store:
            raise Injected("injected: rename of the store failed")
        source.rename(target)
        renamed.append(target)

    monkeypatch.setattr(publish, "_rename", rename)
    with pytest.raises(Injected):
        run_project(project_copy)
    assert project_copy.results in renamed  # the folder had been swapped, and was put back
    assert _snapshot(project_copy) == before


def test_failure_in_ingest_of_a_new_source(project_copy):
    (project_copy.root / "data" / "empty.csv").write_text("", encoding="utf-8")
    toml = project_copy.file.read_text(encoding="utf-8")
    project_copy.file.write_text(
        toml.replace("[design]", '[[sources]]\npath = "data/empty.csv"\n\n[design]', 1),
        encoding="utf-8",
    )
    before = _snapshot(project_copy)
    with pytest.raises(DataFileError):
        run_project(load_project(project_copy.root))
    assert _snapshot(project_copy) == before
