"""Ingest inside a project folder: the form, store and secret come from ``safemig.toml``."""

from __future__ import annotations

from pathlib import Path

from safemig.errors import ProjectError
from safemig.ingest.run import IngestSettings, IngestSummary, ingest_file
from safemig.instrument.schema import read_form
from safemig.project import Project


def settings_for(
    project: Project,
    form: str | Path | None = None,
    encoding: str = "utf-8",
    delimiter: str = "",
    private_key: str | Path | None = None,
) -> IngestSettings:
    """Ingest settings from the project (``form`` overrides the project's form)."""
    form_path = Path(form) if form else project.form
    if form_path is None:
        raise ProjectError(
            f'{project.root / "safemig.toml"}: no form set; add form = "form.xlsx" under '
            "[project], or pass --form"
        )
    return IngestSettings(
        schema=read_form(form_path),
        secret=project.read_secret(),
        keep_raw_identifiers=project.keep_raw_identifiers,
        area_question=project.area_question,
        date_formats=project.date_formats,
        encoding=encoding,
        delimiter=delimiter,
        private_key=Path(private_key).read_bytes() if private_key else None,
    )


def ingest_into_project(
    project: Project,
    path: str | Path,
    form: str | Path | None = None,
    encoding: str = "utf-8",
    delimiter: str = "",
    progress: bool = False,
    private_key: str | Path | None = None,
) -> IngestSummary:
    """Ingest ``path`` into the project's store; see :func:`safemig.ingest.ingest_file`."""
    settings = settings_for(project, form, encoding, delimiter, private_key)
    return ingest_file(path, project.store, settings, progress)
