"""The ``threadarchive`` command: a thin click layer over the library.

Commands parse options, call the core and print; they live by job in
``archive_commands`` (init, parse, ingest, meta, rebuild, show, withdraw),
``release_commands`` (release, verify, diff, releases, reproduce) and
``reader_commands`` (validate, site, sqlite), over the options of ``options`` and
the helpers of ``common``. Heavy libraries are imported inside the commands that
need them, so ``--help`` starts fast.

Errors are mapped here, in one place. An error the core raises on purpose
(``ThreadArchiveError``), a usage error and a refusal of the machine (``OSError``)
end the command with the exit status the error carries (1 invalid data, 2 bad usage
or unreadable input; Ctrl-C 130 and SIGTERM 143, never click's "Aborted!" with 1) and one
``Error: ...`` line on stderr, worded with the command's flags and the command line
to run next (``hints``). With ``--json`` (or validate's
``--format json``), the error is instead one JSON object on stdout, the error's
``to_dict()`` with that wording as its ``message``: stdout then always holds one JSON
document, whatever happened, and the exit status says which.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any, NoReturn

import click

from threadarchive.cli import hints
from threadarchive.cli.common import READ_ONLY, inert, print_json, warn_pending
from threadarchive.errors import InputError, StorageError, ThreadArchiveError

ARGS = "threadarchive.args"  # where the group keeps the arguments it was given


class _Refused(click.ClickException):
    """Bad usage or unreadable input: exit status 2 (ClickException's own, 1, means invalid data)."""

    exit_code = 2


class _Stopped(click.ClickException):
    """Ctrl-C: exit status 130."""

    exit_code = 130


class _Ended(click.ClickException):
    """SIGTERM: exit status 143."""

    exit_code = 143


class Interrupted(ThreadArchiveError):
    """Ctrl-C: neither invalid data (1) nor bad input (2), but the shell's 128 + SIGINT, so
    that a script never takes an interrupted ``validate`` for invalid data."""

    exit_code = 130


class Terminated(Interrupted):
    """SIGTERM (a service manager, CI cancelling a job, ``kill``): stopped as Ctrl-C
    stops, with the shell's 128 + SIGTERM."""

    exit_code = 143


INTERRUPTED_BY_USER = (
    "interrupted before it finished; what it had begun writing is finished or dropped "
    "by the next command that writes there"
)
TERMINATED = "terminated (SIGTERM) before it finished; what it had begun writing is dropped"


class _Terminate:
    """While a command runs, SIGTERM raises KeyboardInterrupt where the command is, as
    Ctrl-C does, so that its ``finally`` blocks run: staging folders beside an output,
    temporary files and folders are removed, where Python's own SIGTERM ends the
    process at once and leaves them (found by sending SIGTERM to a ``sqlite``). It
    remembers that it was SIGTERM, whatever KeyboardInterrupt reaches the group. (A
    DuckDB query running then ends first: DuckDB's client watches SIGINT alone, and
    Python runs the handler only once the query returns.)"""

    def __init__(self) -> None:
        self.received = False

    def __call__(self, signum: int, frame: object) -> None:
        self.received = True
        raise KeyboardInterrupt

    def __enter__(self) -> _Terminate:
        self.received = False
        self.previous = None
        if threading.current_thread() is threading.main_thread():  # signals go to it alone
            self.previous = signal.signal(signal.SIGTERM, self)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


_terminate = _Terminate()


# What `pip install 'threadarchive[maintain]'` adds, by import name: loading a release,
# listing and verifying releases and citing need none of it (tests/test_light_install.py).
MAINTAIN_MODULES = frozenset(
    {"bagit", "bs4", "duckdb", "frictionless", "jinja2", "regex", "sqlite_utils", "warcio"}
)


def _failure(message: str, exit_code: int) -> click.ClickException:
    """An error, worded for the command line, with the exit status it carries."""
    message = inert(message)  # a message quotes what files say: shown, never obeyed
    if exit_code == 1:
        return click.ClickException(message)
    if exit_code == Terminated.exit_code:
        return _Ended(message)
    return _Stopped(message) if exit_code == Interrupted.exit_code else _Refused(message)


def _wants_json(args: list[str]) -> bool:
    """Whether the command line asks for JSON: --json, or validate's --format json."""
    words = args[: args.index("--")] if "--" in args else args
    pairs = zip(words, [*words[1:], ""], strict=True)
    return (
        "--json" in words
        or "--format=json" in words
        or any(a == "--format" and b == "json" for a, b in pairs)
    )


class _Group(click.Group):
    def main(self, *args: Any, **kwargs: Any) -> Any:
        with _terminate:
            return super().main(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[ARGS] = list(args)
        return super().parse_args(ctx, args)

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:  # the group's own options, as the commands' below
            raise _failure(f"{exc.format_message()} (see {info_name} --help)", 2) from exc

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # one line, as every other error: the usage is in --help
            where = exc.ctx.command_path if exc.ctx else ctx.command_path
            self._fail(ctx, InputError(f"{exc.format_message()} (see {where} --help)"), exc)
        except ThreadArchiveError as exc:
            self._fail(ctx, exc, exc)
        except ModuleNotFoundError as exc:  # the light install: this command needs the maintain extra
            missing = (exc.name or "").partition(".")[0]
            if missing not in MAINTAIN_MODULES:
                raise
            needs = InputError(
                f"threadarchive {ctx.invoked_subcommand}: expected the maintain extra installed, found {missing}"
                " missing: pip install 'threadarchive[maintain]'"
            )
            self._fail(ctx, needs, exc)
        except KeyboardInterrupt as exc:  # click's own "Aborted!" exits 1, which says invalid data
            stopped = Terminated(TERMINATED) if _terminate.received else Interrupted(INTERRUPTED_BY_USER)
            self._fail(ctx, stopped, exc)
        except BrokenPipeError:  # the reader went away (| head): stop quietly, as other tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except OSError as exc:  # the machine refused (permissions, a full disk): not a bug, not bad data
            refused = StorageError(f"{exc.filename or 'a file'}: {exc.strerror or exc}", path=exc.filename)
            self._fail(ctx, refused, exc)

    def _fail(self, ctx: click.Context, error: ThreadArchiveError, cause: BaseException) -> NoReturn:
        """End the command for ``error``: one JSON object on stdout with --json, else one
        ``Error:`` line on stderr; the exit status is the error's. After SIGTERM, any
        error is the termination's: what the command relied on may have ended first
        (Spark's JVM, sent SIGTERM with the rest of the process group, refuses a
        connection), which is neither bad input nor invalid data."""
        if _terminate.received and not isinstance(error, Terminated):
            error = Terminated(TERMINATED)
        name = ctx.invoked_subcommand
        command = self.commands.get(name) if name else None
        root = Path(ctx.params.get("root") or ".")
        if _wants_json(ctx.meta.get(ARGS, [])):
            print_json(hints.error_data(error, command, root))
            raise click.exceptions.Exit(error.exit_code) from cause
        raise _failure(hints.error_message(error, command, root), error.exit_code) from cause


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="threadarchive", prog_name="threadarchive")
@click.option(
    "-C",
    "--archive",
    "root",
    default=".",
    show_default=True,
    envvar="THREADARCHIVE_ARCHIVE",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the archive (holding archive.yaml); env THREADARCHIVE_ARCHIVE.",
)
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Archive X/Twitter threads as captured: ingest, validate, release, load.

    Every command takes --json (its outcome, or its error, as JSON on stdout) and
    has an example in its help: threadarchive COMMAND --help.
    """
    logger = logging.getLogger("threadarchive")
    if not logger.handlers:  # messages from the library (a wait for the lock) go to stderr
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("threadarchive: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.NOTSET)  # -q of the command below may raise it
    if ctx.invoked_subcommand in READ_ONLY - {"validate"}:  # validate says it its own way
        warn_pending(root)


# The commands register themselves on ``main``; imported last, as they import it.
from threadarchive.cli import archive_commands, reader_commands, release_commands  # noqa: E402

__all__ = ["archive_commands", "main", "reader_commands", "release_commands"]
