"""No quote reaches a product without consent and an analyst's approval of its exact,
de-identified text."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from safemig.errors import QuoteError
from safemig.voices.quotes import (
    Quote,
    approve,
    propose_quotes,
    read_quotes,
    require_usable,
    usable_quotes,
    write_quotes,
)
from safemig.voices.sources import read_sessions

AT = datetime(2026, 5, 1, tzinfo=UTC)


def _session(folder: Path, name: str, consent: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(
        f"---\nsession: {name}\nsite: Niamey\ndate: 2026-03-01\nlanguage: en\n"
        f'consent_quotes: "{consent}"\nidentifiers: {{names: [Zeinabou]}}\nsynthetic: "yes"\n---\n'
        + body,
        encoding="utf-8",
    )


def two_sessions(tmp_path: Path) -> Path:
    """A voices folder: one session whose participants agreed to be quoted, one that did not."""
    folder = tmp_path / "voices"
    sessions = folder / "sessions"
    _session(
        sessions,
        "agreed",
        "yes",
        "P1: Zeinabou told me the desert road was dangerous.\n"
        "P2: I decided myself to leave.\n"
        "P3: We saved money together before leaving.\n",
    )
    _session(sessions, "declined", "no", "P1: Nobody told me the job did not exist.\n")
    return folder


@pytest.fixture
def voices(tmp_path: Path) -> Path:
    return two_sessions(tmp_path)


def _codes() -> dict[str, frozenset[str]]:
    return {
        "agreed:1": frozenset({"route_dangers"}),
        "agreed:2": frozenset({"agency"}),
        "agreed:3": frozenset({"agency"}),
        "declined:1": frozenset({"information_gap"}),
    }


def test_only_consented_coded_turns_are_proposed_and_already_de_identified(voices: Path) -> None:
    sessions = read_sessions(voices / "sessions")
    quotes = propose_quotes(sessions, _codes(), [])
    assert [q.unit for q in quotes] == ["agreed:1", "agreed:2", "agreed:3"]
    assert "Zeinabou" not in quotes[0].text and "[NAME]" in quotes[0].text
    assert all(not q.approved_by for q in quotes)
    # Proposing again adds nothing and keeps what is there.
    assert propose_quotes(sessions, _codes(), quotes) == quotes


def test_the_gate(voices: Path) -> None:
    sessions = read_sessions(voices / "sessions")
    quotes = propose_quotes(sessions, _codes(), [])
    quotes = approve(quotes, "q-agreed:1", "Analyst", AT)
    quotes = approve(quotes, "q-agreed:2", "Analyst", AT)
    edited = [q if q.id != "q-agreed:2" else replace(q, text=q.text + "!") for q in quotes]
    forced = edited + [
        # A quote from the session without consent, even approved, and one whose approved
        # text still names someone.
        approve(
            [Quote("q-no", "declined:1", ("information_gap",), "en", "Nobody told me.")],
            "q-no",
            "Analyst",
            AT,
        )[0],
        approve(
            [Quote("q-leak", "agreed:3", ("agency",), "en", "Zeinabou and I saved.")],
            "q-leak",
            "Analyst",
            AT,
        )[0],
    ]
    usable, refused = usable_quotes(forced, sessions)
    assert [q.id for q in usable] == ["q-agreed:1"]
    reasons = {r.quote: r.reason for r in refused}
    assert set(reasons) == {"q-agreed:2", "q-agreed:3", "q-no", "q-leak"}
    assert "changed after approval" in reasons["q-agreed:2"]
    assert "not approved" in reasons["q-agreed:3"]
    assert "consent" in reasons["q-no"] and "consentement" in reasons["q-no"].fr
    assert "still contains" in reasons["q-leak"]
    with pytest.raises(QuoteError, match="q-no"):
        require_usable(forced[-2], sessions)
    with pytest.raises(QuoteError):
        approve(quotes, "q-agreed:1", " ")


def test_quotes_file_round_trip_and_approval_fingerprint(voices: Path) -> None:
    sessions = read_sessions(voices / "sessions")
    quotes = approve(propose_quotes(sessions, _codes(), []), "q-agreed:1", "Analyst", AT)
    path = voices / "quotes.yaml"
    write_quotes(path, quotes)
    assert read_quotes(path) == quotes
    path.write_text(
        path.read_text(encoding="utf-8").replace("desert", "Sahara desert"), encoding="utf-8"
    )
    assert usable_quotes(read_quotes(path), sessions)[0] == []  # edited by hand: not usable


def test_words_the_analyst_keeps_stay_and_still_pass_the_gate(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    (folder / "radio.md").write_text(
        "---\nsession: radio\nsite: Zinder\ndate: 2026-03-01\nlanguage: en\n"
        'consent_quotes: "yes"\nidentifiers: {names: [Zeinabou], keep: [Anfani]}\n---\n'
        "P1: Zeinabou and I listen to Radio Anfani every evening.\n",
        encoding="utf-8",
    )
    sessions = read_sessions(folder)
    quotes = propose_quotes(sessions, {"radio:1": frozenset({"trusted_sources"})}, [])
    assert quotes[0].text == "[NAME] and I listen to Radio Anfani every evening."
    usable, _ = usable_quotes(approve(quotes, quotes[0].id, "A", AT), sessions)
    assert [q.id for q in usable] == [quotes[0].id]
