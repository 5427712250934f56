"""What a calibration asks for: the method, the population margins and totals, the controls.

A :class:`Calibration` holds no data; the engine computes the calibrated weights from the
data's aggregates when it estimates (see :mod:`safemig.estimate.calibration`), so that one
design value describes both the sampling and the calibration, as a calibrated design does
in R ``survey``.

>>> m = Margin("stype", ("E", "H", "M"), (4421.0, 755.0, 1018.0))
>>> Calibration("poststratify", margins=(m,)).population_size
6194.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from safemig.errors import CalibrationError
from safemig.i18n import Text

if TYPE_CHECKING:
    from safemig.design import Design

Method = Literal["poststratify", "rake", "linear", "raking", "logit"]
METHODS: tuple[str, ...] = ("poststratify", "rake", "linear", "raking", "logit")
#: Two margins describe the same population when their totals agree to this relative gap.
TOTALS_AGREE = 1e-9
#: R's defaults: rake(control = list(maxit = 10, epsilon = 1)), calibrate(maxit = 50,
#: epsilon = 1e-7).
RAKE_MAXIT, RAKE_EPSILON = 10, 1.0
NEWTON_MAXIT, NEWTON_EPSILON = 50, 1e-7


@dataclass(frozen=True)
class Margin:
    """Population counts of the levels of one categorical variable (R's population table).

    Parameters
    ----------
    variable
        Column of the data holding the levels (compared as text).
    levels, totals
        Each level and its population count (``Freq``).
    source
        Where the margin came from (a file name), for messages.
    """

    variable: str
    levels: tuple[str, ...]
    totals: tuple[float, ...]
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "levels", tuple(str(v) for v in self.levels))
        object.__setattr__(self, "totals", tuple(float(t) for t in self.totals))
        where = f" ({self.source})" if self.source else ""
        if len(self.levels) != len(self.totals) or not self.levels:
            raise CalibrationError(
                Text(
                    f"Margin of {self.variable!r}{where} needs one total per level; got "
                    f"{len(self.levels)} levels and {len(self.totals)} totals.",
                    f"La marge de {self.variable!r}{where} demande un total par modalité ; "
                    f"{len(self.levels)} modalités et {len(self.totals)} totaux reçus.",
                )
            )
        seen: set[str] = set()
        for level, total in zip(self.levels, self.totals, strict=True):
            if level in seen:
                raise CalibrationError(
                    Text(
                        f"Margin of {self.variable!r}{where} lists level {level!r} twice.",
                        f"La marge de {self.variable!r}{where} donne deux fois la modalité "
                        f"{level!r}.",
                    )
                )
            seen.add(level)
            if not math.isfinite(total) or total < 0:
                raise CalibrationError(
                    Text(
                        f"Margin of {self.variable!r}{where}: level {level!r} has population "
                        f"{total}; population counts must be finite and not negative.",
                        f"Marge de {self.variable!r}{where} : la modalité {level!r} a pour "
                        f"effectif {total} ; un effectif doit être fini et positif ou nul.",
                    )
                )

    @property
    def total(self) -> float:
        return math.fsum(self.totals)


@dataclass(frozen=True)
class Calibration:
    """A calibration of the design weights to known population figures.

    Parameters
    ----------
    method
        ``poststratify`` (R ``postStratify``, one margin), ``rake`` (R ``rake``: iterative
        proportional fitting on several margins), or ``linear``, ``raking``, ``logit`` (R
        ``calibrate(calfun=...)``: GREG, multiplicative, bounded).
    margins
        Population counts per level of categorical variables.
    numeric
        Population totals of numeric variables, ``(variable, total)`` (calibrate methods).
    population
        Population size (R's ``(Intercept)`` total); taken from the margins when omitted.
    bounds
        Bounds on the weight ratio g = calibrated / base weight (``logit`` needs finite ones).
    maxit, epsilon
        Convergence control; ``None`` takes R's defaults for the method (rake: 10 sweeps,
        stop when no cell of the joint table moves by ``epsilon`` or more (a fraction of the
        total when below 1); calibrate: 50 Newton steps, relative misfit below 1e-7).
    trim
        Trim g to ``(low, high)`` after calibrating and spread the trimmed weight over the
        others (R ``calibrate(trim=)``).
    """

    method: Method
    margins: tuple[Margin, ...] = ()
    numeric: tuple[tuple[str, float], ...] = ()
    population: float | None = None
    bounds: tuple[float, float] = (-math.inf, math.inf)
    maxit: int | None = None
    epsilon: float | None = None
    trim: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "margins", tuple(self.margins))
        object.__setattr__(self, "numeric", tuple((str(v), float(t)) for v, t in self.numeric))
        if self.method not in METHODS:
            raise CalibrationError(
                Text(
                    f"Calibration method {self.method!r} is not known; choose one of "
                    f"{', '.join(METHODS)}.",
                    f"La méthode de calage {self.method!r} est inconnue ; choisissez parmi "
                    f"{', '.join(METHODS)}.",
                )
            )
        self._check_shape()
        self._check_totals_agree()
        low, high = self.bounds
        if not low < 1 < high:
            raise CalibrationError(
                Text(
                    f"Calibration bounds {self.bounds} must surround 1 (low < 1 < high).",
                    f"Les bornes de calage {self.bounds} doivent encadrer 1 (bas < 1 < haut).",
                )
            )
        if self.method == "logit" and not (math.isfinite(low) and math.isfinite(high)):
            raise CalibrationError(
                Text(
                    "Logit (bounded) calibration needs finite bounds, e.g. --bounds 0.5,3.",
                    "Le calage logit (borné) demande des bornes finies, par exemple "
                    "--bounds 0.5,3.",
                )
            )

    def _check_shape(self) -> None:
        names = [m.variable for m in self.margins] + [v for v, _ in self.numeric]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise CalibrationError(
                Text(
                    f"Variable {twice[0]!r} is given more than one margin or total.",
                    f"La variable {twice[0]!r} a plus d'une marge ou d'un total.",
                )
            )
        if self.method == "poststratify" and (len(self.margins) != 1 or self.numeric):
            raise CalibrationError(
                Text(
                    "Post-stratification takes exactly one categorical margin; use rake for "
                    "several margins, or calibrate for numeric totals.",
                    "La post-stratification prend exactement une marge catégorielle ; "
                    "utilisez le raking pour plusieurs marges, ou le calage pour des totaux "
                    "numériques.",
                )
            )
        if self.method == "rake" and (not self.margins or self.numeric):
            raise CalibrationError(
                Text(
                    "Raking takes one or more categorical margins and no numeric totals.",
                    "Le raking prend une ou plusieurs marges catégorielles et aucun total "
                    "numérique.",
                )
            )
        if not self.margins and not self.numeric:
            raise CalibrationError(
                Text(
                    "A calibration needs at least one margin or total.",
                    "Un calage demande au moins une marge ou un total.",
                )
            )

    def _check_totals_agree(self) -> None:
        reference: tuple[str, float] | None = None
        if self.population is not None:
            reference = ("population size", self.population)
        for m in self.margins:
            if reference is None:
                reference = (f"margin of {m.variable!r}", m.total)
                continue
            if not math.isclose(m.total, reference[1], rel_tol=TOTALS_AGREE):
                name_fr = (
                    reference[0]
                    .replace("margin of", "marge de")
                    .replace("population size", "taille de la population")
                )
                raise CalibrationError(
                    Text(
                        f"Margins describe different populations: the margin of "
                        f"{m.variable!r}{_from(m)} sums to {m.total:g} but the {reference[0]} "
                        f"is {reference[1]:g}. Every margin must sum to the same population.",
                        f"Les marges décrivent des populations différentes : la marge de "
                        f"{m.variable!r}{_from(m)} a pour somme {m.total:g} mais la {name_fr} "
                        f"vaut {reference[1]:g}. Toutes les marges doivent avoir la même "
                        "somme.",
                    )
                )

    @property
    def population_size(self) -> float | None:
        """The population size: given, or the common total of the margins."""
        if self.population is not None:
            return self.population
        return self.margins[0].total if self.margins else None

    @property
    def effective_maxit(self) -> int:
        if self.maxit is not None:
            return self.maxit
        return RAKE_MAXIT if self.method == "rake" else NEWTON_MAXIT

    @property
    def effective_epsilon(self) -> float:
        if self.epsilon is not None:
            return self.epsilon
        return RAKE_EPSILON if self.method == "rake" else NEWTON_EPSILON

    def variables(self) -> tuple[str, ...]:
        """Every data column the calibration reads."""
        return tuple(m.variable for m in self.margins) + tuple(v for v, _ in self.numeric)


def _from(m: Margin) -> str:
    return f" ({m.source})" if m.source else ""


def calibrate(
    design: Design,
    method: Method,
    margins: tuple[Margin, ...] = (),
    numeric: tuple[tuple[str, float], ...] = (),
    **controls: object,
) -> Design:
    """The design with a calibration attached: every estimate on it uses the calibrated
    weights and the residualised variance (R ``postStratify``/``rake``/``calibrate``).

    >>> from safemig import Design
    >>> stype = Margin("stype", ("E", "H", "M"), (4421, 755, 1018))
    >>> calibrate(Design(weights="pw", psu="dnum"), "poststratify", (stype,)).calibration.method
    'poststratify'
    """
    from dataclasses import replace

    cal = Calibration(method, margins, numeric, **controls)  # type: ignore[arg-type]
    return replace(design, calibration=cal)
