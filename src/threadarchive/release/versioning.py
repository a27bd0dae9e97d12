"""Semantic versions of the data, and what changed between two packages.

The Frictionless data-package versioning recipe, as this archive applies it:

| change                                                                 | bump  |
| ---------------------------------------------------------------------- | ----- |
| a table removed; a column removed, renamed, retyped or made required;  | major |
| a constraint, key or missing-value rule changed; columns reordered     |       |
| rows removed (threads, tweets: their key is gone)                      | major |
| a table added; a nullable column appended; an enum widened             | minor |
| rows added (threads, or tweets added to a thread)                      | minor |
| values corrected in existing rows (transcription, metadata)            | patch |
| rows of a table that annotates threads (captures, anomalies) added,    | patch |
| removed or corrected                                                   |       |

Titles and descriptions are prose: changing them is no change of the data.

Both packages are input: a schema that is no Table Schema, or a table that is no
readable UTF-8 CSV, raises PackageError naming the file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from threadarchive import contract
from threadarchive.contract.package import Package, Resource, load_package
from threadarchive.contract.versions import LEVELS, Level
from threadarchive.errors import PackageError


@dataclass(frozen=True)
class Change:
    level: Level
    table: str
    kind: str  # "schema", "removed", "added", "corrected"
    detail: str
    count: int = 1  # rows it stands for


@dataclass
class Diff:
    """What changed from ``old`` (None: no release yet) to ``new``."""

    old: str | None
    new: str
    changes: list[Change] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def required(self) -> Level | None:
        levels = [LEVELS.index(c.level) for c in self.changes]
        return LEVELS[max(levels)] if levels else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "required_bump": self.required,
            "counts": self.counts,
            "changes": [{k: v for k, v in c.__dict__.items() if k != "count"} for c in self.changes],
        }


def diff_packages(old: str | Path | None, new: str | Path) -> Diff:
    """Compare two packages (release folders or the working package) table by table.

    Rows are compared whole on the columns both versions have, keyed by each
    table's primary key, over whole columns; both tables are held in memory as
    one string per row while they are compared.
    """
    new_package = load_package(new)
    result = Diff(None if old is None else str(old), str(new))
    if old is None:
        for table in new_package.table_names():
            if _has_rows(new_package, table):
                result.changes.append(Change("minor", table, "added", "every row (first release)"))
            else:  # "every row" of none read as rows added
                result.changes.append(
                    Change("minor", table, "added", "the table, with no rows (first release)", 0)
                )
        return result
    old_package = load_package(old)
    old_tables, new_tables = old_package.table_names(), new_package.table_names()
    for table in old_tables:
        if table not in new_tables:
            result.changes.append(Change("major", table, "schema", "table removed"))
    for table in new_tables:
        new_resource = new_package.resource(table)
        _check_schema(new_package, new_resource)
        if table not in old_tables:
            result.changes.append(Change("minor", table, "schema", "table added"))
            rows = _rows(new_package, table, _key(new_resource.schema))
            if len(rows.keys):
                result.changes.append(
                    Change(
                        "minor",
                        table,
                        "added",
                        _describe(rows.keys.to_pylist(), rows.key_names),
                        len(rows.keys),
                    )
                )
        else:
            old_resource = old_package.resource(table)
            _check_schema(old_package, old_resource)
            result.changes.extend(schema_changes(table, old_resource.schema, new_resource.schema))
            key = _key(new_resource.schema)
            common = [n for n in old_resource.field_names if n in new_resource.field_names]
            result.changes.extend(
                _row_changes(
                    table, _rows(old_package, table, key, common), _rows(new_package, table, key, common)
                )
            )
        result.counts[table] = {
            kind: sum(c.count for c in result.changes if c.table == table and c.kind == kind)
            for kind in ("added", "removed", "corrected")
        }
    return result


def _check_schema(package: Package, resource: Resource) -> None:
    """PackageError naming the descriptor unless the resource's schema has the shape
    the comparison reads: fields as objects with a unique string name, constraints as
    an object, an enum as a list of values, a primary key naming fields."""
    schema = resource.schema
    where = f"{package.descriptor_path}: resource {resource.name!r}: schema"
    fields = schema.get("fields", [])
    if not isinstance(fields, list):
        raise PackageError(f"{where}: expected a list of fields, found {fields!r:.60}")
    names = []
    for number, item in enumerate(fields):
        at = f"{where}: fields[{number}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise PackageError(f"{at}: expected an object with a string 'name', found {item!r:.60}")
        constraints = item.get("constraints", {})
        if not isinstance(constraints, dict):
            raise PackageError(f"{at}: expected constraints as an object, found {constraints!r:.60}")
        enum = constraints.get("enum")
        if enum is not None and not (
            isinstance(enum, list) and all(isinstance(v, str | int | float | bool) for v in enum)
        ):
            raise PackageError(f"{at}: expected an enum as a list of values, found {enum!r:.60}")
        names.append(item["name"])
    if len(set(names)) != len(names):
        raise PackageError(f"{where}: expected each field named once, found {names}")
    key = schema.get("primaryKey") or []
    key_names = [key] if isinstance(key, str) else key
    if not isinstance(key_names, list) or not all(isinstance(k, str) and k in names for k in key_names):
        raise PackageError(f"{where}: expected a primaryKey naming its fields, found {key!r:.60}")


def _key(schema: dict[str, Any]) -> tuple[str, ...]:
    key = schema.get("primaryKey") or []
    return (key,) if isinstance(key, str) else tuple(key)


def schema_changes(table: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """How a table's schema changed, each change with the bump it needs (see the module)."""
    old_fields = {f["name"]: f for f in old.get("fields", [])}
    new_fields = {f["name"]: f for f in new.get("fields", [])}
    changes = []

    def change(level: Level, detail: str) -> None:
        changes.append(Change(level, table, "schema", detail))

    if removed := [n for n in old_fields if n not in new_fields]:
        change("major", f"fields removed: {', '.join(removed)}")
    added = [n for n in new_fields if n not in old_fields]
    kept_order = [n for n in new_fields if n in old_fields]
    if kept_order != [n for n in old_fields if n in new_fields]:
        change("major", "fields reordered")
    appended = list(new_fields)[len(new_fields) - len(added) :] == added
    for name in added:
        required = new_fields[name].get("constraints", {}).get("required")
        if required or not appended:
            change("major", f"field added {'as required' if required else 'among the existing ones'}: {name}")
        else:
            change("minor", f"nullable field added: {name}")
    for name in kept_order:
        level = _field_change(old_fields[name], new_fields[name])
        if level:
            change(level, f"field changed: {name}" + (" (enum widened)" if level == "minor" else ""))
    for rule in ("primaryKey", "foreignKeys", "missingValues"):
        if old.get(rule) != new.get(rule):
            change("major", f"{rule} changed")
    return changes


def _field_change(old: dict[str, Any], new: dict[str, Any]) -> Level | None:
    """None if the field means the same; "minor" if only its enum grew; else "major"."""
    prose = {"description", "title", "example"}
    old_shape = {k: v for k, v in old.items() if k not in prose}
    new_shape = {k: v for k, v in new.items() if k not in prose}
    if old_shape == new_shape:
        return None
    old_constraints, new_constraints = dict(old.get("constraints", {})), dict(new.get("constraints", {}))
    old_enum, new_enum = old_constraints.pop("enum", None), new_constraints.pop("enum", None)
    same_otherwise = {**old_shape, "constraints": old_constraints} == {
        **new_shape,
        "constraints": new_constraints,
    }
    if same_otherwise and old_enum is not None and new_enum is not None and set(old_enum) <= set(new_enum):
        return "minor"
    return "major"


def _has_rows(package: Package, table: str) -> bool:
    """Whether the CSV of ``table`` holds a row below its header; read up to that row only.
    A file that cannot be read counts as holding rows: validation refuses it."""
    path = package.file(package.resource(table))
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            rows = csv.reader(stream)
            next(rows, None)  # the header
            return any(row for row in rows)
    except FileNotFoundError:
        return False
    except (UnicodeDecodeError, csv.Error):
        return True


@dataclass(frozen=True)
class _Rows:
    key_names: tuple[str, ...]
    names: list[str]
    keys: Any  # one string per row: its key cells joined
    rows: Any  # one string per row: all its cells joined


_SEPARATOR = "\x1f"  # the unit separator: not in any cell the parser keeps


def _rows(package: Package, table: str, key: tuple[str, ...], columns: list[str] | None = None) -> _Rows:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    path = package.file(package.resource(table))
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            names = next(csv.reader(stream), [])
        data = pacsv.read_csv(
            path,
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, "string"), strings_can_be_null=False
            ),
        )
    except FileNotFoundError:
        raise PackageError(f"{path}: expected the CSV of table {table}, found no such file") from None
    except (UnicodeDecodeError, csv.Error, pa.ArrowInvalid) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PackageError(
            f"{path}: expected a UTF-8 CSV table to compare, found one that cannot be read: {reason}",
            hint="validating it (or verifying it, for a release) says where",
            action="validate",
            path=path,
        ) from None
    compared = columns if columns is not None else names
    if missing := [n for n in (*key, *compared) if n not in data.column_names]:
        raise PackageError(
            f"{path}: expected the columns {sorted(set(missing))} its schema names, found the header {names}"
        )
    joined = [pc.binary_join_element_wise(*[data[n] for n in part], _SEPARATOR) for part in (key, compared)]
    return _Rows(key, compared, *joined)


def _row_changes(table: str, old: _Rows, new: _Rows) -> list[Change]:
    import pyarrow.compute as pc

    added = new.keys.filter(pc.invert(pc.is_in(new.keys, value_set=old.keys)))
    removed = old.keys.filter(pc.invert(pc.is_in(old.keys, value_set=new.keys)))
    where = pc.index_in(new.keys, value_set=old.keys)
    before = old.rows.take(where)
    corrected = pc.and_(pc.is_valid(where), pc.not_equal(new.rows, before)).fill_null(False)
    changes = []
    annotation = contract.annotates(table)
    if len(removed):
        level: Level = "patch" if annotation else "major"
        changes.append(
            Change(level, table, "removed", _describe(removed.to_pylist(), new.key_names), len(removed))
        )
    if len(added):
        level = "patch" if annotation else "minor"
        changes.append(Change(level, table, "added", _describe(added.to_pylist(), new.key_names), len(added)))
    fixed_keys = new.keys.filter(corrected).to_pylist()
    pairs = zip(
        new.rows.filter(corrected).to_pylist()[:50], before.filter(corrected).to_pylist()[:50], strict=True
    )
    for row_key, (after, earlier) in zip(fixed_keys, pairs, strict=False):
        cells = zip(new.names, after.split(_SEPARATOR), earlier.split(_SEPARATOR), strict=False)
        fields = sorted(name for name, a, b in cells if a != b)
        changes.append(
            Change("patch", table, "corrected", f"{_key_text(row_key, new.key_names)}: {', '.join(fields)}")
        )
    if len(fixed_keys) > 50:
        changes.append(
            Change("patch", table, "corrected", f"and {len(fixed_keys) - 50} more rows", len(fixed_keys) - 50)
        )
    return changes


def _describe(keys: list[str], names: tuple[str, ...]) -> str:
    shown = ", ".join(_key_text(k, names) for k in keys[:10])
    return f"{len(keys)} row(s): {shown}" + (" …" if len(keys) > 10 else "")


def _key_text(key: str, names: tuple[str, ...]) -> str:
    """A joined key as people read it: "thread", "thread (position 3)"."""
    first, *rest = key.split(_SEPARATOR)
    parts = [f"{name} {value}" for name, value in zip(names[1:], rest, strict=False) if value]
    return f"{first} ({', '.join(parts)})" if parts else first
