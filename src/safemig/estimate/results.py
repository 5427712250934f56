"""Results: one row per statistic x domain x level, and how to write them.

Columns (the command-line contract): ``statistic, variable, level, by``, one column per
disaggregation variable (empty where not part of the cut), then ``estimate, se, ci_low,
ci_high, cv, deff, n, n_weighted, df``.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from safemig.errors import RequestError
from safemig.i18n import Text

VALUE_COLUMNS = ("estimate", "se", "ci_low", "ci_high", "cv", "deff", "n", "n_weighted", "df")
FORMATS = ("csv", "json", "table")


@dataclass(frozen=True)
class Results:
    """Estimates of one request, as an Arrow table plus what produced them."""

    table: pa.Table
    by_columns: tuple[str, ...]
    ci_level: float
    variance: str  # "taylor" or the replicate type

    def __len__(self) -> int:
        return self.table.num_rows

    def to_pylist(self) -> list[dict[str, object]]:
        """Rows as dictionaries; undefined numbers (NaN) become ``None``."""
        return [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
            for row in self.table.to_pylist()
        ]

    def rows(
        self, statistic: str | None = None, variable: str | None = None, by: str | None = None
    ) -> list[dict[str, object]]:
        """Rows filtered by statistic, variable and cut (``""`` for overall)."""
        return [
            r
            for r in self.to_pylist()
            if (statistic is None or r["statistic"] == statistic)
            and (variable is None or r["variable"] == variable)
            and (by is None or r["by"] == by)
        ]


def write_results(results: Results, fmt: str, target: Path | None) -> str | None:
    """Write results as CSV, JSON or a readable table to ``target`` (or return the text)."""
    if fmt not in FORMATS:
        raise RequestError(
            Text(
                f"Output format {fmt!r} is not known; choose csv, json or table.",
                f"Le format de sortie {fmt!r} est inconnu ; choisissez csv, json ou table.",
            )
        )
    if fmt == "csv":
        buffer = io.BytesIO()
        pacsv.write_csv(results.table, buffer)
        text = buffer.getvalue().decode("utf-8")
    elif fmt == "json":
        text = json.dumps(results.to_pylist(), indent=1, default=str) + "\n"
    else:
        text = render_table(results)
    if target is None:
        return text
    target.write_text(text, encoding="utf-8")
    return None


def render_table(results: Results) -> str:
    """A readable fixed-width table (rich), as printed by ``--format table``."""
    from rich.console import Console
    from rich.table import Table

    level = f"{results.ci_level:.0%}"
    table = Table(
        title=f"safemig estimates / estimations ({results.variance} variance, {level} CI / IC)"
    )
    head = ["statistic", "variable", "level", "by", *results.by_columns]
    for name in head:
        table.add_column(name)
    for name in VALUE_COLUMNS:
        table.add_column(name, justify="right")
    for row in results.to_pylist():
        cells = ["" if row[c] is None else str(row[c]) for c in head]
        cells += [_number(row[c], c) for c in VALUE_COLUMNS]
        table.add_row(*cells)
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(table)
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def _number(value: object, column: str) -> str:
    if value is None:
        return "NA"
    if column == "n":
        return f"{int(value):d}"  # type: ignore[call-overload]
    if isinstance(value, float):
        return f"{value:.6g}" if column != "estimate" else f"{value:.8g}"
    return str(value)
