"""Domains: which cut and which key values each aggregated row belongs to.

A GROUPING SETS result identifies a domain by its GROUPING flags and key values; rows are
numbered by distinct combination with vectorised NumPy, in whatever order the backend
returns them, and only the distinct domains reach Python.
Domains whose key holds a missing value (R drops ``NA`` groups in ``svyby``) are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


@dataclass
class DomainIndex:
    """Registry of domains across the queries of one request.

    ``cuts`` are the request's cuts, overall first. Each domain has a cut number and a tuple
    of key values (one per disaggregation column, ``None`` where the column is not in the
    cut).
    """

    cuts: tuple[tuple[str, ...], ...]
    by_columns: tuple[str, ...]
    cut_of: list[int] = field(default_factory=list)
    keys: list[tuple[object, ...]] = field(default_factory=list)
    _lookup: dict[tuple[int, tuple[object, ...]], int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.keys)

    def assign(self, table: pa.Table, register: bool) -> np.ndarray:
        """Return each row's global domain number (-1 for rows of no domain).

        ``table`` is a GROUPING SETS result (``__g<i>`` flags and key columns), in any
        order. With ``register`` new domains are added; otherwise unknown domains map to -1.
        """
        names = [f"__g{i}" for i in range(len(self.by_columns))] + list(self.by_columns)
        local, first_rows = _combined_codes(table, names)
        mapping = np.full(len(first_rows), -1, dtype=np.int64)
        heads = table.take(pa.array(first_rows, type=pa.int64()))
        flag_values = [heads.column(f"__g{i}").to_pylist() for i in range(len(self.by_columns))]
        key_values = [heads.column(c).to_pylist() for c in self.by_columns]
        for j in range(len(first_rows)):
            grouped = frozenset(
                c for c, fv in zip(self.by_columns, flag_values, strict=True) if fv[j] == 0
            )
            cut = self._cut_number(grouped)
            values = tuple(
                kv[j] if c in grouped else None
                for c, kv in zip(self.by_columns, key_values, strict=True)
            )
            if cut is None or any(values[self.by_columns.index(c)] is None for c in grouped):
                continue
            mapping[j] = self._domain(cut, values, register)
        return mapping[local] if len(local) else local

    def members(self, table: pa.Table, cut: int, register: bool) -> np.ndarray:
        """Domain of each row of an unaggregated ``table`` within cut number ``cut``.

        Rows with a missing key value get -1, as do, without ``register``, rows whose domain
        is not yet known. Vectorised: only the distinct key combinations reach Python.
        """
        names = self.cuts[cut]
        n = table.num_rows
        if not names:
            return np.full(n, self._domain(cut, (None,) * len(self.by_columns), register))
        codes = np.zeros(n, dtype=np.int64)
        missing = np.zeros(n, dtype=bool)
        dictionaries = []
        for name in names:
            encoded = pc.dictionary_encode(table.column(name).combine_chunks())
            index = np.asarray(encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False))
            missing |= index < 0
            size = max(len(encoded.dictionary), 1)
            codes = codes * size + np.maximum(index, 0)
            dictionaries.append((encoded.dictionary.to_pylist(), size))
        unique, inverse = np.unique(codes, return_inverse=True)
        mapped = np.empty(len(unique), dtype=np.int64)
        for j, code in enumerate(unique.tolist()):
            values: dict[str, object] = {}
            for name, (dictionary, size) in zip(
                reversed(names), reversed(dictionaries), strict=True
            ):
                values[name] = dictionary[code % size] if dictionary else None
                code //= size
            key = tuple(values.get(c) if c in names else None for c in self.by_columns)
            mapped[j] = self._domain(cut, key, register)
        return np.where(missing, -1, mapped[inverse])

    def cut_number(self, columns: Sequence[str]) -> int | None:
        """Number of the cut grouping exactly ``columns`` (in any order), if requested."""
        return self._cut_number(frozenset(columns))

    def number(self, cut: int | None, values: dict[str, object], register: bool) -> int:
        """Domain number of the cut's key ``values`` (column -> value); -1 for a missing
        value, an unknown cut or, without ``register``, an unknown domain."""
        if cut is None or any(v is None for v in values.values()):
            return -1
        key = tuple(values.get(c) for c in self.by_columns)
        return self._domain(cut, key, register)

    def _cut_number(self, grouped: frozenset[str]) -> int | None:
        for i, cut in enumerate(self.cuts):
            if frozenset(cut) == grouped:
                return i
        return None

    def _domain(self, cut: int, values: tuple[object, ...], register: bool) -> int:
        key = (cut, values)
        found = self._lookup.get(key)
        if found is not None or not register:
            return -1 if found is None else found
        self._lookup[key] = len(self.keys)
        self.cut_of.append(cut)
        self.keys.append(values)
        return self._lookup[key]

    def order(self) -> np.ndarray:
        """Domain numbers in output order: by cut as requested, then by key values."""

        def sort_key(i: int) -> tuple[object, ...]:
            return (self.cut_of[i], tuple(_sortable(v) for v in self.keys[i]))

        return np.array(sorted(range(len(self.keys)), key=sort_key), dtype=np.int64)


def _sortable(value: object) -> tuple[int, object]:
    if value is None:
        return (0, 0)
    if isinstance(value, bool | int | float):
        return (1, float(value))
    return (2, str(value))


def _combined_codes(table: pa.Table, names: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Number the distinct combinations of ``names`` in a table (vectorised): return each
    row's combination number and the first row of each combination."""
    n = table.num_rows
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = np.zeros(n, dtype=np.int64)
    for name in names:
        column = _codes(table.column(name))
        # Re-number after each column so that the mixed-radix code never overflows.
        codes = np.unique(codes * (int(column.max()) + 2) + (column + 1), return_inverse=True)[1]
    _unique, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    return inverse.ravel(), first


def _codes(column: pa.ChunkedArray) -> np.ndarray:
    encoded = pc.dictionary_encode(column.combine_chunks())
    return np.asarray(encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)


#: Largest code range numbered with a dense table rather than by sorting (8 bytes a code).
DENSE_SPAN = 1 << 22


def number_codes(code: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Number the distinct values of non-negative integer codes below ``span``, in
    increasing order, as ``np.unique`` does: return the distinct codes, each code's number
    and one position holding each distinct code (any of them: callers read values that all
    positions of a code share).

    When the range is small next to the data (the usual case: a cut's few levels, a
    domain's strata) a table of ``span`` entries replaces the sort.
    """
    n = len(code)
    if span > DENSE_SPAN or span > 8 * n + 1024:
        unique, first, inverse = np.unique(code, return_index=True, return_inverse=True)
        return unique, inverse.ravel(), first
    present = np.zeros(span, dtype=bool)
    present[code] = True
    number = np.cumsum(present, dtype=np.int64) - 1
    where = np.empty(span, dtype=np.int64)
    where[code] = np.arange(n, dtype=np.int64)
    unique = np.flatnonzero(present)
    return unique, number[code], where[unique]
