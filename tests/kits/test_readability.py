"""Readability: syllable counts on reference words, formulas on hand-counted sentences."""

from __future__ import annotations

import pytest

from safemig.kits.readability import measure, sentences_of, syllables

ENGLISH_WORDS = {
    "cat": 1,
    "make": 1,
    "table": 2,
    "people": 2,
    "walked": 1,
    "wanted": 2,
    "boxes": 2,
    "places": 2,
    "free": 1,
    "the": 1,
    "there": 1,
    "before": 2,
    "safely": 2,
    "money": 2,
    "women": 2,
    "family": 3,
    "different": 3,
    "information": 4,
    "violence": 3,
    "passport": 2,
    "don't": 1,
    "everyone": 3,
}
FRENCH_WORDS = {
    "femme": 1,
    "femmes": 1,
    "argent": 2,
    "information": 4,
    "voyage": 2,
    "payer": 2,
    "réalité": 4,
    "créé": 2,
    "naïf": 2,
    "Noël": 2,
    "guerre": 1,
    "que": 1,
    "l'eau": 1,
    "école": 2,
    "téléphone": 3,
    "santé": 2,
    "papiers": 2,
    "travail": 2,
    "documents": 3,
    "droits": 1,
    "peut-être": 2,
    "essayer": 3,
    "jusqu'à": 2,
    "qu'il": 1,
}


@pytest.mark.parametrize(("word", "expected"), sorted(ENGLISH_WORDS.items()))
def test_english_syllables(word: str, expected: int) -> None:
    assert syllables(word, "en") == expected


@pytest.mark.parametrize(("word", "expected"), sorted(FRENCH_WORDS.items()))
def test_french_syllables(word: str, expected: int) -> None:
    assert syllables(word, "fr") == expected


def test_flesch_on_a_hand_counted_sentence() -> None:
    # 6 words, 6 syllables, 1 sentence: 206.835 - 1.015 * 6 - 84.6 * 1
    result = measure(["The cat sat on the mat."], "en")
    assert (result.words, result.syllables, result.sentences) == (6, 6, 1)
    assert result.ease == pytest.approx(116.145, abs=1e-9)
    assert result.formula == "Flesch reading ease"


def test_flesch_on_two_sentences() -> None:
    # 10 words (women 2, information 4, others 1: 14 syllables), 2 sentences
    result = measure(["Women need information. Give it to them in their way."], "en")
    assert (result.words, result.syllables, result.sentences) == (10, 14, 2)
    assert result.ease == pytest.approx(206.835 - 1.015 * 5 - 84.6 * 1.4, abs=1e-9)


def test_kandel_moles_on_a_hand_counted_sentence() -> None:
    # 3 words, 3 syllables: 207 - 1.015 * 3 - 73.6 * 1
    result = measure(["Le chat dort."], "fr")
    assert result.ease == pytest.approx(130.355, abs=1e-9)
    assert result.formula == "Kandel–Moles"


def test_kandel_moles_with_long_words() -> None:
    # "Les femmes migrantes demandent des informations." words: les 1, femmes 1,
    # migrantes 2, demandent 2 (de-man-dent counted as written), des 1, informations 4
    result = measure(["Les femmes migrantes demandent des informations."], "fr")
    assert (result.words, result.syllables) == (6, 12)
    assert result.ease == pytest.approx(207 - 1.015 * 6 - 73.6 * 2, abs=1e-9)


def test_hard_text_scores_lower_than_simple_text() -> None:
    simple = measure(["Keep your papers with you. Do not give them away."], "en")
    hard = measure(
        [
            "Documentation retention by intermediaries constitutes an internationally "
            "recognised indicator of exploitative recruitment practices."
        ],
        "en",
    )
    assert hard.ease is not None and simple.ease is not None
    assert hard.ease < 0 < 60 < simple.ease


def test_blocks_end_sentences_and_stops_split_them() -> None:
    assert sentences_of(["Title without stop", "One. Two? Three!"]) == [
        "Title without stop",
        "One.",
        "Two?",
        "Three!",
    ]


def test_language_without_formula_gets_counts_only() -> None:
    result = measure(["Ina kwana."], "ha")
    assert result.ease is None and result.words == 2
