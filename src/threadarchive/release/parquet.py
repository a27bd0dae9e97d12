"""Parquet files of a release: typed from the Table Schema, written in fixed row groups, so
the same source gives the same bytes (a release is byte-reproducible). Where a data page
ends also depends on how a row group's rows came in chunks (the validation's batches, a
fixed block of the CSV): ``ParquetTable(whole_groups=True)`` makes that not matter, at
the cost of a copy (0.3 s for the tweets of a million, so not for the tables' own files).

A table of more rows than the archive's ``partition_rows`` is then rewritten as a
Hive-partitioned dataset, ``data/<table>/year=YYYY/month=MM/part-0.parquet``, each row
in the month its thread was published (``partition``): a reader who wants one month
reads and downloads that month's files only. The CSV of a table stays one file: it is
the plain, tool-free copy (``sha256sum -c``, a spreadsheet, ``csvkit``), and the reader
who wants parts of a release is served by the Parquet."""

from __future__ import annotations

import itertools
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from threadarchive.errors import PackageError
from threadarchive.files.fsutil import storage
from threadarchive.files.hashing import sha256_file

CSV_BLOCK_SIZE = 1 << 22


ROW_GROUP_ROWS = 1 << 17  # fixed, so the Parquet bytes never depend on read batching


class ParquetTable:
    """A Parquet file written batch by batch with a Table Schema's natural types.

    Row groups are cut at fixed row counts, so memory stays bounded. Where a data page
    ends depends on the chunks of a row group as well: with ``whole_groups`` each row
    group is made one chunk before it is encoded, so the bytes never depend on how the
    input was batched (at a cost: a copy of the rows). Encoding runs in a thread of its
    own, beside whoever produces the batches.
    """

    def __init__(self, path: Path, schema: dict[str, Any], *, whole_groups: bool = False) -> None:
        self.path = path
        self.schema = parquet_schema(schema)
        self.whole_groups = whole_groups
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
                if self.whole_groups:
                    table = table.combine_chunks()
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
    """Copy a file and return the SHA-256 of the copy.

    The kernel copies (``shutil.copyfile``: copy_file_range or sendfile, no bytes
    through Python), then the copy is hashed from the page cache: what is hashed is
    what the release holds, at less CPU than reading and writing every chunk in Python.
    """
    with storage(target, "copy the file"):  # names the file that failed, source or copy
        shutil.copyfile(source, target)
    return sha256_file(target)


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


# A partitioned table's row groups: 65,536 rows, a few MB of compressed text. A reader
# over HTTP (DuckDB's httpfs, polars, fsspec) fetches a column chunk of a row group per
# range request: a few hundred KB to a few MB each amortises a request's latency, and
# row-group statistics (created_at, thread_id) let a filter skip the rest of a month.
PARTITION_ROW_GROUP_ROWS = 1 << 16
# What the partitioner holds of rows not yet spilled, over every month: past it, the
# largest month's rows are written to a file of their own in ``SPILL``.
PARTITION_BUFFER_BYTES = 128 << 20
SPILL = ".partitioning"  # in the release's staging folder, removed once the files are written


@dataclass(frozen=True)
class Part:
    """One file of a partitioned table: its path in the release, rows, size and SHA-256."""

    path: str
    year: int
    month: int
    rows: int
    bytes: int
    sha256: str


def partition_keys(threads: Path) -> tuple[Any, Any]:
    """The thread IDs of a release's threads Parquet file, and the year * 100 + month each
    thread was published (int32): what every table's rows are partitioned by."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    data = pq.read_table(threads, columns=["thread_id", "published_date"])
    dates = data["published_date"]
    months = pc.add(pc.multiply(pc.year(dates), 100), pc.month(dates)).cast(pa.int32())
    return data["thread_id"].combine_chunks(), months.combine_chunks()


def partition(single: Path, out: Path, table: str, keys: tuple[Any, Any]) -> list[Part]:
    """Rewrite the Parquet file ``single`` of ``table`` as Hive-partitioned files under
    ``out`` (layout.partition_path), each row in the month of its thread (``keys``), rows
    in the order ``single`` holds them; ``single`` is removed. Returns the files by path.

    Two passes, in bounded memory: the file's row groups are split by month, each month's
    rows held until PARTITION_BUFFER_BYTES are held in all, the largest month's then
    spilled to an Arrow file of its own (``_spill``); then each month's rows, read back
    in order, are written in whole row groups of PARTITION_ROW_GROUP_ROWS (``_write``).
    The rows of a month lie all over a file ordered by thread, so written in one pass
    as the budget let them, a month's row groups held a few thousand rows (2,175 row
    groups in 192 files at 10M tweets, each a request per column to a remote reader).
    The spill costs disk as large as the table's Arrow rows, inside the release's
    staging folder (removed with it, whatever happens). The same file gives the same
    bytes: a file's rows and fixed cuts make its row groups, each one chunk when written."""
    from threadarchive.contract.layout import partition_path

    spill = out / SPILL / table
    try:
        schema, months = _spill(single, spill, keys)
        parts = []
        for key, pieces in sorted(months.items()):
            name = partition_path(table, key // 100, key % 100)
            path = out / name
            rows = _write(path, schema, pieces)
            parts.append(Part(name, key // 100, key % 100, rows, path.stat().st_size, sha256_file(path)))
    finally:
        shutil.rmtree(out / SPILL, ignore_errors=True)
    single.unlink()
    return sorted(parts, key=lambda p: p.path)


def _spill(single: Path, spill: Path, keys: tuple[Any, Any]) -> tuple[Any, dict[int, list[Any]]]:
    """The schema of the Parquet file ``single``, and its rows by month (year * 100 +
    month), in the file's order: for each month, the Arrow files spilled to ``spill``
    (paths), then the tables held."""
    import numpy
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    ids, months = keys
    pieces: dict[int, list[Any]] = {}  # per month: spilled files (Path) and held tables, in order
    held: dict[int, list[Any]] = {}
    spilled = itertools.count()
    with pq.ParquetFile(single) as parquet:
        schema = parquet.schema_arrow
        for number in range(parquet.metadata.num_row_groups):
            group = parquet.read_row_group(number)
            at = pc.index_in(group["thread_id"], value_set=ids)
            if at.null_count:
                msg = f"{single}: expected every row's thread_id among the threads, found one that is not"
                raise PackageError(msg, path=single)
            key_of = pc.take(months, at)
            order = pc.sort_indices(key_of)  # stable: each month's rows keep the file's order
            ordered = key_of.take(order).to_numpy()
            starts = [0, *(numpy.flatnonzero(numpy.diff(ordered)) + 1).tolist(), len(ordered)]
            for start, end in itertools.pairwise(starts):
                # a take, not a slice: the rows held own their memory, not the group's
                key = int(ordered[start])
                held.setdefault(key, []).append(group.take(order.slice(start, end - start)))
                pieces.setdefault(key, [])
            while sum(t.nbytes for tables in held.values() for t in tables) > PARTITION_BUFFER_BYTES:
                largest = max(held, key=lambda k: (sum(t.nbytes for t in held[k]), -k))
                path = spill / f"{largest}-{next(spilled)}.arrow"
                path.parent.mkdir(parents=True, exist_ok=True)
                rows = pa.concat_tables(held.pop(largest))
                with storage(path, "write the file"), pa.ipc.new_file(str(path), rows.schema) as writer:
                    writer.write_table(rows)
                pieces[largest].append(path)
    for key, tables in held.items():
        pieces[key].extend(tables)
    return schema, pieces


def _write(path: Path, schema: Any, pieces: list[Any]) -> int:
    """Write one month's rows (``pieces``: spilled files and tables, in order) to ``path``
    in whole row groups of PARTITION_ROW_GROUP_ROWS; its rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def tables() -> Any:
        for piece in pieces:
            if isinstance(piece, Path):
                with pa.OSFile(str(piece)) as source:
                    yield pa.ipc.open_file(source).read_all()
                piece.unlink()
            else:
                yield piece

    path.parent.mkdir(parents=True, exist_ok=True)
    group, rows = PARTITION_ROW_GROUP_ROWS, 0
    with (
        storage(path, "write the file"),
        pq.ParquetWriter(path, schema, compression="zstd", write_statistics=True) as writer,
    ):
        pending: list[Any] = []
        for table in tables():
            pending.append(table)
            rows += table.num_rows
            while sum(t.num_rows for t in pending) >= group:
                waiting = pa.concat_tables(pending)
                writer.write_table(waiting.slice(0, group).combine_chunks(), row_group_size=group)
                pending = [waiting.slice(group)]
        if sum(t.num_rows for t in pending):
            writer.write_table(pa.concat_tables(pending).combine_chunks(), row_group_size=group)
    return rows
