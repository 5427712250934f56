"""Survey weights: calibration to population margins and totals (issue 3).

>>> from safemig.weights import Calibration, Margin
>>> stype = Margin("stype", ("E", "H", "M"), (4421, 755, 1018))
>>> cal = Calibration("poststratify", margins=(stype,))
>>> cal.population_size
6194.0

A :class:`Calibration` goes into :class:`safemig.Design` (``Design(..., calibration=cal)``):
every estimate on that design uses the calibrated weights and the residualised variance.
:func:`calibrated_weights` returns the weights themselves as a new column.
"""

from __future__ import annotations

from typing import Any

from safemig.weights.population import read_margin, read_totals
from safemig.weights.spec import METHODS, Calibration, Margin, calibrate

__all__ = [
    "METHODS",
    "Calibration",
    "Margin",
    "calibrate",
    "calibrated_weights",
    "read_margin",
    "read_totals",
]

_LAZY = {"calibrated_weights": "safemig.weights.api"}


def __getattr__(name: str) -> Any:
    # The API loads DuckDB and Arrow: only when first used.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'safemig.weights' has no attribute {name!r}")
