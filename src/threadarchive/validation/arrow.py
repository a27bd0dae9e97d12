"""Arrow arrays and scalars built from buffers, for validation's hot paths.

``pa.array()`` and ``pa.scalar()`` (also reached when a compute function is handed a
Python value) make pyarrow import pandas to check whether their argument is a pandas
object: 0.15 s and 40 MB that a validation run does not need. These helpers build
the same arrays from numpy buffers instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

_EPOCH = dt.date(1970, 1, 1)
# The Arrow type of each Table Schema type the project uses, for checks and Parquet alike.
TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),  # frictionless reads a Decimal: equal wherever 17 digits tell values apart
    "date": pa.date32(),
    "datetime": pa.timestamp("ms", tz="UTC"),  # Parquet has no seconds: milliseconds, as it stores them
}
PER_SECOND = {"s": 1, "ms": 1000, "us": 10**6, "ns": 10**9}


def bools(mask: np.ndarray) -> pa.Array:
    """A boolean array of a numpy mask."""
    packed = np.packbits(np.asarray(mask, dtype=bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(mask), [None, pa.py_buffer(packed)])


def ints(values: np.ndarray, type: pa.DataType | None = None, null: np.ndarray | None = None) -> pa.Array:
    """An integer (or date32) array of numpy values; ``null`` marks the missing ones."""
    type = type or pa.int64()
    width = {8: np.int8, 16: np.int16, 32: np.int32, 64: np.int64}[type.bit_width]
    data = np.ascontiguousarray(values, dtype=width)
    validity = None
    if null is not None and null.any():
        validity = pa.py_buffer(np.packbits(~np.asarray(null, dtype=bool), bitorder="little"))
    return pa.Array.from_buffers(type, len(data), [validity, pa.py_buffer(data)])


def strings(values: Sequence[str | None]) -> pa.Array:
    """A string array of Python strings (None for null)."""
    encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    null = np.array([v is None for v in values], dtype=bool)
    validity = pa.py_buffer(np.packbits(~null, bitorder="little")) if null.any() else None
    return pa.Array.from_buffers(
        pa.string(), len(encoded), [validity, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    )


def array(values: Sequence[Any], type: pa.DataType) -> pa.Array:
    """An array of Python values of a string, integer or date32 type."""
    if pa.types.is_string(type) or pa.types.is_large_string(type):
        return strings(values).cast(type)
    null = np.array([v is None for v in values], dtype=bool)
    if pa.types.is_date32(type):
        days = [0 if v is None else (v - _EPOCH).days for v in values]
        return ints(np.array(days), type, null)
    if pa.types.is_timestamp(type):  # datetimes; a naive one is taken as UTC
        scale = PER_SECOND[type.unit]
        ticks = [
            0 if v is None else round(v.replace(tzinfo=v.tzinfo or dt.UTC).timestamp() * scale)
            for v in values
        ]
        return ints(np.array(ticks, dtype=np.int64), type, null)
    if pa.types.is_floating(type):
        data = np.array([0.0 if v is None else float(v) for v in values], dtype=np.float64)
        return floats(data, null)
    return ints(np.array([0 if v is None else v for v in values]), type, null)


def floats(values: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """A float64 array of numpy values; ``null`` marks the missing ones."""
    data = np.ascontiguousarray(values, dtype=np.float64)
    validity = None
    if null is not None and null.any():
        validity = pa.py_buffer(np.packbits(~np.asarray(null, dtype=bool), bitorder="little"))
    return pa.Array.from_buffers(pa.float64(), len(data), [validity, pa.py_buffer(data)])


def scalar(value: Any, type: pa.DataType) -> pa.Scalar:
    """An Arrow scalar of a Python value, for comparisons in compute functions."""
    if pa.types.is_boolean(type):
        return bools(np.array([bool(value)]))[0]
    return array([value], type)[0]


FALSE = scalar(False, pa.bool_())


def numpy(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean, integer or float64 array without nulls as numpy, read from its buffers.

    (``Array.to_numpy()`` makes pyarrow import pandas.)
    """
    if isinstance(array, pa.ChunkedArray):
        chunks = [numpy(chunk) for chunk in array.chunks]
        return np.concatenate(chunks) if chunks else np.empty(0, dtype=_dtype(array.type))
    if array.null_count:
        raise ValueError("numpy() takes arrays without nulls: fill them first")
    data = array.buffers()[1]
    if pa.types.is_boolean(array.type):
        bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8), bitorder="little")
        return bits[array.offset : array.offset + len(array)].astype(bool)
    dtype = _dtype(array.type)
    return np.frombuffer(data, dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize)


def _dtype(type: pa.DataType) -> np.dtype:
    if pa.types.is_boolean(type):
        return np.dtype(bool)
    if pa.types.is_date32(type):
        return np.dtype(np.int32)
    if pa.types.is_timestamp(type):
        return np.dtype(np.int64)
    if pa.types.is_integer(type):
        return np.dtype(f"{'u' if pa.types.is_unsigned_integer(type) else ''}int{type.bit_width}")
    if pa.types.is_float64(type):
        return np.dtype(np.float64)
    raise TypeError(f"numpy() takes boolean, integer or float64 arrays, not {type}")


def not_utf8(columns: Sequence[tuple[str, Any]]) -> str | None:
    """The name of the first of ``columns`` (name, Arrow array) holding text that is not
    UTF-8, or None. Arrow's Parquet reader does not check what a file's strings hold: a
    file whose hashes are declared anew can hold any bytes."""
    for name, column in columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            try:
                column.validate(full=True)
            except pa.ArrowInvalid:
                return name
    return None


NOT_UTF8 = "expected UTF-8 text in the column {!r}, found bytes that are not"
