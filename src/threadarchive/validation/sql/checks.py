"""The checks of a cell, defined once, as SQL: what each Table Schema field asks of its cells.

Read this list to know what the SQL engines check of a cell; extend it to check more.
Each entry of ``CHECKS`` is one rule of the Table Schema: its name (the constraint's, as
a schema writes it), the kind of finding it makes, and the SQL predicate that is true
where a cell fails it, generated from the field. Predicates are written in DuckDB's
SQL; Spark runs them transpiled by SQLGlot (spark.py). ``REFERENCES`` lists the rules
across tables that a Table Schema cannot state, run by keys.references.

A cell is three SQL expressions (``Cell``): as read, whether it is a missing value,
and its typed value. ``TYPED`` gives each type's typed value for the usual forms
of a cell (digits, ``YYYY-MM-DD``, ...) and NULL for any other: such a cell is not
a type error yet, it is *judged* by the fast engine's casting (casting.cast, which
follows frictionless's rules, quirks included), one batch of such cells per field,
and so are its constraints. The usual forms must be ones the fast engine reads to
the same value, and no more: every rule of reading stays in one place.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from threadarchive.contract.findings import CONSTRAINT_ERROR, TEXT_CAPTURE_UNKNOWN, Kind
from threadarchive.validation.schema.literals import INT64, anchored, typed_literal
from threadarchive.validation.schema.rules import FieldRule

# The SQL type each Table Schema type is held in.
SQL_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "date": "DATE",
    "datetime": "TIMESTAMP",  # UTC
}


@dataclass(frozen=True)
class Cell:
    """One field's cell of a row, as SQL expressions."""

    raw: str  # as read: VARCHAR from CSV, typed from Parquet
    missing: str  # true where the cell is a missing value
    typed: str  # the typed value; NULL where missing, or where the cell must be judged


@dataclass(frozen=True)
class Check:
    """One rule of a field: a constraint's name, its kind of finding, and where cells fail it."""

    name: str
    kind: Kind
    failing: Callable[[FieldRule, Cell], str]  # SQL: true where a typed cell fails (required: a missing one)


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def literal(rule: FieldRule, value: Any) -> str | None:
    """A value a schema writes (a bound, an enum's) as a SQL literal of the field's type,
    read as frictionless reads it; None when the type cannot read it."""
    typed = typed_literal(rule.type, value)
    if typed is None:
        return None
    if isinstance(typed, bool):
        return None
    if isinstance(typed, int):
        return str(typed)
    if isinstance(typed, float):
        return f"CAST({quote(repr(typed))} AS DOUBLE)" if not math.isfinite(typed) else repr(typed)
    if isinstance(typed, dt.datetime):
        utc = typed.astimezone(dt.UTC).replace(tzinfo=None) if typed.tzinfo else typed
        return f"TIMESTAMP {quote(utc.isoformat(sep=' '))}"
    if isinstance(typed, dt.date):
        return f"DATE {quote(typed.isoformat())}"
    return quote(str(typed))


def _enum(rule: FieldRule, cell: Cell) -> str:
    allowed = [literal(rule, v) for v in rule.constraints["enum"]]
    kept = [
        sql
        for sql, value in zip(allowed, rule.constraints["enum"], strict=True)
        if sql is not None and _fits(rule, value)
    ]
    return f"{cell.typed} NOT IN ({', '.join(kept)})" if kept else "TRUE"


def _fits(rule: FieldRule, value: Any) -> bool:
    """Whether a value the schema writes is one the field's column can hold: an integer in
    64 bits, a number that is not NaN (which equals nothing)."""
    typed = typed_literal(rule.type, value)
    if rule.type == "integer":
        return typed is not None and INT64[0] <= typed <= INT64[1]
    if rule.type == "number":
        return typed is not None and typed == typed
    return True


def _bound(name: str, operator: str) -> Callable[[FieldRule, Cell], str]:
    """A minimum or maximum (exclusive or not): a cell outside it fails; NaN is within none."""
    lower = name in ("minimum", "exclusiveMinimum")

    def failing(rule: FieldRule, cell: Cell) -> str:
        value = rule.constraints[name]
        typed = typed_literal(rule.type, value)
        if typed is None:  # shape.py reports a bound its type cannot read
            return "FALSE"
        if rule.type == "integer" and not INT64[0] <= typed <= INT64[1]:  # every value on one side
            return "TRUE" if (typed > INT64[1]) == lower else "FALSE"
        if rule.type == "number" and typed != typed:  # a NaN bound: no value is within it
            return "TRUE"
        outside = f"{cell.typed} {operator} {literal(rule, value)}"
        return f"({outside} OR isnan({cell.typed}))" if rule.type == "number" else outside

    return failing


def _length(operator: str, name: str) -> Callable[[FieldRule, Cell], str]:
    return lambda rule, cell: f"length({cell.typed}) {operator} {int(rule.constraints[name])}"


# The rules, one entry each. "unique" is a key (keys.py), checked across rows.
CHECKS: list[Check] = [
    Check("required", CONSTRAINT_ERROR, lambda rule, cell: cell.missing if rule.constraints["required"] else "FALSE"),
    Check("pattern", CONSTRAINT_ERROR,
          lambda rule, cell: f"NOT regexp_matches({cell.typed}, {quote(anchored(rule.constraints['pattern']))})"),
    Check("enum", CONSTRAINT_ERROR, _enum),
    Check("minLength", CONSTRAINT_ERROR, _length("<", "minLength")),
    Check("maxLength", CONSTRAINT_ERROR, _length(">", "maxLength")),
    Check("minimum", CONSTRAINT_ERROR, _bound("minimum", "<")),
    Check("maximum", CONSTRAINT_ERROR, _bound("maximum", ">")),
    Check("exclusiveMinimum", CONSTRAINT_ERROR, _bound("exclusiveMinimum", "<=")),
    Check("exclusiveMaximum", CONSTRAINT_ERROR, _bound("exclusiveMaximum", ">=")),
]  # fmt: skip
BY_NAME = {check.name: check for check in CHECKS}


@dataclass(frozen=True)
class Reference:
    """A rule across tables that a Table Schema cannot state: where every one of ``fields``
    of ``table`` has a value, they name a row of ``target`` by ``target_fields``. (A Table
    Schema foreign key is checked unless *every* field is missing, so a nullable column
    beside a required one cannot be one.) Checked on the table's kept rows, against the
    target table in the same format (keys.references)."""

    table: str
    fields: tuple[str, ...]
    target: str
    target_fields: tuple[str, ...]
    kind: Kind


# The rules across tables, one entry each (the foreign keys proper are in the schemas).
REFERENCES: list[Reference] = [
    # the capture a tweet's text came from, when not the current one: one of its thread's
    Reference("tweets", ("thread_id", "text_capture"), "captures", ("thread_id", "capture_sha256"),
              TEXT_CAPTURE_UNKNOWN),
]  # fmt: skip


# Each type's typed value of the usual forms of a VARCHAR cell; NULL for any other (judged).
TYPED: dict[str, Callable[[str], str]] = {
    "string": lambda raw: raw,
    # int(): at most 18 digits always fit in 64 bits
    "integer": lambda raw: (
        f"CASE WHEN regexp_full_match({raw}, '[+-]?[0-9]{{1,18}}') THEN CAST({raw} AS BIGINT) END"
    ),
    # Decimal(): digits, a point, an exponent; held as a double, -0 as 0
    "number": lambda raw: (
        f"CASE WHEN regexp_full_match({raw}, '[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]{{1,3}})?') "
        f"THEN CAST({raw} AS DOUBLE) + 0.0 END"
    ),
    # strptime("%Y-%m-%d"): a real day of a year from 1
    "date": lambda raw: (
        f"CASE WHEN regexp_full_match({raw}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') AND {raw} >= '0001' "
        f"THEN TRY_CAST({raw} AS DATE) END"
    ),
    # isoparse(): the form every reader writes, in UTC
    "datetime": lambda raw: (
        f"CASE WHEN regexp_full_match({raw}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}Z') "
        f"AND {raw} >= '0001' THEN try_strptime({raw}, '%Y-%m-%dT%H:%M:%SZ') END"
    ),
}


def field_checks(rule: FieldRule) -> list[Check]:
    """The checks of one field, in the order its schema writes its constraints (the
    order findings of one cell are listed in)."""
    return [BY_NAME[name] for name in rule.constraints if name in BY_NAME]
