"""Backends execute compiled plans: connect, run a SQL AST, return Arrow. Nothing else.

The interface is deliberately small so that a new engine (Apache Spark follows DuckDB) only
says how to read a source, which SQL dialect it speaks and how to run a query. The SQL itself
comes from :mod:`safemig.estimate.compiler`, written once as a SQLGlot AST.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, TypeAlias

import pyarrow as pa
from sqlglot import exp

from safemig.errors import RequestError
from safemig.i18n import Text

Source: TypeAlias = str | Path | pa.Table

#: Column kinds a backend reports, whatever its native type names.
NUMERIC, STRING, BOOLEAN, OTHER = "numeric", "string", "boolean", "other"


class Backend(Protocol):
    """What the engine needs from a database engine."""

    #: SQLGlot dialect name the backend speaks (``duckdb``, ``spark``).
    dialect: str

    def register(self, name: str, source: Source) -> None:
        """Make ``source`` (CSV or Parquet path, or an Arrow table) queryable as ``name``."""

    def column_kinds(self, name: str) -> dict[str, str]:
        """Map each column of relation ``name`` to NUMERIC, STRING, BOOLEAN or OTHER."""

    def execute(self, query: exp.Expr) -> pa.Table:
        """Run one query and return its result as an Arrow table."""

    def materialize(self, name: str, query: exp.Expr) -> None:
        """Compute ``query`` once and keep it queryable as ``name`` (a temporary table)."""

    def close(self) -> None:
        """Release the connection."""


def open_backend(name: str = "duckdb") -> Backend:
    """Return a fresh backend by name.

    Raises
    ------
    RequestError
        When the backend is not known.
    """
    if name == "duckdb":
        from safemig.estimate.backends.duckdb import DuckDBBackend

        return DuckDBBackend()
    raise RequestError(
        Text(
            f"Backend {name!r} is not available; choose 'duckdb'.",
            f"Le moteur {name!r} n'est pas disponible ; choisissez 'duckdb'.",
        )
    )
