"""Commands that read a package or a release: validate, site, sqlite."""

from __future__ import annotations

from pathlib import Path

import click

from threadarchive.cli import main
from threadarchive.cli.common import (
    INTERRUPTED,
    PROGRESS_MIN_ROWS,
    archive_or_none,
    as_named,
    data_bytes,
    echo,
    interrupted,
    print_json,
    progress,
    release_path,
    root_of,
    rows_of,
    warn_pending,
)
from threadarchive.cli.hints import with_hints
from threadarchive.cli.options import json_option, output_format_option, quiet_option
from threadarchive.contract.layout import DESCRIPTOR, JOURNAL
from threadarchive.errors import InputError
from threadarchive.files.gate import is_url
from threadarchive.validation.engine import ENGINES


@main.command(short_help="Validate the working package or a release.")
@click.argument("release", metavar="[RELEASE]", required=False)
@output_format_option
@json_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="auto",
    show_default=True,
    help="Schema checks by DuckDB, by the same SQL on Apache Spark (needs threadarchive[spark] and "
    "Java), by the fast engine (pyarrow), by frictionless itself, or the best of them field by field (auto).",
)
@click.option(
    "--memory-limit",
    "memory_limit",
    metavar="SIZE",
    help="Memory DuckDB may use before it spills to disk, e.g. 2GB (default: 512MB).",
)
@click.option(
    "--spark-master",
    "spark_master",
    metavar="URL",
    help="With --engine spark: the cluster to run on, e.g. spark://host:7077 (default: Spark Connect "
    "at $SPARK_REMOTE if set, else local[*]).",
)
@quiet_option
@click.pass_context
def validate(
    ctx: click.Context,
    release: str | None,
    output: str,
    as_json: bool,
    strict: bool,
    engine: str,
    memory_limit: str | None,
    spark_master: str | None,
    quiet: bool,
) -> None:
    """Validate the working package, or RELEASE: a version, "latest", a release folder,
    its datapackage.json, a zip of one, or the URL of a folder or zip.

    Schema checks (types, constraints, keys, hashes) plus thread integrity and, in a
    working archive, the raw captures; for a finding of the working archive that a
    command mends, the table says which. Exit status: 0 valid (warnings allowed
    unless --strict), 1 invalid, 2 the package cannot be read (or a killed command
    left the working archive half changed).

    Example:

    \b
        threadarchive validate --strict
        threadarchive validate 1.0.0 --json
        threadarchive validate --format github
        threadarchive validate --engine duckdb --memory-limit 2GB
        threadarchive validate --engine spark --spark-master spark://host:7077
    """
    from threadarchive.archive.checks import validate as validate_package
    from threadarchive.contract.package import load_package
    from threadarchive.contract.report import format_github, format_text

    if as_json and output not in ("text", "json"):
        raise click.UsageError(f"--json and --format {output} ask for two outputs: give one")
    if spark_master and engine != "spark":
        raise click.UsageError("--spark-master is for --engine spark: give both, or neither")
    root = root_of(ctx)
    if release is None and interrupted(root):  # its tables are half changed: not invalid data
        raise InputError(f"{root / JOURNAL}: {INTERRUPTED}; validate it after that", path=root / JOURNAL)
    warn_pending(root)
    with release_path(ctx, release, folder=True) as target:
        local = Path(release) if release is not None and not is_url(release) else None
        given = local if local is not None and local.name == DESCRIPTOR else target  # a URL's copy: target
        with progress(quiet, data_bytes(load_package(given, inline=True)), "validating") as advance:
            report = validate_package(
                given, engine=engine, progress=advance, memory_limit=memory_limit, spark_master=spark_master
            )
        if release is not None:  # a URL's report names it, not the download removed on return
            report = as_named(report, given, release)
    output = "json" if as_json else output
    if output == "json":
        print_json(report.to_dict())
    elif output == "github":
        if text := format_github(report):
            echo(text)
    else:
        working = release is None and archive_or_none(ctx) is not None
        echo(format_text(report, strict=strict, hint=with_hints(root) if working else None))
    ctx.exit(0 if report.passes(strict=strict) else 1)


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

    Example:

    \b
        threadarchive site latest --out dist/site
    """
    from threadarchive.access.site import build_site

    with (
        release_path(ctx, release, folder=True) as folder,
        progress(quiet, rows_of(folder), "building the site", PROGRESS_MIN_ROWS) as advance,
    ):
        result = build_site(folder, out, progress=advance)
    if as_json:
        print_json(result.to_dict())
        return
    echo(
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

    Example:

    \b
        threadarchive sqlite 1.0.0 dist/threads.db
    """
    from threadarchive.access.database import build_database

    if len(arguments) > 2:
        raise click.UsageError(f"expected [RELEASE] OUT.db, found {len(arguments)} arguments")
    release, out = (arguments[0], arguments[1]) if len(arguments) == 2 else ("latest", arguments[0])
    with release_path(ctx, release, folder=True) as folder:
        rows = rows_of(folder, all_tables=True)
        with progress(quiet, rows, "writing SQLite", PROGRESS_MIN_ROWS) as advance:
            result = build_database(folder, Path(out), progress=advance)
    if as_json:
        print_json(result.to_dict())
        return
    counts = ", ".join(f"{name} {count}" for name, count in result.rows.items())
    echo(
        f"wrote release {result.version} to {result.path} ({counts}) and {result.metadata}; "
        f"browse it with: datasette {result.path} -m {result.metadata}"
    )
