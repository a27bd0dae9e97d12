"""Manifests: a CSV listing captures to ingest, one per row, with their curated facts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from threadarchive.archive.ingest import Source
from threadarchive.archive.metadata import (
    OPTION_NAMES,
    Curation,
)
from threadarchive.errors import InputError
from threadarchive.files.fsutil import (
    require_regular,
    storage,
)


def read_manifest(path: Path) -> tuple[list[Source], list[str]]:
    """The captures a manifest CSV lists, one per row, with their curated facts; and
    the problems of the rows that cannot be read, one line each.

    Columns: ``path`` (required; relative to the manifest's folder), ``format``,
    ``replaces`` (thread IDs), and the curated facts ``author_name``, ``handle``,
    ``source_url``, ``captured_at``, ``tweet_ids`` (comma-separated), ``language``,
    ``terms``, ``rights``, ``known_gaps``. Empty cells leave a fact as it is. One row per line:
    a cell running over several lines (a quote left open) is a problem of its row.
    """
    columns = {"path", "format", "replaces", *(n.replace("-", "_") for n in OPTION_NAMES.values())}
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
    fields = {v: k for k, v in OPTION_NAMES.items()}
    sources = []
    for number, row in rows:
        cells = {k.strip().replace("-", "_"): (v or "").strip() for k, v in row.items() if k is not None}
        where = f"{path}, row {number}"
        if None in row:
            problems.append(f"{where}: expected {len(header)} cells, found more")
            continue
        try:
            if not cells.get("path"):
                raise InputError("path: expected the capture's path, found an empty cell")
            given = {
                fields[k.replace("_", "-")]: v
                for k, v in cells.items()
                if k.replace("_", "-") in fields and v
            }
            if "tweet_ids" in given:
                given["tweet_ids"] = [part.strip() for part in given["tweet_ids"].split(",")]
            curation = Curation(**given)
        except InputError as exc:
            problems.append(f"{where}: {exc}")
            continue
        sources.append(
            Source(
                path=path.parent / cells["path"],
                curation=curation,
                format=cells.get("format") or None,
                replaces=tuple(cells.get("replaces", "").replace(",", " ").split()),
                where=where,
            )
        )
    return sources, problems


def _manifest_rows(path: Path, text: str) -> tuple[list[str], list[tuple[int, dict[Any, Any]]], list[str]]:
    """A manifest's header, its rows each with the line it starts on, and a problem for
    each row whose cells run over several lines.

    A manifest has one row per line, and no cell holds a line break: a quote left
    open would otherwise swallow every line after it, silently.
    """
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[Any, Any]]] = []
    problems = []
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
                    f"{path}, row {first}: expected one row per line, found a cell running over lines "
                    f'{first} to {ended}: a quote (") left open, or a line break in a cell'
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
