"""Indicator catalogues: named, bilingual, framework-linked indicators and their estimation.

>>> from safemig.indicators import builtin_catalogue, compile_catalogue
>>> len(compile_catalogue(builtin_catalogue("gender_migration")).groups)
1
"""

from __future__ import annotations

from safemig.indicators.catalogue import (
    Catalogue,
    Disaggregation,
    Indicator,
    builtin_catalogue,
    builtin_names,
    load_catalogue,
)
from safemig.indicators.compile import CompiledCatalogue, compile_catalogue
from safemig.indicators.results import IndicatorResults, estimate_catalogue

__all__ = [
    "Catalogue",
    "CompiledCatalogue",
    "Disaggregation",
    "Indicator",
    "IndicatorResults",
    "builtin_catalogue",
    "builtin_names",
    "compile_catalogue",
    "estimate_catalogue",
    "load_catalogue",
]
