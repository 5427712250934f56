"""The assessment report: scorecard per lesson (chart), change since the previous assessment,
gaps ranked with their recommended actions, "not applicable" answers with their reasons, and
the coverage matrix of GCM objectives; HTML and PDF per language. Every generated text passes
the narrative checker before anything is written."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safemig.assess.coverage import STATE_WORDS, CoverageMatrix, coverage_matrix
from safemig.assess.history import Comparison, compare
from safemig.assess.model import PRIORITY_WORDS, STATUS_WORDS, Assessment, Checklist
from safemig.assess.scoring import Scorecard, score_assessment
from safemig.assess.words import WORDS, percent, points, words
from safemig.errors import AssessmentNarrativeError
from safemig.i18n import say
from safemig.indicators import Catalogue

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class AssessmentView:
    """Everything computed for a report: scores, comparison, coverage."""

    checklist: Checklist
    current: Assessment
    scores: Scorecard
    comparison: Comparison | None
    coverage: CoverageMatrix


def assessment_view(
    checklist: Checklist,
    current: Assessment,
    previous: Assessment | None,
    catalogues: tuple[Catalogue, ...],
) -> AssessmentView:
    """Score ``current``, compare it with ``previous`` and build its coverage matrix."""
    comparison = compare(checklist, previous, current) if previous else None
    return AssessmentView(
        checklist,
        current,
        score_assessment(checklist, current),
        comparison,
        coverage_matrix(catalogues, current.activities),
    )


def report_context(view: AssessmentView, language: str, chart: bytes | None) -> dict[str, Any]:
    """What the templates show, worded in ``language`` (``chart``: PNG, or None for none)."""
    from safemig import __version__

    t = words(language)
    current, scores = view.current, view.scores
    return {
        "lang": language,
        "t": t,
        "programme": current.programme_in(language),
        "example": current.example,
        "saved": _saved(current, language),
        "produced": t["produced"].format(
            version=__version__,
            checklist=view.checklist.title.in_language(language),
            checklist_version=view.checklist.version,
        ),
        "overall": percent(scores.overall.value, language),
        "chart": "data:image/png;base64," + base64.b64encode(chart).decode() if chart else "",
        "has_previous": view.comparison is not None,
        "lessons": _lessons(view, language),
        "principles": [
            {
                **_counts(s, language),
                "title": view.checklist.principle(s.group).title.in_language(language),
            }
            for s in scores.principles
        ],
        "change": _change(view, language),
        "gaps": _gaps(view, language),
        "not_applicable": [
            {"id": c.id, "question": c.question.in_language(language), "reason": reason}
            for c, reason in scores.not_applicable
        ],
        "coverage": _coverage(view.coverage, language),
    }


def _saved(assessment: Assessment, language: str) -> str:
    when = assessment.saved_at.strftime("%Y-%m-%d %H:%M UTC") if assessment.saved_at else "—"
    return WORDS["saved"].in_language(language).format(who=assessment.saved_by or "—", when=when)


def _counts(score: Any, language: str) -> dict[str, Any]:
    return {
        "score": percent(score.value, language),
        "fully": score.fully,
        "partly": score.partly,
        "not_started": score.not_started,
        "not_applicable": score.not_applicable,
    }


def _lessons(view: AssessmentView, language: str) -> list[dict[str, Any]]:
    rows = []
    for lesson in view.checklist.lessons:
        score = view.scores.lesson(lesson.id)
        row = {
            **_counts(score, language),
            "id": lesson.id,
            "title": lesson.title.in_language(language),
        }
        if view.comparison:
            before = view.comparison.previous_scores.lesson(lesson.id).value
            row["previous"] = percent(before, language)
            row["change"] = points(view.comparison.lesson_change(lesson.id, view.scores), language)
        rows.append(row)
    return rows


def _change(view: AssessmentView, language: str) -> dict[str, Any] | None:
    comparison = view.comparison
    if comparison is None:
        return None
    return {
        "intro": WORDS["change_intro"]
        .in_language(language)
        .format(
            who=comparison.previous.saved_by or "—",
            when=comparison.previous.saved_at.strftime("%Y-%m-%d")
            if comparison.previous.saved_at
            else "—",
        ),
        "overall_before": percent(comparison.previous_scores.overall.value, language),
        "overall_change": points(
            None
            if comparison.previous_scores.overall.value is None or view.scores.overall.value is None
            else view.scores.overall.value - comparison.previous_scores.overall.value,
            language,
        ),
        "rows": [
            {
                "id": c.criterion.id,
                "question": c.criterion.question.in_language(language),
                "before": STATUS_WORDS[c.before].in_language(language),
                "after": STATUS_WORDS[c.after].in_language(language),
                "direction": c.direction,
                "direction_word": WORDS[c.direction].in_language(language),
            }
            for c in comparison.changes
        ],
    }


def _gaps(view: AssessmentView, language: str) -> list[dict[str, Any]]:
    return [
        {
            "rank": rank,
            "id": gap.criterion.id,
            "lesson": view.checklist.lesson(gap.criterion.lesson).title.in_language(language),
            "question": gap.criterion.question.in_language(language),
            "status": STATUS_WORDS[gap.status].in_language(language),
            "priority": PRIORITY_WORDS[gap.criterion.priority].in_language(language),
            "evidence": gap.criterion.evidence.in_language(language),
            "action": gap.criterion.action.in_language(language),
            "held": view.current.answer(gap.criterion.id).evidence,
        }
        for rank, gap in enumerate(view.scores.gaps, start=1)
    ]


def _coverage(matrix: CoverageMatrix, language: str) -> dict[str, Any]:
    from safemig.products.wording import framework_name, framework_title

    return {
        "intro": WORDS["coverage_intro"]
        .in_language(language)
        .format(catalogues=", ".join(matrix.catalogues)),
        "counts": WORDS["coverage_counts"]
        .in_language(language)
        .format(
            evidence=len(matrix.objectives("evidence")),
            activities=len(matrix.objectives("activities_only")),
            neither=len(matrix.objectives("neither")),
        ),
        "rows": [
            {
                "number": row.objective,
                "name": framework_name(f"GCM-{row.objective}", language),
                "title": framework_title(f"GCM-{row.objective}", language),
                "indicators": [i.title.in_language(language) for i in row.indicators],
                "activities": [a.title for a in row.activities],
                "state": row.state,
                "state_word": STATE_WORDS[row.state].in_language(language),
            }
            for row in matrix.rows
        ],
    }


# --- rendering ------------------------------------------------------------------------------


def _environment() -> Any:
    from safemig.products.templating import environment

    return environment(TEMPLATES)


def render_fragment(context: dict[str, Any]) -> str:
    """The scorecard, change, gaps and coverage as an HTML fragment (for the dashboard)."""
    return str(_environment().get_template("fragment.html").render(**context))


def render_document(context: dict[str, Any]) -> str:
    """The whole report as a standalone HTML document (styled for print)."""
    return str(_environment().get_template("assessment.html").render(**context))


def check_narrative(name: str, html: str, language: str) -> None:
    """Raise :class:`AssessmentNarrativeError` when a generated text (including the answers'
    free text) uses stigmatising language."""
    from safemig.narrative import GeneratedText, check_texts

    findings = check_texts([GeneratedText(name, html, "html")], language=language)
    if findings:
        listed = "; ".join(
            f'{f.path}:{f.line}: "{f.matched}" ({f.rule.id}; say {" or ".join(f.rule.suggestions)})'
            for f in findings[:10]
        )
        raise AssessmentNarrativeError(
            say(
                "{n} stigmatising phrase(s) in the assessment report: {listed}. Reword the "
                "answers or activities they come from; `safemig lint-text` explains each rule.",
                "{n} expression(s) stigmatisante(s) dans le rapport d'évaluation : {listed}. "
                "Reformulez les réponses ou activités d'où elles viennent ; `safemig lint-text` "
                "explique chaque règle.",
                n=len(findings),
                listed=listed,
            )
        )


@dataclass(frozen=True)
class WrittenReport:
    """A report written in one language."""

    html_path: Path
    pdf_path: Path
    html: str
    pages: int


def write_report(view: AssessmentView, out: Path, language: str) -> WrittenReport:
    """Check the text, draw the chart, write ``assessment.html`` and ``assessment.pdf`` under
    ``out/<language>``."""
    from safemig.assess.chart import scorecard_png
    from safemig.pdf import print_pdf

    check_narrative(
        f"assessment.{language}.html",
        render_document(report_context(view, language, None)),
        language,
    )
    previous = view.comparison.previous_scores if view.comparison else None
    chart = scorecard_png(view.checklist, view.scores, previous, language)
    html = render_document(report_context(view, language, chart))
    target = out / language
    target.mkdir(parents=True, exist_ok=True)
    html_path, pdf_path = target / "assessment.html", target / "assessment.pdf"
    html_path.write_text(html, encoding="utf-8")
    document = print_pdf(html, TEMPLATES, pdf_path)
    return WrittenReport(html_path, pdf_path, html, len(document.pages))
