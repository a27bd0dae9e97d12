"""Semantic versions of the data, and what changed between two packages.

The Frictionless data-package versioning recipe, as this archive applies it:

| change                                              | bump  |
| --------------------------------------------------- | ----- |
| a table's schema changes (fields, types, keys, ...) | major |
| threads or tweets removed (their key is gone)       | major |
| threads added, or tweets added to a thread          | minor |
| values corrected in existing rows                   | patch |
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import InputError
from .package import Package, load_package

Level = Literal["major", "minor", "patch"]
LEVELS: tuple[Level, ...] = ("patch", "minor", "major")
KEYS = {"threads": ("thread_id",), "tweets": ("thread_id", "position")}
_SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _SEMVER.fullmatch(text.strip())
        if not match:
            raise InputError(f"expected a version like 1.2.3, found {text!r}")
        return cls(*map(int, match.groups()))

    def bump(self, level: Level) -> Version:
        if level == "major":
            return Version(self.major + 1, 0, 0)
        if level == "minor":
            return Version(self.major, self.minor + 1, 0)
        return Version(self.major, self.minor, self.patch + 1)

    def level_from(self, older: Version) -> Level | None:
        """The bump that leads from ``older`` to this version, None if not newer."""
        if self <= older:
            return None
        if self.major != older.major:
            return "major"
        return "minor" if self.minor != older.minor else "patch"

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


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

    Rows are compared whole, keyed by each table's key, over whole columns; both
    tables are held in memory as one string per row while they are compared.
    """
    new_package = load_package(new)
    result = Diff(None if old is None else str(old), str(new))
    if old is None:
        for table in KEYS:
            new_package.resource(table)  # a missing table is an error even now
            result.changes.append(Change("minor", table, "added", "every row (first release)"))
        return result
    old_package = load_package(old)
    for table, key in KEYS.items():
        old_resource, new_resource = old_package.resource(table), new_package.resource(table)
        if _schema_shape(old_resource.schema) != _schema_shape(new_resource.schema):
            detail = _schema_difference(old_resource.schema, new_resource.schema)
            result.changes.append(Change("major", table, "schema", detail))
        result.changes.extend(
            _row_changes(table, _rows(old_package, table, key), _rows(new_package, table, key))
        )
        result.counts[table] = {
            kind: sum(c.count for c in result.changes if c.table == table and c.kind == kind)
            for kind in ("added", "removed", "corrected")
        }
    return result


@dataclass(frozen=True)
class _Rows:
    names: list[str]
    keys: Any  # one string per row: its key cells joined
    rows: Any  # one string per row: all its cells joined


_SEPARATOR = "\x1f"  # the unit separator: not in any cell the parser keeps


def _rows(package: Package, table: str, key: tuple[str, ...]) -> _Rows:
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    path = package.base / package.resource(table).path
    with path.open(encoding="utf-8", newline="") as stream:
        names = next(csv.reader(stream), [])
    data = pacsv.read_csv(
        path,
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, "string"), strings_can_be_null=False
        ),
    )
    joined = [
        pc.binary_join_element_wise(*[data[n] for n in columns], _SEPARATOR) for columns in (key, names)
    ]
    return _Rows(names, *joined)


def _row_changes(table: str, old: _Rows, new: _Rows) -> list[Change]:
    import pyarrow.compute as pc

    added = new.keys.filter(pc.invert(pc.is_in(new.keys, value_set=old.keys)))
    removed = old.keys.filter(pc.invert(pc.is_in(old.keys, value_set=new.keys)))
    where = pc.index_in(new.keys, value_set=old.keys)
    before = old.rows.take(where)
    corrected = pc.and_(pc.is_valid(where), pc.not_equal(new.rows, before)).fill_null(False)
    changes = []
    if len(removed):
        changes.append(Change("major", table, "removed", _describe(removed.to_pylist()), len(removed)))
    if len(added):
        changes.append(Change("minor", table, "added", _describe(added.to_pylist()), len(added)))
    fixed_keys = new.keys.filter(corrected).to_pylist()
    pairs = zip(
        new.rows.filter(corrected).to_pylist()[:50], before.filter(corrected).to_pylist()[:50], strict=True
    )
    for row_key, (after, earlier) in zip(fixed_keys, pairs, strict=False):
        cells = zip(new.names, after.split(_SEPARATOR), earlier.split(_SEPARATOR), strict=False)
        fields = sorted(name for name, a, b in cells if a != b)
        changes.append(Change("patch", table, "corrected", f"{_key_text(row_key)}: {', '.join(fields)}"))
    if len(fixed_keys) > 50:
        changes.append(
            Change("patch", table, "corrected", f"and {len(fixed_keys) - 50} more rows", len(fixed_keys) - 50)
        )
    return changes


def _schema_shape(schema: dict[str, Any]) -> Any:
    """What a schema promises, without its prose (titles and descriptions)."""
    fields = [
        {k: v for k, v in f.items() if k not in {"description", "title", "example"}}
        for f in schema.get("fields", [])
    ]
    return fields, schema.get("primaryKey"), schema.get("foreignKeys"), schema.get("missingValues")


def _schema_difference(old: dict[str, Any], new: dict[str, Any]) -> str:
    old_fields = {f["name"]: f for f in old.get("fields", [])}
    new_fields = {f["name"]: f for f in new.get("fields", [])}
    parts = []
    if added := sorted(new_fields.keys() - old_fields.keys()):
        parts.append(f"fields added: {', '.join(added)}")
    if removed := sorted(old_fields.keys() - new_fields.keys()):
        parts.append(f"fields removed: {', '.join(removed)}")
    changed = sorted(
        n
        for n in old_fields.keys() & new_fields.keys()
        if _schema_shape({"fields": [old_fields[n]]}) != _schema_shape({"fields": [new_fields[n]]})
    )
    if changed:
        parts.append(f"fields changed: {', '.join(changed)}")
    return "; ".join(parts) or "field order, keys or missing values changed"


def _describe(keys: list[str]) -> str:
    shown = ", ".join(_key_text(k) for k in keys[:10])
    return f"{len(keys)} row(s): {shown}" + (" …" if len(keys) > 10 else "")


def _key_text(key: str) -> str:
    """A joined key as people read it: "thread" or "thread #3"."""
    return " #".join(key.split(_SEPARATOR))
