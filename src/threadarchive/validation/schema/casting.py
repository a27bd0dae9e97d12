"""Cells as typed values, as frictionless reads them, over whole columns.

frictionless 5's rules, quirks included: integers are read like Python's
``int()`` (white space and underscores allowed), numbers like ``Decimal`` (NaN and
infinities too; held as float64), dates like
``strptime("%Y-%m-%d")`` (one-digit months and days too), datetimes like dateutil's
``isoparse`` with at least "YYYY-MM-DDTHH:MM". The usual forms are cast by arrow;
only what arrow's cast refuses is examined further.
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from threadarchive.validation import arrow
from threadarchive.validation.schema.literals import (  # noqa: F401 (OUT_OF_RANGE, read_literal: for callers)
    INT64,
    OUT_OF_RANGE,
    WHITE_SPACE,
    beyond_int64,
    decimal,
    isoparse,
    read_literal,
)
from threadarchive.validation.schema.rules import FieldRule

_INTEGER = f"^[{WHITE_SPACE}]*[+-]?[0-9]+(?:_[0-9]+)*[{WHITE_SPACE}]*$"
_WS_CHARS = "".join(chr(c) for c in range(0x2000, 0x200B)) + WHITE_SPACE.replace("\u2000-\u200a", "")
# strptime("%Y-%m-%d"): the alternatives of Python's _strptime, anchored.
_DATE = r"^(?P<y>[0-9]{4})-(?P<m>1[0-2]|0[1-9]|[1-9])-(?P<d>3[01]|[12][0-9]|0[1-9]|[1-9]| [1-9])$"
_FIRST_DAY = (dt.date(1, 1, 1) - dt.date(1970, 1, 1)).days  # of year 1, as date32 counts days
# Decimal(cell.strip()), frictionless's number reader, once underscores are removed (Decimal
# drops them wherever they are); non-ASCII digits, which Decimal also reads, are judged one by one.
_NUMBER = (
    r"^[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
    r"|[Ii][Nn][Ff](?:[Ii][Nn][Ii][Tt][Yy])?|[sS]?[Nn][Aa][Nn][0-9]*)$"
)
# The form every reader writes; anything else is judged cell by cell as frictionless does.
_DATETIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"


def is_text(column: pa.Array) -> bool:
    return bool(pa.types.is_string(column.type) or pa.types.is_large_string(column.type))


def missing_cells(column: pa.Array, missing_values: list[str]) -> np.ndarray:
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return mask(pc.is_null(column))  # a typed Parquet column
    if missing_values == [""]:  # the default: an empty cell, found by length alone
        found = numpy_ints(pc.binary_length(column), 0) == 0
    else:
        found = mask(pc.is_in(column, arrow.strings(missing_values)))
    return found | mask(pc.is_null(column)) if column.null_count else found


def mask(array: pa.Array) -> np.ndarray:
    return arrow.numpy(array.fill_null(arrow.FALSE) if array.null_count else array)


def numpy_ints(array: pa.Array, null: int) -> np.ndarray:
    """An integer array as numpy, nulls replaced by ``null``."""
    if array.null_count:
        array = array.fill_null(arrow.scalar(null, array.type))
    return arrow.numpy(array)


def cast(rule: FieldRule, column: pa.Array, missing: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """Typed values (null where missing or invalid) and the mask of type errors."""
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        if rule.type in ("date", "datetime"):
            column = column.cast(arrow.TYPES[rule.type])
        elif rule.type == "number":
            column = column.cast(pa.float64())
        elif rule.type == "integer":
            if column.type == pa.uint64() and len(column) > column.null_count:  # may hold more than int64
                beyond = mask(pc.greater(column, arrow.scalar(INT64[1], pa.uint64())))
                column = only(arrow.bools(~beyond), column)
                return column.cast(pa.int64()), beyond
            column = column.cast(pa.int64())
        return column, np.zeros(len(column), dtype=bool)
    if missing.all():  # an empty column (a nullable one few rows fill): nothing to read
        return pa.nulls(len(column), arrow.TYPES[rule.type]), np.zeros(len(column), dtype=bool)
    any_missing = bool(missing.any())
    present = arrow.bools(~missing)
    without_missing = only(present, column) if any_missing else column  # no copy when full
    if rule.type == "string":
        return without_missing, np.zeros(len(column), dtype=bool)
    if rule.type == "datetime":
        return _cast_datetime(column, missing)
    if rule.type == "number":
        return _cast_number(column, missing)
    if rule.type == "integer":
        try:  # plain digits, the usual case: arrow's cast agrees with int() on them
            return without_missing.cast(pa.int64()), np.zeros(len(column), dtype=bool)
        except pa.ArrowInvalid:
            pass
        valid = mask(pc.match_substring_regex(column, _INTEGER)) & ~missing
        digits = pc.replace_substring(pc.utf8_trim(column, characters=_WS_CHARS), "_", "")
        digits = only(arrow.bools(valid), digits)
        try:
            values = digits.cast(pa.int64())
        except pa.ArrowInvalid:  # beyond 64 bits: valid for int(), a type error here (OUT_OF_RANGE)
            read = [_int64_or_none(d) for d in digits.to_pylist()]
            valid &= np.array([value is not None for value in read])
            values = arrow.array(read, pa.int64())
        return values, ~valid & ~missing
    # date: arrow's ISO cast, where it succeeds, accepts nothing strptime would refuse
    try:
        values = without_missing.cast(pa.date32())
        if values.null_count == len(values) or pc.min(values.cast(pa.int32())).as_py() >= _FIRST_DAY:
            return values, np.zeros(len(column), dtype=bool)
    except pa.ArrowInvalid:
        pass
    parts = pc.extract_regex(only(present, column), _DATE)
    shaped = mask(pc.is_valid(parts)) & ~missing
    year = pc.cast(pc.struct_field(parts, 0), pa.int32())
    month = pc.cast(pc.utf8_trim_whitespace(pc.struct_field(parts, 1)), pa.int32())
    day = pc.cast(pc.utf8_trim_whitespace(pc.struct_field(parts, 2)), pa.int32())
    y, m, d = (numpy_ints(a, 1) for a in (year, month, day))
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    days = np.array([0, *(calendar.monthrange(2001, k)[1] for k in range(1, 13))])[m] + (leap & (m == 2))
    valid = shaped & (y >= 1) & (d <= days)
    iso = pc.binary_join_element_wise(
        pc.utf8_lpad(pc.cast(year, pa.string()), 4, "0"),
        pc.utf8_lpad(pc.cast(month, pa.string()), 2, "0"),
        pc.utf8_lpad(pc.cast(day, pa.string()), 2, "0"),
        arrow.scalar("-", pa.string()),
    )
    values = only(arrow.bools(valid), iso).cast(pa.date32())
    return values, ~valid & ~missing


def _cast_number(column: pa.Array, missing: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """float64 values of what Python's Decimal reads (frictionless's number), -0 as 0."""
    cleaned = pc.replace_substring(pc.utf8_trim(column, characters=_WS_CHARS), "_", "")
    valid = mask(pc.match_substring_regex(cleaned, _NUMBER)) & ~missing
    values = np.zeros(len(column), dtype=np.float64)
    try:
        read = only(arrow.bools(valid), cleaned).cast(pa.float64())
        values = numpy_floats(read)
    except pa.ArrowInvalid:  # NaN12, sNaN: Decimal reads them, arrow does not
        for index in np.flatnonzero(valid):
            values[index] = float(decimal(cleaned[int(index)].as_py()) or 0)
    for index in np.flatnonzero(~valid & ~missing):  # non-ASCII digits, or a type error
        number = decimal(column[int(index)].as_py().strip())
        if number is not None:
            valid[index], values[index] = True, float(number)
    return arrow.floats(values + 0.0, null=~valid), ~valid & ~missing


def numpy_floats(array: pa.Array) -> np.ndarray:
    """A float64 array as numpy, nulls as 0."""
    if array.null_count:
        array = array.fill_null(arrow.floats(np.zeros(1))[0])
    return arrow.numpy(array).copy()


def _cast_datetime(column: pa.Array, missing: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """UTC timestamps: arrow parses the regular form; any other cell is judged as
    frictionless judges it (dateutil's isoparse, at least "YYYY-MM-DDTHH:MM"), one by one."""
    regular = mask(pc.match_substring_regex(column, _DATETIME)) & ~missing
    parsed = pc.strptime(
        only(arrow.bools(regular), column), format="%Y-%m-%dT%H:%M:%SZ", unit="ms", error_is_null=True
    )
    ticks = numpy_ints(parsed.cast(pa.int64()), 0).copy()
    # strptime rolls an impossible day over (Feb 30 to Mar 2): only a value that prints back as read is one.
    printed = pc.strftime(parsed.cast(pa.timestamp("s")), format="%Y-%m-%dT%H:%M:%SZ")
    parsed_ok = regular & mask(pc.equal(printed, column))
    bad = np.zeros(len(column), dtype=bool)
    for index in np.flatnonzero(~missing & ~parsed_ok):  # rare: the readers write the regular form
        when = isoparse(column[int(index)].as_py())
        if when is None:
            bad[index] = True
        else:
            ticks[index] = round(when.replace(tzinfo=when.tzinfo or dt.UTC).timestamp() * 1000)
    return arrow.ints(ticks, arrow.TYPES["datetime"], null=missing | bad), bad


def narrow(values: pa.Array) -> pa.Array:
    """A kept int64 column as int32 when its values fit: half the memory for later checks."""
    if values.type != pa.int64() or len(values) == values.null_count:
        return values
    bounds = pc.min_max(values)
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    return values.cast(pa.int32()) if low >= -(2**31) and high < 2**31 else values


def only(keep: pa.Array, values: pa.Array) -> pa.Array:
    """``values`` where ``keep``, null elsewhere."""
    return pc.if_else(keep, values, pa.nulls(len(values), values.type))


def _int64_or_none(digits: str | None) -> int | None:
    try:
        value = None if digits is None else int(digits)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        return None
    return value if value is not None and INT64[0] <= value <= INT64[1] else None
