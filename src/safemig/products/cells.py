"""One published cell as a reader sees it: its group, its value or symbol, its reason.

Suppressed cells never carry a number here: their value is the rule's symbol, and their
reason is shown in words; cells to use with caution keep their number with the caution mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from safemig.i18n import Text
from safemig.indicators import Catalogue, Indicator
from safemig.products.wording import code_label, format_count, format_interval, format_number

HIDDEN_STATUSES = ("suppressed", "secondary")
ALL_WOMEN = Text("All women", "Toutes les femmes")


@dataclass(frozen=True)
class Cell:
    """One row of the results table, worded in one language."""

    row: dict[str, Any]
    disaggregation: str
    group: str
    category: str
    value: str
    interval: str
    n: str
    status: str
    flag: str
    reason: str

    @property
    def hidden(self) -> bool:
        """True for suppressed cells (primary or complementary): no number is shown."""
        return self.status in HIDDEN_STATUSES


def shows_category(indicator: Indicator) -> bool:
    """Whether the answer category must be named (several levels published)."""
    return indicator.statistic == "proportion" and len(indicator.levels) != 1


def cell_of(row: dict[str, Any], catalogue: Catalogue, language: str) -> Cell:
    """Word one row of the table in ``language``."""
    indicator = catalogue.indicator(row["indicator"])
    hidden = row["status"] in HIDDEN_STATUSES
    value = row["flag"] if hidden else _flagged(format_number(row["estimate"], row, language), row)
    return Cell(
        row=row,
        disaggregation=_disaggregation_title(row["disaggregation"], catalogue, language),
        group=group_label(row, language),
        category=code_label("levels", row["level"], language) if shows_category(indicator) else "",
        value=value,
        interval="" if hidden else format_interval(row, language),
        n="" if hidden else format_count(row["n"], language),
        status=row["status"],
        flag=row["flag"],
        reason=row["reason_fr"] if language == "fr" else row["reason_en"],
    )


def group_label(row: dict[str, Any], language: str) -> str:
    """``Niamey``, ``Niamey × In transit``, or ``All women`` for the overall cell."""
    names = [n for n in row["disaggregation"].split("+") if n]
    if not names:
        return ALL_WOMEN.in_language(language)
    return " × ".join(code_label(n, row[n], language) for n in names)


def _disaggregation_title(name: str, catalogue: Catalogue, language: str) -> str:
    if not name:
        return ALL_WOMEN.in_language(language)
    titles = [catalogue.disaggregation(n).title.in_language(language) for n in name.split("+")]
    return " × ".join(titles)


def _flagged(value: str, row: dict[str, Any]) -> str:
    if row["status"] != "caution" or not row["flag"]:
        return value
    if row["flag"] == "( )":
        return f"({value})"
    return f"{value} {row['flag']}"
