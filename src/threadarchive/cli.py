"""The ``threadarchive`` command: a thin click layer over the library.

Commands parse options, call the core and print. Errors the core raises on purpose
become one ``Error: ...`` line on stderr with the exit status the error carries
(1 invalid data, 2 bad usage or unreadable input). Heavy libraries are imported
inside the commands that need them, so ``--help`` starts fast.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
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
    """The archive's folder (-C, default here), which must hold a datapackage.json."""
    root = Path(ctx.find_root().params["root"])
    if not (root / "datapackage.json").is_file():
        where = "this folder" if root == Path() else str(root)
        raise click.UsageError(
            f"expected an archive in {where} (a folder holding datapackage.json), found none; "
            "run the command in the archive's folder or pass -C DIR"
        )
    return root


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
    from .formats.scrolly import parse_file

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


@main.command(short_help="Add captures; rebuild the working tables.")
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
            if warning.type == "tweet-count-mismatch" and not known_gaps:
                hint = "record the gap with --known-gaps TEXT, or validation will count it an error"
                click.echo(f"hint: {hint}", err=True)


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
        counts = Counter(t["thread_id"] for t in tables.tweets)
        for row in tables.threads:
            found = counts[row["thread_id"]]
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
    head = next(r for r in tables.threads if r["thread_id"] == thread)
    click.echo(
        f"{head['author_name']}, {head['published_date']}, {len(rows)} of {head['tweet_count']} tweets\n"
    )
    for row in rows:
        click.echo(f"[{row['position']}] {row['text']}\n")


@main.command(short_help="Validate the working package or a release.")
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
    from .validation import validate as validate_package

    if as_json and output not in ("text", "json"):
        raise click.UsageError(f"--json and --format {output} ask for two outputs: give one")
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
        click.echo(format_text(report, strict=strict))
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


def _release_path(ctx: click.Context, text: str) -> Path:
    """A release given as a version, as "latest" (under releases/), or as a path."""
    from .release import list_releases

    if Path(text).exists():
        return Path(text)
    known = list_releases(_archive_root(ctx))
    if text == "latest" and known:
        return known[-1].path
    for info in known:
        if str(info.version) == text:
            return info.path
    available = ", ".join(str(i.version) for i in known) or "none"
    raise click.BadParameter(f"expected a release version ({available}) or a path, found {text!r}")


@main.command(short_help="Publish the working package as a release.")
@click.option(
    "--bump", type=click.Choice(["major", "minor", "patch"]), help="Bump the latest release's version."
)
@click.option("--version", "version", metavar="X.Y.Z", help="Publish exactly this version.")
@click.option(
    "--date",
    "created",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    envvar="THREADARCHIVE_RELEASE_DATE",
    help="Release date, YYYY-MM-DD (env THREADARCHIVE_RELEASE_DATE); default today, printed.",
)
@click.option("--note", help="A hand-written note for the CHANGELOG section.")
@click.option("--dry-run", is_flag=True, help="Show what would be published; write nothing.")
@click.option("--zip", "make_zip", is_flag=True, help="Also write dist/threadarchive-data-X.Y.Z.zip.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def release(
    ctx: click.Context,
    bump: str | None,
    version: str | None,
    created: Any,
    note: str | None,
    dry_run: bool,
    make_zip: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Publish the working package as releases/X.Y.Z/ (CSV + Parquet, checksums, card, citation).

    Validates first and refuses invalid data; computes the change since the latest
    release and refuses a bump too small for it; never overwrites a release.
    """
    from . import release as releases
    from .fixity import make_zip as zip_release
    from .package import load_package
    from .validation import validate as validate_package

    root = _archive_root(ctx)
    plan = releases.plan(root, bump=bump, version=version, created=created.date() if created else None)
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
        releases.publish(root, plan, note=note, progress=advance)
    outcome["valid"] = True
    if make_zip:
        outcome["zip"] = str(zip_release(plan.path, root / "dist" / f"threadarchive-data-{plan.version}.zip"))
    if as_json:
        _print_json(outcome)
    else:
        click.echo(f"published {plan.path}" + (f" and {outcome['zip']}" if "zip" in outcome else ""))


@main.command(short_help="Check a release against its manifest.")
@click.argument("release_path", metavar="RELEASE")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def verify(ctx: click.Context, release_path: str, as_json: bool) -> None:
    """Check RELEASE (a version, "latest", a folder or a zip) against its manifest.

    Every file listed in SHA256SUMS must be present with its hash, every data file
    with the size and hash datapackage.json declares, and no file may be unlisted.
    """
    from .fixity import verify as verify_release
    from .report import format_text

    report = verify_release(_release_path(ctx, release_path))
    if as_json:
        _print_json(report.to_dict())
    else:
        click.echo(format_text(report))
    ctx.exit(0 if report.valid else 1)


@main.command(short_help="What changed between two releases.")
@click.argument("old")
@click.argument("new", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the diff as JSON.")
@click.pass_context
def diff(ctx: click.Context, old: str, new: str | None, as_json: bool) -> None:
    """What changed from release OLD to NEW (a release; default the working package)."""
    from .versioning import diff_packages

    result = diff_packages(_release_path(ctx, old), _release_path(ctx, new) if new else _archive_root(ctx))
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
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def releases(ctx: click.Context, as_json: bool) -> None:
    """List the published releases."""
    from .release import list_releases

    found = list_releases(_archive_root(ctx))
    if as_json:
        _print_json(
            [
                {"version": str(r.version), "created": r.created, "path": str(r.path), "rows": r.rows}
                for r in found
            ]
        )
        return
    if not found:
        click.echo("no releases yet")
    for info in found:
        rows = ", ".join(f"{name} {count}" for name, count in info.rows.items())
        click.echo(f"{info.version}  {info.created[:10]}  {rows}  {info.path}")


@main.command(short_help="Rebuild a release; compare byte for byte.")
@click.argument("version")
@click.pass_context
def reproduce(ctx: click.Context, version: str) -> None:
    """Rebuild release VERSION (or "latest") from the source and compare byte for byte.

    The rebuild uses the source as it is now: to reproduce an older release, check
    out the commit that published it first.
    """
    from .release import reproduce as reproduce_release

    release = _release_path(ctx, version)
    differing = reproduce_release(_archive_root(ctx), release.name)
    if differing:
        click.echo(
            f"release {release.name} differs from its rebuild from the current source in: {', '.join(differing)}. "
            "If the archive changed since, check out the commit that published it and run this again."
        )
        ctx.exit(1)
    click.echo(f"release {release.name} is reproduced byte for byte from the current source")
