"""Information kits for migrant women: simple language, oral, written and electronic.

Write each topic once (Markdown with front matter, per language), check it is simple enough,
and build every format for every language and region: an offline mini-site, A5 leaflets with
a QR code, audio for radio and voice messages, and SMS texts with correct segment counts.
Where survey results exist, the campaign summary shows which channels women trusted and
used, by region and migration stage.

>>> from safemig.kits import load_library, check_library
>>> check_library(load_library()).passed  # doctest: +SKIP
True
"""

from __future__ import annotations

from typing import Any

from safemig.kits.settings import EXAMPLE_SITE_URL, Limits
from safemig.lazy import load_lazily

__all__ = [
    "EXAMPLE_SITE_URL",
    "STARTER_LIBRARY",
    "KitBuild",
    "LibraryCheck",
    "Limits",
    "build_kits",
    "campaign_summary",
    "check_library",
    "count_segments",
    "load_directory",
    "load_library",
    "measure",
    "validate_directory",
]

# Loaded on first use, as safemig.estimate does: the command line builds every command's
# parser on each run, and these modules (Markdown, templates, PDF) took 0.12-0.19 s to load.
_LAZY = {
    "KitBuild": "build",
    "build_kits": "build",
    "load_directory": "directory",
    "validate_directory": "directory",
    "campaign_summary": "evidence",
    "LibraryCheck": "plain",
    "check_library": "plain",
    "measure": "readability",
    "count_segments": "sms",
    "STARTER_LIBRARY": "topics",
    "load_library": "topics",
}


def __getattr__(name: str) -> Any:
    return load_lazily(__name__, _LAZY, name)
