"""The Spark backend's edges: a missing extra or Java, settings, paths, and the CLI options."""

from __future__ import annotations

import sys

import pytest

from safemig import errors
from safemig.cli import main
from safemig.estimate.backends import open_backend, spark
from tests.conftest import GOLDEN

APISTRAT = str(GOLDEN / "data" / "apistrat.csv")
ESTIMATE = ["estimate", APISTRAT, "--weights", "pw", "--strata", "stype", "--fpc", "fpc"]


def test_missing_pyspark_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # import now fails
    with pytest.raises(errors.BackendUnavailableError, match=r"pip install 'safemig\[spark\]'"):
        open_backend("spark")


def test_missing_java_names_the_install_command(monkeypatch, tmp_path):
    from pyspark.sql import SparkSession

    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no java here
    with pytest.raises(errors.BackendUnavailableError, match="openjdk-17-jre-headless"):
        spark._started(SparkSession, {})
    assert issubclass(errors.BackendUnavailableError, errors.BackendError)


def test_runtime_settings_apply_to_the_backend_only(spark_session):
    engine = open_backend("spark", {"spark.sql.shuffle.partitions": "3"})
    try:
        assert engine._session.conf.get("spark.sql.shuffle.partitions") == "3"  # type: ignore[attr-defined]
        assert spark_session.conf.get("spark.sql.shuffle.partitions") == "4"
    finally:
        engine.close()


def test_static_setting_on_a_running_session_is_refused(spark_session):
    with pytest.raises(errors.RequestError, match="spark.executor.memory=3g cannot change"):
        open_backend("spark", {"spark.executor.memory": "3g"})


def test_close_drops_views_and_cache(spark_session):
    engine = open_backend("spark")
    engine.register("src", APISTRAT)
    session = engine._session  # type: ignore[attr-defined]
    assert session.catalog.tableExists("src")
    engine.close()
    assert not session.catalog.tableExists("src")


@pytest.mark.parametrize(
    "location, kind",
    [
        ("hdfs://namenode/survey/2024/", "parquet"),
        ("s3a://bucket/census.parquet", "parquet"),
        ("abfss://c@acct.dfs.core.windows.net/survey.csv", "csv"),
        ("gs://bucket/survey.tsv", "tsv"),
    ],
)
def test_remote_locations_are_read_by_their_name(location, kind):
    assert spark._file_kind(location) == kind


def test_local_paths_must_exist_and_be_csv_or_parquet(tmp_path):
    with pytest.raises(errors.DataFileError, match="does not exist"):
        spark._file_kind(str(tmp_path / "none.csv"))
    other = tmp_path / "survey.xlsx"
    other.write_bytes(b"")
    with pytest.raises(errors.DataFileError, match="neither CSV nor Parquet"):
        spark._file_kind(str(other))
    assert spark._file_kind(str(tmp_path)) == "parquet"  # a folder of Parquet files


def test_cli_runs_on_spark_with_settings(spark_session, tmp_path):
    out = tmp_path / "out.csv"
    args = [*ESTIMATE, "--mean", "api00", "--by", "stype", "--backend", "spark"]
    conf = ["--spark-conf", "spark.sql.shuffle.partitions=2", "--quiet", "-o", str(out)]
    assert main([*args, *conf]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and lines[1].startswith('"mean","api00","","",,662.287')


def test_cli_spark_options_need_the_spark_backend(capsys):
    assert main([*ESTIMATE, "--mean", "api00", "--spark-master", "local[2]"]) == 2
    assert "go with --backend spark" in capsys.readouterr().err
    assert main([*ESTIMATE, "--mean", "api00", "--backend", "spark", "--spark-conf", "x"]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err
