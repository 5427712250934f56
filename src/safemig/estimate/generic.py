"""Generic estimators in R ``survey``'s style: one design, then ``mean``, ``total``...

Each takes the data (a path, an Arrow table, or a dataset from :func:`safemig.load`), the
design, the variable and ``by=`` (one or more disaggregations) and returns
:class:`~safemig.estimate.results.Results`; several statistics at once go through
:func:`safemig.estimate.estimate` with a :class:`~safemig.estimate.request.Request`.

>>> from safemig import Design, mean
>>> mean("apistrat.csv", Design(weights="pw", strata="stype", fpc="fpc"), "api00",
...      by=["stype"])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from safemig.design import Design
from safemig.estimate.backends import Source
from safemig.estimate.dataset import Dataset
from safemig.estimate.engine import estimate
from safemig.estimate.request import Mean, Proportion, Quantile, Ratio, Request, Statistic, Total
from safemig.estimate.results import Results

By = str | Sequence[str] | Sequence[Sequence[str]]


def _cuts(by: By | None) -> tuple[tuple[str, ...], ...]:
    """``"region"``, ``["region", "sex"]`` (one cut each) or ``[["region", "sex"]]``."""
    if by is None:
        return ()
    if isinstance(by, str):
        return ((by,),)
    return tuple((b,) if isinstance(b, str) else tuple(b) for b in by)


def _run(
    data: Source | Dataset,
    design: Design,
    statistic: Statistic,
    by: By | None,
    options: dict[str, Any],
) -> Results:
    return estimate(data, design, Request((statistic,), by=_cuts(by), **options))


def mean(
    data: Source | Dataset, design: Design, variable: str, by: By | None = None, **options: Any
) -> Results:
    """Weighted mean of ``variable`` overall and per disaggregation (R ``svymean``/``svyby``).

    ``options`` are :class:`Request` fields: ``where``, ``na``, ``ci_method``, ``ci_level``,
    ``df``.
    """
    return _run(data, design, Mean(variable), by, options)


def total(
    data: Source | Dataset, design: Design, variable: str, by: By | None = None, **options: Any
) -> Results:
    """Weighted total (R ``svytotal``)."""
    return _run(data, design, Total(variable), by, options)


def proportion(
    data: Source,
    design: Design,
    variable: str,
    by: By | None = None,
    multiple: bool = False,
    **options: Any,
) -> Results:
    """Share of each level (R ``svymean(~factor(x))``, intervals as ``svyciprop``)."""
    return _run(data, design, Proportion(variable, multiple), by, options)


def ratio(
    data: Source,
    design: Design,
    numerator: str,
    denominator: str,
    by: By | None = None,
    **options: Any,
) -> Results:
    """Ratio of two totals (R ``svyratio``)."""
    return _run(data, design, Ratio(numerator, denominator), by, options)


def quantile(
    data: Source | Dataset,
    design: Design,
    variable: str,
    p: float,
    by: By | None = None,
    **options: Any,
) -> Results:
    """Quantile with a Woodruff interval (R ``svyquantile`` defaults)."""
    return _run(data, design, Quantile(variable, p), by, options)
