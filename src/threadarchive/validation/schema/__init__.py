"""The Frictionless layer of validation: every table against its Table Schema.

Two engines give the same findings (type, row, field):

- ``fast``: pyarrow reads each table in batches and every check runs over whole
  columns, so memory stays bounded and no Python object is made per row. It
  follows frictionless 5's rules exactly, quirks included.
- ``frictionless``: frictionless itself (fallback.py), for what the fast engine
  does not cover (other field types, formats, dialects or encodings) and on request.

The modules, in the order data flows through them::

    rules.py        what each field's schema asks; Unsupported for the rest
    detected.py     Unsupported for a CSV frictionless reads with a dialect it detects
    reading.py      a table as batches of cells (CSV strings, Parquet typed)
    casting.py      cells as typed values, as frictionless reads them
    constraints.py  required, pattern (time-limited), enum, lengths, bounds
    keys.py         unique fields, primary and foreign keys (composite, to the table itself)
    table.py        one table: TableCheck(...).batches() yields typed rows; .scan after
    fallback.py     frictionless itself

Rows are numbered as frictionless numbers them: the header is row 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from threadarchive import contract
from threadarchive.contract.package import Resource
from threadarchive.validation.scan import TableScan
from threadarchive.validation.schema.rules import Unsupported, as_list, readable_schema

if TYPE_CHECKING:
    from threadarchive.validation.schema.keys import ForeignKey, Reference
    from threadarchive.validation.schema.table import TableCheck, Typed

__all__ = [
    "Reference",
    "TableCheck",
    "TableScan",
    "Typed",
    "Unsupported",
    "check_references",
    "foreign_keys",
    "ordered",
    "readable_schema",
    "referenced_fields",
]


def __getattr__(name: str) -> Any:
    """The fast engine's classes, imported when first used: pyarrow and numpy are not
    needed by the SQL engines, and cost a run 0.25 s to import."""
    if name in ("TableCheck", "Typed"):
        from threadarchive.validation.schema import table

        return getattr(table, name)
    if name == "Reference":
        from threadarchive.validation.schema.keys import Reference

        return Reference
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def target_of(resource: Resource, fk: dict[str, Any]) -> str:
    """The resource a foreign key points to: "threads" from "tweets", "threads-parquet"
    from "tweets-parquet" (a release's Parquet tables refer to each other)."""
    name = str(fk.get("reference", {}).get("resource") or resource.name)
    return contract.table_of(name) + resource.name[len(resource.table) :]


def referenced_fields(resources: list[Resource]) -> dict[str, set[str]]:
    """Per resource, the fields other resources' foreign keys refer to."""
    referenced: dict[str, set[str]] = {}
    for resource in resources:
        for fk in resource.schema.get("foreignKeys", []):
            target = target_of(resource, fk)
            referenced.setdefault(target, set()).update(as_list(fk.get("reference", {}).get("fields")))
    return referenced


def ordered(resources: list[Resource]) -> list[Resource]:
    """Referenced tables first, so foreign keys are checked batch by batch."""
    referenced = referenced_fields(resources)
    return sorted(resources, key=lambda r: r.name not in referenced)


def foreign_keys(
    resource: Resource, scans: Mapping[str, TableScan]
) -> tuple[dict[str, ForeignKey], list[Reference]]:
    """The resource's foreign keys: those checked batch by batch as it is read (one
    string field of another table read before), and the others, checked by
    ``check_references`` once every table is read (composite keys, keys to the table
    itself or to a table read after it, keys of other types)."""
    from threadarchive.validation.schema.keys import ForeignKey, Reference

    streamed, later = {}, []
    for fk in resource.schema.get("foreignKeys", []):
        names, target_fields = as_list(fk.get("fields")), as_list(fk.get("reference", {}).get("fields"))
        target = target_of(resource, fk)
        scan = scans.get(target)
        if (
            len(names) == 1
            and len(target_fields) == 1
            and target != resource.name
            and scan is not None
            and scan.readable
            and target_fields[0] in scan.columns
            and _field_type(resource, names[0]) == _field_type(scan.resource, target_fields[0]) == "string"
        ):
            values = scan.columns[target_fields[0]].combine_chunks()
            streamed[names[0]] = ForeignKey(names[0], scan.resource.name, target_fields[0], values)
        else:
            later.append(Reference(names, target, target_fields))
    return streamed, later


def check_references(scan: TableScan, references: list[Reference], scans: Mapping[str, TableScan]) -> None:
    """Add to ``scan`` the findings of the foreign keys not checked as it was read."""
    for reference in references:
        target = scans.get(reference.target)
        if target is None or not target.readable or not scan.readable:
            continue  # the table's own findings say why it cannot be read
        scan.extend(*reference.orphans(scan.columns, target.columns, scan.resource.path, scan.room()))
    scan.sort()


def _field_type(resource: Resource, name: str) -> str | None:
    fields = resource.schema.get("fields", [])
    return next((f.get("type", "any") for f in fields if f.get("name") == name), None)
