"""Parquet files of a release: typed from the Table Schema, written in fixed row groups so
the bytes never depend on how the CSV was read (a release is byte-reproducible)."""

from __future__ import annotations

import hashlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive.files.fsutil import storage

if TYPE_CHECKING:
    pass


CSV_BLOCK_SIZE = 1 << 22


ROW_GROUP_ROWS = 1 << 17  # fixed, so the Parquet bytes never depend on read batching


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
