"""The report: expected sections and every indicator in both languages, one embedded chart per
indicator, and tables whose numbers are those of the results table."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from safemig.products.wording import format_count, format_interval, format_number
from tests.products.conftest import LANGUAGES, Built, pdf_text

SECTIONS = {
    "en": (
        "The survey and its design",
        "How to read the tables",
        "GCM objective 3",
        "GCM objective 7",
        "Methods annex",
        "Estimator",
        "Variance and confidence intervals",
        "Disclosure control",
        "SYNTHETIC DATA",
    ),
    "fr": (
        "L'enquête et son plan de sondage",
        "Comment lire les tableaux",
        "Objectif 3 du PMM",
        "Objectif 7 du PMM",
        "Annexe méthodologique",
        "Estimateur",
        "Variance et intervalles de confiance",
        "Contrôle de la confidentialité",
        "DONNÉES SYNTHÉTIQUES",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_has_its_sections_and_every_indicator(built: Built, folder, language) -> None:  # type: ignore[no-untyped-def]
    text, pages = pdf_text(built.out / language / "report.pdf")
    assert pages > 20
    for heading in SECTIONS[language]:
        assert heading in text, heading
    for indicator in folder.catalogue.indicators:
        assert " ".join(indicator.title.in_language(language).split()) in text, indicator.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_embeds_one_chart_per_indicator(built: Built, folder, language) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(built.out / language / "report.pdf")
    images = set()
    for page in reader.pages:
        for image in page.images:
            images.add(image.data)
    assert len(images) == len(folder.catalogue.indicators)


class _Cells(HTMLParser):
    """Rows of the report's indicator tables: (indicator, status, {class: text})."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str, dict[str, str]]] = []
        self.charts: dict[str, str] = {}
        self._indicator = ""
        self._row: dict[str, str] | None = None
        self._status = ""
        self._class: str | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        attributes = dict(attrs)
        if tag == "article":
            self._indicator = attributes.get("data-indicator") or ""
        elif tag == "img" and "chart" in (attributes.get("class") or ""):
            self.charts[self._indicator] = attributes.get("src") or ""
        elif tag == "tr" and "data-status" in attributes:
            self._row, self._status = {}, attributes["data-status"] or ""
        elif tag == "td" and self._row is not None:
            classes = (attributes.get("class") or "").split()
            self._class = next((c for c in classes if c != "num"), "label")
            self._row.setdefault(self._class, "")

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._row is not None and self._class is not None:
            self._row[self._class] += data

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "td":
            self._class = None
        elif tag == "tr" and self._row is not None:
            self.rows.append((self._indicator, self._status, self._row))
            self._row = None


def report_order(folder) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    """The table's rows in the report's order: by GCM objective, then catalogue order."""
    from safemig.products.sections import by_objective, indicator_sections

    groups = by_objective(indicator_sections(folder))
    return [row for _, sections in groups for section in sections for row in section.rows]


def report_cells(built: Built, language: str) -> _Cells:
    parser = _Cells()
    parser.feed((built.out / language / "report.html").read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_tables_show_the_published_numbers(built: Built, folder, language) -> None:  # type: ignore[no-untyped-def]
    cells = report_cells(built, language)
    assert len(cells.rows) == len(folder.rows)
    for (indicator, status, shown), row in zip(cells.rows, report_order(folder), strict=True):
        assert (indicator, status) == (row["indicator"], row["status"])
        if status in ("published", "caution"):
            value = format_number(row["estimate"], row, language)
            assert value in shown["value"]
            assert shown["interval"] == format_interval(row, language)
            assert shown["count"] == format_count(row["n"], language)


def test_numbers_are_worded_for_each_language() -> None:
    row = {"statistic": "proportion", "unit": "percent", "decimals": 1}
    assert format_number(0.36610, row, "en") == "36.6%"
    assert format_number(0.36610, row, "fr") == "36,6\u202f%"
    total = {"statistic": "total", "unit": "number", "decimals": 0}
    assert format_number(102844.0, total, "en") == "102,844"
    assert format_number(102844.0, total, "fr") == "102\u202f844"
    interval = {**row, "ci_low": 0.3375, "ci_high": 0.3957}
    assert format_interval(interval, "en") == "33.8–39.6%"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_html_chart_is_a_png(built: Built, folder, language) -> None:  # type: ignore[no-untyped-def]
    charts = report_cells(built, language).charts
    assert set(charts) == {i.id for i in folder.catalogue.indicators}
    for src in charts.values():
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_methods_annex_states_the_rule_and_design(built: Built, folder) -> None:  # type: ignore[no-untyped-def]
    html = (built.out / "en" / "report.html").read_text(encoding="utf-8")
    annex = html[html.index('id="methods"') :]
    assert "Taylor linearisation" in annex
    assert f"Rule “{folder.rule.name}”" in annex
    assert f"fewer than {folder.rule.min_count} respondents" in annex
    assert re.search(r"strata: stratum", annex)


@pytest.mark.parametrize(("language", "separator"), [("en", "; "), ("fr", "\u00a0; ")])
def test_framework_links_follow_each_language_typography(built: Built, language, separator) -> None:  # type: ignore[no-untyped-def]
    html = (built.out / language / "report.html").read_text(encoding="utf-8")
    links = re.findall(r'<p class="frameworks">(.*?)</p>', html, flags=re.S)
    several = [p for p in links if p.count("<q>") > 1]
    assert several, "no indicator with two framework links to check"
    for paragraph in several:
        between = re.findall(r"</q>\)(.*?)\n", paragraph)
        assert between[:-1] == [separator] * (len(between) - 1), between


@pytest.mark.parametrize(
    ("language", "name"), [("en", "Niger pilot (synthetic)"), ("fr", "Pilote Niger (synthétique)")]
)
def test_the_report_names_the_project_in_its_language(built: Built, language, name) -> None:  # type: ignore[no-untyped-def]
    html = (built.out / language / "report.html").read_text(encoding="utf-8")
    assert name in html
    other = "Pilote Niger" if language == "en" else "Niger pilot"
    assert other not in html
