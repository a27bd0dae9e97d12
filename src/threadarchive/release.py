"""Publish, verify and list releases: immutable, atomic and reproducible.

A release ``releases/<X.Y.Z>/`` holds::

    datapackage.json   version, created, licenses, sources, contributors; per data file
                       its size and sha256; schemas inline, so the folder stands alone
    data/<table>.csv   byte for byte the working tables
    data/<table>.parquet  the same rows and values, typed (dates as dates, ...)
    README.md          the dataset card
    CITATION.cff       how to cite this version
    SHA256SUMS         every other file's SHA-256 (``sha256sum -c SHA256SUMS``)

Parquet and frictionless 5.21: it checks a tabular Parquet resource's rows, but fails
one that declares ``bytes`` and never checks its ``hash``. So Parquet resources are
tabular (their rows are checked), carry ``hash`` (checked by ``validate``, ``verify``,
the loader and SHA256SUMS) and give their size as ``x-bytes``.

A release is built in a temporary folder beside ``releases/`` and renamed into place:
an interruption leaves no partial release. Built twice from the same source with
the same version and date, every file is byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BumpTooSmallError, ConflictError, InputError, PackageError, ValidationFailed
from .fsutil import atomic_write
from .hashing import sha256_bytes, sha256_file
from .package import DESCRIPTOR, TABLES, Resource, load_package
from .report import Finding, Report
from .versioning import LEVELS, Diff, Level, Version, diff_packages

if TYPE_CHECKING:
    from .tablecheck import Progress

RELEASES_DIR = "releases"
CHECKSUMS = "SHA256SUMS"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
_ARROW_TYPES = {"string": "string", "integer": "int64", "date": "date32"}
CSV_BLOCK_SIZE = 1 << 22
ROW_GROUP_ROWS = 1 << 17  # fixed, so the Parquet bytes never depend on read batching


@dataclass(frozen=True)
class Plan:
    """What ``release`` would publish."""

    version: Version
    created: dt.date
    previous: Version | None
    diff: Diff
    path: Path


@dataclass(frozen=True)
class ReleaseInfo:
    version: Version
    path: Path
    created: str
    rows: dict[str, int]


def releases_dir(root: str | Path) -> Path:
    return Path(root) / RELEASES_DIR


def list_releases(root: str | Path) -> list[ReleaseInfo]:
    """Published releases under ``root/releases``, oldest first."""
    found = []
    folder = releases_dir(root)
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name.startswith(".") or not (path / DESCRIPTOR).is_file():
            continue
        version = Version.parse(path.name)
        descriptor = json.loads((path / DESCRIPTOR).read_text(encoding="utf-8"))
        rows = {r["name"]: r.get("x-rows", 0) for r in descriptor.get("resources", []) if r["name"] in TABLES}
        found.append(ReleaseInfo(version, path, descriptor.get("created", ""), rows))
    return sorted(found, key=lambda r: r.version)


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
    published = list_releases(root)
    previous = published[-1] if published else None
    diff = diff_packages(previous.path if previous else None, root)
    required = diff.required
    if previous is None:
        target = Version(1, 0, 0) if version is None else Version.parse(version)
        if target != Version(1, 0, 0):
            raise InputError(f"expected the first release to be 1.0.0, found {target}")
    else:
        if required is None:
            raise InputError(
                f"expected changes since release {previous.version}, found none: nothing to release"
            )
        target = previous.version.bump(bump) if bump else Version.parse(str(version))
        _refuse_existing(root, target)
        given = target.level_from(previous.version)
        if given is None:
            raise InputError(
                f"expected a version above the latest release {previous.version}, found {target}"
            )
        if LEVELS.index(given) < LEVELS.index(required):
            needs = "; ".join(
                f"{c.kind} {c.table} ({c.detail}) needs {c.level}"
                for c in diff.changes
                if c.level == required
            )
            msg = (
                f"a {given} release ({target}) is too small for the changes since {previous.version}: {needs}. "
                f"Use --bump {required}"
            )
            raise BumpTooSmallError(msg)
    path = releases_dir(root) / str(target)
    if path.exists():
        raise ConflictError(
            f"{path}: release {target} exists already; published releases are never overwritten"
        )
    path = _refuse_existing(root, target)
    return Plan(target, created or dt.date.today(), previous.version if previous else None, diff, path)


def _refuse_existing(root: str | Path, version: Version) -> Path:
    path = releases_dir(root) / str(version)
    if path.exists():
        raise ConflictError(
            f"{path}: release {version} exists already; published releases are never overwritten"
        )
    return path


def publish(
    root: str | Path, release_plan: Plan, *, note: str | None = None, progress: Progress | None = None
) -> Path:
    """Build the release in a temporary folder, move it into place, log it.

    The build validates the archive as it reads it: invalid data raises
    ValidationFailed and leaves nothing behind.
    """
    root = Path(root)
    folder = releases_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    with _staging(folder, str(release_plan.version)) as staging:
        rows = build(root, release_plan.version, release_plan.created, staging, progress=progress)
        changelog = _changelog_with(root / "CHANGELOG.md", release_plan, note, rows)
        staging.chmod(0o755)  # mkdtemp makes it private
        os.rename(staging, release_plan.path)  # atomic on one file system; fails if it exists
    atomic_write(root / "CHANGELOG.md", changelog.encode("utf-8"))
    return release_plan.path


@contextmanager
def _staging(folder: Path, name: str) -> Iterator[Path]:
    """A temporary folder beside the releases, removed unless renamed away."""
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=folder))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def build(
    root: str | Path, version: Version, created: dt.date, out: Path, *, progress: Progress | None = None
) -> dict[str, int]:
    """Write every file of release ``version`` of the archive at ``root`` into ``out``.

    One pass over the data: the archive is validated while its typed rows are
    written to Parquet, so a release costs little more than writing its files.
    Returns the row count of each table.
    """
    from .validation import validate

    package = load_package(root)
    (out / "data").mkdir()
    parquet = {t: ParquetTable(out / "data" / f"{t}.parquet", package.resource(t).schema) for t in TABLES}

    def sink(resource: Resource, batch: Any) -> None:
        if resource.name in parquet:
            parquet[resource.name].write(batch)

    with ThreadPoolExecutor(max_workers=1) as pool:
        # The CSV copies (and their hashes) are made while the tables are validated.
        copies = {
            t: pool.submit(copy_hashing, package.base / package.resource(t).path, out / "data" / f"{t}.csv")
            for t in TABLES
        }
        try:
            report = validate(root, progress=progress, sink=sink)
        finally:
            rows = {t: table.close() for t, table in parquet.items()}
        digests = {f"data/{t}.csv": copy.result() for t, copy in copies.items()}
    if not report.valid:
        raise ValidationFailed(
            f"{root}: the archive has {len(report.errors)} error(s); fix them before releasing "
            "(threadarchive validate lists them)",
            report,
        )
    resources = []
    for table in TABLES:
        source, writer = package.resource(table), parquet[table]
        if report.stats.get("engine") == "frictionless":  # no typed batches came: read the CSV
            rows[table] = write_parquet(out / "data" / f"{table}.csv", source.schema, writer.path)
        digests[f"data/{table}.parquet"] = sha256_file(writer.path)
        for fmt in ("csv", "parquet"):
            path = out / "data" / f"{table}.{fmt}"
            resources.append(
                _resource(table, fmt, path, out, source, rows[table], digests[f"data/{table}.{fmt}"])
            )
    descriptor = {
        "profile": "tabular-data-package",
        **{
            k: package.descriptor[k]
            for k in ("name", "title", "description", "keywords")
            if k in package.descriptor
        },
        "version": str(version),
        "created": f"{created.isoformat()}T00:00:00Z",
        **{
            k: package.descriptor[k]
            for k in ("licenses", "sources", "contributors")
            if k in package.descriptor
        },
        "resources": resources,
    }
    (out / DESCRIPTOR).write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "README.md").write_text(dataset_card(descriptor), encoding="utf-8")
    (out / "CITATION.cff").write_text(citation(descriptor), encoding="utf-8")
    write_checksums(out, digests)
    return rows


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

        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, self.schema, compression="zstd", write_statistics=True)
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
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(1 << 20):
            digest.update(chunk)
            writer.write(chunk)
    return digest.hexdigest()


def parquet_schema(schema: dict[str, Any]) -> Any:
    """The Arrow schema of a Table Schema: strings, int64 integers, date32 dates."""
    import pyarrow as pa

    return pa.schema(
        pa.field(
            f["name"],
            getattr(pa, _ARROW_TYPES[f.get("type", "string")])(),
            nullable=not f.get("constraints", {}).get("required", False),
            metadata={"description": f.get("description", "")},
        )
        for f in schema["fields"]
    )


def _resource(
    table: str, fmt: str, path: Path, out: Path, source: Resource, rows: int, digest: str
) -> dict[str, Any]:
    size = path.stat().st_size
    resource: dict[str, Any] = {
        "name": table if fmt == "csv" else f"{table}-parquet",
        "title": source.descriptor.get("title", table) + (" (Parquet)" if fmt == "parquet" else ""),
        "description": source.descriptor.get("description", ""),
        "profile": "tabular-data-resource",
        "path": path.relative_to(out).as_posix(),
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else PARQUET_MEDIATYPE,
    }
    if fmt == "csv":
        resource.update(encoding="utf-8", bytes=size, hash=f"sha256:{digest}")
    else:  # frictionless 5.21 fails tabular Parquet with "bytes": see the module docstring
        resource.update({"x-bytes": size, "hash": f"sha256:{digest}"})
    resource["x-rows"] = rows
    resource["schema"] = source.schema
    return resource


def write_checksums(folder: Path, known: dict[str, str] | None = None) -> None:
    """SHA256SUMS of every other file; ``known`` digests are not computed again."""
    known = known or {}
    files = sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS
    )
    lines = [f"{known.get(name) or sha256_file(folder / name)}  {name}\n" for name in files]
    (folder / CHECKSUMS).write_text("".join(lines), encoding="utf-8")


def verify(path: str | Path) -> Report:
    """Fixity of a release folder or zip: every listed file present with its hash and
    size, and no file that is not listed."""
    path = Path(path)
    with _open_release(path) as files:
        findings = _fixity(files)
    return Report(str(path), findings, {"files": len(files)})


def _fixity(files: dict[str, Callable[[], bytes]]) -> list[Finding]:
    findings = []
    if CHECKSUMS not in files:
        return [
            Finding("manifest-missing", "error", f"expected a {CHECKSUMS} file, found none", path=CHECKSUMS)
        ]
    listed: dict[str, str] = {}
    for number, line in enumerate(files[CHECKSUMS]().decode("utf-8", "replace").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            message = f"expected '<sha256>  <path>', found {line[:60]!r}"
            findings.append(Finding("manifest-error", "error", message, path=CHECKSUMS, line=number))
            continue
        listed[name] = digest
    for name, digest in sorted(listed.items()):
        if name not in files:
            findings.append(
                Finding("file-missing", "error", f"expected {name} as listed, found no such file", path=name)
            )
            continue
        actual = sha256_bytes(files[name]())
        if actual != digest:
            findings.append(
                Finding(
                    "hash-mismatch",
                    "error",
                    f"expected SHA-256 {digest} as {CHECKSUMS} lists, found {actual}",
                    path=name,
                )
            )
    for name in sorted(files.keys() - listed.keys() - {CHECKSUMS}):
        findings.append(
            Finding(
                "file-unlisted",
                "error",
                f"expected only files listed in {CHECKSUMS}, found {name}",
                path=name,
            )
        )
    if DESCRIPTOR in files and DESCRIPTOR in listed:
        descriptor = json.loads(files[DESCRIPTOR]())
        for resource in descriptor.get("resources", []):
            name = resource.get("path")
            if name not in files:
                continue
            data = files[name]()
            size = resource.get("bytes", resource.get("x-bytes"))
            if size is not None and size != len(data):
                message = f"expected {size} bytes as {DESCRIPTOR} declares, found {len(data)}"
                findings.append(Finding("size-mismatch", "error", message, path=name))
            declared = str(resource.get("hash", "")).removeprefix("sha256:")
            flagged = any(f.path == name and f.type == "hash-mismatch" for f in findings)  # once a file
            if declared and not flagged and declared != sha256_bytes(data):
                message = f"expected SHA-256 {declared} as {DESCRIPTOR} declares, found {sha256_bytes(data)}"
                findings.append(Finding("hash-mismatch", "error", message, path=name))
    return findings


@contextmanager
def _open_release(path: Path) -> Iterator[dict[str, Callable[[], bytes]]]:
    """The files of a release folder or zip, by relative POSIX path, read on demand."""
    if path.is_dir():
        yield {p.relative_to(path).as_posix(): p.read_bytes for p in sorted(path.rglob("*")) if p.is_file()}
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            tops = {n.partition("/")[0] for n in names}
            nested = len(tops) == 1 and all("/" in n for n in names)  # one folder, as make_zip writes
            yield {(n.partition("/")[2] if nested else n): (lambda n=n: archive.read(n)) for n in names}
    elif path.exists():
        raise PackageError(f"{path}: expected a release folder or a zip of one, found another kind of file")
    else:
        raise PackageError(f"{path}: no such release folder or zip")


def make_zip(release: Path, out: Path) -> Path:
    """A zip of the release for a release page or Zenodo; the same bytes every time."""
    stamp = json.loads((release / DESCRIPTOR).read_text(encoding="utf-8"))["created"][:10]
    when = (*map(int, stamp.split("-")), 0, 0, 0)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out.parent, suffix=".partial", delete=False) as handle:
        temporary = Path(handle.name)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(p for p in release.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(f"{release.name}/{file.relative_to(release).as_posix()}", when)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, file.read_bytes())
        temporary.chmod(0o644)
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
    return out


def reproduce(root: str | Path, version: str) -> list[str]:
    """Rebuild a published release from the current source; the files that differ."""
    published = releases_dir(root) / str(Version.parse(version))
    if not (published / DESCRIPTOR).is_file():
        raise PackageError(f"{published}: no such release")
    created = dt.date.fromisoformat(json.loads((published / DESCRIPTOR).read_text())["created"][:10])
    with tempfile.TemporaryDirectory() as temporary:
        rebuilt = Path(temporary) / published.name
        rebuilt.mkdir()
        build(root, Version.parse(version), created, rebuilt)
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


def _changelog_with(path: Path, release_plan: Plan, note: str | None, rows: dict[str, int]) -> str:
    """CHANGELOG.md with the release's section added above the previous releases."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Changelog\n"
    section = changelog_section(release_plan, note, rows)
    marker = "\n## Data "
    index = text.find(marker)
    if index < 0:
        return text.rstrip("\n") + "\n\n" + section
    return text[: index + 1] + section + "\n" + text[index + 1 :]


def changelog_section(release_plan: Plan, note: str | None, rows: dict[str, int]) -> str:
    diff = release_plan.diff
    lines = [f"## Data {release_plan.version} - {release_plan.created.isoformat()}", ""]
    if note:
        lines += [note.strip(), ""]
    if release_plan.previous:
        lines += [f"A {diff.required} release: the changes since {release_plan.previous}.", ""]
    else:
        lines += ["The first release.", ""]
    headings = {"schema": "Changed (schema)", "removed": "Removed", "added": "Added", "corrected": "Fixed"}
    for kind, heading in headings.items():
        entries = [c for c in diff.changes if c.kind == kind]
        if release_plan.previous is None:  # the first release adds every row
            entries = [replace(c, detail=f"{rows[c.table]} row(s) (first release)") for c in entries]
        if entries:
            lines += [f"### {heading}", *(f"- {c.table}: {c.detail}" for c in entries), ""]
    return "\n".join(lines)


def dataset_card(descriptor: dict[str, Any]) -> str:
    version = descriptor["version"]
    resources = {r["name"]: r for r in descriptor["resources"]}
    lines = [
        f"# {descriptor.get('title', descriptor.get('name', 'threadarchive'))}: release {version}",
        "",
        descriptor.get("description", ""),
        "",
        f"- Version: {version}",
        f"- Created: {descriptor['created'][:10]}",
        f"- Threads: {resources['threads']['x-rows']}; tweets: {resources['tweets']['x-rows']}",
        "",
        "## Files",
        "",
        "| file | format | bytes | sha256 |",
        "| --- | --- | --- | --- |",
    ]
    for r in descriptor["resources"]:
        size = r.get("bytes", r.get("x-bytes"))
        lines.append(f"| `{r['path']}` | {r['format']} | {size} | `{r['hash'].removeprefix('sha256:')}` |")
    lines += ["", f"`{CHECKSUMS}` lists every file's SHA-256; `threadarchive verify` checks them.", ""]
    for table in TABLES:
        lines += [f"## Columns of `{table}`", "", "| column | type | description |", "| --- | --- | --- |"]
        for f in resources[table]["schema"]["fields"]:
            required = " (required)" if f.get("constraints", {}).get("required") else ""
            lines.append(
                f"| `{f['name']}` | {f.get('type', 'string')}{required} | {f.get('description', '')} |"
            )
        lines.append("")
    lines += [
        "## Provenance",
        "",
        "Each thread was captured as a Thread Reader App page saved as text, parsed without changing",
        "its text (line endings aside). `threads.capture_sha256` is the SHA-256 of the raw capture,",
        "kept in the source repository under `data/raw/`.",
        "",
        "## Rights",
        "",
        *(f"- {lic.get('title') or lic.get('name')}" for lic in descriptor.get("licenses", [])),
        "- Each thread's own rights note is in `threads.rights`.",
        "",
        "## Cite",
        "",
        f"threadarchive data, version {version} ({descriptor['created'][:4]}). See `CITATION.cff`.",
        "",
        "## Load",
        "",
        "```python",
        "import threadarchive",
        f'tweets = threadarchive.load_tweets(version="{version}")',
        f'threads = threadarchive.load_threads(version="{version}")',
        "```",
        "",
        "Or read `data/*.parquet` with pandas, pyarrow, DuckDB or polars, `data/*.csv` with anything.",
        "",
    ]
    return "\n".join(lines)


def citation(descriptor: dict[str, Any]) -> str:
    authors = [c.get("title", "threadarchive maintainers") for c in descriptor.get("contributors", [])]
    lines = [
        "cff-version: 1.2.0",
        'message: "If you use this dataset, please cite it as below."',
        "type: dataset",
        f"title: {json.dumps(descriptor.get('title', 'threadarchive'), ensure_ascii=False)}",
        f'version: "{descriptor["version"]}"',
        f"date-released: {descriptor['created'][:10]}",
        "authors:",
        *(f"  - name: {json.dumps(a, ensure_ascii=False)}" for a in authors or ["threadarchive maintainers"]),
    ]
    if descriptor.get("licenses"):
        lines.append(f"license: {descriptor['licenses'][0]['name']}")
    if descriptor.get("keywords"):
        lines += ["keywords:", *(f"  - {json.dumps(k, ensure_ascii=False)}" for k in descriptor["keywords"])]
    return "\n".join(lines) + "\n"
