"""One table read once by SQL: every cell checked, the columns later checks need kept.

The flow, for one table:

1. ``plan``: the fields the header gives, each cell as SQL (checks.Cell), the checks
   each field asks for (checks.CHECKS) as bits of a mask, the typed columns to keep.
2. ``scan_sql``: one statement reads the file (DuckDB's read_csv or read_parquet,
   streaming), numbers its rows (or the backend numbers them once kept:
   backend.DuckDB.csv_row says why), types its cells, evaluates every check, and keeps, in
   a table of its own: the row number, the kept typed columns, the masks, and, for a
   CSV file, the cells of the rows that failed a check (NULL for the others, so a clean
   row costs a few bytes). Rows are numbered as frictionless numbers them (the header
   is row 1).
3. ``findings``: the failing rows, listed in row order (as many as a report lists, and
   the count of all); the cells SQL could not type are judged by the fast engine's
   casting and constraints (``judged``), and their typed values written back. A
   Parquet file's failing rows are read again for their cells (``cells_sql``), those
   rows only: its reader makes a string of no cell the checks do not ask for, and a
   text column kept in the scan for the few failing rows cost each row as much as
   the rest of the scan (0.55 s of 0.9 s of CPU at 1M tweets); a CSV reader has
   made every cell a string already.

The table of kept columns is what keys.py and threads.py check across rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from threadarchive.contract.findings import (
    BLANK_ROW,
    CONSTRAINT_ERROR,
    PATTERN_UNSUPPORTED,
    TYPE_ERROR,
    Finding,
)
from threadarchive.contract.package import Resource
from threadarchive.validation.schema.budget import Budget
from threadarchive.validation.schema.literals import message, type_message
from threadarchive.validation.schema.rules import FieldRule
from threadarchive.validation.sql.backend import Backend
from threadarchive.validation.sql.checks import SQL_TYPES, TYPED, Cell, field_checks, quote

if TYPE_CHECKING:
    from threadarchive.validation.schema.constraints import Pattern

JUDGE = "type"  # the bit of a cell SQL could not type: judged by the fast engine
MATCH = "match"  # the bit of a cell whose pattern RE2 cannot run: matched by constraints.Pattern
BITS = 62  # bits per mask column (a BIGINT, its sign bit left alone)
JUDGED_BATCH = 65_536


@dataclass(frozen=True)
class Bit:
    """One mask bit: a check of one field (by its index among the fields read)."""

    field: int
    check: str  # a check's name (checks.CHECKS), JUDGE or MATCH


@dataclass(frozen=True)
class Source:
    """A table's file as SQL reads it."""

    rows: str  # the file's rows, as SQL (the backend's csv, parquet or parquet_parts)
    # SQL: a row's number in ``rows`` (the header is row 1), or None: the backend numbers
    # the kept rows in the order they were read (number_rows)
    row_number: str | None
    csv: bool  # every cell read as a string: the cells' bytes measured, failing cells kept
    # columns the file holds no NULL in by its format (Parquet REQUIRED, parts.Parts):
    # asked whether they are NULL, DuckDB decodes every value (the text, a third of a
    # release's scan), where for one file it knows the answer from its schema itself
    never_null: frozenset[str] = frozenset()


@dataclass
class Plan:
    """How one table is read and checked."""

    resource: Resource
    relation: str  # the table of kept columns
    source: Source
    rules: list[FieldRule]  # the fields the header gives, in order
    columns: list[str]  # the file's columns (CSV: c0, c1, ...; Parquet: its names), as SQL
    types: list[str]  # their SQL types (VARCHAR for every column of a CSV file)
    extra: int  # columns of labels beyond the fields
    cells: list[Cell]
    keep: list[str]  # the fields whose typed values later checks need
    bits: list[Bit] = field(default_factory=list)
    patterns: dict[str, Pattern] = field(default_factory=dict)  # those RE2 cannot run

    def masks(self) -> int:
        return max((len(self.bits) + BITS - 1) // BITS, 1)


def cells_of(
    rule: FieldRule, column: str, column_type: str, missing_values: list[str], *, nullable: bool = True
) -> Cell:
    """One field's cell as SQL: ``column`` holds strings (CSV, a Parquet text column; NULL
    when empty) or the field's values (a typed Parquet column); never NULL unless
    ``nullable``."""
    null = f"{column} IS NULL" if nullable else "FALSE"
    if column_type != "VARCHAR":
        cast = f"TRY_CAST({column} AS {SQL_TYPES[rule.type]})"
        return Cell(raw=column, missing=null, typed=cast if rule.type != "string" else column)
    others = [value for value in missing_values if value != ""]
    if "" in missing_values:
        raw, missing = column, null
    else:
        raw, missing = f"coalesce({column}, '')", "FALSE"
    if others:
        missing = f"({missing} OR {raw} IN ({', '.join(quote(v) for v in others)}))"
    typed = TYPED[rule.type](raw)
    if missing not in ("FALSE", null):
        typed = f"CASE WHEN {missing} THEN NULL ELSE {typed} END"
    return Cell(raw=raw, missing=missing, typed=typed)


def plan(
    resource: Resource,
    rules: list[FieldRule],
    columns: list[tuple[str, str]],
    keep: set[str],
    relation: str,
    budget: Budget,
    re2: Any,
    source: Source,
) -> Plan:
    """The plan of a table whose file has ``columns`` (SQL name, SQL type) under its header,
    read as ``source``; ``re2`` tells whether RE2 (the backend's) runs a pattern."""
    missing_values = resource.schema.get("missingValues", [""])
    expected = rules[: len(columns)]
    cells = [
        cells_of(rule, name, column_type, missing_values, nullable=name.strip('"') not in source.never_null)
        for rule, (name, column_type) in zip(expected, columns, strict=False)
    ]
    result = Plan(
        resource=resource,
        relation=relation,
        source=source,
        rules=expected,
        columns=[name for name, _ in columns],
        types=[kind for _, kind in columns],
        extra=len(columns) - len(expected),
        cells=cells,
        keep=[rule.name for rule in expected if rule.name in keep],
    )
    for index, (rule, (_, column_type)) in enumerate(zip(expected, columns, strict=False)):
        if rule.type != "string" or column_type != "VARCHAR":
            result.bits.append(Bit(index, JUDGE))
        for check in field_checks(rule):
            if check.name == "pattern" and not re2(rule.constraints["pattern"]):
                from threadarchive.validation.schema.constraints import Pattern

                result.patterns[rule.name] = Pattern(rule.constraints["pattern"], budget)
                result.bits.append(Bit(index, MATCH))
            else:
                result.bits.append(Bit(index, check.name))
    return result


def _predicate(plan: Plan, bit: Bit) -> str:
    rule, cell = plan.rules[bit.field], plan.cells[bit.field]
    typed = f"t{bit.field}"
    if bit.check == JUDGE:
        return f"NOT ({cell.missing}) AND {typed} IS NULL"
    if bit.check == MATCH:
        return f"{typed} IS NOT NULL"
    if bit.check == "required":
        return cell.missing if rule.constraints["required"] else "FALSE"
    check = next(c for c in field_checks(rule) if c.name == bit.check)
    return f"{typed} IS NOT NULL AND ({check.failing(rule, Cell(cell.raw, cell.missing, typed))})"


def scan_sql(plan: Plan) -> str:
    """The one statement that reads, checks and keeps a table (see the module's docstring);
    for a CSV file, each row's cells' bytes less the quotes inside them (``_size``), for
    structure.rows_agree."""
    raw = ", ".join(plan.columns)
    typed = "".join(f", {cell.typed} AS t{i}" for i, cell in enumerate(plan.cells))
    masks = []
    for m in range(plan.masks()):
        terms = [
            f"(CASE WHEN {_predicate(plan, bit)} THEN {1 << (i - m * BITS)} ELSE 0 END)"
            for i, bit in enumerate(plan.bits)
            if m * BITS <= i < (m + 1) * BITS
        ]
        masks.append(f"CAST({' | '.join(terms) or '0'} AS {_unsigned(len(terms))}) AS _m{m}")
    missing = [cell.missing for cell in plan.cells] + [
        f"{c} IS NULL" for c in plan.columns[len(plan.cells) :]
    ]
    blank = " AND ".join(f"({m})" for m in missing) if plan.rules else "FALSE"
    measured = []
    # a CSV cell's bytes, less the quotes in it (an escaped one is two in the file)
    if plan.source.csv and plan.columns:
        size = (
            "coalesce(strlen({0}) - CASE WHEN contains({0}, '\"') "
            "THEN strlen({0}) - strlen(replace({0}, '\"', '')) ELSE 0 END, 0)"
        )
        measured.append("CAST(" + " + ".join(size.format(c) for c in plan.columns) + " AS INTEGER) AS _size")
    numbered = plan.source.row_number is not None  # else the backend numbers the kept rows
    kept = [
        *(["_row"] if numbered else []),
        *(f't{plan.rules.index(r)} AS "{r.name}"' for r in plan.rules if r.name in plan.keep),
    ]
    kept += [f"_m{m}" for m in range(plan.masks())] + ["_blank"]
    if plan.source.csv:
        kept.append(f"CASE WHEN {_failing(plan)} THEN {_cells(plan)} END AS _cells")
    kept += ["_size"] if measured else []
    row = f"CAST({plan.source.row_number} AS INTEGER) AS _row, " if numbered else ""
    return (
        f"CREATE TEMP TABLE {plan.relation} AS SELECT {', '.join(kept)} "
        f"FROM (SELECT *, {', '.join(masks + measured)}, {blank} AS _blank "
        f"FROM (SELECT {row}{raw}{typed} FROM {plan.source.rows}))"
    )


def cells_sql(plan: Plan) -> str:
    """The statement that keeps, in a table of their own, the cells of a Parquet file's
    failing rows, read again (see the module's docstring)."""
    numbered = f"SELECT CAST({plan.source.row_number} AS INTEGER) AS _row, {', '.join(plan.columns)}"
    return (
        f"CREATE TEMP TABLE {plan.relation}_cells AS SELECT _row, {_cells(plan)} AS _cells "
        f"FROM ({numbered} FROM {plan.source.rows}) "
        f"WHERE _row IN (SELECT _row FROM {plan.relation} WHERE {_failing(plan)})"
    )


def _cells(plan: Plan) -> str:
    """SQL: a row's cells, as strings, in a list."""
    return "[" + ", ".join(f"CAST({c} AS VARCHAR)" for c in plan.columns) + "]"


def _failing(plan: Plan) -> str:
    """SQL: whether a kept row failed a check, or is blank."""
    return " OR ".join([f"_m{m} <> 0" for m in range(plan.masks())] + ["_blank"])


def _with_cells(plan: Plan) -> str:
    """The kept rows with their cells: a CSV file's hold them, a Parquet file's are joined."""
    return (
        plan.relation if plan.source.csv else f"{plan.relation} LEFT JOIN {plan.relation}_cells USING (_row)"
    )


def _unsigned(bits: int) -> str:
    """The smallest unsigned SQL integer of ``bits`` bits: a mask costs a byte a row for a few checks."""
    return "UTINYINT" if bits <= 8 else "USMALLINT" if bits <= 16 else "UINTEGER" if bits <= 32 else "UBIGINT"


def findings(backend: Backend, plan: Plan, room: int) -> tuple[list[Finding], int]:
    """The findings of the failing rows (the first ``room``, in row order), and the count of all."""
    path = plan.resource.path
    counts = _counts(backend, plan)
    listed = [i for i, bit in enumerate(plan.bits) if bit.check not in (JUDGE, MATCH)]
    total = counts[-1] + sum(counts[i] for i in listed)  # blank rows, and failed checks
    found: list[Finding] = []
    if any(counts) and not plan.source.csv:
        backend.execute(cells_sql(plan))
    if total:
        selector = _selector(listed)
        masks = ", ".join(f"_m{m}" for m in range(plan.masks()))
        rows = backend.rows(
            f"SELECT _row, {masks}, _blank, _cells FROM {_with_cells(plan)} "
            f"WHERE _blank OR {selector} ORDER BY _row LIMIT {room}"
        )
        for row, *values in rows:
            blank, cells = values[-2], values[-1]
            if blank:
                found.append(BLANK_ROW("expected a row with values, found a blank row", path=path, row=row))
                continue
            for i in listed:
                if values[i // BITS] >> (i % BITS) & 1:
                    bit = plan.bits[i]
                    rule = plan.rules[bit.field]
                    text = message(bit.check, rule.constraints[bit.check], cells[bit.field])
                    found.append(CONSTRAINT_ERROR(text, path=path, row=row, field=rule.name))
    for i, bit in enumerate(plan.bits):
        if bit.check in (JUDGE, MATCH) and counts[i]:
            more, count = _judge(backend, plan, i, room)
            found += more
            total += count
    names = [rule.name for rule in plan.rules]
    found.sort(key=lambda f: (f.row or 0, names.index(f.field) if f.field in names else len(names)))
    return found[:room], total


def _counts(backend: Backend, plan: Plan) -> list[int]:
    """Rows with each bit set (blank rows' other bits not counted), and blank rows, last."""
    terms = [
        f"coalesce(sum(CASE WHEN NOT _blank AND (_m{i // BITS} & {1 << (i % BITS)}) <> 0 THEN 1 ELSE 0 END), 0)"
        for i in range(len(plan.bits))
    ]
    terms.append("coalesce(sum(CASE WHEN _blank THEN 1 ELSE 0 END), 0)")
    return [
        int(n)
        for n in backend.rows(f"SELECT {', '.join(terms)} FROM {plan.relation} WHERE {_failing(plan)}")[0]
    ]


def _selector(bits: list[int]) -> str:
    """SQL: whether a row has any of ``bits`` set."""
    per_mask: dict[int, int] = {}
    for i in bits:
        per_mask[i // BITS] = per_mask.get(i // BITS, 0) | 1 << (i % BITS)
    return " OR ".join(f"(_m{m} & {mask}) <> 0" for m, mask in per_mask.items()) or "FALSE"


def _judge(backend: Backend, plan: Plan, index: int, room: int) -> tuple[list[Finding], int]:
    """The cells of one field SQL could not type (JUDGE), or whose pattern RE2 cannot run
    (MATCH), judged by the fast engine: the first ``room`` findings, and the count of all.
    Judged values are written back to the kept column."""
    import numpy as np
    import pyarrow as pa

    from threadarchive.validation import arrow
    from threadarchive.validation.schema.casting import cast
    from threadarchive.validation.schema.constraints import PatternUnchecked, failing

    bit = plan.bits[index]
    rule = plan.rules[bit.field]
    path = plan.resource.path
    m, flag = index // BITS, 1 << (index % BITS)
    selected = backend.arrow(
        f"SELECT _row, _cells[{bit.field + 1}] AS cell FROM {_with_cells(plan)} "
        f"WHERE (_m{m} & {flag}) <> 0 ORDER BY _row"
    )
    found: list[Finding] = []
    total = 0
    written: list[pa.Table] = []
    for batch in selected.to_batches(JUDGED_BATCH):
        rows, cells = batch.column(0), batch.column(1)
        if bit.check == MATCH:
            pattern = plan.patterns[rule.name]
            try:
                unmatched = ~pattern.matches(cells)
            except PatternUnchecked as exc:
                text = f"the pattern {pattern.pattern!r}: {exc}"
                return [*found, PATTERN_UNSUPPORTED(text, path=path, field=rule.name)], total + 1
            for i in np.flatnonzero(unmatched):
                total += 1
                if len(found) < room:
                    text = message("pattern", pattern.pattern, cells[int(i)].as_py())
                    found.append(CONSTRAINT_ERROR(text, path=path, row=rows[int(i)].as_py(), field=rule.name))
            continue
        if plan.types[bit.field] != "VARCHAR":  # a typed column's value its field's type cannot hold
            for row, cell in zip(rows.to_pylist(), cells.to_pylist(), strict=True):  # (a uint64 beyond int64)
                total += 1
                if len(found) < room:
                    value = int(cell) if rule.type == "integer" else cell
                    found.append(
                        TYPE_ERROR(type_message(rule.type, value), path=path, row=row, field=rule.name)
                    )
            continue
        missing = np.zeros(len(cells), dtype=bool)
        values, bad = cast(rule, cells, missing)
        for i in np.flatnonzero(bad):
            total += 1
            if len(found) < room:
                text = type_message(rule.type, cells[int(i)].as_py())
                found.append(TYPE_ERROR(text, path=path, row=rows[int(i)].as_py(), field=rule.name))
        ok = ~bad
        for name, value in rule.constraints.items():
            if name in ("required", "unique", "pattern"):
                continue  # a judged cell is present; unique is a key; patterns are of strings
            failed = failing(name, value, rule, values, missing, ok)
            for i in np.flatnonzero(failed) if failed is not None else []:
                total += 1
                if len(found) < room:
                    text = message(name, value, cells[int(i)].as_py())
                    found.append(CONSTRAINT_ERROR(text, path=path, row=rows[int(i)].as_py(), field=rule.name))
        if rule.name in plan.keep and ok.any():
            keep = arrow.bools(ok)
            typed = values.filter(keep)
            if pa.types.is_timestamp(typed.type):
                typed = typed.cast(pa.timestamp("us", tz="UTC")).cast(pa.timestamp("us"))
            written.append(pa.table({"_row": rows.filter(keep), "value": typed}))
    if written:
        backend.update(plan.relation, rule.name, pa.concat_tables(written))
    return found, total
