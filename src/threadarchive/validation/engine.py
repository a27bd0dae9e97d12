"""Validate a package: one report from three layers.

1. The descriptor and its Table Schemas, by frictionless's own profiles.
2. Every table against its schema (types, constraints, keys, hashes): by DuckDB (sql/,
   the default; the same SQL on Spark with engine "spark", sql/spark.py), else by the fast engine (schema/, pyarrow; a release's validation, which
   writes Parquet from its typed batches), else by frictionless (schema/fallback.py).
3. Thread integrity (sql/threads.py, in SQL, whichever engine read the tables), and the
   package checks the layers above add: in a working archive, the raw captures
   (archive/checks.py).

A package that cannot be read at all (no descriptor, broken JSON) raises
PackageError instead of returning a report: that is unreadable input, not
invalid data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive import contract
from threadarchive.contract.findings import (
    ACKNOWLEDGEMENT_UNUSED,
    FINDING_LIMIT,
    PACKAGE_ERROR,
    PATH_UNSAFE,
    SCHEMA_ERROR,
    TABLE_UNCHECKED,
    Finding,
    kind_of,
)
from threadarchive.contract.limits import MAX_FINDINGS_PER_TYPE
from threadarchive.contract.package import Package, Resource, load_package
from threadarchive.contract.report import Report, capped
from threadarchive.errors import InputError
from threadarchive.files.background import beside
from threadarchive.files.cache import cache_dir
from threadarchive.files.fsutil import atomic_write
from threadarchive.files.hashing import sha256_bytes
from threadarchive.validation import schema, shape
from threadarchive.validation.schema.budget import Budget

if TYPE_CHECKING:
    import pyarrow as pa

ENGINES = ("auto", "duckdb", "spark", "fast", "frictionless")
INTEGRITY_TABLES = ("threads", "tweets")
# Bumped when what _check_descriptor reports changes, so no cached answer outlives it.
CHECKS_VERSION = 3


Progress = Callable[[int], None]  # told the number of bytes just read
Sink = Callable[[Resource, "pa.Table"], None]  # given every clean batch of typed rows
# A check of the whole package that the layers above add (a working archive's captures);
# its findings join the report's, with their lines found like every other layer's.
PackageCheck = Callable[[Package], list[Finding]]


def validate(
    path: str | Path = ".",
    *,
    engine: str = "auto",
    progress: Progress | None = None,
    today: dt.date | None = None,
    sink: Sink | None = None,
    checks: Sequence[PackageCheck] = (),
    memory_limit: str | int | None = None,
    spark_master: str | None = None,
) -> Report:
    """Validate the package at ``path`` (a datapackage.json or the folder holding one).

    Parameters
    ----------
    path
        A datapackage.json, or the folder holding one.
    engine
        "duckdb" (the SQL engine, sql/), "spark" (the same SQL, transpiled, on Apache
        Spark: sql/spark.py), "fast" (Arrow batches, schema/), "frictionless"
        (frictionless itself), or "auto": DuckDB, the fast engine when a ``sink`` wants
        typed batches; each hands what it does not cover to the next.
    progress
        Told the bytes read as tables are read.
    today
        The date the thread dates are checked against (default: today).
    sink
        Given every clean batch of typed rows as it is checked (a release writes them to
        Parquet); only the fast engine gives them.
    checks
        Checks of the whole package, run after the tables are read.
    memory_limit
        What DuckDB may hold in memory ("2GB", "512MiB" or bytes; default
        sql.backend.DEFAULT_MEMORY_LIMIT); it spills the rest to the system's temporary folder.
    spark_master
        With engine "spark": the cluster to run on (a master URL such as
        spark://host:7077); default: Spark Connect at the SPARK_REMOTE environment
        variable if set, else ``local[*]`` (or the Spark session already running).

    Returns
    -------
    Report
        Every finding, and stats (the engines that checked the tables, rows per table).

    Raises
    ------
    PackageError
        For a package that cannot be read at all.
    InputError
        For an unknown engine or memory limit, a validation that needs more memory
        than the limit, or engine "spark" without pyspark installed or Spark able to start.
    """
    if engine not in ENGINES:
        raise InputError(f"expected an engine among {ENGINES}, found {engine!r}", parameter="engine")
    listed = load_package(path, inline=True)  # rows in the descriptor: frictionless reads them
    package, shaped = shape.check(listed)  # what frictionless and the fast engine may be given
    # frictionless's descriptor checks (and its import) run while the largest
    # tables are read: started once the first, small table is done.
    described: list[Future[tuple[list[Finding], set[str]]]] = []

    def describe() -> None:
        if not described:
            described.append(beside(_descriptor_findings, package))

    broken: set[str] = set()
    if not all(schema.readable_schema(r) for r in package.resources if not r.unsafe):
        describe()  # a schema the fast engine cannot read may be broken: know first
        broken = described[0].result()[1]
    tabular = [r for r in package.resources if r.name not in broken and not r.unsafe]
    checked = None
    if engine in ("duckdb", "spark") or (engine == "auto" and sink is None):
        describe()  # at once: DuckDB (or Spark) reads in threads of its own
        checked = _sql_layer(package, tabular, progress, today, memory_limit, engine, spark_master)
    stopped: list[Finding] = []
    if checked is None:
        from threadarchive.validation.sql.engine import across_tables

        scans, stopped = _schema_layer(package, tabular, engine, progress, sink, describe)
        integrity = across_tables(scans, today or dt.date.today())  # in SQL, as the SQL engines'
    else:
        scans, integrity = checked.scans, checked.integrity
    describe()
    findings, broken = described[0].result()
    scans = {name: scan for name, scan in scans.items() if name not in broken}
    findings[:0] = shaped
    findings.extend(_missing_tables(listed))
    findings.extend(stopped)
    findings.extend(
        PATH_UNSAFE(str(r.unsafe), path=package.descriptor_path.name) for r in package.resources if r.unsafe
    )
    findings.extend(_unchecked(package, scans, broken))
    for scan in scans.values():
        findings.extend(scan.findings)
        if scan.dropped:
            message = f"expected at most {MAX_FINDINGS_PER_TYPE} findings listed, found {scan.dropped} more not listed"
            findings.append(FINDING_LIMIT(message, path=scan.resource.path))
    integrity_scans = {  # a table checked in its Parquet's place (sql/engine.py) is left to it
        contract.table_of(name): scan for name, scan in reversed(scans.items()) if scan.stand_in is None
    }
    threads, tweets = integrity_scans.get("threads"), integrity_scans.get("tweets")
    later: list[Finding] = []  # findings of other layers
    later.extend(integrity if threads and tweets else [])  # on the tables that are still here
    for check in checks:
        later.extend(check(package))
    findings.extend(later)
    for scan in scans.values():  # one pass over each file finds the lines of every layer's rows
        findings = scan.with_lines(findings)
    findings = acknowledged(findings, integrity_scans.get("anomalies"))
    stats: dict[str, Any] = {
        "engine": ",".join(sorted({scan.engine for scan in scans.values()})) or engine,
        "rows": {name: scan.rows for name, scan in scans.items()},
    }
    return Report(str(package.descriptor_path), capped(findings), stats)


def _sql_layer(
    package: Package,
    resources: list[Resource],
    progress: Progress | None,
    today: dt.date | None,
    memory_limit: str | int | None,
    engine: str,
    spark_master: str | None,
) -> Any:
    """Every table, its keys and its threads checked by the SQL engine (sql/engine.py) on
    DuckDB or, for engine "spark", on Spark, or None when a table's schema asks for what
    it does not cover (the fast engine and frictionless check the package then)."""
    from threadarchive.validation.sql import backend
    from threadarchive.validation.sql import engine as sql

    if engine == "spark":
        from threadarchive.validation.sql.spark import spark

        connected: Any = spark(spark_master)
    else:
        connected = backend.duckdb(memory_limit)
    with connected as database:
        try:
            checked = sql.check(
                package,
                resources,
                database,
                today=today or dt.date.today(),
                budget=Budget(),
                progress=progress,
            )
        except schema.Unsupported:
            return None
        for scan in checked.scans.values():  # acknowledgements are read from the anomalies table
            if scan.resource.table == "anomalies" and scan.relation is not None and scan.rows:
                table = database.arrow(f"SELECT * FROM {scan.relation}")
                scan.columns = {name: table[name] for name in table.column_names}
    return checked


def _schema_layer(
    package: Package,
    resources: list[Resource],
    engine: str,
    progress: Progress | None,
    sink: Sink | None,
    table_done: Callable[[], None],
) -> tuple[dict[str, schema.TableScan], list[Finding]]:
    """Every table against its schema: the fast engine where it can, else frictionless.

    Returns the scans of the tables checked (a table neither engine could check has
    none) and frictionless's findings about the package as a whole.
    """
    from threadarchive.validation.sql.engine import kept_fields

    scans: dict[str, schema.TableScan] = {}
    referenced = schema.referenced_fields(resources)
    budget = Budget()  # the time every pattern RE2 cannot run may take, in all
    later: list[tuple[Resource, list[schema.Reference]]] = []  # foreign keys checked after every table
    try:
        for resource in schema.ordered(resources):
            keep = kept_fields(resource, referenced)  # as the SQL engines keep them: across_tables
            lookups, references = schema.foreign_keys(resource, scans)
            keep |= {name for reference in references for name in reference.fields}
            check = schema.TableCheck(package.base, resource, keep=keep, lookups=lookups, budget=budget)
            for typed in check.batches():
                if progress is not None:
                    progress(typed.nbytes)
                if sink is not None and typed.table is not None and engine != "frictionless":
                    sink(resource, typed.table)
            scans[resource.name] = check.scan
            later.append((resource, references))
            table_done()
        for resource, references in later:
            schema.check_references(scans[resource.name], references, scans)
    except schema.Unsupported as exc:
        if engine == "fast":
            msg = f"{resource.path}: expected a table the fast engine covers, found {exc}"
            raise InputError(
                msg,
                hint="validate with engine='auto', which hands such tables to frictionless",
                parameter="engine",
                remedy={"engine": "auto"},
                path=resource.path,
            ) from None
        engine = "frictionless"  # what the fast engine could read still serves the later checks
    stopped: list[Finding] = []  # frictionless's findings about the package as a whole
    if engine == "frictionless":
        from threadarchive.validation.schema import fallback

        scans, stopped = fallback.check(package, resources, scans, budget)
    return {r.name: scans[r.name] for r in resources if r.name in scans}, stopped


def _unchecked(package: Package, scans: dict[str, schema.TableScan], broken: set[str]) -> list[Finding]:
    """A finding for each table the descriptor lists that no engine checked, unless a
    finding already says why (an unsafe path, a broken schema): a validation that
    checked fewer tables than the descriptor lists is never valid."""
    return [
        TABLE_UNCHECKED(
            f"expected the table {r.name!r} to be checked against its schema, found it not checked: "
            "no engine could read it (the package-level findings say why)",
            path=r.path,
        )
        for r in package.resources
        if r.name not in scans and r.name not in broken and not r.unsafe
    ] + [  # a partitioned table only the SQL engines read, and no other file of it was checked
        TABLE_UNCHECKED(
            f"expected the table {name!r} to be checked against its schema, found it not checked: "
            "its files are partitioned Parquet, which the engines 'duckdb' and 'spark' read",
            path=package.descriptor_path.name,
        )
        for name in (str(p.get("name")) for p in package.partitioned)
        if name not in scans and contract.table_of(name) not in {contract.table_of(n) for n in scans}
    ]


def _descriptor_findings(package: Package) -> tuple[list[Finding], set[str]]:
    """Descriptor and schema errors, and the resources whose schema is unusable.

    The answer depends only on the descriptor, its schemas and the frictionless
    installed, so it is cached under that key: importing frictionless costs a run
    0.15 s and 40 MB, and the descriptor rarely changes between runs.
    """
    import importlib.metadata
    import importlib.util

    spec = importlib.util.find_spec("frictionless")
    origin = spec.origin if spec and spec.origin else ""
    try:
        version = importlib.metadata.version("frictionless")
    except importlib.metadata.PackageNotFoundError:
        version = ""
    # the version, and the install's place and time for an edited or reinstalled one
    installed = [version, origin, os.stat(origin).st_mtime_ns if origin else 0]
    content = json.dumps(
        [_inline_schemas(package), package.descriptor_path.name, *installed, CHECKS_VERSION],
        sort_keys=True,
    )
    cached = cache_dir() / "descriptor-checks" / f"{sha256_bytes(content.encode())}.json"
    try:
        found, broken = json.loads(cached.read_text(encoding="utf-8"))
        return [kind_of(f["type"])(**{k: v for k, v in f.items() if k != "type"}) for f in found], set(broken)
    except (OSError, ValueError, TypeError):
        pass
    findings, broken = _check_descriptor(package)
    with contextlib.suppress(OSError):  # no cache is no error
        atomic_write(cached, json.dumps([[f.to_dict() for f in findings], sorted(broken)]).encode())
    return findings, broken


def _check_descriptor(package: Package) -> tuple[list[Finding], set[str]]:
    from frictionless import FrictionlessException, Schema
    from frictionless import Package as FrictionlessPackage

    def errors(validate_metadata: Any, descriptor: dict[str, Any]) -> list[Any]:
        try:
            return list(validate_metadata(descriptor))
        except FrictionlessException as exc:  # some faults are raised, not listed
            return [exc.error]

    where = package.descriptor_path.name
    findings = [
        kind_of(error.type)(
            f"expected a valid Data Package descriptor: {error.note} ({error.type})", path=where
        )
        for error in errors(FrictionlessPackage.metadata_validate, _inline_schemas(package))
        if error.type != "field-error"  # reported below, with the schema's own file
    ]
    broken = set()
    for resource in package.resources:
        if "schema" not in resource.descriptor:
            continue  # none to check: frictionless infers the table's fields (schema/fallback.py)
        location = resource.schema_path or where
        for error in errors(Schema.metadata_validate, resource.schema):
            message = f"expected a valid Table Schema for {resource.name}: {error.note}"
            findings.append(SCHEMA_ERROR(message, path=location))
            broken.add(resource.name)
    return findings, broken


def _missing_tables(package: Package) -> list[Finding]:
    """A finding for each table the integrity checks need that the descriptor lacks (a
    partitioned table counts: the SQL engines read it, sql/parts.py)."""
    names = {r.name for r in package.resources} | {str(p.get("name")) for p in package.partitioned}
    return [
        PACKAGE_ERROR(
            f"expected a resource named {table!r}, found {sorted(names)}", path=package.descriptor_path.name
        )
        for table in INTEGRITY_TABLES
        if table not in names
    ]


def _inline_schemas(package: Package) -> dict[str, Any]:
    """The descriptor as frictionless's profiles check it: schemas inline, and a list
    ``path`` as frictionless itself turns it before checking (its first file, and the
    others as ``extrapaths``: its profile wants a string)."""
    descriptor = dict(package.descriptor)
    descriptor["resources"] = [_as_checked(r) for r in package.resources]
    return descriptor


def _as_checked(resource: Resource) -> dict[str, Any]:
    item = (
        {**resource.descriptor, "schema": resource.schema}
        if "schema" in resource.descriptor
        else resource.descriptor
    )
    paths = item.get("path")
    return {**item, "path": paths[0], "extrapaths": paths[1:]} if isinstance(paths, list) else item


def acknowledged(findings: list[Finding], anomalies: schema.TableScan | None) -> list[Finding]:
    """Warnings a thread's curators have acknowledged become info, with the curator's note.

    Only warnings: an error is never acknowledged away. An acknowledgement that
    matches no warning is itself a warning (the anomaly it kept is gone).
    """
    if (
        anomalies is None
        or not anomalies.readable
        or not {"thread_id", "finding", "note"} <= set(anomalies.columns)
    ):
        return findings
    columns = {
        name: anomalies.columns[name].to_pylist()
        for name in ("thread_id", "finding", "position", "note", "_row")
        if name in anomalies.columns
    }
    entries = list(
        zip(
            *(
                columns.get(n, [None] * anomalies.rows)
                for n in ("thread_id", "finding", "position", "note", "_row")
            ),
            strict=True,
        )
    )
    # The first acknowledgement of each (thread, kind, position), and of each (thread,
    # kind) that names no position (it matches any): one lookup per finding.
    exact: dict[tuple[Any, Any, Any], int] = {}
    anywhere: dict[tuple[Any, Any], int] = {}
    for index, (thread_id, kind, position, _, _) in enumerate(entries):
        exact.setdefault((thread_id, kind, position), index)
        if position is None:
            anywhere.setdefault((thread_id, kind), index)
    used: set[int] = set()
    result = []
    for finding in findings:
        candidates = (
            [
                exact.get((finding.thread_id, finding.type, finding.position)),
                anywhere.get((finding.thread_id, finding.type)),
            ]
            if finding.severity == "warning"
            else []
        )
        match = min((index for index in candidates if index is not None), default=None)
        if match is None:
            result.append(finding)
            continue
        used.add(match)
        note = entries[match][3]
        result.append(replace(finding, severity="info", message=f"{finding.message} (acknowledged: {note})"))
    for index, (thread_id, kind, position, _, row) in enumerate(entries):
        if index not in used and thread_id is not None:
            at = f" at position {position}" if position else ""
            message = f"expected a {kind} warning{at} as acknowledged, found none: remove the acknowledgement"
            result.append(
                ACKNOWLEDGEMENT_UNUSED(
                    message, path=anomalies.resource.path, row=row, thread_id=thread_id, position=position
                )
            )
    return result
