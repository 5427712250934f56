"""Women's voices in the report: a themes section and approved quotes beside the indicators
they explain, read from ``results/voices`` (:mod:`safemig.voices.stage`).

The results folder holds only what may be shown: usable quotes (consented, approved,
de-identified) and disclosure-controlled theme prevalences. Nothing here reads a transcript.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow.parquet as pq

from safemig.i18n import Text
from safemig.products.cells import group_label
from safemig.products.folder import ResultsFolder
from safemig.products.wording import format_count, format_interval, format_number

SUMMARY = "voices/voices.json"
THEMES = "voices/themes.parquet"
HIDDEN = ("suppressed", "secondary")

WORDS: dict[str, Text] = {
    "voices": Text("What women said", "Ce que disent les femmes"),
    "voices_intro": Text(
        "Focus groups and open answers, coded against a shared codebook. Themes are counted "
        "by session; quotes are shown only with the participants' consent, in a form an "
        "analyst approved, with names, numbers and small places removed.",
        "Groupes de discussion et réponses ouvertes, codés selon une grille commune. Les "
        "thèmes sont comptés par séance ; les citations ne paraissent qu'avec le "
        "consentement des participantes, sous une forme approuvée par une analyste, sans "
        "noms, numéros ni petites localités.",
    ),
    "voices_synthetic": Text(
        "SYNTHETIC notes: written for the demonstration; no real person spoke these words.",
        "Notes SYNTHÉTIQUES : écrites pour la démonstration ; aucune personne réelle n'a dit "
        "ces mots.",
    ),
    "theme": Text("Theme", "Thème"),
    "definition": Text("What it covers", "Ce qu'il recouvre"),
    "sessions_with": Text("Sessions where it came up", "Séances où il est apparu"),
    "turns_with": Text("Contributions", "Interventions"),
    "of": Text("{k} of {n}", "{k} sur {n}"),
    "sessions_line": Text(
        "{sessions} sessions ({sites}); {coded} contributions coded.",
        "{sessions} séances ({sites}) ; {coded} interventions codées.",
    ),
    "agreement": Text(
        "Two coders ({first}, {second}) read the same {units} contributions: Cohen's kappa "
        "{kappa} over all themes (observed agreement {observed}).",
        "Deux codeuses ({first}, {second}) ont lu les mêmes {units} interventions : kappa de "
        "Cohen {kappa} sur l'ensemble des thèmes (accord observé {observed}).",
    ),
    "open_answers": Text("In the survey's open answers", "Dans les réponses ouvertes de l'enquête"),
    "open_line": Text(
        "Question {question}: {answered} women answered, {coded} answers coded. Shares are "
        "weighted estimates under the survey design, with the same disclosure control as "
        "every figure.",
        "Question {question} : {answered} femmes ont répondu, {coded} réponses codées. Les "
        "parts sont des estimations pondérées selon le plan de sondage, avec le même contrôle "
        "de la confidentialité que tous les chiffres.",
    ),
    "share": Text("Share of coded answers", "Part des réponses codées"),
    "in_their_words": Text("In their words", "Dans leurs mots"),
    "quote_source": Text("Focus group, {site}", "Groupe de discussion, {site}"),
    "quote_language": Text(" (in French)", " (en anglais)"),
    "methods": Text("Qualitative coding", "Codage qualitatif"),
    "methods_text": Text(
        "Transcripts are cut into speakers' contributions and coded by hand against the "
        "codebook; keyword rules and a small sentence-embedding model suggest codes, which "
        "count only once an analyst accepted them. A contribution coded with a theme also "
        "counts for its parent theme. Agreement between coders is Cohen's kappa.",
        "Les transcriptions sont découpées en interventions et codées à la main selon la "
        "grille ; des règles de mots-clés et un petit modèle de plongements de phrases "
        "suggèrent des codes, qui ne comptent qu'une fois acceptés par une analyste. Une "
        "intervention codée d'un thème compte aussi pour son thème parent. L'accord entre "
        "codeuses est le kappa de Cohen.",
    ),
}


def voices_words(language: str) -> dict[str, str]:
    """The fixed words of the voices section in ``language``."""
    return {key: text.in_language(language) for key, text in WORDS.items()}


def voices_context(folder: ResultsFolder, language: str) -> dict[str, Any] | None:
    """What the report shows of women's voices, or None when the run had none."""
    path = folder.path / SUMMARY
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    w = voices_words(language)
    labels = {t["id"]: t[f"label_{language}"] for t in data["codebook"]["themes"]}
    overall = {r["theme"]: r for r in data["frequencies"].get("all", [])}
    sessions = data["sessions"]
    themes = []
    for theme in data["codebook"]["themes"]:
        row = overall.get(theme["id"])
        if row is None:
            continue
        themes.append(
            {
                "label": labels[theme["id"]],
                "child": theme["parent"] is not None,
                "definition": theme[f"definition_{language}"],
                "sessions": w["of"].format(
                    k=format_count(row["sessions_with_theme"], language),
                    n=format_count(row["sessions"], language),
                ),
                "turns": format_count(row["turns_with_theme"], language),
            }
        )
    return {
        "w": w,
        "synthetic": data.get("synthetic", False),
        "sessions_line": w["sessions_line"].format(
            sessions=format_count(len(sessions), language),
            sites=", ".join(sorted({s["site"] for s in sessions})),
            coded=format_count(sum(s["coded"] for s in sessions), language),
        ),
        "agreement": _agreement(data.get("agreement"), w, language),
        "themes": themes,
        "open_answers": _open_answers(folder, data, labels, w, language),
        "quotes": [_quote(q, labels, w, language) for q in data["quotes"]],
    }


#: Quotes shown beside one indicator, at most (all of them are in the voices section).
BESIDE = 2


def quotes_by_indicator(
    voices: dict[str, Any] | None, shown: set[str]
) -> dict[str, list[dict[str, Any]]]:
    """Quotes beside the indicators they explain: each quote beside the first indicator of
    its themes that the report shows (themes in the codebook's order, their indicators in
    theirs), at most :data:`BESIDE` per indicator."""
    linked: dict[str, list[dict[str, Any]]] = {}
    for quote in (voices or {}).get("quotes", []):
        for indicator in quote["indicators"]:
            if indicator in shown:
                if len(linked.setdefault(indicator, [])) < BESIDE:
                    linked[indicator].append(quote)
                break
    return linked


def _quote(
    q: dict[str, Any], labels: dict[str, str], w: dict[str, str], language: str
) -> dict[str, Any]:
    foreign = q["language"] != language
    return {
        "text": q["text"],
        "language": q["language"],
        "source": w["quote_source"].format(site=q["site"])
        + (w["quote_language"] if foreign else ""),
        "themes": ", ".join(labels.get(t, t) for t in q["themes"]),
        "indicators": q["indicators"],
    }


def _agreement(agreement: dict[str, Any] | None, w: dict[str, str], language: str) -> str:
    if not agreement or agreement.get("pooled_kappa") is None:
        return ""
    row = {"decimals": 2, "unit": "number", "statistic": "mean"}
    return w["agreement"].format(
        first=agreement["first"],
        second=agreement["second"],
        units=format_count(agreement["units"], language),
        kappa=format_number(agreement["pooled_kappa"], row, language),
        observed=format_number(agreement["pooled_observed"], row, language),
    )


def _open_answers(
    folder: ResultsFolder,
    data: dict[str, Any],
    labels: dict[str, str],
    w: dict[str, str],
    language: str,
) -> list[dict[str, Any]]:
    path = folder.path / THEMES
    if not data.get("open_answers") or not path.exists():
        return []
    rows = [r for r in pq.read_table(path).to_pylist() if r["disaggregation"] == ""]
    by_indicator = {r["indicator"]: r for r in rows}
    questions = []
    for coverage in data["open_answers"]:
        cells = []
        for indicator in coverage["indicators"]:
            row = by_indicator.get(indicator)
            if row is None:
                continue
            theme = indicator.split("_", 2)[2]
            hidden = row["status"] in HIDDEN
            cells.append(
                {
                    "label": labels.get(theme, theme),
                    "group": group_label(row, language),
                    "value": row["flag"]
                    if hidden
                    else format_number(row["estimate"], row, language),
                    "interval": "" if hidden else format_interval(row, language),
                    "n": "" if hidden else format_count(row["n"], language),
                    "reason": row["reason_fr"] if language == "fr" else row["reason_en"],
                    "status": row["status"],
                }
            )
        questions.append(
            {
                "line": w["open_line"].format(
                    question=coverage["question"],
                    answered=format_count(coverage["answered"], language),
                    coded=format_count(coverage["coded"], language),
                ),
                "cells": cells,
            }
        )
    return questions
