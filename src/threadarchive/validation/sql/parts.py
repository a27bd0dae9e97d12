"""A release's Hive-partitioned table, read by the SQL engines as one table.

A release writes a table of more rows than its archive's ``partition_rows`` as
Hive-partitioned Parquet: the resource's ``path`` is the list of its files (the Data
Package spec's multipart resource), each listed in ``x-files`` with its hash, size and
rows (release/resources.py). The SQL engines read those files as one table, in the
order the descriptor lists them (``Parts``):

- each file is checked against what ``x-files`` declares of it, as a one-file table is
  (declared.py: ``byte-count``, ``hash-count``; its rows against its ``x-rows``:
  ``resource-error``), hashed beside the reading;
- its rows are read by one ``read_parquet`` over the listed files (DuckDB; Spark reads
  each and unites them), ``hive_partitioning`` off: a file holds the table's fields,
  its year and month are only in its path, and the checks see the table's fields alone;
- every row is numbered in the order of the files, then of the rows in each (each
  file's first row numbered after the last of the file before it, by the rows its row
  groups hold, which a reader reads; a footer whose own count differs is a
  ``resource-error``), so the checks across rows (keys, threads) see one table;
- a finding's row is then given back in its own file (``relocate``): ``data/tweets/
  year=2024/month=05/part-0.parquet, row 3`` is the third row of that file (the header
  counted as row 1, as every table's rows are numbered), which a reader opens alone.

A file's rows are those of the table's CSV, in the CSV's order, only for the rows of
one month: ``partition`` places each row in its thread's month, so the CSV's order of
all rows is the files' only where the CSV is sorted by month. A row of the files is
therefore reported in its file, never in the CSV, whose rows were not read.
"""

from __future__ import annotations

import bisect
import posixpath
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from threadarchive.contract.findings import RESOURCE_ERROR, SCHEME_ERROR, Finding
from threadarchive.contract.package import Package, Resource, read_json, resource_files
from threadarchive.errors import PackageError, UnsafePathError
from threadarchive.files.gate import inside
from threadarchive.validation import declared


def resources(package: Package) -> list[Resource]:
    """The package's partitioned tables as resources the SQL engines read: each one's
    ``path`` is the folder its files are in (where findings without a row are), its
    descriptor the one the descriptor lists. A table whose schema cannot be read is
    left out (its CSV, read instead, says what is wrong)."""
    found = []
    for item in package.partitioned:
        name, schema = item.get("name"), item.get("schema", {})
        if not isinstance(name, str):
            continue
        if isinstance(schema, str):
            try:
                schema = read_json(inside(package.base, schema, source=package.descriptor_path.name))
            except (PackageError, UnsafePathError):
                continue
        if not isinstance(schema, dict):
            continue
        files = [name for name, *_ in resource_files(item)]  # load_package has checked the list
        folder = posixpath.commonpath([posixpath.dirname(f) for f in files]) or "."
        found.append(Resource(name, folder, schema, item))
    return found


def is_partitioned(resource: Resource) -> bool:
    """Whether the resource is a partitioned table's (its descriptor's ``path`` a list)."""
    return isinstance(resource.descriptor.get("path"), list)


@dataclass(frozen=True)
class Parts:
    """A partitioned table's files, in the descriptor's order, and the number of the
    first row of each (from 0) among all of the table's rows."""

    folder: str  # the resource's path: where its findings are until relocated
    files: tuple[str, ...]
    offsets: tuple[int, ...]
    rows: int
    # the columns every file declares REQUIRED: a Parquet column so written has a value in
    # every row by its encoding (no definition levels), which no footer can state falsely
    never_null: frozenset[str] = frozenset()

    def relocate(self, finding: Finding) -> Finding:
        """The finding at its row of its own file, if it names a row of this table."""
        if finding.path != self.folder or finding.row is None or not self.files:
            return finding
        at = max(bisect.bisect_right(self.offsets, finding.row - 2) - 1, 0)
        return replace(finding, path=self.files[at], row=finding.row - self.offsets[at])


def file_resource(resource: Resource, name: str, digest: str, size: object) -> Resource:
    """One file of a partitioned table as a resource of its own: what declared.py checks."""
    descriptor: dict[str, Any] = {"path": name, "hash": f"sha256:{digest}"}
    if size is not None:
        descriptor["x-bytes"] = size
    return Resource(resource.name, name, resource.schema, descriptor)


def footers(package: Package, resource: Resource) -> tuple[Parts | None, list[Finding]]:
    """The table's files and their rows as each file's row groups hold them, and what is
    wrong with the files: one missing, not Parquet, or holding other rows than its
    ``x-rows`` declares. None when a file cannot be read (the table is unreadable)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    findings: list[Finding] = []
    names, offsets, total, readable = [], [], 0, True
    never_null: set[str] | None = None
    for name, _, _, declared_rows in resource_files(resource.descriptor):
        path = package.base / name
        if not path.is_file():
            findings.append(SCHEME_ERROR(f"expected the data file {name}, found no such file", path=name))
            readable = False
            continue
        try:
            with pq.ParquetFile(path) as parquet:
                stated = parquet.metadata.num_rows
                groups = [parquet.metadata.row_group(i) for i in range(parquet.metadata.num_row_groups)]
                rows = sum(group.num_rows for group in groups)  # what a reader reads
                # from the Parquet schema itself (definition levels), not from the Arrow
                # schema a writer may store beside it, which is a claim
                columns = [parquet.schema.column(i) for i in range(len(parquet.schema))]
                required = {c.path for c in columns if c.max_definition_level == 0}
        except (OSError, pa.ArrowException) as exc:
            findings.append(
                RESOURCE_ERROR(f"expected a Parquet file, found one that cannot be read: {exc}", path=name)
            )
            readable = False
            continue
        if stated != rows:
            message = f"expected the {stated} rows its footer states, found {rows} in its row groups"
            findings.append(RESOURCE_ERROR(message, path=name))
        if isinstance(declared_rows, int) and declared_rows != rows:
            message = (
                f"expected the {declared_rows} rows its descriptor declares (x-files, x-rows), found {rows}"
            )
            findings.append(RESOURCE_ERROR(message, path=name))
        names.append(name)
        offsets.append(total)
        total += rows
        never_null = required if never_null is None else never_null & required
    declared_total = resource.descriptor.get("x-rows")
    if readable and isinstance(declared_total, int) and declared_total != total:
        message = (
            f"expected the {declared_total} rows its descriptor declares (x-rows), found {total} in its files"
        )
        findings.append(RESOURCE_ERROR(message, path=resource.path))
    parts = (
        Parts(resource.path, tuple(names), tuple(offsets), total, frozenset(never_null or ()))
        if readable
        else None
    )
    return parts, findings


def file_checks(package: Package, resource: Resource) -> list[Finding]:
    """Each file of the table against the size and hash ``x-files`` declares of it."""
    findings = []
    for name, digest, size, _ in resource_files(resource.descriptor):
        path = package.base / name
        if path.is_file():
            one = file_resource(resource, name, digest, size)
            findings.extend(declared.check(one, path, declared.digest(path, one)))
    return findings


def paths(package: Package, parts: Parts) -> list[Path]:
    """The files of the table, as the backend reads them."""
    return [package.base / name for name in parts.files]
