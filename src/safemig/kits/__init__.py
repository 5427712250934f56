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
    "KitBuild": "safemig.kits.build",
    "build_kits": "safemig.kits.build",
    "load_directory": "safemig.kits.directory",
    "validate_directory": "safemig.kits.directory",
    "campaign_summary": "safemig.kits.evidence",
    "LibraryCheck": "safemig.kits.plain",
    "check_library": "safemig.kits.plain",
    "measure": "safemig.kits.readability",
    "count_segments": "safemig.kits.sms",
    "STARTER_LIBRARY": "safemig.kits.topics",
    "load_library": "safemig.kits.topics",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'safemig.kits' has no attribute {name!r}")
