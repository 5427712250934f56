"""Numbering codes by lookup table gives exactly what ``np.unique`` gives (the oracle)."""

from __future__ import annotations

import numpy as np
import pytest

from safemig.estimate.numbering import combine_codes, number_codes


def _unique(codes: np.ndarray) -> list[list[int]]:
    unique, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    return [unique.tolist(), first.tolist(), inverse.ravel().tolist()]


@pytest.mark.parametrize("span", [1, 7, 1000, 5_000_000])
def test_table_numbering_equals_np_unique(span):
    rng = np.random.default_rng(span)
    codes = rng.integers(0, span, size=20_000)
    got = number_codes(codes, span)
    assert [a.tolist() for a in got] == _unique(codes)
    assert all(a.dtype == np.int64 for a in got)


def test_sparse_codes_fall_back_to_sorting():
    """A range far beyond the number of codes is sorted, not tabled: a table over 2**41
    codes (2 TB) could not be allocated, so an answer proves the sort."""
    codes = np.array([2**40, 3, 2**40, 17], dtype=np.int64)
    assert [a.tolist() for a in number_codes(codes, 2**41)] == _unique(codes)


def test_empty_codes():
    assert [a.tolist() for a in number_codes(np.zeros(0, dtype=np.int64), 1)] == [[], [], []]


def test_combined_codes_order_rows_as_their_columns_do():
    """Mixed-radix codes number row combinations in lexicographic order, renumbering
    before 62 bits overflow (ten columns of 100 values)."""
    rng = np.random.default_rng(7)
    columns = [rng.integers(0, 100, size=5_000) for _ in range(10)]
    combined, span = combine_codes([(c, 100) for c in columns], 5_000)
    _unique, _first, inverse = number_codes(combined, span)
    rows = list(zip(*(c.tolist() for c in columns), strict=True))
    ranks = {row: i for i, row in enumerate(sorted(set(rows)))}
    assert inverse.tolist() == [ranks[row] for row in rows]
