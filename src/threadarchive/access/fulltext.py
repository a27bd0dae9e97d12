"""A full-text index built by a process of its own, from the Parquet files it reads itself.

The database's FTS5 index of the tweets' texts is more work than the rows (at 1M tweets
about 12 s of CPU against 7), and both bind Python values: built by a thread of the same
process, the two threads took turns at Python's lock and a build used about 1.25 of two
cores. A process of its own holds its own lock, and two of them share the index's work
(``fts5`` joins their parts). Each is given its index's file (in the staging folder),
the statements that set it up, the verified Parquet files and the row groups of them to
read the texts from, and the ``rowid`` of the first (the parent inserts the rows in the
same order, so the ``rowid``s agree); it reads one column of them batch by batch, in a
thread of its own while SQLite indexes the batch before (memory stays bounded: three
batches), and writes nothing else.

The parent (``IndexProcess``, a context manager) starts it with ``sys.executable`` on
the same code (its ``sys.path``, as multiprocessing's spawn gives it; isolated, so no
module of the working folder is imported before that path is set), hands it the job as one
JSON line on its standard input, and keeps that pipe open while it waits. The child
ends with it: a thread of the child reads the pipe, and its end (the parent closed it,
or the parent died, even by SIGKILL) ends the child at once, so a killed ``sqlite``
leaves no orphan writing its index. A failure in the child comes back as one JSON line
on its standard output and is raised in the parent as the same exception class SQLite
or the operating system raised there (``sqlite3.OperationalError`` with its
``sqlite_errorname``, ``OSError`` with its errno and file; a text that is not UTF-8,
which Arrow's reader lets through, a ``PackageError`` naming the file), so the caller
words a full disk as it would had the index been built in process; anything else (a
crash, a signal) is ``ProcessEnded`` (a RuntimeError) quoting the last line of the
child's standard error, which it writes to a file beside the index. Leaving the
``with`` block while the child runs (an error in the parent) kills it and waits for
it, before the staging folder is removed.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn, Self

from threadarchive.errors import PackageError

# The child's command: the parent's sys.path (its first argument), then ``child``; see
# ``isolated`` for the interpreter's options.
BOOTSTRAP = "import json, sys; sys.path[:] = json.loads(sys.argv[1]); from threadarchive.access.fulltext import child; child()"
LOG_SUFFIX = ".log"  # the child's standard error, beside the index's file
LOG_TAIL = 2000  # characters of it read for the last line quoted in ``ProcessEnded``
# Exceptions a child's report may name, raised again in the parent
SQLITE_ERRORS = ("DatabaseError", "DataError", "IntegrityError", "InternalError", "OperationalError", "Error")


def isolated() -> list[str]:
    """The child interpreter's options: ``-P``, as ``-c`` would otherwise put the working
    folder first on the path, and ``import json`` run a json.py there before the parent's
    path is set; ``-E``, no PYTHON* variable (PYTHONINSPECT would read the job as Python
    once an import failed, and wait for more), the path being the parent's; the user's
    site-packages as the parent has them (``-s`` when it ran without), which ``-I`` drops."""
    return ["-E", "-P", *(["-s"] if sys.flags.no_user_site else [])]


class NotText(ValueError):
    """A value of the column read that is not UTF-8 (a Parquet file written by other
    means than threadarchive's, its hashes declared anew): bad input, not a crash."""


class ProcessEnded(RuntimeError):
    """The child ended without its report: a crash, or a signal (someone's SIGTERM, the
    OOM killer's SIGKILL); the message says which, and the last line it wrote."""


class IndexProcess:
    """The child process building an index into ``path``: its job, from the texts of
    ``column`` in ``sources`` (Parquet files, each with the row groups to read, in order,
    ``batch`` rows at a time), numbered ``first``, ``first + 1``, ... as ``rowid``s, each
    inserted by ``insert`` (two parameters: rowid, text) in one transaction, after
    ``pragmas`` and the ``setup`` statements (each with its parameters)."""

    def __init__(
        self,
        path: Path,
        sources: list[tuple[Path, list[int]]],
        *,
        first: int,
        column: str,
        pragmas: list[str],
        setup: list[tuple[str, list[Any]]],
        insert: str,
        batch: int,
    ) -> None:
        self.path = path
        self.job = {
            "database": str(path),
            "sources": [[str(p), groups] for p, groups in sources],
            "first": first,
            "column": column,
            "pragmas": pragmas,
            "setup": [[sql, parameters] for sql, parameters in setup],
            "insert": insert,
            "batch": batch,
        }
        self.log_path = path.with_name(path.name + LOG_SUFFIX)
        self.process: subprocess.Popen[bytes] | None = None
        self.rows: int | None = None  # the rows the child indexed, once it succeeded

    def __enter__(self) -> Self:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, *isolated(), "-c", BOOTSTRAP, json.dumps(sys.path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
            )
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps(self.job).encode("utf-8") + b"\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # the child is gone already: ``finish`` says why
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop()

    def check(self) -> None:
        """Raise the child's error now if it has already stopped on one (its work is not awaited)."""
        if self.process is not None and self.process.poll() not in (None, 0):
            self.finish()

    def finish(self) -> int:
        """Wait for the child; the number of rows it indexed, or its error raised here.

        Raises
        ------
        sqlite3.Error: what SQLite raised in the child (its class, message and ``sqlite_errorname``).
        OSError: what the operating system refused the child (errno, reason, file).
        PackageError: a text of a Parquet file is not UTF-8 (the file named).
        ProcessEnded: the child ended otherwise (a crash, a signal), with the last line it wrote.
        """
        if self.rows is not None:
            return self.rows
        process = self.process
        assert process is not None and process.stdout is not None
        answer = process.stdout.read()
        status = process.wait()
        self._close()
        try:
            report = json.loads(answer.decode("utf-8")) if answer.strip() else {}
        except ValueError:
            report = {}
        if status == 0 and isinstance(report.get("rows"), int):
            self.rows = int(report["rows"])
            return self.rows
        raise self._error(report, status)

    def _error(self, report: dict[str, Any], status: int) -> BaseException:
        import sqlite3

        if report.get("error") == "sqlite" and report.get("class") in SQLITE_ERRORS:
            error = getattr(sqlite3, report["class"])(str(report.get("message", "")))
            error.sqlite_errorname = str(report.get("name") or "")
            return error
        if report.get("error") == "input":
            return PackageError(str(report.get("message", "")))
        if report.get("error") == "os":
            if isinstance(report.get("errno"), int):
                return OSError(report["errno"], str(report.get("strerror") or ""), report.get("filename"))
            return OSError(str(report.get("message", "")))  # pyarrow's, without an errno
        try:
            said = self.log_path.read_text(encoding="utf-8", errors="replace")[-LOG_TAIL:].strip()
        except OSError:
            said = ""
        said = said.splitlines()[-1].strip() if said else ""  # one line: a traceback's last says what
        ended = f"signal {-status}" if status < 0 else f"exit status {status}"
        return ProcessEnded(f"the process building the index ended with {ended}: {said or 'nothing said'}")

    def _stop(self) -> None:
        """Kill the child if it still runs, and wait for it: nothing writes the index after this."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        self._close()

    def _close(self) -> None:
        process = self.process
        assert process is not None
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


# The child's side


def build(job: dict[str, Any]) -> int:
    """Build the index ``job`` describes (``IndexProcess``).

    Returns
    -------
    The number of rows indexed.

    Raises
    ------
    sqlite3.Error: SQLite refused a statement or a write (a full disk: SQLITE_FULL).
    OSError: a Parquet file could not be read.
    """
    import sqlite3

    with contextlib.closing(sqlite3.connect(job["database"], isolation_level=None)) as connection:
        for pragma in job["pragmas"]:
            connection.execute(f"PRAGMA {pragma}")
        for sql, parameters in job["setup"]:
            connection.execute(sql, parameters)
        connection.execute("BEGIN")
        rowid = first = job["first"]
        for texts in _texts(job["sources"], job["column"], job["batch"]):
            connection.executemany(job["insert"], zip(itertools.count(rowid), texts))
            rowid += len(texts)
        connection.execute("COMMIT")
    return rowid - first


def _texts(sources: list[tuple[str, list[int]]], column: str, batch: int) -> Iterator[list[Any]]:
    """The values of ``column`` in ``sources`` (files, each with the row groups to read),
    ``batch`` rows a list, read by a thread of
    their own: SQLite indexes one batch (without Python's lock) while the next is read
    and made Python strings (about 1 s of the 12 at 1M tweets). At most three batches
    are held: the one indexed, one waiting, one being read. An error reading is raised
    here."""
    import pyarrow.parquet as pq

    waiting: queue.Queue[list[Any] | BaseException | None] = queue.Queue(maxsize=1)

    def read() -> None:
        try:
            for source, groups in sources:
                with pq.ParquetFile(source) as parquet:
                    for found in parquet.iter_batches(batch_size=batch, row_groups=groups, columns=[column]):
                        waiting.put(_values(found.column(0), source, column))
        except BaseException as exc:  # raised by the thread that takes the batches
            waiting.put(exc)
        else:
            waiting.put(None)

    reader = threading.Thread(target=read, name="threadarchive-read", daemon=True)
    reader.start()
    while (item := waiting.get()) is not None:
        if isinstance(item, BaseException):
            raise item
        yield item
    reader.join()


def _values(values: Any, source: str, column: str) -> list[Any]:
    """The Arrow column ``values`` as Python values; NotText naming ``source`` and
    ``column`` for a string that is not UTF-8 (Arrow's reader does not check)."""
    try:
        return list(values.to_pylist())
    except UnicodeDecodeError as exc:
        raise NotText(not_text(source, column, exc)) from None


def not_text(source: object, column: str, error: UnicodeDecodeError) -> str:
    """The message of a value of ``column`` in ``source`` that is not UTF-8."""
    return f"{source}: expected the column {column} in UTF-8, found a value that is not ({error.reason})"


def _orphaned(fd: int) -> None:
    """Read the file descriptor ``fd`` (the pipe from the parent) to its end, then end the
    process: the parent closed it, or died. Unbuffered: a thread blocked in a buffered
    read holds its lock, which the interpreter's shutdown then waits for."""
    with contextlib.suppress(OSError):
        while os.read(fd, 1 << 16):
            pass
    os._exit(3)


def _line(fd: int) -> bytes:
    """The line read from ``fd``, unbuffered (the parent writes that one line, then nothing)."""
    data = b""
    while not data.endswith(b"\n") and (chunk := os.read(fd, 1 << 16)):
        data += chunk
    return data


def main() -> int:
    """The child: read the job from standard input, build the index, report on standard output."""
    import sqlite3

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it kills this
    stdin = sys.stdin.fileno()
    line = _line(stdin)
    if not line.strip():
        return 2  # the parent went away before it gave the job
    threading.Thread(target=_orphaned, args=(stdin,), name="threadarchive-parent", daemon=True).start()
    job = json.loads(line)
    report: dict[str, Any]
    try:
        report = {"rows": build(job)}
    except sqlite3.Error as exc:
        name = getattr(exc, "sqlite_errorname", "")
        report = {"error": "sqlite", "class": type(exc).__name__, "name": name, "message": str(exc)}
    except NotText as exc:
        report = {"error": "input", "message": str(exc)}
    except OSError as exc:
        report = {
            "error": "os",
            "errno": exc.errno,
            "strerror": exc.strerror,
            "filename": exc.filename,
            "message": str(exc),
        }
    sys.stdout.write(json.dumps(report) + "\n")
    sys.stdout.flush()
    return 0 if "rows" in report else 1


def child() -> NoReturn:
    """The child's entry point: ``main``, then the process's end without the interpreter's
    shutdown, which may abort (SIGABRT) with a thread still reading (an error ended the
    build) or pyarrow's threads about, after the report is out."""
    status = main()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    child()
