"""English and French for what users read.

A :class:`Text` is an English string that also carries its French twin, so code that expects
a plain string (logs, ``str(exc)``) keeps working while the command line can print the
user's language. Messages are written next to their translation, never looked up by key:

>>> t = say("Column {c!r} is missing.", "La colonne {c!r} est absente.", c="age")
>>> str(t), t.in_language("fr")
("Column 'age' is missing.", "La colonne 'age' est absente.")
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

LANGUAGES = ("en", "fr")


class Text(str):
    """English text carrying its French version (``.fr``)."""

    fr: str

    def __new__(cls, en: str, fr: str) -> Text:
        text = super().__new__(cls, en)
        text.fr = fr
        return text

    def in_language(self, language: str) -> str:
        """The text in ``language`` (``en`` or ``fr``; anything else gives English)."""
        return self.fr if language == "fr" else str(self)

    def __reduce__(self) -> tuple[type[Text], tuple[str, str]]:
        # Both languages survive pickling (errors raised in worker processes carry them).
        return (Text, (str(self), self.fr))


def say(en: str, fr: str, **values: Any) -> Text:
    """Format both templates with the same values and pair them."""
    return Text(en.format(**values), fr.format(**values))


def user_language(environ: Mapping[str, str] = os.environ) -> str:
    """``SAFEMIG_LANG`` if set, else French when the locale is French, else English."""
    chosen = environ.get("SAFEMIG_LANG", "").lower()
    if chosen in LANGUAGES:
        return chosen
    locale = environ.get("LC_ALL") or environ.get("LC_MESSAGES") or environ.get("LANG") or ""
    return "fr" if locale.lower().startswith("fr") else "en"


def in_language(message: object, language: str) -> str:
    """A message in ``language`` when it has a translation, else as it is."""
    if isinstance(message, Text):
        return message.in_language(language)
    return str(message)
