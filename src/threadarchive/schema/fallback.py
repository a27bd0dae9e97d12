"""The tables checked by frictionless itself: the same findings as the fast engine, slower.

Used for what the fast engine does not cover, and with ``--engine frictionless``.
Its error types are translated to this project's (``hash-count`` is our
``hash-mismatch``; see findings.py). Two things frictionless is not handed:

- a resource whose path the path gate refuses (reported as path-unsafe already);
- a pattern RE2 cannot run: frictionless would match it with Python's ``re``,
  which may backtrack for ever. The fast engine matches those with a time limit
  and its findings for them are kept (when the fast engine cannot read the table
  at all, frictionless gets the pattern: nothing else could check it).
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path
from typing import Any

from ..findings import CONSTRAINT_ERROR, FRICTIONLESS_OTHER, PATTERN_UNSUPPORTED, TYPE_ERROR, Finding, kind_of
from ..package import Package, Resource
from . import constraints
from .casting import OUT_OF_RANGE
from .table import TableScan


def check(
    package: Package, resources: list[Resource], fast: dict[str, TableScan]
) -> tuple[dict[str, TableScan], list[Finding]]:
    """Scans of ``resources`` with frictionless's findings, and its findings about the
    package as a whole; ``fast`` holds the fast engine's scans where it could read the
    table (their typed columns serve later checks).

    A table frictionless did not check (it stopped at the package: a dialect it cannot
    read, a descriptor it refuses) keeps the fast engine's scan where there is one, and
    has none otherwise: the caller reports it as not checked.
    """
    import frictionless

    where = package.descriptor_path.name
    timed = {name: _fast_only(scan) for name, scan in fast.items()}
    descriptor = _descriptor(package, resources, fast)
    try:
        report = frictionless.Package(descriptor, basepath=str(package.base)).validate()
        errors, tasks = list(report.errors), list(report.tasks)
    except frictionless.FrictionlessException as exc:  # refused before any table was read
        errors, tasks = [exc.error], []
    findings = [
        kind_of(error.type)(
            f"expected frictionless to check the package's tables, found {error.type}: {error.message}",
            path=where,
        )
        for error in errors
    ]
    scans = dict(fast)
    by_name = {r.name: r for r in resources}
    for task in tasks:
        if task.name not in by_name:
            continue
        resource = by_name[task.name]
        scan = TableScan(resource, readable=False) if task.name not in fast else fast[task.name]
        scan.findings, scan.dropped, scan.engine = [], 0, "frictionless"
        scan.rows = (task.stats or {}).get("rows") or scan.rows
        for error in task.errors:
            kind = kind_of(error.type)
            message = error.message if kind is not FRICTIONLESS_OTHER else f"{error.type}: {error.message}"
            row = getattr(error, "row_number", None)
            scan.add(kind(message, path=resource.path, row=row, field=getattr(error, "field_name", None)))
        scan.findings.extend(timed.get(task.name, []))
        scan.findings = scan.with_lines(scan.findings) if scan.lines else with_lines_read(package, scan)
        scans[task.name] = scan
    return scans, findings


def _fast_only(scan: TableScan) -> list[Any]:
    """What the fast engine found that frictionless does not look for: cells against
    patterns RE2 cannot run (frictionless is not given them), and integers beyond 64
    bits (frictionless reads them as Python ints)."""
    pattern = f"expected {constraints.PATTERN_EXPECTED} "
    return [
        f
        for f in scan.findings
        if f.type == PATTERN_UNSUPPORTED.type
        or (f.type == TYPE_ERROR.type and f.message.startswith(f"expected {OUT_OF_RANGE}"))
        or (
            f.field in scan.python_patterns
            and f.type == CONSTRAINT_ERROR.type
            and f.message.startswith(pattern)
        )
    ]


def _descriptor(package: Package, resources: list[Resource], fast: dict[str, TableScan]) -> dict[str, Any]:
    """The package as frictionless gets it: only ``resources``, schemas inline, and no
    pattern RE2 cannot run (the fast engine matched those within a time limit)."""
    descriptor = copy.deepcopy(package.descriptor)
    descriptor["resources"] = []
    for resource in resources:
        schema = copy.deepcopy(resource.schema)
        slow = fast[resource.name].python_patterns if resource.name in fast else set()
        for field in schema.get("fields", []):
            if field.get("name") in slow:
                field.get("constraints", {}).pop("pattern", None)
        descriptor["resources"].append({**resource.descriptor, "schema": schema})
    return descriptor


def with_lines_read(package: Package, scan: TableScan) -> list[Any]:
    """Lines of findings by reading the CSV with Python's csv module: only when the fast
    engine could not read the table (it knows every row's line as it reads)."""
    from dataclasses import replace

    wanted = {f.row for f in scan.findings if f.row is not None and f.line is None}
    if not wanted or scan.resource.format != "csv" or scan.resource.unsafe:
        return scan.findings
    lines: dict[int, int] = {}
    path: Path = package.file(scan.resource)
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.reader(stream)
            start = 1
            for number, _ in enumerate(reader, start=1):
                if number in wanted:
                    lines[number] = start
                if number >= max(wanted):
                    break
                start = reader.line_num + 1
    except (OSError, UnicodeDecodeError, csv.Error):
        return scan.findings  # the file's own finding says why
    return [
        replace(f, line=lines.get(f.row)) if f.row in lines and f.line is None else f for f in scan.findings
    ]
