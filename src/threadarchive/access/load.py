"""Load any release into pandas or pyarrow, verified against its manifest and the release index.

Releases shipped in the wheel (``threadarchive/_releases``) are read with
importlib.resources. Any other release comes from ``source``: a local release
folder, its ``datapackage.json``, a zip of one, or the http(s) URL of a release
folder or zip.

Trust: every file is hashed while it is read and returned only when the hash is the
one the descriptor declares; the descriptor itself must have the hash the release
index shipped in the package records for that archive and version (a release edited
consistently, manifests and all, is refused). Downloads are fetched with pooch's
downloader into a temporary file inside the cache, within the size the manifest
declares, and kept only after every check passed, under the name of their SHA-256:
nothing unverified is ever cached or reused, and a file cached for one descriptor
can never be served for another.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from threadarchive import contract
from threadarchive.archive.index import Index, packaged
from threadarchive.contract.layout import CHECKSUMS, DESCRIPTOR
from threadarchive.contract.limits import MAX_DOCUMENT_BYTES, MAX_DOWNLOAD_BYTES
from threadarchive.contract.package import descriptor_path, read_descriptor
from threadarchive.contract.versions import Version
from threadarchive.errors import (
    FixityError,
    PackageError,
    ThreadArchiveError,
    UnsafeZipError,
    VersionNotFoundError,
    WithdrawnWarning,
)
from threadarchive.files.cache import cache_dir
from threadarchive.files.fsutil import storage
from threadarchive.files.gate import inside, is_url, problem
from threadarchive.files.hashing import sha256_bytes, sha256_file
from threadarchive.files.safezip import is_zip
from threadarchive.release.fixity import open_release, verify

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

DOWNLOAD_TIMEOUT = 60  # seconds without data before a download is given up
# Any download, even one whose size no manifest declares, stops here (env THREADARCHIVE_MAX_DOWNLOAD).
# A server that drips: after the first minute, a download must average at least this.
DOWNLOAD_GRACE, DOWNLOAD_MIN_RATE = 60.0, 16 << 10  # seconds, bytes per second
# A Parquet table may unpack to its CSV's size, or this many times its own, and this more.
PARQUET_RATIO, PARQUET_SLACK = 20, 64 << 20


@dataclass(frozen=True)
class Release:
    """A published release, as the package knows it."""

    version: str
    created: str
    packaged: bool  # shipped in the installed package: loads offline
    url: str | None = None  # where its files are published (for the others), if the archive says
    withdrawn: tuple[str, ...] = ()  # its threads withdrawn from the archive since

    def __str__(self) -> str:
        return self.version


def releases(source: str | os.PathLike[str] | None = None) -> list[Release]:
    """Every release, oldest first: those the package's release index lists (saying which
    ship in the package), or the one at ``source``."""
    if source is not None:
        release = _locate(None, source)
        return [
            Release(
                str(release.descriptor["version"]),
                str(release.descriptor.get("created", ""))[:10],
                False,
                release.where,
            )
        ]
    shipped = _shipped()
    index = packaged()
    found = {v: Release(v, "", True) for v in shipped}
    for entry in index.entries if index else ():
        url = index.url(entry.version, DESCRIPTOR) if index else None
        found[entry.version] = Release(
            entry.version,
            entry.created,
            entry.version in shipped,
            None if entry.version in shipped else url,
            tuple(w.thread_id for w in index.withdrawn_from(entry.version)) if index else (),
        )
    return [found[v] for v in sorted(found, key=Version.parse)]


def _shipped() -> list[str]:
    """The versions whose files ship in the installed package."""
    folder = resources.files("threadarchive") / "_releases"
    if not folder.is_dir():
        return []
    names = [
        e.name
        for e in folder.iterdir()
        if e.is_dir() and Version.matches(e.name) and (e / DESCRIPTOR).is_file()
    ]
    return [str(v) for v in sorted(Version.parse(name) for name in names)]


VARIANTS = ("full", "ids")  # every table; or the ID-only ("dehydrated") tables, no text


def load_table(
    table: str,
    version: str | None = None,
    *,
    source: str | os.PathLike[str] | None = None,
    variant: str = "full",
    exclude_withdrawn: bool = False,
) -> pa.Table:
    """A table of a release as a pyarrow Table, verified; its metadata names version and hash.

    ``version``: a version or "latest" (the default) of the releases shipped in the
    package, or the version ``source`` must hold. ``source``: a release folder, its
    ``datapackage.json``, a zip of one, or the http(s) URL of either. ``variant``:
    "full", or "ids" for the ID-only tables (identifiers and dates, no text).

    A release holding threads withdrawn since it was published warns with
    ``WithdrawnWarning``; ``exclude_withdrawn=True`` leaves their rows out.
    """
    if table not in contract.table_names():
        raise PackageError(f"expected a table among {list(contract.table_names())}, found {table!r}")
    if variant not in VARIANTS:
        raise PackageError(f"expected a variant among {list(VARIANTS)}, found {variant!r}")
    release = _locate(version, source)
    descriptor, prefix = release.descriptor, ""
    if variant == "ids":
        descriptor, prefix = _variant(release, variant)
    wanted = contract.table(table).resource_name("parquet")
    resource = next((r for r in descriptor["resources"] if r.get("name") == wanted), None)
    if resource is None:
        raise PackageError(f"{release.where}: expected a resource {prefix}{wanted}, found none")
    expected = str(resource.get("hash", "")).removeprefix("sha256:")
    path = release.file(prefix + resource["path"], expected, resource.get("x-bytes", resource.get("bytes")))
    # The rows unpack to about the size of their CSV; without one, the Parquet's own ratio.
    csv = next((r.get("bytes") for r in descriptor["resources"] if r.get("name") == table), None)
    parquet_size = path.stat().st_size if path.is_file() else 0
    limit = max(csv if isinstance(csv, int) else 0, parquet_size * PARQUET_RATIO) + PARQUET_SLACK
    data, actual = _read_verified(path, expected, release.remedy, limit)
    rows = resource.get("x-rows")
    if isinstance(rows, int) and data.num_rows != rows:
        raise FixityError(
            f"{path}: expected {rows} rows as the {table} table declares, found {data.num_rows}"
        )
    data = _withdrawn(release, data, exclude_withdrawn)
    provenance = {
        "version": release.descriptor["version"],
        "table": table,
        "variant": variant,
        "sha256": actual,
        "source": release.where,
    }
    metadata = {**(data.schema.metadata or {}), b"threadarchive": json.dumps(provenance).encode()}
    return data.replace_schema_metadata(metadata)


def _variant(release: _Release, variant: str) -> tuple[dict[str, Any], str]:
    """The descriptor of a release's variant, pinned by the release's own descriptor."""
    pinned = (release.descriptor.get("x-variants") or {}).get(variant)
    if not isinstance(pinned, dict) or not isinstance(pinned.get("path"), str):
        msg = (
            f"{release.where}: expected an {variant!r} variant in the release, found none (it predates them)"
        )
        raise PackageError(msg)
    digest = str(pinned.get("hash", "")).removeprefix("sha256:")
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise PackageError(
            f"{release.where}: x-variants.{variant}.hash: expected 'sha256:' and 64 hex digits"
        )
    path = release.file(pinned["path"], digest, MAX_DOCUMENT_BYTES)
    data = path.read_bytes()
    if sha256_bytes(data) != digest:
        raise FixityError(f"{path}: expected SHA-256 {digest} as the release descriptor pins, found another")
    folder = pinned["path"].rpartition("/")[0]
    return read_descriptor(data, f"{release.where}: {pinned['path']}"), f"{folder}/" if folder else ""


def _withdrawn(release: _Release, data: pa.Table, exclude: bool) -> pa.Table:
    """Warn of the release's threads withdrawn since; leave their rows out if asked.

    The withdrawals come from the release index: the package's own for a release of
    its archive, and the index beside a release folder in an archive's releases/."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from threadarchive.release.fixity import indexes_for

    version, name = str(release.descriptor["version"]), str(release.descriptor.get("name"))
    if release.folder is not None:
        indexes, _ = indexes_for(release.folder, name)
    else:
        shipped = packaged()
        indexes = [shipped] if shipped is not None and shipped.archive == name else []
    withdrawn = {w.thread_id: w for index in indexes for w in index.withdrawn_from(version)}
    if not withdrawn:
        return data
    if exclude:
        ids = pa.array(sorted(withdrawn), pa.string())
        return data.filter(pc.invert(pc.is_in(data["thread_id"], value_set=ids)))
    listed = "; ".join(f"{w.thread_id} on {w.date} ({w.reason})" for w in withdrawn.values())
    warnings.warn(
        f"release {version} holds threads withdrawn since it was published: {listed}; "
        "pass exclude_withdrawn=True to leave them out",
        WithdrawnWarning,
        stacklevel=4,
    )
    return data


def load_tweets(
    version: str | None = None,
    *,
    source: str | os.PathLike[str] | None = None,
    variant: str = "full",
    exclude_withdrawn: bool = False,
) -> pd.DataFrame:
    """The tweets of a release (default: the latest in the package) as a DataFrame.

    Columns are Arrow-backed: ``position`` int64, ``created_at`` a UTC timestamp, text
    and IDs strings, nulls kept. ``frame.attrs`` holds ``version``, ``table``,
    ``variant``, ``sha256`` and ``source``. ``variant="ids"``: the ID-only tweets
    (no text), which may be shared where texts may not.
    """
    return _frame("tweets", version, source, variant, exclude_withdrawn)


def load_threads(
    version: str | None = None,
    *,
    source: str | os.PathLike[str] | None = None,
    variant: str = "full",
    exclude_withdrawn: bool = False,
) -> pd.DataFrame:
    """The threads of a release as a DataFrame: ``published_date`` a date, counts int64."""
    return _frame("threads", version, source, variant, exclude_withdrawn)


def _frame(
    table: str, version: str | None, source: str | os.PathLike[str] | None, variant: str, exclude: bool
) -> pd.DataFrame:
    import pandas as pd

    data = load_table(table, version, source=source, variant=variant, exclude_withdrawn=exclude)
    frame = data.to_pandas(types_mapper=pd.ArrowDtype)
    frame.attrs.update(json.loads(data.schema.metadata[b"threadarchive"]))
    return frame


@dataclass(frozen=True)
class _Release:
    """A release's checked descriptor, and where its files come from."""

    descriptor: dict[str, Any]
    where: str  # for messages and provenance
    remedy: str  # what to do when a file fails its hash
    folder: Path | None = None  # a local folder holding its files
    base_url: str | None = None  # or the URL its files are fetched from (file names appended)
    zip_path: Path | None = None  # or a verified zip they are taken out of
    pattern: str | None = None  # or the archive's release_url, {version} and {file} filled in

    def file(self, name: str, sha256: str, size: object) -> Path:
        """A local copy of the release's file ``name``, to be read and hash-checked."""
        if reason := problem(name):
            raise PackageError(f"{self.where}: resource path {name!r}: {reason}; nothing was read")
        if self.folder is not None:
            return inside(self.folder, name, source=self.where)
        cached = cache_dir() / "blobs" / sha256
        if cached.is_file():
            return cached  # kept only after its hash was checked, under that hash
        limit = size if isinstance(size, int) and size >= 0 else None
        if self.base_url is not None:
            return _download(self.base_url + name, cached, sha256, limit)
        if self.pattern is not None:
            url = self.pattern.replace("{version}", str(self.descriptor["version"])).replace("{file}", name)
            return _download(url, cached, sha256, limit)
        assert self.zip_path is not None
        with open_release(self.zip_path) as files, files.open(name) as stream:
            return _store(stream, cached, sha256, limit, f"{self.where}: {name}")


def _locate(version: str | None, source: str | os.PathLike[str] | None) -> _Release:
    """The release a call names, its descriptor read, checked and anchored."""
    if version is not None and not (version == "latest" or Version.matches(version)):
        raise VersionNotFoundError(f"expected a version like 1.2.3 or 'latest', found {version!r}")
    if source is None:
        return _packaged(version)
    text = os.fspath(source)
    if is_url(text):
        if not text.lower().startswith(("http://", "https://")):
            raise PackageError(
                f"{text}: expected an http(s) URL, a release folder or a zip, found another scheme"
            )
        release = _remote_zip(text) if text.lower().endswith(".zip") else _remote_folder(text)
    else:
        release = _local(Path(text))
    found = str(release.descriptor.get("version"))
    if version not in (None, "latest") and found != version:
        raise VersionNotFoundError(f"{text}: expected release {version}, found {found}")
    return release


def _packaged(version: str | None) -> _Release:
    """A release the package knows: from its own files, or fetched from where the
    archive publishes it, every file checked against the release index it ships."""
    available = [r.version for r in releases()]
    if not available:
        raise VersionNotFoundError("expected releases shipped with threadarchive, found none; pass source=")
    chosen = available[-1] if version in (None, "latest") else version
    if chosen not in available:
        raise VersionNotFoundError(f"expected one of the releases {', '.join(available)}, found {version!r}")
    if chosen in _shipped():
        folder = Path(str(resources.files("threadarchive") / "_releases" / chosen))  # wheels install as files
        return _checked(folder / DESCRIPTOR, "reinstall threadarchive", folder=folder)
    index = packaged()
    assert index is not None  # a release the package does not ship is one its index lists
    entry = index.entry(chosen)
    assert entry is not None
    if index.release_url is None:
        msg = f"release {chosen} is not shipped in this package, and its archive says nowhere it is published: pass source="
        raise VersionNotFoundError(msg)
    url = index.url(chosen, DESCRIPTOR)
    assert url is not None
    descriptor = cache_dir() / "blobs" / entry.descriptor_sha256
    if not descriptor.is_file():  # pinned by the index: once fetched, it loads offline
        _download(url, descriptor, entry.descriptor_sha256, MAX_DOCUMENT_BYTES)
    return _anchored(descriptor.read_bytes(), url, "fetch the release again", pattern=index.release_url)


def _local(path: Path, where: str | None = None) -> _Release:
    """A release on disk; ``where`` names a downloaded zip in messages (its URL, never
    the temporary file it was downloaded to)."""
    if path.is_dir() or path.name == DESCRIPTOR:
        location = descriptor_path(path)
        return _checked(location, "restore the release from its published copy", folder=location.parent)
    where = where or str(path)
    if not path.is_file():
        raise PackageError(
            f"{where}: expected a release folder, its {DESCRIPTOR}, a zip of one or an http(s) URL, found nothing there"
        )
    if not is_zip(path):
        raise PackageError(f"{where}: expected a release folder or a zip of one, found another kind of file")
    try:
        report = verify(path)  # a zip: its manifests, streamed, within the zip limits
    except UnsafeZipError as exc:  # its messages say what is wrong, not in which zip
        raise UnsafeZipError(f"{where}: {exc}") from None
    if not report.valid:
        names = ", ".join(sorted({str(f.path) for f in report.errors}))
        raise FixityError(f"{where}: the release in this zip fails its manifest for {names}")
    with open_release(path) as files:
        data = files.read_small(DESCRIPTOR)
    return _anchored(data, where, "fetch the release zip again", zip_path=path)


def _checked(location: Path, remedy: str, *, folder: Path) -> _Release:
    try:
        with location.open("rb") as stream:
            data = stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise PackageError(
            f"{location}: expected a release descriptor, found an error: {exc.strerror}"
        ) from None
    return _anchored(data, str(location), remedy, folder=folder)


def _anchored(data: bytes, where: str, remedy: str, **origin: Any) -> _Release:
    """A release whose descriptor is the one the package's release index records, if it knows it."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise PackageError(
            f"{where}: expected a descriptor of at most {MAX_DOCUMENT_BYTES >> 20} MiB, found a larger one"
        )
    descriptor = read_descriptor(data, where)
    index = packaged()
    if index is not None and index.archive == descriptor.get("name"):
        _check_anchor(index, descriptor, sha256_bytes(data), where)
    return _Release(descriptor, where, remedy, **origin)


def _check_anchor(index: Index, descriptor: dict[str, Any], actual: str, where: str) -> None:
    entry = index.entry(str(descriptor.get("version")))
    if entry is None:
        return  # newer than the package: only its own manifests vouch for it
    if entry.descriptor_sha256 != actual:
        msg = (
            f"{where}: expected the descriptor of release {entry.version} to have SHA-256 "
            f"{entry.descriptor_sha256} as the release index in threadarchive records, found {actual}: "
            "this is not the release that was published"
        )
        raise FixityError(msg)


def _folder_url(url: str) -> str:
    """The URL of a release folder, ending in '/': ``url``, or the folder of the
    datapackage.json it names (file names are appended to it)."""
    base = url.removesuffix(DESCRIPTOR) if url.endswith("/" + DESCRIPTOR) else url
    return base if base.endswith("/") else base + "/"


def _remote_folder(url: str) -> _Release:
    base = _folder_url(url)
    sink = _Sink(limit=MAX_DOCUMENT_BYTES)
    _fetch(base + DESCRIPTOR, sink)
    return _anchored(sink.data(), base + DESCRIPTOR, "fetch the release again", base_url=base)


def _remote_zip(url: str) -> _Release:
    folder = cache_dir() / "downloads"
    with _temporary(folder) as (stream, temporary):
        _fetch(url, _Sink(stream, limit=None))
        stream.close()
        return _local_copy(temporary, url)


def _local_copy(temporary: Path, url: str) -> _Release:
    """A downloaded zip, verified, then kept under its hash."""
    release = _local(temporary, url)
    digest = sha256_file(temporary)
    kept = cache_dir() / "blobs" / digest
    if not kept.exists():
        with storage(kept, "use the cache (set THREADARCHIVE_CACHE to a writable folder)"):
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temporary, kept)
    return _Release(release.descriptor, url, "fetch the release zip again", zip_path=kept)


class _temporary:
    """A temporary file inside ``folder`` (renamed into place by the caller), removed otherwise."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> tuple[IO[bytes], Path]:
        with storage(self.folder, "use the cache (set THREADARCHIVE_CACHE to a writable folder)"):
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = tempfile.NamedTemporaryFile(dir=self.folder, suffix=".partial", delete=False)
        self.path = Path(handle.name)
        return handle, self.path

    def __exit__(self, *exc: object) -> None:
        self.path.unlink(missing_ok=True)


def _download(url: str, target: Path, sha256: str, limit: int | None) -> Path:
    with _temporary(target.parent) as (stream, temporary):
        sink = _Sink(stream, limit=limit)
        _fetch(url, sink)
        stream.close()
        if sink.digest.hexdigest() != sha256:
            raise FixityError(
                f"{url}: the download does not match its manifest: expected SHA-256 {sha256}, found {sink.digest.hexdigest()}"
            )
        os.replace(temporary, target)
    return target


def _store(source: IO[bytes], target: Path, sha256: str, limit: int | None, where: str) -> Path:
    """Copy a stream to ``target`` in the cache, only if its hash is ``sha256``."""
    with _temporary(target.parent) as (stream, temporary):
        sink = _Sink(stream, limit=limit)
        while chunk := source.read(1 << 20):
            sink.write(chunk)
        stream.close()
        if sink.digest.hexdigest() != sha256:
            raise FixityError(f"{where}: expected SHA-256 {sha256}, found {sink.digest.hexdigest()}")
        os.replace(temporary, target)
    return target


class _Sink:
    """Where a download goes: a file or memory, hashed, and refused past ``limit`` bytes
    (MAX_DOWNLOAD_BYTES when no manifest gives one) or when it comes too slowly to end."""

    def __init__(self, stream: IO[bytes] | None = None, *, limit: int | None) -> None:
        self.stream, self.limit = stream, limit
        self.chunks: list[bytes] = []
        self.size = 0
        self.digest = hashlib.sha256()
        self.started = time.monotonic()

    def write(self, chunk: bytes) -> int:
        self.size += len(chunk)
        if self.limit is not None and self.size > self.limit:
            msg = f"the download does not match its manifest: expected at most {self.limit} bytes, found more"
            raise FixityError(msg)
        if self.size > MAX_DOWNLOAD_BYTES:
            msg = f"expected a download of at most {MAX_DOWNLOAD_BYTES} bytes (THREADARCHIVE_MAX_DOWNLOAD), found more"
            raise PackageError(msg)
        elapsed = time.monotonic() - self.started
        if elapsed > DOWNLOAD_GRACE and self.size < DOWNLOAD_MIN_RATE * elapsed:
            msg = f"expected at least {DOWNLOAD_MIN_RATE >> 10} KiB/s, found {self.size} bytes in {elapsed:.0f} s: the server is too slow, try again later"
            raise PackageError(msg)
        self.digest.update(chunk)
        if self.stream is None:
            self.chunks.append(chunk)
        else:
            self.stream.write(chunk)
        return len(chunk)

    def flush(self) -> None:
        pass

    def data(self) -> bytes:
        return b"".join(self.chunks)


class _Progress:
    """Download progress on stderr, for pooch's downloader: only on a terminal."""

    def __init__(self, label: str) -> None:
        self.label, self.total, self.done = label, 0, 0

    def update(self, count: int) -> None:
        self.done += count
        total = f" of {self.total >> 20} MiB" if self.total else ""
        sys.stderr.write(f"\rthreadarchive: downloading {self.label}: {self.done >> 20} MiB{total}")

    def reset(self) -> None:
        self.done = 0

    def close(self) -> None:
        sys.stderr.write("\n")


def _fetch(url: str, sink: _Sink) -> None:
    """Download ``url`` into ``sink`` with pooch's HTTP downloader (never its cache)."""
    import pooch

    progress = _Progress(url.rsplit("/", 1)[-1]) if sys.stderr.isatty() else False
    downloader = pooch.HTTPDownloader(progressbar=progress, timeout=DOWNLOAD_TIMEOUT, chunk_size=1 << 16)
    try:
        downloader(url, sink, None)
    except ThreadArchiveError as exc:
        raise type(exc)(f"{url}: {exc}") from None
    except Exception as exc:  # requests' errors: refused, unreachable, HTTP status
        raise PackageError(f"{url}: cannot fetch the release: {exc}") from None


def _read_verified(path: Path, expected: str, remedy: str, limit: int) -> tuple[pa.Table, str]:
    """Read a Parquet file while hashing it; the table only if the hash is ``expected``."""
    import pyarrow as pa

    if not path.is_file():
        raise PackageError(f"{path}: no such file; the release is incomplete: {remedy}")
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(sha256_file, path)  # hashlib releases the GIL: hashing overlaps reading
        try:
            table, problem_ = _read_bounded(path, limit), None
        except (pa.ArrowException, OSError, PackageError) as exc:  # a damaged file: its hash says why
            table, problem_ = None, exc
        actual = digest.result()
    if actual != expected:
        msg = f"{path}: expected SHA-256 {expected} as {DESCRIPTOR} declares, found {actual}; the file is corrupted or was changed: {remedy}"
        raise FixityError(msg)
    if isinstance(problem_, PackageError):
        raise problem_
    if table is None:
        raise PackageError(f"{path}: expected a Parquet file, found one pyarrow cannot read ({problem_})")
    return table, actual


def _read_bounded(path: Path, limit: int) -> pa.Table:
    """Read a Parquet file, refused when its text would take more than ``limit`` bytes.

    Parquet is compressed, and a dictionary page lets one long value repeat on every
    row: a file of kilobytes can unpack to gigabytes. Text is read as dictionaries
    first (as cheap as reading it plain), measured, and only then unpacked.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    text = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
    table = pq.read_table(path, read_dictionary=text)
    size = sum(table[name].nbytes for name in table.column_names if name not in text)
    for name in text:
        for chunk in table[name].chunks:
            lengths = pc.binary_length(chunk.dictionary).fill_null(0)
            size += pc.sum(pc.take(lengths, chunk.indices)).as_py() or 0
    if size > limit:
        msg = f"{path}: expected a Parquet file that unpacks to at most {limit} bytes, found {size}"
        raise PackageError(msg)
    return table.cast(schema.remove_metadata()).replace_schema_metadata(schema.metadata)


@contextlib.contextmanager
def release_files(spec: str, root: Path | None = None, *, folder: bool = False) -> Iterator[Path]:
    """A release named the way a person names it, as a local folder or zip to read whole.

    ``spec`` is a version or "latest" (of the archive at ``root``, else of the
    package: shipped, or fetched by the release index), a release folder, its
    ``datapackage.json``, a zip of one, or the http(s) URL of a folder or zip. What
    is fetched goes to a temporary folder, removed afterwards; nothing is trusted
    until the caller checks it (verify, validate). With ``folder``, a zip is
    extracted (within the zip limits, by the names its SHA256SUMS lists).
    """
    with _release_files(spec, root) as found:
        if folder and found.is_file():  # a zip, for a command that reads a folder (validate, diff)
            with tempfile.TemporaryDirectory(prefix="threadarchive-") as temporary:
                yield _extract(found, Path(temporary))
        else:
            yield found


@contextlib.contextmanager
def _release_files(spec: str, root: Path | None) -> Iterator[Path]:
    path = Path(spec)
    if is_url(spec):
        with tempfile.TemporaryDirectory(prefix="threadarchive-") as temporary:
            yield _fetch_whole(spec, Path(temporary))
        return
    if path.exists():
        yield path.parent if path.is_file() and path.name == DESCRIPTOR else path
        return
    if spec != "latest" and not Version.matches(spec):
        raise PackageError(
            f"{spec}: expected a release version, 'latest', a release folder, a zip or a URL, found none of these"
        )
    if root is not None:
        from threadarchive.archive.published import list_releases

        known = list_releases(root)
        chosen = (
            known[-1]
            if spec == "latest" and known
            else next((r for r in known if str(r.version) == spec), None)
        )
        if chosen is None:
            available = ", ".join(str(r.version) for r in known) or "none"
            raise VersionNotFoundError(f"{root}: expected one of the releases {available}, found {spec!r}")
        yield chosen.path
        return
    release = _packaged(None if spec == "latest" else spec)
    if release.folder is not None:
        yield release.folder
        return
    index = packaged()
    entry = index.entry(str(release.descriptor["version"])) if index else None
    assert index is not None and entry is not None and index.release_url is not None
    with tempfile.TemporaryDirectory(prefix="threadarchive-") as temporary:
        folder = Path(temporary) / entry.version
        for name, facts in sorted(entry.files.items()):
            if problem(name) is None:
                _download(
                    index.url(entry.version, name) or "",
                    inside(folder, name),
                    str(facts.get("sha256")),
                    facts.get("bytes"),
                )
        yield folder


def _fetch_whole(url: str, into: Path) -> Path:
    """Every file of the release at ``url`` (a zip, or a folder's files its SHA256SUMS lists)."""
    if not url.lower().startswith(("http://", "https://")):
        raise PackageError(f"{url}: expected an http(s) URL, found another scheme")
    if url.lower().endswith(".zip"):
        target = into / url.rsplit("/", 1)[-1]
        with target.open("wb") as stream:
            _fetch(url, _Sink(stream, limit=None))
        return target
    base = _folder_url(url)
    folder = into / "release"
    sums = _Sink(limit=MAX_DOCUMENT_BYTES)
    _fetch(base + CHECKSUMS, sums)
    names = [line.partition("  ")[2] for line in sums.data().decode("utf-8", "replace").splitlines()]
    for name in [CHECKSUMS, *names]:
        if problem(name) is None:  # an unsafe name is reported by verify; nothing is written for it
            target = inside(folder, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as stream:
                _fetch(base + name, _Sink(stream, limit=None))
    return folder


def _extract(zipped: Path, into: Path) -> Path:
    """The files of a release zip in a folder: only names the path gate passes."""
    with open_release(zipped) as files:
        for name in sorted(files.names):
            if problem(name) is None:
                target = inside(into, name)
                target.parent.mkdir(parents=True, exist_ok=True)
                with files.open(name) as source, target.open("wb") as stream:
                    shutil.copyfileobj(source, stream, 1 << 20)
    return into
