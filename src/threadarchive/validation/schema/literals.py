"""Values as frictionless reads them, one at a time, without Arrow: what a schema writes
(a bound, an enum's values) and single cells; and how a finding about a cell is worded.

Kept apart from casting.py (whole columns, with Arrow) so that the SQL engine, which
types cells in SQL, needs neither pyarrow nor numpy to build its statements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from threadarchive.contract.report import shown

# Python's str.strip() whitespace, which frictionless strips before int().
WHITE_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
INT64 = (-(2**63), 2**63 - 1)  # the integers a column holds; int() reads larger ones, a type error here
OUT_OF_RANGE = f"an integer between {INT64[0]} and {INT64[1]}"
PATTERN_EXPECTED = "a value matching the pattern"
EXPECTED = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "date": "a date as YYYY-MM-DD",
    "datetime": "a date and time as YYYY-MM-DDTHH:MM:SSZ",
}


def read_literal(field: dict[str, Any], value: Any) -> Any:
    """A value written in a schema (a bound, an enum's) as frictionless reads it for
    ``field``, or None when it cannot be read. The fast engine's types are read here,
    any other by frictionless's own reader for the field (imported only then)."""
    kind, fmt = field.get("type", "any"), field.get("format", "default")
    reader = _LITERALS.get(kind) if fmt == "default" and field.get("bareNumber", True) is True else None
    if reader is not None:
        return reader(value)
    from frictionless import Field, FrictionlessException

    try:
        described = Field.from_descriptor({k: v for k, v in field.items() if k != "constraints"})
    except FrictionlessException:
        return value  # a field frictionless cannot describe: its descriptor check says why
    return described.create_value_reader()(value)


def _integer_literal(value: Any) -> int | None:
    """frictionless's integer reader: int() of a string, a whole number, never a boolean."""
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _date_literal(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None


def _number_literal(value: Any) -> float | None:
    """frictionless's number reader (a Decimal of a string or number, never a boolean), as a float."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        number = decimal(value.strip())
        return None if number is None else float(number)
    return None


_LITERALS: dict[str, Callable[[Any], Any]] = {
    "string": lambda value: value if isinstance(value, str) else None,
    "integer": _integer_literal,
    "number": _number_literal,
    "date": _date_literal,
    "datetime": lambda value: isoparse(value) if isinstance(value, str) else None,
}


def isoparse(cell: str) -> dt.datetime | None:
    """frictionless 5's reading of a default-format datetime cell."""
    from dateutil import parser

    if len(cell) < 19 or cell[16] != ":":
        return None
    try:
        return parser.isoparse(cell)
    except (ValueError, OverflowError):
        return None


def decimal(cell: str) -> Decimal | None:
    """Python's Decimal of a cell (frictionless's number), or None."""
    try:
        return Decimal(cell)
    except (InvalidOperation, ValueError):
        return None


def typed_literal(kind: str, value: Any) -> Any:
    """A value written in a schema (an enum's, a bound) as a field of type ``kind`` reads
    it, or None when it cannot read it."""
    return read_literal({"type": kind}, value)


def type_message(kind: str, cell: Any) -> str:
    """The message of a type error: what the type expects, and the cell."""
    expected = OUT_OF_RANGE if kind == "integer" and beyond_int64(cell) else EXPECTED[kind]
    return f"expected {expected}, found {shown(cell)}"


def anchored(pattern: str) -> str:
    """The pattern as RE2 (searching) matches what ``re.match("^" + pattern + "$")`` does:
    Python's ``$`` also matches before a final "\n", RE2's needs telling."""
    return f"^(?:^{pattern}\n?$)" if "$" not in pattern else f"^(?:^{pattern}$)"


def beyond_int64(cell: Any) -> bool:
    """Whether a cell is an integer (as int() reads it) that 64 bits cannot hold."""
    try:
        value = int(cell) if isinstance(cell, str) else cell
    except ValueError:
        return False
    return isinstance(value, int) and not INT64[0] <= value <= INT64[1]


def message(name: str, value: Any, cell: Any) -> str:
    expected = {
        "required": "a value (the field is required)",
        "pattern": f"{PATTERN_EXPECTED} {value!r}",
        "enum": f"one of {value!r}",
        "minimum": f"a value of at least {value!r}",
        "maximum": f"a value of at most {value!r}",
        "exclusiveMinimum": f"a value above {value!r}",
        "exclusiveMaximum": f"a value below {value!r}",
        "minLength": f"at least {value} characters",
        "maxLength": f"at most {value} characters",
    }[name]
    found = "an empty cell" if cell in (None, "") else shown(cell)
    return f"expected {expected}, found {found}"
