"""Load any release into pandas or pyarrow, offline, verified against its manifest.

Releases published in this repository ship inside the wheel (``threadarchive/_releases``)
and are read with importlib.resources. Any other release comes from ``source``: a
local release folder or zip, or the http(s) URL of a release folder or zip, fetched
with pooch, hash-checked and cached (``THREADARCHIVE_CACHE`` moves the cache).

Every Parquet file is hashed while it is read, and the data is returned only when
the hash equals the one ``datapackage.json`` declares.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import contract
from .errors import FixityError, PackageError, VersionNotFoundError
from .hashing import sha256_file
from .package import DESCRIPTOR
from .versioning import Version

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

CACHE_ENV = "THREADARCHIVE_CACHE"


def releases(source: str | os.PathLike[str] | None = None) -> list[str]:
    """Versions available, oldest first: those in the wheel, or the one at ``source``."""
    if source is not None:
        return [_descriptor(_release_folder(source))["version"]]
    folder = resources.files("threadarchive") / "_releases"
    if not folder.is_dir():
        return []
    found = [entry.name for entry in folder.iterdir() if entry.is_dir() and (entry / DESCRIPTOR).is_file()]
    return [str(v) for v in sorted(Version.parse(name) for name in found)]


def load_table(
    table: str, version: str | None = None, *, source: str | os.PathLike[str] | None = None
) -> pa.Table:
    """A table of a release as a pyarrow Table, verified; metadata names version and hash."""
    if table not in contract.table_names():
        raise PackageError(f"expected a table among {list(contract.table_names())}, found {table!r}")
    folder = _release_folder(source) if source is not None else _packaged(version)
    descriptor = _descriptor(folder)
    if version is not None and source is not None and descriptor.get("version") != version:
        raise VersionNotFoundError(f"{source}: expected release {version}, found {descriptor.get('version')}")
    wanted = contract.table(table).resource_name("parquet")
    resource = next((r for r in descriptor["resources"] if r["name"] == wanted), None)
    if resource is None:
        raise PackageError(f"{folder / DESCRIPTOR}: expected a resource {wanted}, found none")
    path = folder / resource["path"]
    expected = str(resource.get("hash", "")).removeprefix("sha256:")
    remedy = "fetch the release again" if source is not None else "reinstall threadarchive"
    table_data, actual = _read_verified(path, expected, remedy)
    provenance = {"version": descriptor["version"], "table": table, "sha256": actual, "source": str(path)}
    metadata = {**(table_data.schema.metadata or {}), b"threadarchive": json.dumps(provenance).encode()}
    return table_data.replace_schema_metadata(metadata)


def load_tweets(version: str | None = None, *, source: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The tweets of a release (default: the latest in the wheel) as a DataFrame.

    Columns are Arrow-backed: ``position`` int64, ``text`` and IDs strings, nulls kept.
    ``frame.attrs`` holds ``version``, ``table``, ``sha256`` and ``source``.
    """
    return _frame("tweets", version, source)


def load_threads(version: str | None = None, *, source: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The threads of a release as a DataFrame: ``published_date`` a date, counts int64."""
    return _frame("threads", version, source)


def _frame(table: str, version: str | None, source: str | os.PathLike[str] | None) -> pd.DataFrame:
    import pandas as pd

    data = load_table(table, version, source=source)
    frame = data.to_pandas(types_mapper=pd.ArrowDtype)
    frame.attrs.update(json.loads(data.schema.metadata[b"threadarchive"]))
    return frame


def _read_verified(path: Path, expected: str, remedy: str) -> tuple[pa.Table, str]:
    """Read a Parquet file while hashing it; the table only if the hash is ``expected``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not path.is_file():
        raise PackageError(f"{path}: no such file; the release is incomplete: {remedy}")
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(sha256_file, path)  # hashlib releases the GIL: hashing overlaps reading
        try:
            table, problem = pq.read_table(path), None
        except (pa.ArrowException, OSError) as exc:  # a damaged file: its hash says why
            table, problem = None, exc
        actual = digest.result()
    if actual != expected:
        msg = f"{path}: expected SHA-256 {expected} as {DESCRIPTOR} declares, found {actual}; the file is corrupted or was changed: {remedy}"
        raise FixityError(msg)
    if table is None:
        raise PackageError(f"{path}: expected a Parquet file, found one pyarrow cannot read ({problem})")
    return table, actual


def _packaged(version: str | None) -> Path:
    available = releases()
    if not available:
        raise VersionNotFoundError("expected releases shipped with threadarchive, found none; pass source=")
    chosen = available[-1] if version is None else version
    if chosen not in available:
        raise VersionNotFoundError(f"expected one of the releases {', '.join(available)}, found {version!r}")
    folder = resources.files("threadarchive") / "_releases" / chosen
    return Path(str(folder))  # a real folder: wheels install as files, never zipped


def _descriptor(folder: Path) -> dict[str, Any]:
    try:
        return json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PackageError(
            f"{folder / DESCRIPTOR}: expected a release descriptor, found an error: {exc}"
        ) from None


def cache_dir() -> Path:
    """Where fetched releases are kept: $THREADARCHIVE_CACHE, else the user cache folder."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("threadarchive"))


def _release_folder(source: str | os.PathLike[str]) -> Path:
    """A local folder holding the release at ``source``, fetching and unzipping as needed."""
    text = os.fspath(source)
    if re.match(r"https?://", text):
        return _fetch_zip(text) if text.lower().endswith(".zip") else _fetch_folder(text)
    path = Path(text)
    if path.is_dir():
        return path
    if zipfile.is_zipfile(path):
        return _unzip(path, cache_dir() / "zips" / sha256_file(path)[:16])
    raise PackageError(
        f"{path}: expected a release folder, a zip of one or an http(s) URL, found nothing usable"
    )


def _fetch_folder(url: str) -> Path:
    import pooch

    base = url if url.endswith("/") else url + "/"
    folder = cache_dir() / "urls" / re.sub(r"[^A-Za-z0-9._-]+", "_", base.split("://", 1)[1]).strip("_")
    descriptor = Path(_retrieve(pooch, base + DESCRIPTOR, None, folder / DESCRIPTOR))
    for resource in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]:
        if resource.get("format") == "parquet":
            _retrieve(pooch, base + resource["path"], resource.get("hash"), folder / resource["path"])
    return folder


def _fetch_zip(url: str) -> Path:
    import pooch

    name = re.sub(r"[^A-Za-z0-9._-]+", "_", url.split("://", 1)[1])
    archive = Path(_retrieve(pooch, url, None, cache_dir() / "zips" / name))
    return _unzip(archive, cache_dir() / "zips" / (name + ".d"))


def _retrieve(pooch: Any, url: str, known_hash: str | None, target: Path) -> str:
    try:
        return pooch.retrieve(
            url, known_hash=known_hash, fname=target.name, path=target.parent, progressbar=False
        )
    except ValueError as exc:  # pooch's hash mismatch; it has removed the bad download
        raise FixityError(f"{url}: the download does not match its manifest: {exc}") from None
    except Exception as exc:  # requests' and pooch's own network errors
        raise PackageError(f"{url}: cannot fetch the release: {exc}") from None


def _unzip(archive: Path, target: Path) -> Path:
    """Extract a release zip once; the folder inside it, verified by its manifest."""
    from .fixity import verify

    if not target.is_dir():
        staging = target.with_name(target.name + ".partial")
        with zipfile.ZipFile(archive) as handle:
            handle.extractall(staging)
        staging.rename(target)
    inner = [p for p in target.iterdir() if p.is_dir()]
    folder = inner[0] if len(inner) == 1 and not (target / DESCRIPTOR).exists() else target
    report = verify(folder)
    if not report.valid:
        names = ", ".join(sorted({str(f.path) for f in report.errors}))
        raise FixityError(f"{archive}: the release in this zip fails its manifest for {names}")
    return folder
