"""What ``results/survey_summary.json`` says about the sample: respondents, strata, weights.

The weight summary gives Kish's design effect due to unequal weighting,
``deff_w = n * sum(w^2) / (sum w)^2 = 1 + cv^2`` (Kish 1965, sect. 11.7), where ``cv`` is the
coefficient of variation of the weights with the population standard deviation (divisor n),
so that the identity holds exactly.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from safemig.design import Design
from safemig.ingest.columns import quote


def survey_summary(
    table: pa.Table, design: Design, quarantined: int, flagged: int
) -> dict[str, Any]:
    """The sample by stratum and the distribution of the final weights.

    Parameters
    ----------
    table
        The analysis table after the weights stage.
    design
        The design estimation uses (its ``weights`` is the final weight).
    quarantined, flagged
        Rows the store holds in quarantine, and kept submissions carrying a flag.

    Returns
    -------
    dict
        ``respondents, quarantined, flagged, strata`` (``stratum, respondents, psus,
        weighted``; one entry with ``stratum`` null for an unstratified design) and ``weights``
        (``min, max, mean, cv, kish_deff``).
    """
    con = duckdb.connect()
    try:
        con.register("analysis", table)
        return {
            "respondents": table.num_rows,
            "quarantined": quarantined,
            "flagged": flagged,
            "strata": _strata(con, design),
            "weights": _weights(con, quote(design.weights)),
        }
    finally:
        con.close()


def _strata(con: duckdb.DuckDBPyConnection, design: Design) -> list[dict[str, Any]]:
    w = quote(design.weights)
    stratum = f"CAST({quote(design.strata)} AS VARCHAR)" if design.strata else "NULL"
    psus = f"count(DISTINCT {quote(design.psu[0])})" if design.psu else "count(*)"
    rows = con.execute(
        f"SELECT {stratum} AS s, count(*), {psus}, sum({w}) FROM analysis "
        "GROUP BY s ORDER BY s NULLS LAST"
    ).fetchall()
    return [
        {"stratum": s, "respondents": int(n), "psus": int(p), "weighted": float(total or 0.0)}
        for s, n, p, total in rows
    ]


def _weights(con: duckdb.DuckDBPyConnection, w: str) -> dict[str, float | None]:
    low, high, mean, sd, n, total, squares = (
        con.execute(
            f"SELECT min({w}), max({w}), avg({w}), stddev_pop({w}), count({w}), sum({w}), "
            f"sum({w} * {w}) FROM analysis"
        ).fetchone()
        or (None,) * 7
    )
    if not n or not total:
        return {"min": low, "max": high, "mean": mean, "cv": None, "kish_deff": None}
    return {
        "min": float(low),
        "max": float(high),
        "mean": float(mean),
        "cv": float(sd / mean),
        "kish_deff": float(n * squares / total**2),
    }
