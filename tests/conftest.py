"""Shared fixtures: small data files named for what they hold, and the backends to run on."""

from __future__ import annotations

from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"

#: Every backend the shared estimation suite runs on; a test taking ``backend`` runs once each.
BACKENDS = ("duckdb", "spark")
#: One local Spark for the whole test session: 2 cores, few shuffle partitions (small data).
#: On data of a few hundred rows, compiling Spark's generated Java code takes most of a
#: query's time (2-3x the interpreted run), so the suite runs interpreted; the agreement
#: suite runs its largest case again with code generation on (SPARK_CODEGEN).
SPARK_TEST_SETTINGS = {
    "spark.master": "local[2]",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "2",
    "spark.driver.memory": "2g",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
}
#: Spark's own defaults for code generation, as production runs use them.
SPARK_CODEGEN = {
    "spark.sql.codegen.wholeStage": "true",
    "spark.sql.codegen.factoryMode": "FALLBACK",
}


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write a CSV from a header and rows; return its path."""

    def write(name: str, header: str, *rows: str) -> Path:
        path = tmp_path / name
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def spark_session():
    """The test session's SparkSession, started once through safemig's own backend code, so
    that a missing PySpark or Java fails the run with safemig's message (never a skip)."""
    from safemig.estimate.backends import open_backend

    open_backend("spark", SPARK_TEST_SETTINGS).close()
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    assert session is not None and session.sparkContext.master == "local[2]"
    yield session
    session.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The name of a backend to estimate on (``duckdb``, then ``spark``)."""
    if request.param == "spark":
        request.getfixturevalue("spark_session")
    return request.param
