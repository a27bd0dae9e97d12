"""The shape of a descriptor, checked before any table is read or frictionless sees it.

frictionless and the fast engine trust a descriptor's shape: a ``hash`` that is a
number, a field that is a list, ``"required": "yes"`` or a bound no reader can read
make them raise instead of report, and a ``profile`` that is a URL or a file name
makes frictionless fetch or open it. So the descriptor is checked here first, as
JSON values, and whatever is wrong is a finding (``expected X, found Y``):

- the package's and each resource's ``profile`` (or legacy ``profiles``) is a
  standard one or absent: any other is reported and never handed on;
- a resource has a unique string name; ``bytes`` is a whole number; ``hash`` is
  ``<algorithm>:<hex>`` (md5, sha1, sha256, sha512) or 32 hex digits (md5); its
  dialect is an object (a dialect file was read through the path gate by
  ``load_package``); ``format`` and ``encoding`` are strings; no ``extrapaths``;
- a schema's fields are objects with string names; ``constraints`` is an object
  whose values have the types the Table Schema gives them, and a bound
  (``minimum``, ``maximum``) is one the field's type can read;
  ``missingValues``, ``primaryKey`` and ``foreignKeys`` have their shapes.

Keys given as one field name become lists (``normalised``), as frictionless reads
them. A bad ``hash`` or ``bytes`` is dropped from what the engines see and a bad
``profile`` gives way to the standard one (the data is still checked); a resource
with any other fault is left out of the table checks altogether, its finding
saying why.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

from threadarchive.contract.findings import (
    DIALECT_ERROR,
    PACKAGE_ERROR,
    RESOURCE_ERROR,
    SCHEMA_ERROR,
    Finding,
    Kind,
)
from threadarchive.contract.package import Package, Resource
from threadarchive.validation.schema.literals import read_literal

PACKAGE_PROFILES = ("data-package", "tabular-data-package")
RESOURCE_PROFILES = ("data-resource", "tabular-data-resource")
HASH_DIGITS = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}
_HASH = re.compile(r"(?:(?P<algorithm>[a-z0-9]+):)?(?P<digits>[0-9a-fA-F]+)")
# What each constraint's value is, as JSON: the Table Schema's types.
_FLAGS = ("required", "unique")
_LENGTHS = ("minLength", "maxLength")
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
# The field types whose bounds frictionless reads with the field's own reader (and
# crashes on one it cannot read); others reject bounds in their descriptor check.
_BOUNDED = ("integer", "number", "date", "datetime", "time", "year", "yearmonth")
_SHOWN = 60  # characters of a found value a message shows


def check(package: Package) -> tuple[Package, list[Finding]]:
    """The package as the engines may see it, and what is wrong with its shape.

    The package returned lacks the resources that cannot be checked (each has a
    finding), and the profiles, hashes and sizes that are not well formed.
    """
    where = package.descriptor_path.name
    findings: list[Finding] = []
    descriptor = dict(package.descriptor)
    for key, allowed in (("profile", PACKAGE_PROFILES), ("profiles", PACKAGE_PROFILES)):
        if key in descriptor and (fault := _profile_fault(descriptor[key], allowed)):
            findings.append(PACKAGE_ERROR(f"the package's {key}: {fault}", path=where))
            del descriptor[key]
    # In a tabular package a resource's bad profile gives way to the one the package
    # requires, so frictionless still checks the package's tables.
    default = "tabular-data-resource" if descriptor.get("profile") == "tabular-data-package" else None
    kept: list[Resource] = []
    names: set[str] = set()
    for index, resource in enumerate(package.resources):
        problems, cleaned = _resource(resource, index, where, names, default)
        findings.extend(problems)
        if cleaned is not None:
            kept.append(cleaned)
            names.add(cleaned.name)
    return replace(package, descriptor=descriptor, resources=tuple(kept)), findings


def _resource(
    resource: Resource, index: int, where: str, names: set[str], default_profile: str | None
) -> tuple[list[Finding], Resource | None]:
    """What is wrong with one resource, and the resource as the engines may see it (None
    when it cannot be checked)."""
    item = dict(resource.descriptor)
    name = item.get("name")
    label = f"resources[{index}]" + (f" ({name})" if isinstance(name, str) and name else "")
    findings: list[Finding] = []

    def fault(kind: Kind, message: str, path: str = where, **at: Any) -> None:
        findings.append(kind(f"{label}: {message}", path=path, **at))

    usable = True
    if not isinstance(name, str) or not name:
        fault(RESOURCE_ERROR, f"expected a name that is a non-empty string, found {_shown(name)}")
        usable = False
    elif name in names:
        fault(RESOURCE_ERROR, f"expected a name no other resource has, found {name!r} again")
        usable = False
    for key in ("profile", "profiles"):
        if key in item and (problem := _profile_fault(item[key], RESOURCE_PROFILES)):
            fault(RESOURCE_ERROR, f"{key}: {problem}")
            del item[key]
            if key == "profile" and default_profile:
                item[key] = default_profile
    if "hash" in item and (problem := _hash_fault(item["hash"])):
        fault(RESOURCE_ERROR, f"hash: {problem}")
        del item["hash"]
    for key in ("bytes", "x-bytes"):
        if key in item and not _whole(item[key]):
            fault(RESOURCE_ERROR, f"{key}: expected a whole number of bytes, found {_shown(item[key])}")
            del item[key]
    for key in ("format", "encoding", "compression", "mediatype"):
        if key in item and not isinstance(item[key], str):
            fault(RESOURCE_ERROR, f"{key}: expected a string, found {_shown(item[key])}")
            usable = False
    if item.get("extrapaths"):
        found = _shown(item["extrapaths"])
        fault(RESOURCE_ERROR, f"extrapaths: expected one data file per resource, found also {found}")
        usable = False
    dialect = item.get("dialect")
    if dialect is not None and not isinstance(dialect, dict):
        fault(
            DIALECT_ERROR, f"dialect: expected an object or the path of a JSON file, found {_shown(dialect)}"
        )
        usable = False
    schema_problems = _schema(resource.schema)
    for message, field_name in schema_problems:
        fault(SCHEMA_ERROR, message, path=resource.schema_path or where, field=field_name)
    if schema_problems or not usable:
        return findings, None
    return findings, replace(resource, descriptor=item, schema=normalised(resource.schema))


def normalised(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its keys as lists: Table Schema lets ``primaryKey`` and a foreign
    key's ``fields`` be one field name, and a reference omit ``resource`` (the table
    itself); frictionless reads them so, and its profile then wants the lists."""
    schema = dict(schema)
    if isinstance(schema.get("primaryKey"), str):
        schema["primaryKey"] = [schema["primaryKey"]]
    if schema.get("foreignKeys"):
        keys = []
        for key in schema["foreignKeys"]:
            reference = dict(key["reference"])
            reference.setdefault("resource", "")
            reference["fields"] = _listed(reference["fields"])
            keys.append({**key, "fields": _listed(key["fields"]), "reference": reference})
        schema["foreignKeys"] = keys
    return schema


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _schema(schema: dict[str, Any]) -> list[tuple[str, str | None]]:
    """What is wrong with a Table Schema's shape: (message, field name) pairs."""
    problems: list[tuple[str, str | None]] = []
    fields = schema.get("fields", [])
    if not isinstance(fields, list):
        return [(f"fields: expected a list of field objects, found {_shown(fields)}", None)]
    names = set()
    for number, field in enumerate(fields, start=1):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
            found = _shown(field.get("name") if isinstance(field, dict) else field)
            problems.append((f"field {number}: expected an object with a string 'name', found {found}", None))
            continue
        names.add(field["name"])
        problems.extend((f"field {field['name']!r}: {m}", field["name"]) for m in _field(field))
    if "missingValues" in schema and not _strings(schema["missingValues"]):
        problems.append(
            (f"missingValues: expected a list of strings, found {_shown(schema['missingValues'])}", None)
        )
    if "primaryKey" in schema and (problem := _key_fault(schema["primaryKey"], names)):
        problems.append((f"primaryKey: {problem}", None))
    foreign_keys = schema.get("foreignKeys", [])
    if not isinstance(foreign_keys, list):
        return [*problems, (f"foreignKeys: expected a list, found {_shown(foreign_keys)}", None)]
    for number, key in enumerate(foreign_keys):
        reference = key.get("reference") if isinstance(key, dict) else None
        if not isinstance(key, dict) or not isinstance(reference, dict):
            found = _shown(key)
            problems.append(
                (
                    f"foreignKeys[{number}]: expected an object with 'fields' and a 'reference', found {found}",
                    None,
                )
            )
        elif problem := _key_fault(key.get("fields"), names):
            problems.append((f"foreignKeys[{number}] fields: {problem}", None))
        elif not isinstance(reference.get("resource", ""), str) or not _names(reference.get("fields")):
            expected = "a 'resource' name and 'fields' (a field name or a list of them)"
            problems.append(
                (f"foreignKeys[{number}] reference: expected {expected}, found {_shown(reference)}", None)
            )
    return problems


def _key_fault(value: Any, names: set[str]) -> str | None:
    """Why a key (a field name or a list of them) is not one of the schema's fields, if so."""
    if not _names(value):
        return f"expected a field name or a list of them, found {_shown(value)}"
    unknown = [name for name in ([value] if isinstance(value, str) else value) if name not in names]
    return f"expected fields of the schema, found {_shown(unknown[0])}, which is not one" if unknown else None


def _field(field: dict[str, Any]) -> list[str]:
    """What is wrong with one field's shape (its name is a string)."""
    problems = [
        f"{key}: expected a string, found {_shown(field[key])}"
        for key in ("type", "format")
        if key in field and not isinstance(field[key], str)
    ]
    typed = not problems  # a bound is read by the field's type: only once that is a string
    if "missingValues" in field and not _strings(field["missingValues"]):
        problems.append(f"missingValues: expected a list of strings, found {_shown(field['missingValues'])}")
    if "bareNumber" in field and not isinstance(field["bareNumber"], bool):
        problems.append(f"bareNumber: expected true or false, found {_shown(field['bareNumber'])}")
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        return [*problems, f"constraints: expected an object, found {_shown(constraints)}"]
    for key, value in constraints.items():
        if key in _FLAGS and not isinstance(value, bool):
            problems.append(f"constraint {key}: expected true or false, found {_shown(value)}")
        elif key in _LENGTHS and not _whole(value):
            problems.append(f"constraint {key}: expected a whole number, found {_shown(value)}")
        elif key == "pattern" and (problem := _pattern_fault(value)):
            problems.append(f"constraint pattern: {problem}")
        elif key == "enum" and not (isinstance(value, list) and all(_scalar(v) for v in value)):
            problems.append(f"constraint enum: expected a list of values, found {_shown(value)}")
        elif key in _BOUNDS and typed and field.get("type", "any") in _BOUNDED and not _bound(field, value):
            kind = field.get("type", "any")
            problems.append(f"constraint {key}: expected a value of type {kind}, found {_shown(value)}")
    return problems


def _pattern_fault(value: Any) -> str | None:
    """Why a pattern is not one Python reads (frictionless compiles ``^pattern$``), if so."""
    if not isinstance(value, str):
        return f"expected a regular expression as a string, found {_shown(value)}"
    try:
        re.compile(f"^{value}$")
    except (re.error, RecursionError, OverflowError) as exc:
        return f"expected a regular expression Python reads, found {_shown(value)} ({exc})"
    return None


def _bound(field: dict[str, Any], value: Any) -> bool:
    """Whether the field's type reads ``value`` (frictionless compares cells with what it reads)."""
    return value is not None and _scalar(value) and read_literal(field, value) is not None


def _profile_fault(value: Any, allowed: tuple[str, ...]) -> str | None:
    values = value if isinstance(value, list) else [value]
    if all(isinstance(v, str) and v in allowed for v in values):
        return None
    return (
        f"expected one of {', '.join(allowed)} or none, found {_shown(value)}; "
        "it is not fetched or read, and not checked"
    )


def _hash_fault(value: Any) -> str | None:
    match = _HASH.fullmatch(value) if isinstance(value, str) else None
    if match is not None:
        algorithm = match["algorithm"] or "md5"
        if HASH_DIGITS.get(algorithm) == len(match["digits"]):
            return None
    return (
        f"expected sha256:<64 hex digits> (or md5:, sha1:, sha512: with their digits, or 32 hex "
        f"digits for md5), found {_shown(value)}"
    )


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _scalar(value: Any) -> bool:
    return (
        value is None or isinstance(value, str | int) or (isinstance(value, float) and math.isfinite(value))
    )


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _names(value: Any) -> bool:
    return (isinstance(value, str) and bool(value)) or (
        isinstance(value, list) and bool(value) and all(isinstance(v, str) and v for v in value)
    )


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."
