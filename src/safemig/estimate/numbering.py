"""Number the distinct values of small integer codes without sorting.

The cell table of a large survey has a row per PSU x cross-classified cell (108,555 rows
for 1M respondents and 384 domains); numbering its domains, units and (domain, stratum)
groups with ``np.unique`` sorted it about a dozen times. The codes combined here are mixed-radix
numbers over a few dictionary codes, so their range is small: a lookup table over that range
numbers them in one linear pass, with exactly ``np.unique``'s result (values in increasing
order, first occurrences, inverse).
"""

from __future__ import annotations

import numpy as np

#: Largest code range numbered with a lookup table, as a multiple of the number of codes
#: (beyond it the table would cost more memory than the sort it saves).
TABLE_FACTOR = 8
#: Code ranges up to this size always use a table (a few hundred kilobytes).
SMALL_RANGE = 1 << 16


def number_codes(codes: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct values of non-negative integer ``codes`` (all below ``span``).

    Parameters
    ----------
    codes
        One-dimensional integer array, every value in ``[0, span)``.
    span
        An upper bound of the codes.

    Returns
    -------
    tuple of numpy.ndarray
        ``(unique, first, inverse)`` exactly as ``np.unique(codes, return_index=True,
        return_inverse=True)``: the distinct values in increasing order, the first position
        of each, and each code's number among them.

    Examples
    --------
    >>> [a.tolist() for a in number_codes(np.array([5, 2, 5, 0]), 6)]
    [[0, 2, 5], [3, 1, 0], [2, 1, 2, 0]]
    """
    codes = np.asarray(codes, dtype=np.int64)
    n = codes.shape[0]
    if span > max(TABLE_FACTOR * n, SMALL_RANGE):
        unique, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
        return unique, first, inverse.ravel()
    present = np.zeros(span, dtype=bool)
    present[codes] = True
    unique = np.flatnonzero(present)
    number = np.cumsum(present, dtype=np.int64) - 1
    inverse = number[codes]
    first = np.full(unique.shape[0], n, dtype=np.int64)
    np.minimum.at(first, inverse, np.arange(n, dtype=np.int64))
    return unique, first, inverse


def combine_codes(columns: list[tuple[np.ndarray, int]], n: int) -> tuple[np.ndarray, int]:
    """One mixed-radix code per row from per-column codes ``(codes, size)`` (each code in
    ``[0, size)``), and the code range; the partial code is renumbered densely whenever the
    range would overflow 62 bits."""
    combined = np.zeros(n, dtype=np.int64)
    span = 1
    for codes, size in columns:
        if span * size >= 2**62:
            _unique, _first, combined = number_codes(combined, span)
            span = int(combined.max(initial=0)) + 1
        combined = combined * size + codes
        span *= size
    return combined, span
