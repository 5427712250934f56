"""Backends execute compiled plans: connect, run a SQL AST, return Arrow. Nothing else.

The interface is deliberately small so that a new engine (Apache Spark follows DuckDB) only
says how to read a source, which SQL dialect it speaks and how to run a query. The SQL itself
comes from :mod:`safemig.estimate.compiler`, written once as a SQLGlot AST.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeAlias

import pyarrow as pa
from sqlglot import exp

from safemig.errors import RequestError
from safemig.i18n import Text


@dataclass(frozen=True)
class Loaded:
    """Data a backend has read into its own memory (:meth:`Backend.load`): the table it
    keeps there, and what it was read from (for messages). Registering it makes a view of
    that table, not a copy."""

    table: str
    origin: str

    def __str__(self) -> str:
        return self.origin


Source: TypeAlias = str | Path | pa.Table | Loaded

#: Column kinds a backend reports, whatever its native type names.
NUMERIC, STRING, BOOLEAN, OTHER = "numeric", "string", "boolean", "other"

#: Every registered source carries this column: a unique integer per row, increasing in the
#: order the rows were read (file order for one file). DuckDB keeps file order and numbers rows
#: 1, 2, 3...; Spark reads in parallel and numbers them with gaps. The engine orders by it
#: where order matters (row numbers in error messages, tie order in quantiles) and uses it as
#: the PSU id when each row is its own PSU. It is not reported by ``column_kinds``.
ROW_ID = "__row"


class Backend(Protocol):
    """What the engine needs from a database engine."""

    #: SQLGlot dialect name the backend speaks (``duckdb``, ``spark``).
    dialect: str

    def register(self, name: str, source: Source) -> None:
        """Make ``source`` (CSV or Parquet path, Arrow table, or data this backend loaded)
        queryable as ``name``, with the extra column :data:`ROW_ID`."""

    def load(self, name: str, source: Source, order: Sequence[str] = ()) -> Loaded:
        """Read ``source`` once into the engine's memory as table ``name`` (with
        :data:`ROW_ID`), for many requests; register the handle returned to query it.
        ``order`` names columns to store the rows grouped by (a survey's strata and PSUs),
        a layout hint that changes no result; those absent from the data are ignored."""

    def column_kinds(self, name: str) -> dict[str, str]:
        """Map each column of relation ``name`` (but :data:`ROW_ID`) to NUMERIC, STRING,
        BOOLEAN or OTHER."""

    def execute(self, query: exp.Expr, encoded: bool = False) -> pa.Table:
        """Run one query and return its result as an Arrow table; with ``encoded``, text
        columns may come as Arrow dictionaries, as the backend keeps them (for a caller that
        only numbers the values: their codes are then free)."""

    def materialize(self, name: str, query: exp.Expr) -> None:
        """Compute ``query`` once and keep it queryable as ``name`` (a temporary table)."""

    def close(self) -> None:
        """Release the connection."""


BACKENDS = ("duckdb", "spark")


def open_backend(name: str = "duckdb", settings: Mapping[str, str] | None = None) -> Backend:
    """Return a fresh backend by name.

    Parameters
    ----------
    name
        ``"duckdb"`` (embedded, the default) or ``"spark"`` (needs ``safemig[spark]``).
    settings
        Engine configuration: DuckDB settings (``{"threads": "2"}``), or Spark configuration
        (``{"spark.master": "local[4]", "spark.sql.shuffle.partitions": "64"}``).

    Raises
    ------
    RequestError
        When the backend is not known.
    BackendUnavailableError
        When the backend's software (PySpark, Java) is missing.

    Examples
    --------
    >>> engine = open_backend("duckdb")
    >>> engine.dialect
    'duckdb'
    >>> engine.close()
    """
    if name == "duckdb":
        from safemig.estimate.backends.duckdb import DuckDBBackend

        return DuckDBBackend(settings=dict(settings or {}))
    if name == "spark":
        from safemig.estimate.backends.spark import SparkBackend

        return SparkBackend(settings)
    raise RequestError(
        Text(
            f"Backend {name!r} is not available; choose one of {', '.join(BACKENDS)}.",
            f"Le moteur {name!r} n'est pas disponible ; choisissez parmi {', '.join(BACKENDS)}.",
        )
    )
