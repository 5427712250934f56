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
from safemig.lazy import load_lazily

__all__ = [
    "Count",
    "Dataset",
    "Mean",
    "Proportion",
    "Quantile",
    "Ratio",
    "Request",
    "Results",
    "Total",
    "estimate",
    "load",
    "write_results",
]

_LAZY = {
    "Dataset": "dataset",
    "Results": "results",
    "estimate": "engine",
    "load": "dataset",
    "write_results": "results",
}


def __getattr__(name: str) -> Any:
    # The engine loads DuckDB, Arrow and SciPy: only when first used.
    return load_lazily(__name__, _LAZY, name)
