"""Ingest: read what ODK and KoboToolbox export, validate against the form, lose nothing.

``ingest_file`` reads one export, checks every row against the form, pseudonymises
identifiers and stores raw rows, typed submissions, quarantine and a run log in the project's
DuckDB file, in one transaction. See ``docs/ingest.md``.
"""

from safemig.ingest.project_run import ingest_into_project, settings_for
from safemig.ingest.run import IngestSettings, IngestSummary, ingest_file

__all__ = ["IngestSettings", "IngestSummary", "ingest_file", "ingest_into_project", "settings_for"]
