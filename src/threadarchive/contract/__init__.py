"""The data contract: the tables, their schemas, keys and files, and the marker grammar.

Everything is read from the Table Schemas this package ships (``threadarchive/schemas``):
``datapackage.json`` there lists the tables in order with their titles, and each
``<table>.schema.json`` their fields, keys and patterns. No other module names a
field's pattern, a key or a file suffix: adding a table is adding its schema and
its entry there; renaming a file suffix is a change of ``Table.path``.

An archive keeps a copy of these schemas under its own ``schemas/`` (Frictionless
needs them beside its descriptor); ``threadarchive rebuild`` writes that copy.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from threadarchive.contract.layout import DESCRIPTOR, SCHEMA_DIR

# Every table of a release is published in each of these formats; CSV is the
# working format, so a CSV resource is named after its table and the others get a suffix.
FORMATS = ("csv", "parquet")
MEDIA_TYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


@dataclass(frozen=True)
class Table:
    """One table of the contract."""

    name: str
    title: str
    description: str
    schema: dict[str, Any]
    # Its rows annotate threads (their capture history, acknowledged anomalies) rather
    # than hold data: rows added or removed are a patch, not a minor or major change.
    annotates: bool = False
    # The columns of its ID-only ("dehydrated") variant: identifiers and dates, no
    # text; empty when the variant has no such table.
    ids: tuple[str, ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.schema["fields"]]

    @property
    def primary_key(self) -> tuple[str, ...]:
        return tuple(self.schema.get("primaryKey", ()))

    @property
    def schema_path(self) -> str:
        """Where an archive keeps the table's schema, relative to its root."""
        return f"{SCHEMA_DIR}/{self.name}.schema.json"

    def field(self, name: str) -> dict[str, Any]:
        for field in self.schema["fields"]:
            if field["name"] == name:
                return dict(field)
        raise KeyError(f"table {self.name} has no field {name!r}")

    def pattern(self, name: str) -> str:
        """The field's pattern, as frictionless applies it: anchored at both ends."""
        return str(self.field(name)["constraints"]["pattern"])

    def enum(self, name: str) -> list[str]:
        return list(self.field(name)["constraints"]["enum"])

    def meanings(self, name: str) -> dict[str, str]:
        """What each value of a field with a controlled vocabulary means."""
        return dict(self.field(name).get("x-meanings", {}))

    def ids_schema(self) -> dict[str, Any]:
        """The Table Schema of the table's ID-only variant: its ``ids`` columns, in order."""
        keep = set(self.ids)
        return {**self.schema, "fields": [f for f in self.schema["fields"] if f["name"] in keep]}

    def path(self, fmt: str = "csv") -> str:
        """The data file of the table in format ``fmt``, relative to the package."""
        return f"data/{self.name}.{fmt}"

    def resource_name(self, fmt: str = "csv") -> str:
        return self.name if fmt == "csv" else f"{self.name}-{fmt}"


def _read(name: str) -> Any:
    return json.loads((resources.files("threadarchive") / SCHEMA_DIR / name).read_text(encoding="utf-8"))


@functools.cache
def tables() -> tuple[Table, ...]:
    """The tables of the contract, in the order a package lists them."""
    found = []
    for entry in _read(DESCRIPTOR)["resources"]:
        schema_file = entry["schema"].removeprefix(f"{SCHEMA_DIR}/")
        found.append(
            Table(
                entry["name"],
                entry["title"],
                entry["description"],
                _read(schema_file),
                bool(entry.get("x-annotates")),
                tuple(entry.get("x-ids", ())),
            )
        )
    return tuple(found)


def table(name: str) -> Table:
    """The table called ``name``; KeyError if the contract has none."""
    for candidate in tables():
        if candidate.name == name:
            return candidate
    raise KeyError(f"the data contract has no table {name!r}")


def annotates(name: str) -> bool:
    """Whether rows of the table ``name`` annotate threads (False for a table the contract lacks)."""
    return any(t.annotates for t in tables() if t.name == name)


def table_names() -> tuple[str, ...]:
    return tuple(t.name for t in tables())


def table_of(resource_name: str) -> str:
    """The table a resource holds: ``tweets`` for ``tweets`` and ``tweets-parquet``."""
    for fmt in FORMATS[1:]:
        if resource_name.endswith(f"-{fmt}"):
            return resource_name.removesuffix(f"-{fmt}")
    return resource_name


def fullmatch(table_name: str, field: str, value: str) -> bool:
    """Whether ``value`` matches the field's pattern as frictionless checks it."""
    return _compiled(table_name, field).fullmatch(value) is not None


@functools.cache
def _compiled(table_name: str, field: str) -> re.Pattern[str]:
    return re.compile(table(table_name).pattern(field))


def marker_pattern() -> str:
    """The numbering-marker grammar ("1/", "/12", "3/13", "(2/3)"): the tweets schema's."""
    return table("tweets").pattern("marker")


def resource_descriptor(item: Table, fmt: str = "csv") -> dict[str, Any]:
    """The descriptor of the table's resource in a working package (schema by path)."""
    descriptor: dict[str, Any] = {
        "name": item.resource_name(fmt),
        "title": item.title,
        "description": item.description,
        "profile": "tabular-data-resource",
        "path": item.path(fmt),
        "format": fmt,
        "mediatype": MEDIA_TYPES[fmt],
    }
    if fmt == "csv":
        descriptor["encoding"] = "utf-8"
    descriptor["schema"] = item.schema_path
    return descriptor


def schema_bytes(item: Table) -> bytes:
    """The schema file an archive keeps for ``item``, byte for byte as shipped."""
    return (resources.files("threadarchive") / item.schema_path).read_bytes()
