"""Keys over whole columns: unique fields, primary keys, foreign keys.

Findings are made for the first ``room`` offending rows only (the report lists no
more); the count of all of them is returned beside, so nothing goes unsaid and no
million objects are made for a bad table.
"""

from __future__ import annotations

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
    present = np.flatnonzero(~all_null)
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
