"""safemig: evidence for gender-responsive migration programmes.

>>> from safemig import Design, mean, proportion
>>> design = Design(weights="pw", strata="stype", fpc="fpc")
>>> mean("apistrat.csv", design, "api00", by="stype")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from safemig.design import Design, Replicates

__version__ = "0.1.0"

_ESTIMATORS = ("mean", "proportion", "quantile", "ratio", "total")
__all__ = ["Design", "Replicates", "__version__", "load", *_ESTIMATORS]


def __getattr__(name: str) -> Any:
    # The estimators pull in DuckDB, Arrow and SciPy; load them on first use so that
    # `import safemig` (and every CLI command) starts fast.
    if name in _ESTIMATORS:
        from safemig.estimate import generic

        return getattr(generic, name)
    if name == "load":  # survey data read once, for many estimates
        from safemig.estimate.dataset import load

        return load
    raise AttributeError(f"module 'safemig' has no attribute {name!r}")
