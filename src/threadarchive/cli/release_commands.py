"""Commands about releases: release, verify, diff, releases, reproduce."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from threadarchive.cli import main
from threadarchive.cli.common import (
    PROGRESS_MIN_ROWS,
    archive_of,
    archive_or_none,
    as_named,
    data_bytes,
    echo,
    print_json,
    progress,
    release_path,
    rows_of,
)
from threadarchive.cli.hints import command_line
from threadarchive.cli.options import date_option, json_option, quiet_option
from threadarchive.contract.layout import INDEX_NAME

if TYPE_CHECKING:
    from threadarchive.archive.store import Store
    from threadarchive.contract.versions import Level
    from threadarchive.release.downloads import Unfinished
    from threadarchive.release.plan import NothingToRelease


@main.command(short_help="Publish the working package as a release.")
@click.option(
    "--bump", type=click.Choice(["major", "minor", "patch"]), help="Bump the latest release's version."
)
@click.option("--version", "version", metavar="X.Y.Z", help="Publish exactly this version.")
@date_option(
    "created",
    "Release date, YYYY-MM-DD (env THREADARCHIVE_RELEASE_DATE); default today, printed.",
    envvar="THREADARCHIVE_RELEASE_DATE",
)
@click.option("--note", help="A hand-written note for the CHANGELOG section.")
@click.option("--dry-run", is_flag=True, help="Show what would be published; write nothing.")
@click.option(
    "--zip", "make_zip", is_flag=True, help="Also write dist/NAME-data-X.Y.Z.zip, the one download."
)
@click.option(
    "--public-zip",
    "make_public_zip",
    is_flag=True,
    help="Also write dist/NAME-data-X.Y.Z-public.zip: the texts archive.yaml's public_terms allow, the rest ID-only.",
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
@json_option
@quiet_option
@click.pass_context
def release(
    ctx: click.Context,
    bump: str | None,
    version: str | None,
    created: dt.date | None,
    note: str | None,
    dry_run: bool,
    make_zip: bool,
    make_public_zip: bool,
    make_bag: bool,
    make_site: bool,
    make_sqlite: bool,
    allow_dirty: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Publish the working package as releases/X.Y.Z/: CSV and Parquet, SHA256SUMS, a
    dataset card the Hugging Face Hub reads, CITATION.cff and .zenodo.json; then say
    which files it wrote, to commit.

    Validates first and refuses invalid data; computes the change since the latest
    release and refuses a bump too small for it; never overwrites a release. In a
    git repository, it refuses a source with uncommitted changes (unless
    --allow-dirty), records the commit in the release and tags it data-vX.Y.Z.
    --site and --sqlite write the readers of `threadarchive site` and `threadarchive
    sqlite` under dist/; with --zip, the site is also a second top folder of the
    zip, X.Y.Z-site/, beside the release folder.

    With nothing new to publish, --bump and --version are refused (exit status 2).
    Without them, it completes the latest release: the downloads asked for and the
    tag that a killed release left unwritten; with nothing left to write, it says the
    release is complete (exit status 0), so that it can be run again.

    Example:

    \b
        threadarchive release --bump minor --date 2026-11-25 --zip
        threadarchive release --zip      # finish the latest release's zip and tag
    """
    from threadarchive.archive.checks import validate as validate_package
    from threadarchive.contract.package import load_package
    from threadarchive.release.downloads import unfinished, written_by_release
    from threadarchive.release.plan import NothingToRelease
    from threadarchive.release.plan import plan as plan_release
    from threadarchive.release.publish import publish
    from threadarchive.release.reproduce import tag

    if bump is not None and version is not None:
        raise click.UsageError("--bump and --version both give the version: give one of them")
    kinds = [
        kind
        for kind, asked in (
            ("site", make_site),
            ("sqlite", make_sqlite),
            ("zip", make_zip),
            ("public-zip", make_public_zip),
            ("bag", make_bag),
        )
        if asked
    ]
    archive = archive_of(ctx)
    root = archive.root
    with archive.writing():  # a release a kill interrupted is finished before this one is planned
        pass
    try:
        plan = plan_release(root, bump=cast("Level | None", bump), version=version, created=created)
    except NothingToRelease as nothing:
        left = unfinished(archive, kinds)
        if dry_run or bump is not None or version is not None:
            raise _refusal(nothing, left, bump or version, root) from None
        if not left:  # run again: the release and the downloads asked for are there
            _complete(archive, left.version, kinds, as_json)
            return
        # a kill after publishing left the latest release without its downloads or its tag
        made = _downloads(archive, left.path, quiet, left.downloads, with_site=make_site)
        if left.untagged:
            made["tag"] = tag(root, left.version)
        _report(
            {"version": left.version, "written": [], **made}, as_json, prefix=f"release {left.version}: wrote"
        )
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
        echo(
            f"release {plan.version} ({'first release' if plan.previous is None else f'after {plan.previous}'})"
        )
        echo(f"date: {plan.created.isoformat()}" + ("" if created else " (today; set it with --date)"))
        for change in plan.diff.changes:
            echo(f"  {change.level:<5}  {change.kind} {change.table}: {change.detail}")
    size = data_bytes(load_package(root))
    if dry_run:
        with progress(quiet, size, "validating") as advance:
            report = validate_package(root, progress=advance)
        outcome["valid"] = report.valid
        if as_json:
            print_json(outcome)
        else:
            verdict = (
                "would be published" if report.valid else f"would be refused: {len(report.errors)} error(s)"
            )
            echo(f"dry run: {plan.path} {verdict}; nothing written")
        ctx.exit(0 if report.valid else 1)
    with progress(quiet, size, "releasing") as advance:
        publish(root, plan, note=note, progress=advance, allow_dirty=allow_dirty)
    outcome["valid"] = True
    outcome["written"] = written_by_release(plan.version)
    outcome |= _downloads(archive, plan.path, quiet, kinds, with_site=make_site)
    outcome["tag"] = tag(root, str(plan.version))
    _report(outcome, as_json, prefix="published", published=str(plan.path))


def _complete(archive: Store, version: str, kinds: Sequence[str], as_json: bool) -> None:
    """Say that release ``version`` has every download of ``kinds`` and its tag: a
    command run again, with nothing left to write, succeeds as the first run did."""
    from threadarchive.release.downloads import KINDS, download_paths

    paths = download_paths(archive, version)
    there = {kind: str(paths[kind]) for kind in KINDS if kind in kinds}
    if as_json:
        print_json({"version": version, "written": [], "complete": True, **there})
        return
    listed = ", ".join(f"its {kind} {path}" for kind, path in there.items())
    present = f"{listed} {'is' if len(there) == 1 else 'are'} there, " if there else ""
    echo(f"release {version} is complete and nothing changed since it: {present}nothing to write")


def _refusal(nothing: NothingToRelease, left: Unfinished, asked: str | None, root: Path) -> NothingToRelease:
    """Nothing to release: refused, saying what a bump would not do and how to write
    what a killed release left unwritten."""
    from threadarchive.release.plan import NothingToRelease

    said = (
        f"; {'--bump' if asked in ('major', 'minor', 'patch') else '--version'} {asked} is not applied"
        if asked
        else ""
    )
    if not left:
        return NothingToRelease(nothing.latest, hint=said.removeprefix("; ") or None)
    missing = [f"its {kind}" for kind in left.downloads] + (["its tag"] if left.untagged else [])
    what = ", ".join(missing[:-1]) + f" and {missing[-1]}" if len(missing) > 1 else missing[0]
    finish = command_line(root, "release", *(f"--{kind}" for kind in left.downloads))
    hint = f"release {left.version} lacks {what}, which a killed release left unwritten; to write {'it' if len(missing) == 1 else 'them'}: {finish}"
    return NothingToRelease(nothing.latest, hint=f"{said.removeprefix('; ')}; {hint}" if said else hint)


def _downloads(
    archive: Store, folder: Path, quiet: bool, kinds: Sequence[str], *, with_site: bool
) -> dict[str, Any]:
    """Write the downloads ``kinds`` of the release in ``folder`` under dist/, by kind;
    the zip holds the site too ``with_site``."""
    from threadarchive.release.bundles import make_bag, make_zip
    from threadarchive.release.downloads import KINDS, download_paths

    paths = download_paths(archive, folder.name)
    made: dict[str, Any] = {}
    for kind in (k for k in KINDS if k in kinds):  # the site before the zip that holds it
        if kind == "site":
            from threadarchive.access.site import build_site

            with progress(quiet, rows_of(folder), "building the site", PROGRESS_MIN_ROWS) as advance:
                made["site"] = str(build_site(folder, paths["site"], progress=advance).path)
        elif kind == "sqlite":
            from threadarchive.access.database import build_database

            rows = rows_of(folder, all_tables=True)
            with progress(quiet, rows, "writing SQLite", PROGRESS_MIN_ROWS) as advance:
                made["sqlite"] = str(build_database(folder, paths["sqlite"], progress=advance).path)
        elif kind == "zip":
            site = paths["site"] if with_site else None
            made["zip"] = str(make_zip(folder, paths["zip"], site=site))
        elif kind == "public-zip":
            made["public-zip"] = str(make_zip(folder, paths["public-zip"], public=True))
        else:
            made["bag"] = str(make_bag(folder, paths["bag"], archive.settings()))
    return made


def _report(outcome: dict[str, Any], as_json: bool, *, prefix: str, published: str | None = None) -> None:
    if as_json:
        print_json(outcome)
        return
    if outcome.get("written"):
        files = outcome["written"]
        listed = ", ".join(files[:-1]) + f" and {files[-1]}"
        echo(f"wrote {listed}: commit them (git add {shlex.join(files)})")
    written = [
        p for p in (published, *(outcome.get(k) for k in ("zip", "public-zip", "bag", "site", "sqlite"))) if p
    ]
    if written:
        *others, last = written
        echo(f"{prefix} {', '.join(others)} and {last}" if others else f"{prefix} {last}")
    if outcome.get("tag"):
        echo(outcome["tag"])


@main.command(short_help="Check releases against their manifests.")
@click.argument("release", metavar="[RELEASE]", required=False)
@json_option
@click.pass_context
def verify(ctx: click.Context, release: str | None, as_json: bool) -> None:
    """Check RELEASE, or when none is given every release of the archive (outside one,
    every release the package ships), against its manifests and the release index.

    RELEASE is a version or "latest" (of this archive, or of the package outside
    one), a release folder, its datapackage.json, a zip or a bag of one, or the URL
    of a folder or zip. Every file listed in SHA256SUMS must be present with its hash,
    every data file with the size and hash datapackage.json declares, no file may be
    unlisted, and the descriptor must be the one the release index records; a zip's
    site (release --site --zip) must be the site its release builds, and a bag
    (release --bag) must also pass its own BagIt manifests. Exit
    status 0 when every release checked is intact, 1 when one is not, 2 when RELEASE
    cannot be found or read.

    Example:

    \b
        threadarchive verify
        threadarchive verify dist/my-threads-data-1.0.0.zip --json
    """
    from threadarchive.access.fetch import release_files
    from threadarchive.access.load import releases as packaged_releases
    from threadarchive.access.shipped import verify as verify_release
    from threadarchive.contract.report import format_text
    from threadarchive.release.history import verify_archive

    root = archive_or_none(ctx)
    if release is None and root is not None:
        reports = verify_archive(root)  # every release, and the index against its history
    elif release is None:  # outside an archive: the releases this package ships
        reports = []
        for shipped in (known for known in packaged_releases() if known.packaged):
            with release_files(shipped.version, None) as path:
                reports.append(verify_release(path))
    else:
        with release_path(ctx, release) as path:
            reports = [as_named(verify_release(path), path, release)]
    if as_json:
        print_json([r.to_dict() for r in reports] if release is None else reports[0].to_dict())
    else:
        for report in reports:
            echo(format_text(report))
        if not reports:
            echo("no releases yet: nothing to verify")
    ctx.exit(0 if all(r.valid for r in reports) else 1)


@main.command(short_help="What changed between two releases.")
@click.argument("old")
@click.argument("new", required=False)
@json_option
@click.pass_context
def diff(ctx: click.Context, old: str, new: str | None, as_json: bool) -> None:
    """What changed from release OLD to NEW (default: the working package); each is a
    version, "latest", a release folder, its datapackage.json, a zip or a URL.

    Example:

    \b
        threadarchive diff latest
        threadarchive diff 1.0.0 1.1.0 --json
    """
    from threadarchive.release.versioning import diff_packages

    with release_path(ctx, old, folder=True) as before, release_path(ctx, new, folder=True) as after:
        result = diff_packages(before, after)
    if as_json:
        print_json(result.to_dict())
        return
    for table, counts in result.counts.items():
        echo(
            f"{table}: {counts['added']} added, {counts['removed']} removed, {counts['corrected']} corrected"
        )
    for change in result.changes:
        echo(f"  {change.level:<5}  {change.kind} {change.table}: {change.detail}")
    echo(f"needs a {result.required} release" if result.required else "no change")


@main.command()
@json_option
@click.pass_context
def releases(ctx: click.Context, as_json: bool) -> None:
    """List the published releases: the archive's, or outside an archive the package's
    (saying which ship in it and where the others are published).

    Example:

    \b
        threadarchive releases --json
    """
    from threadarchive.access.load import releases as packaged_releases
    from threadarchive.archive.published import list_releases

    root = archive_or_none(ctx)
    if root is None:
        known = packaged_releases()
        if as_json:
            print_json([{**dataclasses.asdict(r), "withdrawn": list(r.withdrawn)} for r in known])
            return
        if not known:
            echo("no releases shipped with threadarchive")
        for item in known:
            where = (  # without a URL, it loads only from a copy given as its folder, zip or URL
                "in the package"
                if item.packaged
                else f"at {item.url}"
                if item.url
                else "not in the package, and no URL recorded"
            )
            echo(f"{item.version}  {item.created}  {where}{_withdrawn_note(item.withdrawn)}")
        return
    found = list_releases(root)
    withdrawn = _withdrawn_by_release(root)
    if as_json:
        print_json(
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
        echo("no releases yet")
    for info in found:
        rows = ", ".join(f"{name} {count}" for name, count in info.rows.items())
        note = _withdrawn_note(withdrawn.get(str(info.version), []))
        echo(f"{info.version}  {info.created[:10]}  {rows}  {info.path}{note}")


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


@main.command(short_help="Rebuild a release; compare byte for byte.")
@click.argument("version")
@json_option
@click.pass_context
def reproduce(ctx: click.Context, version: str, as_json: bool) -> None:
    """Rebuild release VERSION (or "latest") from its source and compare byte for byte.

    The source is the git commit the release records, checked out in a temporary
    worktree; for a release that records none, the source as it is now. Exit status
    0 when every file is the same, 1 when one differs.

    Example:

    \b
        threadarchive reproduce latest
    """
    from threadarchive.release.reproduce import reproduce as reproduce_release

    with release_path(ctx, version) as found:
        pass
    result = reproduce_release(archive_of(ctx).root, found.name)
    why = (
        None
        if not result.differing
        else "It was built from uncommitted changes, which that commit lacks."
        if result.dirty
        else "It records no commit: check out the commit that published it and run this again."
        if result.source == "the current source"
        else "The tools differ (pyarrow writes its version into Parquet): install constraints.txt."
    )
    if as_json:
        print_json({**dataclasses.asdict(result), "reproduced": not result.differing, "why": why})
    elif not result.differing:
        echo(f"release {result.version} is reproduced byte for byte from {result.source}")
    else:
        echo(
            f"release {result.version} differs from its rebuild from {result.source} in: "
            f"{', '.join(result.differing)}. {why}"
        )
    ctx.exit(0 if not result.differing else 1)


@main.command(short_help="Deposit a release on Zenodo; record the DOI it gets.")
@click.argument("service", type=click.Choice(["zenodo"]))
@click.argument("version")
@click.option("--sandbox", is_flag=True, help="Deposit on sandbox.zenodo.org, to try it out.")
@click.option(
    "--new-version-of",
    type=click.IntRange(min=1),
    metavar="ID",
    help="Make it a new version of the deposit ID (an earlier release's), under the same concept DOI.",
)
@json_option
@click.pass_context
def deposit(
    ctx: click.Context, service: str, version: str, sandbox: bool, new_version_of: int | None, as_json: bool
) -> None:
    """Deposit release VERSION on SERVICE (zenodo): upload its zip (written when
    missing) and its .zenodo.json metadata through Zenodo's REST API, publish the
    deposit, and record the DOI it
    gets in releases/index.json and archive.yaml (dois; doi, the DOI of every
    version, on the first deposit): commit them. The token is read from the
    environment variable ZENODO_TOKEN (scopes deposit:write and deposit:actions);
    ZENODO_URL overrides the API's address (a mirror, or a test server).

    Example:

    \b
        threadarchive deposit zenodo 1.0.0 --sandbox
        threadarchive deposit zenodo 1.1.0 --new-version-of 123456
    """
    import os

    from threadarchive.errors import InputError
    from threadarchive.release.deposit import SANDBOX_API, ZENODO_API, deposit_zenodo

    token = os.environ.get("ZENODO_TOKEN", "").strip()
    if not token:
        raise InputError(
            "ZENODO_TOKEN: expected a Zenodo access token in the environment, found none",
            hint="create one at zenodo.org (Applications, Personal access tokens) and export ZENODO_TOKEN",
        )
    api = os.environ.get("ZENODO_URL") or (SANDBOX_API if sandbox else ZENODO_API)
    archive = archive_of(ctx)
    done = deposit_zenodo(archive.root, version, token=token, api=api, new_version_of=new_version_of)
    if as_json:
        print_json(done.to_dict())
        return
    click.echo(
        f"deposited release {done.version} ({done.file}): DOI {done.doi}"
        + (f", {done.url}" if done.url else "")
    )
    if done.concept_doi:
        click.echo(f"every version: DOI {done.concept_doi}")
    click.echo(
        f"recorded in {' and '.join(done.recorded)}: commit them (git add {shlex.join(done.recorded)})"
    )


@main.command(short_help="Cite a release: CITATION.cff or BibTeX, with its DOI.")
@click.argument("release", metavar="[RELEASE]", default="latest")
@click.option("--bibtex", is_flag=True, help="Print a BibTeX entry instead of CITATION.cff.")
@json_option
@click.pass_context
def cite(ctx: click.Context, release: str, bibtex: bool, as_json: bool) -> None:
    """Print how to cite RELEASE (default: the latest): its CITATION.cff, or with
    --bibtex a BibTeX entry (--json: both, and the DOIs), naming the DOIs archive.yaml records now (a deposit
    made after the release included).

    Example:

    \b
        threadarchive cite 1.0.0 --bibtex >> references.bib
    """
    import json

    from threadarchive.contract.layout import DESCRIPTOR
    from threadarchive.release import documents

    root = archive_or_none(ctx)
    with release_path(ctx, release, folder=True) as path:
        descriptor = json.loads((path / DESCRIPTOR).read_text(encoding="utf-8"))
    settings = archive_of(ctx).settings() if root is not None else documents.settings_of(descriptor)
    click.echo((documents.bibtex if bibtex else documents.citation)(descriptor, settings), nl=False)
