"""One table against its schema, batch by batch: the fast engine's unit of work.

``TableCheck(...).batches()`` reads the table, checks each batch column by column
(types, constraints, cell counts), checks foreign keys as it goes, and yields each
batch's typed rows to its caller (a release writes them to Parquet). When the
batches are exhausted, ``check.scan`` holds every finding, in row order with its
line, the row count, and the typed columns kept for later checks (keys, thread
integrity). Nothing is called back: the data flows out through the generator.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from threadarchive.contract.findings import (
    BLANK_ROW,
    CELL_TOO_LARGE,
    CONSTRAINT_ERROR,
    ENCODING_ERROR,
    EXTRA_CELL,
    MISSING_CELL,
    PATTERN_UNSUPPORTED,
    SCHEME_ERROR,
    SOURCE_ERROR,
    TYPE_ERROR,
    Finding,
    Kind,
)
from threadarchive.contract.package import Resource
from threadarchive.files.background import beside
from threadarchive.validation import arrow, declared
from threadarchive.validation.scan import TableScan
from threadarchive.validation.schema import constraints, detected
from threadarchive.validation.schema.casting import cast, missing_cells, narrow
from threadarchive.validation.schema.keys import ForeignKey, duplicates
from threadarchive.validation.schema.labels import check_labels, extra_fields
from threadarchive.validation.schema.lines import csv_lines
from threadarchive.validation.schema.literals import type_message
from threadarchive.validation.schema.reading import (
    ROW_TYPE,
    Batch,
    EncodingProblem,
    RowTooLarge,
    SourceProblem,
    open_table,
)
from threadarchive.validation.schema.rules import (
    FieldRule,
    Unsupported,
    arrow_type_fits,
    as_list,
    rules_of,
)


@dataclass(frozen=True)
class Typed:
    """One batch's typed rows (None when it had errors: a release fails anyway), and bytes read."""

    table: pa.Table | None
    nbytes: int


class TableCheck:
    """Check one table; ``keep`` names the typed columns to keep for later checks; with
    ``keys`` false, its unique fields and primary key are left to the caller."""

    def __init__(
        self,
        base: Path,
        resource: Resource,
        *,
        keep: set[str],
        lookups: dict[str, ForeignKey],
        budget: constraints.Budget | None = None,
        keys: bool = True,
    ) -> None:
        assert not resource.unsafe, resource.unsafe  # validation never hands over an unsafe path
        self.rules = rules_of(resource)  # Unsupported, before anything is read
        self.resource = resource
        self.path = base / resource.path
        detected.check(self.path, resource)  # a dialect frictionless detects: Unsupported too
        self.lookups = lookups
        self.missing_values = resource.schema.get("missingValues", [""])
        self.primary_key = as_list(resource.schema.get("primaryKey"))
        self.unique = [r.name for r in self.rules if r.constraints.get("unique")]
        self.kept = (keep | set(self.primary_key) | set(self.unique)) - set(lookups)
        budget = budget or constraints.Budget()  # of the whole validation, when it is given
        self.patterns = {
            r.name: constraints.Pattern(r.constraints["pattern"], budget)
            for r in self.rules
            if "pattern" in r.constraints
        }
        self.scan = TableScan(resource)
        self.keys = keys  # unique fields and the primary key checked here (else by the caller)
        self.extra: list[str] = []  # names frictionless gives the columns of labels beyond the fields
        self._collected: dict[str, list[pa.Array]] = {name: [] for name in self.kept | {"_row"}}

    def batches(self) -> Iterator[Typed]:
        """Read and check the table; each batch's typed rows, as they come."""
        scan = self.scan
        if not self.path.is_file():
            scan.readable = False
            scan.add(
                SCHEME_ERROR(
                    f"expected the data file {self.resource.path}, found no such file",
                    path=self.resource.path,
                )
            )
            return
        digest = beside(declared.digest, self.path, self.resource)
        try:
            opened = open_table(self.path, self.resource.format)
            if not opened.labels:  # frictionless: "the source is empty"
                scan.readable = False
                scan.add(
                    SOURCE_ERROR(
                        "expected a header row and data, found an empty file", path=self.resource.path
                    )
                )
                return
            self._check_labels(opened.labels)
            self._check_arrow_types(opened.arrow_schema)
            expected = self.rules[: len(opened.labels)]
            self.extra = extra_fields([r.name for r in expected], opened.labels)
            for batch in opened.batches:
                yield Typed(self._check_batch(batch, expected), batch.nbytes)
        except EncodingProblem as exc:
            scan.findings = [ENCODING_ERROR(str(exc), path=self.resource.path, line=exc.line)]
            scan.readable = False
            if self.resource.format == "parquet":  # frictionless checks no Parquet hash; its hash says why
                self._check_file(digest.result())
            return
        except SourceProblem as exc:
            scan.findings = [SOURCE_ERROR(str(exc), path=self.resource.path, line=exc.line)]
            scan.readable = False
            return
        except RowTooLarge as exc:
            scan.readable = False
            line = exc.line or int(csv_lines(self.path, np.array([exc.row]))[0])
            scan.add(CELL_TOO_LARGE(str(exc), path=self.resource.path, row=exc.row, line=line))
            return
        self._check_file(digest.result())
        self._finish()

    def _check_labels(self, labels: list[str]) -> None:
        for finding in check_labels(labels, [r.name for r in self.rules], self.resource.path):
            self.scan.add(finding)

    def _check_arrow_types(self, schema: Any) -> None:
        """A Parquet column of a type the fast engine cannot cast for its field: frictionless's."""
        if schema is None:
            return
        for rule, arrow_field in zip(self.rules, schema, strict=False):
            column_type = arrow_field.type
            if not (
                is_text_type(column_type)
                or pa.types.is_null(column_type)
                or arrow_type_fits(rule.type, column_type)
            ):
                raise Unsupported(f"a Parquet column of type {column_type} for a {rule.type} field")

    def _check_batch(self, batch: Batch, rules: list[FieldRule]) -> pa.Table | None:
        """Check one batch column by column; its typed rows, or None if it had errors."""
        scan, path = self.scan, self.resource.path
        found: list[tuple[int, Finding]] = []  # (index in the batch, finding)
        all_missing = np.ones(len(batch.rows), dtype=bool)
        row_numbers = arrow.numpy(batch.rows)
        before = len(scan.findings) + scan.dropped
        typed: dict[str, pa.Array] = {}

        def report(failed: np.ndarray, kind: Kind, field_name: str, message: Callable[[int], str]) -> None:
            flagged = np.flatnonzero(failed)
            room = max(scan.room() - len(found), 0)  # no million objects for a bad table
            scan.dropped += max(len(flagged) - room, 0)
            for index in flagged[:room]:
                finding = kind(message(int(index)), path=path, row=int(row_numbers[index]), field=field_name)
                found.append((index, finding))

        for position, rule in enumerate(rules):
            column = (
                batch.columns[position]
                if position < len(batch.columns)
                else pa.nulls(len(batch.rows), pa.string())
            )
            missing = missing_cells(column, self.missing_values)
            all_missing &= missing
            values, bad_type = cast(rule, column, missing)
            typed[rule.name] = values
            if bad_type.any():
                report(bad_type, TYPE_ERROR, rule.name, functools.partial(_type_message, rule.type, column))
            ok = ~missing & ~bad_type
            for name, value in rule.constraints.items():
                pattern = self.patterns.get(rule.name) if name == "pattern" else None
                if name == "pattern" and (pattern is None or pattern.unchecked):
                    continue  # reported once, as pattern-unsupported
                try:
                    failed = constraints.failing(name, value, rule, values, missing, ok, pattern)
                except constraints.PatternUnchecked as exc:
                    message = f"the pattern {value!r}: {exc}"
                    scan.add(PATTERN_UNSUPPORTED(message, path=path, field=rule.name))
                    continue
                if failed is not None and failed.any():
                    report(
                        failed,
                        CONSTRAINT_ERROR,
                        rule.name,
                        functools.partial(_constraint_message, name, value, column),
                    )

        for position in range(len(rules), min(len(rules) + len(self.extra), len(batch.columns))):
            all_missing &= missing_cells(batch.columns[position], self.missing_values)  # an extra label's

        if batch.shape is not None:  # rows with another number of cells than the header's
            counts = arrow.numpy(batch.shape)
            names = [rule.name for rule in rules] + self.extra  # a field for each label
            for position, name in enumerate(names):
                report(
                    counts <= position,
                    MISSING_CELL,
                    name,
                    functools.partial(_cells_message, len(names), counts),
                )
            for position in range(len(names), len(batch.columns)):
                # frictionless names no field for a cell beyond the header
                report(
                    counts > position,
                    EXTRA_CELL,
                    "",
                    functools.partial(_extra_cell_message, len(names), position),
                )

        blank = all_missing if self.rules else np.zeros(len(batch.rows), dtype=bool)
        for index, finding in found:
            if not blank[index]:
                scan.add(finding)
        for blank_index in np.flatnonzero(blank):
            scan.add(
                BLANK_ROW(
                    "expected a row with values, found a blank row",
                    path=path,
                    row=int(row_numbers[blank_index]),
                )
            )

        scan.rows += len(batch.rows)
        for name, foreign_key in self.lookups.items():
            if name in typed:
                foreign_key.add(typed[name], batch.rows)
        for name in self.kept & set(typed):
            self._collected[name].append(narrow(typed[name]))
        self._collected["_row"].append(batch.rows)
        clean = len(scan.findings) + scan.dropped == before and len(rules) == len(self.rules)
        return (
            pa.Table.from_arrays([typed[r.name] for r in self.rules], [r.name for r in self.rules])
            if clean
            else None
        )

    def _check_file(self, actual_hash: str | None) -> None:
        for finding in declared.check(self.resource, self.path, actual_hash):
            self.scan.add(finding)

    def _finish(self) -> None:
        scan = self.scan
        types = {r.name: arrow.TYPES[r.type] for r in self.rules} | {
            "_row": ROW_TYPE
        }  # of a table with no rows
        scan.columns = {
            name: _chunked(arrays, types[name])
            for name, arrays in self._collected.items()
            if arrays or (name in types and scan.rows == 0)  # a column the file lacks is not kept
        }
        for name, foreign_key in self.lookups.items():
            findings, total, scan.columns[name] = foreign_key.finish(self.resource.path, scan.room())
            scan.extend(findings, total)
        for name in self.unique if self.keys else []:
            scan.extend(*duplicates(scan.columns, [name], self.resource.path, scan.room(), primary=False))
        if self.keys and self.primary_key and all(name in scan.columns for name in self.primary_key):
            scan.extend(
                *duplicates(scan.columns, self.primary_key, self.resource.path, scan.room(), primary=True)
            )
        if self.resource.format == "csv":
            scan.lines = functools.partial(csv_lines, self.path)
        scan.sort()  # their lines are added with every other layer's, in one pass over the file


def _chunked(arrays: list[pa.Array], data_type: pa.DataType) -> pa.ChunkedArray:
    """One column of a table's batches: of the field's type where batches differ (an
    integer column narrowed to int32 in some, not in one all empty or with a large value)."""
    if len({array.type for array in arrays}) > 1:
        arrays = [array.cast(data_type) for array in arrays]
    return pa.chunked_array(arrays, type=arrays[0].type if arrays else data_type)


def is_text_type(data_type: pa.DataType) -> bool:
    return bool(pa.types.is_string(data_type) or pa.types.is_large_string(data_type))


def _type_message(kind: str, cells: pa.Array, index: int) -> str:
    return type_message(kind, cells[index].as_py())


def _constraint_message(name: str, value: Any, cells: pa.Array, index: int) -> str:
    return constraints.message(name, value, cells[index].as_py())


def _cells_message(expected: int, counts: np.ndarray, index: int) -> str:
    return f"expected {expected} cells, found {counts[index]}"


def _extra_cell_message(expected: int, position: int, index: int) -> str:
    return f"expected {expected} cells, found an extra cell in column {position + 1}"
