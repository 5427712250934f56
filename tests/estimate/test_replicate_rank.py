"""The port of R's pivoted QR rank (LINPACK dqrdc2) on matrices whose rank R's rule fixes.

The golden cases (test_golden.py) check it against R on calibrated replicate weights, where
the rank depends on the rule; these cases check the rule itself: limited pivoting (a column
whose norm falls below 1e-5 of its own original norm is moved to the end, so a small but
independent column still counts), at most as many as the rows, and zero padding ignored.
R 4.2.2's ``qr(x, tol = 1e-5)$rank`` gives the ranks asserted here for the same matrices.
"""

from __future__ import annotations

import numpy as np

from safemig.estimate.replicate import linpack_qr_rank, replicate_df


def _rank(matrix: list[list[float]]) -> int:
    x = np.asarray(matrix, dtype=float)
    return int(linpack_qr_rank(x[None], np.array([x.shape[0]]))[0])


def test_dependent_and_zero_columns_are_not_counted() -> None:
    assert _rank([[1, 2, 0, 3], [2, 4, 0, 1], [3, 6, 0, 5], [1, 2, 0, 0]]) == 2


def test_a_small_column_counts_if_above_its_own_tolerance() -> None:
    # The third column is 1e-7 the size of the others but independent of them: R counts it
    # (a rule relative to the largest singular value would not), while a column 1e-6 off the
    # span of the first two (relative to its own norm, below 1e-5) is moved and not counted.
    base = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]])
    independent = 1e-7 * np.array([1.0, -1.0, 0.5, 0.0])
    near = base @ [1e-3, 2e-3] + 1e-9 * np.array([1.0, -1.0, 0.0, 0.0])
    assert _rank(np.column_stack([base, independent]).tolist()) == 3
    assert _rank(np.column_stack([base, near]).tolist()) == 2


def test_rank_is_at_most_the_number_of_rows() -> None:
    assert _rank([[1, 2, 3, 4], [4, 3, 2, 1]]) == 2
    assert _rank([[1, 2, 3]]) == 1


def test_zero_padded_batch_gives_each_matrix_its_own_rank() -> None:
    rng = np.random.default_rng(3)
    full = rng.normal(size=(5, 4))
    low = np.column_stack([full[:, 0], 2 * full[:, 0], full[:, 1], full[:, 1] - full[:, 0]])
    short = full[:2]
    batch = np.zeros((3, 5, 4))
    batch[0], batch[1], batch[2, :2] = full, low, short
    assert linpack_qr_rank(batch, np.array([5, 5, 2])).tolist() == [4, 2, 2]


def test_pattern_rows_scaled_by_root_sum_of_squares_give_the_rows_rank() -> None:
    # Three rows share one factor pattern with weights 1, 2, 2: the pattern row scaled by
    # sqrt(1 + 4 + 4) = 3 has the cross products of the three rows.
    factors = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]])
    df = replicate_df(factors, np.array([True, True]), np.array([0, 0]), 1, np.array([3.0, 1.0]))
    assert df.tolist() == [1.0]
