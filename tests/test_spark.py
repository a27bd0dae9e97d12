"""validate --engine spark: the SQL engine's checks, transpiled by SQLGlot, on a local Spark.

Java is Debian's (``default-jre-headless``), installed here with apt-get when ``java`` is
missing, as the browser tests install Chromium. One Spark session serves every test of
this module (starting one costs seconds of CPU): the engine uses the session running in
its process. Spark runs few tests, each on a package with many faults: findings equal to
DuckDB's, type, row, field, message and all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from threadarchive.archive.checks import validate
from threadarchive.cli import main

from .conftest import make_reader_archive
from .test_validate import FAULTS

pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

# Faults of every layer SQL checks, in one package: types, constraints, keys, a blank
# row, thread integrity (counts, markers, dates) and a multi-line cell that moves rows off lines.
INJECTED = (
    "blank-required",
    "duplicate-position",
    "unknown-thread",
    "bad-marker",
    "marker-disagrees",
    "multi-line-row-number",
    "impossible-datetime",
    "count-mismatch",
    "date-before-twitter",
    "bad-enum",
    "duplicate-thread",
)


# Tables of a few rows: no query is worth compiling, a JIT's second tier, or parallel work.
TINY = {
    "spark.sql.shuffle.partitions": "1",
    "spark.default.parallelism": "1",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
    "spark.sql.adaptive.enabled": "false",
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1",
}


def ensure_java() -> str:
    """The ``java`` on the PATH, Debian's default-jre-headless installed with apt-get if
    there is none; pytest.fail otherwise."""
    found = shutil.which("java")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        pytest.fail(
            "expected java on the PATH, found none, and apt-get cannot install it here "
            "(needs apt-get as root): install the Debian package 'default-jre-headless'"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    logs = []
    for command in (
        [apt, "update", "-q"],
        [apt, "install", "-y", "-q", "--no-install-recommends", "default-jre-headless"],
    ):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900, check=False)
        logs.append(done.stdout[-1500:] + done.stderr[-1500:])
    found = shutil.which("java")
    if not found:
        pytest.fail("expected apt-get to install java, found none:\n" + "\n".join(logs))
    return found


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One local Spark session for the module, sized for tiny tables."""
    ensure_java()
    from pyspark.sql import SparkSession

    from threadarchive.validation.sql.spark import CONFIG

    builder = SparkSession.builder.master("local[2]").appName("threadarchive tests")
    for key, value in {**CONFIG, **TINY}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("OFF")
    yield session
    session.stop()


def _findings(root: Path, engine: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    report = validate(root, engine=engine)
    return sorted((f.to_dict() for f in report.findings), key=repr), report.stats


def test_spark_finds_what_duckdb_finds_in_a_faulty_archive(spark: Any, archive: Path) -> None:
    for fault in FAULTS:
        if fault.id in INJECTED:
            fault.apply(archive)
    duckdb, duckdb_stats = _findings(archive, "duckdb")
    found, stats = _findings(archive, "spark")
    assert stats["engine"] == "spark"  # every table read by Spark, none handed to the fast engine
    assert stats["rows"] == duckdb_stats["rows"]
    assert found == duckdb
    for fault in FAULTS:  # the package is as faulty as meant
        if fault.id in INJECTED:
            assert any(
                f["type"] == fault.type and all(f.get(key) == value for key, value in fault.where.items())
                for f in found
            ), fault.id


def test_spark_reads_a_release_s_parquet_as_duckdb_does(spark: Any, tmp_path: Path) -> None:
    """Parquet rows numbered by Spark's row index; a fault in the Parquet found at its row."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    release = make_reader_archive(tmp_path) / "releases" / "1.0.0"
    path = release / "data" / "tweets.parquet"
    table = pq.read_table(path)
    index = table.column_names.index("position")
    positions = table.column(index).to_pylist()
    positions[3] = positions[2]  # a repeated key, a gap, a marker off its position
    pq.write_table(
        table.set_column(index, "position", pa.array(positions, table.schema.field(index).type)), path
    )
    duckdb, _ = _findings(release, "duckdb")
    found, stats = _findings(release, "spark")
    assert stats["engine"] == "spark"
    assert found == duckdb
    assert ("primary-key", "data/tweets.parquet", 5) in {(f["type"], f["path"], f.get("row")) for f in found}


def test_spark_reads_a_partitioned_release_as_duckdb_does(spark: Any, tmp_path: Path) -> None:
    """A release's Hive-partitioned tables: each file read with its row index, rows
    numbered across the files; faults in one file (a cell's, a text_capture of no
    capture) found at their rows, as DuckDB finds them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .test_partitioned import MAY, _archive

    release = _archive(tmp_path, 3) / "releases" / "1.0.0"
    table = pq.read_table(release / MAY)
    index = table.column_names.index("position")
    positions = table.column(index).to_pylist()
    positions[1] = 0
    table = table.set_column(index, "position", pa.array(positions, table.schema.field(index).type))
    at = table.column_names.index("text_capture")
    captures = table.column(at).to_pylist()
    captures[2] = "f" * 64  # a capture of no thread (checks.REFERENCES)
    pq.write_table(
        table.set_column(at, "text_capture", pa.array(captures, table.schema.field(at).type)), release / MAY
    )
    duckdb, _ = _findings(release, "duckdb")
    found, stats = _findings(release, "spark")
    assert stats["engine"] == "spark"
    assert stats["rows"]["tweets-parquet"] == 12
    assert found == duckdb
    assert {("constraint-error", MAY, 3), ("text-capture-unknown", MAY, 4)} <= {
        (f["type"], f["path"], f.get("row")) for f in found
    }


def test_without_pyspark_the_engine_says_which_extra_to_install(archive: Path) -> None:
    script = (
        "import sys; sys.modules['pyspark'] = None; sys.modules['sqlglot'] = None\n"
        "from threadarchive.cli import main\n"
        f"main(['-C', {str(archive)!r}, 'validate', '--engine', 'spark'])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "threadarchive[spark]" in done.stderr


def test_the_spark_master_is_for_the_spark_engine_alone(archive: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--help"])
    assert result.exit_code == 0
    assert "--spark-master" in result.output
    result = CliRunner().invoke(main, ["-C", str(archive), "validate", "--spark-master", "spark://h:7077"])
    assert result.exit_code == 2
    assert "--engine spark" in result.output
