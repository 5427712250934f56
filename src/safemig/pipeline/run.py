"""``safemig run``: the stages of a project in order, timed, each behind its own progress bar.

ingest every ``[[sources]]`` file → daily checks → cleaning log → weights → estimation of the
whole catalogue over all its disaggregations (one plan) → disclosure control → results.

Settings are all read and checked before the first stage (a misspelt disaggregation fails in
a second, not after the ingest). Ingest is idempotent per file (a file already ingested adds
nothing). Every stage works on a staged copy of the store that replaces the project's store,
together with the new ``results/``, only when the last stage succeeded
(:mod:`safemig.pipeline.publish`): a run that fails at any stage leaves the previous results
folder and every store table exactly as they were. The daily-checks report
(``<project>/checks``) is written whatever happens later: it is what the team needs to fix
the data that made a run fail.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa

from safemig import __version__
from safemig.design import Design
from safemig.disclosure import apply_disclosure
from safemig.errors import ProjectError
from safemig.i18n import Text
from safemig.indicators import Catalogue, estimate_catalogue
from safemig.ingest import IngestSummary
from safemig.instrument.schema import FormSchema, read_form
from safemig.pipeline.analysis import analysis_data
from safemig.pipeline.products_stage import products_stage
from safemig.pipeline.publish import publish_results, staged
from safemig.pipeline.summary import survey_summary
from safemig.pipeline.weights_stage import weights_stage
from safemig.progress import progress_stage
from safemig.project import Project
from safemig.project_sections import OutputSettings

T = TypeVar("T")
#: Daily checks whose rows are interviews to look at (the others are overviews).
FINDINGS = ("duplicates", "duration", "outliers", "other_specify")

#: Stage ids in run order, with their English and French labels.
STAGES: dict[str, Text] = {
    "ingest": Text("Ingest", "Import"),
    "checks": Text("Daily checks", "Contrôles quotidiens"),
    "cleaning": Text("Cleaning log", "Journal de nettoyage"),
    "weights": Text("Weights", "Pondération"),
    "estimation": Text("Estimation", "Estimation"),
    "disclosure": Text("Disclosure control", "Contrôle de la confidentialité"),
    "voices": Text("Women's voices", "Paroles de femmes"),
    "results": Text("Results", "Résultats"),
    "products": Text("Products", "Produits"),
}


@dataclass(frozen=True)
class RunSummary:
    """What a run did, for the summary printed at the end.

    ``cells`` counts the published table's rows by ``status`` (published, caution,
    suppressed, secondary); ``seconds`` is the wall time of each stage, in run order.
    """

    results: Path
    ingested: tuple[IngestSummary, ...]
    respondents: int
    quarantined: int
    flagged: int
    cleaning_changes: int
    check_findings: int
    indicators: int
    cells: dict[str, int]
    seconds: dict[str, float] = field(default_factory=dict)
    products: Path | None = None

    @property
    def rows_read(self) -> int:
        """Rows read from files new to the store in this run."""
        return sum(s.read for s in self.ingested if not s.already_ingested)


@dataclass(frozen=True)
class _Plan:
    """Everything the stages need, read and checked before the first one starts."""

    design: Design
    catalogue: Catalogue
    schema: FormSchema | None


def run_project(project: Project, progress: bool = False) -> RunSummary:
    """Run every stage of ``project`` and publish its results into ``<project>/results``.

    Parameters
    ----------
    project
        A loaded project (:func:`safemig.project.load_project`).
    progress
        Show a bar per stage on a terminal.

    Returns
    -------
    RunSummary

    Raises
    ------
    safemig.errors.SafemigError
        From whichever stage fails; the previous results are then left untouched.
    """
    started = _now()
    plan = _plan(project)
    with staged(project) as work:
        summary = _stages(project, work, plan, started, progress)
    outputs = project.outputs or OutputSettings(project.root / "out", project.languages)
    timer = _Timer(progress)
    products = timer.run(
        "products", lambda: products_stage(summary.results, outputs, progress), bar=False
    )
    return replace(summary, products=products, seconds={**summary.seconds, **timer.seconds})


def _stages(
    project: Project, work: Project, plan: _Plan, started: str, progress: bool
) -> RunSummary:
    """Every stage on ``work`` (the project on its staged store), then the swap."""
    timer = _Timer(progress)
    ingested = timer.run("ingest", lambda: _ingest(work, progress), bar=False)
    findings = timer.run("checks", lambda: _checks(work, plan.schema))
    data = timer.run("cleaning", lambda: analysis_data(work, plan.schema, plan.design))
    weighted = timer.run("weights", lambda: weights_stage(work, data.table, plan.design))
    table, design = weighted.table, weighted.design
    results = timer.run("estimation", lambda: estimate_catalogue(table, design, plan.catalogue))
    published = timer.run(
        "disclosure",
        lambda: apply_disclosure(results.table, project.disclosure.rule, results.disaggregations),
    )
    voices = (
        timer.run("voices", lambda: _voices(project, table, design, plan.catalogue))
        if project.voices
        else {}
    )
    summary = survey_summary(table, design, data.quarantined, data.flagged)
    folder = timer.run(
        "results",
        lambda: publish_results(
            project,
            work,
            published,
            _run_record(project, design, results.disaggregations, table, started),
            summary,
            {
                **{
                    f"weighting-report.{lang}.html": html for lang, html in weighted.reports.items()
                },
                **voices,
            },
        ),
    )
    return RunSummary(
        results=folder,
        ingested=tuple(ingested),
        respondents=table.num_rows,
        quarantined=data.quarantined,
        flagged=data.flagged,
        cleaning_changes=data.cleaning_changes,
        check_findings=findings,
        indicators=len(plan.catalogue.indicators),
        cells=_status_counts(published),
        seconds=timer.seconds,
    )


def _voices(
    project: Project, table: pa.Table, design: Design, catalogue: Catalogue
) -> dict[str, Any]:
    """The voices files of the results (none when the project has no ``voices``)."""
    if project.voices is None:
        return {}
    from safemig.voices.stage import voices_results

    return voices_results(project.voices, table, design, catalogue, project.disclosure.rule)


def _plan(project: Project) -> _Plan:
    if project.design is None:
        raise ProjectError(
            Text(
                f"{project.file}: [design] is missing; name at least the weights column, "
                'e.g. [design] weights = "design_weight" (see docs/project.md)',
                f"{project.file} : la section [design] manque ; nommez au moins la colonne "
                'des poids, par ex. [design] weights = "design_weight" (voir docs/project.md)',
            )
        )
    for source in project.sources:
        if not source.path.exists():
            raise ProjectError(
                Text(
                    f"{project.file}: [[sources]] path: {source.path} does not exist",
                    f"{project.file} : [[sources]] path : {source.path} n'existe pas",
                )
            )
    if project.sources and project.form is None:
        raise ProjectError(
            Text(
                f'{project.file}: [project] form is empty; set form = "form.xlsx" so the '
                "sources can be read against it",
                f'{project.file} : [project] form est vide ; indiquez form = "form.xlsx" pour '
                "lire les sources selon ce formulaire",
            )
        )
    catalogue = project.catalogue.load(str(project.file))
    schema = read_form(project.form) if project.form else None
    return _Plan(project.design, catalogue, schema)


def _ingest(project: Project, progress: bool) -> list[IngestSummary]:
    from safemig.ingest import ingest_into_project

    return [
        ingest_into_project(
            project,
            source.path,
            source.form,
            source.encoding,
            source.delimiter,
            progress=progress,
            private_key=source.private_key,
        )
        for source in project.sources
    ]


def _checks(project: Project, schema: FormSchema | None) -> int:
    """Run the daily checks and write their report to ``<project>/checks``; count findings."""
    from safemig.ingest.check_report import write_html, write_xlsx
    from safemig.ingest.checks import run_checks

    tables = run_checks(project, schema)
    language = project.languages[0]
    folder = project.root / "checks"
    write_xlsx(tables, folder / f"checks-{language}.xlsx", language)
    write_html(tables, folder / f"checks-{language}.html", language, project.name)
    return sum(len(t.rows) for t in tables if t.id in FINDINGS)


def _run_record(
    project: Project,
    design: Design,
    disaggregations: tuple[str, ...],
    table: pa.Table,
    started: str,
) -> dict[str, Any]:
    outputs = project.outputs or OutputSettings(project.root / "out", project.languages)
    return {
        "catalogue": project.catalogue.label,
        "disaggregations": list(disaggregations),
        "disclosure": project.disclosure.record(),
        "design": {
            "weights": design.weights,
            "strata": design.strata,
            "psu": list(design.psu),
            "fpc": list(design.fpc),
            "lonely_psu": design.lonely_psu,
            **_calibration_record(design),
        },
        "languages": list(outputs.languages),
        "outputs": {
            "folder": os.path.relpath(outputs.folder, project.root),
            "formats": list(outputs.formats),
        },
        "synthetic": is_synthetic(table),
        "started": started,
        "finished": _now(),
        "safemig_version": __version__,
        "project_name": project.name,
        "project_name_fr": project.name_fr or project.name,
    }


def _calibration_record(design: Design) -> dict[str, Any]:
    """What ``run.json`` records of a calibration (method, variables, controls); nothing for
    an uncalibrated design."""
    cal = design.calibration
    if cal is None:
        return {}
    return {
        "calibration": {
            "method": cal.method,
            "variables": list(cal.variables()),
            "sources": sorted({m.source for m in cal.margins if m.source}),
            "bounds": [str(b) for b in cal.bounds],
            "trim": list(cal.trim) if cal.trim else None,
        }
    }


def is_synthetic(table: pa.Table) -> bool:
    """Whether the data are the generator's: a ``synthetic`` column that is "yes" throughout."""
    if "synthetic" not in table.column_names or table.num_rows == 0:
        return False
    return set(table.column("synthetic").to_pylist()) == {"yes"}


def _status_counts(published: pa.Table) -> dict[str, int]:
    counts = {s: 0 for s in ("published", "caution", "suppressed", "secondary")}
    for status in published.column("status").to_pylist():
        counts[status] = counts.get(status, 0) + 1
    return counts


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class _Timer:
    """Runs stages in order, each behind its bar, and keeps each one's wall time."""

    def __init__(self, progress: bool) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}

    def run(self, stage: str, work: Callable[[], T], bar: bool = True) -> T:
        with self._bar(stage, bar):
            start = time.perf_counter()
            value = work()
            self.seconds[stage] = time.perf_counter() - start
        return value

    @contextmanager
    def _bar(self, stage: str, bar: bool) -> Iterator[None]:
        label = f"{STAGES[stage]} / {STAGES[stage].fr}"
        with progress_stage(label, self.progress and bar):
            yield
