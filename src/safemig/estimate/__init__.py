"""Design-based estimation: requests compiled to SQL aggregations, R ``survey``'s numbers.

>>> from safemig import Design
>>> from safemig.estimate import Mean, Proportion, Request, estimate
"""

from __future__ import annotations

from typing import Any

from safemig.estimate.request import (
    Count,
    Mean,
    Proportion,
    Quantile,
    Ratio,
    Request,
    Total,
)

__all__ = [
    "Count",
    "Mean",
    "Proportion",
    "Quantile",
    "Ratio",
    "Request",
    "Results",
    "Total",
    "estimate",
    "write_results",
]

_LAZY = {
    "estimate": "safemig.estimate.engine",
    "Results": "safemig.estimate.results",
    "write_results": "safemig.estimate.results",
}


def __getattr__(name: str) -> Any:
    # The engine loads DuckDB, Arrow and SciPy: only when first used.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'safemig.estimate' has no attribute {name!r}")
