"""The SQL engine: each table read once, checked, and its keys and threads checked across rows.

    check(package, resources, backend, today=..., budget=..., progress=...) -> Checked

The flow, explicit:

1. Each table is read by SQL (table.py) when its file is one SQL reads row for row as
   frictionless does (structure.py: one line ending, no empty line, strict RFC 4180;
   any Parquet file DuckDB reads). Any other file (a row with too few cells, a stray
   quote, a byte that is not UTF-8, a row beyond 2 MB) is read by the fast engine
   (schema.TableCheck), whose findings say exactly what is wrong, and its kept columns
   are handed to SQL: the checks across rows see one kind of table.
2. The keys of each table (keys.py): unique fields, primary key, foreign keys (to any
   table, itself too), once every table is read.
3. Thread integrity (threads.py) on the threads and tweets tables: the CSV ones, else
   the Parquet ones.

A release holds each table twice, as CSV and as Parquet (``tweets`` and
``tweets-parquet``, same fields): its rows are read from the Parquet alone, typed and
columnar, and the CSV is checked against it without being parsed (``_stand_ins``): its
bytes and hash against the ones its descriptor declares, which were recorded when both
files were written from the same rows, and the rows it declares (``x-rows``) against the
rows of the Parquet. A CSV that declares no hash or row count is read as any other. A
table the release partitioned (a list of Parquet files) is read as one table from its
files, each checked by its declared hash, size and rows; its findings name the file and
the row in it (parts.py).

A field whose type or format SQL does not check (boolean, year, a custom date format, ...)
is checked by frictionless, given that field alone (schema/fallback.fields); a table
frictionless alone reads (a dialect, declared or one frictionless detects: schema/detected.py;
an encoding), or whose keys need such a field typed,
raises schema.Unsupported before anything is read (the caller hands the package to the
engines that check it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from threadarchive import contract
from threadarchive.contract.findings import PRIMARY_KEY, RESOURCE_ERROR, SCHEME_ERROR, Finding
from threadarchive.contract.package import Package, Resource
from threadarchive.files.background import beside
from threadarchive.validation import declared
from threadarchive.validation.kept import KEEP
from threadarchive.validation.scan import TableScan
from threadarchive.validation.schema import detected, referenced_fields, target_of
from threadarchive.validation.schema import header as header_module
from threadarchive.validation.schema.budget import Budget
from threadarchive.validation.schema.header import HeaderProblem, header
from threadarchive.validation.schema.labels import check_labels
from threadarchive.validation.schema.rules import FieldRule, Unsupported, as_list, field_rules
from threadarchive.validation.sql import keys, parts, structure, table, threads
from threadarchive.validation.sql.backend import Backend, BackendError
from threadarchive.validation.sql.checks import REFERENCES

INTERNAL = {
    "_row",
    "_blank",
    "_cells",
    "_size",
    *(f"_m{i}" for i in range(64)),
}  # a kept table's own columns
GLOB = set("*?[]{}")
PARQUET_ROW = "file_row_number + 2"  # a Parquet row's number, as a CSV row's (the header is row 1)
# The Parquet column types that hold each field type's values (else the fast engine reads it).
PARQUET_TYPES = {
    "string": ("VARCHAR",),
    "integer": ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"),
    "number": ("FLOAT", "DOUBLE", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "DECIMAL"),
    "date": ("DATE",),
    "datetime": ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_MS", "TIMESTAMP_S", "TIMESTAMP_NS"),
}


@dataclass
class Checked:
    """What the SQL engine found: each table's scan, and the threads' integrity findings."""

    scans: dict[str, TableScan]
    integrity: list[Finding]


def check(
    package: Package,
    resources: list[Resource],
    backend: Backend,
    *,
    today: dt.date,
    budget: Budget,
    progress: Callable[[int], None] | None = None,
) -> Checked:
    """Check every table of ``resources``, their keys and their threads (see the module)."""
    named = {r.name for r in resources}
    resources = [*resources, *(r for r in parts.resources(package) if r.name not in named)]
    referenced = referenced_fields(resources)
    rules: dict[str, list[FieldRule]] = {}
    by_frictionless: dict[str, list[str]] = {}  # fields SQL does not check: frictionless does
    for resource in resources:  # Unsupported before anything is read
        rules[resource.name], by_frictionless[resource.name] = field_rules(resource)
        keyed = kept_fields(resource, referenced) & set(by_frictionless[resource.name])
        if keyed:
            raise Unsupported(f"field {sorted(keyed)[0]!r}, which a key or a later check needs typed")
    twins = _stand_ins(resources)
    everything, resources = resources, [r for r in resources if r.name not in twins]
    for resource in resources:  # a file frictionless reads with a dialect it detects: Unsupported
        if resource.format == "csv":
            detected.check(package.file(resource), resource)
    # the CSV files' hashes, one by one beside the reading
    digests = beside(_digests, package, [r for r in everything if r.name in twins])
    scans: dict[str, TableScan] = {}
    located: list[parts.Parts] = []  # the partitioned tables read: their findings are relocated
    for number, resource in enumerate(resources):
        keep = kept_fields(resource, referenced)
        if keep & INTERNAL:
            raise Unsupported(f"a field named {sorted(keep & INTERNAL)[0]!r}")
        relation = f"kept_{number}"
        if parts.is_partitioned(resource):
            scan, read = _sql_partitioned(
                backend, package, resource, rules[resource.name], keep, relation, budget
            )
            located.extend([read] if read is not None else [])
        else:
            scan = _read(backend, package, resource, rules[resource.name], keep, relation, budget)
        if by_frictionless[resource.name] and scan.readable:
            from threadarchive.validation.schema import fallback

            scan.extend(*fallback.fields(package, resource, by_frictionless[resource.name], scan.room()))
            scan.sort()
        scans[resource.name] = scan
        if progress is not None and package.file(resource).is_file():
            progress(package.file(resource).stat().st_size)
    types = {name: keys.column_types(backend, s.relation) for name, s in scans.items() if s.relation}
    repeating: dict[str, list[Any] | None] = {}  # per table, the first fields of its repeated primary keys
    for resource in resources:
        scan = scans[resource.name]
        if scan.relation is None:
            continue
        repeated = keys.check_table(backend, scan, scan.relation, types[resource.name])
        if as_list(resource.schema.get("primaryKey")) == ["thread_id", "position"]:
            repeating[resource.name] = repeated
        for fk in resource.schema.get("foreignKeys", []):
            target = scans.get(target_of(resource, fk))
            fields, target_fields = as_list(fk.get("fields")), as_list(fk.get("reference", {}).get("fields"))
            if target is None or target.relation is None:
                continue  # its own findings say why it cannot be read
            if not set(fields) <= set(types[resource.name]) or not set(target_fields) <= set(
                types[target.resource.name]
            ):
                continue  # a missing label: reported as such
            scan.extend(
                *keys.orphans(
                    backend,
                    (scan.relation, fields, types[resource.name]),
                    (target.relation, target.resource.name, target_fields, types[target.resource.name]),
                    resource.path,
                    scan.room(),
                )
            )
        _references(backend, scans, types, resource)
        scan.sort()
    integrity = _integrity(backend, scans, types, repeating, today)
    for resource in everything:
        if resource.name in twins:
            digest = digests.result().get(resource.name)
            scans[resource.name] = _stood_in(package, resource, scans[twins[resource.name].name], digest)
            if progress is not None and package.file(resource).is_file():
                progress(package.file(resource).stat().st_size)
    for where in located:  # a partitioned table's rows, given back in their own files
        integrity = [where.relocate(f) for f in integrity]
        for scan in scans.values():
            scan.findings = [where.relocate(f) for f in scan.findings]
    return Checked({r.name: scans[r.name] for r in everything}, integrity)


def _digests(package: Package, resources: list[Resource]) -> dict[str, str | None]:
    """Each existing file's digest in the algorithm of its declared hash, by resource name."""
    return {r.name: declared.digest(package.file(r), r) for r in resources if package.file(r).is_file()}


def across_tables(scans: dict[str, TableScan], today: dt.date) -> list[Finding]:
    """The checks across tables of tables another engine read (the fast engine's, for a
    release), by the same statements as the SQL engine's own: their kept columns handed
    to DuckDB as Arrow, the rules of checks.REFERENCES added to each
    scan's findings, and thread integrity (threads.py) returned; so each check is
    written once. A table without kept rows (unread: its scan says why) is left out."""
    import pyarrow as pa

    from threadarchive.validation.sql.backend import duckdb

    read = {name: scan for name, scan in scans.items() if "_row" in scan.columns}
    if not read:
        return []
    with duckdb() as database:
        try:
            for number, scan in enumerate(read.values()):
                scan.relation = f"kept_{number}"  # for this connection's statements only
                # in one chunk: the checks scan a table many times, and an Arrow table of
                # hundreds of small batches costs each scan several times one chunk's
                kept = pa.table(scan.columns)
                with contextlib.suppress(pa.ArrowInvalid):  # a text column past 2 GiB: as it is
                    kept = kept.combine_chunks()
                database.register(scan.relation, kept)
            types = {name: keys.column_types(database, str(scan.relation)) for name, scan in read.items()}
            for scan in read.values():
                _references(database, read, types, scan.resource)
                scan.sort()
            # The reader found no repeated primary key: no thread's positions repeat, and
            # they are counted without looking for repeats (threads.check), a tenth of the time.
            unrepeated: dict[str, list[Any] | None] = {
                name: []
                for name, scan in read.items()
                if not scan.dropped and not any(f.type == PRIMARY_KEY.type for f in scan.findings)
            }
            return _integrity(database, read, types, unrepeated, today)
        finally:
            for scan in read.values():
                scan.relation = None


def _stand_ins(resources: list[Resource]) -> dict[str, Resource]:
    """The CSV resources a release's Parquet stands in for: by name, the Parquet resource
    of the same table and fields (``tweets-parquet`` for ``tweets``), when the CSV
    declares its hash and its rows."""
    by_name = {r.name: r for r in resources}
    twins = {}
    for resource in resources:
        twin = by_name.get(f"{resource.name}-parquet")
        if (
            resource.format == "csv"
            and twin is not None
            and twin.format == "parquet"
            and twin.field_names == resource.field_names
            and "hash" in resource.descriptor
            and isinstance(resource.descriptor.get("x-rows"), int)
        ):
            twins[resource.name] = twin
    return twins


def _stood_in(package: Package, resource: Resource, twin: TableScan, digest: str | None) -> TableScan:
    """A CSV table its Parquet twin was read for: its file checked by size and hash, its
    declared rows against the Parquet's."""
    scan = TableScan(resource, rows=twin.rows, engine=twin.engine, stand_in=twin.resource.name)
    path = package.file(resource)
    if not path.is_file():
        scan.readable = False
        scan.add(
            SCHEME_ERROR(f"expected the data file {resource.path}, found no such file", path=resource.path)
        )
        return scan
    for finding in declared.check(resource, path, digest):
        scan.add(finding)
    rows = resource.descriptor["x-rows"]
    if twin.readable and rows != twin.rows:
        message = (
            f"expected {resource.path} to declare the {twin.rows} rows of {twin.resource.path} (x-rows), "
            f"found {rows}"
        )
        scan.add(RESOURCE_ERROR(message, path=resource.path))
    return scan


def _references(
    backend: Backend, scans: dict[str, TableScan], types: dict[str, dict[str, str]], resource: Resource
) -> None:
    """The rules across tables of checks.REFERENCES that start from ``resource``'s table,
    against the target table in the same format (else in any), where both have the fields."""
    scan = scans[resource.name]
    for rule in REFERENCES:
        targets = [s for s in scans.values() if s.resource.table == rule.target and s.relation is not None]
        targets.sort(key=lambda s: s.resource.format != resource.format)
        if rule.table != resource.table or scan.relation is None or not targets:
            continue
        target = targets[0]
        if not set(rule.fields) <= set(types[resource.name]) or not set(rule.target_fields) <= set(
            types[target.resource.name]
        ):
            continue  # a release older than the rule's fields
        scan.extend(
            *keys.references(
                backend,
                rule,
                (scan.relation, types[resource.name]),
                (str(target.relation), target.resource.name, types[target.resource.name]),
                resource.path,
                scan.room(),
            )
        )


def kept_fields(resource: Resource, referenced: dict[str, set[str]]) -> set[str]:
    """The fields whose typed values the checks across rows need (whichever engine reads them)."""
    schema = resource.schema
    keep = set(KEEP.get(resource.table, [])) | referenced.get(resource.name, set())
    for rule in REFERENCES:  # where the table has them (shape and labels checks say if not)
        names = set(resource.field_names)
        keep |= set(rule.fields) & names if rule.table == resource.table else set()
        keep |= set(rule.target_fields) & names if rule.target == resource.table else set()
    keep |= set(as_list(schema.get("primaryKey")))
    keep |= {f["name"] for f in schema.get("fields", []) if (f.get("constraints") or {}).get("unique")}
    keep |= {name for fk in schema.get("foreignKeys", []) for name in as_list(fk.get("fields"))}
    return keep


def _integrity(
    backend: Backend,
    scans: dict[str, TableScan],
    types: dict[str, dict[str, str]],
    repeating: dict[str, list[Any] | None],
    today: dt.date,
) -> list[Finding]:
    """Thread integrity, once per package: on the CSV tables, else on the Parquet ones."""
    chosen = {contract.table_of(name): scan for name, scan in reversed(scans.items())}
    th, tw = chosen.get("threads"), chosen.get("tweets")
    if th is None or tw is None or th.relation is None or tw.relation is None:
        return []
    return threads.check(
        backend,
        (th.relation, th.resource.path, set(types[th.resource.name])),
        (tw.relation, tw.resource.path, set(types[tw.resource.name])),
        today,
        repeating=repeating.get(tw.resource.name),
    )


def _read(
    backend: Backend,
    package: Package,
    resource: Resource,
    rules: list[FieldRule],
    keep: set[str],
    relation: str,
    budget: Budget,
) -> TableScan:
    """One table's scan: read by SQL where it reads the file exactly, else by the fast engine."""
    path = package.file(resource)
    if not path.is_file():
        scan = TableScan(resource, readable=False, engine=backend.name)
        scan.add(
            SCHEME_ERROR(f"expected the data file {resource.path}, found no such file", path=resource.path)
        )
        return scan
    read = _sql_csv if resource.format == "csv" else _sql_parquet
    # DuckDB reads a path with * ? [ ] { } as a pattern of file names: such a file is read by the fast engine
    sql = None if GLOB & set(str(path)) else read(backend, path, resource, rules, keep, relation, budget)
    return sql if sql is not None else _fast(backend, package, resource, keep, relation, budget)


def _sql_csv(
    backend: Backend,
    path: Path,
    resource: Resource,
    rules: list[FieldRule],
    keep: set[str],
    relation: str,
    budget: Budget,
) -> TableScan | None:
    """A CSV table read by SQL, or None when SQL does not read this file exactly."""
    try:
        labels, size = header(path)
    except HeaderProblem:
        return None  # the fast engine says what is wrong with it
    if not labels:
        return None
    with path.open("rb") as stream:
        head = stream.read(size)
    new_line = "\r\n" if head.endswith(b"\r\n") else "\n"  # the whole file's, if it has one
    columns = [(f"c{i}", "VARCHAR") for i in range(len(labels))]
    try:
        source = backend.csv(path, len(labels), new_line, header_module.MAX_ROW_BYTES)
    except BackendError:
        return None
    read = table.Source(source, backend.csv_row, csv=True)
    plan = table.plan(resource, rules, columns, keep, relation, budget, backend.re2, read)
    facts = beside(structure.file_facts, path)  # beside DuckDB's read
    digest = beside(declared.digest, path, resource)
    try:
        backend.execute(table.scan_sql(plan))
    except BackendError:
        return None
    if plan.source.row_number is None:
        backend.number_rows(relation)
    file, actual = facts.result(), digest.result()
    rows, cells = backend.rows(f"SELECT count(*), coalesce(sum(_size), 0) FROM {relation}")[0]
    if file.new_line != new_line:
        backend.execute(f"DROP TABLE {relation}")
        return None
    if not structure.rows_agree(file, head, rows, len(labels), cells):
        backend.execute(f"DROP TABLE {relation}")
        return None
    scan = _scan(backend, resource, labels, rules, plan, rows)
    for finding in declared.check(resource, path, actual):
        scan.add(finding)
    scan.lines = functools.partial(_lines, path)
    return scan


def _sql_parquet(
    backend: Backend,
    path: Path,
    resource: Resource,
    rules: list[FieldRule],
    keep: set[str],
    relation: str,
    budget: Budget,
) -> TableScan | None:
    """A Parquet table read by SQL, or None when SQL cannot read it (the fast engine says why)."""
    source = backend.parquet(path)
    digest = beside(declared.digest, path, resource)
    try:
        # (no never_null: of one file, DuckDB reads which columns are REQUIRED itself)
        read = table.Source(source, PARQUET_ROW, csv=False)
        plan, labels = _parquet_plan(backend, read, resource, rules, keep, relation, budget)
        backend.execute(table.scan_sql(plan))
    except BackendError:
        return None
    actual = digest.result()
    rows = backend.rows(f"SELECT count(*) FROM {relation}")[0][0]
    scan = _scan(backend, resource, labels, rules, plan, rows)
    for finding in declared.check(resource, path, actual):
        scan.add(finding)
    return scan


def _sql_partitioned(
    backend: Backend,
    package: Package,
    resource: Resource,
    rules: list[FieldRule],
    keep: set[str],
    relation: str,
    budget: Budget,
) -> tuple[TableScan, parts.Parts | None]:
    """A partitioned table's files read by SQL as one table (parts.py), each file checked
    by its declared size, hash and rows, and the files read (None when unreadable: a file
    missing, or one SQL cannot read with the table's types; a finding says which)."""
    found, problems = parts.footers(package, resource)
    scan = TableScan(resource, engine=backend.name, readable=False)
    if found is None or GLOB & set(str(package.base)):
        if found is not None:
            problems.append(
                RESOURCE_ERROR("expected a folder name without * ? [ ] { }, found one", path=resource.path)
            )
        return _with(scan, [*problems, *parts.file_checks(package, resource)]), None
    source = backend.parquet_parts(parts.paths(package, found), list(found.offsets))
    hashed = beside(parts.file_checks, package, resource)
    try:
        read = table.Source(source, PARQUET_ROW, csv=False, never_null=found.never_null)
        plan, labels = _parquet_plan(backend, read, resource, rules, keep, relation, budget)
        backend.execute(table.scan_sql(plan))
    except BackendError as exc:
        message = f"expected Parquet files holding the table's fields with their types, found: {exc}"
        problems.append(RESOURCE_ERROR(message.splitlines()[0], path=resource.path))
        return _with(scan, [*problems, *hashed.result()]), None
    problems.extend(hashed.result())
    rows = backend.rows(f"SELECT count(*) FROM {relation}")[0][0]
    return _with(_scan(backend, resource, labels, rules, plan, rows), problems), found


def _parquet_plan(
    backend: Backend,
    read: table.Source,
    resource: Resource,
    rules: list[FieldRule],
    keep: set[str],
    relation: str,
    budget: Budget,
) -> tuple[table.Plan, list[str]]:
    """The plan of Parquet rows ``read``, and its columns' names; BackendError when SQL
    cannot read them or a column does not hold its field's type."""
    described = backend.rows(f"DESCRIBE SELECT * FROM {read.rows}")
    columns = [(f'"{name}"', str(kind)) for name, kind, *_ in described if name != "file_row_number"]
    for rule, (name, kind) in zip(rules, columns, strict=False):
        if kind != "VARCHAR" and not kind.startswith(PARQUET_TYPES[rule.type]):
            raise BackendError(f"column {name} is {kind}, not a {rule.type}")
    plan = table.plan(resource, rules, columns, keep, relation, budget, backend.re2, read)
    return plan, [name.strip('"') for name, _ in columns]


def _with(scan: TableScan, findings: list[Finding]) -> TableScan:
    for finding in findings:
        scan.add(finding)
    return scan


def _scan(
    backend: Backend,
    resource: Resource,
    labels: list[str],
    rules: list[FieldRule],
    plan: table.Plan,
    rows: int,
) -> TableScan:
    scan = TableScan(resource, rows=rows, engine=backend.name, relation=plan.relation)
    for finding in check_labels(labels, [r.name for r in rules], resource.path):
        scan.add(finding)
    scan.extend(*table.findings(backend, plan, scan.room()))
    return scan


def _fast(
    backend: Backend, package: Package, resource: Resource, keep: set[str], relation: str, budget: Budget
) -> TableScan:
    """A table the fast engine reads (SQL does not read its file exactly); its kept
    columns, with their row numbers, become the SQL table ``relation``."""
    import pyarrow as pa

    from threadarchive.validation.schema.table import TableCheck

    check = TableCheck(package.base, resource, keep=keep, lookups={}, budget=budget, keys=False)
    for _ in check.batches():
        pass
    scan = check.scan
    if scan.readable and "_row" in scan.columns:
        backend.register(f"{relation}_arrow", pa.table(scan.columns))
        backend.execute(f"CREATE TEMP TABLE {relation} AS SELECT * FROM {relation}_arrow")
        scan.relation = relation
        scan.columns = {}
    return scan


def _lines(path: Path, rows: Any) -> Any:
    """The lines ``rows`` start on (numpy imported only when findings need lines)."""
    from threadarchive.validation.schema.lines import csv_lines

    return csv_lines(path, rows)
