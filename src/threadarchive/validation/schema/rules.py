"""What a Table Schema asks of each field, as the fast engine understands it.

The fast engine covers the types and constraints this project's schemas use
(string, integer, number, date, datetime; required, unique, pattern, enum, lengths
and bounds, exclusive ones too), default formats and dialects. Anything else raises Unsupported, and
frictionless itself checks that table (schema/fallback.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from threadarchive.contract.package import Resource
from threadarchive.validation.schema.literals import EXPECTED  # noqa: F401 (for callers)

if TYPE_CHECKING:
    import pyarrow as pa

BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
CONSTRAINTS = {
    "string": {"required", "unique", "pattern", "enum", "minLength", "maxLength"},
    "integer": {"required", "unique", "enum", *BOUNDS},
    "number": {"required", "unique", "enum", *BOUNDS},
    "date": {"required", "unique", "enum", *BOUNDS},
    "datetime": {"required", "unique", "enum", *BOUNDS},
}


def arrow_type_fits(kind: str, data_type: pa.DataType) -> bool:
    """Whether a Parquet column of ``data_type`` holds values of a field of type ``kind``."""
    import pyarrow as pa

    return {
        "string": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
        "integer": pa.types.is_integer,
        "number": lambda t: pa.types.is_floating(t) or pa.types.is_integer(t) or pa.types.is_decimal(t),
        "date": pa.types.is_date,
        "datetime": pa.types.is_timestamp,
    }[kind](data_type)


_KNOWN = {"pattern", "minLength", "maxLength", *BOUNDS, "enum", "required", "unique"}
# A number field's properties that change how its cells read: frictionless reads those.
_NUMBER_FORMS = {"bareNumber": True, "decimalChar": ".", "groupChar": ""}


class Unsupported(Exception):
    """The fast engine does not cover this resource; frictionless must check it."""


@dataclass(frozen=True)
class FieldRule:
    name: str
    type: str
    constraints: dict[str, Any]

    @classmethod
    def from_schema(cls, descriptor: dict[str, Any]) -> FieldRule:
        kind = descriptor.get("type", "any")
        if kind not in CONSTRAINTS or descriptor.get("format", "default") != "default":
            raise Unsupported(f"field {descriptor.get('name')!r} of type {kind!r}")
        if kind == "integer" and descriptor.get("bareNumber", True) is not True:
            raise Unsupported("integer fields with bareNumber false")
        if kind == "number" and any(descriptor.get(k, v) != v for k, v in _NUMBER_FORMS.items()):
            raise Unsupported("number fields with bareNumber, decimalChar or groupChar")
        if "missingValues" in descriptor:
            raise Unsupported("field-level missingValues")
        constraints = dict(descriptor.get("constraints") or {})
        for name in set(constraints) - CONSTRAINTS[kind] - {"unique"}:
            if name not in _KNOWN:
                raise Unsupported(f"constraint {name!r}")
            del constraints[name]  # frictionless ignores constraints a type does not support
        return cls(descriptor["name"], kind, constraints)


def rules_of(resource: Resource) -> list[FieldRule]:
    """The rules of every field; Unsupported for anything the fast engine does not cover."""
    _check_resource(resource)
    return [FieldRule.from_schema(f) for f in resource.schema.get("fields", [])]


def field_rules(resource: Resource) -> tuple[list[FieldRule], list[str]]:
    """The rules of every field, and the names of the fields they do not cover (each has a
    rule that checks nothing, in its place: frictionless checks those fields). Unsupported
    for a resource the engines do not read at all (a dialect, an encoding, a format)."""
    _check_resource(resource)
    rules, others = [], []
    for descriptor in resource.schema.get("fields", []):
        try:
            rules.append(FieldRule.from_schema(descriptor))
        except Unsupported:
            rules.append(FieldRule(descriptor["name"], "string", {}))
            others.append(descriptor["name"])
    return rules, others


def _check_resource(resource: Resource) -> None:
    """Unsupported for a table the engines do not read: only frictionless does."""
    missing_values = resource.schema.get("missingValues", [""])
    if not isinstance(missing_values, list) or not all(isinstance(v, str) for v in missing_values):
        raise Unsupported("non-string missingValues")
    if "path" not in resource.descriptor:
        raise Unsupported("rows inline in the descriptor (data)")
    if (
        isinstance(resource.descriptor["path"], list) and "x-files" not in resource.descriptor
    ):  # not a release's
        raise Unsupported("a table of several files (a list path), which frictionless reads as one")
    if resource.format not in ("csv", "parquet"):
        raise Unsupported(f"format {resource.format!r}")
    if "schema" not in resource.descriptor:
        raise Unsupported("a table without a schema, whose fields frictionless infers")
    if not default_dialect(resource.descriptor.get("dialect") or {}):
        raise Unsupported("a CSV dialect other than the default")
    encoding = str(resource.descriptor.get("encoding") or "utf-8").lower()
    if encoding not in {"utf-8", "utf8"} or resource.descriptor.get("compression"):
        raise Unsupported(f"encoding {encoding!r} or compression")


# Every dialect property (Table Schema's CSV Dialect, and frictionless 5's form with its CSV
# controls under "csv") with the value that reads a file as the engines read it. A dialect is
# the default only when each property it gives is listed here with that value: any other
# property, or another value, may change how rows read, so frictionless reads the table.
_DIALECT_DEFAULTS: dict[str, Any] = {
    "delimiter": ",",
    "quoteChar": '"',
    "doubleQuote": True,
    "escapeChar": None,
    "nullSequence": None,
    "skipInitialSpace": False,
    "header": True,
    "headerRows": [1],
    "headerCase": True,
    "commentChar": None,
    "commentRows": [],
    "skipBlankRows": False,
}
# Properties that never change what is read: Python's csv reader, frictionless's, takes any
# line ending whatever lineTerminator says; the rest describe the dialect.
_DIALECT_NOTES = {"lineTerminator", "csvddfVersion", "$schema", "name", "title", "description"}


def default_dialect(dialect: Any) -> bool:
    """Whether a resource's dialect reads its CSV as the engines read every CSV (each
    property it gives at its default value, in either form); frictionless reads the rest."""
    if not isinstance(dialect, dict):
        return False
    for key, value in dialect.items():
        if key == "csv":
            if not default_dialect(value):
                return False
        elif key not in _DIALECT_NOTES and (key not in _DIALECT_DEFAULTS or value != _DIALECT_DEFAULTS[key]):
            return False
    return True


def readable_schema(resource: Resource) -> bool:
    """Whether the fast engine understands every field of the resource's schema."""
    try:
        rules_of(resource)
    except (Unsupported, KeyError, TypeError, AttributeError):
        return False
    return True


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
