"""The daily checks as an Excel workbook and an HTML page, in English or French."""

from __future__ import annotations

from pathlib import Path

from safemig.ingest.checks import CheckTable
from safemig.ingest.excel import write_workbook

TITLES = {
    "duplicates": {"en": "Duplicates", "fr": "Doublons"},
    "duration": {"en": "Interview duration", "fr": "Durée des entretiens"},
    "consent": {"en": "Consent and privacy", "fr": "Consentement et confidentialité"},
    "outliers": {"en": "Outliers", "fr": "Valeurs aberrantes"},
    "other_specify": {"en": "Other - specify", "fr": "Autre - préciser"},
    "missingness": {"en": "Missing answers", "fr": "Réponses manquantes"},
    "enumerators": {"en": "Enumerators", "fr": "Enquêtrices"},
    "progress": {"en": "Progress by area", "fr": "Avancement par zone"},
}
COLUMNS = {
    "key": ("submission", "soumission"),
    "file": ("file", "fichier"),
    "row": ("row", "ligne"),
    "duplicate_of": ("duplicate of (file or reason)", "doublon de (fichier ou raison)"),
    "duplicate_of_row": ("duplicate of row", "doublon de la ligne"),
    "enumerator": ("enumerator", "enquêtrice"),
    "minutes": ("minutes", "minutes"),
    "problem": ("problem", "problème"),
    "interviews": ("interviews", "entretiens"),
    "consent_given_no": ("consent refused", "consentement refusé"),
    "privacy_confirmed_no": ("privacy not confirmed", "confidentialité non confirmée"),
    "revisit_needed": ("revisit needed", "nouvelle visite nécessaire"),
    "question": ("question", "question"),
    "value": ("value", "valeur"),
    "rule": ("rule (iqr = 1.5 IQR fences, sd = 3 SD)", "règle (iqr = 1,5 EIQ, sd = 3 ET)"),
    "answer": ("answer to recode", "réponse à recoder"),
    "missing": ("missing", "manquantes"),
    "share": ("share", "part"),
    "days": ("days worked", "jours travaillés"),
    "per_day": ("interviews per day", "entretiens par jour"),
    "median_minutes": ("median minutes", "minutes (médiane)"),
    "flag_rate": ("share flagged", "part signalée"),
    "area": ("area", "zone"),
    "target": ("target", "objectif"),
    "share_done": ("share done", "part réalisée"),
}
VALUES = {
    "too_short": ("too short", "trop court"),
    "too_long": ("too long", "trop long"),
    "ends_before_start": ("ends before it starts", "finit avant de commencer"),
}
PAGE = {
    "en": (
        "Daily checks",
        "No rows.",
        "Every text is shown as written: nothing here is a link or a formula.",
    ),
    "fr": (
        "Contrôles quotidiens",
        "Aucune ligne.",
        "Chaque texte est affiché tel qu'écrit : rien ici n'est un lien ni une formule.",
    ),
}


def _index(language: str) -> int:
    return 1 if language == "fr" else 0


def column_label(column: str, language: str) -> str:
    """A column's header in ``language`` (the id itself when untranslated)."""
    return COLUMNS[column][_index(language)] if column in COLUMNS else column


def _value(value: object, language: str) -> object:
    return VALUES[value][_index(language)] if isinstance(value, str) and value in VALUES else value


def write_xlsx(tables: list[CheckTable], path: Path, language: str) -> Path:
    """One sheet per check, headers in ``language``, every cell neutralised."""
    return write_workbook(
        path,
        [
            (
                TITLES[t.id][language if language in ("en", "fr") else "en"],
                [column_label(c, language) for c in t.columns],
                ([_value(v, language) for v in row] for row in t.rows),
            )
            for t in tables
        ],
    )


_TEMPLATE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ page[0] }} — {{ name }}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}
td,th{border:1px solid #999;padding:.2em .5em;text-align:left}</style></head><body>
<h1>{{ page[0] }} — {{ name }}</h1><p>{{ page[2] }}</p>
{% for t in tables %}<h2>{{ t.title }}</h2>
{% if t.rows %}<table><tr>{% for c in t.header %}<th>{{ c }}</th>{% endfor %}</tr>
{% for row in t.rows %}<tr>{% for v in row %}<td>{{ v if v is not none else "" }}</td>
{% endfor %}</tr>{% endfor %}</table>{% else %}<p>{{ page[1] }}</p>{% endif %}
{% endfor %}</body></html>
"""


def write_html(tables: list[CheckTable], path: Path, language: str, name: str) -> Path:
    """The checks as one HTML page (text escaped: nothing a respondent typed can run)."""
    from jinja2 import Environment

    lang = language if language in ("en", "fr") else "en"
    view = [
        {
            "title": TITLES[t.id][lang],
            "header": [column_label(c, lang) for c in t.columns],
            "rows": [[_value(v, lang) for v in row] for row in t.rows[:5000]],
        }
        for t in tables
    ]
    html = (
        Environment(autoescape=True)
        .from_string(_TEMPLATE)
        .render(lang=lang, page=PAGE[lang], name=name, tables=view)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
