"""What frictionless detects in a CSV before reading it, where its dialect leaves it open.

frictionless 5 does not read a CSV with the dialect its descriptor gives alone: it sniffs
the first 100 lines (Python's ``csv.Sniffer``, delimiters ``,\\t;|``) for every CSV
property the dialect does not define (delimiter, quote and escape characters, a space
after the delimiter), and, unless the dialect defines ``header`` or ``headerRows``, takes
for the header the first of the first 100 rows whose width is within a tenth of their
mean (a title or comment line above the header is skipped). The engines read every CSV
with the default dialect and its first row as the header; a file frictionless reads
otherwise is read by frictionless (schema/fallback.py), as a declared dialect is.

    check(path, resource)   Unsupported when frictionless would read the file otherwise

Only the file's beginning is read: 64 KiB, or more until it holds 1,000 lines (rows of
several lines count as one) or MAX_SAMPLE_BYTES; a file whose first 100 rows are longer
than that is judged on the rows that fit (frictionless reads them all). 40 ms on a
45 MB table of tweets when it read 4 MiB; a few ms now.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from threadarchive.contract.package import Resource
from threadarchive.validation.schema.rules import Unsupported

SAMPLE_LINES = 100  # frictionless's CSV sample (formats/csv/parser.py) and its detector's rows
MAX_SAMPLE_BYTES = 4 * 1024 * 1024
SNIFFED_DELIMITERS = ",\t;|"
# The CSV properties frictionless takes from the sniffer when the dialect does not define
# them, by their names in the two forms of a dialect, with the value the engines read with.
_SNIFFED = {
    "delimiter": ("delimiter", ","),
    "quotechar": ("quoteChar", '"'),
    "escapechar": ("escapeChar", None),
    "skipinitialspace": ("skipInitialSpace", False),
}


def check(path: Path, resource: Resource) -> None:
    """Unsupported when frictionless would read the CSV at ``path`` with another dialect
    than the engines (one it detects), or take another row than the first for its header.

    Parameters
    ----------
    path
        The resource's file (nothing is checked when it is not a readable file).
    resource
        The resource, whose declared dialect says what frictionless does not detect.

    Raises
    ------
    Unsupported
        Naming what frictionless detects.
    """
    if resource.format != "csv" or not path.is_file():
        return
    dialect: dict[str, Any] = resource.descriptor.get("dialect") or {}
    defined = {**dialect, **(dialect.get("csv") or {})}
    try:
        with path.open("rb") as stream:  # enough lines for 100 rows, some of many lines
            head = stream.read(65_536)
            while head.count(b"\n") <= 10 * SAMPLE_LINES and len(head) < MAX_SAMPLE_BYTES:
                more = stream.read(min(len(head), MAX_SAMPLE_BYTES - len(head)))
                if not more:
                    break
                head += more
    except OSError:
        return  # the engines' reading says why
    text = head.decode("utf-8-sig", errors="replace")
    lines = io.StringIO(text, newline="").readlines()[:SAMPLE_LINES]
    try:
        sniffed: Any = csv.Sniffer().sniff("".join(lines), str(defined.get("delimiter", SNIFFED_DELIMITERS)))
    except csv.Error:
        sniffed = csv.excel
    for attribute, (name, default) in _SNIFFED.items():
        value = getattr(sniffed, attribute)
        if attribute == "quotechar" and value == "'":
            value = '"'  # frictionless does not trust a sniffed single quote
        if name not in defined and value != default:
            raise Unsupported(f"a CSV frictionless reads with {name} {value!r}, as it detects")
    if "header" in dialect or "headerRows" in dialect:
        return
    row = header_row(text, cut=len(head) < path.stat().st_size)
    if row != 1:
        raise Unsupported(f"a CSV whose header frictionless takes from row {row}, as it detects")


def header_row(text: str, *, cut: bool = False) -> int:
    """The row frictionless's detector takes for the header: the first of the first 100
    rows whose width is within a tenth of their mean width (at least one cell), else the
    first. ``text`` is the file's beginning (``cut``: not all of it, its last row dropped)."""
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        widths = [len(cells) for cells, _ in zip(rows, range(SAMPLE_LINES + 1), strict=False)]
    except csv.Error:
        return 1  # the engines report the row that cannot be read
    if cut and len(widths) <= SAMPLE_LINES:
        widths = widths[:-1]  # the last row read may be cut short
    widths = widths[:SAMPLE_LINES]
    if not widths:
        return 1
    width = round(sum(widths) / len(widths))
    drift = max(round(width * 0.1), 1)
    for number, cells in enumerate(widths, start=1):
        if width - drift <= cells <= width + drift:
            return number
    return 1
