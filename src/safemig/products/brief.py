"""The two-page policy brief (PDF, one per language): key findings chosen automatically — the
largest significant gaps between groups — said in plain words, the headline figures, and a
method note that says how the findings were chosen and what the test assumes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safemig.i18n import Text
from safemig.products.cells import cell_of, group_label
from safemig.products.findings import Gap, independent_groups, significant_gaps
from safemig.products.folder import ResultsFolder
from safemig.products.headline import headlines
from safemig.products.templating import render_template, write_pdf
from safemig.products.ui import words
from safemig.products.wording import NARROW_NBSP, format_count, framework_name

BRIEF_WORDS = {
    "title": Text("Policy brief", "Note d'orientation"),
    "findings": Text("Key findings", "Principaux résultats"),
    "no_findings": Text(
        "No gap between groups passed the significance test: the differences seen could be "
        "due to sampling alone.",
        "Aucun écart entre groupes ne passe le test de significativité : les différences "
        "observées pourraient venir du seul échantillonnage.",
    ),
    "figures": Text("Headline figures", "Chiffres clés"),
    "method": Text("How the findings were chosen", "Comment les résultats ont été choisis"),
    "data": Text("About the data", "À propos des données"),
}


@dataclass(frozen=True)
class Brief:
    """The brief of one language: its PDF, its HTML text and its findings."""

    pdf_path: Path
    html: str
    pages: int
    gaps: tuple[Gap, ...]


def build_brief(
    folder: ResultsFolder, out: Path, language: str, check: Callable[[str, str, str], None]
) -> Brief:
    """Write ``brief.pdf`` (and ``brief.html``) for ``language`` under ``out/language``."""
    gaps = significant_gaps(folder)
    context = brief_context(folder, gaps, language)
    html = render_template("brief.html.j2", context)
    check(f"brief.{language}.html", html, language)
    target = out / language
    target.mkdir(parents=True, exist_ok=True)
    (target / "brief.html").write_text(html, encoding="utf-8")
    pages = write_pdf(html, target / "brief.pdf")
    return Brief(target / "brief.pdf", html, pages, tuple(gaps))


def brief_context(folder: ResultsFolder, gaps: list[Gap], language: str) -> dict[str, Any]:
    """What the brief template shows, worded in ``language``."""
    return {
        "lang": language,
        "t": words(language),
        "b": {k: v.in_language(language) for k, v in BRIEF_WORDS.items()},
        "project": folder.project_name(language),
        "synthetic": folder.synthetic,
        "findings": [finding_text(g, folder, language) for g in gaps],
        "figures": [
            {
                "title": h.indicator.title.in_language(language),
                "value": cell_of(h.row, folder.catalogue, language).value,
                "interval": cell_of(h.row, folder.catalogue, language).interval,
                "framework": framework_name(f"GCM-{h.objective}", language) if h.objective else "",
            }
            for h in headlines(folder)
        ],
        "method": method_note(folder, gaps, language),
        "data": data_note(folder, language),
    }


def finding_text(gap: Gap, folder: ResultsFolder, language: str) -> dict[str, str]:
    """One finding in plain words: the two groups, their shares and the gap."""
    indicator = folder.catalogue.indicator(gap.indicator)
    high = cell_of(gap.high, folder.catalogue, language)
    low = cell_of(gap.low, folder.catalogue, language)
    points = _points(gap.difference, language)
    low_ci, high_ci = (_points(v, language) for v in gap.interval)
    breakdown = folder.catalogue.disaggregation(gap.disaggregation).title.in_language(language)
    body = Text(
        f"{group_label(gap.high, 'en')}: {high.value}; {group_label(gap.low, 'en')}: "
        f"{low.value}. A gap of {points} percentage points (95% confidence interval "
        f"{low_ci} to {high_ci}), too large to be due to sampling alone.",
        f"{group_label(gap.high, 'fr')} : {high.value} ; {group_label(gap.low, 'fr')} : "
        f"{low.value}. Un écart de {points} points de pourcentage (intervalle de confiance à "
        f"95{NARROW_NBSP}% : {low_ci} à {high_ci}), trop grand pour venir du seul "
        "échantillonnage.",
    )
    return {
        "title": f"{indicator.title.in_language(language)} — {breakdown}",
        "body": body.in_language(language),
    }


def method_note(folder: ResultsFolder, gaps: list[Gap], language: str) -> list[str]:
    """The method note: what was compared, the test, and what it assumes."""
    names = {g.disaggregation for g in gaps} or set(folder.disaggregations)
    strata = sorted(n for n in names if independent_groups(folder, n))
    others = sorted(n for n in names if n not in strata)

    def titles(items: list[str], lang: str) -> str:
        return ", ".join(folder.catalogue.disaggregation(n).title.in_language(lang) for n in items)

    lines = [
        Text(
            "Each finding compares two groups of one breakdown on a share published without a "
            "caution flag, and keeps, for each indicator, the largest gap that passes a t-test "
            "at the 5% level with the design's degrees of freedom, after Holm's correction for "
            "the number of comparisons made. Hidden numbers never take part.",
            "Chaque résultat compare deux groupes d'une ventilation sur une part publiée sans "
            "mention de prudence, et retient, pour chaque indicateur, le plus grand écart qui "
            "passe un test t au seuil de 5 % avec les degrés de liberté du plan, après "
            "correction de Holm pour le nombre de comparaisons. Les chiffres masqués n'y "
            "prennent jamais part.",
        )
    ]
    if strata:
        lines.append(
            Text(
                f"Groups of {titles(strata, 'en')} are strata of the survey, sampled "
                "independently, so the test treats their estimates as independent, exactly.",
                f"Les groupes de {titles(strata, 'fr')} sont des strates de l'enquête, tirées "
                "indépendamment : le test traite leurs estimations comme indépendantes, "
                "exactement.",
            )
        )
    if others:
        lines.append(
            Text(
                f"Groups of {titles(others, 'en')} share sampling units. The test treats them "
                "as independent and ignores their covariance, which the published results do "
                "not carry; a positive covariance would make these intervals a little too wide, "
                "a negative one a little too narrow.",
                f"Les groupes de {titles(others, 'fr')} partagent des unités d'échantillonnage. "
                "Le test les traite comme indépendants et ignore leur covariance, que les "
                "résultats publiés ne contiennent pas ; une covariance positive rendrait ces "
                "intervalles un peu trop larges, une négative un peu trop étroits.",
            )
        )
    return [line.in_language(language) for line in lines]


def data_note(folder: ResultsFolder, language: str) -> str:
    """Who took part and which disclosure rule protects them."""
    summary = folder.summary
    respondents = format_count(summary.get("respondents"), language)
    strata = len(summary.get("strata", []))
    rule = folder.rule
    return Text(
        f"{respondents} women took part, in {strata} strata. Figures are weighted estimates "
        f"with design-based 95% confidence intervals. Numbers from too few women are not "
        f"published (rule “{rule.name}”); the full report gives every figure and its note.",
        f"{respondents} femmes ont participé, dans {strata} strates. Les chiffres sont des "
        f"estimations pondérées avec des intervalles de confiance à 95{NARROW_NBSP}% tenant "
        f"compte du plan de sondage. Les chiffres fondés sur trop peu de femmes ne sont pas "
        f"publiés (règle « {rule.name} ») ; le rapport complet donne chaque chiffre et sa note.",
    ).in_language(language)


def _points(share: float, language: str) -> str:
    text = f"{share * 100:.1f}"
    return text.replace(".", ",") if language == "fr" else text
