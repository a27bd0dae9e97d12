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

from .. import arrowutil as arrow
from ..findings import FOREIGN_KEY, PRIMARY_KEY, UNIQUE_ERROR, Finding
from ..report import shown
from .casting import mask, numpy_ints


class ForeignKey:
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

    def encode(self, column: pa.Array, rows: pa.Array, path: str, room: int) -> tuple[list[Finding], int]:
        """Keep the batch's codes; the findings of its orphans (the first ``room``) and their count."""
        encoded = pc.dictionary_encode(column)
        distinct = encoded.dictionary.to_pylist()
        mapped = np.array([self.index.get(value, -1) for value in distinct], dtype=np.int32)
        for i in np.flatnonzero(mapped < 0):
            mapped[i] = self.unknown.setdefault(distinct[i], len(self.values) + len(self.unknown))
        indices = numpy_ints(encoded.indices, 0)
        codes = mapped[indices] if len(mapped) else np.zeros(len(column), dtype=np.int32)
        orphans = np.flatnonzero((codes >= len(self.values)) & mask(pc.is_valid(column)))
        numbers = arrow.numpy(rows)
        findings = [
            FOREIGN_KEY(
                f"expected {self.name} to be a {self.target_field} of {self.target}, "
                f"found {shown(column[int(index)].as_py())}, which is not",
                path=path,
                row=int(numbers[index]),
            )
            for index in orphans[:room]
        ]
        self.chunks.append(
            arrow.ints(codes, pa.int32(), null=mask(pc.is_null(column)) if column.null_count else None)
        )
        return findings, len(orphans)

    def column(self) -> pa.ChunkedArray:
        dictionary = pa.concat_arrays([self.values, arrow.array(list(self.unknown), self.values.type)])
        return pa.chunked_array(
            [pa.DictionaryArray.from_arrays(codes, dictionary) for codes in self.chunks],
            type=pa.dictionary(pa.int32(), dictionary.type),
        )


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
