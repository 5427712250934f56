"""The language of a text: declared by the document, or told apart by its common words."""

from __future__ import annotations

from safemig.narrative.wordforms import WORD

# Short function words that are frequent in one language and rare in the other.
_COMMON_WORDS = {
    "en": frozenset(
        "the and of to in is are was were with for that this from by on have has who their "
        "she they it an".split()
    ),
    "fr": frozenset(
        "le la les de des et du une un est sont pour dans avec que qui sur au aux leur leurs "
        "ont été pas elle elles il ce se ne".split()
    ),
}


def detect_language(text: str) -> str:
    """Return ``"fr"`` when French common words outnumber English ones, else ``"en"``.

    >>> detect_language("Les femmes migrantes ont été interrogées à Agadez.")
    'fr'
    """
    counts = dict.fromkeys(_COMMON_WORDS, 0)
    for word in WORD.findall(text.lower()):
        for language, common in _COMMON_WORDS.items():
            counts[language] += word in common
    return "fr" if counts["fr"] > counts["en"] else "en"
