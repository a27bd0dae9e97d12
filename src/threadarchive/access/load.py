"""Load any release into pandas or pyarrow, verified against its manifest and the release index.

Releases shipped in the wheel (``threadarchive/_releases``) are read with
importlib.resources. Any other release comes from ``source``: a local release
folder, its ``datapackage.json``, a zip of one, or the http(s) URL of a release
folder or zip (``locate``; downloads and the cache in ``transport``).

Every table is read one way (``partial``): the files a query needs (all of them, or,
for a partitioned table, one file per month past the archive's ``partition_rows``,
only those a filter's year and month may need) are fetched, hashed and checked before
any row is read, then read in batches with pyarrow's dataset scanner (in parallel, as
``pyarrow.parquet.read_table`` reads), with ``columns=`` and ``filters=`` applied.

Trust: a file's rows are returned only when its hash is the one the descriptor
declares; the descriptor itself must have the hash the release index records for that
archive and version (a release edited consistently, manifests and all, is refused).
A Parquet file is unpacked within the sizes its own metadata states (``unpack``, and
``_bounded`` batch by batch), never a size the descriptor declares; past
``spill.IN_MEMORY_BYTES`` the rows are memory-mapped from the cache, not held.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from threadarchive import contract
from threadarchive.access import spill
from threadarchive.access.locate import Located, Release, known, locate
from threadarchive.archive.index import packaged
from threadarchive.contract.limits import MAX_DOCUMENT_BYTES
from threadarchive.contract.package import read_descriptor, resource_files
from threadarchive.contract.patterns import SHA256
from threadarchive.errors import FixityError, PackageError, WithdrawnWarning
from threadarchive.files.hashing import sha256_bytes
from threadarchive.release.fixity import indexes_for

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.dataset as ds

    from threadarchive.access.partial import Filters

__all__ = ["VARIANTS", "Release", "dataset", "load_table", "load_threads", "load_tweets", "releases"]

# What a batch read lazily may unpack to beyond what its files' footers declare (_bounded):
# per column, its own offsets and validity rounding; per row, a partition's year and month.
_BATCH_SLACK, _PARTITION_BYTES = 64, 10
VARIANTS = ("full", "ids")  # every table; or the ID-only ("dehydrated") tables, no text


def releases(source: str | os.PathLike[str] | None = None) -> list[Release]:
    """Every release, oldest first: those the package's release index lists (saying
    which ship in the package), or the one at ``source``.

    Parameters
    ----------
    source
        A release folder, its ``datapackage.json``, a zip of one, or the http(s) URL
        of either; None for the package's own releases.

    Returns
    -------
    list of Release
        Each with its version, date, whether it ships in the package, where it is
        published otherwise, and its threads withdrawn since.

    Raises
    ------
    PackageError
        ``source`` holds no readable release.
    FixityError
        Its descriptor is not the one the release index records.
    """
    if source is None:
        return known()
    release = locate(None, source)
    return [Release(release.version, str(release.descriptor.get("created", ""))[:10], False, release.where)]


def load_table(
    table: str,
    version: str | None = None,
    *,
    source: str | os.PathLike[str] | None = None,
    variant: str = "full",
    exclude_withdrawn: bool = False,
    columns: list[str] | None = None,
    filters: Filters = None,
) -> pa.Table:
    """A table of a release as a pyarrow Table, verified; its metadata names version and hash.

    Parameters
    ----------
    table
        A table of the data contract: "threads", "tweets", ...
    version
        A version or "latest" (the default) of the releases the package knows, or the
        version ``source`` must hold.
    source
        A release folder, its ``datapackage.json``, a zip of one, or the http(s) URL
        of either. Fetched files are cached; a release fetched by URL loads offline
        afterwards.
    variant
        "full", or "ids" for the ID-only tables (identifiers and dates, no text).
    exclude_withdrawn
        Leave out the rows of threads withdrawn since the release was published
        (which otherwise warn with ``WithdrawnWarning``).
    columns
        Only these columns (default: every column of the table).
    filters
        Only the rows these keep: a pyarrow expression (``pyarrow.compute.field("position")
        == 1``) or the DNF list form (``[("year", "=", 2024), ("month", "=", 5)]``). A
        partitioned release has ``year`` and ``month`` columns (when its threads were
        published), and only the files of the months a filter keeps are read or fetched.

    Returns
    -------
    pyarrow.Table
        The rows, typed by the table's schema; ``schema.metadata[b"threadarchive"]``
        is JSON naming its version, table, variant, sha256 (of its one file; null for a
        partitioned table), source, and ``files``: each file read, with its SHA-256.

    Raises
    ------
    PackageError
        An unknown table, variant or column, filters that are no filters, a source that
        holds no release, a file that is missing, not Parquet, or would unpack past what
        its size allows.
    VersionNotFoundError
        No release has ``version``.
    FixityError
        A file or the descriptor differs from the hash on record, or a table has other
        rows than declared.
    """
    release, resource, prefix = _resource(table, version, source, variant)
    return _read(release, resource, prefix, table, variant, exclude_withdrawn, columns, filters)


def dataset(
    table: str = "tweets",
    version: str | None = None,
    *,
    source: str | os.PathLike[str] | None = None,
    variant: str = "full",
    filters: Filters = None,
) -> ds.Dataset:
    """A table of a release as a ``pyarrow.dataset.Dataset``, for pyarrow, DuckDB or
    polars to query lazily: of the files ``filters`` may need, each fetched (if remote)
    and verified against the release's hashes before the dataset is returned.

    Parameters
    ----------
    table, version, source, variant
        As for ``load_table``.
    filters
        As for ``load_table``: only the files of the partitions they keep are part of
        the dataset (and fetched), and the dataset is filtered by them. None: every file.

    Returns
    -------
    pyarrow.dataset.Dataset
        Over the verified local files (the release folder's, or the cache's), with
        ``year`` and ``month`` columns for a partitioned table. Each file's hash and
        footer are checked before it is returned; what a query then reads from it is
        the querying engine's to bound (``load_table`` holds its reads to the sizes the
        footers declare).

    Raises
    ------
    PackageError, VersionNotFoundError, FixityError
        As for ``load_table``.
    """
    from threadarchive.access.partial import expression, select

    release, resource, prefix = _resource(table, version, source, variant)
    wanted = expression(filters)
    chosen = select(release, resource, prefix, None, wanted, filters).dataset
    release.settle()
    return chosen if wanted is None else chosen.filter(wanted)


def _resource(
    table: str, version: str | None, source: str | os.PathLike[str] | None, variant: str
) -> tuple[Located, dict[str, Any], str]:
    """The release, the Parquet resource of ``table`` in ``variant``, and the prefix of its paths."""
    if table not in contract.table_names():
        raise PackageError(
            f"expected a table among {list(contract.table_names())}, found {table!r}", parameter="table"
        )
    if variant not in VARIANTS:
        raise PackageError(
            f"expected a variant among {list(VARIANTS)}, found {variant!r}", parameter="variant"
        )
    release = locate(version, source)
    descriptor, prefix = release.descriptor, ""
    if variant == "ids":
        descriptor, prefix = _variant(release, variant)
    wanted = contract.table(table).resource_name("parquet")
    resource = next((r for r in descriptor["resources"] if r.get("name") == wanted), None)
    if resource is None:
        raise PackageError(f"{release.where}: expected a resource {prefix}{wanted}, found none")
    files = resource_files(resource, f"{release.where}: {prefix}{wanted}")
    if not all(SHA256.fullmatch(digest) for _, digest, *_ in files):
        raise PackageError(f"{release.where}: {prefix}{wanted}: expected a SHA-256 hash, found none")
    return release, resource, prefix


def _read(
    release: Located,
    resource: dict[str, Any],
    prefix: str,
    table: str,
    variant: str,
    exclude: bool,
    columns: list[str] | None,
    filters: Filters,
) -> pa.Table:
    """The rows and columns asked for, of the files they need (``partial``), verified."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    from threadarchive.access.partial import expression, first_line, select
    from threadarchive.contract.layout import PARTITION_FIELDS

    wanted = expression(filters)
    withdrawn = _withdrawn_ids(release)
    if withdrawn and exclude:
        keep = ~ds.field("thread_id").isin(pa.array(sorted(withdrawn), pa.string()))
        wanted = keep if wanted is None else wanted & keep
    selected = select(release, resource, prefix, columns, wanted, filters)
    if columns is None:  # the table's own columns: the partition's are asked for by name
        columns = [
            n for n in selected.dataset.schema.names if n not in PARTITION_FIELDS or not selected.partitioned
        ]
    where = f"{release.where}: {prefix}{resource.get('name')}"
    try:
        scanner = selected.dataset.scanner(columns=list(columns), filter=wanted)
        batches = _bounded(scanner.to_batches(), selected.unpacked(columns), where)
        if selected.unpacked(columns) > spill.IN_MEMORY_BYTES:
            data = spill.table(batches, scanner.projected_schema)
        else:
            data = pa.Table.from_batches(list(batches), schema=scanner.projected_schema)
    except (pa.ArrowException, TypeError) as exc:
        msg = f"{release.where}: expected filters on the columns of {table}, found {first_line(exc)}"
        raise PackageError(msg, parameter="filters") from None
    release.settle()
    if withdrawn and not exclude:
        _warn_withdrawn(release, withdrawn)
    digest = next(iter(selected.files.values())) if not selected.partitioned and selected.files else None
    return _with_provenance(data, release, table, variant, digest, selected.files)


def _bounded(batches: Iterable[pa.RecordBatch], declared: int, where: str) -> Iterator[pa.RecordBatch]:
    """``batches``, refused (FixityError) once they unpack past what their files' footers
    declare (``declared``, checked against the files' sizes by ``check_footer``): a footer
    may understate its text (a descriptor no release index pins hashes whatever it likes),
    and the rows are read in batches, not row group by row group. Each
    batch may take a little more: its own offsets and validity, and the partition's
    year and month (not in the files)."""
    total, allowed = 0, declared
    for batch in batches:
        total += batch.nbytes
        allowed += _BATCH_SLACK * (batch.num_columns + 1) + _PARTITION_BYTES * batch.num_rows
        if total > allowed:
            msg = (
                f"{where}: expected its rows to unpack to at most {declared} bytes as its files' metadata "
                "declares, found more; a file's metadata understates what it holds: it is damaged or forged"
            )
            raise FixityError(msg)
        yield batch


def _with_provenance(
    data: pa.Table, release: Located, table: str, variant: str, digest: str | None, files: dict[str, str]
) -> pa.Table:
    provenance = {
        "version": release.version,
        "table": table,
        "variant": variant,
        "sha256": digest,
        "source": release.where,
        "files": files,
    }
    metadata = {**(data.schema.metadata or {}), b"threadarchive": json.dumps(provenance).encode()}
    if not data.num_columns:  # pyarrow's replace_schema_metadata drops the rows' number then
        import pyarrow as pa

        return pa.Table.from_batches(data.to_batches(), schema=data.schema.with_metadata(metadata))
    return data.replace_schema_metadata(metadata)


def load_tweets(
    version: str | None = None,
    *,
    source: str | os.PathLike[str] | None = None,
    variant: str = "full",
    exclude_withdrawn: bool = False,
    columns: list[str] | None = None,
    filters: Filters = None,
) -> pd.DataFrame:
    """The tweets of a release (default: the latest the package knows) as a DataFrame.

    Parameters
    ----------
    version, source, variant, exclude_withdrawn, columns, filters
        As for ``load_table``. ``variant="ids"``: the ID-only tweets (no text), which
        may be shared where texts may not.

    Returns
    -------
    pandas.DataFrame
        Arrow-backed columns: ``position`` int64, ``created_at`` a UTC timestamp, text
        and IDs strings, nulls kept. ``frame.attrs`` holds ``version``, ``table``,
        ``variant``, ``sha256``, ``source`` and ``files``.

    Raises
    ------
    PackageError, VersionNotFoundError, FixityError
        As for ``load_table``.
    """
    return frame(
        load_table(
            "tweets",
            version,
            source=source,
            variant=variant,
            exclude_withdrawn=exclude_withdrawn,
            columns=columns,
            filters=filters,
        )
    )


def load_threads(
    version: str | None = None,
    *,
    source: str | os.PathLike[str] | None = None,
    variant: str = "full",
    exclude_withdrawn: bool = False,
    columns: list[str] | None = None,
    filters: Filters = None,
) -> pd.DataFrame:
    """The threads of a release as a DataFrame: ``published_date`` a date, counts int64.

    Parameters
    ----------
    version, source, variant, exclude_withdrawn, columns, filters
        As for ``load_table``.

    Returns
    -------
    pandas.DataFrame
        One row per thread, Arrow-backed; ``frame.attrs`` as for ``load_tweets``.

    Raises
    ------
    PackageError, VersionNotFoundError, FixityError
        As for ``load_table``.
    """
    return frame(
        load_table(
            "threads",
            version,
            source=source,
            variant=variant,
            exclude_withdrawn=exclude_withdrawn,
            columns=columns,
            filters=filters,
        )
    )


def frame(data: pa.Table) -> pd.DataFrame:
    """A loaded table as an Arrow-backed DataFrame, its provenance in ``attrs``."""
    import pandas as pd

    result = data.to_pandas(types_mapper=pd.ArrowDtype)
    result.attrs.update(json.loads((data.schema.metadata or {})[b"threadarchive"]))
    return result


def _variant(release: Located, variant: str) -> tuple[dict[str, Any], str]:
    """The descriptor of a release's variant, pinned by the release's own descriptor."""
    pinned = (release.descriptor.get("x-variants") or {}).get(variant)
    if not isinstance(pinned, dict) or not isinstance(pinned.get("path"), str):
        msg = (
            f"{release.where}: expected an {variant!r} variant in the release, found none (it predates them)"
        )
        raise PackageError(msg, parameter="variant")
    digest = str(pinned.get("hash", "")).removeprefix("sha256:")
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise PackageError(
            f"{release.where}: x-variants.{variant}.hash: expected 'sha256:' and 64 hex digits"
        )
    path = release.file(pinned["path"], digest, MAX_DOCUMENT_BYTES)
    with path.open("rb") as stream:  # a regular file: release.file refused anything else
        data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if sha256_bytes(data) != digest and (
        again := release.file_again(pinned["path"], digest, MAX_DOCUMENT_BYTES)
    ):
        with again.open("rb") as stream:  # a cached copy changed since it was kept: fetched anew
            path, data = again, stream.read(MAX_DOCUMENT_BYTES + 1)
    if sha256_bytes(data) != digest:
        raise FixityError(
            f"{path}: expected SHA-256 {digest} as the release descriptor pins, found another", path=path
        )
    folder = pinned["path"].rpartition("/")[0]
    return read_descriptor(data, f"{release.where}: {pinned['path']}"), f"{folder}/" if folder else ""


def _withdrawn_ids(release: Located) -> dict[str, Any]:
    """The release's threads withdrawn since, by ID, as the release indexes record them."""
    name = str(release.descriptor.get("name"))
    if release.folder is not None:
        indexes, _ = indexes_for(release.folder, name)
    else:
        shipped = packaged()
        indexes = [shipped] if shipped is not None and shipped.archive == name else []
    return {w.thread_id: w for index in indexes for w in index.withdrawn_from(release.version)}


def _warn_withdrawn(release: Located, withdrawn: dict[str, Any]) -> None:
    listed = "; ".join(f"{w.thread_id} on {w.date} ({w.reason})" for w in withdrawn.values())
    warnings.warn(
        f"release {release.version} holds threads withdrawn since it was published: {listed}; "
        "pass exclude_withdrawn=True to leave them out",
        WithdrawnWarning,
        stacklevel=_caller_level(),
    )


def _caller_level() -> int:
    """The ``stacklevel`` (for a warning raised by this function's caller) of the first
    frame outside threadarchive: a warning names the line of the caller's code, whether
    it called ``load_table``, ``load_tweets`` or an ``Archive`` method (a fixed level
    named threadarchive's own lines for some of them)."""
    frame = sys._getframe(1)  # the function that warns: stacklevel 1
    level = 1
    while (
        frame.f_back is not None
        and str(frame.f_globals.get("__name__", "")).partition(".")[0] == "threadarchive"
    ):
        frame, level = frame.f_back, level + 1
    return level
