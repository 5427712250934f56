"""Tables and their additive relations, and complementary (secondary) suppression.

A table is one indicator's (and level's) cells of one cut plus its margins. Each relation
says "margin = sum of members" for the additive form of the cells (totals and counts as
they are; means and shares times their weighted denominators). A suppressed cell is
*determined* when the equations of its table, with the published cells known, fix its value:
exactly when its unit vector lies in the row space of the equations restricted to the
suppressed cells (rank test). Suppression proceeds greedily, smallest count first, preferring
inner cells to margins, until no suppressed cell is determined (a practical hypercube-style
method; tau-ARGUS's optimal methods suppress less but need a solver).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

Relation = tuple[int | None, tuple[int, ...]]  # (margin row or None, member rows)
NOT_ADDITIVE = ("quantile",)


def table_relations(
    rows: list[dict[str, Any]], disaggregations: tuple[str, ...]
) -> Iterator[tuple[list[int], list[Relation]]]:
    """Each table of ``rows``: its cells (row numbers) and its relations."""
    index = {_key(r, disaggregations): i for i, r in enumerate(rows)}
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        table = (row["indicator"], row["level"], row["disaggregation"])
        if row["disaggregation"] == "" or table in seen or row["statistic"] in NOT_ADDITIVE:
            continue
        seen.add(table)
        relations = _relations(rows, index, table, disaggregations)
        cells = sorted({i for m, members in relations for i in (*members, m) if i is not None})
        yield cells, relations


def _key(row: dict[str, Any], names: tuple[str, ...]) -> tuple[Any, ...]:
    return (row["indicator"], row["level"], row["disaggregation"], *(row[n] for n in names))


def _relations(
    rows: list[dict[str, Any]],
    index: dict[tuple[Any, ...], int],
    table: tuple[str, str, str],
    names: tuple[str, ...],
) -> list[Relation]:
    indicator, level, cut = table
    parts = cut.split("+")
    inner = [
        i for i, r in enumerate(rows) if (r["indicator"], r["level"], r["disaggregation"]) == table
    ]

    def cell(margin_parts: tuple[str, ...], values: dict[str, Any]) -> int | None:
        key = {n: values.get(n) if n in margin_parts else None for n in names}
        return index.get((indicator, level, "+".join(margin_parts), *(key[n] for n in names)))

    overall = cell((), {})
    relations: list[Relation] = [(overall, tuple(inner))]
    for fixed in parts if len(parts) > 1 else []:
        groups: dict[Any, list[int]] = {}
        for i in inner:
            groups.setdefault(rows[i][fixed], []).append(i)
        for value, members in groups.items():
            relations.append((cell((fixed,), {fixed: value}), tuple(members)))
    return relations


def complementary_suppression(
    cells: list[int], relations: list[Relation], hidden: set[int], counts: dict[int, int]
) -> set[int]:
    """Cells to suppress besides ``hidden`` so that no suppressed cell is determined."""
    added: set[int] = set()
    while True:
        unknown = sorted((hidden | added) & set(cells))
        exposed = [k for k in unknown if is_determined(k, unknown, relations)]
        if not exposed:
            return added
        choice = _cheapest(exposed[0], cells, relations, hidden | added, counts)
        if choice is None:
            return added
        added.add(choice)


def is_determined(k: int, unknown: list[int], relations: list[Relation]) -> bool:
    """Whether the relations, with every cell outside ``unknown`` known, fix cell ``k``."""
    matrix = _equations(unknown, relations)
    if matrix.size == 0:
        return False
    unit = np.zeros((1, len(unknown)))
    unit[0, unknown.index(k)] = 1.0
    rank = np.linalg.matrix_rank(matrix)
    return bool(np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank)


def _equations(unknown: list[int], relations: list[Relation]) -> np.ndarray:
    column = {c: j for j, c in enumerate(unknown)}
    rows = []
    for margin, members in relations:
        if margin is None:
            continue  # a margin that is not published gives no equation
        row = np.zeros(len(unknown))
        for i, sign in ((margin, 1.0), *((m, -1.0) for m in members)):
            if i in column:
                row[column[i]] += sign
        rows.append(row)
    return np.array(rows) if rows else np.zeros((0, len(unknown)))


def _cheapest(
    k: int, cells: list[int], relations: list[Relation], hidden: set[int], counts: dict[int, int]
) -> int | None:
    """The published cell to suppress next: in a relation where ``k`` is the only suppressed
    cell, the smallest first (a row or column before the grand total), inner cells before
    margins, smallest count first."""
    margins = {m for m, _ in relations}

    def exposure(relation: Relation) -> tuple[int, int]:
        alone = not (hidden - {k}) & {relation[0], *relation[1]}
        return (0 if alone else 1, len(relation[1]))

    holding = sorted((r for r in relations if k in (r[0], *r[1])), key=exposure)
    pools = [{i for i in (m, *members) if i is not None} for m, members in holding]
    for pool in [*pools, set(cells)]:
        candidates = [i for i in pool if i not in hidden]
        if candidates:
            return min(candidates, key=lambda i: (i in margins, counts[i], i))
    return None
