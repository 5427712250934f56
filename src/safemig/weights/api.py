"""The calibrated weights themselves, as a new column beside the original.

>>> from safemig import Design
>>> from safemig.weights import Calibration, Margin, calibrated_weights
>>> stype = Margin("stype", ("E", "H", "M"), (4421, 755, 1018))
>>> design = Design(weights="pw", calibration=Calibration("poststratify", margins=(stype,)))
>>> table = calibrated_weights("apiclus1.csv", design)  # doctest: +SKIP
>>> table.column("pw_cal")  # doctest: +SKIP
"""

from __future__ import annotations

import pyarrow as pa
from sqlglot import exp

from safemig.design import Design
from safemig.errors import RequestError
from safemig.estimate.backends import ROW_ID, Backend, Source, open_backend
from safemig.estimate.calibration import CAL_WEIGHT, UNCALIBRATED, calibrate_source
from safemig.estimate.compiler import SOURCE
from safemig.estimate.sqlparts import alias, col
from safemig.i18n import Text


def calibrated_weights(
    data: Source, design: Design, column: str | None = None, backend: str | Backend = "duckdb"
) -> pa.Table:
    """Return ``data`` with the calibrated weight added as ``column`` (default
    ``<weights>_cal``; replicate columns get ``_cal`` too), the original weights kept.

    Raises
    ------
    safemig.errors.CalibrationError
        As :func:`safemig.estimate.estimate` does for a calibrated design.
    """
    if design.calibration is None:
        raise RequestError(
            Text(
                "The design has no calibration: give Design(..., calibration=...).",
                "Le plan n'a pas de calage : donnez Design(..., calibration=...).",
            )
        )
    name = column or f"{design.weights}_cal"
    engine = open_backend(backend) if isinstance(backend, str) else backend
    try:
        engine.register(UNCALIBRATED, data)
        calibrated = calibrate_source(engine, design, UNCALIBRATED, residual_columns=False)
        original = [c for c in engine.column_kinds(UNCALIBRATED)]
        extra = [alias(col(CAL_WEIGHT), name)]
        if design.replicates is not None and calibrated.design.replicates is not None:
            extra += [
                alias(col(new), f"{old}_cal")
                for old, new in zip(
                    design.replicates.columns, calibrated.design.replicates.columns, strict=True
                )
            ]
        query = (
            exp.select(*(col(c) for c in original), *extra)
            .from_(SOURCE, copy=False)
            .order_by(col(ROW_ID), copy=False)
        )
        return engine.execute(query)
    finally:
        if isinstance(backend, str):
            engine.close()
