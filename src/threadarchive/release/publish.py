"""Publish, verify and list releases: immutable, atomic and reproducible.

A release ``releases/<X.Y.Z>/`` holds::

    datapackage.json   version, created, licenses, sources, contributors; per data file
                       its size and sha256; schemas inline, so the folder stands alone
    data/<table>.csv   byte for byte the working tables
    data/<table>.parquet  the same rows and values, typed (dates as dates, ...); a table of
                       more rows than the archive's ``partition_rows``:
    data/<table>/year=YYYY/month=MM/part-0.parquet
                       Hive-partitioned by the month its threads were published, the
                       resource's ``path`` the list of files, each with its hash in ``x-files``
    README.md          the dataset card, opening with the YAML the Hugging Face Hub reads
    CITATION.cff       how to cite this version
    .zenodo.json       the metadata Zenodo reads when the release is deposited
    ids/               the ID-only ("dehydrated") variant: identifier and date columns of
                       threads and tweets, no text, with a descriptor of its own, pinned
                       by the release descriptor's ``x-variants``
    SHA256SUMS         every other file's SHA-256 (``sha256sum -c SHA256SUMS``)

In a git repository the descriptor records the commit the release is built from
(``x-source``), and ``reproduce`` rebuilds it from that commit.

Parquet and frictionless 5.21: it checks a tabular Parquet resource's rows, but fails
one that declares ``bytes`` and never checks its ``hash``. So Parquet resources are
tabular (their rows are checked), carry ``hash`` (checked by ``validate``, ``verify``,
the loader and SHA256SUMS) and give their size as ``x-bytes``.

A release is built in a temporary folder beside ``releases/`` and renamed into place:
an interruption leaves no partial release. Built twice from the same source with
the same version and date, every file is byte-identical. Until the journalled step
that moves it into place has also written its CHANGELOG section and index entry,
a release is not listed (``list_releases`` skips what a pending journal moves).

``plan`` records a digest of the working package (descriptor, schemas, tables);
``publish``, under the archive's lock, refuses to publish when the package has
changed since (an ingest that landed in between): the version and the diff would
no longer describe what is published.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive import contract
from threadarchive.archive.index import Entry, Index
from threadarchive.archive.journal import Journal
from threadarchive.archive.published import list_releases, release_dir
from threadarchive.archive.settings import Settings
from threadarchive.contract.layout import (
    CHANGELOG,
    CHECKSUMS,
    DESCRIPTOR,
    IDS_DIR,
    INDEX_FILE,
    INDEX_NAME,
    RELEASES_DIR,
    STATE_DIR,
)
from threadarchive.contract.package import Resource, load_package
from threadarchive.contract.versions import Version
from threadarchive.errors import (
    ConflictError,
    InputError,
    InvalidDataError,
    ValidationFailed,
)
from threadarchive.files.fsutil import storage
from threadarchive.files.hashing import sha256_file
from threadarchive.release import git
from threadarchive.release.documents import Facts, changelog_with, release_documents
from threadarchive.release.fixity import write_checksums
from threadarchive.release.history import versions_ever
from threadarchive.release.parquet import (
    ParquetTable,
    copy_hashing,
    partition,
    partition_keys,
    write_parquet,
)
from threadarchive.release.plan import Plan, refuse_existing, working_digest
from threadarchive.release.resources import data_resource, partitioned_resource
from threadarchive.release.variants import _ids_variant, _public_variant, ids_csv, ids_parquet, ids_tables

if TYPE_CHECKING:
    from threadarchive.contract.report import Report
    from threadarchive.validation.engine import Progress


def publish(
    root: str | Path,
    release_plan: Plan,
    *,
    note: str | None = None,
    progress: Progress | None = None,
    allow_dirty: bool = False,
) -> Path:
    """Build the release in a staging folder, then move it into place with its CHANGELOG section.

    Holds the archive's lock throughout. The build validates the archive as it
    reads it: invalid data raises ValidationFailed and leaves nothing behind. The
    move and the CHANGELOG are one journalled change: a kill between them is
    finished by the next command that writes the archive.

    In a git repository, a source with uncommitted changes is refused (unless
    ``allow_dirty``): the release could not be rebuilt from the commit it records.
    """
    from threadarchive.archive.store import Store

    archive = Store(root)
    source = git.source(archive.root)
    if source is not None and source.dirty and not allow_dirty:
        where = archive.root.absolute()  # the archive's folder, not "." when run in it
        raise InputError(
            f"{where}: the archive's source has uncommitted changes (git status lists them); "
            "commit them first, so that the release can be rebuilt from the commit it records, "
            "or give allow_dirty=True",
            parameter="allow_dirty",
            path=where,
            remedy={"allow_dirty": True},
        )
    with archive.writing():
        published = list_releases(archive.root)
        latest = published[-1].version if published else None
        if latest != release_plan.previous:
            msg = f"release {latest} was published since this release was planned; plan it again"
            raise ConflictError(msg)
        refuse_existing(archive.root, release_plan.version, versions_ever(archive.root))
        if working_digest(archive.root) != release_plan.source:
            raise ConflictError(
                f"{archive.root}: the archive changed since this release was planned (its working "
                "package is not the one the version and the changes were computed from); plan it again"
            )
        staged = STATE_DIR / "staging" / f"release-{release_plan.version}"
        staging = archive.path(staged)
        with storage(staging, "stage the release"):
            if staging.exists():
                shutil.rmtree(staging)
            staging.mkdir(parents=True)
        previous = _previous(published[-1].path) if published else None
        rows = build(
            archive.root,
            release_plan.version,
            release_plan.created,
            staging,
            previous=previous,
            progress=progress,
        )
        withdrawn = _new_rows(staging, published[-1].path if published else None, "withdrawals")
        changelog = changelog_with(archive.path(CHANGELOG), release_plan, note, rows, withdrawn)
        index_path = archive.path(f"{RELEASES_DIR}/{INDEX_NAME}")
        settings = archive.settings()
        index = Index.read(index_path) if index_path.exists() else Index(settings.name)
        index = replace(
            index.with_entry(_entry(staging, release_plan, previous)), release_url=settings.release_url
        )
        final = release_dir(archive.root, release_plan.version).relative_to(archive.root)
        journal = Journal(
            moves=[(staged.as_posix(), final.as_posix())],
            writes={CHANGELOG: changelog, INDEX_FILE: index.to_json()},
        )
        archive.commit(journal, rebuild=False)
    return release_plan.path


def _previous(path: Path) -> dict[str, str]:
    """The latest release, which the next one chains to: refused if it fails its manifests."""
    from threadarchive.release.fixity import verify

    report = verify(path)
    if not report.valid:
        names = ", ".join(sorted({str(f.path) for f in report.errors}))
        msg = f"{path}: the latest release fails its manifests ({names})"
        raise InvalidDataError(msg, hint="verify it and mend it first", action="verify", path=path)
    descriptor = json.loads((path / DESCRIPTOR).read_text(encoding="utf-8"))
    return {"version": str(descriptor["version"]), "sha256": sha256_file(path / DESCRIPTOR)}


def _entry(folder: Path, release_plan: Plan, previous: dict[str, str] | None) -> Entry:
    """The release index's entry for the release built in ``folder``."""
    files = {}
    for line in (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        files[name] = {"bytes": (folder / name).stat().st_size, "sha256": digest}
    source = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8")).get("x-source") or {}
    return Entry(
        version=str(release_plan.version),
        created=release_plan.created.isoformat(),
        descriptor_sha256=sha256_file(folder / DESCRIPTOR),
        previous=previous["sha256"] if previous else None,
        files=files,
        commit=source.get("commit"),
    )


def build(
    root: str | Path,
    version: Version,
    created: dt.date,
    out: Path,
    *,
    previous: dict[str, str] | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> dict[str, int]:
    """Write every file of release ``version`` of the archive at ``root`` into ``out``.

    ``previous`` (version and descriptor SHA-256 of the release before) is recorded
    as ``x-previous``: releases form a chain. ``settings``: the archive's own
    (archive.yaml) unless given, as for a plain package that has none.

    One pass over the data: the archive is validated while its typed rows are
    written to Parquet (the tables' and the ID-only variant's) and the card's facts
    gathered from them, and while a thread copies and hashes the CSVs and writes the
    ID-only CSVs from the copies; no file is read back or hashed twice. So a release
    costs little more than writing its files. A table frictionless checked (no typed
    rows came) has those files written from its CSV, with the same bytes.
    Returns the row count of each table.
    """
    from threadarchive.archive.checks import validate

    package = load_package(root)
    tables = package.table_names()
    (out / "data").mkdir()
    parquet = {
        t: ParquetTable(out / contract.table(t).path("parquet"), package.resource(t).schema) for t in tables
    }
    ids = ids_parquet(out, package)
    gathered = _Gathered()

    def sink(resource: Resource, batch: Any) -> None:
        if resource.name in parquet:
            parquet[resource.name].write(batch)
        if resource.name in ids:
            ids[resource.name].write(batch.select(ids[resource.name].schema.names))
        gathered.add(resource.name, batch)

    with ThreadPoolExecutor(max_workers=1) as pool:
        # While the tables are validated: their CSV copies (and hashes), then the ID-only
        # CSVs from the copies (pyarrow and hashlib let go of the GIL).
        copies = {
            t: pool.submit(copy_hashing, package.file(package.resource(t)), out / contract.table(t).path())
            for t in tables
        }
        selecting = {t.path(): pool.submit(ids_csv, out, t) for t in ids_tables(package)}
        report: Report | None = None
        try:
            report = validate(root, progress=progress, sink=sink)
        finally:
            closed = _close({**parquet, **{f"{IDS_DIR}/{t}": writer for t, writer in ids.items()}})
            rows = {t: closed[t] for t in parquet}
            if report is None or not report.valid:
                for pending in selecting.values():
                    pending.cancel()  # no variant of a release refused
        digests = {contract.table(t).path(): copy.result() for t, copy in copies.items()}
    if not report.valid:
        raise ValidationFailed(
            f"{root}: the archive has {len(report.errors)} error(s); fix them before releasing",
            report,
            hint="validate lists them",
            action="validate",
        )
    # a table frictionless checked gave no typed rows (or some): its files are written from the CSV
    streamed = {t for t in tables if rows[t] == report.stats["rows"].get(t)}
    digests.update({f"{IDS_DIR}/{name}": selected.result() for name, selected in selecting.items()})
    digests.update(
        {
            writer.path.relative_to(out).as_posix(): sha256_file(writer.path)
            for t, writer in ids.items()
            if t in streamed
        }
    )
    resources = []
    for table in tables:
        source, writer = package.resource(table), parquet[table]
        if table not in streamed:
            rows[table] = write_parquet(out / contract.table(table).path(), source.schema, writer.path)
        digests[contract.table(table).path("parquet")] = sha256_file(writer.path)
        for fmt in contract.FORMATS:
            path = out / contract.table(table).path(fmt)
            resources.append(
                data_resource(
                    table, fmt, path, out, source, rows[table], digests[path.relative_to(out).as_posix()]
                )
            )
    about: dict[str, Any] = {
        **{
            k: package.descriptor[k]
            for k in ("id", "name", "title", "description", "homepage", "keywords")
            if k in package.descriptor
        },
        "version": str(version),
        "created": f"{created.isoformat()}T00:00:00Z",
        **{
            k: package.descriptor[k]
            for k in ("licenses", "sources", "contributors")
            if k in package.descriptor
        },
    }
    settings = settings or Settings.read(Path(root))
    # the card's facts: gathered from the typed rows, else read from the tables' single files
    # (before any is partitioned)
    facts = gathered.facts() if {"threads", "tweets"} <= streamed else _facts(out)
    ids_pin = _ids_variant(out, package, rows, about, digests)
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        **about,
        **({"x-previous": previous} if previous else {}),
        **({"x-source": built_from.to_dict()} if (built_from := git.source(Path(root))) else {}),
        "x-variants": {
            "ids": ids_pin,
            "public": _public_variant(out, package, rows, about, settings, facts, ids_pin, digests),
        },
        "resources": resources,
    }
    _partition(out, rows, settings.partition_rows, resources, digests)
    (out / DESCRIPTOR).write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for name, text in release_documents(descriptor, settings, facts).items():
        (out / name).write_text(text, encoding="utf-8")
    write_checksums(out, digests)
    return rows


def _partition(
    out: Path, rows: dict[str, int], threshold: int, resources: list[dict[str, Any]], digests: dict[str, str]
) -> None:
    """Rewrite each table of more than ``threshold`` rows (and a thread_id column) as
    Hive-partitioned Parquet by the month its threads were published: its resource in
    ``resources`` lists the files, ``digests`` their hashes instead of the single file's."""
    large = [
        t for t, count in rows.items() if count > threshold and "thread_id" in contract.table(t).field_names
    ]
    if not large:
        return
    keys = partition_keys(out / contract.table("threads").path("parquet"))
    for table in sorted(large, key=lambda t: t == "threads"):  # threads last: the others read its keys
        name = contract.table(table).path("parquet")
        parts = partition(out / name, out, table, keys)
        digests.pop(name, None)
        digests.update({p.path: p.sha256 for p in parts})
        at = next(
            n for n, r in enumerate(resources) if r["name"] == contract.table(table).resource_name("parquet")
        )
        resources[at] = partitioned_resource(resources[at], parts)


def _close(writers: dict[str, ParquetTable]) -> dict[str, int]:
    """Finish every file of ``writers`` (each, even when one fails); their row counts."""
    rows, failed = {}, None
    for name, writer in writers.items():
        try:
            rows[name] = writer.close()
        except BaseException as exc:  # the first is raised, once every file is closed
            failed = failed or exc
    if failed is not None:
        raise failed
    return rows


class _Gathered:
    """What the dataset card says of the release's rows (``Facts``), gathered from the
    threads and tweets tables batch by batch."""

    def __init__(self) -> None:
        self.languages: set[str] = set()
        self.terms: dict[str | None, int] = {}
        self.without_ids: set[str] = set()

    def add(self, table: str, batch: Any) -> None:
        import pyarrow.compute as pc

        if table == "threads":
            self.languages.update(v for v in pc.unique(batch["language"]).to_pylist() if v)
            for count in batch["terms"].value_counts().to_pylist():
                self.terms[count["values"]] = self.terms.get(count["values"], 0) + int(count["counts"])
        elif table == "tweets":
            unknown = pc.filter(batch["thread_id"], pc.is_null(batch["tweet_id"]))  # not the texts
            self.without_ids.update(pc.unique(unknown).to_pylist())

    def facts(self) -> Facts:
        return Facts(
            languages=sorted({v.split("-")[0].lower() for v in self.languages}),
            terms={str(t): n for t, n in self.terms.items() if t is not None},
            without_terms=self.terms.get(None, 0),
            without_ids=sorted(self.without_ids),
        )


def _facts(out: Path) -> Facts:
    """What the dataset card says of the release's rows, read from its single files."""
    import pyarrow.parquet as pq

    gathered = _Gathered()
    gathered.add(
        "threads",
        pq.read_table(out / contract.table("threads").path("parquet"), columns=["language", "terms"]),
    )
    gathered.add(
        "tweets",
        pq.read_table(out / contract.table("tweets").path("parquet"), columns=["thread_id", "tweet_id"]),
    )
    return gathered.facts()


def _new_rows(release: Path, previous: Path | None, table: str) -> list[dict[str, str]]:
    """The rows of ``table`` in ``release`` that the previous release has not (none has
    them all when it predates the table)."""
    import csv

    def rows(folder: Path | None) -> list[dict[str, str]]:
        path = folder / contract.table(table).path() if folder else None
        if path is None or not path.is_file():
            return []
        with path.open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))

    before = {tuple(sorted(row.items())) for row in rows(previous)}
    return [row for row in rows(release) if tuple(sorted(row.items())) not in before]
