"""The tables checked by frictionless itself: the same findings as the fast engine, slower.

Used for what the fast engine does not cover, and with ``--engine frictionless``.
Its error types are this project's (see findings.py). Three things frictionless
is not handed:

- a resource whose path the path gate refuses (reported as path-unsafe already);
- a table with a row beyond limits.MAX_ROW_BYTES (cell-too-large): frictionless
  would read the row whole, in memory without bound; or with more cells than the
  header's and MAX_FINDINGS_PER_TYPE extra (cell-too-large): it copies the row for
  each extra cell;
- any pattern: frictionless would match it with Python's ``re``, which may
  backtrack for ever (``(a+)+``). Patterns are matched by constraints.Pattern
  (RE2, else a time-limited match, within the validation's budget): the fast
  engine's findings for them are kept where it read the table, and where it
  could not, the cells frictionless reads are matched here.

Whatever frictionless reports about the package as a whole (a dialect it cannot
read, a descriptor it refuses, listed or raised) is a finding too.
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.compute as pc

from threadarchive.contract.findings import (
    CELL_TOO_LARGE,
    CONSTRAINT_ERROR,
    FRICTIONLESS_OTHER,
    PATTERN_UNSUPPORTED,
    TYPE_ERROR,
    Finding,
    kind_of,
)
from threadarchive.contract.limits import MAX_FINDINGS_PER_TYPE
from threadarchive.contract.package import Package, Resource
from threadarchive.validation import arrow
from threadarchive.validation.schema import constraints
from threadarchive.validation.schema.casting import mask
from threadarchive.validation.schema.header import RowTooLarge, csv_reader
from threadarchive.validation.schema.labels import FIELD_SHOWN
from threadarchive.validation.schema.lines import long_row
from threadarchive.validation.schema.literals import OUT_OF_RANGE
from threadarchive.validation.schema.table import TableScan

BATCH = 65_536  # cells matched at once against a pattern, where frictionless reads the table


def check(
    package: Package, resources: list[Resource], fast: dict[str, TableScan], budget: constraints.Budget
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
    kept = {name: _fast_only(scan) for name, scan in fast.items()}
    scans = dict(fast)
    refused = _too_large(package, resources, fast)
    scans.update(refused)
    resources = [r for r in resources if r.name not in refused]
    descriptor = _descriptor(package, resources)
    try:
        report = frictionless.Package(descriptor, basepath=str(package.base)).validate()
        errors, tasks = list(report.errors), list(report.tasks)
    except frictionless.FrictionlessException as exc:  # refused before any table was read
        errors, tasks = [exc.error], []
    findings = [
        kind_of(error.type)(
            _cut(f"expected frictionless to check the package's tables, found {error.type}: {error.message}"),
            path=where,
        )
        for error in errors
    ]
    by_name = {r.name: r for r in resources}
    for task in tasks:
        if task.name in by_name:
            scan = fast.get(task.name) or TableScan(by_name[task.name], readable=False)
            scans[task.name] = _task_scan(package, scan, task, kept.get(task.name), budget)
    return scans, findings


def _task_scan(
    package: Package, scan: TableScan, task: Any, kept: list[Finding] | None, budget: constraints.Budget
) -> TableScan:
    """``scan`` with the findings of frictionless's task for its table, and those of its
    patterns: the fast engine's (``kept``), or matched here when it did not read the table."""
    resource = scan.resource
    scan.findings, scan.dropped, scan.engine = [], 0, "frictionless"
    scan.rows = (task.stats or {}).get("rows") or scan.rows
    for error in task.errors:
        kind = kind_of(error.type)
        message = error.message if kind is not FRICTIONLESS_OTHER else f"{error.type}: {error.message}"
        row, field = getattr(error, "row_number", None), getattr(error, "field_name", None)
        scan.add(kind(_cut(message), path=resource.path, row=row, field=field and field[:FIELD_SHOWN]))
    if kept is not None:
        scan.findings.extend(kept)
    else:
        scan.extend(*_patterns(package, resource, budget))
    scan.findings.sort(key=lambda f: f.row or 0)
    scan.findings = scan.with_lines(scan.findings) if scan.lines else with_lines_read(package, scan)
    return scan


def _too_large(
    package: Package, resources: list[Resource], fast: dict[str, TableScan]
) -> dict[str, TableScan]:
    """Scans of the CSV tables frictionless is not handed: one with a row longer than
    the limit (it would read the row whole, in memory without bound), or with more extra
    cells than a report lists (it builds an error for each extra cell, each copying the
    whole row: a row of 20,000 cells takes gigabytes). Where the fast engine read such a
    table, its scan stands; otherwise the scan holds the one finding saying why."""
    scans = {}
    for resource in resources:
        if resource.format != "csv" or resource.descriptor.get("compression"):
            continue
        if resource.name in fast and any(f.type == CELL_TOO_LARGE.type for f in fast[resource.name].findings):
            scans[resource.name] = fast[resource.name]  # it found the long row already
            continue
        most = len(resource.field_names) + MAX_FINDINGS_PER_TYPE
        paths = resource.descriptor.get("path")  # each of several files (a list path), else its one
        names = paths if isinstance(paths, list) else [resource.path]
        found = (_too_large_in(package.base / name, name, most, resource.name in fast) for name in names)
        finding = next((f for f in found if f is not None), None)
        if finding is None:
            continue
        if resource.name in fast:
            scans[resource.name] = fast[resource.name]  # its extra-cell findings, as listed
        else:
            scans[resource.name] = scan = TableScan(resource, readable=False)
            scan.add(finding)
    return scans


def _too_large_in(path: Path, name: str, most: int, read: bool) -> Finding | None:
    """Why frictionless may not be handed the CSV file at ``path`` (``name`` in the
    descriptor), if so: a row too long (unless the fast engine ``read`` the file), a row
    of more than ``most`` cells."""
    if not path.is_file():
        return None
    line = None if read else long_row(path)
    if line is not None:
        return CELL_TOO_LARGE(str(RowTooLarge(None, line)), path=name, line=line)
    if wide := _wide_row(path, most):
        line, cells = wide
        message = f"expected rows of at most {most} cells for frictionless to read, found one of {cells}"
        return CELL_TOO_LARGE(message, path=name, line=line)
    return None


def _wide_row(path: Path, most: int) -> tuple[int, int] | None:
    """The line of the first row with more than ``most`` cells, and its cells, or None."""
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as stream:
            reader = csv_reader(stream)
            line = 1
            for cells in reader:
                if len(cells) > most:
                    return line, len(cells)
                line = reader.line_num + 1
    except (OSError, csv.Error):
        pass  # frictionless's report of the table says why it cannot be read
    return None


def _cut(message: str, width: int = 1000) -> str:
    """frictionless's message, cut in the middle (it quotes whole cells and labels, of
    megabytes maybe, before saying what is wrong with them)."""
    half = width // 2
    return message if len(message) <= width else f"{message[:half]}…{message[-half:]}"


def _fast_only(scan: TableScan) -> list[Finding]:
    """What the fast engine found that frictionless does not look for: cells against
    patterns (frictionless is given none) and integers beyond 64 bits (frictionless
    reads them as Python ints)."""
    return [
        f
        for f in scan.findings
        if f.type == PATTERN_UNSUPPORTED.type
        or (f.type == TYPE_ERROR.type and f.message.startswith(f"expected {OUT_OF_RANGE}"))
        or (
            f.type == CONSTRAINT_ERROR.type
            and f.message.startswith(f"expected {constraints.PATTERN_EXPECTED} ")
        )
    ]


def _descriptor(package: Package, resources: list[Resource]) -> dict[str, Any]:
    """The package as frictionless gets it: only ``resources``, schemas inline, no pattern
    (and none where the resource gives none: frictionless infers its fields)."""
    descriptor = copy.deepcopy(package.descriptor)
    descriptor["resources"] = [
        {**r.descriptor, "schema": _without_patterns(r.schema)} if "schema" in r.descriptor else r.descriptor
        for r in resources
    ]
    return descriptor


def _without_patterns(schema: dict[str, Any]) -> dict[str, Any]:
    schema = copy.deepcopy(schema)
    for field in schema.get("fields", []):
        field.get("constraints", {}).pop("pattern", None)
    return schema


def _patterns(package: Package, resource: Resource, budget: constraints.Budget) -> tuple[list[Finding], int]:
    """The cells of a table the fast engine could not read against their fields'
    patterns: read by frictionless (patterns left out), matched here in batches.
    Findings for the first MAX_FINDINGS_PER_TYPE, and the count of all."""
    from frictionless import FrictionlessException
    from frictionless import Resource as FrictionlessResource

    patterns = {
        f["name"]: constraints.Pattern(f["constraints"]["pattern"], budget)
        for f in resource.schema.get("fields", [])
        if f.get("type") == "string" and "pattern" in f.get("constraints", {})
    }
    if not patterns or resource.unsafe:
        return [], 0
    findings: list[Finding] = []
    failing = 0  # cells failing a pattern, listed or not
    rows: list[int] = []
    cells: dict[str, list[str | None]] = {name: [] for name in patterns}

    def match() -> None:
        nonlocal failing
        for name, pattern in patterns.items():
            texts, cells[name] = cells[name], []
            if pattern.unchecked:
                continue
            values = arrow.strings(texts)
            try:
                failed = ~pattern.matches(values) & mask(pc.is_valid(values))
            except constraints.PatternUnchecked as exc:
                message = f"the pattern {pattern.pattern!r}: {exc}"
                findings.append(PATTERN_UNSUPPORTED(message, path=resource.path, field=name))
                continue
            flagged = np.flatnonzero(failed)
            failing += len(flagged)
            for index in flagged[
                : max(MAX_FINDINGS_PER_TYPE - len(findings), 0)
            ]:  # no million objects for a bad table
                message = constraints.message("pattern", pattern.pattern, texts[index])
                findings.append(CONSTRAINT_ERROR(message, path=resource.path, row=rows[index], field=name))
        rows.clear()

    descriptor = {**resource.descriptor, "schema": _without_patterns(resource.schema)}
    try:
        with FrictionlessResource(descriptor, basepath=str(package.base)) as table:
            for row in table.row_stream:
                rows.append(row.row_number)
                for name in patterns:
                    cell = row.get(name)
                    cells[name].append(cell if isinstance(cell, str) else None)
                if len(rows) >= BATCH:
                    match()
    except FrictionlessException:
        pass  # frictionless's report of the table says why it cannot be read further
    match()
    return findings, failing + sum(f.type == PATTERN_UNSUPPORTED.type for f in findings)


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


# The findings of one field that frictionless's check of that field alone is asked for.
FIELD_FINDINGS = ("type-error", "constraint-error", "unique-error")


def fields(package: Package, resource: Resource, names: list[str], room: int) -> tuple[list[Finding], int]:
    """The findings of the fields ``names`` of a table, by frictionless, which is given them
    alone (every other field as ``any``, no keys, no patterns): the first ``room``, and the
    count of all. The engine that read the table has checked everything else."""
    import frictionless

    schema = copy.deepcopy(resource.schema)
    schema["fields"] = [
        f if f.get("name") in names else {"name": f.get("name"), "type": "any"}
        for f in schema.get("fields", [])
    ]
    for key in ("primaryKey", "foreignKeys", "uniqueKeys"):
        schema.pop(key, None)
    descriptor = {**resource.descriptor, "schema": _without_patterns(schema)}
    for key in ("hash", "bytes"):
        descriptor.pop(key, None)
    try:
        report = frictionless.Resource(descriptor, basepath=str(package.base)).validate()
    except frictionless.FrictionlessException:
        return [], 0  # the engine's own findings say why the table cannot be read
    errors = [
        error
        for task in report.tasks
        for error in task.errors
        if error.type in FIELD_FINDINGS and getattr(error, "field_name", None) in names
    ]
    found = [
        kind_of(error.type)(
            _cut(error.message),
            path=resource.path,
            row=getattr(error, "row_number", None),
            field=getattr(error, "field_name", None),
        )
        for error in errors[:room]
    ]
    return found, len(errors)
