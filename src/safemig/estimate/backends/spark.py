"""Apache Spark backend: the same compiled plans, run by Spark SQL on one machine or a cluster.

PySpark is an optional extra (``pip install 'safemig[spark]'``) and needs a Java runtime; both
load only when a Spark backend is opened. The backend runs in an existing SparkSession when
there is one (``spark-submit``, a notebook, a managed platform), and otherwise starts one with
the settings given (``spark.master`` and any ``spark.*`` configuration).

Each backend works in its own child session (``SparkSession.newSession``): its temporary views
and SQL settings are its own, while the cluster, its executors and its cache are shared.

Differences from DuckDB, each kept here: CSV columns are typed the way the DuckDB reader types
them (integers, then decimals, else text: answers such as Yes/No or dates stay text; ``''`` and
``'NA'`` are missing) and kept in Spark's cache, since every query would otherwise parse the
text again; rows carry an increasing id in read order (``monotonically_increasing_id``)
because Spark reads files in parallel.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pyarrow as pa
from sqlglot import exp

from safemig.errors import (
    BackendError,
    BackendUnavailableError,
    DataFileError,
    EmptyDataError,
    InputError,
    RequestError,
)
from safemig.estimate.backends import BOOLEAN, NUMERIC, OTHER, ROW_ID, STRING, Loaded, Source
from safemig.i18n import Text

INSTALL_PYSPARK = "pip install 'safemig[spark]'"
INSTALL_JAVA = "sudo apt-get install openjdk-17-jre-headless (or set JAVA_HOME to a Java 17 or 21)"
MISSING_TEXT = ("", "NA")  # as the DuckDB reader's nullstr
#: Settings for a session safemig starts itself; any of them can be overridden.
DEFAULT_SETTINGS = {
    "spark.app.name": "safemig",
    "spark.ui.showConsoleProgress": "false",  # the CLI shows its own progress
    "spark.log.level": "FATAL",  # failures reach the user as safemig errors, once
}
#: Runtime settings of every backend's own child session (the caller's session is untouched).
#: A materialised table keeps the partitions of the query that made it unless adaptive
#: execution may merge them: with Spark's 200 shuffle partitions, every later query over the
#: small cell table would run 200 tasks (40 s instead of 1 s at 10M rows, 2 cores).
SESSION_SETTINGS = {"spark.sql.optimizer.canChangeCachedPlanOutputPartitioning": "true"}


class SparkBackend:
    """Run compiled plans with Spark SQL.

    Parameters
    ----------
    settings
        Spark configuration (``{"spark.master": "yarn", "spark.executor.memory": "8g"}``).
        Applied when safemig starts the session; with a running session only runtime
        (``spark.sql.*``) settings can change.
    session
        A SparkSession to work in (default: the active one, or a new one).

    Raises
    ------
    BackendUnavailableError
        When PySpark or Java is not installed.
    """

    dialect = "spark"

    def __init__(self, settings: Mapping[str, str] | None = None, session: Any = None) -> None:
        self._session = _child_session(dict(settings or {}), session)
        self._views: set[str] = set()
        self._cached: dict[str, Any] = {}

    def register(self, name: str, source: Source) -> None:
        if isinstance(source, Loaded):
            self._session.table(source.table).createOrReplaceTempView(name)
            self._views.add(name)
            return
        frame = _with_row_id(_read(self._session, source))
        # A text file is parsed once and kept; Parquet is read again by each query.
        self._counted(name, source, frame.persist() if _is_text(source) else frame)

    def load(self, name: str, source: Source, order: Sequence[str] = ()) -> Loaded:
        """Read ``source`` once and keep it in Spark's cache (memory, then disk). ``order``
        is not used: Spark's aggregations shuffle rows by key whatever their order."""
        if isinstance(source, Loaded):
            return source
        self._counted(name, source, _with_row_id(_read(self._session, source)).persist())
        return Loaded(name, str(source))

    def _counted(self, name: str, source: Source, frame: Any) -> None:
        """Make ``frame`` the view ``name`` and count it now; refuse an unreadable or empty
        source with a message naming it."""
        frame.createOrReplaceTempView(name)
        self._views.add(name)
        if frame.is_cached:
            self._keep(name, frame)
        try:
            count = frame.count()
        except Exception as exc:  # Spark raises its own classes, or Py4J's
            raise DataFileError(
                Text(
                    f"Cannot read {source}: {_first_line(exc)}. "
                    "Give a CSV file with a header row, or Parquet.",
                    (
                        f"Impossible de lire {source} : {_first_line(exc)}. Donnez un "
                        f"fichier CSV avec une ligne d'en-tête, ou un Parquet."
                    ),
                )
            ) from exc
        if count == 0:
            raise EmptyDataError(
                Text(
                    f"{source} has no data rows; nothing to estimate.",
                    f"{source} n'a aucune ligne de données ; rien à estimer.",
                )
            )

    def _keep(self, name: str, frame: Any) -> None:
        """Remember the cached frame behind view ``name``, releasing the one it replaces: a
        loaded dataset serves many requests on one backend, each materialising tables of
        the same names."""
        replaced = self._cached.pop(name, None)
        self._cached[name] = frame
        if replaced is not None and replaced is not frame:
            replaced.unpersist()

    def column_kinds(self, name: str) -> dict[str, str]:
        fields = self._session.table(name).schema.fields
        return {f.name: _kind(f.dataType) for f in fields if f.name != ROW_ID}

    def execute(self, query: exp.Expr, encoded: bool = False) -> pa.Table:
        # Spark returns text as text: there is nothing to keep encoded.
        return _translated(lambda: self._frame(query).toArrow(), query)

    def materialize(self, name: str, query: exp.Expr) -> None:
        frame = self._frame(query).persist()
        _translated(frame.count, query)  # compute it now, once
        frame.createOrReplaceTempView(name)
        self._views.add(name)
        self._keep(name, frame)

    def close(self) -> None:
        """Drop this backend's views and cached tables; the session itself stays up."""
        for frame in self._cached.values():
            frame.unpersist()
        for name in self._views:
            self._session.catalog.dropTempView(name)
        self._cached, self._views = {}, set()

    def _frame(self, query: exp.Expr) -> Any:
        sql = query.sql(dialect=self.dialect)
        return _translated(lambda: self._session.sql(sql), query)


def _translated(run: Any, query: exp.Expr) -> Any:
    """Run ``run()``, turning Spark's exceptions into safemig's (as the DuckDB backend does)."""
    from pyspark.errors import AnalysisException, ArithmeticException, NumberFormatException

    try:
        return run()
    except AnalysisException as exc:
        raise InputError(
            Text(
                f"The request does not fit the data: {_first_line(exc)}",
                f"La demande ne correspond pas aux données : {_first_line(exc)}",
            )
        ) from exc
    except (NumberFormatException, ArithmeticException) as exc:
        raise InputError(
            Text(
                f"A value could not be converted: {_first_line(exc)}",
                f"Une valeur n'a pas pu être convertie : {_first_line(exc)}",
            )
        ) from exc
    except Exception as exc:
        sql = query.sql(dialect="spark")
        raise BackendError(
            Text(
                f"Spark failed: {_first_line(exc)}\nQuery: {sql}",
                f"Spark a échoué : {_first_line(exc)}\nRequête : {sql}",
            )
        ) from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# --- the session -------------------------------------------------------------------------


def _child_session(settings: dict[str, str], session: Any) -> Any:
    spark_session = _import_pyspark()
    base = session or spark_session.getActiveSession()
    started = base is None
    child = (_started(spark_session, settings) if started else base).newSession()
    for key, value in {**SESSION_SETTINGS, **({} if started else settings)}.items():
        _set_runtime(child, key, value)
    return child


def _import_pyspark() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise BackendUnavailableError(
            Text(
                f"The Spark backend needs PySpark, which is not installed: {INSTALL_PYSPARK}",
                f"Le moteur Spark demande PySpark, qui n'est pas installé : {INSTALL_PYSPARK}",
            )
        ) from exc
    return SparkSession


def _started(spark_session: Any, settings: dict[str, str]) -> Any:
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise BackendUnavailableError(
            Text(
                f"The Spark backend needs Java 17 or 21: {INSTALL_JAVA}.",
                f"Le moteur Spark demande Java 17 ou 21 : {INSTALL_JAVA}.",
            )
        )
    builder = spark_session.builder
    for key, value in {**DEFAULT_SETTINGS, **settings}.items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:
        if "JAVA_GATEWAY_EXITED" in str(exc) or "Java gateway" in str(exc):
            raise BackendUnavailableError(
                Text(
                    f"Spark could not start its Java process ({_first_line(exc)}); it needs Java "
                    f"17 or 21: {INSTALL_JAVA}.",
                    (
                        f"Spark n'a pas pu démarrer son processus Java ({_first_line(exc)}) "
                        f"; il demande Java 17 ou 21 : {INSTALL_JAVA}."
                    ),
                )
            ) from exc
        raise BackendError(
            Text(
                f"Spark could not start: {_first_line(exc)}",
                f"Spark n'a pas pu démarrer : {_first_line(exc)}",
            )
        ) from exc


def _set_runtime(session: Any, key: str, value: str) -> None:
    """Apply one setting to a running session; a static one must already have that value."""
    if session.conf.get(key, None) == value:
        return
    try:
        session.conf.set(key, value)
    except Exception as exc:
        raise RequestError(
            Text(
                f"Spark setting {key}={value} cannot change in a running Spark application "
                f"({_first_line(exc)}); give it to spark-submit --conf or to the session's "
                "builder.",
                (
                    f"Le réglage Spark {key}={value} ne peut pas changer dans une "
                    f"application Spark en cours ({_first_line(exc)}) ; donnez-le "
                    f"à spark-submit --conf ou au constructeur de la session."
                ),
            )
        ) from exc


# --- reading -----------------------------------------------------------------------------


def _read(session: Any, source: Source) -> Any:
    if isinstance(source, pa.Table):
        return session.createDataFrame(source)
    location = str(source)
    kind = _file_kind(location)
    try:
        if kind == "parquet":
            return session.read.parquet(location)
        return _typed_csv(session, location, sep="\t" if kind == "tsv" else ",")
    except DataFileError:
        raise
    except Exception as exc:
        raise DataFileError(
            Text(
                f"Cannot read {location}: {_first_line(exc)}. "
                "Give a CSV file with a header row, or Parquet.",
                (
                    f"Impossible de lire {location} : {_first_line(exc)}. Donnez un "
                    f"fichier CSV avec une ligne d'en-tête, ou un Parquet."
                ),
            )
        ) from exc


def _is_text(source: Source) -> bool:
    return not isinstance(source, pa.Table) and _file_kind(str(source)) != "parquet"


def _file_kind(location: str) -> str:
    """``parquet``, ``csv`` or ``tsv``, from the name (a folder or a URL without a suffix is a
    Parquet dataset); a local path must exist."""
    parsed = urlparse(location)
    local = Path(parsed.path if parsed.scheme == "file" else location)
    is_local = parsed.scheme in ("", "file") or len(parsed.scheme) == 1  # C:\ on Windows
    if is_local and not local.exists():
        raise DataFileError(
            Text(
                f"Data file {location} does not exist; check the path.",
                f"Le fichier de données {location} n'existe pas ; vérifiez le chemin.",
            )
        )
    name = parsed.path.lower().rstrip("/")
    if name.endswith(".parquet") or (is_local and local.is_dir()):
        return "parquet"
    if name.endswith(".tsv"):
        return "tsv"
    if name.endswith((".csv", ".txt", ".csv.gz")):
        return "csv"
    if not is_local and "." not in name.rsplit("/", 1)[-1]:
        return "parquet"
    raise DataFileError(
        Text(
            (
                f"{location} is neither CSV nor Parquet; safemig estimate reads "
                f".csv and .parquet files."
            ),
            (
                f"{location} n'est ni un CSV ni un Parquet ; safemig estimate "
                f"lit les fichiers .csv et .parquet."
            ),
        )
    )


def _typed_csv(session: Any, location: str, sep: str) -> Any:
    """Read every column as text, then type it as the DuckDB reader would."""
    raw = (
        session.read.option("header", True)
        .option("inferSchema", False)
        .option("multiLine", True)  # quoted answers may hold line breaks
        .option("escape", '"')  # RFC 4180: a quote inside quotes is doubled
        .option("mode", "FAILFAST")  # a malformed line is an error, never a lost row
        .option("sep", sep)
        .csv(location)
    )
    cleaned = raw.select(*(_missing_as_null(raw, c).alias(c) for c in raw.columns))
    types = _column_types(cleaned)
    return cleaned.select(*(_typed(c, types[c]) for c in cleaned.columns))


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _missing_as_null(frame: Any, name: str) -> Any:
    from pyspark.sql import functions as F

    column = F.col(_quoted(name))
    return F.when(column.isin(*MISSING_TEXT), F.lit(None)).otherwise(column)


def _column_types(frame: Any) -> dict[str, str]:
    """One scan: ``bigint`` when every value is an integer, ``double`` when every value is a
    number, else ``string`` (the DuckDB reader's candidates BIGINT, DOUBLE, VARCHAR)."""
    from pyspark.sql import functions as F

    checks = []
    for i, name in enumerate(frame.columns):
        c = F.col(_quoted(name))
        integer = c.rlike(r"^\s*[+-]?[0-9]+\s*$") & c.try_cast("bigint").isNotNull()
        checks += [
            F.count(c).alias(f"n{i}"),
            F.count(F.when(integer, 1)).alias(f"i{i}"),
            F.count(c.try_cast("double")).alias(f"d{i}"),
        ]
    if not checks:
        return {}
    row = frame.agg(*checks).collect()[0]
    types = {}
    for i, name in enumerate(frame.columns):
        n = row[f"n{i}"]
        types[name] = (
            "string"
            if n == 0
            else "bigint"
            if row[f"i{i}"] == n
            else "double"
            if row[f"d{i}"] == n
            else "string"
        )
    return types


def _typed(name: str, kind: str) -> Any:
    from pyspark.sql import functions as F

    column = F.col(_quoted(name))
    return (column if kind == "string" else column.try_cast(kind)).alias(name)


def _with_row_id(frame: Any) -> Any:
    from pyspark.sql import functions as F

    return frame.withColumn(ROW_ID, F.monotonically_increasing_id())


def _kind(data_type: Any) -> str:
    from pyspark.sql import types as T

    if isinstance(data_type, T.NumericType):
        return NUMERIC
    if isinstance(data_type, T.BooleanType):
        return BOOLEAN
    if isinstance(data_type, T.StringType | T.VarcharType | T.CharType):
        return STRING
    return OTHER
