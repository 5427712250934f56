"""The campaign summary: which channels women trusted and used, by region and migration stage.

It reads the estimates table that ``safemig estimate`` writes (CSV: ``statistic, variable,
level, by, <by columns>, estimate, ci_low, ci_high, n, ...``) for three questions of the
pre-departure module: the most trusted source (``predeparture-trusted_source``), the sources
used (``predeparture-info_sources``) and the formats women want (``predeparture-info_formats``),
estimated by region (``stratum``) and by region and migration stage. Products read published
results only: this module never sees microdata.

Small bases follow the DHS publication rule (standards.md): a figure from fewer than 25
women is not shown, one from 25 to 49 is shown with a caution. A ``suppressed`` column, when
disclosure control has added one, is honoured as well.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from safemig.errors import EvidenceError
from safemig.i18n import say

#: The three tables of the summary: kind -> survey variable.
CHANNEL_VARIABLES = {
    "trusted": "predeparture-trusted_source",
    "used": "predeparture-info_sources",
    "formats": "predeparture-info_formats",
}
REGION_COLUMN = "stratum"
STAGE_COLUMN = "trajectory-migration_stage"
STAGES = ("origin", "transit", "destination", "return")
SUPPRESS_BELOW, CAUTION_BELOW = 25, 50
_NEEDED = ("statistic", "variable", "level", "by", "estimate", "ci_low", "ci_high", "n")


@dataclass(frozen=True)
class ChannelFigure:
    """The share of women for one channel, its interval, base and how far it can be shown."""

    level: str
    estimate: float
    ci_low: float
    ci_high: float
    n: int
    reliability: str  # "ok", "caution" or "suppressed"


@dataclass(frozen=True)
class ChannelTable:
    """One question for one group of women (a region, or a region and a stage), largest first."""

    kind: str
    stage: str | None
    figures: tuple[ChannelFigure, ...]

    @property
    def base(self) -> int:
        """The number of women who answered (the largest base among the figures)."""
        return max((f.n for f in self.figures), default=0)


@dataclass(frozen=True)
class CampaignSummary:
    """The channel tables of one region, and whether the figures are synthetic."""

    region: str
    tables: tuple[ChannelTable, ...]
    synthetic: bool
    source: Path

    def table(self, kind: str, stage: str | None = None) -> ChannelTable | None:
        """Return the table of ``kind`` for ``stage`` (None: the whole region), if present."""
        return next((t for t in self.tables if t.kind == kind and t.stage == stage), None)


def read_estimates(path: str | Path) -> list[dict[str, str]]:
    """Read an estimates CSV and check it has the columns the summary needs.

    Raises
    ------
    EvidenceError
        If the file is missing or lacks a needed column, or has no region column.
    """
    path = Path(path)
    if not path.is_file():
        raise EvidenceError(
            say(
                "{path}: estimates file not found; run `safemig estimate` first",
                "{path} : fichier d'estimations introuvable ; lancez d'abord `safemig estimate`",
                path=path,
            )
        )
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in (*_NEEDED, REGION_COLUMN) if c not in (reader.fieldnames or [])]
        if missing:
            raise EvidenceError(
                say(
                    "{path}: missing column(s) {cols}; estimate by {r} and {r},{s}",
                    "{path} : colonne(s) manquante(s) {cols} ; estimez par {r} et par {r},{s}",
                    path=path,
                    cols=", ".join(missing),
                    r=REGION_COLUMN,
                    s=STAGE_COLUMN,
                )
            )
        return list(reader)


def campaign_summary(path: str | Path, region: str, synthetic: bool = False) -> CampaignSummary:
    """Return the channel tables of ``region`` from an estimates CSV.

    Parameters
    ----------
    path
        The CSV that ``safemig estimate --format csv`` wrote.
    region
        The region id, as in the survey's ``stratum`` column.
    synthetic
        True when the estimates come from the synthetic survey (the summary says so).

    Raises
    ------
    EvidenceError
        If the file lacks the columns, or holds none of the channel questions for ``region``.
    """
    rows = [r for r in read_estimates(path) if r.get(REGION_COLUMN) == region]
    tables = tuple(
        table
        for kind, variable in CHANNEL_VARIABLES.items()
        for stage in (None, *STAGES)
        if (table := _table(rows, kind, variable, stage)) is not None
    )
    if not tables:
        raise EvidenceError(
            say(
                "{path}: no estimates of {vars} for region {region!r}; estimate them with "
                "--by {r} and --by {r},{s}",
                "{path} : aucune estimation de {vars} pour la région {region!r} ; estimez-les "
                "avec --by {r} et --by {r},{s}",
                path=path,
                vars=", ".join(CHANNEL_VARIABLES.values()),
                region=region,
                r=REGION_COLUMN,
                s=STAGE_COLUMN,
            )
        )
    return CampaignSummary(region, tables, synthetic, Path(path))


def _table(
    rows: list[dict[str, str]], kind: str, variable: str, stage: str | None
) -> ChannelTable | None:
    wanted_by = {REGION_COLUMN} if stage is None else {REGION_COLUMN, STAGE_COLUMN}
    chosen = [
        r
        for r in rows
        if r["variable"] == variable
        and r["statistic"] == "prop"
        and set(filter(None, r["by"].split("+"))) == wanted_by
        and (stage is None or r.get(STAGE_COLUMN) == stage)
    ]
    if not chosen:
        return None
    figures = sorted((_figure(r) for r in chosen), key=lambda f: (-f.estimate, f.level))
    return ChannelTable(kind, stage, tuple(figures))


def _figure(row: dict[str, str]) -> ChannelFigure:
    n = int(float(row["n"] or 0))
    suppressed = row.get("suppressed", "").lower() in ("true", "1", "yes")
    reliability = (
        "suppressed"
        if suppressed or n < SUPPRESS_BELOW
        else "caution"
        if n < CAUTION_BELOW
        else "ok"
    )
    return ChannelFigure(
        row["level"],
        _number(row["estimate"]),
        _number(row["ci_low"]),
        _number(row["ci_high"]),
        n,
        reliability,
    )


def _number(text: str) -> float:
    return float(text) if text not in ("", None) else float("nan")
