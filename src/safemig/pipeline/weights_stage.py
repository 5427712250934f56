"""The weights stage of ``safemig run``: the analysis table with its final weight ready.

Today the final weight is a column of the data (``[weights] final``, by default the design
weight), read as a number. Calibration (post-stratification, raking, GREG: issue 3) plugs in
here, as a function of the same shape: it takes the project and the analysis table and
returns the table with the final-weight column added or replaced. Nothing is calibrated yet,
and nothing pretends to be.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from safemig.errors import NonNumericWeightError, ProjectError
from safemig.i18n import Text
from safemig.project import Project


def weights_stage(project: Project, table: pa.Table) -> pa.Table:
    """Return ``table`` with the ``[weights] final`` column as 64-bit floats.

    Missing and negative weights are left for the estimation engine, whose errors name the
    rows.

    Raises
    ------
    ProjectError
        When the column is not in the data (or none is set).
    NonNumericWeightError
        When the column holds text that is not a number; the message names the submission.
    """
    column = project.weights.final
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
