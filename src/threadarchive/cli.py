"""The ``threadarchive`` command: a thin click layer over the library.

Commands parse options, call the core and print. Errors the core raises on purpose
become one ``Error: ...`` line on stderr with the exit status the error carries
(1 invalid data, 2 bad usage or unreadable input). Heavy libraries are imported
inside the commands that need them, so ``--help`` starts fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from .errors import ThreadArchiveError

PROGRESS_MIN_BYTES = 50 << 20  # below this, work is quick enough to need no bar


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ThreadArchiveError as exc:
            error = click.ClickException(str(exc))
            error.exit_code = exc.exit_code
            raise error from exc


def _archive_root(ctx: click.Context) -> Path:
    return Path(ctx.find_root().params["root"])


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


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
def main(root: Path) -> None:
    """Archive X/Twitter threads as captured: parse, validate, release, load."""


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parsed thread as JSON.")
def parse(file: Path, as_json: bool) -> None:
    """Parse one capture FILE and print the thread; writes nothing."""
    from .parser import parse_file

    thread = parse_file(file)
    if as_json:
        _print_json(thread.to_dict())
        return
    click.echo(f"author:  {thread.author_name}")
    click.echo(f"bio:     {thread.author_bio or '(none)'}")
    click.echo(f"date:    {thread.published_date.isoformat()}")
    click.echo(f"tweets:  {thread.tweet_count} declared, {len(thread.tweets)} found")
    for tweet in thread.tweets:
        click.echo(f"\n[{tweet.position}] marker {tweet.marker or '(none)'}, line {tweet.line}")
        click.echo(tweet.text)
    for warning in thread.warnings:
        click.echo(f"warning: {warning.where()}: {warning.message}", err=True)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--handle", help="Author's X handle, without @.")
@click.option("--source-url", help="URL the capture was taken from.")
@click.option("--captured-at", help="When it was captured, ISO 8601 (2025-11-05 or 2025-11-05T14:03:00Z).")
@click.option("--language", help="BCP 47 language tag of the thread, such as en.")
@click.option("--rights", help="Rights note for the thread's text (a default note is used otherwise).")
@click.option("--known-gaps", help="Known gaps, such as 'tweet 7 was deleted before capture'.")
@click.option(
    "--tweet-ids", help="Comma-separated tweet IDs in thread order; the first becomes the thread ID."
)
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
@click.pass_context
def ingest(
    ctx: click.Context,
    files: tuple[Path, ...],
    handle: str | None,
    source_url: str | None,
    captured_at: str | None,
    language: str | None,
    rights: str | None,
    known_gaps: str | None,
    tweet_ids: str | None,
    as_json: bool,
) -> None:
    """Copy capture FILES into data/raw/ and rebuild the working tables.

    Curated facts (handle, source URL, tweet IDs, ...) go to data/meta/<thread>.yaml.
    Running it again changes nothing; a capture that differs from the archived one
    of the same thread is refused, never merged.
    """
    from .archive import Archive, Curation

    per_thread = {"--tweet-ids": tweet_ids, "--handle": handle, "--source-url": source_url}
    given = [name for name, value in per_thread.items() if value]
    if given and len(files) > 1:
        raise click.UsageError(f"{', '.join(given)} describe one thread: give one FILE with them")
    ids = None if tweet_ids is None else [part.strip() for part in tweet_ids.split(",")]
    curation = Curation(
        author_handle=handle.lstrip("@") if handle else None,
        source_url=source_url,
        captured_at=captured_at,
        language=language,
        rights=rights,
        known_gaps=known_gaps,
        tweet_ids=ids,
    )
    outcomes = Archive(_archive_root(ctx)).ingest(files, curation)
    if as_json:
        _print_json(
            [
                {
                    "source": o.source,
                    "thread_id": o.thread_id,
                    "status": o.status,
                    "warnings": [w.to_dict() for w in o.warnings],
                }
                for o in outcomes
            ]
        )
        return
    for outcome in outcomes:
        click.echo(f"{outcome.status}: {outcome.source} -> thread {outcome.thread_id}")
        for warning in outcome.warnings:
            click.echo(f"warning: {warning.where()}: {warning.message}", err=True)


@main.command()
@click.argument("thread", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def show(ctx: click.Context, thread: str | None, as_json: bool) -> None:
    """List the archived threads, or print THREAD's tweets."""
    from .archive import Archive

    tables = Archive(_archive_root(ctx)).build_tables()
    if thread is None:
        if as_json:
            _print_json(tables.threads)
            return
        click.echo(f"{len(tables.threads)} thread(s), {len(tables.tweets)} tweet(s)")
        for row in tables.threads:
            found = sum(1 for t in tables.tweets if t["thread_id"] == row["thread_id"])
            click.echo(
                f"  {row['thread_id']}  {row['published_date']}  {row['author_name']}  "
                f"{found}/{row['tweet_count']} tweets"
            )
        return
    rows = [t for t in tables.tweets if t["thread_id"] == thread]
    if not rows:
        known = ", ".join(r["thread_id"] for r in tables.threads) or "none"
        raise click.BadParameter(f"expected one of the archived threads ({known}), found {thread!r}")
    if as_json:
        _print_json(rows)
        return
    for row in rows:
        click.echo(f"[{row['position']}] {row['text']}\n")


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
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
    ctx: click.Context, path: Path | None, output: str, as_json: bool, strict: bool, engine: str, quiet: bool
) -> None:
    """Validate the working package, or the package at PATH (a release folder or datapackage.json).

    Schema checks (types, constraints, keys, hashes) plus thread integrity and, in a
    working archive, the raw captures. Exit status: 0 valid (warnings allowed unless
    --strict), 1 invalid, 2 the package cannot be read.
    """
    from .package import load_package
    from .report import format_github, format_text
    from .validate import validate as validate_package

    target = path or _archive_root(ctx)
    with _progress(quiet, _data_bytes(load_package(target)), "validating") as advance:
        report = validate_package(target, engine=engine, progress=advance)
    output = "json" if as_json else output
    if output == "json":
        _print_json(report.to_dict())
    elif output == "github":
        if text := format_github(report):
            click.echo(text)
    else:
        click.echo(format_text(report))
    ctx.exit(0 if report.passes(strict=strict) else 1)


def _data_bytes(package: Any) -> int:
    return sum(
        (package.base / r.path).stat().st_size for r in package.resources if (package.base / r.path).is_file()
    )


@contextmanager
def _progress(quiet: bool, total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for long work; nothing when quiet or not a terminal."""
    stderr = sys.stderr
    if quiet or not stderr.isatty() or total < PROGRESS_MIN_BYTES:
        yield None
        return
    with click.progressbar(length=total, label=label, file=stderr) as bar:
        yield bar.update
