"""Excel output that cannot run what respondents or enumerators typed.

A text answer such as ``=HYPERLINK("http://…","click")`` would become a live formula in a
spreadsheet (CSV/formula injection, OWASP). Every text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written as text with a leading apostrophe, and
every cell is written with an explicit type, so no cell of a safemig workbook is a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Excel's cell limit; longer text is cut with a note (the store keeps it whole).
CELL_LIMIT = 32_767


def neutralise(value: object) -> object:
    """A cell value safe to write: numbers and dates unchanged, risky text prefixed with '.

    Examples
    --------
    >>> neutralise('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> neutralise(-3)
    -3
    """
    if value is None or isinstance(value, bool | int | float | dt.date | dt.datetime):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # Excel has no time zones; values are UTC
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 40] + " … [cut: the full text is in the store]"
    return text


def write_workbook(
    path: str | Path, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[object]]]]
) -> Path:
    """Write ``(title, header, rows)`` sheets to ``path``, every cell neutralised."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=_sheet_title(title))
        sheet.append([neutralise(h) for h in header])
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=neutralise(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never 'f', whatever openpyxl would infer
                cells.append(cell)
            sheet.append(cells)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title)
    return cleaned[:31]
