"""What to estimate: statistics, disaggregations, universe and interval options.

Statistics are small frozen values. A :class:`Request` gathers many of them with the
disaggregations (``by`` sets) so that the engine computes everything in a few grouped
aggregations.

Example
-------
>>> r = Request((Mean("income"), Proportion("stage")), by=(("region",), ("region", "sex")))
>>> r.cuts
((), ('region',), ('region', 'sex'))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from safemig.errors import RequestError
from safemig.i18n import Text

CIMethod = Literal["wald", "logit", "beta", "wilson"]
CI_METHODS: tuple[str, ...] = ("wald", "logit", "beta", "wilson")


@dataclass(frozen=True)
class Mean:
    """Weighted mean of a numeric variable (R ``svymean``)."""

    variable: str
    name = "mean"


@dataclass(frozen=True)
class Total:
    """Weighted total of a numeric variable (R ``svytotal``)."""

    variable: str
    name = "total"


@dataclass(frozen=True)
class Count:
    """Unweighted number of respondents with a value of ``variable`` (R ``unwtd.count``).

    The estimate is that count in each domain, with no sampling error (``se`` 0): e.g. how
    many respondents gave the answer behind a share, which disclosure control counts. Only
    the count is computed (no weighted sums), so counts are cheap beside the other statistics.
    Missing values are what a count leaves out, so they never fail the request (any ``na``).
    """

    variable: str
    name = "count"


@dataclass(frozen=True)
class Proportion:
    """Share of each level of a categorical variable (R ``svymean(~factor(x))``).

    ``multiple=True`` reads a select_multiple answer: either one column of space-separated
    choices (as ODK and KoboToolbox export it) or, when no such column exists, the 0/1 columns
    ``variable/choice`` (KoboToolbox) or ``variable.choice``. Each choice's share is taken
    among the respondents who answered the question.

    ``levels`` limits the estimates to those levels (the ones the data hold; every level when
    empty): a level's share does not depend on which other levels are estimated, and a
    catalogue that publishes one answer of a yes/no question need not compute the other.
    """

    variable: str
    multiple: bool = False
    levels: tuple[str, ...] = ()
    name = "prop"


@dataclass(frozen=True)
class Ratio:
    """Ratio of two weighted totals, numerator/denominator (R ``svyratio``)."""

    numerator: str
    denominator: str
    name = "ratio"

    @property
    def variable(self) -> str:
        return f"{self.numerator}/{self.denominator}"


@dataclass(frozen=True)
class Quantile:
    """Quantile ``p`` of a numeric variable (R ``svyquantile`` defaults: qrule "math",
    Woodruff interval from the "mean" method)."""

    variable: str
    p: float
    name = "quantile"

    def __post_init__(self) -> None:
        if not 0.0 < self.p < 1.0:
            raise RequestError(
                Text(
                    f"Quantile probability {self.p} for {self.variable!r} must lie strictly "
                    "between 0 and 1 (e.g. 0.5 for the median).",
                    f"La probabilité du quantile {self.p} pour {self.variable!r} doit être "
                    "strictement comprise entre 0 et 1 (par exemple 0.5 pour la médiane).",
                )
            )


Statistic = Mean | Total | Count | Proportion | Ratio | Quantile


@dataclass(frozen=True)
class Request:
    """Statistics to compute over the overall population and each disaggregation.

    Parameters
    ----------
    statistics
        The statistics; at least one.
    by
        Disaggregations, each a tuple of column names (one cut each, e.g. ``("region",
        "sex")``). The overall estimate is always included.
    where
        A SQL boolean restricting the universe (a subpopulation that keeps the full design).
    na
        ``fail`` (default): a missing value in an analysis variable is an error. ``drop``:
        missing cases are left out of that statistic's domain (R ``na.rm=TRUE``).
    ci_method
        Interval for proportions and means: ``wald``, ``logit`` (R ``svyciprop`` default),
        ``beta`` (Korn-Graubard) or ``wilson``. ``None``: logit for proportions, wald otherwise.
    ci_level
        Confidence level, e.g. 0.95.
    df
        ``design``: t intervals with the domain's design degrees of freedom; ``inf``: normal.
    derive
        Derived variables, ``(name, SQL expression)`` pairs computed per row before
        anything else; statistics, disaggregations and ``where`` may name them
        (:mod:`safemig.estimate.derive`).
    """

    statistics: tuple[Statistic, ...]
    by: tuple[tuple[str, ...], ...] = ()
    where: str | None = None
    na: Literal["fail", "drop"] = "fail"
    ci_method: CIMethod | None = None
    ci_level: float = 0.95
    df: Literal["design", "inf"] = "design"
    derive: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "statistics", tuple(self.statistics))
        object.__setattr__(self, "derive", tuple((str(n), str(e)) for n, e in self.derive))
        object.__setattr__(self, "by", tuple(tuple(b) for b in self.by))
        if not self.statistics:
            raise RequestError(
                Text(
                    "Nothing to estimate: ask for at least one statistic "
                    "(--mean, --total, --prop, --ratio or --quantile).",
                    "Rien à estimer : demandez au moins une statistique "
                    "(--mean, --total, --prop, --ratio ou --quantile).",
                )
            )
        if self.na not in ("fail", "drop"):
            raise RequestError(
                Text(
                    f'na={self.na!r}: choose "fail" or "drop".',
                    f'na={self.na!r} : choisissez "fail" ou "drop".',
                )
            )
        if self.ci_method is not None and self.ci_method not in CI_METHODS:
            raise RequestError(
                Text(
                    f"CI method {self.ci_method!r} is not known; choose one of "
                    f"{', '.join(CI_METHODS)}.",
                    f"La méthode d'intervalle {self.ci_method!r} est inconnue ; choisissez "
                    f"parmi {', '.join(CI_METHODS)}.",
                )
            )
        if not 0.0 < self.ci_level < 1.0:
            raise RequestError(
                Text(
                    f"CI level {self.ci_level} must lie between 0 and 1, e.g. 0.95.",
                    f"Le niveau de confiance {self.ci_level} doit être compris entre 0 et 1, "
                    "par exemple 0.95.",
                )
            )
        if self.df not in ("design", "inf"):
            raise RequestError(
                Text(
                    f'df={self.df!r}: choose "design" or "inf".',
                    f'df={self.df!r} : choisissez "design" ou "inf".',
                )
            )
        for cut in self.by:
            if not cut:
                raise RequestError(
                    Text(
                        "An empty disaggregation was given; name at least one column.",
                        "Une ventilation vide a été donnée ; nommez au moins une colonne.",
                    )
                )
            if len(set(cut)) != len(cut):
                raise RequestError(
                    Text(
                        f"Disaggregation {'+'.join(cut)} names a column twice.",
                        f"La ventilation {'+'.join(cut)} nomme deux fois la même colonne.",
                    )
                )

    @property
    def cuts(self) -> tuple[tuple[str, ...], ...]:
        """The overall cut ``()`` followed by each distinct disaggregation, in order given."""
        seen: list[tuple[str, ...]] = [()]
        for cut in self.by:
            if cut not in seen:
                seen.append(cut)
        return tuple(seen)

    @property
    def by_columns(self) -> tuple[str, ...]:
        """Every column used in some disaggregation, in first-seen order."""
        cols: list[str] = []
        for cut in self.by:
            cols.extend(c for c in cut if c not in cols)
        return tuple(cols)
