"""Design-based estimation: requests compiled to SQL aggregations, R ``survey``'s numbers.

>>> from safemig import Design
>>> from safemig.estimate import Mean, Proportion, Request, estimate
"""

from safemig.estimate.engine import estimate
from safemig.estimate.request import Mean, Proportion, Quantile, Ratio, Request, Total
from safemig.estimate.results import Results, write_results

__all__ = [
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
