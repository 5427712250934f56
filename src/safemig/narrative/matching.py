"""Find rule phrases in a block of prose.

A phrase matches consecutive words of the text whose keys are accepted at each position;
between two words only spaces, hyphens or apostrophes may stand (so "illegal, migrants" or a
phrase split by a code span is not one phrase). The longest phrase of a rule wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from safemig.narrative.rules import Rule
from safemig.narrative.wordforms import WORD, keys_for_text_word

_WORD_GAP = re.compile(r"[\s\-‐‑'’\u00a0\u202f]*")


@dataclass(frozen=True)
class TextWord:
    """A word of a block: where it is and the keys it is compared by."""

    start: int
    end: int
    exact_key: str
    stem_key: str

    def key(self, match: str) -> str:
        return self.exact_key if match == "exact" else self.stem_key


@dataclass(frozen=True)
class Match:
    """A rule phrase found in a block: offsets [start, end) in the block text."""

    rule: Rule
    start: int
    end: int


def words_of(text: str, language: str) -> list[TextWord]:
    """Return the words of ``text`` with their keys."""
    return [
        TextWord(m.start(), m.end(), *keys_for_text_word(m.group(0), language))
        for m in WORD.finditer(text)
    ]


def find_matches(text: str, words: list[TextWord], rules: tuple[Rule, ...]) -> list[Match]:
    """Return every place in ``text`` where a rule's phrase occurs.

    A rule does not overlap itself. When a stem rule and an exact rule flag the very same
    words, the exact rule is the more specific and is kept alone (stems can merge words that
    differ, e.g. English "immigrants" and "immigration").
    """
    matches = list(_all_matches(text, words, rules))
    exact_spans = {(m.start, m.end) for m in matches if m.rule.match == "exact"}
    return [m for m in matches if m.rule.match == "exact" or (m.start, m.end) not in exact_spans]


def _all_matches(text: str, words: list[TextWord], rules: tuple[Rule, ...]) -> Iterator[Match]:
    for rule in rules:
        next_free = 0
        for index, word in enumerate(words):
            if word.start < next_free:
                continue
            length = _longest_phrase_at(text, words, index, rule)
            if length:
                end = words[index + length - 1].end
                next_free = end
                yield Match(rule, word.start, end)


def _longest_phrase_at(text: str, words: list[TextWord], index: int, rule: Rule) -> int:
    """Return how many words of the longest phrase of ``rule`` start at ``words[index]``."""
    for phrase in rule.phrases:  # sorted longest first
        if _phrase_at(text, words, index, phrase, rule.match):
            return len(phrase)
    return 0


def _phrase_at(
    text: str, words: list[TextWord], index: int, phrase: tuple[frozenset[str], ...], match: str
) -> bool:
    if index + len(phrase) > len(words):
        return False
    for offset, accepted in enumerate(phrase):
        word = words[index + offset]
        if accepted and word.key(match) not in accepted:  # empty: any word
            return False
        if offset and not _WORD_GAP.fullmatch(text, words[index + offset - 1].end, word.start):
            return False
    return True
