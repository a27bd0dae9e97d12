"""A table's header against its schema's fields, as frictionless checks it (by position).

Shared by every engine: the header row is read by Python's csv module (reading.header)
or from a Parquet file's schema, and checked here.
"""

from __future__ import annotations

from threadarchive.contract.findings import (
    BLANK_LABEL,
    DUPLICATE_LABEL,
    EXTRA_LABEL,
    INCORRECT_LABEL,
    MISSING_LABEL,
    Finding,
)
from threadarchive.contract.report import shown

FIELD_SHOWN = 200  # characters of a label a finding names as its field


def check_labels(labels: list[str], names: list[str], path: str) -> list[Finding]:
    """Findings for the header ``labels`` of a table whose schema has the fields ``names``."""
    findings = []
    for i, label in enumerate(labels):
        if i >= len(names):
            message = f"expected {len(names)} columns, found an extra label {shown(label)} in column {i + 1}"
            findings.append(EXTRA_LABEL(message, path=path, line=1, field=""))  # frictionless names none
        elif label == "":
            message = f"expected the label {names[i]!r} in column {i + 1}, found a blank label"
            findings.append(BLANK_LABEL(message, path=path, line=1, field=names[i]))
        elif label in labels[:i]:
            message = f"expected unique labels, found {shown(label)} again in column {i + 1}"
            findings.append(DUPLICATE_LABEL(message, path=path, line=1, field=names[i]))
        elif label != names[i]:
            message = f"expected the label {names[i]!r} in column {i + 1}, found {shown(label)}"
            findings.append(INCORRECT_LABEL(message, path=path, line=1, field=names[i]))
    for name in names[len(labels) :]:
        message = f"expected a column {name!r}, found no such label"
        findings.append(MISSING_LABEL(message, path=path, line=1, field=name))
    return findings


def extra_fields(names: list[str], labels: list[str]) -> list[str]:
    """The names frictionless gives the columns of labels beyond the schema's fields:
    each label, made unique by a number (a second "name" is "name2")."""
    used = set(names)
    extra = []
    for label in labels[len(names) :]:
        name, suffix = label, 2
        while name in used:
            name, suffix = f"{label}{suffix}", suffix + 1
        used.add(name)
        extra.append(name[:FIELD_SHOWN])
    return extra
