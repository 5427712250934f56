"""The simple-language check: starter content passes; jargon and long texts fail."""

from __future__ import annotations

from pathlib import Path

from safemig.kits import Limits, check_library, load_library
from safemig.kits.messages import render_check
from safemig.kits.plain import find_jargon, load_jargon

from .conftest import TODAY


def test_starter_content_is_simple_language() -> None:
    check = check_library(load_library(), today=TODAY)
    assert check.passed, render_check(check)
    assert len(check.topics) == 16
    for topic in check.topics:
        assert topic.readability.ease is not None and topic.readability.ease >= 60
        assert topic.sms.segments <= 2


def test_jargon_is_found_with_plainer_words() -> None:
    jargon = load_jargon(load_library().folder, "fr")
    hits = find_jargon("Afin de faciliter les transferts de fonds.", jargon)
    assert {h.term for h in hits} == {"afin de", "faciliter", "transfert de fonds"}
    assert next(h for h in hits if h.term == "afin de").alternatives == ("pour",)


def test_jargon_in_a_topic_fails_the_check(library_copy: Path) -> None:
    path = library_copy / "topics" / "en" / "sending-money.md"
    text = path.read_text(encoding="utf-8").replace(
        "The money you earn is yours.", "Remittances facilitate reintegration."
    )
    path.write_text(text, encoding="utf-8")
    check = check_library(load_library(library_copy), today=TODAY)
    failed = [t for t in check.topics if not t.passed]
    assert [(t.language, t.topic_id) for t in failed] == [("en", "sending-money")]
    assert {p.value for p in failed[0].problems} == {"Remittances", "facilitate", "reintegration"}
    assert 'jargon "Remittances": say money you send home' in render_check(check)


def test_limits_are_configurable() -> None:
    strict = Limits(min_ease=99, max_sentence_words=10, max_sms_segments=1)
    check = check_library(load_library(), strict, TODAY, ("fr",))
    assert not check.passed
    codes = {p.code for t in check.topics for p in t.problems}
    assert codes == {"ease", "sentence_words", "sms_segments"}
    assert "À REVOIR" in render_check(check, "fr")
