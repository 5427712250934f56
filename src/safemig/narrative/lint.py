"""``safemig lint-text``: check files and report, the one call the command line makes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from safemig.narrative.check import check_document, text_language
from safemig.narrative.readers import read_document
from safemig.narrative.report import RENDERERS, LintReport
from safemig.narrative.rules import Rule


def lint_files(
    paths: Sequence[str | Path], language: str | None = None, rules: tuple[Rule, ...] | None = None
) -> LintReport:
    """Read and check every file; return what was found.

    Every file is read before any is checked, so a missing or unreadable file stops the run
    (with :class:`~safemig.errors.TextFileError` naming it) before a partial report is shown.

    Parameters
    ----------
    paths
        Markdown, HTML, plain-text or DOCX files.
    language
        ``"en"`` or ``"fr"`` for every file; by default each file's declared or detected
        language.
    """
    documents = [read_document(path) for path in paths]
    languages = {doc.path: language or text_language(doc) for doc in documents}
    findings = [
        finding for doc in documents for finding in check_document(doc, languages[doc.path], rules)
    ]
    return LintReport(tuple(doc.path for doc in documents), languages, tuple(findings))


def render_report(report: LintReport, output_format: str, message_language: str | None) -> str:
    """Return ``report`` rendered as ``"text"``, ``"json"`` or ``"sarif"``."""
    return RENDERERS[output_format](report, message_language)
