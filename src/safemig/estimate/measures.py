"""Measures: the row-level quantities that every statistic reduces to.

Each requested statistic becomes one or more :class:`Measure` values (a proportion gives one
per level). A measure estimates ``sum(w*y) / sum(w*x)`` over its domain (mean, proportion,
ratio) or ``sum(w*y)`` (total); ``valid`` says which rows carry a usable value. This is the
shape in which the compiler writes SQL and the variance code reads moments.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from safemig.estimate.request import Count, Mean, Proportion, Quantile, Ratio, Statistic, Total
from safemig.estimate.sqlparts import as_double, col, is_not_null


@dataclass(frozen=True)
class Measure:
    """One estimated quantity (a statistic, or one level of a proportion).

    Attributes
    ----------
    key
        SQL-safe prefix for this measure's columns (``m0``, ``m1``...).
    statistic, variable, level
        As reported in the output (``prop``, ``stage``, ``return``).
    y, x
        Per-row numerator and denominator values (``x`` is 1 except for ratios).
    valid
        Per-row condition for the row to count in the measure (not missing).
    binary
        ``y`` is 0 or 1 by construction (a proportion's level test), so ``y*y = y``.
    """

    key: str
    statistic: str
    variable: str
    level: str
    y: exp.Expr
    x: exp.Expr
    valid: exp.Expr
    binary: bool = False

    @property
    def is_ratio(self) -> bool:
        return self.statistic == "ratio"

    @property
    def is_total(self) -> bool:
        return self.statistic == "total"

    @property
    def is_count(self) -> bool:
        """Only the unweighted count ``c`` is summed (no weighted sums, no variance)."""
        return self.statistic == "count"


@dataclass(frozen=True)
class Levels:
    """Levels of one proportion: the category values and how to test each one."""

    values: tuple[str, ...]
    mode: str  # "categorical" | "tokens" (space-separated) | "columns" (0/1 per choice)
    columns: tuple[str, ...] = ()  # the 0/1 column per level when mode == "columns"


ONE = exp.Literal.number(1)


def measures_for(statistic: Statistic, start: int, levels: Levels | None) -> list[Measure]:
    """Expand one statistic into measures, numbering keys from ``start``."""
    if isinstance(statistic, Count):
        v = col(statistic.variable)
        return [Measure(f"m{start}", "count", statistic.variable, "", ONE, ONE, is_not_null(v))]
    if isinstance(statistic, Mean | Total):
        v = col(statistic.variable)
        return [
            Measure(
                f"m{start}",
                statistic.name,
                statistic.variable,
                "",
                as_double(v),
                ONE,
                is_not_null(v),
            )
        ]
    if isinstance(statistic, Ratio):
        num, den = col(statistic.numerator), col(statistic.denominator)
        valid = exp.and_(is_not_null(num), is_not_null(den))
        return [
            Measure(
                f"m{start}", "ratio", statistic.variable, "", as_double(num), as_double(den), valid
            )
        ]
    if isinstance(statistic, Proportion):
        assert levels is not None
        wanted = [
            (i, level)
            for i, level in enumerate(levels.values)
            if not statistic.levels or level in statistic.levels
        ]
        return [
            Measure(
                f"m{start + j}",
                "prop",
                statistic.variable,
                level,
                *_level_test(statistic.variable, level, levels, i),
                binary=levels.mode != "columns",
            )
            for j, (i, level) in enumerate(wanted)
        ]
    if isinstance(statistic, Quantile):
        raise TypeError("quantiles are estimated by safemig.estimate.quantile, not as measures")
    raise TypeError(f"unknown statistic {statistic!r}")


def _level_test(
    variable: str, level: str, levels: Levels, index: int
) -> tuple[exp.Expr, exp.Expr, exp.Expr]:
    if levels.mode == "columns":
        c = col(levels.columns[index])
        return as_double(c), ONE, is_not_null(c)
    v = col(variable)
    text = exp.Cast(this=v, to=exp.DataType(this=exp.DataType.Type.VARCHAR))
    if levels.mode == "tokens":
        # Choices are space-separated names (XLSForm choice names hold no spaces), so a
        # padded substring test finds whole tokens only and runs on every SQL dialect.
        padded = exp.DPipe(
            this=exp.DPipe(this=exp.Literal.string(" "), expression=text),
            expression=exp.Literal.string(" "),
        )
        hit: exp.Expr = exp.GT(
            this=exp.StrPosition(this=padded, substr=exp.Literal.string(f" {level} ")),
            expression=exp.Literal.number(0),
        )
    else:
        hit = exp.EQ(this=text, expression=exp.Literal.string(level))
    y = exp.Case(
        ifs=[exp.If(this=hit, true=exp.Literal.number(1.0))], default=exp.Literal.number(0.0)
    )
    return y, ONE, is_not_null(v)
