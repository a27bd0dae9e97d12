"""A CSV file's header row, read by Python's csv module as frictionless reads it.

A bare CR ends it, a quoted line break does not; it is read within MAX_ROW_BYTES
bytes (a longer one is RowTooLarge). Every engine reads the header here, and the
problems a table can have before its rows are read are defined here: no pyarrow.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from threadarchive.contract.limits import MAX_ROW_BYTES

if TYPE_CHECKING:
    from _csv import Reader  # what csv.reader returns, as typeshed names it


class EncodingProblem(Exception):
    """The file is not UTF-8 (CSV) or not readable Parquet: where and what."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class SourceProblem(Exception):
    """The file cannot be read as a table at all: what and where."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class RowTooLarge(Exception):
    """A row larger than MAX_ROW_BYTES: its row (frictionless's number), or the line it starts on."""

    def __init__(self, row: int | None, line: int | None = None) -> None:
        where = f"row {row}" if row is not None else f"the row starting on line {line}"
        super().__init__(f"expected rows of at most {MAX_ROW_BYTES >> 20} MiB, found a larger one: {where}")
        self.row, self.line = row, line


HeaderProblem = (EncodingProblem, SourceProblem, RowTooLarge)  # a header that cannot be read


def header(path: Path) -> tuple[list[str], int]:
    """The labels of a CSV file's first row, read by Python's csv module as frictionless
    reads them, and the bytes the row takes with its line break."""
    size = 0

    def lines(stream: BinaryIO) -> Iterator[str]:
        nonlocal size
        for line in _lines(stream):
            try:
                text = line.decode("utf-8-sig" if size == 0 else "utf-8")
            except UnicodeDecodeError as exc:
                raise EncodingProblem(f"expected UTF-8, found {exc.reason} in the header", 1) from None
            size += len(line)
            yield text

    with path.open("rb") as stream:
        try:
            labels = next(csv_reader(lines(stream)), [])
        except csv.Error as exc:
            raise SourceProblem(
                f"expected a CSV header row, found one that cannot be read ({exc})", 1
            ) from None
    return labels, size


def csv_reader(lines: Iterable[str]) -> Reader:
    """Python's csv reader, for a row pyarrow reads: its field limit (128 KiB unless raised;
    frictionless raises it for the whole process) set to a row's."""
    if csv.field_size_limit() < MAX_ROW_BYTES:
        csv.field_size_limit(MAX_ROW_BYTES)
    return csv.reader(lines)


_BREAK = re.compile(rb"\r\n|\r|\n")


def _lines(stream: BinaryIO, limit: int | None = None) -> Iterator[bytes]:
    """The lines of a binary stream, each with its line break (CR LF, CR or LF, as
    Python's csv module takes them); RowTooLarge for a header longer than ``limit``."""
    limit = MAX_ROW_BYTES if limit is None else limit
    buffer, start, read, ended = bytearray(), 0, 0, False
    while True:
        found = _BREAK.search(buffer, start)
        if found and (found.end() < len(buffer) or found.group() != b"\r" or ended):  # CR: LF may follow
            line = bytes(buffer[: found.end()])
            del buffer[: found.end()]
            start = 0
            yield line
            continue
        if ended:
            if buffer:
                yield bytes(buffer)
            return
        if read > limit:
            raise RowTooLarge(1)
        start = max(len(buffer) - 1, 0)
        chunk = stream.read(1 << 16)
        read += len(chunk)
        buffer += chunk
        ended = not chunk
