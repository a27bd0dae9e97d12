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
# What the partitioner may hold of rows not yet written, over every open partition: past
# it, the largest buffer is written as a (shorter) row group. A constant, so the bytes
# are a function of the input alone.
PARTITION_BUFFER_BYTES = 128 << 20


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

    Deterministic: batches are the file's own row groups, cut at fixed row counts, and a
    buffer is written early only at a fixed byte budget, so the same file gives the
    same bytes."""
    import numpy
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from threadarchive.contract.layout import partition_path

    ids, months = keys
    buffers: dict[int, list[Any]] = {}
    writers: dict[int, Any] = {}
    counts: dict[int, int] = {}

    def flush(key: int, everything: bool) -> None:
        pending = pa.concat_tables(buffers.pop(key))
        cut = (
            pending.num_rows if everything else pending.num_rows - pending.num_rows % PARTITION_ROW_GROUP_ROWS
        )
        if key not in writers:
            path = out / partition_path(table, key // 100, key % 100)
            path.parent.mkdir(parents=True, exist_ok=True)
            with storage(path, "write the file"):
                writers[key] = pq.ParquetWriter(path, schema, compression="zstd", write_statistics=True)
        if cut:
            writers[key].write_table(pending.slice(0, cut), row_group_size=PARTITION_ROW_GROUP_ROWS)
        if cut < pending.num_rows:
            buffers[key] = [pending.slice(cut)]

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
                # a take, not a slice: the rows buffered own their memory, not the group's
                key, rows = int(ordered[start]), group.take(order.slice(start, end - start))
                buffers.setdefault(key, []).append(rows)
                counts[key] = counts.get(key, 0) + rows.num_rows
                if sum(t.num_rows for t in buffers[key]) >= PARTITION_ROW_GROUP_ROWS:
                    flush(key, everything=False)
            while sum(t.nbytes for b in buffers.values() for t in b) > PARTITION_BUFFER_BYTES:
                largest = max(buffers, key=lambda k: (sum(t.nbytes for t in buffers[k]), -k))
                flush(largest, everything=True)
    for key in sorted(counts):
        if key in buffers:
            flush(key, everything=True)
        writers[key].close()
    single.unlink()
    parts = []
    for key in sorted(counts):
        name = partition_path(table, key // 100, key % 100)
        path = out / name
        parts.append(Part(name, key // 100, key % 100, counts[key], path.stat().st_size, sha256_file(path)))
    return sorted(parts, key=lambda p: p.path)
