"""The survey design: how the sample was drawn, as R's ``svydesign``/``svrepdesign`` describe it.

A :class:`Design` names columns of a data source; it holds no data and opens no connection.
Estimators take it together with a data source (see :mod:`safemig.estimate`).

Example
-------
>>> d = Design(weights="pw", strata="region", psu=("ea", "woman"), fpc=("fpc1", "fpc2"))
>>> d.stages
2
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from safemig.errors import RequestError
from safemig.i18n import Text

if TYPE_CHECKING:
    from safemig.weights.spec import Calibration

LonelyPSU = Literal["fail", "adjust", "remove", "certainty", "average"]
NAPolicy = Literal["fail", "drop"]
DomainLonely = Literal["apply", "ignore"]
RepType = Literal["JK1", "JKn", "BRR", "Fay", "bootstrap", "SDR"]

LONELY_PSU_POLICIES: tuple[str, ...] = ("fail", "adjust", "remove", "certainty", "average")
NA_POLICIES: tuple[str, ...] = ("fail", "drop")
REP_TYPES: tuple[str, ...] = ("JK1", "JKn", "BRR", "Fay", "bootstrap", "SDR")


@dataclass(frozen=True)
class Replicates:
    """Replicate weights supplied as columns (combined weights, as R ``combined.weights=TRUE``).

    Parameters
    ----------
    columns
        Names of the replicate-weight columns, in order.
    type
        ``JK1``, ``JKn``, ``BRR``, ``Fay``, ``bootstrap`` or ``SDR``.
    scale
        Overall multiplier of the variance. ``None`` takes R's default for the type:
        JK1 (R-1)/R, BRR 1/R, bootstrap 1/(R-1), SDR 4/R. Fay and JKn need it given
        (Fay: 1/(R (1-rho)^2); JKn: usually 1 with ``rscales``).
    rscales
        Per-replicate multipliers (JKn: (n_h-1)/n_h of the replicate's stratum); default 1.
    mse
        Centre the squared deviations on the full-sample estimate rather than on the mean of
        the replicates (R ``mse=TRUE``).
    """

    columns: tuple[str, ...] = ()
    type: RepType = "JK1"
    scale: float | None = None
    rscales: tuple[float, ...] | None = None
    mse: bool = False
    pattern: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        if self.pattern is not None and not self.columns:
            return  # resolved against the data's columns by `resolved`
        if self.type not in REP_TYPES:
            raise RequestError(
                Text(
                    f"Replicate type {self.type!r} is not known; choose one of "
                    f"{', '.join(REP_TYPES)}.",
                    f"Le type de réplication {self.type!r} est inconnu ; choisissez parmi "
                    f"{', '.join(REP_TYPES)}.",
                )
            )
        if len(self.columns) < 2:
            raise RequestError(
                Text(
                    f"Replicate weights need at least two columns; got {len(self.columns)}.",
                    f"Les poids répliqués demandent au moins deux colonnes ; "
                    f"{len(self.columns)} reçue(s).",
                )
            )
        if self.rscales is not None and len(self.rscales) != len(self.columns):
            raise RequestError(
                Text(
                    f"rscales has {len(self.rscales)} values for {len(self.columns)} replicate "
                    "columns; give one per replicate.",
                    f"rscales a {len(self.rscales)} valeurs pour {len(self.columns)} colonnes "
                    "de réplication ; donnez-en une par réplication.",
                )
            )
        if self.scale is None and self.type in ("Fay", "JKn"):
            hint = "1/(R*(1-rho)^2)" if self.type == "Fay" else "1, with rscales (n_h-1)/n_h"
            raise RequestError(
                Text(
                    f"Replicate type {self.type} needs its scale given ({hint}).",
                    f"Le type de réplication {self.type} demande son facteur d'échelle "
                    f"(--rep-scale : {hint}).",
                )
            )

    def resolved(self, available: list[str]) -> Replicates:
        """Expand ``pattern`` (a shell glob such as ``repw*``) against the data's columns,
        in natural order (``repw2`` before ``repw10``)."""
        if self.pattern is None or self.columns:
            return self
        matches = sorted(fnmatch.filter(available, self.pattern), key=_natural)
        if len(matches) < 2:
            raise RequestError(
                Text(
                    f"--repweights {self.pattern!r} matches {len(matches)} column(s); replicate "
                    "weights need at least two. Check the pattern (a glob such as 'repw*').",
                    f"--repweights {self.pattern!r} désigne {len(matches)} colonne(s) ; il faut "
                    "au moins deux poids répliqués. Vérifiez le motif (par exemple 'repw*').",
                )
            )
        return replace(self, columns=tuple(matches))

    @property
    def effective_scale(self) -> float:
        """The variance multiplier, R's default for the type when none was given."""
        if self.scale is not None:
            return self.scale
        r = len(self.columns)
        defaults = {"JK1": (r - 1) / r, "BRR": 1 / r, "bootstrap": 1 / (r - 1), "SDR": 4 / r}
        return defaults[self.type]

    @property
    def effective_rscales(self) -> tuple[float, ...]:
        """Per-replicate multipliers (all 1 unless given)."""
        return self.rscales if self.rscales is not None else (1.0,) * len(self.columns)


@dataclass(frozen=True)
class Design:
    """A survey design over columns of a data source.

    Parameters
    ----------
    weights
        Column of sampling weights (zero allowed; missing or negative are errors).
    strata
        Column of first-stage strata, or ``None`` for an unstratified design.
    psu
        Cluster columns by stage: ``("ea",)`` or ``("ea", "household")``. Empty means each
        row is its own PSU (R ``id=~1``). Second-stage ids are read within their PSU.
    fpc
        Finite population correction per stage, as population counts (all values > 1) or
        sampling fractions (all <= 1), as R infers. Empty means sampling with replacement.
        The second stage enters the variance only when its fpc is given (R's rule).
    replicates
        Replicate weights; when given, variances are replicate variances.
    lonely_psu
        What to do with a stratum that has a single PSU: ``fail`` (default), ``adjust``,
        ``remove``, ``certainty`` or ``average`` (R ``survey.lonely.psu``).
    domain_lonely
        ``apply`` (default) applies the lonely-PSU policy when a domain leaves one PSU in a
        stratum (R ``options(survey.adjust.domain.lonely=TRUE)``); ``ignore`` keeps R's
        package default.
    nest
        PSU ids repeat across strata and should be read within their stratum (R ``nest=TRUE``).
    calibration
        Calibrate the weights to population margins or totals (post-stratification, raking,
        GREG; :class:`safemig.weights.Calibration`). The engine computes the calibrated
        weights from the data and residualises the linearised variance on the calibration
        variables, as R ``postStratify``, ``rake`` and ``calibrate`` designs do; replicate
        weights are calibrated one by one.
    """

    weights: str
    strata: str | None = None
    psu: tuple[str, ...] = ()
    fpc: tuple[str, ...] = ()
    replicates: Replicates | None = None
    lonely_psu: LonelyPSU = "fail"
    domain_lonely: DomainLonely = "apply"
    nest: bool = False
    calibration: Calibration | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "psu", _as_tuple(self.psu))
        object.__setattr__(self, "fpc", _as_tuple(self.fpc))
        if self.lonely_psu not in LONELY_PSU_POLICIES:
            choices = ", ".join(f'"{p}"' for p in LONELY_PSU_POLICIES)
            raise RequestError(
                Text(
                    f"lonely_psu={self.lonely_psu!r} is not a policy; choose {choices}.",
                    f"lonely_psu={self.lonely_psu!r} n'est pas une règle ; choisissez {choices}.",
                )
            )
        if self.domain_lonely not in ("apply", "ignore"):
            raise RequestError(
                Text(
                    f'domain_lonely={self.domain_lonely!r}: choose "apply" or "ignore".',
                    f'domain_lonely={self.domain_lonely!r} : choisissez "apply" ou "ignore".',
                )
            )
        if len(self.psu) > 2:
            raise RequestError(
                Text(
                    "safemig handles one or two sampling stages; give at most two PSU columns.",
                    "safemig traite un ou deux degrés de sondage ; donnez au plus deux "
                    "colonnes d'unités (--psu).",
                )
            )
        if len(self.fpc) > max(len(self.psu), 1):
            stages = max(len(self.psu), 1)
            raise RequestError(
                Text(
                    f"{len(self.fpc)} fpc columns for {stages} stage(s); "
                    "give one fpc column per stage.",
                    f"{len(self.fpc)} colonnes fpc pour {stages} degré(s) ; "
                    "donnez une colonne fpc par degré.",
                )
            )
        if self.replicates is not None and (self.psu or self.fpc or self.strata):
            raise RequestError(
                Text(
                    "A replicate-weight design carries its design in the replicate columns; "
                    "do not combine --repweights with --strata, --psu or --fpc.",
                    "Un plan à poids répliqués porte le plan de sondage dans ses colonnes de "
                    "réplication ; ne combinez pas --repweights avec --strata, --psu ou --fpc.",
                )
            )

    @property
    def stages(self) -> int:
        """Number of sampling stages named (0 when each row is its own PSU)."""
        return len(self.psu)

    @property
    def two_stage_variance(self) -> bool:
        """Whether the second stage contributes to the variance (both fpcs given, as in R)."""
        return len(self.psu) == 2 and len(self.fpc) == 2

    def columns(self) -> tuple[str, ...]:
        """Every data column the design refers to."""
        cols = [self.weights, *(c for c in (self.strata,) if c), *self.psu, *self.fpc]
        if self.replicates:
            cols.extend(self.replicates.columns)
        if self.calibration is not None:
            cols.extend(self.calibration.variables())
        return tuple(cols)


def _natural(name: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _as_tuple(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)
