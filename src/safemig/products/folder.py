"""Read a results folder: the published indicator table, the run record and the survey summary.

A results folder is what ``safemig run`` writes and all products read (nothing else: products
never see microdata). It holds ``indicators.parquet`` (the disclosure-controlled table of
:func:`safemig.disclosure.apply_disclosure`), ``run.json`` and ``survey_summary.json``; the
layout is described in ``docs/products.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from safemig.disclosure import Rule, preset, rule_from_mapping
from safemig.errors import ResultsFolderError, SafemigError
from safemig.i18n import Text, say
from safemig.indicators import Catalogue, builtin_catalogue, builtin_names, load_catalogue

TABLE_COLUMNS = (
    "indicator",
    "title_en",
    "title_fr",
    "statistic",
    "level",
    "unit",
    "decimals",
    "disaggregation",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "cv",
    "deff",
    "n",
    "n_weighted",
    "df",
    "n_numerator",
    "frameworks",
    "status",
    "flag",
    "reason_en",
    "reason_fr",
)
RUN_KEYS = ("catalogue", "disaggregations", "disclosure", "design")
SUMMARY_KEYS = ("respondents", "strata", "weights")


@dataclass(frozen=True)
class ResultsFolder:
    """Everything the products read, checked.

    Attributes
    ----------
    path
        The folder.
    rows
        The published table as dictionaries (suppressed numbers are ``None``).
    run, summary
        ``run.json`` and ``survey_summary.json`` as read.
    catalogue
        The catalogue named in ``run.json`` (titles, notes, frameworks).
    rule
        The disclosure rule that was applied.
    disaggregations
        Disaggregation names, in the order of ``run.json``.
    """

    path: Path
    rows: tuple[dict[str, Any], ...]
    run: dict[str, Any]
    summary: dict[str, Any]
    catalogue: Catalogue
    rule: Rule
    disaggregations: tuple[str, ...]

    @property
    def synthetic(self) -> bool:
        """Whether the results come from synthetic data (every product says so)."""
        return bool(self.run.get("synthetic", False))

    def project_name(self, language: str) -> str:
        """The project's name in ``language`` (``run.json``), else the catalogue's title."""
        key = "project_name_fr" if language == "fr" else "project_name"
        name = self.run.get(key) or self.run.get("project_name")
        return str(name) if name else self.catalogue.title.in_language(language)

    def indicator_rows(self, indicator: str) -> list[dict[str, Any]]:
        """The rows of one indicator, in table order."""
        return [r for r in self.rows if r["indicator"] == indicator]


def read_results_folder(path: str | Path) -> ResultsFolder:
    """Read and check a results folder.

    Raises
    ------
    ResultsFolderError
        When a file is missing or unreadable, or lacks a key or column; the message names the
        file and what is missing.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise ResultsFolderError(
            say(
                "Results folder {p} does not exist; give the folder `safemig run` wrote.",
                "Le dossier de résultats {p} n'existe pas ; donnez le dossier écrit par "
                "`safemig run`.",
                p=folder,
            )
        )
    run = _json(folder / "run.json", RUN_KEYS)
    summary = _json(folder / "survey_summary.json", SUMMARY_KEYS)
    disaggregations = tuple(str(d) for d in run["disaggregations"])
    table = _table(folder / "indicators.parquet", (*TABLE_COLUMNS, *disaggregations))
    return ResultsFolder(
        path=folder,
        rows=tuple(table.to_pylist()),
        run=run,
        summary=summary,
        catalogue=_catalogue(str(run["catalogue"]), folder),
        rule=_rule(run["disclosure"], folder / "run.json"),
        disaggregations=disaggregations,
    )


def _json(path: Path, keys: tuple[str, ...]) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResultsFolderError(
            say(
                "{p} cannot be read ({e}); the results folder must hold it as `safemig run` "
                "writes it.",
                "{p} est illisible ({e}) ; le dossier de résultats doit le contenir tel que "
                "`safemig run` l'écrit.",
                p=path,
                e=str(exc).splitlines()[0],
            )
        ) from exc
    missing = [k for k in keys if not isinstance(data, dict) or k not in data]
    if missing:
        raise ResultsFolderError(
            say(
                "{p} lacks the key(s) {k}.",
                "{p} ne contient pas la ou les clés {k}.",
                p=path,
                k=", ".join(missing),
            )
        )
    return dict(data)


def _table(path: Path, columns: tuple[str, ...]) -> pa.Table:
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise ResultsFolderError(
            say(
                "{p} cannot be read as Parquet ({e}).",
                "{p} n'est pas lisible comme fichier Parquet ({e}).",
                p=path,
                e=str(exc).splitlines()[0],
            )
        ) from exc
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise ResultsFolderError(
            say(
                "{p} lacks the column(s) {c}; products need the table after disclosure control "
                "(safemig.disclosure.apply_disclosure).",
                "{p} ne contient pas la ou les colonnes {c} ; les produits ont besoin du tableau "
                "après contrôle de la confidentialité (safemig.disclosure.apply_disclosure).",
                p=path,
                c=", ".join(missing),
            )
        )
    return table


def _catalogue(name: str, folder: Path) -> Catalogue:
    if name in builtin_names():
        return builtin_catalogue(name)
    path = Path(name)
    if not path.is_absolute() and (folder / path).exists():
        path = folder / path
    try:
        return load_catalogue(path)
    except SafemigError as exc:
        raise ResultsFolderError(
            Text(
                f"{folder / 'run.json'}: catalogue {name!r} cannot be loaded: {exc}",
                f"{folder / 'run.json'} : le catalogue {name!r} ne peut pas être chargé : "
                f"{exc.message('fr')}",
            )
        ) from exc


def _rule(data: Any, source: Path) -> Rule:
    if not isinstance(data, dict):
        raise ResultsFolderError(
            say(
                "{p}: 'disclosure' must be a mapping (preset and thresholds).",
                "{p} : 'disclosure' doit être un dictionnaire (préréglage et seuils).",
                p=source,
            )
        )
    known = {f.name for f in fields(Rule)}
    values = {k: v for k, v in data.items() if k in known}
    if "preset" in data:
        return replace(preset(str(data["preset"]), data.get("basis")), **values)
    return rule_from_mapping(values)
