"""safemig: evidence for gender-responsive migration programmes.

>>> from safemig import Design, mean, proportion
>>> design = Design(weights="pw", strata="stype", fpc="fpc")
>>> mean("apistrat.csv", design, "api00", by="stype")  # doctest: +SKIP
"""

from safemig.design import Design, Replicates
from safemig.estimate.generic import mean, proportion, quantile, ratio, total

__version__ = "0.1.0"

__all__ = [
    "Design",
    "Replicates",
    "__version__",
    "mean",
    "proportion",
    "quantile",
    "ratio",
    "total",
]
