"""Reading a table as batches of cells: CSV as strings, Parquet typed.

CSV is read by pyarrow in blocks (small ones keep memory flat), every cell a
string, rows numbered as frictionless numbers them (the header is row 1). The
header row is read first by Python's csv module, as frictionless reads it (a bare
CR ends it, a quoted line break does not), within MAX_ROW_BYTES bytes; pyarrow reads
on from the byte after it. Rows with another number of cells than the header are
parsed one by one by Python's csv module and come in a batch of their own. A row
larger than a block makes pyarrow stop ("straddling object"): the file is then
read on from that row with larger blocks, up to MAX_ROW_BYTES (16 MiB: a larger row is
refused, RowTooLarge, with pyarrow holding a few blocks at most). Large tables are read
ahead in a thread. A file pyarrow cannot parse is a SourceProblem (or an
EncodingProblem, when it is not UTF-8), never pyarrow's exception.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from queue import Full, Queue
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from threadarchive.contract.limits import MAX_ROW_BYTES
from threadarchive.validation import arrow
from threadarchive.validation.schema.header import (
    EncodingProblem,
    RowTooLarge,
    SourceProblem,
    csv_reader,
    header,
)

BLOCK_SIZE = 1 << 21  # bytes of CSV per batch: small blocks keep peak memory low
# A row larger than this is refused, not read: a thread archive's rows are kilobytes (a
# tweet is at most 25,000 characters; a 3 MB one is read), and pyarrow holds a few blocks
# of this size at once (a 300 MB cell cost 1.7 GB when rows could be 1 GiB).
PREFETCH_BYTES = 64 << 20  # smaller tables are read in line: a reader thread would not pay off
PARQUET_BATCH = 65_536
ROW_TYPE = pa.int32()  # row numbers: two billion rows is beyond any CSV this reads


@dataclass(frozen=True)
class Batch:
    """Some rows of a table: their cells by column, row numbers, and bytes read."""

    columns: list[pa.Array]  # strings from CSV, typed from Parquet
    rows: pa.Array  # frictionless row numbers
    shape: pa.Array | None = None  # cells per row, for rows with another count than the header
    nbytes: int = 0


@dataclass(frozen=True)
class Opened:
    """A table opened for reading: its header (labels), and its batches."""

    labels: list[str]
    batches: Iterator[Batch]
    arrow_schema: Any = None  # of a Parquet file


def open_table(path: Path, fmt: str) -> Opened:
    """The labels and batches of the table at ``path``; EncodingProblem if unreadable."""
    if fmt == "parquet":
        return _parquet(path)
    opened = _csv(path)
    if path.stat().st_size > PREFETCH_BYTES:
        return Opened(opened.labels, prefetch(opened.batches))
    return opened


def _csv(path: Path) -> Opened:
    labels, size = header(path)
    return Opened(labels, _csv_batches(path, len(labels), size))


def _csv_batches(path: Path, width: int, header_size: int) -> Iterator[Batch]:
    names = [f"c{i}" for i in range(width)]
    invalid: list[tuple[int, str]] = []
    next_row, skipped = 2, np.empty(0, dtype=np.int64)
    last_row = 1  # the last row handed on: after a restart, reading goes on after it
    block = min(_block_size(width), MAX_ROW_BYTES)
    if header_size >= path.stat().st_size:
        return  # a header and no rows (pyarrow would call the rest an empty CSV file)

    def on_invalid_row(row: Any) -> str:
        invalid.append((row.number + 1, row.text))  # pyarrow counts from after the header
        return "skip"

    with _quiet_undecodable(on_invalid_row):
        while True:
            try:
                source = pa.OSFile(str(path))
                source.seek(header_size)  # read on after the header row
                reader = pacsv.open_csv(
                    source,
                    read_options=pacsv.ReadOptions(
                        use_threads=False,  # with threads, pyarrow cannot number the rows it skips
                        block_size=block,
                        column_names=names,
                        skip_rows_after_names=last_row - 1,  # rows handed on before a restart
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
                for batch in reader:
                    # Rows the reader skipped (a wrong number of cells) go through the same
                    # checks as a batch of their own; the others are numbered around them.
                    if invalid:
                        skipped = np.union1d(skipped, [n for n, _ in invalid])
                        last_row = max(last_row, int(skipped[-1]))
                        yield _cells_batch(invalid, width)
                        invalid.clear()
                    if batch.num_rows:
                        numbers = _row_numbers(next_row, batch.num_rows, skipped)
                        next_row = int(numbers[-1]) + 1
                        last_row = max(last_row, next_row - 1)
                        yield Batch(list(batch.columns), arrow.ints(numbers, ROW_TYPE), None, batch.nbytes)
                if invalid:
                    yield _cells_batch(invalid, width)
                return
            except pa.ArrowInvalid as exc:
                text = str(exc)
                if "straddling" in text:
                    if block >= MAX_ROW_BYTES:
                        raise RowTooLarge(next_row) from None
                    block = min(block * 16, MAX_ROW_BYTES)  # read on from the row it stopped at
                    invalid.clear()
                    continue
                # Not UTF-8 (pyarrow says so, or cannot hand a row to on_invalid_row), or unparseable.
                if bad := _first_bad_utf8(path):
                    raise EncodingProblem(*bad) from None
                raise SourceProblem(
                    f"expected a CSV table, found one that cannot be parsed ({text})", None
                ) from None


@contextlib.contextmanager
def _quiet_undecodable(handler: Callable[[Any], str]) -> Iterator[None]:
    """pyarrow decodes a skipped row as UTF-8 before handing it to ``handler``; a row that
    is not UTF-8 makes Python print "Exception ignored" with a traceback on stderr, and
    the parse then fails (reported as an EncodingProblem). Only that message is hushed."""
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if unraisable.object is not handler or not isinstance(unraisable.exc_value, UnicodeDecodeError):
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous


def prefetch(items: Iterator[Batch], depth: int = 8) -> Iterator[Batch]:
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
    cells = [next(csv_reader(io.StringIO(text, newline="")), []) for _, text in rows]
    columns = [
        arrow.strings([row[i] if i < len(row) else None for row in cells])
        for i in range(max(n_labels, *(len(row) for row in cells)))
    ]
    return Batch(
        columns,
        arrow.ints(np.array([n for n, _ in rows]), ROW_TYPE),
        arrow.ints(np.array([len(row) for row in cells])),
    )


def _parquet(path: Path) -> Opened:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        names = list(parquet.schema_arrow.names)
    except (pa.ArrowInvalid, OSError) as exc:
        raise EncodingProblem(f"expected a Parquet file, found an unreadable one ({exc})", None) from None
    except UnicodeDecodeError as exc:
        raise EncodingProblem(f"expected column names in UTF-8, found {exc.reason}", None) from None

    def batches() -> Iterator[Batch]:
        start = 2
        try:
            for batch in parquet.iter_batches(batch_size=PARQUET_BATCH):
                if (
                    bad := arrow.not_utf8(list(zip(batch.schema.names, batch.columns, strict=True)))
                ) is not None:
                    raise EncodingProblem(arrow.NOT_UTF8.format(bad), None)
                numbers = arrow.ints(np.arange(start, start + batch.num_rows), ROW_TYPE)
                yield Batch(list(batch.columns), numbers, None, batch.nbytes)
                start += batch.num_rows
        except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as exc:
            raise EncodingProblem(f"expected a Parquet file, found an unreadable one ({exc})", None) from None

    return Opened(names, batches(), parquet.schema_arrow)


def _first_bad_utf8(path: Path) -> tuple[str, int] | None:
    """Where the first byte that is not UTF-8 is, for the message and the line; None if
    there is none."""
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
    return None
