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

from safemig.estimate.arrays import arrow_numbers, as_numpy, dictionary_codes
from safemig.estimate.numbering import combine_codes, number_codes


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
        heads = table.take(arrow_numbers(first_rows, pa.int64()))
        by = self.by_columns
        flags = [heads.column(f"__g{i}").to_pylist() for i in range(len(by))]
        key_values = [heads.column(c).to_pylist() for c in by]
        # The cut of each distinct flag pattern is looked up once, not once per domain.
        cuts: dict[tuple[object, ...], tuple[int | None, tuple[int, ...]]] = {}
        for j, pattern in enumerate(zip(*flags, strict=True) if by else [()] * len(mapping)):
            found = cuts.get(pattern)
            if found is None:
                grouped = frozenset(c for c, f in zip(by, pattern, strict=True) if f == 0)
                inside = tuple(i for i, c in enumerate(by) if c in grouped)
                found = cuts[pattern] = (self._cut_number(grouped), inside)
            cut, inside = found
            values = [None] * len(by)
            for i in inside:
                values[i] = key_values[i][j]
            if cut is None or any(values[i] is None for i in inside):
                continue
            mapping[j] = self._domain(cut, tuple(values), register)
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
        missing = np.zeros(n, dtype=bool)
        dictionaries, columns = [], []
        for name in names:
            index, dictionary = dictionary_codes(table.column(name))
            missing |= index < 0
            columns.append((np.maximum(index, 0), max(len(dictionary), 1)))
            dictionaries.append(dictionary.to_pylist())
        codes, span = combine_codes(columns, n)
        unique, first, inverse = number_codes(codes, span)
        mapped = np.empty(len(unique), dtype=np.int64)
        # Each combination's values are read at its first row (a code is not decoded: it
        # may have been renumbered).
        heads = [
            (column[first].tolist(), dictionary)
            for (column, _), dictionary in zip(columns, dictionaries, strict=True)
        ]
        for j in range(len(unique)):
            values = {
                name: dictionary[at[j]] if dictionary else None
                for name, (at, dictionary) in zip(names, heads, strict=True)
            }
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
    columns = []
    for name in names:
        column = _codes(table.column(name))  # -1 for a missing value
        columns.append((column + 1, int(column.max(initial=-1)) + 2))
    combined, span = combine_codes(columns, n)
    _unique, first, inverse = number_codes(combined, span)
    return inverse, first


def _codes(column: pa.ChunkedArray) -> np.ndarray:
    """Codes of a column's values, -1 for a missing value: the values themselves, shifted
    to start at 0, for an integer column without gaps wider than its length (the GROUPING
    flags), else dictionary codes."""
    if pa.types.is_integer(column.type) and column.null_count == 0 and len(column):
        values = as_numpy(column, np.int64)
        low = int(values.min())
        if int(values.max()) - low < max(len(values), 1 << 10):
            return values - low
    return dictionary_codes(column)[0]
