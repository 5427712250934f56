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

from safemig.kits.build import EXAMPLE_SITE_URL, KitBuild, build_kits
from safemig.kits.directory import load_directory, validate_directory
from safemig.kits.evidence import campaign_summary
from safemig.kits.plain import LibraryCheck, Limits, check_library
from safemig.kits.readability import measure
from safemig.kits.sms import count_segments
from safemig.kits.topics import STARTER_LIBRARY, load_library

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
