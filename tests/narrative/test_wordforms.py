"""French gender and number, English number, case and accents."""

from __future__ import annotations

import itertools

import pytest

from safemig.narrative import bundled_rules, check_text
from safemig.narrative.wordforms import fold, french_feminine, french_inflections, french_plural


@pytest.mark.parametrize(
    ("masculine", "feminine", "plural"),
    [
        ("clandestin", "clandestine", "clandestins"),
        ("illégal", "illégale", "illégaux"),
        ("étranger", "étrangère", "étrangers"),
        ("séropositif", "séropositive", "séropositifs"),
        ("sidéen", "sidéenne", "sidéens"),
        ("immigré", "immigrée", "immigrés"),
    ],
)
def test_french_regular_inflections_are_generated(masculine, feminine, plural):
    assert french_feminine(masculine) == feminine
    assert french_plural(masculine) == plural
    assert french_inflections(masculine) == {masculine, feminine, plural, french_plural(feminine)}


def test_invariable_endings_get_no_feminine():
    assert french_feminine("vulnérable") is None
    assert french_inflections("époux") == {"époux"}


def test_fold_removes_case_and_accents():
    assert fold("ÉTRANGÈRES") == "etrangeres"


_FUNCTION_WORDS = frozenset(["de", "d", "les", "des", "aux", "par", "son", "leur", "leurs", "sans"])


def _forms(word: str) -> list[str]:
    if word in _FUNCTION_WORDS:
        return [word] * 4
    feminine = french_feminine(word) or word
    return [word, french_plural(word), feminine, french_plural(feminine)]


def _french_stem_phrases():
    """Every bundled French stem rule term, in the four gender-number forms of its words."""
    for rule in bundled_rules():
        if rule.language != "fr" or rule.match != "stem":
            continue
        for term in rule.terms:
            slots = [slot.split("|") for slot in term.split() if slot != "*?"]
            for choice in itertools.islice(itertools.product(*slots), 6):
                for form in range(4):
                    yield rule.id, " ".join(_forms(word)[form] for word in choice)


@pytest.mark.parametrize(("rule_id", "phrase"), list(_french_stem_phrases()))
def test_every_inflection_of_french_rule_terms_is_caught(rule_id, phrase):
    for written in (phrase, phrase.upper(), fold(phrase)):
        ids = [f.rule.id for f in check_text(f"Nous avons vu {written} hier.", "fr")]
        assert rule_id in ids, written


@pytest.mark.parametrize("text", ["Illegal migrant.", "illegal MIGRANTS.", "ILLEGAL migrant's"])
def test_english_case_and_number_are_caught(text):
    assert [f.rule.id for f in check_text(text, "en")] == ["legal-status.illegal-migrant"]
