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
            "changes": [c.__dict__ for c in self.changes],
        }


def diff_packages(old: str | Path | None, new: str | Path) -> Diff:
    """Compare two packages (release folders or the working package) table by table."""
    new_package = load_package(new)
    result = Diff(None if old is None else str(old), str(new))
    old_package = None if old is None else load_package(old)
    for table, key in KEYS.items():
        new_resource = new_package.resource(table)
        new_rows = _rows(new_package, table, key)
        if old_package is None:
            result.counts[table] = {"added": len(new_rows), "removed": 0, "corrected": 0}
            if new_rows:
                result.changes.append(
                    Change("minor", table, "added", f"{len(new_rows)} row(s) (first release)")
                )
            continue
        old_resource = old_package.resource(table)
        if _schema_shape(old_resource.schema) != _schema_shape(new_resource.schema):
            detail = _schema_difference(old_resource.schema, new_resource.schema)
            result.changes.append(Change("major", table, "schema", detail))
        old_rows = _rows(old_package, table, key)
        added = sorted(new_rows.keys() - old_rows.keys())
        removed = sorted(old_rows.keys() - new_rows.keys())
        corrected = sorted(k for k in new_rows.keys() & old_rows.keys() if new_rows[k] != old_rows[k])
        result.counts[table] = {"added": len(added), "removed": len(removed), "corrected": len(corrected)}
        if removed:
            result.changes.append(Change("major", table, "removed", _describe(removed)))
        if added:
            result.changes.append(Change("minor", table, "added", _describe(added)))
        for row_key in corrected[:50]:
            fields = sorted(n for n in new_rows[row_key] if new_rows[row_key][n] != old_rows[row_key].get(n))
            result.changes.append(
                Change("patch", table, "corrected", f"{_key_text(row_key)}: {', '.join(fields)}")
            )
        if len(corrected) > 50:
            more = f"and {len(corrected) - 50} more rows"
            result.changes.append(Change("patch", table, "corrected", more))
    return result


def _rows(package: Package, table: str, key: tuple[str, ...]) -> dict[tuple[str, ...], dict[str, str]]:
    resource = package.resource(table)
    with (package.base / resource.path).open(encoding="utf-8", newline="") as stream:
        return {tuple(row[k] for k in key): row for row in csv.DictReader(stream)}


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


def _describe(keys: list[tuple[str, ...]]) -> str:
    shown = ", ".join(_key_text(k) for k in keys[:10])
    return f"{len(keys)} row(s): {shown}" + (" …" if len(keys) > 10 else "")


def _key_text(key: tuple[str, ...]) -> str:
    return key[0] if len(key) == 1 else f"{key[0]} #{key[1]}"
