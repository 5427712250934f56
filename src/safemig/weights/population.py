"""Read population figures: margins (R's population tables) and calibration totals.

A margin file is a CSV with the variable's levels and a ``Freq`` column, as R's
``data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))``::

    stype,Freq
    E,4421
    H,755
    M,1018

A totals file (``--calibrate``) lists, one per row, the population count of each level of
categorical variables and the population total of numeric variables (empty ``level``);
the row ``(Intercept)`` gives the population size when no categorical variable does::

    variable,level,total
    stype,E,4421
    stype,H,755
    stype,M,1018
    api99,,3914069
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from safemig.errors import CalibrationError, DataFileError
from safemig.i18n import Text
from safemig.weights.spec import Margin

FREQ = "Freq"
INTERCEPT = "(Intercept)"


def read_margin(variable: str, path: str | Path) -> Margin:
    """Read the margin of ``variable`` from a CSV with its levels and a ``Freq`` column.

    The level column is the one named ``variable``, else the only column besides ``Freq``.

    Raises
    ------
    DataFileError
        The file is missing or has no ``Freq`` column or no level column.
    CalibrationError
        A count is not a number, is negative, or a level repeats (names the row).
    """
    path = Path(path)
    rows, header = _rows(path)
    if FREQ not in header:
        raise DataFileError(
            Text(
                f"Margin file {path} has no 'Freq' column (columns: {', '.join(header)}); "
                f"write the levels of {variable!r} and their population counts as "
                f"'{variable},Freq'.",
                f"Le fichier de marge {path} n'a pas de colonne 'Freq' (colonnes : "
                f"{', '.join(header)}) ; écrivez les modalités de {variable!r} et leurs "
                f"effectifs sous la forme '{variable},Freq'.",
            )
        )
    others = [c for c in header if c != FREQ]
    level_column = variable if variable in header else (others[0] if len(others) == 1 else None)
    if level_column is None:
        raise DataFileError(
            Text(
                f"Margin file {path} has no column {variable!r} for the levels "
                f"(columns: {', '.join(header)}).",
                f"Le fichier de marge {path} n'a pas de colonne {variable!r} pour les "
                f"modalités (colonnes : {', '.join(header)}).",
            )
        )
    levels, totals = [], []
    for number, row in rows:
        levels.append(row[level_column].strip())
        totals.append(_number(row[FREQ], path, number, FREQ))
    return Margin(variable, tuple(levels), tuple(totals), source=str(path))


def read_totals(
    path: str | Path,
) -> tuple[tuple[Margin, ...], tuple[tuple[str, float], ...], float | None]:
    """Read a ``variable,level,total`` file: categorical margins, numeric totals, size.

    Returns
    -------
    margins, numeric, population
        As :class:`safemig.weights.Calibration` takes them.
    """
    path = Path(path)
    rows, header = _rows(path)
    missing = [c for c in ("variable", "level", "total") if c not in header]
    if missing:
        raise DataFileError(
            Text(
                f"Totals file {path} lacks column(s) {', '.join(missing)}; write "
                "'variable,level,total' with one row per level (empty level for a numeric "
                "variable).",
                f"Le fichier de totaux {path} n'a pas la ou les colonnes {', '.join(missing)} ; "
                "écrivez 'variable,level,total' avec une ligne par modalité (modalité vide "
                "pour une variable numérique).",
            )
        )
    levels: dict[str, list[tuple[str, float]]] = {}
    numeric: list[tuple[str, float]] = []
    population = None
    for number, row in rows:
        name, level = row["variable"].strip(), (row["level"] or "").strip()
        total = _number(row["total"], path, number, "total")
        if name == INTERCEPT:
            population = total
        elif level:
            levels.setdefault(name, []).append((level, total))
        else:
            if any(v == name for v, _ in numeric):
                raise CalibrationError(
                    Text(
                        f"{path}, row {number}: variable {name!r} has two totals.",
                        f"{path}, ligne {number} : la variable {name!r} a deux totaux.",
                    )
                )
            numeric.append((name, total))
    clash = sorted(set(levels) & {v for v, _ in numeric})
    if clash:
        raise CalibrationError(
            Text(
                f"{path}: variable {clash[0]!r} has rows with and without a level; give levels "
                "for a categorical variable, or one total with an empty level for a numeric one.",
                f"{path} : la variable {clash[0]!r} a des lignes avec et sans modalité ; "
                "donnez des modalités pour une variable catégorielle, ou un seul total à "
                "modalité vide pour une variable numérique.",
            )
        )
    margins = tuple(
        Margin(name, tuple(lv for lv, _ in pairs), tuple(t for _, t in pairs), source=str(path))
        for name, pairs in levels.items()
    )
    return margins, tuple(numeric), population


def _rows(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    if not path.is_file():
        raise DataFileError(
            Text(
                f"Population file {path} does not exist; check the path.",
                f"Le fichier de population {path} n'existe pas ; vérifiez le chemin.",
            )
        )
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows = [(i + 2, row) for i, row in enumerate(reader)]
    if not rows:
        raise DataFileError(
            Text(
                f"Population file {path} has no rows.",
                f"Le fichier de population {path} n'a aucune ligne.",
            )
        )
    return rows, header


def _number(text: str | None, path: Path, row: int, column: str) -> float:
    try:
        value = float((text or "").strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise CalibrationError(
            Text(
                f"{path}, row {row}, column {column!r}: {text!r} is not a number.",
                f"{path}, ligne {row}, colonne {column!r} : {text!r} n'est pas un nombre.",
            )
        )
    return value


def read_frame(stratum: str, path: str | Path) -> dict[str, float]:
    """Read a sample frame: each stratum's population, from a CSV with the stratum column
    (named ``stratum``, else the only column besides ``population``) and ``population``."""
    path = Path(path)
    rows, header = _rows(path)
    others = [c for c in header if c != "population"]
    column = stratum if stratum in header else (others[0] if len(others) == 1 else None)
    if "population" not in header or column is None:
        raise DataFileError(
            Text(
                f"Frame file {path} needs columns '{stratum},population' "
                f"(found: {', '.join(header)}).",
                f"Le fichier de base de sondage {path} demande les colonnes "
                f"'{stratum},population' (trouvées : {', '.join(header)}).",
            )
        )
    frame: dict[str, float] = {}
    for number, row in rows:
        level = row[column].strip()
        if level in frame:
            raise CalibrationError(
                Text(
                    f"{path}, row {number}: stratum {level!r} is listed twice.",
                    f"{path}, ligne {number} : la strate {level!r} est donnée deux fois.",
                )
            )
        frame[level] = _number(row["population"], path, number, "population")
    return frame
