"""The Frictionless layer of validation: every table against its Table Schema.

Two engines give the same findings (type, row, field):

- ``fast``: pyarrow reads the table in batches and every check runs over whole
  columns, so memory stays bounded and no Python object is made per row. It
  follows frictionless 5's rules exactly, quirks included (integers are read like
  Python's ``int()``, dates like ``strptime("%Y-%m-%d")``, patterns are anchored
  as ``^pattern$`` with Python's ``$``).
- ``frictionless``: frictionless itself, used for what the fast engine does not
  cover (other field types, formats, dialects or encodings) and on request.

Rows are numbered as frictionless numbers them: the header is row 1.
"""

from __future__ import annotations

import calendar
import codecs
import csv
import datetime as dt
import functools
import io
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from queue import Full, Queue
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from . import arrowutil as arrow
from .hashing import sha256_file
from .package import Package, Resource
from .report import Finding, shown

BLOCK_SIZE = 1 << 20  # bytes of CSV per batch: small blocks keep peak memory low
PREFETCH_BYTES = 64 << 20  # smaller tables are read in line: a reader thread would not pay off
PARQUET_BATCH = 65_536
FINDING_LIMIT = 1000  # per table, like frictionless's limit_errors
ROW_TYPE = pa.int32()  # row numbers: two billion rows is beyond any CSV this reads

Progress = Callable[[int], None]  # called with the number of bytes just read

# Python's str.strip() whitespace, which frictionless strips before int().
_WS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_INTEGER = f"^[{_WS}]*[+-]?[0-9]+(?:_[0-9]+)*[{_WS}]*$"
_WS_CHARS = "".join(chr(c) for c in range(0x2000, 0x200B)) + _WS.replace("\u2000-\u200a", "")
# strptime("%Y-%m-%d"): the alternatives of Python's _strptime, anchored.
_DATE = r"^(?P<y>[0-9]{4})-(?P<m>1[0-2]|0[1-9]|[1-9])-(?P<d>3[01]|[12][0-9]|0[1-9]|[1-9]| [1-9])$"

_FIRST_DATE = dt.date(1, 1, 1)
_CONSTRAINTS = {
    "string": {"required", "unique", "pattern", "enum", "minLength", "maxLength"},
    "integer": {"required", "unique", "enum", "minimum", "maximum"},
    "date": {"required", "unique", "enum", "minimum", "maximum"},
    "datetime": {"required", "unique", "enum", "minimum", "maximum"},
}
_ARROW_TYPES: dict[str, Callable[[pa.DataType], bool]] = {
    "string": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
    "integer": pa.types.is_integer,
    "date": pa.types.is_date,
    "datetime": pa.types.is_timestamp,
}
_EXPECTED = {
    "string": "a string",
    "integer": "an integer",
    "date": "a date as YYYY-MM-DD",
    "datetime": "a date and time as YYYY-MM-DDTHH:MM:SSZ",
}
# The form every reader writes; anything else is judged cell by cell as frictionless does.
_DATETIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"


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
        if kind not in _CONSTRAINTS or descriptor.get("format", "default") != "default":
            raise Unsupported(f"field {descriptor.get('name')!r} of type {kind!r}")
        if kind == "integer" and descriptor.get("bareNumber", True) is not True:
            raise Unsupported("integer fields with bareNumber false")
        if "missingValues" in descriptor:
            raise Unsupported("field-level missingValues")
        constraints = dict(descriptor.get("constraints") or {})
        for name in set(constraints) - _CONSTRAINTS[kind] - {"unique"}:
            if name not in {"pattern", "minLength", "maxLength", "minimum", "maximum", "enum", "required"}:
                raise Unsupported(f"constraint {name!r}")
            del constraints[name]  # frictionless ignores constraints a type does not support
        return cls(descriptor["name"], kind, constraints)


def readable_schema(resource: Resource) -> bool:
    """Whether the fast engine understands every field of the resource's schema."""
    try:
        [FieldRule.from_schema(f) for f in resource.schema.get("fields", [])]
    except (Unsupported, KeyError, TypeError, AttributeError):
        return False
    return True


@dataclass
class TableScan:
    """What scanning one table found, and the key columns kept for later checks."""

    resource: Resource
    findings: list[Finding] = field(default_factory=list)
    rows: int = 0
    engine: str = "fast"
    columns: dict[str, pa.ChunkedArray] = field(default_factory=dict)  # typed; "_row" = row numbers
    readable: bool = True
    dropped: int = 0  # findings over the limit, counted but not listed

    def add(self, finding: Finding) -> None:
        if len(self.findings) < FINDING_LIMIT:
            self.findings.append(finding)
        else:
            self.dropped += 1


def check_package(
    package: Package,
    resources: list[Resource],
    *,
    keep: dict[str, list[str]] | None = None,
    derive: dict[str, dict[str, Derive]] | None = None,
    engine: str = "auto",
    progress: Progress | None = None,
    scanned: Callable[[str], None] | None = None,
    sink: Sink | None = None,
) -> dict[str, TableScan]:
    """Check ``resources`` of the package against their schemas.

    ``keep`` names, per table, the typed columns to return for later checks
    (thread integrity); key columns are kept anyway for keys and foreign keys.
    ``derive`` maps, per table, a field to a function computing more columns from
    it batch by batch (kept too). ``scanned`` is told each table's name when done.
    ``sink`` receives every batch of typed rows (a release writes them to Parquet).
    ``engine`` is "auto" (fast where it can), "fast" or "frictionless".
    """
    plan = _Plan(keep or {}, derive or {}, progress, scanned or (lambda name: None), sink)
    if engine == "frictionless":
        return _frictionless(package, resources, plan)
    try:
        scans = _scan_all(package, resources, plan)
    except Unsupported:
        if engine == "fast":
            raise
        return _frictionless(package, resources, plan)
    for scan in scans.values():
        scan.findings.sort(key=lambda f: (f.row or 0, _field_order(scan.resource, f.field)))
    return scans


Derive = Callable[[pa.Array], dict[str, pa.Array]]
Sink = Callable[[Resource, pa.Table], None]


@dataclass(frozen=True)
class _Plan:
    keep: dict[str, list[str]]
    derive: dict[str, dict[str, Derive]]
    progress: Progress | None
    scanned: Callable[[str], None]
    sink: Sink | None = None


def _scan_all(package: Package, resources: list[Resource], plan: _Plan) -> dict[str, TableScan]:
    """Scan referenced tables first, so foreign keys are checked batch by batch."""
    referenced: dict[str, set[str]] = {}
    for resource in resources:
        for fk in resource.schema.get("foreignKeys", []):
            target = _fk_target(resource, fk)
            referenced.setdefault(target, set()).update(_as_list(fk.get("reference", {}).get("fields")))
    ordered = sorted(resources, key=lambda r: r.name not in referenced)
    scans: dict[str, TableScan] = {}
    for resource in ordered:
        lookups = {}
        for fk in resource.schema.get("foreignKeys", []):
            names, target_fields = _as_list(fk.get("fields")), _as_list(fk.get("reference", {}).get("fields"))
            referenced_scan = scans.get(_fk_target(resource, fk))
            if len(names) != 1 or len(target_fields) != 1 or _fk_target(resource, fk) == resource.name:
                raise Unsupported("composite or self-referencing foreign keys")
            if (
                referenced_scan is not None
                and referenced_scan.readable
                and target_fields[0] in referenced_scan.columns
            ):
                values = referenced_scan.columns[target_fields[0]].combine_chunks()
                lookups[names[0]] = _ForeignKey(
                    names[0], referenced_scan.resource.name, target_fields[0], values
                )
        wanted = set(plan.keep.get(resource.table, [])) | referenced.get(resource.name, set())
        derive = plan.derive.get(resource.table, {})
        scans[resource.name] = _scan(
            package.base, resource, wanted, plan.progress, lookups, derive, plan.sink
        )
        plan.scanned(resource.name)
    return {r.name: scans[r.name] for r in resources}


def _fk_target(resource: Resource, fk: dict[str, Any]) -> str:
    """The resource a foreign key points to: "threads" from "tweets", "threads-parquet"
    from "tweets-parquet" (a release's Parquet tables refer to each other)."""
    name = str(fk.get("reference", {}).get("resource") or resource.name)
    return name + resource.name[len(resource.table) :]


class _ForeignKey:
    """One field's foreign key, checked batch by batch against the referenced values.

    The field is kept as codes into the referenced values (unknown values appended),
    a dictionary array: a tenth of the memory of the strings, and keys are integers.
    """

    def __init__(self, name: str, target: str, target_field: str, values: pa.Array) -> None:
        self.name, self.target, self.target_field = name, target, target_field
        self.values = values.drop_null() if values.null_count else values
        # Built once; each batch then looks up only its distinct values.
        self.index: dict[Any, int] = {}
        for position, value in enumerate(self.values.to_pylist()):
            self.index.setdefault(value, position)
        self.unknown: dict[Any, int] = {}
        self.chunks: list[pa.Array] = []

    def encode(self, scan: TableScan, column: pa.Array, rows: pa.Array) -> None:
        encoded = pc.dictionary_encode(column)
        distinct = encoded.dictionary.to_pylist()
        mapped = np.array([self.index.get(value, -1) for value in distinct], dtype=np.int32)
        for i in np.flatnonzero(mapped < 0):
            mapped[i] = self.unknown.setdefault(distinct[i], len(self.values) + len(self.unknown))
        indices = _numpy_ints(encoded.indices, 0)
        codes = mapped[indices] if len(mapped) else np.zeros(len(column), dtype=np.int32)
        orphan = (codes >= len(self.values)) & _mask(pc.is_valid(column))
        numbers = arrow.numpy(rows)
        for index in np.flatnonzero(orphan):
            message = (
                f"expected {self.name} to be a {self.target_field} of {self.target}, "
                f"found {shown(column[int(index)].as_py())}, which is not"
            )
            scan.add(
                Finding("foreign-key", "error", message, path=scan.resource.path, row=int(numbers[index]))
            )
        self.chunks.append(
            arrow.ints(codes, pa.int32(), null=_mask(pc.is_null(column)) if column.null_count else None)
        )

    def column(self) -> pa.ChunkedArray:
        dictionary = pa.concat_arrays([self.values, arrow.array(list(self.unknown), self.values.type)])
        return pa.chunked_array(
            [pa.DictionaryArray.from_arrays(codes, dictionary) for codes in self.chunks],
            type=pa.dictionary(pa.int32(), dictionary.type),
        )


def _scan(
    base: Path,
    resource: Resource,
    keep: set[str],
    progress: Progress | None,
    lookups: dict[str, _ForeignKey] | None = None,
    derive: dict[str, Derive] | None = None,
    sink: Sink | None = None,
) -> TableScan:
    scan = TableScan(resource)
    lookups, derive = lookups or {}, derive or {}
    rules = [FieldRule.from_schema(f) for f in resource.schema.get("fields", [])]
    missing_values = resource.schema.get("missingValues", [""])
    if not all(isinstance(v, str) for v in missing_values):
        raise Unsupported("non-string missingValues")
    _check_dialect(resource)
    path = base / resource.path
    if not path.is_file():
        scan.readable = False
        message = f"expected the data file {resource.path}, found no such file"
        scan.add(Finding("scheme-error", "error", message, path=resource.path))
        return scan

    primary_key = _as_list(resource.schema.get("primaryKey"))
    unique = [r.name for r in rules if r.constraints.get("unique")]
    kept = (keep | set(primary_key) | set(unique)) - set(lookups)
    collected: dict[str, list[pa.Array]] = {name: [] for name in kept | {"_row"}}

    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(sha256_file, path) if "hash" in resource.descriptor else None
        try:
            labels, batches = _read(path, resource.format, progress)
            if not labels:  # frictionless: "the source is empty"
                message = "expected a header row and data, found an empty file"
                scan.add(Finding("source-error", "error", message, path=resource.path))
                scan.readable = False
                return scan
            expected = rules[: len(labels)]
            _check_labels(scan, labels, rules)
            for columns, rows, shape in (
                _prefetch(batches) if path.stat().st_size > PREFETCH_BYTES else batches
            ):
                found = len(scan.findings) + scan.dropped
                typed = _check_batch(scan, expected, columns, rows, shape, missing_values)
                scan.rows += len(rows)
                for name, foreign_key in lookups.items():
                    if name in typed:
                        foreign_key.encode(scan, typed[name], rows)
                clean = len(scan.findings) + scan.dropped == found and len(expected) == len(rules)
                if sink is not None and clean:  # a batch with errors fails the whole run anyway
                    sink(
                        resource,
                        pa.Table.from_arrays([typed[r.name] for r in rules], [r.name for r in rules]),
                    )
                for name in kept & set(typed):
                    collected[name].append(_narrow(typed[name]))
                for name, function in derive.items():
                    for derived, values in function(typed[name]).items() if name in typed else ():
                        collected.setdefault(derived, []).append(values)
                collected["_row"].append(rows)
        except _EncodingError as exc:
            scan.findings = [Finding("encoding-error", "error", str(exc), path=resource.path, line=exc.line)]
            scan.readable = False
            if resource.format == "parquet":  # frictionless checks no Parquet hash; its hash tells why
                _check_file(scan, path, digest.result() if digest else None)
            return scan
        _check_file(scan, path, digest.result() if digest else None)
    types = {r.name: arrow.TYPES[r.type] for r in rules} | {"_row": ROW_TYPE}  # of a table with no rows
    scan.columns = {
        name: pa.chunked_array(arrays, type=arrays[0].type if arrays else types[name])
        for name, arrays in collected.items()
        if arrays or name in types
    }
    scan.columns.update({name: fk.column() for name, fk in lookups.items()})
    for name in unique:
        _duplicates(scan, [name], "unique-error", field_name=name)
    if primary_key and all(name in scan.columns for name in primary_key):
        _duplicates(scan, primary_key, "primary-key")
    return scan


class _EncodingError(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


# One batch: its columns (strings from CSV, typed from Parquet; None for a column
# the row lacks), the row numbers, and per row the number of cells it had.
Batch = tuple[list[pa.Array], pa.Array, pa.Array | None]


def _read(path: Path, fmt: str, progress: Progress | None) -> tuple[list[str], Iterator[Batch]]:
    if fmt == "parquet":
        return _read_parquet(path, progress)
    if fmt != "csv":
        raise Unsupported(f"format {fmt!r}")
    return _read_csv(path, progress)


def _read_csv(path: Path, progress: Progress | None) -> tuple[list[str], Iterator[Batch]]:
    with path.open("rb") as stream:
        head = stream.readline()
        while head.count(b'"') % 2 and (more := stream.readline()):
            head += more  # a quoted label with a line break in it
    try:
        labels = next(csv.reader(io.StringIO(head.decode("utf-8-sig"))), [])
    except UnicodeDecodeError as exc:
        raise _EncodingError(f"expected UTF-8, found {exc.reason} in the header", 1) from None
    names = [f"c{i}" for i in range(len(labels))]
    invalid: list[tuple[int, str]] = []

    def on_invalid_row(row: Any) -> str:
        invalid.append((row.number, row.text))
        return "skip"

    def batches() -> Iterator[Batch]:
        try:
            reader = pacsv.open_csv(
                pa.OSFile(str(path)),
                read_options=pacsv.ReadOptions(
                    use_threads=False, block_size=_block_size(len(names)), column_names=names, skip_rows=1
                ),
                parse_options=pacsv.ParseOptions(
                    newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=on_invalid_row
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            next_row, skipped = 2, np.empty(0, dtype=np.int64)
            for batch in reader:
                # Rows the reader skipped (a wrong number of cells) go through the same
                # checks as a batch of their own; the others are numbered around them.
                if invalid:
                    yield _cells_batch(invalid, len(labels))
                    skipped = np.union1d(skipped, [n for n, _ in invalid])
                    invalid.clear()
                if batch.num_rows:
                    numbers = _row_numbers(next_row, batch.num_rows, skipped)
                    next_row = int(numbers[-1]) + 1
                    yield list(batch.columns), arrow.ints(numbers, ROW_TYPE), None
                if progress:
                    progress(batch.nbytes)
            if invalid:
                yield _cells_batch(invalid, len(labels))
        except pa.ArrowInvalid as exc:
            if "UTF8" not in str(exc) and "UTF-8" not in str(exc):
                raise
            raise _EncodingError(*_first_bad_utf8(path)) from None

    return labels, batches()


def _prefetch(items: Iterator[Batch], depth: int = 8) -> Iterator[Batch]:
    """Read ahead in a thread: parsing the next block overlaps the checks of this one
    (pyarrow releases the GIL for both), with at most ``depth`` blocks in memory."""
    queue: Queue[tuple[str, Any]] = Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        queue.put(("item", item), timeout=0.1)
                        break
                    except Full:
                        continue
                if stop.is_set():
                    return
            queue.put(("done", None))
        except BaseException as exc:  # handed to the consumer, raised there
            queue.put(("error", exc))

    worker = threading.Thread(target=produce, name="threadarchive-reader", daemon=True)
    worker.start()
    try:
        while True:
            kind, value = queue.get()
            if kind == "done":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        worker.join()


def _block_size(columns: int) -> int:
    """Bytes of CSV per batch: the reader holds buffers per column, so wide tables get
    smaller blocks and memory stays about the same whatever the width."""
    return max(BLOCK_SIZE // 4, BLOCK_SIZE * 5 // max(columns, 1))


def _row_numbers(start: int, count: int, skipped: np.ndarray) -> np.ndarray:
    """The first ``count`` row numbers from ``start`` on that are not ``skipped``."""
    ahead = skipped[skipped >= start]
    numbers = np.arange(start, start + count + len(ahead), dtype=np.int64)
    return numbers[~np.isin(numbers, ahead)][:count]


def _cells_batch(rows: list[tuple[int, str]], n_labels: int) -> Batch:
    """Rows with too few or too many cells, parsed one by one (they are rare)."""
    cells = [next(csv.reader(io.StringIO(text)), []) for _, text in rows]
    columns = [
        arrow.strings([row[i] if i < len(row) else None for row in cells])
        for i in range(max(n_labels, *(len(row) for row in cells)))
    ]
    return (
        columns,
        arrow.ints(np.array([n for n, _ in rows]), ROW_TYPE),
        arrow.ints(np.array([len(row) for row in cells])),
    )


def _read_parquet(path: Path, progress: Progress | None) -> tuple[list[str], Iterator[Batch]]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise _EncodingError(f"expected a Parquet file, found an unreadable one ({exc})", None) from None
    labels = list(parquet.schema_arrow.names)

    def batches() -> Iterator[Batch]:
        start = 2
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH):
            yield list(batch.columns), arrow.ints(np.arange(start, start + batch.num_rows), ROW_TYPE), None
            start += batch.num_rows
            if progress:
                progress(batch.nbytes)

    return labels, batches()


def _check_dialect(resource: Resource) -> None:
    dialect = resource.descriptor.get("dialect") or {}
    if any(dialect.get(k, v) != v for k, v in {"delimiter": ",", "quoteChar": '"', "header": True}.items()):
        raise Unsupported("a CSV dialect other than the default")
    encoding = (resource.descriptor.get("encoding") or "utf-8").lower()
    if encoding not in {"utf-8", "utf8"} or resource.descriptor.get("compression"):
        raise Unsupported(f"encoding {encoding!r} or compression")


def _check_labels(scan: TableScan, labels: list[str], rules: list[FieldRule]) -> None:
    path = scan.resource.path
    for i, label in enumerate(labels):
        if i >= len(rules):
            message = f"expected {len(rules)} columns, found an extra label {label!r} in column {i + 1}"
            scan.add(Finding("extra-label", "error", message, path=path, line=1, field=label))
        elif label == "":
            message = f"expected the label {rules[i].name!r} in column {i + 1}, found a blank label"
            scan.add(Finding("blank-label", "error", message, path=path, line=1, field=rules[i].name))
        elif label in labels[:i]:
            message = f"expected unique labels, found {label!r} again in column {i + 1}"
            scan.add(Finding("duplicate-label", "error", message, path=path, line=1, field=rules[i].name))
        elif label != rules[i].name:
            message = f"expected the label {rules[i].name!r} in column {i + 1}, found {label!r}"
            scan.add(Finding("incorrect-label", "error", message, path=path, line=1, field=rules[i].name))
    for rule in rules[len(labels) :]:
        message = f"expected a column {rule.name!r}, found no such label"
        scan.add(Finding("missing-label", "error", message, path=path, line=1, field=rule.name))


def _check_batch(
    scan: TableScan,
    rules: list[FieldRule],
    columns: list[pa.Array],
    rows: pa.Array,
    shape: pa.Array | None,
    missing_values: list[str],
) -> dict[str, pa.Array]:
    """Check one batch column by column; return the typed columns by field name."""
    path = scan.resource.path
    typed: dict[str, pa.Array] = {}
    found: list[tuple[int, Finding]] = []  # (index in the batch, finding)
    all_missing = np.ones(len(rows), dtype=bool)
    row_numbers = arrow.numpy(rows)

    def report(mask: np.ndarray, kind: str, field_name: str, message: Callable[[int], str]) -> None:
        flagged = np.flatnonzero(mask)
        room = max(FINDING_LIMIT - len(scan.findings) - len(found), 0)  # no million objects for a bad table
        scan.dropped += max(len(flagged) - room, 0)
        for index in flagged[:room]:
            finding = Finding(
                kind,
                "error",
                message(int(index)),
                path=path,
                row=int(row_numbers[index]),
                field=field_name,
            )
            found.append((index, finding))

    for position, rule in enumerate(rules):
        column = columns[position] if position < len(columns) else pa.nulls(len(rows), pa.string())
        if (
            pa.types.is_string(column.type)
            or pa.types.is_large_string(column.type)
            or column.null_count == len(column)
        ):
            missing = _missing(column, missing_values)
        else:
            if not _ARROW_TYPES[rule.type](column.type):
                raise Unsupported(f"a Parquet column of type {column.type} for a {rule.type} field")
            missing = _mask(pc.is_null(column))
        all_missing &= missing
        values, bad_type = _cast(rule, column, missing)
        typed[rule.name] = values
        if bad_type.any():
            cells = column
            report(
                bad_type,
                "type-error",
                rule.name,
                functools.partial(_type_message, _EXPECTED[rule.type], cells),
            )
        ok = ~missing & ~bad_type
        for name, value in rule.constraints.items():
            failed = _constraint(name, value, rule, values, missing, ok)
            if failed is not None and failed.any():
                report(
                    failed,
                    "constraint-error",
                    rule.name,
                    functools.partial(_cell_constraint_message, name, value, column),
                )

    if shape is not None:  # rows with a wrong number of cells
        counts = arrow.numpy(shape)
        for position, rule in enumerate(rules):
            lacks = counts <= position
            report(lacks, "missing-cell", rule.name, functools.partial(_cells_message, len(rules), counts))
        for position in range(len(rules), len(columns)):
            extra = counts > position
            report(
                extra,
                "extra-cell",
                "",  # frictionless names no field for a cell beyond the schema
                functools.partial(_extra_cell_message, len(rules), position),
            )

    blank = all_missing if rules else np.zeros(len(rows), dtype=bool)
    for index, finding in found:
        if not blank[index]:
            scan.add(finding)
    for blank_index in np.flatnonzero(blank):
        scan.add(
            Finding(
                "blank-row",
                "error",
                "expected a row with values, found a blank row",
                path=path,
                row=int(row_numbers[blank_index]),
            )
        )
    return typed


def _missing(column: pa.Array, missing_values: list[str]) -> np.ndarray:
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return _mask(pc.is_null(column))  # a typed Parquet column
    if missing_values == [""]:  # the default: an empty cell, found by length alone
        found = _numpy_ints(pc.binary_length(column), 0) == 0
    else:
        found = _mask(pc.is_in(column, arrow.strings(missing_values)))
    return found | _mask(pc.is_null(column)) if column.null_count else found


def _mask(array: pa.Array) -> np.ndarray:
    return arrow.numpy(array.fill_null(arrow.FALSE) if array.null_count else array)


def _numpy_ints(array: pa.Array, null: int) -> np.ndarray:
    """An integer array as numpy, nulls replaced by ``null``."""
    if array.null_count:
        array = array.fill_null(arrow.scalar(null, array.type))
    return arrow.numpy(array)


def _cast(rule: FieldRule, column: pa.Array, missing: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """Typed values (null where missing or invalid) and the mask of type errors."""
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        if rule.type in ("date", "datetime"):
            column = column.cast(arrow.TYPES[rule.type])
        elif rule.type == "integer":
            column = column.cast(pa.int64())
        return column, np.zeros(len(column), dtype=bool)
    any_missing = bool(missing.any())
    present = arrow.bools(~missing)
    without_missing = _only(present, column) if any_missing else column  # no copy when full
    if rule.type == "string":
        return without_missing, np.zeros(len(column), dtype=bool)
    if rule.type == "datetime":
        return _cast_datetime(column, missing)
    if rule.type == "integer":
        try:  # plain digits, the usual case: arrow's cast agrees with int() on them
            return without_missing.cast(pa.int64()), np.zeros(len(column), dtype=bool)
        except pa.ArrowInvalid:
            pass
        valid = _mask(pc.match_substring_regex(column, _INTEGER)) & ~missing
        digits = pc.replace_substring(pc.utf8_trim(column, characters=_WS_CHARS), "_", "")
        digits = _only(arrow.bools(valid), digits)
        try:
            values = digits.cast(pa.int64())
        except pa.ArrowInvalid:  # beyond 64 bits: valid for int(), kept as null here
            values = arrow.array([_int64_or_none(d) for d in digits.to_pylist()], pa.int64())
        return values, ~valid & ~missing
    # date: arrow's ISO cast, where it succeeds, accepts nothing strptime would refuse
    try:
        values = without_missing.cast(pa.date32())
        if values.null_count == len(values) or pc.min(values).as_py() >= _FIRST_DATE:
            return values, np.zeros(len(column), dtype=bool)
    except pa.ArrowInvalid:
        pass
    parts = pc.extract_regex(_only(present, column), _DATE)
    shaped = _mask(pc.is_valid(parts)) & ~missing
    year = pc.cast(pc.struct_field(parts, 0), pa.int32())
    month = pc.cast(pc.utf8_trim_whitespace(pc.struct_field(parts, 1)), pa.int32())
    day = pc.cast(pc.utf8_trim_whitespace(pc.struct_field(parts, 2)), pa.int32())
    y, m, d = (_numpy_ints(a, 1) for a in (year, month, day))
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    days = np.array([0, *(calendar.monthrange(2001, k)[1] for k in range(1, 13))])[m] + (leap & (m == 2))
    valid = shaped & (y >= 1) & (d <= days)
    iso = pc.binary_join_element_wise(
        pc.utf8_lpad(pc.cast(year, pa.string()), 4, "0"),
        pc.utf8_lpad(pc.cast(month, pa.string()), 2, "0"),
        pc.utf8_lpad(pc.cast(day, pa.string()), 2, "0"),
        arrow.scalar("-", pa.string()),
    )
    values = _only(arrow.bools(valid), iso).cast(pa.date32())
    return values, ~valid & ~missing


def _cast_datetime(column: pa.Array, missing: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """UTC timestamps: arrow parses the regular form; any other cell is judged as
    frictionless judges it (dateutil's isoparse, at least "YYYY-MM-DDTHH:MM"), one by one."""
    regular = _mask(pc.match_substring_regex(column, _DATETIME)) & ~missing
    parsed = pc.strptime(
        _only(arrow.bools(regular), column), format="%Y-%m-%dT%H:%M:%SZ", unit="ms", error_is_null=True
    )
    ticks = _numpy_ints(parsed.cast(pa.int64()), 0).copy()
    # strptime rolls an impossible day over (Feb 30 to Mar 2): only a value that prints back as read is one.
    printed = pc.strftime(parsed.cast(pa.timestamp("s")), format="%Y-%m-%dT%H:%M:%SZ")
    parsed_ok = regular & _mask(pc.equal(printed, column))
    bad = np.zeros(len(column), dtype=bool)
    for index in np.flatnonzero(~missing & ~parsed_ok):  # rare: the readers write the regular form
        when = _isoparse(column[int(index)].as_py())
        if when is None:
            bad[index] = True
        else:
            ticks[index] = round(when.replace(tzinfo=when.tzinfo or dt.UTC).timestamp() * 1000)
    return arrow.ints(ticks, arrow.TYPES["datetime"], null=missing | bad), bad


def _isoparse(cell: str) -> dt.datetime | None:
    """frictionless 5's reading of a default-format datetime cell."""
    from dateutil import parser

    if len(cell) < 19 or cell[16] != ":":
        return None
    try:
        return parser.isoparse(cell)
    except (ValueError, OverflowError):
        return None


def _narrow(values: pa.Array) -> pa.Array:
    """A kept int64 column as int32 when its values fit: half the memory for later checks."""
    if values.type != pa.int64() or len(values) == values.null_count:
        return values
    bounds = pc.min_max(values)
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    return values.cast(pa.int32()) if low >= -(2**31) and high < 2**31 else values


def _only(keep: pa.Array, values: pa.Array) -> pa.Array:
    """``values`` where ``keep``, null elsewhere."""
    return pc.if_else(keep, values, pa.nulls(len(values), values.type))


def _int64_or_none(digits: str | None) -> int | None:
    value = None if digits is None else int(digits)
    return value if value is not None and -(2**63) <= value < 2**63 else None


def _constraint(
    name: str, value: Any, rule: FieldRule, values: pa.Array, missing: np.ndarray, ok: np.ndarray
) -> np.ndarray | None:
    """Mask of rows failing one constraint; None for constraints checked elsewhere."""
    if name == "required":
        return missing if value else None
    if name == "unique":
        return None
    if name == "pattern":
        # frictionless: re.match("^" + pattern + "$"); Python's $ also matches before a final \n.
        regex = f"^(?:^{value}\n?$)" if "$" not in value else f"^(?:^{value}$)"
        try:
            matched = _mask(pc.match_substring_regex(values, regex))
        except pa.ArrowInvalid:
            compiled = re.compile(f"^{value}$")
            matched = np.array([v is not None and bool(compiled.match(v)) for v in values.to_pylist()])
        return ok & ~matched
    if name == "enum":
        allowed = [_typed_literal(rule, v) for v in value]
        return ok & ~_mask(pc.is_in(values, arrow.array(allowed, values.type)))
    if name in {"minLength", "maxLength"}:
        length = pc.utf8_length(values)
        compare = pc.less if name == "minLength" else pc.greater
        return ok & _mask(compare(length, arrow.scalar(value, length.type)))
    if name in {"minimum", "maximum"}:
        bound = arrow.scalar(_typed_literal(rule, value), values.type)
        compare = pc.less if name == "minimum" else pc.greater
        return ok & _mask(compare(values, bound))
    return None


def _typed_literal(rule: FieldRule, value: Any) -> Any:
    if rule.type == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if rule.type == "datetime" and isinstance(value, str):
        return _isoparse(value)
    if rule.type == "integer" and isinstance(value, str):
        return int(value)
    return value


def _type_message(expected: str, cells: pa.Array, index: int) -> str:
    return f"expected {expected}, found {shown(cells[index].as_py())}"


def _cell_constraint_message(name: str, value: Any, cells: pa.Array, index: int) -> str:
    return _constraint_message(name, value, cells[index].as_py())


def _cells_message(expected: int, counts: np.ndarray, index: int) -> str:
    return f"expected {expected} cells, found {counts[index]}"


def _extra_cell_message(expected: int, position: int, index: int) -> str:
    return f"expected {expected} cells, found an extra cell in column {position + 1}"


def _constraint_message(name: str, value: Any, cell: Any) -> str:
    expected = {
        "required": "a value (the field is required)",
        "pattern": f"a value matching the pattern {value!r}",
        "enum": f"one of {value!r}",
        "minimum": f"a value of at least {value!r}",
        "maximum": f"a value of at most {value!r}",
        "minLength": f"at least {value} characters",
        "maxLength": f"at most {value} characters",
    }[name]
    found = "an empty cell" if cell in (None, "") else shown(cell)
    return f"expected {expected}, found {found}"


def _duplicates(scan: TableScan, names: list[str], kind: str, field_name: str | None = None) -> None:
    """Report every row whose key repeats an earlier row's (the first stays clean).

    frictionless skips empty cells for ``unique`` and reports an all-empty primary
    key on its own; partly empty keys still count as values.
    """
    keys = [scan.columns[name] for name in names]
    rows = arrow.numpy(scan.columns["_row"])
    if len(rows) == 0:
        return
    all_null = np.ones(len(rows), dtype=bool)
    for key in keys:
        all_null &= _mask(pc.is_null(key))
    if kind == "primary-key":
        for row in np.sort(rows[all_null]):
            message = f"expected a value in the primary key ({', '.join(names)}), found all cells empty"
            scan.add(Finding(kind, "error", message, path=scan.resource.path, row=int(row)))
    combined = factorize(keys)
    if not all_null.any() and len(combined) > 1 and (np.diff(combined) > 0).all():
        return  # keys strictly increasing in row order, as ingest writes them: no repeats
    present = np.flatnonzero(~all_null)
    order = present[np.lexsort((rows[present], combined[present]))]
    starts = np.r_[True, combined[order][1:] != combined[order][:-1]]
    first_row = rows[order][np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))]
    for index in np.flatnonzero(~starts):
        row = int(rows[order[index]])
        values = ", ".join(shown(key[int(order[index])].as_py()) for key in keys)
        what = f"({', '.join(names)}) = ({values})" if len(names) > 1 else f"{names[0]} = {values}"
        message = f"expected a unique {what}, found it again (first in row {first_row[index]})"
        scan.add(Finding(kind, "error", message, path=scan.resource.path, row=row, field=field_name))


def factorize(columns: list[pa.ChunkedArray]) -> np.ndarray:
    """One int64 code per row, equal exactly where all the columns' values are equal."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        array = column.combine_chunks()
        if not pa.types.is_dictionary(array.type):
            array = pc.dictionary_encode(array)
        cardinality = len(array.dictionary) + 1  # the last code stands for null
        codes = _numpy_ints(array.indices, cardinality - 1).astype(np.int64)
        if combined.max(initial=0) >= np.iinfo(np.int64).max // cardinality:
            combined = np.unique(combined, return_inverse=True)[1].astype(np.int64)
        combined = combined * cardinality + codes
    return combined


def _check_file(scan: TableScan, path: Path, actual_hash: str | None) -> None:
    declared = scan.resource.descriptor
    size = declared.get("bytes", declared.get("x-bytes"))  # x-bytes: a Parquet file's, see release.py
    if size is not None and size != path.stat().st_size:
        message = f"expected {size} bytes, found {path.stat().st_size}"
        scan.add(Finding("byte-count", "error", message, path=scan.resource.path))
    if actual_hash is not None:
        algorithm, _, expected = str(declared["hash"]).rpartition(":")
        if (algorithm or "md5") != "sha256":
            raise Unsupported(f"hash algorithm {algorithm or 'md5'}")
        if expected != actual_hash:
            message = f"expected SHA-256 {expected}, found {actual_hash}"
            scan.add(Finding("hash-count", "error", message, path=scan.resource.path))


def _first_bad_utf8(path: Path) -> tuple[str, int]:
    """Where the first byte that is not UTF-8 is: for the message and the line."""
    decoder, offset, line = codecs.getincrementaldecoder("utf-8")(), 0, 1
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: exc.start].count(b"\n")
                position = offset + exc.start
                return f"expected UTF-8, found the byte 0x{chunk[exc.start]:02x} at offset {position}", line
            line += chunk.count(b"\n")
            offset += len(chunk)
    return "expected UTF-8, found text that is not", line


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _field_order(resource: Resource, name: str | None) -> int:
    names = resource.field_names
    return names.index(name) if name in names else len(names)


def _frictionless(package: Package, resources: list[Resource], plan: _Plan) -> dict[str, TableScan]:
    """Check the tables with frictionless itself: the same findings, slower.

    The typed columns that thread integrity needs still come from a fast scan,
    where the fast engine can read the table.
    """
    import frictionless

    try:
        scans = _scan_all(package, resources, plan)
    except Unsupported:
        scans = {r.name: TableScan(r) for r in resources}
    for scan in scans.values():
        scan.findings, scan.dropped, scan.engine = [], 0, "frictionless"
    report = frictionless.validate(str(package.descriptor_path))
    for task in report.tasks:
        if (task_scan := scans.get(task.name)) is None:
            continue
        scan = task_scan
        scan.rows = (task.stats or {}).get("rows") or scan.rows
        for error in task.errors:
            row = getattr(error, "row_number", None)
            name = getattr(error, "field_name", None)
            scan.add(
                Finding(error.type, "error", error.message, path=scan.resource.path, row=row, field=name)
            )
    return scans
