"""Part of a release's table, read lazily: only the files a query needs, each verified.

A table of a release is one Parquet file, or (past the archive's ``partition_rows``) a
Hive-partitioned set of files, ``data/<table>/year=YYYY/month=MM/part-0.parquet``, each
listed with its hash in the descriptor (``x-files``). A query's ``filters`` are first
matched against each file's partition (its year and month) *without reading any file*:
pyarrow's ``FileSystemDataset.get_fragments(filter=...)`` prunes by partition
expressions alone. Only the files left are then fetched (a remote release: downloaded
once into the cache, kept under their hash), hashed and checked against the descriptor,
their footers checked against the unpack bound (``unpack``; a file that states no
sizes is measured), their columns checked to be the table's by name and type (a Dataset
fills a column a file lacks with nulls and casts one of another type), and only then
read, with the ``columns`` asked for and the filter applied to the rows. ``columns`` and
``filters`` are checked against the table's schema on no rows before any file is touched,
so a bad one is one line naming the parameter, never pyarrow's error at read time.

The year and month are columns of the partitioned dataset (int32), so that
``filters=[("year", "=", 2024), ("month", "=", 5)]`` reads one month; a release of one
file per table has no such columns (filter on its own columns there: ``created_at``,
``published_date``).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive.access.unpack import Footer, check_footer
from threadarchive.contract.layout import DESCRIPTOR, PARTITION_FIELDS
from threadarchive.contract.package import resource_files
from threadarchive.errors import FixityError, PackageError
from threadarchive.files.hashing import sha256_file

if TYPE_CHECKING:
    import pyarrow.dataset as ds

    from threadarchive.access.locate import Located

# A filter: a pyarrow expression, or the DNF list form pyarrow.parquet takes
# ([("year", "=", 2024), ...] or a list of such lists, or-ed).
Filters = Any

_PARTITION = re.compile(r"(?:^|/)year=([0-9]{4})/month=(0[1-9]|1[0-2])/[^/]+$")


@dataclass(frozen=True)
class Selected:
    """The files of a resource a query needs, verified, as local paths."""

    dataset: ds.Dataset
    files: dict[str, str]  # each file read, by its path in the release: its SHA-256
    partitioned: bool
    footers: list[Footer]  # each file's, as checked

    def unpacked(self, columns: list[str] | None) -> int:
        """What ``columns`` (None: all) of every file unpack to in Arrow, as their footers state."""
        return sum(footer.unpacked(columns) for footer in self.footers)


def expression(filters: Filters) -> Any:
    """``filters`` as a pyarrow expression (None for none); PackageError for another thing."""
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    if filters is None or isinstance(filters, ds.Expression):
        return filters
    try:
        if not isinstance(filters, list | tuple):  # pyarrow indexes a dict or a string as if a list
            raise TypeError(f"a {type(filters).__name__} is not a list")
        return pq.filters_to_expression(filters)
    except (TypeError, ValueError, LookupError, ArithmeticError) as exc:  # an int past 64 bits: OverflowError
        msg = f"expected filters as a pyarrow expression or a list of (column, op, value), found {filters!r:.80} ({exc})"
        raise PackageError(msg, parameter="filters") from None


def select(
    release: Located,
    resource: dict[str, Any],
    prefix: str,
    columns: list[str] | None,
    filters: Any,
    given: Filters = None,
) -> Selected:
    """The dataset of ``resource`` of ``release`` holding the files ``filters`` (an
    expression or None) may need: those files fetched, hashed against the descriptor and
    footer-checked before the dataset is made. ``columns`` are checked against its schema;
    ``given``, the filters as the caller gave them, names a comparison that cannot be made."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.fs as pafs

    where = f"{release.where}: {prefix}{resource.get('name')}"
    files = resource_files(resource, where)
    partitioned = not isinstance(resource.get("path"), str)
    fields = pa.schema([(name, pa.int32()) for name in PARTITION_FIELDS]) if partitioned else pa.schema([])
    declared = table_schema(resource, where)
    schema = declared
    for field in fields:
        schema = schema.append(field)
    partitions = [_partition(name, where) if partitioned else ds.scalar(True) for name, *_ in files]
    _check_columns(columns, schema, where)
    # Which files the filter may need, decided from their partitions alone: nothing is read.
    placeholder = ds.FileSystemDataset.from_paths(
        [f"/{n}" for n, *_ in files],
        schema=schema,
        format=ds.ParquetFileFormat(),
        filesystem=pafs.LocalFileSystem(),
        partitions=partitions,
    )
    _check_filters(filters, schema, where, given)
    try:
        wanted = {f.path[1:] for f in placeholder.get_fragments(filter=filters)}
    except (pa.ArrowException, TypeError) as exc:
        raise PackageError(
            f"{where}: expected filters on its columns, found {first_line(exc)}", parameter="filters"
        ) from None
    needed = [
        (n, digest, size, rows, p)
        for (n, digest, size, rows), p in zip(files, partitions, strict=True)
        if n in wanted
    ]
    local = _verified(release, prefix, needed, declared)
    dataset = ds.FileSystemDataset.from_paths(
        [str(path) for path, _ in local],
        schema=schema,
        format=ds.ParquetFileFormat(),
        filesystem=pafs.LocalFileSystem(),
        partitions=[p for *_, p in needed],
    )
    files_read = {prefix + n: digest for n, digest, *_ in needed}
    return Selected(dataset, files_read, partitioned, [footer for _, footer in local])


def query(data: Any, columns: list[str] | None, filters: Filters, where: str) -> Any:
    """The ``columns`` of the table ``data`` and the rows ``filters`` keep (the working
    tables, read whole): both checked first, PackageError naming ``where``."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    wanted = expression(filters)
    _check_columns(columns, data.schema, where)
    _check_filters(wanted, data.schema, where, filters)
    try:
        return ds.dataset(data).to_table(columns=None if columns is None else list(columns), filter=wanted)
    except (pa.ArrowException, TypeError) as exc:
        msg = f"{where}: expected filters on its columns, found {first_line(exc)}"
        raise PackageError(msg, parameter="filters") from None


def _check_columns(columns: object, schema: Any, where: str) -> None:
    """Refuse ``columns`` that are no list (or tuple) of the schema's column names."""
    if columns is None:
        return
    if not isinstance(columns, list | tuple) or not all(isinstance(c, str) for c in columns):
        msg = f"{where}: expected columns as a list of column names, found {columns!r:.80}"
        raise PackageError(msg, parameter="columns")
    unknown = sorted(set(columns) - set(schema.names))
    if unknown:
        msg = f"{where}: expected columns among {schema.names}, found {unknown}"
        raise PackageError(msg, parameter="columns")
    if twice := sorted({c for c in columns if columns.count(c) > 1}):  # else a FixityError: "forged"
        msg = f"{where}: expected each column once, found {', '.join(map(repr, twice))} more than once"
        raise PackageError(msg, parameter="columns")


def _check_filters(filters: Any, schema: Any, where: str, given: Filters = None) -> None:
    """Refuse an expression that is no boolean of the schema's columns, tried on no rows;
    a (column, op, value) of ``given`` whose value the column cannot be compared with is
    named with both types (pyarrow says only "no kernel matching input types")."""
    import pyarrow as pa

    if filters is None:
        return
    try:
        schema.empty_table().filter(filters)
    except (pa.ArrowException, TypeError) as exc:
        _check_comparisons(given, schema, where)
        msg = f"{where}: expected filters on its columns, found {first_line(exc)}"
        raise PackageError(msg, parameter="filters") from None


def _check_comparisons(given: Filters, schema: Any, where: str) -> None:
    """PackageError for the first (column, op, value) of the list form ``given`` that fails
    on its own: the column, its type, the value and the value's type. (A date column
    compared with the string "2025-01-01": pyarrow casts no string to a date in a filter.)"""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not isinstance(given, list | tuple):
        return
    terms = [t for group in given if isinstance(group, list) for t in group] or list(given)
    for term in terms:
        if not (isinstance(term, tuple | list) and len(term) == 3 and term[0] in schema.names):
            continue
        name, op, value = term
        try:
            schema.empty_table().filter(pq.filters_to_expression([tuple(term)]))
        except (pa.ArrowException, TypeError, ValueError):
            column = schema.field(name).type
            hint = "; give a datetime.date" if pa.types.is_date(column) else ""
            msg = (
                f"{where}: expected filters comparing each column with a value of its type, found "
                f"{name} ({column}) {op} {value!r:.40} (a {type(value).__name__}){hint}"
            )
            raise PackageError(msg, parameter="filters") from None


def table_schema(resource: dict[str, Any], where: str) -> Any:
    """The Arrow schema of the resource's inline Table Schema; PackageError for none, or
    one of fields pyarrow cannot type (validate never reads a partitioned resource's)."""
    import pyarrow as pa

    from threadarchive.release.parquet import parquet_schema

    schema = resource.get("schema")
    try:
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            raise TypeError("no list of fields")
        return parquet_schema(schema)
    except (TypeError, KeyError, AttributeError, ValueError, pa.ArrowException):
        msg = f"{where}: expected an inline Table Schema of named fields of known types, found {schema!r:.80}"
        raise PackageError(msg) from None


def same_columns(path: Path, expected: Any, name: str, *, nullability: bool = False) -> None:
    """Refuse a file whose columns are not the table's, by name and type (and, with
    ``nullability``, whether each may be null): a Dataset would fill a missing column with
    nulls and cast a column of another type. A column another writer left nullable is
    read as it is by a load (its values are the file's own); the site and SQLite readers,
    which take a required column's values for granted, ask for ``nullability``."""
    import pyarrow.parquet as pq

    found = pq.read_schema(path)

    def shape(schema: Any) -> list[tuple[Any, ...]]:
        return [(f.name, f.type, f.nullable) if nullability else (f.name, f.type) for f in schema]

    if shape(found) != shape(expected):
        shown = ", ".join(
            f"{f.name} {f.type}{' not null' if nullability and not f.nullable else ''}" for f in found
        )
        msg = f"{path}: expected the columns of {name} as {DESCRIPTOR} declares them, found {shown:.200}"
        raise FixityError(msg, path=path)


def first_line(exc: BaseException) -> str:
    """An error's message up to its first line break (pyarrow's go on with a whole schema)."""
    return str(exc).strip().split("\n", 1)[0]


def _partition(name: str, where: str) -> Any:
    """The partition expression of a partitioned table's file, from its Hive path."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    match = _PARTITION.search(name)
    if match is None:
        msg = f"{where}: expected the path of a partitioned file to end in year=YYYY/month=MM/<file> (MM from 01 to 12), found {name!r}"
        raise PackageError(msg)
    year, month = (pa.scalar(int(v), pa.int32()) for v in match.groups())
    return (ds.field("year") == year) & (ds.field("month") == month)


def _verified(
    release: Located, prefix: str, needed: list[tuple[str, str, object, object, Any]], schema: Any
) -> list[tuple[Path, Footer]]:
    """Each needed file as a local path (fetched into the cache if remote), hashed and
    checked against the descriptor, its footer within the unpack bound and its rows the
    ones declared, with that footer: FixityError or PackageError before any row is read."""

    fetched = [
        release.file(prefix + name, digest, size) for name, digest, size, *_ in needed
    ]  # in turn: one scratch folder at a time

    def one(path: Path, item: tuple[str, str, object, object, Any]) -> tuple[Path, Footer]:
        name, digest, size, rows, _ = item
        if not path.is_file():
            raise PackageError(
                f"{path}: no such file; the release is incomplete: {release.remedy}", path=path
            )
        actual = sha256_file(path)
        if actual != digest and (again := release.file_again(prefix + name, digest, size)) is not None:
            path, actual = again, sha256_file(again)  # a cached copy changed: never served again
        if actual != digest:
            msg = (
                f"{path}: expected SHA-256 {digest} as {DESCRIPTOR} declares for {prefix}{name}, found "
                f"{actual}; the file is corrupted or was changed: {release.remedy}"
            )
            raise FixityError(msg, path=path)
        footer = check_footer(path)
        same_columns(path, schema, f"{prefix}{name}")
        if isinstance(rows, int) and footer.rows != rows:
            msg = f"{path}: expected {rows} rows as {DESCRIPTOR} declares for {prefix}{name}, found {footer.rows}"
            raise FixityError(msg, path=path)
        return path, footer

    if len(fetched) < 2:  # a month, say: no thread to start
        return [one(path, item) for path, item in zip(fetched, needed, strict=True)]
    with ThreadPoolExecutor(max_workers=2) as pool:  # hashlib lets go of the GIL: files hash side by side
        return list(pool.map(one, fetched, needed))
