"""The command line in processes of its own: to run two at once, or to kill one mid-way.

A new interpreter per run costs a second of CPU importing the tool; these runs fork from
one server process that imported it once (multiprocessing's forkserver, which never ran
a command, so no thread or lock of one is copied into the runs). A run may be killed at
its n-th change to the file system (every rename, replace and removal: the steps that
make a change visible) by ``os._exit``, as SIGKILL would leave it: no ``finally`` runs.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import pathlib
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

KILLED = 137  # the exit status of a run killed at its n-th change

_CONTEXT = multiprocessing.get_context("forkserver")
# Imported once, in the server: what the commands the tests run import.
_CONTEXT.set_forkserver_preload(
    [
        "tests.processes",
        "threadarchive.cli",
        "threadarchive.cli.archive_commands",
        "threadarchive.cli.release_commands",
        "threadarchive.cli.reader_commands",
        "threadarchive.archive.ingest",
        "threadarchive.archive.checks",
        "threadarchive.release.publish",
        "threadarchive.validation.engine",
        "pyarrow.parquet",
    ]
)


def _stop_server() -> None:
    """Stop the server and wait for it, so that its runs' CPU time counts as the test
    command's (``/usr/bin/time`` counts only the processes waited for). multiprocessing
    has no public way to; ``_stop`` is what its own tests call."""
    from multiprocessing import forkserver

    forkserver._forkserver._stop()  # type: ignore[attr-defined]


atexit.register(_stop_server)


def start(root: Path, *args: str, kill_at: int = 0, count: Path | None = None) -> Any:
    """A run of ``threadarchive -C root ARGS`` started in a process of its own; with
    ``kill_at``, it exits with KILLED at that change; with ``count``, it writes there how
    many changes it made. Returns the started ``multiprocessing.Process``."""
    process = _CONTEXT.Process(
        target=_run, args=(str(root), list(args), kill_at, count and str(count), dict(os.environ))
    )
    process.start()
    return process


def run(root: Path, *args: str, kill_at: int = 0, count: Path | None = None) -> int:
    """The exit status of a run (see ``start``), once it ended."""
    process = start(root, *args, kill_at=kill_at, count=count)
    process.join(300)
    assert process.exitcode is not None, f"threadarchive {' '.join(args)} did not end in 300 s"
    return int(process.exitcode)


def changes(root: Path, *args: str) -> int:
    """How many file-system changes a complete run of the command makes."""
    count = root.parent / f"{root.name}.changes"
    assert run(root, *args, count=count) == 0
    return int(count.read_text())


def _run(root: str, args: Sequence[str], kill_at: int, count: str | None, environ: dict[str, str]) -> None:
    os.environ.clear()
    os.environ.update(environ)  # the test's, not the server's (its cache, say)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    counted = [0]

    def dying(function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*arguments: Any, **keywords: Any) -> Any:
            counted[0] += 1
            if counted[0] == kill_at:
                os._exit(KILLED)
            return function(*arguments, **keywords)

        return wrapper

    for module, name in ((os, "replace"), (os, "rename"), (shutil, "rmtree"), (pathlib.Path, "unlink")):
        setattr(module, name, dying(getattr(module, name)))
    from threadarchive.cli import main

    try:
        main(["-C", root, *args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    if count:
        Path(count).write_text(str(counted[0]))
    os._exit(code)
