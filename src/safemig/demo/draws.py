"""Vectorised random draws and the Arrow columns they become.

Every function takes whole arrays (one value per respondent) so that a million interviews are
drawn with a few NumPy operations, never a Python loop over respondents.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import ArrayLike


def categorical(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One category index per row of an ``(n, k)`` probability matrix (rows need not sum to 1)."""
    p = np.asarray(probabilities, dtype=float)
    cumulative = np.cumsum(p, axis=1)
    cumulative = cumulative / cumulative[:, -1:]
    u = np.asarray(rng.random(p.shape[0]))
    return np.minimum((u[:, None] > cumulative).sum(axis=1), p.shape[1] - 1)


def categorical_n(rng: np.random.Generator, probabilities: ArrayLike, n: int) -> np.ndarray:
    """``n`` draws from one probability vector (need not sum to 1)."""
    p = np.asarray(probabilities, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def by_group(rng: np.random.Generator, table: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Draw a category per row from the probability row ``table[group]``."""
    return categorical(rng, np.asarray(table, dtype=float)[group])


def bernoulli(rng: np.random.Generator, p: np.ndarray | float, n: int) -> np.ndarray:
    """Boolean draws with probability ``p`` (scalar or per row)."""
    return rng.random(n) < p


def logistic(x: np.ndarray) -> np.ndarray:
    """The logistic function, for probabilities driven by a latent score."""
    return 1.0 / (1.0 + np.exp(-x))


def logit(p: float) -> float:
    """Inverse of :func:`logistic`."""
    return float(np.log(p / (1 - p)))


def multiple(rng: np.random.Generator, p: np.ndarray, at_least_one: bool = True) -> np.ndarray:
    """Independent yes/no per choice; ``p`` is ``(n, k)``. With ``at_least_one`` an empty row gets
    its most probable choice (a required select_multiple always has an answer)."""
    mask = rng.random(p.shape) < p
    if at_least_one:
        empty = ~mask.any(axis=1)
        mask[empty, np.argmax(p[empty], axis=1)] = True
    return mask


def top_k(rng: np.random.Generator, weights: ArrayLike, k: np.ndarray) -> np.ndarray:
    """Choose ``k[i]`` distinct choices per row, with probability rising with ``weights``
    (Gumbel-top-k sampling)."""
    n, w = len(k), np.log(np.asarray(weights, dtype=float))
    keys = w[None, :] + rng.gumbel(size=(n, len(w)))
    ranks = np.argsort(np.argsort(-keys, axis=1), axis=1)
    return ranks < k[:, None]


def choice_column(names: Sequence[str], codes: np.ndarray, present: np.ndarray) -> pa.Array:
    """Choice names as strings, null where the question was not asked."""
    indices = pa.array(codes.astype(np.int32), mask=~present)
    return pc.take(pa.array(list(names), pa.string()), indices)


def multiple_column(names: Sequence[str], mask: np.ndarray, present: np.ndarray) -> pa.Array:
    """Space-separated choice names (XLSForm select_multiple), null where not asked.

    Rows are grouped by their pattern of choices, so each distinct answer is joined once.
    """
    bits = (mask.astype(np.int64) << np.arange(mask.shape[1], dtype=np.int64)).sum(axis=1)
    patterns, inverse = np.unique(bits, return_inverse=True)
    joined = [" ".join(n for j, n in enumerate(names) if p >> j & 1) for p in patterns.tolist()]
    return choice_column(joined, inverse, present)


def integer_column(values: np.ndarray, present: np.ndarray) -> pa.Array:
    """Whole numbers, null where not asked."""
    return pa.array(np.asarray(values, dtype=np.int64), mask=~present)


def text_column(values: np.ndarray | Sequence[str], present: np.ndarray) -> pa.Array:
    """Free text, null where not asked."""
    return pa.array(np.asarray(values, dtype=object), pa.string(), mask=~present)
