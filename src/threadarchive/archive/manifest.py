"""Manifests: a CSV listing captures to ingest, one per row, with their curated facts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from threadarchive.archive.ingest import Source
from threadarchive.archive.metadata import Curation
from threadarchive.errors import InputError
from threadarchive.files.fsutil import (
    require_regular,
    storage,
)

# A manifest's columns of curated facts, and the fact (Curation's field) each gives.
COLUMNS = {
    "author_name": "author_name",
    "handle": "author_handle",
    "source_url": "source_url",
    "captured_at": "captured_at",
    "tweet_ids": "tweet_ids",
    "language": "language",
    "terms": "terms",
    "rights": "rights",
    "known_gaps": "known_gaps",
}


def read_manifest(path: Path) -> tuple[list[Source], list[tuple[int, str]]]:
    """The captures a manifest CSV lists, one per row, with their curated facts; and
    the problems of the rows that cannot be read, one line each with its row, in row order.

    Columns: ``path`` (required; relative to the manifest's folder), ``format``,
    ``replaces`` (thread IDs), and the curated facts ``author_name``, ``handle``,
    ``source_url``, ``captured_at``, ``tweet_ids`` (comma-separated), ``language``,
    ``terms``, ``rights``, ``known_gaps``. Empty cells leave a fact as it is. One row per line:
    a cell running over several lines (a quote left open) is a problem of its row.
    """
    columns = {"path", "format", "replaces", *COLUMNS}
    with storage(path, "read the manifest"):
        require_regular(path)
        data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}, line {line}: expected a UTF-8 CSV, found the byte 0x{data[exc.start]:02x}"
        ) from None
    names, rows, problems = _manifest_rows(path, text)
    header = [h.strip().replace("-", "_") for h in names]
    if not rows and not problems:
        raise InputError(
            f"{path}: expected a header with a 'path' column and one row per capture, found none"
        )
    if "path" not in header or set(header) - columns:
        msg = f"{path}, line 1: expected columns among {sorted(columns)} including 'path', found {header}"
        raise InputError(msg)
    sources = []
    for number, row in rows:
        cells = {k.strip().replace("-", "_"): (v or "").strip() for k, v in row.items() if k is not None}
        where = f"{path}, row {number}"
        if None in row:
            problems.append((number, f"{where}: expected {len(header)} cells, found more"))
            continue
        try:
            if not cells.get("path"):
                raise InputError("path: expected the capture's path, found an empty cell")
            given: dict[str, Any] = {COLUMNS[k]: v for k, v in cells.items() if k in COLUMNS and v}
            if "tweet_ids" in given:
                given["tweet_ids"] = [part.strip() for part in given["tweet_ids"].split(",")]
            curation = Curation(**given)
        except InputError as exc:
            problems.append((number, f"{where}: {_as_column(exc)}"))
            continue
        sources.append(
            Source(
                path=path.parent / cells["path"],
                curation=curation,
                format=cells.get("format") or None,
                replaces=tuple(cells.get("replaces", "").replace(",", " ").split()),
                where=where,
                row=number,
            )
        )
    return sources, sorted(problems, key=lambda problem: problem[0])  # rows that run over lines came first


def _as_column(exc: InputError) -> str:
    """The message of a refused fact, naming the manifest's column rather than the fact."""
    column = next((c for c, fact in COLUMNS.items() if fact == exc.parameter), None)
    if column is None or not str(exc).startswith(f"{exc.parameter}: "):
        return str(exc)
    return f"{column}: {str(exc).removeprefix(f'{exc.parameter}: ')}"


def _manifest_rows(
    path: Path, text: str
) -> tuple[list[str], list[tuple[int, dict[Any, Any]]], list[tuple[int, str]]]:
    """A manifest's header, its rows each with the line it starts on, and a problem for
    each row whose cells run over several lines.

    A manifest has one row per line, and no cell holds a line break: a quote left
    open would otherwise swallow every line after it, silently.
    """
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[Any, Any]]] = []
    problems: list[tuple[int, str]] = []
    try:
        header = next(reader, [])
        if any("\n" in name or "\r" in name for name in header):
            raise InputError(
                f"{path}, line 1: expected a header on one line, found one running over lines 1 to "
                f'{reader.line_num}: a quote (") left open?'
            )
        ended = reader.line_num  # the line the previous record ended on
        for cells in reader:
            first, ended = ended + 1, reader.line_num
            if not cells:
                continue  # a blank line
            if any("\n" in cell or "\r" in cell for cell in cells):
                problems.append(
                    (
                        first,
                        f"{path}, row {first}: expected one row per line, found a cell running over lines "
                        f'{first} to {ended}: a quote (") left open, or a line break in a cell',
                    )
                )
                continue
            row: dict[Any, Any] = dict(zip(header, cells, strict=False))
            row.update(dict.fromkeys(header[len(cells) :]))
            if len(cells) > len(header):
                row[None] = cells[len(header) :]
            rows.append((first, row))
    except csv.Error as exc:
        raise InputError(
            f"{path}, line {reader.line_num}: expected a CSV row, found an error: {exc}"
        ) from None
    return header, rows, problems
