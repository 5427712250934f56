"""Readability of kit texts: Flesch reading ease (English) and Kandel–Moles (French).

Both formulas weigh sentence length (words per sentence) and word length (syllables per
word); higher scores mean easier texts, and 60–70 is plain language for a general reader:

- Flesch (1948), "A new readability yardstick", *Journal of Applied Psychology* 32(3):
  ``206.835 - 1.015 * words/sentences - 84.6 * syllables/words``.
- Kandel & Moles (1958), "Application de l'indice de Flesch à la langue française",
  *Cahiers Études de Radio-Télévision* 19: ``207 - 1.015 * words/sentences - 73.6 *
  syllables/words``.

Why not ``textstat``: its French constants are Kandel–Moles, but for English it counts
syllables with NLTK's CMU dictionary, which it downloads from the internet at run time (kits
are built offline, and CI has no network), and for French it counts hyphenation points from
pyphen, which undercount syllables because hyphenation dictionaries forbid one-letter breaks
("a-mie" is never hyphenated after "a"). So the syllable counters below are written here,
as documented rules, and checked on reference words in ``tests/kits/test_readability.py``.

>>> round(measure(["The cat sat on the mat."], "en").ease, 3)
116.145
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: (base, per word-per-sentence, per syllable-per-word, formula name) per language.
FORMULAS = {
    "en": (206.835, 1.015, 84.6, "Flesch reading ease"),
    "fr": (207.0, 1.015, 73.6, "Kandel–Moles"),
}
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”’)]*\s+|[\n\r]+")
_EN_EXCEPTIONS = {
    "area": 3,
    "idea": 3,
    "being": 2,
    "doing": 2,
    "going": 2,
    "every": 2,
    "everyone": 3,
    "someone": 2,
    "anyone": 3,
    "business": 2,
    "create": 2,
    "real": 2,
    "people": 2,
    "police": 2,
    "whole": 1,
    "violence": 3,
    "violent": 3,
    "sometimes": 2,
    "somewhere": 2,
    "because": 2,
    "evening": 2,
}
_FR_EXCEPTIONS = {"pays": 2, "paysanne": 3, "oui": 1}
_FR_VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"
_FR_SILENT_ELISION = re.compile(r"^(?:[ldjmntsc]|qu)['’]")


@dataclass(frozen=True)
class Readability:
    """Counts and the readability score of one text.

    ``ease`` is Flesch reading ease for English and Kandel–Moles for French; ``None`` for a
    language with no formula here (the counts still hold).
    """

    language: str
    sentences: int
    words: int
    syllables: int
    letters: int
    longest_sentence: int
    ease: float | None
    formula: str

    @property
    def words_per_sentence(self) -> float:
        """Average sentence length in words."""
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def letters_per_word(self) -> float:
        """Average word length in letters."""
        return self.letters / self.words if self.words else 0.0


def sentences_of(blocks: Iterable[str]) -> list[str]:
    """Split blocks of prose (paragraphs, list items, headings) into sentences.

    A block always ends a sentence, so a heading or a list item without a full stop counts as
    one sentence, as a reader meets it.
    """
    found: list[str] = []
    for block in blocks:
        found.extend(s.strip() for s in _SENTENCE_END.split(block) if _WORD.search(s))
    return found


def words_of(text: str) -> list[str]:
    """Return the words of ``text`` (letters and digits; ``l'eau`` and ``peut-être`` are one)."""
    return _WORD.findall(text)


def syllables(word: str, language: str) -> int:
    """Estimate the spoken syllables of one word (at least 1); digits count one per digit."""
    word = word.lower().replace("’", "'")
    if word.isdigit():
        return len(word)
    counter = _french_syllables if language == "fr" else _english_syllables
    parts = [p for p in re.split(r"-", word) if p]
    return max(1, sum(counter(p) for p in parts))


def _english_syllables(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word)
    if word in _EN_EXCEPTIONS:
        return _EN_EXCEPTIONS[word]
    if not word:
        return 0
    count = len(re.findall(r"[aeiouy]+", re.sub(r"^y", "", word)))
    if re.search(r"[^aeiouy]e$", word) and not re.search(r"[^aeiouy]le$", word):
        count -= 1  # silent final e: make, there (but table, people keep it)
    elif re.search(r"[^aeiouytd]ed$", word) or re.search(r"[^aeiouysxzhgc]es$", word):
        count -= 1  # walked, makes (but wanted, boxes, places keep it)
    if re.search(r"[^aeiouy]ely$", word):
        count -= 1  # safely, lately
    return max(1, count)


def _french_syllables(word: str) -> int:
    word = _FR_SILENT_ELISION.sub("", word).replace("'", "")
    if word in _FR_EXCEPTIONS:
        return _FR_EXCEPTIONS[word]
    word = re.sub(r"qu", "q", word)
    word = re.sub(r"gu(?=[eiéèêy])", "g", word)
    # A diaeresis, and an é before another vowel, start a new syllable (naïf, Noël, créé).
    word = re.sub(rf"(?<=[{_FR_VOWELS}])([ïëü])", r"-\1", word)
    word = re.sub(rf"é(?=[{_FR_VOWELS}])", "é-", word)
    # A y between vowels belongs to two syllables (pa-yer, vo-ya-ge).
    word = re.sub(rf"(?<=[{_FR_VOWELS}])y(?=[{_FR_VOWELS}])", "i-i", word)
    groups = re.findall(rf"[{_FR_VOWELS}]+", word)
    count = len(groups)
    if count > 1 and re.search(rf"[^{_FR_VOWELS}]es?$", word):
        count -= 1  # mute final e: femme, femmes (le, que keep their only vowel)
    return max(1, count) if groups else 0


def measure(blocks: Iterable[str], language: str) -> Readability:
    """Measure a text given as blocks of prose.

    Parameters
    ----------
    blocks
        Paragraphs, headings and list items, each ending a sentence.
    language
        ``"en"`` or ``"fr"`` get a score; other languages get counts only.

    Returns
    -------
    Readability
        Sentences, words, syllables, letters, the longest sentence and the score.
    """
    sentences = sentences_of(blocks)
    lengths = [len(words_of(s)) for s in sentences]
    words = [w for s in sentences for w in words_of(s)]
    syllable_count = sum(syllables(w, language) for w in words)
    letters = sum(len(re.sub(r"[\W_]", "", w)) for w in words)
    ease, formula = _score(language, len(sentences), len(words), syllable_count)
    return Readability(
        language,
        len(sentences),
        len(words),
        syllable_count,
        letters,
        max(lengths, default=0),
        ease,
        formula,
    )


def _score(
    language: str, sentences: int, words: int, syllable_count: int
) -> tuple[float | None, str]:
    if language not in FORMULAS:
        return None, "none"
    base, per_sentence, per_syllable, name = FORMULAS[language]
    if not words or not sentences:
        return None, name
    return base - per_sentence * words / sentences - per_syllable * syllable_count / words, name
