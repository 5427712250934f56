"""What the dashboard's voices page shows and records, for analysts: suggestions to accept or
reject, quotes to approve. Texts are shown de-identified (the session's identifiers and
every name, number or small place masked); decisions and approvals carry the analyst's
name. The page reads only the ``voices`` folder, never the survey store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from safemig.errors import VoicesError
from safemig.i18n import Text
from safemig.project_sections import VoicesSettings
from safemig.voices.coding import decide, write_suggestions
from safemig.voices.quotes import approve, usable_quotes, write_quotes
from safemig.voices.workspace import Voices


@dataclass(frozen=True)
class PendingSuggestion:
    """One suggestion to review, worded for the page."""

    unit: str
    theme: str
    theme_label: str
    method: str
    score: str
    evidence: str
    text: str


@dataclass(frozen=True)
class PendingQuote:
    """One quote awaiting approval (or whose approval no longer holds)."""

    id: str
    text: str
    themes: str
    reason: str


def voices_of(root: Path) -> Voices:
    """The project's voices folder (``[voices] folder``, else ``voices``).

    Raises
    ------
    VoicesError
        When the project has no voices folder.
    """
    from safemig.project import load_project

    project = load_project(root)
    settings = project.voices or VoicesSettings(folder=project.root / "voices")
    if not settings.folder.is_dir():
        raise VoicesError(
            Text(
                f"{settings.folder}: no voices folder in this project (see docs/voices.md).",
                f"{settings.folder} : pas de dossier voices dans ce projet (voir docs/voices.md).",
            )
        )
    return Voices(settings)


def pending_suggestions(voices: Voices, language: str, limit: int = 200) -> list[PendingSuggestion]:
    """Suggestions without a decision, their text de-identified (at most ``limit``)."""
    from safemig.voices.deidentify import deidentify

    session_of = {u.id: s for s, units in voices.sessions for u in units}
    rows = []
    for s in voices.suggestions():
        if s.decision:
            continue
        session = session_of.get(s.unit)
        text = deidentify(
            s.text,
            session.language if session else language,
            names=session.names if session else (),
            places=session.places if session else (),
        ).text
        rows.append(
            PendingSuggestion(
                unit=s.unit,
                theme=s.theme,
                theme_label=voices.codebook.theme(s.theme).label.in_language(language),
                method=s.method,
                score=f"{s.score:.2f}",
                evidence=s.evidence,
                text=text,
            )
        )
        if len(rows) == limit:
            break
    return rows


def pending_quotes(voices: Voices, language: str) -> list[PendingQuote]:
    """Quotes not usable yet because nobody approved them or their text changed since;
    quotes refused for want of consent are not shown at all."""
    usable, refused = usable_quotes(voices.quotes(), voices.sessions)
    by_id = {q.id: q for q in voices.quotes()}
    labels = {t.id: t.label.in_language(language) for t in voices.codebook.themes}
    rows = []
    for refusal in refused:
        quote = by_id[refusal.quote]
        if "consent" in str(refusal.reason) or "no longer" in str(refusal.reason):
            continue
        rows.append(
            PendingQuote(
                id=quote.id,
                text=quote.text,
                themes=", ".join(labels.get(t, t) for t in quote.themes),
                reason=refusal.reason.in_language(language),
            )
        )
    return rows


def record_decision(voices: Voices, unit: str, theme: str, decision: str, by: str) -> None:
    """Record an analyst's decision on one suggestion in ``suggestions.csv``."""
    write_suggestions(
        voices.suggestions_file, decide(voices.suggestions(), unit, theme, decision, by)
    )


def record_approval(voices: Voices, quote_id: str, by: str) -> None:
    """Record an analyst's approval of a quote's current text in ``quotes.yaml``."""
    write_quotes(voices.quotes_file, approve(voices.quotes(), quote_id, by))
