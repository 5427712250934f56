"""The embedded default backend: DuckDB, in memory, reading CSV, Parquet or Arrow."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from safemig.errors import (
    BackendError,
    DataFileError,
    EmptyDataError,
    InputError,
    RequestError,
)
from safemig.estimate.arrays import arrow_numbers, decoded
from safemig.estimate.backends import BOOLEAN, NUMERIC, OTHER, ROW_ID, STRING, Loaded, Source
from safemig.i18n import Text

#: A text column of loaded data with at most this many distinct values (DuckDB's estimate)
#: is stored as an ENUM (see :meth:`DuckDBBackend.load`); an identifier or free text stays text.
CATEGORY_LEVELS = 10_000

_COPY_WARNING = "Arrow output on a DB-API result makes an extra copy"

# SQLGlot builds a dialect's generator class on first use (20-80 ms measured), and its table
# of node writers on the first query written (1.4 ms): both done when this module loads, with
# the other imports, so that the first estimate does not pay for them.
_DIALECT = Dialect.get_or_raise("duckdb")
exp.select("1").sql(dialect=_DIALECT)

_NUMERIC_PREFIXES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
    "REAL",
)


class DuckDBBackend:
    """Run compiled plans on an in-memory DuckDB connection."""

    dialect = "duckdb"

    def __init__(self, threads: int | None = None, settings: dict[str, str] | None = None) -> None:
        try:
            self._con = duckdb.connect(":memory:", config=dict(settings or {}))
        except duckdb.Error as exc:
            raise RequestError(
                Text(
                    f"DuckDB setting rejected: {str(exc).splitlines()[0]}",
                    f"Réglage DuckDB refusé : {str(exc).splitlines()[0]}",
                )
            ) from exc
        if threads:
            self._con.execute(f"SET threads = {int(threads)}")

    def register(self, name: str, source: Source) -> None:
        if isinstance(source, Loaded):
            self._con.execute(f'CREATE OR REPLACE VIEW "{name}" AS SELECT * FROM "{source.table}"')
            return
        if isinstance(source, pa.Table):
            # The row id as a column of the Arrow table (1, 2, 3... in table order), not a
            # window: DuckDB runs ROW_NUMBER() OVER () on one thread, and with it the scan and
            # every expression above it (a catalogue's derived-variable table at 1M rows: one
            # thread busy for 5 s; with the column, two threads share it).
            numbers = arrow_numbers(np.arange(1, source.num_rows + 1, dtype=np.int64))
            self._con.register(f"{name}__arrow", source.append_column(ROW_ID, numbers))
            numbered = f'SELECT * FROM "{name}__arrow"'
        else:
            # DuckDB reads in file order, so numbering rows as they come is the file's order;
            # the optimiser drops the window from every query that does not use the row id.
            relation_sql = _reader_sql(Path(source))
            numbered = f'SELECT *, ROW_NUMBER() OVER () AS "{ROW_ID}" FROM ({relation_sql})'
        self._checked(name, source, f'CREATE OR REPLACE VIEW "{name}" AS {numbered}')

    def load(self, name: str, source: Source, order: Sequence[str] = ()) -> Loaded:
        """Read ``source`` into a table of this connection, its categories as ENUMs.

        A text file is parsed once; Parquet and Arrow are read by column as each step needs
        them. Rows keep their row ids in file order. A text column with at most
        :data:`CATEGORY_LEVELS` distinct values is then stored as a DuckDB ENUM (one small
        integer per row and the list of its values, as an R factor): it compares, sorts and
        prints as the text it holds, but grouping by it hashes integers. On the issue-2
        benchmark (1M rows, 4 such columns) the cell aggregation took 0.031 s against 0.053 s
        with the same columns as text.

        With ``order`` (a design's strata and PSUs) the rows are then stored sorted by those
        columns. Each request's cell aggregation groups by PSU: with a PSU's rows together its
        hash table is touched in order instead of at random (1M rows, 108,555 PSU x cell
        groups: 23 ms against 37 ms; sorting took 58 ms once). Row ids, and so every order
        that matters (error rows, quantile ties), are unchanged.
        """
        if isinstance(source, Loaded):
            return source
        staged = f"{name}__read"
        if isinstance(source, pa.Table) or Path(source).suffix.lower() == ".parquet":
            # Arrow and Parquet are read by column, cheaply, once per step below.
            self.register(staged, source)
        else:
            # A text file is parsed once, into a first table that the steps below read.
            relation_sql = _reader_sql(Path(source))
            reader = f'SELECT *, ROW_NUMBER() OVER () AS "{ROW_ID}" FROM ({relation_sql})'
            self._checked(staged, source, f'CREATE OR REPLACE TABLE "{staged}" AS {reader}')
        described = self._con.execute(f'DESCRIBE "{staged}"').fetchall()
        columns = [str(row[0]) for row in described]
        text = [str(row[0]) for row in described if str(row[1]).upper() == "VARCHAR"]
        types: dict[str, str] = {}
        if text:
            estimated = ", ".join(f'approx_count_distinct("{_escaped(c)}")' for c in text)
            counts = self._con.execute(f'SELECT {estimated} FROM "{staged}"').fetchall()[0]
            for number, (column, count) in enumerate(zip(text, counts, strict=True)):
                if 0 < int(count) <= CATEGORY_LEVELS:
                    types[column] = f"{name}__levels{number}"
                    self._con.execute(
                        f'CREATE OR REPLACE TYPE "{types[column]}" AS ENUM (SELECT DISTINCT '
                        f'"{_escaped(column)}" FROM "{staged}" WHERE "{_escaped(column)}" IS NOT '
                        "NULL ORDER BY 1)"
                    )
        selected = ", ".join(
            f'CAST("{_escaped(c)}" AS "{types[c]}") AS "{_escaped(c)}"'
            if c in types
            else f'"{_escaped(c)}"'
            for c in columns
        )
        keys = ", ".join(f'"{_escaped(c)}"' for c in dict.fromkeys(order) if c in columns)
        sorted_by = f" ORDER BY {keys}" if keys else ""
        self._con.execute(
            f'CREATE OR REPLACE TABLE "{name}" AS SELECT {selected} FROM "{staged}"{sorted_by}'
        )
        if isinstance(source, pa.Table) or self._is_view(staged):
            self._con.execute(f'DROP VIEW "{staged}"')
            if isinstance(source, pa.Table):
                self._con.unregister(f"{staged}__arrow")  # the caller's table, not kept
        else:
            self._con.execute(f'DROP TABLE "{staged}"')
        return Loaded(name, str(source))

    def _is_view(self, name: str) -> bool:
        found = self._con.execute(
            "SELECT COUNT(*) FROM duckdb_views() WHERE view_name = ?", [name]
        ).fetchall()
        return bool(found[0][0])

    def _checked(self, name: str, source: Source, statement: str) -> None:
        """Run the statement that reads ``source`` as ``name``; refuse an unreadable or
        empty source with a message naming it."""
        try:
            self._con.execute(statement)
            # fetchall, not fetchone: a half-read result would block the next query.
            count = self._con.execute(f'SELECT COUNT(*) FROM "{name}"').fetchall()[0]
        except duckdb.Error as exc:
            detail = str(exc).splitlines()[0]
            raise DataFileError(
                Text(
                    f"Cannot read {source}: {detail}. "
                    "Give a CSV file with a header row, or a Parquet file.",
                    f"Impossible de lire {source} : {detail}. "
                    "Donnez un fichier CSV avec une ligne d'en-tête, ou un fichier Parquet.",
                )
            ) from exc
        if count is None or count[0] == 0:
            raise EmptyDataError(
                Text(
                    f"{source} has no data rows; nothing to estimate.",
                    f"{source} n'a aucune ligne de données ; rien à estimer.",
                )
            )

    def column_kinds(self, name: str) -> dict[str, str]:
        rows = self._con.execute(f'DESCRIBE "{name}"').fetchall()
        return {row[0]: _kind(str(row[1])) for row in rows if row[0] != ROW_ID}

    def execute(self, query: exp.Expr, encoded: bool = False) -> pa.Table:
        # Every query is built fresh for one execution, so the generator may work on it in
        # place: copying a catalogue's cell query first took longer than writing it.
        sql = query.sql(dialect=_DIALECT, copy=False)
        try:
            # execute() plans the statement once; sql() parses and binds it to make a
            # relation, then again to run it: a third more CPU on the catalogue's long
            # queries (0.66 -> 0.45 s and 0.42 -> 0.29 s in two runs of the statements of
            # a 1,320-respondent catalogue call). DuckDB warns that Arrow
            # output of an execute() result copies the rows; measured on a 1M-row x 9-column
            # result, the reader costs no more than sql().to_arrow_table() (0.13 / 0.15 s).
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", _COPY_WARNING, UserWarning)
                reader = self._con.execute(sql).to_arrow_reader()
            assert reader is not None  # execute() always leaves a result, if only a count
            table = reader.read_all()
            return table if encoded else decoded(table)
        except duckdb.BinderException as exc:
            detail = str(exc).splitlines()[0]
            raise InputError(
                Text(
                    f"The request does not fit the data: {detail}",
                    f"La demande ne correspond pas aux données : {detail}",
                )
            ) from exc
        except duckdb.ConversionException as exc:
            detail = str(exc).splitlines()[0]
            raise InputError(
                Text(
                    f"A value could not be converted: {detail}",
                    f"Une valeur n'a pas pu être convertie : {detail}",
                )
            ) from exc
        except duckdb.Error as exc:
            raise BackendError(
                Text(
                    f"DuckDB failed (please report this): {exc}\nQuery: {sql}",
                    f"DuckDB a échoué (merci de le signaler) : {exc}\nRequête : {sql}",
                )
            ) from exc

    def materialize(self, name: str, query: exp.Expr) -> None:
        create = exp.Create(
            this=exp.to_table(name),
            kind="TABLE",
            expression=query,
            replace=True,
            properties=exp.Properties(expressions=[exp.TemporaryProperty()]),
        )
        # The table is written in whatever order the threads finish, as Spark writes it:
        # nothing reads a materialised table by position against its source (order, where
        # it matters, is the row id's). Keeping insertion order made DuckDB merge the
        # source's 65,536-row Arrow batches into row groups: the 1M-row catalogue's derived
        # table took 2.9 CPU s, 2.0 without. Every other statement keeps the order, so
        # that two scans of one table line their rows up.
        setting = "SELECT current_setting('preserve_insertion_order')"
        keep = bool(self._con.execute(setting).fetchall()[0][0])
        self._con.execute("SET preserve_insertion_order = false")
        try:
            self.execute(create)
        finally:
            self._con.execute(f"SET preserve_insertion_order = {keep}")

    def close(self) -> None:
        self._con.close()


def _reader_sql(path: Path) -> str:
    if not path.exists():
        raise DataFileError(
            Text(
                f"Data file {path} does not exist; check the path.",
                f"Le fichier de données {path} n'existe pas ; vérifiez le chemin.",
            )
        )
    literal = str(path).replace("'", "''")
    suffix = "".join(path.suffixes[-2:]).lower()
    if path.suffix.lower() == ".parquet" or path.is_dir():
        return f"SELECT * FROM read_parquet('{literal}')"
    if path.suffix.lower() in (".csv", ".tsv", ".txt") or suffix.endswith(".csv.gz"):
        return (
            f"SELECT * FROM read_csv('{literal}', header = true, nullstr = ['', 'NA'], "
            # No BOOLEAN candidate: answers such as Yes/No must stay the words they are.
            "sample_size = -1, auto_type_candidates = ['BIGINT', 'DOUBLE', 'VARCHAR'])"
        )
    raise DataFileError(
        Text(
            f"{path} is neither CSV nor Parquet; safemig estimate reads .csv and .parquet files.",
            f"{path} n'est ni un CSV ni un Parquet ; safemig estimate lit les fichiers .csv et "
            ".parquet.",
        )
    )


def _kind(type_name: str) -> str:
    upper = type_name.upper()
    if upper.startswith(_NUMERIC_PREFIXES):
        return NUMERIC
    if upper == "BOOLEAN":
        return BOOLEAN
    if upper.startswith(("VARCHAR", "ENUM")) or upper == "TEXT":
        return STRING
    return OTHER


def _escaped(column: str) -> str:
    """A column name made safe to put between double quotes."""
    return column.replace('"', '""')
