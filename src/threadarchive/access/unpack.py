"""The bound on what a release's Parquet file unpacks to, taken from its own metadata.

Parquet is compressed, and a dictionary page lets one long value repeat on every row:
a file of kilobytes can unpack to gigabytes. The bound is taken from the file itself,
never from a descriptor (a third-party descriptor can declare any ``bytes``):

1. The limit: ``PARQUET_RATIO`` times the file's real size, plus ``PARQUET_SLACK``.
2. What the file unpacks to, read from its footer before any data page: fixed-width
   columns take their width times their values; text takes the exact byte count each
   column chunk records (``SizeStatistics.unencoded_byte_array_data_bytes``, written by
   pyarrow since version 20 and by other writers of Parquet 2.10), plus its offsets.
   pyarrow does not expose those statistics, so the footer is read here (Thrift's
   compact protocol, a few kilobytes). A file that unpacks past the limit is refused
   before anything else is read.
3. The rows are then read in batches (load.py ``_bounded``), their bytes summed and
   checked against what the metadata declared: a footer that understates its sizes is
   refused once the rows read pass it (a file whose metadata lies must also pass the
   hash its descriptor declares, which for a release the package indexes it cannot).

A file whose text columns carry no size statistics (written by an older writer) is
measured instead: its text is read as dictionaries (as cheap as reading it plain when
the pages are dictionary-encoded), the lengths summed, and only then unpacked.

Measured on 1,001,000 tweets (bench/run.py --only load): reading the footer takes
about 2 ms; the dictionary measurement it replaces cost 70 % more than pyarrow's
``read_table``.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive.contract.limits import MAX_DOCUMENT_BYTES
from threadarchive.errors import FixityError, PackageError

if TYPE_CHECKING:
    import pyarrow as pa

# A Parquet table may unpack to this many times its own size, and this more.
PARQUET_RATIO, PARQUET_SLACK = 20, 64 << 20
MAX_THRIFT_DEPTH = 32

_BYTE_ARRAY = 6  # Parquet's physical type of text and binary


def unpack_limit(path: Path) -> int:
    """The most the Parquet file at ``path`` may unpack to, from its real size."""
    return os.stat(path).st_size * PARQUET_RATIO + PARQUET_SLACK


def _nested(kind: pa.DataType) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_nested(kind))


@dataclass(frozen=True)
class _Chunk:
    values: int
    text_bytes: int | None  # the unencoded bytes of a text column; None for other types


def declared_sizes(path: Path) -> list[list[_Chunk | None]] | None:
    """Per row group, per column: its values and, for text, the bytes they unpack to
    (None where the writer did not record them). None for a file without a plain footer
    (an encrypted one); PackageError for one that is not Parquet."""
    with path.open("rb") as stream:
        end = stream.seek(0, os.SEEK_END)
        if end < 12:
            raise PackageError(f"{path}: expected a Parquet file, found {end} bytes")
        stream.seek(end - 8)
        tail = stream.read(8)
        length, magic = struct.unpack("<I4s", tail)
        if magic == b"PARE":
            return None
        if magic != b"PAR1" or length > min(end - 12, MAX_DOCUMENT_BYTES):
            raise PackageError(f"{path}: expected a Parquet file, found no Parquet footer")
        stream.seek(end - 8 - length)
        footer = stream.read(length)
    try:
        metadata = _Compact(footer).struct(0)
        groups = []
        for group in _list(metadata.get(4)):
            chunks: list[_Chunk | None] = []
            for column in _list(_struct(group).get(1)):
                meta = _struct(_struct(column).get(3))
                values = meta.get(5)
                if not isinstance(values, int) or values < 0:
                    chunks.append(None)
                    continue
                unencoded = _struct(meta.get(16)).get(1) if meta.get(1) == _BYTE_ARRAY else 0
                if meta.get(1) == _BYTE_ARRAY and not (isinstance(unencoded, int) and unencoded >= 0):
                    chunks.append(None)
                else:
                    chunks.append(_Chunk(values, unencoded if meta.get(1) == _BYTE_ARRAY else None))
            groups.append(chunks)
    except (IndexError, ValueError, struct.error, RecursionError) as exc:
        raise PackageError(f"{path}: expected a Parquet footer, found a damaged one ({exc})") from None
    return groups


def _column_bytes(field: pa.Field, chunk: _Chunk) -> int:
    """What a column chunk unpacks to in Arrow: fixed widths times values, text's bytes
    and offsets, and a validity bit per value."""
    import pyarrow as pa

    kind = field.type
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    width = 8 if pa.types.is_large_string(kind) or pa.types.is_large_binary(kind) else 4
    total = 0
    if chunk.text_bytes is not None:
        total += chunk.text_bytes + width * (chunk.values + 1)
    if pa.types.is_boolean(kind):
        total += (chunk.values + 7) // 8
    elif _fixed(kind):
        total += chunk.values * (kind.bit_width // 8)
    elif chunk.text_bytes is None:
        total += chunk.values * 16
    return total + (chunk.values + 7) // 8 + 1024  # validity, and chunks' own offsets and rounding


def _fixed(kind: pa.DataType) -> bool:
    try:
        return kind.bit_width > 0
    except ValueError:
        return False


def _read_measured(path: Path, limit: int) -> pa.Table:
    """Read a Parquet file whose metadata does not state its text's size: text as
    dictionaries first, measured, and only then unpacked."""
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


# Thrift's compact protocol: just enough to read a Parquet footer ------------------------


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _struct(value: object) -> dict[int, Any]:
    return value if isinstance(value, dict) else {}


class _Compact:
    """A reader of Thrift compact-protocol structs: each a mapping of field id to value
    (lists as lists, structs as mappings, binary as bytes); every length is checked
    against what is left, and nesting is bounded."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def byte(self) -> int:
        value = self.data[self.at]
        self.at += 1
        return value

    def varint(self) -> int:
        result = shift = 0
        while True:
            value = self.byte()
            result |= (value & 0x7F) << shift
            if not value & 0x80:
                return result
            shift += 7
            if shift > 63:
                raise ValueError("a varint longer than 10 bytes")

    def zigzag(self) -> int:
        value = self.varint()
        return (value >> 1) ^ -(value & 1)

    def take(self, count: int) -> bytes:
        if count < 0 or self.at + count > len(self.data):
            raise ValueError(f"a length of {count} bytes past the footer's end")
        value = self.data[self.at : self.at + count]
        self.at += count
        return value

    def struct(self, depth: int) -> dict[int, Any]:
        if depth > MAX_THRIFT_DEPTH:
            raise ValueError(f"structs nested deeper than {MAX_THRIFT_DEPTH}")
        fields: dict[int, Any] = {}
        last = 0
        while head := self.byte():
            kind, delta = head & 0x0F, head >> 4
            last = last + delta if delta else self.zigzag()
            fields[last] = kind == 1 if kind in (1, 2) else self.value(kind, depth + 1)
        return fields

    def value(self, kind: int, depth: int) -> Any:
        if kind in (1, 2, 3):  # a boolean in a collection, or a byte
            return self.byte()
        if kind in (4, 5, 6):
            return self.zigzag()
        if kind == 7:
            return self.take(8)
        if kind == 8:
            return self.take(self.varint())
        if kind in (9, 10):
            head = self.byte()
            count = head >> 4 if head >> 4 != 15 else self.varint()
            if count > len(self.data) - self.at:  # every element takes a byte at least
                raise ValueError(f"a list of {count} elements past the footer's end")
            return [self.value(head & 0x0F, depth + 1) for _ in range(count)]
        if kind == 11:
            count = self.varint()
            if not count:
                return {}
            if count > len(self.data) - self.at:
                raise ValueError(f"a map of {count} entries past the footer's end")
            types = self.byte()
            return {
                _key(self.value(types >> 4, depth + 1)): self.value(types & 0x0F, depth + 1)
                for _ in range(count)
            }
        if kind == 12:
            return self.struct(depth)
        raise ValueError(f"an unknown Thrift type {kind}")


def _key(value: object) -> object:
    return value if isinstance(value, int | bytes | str) else repr(value)


@dataclass(frozen=True)
class Footer:
    """What a Parquet file's footer says, once checked: its rows, and what each column
    unpacks to in Arrow."""

    rows: int
    column_bytes: dict[str, int]

    def unpacked(self, names: Container[str] | None = None) -> int:
        """What the columns ``names`` (None: all) unpack to."""
        return sum(size for name, size in self.column_bytes.items() if names is None or name in names)


def check_footer(path: Path) -> Footer:
    """The rows of the Parquet file at ``path`` and what its columns unpack to, once its
    footer says the file unpacks within ``unpack_limit``: what its metadata declares is
    checked before any data page is read (and the rows read are held to it, load.py's
    ``_bounded``); a file that states no sizes (an older writer) is measured first.
    PackageError otherwise."""
    import pyarrow.parquet as pq

    sizes = declared_sizes(path)
    limit = unpack_limit(path)
    with pq.ParquetFile(path) as parquet:
        metadata = parquet.metadata
        schema, rows = (
            parquet.schema_arrow,
            sum(metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)),
        )
        if rows != metadata.num_rows:  # a reader reads the row groups' rows
            msg = f"{path}: expected the {metadata.num_rows} rows its footer states, found {rows} in its row groups; the file is damaged or forged"
            raise FixityError(msg, path=path)
        nested = [f.name for f in schema if _nested(f.type)]
        if nested:
            raise PackageError(f"{path}: expected flat columns, found nested ones: {', '.join(nested)}")
        if sizes is not None and all(None not in group for group in sizes):
            groups = [[c for c in group if c is not None] for group in sizes]  # every one stated
            if any(len(group) != len(schema) for group in groups):
                raise PackageError(
                    f"{path}: expected {len(schema)} columns in each row group, found other counts"
                )
            per_column = {
                f.name: sum(_column_bytes(f, group[i]) for group in groups) for i, f in enumerate(schema)
            }
            total = sum(per_column.values())
            if total > limit:
                msg = f"{path}: expected a Parquet file that unpacks to at most {limit} bytes, found {total} as its metadata declares"
                raise PackageError(msg, path=path)
            return Footer(rows, per_column)
    measured = _read_measured(path, limit)  # no sizes stated: its text measured as dictionaries
    return Footer(rows, {name: measured[name].nbytes for name in measured.column_names})
