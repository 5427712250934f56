"""What the coded words add up to: theme frequencies by session attributes, and the weighted
prevalence of each theme in open survey answers, with design-based standard errors.

A unit coded with a theme also counts for the theme's parents ("violence" is a
"route danger"). For open answers, each respondent whose answer was coded (by a coder, or by
an accepted suggestion) is in the universe; her answer speaks of a theme or not. The shares
are estimated by the engine under the survey design (weights, strata, clusters, calibration),
over the catalogue's disaggregations, then pass the project's disclosure control like every
published figure. Answers nobody coded are left out, and the share coded is reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from safemig.design import Design
from safemig.disclosure import Rule, apply_disclosure
from safemig.i18n import Text
from safemig.indicators import Catalogue
from safemig.indicators.catalogue import Indicator
from safemig.voices.codebook import Codebook
from safemig.voices.sources import Session, Unit, answer_hash, normalise

#: Prefix of the columns added to the analysis table for theme prevalence.
PREFIX = "voices__"


@dataclass(frozen=True)
class Prevalence:
    """Theme prevalence in open answers: the disclosure-controlled table and its coverage.

    ``coverage`` gives, per question, the answers given, the answers coded and the themes'
    indicator ids.
    """

    table: pa.Table
    coverage: tuple[dict[str, Any], ...]


def counted_themes(themes: frozenset[str], codebook: Codebook) -> set[str]:
    """The themes a unit counts for: its own and all their parents."""
    parent = {t.id: t.parent for t in codebook.themes}
    counted: set[str] = set()
    for theme in themes:
        current: str | None = theme
        while current is not None and current not in counted:
            counted.add(current)
            current = parent.get(current)
    return counted


def theme_frequencies(
    sessions: Sequence[tuple[Session, Sequence[Unit]]],
    codes: Mapping[str, frozenset[str]],
    codebook: Codebook,
    by: str = "",
) -> list[dict[str, Any]]:
    """For each theme and each value of the session attribute ``by`` (all sessions when
    empty): sessions, sessions where the theme came up, turns coded, turns with the theme.

    Only turns someone coded count; a session counts when at least one of its turns was.
    """
    groups: dict[str, list[tuple[Session, list[frozenset[str]]]]] = {}
    for session, units in sessions:
        coded = [counted_themes(codes[u.id], codebook) for u in units if u.id in codes]
        if not coded:
            continue
        level = (session.attribute(by) or "") if by else ""
        groups.setdefault(level, []).append((session, [frozenset(c) for c in coded]))
    rows = []
    for level in sorted(groups):
        members = groups[level]
        turns = sum(len(c) for _, c in members)
        for theme in codebook.ids():
            rows.append(
                {
                    "theme": theme,
                    "by": by,
                    "level": level,
                    "sessions": len(members),
                    "sessions_with_theme": sum(any(theme in t for t in c) for _, c in members),
                    "turns": turns,
                    "turns_with_theme": sum(theme in t for _, c in members for t in c),
                }
            )
    return rows


def theme_prevalence(
    table: pa.Table,
    design: Design,
    catalogue: Catalogue,
    codebook: Codebook,
    questions: Sequence[str],
    codes: Mapping[str, frozenset[str]],
    rule: Rule,
) -> Prevalence:
    """Weighted share of coded answers to each open question that speak of each theme.

    Parameters
    ----------
    table
        The analysis table (with ``_key`` and the design's columns), as ``safemig run``
        estimates it.
    design
        The survey design, calibration included.
    catalogue
        The project's catalogue: its variables and disaggregations are used.
    codebook, codes
        Themes, and the codes of every unit (open answers' unit ids are
        ``<question>:<hash>``).
    questions
        The open questions' column names.
    rule
        The project's disclosure rule.
    """
    from safemig.indicators import estimate_catalogue

    columns: dict[str, list[str | None]] = {}
    indicators = []
    coverage = []
    for number, question in enumerate(questions, start=1):
        flags, coded, answered = _flags(
            table.column(question).to_pylist(), question, codes, codebook
        )
        marker = f"{PREFIX}{number}__coded"
        columns[marker] = ["yes" if c else None for c in coded]
        ids = []
        for theme in codebook.themes:
            name = f"{PREFIX}{number}__{theme.id}"
            columns[name] = [
                ("yes" if theme.id in f else "no") if c else None
                for f, c in zip(flags, coded, strict=True)
            ]
            indicator = _indicator(number, question, theme.id, theme.label, name, marker, catalogue)
            indicators.append(indicator)
            ids.append(indicator.id)
        coverage.append(
            {"question": question, "answered": answered, "coded": sum(coded), "indicators": ids}
        )
    data = table
    for name, values in columns.items():
        data = data.append_column(name, pa.array(values, pa.string()))
    themes = Catalogue(
        name=f"{catalogue.name}+voices",
        instrument=catalogue.instrument,
        title=Text("Themes in open answers", "Thèmes des réponses ouvertes"),
        source="voices",
        variables=catalogue.variables,
        disaggregations=catalogue.disaggregations,
        indicators=tuple(indicators),
    )
    results = estimate_catalogue(data, design, themes)
    published = apply_disclosure(results.table, rule, results.disaggregations)
    return Prevalence(published, tuple(coverage))


def _flags(
    answers: list[Any], question: str, codes: Mapping[str, frozenset[str]], codebook: Codebook
) -> tuple[list[set[str]], list[bool], int]:
    flags, coded, answered = [], [], 0
    for answer in answers:
        text = "" if answer is None else str(answer).strip()
        answered += bool(text)
        unit = f"{question}:{answer_hash(normalise(text))}" if text else ""
        themes = codes.get(unit)
        coded.append(themes is not None)
        flags.append(counted_themes(themes, codebook) if themes is not None else set())
    return flags, coded, answered


def _indicator(
    number: int,
    question: str,
    theme: str,
    label: Text,
    column: str,
    marker: str,
    catalogue: Catalogue,
) -> Indicator:
    return Indicator(
        id=f"voices_{number}_{theme}",
        title=Text(
            f"Open answers that speak of: {label}", f"Réponses ouvertes qui évoquent : {label.fr}"
        ),
        description=Text(
            f"Among women whose answer to {question} was coded, share whose answer speaks of "
            f"{label.lower()}.",
            f"Parmi les femmes dont la réponse à {question} a été codée, part de celles dont "
            f"la réponse évoque : {label.fr.lower()}.",
        ),
        statistic="proportion",
        unit="percent",
        decimals=1,
        expression=f'"{column}"',
        levels=("yes",),
        universe=f"\"{marker}\" = 'yes'",
        disaggregations=tuple(d.name for d in catalogue.disaggregations),
    )
