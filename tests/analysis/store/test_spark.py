"""The store read by Spark (pyspark in local mode, no cluster): the same aggregates as DuckDB,
and a column added by a later tool version merged with the old files (``mergeSchema``).

Needs a Java runtime: `make test` installs Debian's (`make java`). Without one the test skips,
except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from profiler.analysis.store.query import query
from tests.analysis.store.fleet import FleetRun
from tests.analysis.store.test_schema_evolution import NEW_RUN, write_later_version

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning")]

AGGREGATES = """
    SELECT device, os_build, count(*) AS launches, count(DISTINCT run_id) AS runs,
           sum(steps_count) AS steps, min(step_median_s) AS fastest, max(step_median_s) AS slowest,
           sum(peak_footprint_bytes) AS footprints, sum(uncached_load_s) AS uncached
    FROM runs GROUP BY device, os_build ORDER BY device, os_build"""
SAMPLE_AGGREGATES = """
    SELECT device, metric, count(*) AS n, sum(value) AS total, max(index) AS last
    FROM samples GROUP BY device, metric ORDER BY device, metric"""


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        message = "no Java runtime for pyspark (run `make java`)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no lookups of the host's name
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[1]").appName("profiler-store-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.driver.memory", "1g")
               # partition values are strings: never guess numbers from folder names
               .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _read(spark, store: Path, table: str):
    return (spark.read.option("basePath", str(store / table)).option("mergeSchema", "true")
            .parquet(str(store / table)))


def _rows(frame) -> list[dict]:
    return [row.asDict() for row in frame.collect()]


def test_spark_and_duckdb_agree(spark, store_copy: Path, fleet: list[FleetRun]) -> None:
    for table in ("runs", "samples"):
        _read(spark, store_copy, table).createOrReplaceTempView(table)
    assert dict(_read(spark, store_copy, "runs").dtypes)["os_build"] == "string"
    for sql in (AGGREGATES, SAMPLE_AGGREGATES):
        got, want = _rows(spark.sql(sql)), query(store_copy, sql).to_pylist()
        assert len(got) == len(want) > 0
        for g, w in zip(got, want, strict=True):
            assert g.keys() == w.keys()
            for key in g:
                same = g[key] == (pytest.approx(w[key], rel=1e-12)
                                  if isinstance(w[key], float) else w[key])
                assert same, (key, g[key], w[key])
    devices = {r["device"] for r in _rows(spark.sql("SELECT DISTINCT device FROM runs"))}
    assert devices == {run.device.product_type for run in fleet}


def test_spark_merges_a_later_column(spark, store_copy: Path, fleet: list[FleetRun]) -> None:
    value = write_later_version(store_copy, fleet[0])
    frame = _read(spark, store_copy, "runs")
    frame.createOrReplaceTempView("runs")
    got = _rows(spark.sql(f"SELECT run_id = '{NEW_RUN}' AS new, thermal_headroom_s, count(*) AS n "
                          "FROM runs GROUP BY 1, 2 ORDER BY 1"))
    assert got == [{"new": False, "thermal_headroom_s": None, "n": 3 * len(fleet)},
                   {"new": True, "thermal_headroom_s": value, "n": 3}]
