"""Keys over whole columns: unique fields, primary keys, foreign keys.

Findings are made for the first ``room`` offending rows only (the report lists no
more); the count of all of them is returned beside, so nothing goes unsaid and no
million objects are made for a bad table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from threadarchive.contract.findings import FOREIGN_KEY, PRIMARY_KEY, UNIQUE_ERROR, Finding
from threadarchive.contract.report import shown
from threadarchive.validation import arrow
from threadarchive.validation.schema.casting import mask, numpy_ints


class ForeignKey:
    """One field's foreign key: its values kept batch by batch, looked up once at the end.

    Each batch is kept as codes into its own distinct values; at the end, all the
    batches' distinct values are looked up in the referenced ones in one hash join
    (pyarrow's index_in), and the field becomes a dictionary column of codes into the
    referenced values (unknown ones appended): a tenth of the memory of the strings,
    and keys are integers for the integrity checks.
    """

    def __init__(self, name: str, target: str, target_field: str, values: pa.Array) -> None:
        self.name, self.target, self.target_field = name, target, target_field
        self.values = values.drop_null() if values.null_count else values
        self.batches: list[tuple[pa.Array, np.ndarray, pa.Array]] = []  # distinct values, codes, rows

    def add(self, column: pa.Array, rows: pa.Array) -> None:
        encoded = pc.dictionary_encode(column)
        self.batches.append((encoded.dictionary, numpy_ints(encoded.indices, -1), rows))

    def finish(self, path: str, room: int) -> tuple[list[Finding], int, pa.ChunkedArray]:
        """The findings of the orphans (the first ``room``), their count, and the column of codes."""
        dictionaries = [d for d, _, _ in self.batches]
        distinct = pa.concat_arrays(dictionaries) if dictionaries else pa.nulls(0, self.values.type)
        found = numpy_ints(pc.index_in(distinct, value_set=self.values), -1)
        unknown: dict[Any, int] = {}
        for index in np.flatnonzero(found < 0):  # values of no referenced row: rare
            found[index] = unknown.setdefault(distinct[int(index)].as_py(), len(self.values) + len(unknown))
        chunks: list[pa.Array] = []
        findings: list[Finding] = []
        total = offset = 0
        for dictionary, indices, rows in self.batches:
            codes = (
                found[offset + np.maximum(indices, 0)]
                if len(dictionary)
                else np.zeros(len(indices), np.int64)
            )
            offset += len(dictionary)
            present = indices >= 0
            orphans = np.flatnonzero(present & (codes >= len(self.values)))
            total += len(orphans)
            numbers = arrow.numpy(rows)
            for index in orphans[: max(room - len(findings), 0)]:
                value = dictionary[int(indices[index])].as_py()
                message = f"expected {self.name} to be a {self.target_field} of {self.target}, found {shown(value)}, which is not"
                findings.append(FOREIGN_KEY(message, path=path, row=int(numbers[index])))
            chunks.append(arrow.ints(codes, pa.int32(), null=~present if not present.all() else None))
        values = pa.concat_arrays([self.values, arrow.array(list(unknown), self.values.type)])
        column = pa.chunked_array(
            [pa.DictionaryArray.from_arrays(codes, values) for codes in chunks],
            type=pa.dictionary(pa.int32(), values.type),
        )
        return findings, total, column


def duplicates(
    columns: dict[str, pa.ChunkedArray], names: list[str], path: str, room: int, *, primary: bool
) -> tuple[list[Finding], int]:
    """Every row whose key repeats an earlier row's (the first stays clean): findings
    for the first ``room``, and the count of all.

    frictionless skips empty cells for ``unique`` and reports an all-empty primary
    key on its own; partly empty keys still count as values.
    """
    keys = [columns[name] for name in names]
    rows = arrow.numpy(columns["_row"])
    if len(rows) == 0:
        return [], 0
    all_null = np.ones(len(rows), dtype=bool)
    for key in keys:
        all_null &= mask(pc.is_null(key))
    unequal = _nan(keys)  # NaN equals nothing, itself included: never a repeat
    found: list[Finding] = []
    total = 0
    if primary:
        empty = np.sort(rows[all_null])
        total += len(empty)
        message = f"expected a value in the primary key ({', '.join(names)}), found all cells empty"
        found += [PRIMARY_KEY(message, path=path, row=int(row)) for row in empty[:room]]
    combined = factorize(keys)
    if not all_null.any() and len(combined) > 1 and (np.diff(combined) > 0).all():
        return found, total  # keys strictly increasing in row order, as ingest writes them: no repeats
    present = np.flatnonzero(~all_null & ~unequal)
    order = present[np.lexsort((rows[present], combined[present]))]
    starts = np.r_[True, combined[order][1:] != combined[order][:-1]]
    first_row = rows[order][np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))]
    repeats = np.flatnonzero(~starts)
    total += len(repeats)
    kind, field_name = (PRIMARY_KEY, None) if primary else (UNIQUE_ERROR, names[0])
    for index in repeats[: max(room - len(found), 0)]:
        values = ", ".join(shown(key[int(order[index])].as_py()) for key in keys)
        what = f"({', '.join(names)}) = ({values})" if len(names) > 1 else f"{names[0]} = {values}"
        message = f"expected a unique {what}, found it again (first in row {first_row[index]})"
        found.append(kind(message, path=path, row=int(rows[order[index]]), field=field_name))
    return found, total


def factorize(columns: list[pa.ChunkedArray]) -> np.ndarray:
    """One int64 code per row, equal exactly where all the columns' values are equal."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        array = column.combine_chunks()
        if not pa.types.is_dictionary(array.type):
            array = pc.dictionary_encode(array)
        cardinality = len(array.dictionary) + 1  # the last code stands for null
        codes = numpy_ints(array.indices, cardinality - 1).astype(np.int64)
        if combined.max(initial=0) >= np.iinfo(np.int64).max // cardinality:
            combined = np.unique(combined, return_inverse=True)[1].astype(np.int64)
        combined = combined * cardinality + codes
    return combined


def _nan(columns: list[pa.ChunkedArray]) -> np.ndarray:
    """Rows where any of the (number) columns holds NaN."""
    found = np.zeros(len(columns[0]), dtype=bool)
    for column in columns:
        if pa.types.is_floating(column.type):
            found |= mask(pc.is_nan(column).combine_chunks())
    return found


@dataclass(frozen=True)
class Reference:
    """A foreign key checked once both tables are read: its fields, the table they refer
    to (the table itself, maybe) and its fields there."""

    fields: list[str]
    target: str
    target_fields: list[str]

    def orphans(
        self, columns: dict[str, pa.ChunkedArray], targets: dict[str, pa.ChunkedArray], path: str, room: int
    ) -> tuple[list[Finding], int]:
        """Rows of a table (its kept ``columns``) whose key is no row's of the target table
        (``targets``), as frictionless finds them: values compared as Python compares them
        (integers and numbers alike, other types never equal), a key all empty skipped, an
        empty cell equal to an empty one. Findings for the first ``room``, and the count of all."""
        if not all(name in columns for name in self.fields) or not all(
            name in targets for name in self.target_fields
        ):
            return [], 0
        source = [columns[name] for name in self.fields]
        lookup = [targets[name] for name in self.target_fields]
        rows = arrow.numpy(columns["_row"])
        all_null = np.ones(len(rows), dtype=bool)
        for column in source:
            all_null &= mask(pc.is_null(column).combine_chunks())
        comparable = [_common(a.type, b.type) for a, b in zip(source, lookup, strict=True)]
        if None in comparable:
            orphan = ~all_null
        else:
            pairs = zip(lookup, source, comparable, strict=True)
            codes = factorize([_concat(t, s, common) for t, s, common in pairs])
            known, own = codes[: len(lookup[0])], codes[len(lookup[0]) :]
            empty = np.ones(len(known), dtype=bool)
            for column in lookup:
                empty &= mask(pc.is_null(column).combine_chunks())
            known = known[~empty & ~_nan(lookup)]
            orphan = ~all_null & (~np.isin(own, known) | _nan(source))
        flagged = np.flatnonzero(orphan)
        findings = []
        for index in flagged[:room]:
            values = ", ".join(shown(column[int(index)].as_py()) for column in source)
            what, them = (", ".join(names) for names in (self.fields, self.target_fields))
            if len(self.fields) > 1:
                what, them, values = f"({what})", f"({them})", f"({values})"
            message = f"expected {what} to be a {them} of {self.target}, found {values}, which is not"
            findings.append(FOREIGN_KEY(message, path=path, row=int(rows[index])))
        return findings, len(flagged)


def _value_type(data_type: pa.DataType) -> pa.DataType:
    return data_type.value_type if pa.types.is_dictionary(data_type) else data_type


def _common(a: pa.DataType, b: pa.DataType) -> pa.DataType | None:
    """The type two key columns are compared in, or None when no value of one equals one of
    the other (Python's ==: 1 == 1.0, "1" != 1, a date never equals a datetime)."""
    a, b = _value_type(a), _value_type(b)
    if a == b:
        return a
    if pa.types.is_integer(a) and pa.types.is_integer(b):
        return pa.int64()
    numeric = (pa.types.is_integer, pa.types.is_floating)
    if any(t(a) for t in numeric) and any(t(b) for t in numeric):
        return pa.float64()
    if all(pa.types.is_string(t) or pa.types.is_large_string(t) for t in (a, b)):
        return pa.large_string()
    return None


def _concat(first: pa.ChunkedArray, second: pa.ChunkedArray, data_type: pa.DataType) -> pa.ChunkedArray:
    chunks = [
        chunk.dictionary_decode() if pa.types.is_dictionary(chunk.type) else chunk
        for column in (first, second)
        for chunk in column.chunks
    ]
    return pa.chunked_array([chunk.cast(data_type) for chunk in chunks], type=data_type)
