"""SMS segments: which encoding a text needs and how many messages it costs.

3GPP TS 23.038 (GSM 03.38) defines the GSM 7-bit default alphabet and its extension table;
TS 23.040 sets the sizes. A text whose characters are all in the alphabet is sent in GSM-7:
one message holds 160 septets, and a concatenated message 153 per segment (7 septets go to
the user-data header); an extension character takes two septets (ESC + character) and an
escape pair is never split across segments. Any other character (``ê``, ``ç``, ``’``, emoji)
makes the whole text UCS-2: 70 UTF-16 code units in one message, 67 per segment, and a
surrogate pair is never split.

Written here rather than taken from PyPI: no maintained package counts segments (``smsutil``
was last released in 2020; ``gsm0338`` is a codec and does not count), and the rules above
are short enough to test exactly on known texts.

>>> count_segments("Bonjour, ça va ?").encoding
'UCS-2'
>>> count_segments("a" * 161).segments
2
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: The GSM 7-bit default alphabet (TS 23.038, 6.2.1), in code order; 0x1B is the escape.
GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
#: The default extension table (TS 23.038, 6.2.1.1): each costs two septets.
GSM7_EXTENSION = "\f^{}\\[~]|€"
_BASIC = frozenset(GSM7_BASIC) - {"\x1b"}
_EXTENSION = frozenset(GSM7_EXTENSION)
#: Sizes per encoding: (single message, per segment of a concatenated message).
LIMITS = {"GSM-7": (160, 153), "UCS-2": (70, 67)}
#: Plain GSM-7 stand-ins for characters that would force UCS-2 (used for a cheaper variant).
_GSM7_STAND_INS = {
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    "œ": "oe",
    "Œ": "OE",
    "–": "-",
    "—": "-",
    "…": "...",
    "\u00a0": " ",
    "\u202f": " ",
}


@dataclass(frozen=True)
class SmsCount:
    """How a text goes by SMS: encoding, units used (septets or UTF-16 units), segments."""

    encoding: str
    units: int
    segments: int
    characters: int


def needs_ucs2(text: str) -> bool:
    """Return True when a character of ``text`` is outside the GSM 7-bit alphabet."""
    return any(c not in _BASIC and c not in _EXTENSION for c in text)


def count_segments(text: str) -> SmsCount:
    """Return the encoding and the number of SMS segments ``text`` needs.

    Parameters
    ----------
    text
        The message.

    Returns
    -------
    SmsCount
        ``units`` are septets for GSM-7 and UTF-16 code units for UCS-2.
    """
    if needs_ucs2(text):
        sizes = [len(c.encode("utf-16-le")) // 2 for c in text]
        encoding = "UCS-2"
    else:
        sizes = [2 if c in _EXTENSION else 1 for c in text]
        encoding = "GSM-7"
    single, per_segment = LIMITS[encoding]
    units = sum(sizes)
    if units <= single:
        return SmsCount(encoding, units, 1 if units else 0, len(text))
    return SmsCount(encoding, units, _segments_without_splitting(sizes, per_segment), len(text))


def _segments_without_splitting(sizes: list[int], per_segment: int) -> int:
    """Fill segments in order; a character that does not fit whole opens the next one."""
    segments, used = 1, 0
    for size in sizes:
        if used + size > per_segment:
            segments, used = segments + 1, 0
        used += size
    return segments


def gsm7_variant(text: str) -> str:
    """Return ``text`` with characters outside GSM-7 replaced by their closest GSM-7 letters.

    Accents the alphabet lacks are dropped (``ê`` → ``e``, ``ç`` → ``c``), typographic quotes
    become straight ones; letters the alphabet has (``é``, ``è``, ``à``, ``ù``) stay. Anything
    with no stand-in (emoji) is kept, so the result may still need UCS-2.

    >>> gsm7_variant("Êtes-vous prête ? Ça coûte 5 €.")
    'Etes-vous prete ? Ça coute 5 €.'
    """
    return "".join(_gsm7_char(c) for c in text)


def _gsm7_char(char: str) -> str:
    if char in _BASIC or char in _EXTENSION:
        return char
    if char in _GSM7_STAND_INS:
        return _GSM7_STAND_INS[char]
    base = unicodedata.normalize("NFD", char)[0]
    return base if base in _BASIC and base != char else char
