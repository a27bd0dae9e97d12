"""Publish, verify and list releases: immutable, atomic and reproducible.

A release ``releases/<X.Y.Z>/`` holds::

    datapackage.json   version, created, licenses, sources, contributors; per data file
                       its size and sha256; schemas inline, so the folder stands alone
    data/<table>.csv   byte for byte the working tables
    data/<table>.parquet  the same rows and values, typed (dates as dates, ...)
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
import hashlib
import json
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive import contract
from threadarchive.archive.index import Entry, Index
from threadarchive.archive.index import Withdrawal as IndexWithdrawal
from threadarchive.archive.settings import Settings
from threadarchive.contract.layout import (
    CHANGELOG,
    CHECKSUMS,
    DESCRIPTOR,
    IDS_DIR,
    INDEX_FILE,
    INDEX_NAME,
    RELEASES_DIR,
    SETTINGS_FILE,
    STATE_DIR,
)
from threadarchive.contract.package import Resource, load_package
from threadarchive.errors import (
    BumpTooSmallError,
    ConflictError,
    InputError,
    InvalidDataError,
    PackageError,
    ValidationFailed,
)
from threadarchive.files.fsutil import Journal, storage
from threadarchive.files.gate import inside
from threadarchive.files.hashing import sha256_file
from threadarchive.release import git
from threadarchive.release.documents import Facts, changelog_with, release_documents
from threadarchive.release.fixity import read_descriptor, write_checksums
from threadarchive.release.versioning import LEVELS, SEMVER, Diff, Level, Version, diff_packages

if TYPE_CHECKING:
    from threadarchive.archive.store import Archive
    from threadarchive.archive.withdrawals import Event
    from threadarchive.validation.engine import Progress

CSV_BLOCK_SIZE = 1 << 22
ROW_GROUP_ROWS = 1 << 17  # fixed, so the Parquet bytes never depend on read batching


@dataclass(frozen=True)
class Plan:
    """What ``release`` would publish; ``source`` is the digest of the working package
    it was planned from (``working_digest``)."""

    version: Version
    created: dt.date
    previous: Version | None
    diff: Diff
    path: Path
    source: str


@dataclass(frozen=True)
class ReleaseInfo:
    version: Version
    path: Path
    created: str
    rows: dict[str, int]


def releases_dir(root: str | Path) -> Path:
    """The archive's ``releases`` folder, through the archive's path gate."""
    return _archive(root).path(RELEASES_DIR)


def release_dir(root: str | Path, version: Version | str) -> Path:
    """The folder of release ``version`` of the archive, through the archive's path gate."""
    return _archive(root).path(f"{RELEASES_DIR}/{version}")


def _archive(root: str | Path) -> Archive:
    from threadarchive.archive.store import Archive

    return Archive(root)


def list_releases(root: str | Path) -> list[ReleaseInfo]:
    """Published releases under ``root/releases``, oldest first.

    A release folder a link leads out of the archive raises UnsafePathError. One a
    pending journal moves into place (a command was killed before its CHANGELOG
    section and index entry were written) is not published yet: it is left out.
    """
    archive = _archive(root)
    found = []
    folder = releases_dir(root)
    journal = archive.pending() if (archive.root / SETTINGS_FILE).is_file() else None
    unfinished = {final for _, final in journal.moves} if journal else set()
    for name in sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []:
        if not SEMVER.fullmatch(name) or f"{RELEASES_DIR}/{name}" in unfinished:
            continue  # the index, a staging folder, anything not a release (yet)
        path = release_dir(root, name)
        descriptor_file = archive.path(f"{RELEASES_DIR}/{name}/{DESCRIPTOR}")
        if not descriptor_file.is_file():
            continue
        version = Version.parse(path.name)
        with storage(descriptor_file, "read the release descriptor"):
            data = descriptor_file.read_bytes()
        descriptor = read_descriptor(data, str(descriptor_file))
        rows = {
            r["name"]: r.get("x-rows", 0) for r in descriptor.get("resources", []) if r.get("format") == "csv"
        }
        found.append(ReleaseInfo(version, path, descriptor.get("created", ""), rows))
    return sorted(found, key=lambda r: r.version)


class NothingToRelease(InputError):
    """The working package is the latest release's: there is nothing to publish."""

    def __init__(self, latest: Version) -> None:
        super().__init__(f"expected changes since release {latest}, found none: nothing to release")
        self.latest = latest


def plan(
    root: str | Path,
    *,
    bump: Level | None = None,
    version: str | None = None,
    created: dt.date | None = None,
) -> Plan:
    """Decide the version of the next release and check the bump is big enough."""
    if (bump is None) == (version is None):
        raise InputError("expected exactly one of --bump or --version")
    asked = Version.parse(version) if version is not None else None
    source = working_digest(root)  # before the diff reads it: a change meanwhile is caught
    published = list_releases(root)
    previous = published[-1] if published else None
    if asked is not None:
        _refuse_existing(root, asked)
    diff = diff_packages(previous.path if previous else None, root)
    required = diff.required
    if previous is None:
        target = asked or Version(1, 0, 0)
        if target != Version(1, 0, 0):
            raise InputError(f"expected the first release to be 1.0.0, found {target}")
        if not load_package(root).table_rows("threads"):
            raise InputError("expected threads to release, found none: ingest captures first")
    else:
        if required is None:
            raise NothingToRelease(previous.version)
        target = asked or previous.version.bump(bump or "patch")
        _refuse_existing(root, target)
        given = target.level_from(previous.version)
        if given is None:
            raise InputError(
                f"expected a version above the latest release {previous.version}, found {target}"
            )
        if LEVELS.index(given) < LEVELS.index(required):
            reasons = [
                f"{c.kind} {c.table} ({c.detail}) needs {c.level}"
                for c in diff.changes
                if c.level == required
            ]
            needs = "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "")
            msg = (
                f"a {given} release ({target}) is too small for the changes since {previous.version}: {needs}. "
                f"Use --bump {required}"
            )
            raise BumpTooSmallError(msg)
    path = _refuse_existing(root, target)
    return Plan(
        target, created or dt.date.today(), previous.version if previous else None, diff, path, source
    )


def working_digest(root: str | Path) -> str:
    """A SHA-256 of the working package: its descriptor, and each resource's schema
    file and data file, by path. Equal digests: the same package to release."""
    package = load_package(root)
    digest = hashlib.sha256()
    names = [DESCRIPTOR]
    for resource in package.resources:
        names += [n for n in (resource.schema_path, resource.path) if n is not None]
    for name in names:
        path = inside(package.base, name, source=str(package.descriptor_path))
        with storage(path, "read the working package"):
            state = sha256_file(path) if path.is_file() else "absent"
        digest.update(f"{name}\0{state}\n".encode())
    return digest.hexdigest()


def _refuse_existing(root: str | Path, version: Version) -> Path:
    path = release_dir(root, version)
    if path.exists():
        raise ConflictError(
            f"{path}: release {version} exists already; published releases are never overwritten"
        )
    return path


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
    from threadarchive.archive.store import Archive

    archive = Archive(root)
    source = git.source(archive.root)
    if source is not None and source.dirty and not allow_dirty:
        raise InputError(
            f"{archive.root}: the archive's source has uncommitted changes (git status lists them); "
            "commit them first, so that the release can be rebuilt from the commit it records, "
            "or pass --allow-dirty"
        )
    with archive.writing():
        published = list_releases(archive.root)
        latest = published[-1].version if published else None
        if latest != release_plan.previous:
            msg = f"release {latest} was published since this release was planned; plan it again"
            raise ConflictError(msg)
        _refuse_existing(archive.root, release_plan.version)
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
        msg = f"{path}: the latest release fails its manifests ({names}); run threadarchive verify and mend it first"
        raise InvalidDataError(msg)
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
    written to Parquet, so a release costs little more than writing its files.
    Returns the row count of each table.
    """
    from threadarchive.validation.engine import validate

    package = load_package(root)
    tables = package.table_names()
    (out / "data").mkdir()
    parquet = {
        t: ParquetTable(out / contract.table(t).path("parquet"), package.resource(t).schema) for t in tables
    }

    def sink(resource: Resource, batch: Any) -> None:
        if resource.name in parquet:
            parquet[resource.name].write(batch)

    with ThreadPoolExecutor(max_workers=1) as pool:
        # The CSV copies (and their hashes) are made while the tables are validated.
        copies = {
            t: pool.submit(copy_hashing, package.file(package.resource(t)), out / contract.table(t).path())
            for t in tables
        }
        try:
            report = validate(root, progress=progress, sink=sink)
        finally:
            rows = {t: table.close() for t, table in parquet.items()}
        digests = {contract.table(t).path(): copy.result() for t, copy in copies.items()}
    if not report.valid:
        raise ValidationFailed(
            f"{root}: the archive has {len(report.errors)} error(s); fix them before releasing "
            "(threadarchive validate lists them)",
            report,
        )
    resources = []
    for table in tables:
        source, writer = package.resource(table), parquet[table]
        if rows[table] != report.stats["rows"].get(table):  # frictionless checked it: no typed rows came
            rows[table] = write_parquet(out / contract.table(table).path(), source.schema, writer.path)
        digests[contract.table(table).path("parquet")] = sha256_file(writer.path)
        for fmt in contract.FORMATS:
            path = out / contract.table(table).path(fmt)
            resources.append(
                _resource(
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
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        **about,
        **({"x-previous": previous} if previous else {}),
        **({"x-source": built_from.to_dict()} if (built_from := git.source(Path(root))) else {}),
        "x-variants": {"ids": _ids_variant(out, package, rows, about)},
        "resources": resources,
    }
    (out / DESCRIPTOR).write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    settings = settings or Settings.read(Path(root))
    for name, text in release_documents(descriptor, settings, _facts(out)).items():
        (out / name).write_text(text, encoding="utf-8")
    write_checksums(out, digests)
    return rows


def _facts(out: Path) -> Facts:
    """What the dataset card says of the release's rows."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    threads = pq.read_table(
        out / contract.table("threads").path("parquet"), columns=["thread_id", "language", "terms"]
    )
    tweets = pq.read_table(out / contract.table("tweets").path("parquet"), columns=["thread_id", "tweet_id"])
    languages = {v.split("-")[0].lower() for v in threads["language"].unique().to_pylist() if v}
    terms = threads["terms"].value_counts().to_pylist()
    without_ids = pc.unique(tweets.filter(pc.is_null(tweets["tweet_id"]))["thread_id"]).to_pylist()
    return Facts(
        languages=sorted(languages),
        terms={str(t["values"]): int(t["counts"]) for t in terms if t["values"] is not None},
        without_terms=sum(int(t["counts"]) for t in terms if t["values"] is None),
        without_ids=sorted(without_ids),
    )


class ParquetTable:
    """A Parquet file written batch by batch with a Table Schema's natural types.

    Row groups are cut at fixed row counts, so memory stays bounded and the bytes
    never depend on how the input happened to be batched. Encoding runs in a
    thread of its own, beside whoever produces the batches.
    """

    def __init__(self, path: Path, schema: dict[str, Any]) -> None:
        self.path = path
        self.schema = parquet_schema(schema)
        self.pending: list[Any] = []
        self.buffered = 0
        self.rows = 0
        self.writer: Any = None
        self.encoder = ThreadPoolExecutor(max_workers=1)  # one worker: row groups stay in order
        self.encoded: list[Future[None]] = []

    def write(self, batch: Any) -> None:
        import pyarrow as pa

        self.pending.append(batch.rename_columns(self.schema.names).cast(self.schema))
        self.buffered += batch.num_rows
        self.rows += batch.num_rows
        if self.buffered >= ROW_GROUP_ROWS:
            table = pa.concat_tables(self.pending)
            cut = self.buffered - self.buffered % ROW_GROUP_ROWS
            self._encode(table.slice(0, cut))
            self.pending, self.buffered = [table.slice(cut)], self.buffered - cut
            self._settle(keep=2)  # at most two row groups wait in memory

    def close(self) -> int:
        """Finish the file (an empty table if nothing came); returns its row count."""
        import pyarrow as pa

        if self.buffered:
            self._encode(pa.concat_tables(self.pending))
        self.pending, self.buffered = [], 0
        self._encode(None)
        self._settle(keep=0)
        self.encoder.shutdown()
        return self.rows

    def _encode(self, table: Any) -> None:
        self.encoded.append(self.encoder.submit(self._write, table))

    def _write(self, table: Any) -> None:
        import pyarrow.parquet as pq

        with storage(self.path, "write the file"):  # pyarrow's OSError names no file
            if self.writer is None:
                self.writer = pq.ParquetWriter(
                    self.path, self.schema, compression="zstd", write_statistics=True
                )
            if table is None:
                self.writer.close()
            else:
                self.writer.write_table(table, row_group_size=ROW_GROUP_ROWS)

    def _settle(self, keep: int) -> None:
        while len(self.encoded) > keep:
            self.encoded.pop(0).result()  # raises what the encoder raised


def write_parquet(csv_path: Path, schema: dict[str, Any], out: Path) -> int:
    """A CSV table's rows as Parquet, read on its own (without validating it)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    table = ParquetTable(out, schema)
    reader = pacsv.open_csv(
        csv_path,
        read_options=pacsv.ReadOptions(block_size=CSV_BLOCK_SIZE),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={f.name: f.type for f in table.schema},
            null_values=schema.get("missingValues", [""]),
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    )
    for batch in reader:
        table.write(pa.Table.from_batches([batch]))
    return table.close()


def copy_hashing(source: Path, target: Path) -> str:
    """Copy a file and return its SHA-256, reading it once."""
    digest = hashlib.sha256()
    with source.open("rb") as reader, storage(target, "write the file"), target.open("wb") as writer:
        while chunk := reader.read(1 << 20):
            digest.update(chunk)
            writer.write(chunk)
    return digest.hexdigest()


def parquet_schema(schema: dict[str, Any]) -> Any:
    """The Arrow schema of a Table Schema: strings, int64 integers, date32 dates."""
    import pyarrow as pa

    from threadarchive.validation.arrow import TYPES

    return pa.schema(
        pa.field(
            f["name"],
            TYPES[f.get("type", "string")],
            nullable=not f.get("constraints", {}).get("required", False),
            metadata={"description": f.get("description", "")},
        )
        for f in schema["fields"]
    )


def _resource(
    table: str,
    fmt: str,
    path: Path,
    out: Path,
    source: Resource,
    rows: int,
    digest: str,
    schema: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The release descriptor's entry for one data file; ``schema`` when not the source's own."""
    size = path.stat().st_size
    resource: dict[str, Any] = {
        "name": contract.table(table).resource_name(fmt),
        "title": source.descriptor.get("title", table) + (" (Parquet)" if fmt == "parquet" else ""),
        "description": source.descriptor.get("description", ""),
        "profile": "tabular-data-resource",
        "path": path.relative_to(out).as_posix(),
        "format": fmt,
        "mediatype": contract.MEDIA_TYPES[fmt],
    }
    if fmt == "csv":
        resource.update(encoding="utf-8", bytes=size, hash=f"sha256:{digest}")
    else:  # frictionless 5.21 fails tabular Parquet with "bytes": see the module docstring
        resource.update({"x-bytes": size, "hash": f"sha256:{digest}"})
    resource["x-rows"] = rows
    resource["schema"] = schema if schema is not None else source.schema
    return resource


def _select_columns(source: Path, target: Path, names: list[str]) -> None:
    """Copy the columns ``names`` of a validated CSV table, streaming with pyarrow.

    Identifier and date columns need no quoting (their patterns allow no comma, quote
    or line break), so pyarrow writes them unquoted, as Python's csv would; a value
    that needed quoting would be an error here, never a silently changed cell.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    reader = pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(block_size=CSV_BLOCK_SIZE),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            include_columns=names, column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
        ),
    )
    with target.open("wb") as stream:
        stream.write((",".join(names) + "\n").encode("utf-8"))
        options = pacsv.WriteOptions(include_header=False, quoting_style="none")
        with pacsv.CSVWriter(stream, reader.schema, write_options=options) as writer:
            for batch in reader:
                writer.write_batch(batch)


def _select_parquet(source: Path, target: Path, schema: dict[str, Any]) -> None:
    """Copy the columns ``schema`` names of a release's Parquet table, batch by batch."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = ParquetTable(target, schema)
    names = [f["name"] for f in schema["fields"]]
    for batch in pq.ParquetFile(source).iter_batches(batch_size=ROW_GROUP_ROWS, columns=names):
        writer.write(pa.Table.from_batches([batch]).select(names))
    writer.close()


def _ids_variant(out: Path, package: Any, rows: dict[str, int], about: dict[str, Any]) -> dict[str, str]:
    """Write the ID-only ("dehydrated") variant under ``ids/``: the tables' identifier and
    date columns, no text, as CSV and Parquet with a descriptor of their own; returns the
    entry that pins it in the release descriptor."""

    folder = out / IDS_DIR
    (folder / "data").mkdir(parents=True)
    resources = []
    for table in (t for t in contract.tables() if t.ids and t.name in package.table_names()):
        schema = table.ids_schema()
        names = [f["name"] for f in schema["fields"]]  # in the schema's order
        _select_columns(out / table.path(), folder / table.path(), names)
        _select_parquet(out / table.path("parquet"), folder / table.path("parquet"), schema)
        for fmt in contract.FORMATS:
            path = folder / table.path(fmt)
            resources.append(
                _resource(
                    table.name,
                    fmt,
                    path,
                    folder,
                    package.resource(table.name),
                    rows[table.name],
                    sha256_file(path),
                    schema,
                )
            )
    descriptor = {
        "profile": "tabular-data-package",
        **about,
        "name": f"{about['name']}-ids",
        "title": f"{about.get('title', about['name'])} (IDs only)",
        "description": "The ID-only variant of the release: identifiers and dates, no text. Rehydrate the tweets from their IDs (twarc2 hydrate) where the texts may not be shared.",
        "resources": resources,
    }
    (folder / DESCRIPTOR).write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return {"path": f"{IDS_DIR}/{DESCRIPTOR}", "hash": f"sha256:{sha256_file(folder / DESCRIPTOR)}"}


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


def index_withdrawal(index: Index, root: Path, thread_id: str, event: Event) -> Index:
    """The index with a thread's withdrawal recorded against the published releases that
    hold it (so that loading them warns), or dropped when the thread is reinstated."""
    kept = tuple(w for w in index.withdrawals if w.thread_id != thread_id)
    if event.event != "withdrawn":
        return replace(index, withdrawals=kept)
    holding = tuple(str(info.version) for info in list_releases(root) if thread_id in _thread_ids(info.path))
    entry = IndexWithdrawal(thread_id, event.date.isoformat(), event.reason, holding)
    return replace(index, withdrawals=(*kept, entry))


def _thread_ids(release: Path) -> set[str]:
    """The thread IDs of a published release, read from its threads CSV."""
    import csv

    path = release / contract.table("threads").path()
    with storage(path, "read the release's threads"), path.open(encoding="utf-8", newline="") as stream:
        return {row.get("thread_id") or "" for row in csv.DictReader(stream)}


@dataclass(frozen=True)
class Reproduction:
    """A release rebuilt and compared with its published files."""

    version: str
    source: str  # what it was rebuilt from: "commit <sha>" or "the current source"
    differing: list[str]  # the files whose bytes differ (or exist on one side only)
    dirty: bool = False  # it was built from uncommitted changes, which its commit lacks


def reproduce(root: str | Path, version: str) -> Reproduction:
    """Rebuild a published release from the commit it records (in a temporary git
    worktree), or from the current source when it records none; compare the bytes."""
    published = release_dir(root, Version.parse(version))
    if not (published / DESCRIPTOR).is_file():
        raise PackageError(f"{published}: no such release")
    descriptor = json.loads((published / DESCRIPTOR).read_text(encoding="utf-8"))
    recorded = descriptor.get("x-source")
    commit = recorded.get("commit") if isinstance(recorded, dict) else None
    if isinstance(commit, str) and git.source(Path(root)) is not None:
        with git.checkout(Path(root), commit) as source:
            differing = _rebuilt_differences(source, published, descriptor)
        return Reproduction(published.name, f"commit {commit}", differing, bool(recorded.get("dirty")))
    return Reproduction(
        published.name, "the current source", _rebuilt_differences(Path(root), published, descriptor)
    )


def _rebuilt_differences(root: Path, published: Path, descriptor: dict[str, Any]) -> list[str]:
    created = dt.date.fromisoformat(descriptor["created"][:10])
    with tempfile.TemporaryDirectory() as temporary:
        rebuilt = Path(temporary) / published.name
        rebuilt.mkdir()
        build(root, Version.parse(published.name), created, rebuilt, previous=descriptor.get("x-previous"))
        names = {
            p.relative_to(d).as_posix() for d in (published, rebuilt) for p in d.rglob("*") if p.is_file()
        }
        return sorted(
            n
            for n in names
            if not (published / n).is_file()
            or not (rebuilt / n).is_file()
            or (published / n).read_bytes() != (rebuilt / n).read_bytes()
        )


def _recorded_source(root: str | Path, version: str) -> tuple[str, bool] | None:
    """The commit release ``version`` records it was built from, and whether the source
    had uncommitted changes; None when it records none."""
    descriptor = json.loads((release_dir(root, version) / DESCRIPTOR).read_text(encoding="utf-8"))
    recorded = descriptor.get("x-source")
    if not isinstance(recorded, dict) or not isinstance(recorded.get("commit"), str):
        return None
    return recorded["commit"], bool(recorded.get("dirty"))


def untagged(root: str | Path, version: str) -> bool:
    """Whether release ``version`` records a clean commit that has no ``data-vX.Y.Z`` tag yet."""
    source = _recorded_source(root, version)
    return source is not None and not source[1] and not git.tagged(Path(root), f"data-v{version}", source[0])


def tag(root: str | Path, version: str) -> str | None:
    """Tag the commit release ``version`` was built from as ``data-vX.Y.Z``: what was
    done, to tell the user, or None when the release records no commit or is tagged."""
    if (source := _recorded_source(root, version)) is None:
        return None
    (commit, dirty), name = source, f"data-v{version}"
    if dirty:
        return f"not tagged: the release was built from uncommitted changes, which commit {commit[:12]} lacks"
    if git.tagged(Path(root), name, commit):
        return None
    if problem := git.tag(Path(root), name, commit):
        return f"not tagged ({problem}); to tag its source: git tag {name} {commit}"
    return f"tagged its source, commit {commit[:12]}, as {name}; publish the tag with: git push origin {name}"
