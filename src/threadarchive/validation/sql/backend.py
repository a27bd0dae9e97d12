"""The SQL engines' connection: DuckDB embedded (the default), or Apache Spark (spark.py).

Everything the engine asks of a backend is here: run a statement, fetch rows or
Arrow, hand it an Arrow table, and name the relation a data file is read as. DuckDB
runs in this process, with a memory limit it enforces by spilling to a folder of its
own inside the system's temporary folder (removed afterwards, or by the next run
when a killed run left it).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from threadarchive.errors import InputError
from threadarchive.files.fsutil import staging
from threadarchive.validation.sql.checks import quote

if TYPE_CHECKING:
    import pyarrow as pa

# DuckDB holds at most this much in memory and spills the rest to disk: a laptop's
# share. Peak memory of the whole process is DuckDB's, plus Python's and DuckDB's own
# code (about 70 MB), plus what DuckDB allocates outside its limit (tens of MB).
DEFAULT_MEMORY_LIMIT = "512MB"
# Bytes of CSV a reading thread holds: a quarter of DuckDB's default cost 70 MB less at
# 1M tweets and no time (rows of up to 2 MB, DuckDB's default, are read; longer ones go
# to the fast engine, which reads up to MAX_ROW_BYTES).
CSV_BUFFER = 8 << 20
MAX_LINE = 2 << 20  # DuckDB's default
_MEMORY = re.compile(r"\s*[0-9]+(\.[0-9]+)?\s*([KMGT]i?B|bytes)?\s*", re.IGNORECASE)


class BackendError(Exception):
    """The database refused a statement: a file it cannot read as asked (the fast engine
    reads it instead), never a fault of the engine's own SQL, which tests cover."""


class Backend(Protocol):
    """What the SQL engine asks of a database."""

    name: str
    # SQL: the row number of a record of ``csv``'s relation (the header is row 1); None:
    # the rows are numbered in the order they are kept in, by ``number_rows``
    csv_row: str | None

    def execute(self, sql: str) -> None: ...

    def re2(self, pattern: str) -> bool: ...

    def rows(self, sql: str) -> list[tuple[Any, ...]]: ...

    def arrow(self, sql: str) -> pa.Table: ...

    def register(self, name: str, table: pa.Table) -> None: ...

    def update(self, relation: str, column: str, values: pa.Table) -> None: ...

    def number_rows(self, relation: str) -> None: ...

    def csv(self, path: Path, width: int, new_line: str, max_row: int) -> str: ...

    def parquet(self, path: Path) -> str: ...

    def parquet_parts(self, paths: list[Path], offsets: list[int]) -> str: ...


class DuckDB:
    """A DuckDB connection configured for validation."""

    name = "duckdb"
    # A CSV's rows are numbered once they are kept (number_rows), not as they are read:
    # DuckDB computes a window over the whole file (row_number() OVER ()) in one thread,
    # and every expression above it with it, where the same checks without it run on
    # every core. Kept in the order they are read (preserve_insertion_order), a table's
    # rows have their place in the file as their rowid.
    csv_row: str | None = None

    def __init__(self, connection: Any, memory_limit: str) -> None:
        self.connection = connection
        self.memory_limit = memory_limit

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        """DuckDB's errors as the engine's: Ctrl-C an interrupt, a full memory limit the
        user's to raise, anything else a file DuckDB cannot read (BackendError)."""
        import duckdb

        try:
            yield
        except duckdb.InterruptException:  # a duckdb.Error, but no file it cannot read
            raise KeyboardInterrupt from None
        except duckdb.OutOfMemoryException:
            msg = (
                f"expected validation to fit in the memory limit of {self.memory_limit}, found it needs more "
                "(DuckDB spills to disk but some steps cannot): raise the limit"
            )
            raise InputError(msg, parameter="memory_limit") from None
        except duckdb.Error as exc:
            raise BackendError(str(exc)) from None
        except RuntimeError as exc:
            # Ctrl-C as a user gives it: DuckDB's Python client, finding a signal between
            # a query's tasks, raises a bare RuntimeError of this text (pyconnection.cpp)
            if str(exc) == "Query interrupted":
                raise KeyboardInterrupt from None
            raise

    def _run(self, sql: str) -> Any:
        with self._translated():
            return self.connection.execute(sql)

    def execute(self, sql: str) -> None:
        self._run(sql)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with self._translated():
            return list(self.connection.execute(sql).fetchall())

    def arrow(self, sql: str) -> pa.Table:
        with self._translated():
            return self.connection.sql(sql).to_arrow_table()

    def re2(self, pattern: str) -> bool:
        """Whether RE2, as DuckDB runs it, runs the pattern (anchored as frictionless matches it)."""
        from threadarchive.validation.schema.literals import anchored

        try:
            self._run(f"SELECT regexp_matches('', {quote(anchored(pattern))})")
        except BackendError:
            return False
        return True

    def register(self, name: str, table: pa.Table) -> None:
        self.connection.register(name, table)

    def update(self, relation: str, column: str, values: pa.Table) -> None:
        """Set ``column`` of ``relation`` to ``values``'s ``value`` in the rows ``values``
        numbers (``_row``)."""
        self.register("_judged", values)
        self.execute(
            f'UPDATE {relation} SET "{column}" = _judged.value FROM _judged WHERE {relation}._row = _judged._row'
        )

    def number_rows(self, relation: str) -> None:
        """Number the rows of a table kept from a CSV file's rows in ``_row``, as the file's
        records are numbered (the header is row 1)."""
        self.execute(f"ALTER TABLE {relation} ADD COLUMN _row INTEGER")
        self.execute(f"UPDATE {relation} SET _row = CAST(rowid + 2 AS INTEGER)")

    def csv(self, path: Path, width: int, new_line: str, max_row: int) -> str:
        """A CSV file's rows after its header, every cell a string (NULL when empty), in
        strict mode (DuckDB's default): a row that is not RFC 4180 with ``width`` cells, or
        longer than ``max_row`` bytes, is an error. (Asked for explicitly, strict mode reads no row at all of a CR LF file
        whose last cell is empty, in DuckDB 2.0.1: structure.rows_agree catches such a read.)"""
        columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
        line = "'\\r\\n'" if new_line == "\r\n" else "'\\n'"
        return (
            f"read_csv({quote(str(path))}, delim = ',', quote = '\"', escape = '\"', header = true, "
            f"auto_detect = false, columns = {{{columns}}}, new_line = {line}, encoding = 'utf-8', "
            f"max_line_size = {min(max_row, MAX_LINE)}, buffer_size = {CSV_BUFFER})"
        )

    def parquet(self, path: Path) -> str:
        return f"read_parquet({quote(str(path))}, file_row_number = true)"

    def parquet_parts(self, paths: list[Path], offsets: list[int]) -> str:
        """A partitioned table's files read as one table (sql/parts.py), in the order
        given, its table's fields only (no Hive partition columns), each row numbered
        from 0 in ``file_row_number`` among all rows: its number in its file plus its
        file's offset."""
        files = ", ".join(quote(str(p)) for p in paths)
        # each file's offset by its place in the list (file_index): a CASE over the file
        # names cost each row a comparison per file, quadratic in a list of thousands
        first = ", ".join(str(int(o)) for o in offsets)
        return (
            f"(SELECT * EXCLUDE (file_row_number), "
            f"file_row_number + [{first}][CAST(file_index AS BIGINT) + 1] AS file_row_number "
            f"FROM read_parquet([{files}], file_row_number = true, hive_partitioning = false))"
        )


def memory_bytes(limit: str | int | None) -> str:
    """A memory limit as DuckDB reads it ("2GB", "512MiB", or a number of bytes);
    InputError for anything else."""
    if limit is None:
        return DEFAULT_MEMORY_LIMIT
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        return f"{limit}B"
    if isinstance(limit, str) and _MEMORY.fullmatch(limit) and float(re.sub(r"[^0-9.]", "", limit)) > 0:
        return limit.strip()
    msg = f"expected a memory limit such as 2GB, 512MiB or a number of bytes, found {limit!r}"
    raise InputError(msg, parameter="memory_limit")


@contextlib.contextmanager
def duckdb(memory_limit: str | int | None = None) -> Iterator[DuckDB]:
    """A DuckDB connection that holds at most ``memory_limit`` in memory, spilling to a
    folder of its own inside the system's temporary folder: a staging folder, so the
    one a killed run leaves (SIGKILL, the out-of-memory killer, when spilling is most
    likely) is removed by the next run, not left there for ever."""
    import duckdb as duck

    limit = memory_bytes(memory_limit)
    spill_place = Path(tempfile.gettempdir()) / "threadarchive-duckdb"
    with staging(spill_place, "hold DuckDB's spill files") as folder:
        config: dict[str, str | bool | int | float | list[str]] = {
            "memory_limit": limit,
            "temp_directory": str(folder),
            "threads": max(os.cpu_count() or 1, 1),
            "preserve_insertion_order": True,  # rows are numbered in the order they are read
            "enable_external_access": True,
        }
        try:
            connection = duck.connect(":memory:", config=config)
        except duck.Error as exc:
            raise InputError(
                f"expected a memory limit DuckDB accepts, found {exc}", parameter="memory_limit"
            ) from None
        try:
            connection.execute("SET TimeZone = 'UTC'")
            connection.execute("SET enable_progress_bar = false")  # the command line draws its own
            with _interrupted_at_once(connection.interrupt):
                yield DuckDB(connection, limit)
        finally:
            connection.close()


@contextlib.contextmanager
def _interrupted_at_once(interrupt: Callable[[], object]) -> Iterator[None]:
    """Ctrl-C calls ``interrupt`` at once, from a thread of its own.

    DuckDB's Python client looks for a signal only between a statement's tasks, and one
    task may last the whole statement: Ctrl-C was seen seconds later, when it ended, or
    at once, by chance. The signal's C handler writes its number to a pipe
    (``signal.set_wakeup_fd``), whatever the main thread is doing; a thread reading the
    pipe interrupts the connection, which DuckDB honours within a vector. The Python
    handler still runs (KeyboardInterrupt) as before. Left as is outside the main thread,
    where no handler runs, when the process's wake-up pipe is another's (asyncio's), and
    when the program has a SIGINT handler of its own, which DuckDB runs as before.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    reading, writing = os.pipe()
    os.set_blocking(writing, False)
    previous = signal.set_wakeup_fd(writing, warn_on_full_buffer=False)
    if previous != -1:  # another's: theirs again, untouched
        signal.set_wakeup_fd(previous)
        os.close(reading)
        os.close(writing)
        yield
        return

    def watch() -> None:
        while received := os.read(reading, 64):  # b"" once the writing end is closed
            # only where Python's own handler stops the program: one of the program's may not
            if signal.SIGINT in received and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
                interrupt()

    watcher = threading.Thread(target=watch, name="threadarchive-interrupt", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(-1)
        os.close(writing)
        watcher.join()
        os.close(reading)
