"""The weights stage of ``safemig run``: the analysis table with its final weight built.

Without weighting steps in ``[weights]`` the final weight is a column of the data (``final``,
by default the design weight), read as a number. With steps, the stage builds it in the
order a statistician would (see docs/project.md and docs/weights.md):

1. base weights, ``1/(p1 p2 ...)`` from ``probabilities`` or ``N_h/n_h`` from a ``frame``;
2. nonresponse adjustment within ``nonresponse_classes`` (the nonrespondents then leave the
   table, as one subsets an R design to respondents after weighting);
3. calibration (``[weights.calibration]``): not applied to the column but put into the
   design (``Design(calibration=...)``), so the engine computes the calibrated weights and
   every standard error uses the residualised variance, as R ``postStratify``, ``rake`` and
   ``calibrate`` do.

The stage returns the table, the design the estimates use, and the weighting report (HTML per
language) when the design is calibrated.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pyarrow as pa
import pyarrow.compute as pc

from safemig.design import Design
from safemig.errors import NonNumericWeightError, ProjectError
from safemig.i18n import Text
from safemig.project import Project

#: The column the stage writes when it builds the weight (the data's columns are kept).
BUILT_WEIGHT = "safemig_weight"


@dataclass(frozen=True)
class WeightedData:
    """What the weights stage hands on: table, design, and the reports by language."""

    table: pa.Table
    design: Design
    reports: dict[str, str] = field(default_factory=dict)


def weights_stage(project: Project, table: pa.Table, design: Design | None = None) -> WeightedData:
    """Build the final weight of ``table`` as ``[weights]`` says; calibrate the design.

    Missing and negative weights are left for the estimation engine, whose errors name the
    rows.

    Raises
    ------
    ProjectError
        When a column is not in the data (or none is set).
    NonNumericWeightError
        When the weight column holds text that is not a number; the message names the
        submission.
    safemig.errors.CalibrationError
        From the base weights, nonresponse adjustment or calibration (names the level,
        class or margin).
    """
    settings = project.weights
    base = design if design is not None else Design(weights=settings.final or "")
    if settings.builds:
        table, column = _built(project, table, base)
    else:
        column = settings.final
        table = _numeric(project, table, column)
    weighted = replace(base, weights=column, calibration=settings.calibration)
    reports: dict[str, str] = {}
    if settings.calibration is not None and settings.report:
        from safemig.weights.report import weighting_report

        for language in project.languages:
            reports[language] = weighting_report(table, weighted, language)
    return WeightedData(table, weighted, reports)


def _built(project: Project, table: pa.Table, design: Design) -> tuple[pa.Table, str]:
    """Base weights, then the nonresponse adjustment, into :data:`BUILT_WEIGHT`."""
    from safemig.weights.construct import (
        base_weights_from_frame,
        base_weights_from_probabilities,
        nonresponse_adjusted,
    )
    from safemig.weights.population import read_frame

    settings = project.weights
    _require(project, table, "probabilities", settings.probabilities)
    _require(project, table, "nonresponse_classes", settings.nonresponse_classes)
    _require(project, table, "respondent", (settings.respondent,) if settings.respondent else ())
    column = "__safemig_base"
    if settings.probabilities:
        table = base_weights_from_probabilities(table, settings.probabilities, column)
    elif settings.frame is not None and design.strata:
        frame = read_frame(design.strata, settings.frame)
        table = base_weights_from_frame(table, design.strata, frame, column)
    else:
        column = settings.final
        table = _numeric(project, table, column)
    if settings.nonresponse_classes:
        table = nonresponse_adjusted(
            table, column, settings.nonresponse_classes, settings.respondent, BUILT_WEIGHT
        )
        table = table.filter(pc.greater(table.column(BUILT_WEIGHT), 0.0))
    else:
        table = table.append_column(BUILT_WEIGHT, table.column(column))
    if column.startswith("__"):
        table = table.drop_columns([column])
    return table, BUILT_WEIGHT


def _require(project: Project, table: pa.Table, key: str, columns: tuple[str, ...]) -> None:
    for name in columns:
        if name not in table.column_names:
            raise ProjectError(
                Text(
                    f"{project.file}: [weights] {key}: {name!r} is not a column of the "
                    "submissions (see docs/project.md)",
                    f"{project.file} : [weights] {key} : {name!r} n'est pas une colonne des "
                    "soumissions (voir docs/project.md)",
                )
            )


def _numeric(project: Project, table: pa.Table, column: str) -> pa.Table:
    """``table`` with ``column`` as 64-bit floats."""
    if not column or column not in table.column_names:
        raise ProjectError(
            Text(
                f"{project.file}: [weights] final = {column!r} is not a column of the "
                "submissions; name the column holding the final weight (by default the "
                "[design] weights column)",
                f"{project.file} : [weights] final = {column!r} n'est pas une colonne des "
                "soumissions ; nommez la colonne du poids final (par défaut celle de "
                "[design] weights)",
            )
        )
    values = table.column(column)
    if pa.types.is_floating(values.type):
        return table
    if pa.types.is_integer(values.type) or pa.types.is_decimal(values.type):
        return _replaced(table, column, pc.cast(values, pa.float64()))
    return _replaced(table, column, _parsed(project, table, column))


def _parsed(project: Project, table: pa.Table, column: str) -> pa.ChunkedArray:
    text = pc.utf8_trim_whitespace(pc.cast(table.column(column), pa.string()))
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    try:
        return pc.cast(text, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        key, value = _first_bad(table, column)
        raise NonNumericWeightError(
            Text(
                f"{project.file}: [weights] final: column {column!r} must hold numbers, but "
                f"submission {key} has {value!r}; correct it with a cleaning log "
                "(`safemig clean`)",
                f"{project.file} : [weights] final : la colonne {column!r} doit contenir des "
                f"nombres, mais la soumission {key} contient {value!r} ; corrigez-la par un "
                "journal de nettoyage (`safemig clean`)",
            )
        ) from exc


def _first_bad(table: pa.Table, column: str) -> tuple[object, object]:
    keys = table.column("_key").to_pylist() if "_key" in table.column_names else None
    for i, value in enumerate(table.column(column).to_pylist()):
        if value is None or not str(value).strip():
            continue
        try:
            float(str(value))
        except ValueError:
            return (keys[i] if keys else f"row {i + 1}"), value
    return "?", None


def _replaced(table: pa.Table, column: str, values: pa.ChunkedArray | pa.Array) -> pa.Table:
    return table.set_column(table.column_names.index(column), column, values)
