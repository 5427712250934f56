"""The voices stage of ``safemig run``: what the products may show of women's words.

It writes ``results/voices/voices.json`` (codebook labels, sessions, coverage, theme
frequencies by session attribute, two coders' agreement, and the *usable* quotes only) and,
when open answers are coded, ``results/voices/themes.parquet`` (theme prevalence, disclosure
controlled, in the layout of ``indicators.parquet``). Products read nothing else: they never
see a transcript, an unapproved quote or an answer.
"""

from __future__ import annotations

import io
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from safemig.design import Design
from safemig.disclosure import Rule
from safemig.indicators import Catalogue
from safemig.project_sections import VoicesSettings
from safemig.voices.agreement import agreement
from safemig.voices.analysis import theme_frequencies, theme_prevalence
from safemig.voices.codebook import Codebook
from safemig.voices.quotes import usable_quotes
from safemig.voices.workspace import Voices

FOLDER = "voices"
SUMMARY = f"{FOLDER}/voices.json"
THEMES = f"{FOLDER}/themes.parquet"


def voices_results(
    settings: VoicesSettings,
    table: pa.Table | None,
    design: Design,
    catalogue: Catalogue,
    rule: Rule,
) -> dict[str, Any]:
    """The voices files of the results folder, by relative name (JSON as a dict, Parquet as
    bytes)."""
    voices = Voices(settings, answers=table)
    codes = voices.codes()
    book = voices.codebook
    sessions = voices.sessions
    coders = voices.coders()
    usable, refused = usable_quotes(voices.quotes(), sessions)
    attributes = sorted({name for s, _ in sessions for name, _ in s.attributes})
    summary: dict[str, Any] = {
        "codebook": {
            "name": book.name,
            "title_en": str(book.title),
            "title_fr": book.title.fr,
            "themes": [
                {
                    "id": t.id,
                    "parent": t.parent,
                    "label_en": str(t.label),
                    "label_fr": t.label.fr,
                    "definition_en": str(t.definition),
                    "definition_fr": t.definition.fr,
                    "indicators": list(t.indicators),
                }
                for t in book.themes
            ],
        },
        "synthetic": voices.synthetic(),
        "sessions": [
            {
                "session": s.id,
                "site": s.site,
                "date": s.date.isoformat(),
                "group": s.group,
                "language": s.language,
                "turns": len(units),
                "coded": sum(u.id in codes for u in units),
            }
            for s, units in sessions
        ],
        "frequencies": {
            by or "all": theme_frequencies(sessions, codes, book, by)
            for by in ("", "site", *attributes)
        },
        "coders": sorted(coders),
        "agreement": _agreement(coders, voices),
        "quotes": [
            {
                "id": q.id,
                "text": q.text,
                "language": q.language,
                "themes": list(q.themes),
                "indicators": _linked(q.themes, book),
                "site": _session_of(q.unit, sessions),
            }
            for q in usable
        ],
        "quotes_not_usable": len(refused),
        "open_answers": [],
    }
    files: dict[str, Any] = {}
    if settings.open_answers and table is not None:
        prevalence = theme_prevalence(
            table, design, catalogue, book, settings.open_answers, codes, rule
        )
        summary["open_answers"] = list(prevalence.coverage)
        buffer = io.BytesIO()
        pq.write_table(prevalence.table, buffer)
        files[THEMES] = buffer.getvalue()
    files[SUMMARY] = summary
    return files


def _agreement(
    coders: dict[str, dict[str, frozenset[str]]], voices: Voices
) -> dict[str, Any] | None:
    """Agreement of the first two coders (by name) who read units in common."""
    names = sorted(coders)
    if len(names) < 2 or not set(coders[names[0]]) & set(coders[names[1]]):
        return None
    result = agreement(coders[names[0]], coders[names[1]], voices.codebook, (names[0], names[1]))
    pooled = result.pooled
    return {
        "first": result.first,
        "second": result.second,
        "units": result.units,
        "pooled_kappa": pooled.kappa,
        "pooled_observed": pooled.observed,
        "themes": [
            {
                "theme": t.theme,
                "kappa": t.kappa,
                "observed": t.observed,
                "both": t.both,
                "only_first": t.only_first,
                "only_second": t.only_second,
                "neither": t.neither,
            }
            for t in result.themes
        ],
    }


def _linked(themes: tuple[str, ...], book: Codebook) -> list[str]:
    """The indicators a quote's themes are linked to, in codebook order, each once."""
    linked: list[str] = []
    for theme in book.themes:
        if theme.id in themes:
            linked += [i for i in theme.indicators if i not in linked]
    return linked


def _session_of(unit: str, sessions: list[Any]) -> str:
    for session, units in sessions:
        if any(u.id == unit for u in units):
            return str(session.site)
    return ""
