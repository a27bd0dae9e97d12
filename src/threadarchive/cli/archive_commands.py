"""Commands that make and change the working archive: init, parse, ingest, meta,
rebuild, show, withdraw."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from threadarchive.cli import main
from threadarchive.cli.common import archive_of, echo, print_json, root_of
from threadarchive.cli.hints import hinted
from threadarchive.cli.options import (
    capture_format_option,
    curation_options,
    date_option,
    json_option,
    quiet_option,
)
from threadarchive.contract.layout import SETTINGS_FILE
from threadarchive.contract.limits import MAX_POSITION
from threadarchive.errors import InputError

if TYPE_CHECKING:
    from threadarchive.archive.metadata import Curation


@main.command()
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The archive's Data Package name (default: from the folder's name).")
@click.option("--title", help="The archive's title.")
@json_option
def init(directory: Path, name: str | None, title: str | None, as_json: bool) -> None:
    """Create a new, empty, valid archive in DIRECTORY (default: here).

    Writes archive.yaml (its settings: edit them), datapackage.json, schemas/,
    empty tables under data/, CHANGELOG.md and a CI workflow that validates it.

    Example:

    \b
        threadarchive init my-threads --name my-threads --title "My threads"
    """
    from threadarchive.archive.scaffold import init as init_archive

    archive = init_archive(directory, name=name, title=title)
    if as_json:
        print_json({"root": str(archive.root), "settings": archive.settings().to_dict()})
        return
    echo(f"created an empty archive in {archive.root}; edit its settings in {archive.root / SETTINGS_FILE}")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@capture_format_option
@json_option
def parse(file: Path, capture_format: str | None, as_json: bool) -> None:
    """Parse one capture FILE and print its threads; writes nothing.

    Example:

    \b
        threadarchive parse capture.txt --json
    """
    from threadarchive.capture.formats import read_capture

    capture = read_capture(file, capture_format)
    if as_json:
        print_json(capture.to_dict())
        return
    echo(
        f"format:  {capture.source_format}"
        + (f", captured {capture.captured_at}" if capture.captured_at else "")
    )
    for thread in capture.threads:
        echo(
            f"\nauthor:  {thread.author_name or '(not named)'}"
            + (f" (@{thread.author_handle})" if thread.author_handle else "")
        )
        echo(f"bio:     {thread.author_bio or '(none)'}")
        echo(f"date:    {thread.published_date.isoformat()}")
        echo(f"tweets:  {thread.tweet_count} declared, {len(thread.tweets)} found")
        if thread.known_gaps:
            echo(f"gaps:    {thread.known_gaps}")
        for tweet in thread.tweets:
            ident = f", ID {tweet.tweet_id}" if tweet.tweet_id else ""
            echo(f"\n[{tweet.position}] marker {tweet.marker or '(none)'}, line {tweet.line}{ident}")
            echo(tweet.text)
        for warning in thread.warnings:
            echo(f"warning: {warning.where()}: {warning.message}", err=True)


def _curation(values: dict[str, Any]) -> Curation:
    """The curated facts the options give (a handle without its @, IDs split at commas)."""
    from threadarchive.archive.metadata import Curation

    ids = values.pop("tweet_ids")
    handle = values.pop("author_handle")
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
    help="Record FILE as a new capture of this archived thread (repeat for a capture of several).",
)
@click.option(
    "--reinstate",
    metavar="WHY",
    help="Take in again a thread that was withdrawn, saying why (recorded in data/withdrawals.yaml).",
)
@capture_format_option
@curation_options
@json_option
@quiet_option
@click.pass_context
def ingest(
    ctx: click.Context,
    files: tuple[Path, ...],
    manifest: Path | None,
    replaces: tuple[str, ...],
    reinstate: str | None,
    capture_format: str | None,
    as_json: bool,
    quiet: bool,
    **facts: Any,
) -> None:
    """Record capture FILES (any format) in data/raw/ and rebuild the working tables.

    Each capture is stored under a name made from its SHA-256, its original name
    kept in the thread's capture history. A capture of a thread already archived
    is refused unless --replaces names the thread: the thread keeps its ID and
    curated facts, the old capture stays in the history, and the tables follow
    the new one. With --manifest, every row is ingested or none is. Running it
    again changes nothing. The threads are validated before anything is written:
    an error refuses the ingest (saying which option settles it, such as
    --known-gaps WHY for a tweet missing from the capture), and the warnings
    validate will give are printed.

    Example:

    \b
        threadarchive ingest capture.txt --language en --terms public-post
        threadarchive ingest gap.txt --known-gaps "tweet 7 was deleted before capture"
    """
    from threadarchive.archive.ingest import Source
    from threadarchive.archive.ingest import ingest as ingest_sources
    from threadarchive.archive.manifest import read_manifest

    curation = _curation(facts)
    if bool(files) == bool(manifest):
        raise click.UsageError("expected capture FILES or --manifest FILE.csv: give one of them")
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
            raise click.UsageError(f"{', '.join(given)} {verb} one thread: give one FILE with them")
        sources = [Source(path, curation, capture_format, replaces, reinstate=reinstate) for path in files]
        problems = []
    archive = archive_of(ctx)
    outcomes = ingest_sources(archive, sources, problems=problems)
    if as_json:
        print_json([o.to_dict() for o in outcomes])
        return
    for outcome in outcomes:
        echo(f"{outcome.status}: {outcome.source} -> thread {outcome.thread_id}")
        for warning in outcome.warnings:  # the reader's, and what validate will say of the thread
            echo(f"warning: {warning.where()}: {hinted(warning, root_of(ctx))}", err=True)


@main.command()
@click.argument("thread_id")
@curation_options
@click.option(
    "--acknowledge",
    metavar="FINDING",
    help="Acknowledge a warning the thread has, of this type (with --note, and --position for one tweet).",
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
@quiet_option
@click.pass_context
def meta(
    ctx: click.Context,
    thread_id: str,
    acknowledge: str | None,
    unacknowledge: str | None,
    position: int | None,
    note: str | None,
    as_json: bool,
    quiet: bool,
    **facts: Any,
) -> None:
    """Change the curated facts of THREAD_ID (only those given) and rebuild the tables.

    Each value is checked against the pattern of its column in the archive's
    schemas; an empty value ("") clears a fact. --tweet-ids lists one ID per tweet
    of the thread, in order. --acknowledge marks a warning validation reports of
    the thread (such as a marker printed "/12") as a known anomaly of the source:
    it is then reported as info, with the note, and does not fail --strict. An
    acknowledgement of an error, or of a finding the thread does not have, is
    refused.

    Example:

    \b
        threadarchive meta THREAD_ID --terms public-post --language en
        threadarchive meta THREAD_ID --acknowledge marker-style-mismatch --position 12 --note "printed /12"
    """
    from threadarchive.archive.curate import curate
    from threadarchive.archive.metadata import Acknowledgement

    curation = _curation(facts)
    acknowledgement = None
    if acknowledge is not None:
        if not note:
            raise click.UsageError("--acknowledge needs --note saying why the anomaly is kept")
        acknowledgement = Acknowledgement(acknowledge, note, position)
    elif note is not None:
        raise click.UsageError("--note goes with --acknowledge")
    if position is not None and acknowledge is None and unacknowledge is None:
        raise click.UsageError("--position goes with --acknowledge or --unacknowledge")
    if not curation.given and acknowledgement is None and unacknowledge is None:
        raise click.UsageError("expected a fact to change (see --help), found none")
    archive = archive_of(ctx)
    before = next((m for m in archive.metadata() if m.thread_id == thread_id), None)
    updated = curate(
        archive,
        thread_id,
        curation,
        acknowledge=acknowledgement,
        unacknowledge=(unacknowledge, position) if unacknowledge else None,
    )
    if as_json:
        print_json(updated.to_dict())
        return
    changed = updated != before
    echo(
        f"updated thread {thread_id}; the tables are rebuilt"
        if changed
        else f"thread {thread_id}: nothing changed"
    )


@main.command()
@json_option
@quiet_option
@click.pass_context
def rebuild(ctx: click.Context, as_json: bool, quiet: bool) -> None:
    """Regenerate datapackage.json, schemas/ and the tables from data/raw/ and data/meta/.

    The working tables are a pure function of the captures and the curated
    metadata; run this after editing data/meta/ or archive.yaml by hand.

    Example:

    \b
        threadarchive rebuild --json
    """
    tables = archive_of(ctx).rebuild()
    counts = {name: len(rows) for name, rows in tables.rows.items()}
    if as_json:
        print_json({"rows": counts})
    else:
        echo("rebuilt: " + ", ".join(f"{name} {count}" for name, count in counts.items()))


@main.command()
@click.argument("thread", required=False)
@json_option
@click.pass_context
def show(ctx: click.Context, thread: str | None, as_json: bool) -> None:
    """List the archived threads, or print THREAD's tweets.

    Example:

    \b
        threadarchive show
        threadarchive show THREAD_ID --json
    """
    from threadarchive.archive.store import read_table

    archive = archive_of(ctx)
    with archive.reading():
        threads, tweets = read_table(archive.root, "threads"), read_table(archive.root, "tweets")
    if thread is None:
        if as_json:
            print_json(threads)
            return
        echo(f"{len(threads)} thread(s), {len(tweets)} tweet(s)")
        counts = Counter(t["thread_id"] for t in tweets)
        for row in threads:
            echo(
                f"  {row['thread_id']}  {row['published_date']}  {row['author_name']}  "
                f"{counts[row['thread_id']]}/{row['tweet_count']} tweets"
            )
        return
    rows = [t for t in tweets if t["thread_id"] == thread]
    if not rows:
        from threadarchive.archive.ingest import unknown_thread

        raise InputError(unknown_thread(thread, [str(r["thread_id"]) for r in threads]), thread=thread)
    if as_json:
        print_json(rows)
        return
    head = next(r for r in threads if r["thread_id"] == thread)
    echo(f"{head['author_name']}, {head['published_date']}, {len(rows)} of {head['tweet_count']} tweets\n")
    for row in rows:
        echo(f"[{row['position']}] {row['text']}\n")


@main.command(short_help="Take a thread out of the archive going forward.")
@click.argument("thread_id")
@click.option("--reason", required=True, help="Why: the request or decision (recorded; never the text).")
@date_option("date", "When it was withdrawn (default today).")
@json_option
@quiet_option
@click.pass_context
def withdraw(
    ctx: click.Context, thread_id: str, reason: str, date: dt.date | None, as_json: bool, quiet: bool
) -> None:
    """Withdraw THREAD_ID: its rows leave the working tables and every later release, its
    raw captures and metadata leave the archive, and data/withdrawals.yaml records the
    date, the reason and each capture's SHA-256 (never the text).

    Published releases are not changed: the release index lists those that hold the
    thread, so `releases` marks them and loading one warns. The git history still
    holds the removed files: README, "Rights and takedowns", says how to purge it.
    Ingesting a capture of the thread again is refused unless --reinstate says why.

    Example:

    \b
        threadarchive withdraw THREAD_ID --reason "the author asked, 2026-01-05"
    """
    from threadarchive.archive.withdraw import withdraw as withdraw_thread

    archive = archive_of(ctx)
    withdrawal = withdraw_thread(archive, thread_id, reason, date=date)
    event = withdrawal.last
    if as_json:
        print_json(
            {
                "thread_id": thread_id,
                "date": event.date.isoformat(),
                "reason": event.reason,
                "captures_removed": list(event.captures),
            }
        )
        return
    echo(
        f"withdrawn: thread {thread_id} on {event.date}, {len(event.captures)} capture(s) removed from data/raw; "
        "the next release is a major one. Purge the files from the git history too: README, Rights and takedowns"
    )
