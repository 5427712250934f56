"""Roll the cell table up to sampling-unit totals for every domain of every cut.

The cell table (one row per stratum, PSU, [SSU] and cross-classified cell of the
disaggregation columns; see :func:`safemig.estimate.compiler.cells_query`) is read in
pieces: its key columns once, then the sum columns of one block of measures at a time. From
the keys, :class:`UnitIndex` numbers the (cut, domain, unit) groups once; a unit total is then
a ``bincount`` over the cells of one column in NumPy. What is held at once is the keys and one
block of columns, whatever the number of indicators: a catalogue of 400 sums over a million
respondents used to be read whole (600,000 cells x 400 columns) and rolled up per cut, which
exhausted an 8 GB memory cap.

Reading a materialised table twice gives its rows in the same order on every backend here
(DuckDB keeps insertion order; Spark reads its persisted partitions in order); the row
counts read with every block check that.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from sqlglot import exp

from safemig.errors import BackendError
from safemig.estimate.arrays import arrow_numbers, as_numpy, decoded, dictionary_codes
from safemig.estimate.backends import Backend
from safemig.estimate.compiler import CELLS, ROWS, Layout, Slots, _distinct_sets
from safemig.estimate.domains import DomainIndex
from safemig.estimate.measures import Measure
from safemig.estimate.numbering import combine_codes, number_codes
from safemig.estimate.sqlparts import col
from safemig.estimate.taylor import NamedSums
from safemig.i18n import Text

#: Cell values (rows x columns) read from the backend at once.
BLOCK_VALUES = 16_000_000
#: Columns a block holds at least (one ratio measure needs eight).
MIN_BLOCK = 8
#: Unit totals kept per block (the shared sums of a proportion's levels are reused).
KEPT_TOTALS = 16


@dataclass(frozen=True)
class CutPart:
    """The units of one cut: where they start in the unit table, how many, and the unit
    within the cut of each cell (``None`` when every cell is its own unit) or, with
    ``parent``, of each unit of that finer cut, whose totals are summed instead of the
    cells' (fewer rows)."""

    offset: int
    count: int
    inverse: np.ndarray | None
    parent: int | None = None
    cut: tuple[str, ...] = ()
    heads: np.ndarray | None = None  # a cell of each unit (``None``: unit i is cell i)


@dataclass(frozen=True)
class UnitIndex:
    """The (cut, domain, unit) groups of the cell table, numbered once.

    ``keys`` has one row per group: the grouping flags ``__g<i>``, the disaggregation columns
    (NULL outside the cut) and the unit's key columns, as a GROUPING SETS result would.
    """

    keys: pa.Table
    parts: tuple[CutPart, ...]

    def totals(self, values: np.ndarray) -> np.ndarray:
        """Unit totals, one per row of ``keys``, of a per-cell column."""
        out = np.empty(self.keys.num_rows)
        # The finer cuts' totals are in place before a coarser cut sums them.
        for part in sorted(self.parts, key=lambda p: p.parent is not None):
            end = part.offset + part.count
            source = values
            if part.parent is not None:
                parent = self.parts[part.parent]
                source = out[parent.offset : parent.offset + parent.count]
            if part.inverse is None:
                out[part.offset : end] = source
            else:
                out[part.offset : end] = np.bincount(part.inverse, source, minlength=part.count)
        return out


class Units:
    """Unit totals of the cell columns of one block, summed when first asked for."""

    def __init__(self, index: UnitIndex, cells: dict[str, np.ndarray]) -> None:
        self.index, self._cells = index, cells
        self._kept: dict[str, np.ndarray] = {}

    @property
    def keys(self) -> pa.Table:
        return self.index.keys

    def column(self, name: str) -> np.ndarray:
        found = self._kept.get(name)
        if found is None:
            found = self.index.totals(self._cells[name])
            if len(self._kept) >= KEPT_TOTALS:
                self._kept.pop(next(iter(self._kept)))
            self._kept[name] = found
        return found


@dataclass(frozen=True)
class CellDomains(NamedSums):
    """Which domains each cell belongs to, through its combination of disaggregation values.

    A domain total of a cell column is then one ``bincount`` over the cells into their few
    combinations (at most the product of the columns' levels, NULL being one: 99 in the 1M
    catalogue) and a sum of combinations per domain, instead of unit totals for every cut
    summed again per domain (1.3M unit rows per column there, against 613k cells).
    """

    combination: np.ndarray  # of each cell
    count: int  # of combinations
    pair_combination: np.ndarray  # (combination, domain) membership pairs
    pair_domain: np.ndarray
    n_domains: int

    def sums(self, values: np.ndarray) -> np.ndarray:
        """Domain totals of a per-cell column."""
        per_combination = np.bincount(self.combination, values, minlength=self.count)
        return np.bincount(
            self.pair_domain, per_combination[self.pair_combination], minlength=self.n_domains
        )


class CellRollup:
    """The cell table's keys, unit indexes and blocks of sum columns."""

    def __init__(
        self,
        engine: Backend,
        layout: Layout,
        prefetch: Sequence[Measure] = (),
        slots: Slots | None = None,
    ) -> None:
        self._engine, self._layout = engine, layout
        names = [*layout.design_keys(), *layout.by_columns]
        # The sum columns of the first block are read with the keys, one statement fewer
        # (3 ms of a 90 ms request at 1M rows); a block of MIN_BLOCK columns starts every
        # block plan, whatever the width the table's size allows.
        first = [] if slots is None else next(_planned(prefetch, slots, MIN_BLOCK), ([], []))[1]
        extra = [n for n in first if n not in names and n != ROWS]
        query = exp.select(*(col(n) for n in [*names, ROWS, *extra])).from_(CELLS, copy=False)
        # Read as the backend keeps them: a category's codes (loaded data on DuckDB) number
        # its cells without re-encoding their text (5 ms of a 90 ms request at 1M rows).
        self._encoded = engine.execute(query, encoded=True)
        # The design keys as values (they are matched against other tables); the
        # disaggregations stay encoded: only their codes and a few heads' values are used.
        self._keys = decoded(self._encoded.select([*names, ROWS]), layout.design_keys())
        self._rows = _floats(self._keys.column(ROWS))
        self._fetched = {n: _floats(self._encoded.column(n)) for n in extra}
        self._codes: dict[str, tuple[np.ndarray, int]] = {}

    @property
    def size(self) -> int:
        return self._keys.num_rows

    def index(self, unit: tuple[str, ...]) -> UnitIndex:
        """Number the groups (cut, domain, ``unit``) of every cut of the request."""
        layout, keys = self._layout, self._keys
        by = layout.by_columns
        finest_unit = list(unit) == layout.design_keys()
        tables, parts, offset = [], [], 0
        cuts = _distinct_sets(layout.cuts)
        grouped: list[tuple[np.ndarray | None, np.ndarray]] = []
        for cut in cuts:
            if finest_unit and set(cut) == set(by):
                # The cells are grouped by exactly these keys already: each is its own unit.
                grouped.append((None, np.arange(self.size)))
            else:
                grouped.append(self._group(list(unit) + list(cut)))
        for number, cut in enumerate(cuts):
            inverse, first = grouped[number]
            heads = keys if inverse is None else keys.take(arrow_numbers(first, pa.int64()))
            parent = _finer_cut(cuts, number, grouped) if inverse is not None else None
            if parent is not None and inverse is not None:
                # Every unit of the finer cut lies in one unit of this cut: its first cell's.
                inverse = inverse[grouped[parent][1]]
            count = heads.num_rows
            columns: dict[str, pa.Array | pa.ChunkedArray] = {}
            for i, c in enumerate(by):
                columns[f"__g{i}"] = arrow_numbers(np.full(count, 0 if c in cut else 1, np.int32))
            for c in by:
                field_type = keys.schema.field(c).type
                columns[c] = heads.column(c) if c in cut else pa.nulls(count, type=field_type)
            for k in unit:
                columns[k] = heads.column(k)
            tables.append(pa.table(columns))
            head_cells = None if inverse is None and parent is None else first
            parts.append(CutPart(offset, count, inverse, parent, tuple(cut), head_cells))
            offset += count
        return UnitIndex(pa.concat_tables(tables), tuple(parts))

    def domain_numbers(self, index: UnitIndex, domains: DomainIndex, register: bool) -> np.ndarray:
        """Each row of ``index.keys``: its domain's number in ``domains`` (-1 when a key is
        missing or, without ``register``, the domain is not yet known).

        The same numbers :meth:`DomainIndex.assign` gives the table, found from the cell key
        columns' dictionary codes (coded once per request) instead of re-coding every column
        of the unit table: only each cut's distinct key combinations reach Python.
        """
        out = np.empty(index.keys.num_rows, dtype=np.int64)
        for part in index.parts:
            cells = np.arange(part.count) if part.heads is None else part.heads
            code = np.zeros(part.count, dtype=np.int64)
            missing = np.zeros(part.count, dtype=bool)
            span = 1
            for name in part.cut:
                codes, size = self._column_codes(name)
                at = codes if part.heads is None else codes[cells]  # every cell, in order
                missing |= at == 0  # 0 codes NULL: R drops NA groups
                code = code * size + at  # a cut has a few columns of a few levels each
                span *= size
            _unique, first, inverse = number_codes(code, span)
            # Decoded after the take: a few rows, and a dictionary column's to_pylist() builds
            # a scalar per value (1.5 ms for 4 x 385 values).
            heads = decoded(
                self._keys.select(list(part.cut)).take(arrow_numbers(cells[first], pa.int64()))
            )
            values = {name: heads.column(name).to_pylist() for name in part.cut}
            cut = domains.cut_number(part.cut)
            mapped = np.array(
                [
                    domains.number(cut, {n: v[j] for n, v in values.items()}, register)
                    for j in range(len(first))
                ],
                dtype=np.int64,
            )
            local = np.where(missing, -1, mapped[inverse])
            out[part.offset : part.offset + part.count] = local
        return out

    def cell_domains(self, domains: DomainIndex) -> CellDomains:
        """The domains of every cell (:class:`CellDomains`), from the cut keys' codes; the
        domains must be registered already (:meth:`domain_numbers`)."""
        by = list(self._layout.by_columns)
        combined, span = combine_codes([self._column_codes(c) for c in by], self.size)
        _unique, first, combination = number_codes(combined, span)
        heads = decoded(self._keys.select(by).take(arrow_numbers(first, pa.int64())))
        values = {c: heads.column(c).to_pylist() for c in by}
        pairs = []
        for cut_columns in _distinct_sets(self._layout.cuts):
            cut = domains.cut_number(cut_columns)
            for j in range(len(first)):
                key = {c: values[c][j] for c in cut_columns}
                number = domains.number(cut, key, register=False)
                if number >= 0:
                    pairs.append((j, number))
        pair = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        return CellDomains(combination, len(first), pair[:, 0], pair[:, 1], len(domains))

    def blocks(
        self, measures: Sequence[Measure], slots: Slots
    ) -> Iterator[tuple[list[Measure], dict[str, np.ndarray]]]:
        """Measures in consecutive blocks, each with the cell columns its sums use."""
        width = max(MIN_BLOCK, BLOCK_VALUES // max(self.size, 1))
        for block, names in _planned(measures, slots, width):
            yield block, self._read(names)

    def _read(self, names: list[str]) -> dict[str, np.ndarray]:
        # Columns read with the keys are handed over once (and then freed); a count that is
        # the cell's row count (its domain holds on every row) is ROWS, read with the keys.
        found = {n: self._fetched.pop(n) for n in names if n in self._fetched}
        if ROWS in names:
            found[ROWS] = self._rows
        missing = [n for n in names if n not in found]
        if missing:
            query = exp.select(*(col(n) for n in [ROWS, *missing])).from_(CELLS, copy=False)
            table = self._engine.execute(query)
            if not np.array_equal(_floats(table.column(ROWS)), self._rows):
                raise BackendError(
                    Text(
                        "The backend returned the cell table in a different order on a "
                        "second read; the engine relies on a stable order (please report "
                        "this).",
                        "Le moteur a renvoyé la table des cellules dans un autre ordre à une "
                        "seconde lecture ; l'estimation suppose un ordre stable (merci de le "
                        "signaler).",
                    )
                )
            found.update({n: _floats(table.column(n)) for n in missing})
        return {n: found[n] for n in names}

    def _group(self, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each cell's group number over ``names`` and the first cell of every group."""
        combined, span = combine_codes([self._column_codes(name) for name in names], self.size)
        _unique, first, inverse = number_codes(combined, span)
        return inverse, first

    def _column_codes(self, name: str) -> tuple[np.ndarray, int]:
        """Dictionary codes of a key column (0 for NULL) and their number."""
        found = self._codes.get(name)
        if found is None:
            codes, dictionary = dictionary_codes(self._encoded.column(name))
            found = (codes + 1, len(dictionary) + 1)
            self._codes[name] = found
        return found


def _planned(
    measures: Sequence[Measure], slots: Slots, width: int
) -> Iterator[tuple[list[Measure], list[str]]]:
    """Measures in consecutive blocks of at most ``width`` cell columns (a measure wider
    than that alone), with the columns each block's sums use."""
    block: list[Measure] = []
    names: list[str] = []
    for m in measures:
        needed = [n for n in _slot_names(m, slots) if n not in names]
        if block and len(names) + len(needed) > width:
            yield block, names
            block, names = [], []
            needed = [n for n in _slot_names(m, slots) if n not in names]
        block.append(m)
        names += needed
    if block:
        yield block, names


def _finer_cut(
    cuts: Sequence[tuple[str, ...]],
    number: int,
    grouped: Sequence[tuple[np.ndarray | None, np.ndarray]],
) -> int | None:
    """Of the cuts that strictly refine cut ``number`` and are refined by none (so they are
    summed from the cells themselves), the one with the fewest units, if any."""
    cut = set(cuts[number])
    finer = [
        other
        for other, columns in enumerate(cuts)
        if cut < set(columns) and not any(set(columns) < set(c) for c in cuts)
    ]
    return min(finer, key=lambda o: len(grouped[o][1])) if finer else None


def _slot_names(m: Measure, slots: Slots) -> list[str]:
    if m.is_count:  # an unweighted count has its count column only
        return [slots.name(m, "c")]
    parts = ["v", "u", "c", "z", "yy"] + (["ws", "xy", "xx"] if m.is_ratio else [])
    return list(dict.fromkeys(slots.name(m, p) for p in parts))


def _floats(column: pa.ChunkedArray) -> np.ndarray:
    return as_numpy(column, float)
