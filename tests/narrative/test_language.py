"""Telling English from French, and declared languages."""

from __future__ import annotations

from safemig.narrative import check_text
from safemig.narrative.language import detect_language
from safemig.narrative.readers import read_string


def test_detects_french_and_english():
    assert detect_language("Les femmes migrantes ont été interrogées à Zinder.") == "fr"
    assert detect_language("The women who migrated were interviewed in Zinder.") == "en"


def test_language_is_detected_when_not_given():
    assert [f.rule.id for f in check_text("Les migrantes clandestines sont arrivées.")] == [
        "legal-status.clandestin"
    ]


def test_declared_language_wins_over_detection():
    document = read_string('<html lang="fr-NE"><p>The clandestins.</p></html>', "html")
    assert document.declared_language == "fr"
