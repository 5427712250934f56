"""Hadamard matrices for BRR, chosen and built as R ``survey``'s ``hadamard(n)`` does.

A Hadamard matrix of order ``m`` has entries ``±1`` (here ``1`` for +1 and ``0`` for -1, as
in R) and mutually orthogonal rows. BRR with ``H`` strata needs one of order ``m > H``; its
row ``h + 1`` gives stratum ``h``'s half-sample in each of the ``m`` replicates (row 0 is all
ones, for full orthogonal balance). So that replicate weights equal R's column for column,
the order and the matrix follow R ``survey`` (4.1): for ``n`` strata,

1. a *base* matrix of order 4, 16, 28 or 36 is used when it is the smallest multiple of 4
   above ``n`` (``n`` = 1-3, 12-15, 24-27, 32-35);
2. otherwise each base order is doubled until it exceeds ``n``; the smallest result wins
   (ties to the smaller base); if it exceeds ``n`` by more than 4, a Paley matrix of order
   ``p + 1`` (``p ≡ 3 mod 4`` prime, doubled ``k`` times) is tried first;
3. else the winning base matrix is doubled (Sylvester: ``[[A, A], [A, -A]]``).

The base matrices: orders 4 and 16 are Sylvester's; 36 is the twin-prime construction for
``5 · 7 + 1`` (Stanton & Sprott 1958; the design of Plackett & Burman 1946), in R's
arrangement. For order 28 R ``survey`` stores a matrix from N. J. A. Sloane's library in an
arrangement no published construction gives; safemig does not copy it (the project writes its
own code and data) and builds Paley's type II matrix over GF(13) instead. Any Hadamard matrix
with a first row of ones gives full orthogonal balance, so BRR variances of totals (linear
statistics) are the same as R's; replicate columns, and the variances of nonlinear statistics
such as means, differ slightly from R's for the designs that use it: 24-27 strata and those R
serves by doubling it (48-55, 108-111, 220-223, ...); :func:`follows_r` tells which.

Paley's construction (Paley 1933, type I over GF(p), ``p`` prime) borders the matrix
``Q[i, j] = -1`` if ``i + j`` is 0 or a quadratic residue mod ``p``, ``+1`` otherwise, with
a row and column of ones. R only knows primes up to 7919, and so do we: larger designs
double a base matrix.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

BASE_ORDERS = (4, 16, 28, 36)
#: R ``survey``'s Paley primes: those ``p ≡ 3 (mod 4)`` up to 7919.
LARGEST_PRIME = 7919


def hadamard(n: int) -> np.ndarray:
    """The 0/1 Hadamard matrix R ``survey::hadamard(n)`` returns, of order above ``n``.

    Parameters
    ----------
    n
        Number of strata (``n >= 0``).

    Returns
    -------
    numpy.ndarray
        Square ``int8`` matrix of ``1`` (+1) and ``0`` (-1); row 0 is all ones.

    Examples
    --------
    >>> hadamard(3).shape, hadamard(4).shape, hadamard(59).shape
    ((4, 4), (8, 8), (60, 60))
    """
    base, order, paley = _plan(n)
    if paley is not None:
        return paley
    matrix = _base(base).copy()
    while matrix.shape[0] < order:
        matrix = _doubled(matrix)
    return matrix


def _plan(n: int) -> tuple[int, int, np.ndarray | None]:
    """R's choice for ``n`` strata: the base order, the final order, and the Paley matrix
    when R uses one (base order 0 then)."""
    low = n - n % 4
    fitting = [size for size in BASE_ORDERS if low < size <= low + 4]
    if fitting:
        return fitting[0], fitting[0], None
    grown = [size * 2 ** max(0, math.ceil(math.log2((n + 1) / size))) for size in BASE_ORDERS]
    best = int(np.argmin([size - n for size in grown]))
    paley = _paley(n, grown[best]) if grown[best] - n > 4 else None
    if paley is not None:
        return 0, paley.shape[0], paley
    return BASE_ORDERS[best], grown[best], None


def _doubled(matrix: np.ndarray) -> np.ndarray:
    """Sylvester's doubling ``[[A, A], [A, -A]]`` (in 0/1 form, ``-A`` is ``1 - A``)."""
    return np.block([[matrix, matrix], [matrix, 1 - matrix]]).astype(np.int8)


@cache
def _base(order: int) -> np.ndarray:
    if order in (4, 16):
        matrix = np.ones((1, 1), dtype=np.int8)
        while matrix.shape[0] < order:
            matrix = _doubled(matrix)
        return matrix
    if order == 36:
        return _twin_prime(5, 7)
    return _paley_two(13)


def _paley_two(q: int) -> np.ndarray:
    """Paley type II matrix of order ``2(q + 1)``, ``q ≡ 1 (mod 4)`` prime, first row all ones.

    The symmetric conference matrix ``C = [[0, 1'], [1, Q]]`` (``Q[i, j] = χ(j - i)``, the
    Legendre symbol) becomes ``C ⊗ [[1, -1], [-1, -1]] + I ⊗ [[1, 1], [1, -1]]``; columns are
    then negated where row 0 is ``-1``.
    """
    symbols = np.array([_character(d, q) for d in range(q)], dtype=np.int64)
    index = np.arange(q)
    conference = np.zeros((q + 1, q + 1), dtype=np.int64)
    conference[0, 1:] = conference[1:, 0] = 1
    conference[1:, 1:] = symbols[(index[None, :] - index[:, None]) % q]
    signs = np.kron(conference, [[1, -1], [-1, -1]]) + np.kron(
        np.eye(q + 1, dtype=np.int64), [[1, 1], [1, -1]]
    )
    signs = signs * signs[0][None, :]
    return ((signs + 1) // 2).astype(np.int8)


def follows_r(n: int) -> bool:
    """Whether :func:`hadamard` ``(n)`` is R ``survey``'s matrix entry for entry.

    False exactly where R would use (or double) its stored order-28 matrix, which safemig
    replaces by its own Paley type II matrix of the same order (see the module docstring).
    """
    return _plan(n)[0] != 28


def _character(a: int, p: int) -> int:
    """Legendre symbol of ``a`` modulo the odd prime ``p``."""
    a %= p
    return 0 if a == 0 else (1 if pow(a, (p - 1) // 2, p) == 1 else -1)


def _twin_prime(p: int, q: int) -> np.ndarray:
    """Order ``pq + 1`` from the twin-prime difference set of Z_pq, in R's arrangement.

    Row ``r >= 1`` is the generator shifted left by ``r - 1``, then a ``-1``; row 0 is ones.
    The generator is +1 at ``x`` unless ``q`` divides ``x`` or ``χ_p(x) χ_q(x) = -1``.
    """
    n = p * q
    generator = [
        0 if x % q == 0 or _character(x, p) * _character(x, q) == -1 else 1 for x in range(n)
    ]
    matrix = np.ones((n + 1, n + 1), dtype=np.int8)
    for r in range(n):
        matrix[r + 1, :n] = np.roll(generator, -r)
        matrix[r + 1, n] = 0
    return matrix


@cache
def _paley_primes() -> tuple[int, ...]:
    sieve = np.ones(LARGEST_PRIME + 1, dtype=bool)
    sieve[:2] = False
    for k in range(2, math.isqrt(LARGEST_PRIME) + 1):
        if sieve[k]:
            sieve[k * k :: k] = False
    return tuple(int(p) for p in np.flatnonzero(sieve) if p % 4 == 3)


def _paley(n: int, largest: int) -> np.ndarray | None:
    """R ``survey::paley(n, nmax)``: a Paley matrix of order above ``n``, at most ``largest``
    (``None`` if it has none); tries ``(p + 1) 2^k`` first when the next multiple of 4 above
    ``n`` is a multiple of 8, and the next multiple of 4 when the next prime is far."""
    primes = _paley_primes()
    ceiling = n + 4 - n % 4
    if n % 8 >= 4:
        order = ceiling
        while order % 8 == 0:
            order //= 2
        if order - 1 in primes:
            matrix = _paley_prime(order - 1)
            while order < ceiling:
                matrix, order = _doubled(matrix), order * 2
            return matrix
    if n > primes[-1]:
        return None
    p = min(q for q in primes if q >= n)
    if p + 1 > ceiling + 4 and ceiling + 4 < largest:
        return _paley(ceiling + 3, 2 * (ceiling + 3))
    return None if p > largest else _paley_prime(p)


def _paley_prime(p: int) -> np.ndarray:
    """Paley type I matrix of order ``p + 1`` over GF(p), ``p ≡ 3 (mod 4)`` prime."""
    plus = np.ones(p, dtype=np.int8)
    plus[(np.arange(p, dtype=np.int64) ** 2) % p] = 0  # 0 and the quadratic residues, as R
    twice = np.concatenate([plus, plus])
    matrix = np.ones((p + 1, p + 1), dtype=np.int8)
    matrix[1:, 1:] = np.lib.stride_tricks.sliding_window_view(twice, p)[:p]  # plus[(i+j) % p]
    return matrix
