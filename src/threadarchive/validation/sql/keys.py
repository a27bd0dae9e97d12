"""Keys across the rows of the kept tables, in SQL: unique fields, primary keys, foreign keys.

As frictionless finds them: a row whose key repeats an earlier row's is reported
(the first stays clean); ``unique`` skips empty cells, a primary key all empty is a
finding of its own, a partly empty one is a value (an empty cell equals an empty
one); NaN equals nothing. A foreign key's values are compared as Python compares
them (integers and numbers alike, other types never equal); a key all empty is
skipped. Findings are made for the first ``room`` rows only, and all are counted.
"""

from __future__ import annotations

from typing import Any

from threadarchive.contract.findings import FOREIGN_KEY, PRIMARY_KEY, UNIQUE_ERROR, Finding
from threadarchive.contract.report import shown
from threadarchive.validation.scan import TableScan
from threadarchive.validation.sql.backend import Backend
from threadarchive.validation.sql.checks import Reference

MAX_REPEATS = 10_000  # the values of repeated keys handed on to the thread checks, at most
NUMERIC = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
)


def _name(field: str) -> str:
    return '"' + field.replace('"', '""') + '"'


def _all_null(fields: list[str], alias: str = "") -> str:
    return " AND ".join(f"{alias}{_name(f)} IS NULL" for f in fields)


def _no_nan(fields: list[str], types: dict[str, str], alias: str = "") -> str:
    """SQL: none of the (number) fields is NaN."""
    terms = [
        f"NOT coalesce(isnan({alias}{_name(f)}), FALSE)"
        for f in fields
        if types.get(f) in ("DOUBLE", "FLOAT")
    ]
    return " AND ".join(terms) or "TRUE"


def column_types(backend: Backend, relation: str) -> dict[str, str]:
    """The SQL type of each kept column of a relation."""
    return {str(name): str(kind) for name, kind, *_ in backend.rows(f"DESCRIBE {relation}")}


def duplicates(
    backend: Backend,
    relation: str,
    fields: list[str],
    types: dict[str, str],
    path: str,
    room: int,
    *,
    primary: bool,
) -> tuple[list[Finding], int, list[Any] | None]:
    """Rows whose key repeats an earlier row's (and, for a primary key, rows whose key is
    all empty): findings for the first ``room``, the count of all, and the values of the
    first key field among the keys that repeat (None when there are more than MAX_REPEATS)."""
    found: list[Finding] = []
    total = 0
    names = ", ".join(_name(f) for f in fields)
    if primary:
        total += backend.rows(f"SELECT count(*) FROM {relation} WHERE {_all_null(fields)}")[0][0]
        message = f"expected a value in the primary key ({', '.join(fields)}), found all cells empty"
        empty = backend.rows(
            f"SELECT _row FROM {relation} WHERE {_all_null(fields)} ORDER BY _row LIMIT {room}"
        )
        found += [PRIMARY_KEY(message, path=path, row=row) for (row,) in empty]
    suspects = _suspects(backend, relation, fields, types)  # where a key may repeat another's
    if suspects == "FALSE":
        return found, total, []
    keys = (
        f"SELECT {names}, min(_row) AS _first, count(*) AS _count FROM {relation} k "
        f"WHERE NOT ({_all_null(fields)}) AND {_no_nan(fields, types)} AND {suspects} GROUP BY ALL HAVING count(*) > 1"
    )
    repeated = backend.rows(f"SELECT coalesce(sum(_count - 1), 0) FROM ({keys})")[0][0]
    total += repeated
    if not repeated:
        backend.execute("DROP TABLE IF EXISTS _suspects")
        return found, total, []
    firsts = [
        v
        for (v,) in backend.rows(f"SELECT DISTINCT {_name(fields[0])} FROM ({keys}) LIMIT {MAX_REPEATS + 1}")
    ]
    joined = " AND ".join(f"k.{_name(f)} IS NOT DISTINCT FROM d.{_name(f)}" for f in fields)
    rows = backend.rows(
        f"SELECT k._row, d._first, {', '.join(f'k.{_name(f)}' for f in fields)} FROM {relation} k "
        f"JOIN ({keys}) d ON {joined} WHERE k._row > d._first ORDER BY k._row LIMIT {max(room - len(found), 0)}"
    )
    backend.execute("DROP TABLE IF EXISTS _suspects")
    kind, field_name = (PRIMARY_KEY, None) if primary else (UNIQUE_ERROR, fields[0])
    for row, first, *values in rows:
        shown_values = ", ".join(shown(v) for v in values)
        what = (
            f"({', '.join(fields)}) = ({shown_values})"
            if len(fields) > 1
            else f"{fields[0]} = {shown_values}"
        )
        message = f"expected a unique {what}, found it again (first in row {first})"
        found.append(kind(message, path=path, row=row, field=field_name))
    return found, total, firsts if len(firsts) <= MAX_REPEATS else None


def _suspects(backend: Backend, relation: str, fields: list[str], types: dict[str, str]) -> str:
    """SQL, over the rows of ``relation`` as ``k``: the rows whose key may repeat another's.

    Rows in key order, as ingest writes them, need no grouping of every key: streamed in
    row order, a row whose last key field does not rise above the row before's, within a
    run of equal other fields, or whose run of other fields is not the first of its
    values, or with an empty or NaN key field, is a suspect; only the keys of their runs
    are grouped (a few hundred rows, not millions). FALSE when there is none; TRUE when
    the key has one field and its values do not rise (every row is a suspect then)."""
    *prefix, last = fields
    filled = " AND ".join(f"{_name(f)} IS NOT NULL" for f in fields) + f" AND {_no_nan(fields, types)}"
    lagged = ", ".join(f"{_name(f)}, lag({_name(f)}) OVER () AS _lag{i}" for i, f in enumerate(fields))
    # IS NOT DISTINCT FROM: a run starts wherever a field differs, an empty one included
    # (with =, a row after an empty field started no run and fell out of every check)
    same = " AND ".join(f"{_name(f)} IS NOT DISTINCT FROM _lag{i}" for i, f in enumerate(prefix)) or "TRUE"
    rising = f"{_name(last)} > _lag{len(fields) - 1}"
    stream = f"SELECT {lagged}, _lag0 IS NULL OR NOT ({same}) AS _start FROM {relation}"
    if not prefix:
        falling = backend.rows(
            f"SELECT count(*) FROM ({stream}) WHERE NOT _start AND NOT ({filled} AND {rising})"
        )
        unfilled = backend.rows(f"SELECT count(*) FROM {relation} WHERE NOT ({filled})")
        return "TRUE" if falling[0][0] or unfilled[0][0] else "FALSE"
    names = ", ".join(_name(f) for f in prefix)
    backend.execute(
        f"CREATE OR REPLACE TEMP TABLE _suspects AS SELECT DISTINCT {names} FROM ({stream}) "
        f"WHERE NOT ({filled}) OR (NOT _start AND NOT ({rising})) "
        f"UNION SELECT {names} FROM ({stream}) WHERE _start GROUP BY ALL HAVING count(*) > 1"
    )
    if not backend.rows("SELECT count(*) FROM _suspects")[0][0]:
        backend.execute("DROP TABLE _suspects")
        return "FALSE"
    same_prefix = " AND ".join(f"k.{_name(f)} IS NOT DISTINCT FROM s.{_name(f)}" for f in prefix)
    return f"EXISTS (SELECT 1 FROM _suspects s WHERE {same_prefix})"


def _common(a: str, b: str) -> str | None:
    """The SQL type two key columns are compared in, or None when no value of one can equal
    one of the other (Python's ==: 1 == 1.0, "1" != 1, a date never equals a datetime)."""
    if a == b:
        return a
    if a.startswith("TIMESTAMP") and b.startswith("TIMESTAMP"):
        return "TIMESTAMP WITH TIME ZONE"  # the session is in UTC
    if a in NUMERIC and b in NUMERIC:
        return "BIGINT" if "UBIGINT" not in (a, b) else "HUGEINT"
    numeric = (*NUMERIC, "DOUBLE", "FLOAT")
    if a in numeric and b in numeric:
        return "DOUBLE"
    return None


def orphans(
    backend: Backend,
    source: tuple[str, list[str], dict[str, str]],
    target: tuple[str, str, list[str], dict[str, str]],
    path: str,
    room: int,
) -> tuple[list[Finding], int]:
    """Rows of ``source`` (relation, fields, types) whose key is no row's of ``target``
    (relation, resource name, fields, types): findings for the first ``room``, and the
    count of all. A foreign key: a row is checked unless every field is missing."""
    rows, total = _unmatched(backend, source, target, room, every=False)
    fields, (_, target_name, target_fields, _) = source[1], target
    return [FOREIGN_KEY(_message(fields, target_name, target_fields, values), path=path, row=row)
            for row, *values in rows], total  # fmt: skip


def references(
    backend: Backend,
    rule: Reference,
    source: tuple[str, dict[str, str]],
    target: tuple[str, str, dict[str, str]],
    path: str,
    room: int,
) -> tuple[list[Finding], int]:
    """Rows of ``source`` (relation, types) that break ``rule`` (checks.REFERENCES): every
    field has a value and together they name no row of ``target`` (relation, resource
    name, types). Findings for the first ``room``, naming the rule's last field and the
    row's thread, and the count of all."""
    fields, target_fields = list(rule.fields), list(rule.target_fields)
    rows, total = _unmatched(
        backend,
        (source[0], fields, source[1]),
        (target[0], target[1], target_fields, target[2]),
        room,
        every=True,
    )
    found = []
    for row, *values in rows:
        thread = values[fields.index("thread_id")] if "thread_id" in fields else None
        message = _message(fields, target[1], target_fields, values)
        found.append(rule.kind(message, path=path, row=row, field=fields[-1], thread_id=thread))
    return found, total


def _message(fields: list[str], target_name: str, target_fields: list[str], values: list[Any]) -> str:
    what, them, shown_values = (
        ", ".join(fields),
        ", ".join(target_fields),
        ", ".join(shown(v) for v in values),
    )
    if len(fields) > 1:
        what, them, shown_values = f"({what})", f"({them})", f"({shown_values})"
    return f"expected {what} to be a {them} of {target_name}, found {shown_values}, which is not"


def _unmatched(
    backend: Backend,
    source: tuple[str, list[str], dict[str, str]],
    target: tuple[str, str, list[str], dict[str, str]],
    room: int,
    *,
    every: bool,
) -> tuple[list[tuple[Any, ...]], int]:
    """The first ``room`` rows (row, values) of ``source`` whose fields name no row of
    ``target``, and the count of all; checked unless every field is missing, or with
    ``every`` only where every field has a value."""
    relation, fields, types = source
    target_relation, _, target_fields, target_types = target
    common = [_common(types[f], target_types[t]) for f, t in zip(fields, target_fields, strict=True)]
    if None in common:  # no value can match: every row with a key is an orphan
        unmatched = "TRUE"
    else:
        known = ", ".join(
            f"CAST({_name(t)} AS {c}) AS v{i}"
            for i, (t, c) in enumerate(zip(target_fields, common, strict=True))
        )
        lookup = (
            f"SELECT DISTINCT {known} FROM {target_relation} "
            f"WHERE NOT ({_all_null(target_fields)}) AND {_no_nan(target_fields, target_types)}"
        )
        same = " AND ".join(
            f"l.v{i} IS NOT DISTINCT FROM CAST(s.{_name(f)} AS {c})"
            for i, (f, c) in enumerate(zip(fields, common, strict=True))
        )
        unmatched = f"NOT EXISTS (SELECT 1 FROM ({lookup}) l WHERE {same})"
        no_nan = _no_nan(fields, types, "s.")
        if no_nan != "TRUE":  # a NaN matches nothing; spelled only where it can be: a constant
            # OR made DuckDB plan a mark join (70 MB more at 1M tweets), not an anti join
            unmatched = f"(NOT ({no_nan}) OR {unmatched})"
    checked = (
        " AND ".join(f"s.{_name(f)} IS NOT NULL" for f in fields)
        if every
        else f"NOT ({_all_null(fields, 's.')})"
    )
    backend.execute(
        f"CREATE OR REPLACE TEMP TABLE _orphans AS SELECT s._row, {', '.join(f's.{_name(f)}' for f in fields)} "
        f"FROM {relation} s WHERE {checked} AND {unmatched}"
    )
    total = backend.rows("SELECT count(*) FROM _orphans")[0][0]
    rows = backend.rows(f"SELECT * FROM _orphans ORDER BY _row LIMIT {room}") if total else []
    backend.execute("DROP TABLE _orphans")
    return rows, total


def check_table(backend: Backend, scan: TableScan, relation: str, types: dict[str, str]) -> list[Any] | None:
    """Add to ``scan`` the findings of its table's own keys, in the order the fast engine
    makes them: unique fields, then the primary key. The values of the primary key's
    first field among the keys that repeat ([] when none does; None when there is no
    primary key, or too many repeats to hand on): the thread checks count positions
    without looking for repeats elsewhere."""
    path, schema = scan.resource.path, scan.resource.schema
    for field in schema.get("fields", []):
        name = field.get("name")
        if (field.get("constraints") or {}).get("unique") and name in types:
            found, total, _ = duplicates(backend, relation, [name], types, path, scan.room(), primary=False)
            scan.extend(found, total)
    primary = schema.get("primaryKey") or []
    if not primary or not all(name in types for name in primary):
        return None
    found, total, repeated = duplicates(
        backend, relation, list(primary), types, path, scan.room(), primary=True
    )
    scan.extend(found, total)
    return repeated
