"""A release folder opened for streaming, once its fixity is checked.

The site and the SQLite database are built from a release's Parquet files read
batch by batch (``pyarrow.parquet.ParquetFile.iter_batches``), never whole: memory
grows with a batch, not with the release. Before anything is read, the folder is
verified as ``threadarchive verify`` does (SHA256SUMS, the descriptor's sizes and
hashes, the release index): a release edited after publication is refused, not
rendered. Thread IDs become file names and URLs of the site, so each one read is
checked against the contract's pattern (the one gate for paths).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive import contract
from threadarchive.contract.layout import DESCRIPTOR
from threadarchive.contract.package import resource_files
from threadarchive.errors import FixityError, PackageError
from threadarchive.files.gate import inside

if TYPE_CHECKING:
    import pyarrow as pa

BATCH_ROWS = 8_192  # rows of one batch: a few MB of text at most, whatever the release's size
CITATION = "CITATION.cff"


@dataclass(frozen=True)
class VerifiedRelease:
    """A release folder whose files passed ``verify``; its descriptor read."""

    folder: Path
    descriptor: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.descriptor["version"])

    @property
    def created(self) -> str:
        return str(self.descriptor.get("created", ""))[:10]

    @property
    def title(self) -> str:
        return str(self.descriptor.get("title") or self.descriptor.get("name", "threadarchive"))

    def tables(self) -> list[str]:
        """The tables the release holds as Parquet, in the contract's order."""
        names = {r.get("name") for r in self.descriptor["resources"]}
        return [t for t in contract.table_names() if contract.table(t).resource_name("parquet") in names]

    def resource(self, table: str, fmt: str = "parquet") -> dict[str, Any]:
        wanted = contract.table(table).resource_name(fmt)
        for resource in self.descriptor["resources"]:
            if resource.get("name") == wanted:
                return dict(resource)
        raise PackageError(f"{self.folder / DESCRIPTOR}: expected a resource {wanted}, found none")

    def schema(self, table: str) -> dict[str, Any]:
        """The table's Table Schema as the release declares it (inline)."""
        schema = self.resource(table).get("schema")
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            raise PackageError(
                f"{self.folder / DESCRIPTOR}: expected an inline schema for {table}, found {type(schema).__name__}"
            )
        return schema

    def rows(self, table: str) -> int:
        rows = self.resource(table).get("x-rows")
        return rows if isinstance(rows, int) else 0

    def parquet(self, table: str) -> Path:
        """The table's Parquet file (the first, of a partitioned table): its schema is the table's."""
        return self.parquet_files(table)[0]

    def parquet_files(self, table: str) -> list[Path]:
        """The table's Parquet files: one, or a partitioned table's, in the descriptor's order;
        FixityError for a file whose columns are not the ones the descriptor declares."""
        from threadarchive.access.partial import same_columns, table_schema

        source = str(self.folder / DESCRIPTOR)
        resource = self.resource(table)
        names = [name for name, *_ in resource_files(resource, source)]
        paths = [inside(self.folder, name, source=source) for name in names]
        expected = table_schema(resource, source)
        for name, path in zip(names, paths, strict=True):  # a footer each: its columns are the table's
            same_columns(path, expected, name, nullability=True)
        return paths

    def batches(
        self, table: str, columns: list[str] | None = None, batch_size: int = BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """The rows of ``table``, batch by batch, in the order the release stores them."""
        import pyarrow.parquet as pq

        for path in self.parquet_files(table):
            with pq.ParquetFile(path) as parquet:
                yield from parquet.iter_batches(batch_size=batch_size, columns=columns)

    def read(self, table: str, columns: list[str] | None = None) -> pa.Table:
        """A table whole: for the threads table, a few hundred bytes a thread (never the tweets)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        tables = [pq.read_table(path, columns=columns) for path in self.parquet_files(table)]
        return tables[0] if len(tables) == 1 else pa.concat_tables(tables)

    def citation(self) -> dict[str, Any]:
        """The release's CITATION.cff, or an empty mapping when it has none."""
        import yaml

        path = self.folder / CITATION
        if not path.is_file():
            return {}
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise PackageError(f"{path}: expected CITATION.cff in YAML, found an error: {exc}") from None
        return data if isinstance(data, dict) else {}


def open_verified(folder: Path) -> VerifiedRelease:
    """The release in ``folder``, after every file passed its manifests and the index.

    Raises FixityError naming the files that fail, PackageError for a folder that is
    not a release.
    """
    from threadarchive.contract.package import read_descriptor
    from threadarchive.release.fixity import verify

    if not (folder / DESCRIPTOR).is_file():
        raise PackageError(f"{folder}: expected a release folder holding {DESCRIPTOR}, found none")
    report = verify(folder)
    if not report.valid:
        names = ", ".join(sorted({str(f.path or f.type) for f in report.errors}))
        raise FixityError(
            f"{folder}: expected a release that passes its manifests, found failures for {names}; "
            "run threadarchive verify on it"
        )
    descriptor = read_descriptor((folder / DESCRIPTOR).read_bytes(), str(folder / DESCRIPTOR))
    return VerifiedRelease(folder, descriptor)


def thread_id(value: object, where: str) -> str:
    """A thread ID safe as a file name and in a URL: the contract's pattern, or PackageError."""
    if not isinstance(value, str) or not contract.fullmatch("threads", "thread_id", value):
        raise PackageError(
            f"{where}: expected a thread_id matching {contract.table('threads').pattern('thread_id')}, "
            f"found {value!r}"
        )
    return value


def declared_rows(folder: Path, tables: tuple[str, ...]) -> int:
    """The rows the release in ``folder`` declares for ``tables`` (0 when it says nothing):
    the length of a progress bar, read before the release is verified."""
    try:
        descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return 0
    wanted = {contract.table(t).resource_name("parquet") for t in tables}
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    return sum(
        r["x-rows"]
        for r in resources or []
        if isinstance(r, dict) and r.get("name") in wanted and isinstance(r.get("x-rows"), int)
    )
