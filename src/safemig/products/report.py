"""The full report, in HTML and PDF, one per language: the survey and its design, every
indicator by GCM objective (chart, table, frameworks, notes) and a methods annex."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from safemig.products.cells import cell_of, shows_category
from safemig.products.charts import chart_spec, render_png
from safemig.products.folder import ResultsFolder
from safemig.products.sections import IndicatorSection, by_objective, indicator_sections
from safemig.products.templating import render_template, write_pdf
from safemig.products.ui import disclosure_lines, estimator_text, variance_text, words
from safemig.products.voices import quotes_by_indicator, voices_context, voices_words
from safemig.products.wording import (
    UNIT_WORDS,
    code_label,
    format_count,
    format_number,
    framework_name,
    framework_title,
)


@dataclass(frozen=True)
class Report:
    """A report written in one language: its HTML and PDF and the HTML text (to check)."""

    html_path: Path
    pdf_path: Path
    html: str
    pages: int


def build_report(
    folder: ResultsFolder,
    out: Path,
    language: str,
    check: Callable[[str, str, str], None],
) -> Report:
    """Write ``report.html`` and ``report.pdf`` for ``language`` under ``out/language``.

    ``check(name, html, language)`` runs the narrative checker on the report's text first,
    before the charts are drawn and before anything is written.
    """
    blank = {section.indicator.id: b"" for section in indicator_sections(folder)}
    check(
        f"report.{language}.html",
        render_template("report.html.j2", report_context(folder, language, blank)),
        language,
    )
    context = report_context(folder, language, indicator_charts(folder, language))
    html = render_template("report.html.j2", context)
    target = out / language
    target.mkdir(parents=True, exist_ok=True)
    html_path = target / "report.html"
    html_path.write_text(html, encoding="utf-8")
    pdf_path = target / "report.pdf"
    pages = write_pdf(html, pdf_path)
    return Report(html_path, pdf_path, html, pages)


def indicator_charts(folder: ResultsFolder, language: str) -> dict[str, bytes]:
    """The chart of every indicator as PNG (one rendering serves the HTML and the PDF, and
    prints faster than SVG), by indicator id."""
    charts = {}
    for section in indicator_sections(folder):
        title = section.indicator.title.in_language(language)
        cells = [cell_of(r, folder.catalogue, language) for r in section.chart_rows]
        spec = chart_spec(title, cells, section.indicator.unit, language)
        charts[section.indicator.id] = render_png(spec)
    return charts


def report_context(
    folder: ResultsFolder, language: str, charts: dict[str, bytes] | None = None
) -> dict[str, Any]:
    """Everything the report template shows, worded in ``language``."""
    charts = charts if charts is not None else indicator_charts(folder, language)
    run = folder.run
    voices = voices_context(folder, language)
    quotes = quotes_by_indicator(voices, {s.indicator.id for s in indicator_sections(folder)})
    objectives = [
        {
            "number": number,
            "heading": _objective_heading(number, language),
            "indicators": [
                {
                    **_indicator(s, folder, language, charts),
                    "quotes": quotes.get(s.indicator.id, []),
                }
                for s in sections
            ],
        }
        for number, sections in by_objective(indicator_sections(folder))
    ]
    return {
        "lang": language,
        "t": words(language),
        "project": folder.project_name(language),
        "catalogue_title": folder.catalogue.title.in_language(language),
        "synthetic": folder.synthetic,
        "produced": words(language)["produced"].format(
            version=run.get("safemig_version", ""),
            date=str(run.get("finished", date.today().isoformat()))[:10],
            catalogue=folder.catalogue.title.in_language(language),
        ),
        "summary": _summary(folder, language),
        "objectives": objectives,
        "estimator": estimator_text(run, language),
        "variance": variance_text(run, language),
        "disclosure": disclosure_lines(folder.rule, language),
        "voices": voices,
        "vw": voices_words(language),
    }


def _objective_heading(number: int | None, language: str) -> str:
    if number is None:
        return words(language)["other"]
    name = framework_name(f"GCM-{number}", language)
    return f"{name} — {framework_title(f'GCM-{number}', language)}"


def _indicator(
    section: IndicatorSection, folder: ResultsFolder, language: str, charts: dict[str, bytes]
) -> dict[str, Any]:
    indicator = section.indicator
    title = indicator.title.in_language(language)
    png = charts[indicator.id]
    notes = indicator.notes.in_language(language) if indicator.notes else ""
    return {
        "id": indicator.id,
        "title": title,
        "description": indicator.description.in_language(language),
        "unit": UNIT_WORDS[indicator.unit].in_language(language)
        if indicator.unit in UNIT_WORDS
        else indicator.unit,
        "chart": "data:image/png;base64," + base64.b64encode(png).decode(),
        "chart_alt": words(language)["chart_alt"].format(title=title),
        "cells": [cell_of(r, folder.catalogue, language) for r in section.rows],
        "show_category": shows_category(indicator),
        "frameworks": [
            (framework_name(f, language), framework_title(f, language))
            for f in indicator.frameworks
        ],
        "notes": notes,
    }


def _summary(folder: ResultsFolder, language: str) -> dict[str, Any]:
    summary = folder.summary
    weights = summary.get("weights", {})
    strata = _strata_disaggregation(folder)

    def number(value: Any, decimals: int = 1) -> str:
        row = {"statistic": "mean", "unit": "number", "decimals": decimals}
        return format_number(float(value), row, language) if value is not None else "—"

    return {
        "respondents": format_count(summary.get("respondents"), language),
        "quarantined": format_count(summary.get("quarantined", 0), language),
        "flagged": format_count(summary.get("flagged", 0), language),
        "strata": [
            {
                "stratum": code_label(strata, str(s.get("stratum", "")), language),
                "respondents": format_count(s.get("respondents"), language),
                "psus": format_count(s.get("psus"), language),
                "weighted": format_count(s.get("weighted"), language),
            }
            for s in summary.get("strata", [])
        ],
        "weights": words(language)["weights_text"].format(
            min=number(weights.get("min")),
            max=number(weights.get("max")),
            mean=number(weights.get("mean")),
            cv=number(weights.get("cv"), 2),
            deff=number(weights.get("kish_deff"), 2),
        ),
    }


def _strata_disaggregation(folder: ResultsFolder) -> str:
    """The catalogue disaggregation that is the design's strata column (its labels name the
    strata), else ``stratum``."""
    column = folder.run["design"].get("strata")
    for disaggregation in folder.catalogue.disaggregations:
        if column and disaggregation.column == column:
            return disaggregation.name
    return "stratum"
