"""The language of a text: declared by the document, or told apart by its common words."""

from __future__ import annotations

from safemig.narrative.contexts import common_words
from safemig.narrative.rules import LANGUAGES
from safemig.narrative.wordforms import WORD


def detect_language(text: str) -> str:
    """Return ``"fr"`` when French function words outnumber English ones, else ``"en"``.

    The word lists are ``common_words`` in ``contexts/<language>.yaml``.

    >>> detect_language("Les femmes migrantes ont été interrogées à Agadez.")
    'fr'
    """
    counts = dict.fromkeys(LANGUAGES, 0)
    for word in WORD.findall(text.lower()):
        for language in LANGUAGES:
            counts[language] += word in common_words(language)
    return "fr" if counts["fr"] > counts["en"] else "en"
