"""What a kit command can be told before any content is read: limits and the site address.

Kept apart from the modules that read and build kits, so that the command line can show
these defaults without loading them (Markdown, templates, PDF: 0.12-0.19 s of imports that
every safemig command paid when its parser was built).
"""

from __future__ import annotations

from dataclasses import dataclass

from safemig.errors import RequestError
from safemig.i18n import say

#: Where leaflet QR codes point until a partner publishes the site (``site_url``).
EXAMPLE_SITE_URL = "https://example.org/safemig-kit"


@dataclass(frozen=True)
class Limits:
    """Where simple language ends. ``min_ease`` applies to languages with a formula."""

    min_ease: float = 60.0
    max_words_per_sentence: float = 15.0
    max_sentence_words: int = 25
    max_letters_per_word: float = 6.0
    max_sms_segments: int = 2

    def __post_init__(self) -> None:
        if self.max_sentence_words < 1 or self.max_sms_segments < 1:
            raise RequestError(
                say(
                    "max_sentence_words and max_sms_segments must be at least 1",
                    "max_sentence_words et max_sms_segments doivent valoir au moins 1",
                )
            )
