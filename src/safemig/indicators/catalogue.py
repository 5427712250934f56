"""Indicator catalogues: named, bilingual, framework-linked indicators read from YAML.

A catalogue file holds derived ``variables`` (SQL expressions over the form's columns), the
``disaggregations`` it may publish, and its ``indicators``. Each indicator names a statistic
(mean, total, proportion, ratio, quantile), the expression it summarises, its universe, unit,
disaggregations and the frameworks it evidences (GCM objectives, SDG indicators, CEDAW GR26,
ILO conventions). Field rules live in :mod:`safemig.indicators.schema`; every error names the
file, the indicator and the field.

>>> catalogue = builtin_catalogue("gender_migration")
>>> len(catalogue.indicators) >= 25
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from safemig.errors import CatalogueError
from safemig.i18n import Text

BUILTIN = Path(__file__).parent / "builtin"
STATISTICS = ("mean", "total", "proportion", "ratio", "quantile")


@dataclass(frozen=True)
class Disaggregation:
    """A way to break an indicator down: a column of the data or a derived expression."""

    name: str
    title: Text
    column: str | None = None
    expression: str | None = None


@dataclass(frozen=True)
class Indicator:
    """One published indicator.

    ``expression`` is the SQL value summarised (for ``ratio``: ``numerator`` over
    ``denominator``); a proportion publishes the share of each of its ``levels`` (e.g.
    ``("yes",)``: every published cell is known before the data are read) and
    ``p`` is the probability of a quantile.
    """

    id: str
    title: Text
    description: Text
    statistic: str
    unit: str
    decimals: int
    expression: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    levels: tuple[str, ...] = ()
    p: float | None = None
    universe: str | None = None
    disaggregations: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()
    notes: Text | None = None


@dataclass(frozen=True)
class Catalogue:
    """A validated indicator catalogue (see ``docs/indicators.md``)."""

    name: str
    instrument: str
    title: Text
    source: str
    variables: tuple[tuple[str, str], ...]
    disaggregations: tuple[Disaggregation, ...]
    indicators: tuple[Indicator, ...]

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id.

        Raises
        ------
        CatalogueError
            When the catalogue has no such indicator.
        """
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise CatalogueError(
            Text(
                f"Catalogue {self.source}: no indicator {indicator_id!r}; it has "
                f"{', '.join(i.id for i in self.indicators)}.",
                f"Catalogue {self.source} : aucun indicateur {indicator_id!r} ; il contient "
                f"{', '.join(i.id for i in self.indicators)}.",
            )
        )

    def disaggregation(self, name: str) -> Disaggregation:
        """The disaggregation with this name (validated catalogues always have it)."""
        return next(d for d in self.disaggregations if d.name == name)


def builtin_names() -> tuple[str, ...]:
    """Names of the catalogues shipped with safemig."""
    return tuple(sorted(p.stem for p in BUILTIN.glob("*.yaml")))


def builtin_catalogue(name: str) -> Catalogue:
    """A catalogue shipped with safemig: ``gender_migration``, ``training_test`` or
    ``consultation_poll``.

    Raises
    ------
    CatalogueError
        When no built-in catalogue has that name.
    """
    if name not in builtin_names():
        raise CatalogueError(
            Text(
                f"No built-in catalogue {name!r}; choose one of {', '.join(builtin_names())}.",
                f"Aucun catalogue intégré {name!r} ; choisissez parmi "
                f"{', '.join(builtin_names())}.",
            )
        )
    return load_catalogue(BUILTIN / f"{name}.yaml")


def load_catalogue(path: str | Path) -> Catalogue:
    """Read and validate a catalogue file.

    Parameters
    ----------
    path
        A YAML file laid out as ``docs/indicators.md`` describes.

    Raises
    ------
    CatalogueError
        When the file cannot be read or a field breaks a rule; the message names the file,
        the indicator id and the field, in English and French.
    """
    from safemig.indicators.schema import validate_catalogue

    source = Path(path)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        detail = str(exc).splitlines()[0]
        raise CatalogueError(
            Text(
                f"Catalogue {source.name}: cannot be read ({detail}). Give a YAML file laid out "
                "as docs/indicators.md shows.",
                f"Catalogue {source.name} : illisible ({detail}). Donnez un fichier YAML "
                "structuré comme le montre docs/indicators.md.",
            )
        ) from exc
    return validate_catalogue(data, source.name)
