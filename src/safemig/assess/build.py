"""``safemig assess report``: the latest saved assessment of a project (and the change from
the one before) as HTML and PDF in each language."""

from __future__ import annotations

from pathlib import Path

from safemig.assess.coverage import project_catalogues
from safemig.assess.files import load_checklist
from safemig.assess.history import latest_two
from safemig.assess.report import WrittenReport, assessment_view, write_report
from safemig.errors import RequestError
from safemig.i18n import LANGUAGES, say

REPORT_FOLDER = Path("assessments") / "report"


def build_assessment_report(
    project_root: str | Path,
    out: str | Path | None = None,
    languages: tuple[str, ...] | list[str] = LANGUAGES,
    checklist_path: str | Path | None = None,
    progress: bool = False,
) -> dict[str, WrittenReport]:
    """Write ``<out>/<language>/assessment.html`` and ``.pdf`` for the project's latest saved
    assessment, compared with the previous one when there is one.

    Parameters
    ----------
    project_root
        A project folder (``safemig.toml``) with a saved assessment history.
    out
        Where to write (``<project>/assessments/report`` when None).
    languages
        Any of ``en`` and ``fr``.
    checklist_path
        Another checklist file (the built-in checklist when None).

    Raises
    ------
    AssessmentHistoryError
        When no assessment is saved yet.
    AssessmentNarrativeError
        When a generated text uses stigmatising language.
    """
    from safemig.progress import progress_steps

    chosen = _languages(languages)
    checklist = load_checklist(checklist_path)
    current, previous = latest_two(project_root, checklist)
    view = assessment_view(checklist, current, previous, project_catalogues(project_root))
    target = Path(out) if out is not None else Path(project_root) / REPORT_FOLDER
    written = {}
    with progress_steps(progress, total=len(chosen)) as step:
        for language in chosen:
            step(f"Assessment report / rapport d'évaluation ({language})")
            written[language] = write_report(view, target, language)
    return written


def _languages(languages: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(languages))
    for language in chosen:
        if language not in LANGUAGES:
            raise RequestError(
                say(
                    "Report language {l!r} is not available; choose en or fr.",
                    "La langue {l!r} n'est pas disponible ; choisissez en ou fr.",
                    l=language,
                )
            )
    return chosen or LANGUAGES
