"""What commands share: the archive they work on, the release they name, progress bars,
JSON output, and the warning of a change a killed command left pending."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from threadarchive.contract.layout import JOURNAL, LOCK_FILE, SETTINGS_FILE
from threadarchive.errors import ThreadArchiveError

if TYPE_CHECKING:
    from threadarchive.archive.store import Store
    from threadarchive.contract.report import Report

PROGRESS_MIN_BYTES = 50 << 20  # below this, work is quick enough to need no bar
PROGRESS_MIN_ROWS = 200_000  # the same for work counted in rows (site, sqlite)
# Commands that only read the archive: they say so when a killed command left a change pending.
READ_ONLY = frozenset({"show", "validate", "verify", "diff", "releases", "reproduce", "site", "sqlite"})

INTERRUPTED = (
    "a command was interrupted while changing the archive; what it changed (a release, new "
    "threads) is not shown until the next command that writes the archive (such as "
    "threadarchive rebuild) finishes it"
)


def root_of(ctx: click.Context) -> Path:
    """The folder -C names (default: here)."""
    return Path(ctx.find_root().params["root"])


def archive_of(ctx: click.Context) -> Store:
    """The archive in the folder -C names; PackageError if there is none."""
    from threadarchive.archive.store import Store

    archive = Store(root_of(ctx))
    archive.require()
    return archive


def archive_or_none(ctx: click.Context) -> Path | None:
    """The archive's folder when the command runs in one; commands that only read a
    release work anywhere."""
    root = root_of(ctx)
    return root if (root / SETTINGS_FILE).is_file() else None


# What a terminal would act on rather than show: C0 controls but line breaks and tabs,
# DEL and C1 (an escape sequence clears the screen, sets the window title, makes links),
# line and paragraph separators, the bidirectional controls that reorder a line, and lone
# surrogates (from a file that was not UTF-8), which no UTF-8 output can carry.
_ACTIVE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def inert(text: str, *, json_escapes: bool = False) -> str:
    """``text`` with every character a terminal would act on written out visibly
    (``\\x1b``, ``\\u202e``): what a file says is shown, never obeyed. In JSON text
    (``json_escapes``) as ``\\uXXXX``, which keeps it valid JSON."""

    def visible(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\u{code:04x}" if json_escapes or code > 0xFF else f"\\x{code:02x}"

    return _ACTIVE.sub(visible, text)


def echo(text: str = "", *, err: bool = False) -> None:
    """``click.echo`` of text that may hold what files say: made inert first."""
    click.echo(inert(text), err=err)


def print_json(data: Any) -> None:
    click.echo(inert(json.dumps(data, ensure_ascii=False, indent=2), json_escapes=True))


@contextmanager
def progress(
    quiet: bool, total: int, label: str, minimum: int = PROGRESS_MIN_BYTES
) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for long work; nothing when quiet or not a terminal."""
    stderr = sys.stderr
    if quiet or not stderr.isatty() or total < minimum:
        yield None
        return
    with click.progressbar(length=total, label=label, file=stderr) as bar:
        yield bar.update


@contextmanager
def release_path(ctx: click.Context, text: str | None, *, folder: bool = False) -> Iterator[Path]:
    """The release TEXT names (a version or "latest" of this archive, or of the package
    outside one; a folder, datapackage.json, zip or URL) as a local path; without TEXT,
    the working archive."""
    from threadarchive.access.fetch import release_files
    from threadarchive.files.gate import is_url

    if text is None:
        yield archive_of(ctx).root
        return
    read: Path | None = None
    try:
        with release_files(text, archive_or_none(ctx), folder=folder) as path:
            read = path
            yield path
    except ThreadArchiveError as exc:
        if is_url(text):  # the download folder is removed on return: the error names the URL
            _name_url(exc, text, read)
        raise


def _name_url(error: ThreadArchiveError, url: str, read: Path | None) -> None:
    """``error``, raised of the release fetched from ``url``, naming the URL where it named
    the download folder (``read``, the folder read; the folder downloaded into; its zip)."""
    from threadarchive.access.locate import folder_url
    from threadarchive.files.fsutil import STAGED, TEMPFILE_RANDOM

    base = folder_url(url)
    download = r"[^\s'\"]*/\.download\." + TEMPFILE_RANDOM + re.escape(STAGED)

    def named(text: str) -> str:
        if read is not None:
            text = text.replace(f"{read}/", base).replace(str(read), base)
        text = re.sub(download + "/release/", lambda _: base, text)
        return re.sub(download + r"/[^\s/'\":]+", lambda _: url, text)

    error.problem = named(error.problem)
    error.args = (named(str(error.args[0])) if error.args else error.problem, *error.args[1:])
    if error.path is not None:
        error.path = named(error.path)


def as_named(report: Report, path: Path, release: str) -> Report:
    """``report`` of a release fetched from the URL ``release`` into ``path``, a download
    folder removed on return, naming the URL instead of the folder."""
    from threadarchive.files.gate import is_url

    if not is_url(release):
        return report
    here = str(path)
    findings = [dataclasses.replace(f, message=f.message.replace(here, release)) for f in report.findings]
    return dataclasses.replace(report, path=release, findings=findings)


def data_bytes(package: Any) -> int:
    """The bytes of a package's data files, for a progress bar."""
    return sum(
        package.file(r).stat().st_size
        for r in package.resources
        if not r.unsafe and package.file(r).is_file()
    )


def rows_of(folder: Path, *, all_tables: bool = False) -> int:
    """The rows a reader of the release in ``folder`` goes through, for its progress bar."""
    from threadarchive import contract
    from threadarchive.access.verified import declared_rows

    return declared_rows(folder, contract.table_names() if all_tables else ("tweets",))


def interrupted(root: Path) -> bool:
    """Whether a killed command left a change to the archive at ``root`` unfinished."""
    from threadarchive.archive.store import Store
    from threadarchive.files.fsutil import writer_active

    if not (root / JOURNAL).exists() or not (root / SETTINGS_FILE).is_file():
        return False
    archive = Store(root)
    try:  # none, or a command at work on it now: not an interrupted one
        return archive.pending() is not None and not writer_active(archive.path(LOCK_FILE))
    except ThreadArchiveError:
        return False  # the command says what is wrong with it, if it reads it


def damaged_journal(root: Path) -> ThreadArchiveError | None:
    """The error of reading the journal a killed command left at ``root``, when it is
    damaged (every writing command refuses to run until it is dealt with); else None."""
    from threadarchive.archive.store import Store

    if not (root / JOURNAL).exists() or not (root / SETTINGS_FILE).is_file():
        return None
    try:
        Store(root).pending()
    except ThreadArchiveError as exc:
        return exc
    return None


def warn_pending(root: Path) -> None:
    """Say once, on stderr, that a killed command left a change that is not shown yet,
    or a journal so damaged that the change cannot be finished."""
    if interrupted(root):
        click.echo(f"warning: {root / JOURNAL}: {INTERRUPTED}", err=True)
    elif (damage := damaged_journal(root)) is not None:
        echo(f"warning: {damage}", err=True)
