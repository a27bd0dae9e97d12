"""Where rows start in a CSV file, counted with numpy over its bytes: no CSV parser reports it.

Rows differ from lines once a cell holds a line break, and editors and CI annotations
want lines. Read only when findings name rows, by every engine.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from threadarchive.contract.limits import MAX_ROW_BYTES


def csv_lines(path: Path, rows: np.ndarray, chunk_size: int = 4 << 20) -> np.ndarray:
    """The line each of ``rows`` (frictionless row numbers) starts on in a CSV file.

    A line break ends a row unless it is inside quotes, and it is inside quotes
    exactly when an odd number of quote characters come before it (an escaped
    quote is two): counted with numpy over the positions of quotes and line
    breaks, chunk by chunk, so a file of GBs is read once, fast, in little memory.
    Rows differ from lines once a cell holds a line break, and editors and CI
    annotations want lines. Written by hand: no CSV library reports them.
    """
    wanted = np.asarray(rows, dtype=np.int64)
    found = np.where(wanted == 1, 1, 0)  # the header, row 1, starts on line 1
    row, seen, quotes = 1, 0, 0  # the row being read, line breaks and quotes before this chunk
    last = int(wanted.max(initial=1))
    with path.open("rb") as stream:
        while row < last and (chunk := stream.read(chunk_size)):
            data = np.frombuffer(chunk, dtype=np.uint8)
            breaks = np.flatnonzero(data == 10)
            quoted = (quotes + np.searchsorted(np.flatnonzero(data == 34), breaks)) % 2 == 1
            ends = np.flatnonzero(~quoted)  # the line breaks that end a row, by their index in breaks
            # After the i-th of them, row ``row + i + 1`` starts, on line ``seen + ends[i] + 2``.
            first, count = row + 1, len(ends)
            here = (wanted >= first) & (wanted < first + count)
            found[here] = seen + ends[wanted[here] - first] + 2
            row += count
            seen += len(breaks)
            quotes += int(np.count_nonzero(data == 34))
    return found


def long_row(path: Path, limit: int | None = None, chunk_size: int = 4 << 20) -> int | None:
    """The line on which the first row longer than ``limit`` (MAX_ROW_BYTES) bytes starts, or None.

    For a table frictionless reads with no limit of its own. Rows end at a line break
    (LF or CR) outside quotes, told apart as csv_lines does: chunk by chunk, with numpy,
    in bounded memory.
    """
    limit = MAX_ROW_BYTES if limit is None else limit
    offset = row_start = lines = quotes = 0  # bytes, line breaks and quotes before this chunk
    row_line = 1  # the line the current row starts on
    with path.open("rb") as stream:
        while chunk := stream.read(chunk_size):
            data = np.frombuffer(chunk, dtype=np.uint8)
            breaks = np.flatnonzero((data == 10) | (data == 13))
            quoted = (quotes + np.searchsorted(np.flatnonzero(data == 34), breaks)) % 2 == 1
            ends = breaks[~quoted]
            starts = np.r_[row_start, offset + ends[:-1] + 1] if len(ends) else np.empty(0, np.int64)
            over = np.flatnonzero(offset + ends - starts > limit)
            if len(over):
                first = int(over[0])
                return (
                    row_line
                    if first == 0
                    else lines + int(np.count_nonzero(data[: ends[first - 1] + 1] == 10)) + 1
                )
            if len(ends):
                row_start = offset + int(ends[-1]) + 1
                row_line = lines + int(np.count_nonzero(data[: ends[-1] + 1] == 10)) + 1
            offset += len(chunk)
            if offset - row_start > limit:  # the row being read is too long already
                return row_line
            lines += int(np.count_nonzero(data == 10))
            quotes += int(np.count_nonzero(data == 34))
    return None
