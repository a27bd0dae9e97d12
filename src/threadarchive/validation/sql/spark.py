"""The SQL engine on Apache Spark: DuckDB's statements, transpiled by SQLGlot, run by Spark.

Every check is written once, in DuckDB's SQL (checks.py, table.py, keys.py,
threads.py); this backend hands each statement to ``sqlglot.transpile(read="duckdb",
write="spark")`` and mends, on the parsed tree, the few things SQLGlot leaves in
DuckDB's words or that mean something else in Spark:

- ``regexp_matches`` (RE2, searching) becomes RLIKE (Java's regex, searching) under the
  flag ``(?d)``: only a line feed ends a line, so ``$`` and ``.`` mean what they mean to
  RE2 and to Python; ``regexp_full_match`` becomes an RLIKE anchored with ``\\z``.
  A pattern is run by Spark only when Java compiles it and it has no POSIX class
  (``[[:alpha:]]``, which Java reads as a set of letters); any other is matched by the
  fast engine's Python, as for DuckDB a pattern RE2 cannot run.
- ``try_strptime`` becomes ``try_to_timestamp`` with the format in Java's letters;
  ``strlen`` (bytes) becomes ``octet_length``; unsigned integers (the masks, at most 62
  bits) become signed ones wide enough.
- A window without order (``lag(...) OVER ()``: the rows as read, which DuckDB keeps in
  order) is ordered by ``_row``, the row number every kept table has.
- ``CREATE TEMP TABLE ... AS`` is a DataFrame checkpointed (computed once, kept in
  memory and on disk) under a temporary view's name; ``DROP TABLE`` drops the view;
  ``DESCRIBE`` answers with DuckDB's type names, which the engine compares.

Rows are numbered as DuckDB numbers them: a CSV file is read whole by one task
(``multiLine``, which quoted line breaks need, reads a file in one piece), so
``monotonically_increasing_id()`` counts its records from 0 in file order; a Parquet
file's rows are numbered by Spark's own ``_metadata.row_index``. The row is the
number plus 2 (the header is row 1), as DuckDB's ``file_row_number + 2``.

A Spark session costs seconds to start and about 400 MB of memory (a JVM); DuckDB
stays the default and Spark is for archives past one machine (``master`` a cluster's
URL, or Spark Connect by ``SPARK_REMOTE``).
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import os
import re
import signal
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive.errors import InputError
from threadarchive.validation.sql.backend import BackendError
from threadarchive.validation.sql.checks import quote

if TYPE_CHECKING:
    import pyarrow as pa

EXTRA = "spark"  # the extra that installs pyspark and sqlglot
INSTALL = f"pip install 'threadarchive[{EXTRA}]'"
CHUNK = 8 << 20
# DuckDB's names of Spark's types (the engine compares type names: keys.NUMERIC, ...).
TYPES = {
    "string": "VARCHAR",
    "tinyint": "TINYINT",
    "smallint": "SMALLINT",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "float": "FLOAT",
    "double": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp_ntz": "TIMESTAMP",
    "timestamp": "TIMESTAMP WITH TIME ZONE",
    "binary": "BLOB",
}
UNSIGNED = {"UTINYINT": "SMALLINT", "USMALLINT": "INT", "UINT": "BIGINT", "UBIGINT": "BIGINT"}
STRFTIME = {"%Y": "yyyy", "%m": "MM", "%d": "dd", "%H": "HH", "%M": "mm", "%S": "ss"}
_CREATE = re.compile(r"\s*CREATE\s", re.IGNORECASE)
_DROP = re.compile(r"\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(\w+)\s*", re.IGNORECASE)


def java_time(format: str) -> str:
    """A strftime format (the directives STRFTIME lists) in Java's DateTimeFormatter letters."""
    parts = re.split(r"(%[a-zA-Z])", format)
    out = []
    for part in parts:
        if part in STRFTIME:
            out.append(STRFTIME[part])
        elif part:  # letters are Java's directives: quoted
            out.append(re.sub(r"[A-Za-z']+", lambda m: "'" + m[0].replace("'", "''") + "'", part))
    return "".join(out)


def transpile(sql: str) -> str:
    """One statement of DuckDB's SQL in Spark's (see the module)."""
    import sqlglot
    from sqlglot import exp

    def mend(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.RegexpFullMatch) and isinstance(node.expression, exp.Literal):
            pattern = exp.Literal.string(f"(?d)^(?:{node.expression.this})\\z")
            return exp.RegexpLike(this=node.this, expression=pattern)
        if (
            isinstance(node, exp.RegexpLike)
            and isinstance(node.expression, exp.Literal)
            and not node.expression.this.startswith("(?d)")
        ):
            return exp.RegexpLike(
                this=node.this, expression=exp.Literal.string("(?d)" + node.expression.this)
            )
        if isinstance(node, exp.Anonymous) and str(node.this).lower() == "try_strptime":
            value, fmt = node.expressions
            return exp.Anonymous(
                this="try_to_timestamp", expressions=[value, exp.Literal.string(java_time(fmt.this))]
            )
        if isinstance(node, exp.Anonymous) and str(node.this).lower() == "strlen":
            return exp.Anonymous(this="octet_length", expressions=node.expressions)
        if isinstance(node, exp.DataType) and node.this.name in UNSIGNED:
            return exp.DataType.build(UNSIGNED[node.this.name])
        if isinstance(node, exp.Window) and not node.args.get("order") and not node.args.get("partition_by"):
            window = node.copy()
            window.set("order", exp.Order(expressions=[exp.Ordered(this=exp.column("_row"))]))
            return window
        return node

    tree = sqlglot.parse_one(sql, read="duckdb").transform(mend)
    return tree.sql(dialect="spark")


class Spark:
    """A Spark session configured for validation (the Backend of backend.py)."""

    name = "spark"
    csv_row: str | None = "file_row_number + 2"  # the rows of a CSV view are numbered from 0

    def __init__(self, session: Any) -> None:
        self.session = session
        self.views: dict[str, Any] = {}  # the checkpointed DataFrames, by view name
        self.sources = itertools.count()
        self.compiled: dict[str, bool] = {}  # whether Java runs each pattern

    def _frame(self, sql: str) -> Any:
        try:
            return self.session.sql(transpile(sql))
        except _errors() as exc:
            raise _refused(exc) from None

    def _keep(self, name: str, frame: Any) -> None:
        """``frame`` computed once and kept, as the view ``name``."""
        try:
            kept = frame.localCheckpoint(eager=True)
        except _errors() as exc:
            raise _refused(exc) from None
        self._drop(name)
        kept.createOrReplaceTempView(name)
        self.views[name] = kept

    def _drop(self, name: str) -> None:
        self.session.catalog.dropTempView(name)
        old = self.views.pop(name, None)
        if old is not None:
            old.unpersist()

    def execute(self, sql: str) -> None:
        import sqlglot
        from sqlglot import exp

        if not _CREATE.match(sql) and not sql.lstrip().upper().startswith("DROP"):
            self._run(sql)
            return
        dropped = _DROP.fullmatch(sql)
        if dropped:
            self._drop(dropped[1])
            return
        tree = sqlglot.parse_one(sql, read="duckdb")
        if isinstance(tree, exp.Create) and tree.expression is not None:
            self._keep(tree.this.name, self._frame(tree.expression.sql(dialect="duckdb")))
        else:
            self._run(sql)

    def _run(self, sql: str) -> None:
        try:
            self._frame(sql).collect()
        except _errors() as exc:
            raise _refused(exc) from None

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if sql.lstrip().upper().startswith("DESCRIBE "):
            return self._describe(sql.lstrip()[len("DESCRIBE ") :])
        try:
            return [tuple(row) for row in self._frame(sql).collect()]
        except _errors() as exc:
            raise _refused(exc) from None

    def _describe(self, what: str) -> list[tuple[Any, ...]]:
        frame = self._frame(what) if what.upper().startswith("SELECT") else self.session.table(what)
        return [
            (field.name, TYPES.get(field.dataType.simpleString(), field.dataType.simpleString().upper()))
            for field in frame.schema.fields
        ]

    def arrow(self, sql: str) -> pa.Table:
        try:
            return self._frame(sql).toArrow()
        except _errors() as exc:
            raise _refused(exc) from None

    def re2(self, pattern: str) -> bool:
        """Whether Spark runs the pattern as RE2 would (anchored as frictionless matches it)."""
        from threadarchive.validation.schema.literals import anchored

        if "[:" in pattern:
            return False
        if pattern not in self.compiled:
            self.compiled[pattern] = self._compiles("(?d)" + anchored(pattern))
        return self.compiled[pattern]

    def _compiles(self, pattern: str) -> bool:
        """Whether Java compiles the pattern: in the driver's JVM (no Spark job), or on
        Spark Connect, by a query."""
        refused: tuple[type[Exception], ...] = (AttributeError, *_errors())
        try:
            jvm = self.session.sparkContext._jvm
        except refused:  # Spark Connect has no SparkContext
            jvm = None
        if jvm is None:
            try:
                self.rows(f"SELECT regexp_matches('', {quote(pattern)})")
            except BackendError:
                return False
            return True
        from py4j.protocol import Py4JJavaError

        try:
            jvm.java.util.regex.Pattern.compile(pattern)
        except Py4JJavaError:
            return False
        return True

    def register(self, name: str, table: pa.Table) -> None:
        self._drop(name)
        frame = self.session.createDataFrame(table) if table.num_rows else self._empty(table)
        frame.createOrReplaceTempView(name)
        self.views[name] = frame

    def _empty(self, table: pa.Table) -> Any:
        from pyspark.sql.pandas.types import from_arrow_schema

        return self.session.createDataFrame([], from_arrow_schema(table.schema))

    def update(self, relation: str, column: str, values: pa.Table) -> None:
        """Set ``column`` of ``relation`` to ``values``'s ``value`` in the rows ``values``
        numbers (``_row``)."""
        from pyspark.sql import functions as F

        table = self.views[relation]
        given = self.session.createDataFrame(values).withColumnRenamed("value", "_value")
        kind = table.schema[column].dataType
        joined = table.join(given, on="_row", how="left").withColumn(
            column, F.coalesce(F.col("_value").cast(kind), F.col(f"`{column}`"))
        )
        self._keep(relation, joined.select(*[F.col(f"`{c}`") for c in table.columns]))

    def number_rows(self, relation: str) -> None:
        """Never asked: a CSV's rows are numbered as they are read (``csv_row``)."""
        raise NotImplementedError(f"{relation}: Spark numbers a CSV's rows as it reads them")

    def csv(self, path: Path, width: int, new_line: str, max_row: int) -> str:
        """A CSV file's rows after its header as a view: every cell a string (NULL when
        empty), numbered from 0 in ``file_row_number``; BackendError for a file that is
        not UTF-8 (Spark would read a replacement character)."""
        from pyspark.sql import functions as F

        if not _utf8(path):
            raise BackendError(f"{path} is not UTF-8")
        schema = ", ".join(f"c{i} STRING" for i in range(width))
        frame = self.session.read.csv(
            str(path),
            schema=schema,
            header=True,
            multiLine=True,
            quote='"',
            escape='"',
            mode="FAILFAST",
            encoding="UTF-8",
            enforceSchema=True,
        )
        refused: tuple[type[Exception], ...] = (AttributeError, *_errors())
        with contextlib.suppress(*refused):  # Spark Connect has no RDDs: its reads are Spark's too
            if frame.rdd.getNumPartitions() != 1:  # numbered in file order only when read by one task
                raise BackendError(f"{path} is read in parts")
        name = f"_source_{next(self.sources)}"
        frame.withColumn("file_row_number", F.monotonically_increasing_id()).createOrReplaceTempView(name)
        return name

    def parquet(self, path: Path) -> str:
        """A Parquet file's rows as a view, numbered from 0 in ``file_row_number``."""
        from pyspark.sql import functions as F

        frame = self.session.read.parquet(str(path))
        name = f"_source_{next(self.sources)}"
        frame.select("*", F.col("_metadata.row_index").alias("file_row_number")).createOrReplaceTempView(name)
        return name

    def parquet_parts(self, paths: list[Path], offsets: list[int]) -> str:
        """A partitioned table's files as one view (sql/parts.py): each file read with its
        row index, plus its offset among all rows, in ``file_row_number``; the files united."""
        import functools

        from pyspark.sql import functions as F

        frames = [
            self.session.read.parquet(str(path)).select(
                "*", (F.col("_metadata.row_index") + F.lit(offset)).alias("file_row_number")
            )
            for path, offset in zip(paths, offsets, strict=True)
        ]
        name = f"_source_{next(self.sources)}"
        functools.reduce(lambda a, b: a.unionByName(b), frames).createOrReplaceTempView(name)
        return name


def _errors() -> tuple[type[Exception], ...]:
    """What Spark raises for a statement or a file it refuses: its own errors, and the
    JVM's that pyspark passes on as they are (a CSV record it cannot parse)."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException

    return (PySparkException, Py4JJavaError)


def _refused(exc: Exception) -> Exception:
    """The error to raise for what Spark refused: BackendError (the engine hands the file
    to the fast engine), or InputError when Spark ran out of memory."""
    text = str(exc)
    if "OutOfMemory" in text:
        msg = (
            "expected validation to fit in Spark's memory, found it needs more: give the driver "
            "and executors more (spark.driver.memory, spark.executor.memory in spark-defaults.conf)"
        )
        return InputError(msg, parameter="engine")
    return BackendError((text.strip().splitlines() or [type(exc).__name__])[0])


def _utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


@contextlib.contextmanager
def spark(master: str | None = None) -> Iterator[Spark]:
    """A Spark session: the one running in this process if any, else a new one on
    ``master`` (a URL such as spark://host:7077), Spark Connect at ``SPARK_REMOTE``, or
    ``local[*]`` (every core of this machine). A session it starts, it stops.

    Raises
    ------
    InputError
        pyspark or sqlglot is not installed, or Spark cannot start (no Java).
    """
    try:
        import sqlglot  # noqa: F401

        # pyspark warns, on importing its pandas support, of pandas features we do not use
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
        from pyspark.errors import PySparkException
        from pyspark.sql import SparkSession
    except ImportError:
        msg = f"expected pyspark and sqlglot for the Spark engine, found them not installed: {INSTALL}"
        raise InputError(msg, parameter="engine") from None
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        yield Spark(active)
        return
    builder = SparkSession.builder.appName("threadarchive-validation")
    if master:
        builder = builder.master(master)
    elif os.environ.get("SPARK_REMOTE"):
        builder = builder.remote(os.environ["SPARK_REMOTE"])
    else:
        builder = builder.master("local[*]")
    for key, value in CONFIG.items():
        builder = builder.config(key, value)
    ctrl_c = signal.getsignal(signal.SIGINT)
    try:
        with _jvm_quiet():
            session = builder.getOrCreate()
    except (PySparkException, OSError) as exc:
        msg = (
            "expected Spark to start (it needs Java 17 or later on the PATH or in JAVA_HOME), "
            f"found {str(exc).splitlines()[0]}"
        )
        raise InputError(msg, parameter="engine") from None
    if threading.current_thread() is threading.main_thread() and ctrl_c is not None:
        # pyspark's own Ctrl-C handler calls the JVM from inside a call to it: py4j
        # logs the reentrant call as three tracebacks on stderr before the one line.
        # Ctrl-C raises KeyboardInterrupt here as anywhere; stop() cancels the jobs.
        signal.signal(signal.SIGINT, ctrl_c)
    with contextlib.suppress(PySparkException, AttributeError):  # no SparkContext on Spark Connect
        session.sparkContext.setLogLevel("OFF")  # a file Spark refuses is read by the fast engine
    try:
        yield Spark(session)
    finally:
        session.stop()


@contextlib.contextmanager
def _jvm_quiet() -> Iterator[None]:
    """Standard error pointed at /dev/null while Spark's JVM starts, so that the JVM it
    starts keeps that for its life: Spark and the JVM print start-up warnings and log
    lines (host name, native libraries, log levels) there, which are not the validation's
    to report, and Spark has no setting that silences them all. (By hand: the JVM is a
    child process, and only its inherited file descriptor reaches it.)"""
    saved = os.dup(2)
    quiet = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(quiet, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(quiet)


CONFIG = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.timestampType": "TIMESTAMP_NTZ",  # DuckDB's TIMESTAMP: no time zone
    "spark.sql.shuffle.partitions": str(max(os.cpu_count() or 1, 1) * 2),
}
