"""Run on a staged copy of the store and publish everything at once, or nothing.

A run works in a hidden staging folder beside the project's files (same file system, so
renames are atomic): the store is copied there first, every stage writes to the copy (ingest
included), and the results are built there too. Only at the end are the project's
``results/`` folder and ``safemig.duckdb`` replaced by their staged versions, by renames that
are undone if one of them fails. A run that fails at any stage therefore leaves the previous
results folder and every table of the store exactly as they were. (Copying the store costs
one file copy per run; it is what makes a failed ingest or estimation leave no trace.)

==================================  =============================================================
``results/indicators.parquet``      the published table (``apply_disclosure`` output, unchanged)
``results/run.json``                what was run: catalogue, design, rule, languages, times
``results/survey_summary.json``     respondents, quarantine, flags, strata, weights
``results.indicators`` (store)      the same published table
``results.runs`` (store)            one row per successful run: its ``run.json``
==================================  =============================================================
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from safemig.errors import BackendError
from safemig.i18n import Text
from safemig.ingest.store import connect, transaction
from safemig.project import RESULTS_FOLDER, Project

INDICATORS = "indicators.parquet"
RUN = "run.json"
SUMMARY = "survey_summary.json"
STAGING_PREFIX = ".run-"


@contextmanager
def staged(project: Project) -> Iterator[Project]:
    """Yield the project with its store replaced by a staged copy; remove the copy at exit."""
    stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=project.root))
    try:
        copy = stage / project.store.name
        if project.store.exists():
            _checkpoint(project.store)
            shutil.copyfile(project.store, copy)
        yield replace(project, store=copy)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def publish_results(
    project: Project,
    work: Project,
    published: pa.Table,
    run: dict[str, Any],
    summary: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> Path:
    """Write the results into the staged store and folder, then swap both into ``project``.

    Parameters
    ----------
    project
        The project as loaded (its ``results`` and ``store`` are replaced).
    work
        The same project on its staged store (:func:`staged`).
    extra
        Further files for the results folder, by relative name: text (the weighting
        report), bytes (Parquet) or a dict (written as JSON), e.g. ``voices/voices.json``.

    Returns
    -------
    Path
        ``<project>/results``.

    Raises
    ------
    BackendError
        When the store fails; nothing is changed then.
    """
    build = work.store.parent / RESULTS_FOLDER
    build.mkdir()
    pq.write_table(published, build / INDICATORS)
    _write_json(build / RUN, run)
    _write_json(build / SUMMARY, summary)
    for name, content in (extra or {}).items():  # weighting report, voices
        target = build / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        elif isinstance(content, dict):
            _write_json(target, content)
        else:
            target.write_text(content, encoding="utf-8")
    _store_tables(work.store, published, run)
    _swap([(build, project.results), (work.store, project.store)], work.store.parent)
    return project.results


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _checkpoint(store: Path) -> None:
    """Fold the write-ahead log into the file so that one file copy is the whole store."""
    con = connect(store)
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _store_tables(store: Path, published: pa.Table, run: dict[str, Any]) -> None:
    con = connect(store)
    try:
        with transaction(con):
            con.execute("CREATE SCHEMA IF NOT EXISTS results")
            con.register("_published", published)
            con.execute("CREATE OR REPLACE TABLE results.indicators AS SELECT * FROM _published")
            con.unregister("_published")
            con.execute(
                "CREATE TABLE IF NOT EXISTS results.runs (started TIMESTAMPTZ, "
                "finished TIMESTAMPTZ, run JSON)"
            )
            con.execute(
                "INSERT INTO results.runs VALUES (?::TIMESTAMPTZ, ?::TIMESTAMPTZ, ?)",
                [run["started"], run["finished"], json.dumps(run, ensure_ascii=False)],
            )
        con.execute("CHECKPOINT")
    except duckdb.Error as exc:
        raise BackendError(
            Text(
                f"{store}: the store failed while publishing results ({exc}); the previous "
                "results are unchanged",
                f"{store} : la base a échoué pendant la publication des résultats ({exc}) ; "
                "les résultats précédents sont inchangés",
            )
        ) from exc
    finally:
        con.close()


def _swap(pairs: list[tuple[Path, Path]], aside: Path) -> None:
    """Put each staged path in place of its live one; undo every rename if one fails.

    The live versions are moved into ``aside`` (the staging folder, removed afterwards).
    """
    undo: list[tuple[Path, Path]] = []
    try:
        for staged_path, live in pairs:
            if live.exists():
                old = aside / f"previous-{live.name}"
                _rename(live, old)
                undo.append((old, live))
            _rename(staged_path, live)
            undo.append((live, staged_path))
    except BaseException:
        for current, back in reversed(undo):
            current.rename(back)
        raise


def _rename(source: Path, target: Path) -> None:
    source.rename(target)
