"""The mini-site: small static HTML pages per language and region, no JavaScript, offline.

Every link is relative and every file (one style sheet, the audio) sits inside the site
folder, so the site works from a memory card or a phone's storage as well as from a server.
Pages are a few kilobytes; audio plays in the browser's own player or downloads, and each
link says the file size so women know what it will cost in data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from safemig.kits.directory import Service
from safemig.kits.evidence import STAGES, CampaignSummary, ChannelFigure, ChannelTable
from safemig.kits.topics import Topic

TEMPLATES = Path(__file__).parent / "templates"
_KIND_HEADINGS = {
    "trusted": "evidence_trusted",
    "used": "evidence_used",
    "formats": "evidence_formats",
}


@dataclass(frozen=True)
class OtherLanguage:
    """A language the same region's kit exists in, for the language links."""

    code: str
    name: str


@dataclass(frozen=True)
class KitContext:
    """Everything one language-and-region kit shows."""

    language: str
    region: str
    region_name: str
    ui: dict[str, str]
    topics: tuple[Topic, ...]
    services: tuple[Service, ...]
    other_languages: tuple[OtherLanguage, ...]
    summary: CampaignSummary | None
    audio_sizes: dict[str, int]

    @property
    def has_examples(self) -> bool:
        """True when a service shown is an example entry (every page then says so)."""
        return any(s.example for s in self.services)


@cache
def environment() -> Environment:
    """Return the Jinja2 environment of the kit templates (HTML escaped, strict names)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render_pages(kit: KitContext) -> dict[str, str]:
    """Return ``{file name: HTML}`` for every page of one kit (index, topics, services, ...)."""
    env = environment()
    env.filters["language_name"] = lambda code: kit.ui.get(f"lang_{code}", code)
    common: dict[str, Any] = {"kit": kit, "ui": kit.ui}
    pages = {
        "index.html": env.get_template("index.html").render(
            common, title=kit.ui["home"], page="index.html"
        ),
        "services.html": env.get_template("services.html").render(
            common, title=kit.ui["services"], page="services.html"
        ),
        "evidence.html": env.get_template("evidence.html").render(
            common,
            title=kit.ui["evidence"],
            page="evidence.html",
            summary=kit.summary,
            tables=evidence_tables(kit),
        ),
    }
    for topic in kit.topics:
        pages[f"{topic.id}.html"] = env.get_template("topic.html").render(
            common,
            title=topic.title,
            page=f"{topic.id}.html",
            topic=topic,
            stages=", ".join(kit.ui[f"stage_{s}"] for s in topic.migration_stages),
            audio=_audio(kit, topic.id),
        )
    return pages


def render_root(languages: list[dict[str, Any]], regions: list[dict[str, Any]]) -> str:
    """Return the site's front page: every language's title and its regions."""
    return environment().get_template("root.html").render(languages=languages, regions=regions)


def style_sheet() -> str:
    """Return the site's one style sheet."""
    return (TEMPLATES / "style.css").read_text(encoding="utf-8")


def _audio(kit: KitContext, topic_id: str) -> dict[str, str] | None:
    size = kit.audio_sizes.get(topic_id)
    return None if size is None else {"size": file_size(size, kit.language)}


def file_size(size: int, language: str) -> str:
    """Return a file size for readers: ``1.2 MB`` in English, ``1,2 Mo`` in French."""
    units = ("KB", "MB") if language != "fr" else ("ko", "Mo")
    value, unit = (size / 1e6, units[1]) if size >= 1e6 else (max(size / 1e3, 1), units[0])
    text = f"{value:.1f}"
    return (text.replace(".", ",") if language == "fr" else text) + f"\u00a0{unit}"


def percent(share: float, language: str) -> str:
    """Return a share as a whole percentage: ``43%`` in English, ``43 %`` in French."""
    value = f"{100 * share:.0f}"
    return f"{value}\u202f%" if language == "fr" else f"{value}%"


def evidence_tables(kit: KitContext) -> list[dict[str, Any]]:
    """Return each channel question as rows of channels and columns of stages, for the page."""
    if kit.summary is None:
        return []
    tables = []
    for kind, heading in _KIND_HEADINGS.items():
        columns = [t for s in (None, *STAGES) if (t := kit.summary.table(kind, s)) is not None]
        if columns:
            tables.append(_evidence_table(kit, kind, heading, columns))
    return tables


def _evidence_table(
    kit: KitContext, kind: str, heading: str, columns: list[ChannelTable]
) -> dict[str, Any]:
    ui, prefix = kit.ui, "format_" if kind == "formats" else "channel_"
    levels = [f.level for f in columns[0].figures]
    rows = [
        {
            "label": ui.get(prefix + level, level),
            "cells": [_cell(_figure(t, level), kit.language, ui) for t in columns],
        }
        for level in levels
    ]
    return {
        "kind": kind,
        "heading": ui[heading],
        "rows": rows,
        "columns": [
            ui["evidence_all"] if t.stage is None else ui[f"stage_{t.stage}"] for t in columns
        ],
        "base_label": ui["evidence_women"].format(n="").strip(),
        "bases": [t.base for t in columns],
    }


def _figure(table: ChannelTable, level: str) -> ChannelFigure | None:
    return next((f for f in table.figures if f.level == level), None)


def _cell(figure: ChannelFigure | None, language: str, ui: dict[str, str]) -> dict[str, str]:
    if figure is None or figure.reliability == "suppressed":
        return {"text": "—", "title": ui["evidence_few"]}
    text = percent(figure.estimate, language)
    title = ui["evidence_range"].format(
        low=percent(figure.ci_low, language), high=percent(figure.ci_high, language)
    )
    return {"text": f"({text})" if figure.reliability == "caution" else text, "title": title}
