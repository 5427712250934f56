"""Word forms: case, accents, French gender and number, English number.

A rule names a word once (``clandestin``); the checker must catch every inflected form
(``Clandestine``, ``CLANDESTINS``, ``clandestines``). Two well-understood tools do this
together:

1. The Snowball stemmers (``snowballstemmer``, the algorithms Lucene, Elasticsearch and NLTK
   use) reduce number and most gender endings to one stem.
2. Snowball's French stemmer does not always give the masculine and feminine the same stem
   (``étranger`` → ``étrang`` but ``étrangère`` → ``étranger``). So, for French, each rule word
   is first expanded into its regular feminine and plural forms (:func:`french_inflections`)
   and the stems of all of them are accepted.

Case and accents are folded after stemming (``ILLÉGAUX``, ``illegaux`` and ``illégaux`` all
give ``illegal``), because writers drop accents on capitals and in plain-text e-mails; a rule
word's unaccented spellings are stemmed too, as the stemmer treats ``immigree`` and
``immigrée`` differently.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import snowballstemmer

_STEMMER_NAMES = {"en": "english", "fr": "french"}
WORD = re.compile(r"[^\W\d_]+")

# Regular French feminine endings (masculine → feminine), longest first.
_FEMININE_ENDINGS = (
    ("eux", "euse"),
    ("ien", "ienne"),
    ("el", "elle"),
    ("er", "ère"),
    ("if", "ive"),
    ("on", "onne"),
    ("et", "ette"),
    ("en", "enne"),
)
_NO_FEMININE_FROM = ("e", "i", "s", "x", "z")


def fold(text: str) -> str:
    """Return ``text`` in lower case without accents (``Étrangère`` → ``etrangere``)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(_STEMMER_NAMES[language])


@cache
def stem_key(word: str, language: str) -> str:
    """Return the folded Snowball stem of ``word`` (``Clandestines`` → ``clandestin``)."""
    return fold(_stemmer(language).stemWord(word.lower()))


def french_plural(word: str) -> str:
    """Return the regular plural of a French noun or adjective (``illégal`` → ``illégaux``)."""
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    if word.endswith(("eau", "eu")):
        return word + "x"
    return word + "s"


def french_feminine(word: str) -> str | None:
    """Return the regular feminine of a French noun or adjective, or None if invariable."""
    if word.endswith(_NO_FEMININE_FROM):
        return None
    for masculine, feminine in _FEMININE_ENDINGS:
        if word.endswith(masculine):
            return word[: -len(masculine)] + feminine
    return word + "e"


def french_inflections(word: str) -> frozenset[str]:
    """Return a French word with its regular feminine and plural forms.

    >>> sorted(french_inflections("clandestin"))
    ['clandestin', 'clandestine', 'clandestines', 'clandestins']
    """
    forms = {word, french_plural(word)}
    feminine = french_feminine(word)
    if feminine:
        forms |= {feminine, french_plural(feminine)}
    return frozenset(forms)


def keys_for_rule_word(word: str, language: str, match: str) -> frozenset[str]:
    """Return the keys a text word may have to match ``word`` of a rule.

    Parameters
    ----------
    word
        One word of a rule term, as written in the rule file.
    language
        ``"en"`` or ``"fr"``.
    match
        ``"stem"`` (any inflection) or ``"exact"`` (this form only, case and accents aside).
    """
    if match == "exact":
        return frozenset({fold(word)})
    forms = french_inflections(word) if language == "fr" else frozenset({word})
    # Stem the unaccented spellings too: "immigree" (typed without accents) stems differently.
    return frozenset(stem_key(form, language) for form in forms | {fold(f) for f in forms})


def keys_for_text_word(word: str, language: str) -> tuple[str, str]:
    """Return (exact key, stem key) of a word found in a text."""
    return fold(word), stem_key(word, language)
