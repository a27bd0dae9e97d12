"""The ``threadarchive`` command: a thin click layer over the library.

Commands parse options, call the core and print. Errors the core raises on purpose
become one ``Error: ...`` line on stderr with the exit status the error carries
(1 invalid data, 2 bad usage or unreadable input). Heavy libraries are imported
inside the commands that need them, so ``--help`` starts fast.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from threadarchive import contract
from threadarchive.contract.layout import DESCRIPTOR, INDEX_NAME, JOURNAL, SETTINGS_FILE, STATE_DIR
from threadarchive.contract.limits import MAX_POSITION
from threadarchive.errors import InputError, ThreadArchiveError

if TYPE_CHECKING:
    from threadarchive.archive.metadata import Curation
    from threadarchive.archive.store import Archive
    from threadarchive.contract.versions import Level

PROGRESS_MIN_BYTES = 50 << 20  # below this, work is quick enough to need no bar
PROGRESS_MIN_ROWS = 200_000  # the same for work counted in rows (site, sqlite)
# Commands that only read the archive: they say so when a killed command left a change pending.
READ_ONLY = frozenset({"show", "validate", "verify", "diff", "releases", "reproduce", "site", "sqlite"})


def format_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """--format NAME: the capture's format, instead of detecting it from the content."""
    from threadarchive.capture.formats import names

    return click.option(
        "--format",
        "capture_format",
        type=click.Choice(names()),
        help="The capture's format (default: detected from its content).",
    )(function)


class _Date(click.ParamType):
    """A calendar date, YYYY-MM-DD, refused with the reason (February 30 is no day)."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value)
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            self.fail(f"expected a date YYYY-MM-DD, found {text!r}", param, ctx)
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            self.fail(f"expected a real date, found {text!r} ({exc})", param, ctx)


class _Group(click.Group):
    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:  # the group's own options, as the commands' below
            raise _InputFailure(f"{exc.format_message()} (see {info_name} --help)") from exc

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # one line, as every other error: the usage is in --help
            where = exc.ctx.command_path if exc.ctx else ctx.command_path
            raise _InputFailure(f"{exc.format_message()} (see {where} --help)") from exc
        except ThreadArchiveError as exc:
            raise (click.ClickException if exc.exit_code == 1 else _InputFailure)(str(exc)) from exc
        except BrokenPipeError:  # the reader went away (| head): stop quietly, as other tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except OSError as exc:  # the machine refused (permissions, a full disk): not a bug, not bad data
            raise _InputFailure(f"{exc.filename or 'a file'}: {exc.strerror or exc}") from exc


class _InputFailure(click.ClickException):
    """Bad usage or unreadable input: exit status 2 (ClickException's own, 1, means invalid data)."""

    exit_code = 2


def _archive(ctx: click.Context) -> Archive:
    """The archive in the folder -C names (default: here); PackageError if there is none."""
    from threadarchive.archive.store import Archive

    archive = Archive(ctx.find_root().params["root"])
    archive._require()
    return archive


def _archive_root(ctx: click.Context) -> Path:
    return _archive(ctx).root


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def json_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """--json: print what the library returns, as JSON (shared by every command)."""
    return click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")(function)


def quiet_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("-q", "--quiet", is_flag=True, help="No progress bar or waiting message.")(function)


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
    help="Folder of the archive (holding datapackage.json); env THREADARCHIVE_ARCHIVE.",
)
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Archive X/Twitter threads as captured: ingest, validate, release, load."""
    logger = logging.getLogger("threadarchive")
    if not logger.handlers:  # messages from the library (a wait for the lock) go to stderr
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("threadarchive: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    if ctx.invoked_subcommand in READ_ONLY - {"validate"}:  # validate says it its own way
        _warn_pending(root)


def _interrupted(root: Path) -> bool:
    """Whether a killed command left a change to the archive at ``root`` unfinished."""
    from threadarchive.archive.store import Archive
    from threadarchive.files.fsutil import writer_active

    if not (root / JOURNAL).exists() or not (root / SETTINGS_FILE).is_file():
        return False
    archive = Archive(root)
    try:  # none, or a command at work on it now: not an interrupted one
        return archive.pending() is not None and not writer_active(archive.path(STATE_DIR / "lock"))
    except ThreadArchiveError:
        return False  # the command says what is wrong with it, if it reads it


INTERRUPTED = (
    "a command was interrupted while changing the archive; what it changed (a release, new "
    "threads) is not shown until the next command that writes the archive (such as "
    "threadarchive rebuild) finishes it"
)


def _warn_pending(root: Path) -> None:
    """Say once, on stderr, that a killed command left a change that is not shown yet."""
    from threadarchive.archive.store import JOURNAL

    if _interrupted(root):
        click.echo(f"warning: {root / JOURNAL}: {INTERRUPTED}", err=True)


@main.command()
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The archive's Data Package name (default: from the folder's name).")
@click.option("--title", help="The archive's title.")
@json_option
def init(directory: Path, name: str | None, title: str | None, as_json: bool) -> None:
    """Create a new, empty, valid archive in DIRECTORY (default: here).

    Writes archive.yaml (its settings: edit them), datapackage.json, schemas/,
    empty tables under data/, CHANGELOG.md and a CI workflow that validates it.
    """
    from threadarchive.archive.scaffold import init as init_archive

    archive = init_archive(directory, name=name, title=title)
    if as_json:
        _print_json({"root": str(archive.root), "settings": archive.settings().to_dict()})
        return
    click.echo(
        f"created an empty archive in {archive.root}; edit its settings in {archive.root / 'archive.yaml'}"
    )


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@format_option
@json_option
def parse(file: Path, capture_format: str | None, as_json: bool) -> None:
    """Parse one capture INDEX_NAME and print its threads; writes nothing."""
    from threadarchive.capture.formats import read_capture

    capture = read_capture(file, capture_format)
    if as_json:
        _print_json(capture.to_dict())
        return
    click.echo(
        f"format:  {capture.source_format}"
        + (f", captured {capture.captured_at}" if capture.captured_at else "")
    )
    for thread in capture.threads:
        click.echo(
            f"\nauthor:  {thread.author_name or '(not named)'}"
            + (f" (@{thread.author_handle})" if thread.author_handle else "")
        )
        click.echo(f"bio:     {thread.author_bio or '(none)'}")
        click.echo(f"date:    {thread.published_date.isoformat()}")
        click.echo(f"tweets:  {thread.tweet_count} declared, {len(thread.tweets)} found")
        if thread.known_gaps:
            click.echo(f"gaps:    {thread.known_gaps}")
        for tweet in thread.tweets:
            ident = f", ID {tweet.tweet_id}" if tweet.tweet_id else ""
            click.echo(f"\n[{tweet.position}] marker {tweet.marker or '(none)'}, line {tweet.line}{ident}")
            click.echo(tweet.text)
        for warning in thread.warnings:
            click.echo(f"warning: {warning.where()}: {warning.message}", err=True)


def curation_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The curated facts of a thread, shared by ingest and meta (validated by the schemas)."""
    options = [
        click.option("--author-name", help="The author's name, for captures that do not give it."),
        click.option("--handle", help="Author's X handle, without @."),
        click.option("--source-url", help="URL the capture was taken from."),
        click.option("--captured-at", help="When the capture was taken, ISO 8601 (2025-11-05T14:03:00Z)."),
        click.option("--language", help="BCP 47 language tag of the thread, such as en."),
        click.option(
            "--terms",
            type=click.Choice(list(contract.table("threads").meanings("terms"))),
            help="The terms the thread is archived under (README: Rights and takedowns).",
        ),
        click.option("--rights", help="A free note on the thread's rights (a default note otherwise)."),
        click.option("--known-gaps", help="Known gaps, such as 'tweet 7 was deleted before capture'."),
        click.option("--tweet-ids", help="Comma-separated tweet IDs in thread order (empty for unknown)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _curation(values: dict[str, Any]) -> Curation:
    from threadarchive.archive.metadata import Curation

    ids = values.pop("tweet_ids")
    handle = values.pop("handle")
    return Curation(
        author_handle=handle.lstrip("@") if handle else handle,
        tweet_ids=None if ids is None else [part.strip() for part in ids.split(",")] if ids else [],
        **values,
    )


@main.command(short_help="Add captures; rebuild the working tables.")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A CSV listing captures and their facts, one per row.",
)
@click.option(
    "--replaces",
    metavar="THREAD_ID",
    multiple=True,
    help="Record INDEX_NAME as a new capture of this archived thread (repeat for a capture of several).",
)
@click.option(
    "--reinstate",
    metavar="WHY",
    help="Take in again a thread that was withdrawn, saying why (recorded in data/withdrawals.yaml).",
)
@format_option
@curation_options
@json_option
@click.pass_context
def ingest(
    ctx: click.Context,
    files: tuple[Path, ...],
    manifest: Path | None,
    replaces: tuple[str, ...],
    reinstate: str | None,
    capture_format: str | None,
    as_json: bool,
    **facts: Any,
) -> None:
    """Record capture FILES (any format) in data/raw/ and rebuild the working tables.

    Each capture is stored under a name made from its SHA-256, its original name
    kept in the thread's capture history. A capture of a thread already archived
    is refused unless --replaces names the thread: the thread keeps its ID and
    curated facts, the old capture stays in the history, and the tables follow
    the new one. With --manifest, every row is ingested or none is. Running it
    again changes nothing. The threads are validated before anything is written:
    an error refuses the ingest, and the warnings validate will give are printed.
    """
    from threadarchive.archive.ingest import Source
    from threadarchive.archive.manifest import read_manifest

    curation = _curation(facts)
    if bool(files) == bool(manifest):
        raise click.UsageError("expected capture FILES or --manifest INDEX_NAME.csv: give one of them")
    if manifest is not None:
        if curation.given or replaces or capture_format or reinstate:
            raise click.UsageError(
                "--manifest takes the facts of each capture from its columns: give no other option"
            )
        sources, problems = read_manifest(manifest)
    else:
        per_thread = {
            "--tweet-ids": curation.tweet_ids,
            "--handle": curation.author_handle,
            "--source-url": curation.source_url,
            "--author-name": curation.author_name,
            "--replaces": replaces or None,
            "--reinstate": reinstate,
        }
        given = [name for name, value in per_thread.items() if value is not None]
        if given and len(files) > 1:
            verb = "describes" if len(given) == 1 else "describe"
            raise click.UsageError(f"{', '.join(given)} {verb} one thread: give one INDEX_NAME with them")
        sources = [Source(path, curation, capture_format, replaces, reinstate=reinstate) for path in files]
        problems = []
    archive = _archive(ctx)
    from threadarchive.archive.ingest import ingest as ingest_sources

    outcomes = ingest_sources(archive, sources, problems=problems)
    if as_json:
        _print_json([o.to_dict() for o in outcomes])
        return
    for outcome in outcomes:
        click.echo(f"{outcome.status}: {outcome.source} -> thread {outcome.thread_id}")
        for warning in outcome.warnings:  # the reader's, and what validate will say of the thread
            click.echo(f"warning: {warning.where()}: {warning.message}", err=True)


@main.command()
@click.argument("thread_id")
@curation_options
@click.option(
    "--acknowledge",
    metavar="FINDING",
    help="Acknowledge a warning of this type (with --note, and --position for one tweet).",
)
@click.option(
    "--unacknowledge", metavar="FINDING", help="Withdraw an acknowledgement (with --position if it has one)."
)
@click.option(
    "--position",
    type=click.IntRange(min=1, max=MAX_POSITION),
    help="The tweet an acknowledgement concerns.",
)
@click.option("--note", help="Why the acknowledged anomaly is kept as it is.")
@json_option
@click.pass_context
def meta(
    ctx: click.Context,
    thread_id: str,
    acknowledge: str | None,
    unacknowledge: str | None,
    position: int | None,
    note: str | None,
    as_json: bool,
    **facts: Any,
) -> None:
    """Change the curated facts of THREAD_ID (only those given) and rebuild the tables.

    Each value is checked against the pattern of its column in the archive's
    schemas; an empty value ("") clears a fact. --acknowledge marks a warning
    validation reports (such as a marker printed "/12") as a known anomaly of the
    source: it is then reported as info, with the note, and does not fail --strict.
    """
    from threadarchive.archive.metadata import Acknowledgement, check_text, check_value
    from threadarchive.contract.findings import REGISTRY

    curation = _curation(facts)
    acknowledgement = None
    if acknowledge is not None:
        if not note:
            raise click.UsageError("--acknowledge needs --note saying why the anomaly is kept")
        check_value("finding", acknowledge, "--acknowledge")
        kind = REGISTRY.get(acknowledge)
        if kind is not None and kind.severity == "error":
            raise InputError(
                f"--acknowledge: expected a type of warning (errors are mended, never acknowledged), "
                f"found {acknowledge}, an error"
            )
        acknowledgement = Acknowledgement(acknowledge, check_text(note, "--note"), position)
    elif note is not None:
        raise click.UsageError("--note goes with --acknowledge")
    if position is not None and acknowledge is None and unacknowledge is None:
        raise click.UsageError("--position goes with --acknowledge or --unacknowledge")
    if not curation.given and acknowledgement is None and unacknowledge is None:
        raise click.UsageError("expected a fact to change (see --help), found none")
    archive = _archive(ctx)
    before = next((m for m in archive.metadata() if m.thread_id == thread_id), None)
    from threadarchive.archive.curate import curate

    updated = curate(
        archive,
        thread_id,
        curation,
        acknowledge=acknowledgement,
        unacknowledge=(unacknowledge, position) if unacknowledge else None,
    )
    if as_json:
        _print_json(updated.to_dict())
    else:
        changed = updated != before
        click.echo(
            f"updated thread {thread_id}; the tables are rebuilt"
            if changed
            else f"thread {thread_id}: nothing changed"
        )


@main.command()
@json_option
@click.pass_context
def rebuild(ctx: click.Context, as_json: bool) -> None:
    """Regenerate datapackage.json, schemas/ and the tables from data/raw/ and data/meta/.

    The working tables are a pure function of the captures and the curated
    metadata; run this after editing data/meta/ or archive.yaml by hand.
    """
    tables = _archive(ctx).rebuild()
    counts = {name: len(rows) for name, rows in tables.rows.items()}
    if as_json:
        _print_json({"rows": counts})
    else:
        click.echo("rebuilt: " + ", ".join(f"{name} {count}" for name, count in counts.items()))


@main.command()
@click.argument("thread", required=False)
@json_option
@click.pass_context
def show(ctx: click.Context, thread: str | None, as_json: bool) -> None:
    """List the archived threads, or print THREAD's tweets."""
    from threadarchive.archive.store import read_table

    archive = _archive(ctx)
    with archive.reading():
        threads, tweets = read_table(archive.root, "threads"), read_table(archive.root, "tweets")
    if thread is None:
        if as_json:
            _print_json(threads)
            return
        click.echo(f"{len(threads)} thread(s), {len(tweets)} tweet(s)")
        counts = Counter(t["thread_id"] for t in tweets)
        for row in threads:
            click.echo(
                f"  {row['thread_id']}  {row['published_date']}  {row['author_name']}  "
                f"{counts[row['thread_id']]}/{row['tweet_count']} tweets"
            )
        return
    rows = [t for t in tweets if t["thread_id"] == thread]
    if not rows:
        known = ", ".join(str(r["thread_id"]) for r in threads[:20]) or "none"
        raise click.BadParameter(f"expected one of the archived threads ({known}), found {thread!r}")
    if as_json:
        _print_json(rows)
        return
    head = next(r for r in threads if r["thread_id"] == thread)
    click.echo(
        f"{head['author_name']}, {head['published_date']}, {len(rows)} of {head['tweet_count']} tweets\n"
    )
    for row in rows:
        click.echo(f"[{row['position']}] {row['text']}\n")


@main.command(short_help="Validate the working package or a release.")
@click.argument("release", metavar="[RELEASE]", required=False)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for machines, github for GitHub Actions annotations.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--engine",
    type=click.Choice(["auto", "fast", "frictionless"]),
    default="auto",
    show_default=True,
    help="Schema checks by the fast engine, by frictionless itself, or fast where it can.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def validate(
    ctx: click.Context,
    release: str | None,
    output: str,
    as_json: bool,
    strict: bool,
    engine: str,
    quiet: bool,
) -> None:
    """Validate the working package, or RELEASE: a version, "latest", a release folder,
    its datapackage.json, a zip of one, or the URL of a folder or zip.

    Schema checks (types, constraints, keys, hashes) plus thread integrity and, in a
    working archive, the raw captures. Exit status: 0 valid (warnings allowed unless
    --strict), 1 invalid, 2 the package cannot be read (or a killed command left the
    working archive half changed).
    """
    from threadarchive.archive.checks import validate as validate_package
    from threadarchive.contract.package import load_package
    from threadarchive.contract.report import format_github, format_text

    if as_json and output not in ("text", "json"):
        raise click.UsageError(f"--json and --format {output} ask for two outputs: give one")
    root = Path(ctx.find_root().params["root"])
    if release is None and _interrupted(root):  # its tables are half changed: not invalid data
        from threadarchive.archive.store import JOURNAL

        raise InputError(f"{root / JOURNAL}: {INTERRUPTED}; validate it after that")
    _warn_pending(root)
    with _release(ctx, release, folder=True) as target:
        given = Path(release) if release and Path(release).name == DESCRIPTOR else target
        with _progress(quiet, _data_bytes(load_package(given)), "validating") as advance:
            report = validate_package(given, engine=engine, progress=advance)
    output = "json" if as_json else output
    if output == "json":
        _print_json(report.to_dict())
    elif output == "github":
        if text := format_github(report):
            click.echo(text)
    else:
        click.echo(format_text(report, strict=strict))
    ctx.exit(0 if report.passes(strict=strict) else 1)


def _data_bytes(package: Any) -> int:
    return sum(
        package.file(r).stat().st_size
        for r in package.resources
        if not r.unsafe and package.file(r).is_file()
    )


@contextmanager
def _progress(
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
def _release(ctx: click.Context, text: str | None, *, folder: bool = False) -> Iterator[Path]:
    """The release TEXT names (a version or "latest" of this archive, or of the package
    outside one; a folder, datapackage.json, zip or URL) as a local path; without TEXT,
    the working archive."""
    from threadarchive.access.load import release_files

    if text is None:
        yield _archive_root(ctx)
        return
    with release_files(text, _archive_or_none(ctx), folder=folder) as path:
        yield path


def _archive_or_none(ctx: click.Context) -> Path | None:
    """The archive's folder when the command runs in one; commands that only read a
    release work anywhere."""
    root = Path(ctx.find_root().params["root"])
    return root if (root / SETTINGS_FILE).is_file() else None


@main.command(short_help="Publish the working package as a release.")
@click.option(
    "--bump", type=click.Choice(["major", "minor", "patch"]), help="Bump the latest release's version."
)
@click.option("--version", "version", metavar="X.Y.Z", help="Publish exactly this version.")
@click.option(
    "--date",
    "created",
    type=_Date(),
    metavar="YYYY-MM-DD",
    envvar="THREADARCHIVE_RELEASE_DATE",
    help="Release date, YYYY-MM-DD (env THREADARCHIVE_RELEASE_DATE); default today, printed.",
)
@click.option("--note", help="A hand-written note for the CHANGELOG section.")
@click.option("--dry-run", is_flag=True, help="Show what would be published; write nothing.")
@click.option(
    "--zip", "make_zip", is_flag=True, help="Also write dist/NAME-data-X.Y.Z.zip, the one download."
)
@click.option("--bag", "make_bag", is_flag=True, help="Also write dist/NAME-data-X.Y.Z-bag/, a BagIt bag.")
@click.option(
    "--site",
    "make_site",
    is_flag=True,
    help="Also write dist/NAME-data-X.Y.Z-site/, a static searchable website (in the zip too, with --zip).",
)
@click.option(
    "--sqlite",
    "make_sqlite",
    is_flag=True,
    help="Also write dist/NAME-data-X.Y.Z.db, a SQLite database, with Datasette's dist/metadata.json.",
)
@click.option(
    "--allow-dirty", is_flag=True, help="Release a git source with uncommitted changes (not reproducible)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def release(
    ctx: click.Context,
    bump: str | None,
    version: str | None,
    created: dt.date | None,
    note: str | None,
    dry_run: bool,
    make_zip: bool,
    make_bag: bool,
    make_site: bool,
    make_sqlite: bool,
    allow_dirty: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Publish the working package as releases/X.Y.Z/: CSV and Parquet, SHA256SUMS, a
    dataset card the Hugging Face Hub reads, CITATION.cff and .zenodo.json.

    Validates first and refuses invalid data; computes the change since the latest
    release and refuses a bump too small for it; never overwrites a release. In a
    git repository, it refuses a source with uncommitted changes (unless
    --allow-dirty), records the commit in the release and tags it data-vX.Y.Z.
    --site and --sqlite write the readers of `threadarchive site` and `threadarchive
    sqlite` under dist/; with --zip, the site is also a second top folder of the
    zip, X.Y.Z-site/, beside the release folder. With nothing new to publish, it
    completes the latest release: the downloads asked for and the tag a kill left
    unwritten.
    """
    from threadarchive.archive.checks import validate as validate_package
    from threadarchive.archive.published import release_dir
    from threadarchive.contract.package import load_package
    from threadarchive.release.plan import NothingToRelease
    from threadarchive.release.plan import plan as plan_release
    from threadarchive.release.publish import publish
    from threadarchive.release.reproduce import tag, untagged

    asked = {"make_site": make_site, "make_sqlite": make_sqlite, "make_zip": make_zip, "make_bag": make_bag}
    archive = _archive(ctx)
    root = archive.root
    with archive.writing():  # a release a kill interrupted is finished before this one is planned
        pass
    level = cast("Level | None", bump)  # click.Choice gave one of the levels
    try:
        plan = plan_release(root, bump=level, version=version, created=created)
    except NothingToRelease as nothing:
        # a kill after publishing may have left the latest release without its downloads
        # or its tag: running release again completes them
        if dry_run:
            raise
        latest = str(nothing.latest)
        made = _downloads(archive, release_dir(root, latest), quiet, only_missing=True, **asked)
        if untagged(root, latest):
            made["tag"] = tag(root, latest)
        if not made:
            raise
        _report_release({"version": latest, **made}, as_json, prefix=f"release {latest}: wrote")
        return
    outcome: dict[str, Any] = {
        "version": str(plan.version),
        "previous": str(plan.previous) if plan.previous else None,
        "created": plan.created.isoformat(),
        "path": str(plan.path),
        "diff": plan.diff.to_dict(),
        "dry_run": dry_run,
    }
    if not as_json:
        click.echo(
            f"release {plan.version} ({'first release' if plan.previous is None else f'after {plan.previous}'})"
        )
        click.echo(f"date: {plan.created.isoformat()}" + ("" if created else " (today; set it with --date)"))
        for change in plan.diff.changes:
            click.echo(f"  {change.level:<5}  {change.kind} {change.table}: {change.detail}")
    size = _data_bytes(load_package(root))
    if dry_run:
        with _progress(quiet, size, "validating") as advance:
            report = validate_package(root, progress=advance)
        outcome["valid"] = report.valid
        if as_json:
            _print_json(outcome)
        else:
            verdict = (
                "would be published" if report.valid else f"would be refused: {len(report.errors)} error(s)"
            )
            click.echo(f"dry run: {plan.path} {verdict}; nothing written")
        ctx.exit(0 if report.valid else 1)
    with _progress(quiet, size, "releasing") as advance:
        publish(root, plan, note=note, progress=advance, allow_dirty=allow_dirty)
    outcome["valid"] = True
    outcome |= _downloads(archive, plan.path, quiet, **asked)
    outcome["tag"] = tag(root, str(plan.version))
    _report_release(outcome, as_json, prefix="published", published=str(plan.path))


def _downloads(
    archive: Archive,
    folder: Path,
    quiet: bool,
    *,
    make_site: bool,
    make_sqlite: bool,
    make_zip: bool,
    make_bag: bool,
    only_missing: bool = False,
) -> dict[str, Any]:
    """Write the downloads asked for of the release in ``folder`` under dist/ (with
    ``only_missing``, those a killed release left unwritten), by kind."""
    from threadarchive.release.bundles import make_bag as bag_release
    from threadarchive.release.bundles import make_zip as zip_release

    settings = archive.settings()
    download = f"dist/{settings.name}-data-{folder.name}"
    paths = {
        "site": archive.path(download + "-site"),
        "sqlite": archive.path(download + ".db"),
        "zip": archive.path(download + ".zip"),
        "bag": archive.path(download + "-bag"),
    }
    wanted = {"site": make_site, "sqlite": make_sqlite, "zip": make_zip, "bag": make_bag}
    todo = {kind for kind, asked in wanted.items() if asked and not (only_missing and paths[kind].exists())}
    made: dict[str, Any] = {}
    if "site" in todo:
        from threadarchive.access.site import build_site

        with _progress(quiet, _rows(folder), "building the site", PROGRESS_MIN_ROWS) as advance:
            made["site"] = str(build_site(folder, paths["site"], progress=advance).path)
    if "sqlite" in todo:
        from threadarchive.access.database import build_database

        rows = _rows(folder, all_tables=True)
        with _progress(quiet, rows, "writing SQLite", PROGRESS_MIN_ROWS) as advance:
            made["sqlite"] = str(build_database(folder, paths["sqlite"], progress=advance).path)
    if "zip" in todo:
        made["zip"] = str(zip_release(folder, paths["zip"], site=paths["site"] if make_site else None))
    if "bag" in todo:
        made["bag"] = str(bag_release(folder, paths["bag"], settings))
    return made


def _report_release(
    outcome: dict[str, Any], as_json: bool, *, prefix: str, published: str | None = None
) -> None:
    if as_json:
        _print_json(outcome)
        return
    written = [p for p in (published, *(outcome.get(k) for k in ("zip", "bag", "site", "sqlite"))) if p]
    if written:
        *others, last = written
        click.echo(f"{prefix} {', '.join(others)} and {last}" if others else f"{prefix} {last}")
    if outcome.get("tag"):
        click.echo(outcome["tag"])


def _rows(folder: Path, *, all_tables: bool = False) -> int:
    """The rows a reader of the release in ``folder`` goes through, for its progress bar."""
    from threadarchive import contract
    from threadarchive.access.verified import declared_rows

    return declared_rows(folder, contract.table_names() if all_tables else ("tweets",))


@main.command(short_help="Build a static, searchable website of a release.")
@click.argument("release", metavar="[RELEASE]", required=False, default="latest")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the site to: empty, new, or a site built before (replaced).",
)
@json_option
@quiet_option
@click.pass_context
def site(ctx: click.Context, release: str, out: Path, as_json: bool, quiet: bool) -> None:
    """Build a static website of RELEASE in the folder OUT: an index of threads,
    a page per thread (its tweets in order, markers as printed, permalinks, the
    source URL and the capture's provenance) and full-text search that runs in
    the browser, from file:// too; no server.

    RELEASE (default: latest) is a version or "latest" (of this archive, or of
    the package outside one), a release folder, its datapackage.json, a zip of
    one, or the URL of a folder or zip. It is verified before it is read.
    """
    from threadarchive.access.site import build_site

    with (
        _release(ctx, release, folder=True) as folder,
        _progress(quiet, _rows(folder), "building the site", PROGRESS_MIN_ROWS) as advance,
    ):
        result = build_site(folder, out, progress=advance)
    if as_json:
        _print_json(result.to_dict())
        return
    click.echo(
        f"wrote the site of release {result.version} to {result.path}: {result.threads} thread(s), "
        f"{result.tweets} tweet(s); open {result.path / 'index.html'}"
    )


@main.command(short_help="Write a release as a SQLite database for Datasette.")
@click.argument("arguments", metavar="[RELEASE] OUT.db", nargs=-1, required=True)
@json_option
@quiet_option
@click.pass_context
def sqlite(ctx: click.Context, arguments: tuple[str, ...], as_json: bool, quiet: bool) -> None:
    """Write RELEASE as the SQLite database OUT.db, with metadata.json for Datasette
    beside it: a table per table (typed, with primary and foreign keys), an FTS5
    full-text index of tweet text and the view thread_texts (each thread's text in
    order). Browse it with: datasette OUT.db -m metadata.json

    RELEASE (default: latest) is a version or "latest" (of this archive, or of
    the package outside one), a release folder, its datapackage.json, a zip of
    one, or the URL of a folder or zip. It is verified before it is read.
    """
    from threadarchive.access.database import build_database

    if len(arguments) > 2:
        raise click.UsageError(f"expected [RELEASE] OUT.db, found {len(arguments)} arguments")
    release, out = (arguments[0], arguments[1]) if len(arguments) == 2 else ("latest", arguments[0])
    with _release(ctx, release, folder=True) as folder:
        rows = _rows(folder, all_tables=True)
        with _progress(quiet, rows, "writing SQLite", PROGRESS_MIN_ROWS) as advance:
            result = build_database(folder, Path(out), progress=advance)
    if as_json:
        _print_json(result.to_dict())
        return
    counts = ", ".join(f"{name} {count}" for name, count in result.rows.items())
    click.echo(
        f"wrote release {result.version} to {result.path} ({counts}) and {result.metadata}; "
        f"browse it with: datasette {result.path} -m {result.metadata}"
    )


@main.command(short_help="Check releases against their manifests.")
@click.argument("release", metavar="[RELEASE]", required=False)
@json_option
@click.pass_context
def verify(ctx: click.Context, release: str | None, as_json: bool) -> None:
    """Check RELEASE, or when none is given every release of the archive (outside one,
    every release the package ships), against its manifests and the release index.

    RELEASE is a version or "latest" (of this archive, or of the package outside
    one), a release folder, its datapackage.json, a zip of one, or the URL of a
    folder or zip. Every file listed in SHA256SUMS must be present with its hash,
    every data file with the size and hash datapackage.json declares, no file may be
    unlisted, and the descriptor must be the one the release index records. Exit
    status 0 when every release checked is intact, 1 when one is not, 2 when RELEASE
    cannot be found or read.
    """
    from threadarchive.access.load import release_files
    from threadarchive.access.load import releases as packaged_releases
    from threadarchive.contract.report import format_text
    from threadarchive.release.fixity import verify as verify_release
    from threadarchive.release.history import verify_archive

    root = _archive_or_none(ctx)
    if release is None and root is not None:
        reports = verify_archive(root)  # every release, and the index against its history
    elif release is None:  # outside an archive: the releases this package ships
        reports = []
        for shipped in (known for known in packaged_releases() if known.packaged):
            with release_files(shipped.version, None) as path:
                reports.append(verify_release(path))
    else:
        with _release(ctx, release) as path:
            reports = [verify_release(path)]
    if as_json:
        _print_json([r.to_dict() for r in reports] if release is None else reports[0].to_dict())
    else:
        for report in reports:
            click.echo(format_text(report))
        if not reports:
            click.echo("no releases yet: nothing to verify")
    ctx.exit(0 if all(r.valid for r in reports) else 1)


@main.command(short_help="What changed between two releases.")
@click.argument("old")
@click.argument("new", required=False)
@json_option
@click.pass_context
def diff(ctx: click.Context, old: str, new: str | None, as_json: bool) -> None:
    """What changed from release OLD to NEW (default: the working package); each is a
    version, "latest", a release folder, its datapackage.json, a zip or a URL."""
    from threadarchive.release.versioning import diff_packages

    with _release(ctx, old, folder=True) as before, _release(ctx, new, folder=True) as after:
        result = diff_packages(before, after)
    if as_json:
        _print_json(result.to_dict())
        return
    for table, counts in result.counts.items():
        click.echo(
            f"{table}: {counts['added']} added, {counts['removed']} removed, {counts['corrected']} corrected"
        )
    for change in result.changes:
        click.echo(f"  {change.level:<5}  {change.kind} {change.table}: {change.detail}")
    click.echo(f"needs a {result.required} release" if result.required else "no change")


@main.command()
@json_option
@click.pass_context
def releases(ctx: click.Context, as_json: bool) -> None:
    """List the published releases: the archive's, or outside an archive the package's
    (saying which ship in it and where the others are published)."""
    from threadarchive.access.load import releases as packaged_releases
    from threadarchive.archive.published import list_releases

    root = _archive_or_none(ctx)
    if root is None:
        known = packaged_releases()
        if as_json:
            _print_json(
                [
                    {
                        "version": r.version,
                        "created": r.created,
                        "packaged": r.packaged,
                        "url": r.url,
                        "withdrawn": list(r.withdrawn),
                    }
                    for r in known
                ]
            )
            return
        if not known:
            click.echo("no releases shipped with threadarchive")
        for item in known:
            where = (
                "in the package" if item.packaged else f"at {item.url}" if item.url else "published elsewhere"
            )
            click.echo(f"{item.version}  {item.created}  {where}{_withdrawn_note(item.withdrawn)}")
        return
    found = list_releases(root)
    withdrawn = _withdrawn_by_release(root)
    if as_json:
        _print_json(
            [
                {
                    "version": str(r.version),
                    "created": r.created,
                    "path": str(r.path),
                    "rows": r.rows,
                    "withdrawn": withdrawn.get(str(r.version), []),
                }
                for r in found
            ]
        )
        return
    if not found:
        click.echo("no releases yet")
    for info in found:
        rows = ", ".join(f"{name} {count}" for name, count in info.rows.items())
        note = _withdrawn_note(withdrawn.get(str(info.version), []))
        click.echo(f"{info.version}  {info.created[:10]}  {rows}  {info.path}{note}")


def _withdrawn_by_release(root: Path) -> dict[str, list[str]]:
    """The threads withdrawn since, by the version of each release that holds them."""
    from threadarchive.archive.index import Index
    from threadarchive.archive.published import releases_dir

    path = releases_dir(root) / INDEX_NAME
    found: dict[str, list[str]] = {}
    for withdrawal in Index.read(path).withdrawals if path.exists() else ():
        for version in withdrawal.releases:
            found.setdefault(version, []).append(withdrawal.thread_id)
    return found


def _withdrawn_note(threads: Sequence[str]) -> str:
    return f"  (holds {len(threads)} thread(s) withdrawn since: {', '.join(threads)})" if threads else ""


@main.command(short_help="Take a thread out of the archive going forward.")
@click.argument("thread_id")
@click.option("--reason", required=True, help="Why: the request or decision (recorded; never the text).")
@click.option(
    "--date",
    "when",
    type=_Date(),
    metavar="YYYY-MM-DD",
    help="When it was withdrawn (default today).",
)
@json_option
@click.pass_context
def withdraw(ctx: click.Context, thread_id: str, reason: str, when: dt.date | None, as_json: bool) -> None:
    """Withdraw THREAD_ID: its rows leave the working tables and every later release, its
    raw captures and metadata leave the archive, and data/withdrawals.yaml records the
    date, the reason and each capture's SHA-256 (never the text).

    Published releases are not changed: the release index lists those that hold the
    thread, so `releases` marks them and loading one warns. The git history still
    holds the removed files: README, "Rights and takedowns", says how to purge it.
    Ingesting a capture of the thread again is refused unless --reinstate says why.
    """
    archive = _archive(ctx)
    from threadarchive.archive.withdraw import withdraw as withdraw_thread

    withdrawal = withdraw_thread(archive, thread_id, reason, date=when)
    event = withdrawal.last
    if as_json:
        _print_json(
            {
                "thread_id": thread_id,
                "date": event.date.isoformat(),
                "reason": event.reason,
                "captures_removed": list(event.captures),
            }
        )
        return
    click.echo(
        f"withdrawn: thread {thread_id} on {event.date}, {len(event.captures)} capture(s) removed from data/raw; "
        "the next release is a major one. Purge the files from the git history too: README, Rights and takedowns"
    )


@main.command(short_help="Rebuild a release; compare byte for byte.")
@click.argument("version")
@click.pass_context
def reproduce(ctx: click.Context, version: str) -> None:
    """Rebuild release VERSION (or "latest") from its source and compare byte for byte.

    The source is the git commit the release records, checked out in a temporary
    worktree; for a release that records none, the source as it is now. Exit status
    0 when every file is the same, 1 when one differs.
    """
    from threadarchive.release.reproduce import reproduce as reproduce_release

    with _release(ctx, version) as release:
        pass
    result = reproduce_release(_archive_root(ctx), release.name)
    if not result.differing:
        click.echo(f"release {result.version} is reproduced byte for byte from {result.source}")
        return
    why = (
        "It was built from uncommitted changes, which that commit lacks."
        if result.dirty
        else "It records no commit: check out the commit that published it and run this again."
        if result.source == "the current source"
        else "The tools differ (pyarrow writes its version into Parquet): install constraints.txt."
    )
    click.echo(
        f"release {result.version} differs from its rebuild from {result.source} in: {', '.join(result.differing)}. {why}"
    )
    ctx.exit(1)
