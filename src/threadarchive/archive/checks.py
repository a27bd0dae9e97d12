"""A working archive's own checks: its captures, metadata and generated files.

Run by validation on a package that is a working archive (it has ``archive.yaml``):
each raw capture exists, has the SHA-256 recorded, is still read by its reader; the
metadata reads; rebuilding gives exactly the committed tables, descriptor and
schemas; and the captures of each tweet give it one text (else a text-disagreement
warning, which a curator can acknowledge). Kept apart from validation.py so that checking a release or any other
package never imports the capture readers.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from threadarchive import contract
from threadarchive.archive.metadata import ThreadMeta
from threadarchive.archive.store import Store
from threadarchive.archive.tables import build, thread_in, to_csv
from threadarchive.capture import formats
from threadarchive.capture.model import Capture
from threadarchive.contract.findings import (
    CAPTURE_HASH_MISMATCH,
    CAPTURE_MISSING,
    CAPTURE_UNPARSEABLE,
    CAPTURE_UNREFERENCED,
    GENERATED_FILE_STALE,
    METADATA_ERROR,
    PATH_UNSAFE,
    TABLE_CAPTURE_MISMATCH,
    Finding,
    kind_of,
)
from threadarchive.contract.layout import META_DIR, RAW_DIR, SETTINGS_FILE, meta_path
from threadarchive.contract.package import Package, Resource
from threadarchive.contract.report import Report, shown_apart
from threadarchive.errors import InputError, ThreadArchiveError, UnsafePathError
from threadarchive.files.gate import inside
from threadarchive.files.hashing import sha256_file
from threadarchive.validation.engine import Progress, Sink
from threadarchive.validation.engine import validate as validate_package


def check_captures(package: Package) -> list[Finding]:
    """A working archive's captures: present, unchanged (SHA-256), readable, and
    giving exactly the committed tables, descriptor and schemas."""
    if not (package.base / SETTINGS_FILE).is_file():
        return []  # a release or another package: no captures to check
    archive = Store(package.base)
    findings: list[Finding] = []
    try:  # only the generated descriptor needs archive.yaml: the captures are checked without it
        archive.settings()
        settings_read = True
    except ThreadArchiveError as exc:
        findings.append(_metadata_error(exc, str(SETTINGS_FILE), package.base))
        settings_read = False
    try:  # the archive's own folders: a link out of the archive is never followed
        meta_files = archive.meta_files()
        raw_dir = archive.raw_dir
    except UnsafePathError as exc:
        return [PATH_UNSAFE(str(exc), path=str(META_DIR))]
    metas, unreadable = [], []
    for meta_file in meta_files:
        relative = str(meta_file.relative_to(package.base))
        try:
            meta = ThreadMeta.read(meta_file)
            if meta_file.stem != meta.thread_id:
                raise InputError(
                    f"{relative}: expected thread_id {meta_file.stem!r} (the file's name), found {meta.thread_id!r}"
                )
            metas.append(meta)
        except ThreadArchiveError as exc:
            unreadable.append(_metadata_error(exc, relative, package.base))
    if unreadable:
        return [*findings, *unreadable]  # the tables cannot be rebuilt to compare until they are mended

    captures: dict[str, Capture] = {}
    broken: set[str] = set()  # threads whose captures cannot give their rows
    records = {c.sha256: (meta, c) for meta in metas for c in meta.captures}
    for sha, (meta, record) in sorted(records.items()):
        where = {"path": str(RAW_DIR / record.path), "thread_id": meta.thread_id}
        at, thread_id = where["path"], meta.thread_id
        try:
            raw = inside(raw_dir, record.path, source=meta_path(meta.thread_id))
        except UnsafePathError as exc:
            findings.append(PATH_UNSAFE(str(exc), path=meta_path(meta.thread_id), thread_id=meta.thread_id))
            continue
        if not raw.is_file():
            message = f"expected the raw capture of thread {meta.thread_id}, found no such file"
            findings.append(CAPTURE_MISSING(message, path=at, thread_id=thread_id))
            continue
        actual = sha256_file(raw)
        if actual != sha:
            message = f"expected SHA-256 {sha} as recorded, found {actual}"
            findings.append(CAPTURE_HASH_MISMATCH(message, path=at, thread_id=thread_id))
            continue
        try:
            captures[sha] = formats.read_capture(raw, record.format, name=where["path"])
        except ThreadArchiveError as exc:
            findings.append(CAPTURE_UNPARSEABLE(str(exc), path=at, thread_id=thread_id))
    for meta in metas:
        if any(c.sha256 not in captures for c in meta.captures):
            broken.add(meta.thread_id)
        else:  # what the reader saw of the current capture: a gap, a branch
            record = meta.current_capture
            thread = thread_in(captures[record.sha256], record, meta.thread_id)
            for warning in thread.warnings:
                if kind_of(warning.type).layer == "capture":
                    findings.append(
                        replace(warning, path=str(RAW_DIR / record.path), thread_id=meta.thread_id)
                    )

    referenced = {c.path for m in metas for c in m.captures}
    raw_files = sorted(p for p in raw_dir.rglob("*") if p.is_file()) if raw_dir.is_dir() else []
    for raw in raw_files:
        if raw.relative_to(raw_dir).as_posix() not in referenced:
            message = "expected every raw capture to belong to a thread, found one that does not"
            findings.append(CAPTURE_UNREFERENCED(message, path=str(raw.relative_to(package.base))))

    try:
        tables = build([m for m in metas if m.thread_id not in broken], captures, archive.withdrawals())
        # the descriptor is generated from archive.yaml: without it, only the tables compare
        expected = archive.generated(tables) if settings_read else {}
    except ThreadArchiveError as exc:
        return [*findings, METADATA_ERROR(str(exc), path=str(META_DIR))]
    findings.extend(tables.disagreements)  # captures of a tweet that give it different texts
    for table in contract.tables():
        expected.pop(table.path(), None)  # compared cell by cell below
    for relative, data in expected.items():
        try:
            path = archive.path(relative)
        except UnsafePathError as exc:
            findings.append(PATH_UNSAFE(str(exc), path=relative))
            continue
        if not path.is_file() or path.read_bytes() != data:
            message = f"expected {relative} as a rebuild writes it, found {'no file' if not path.is_file() else 'other bytes'}"
            findings.append(GENERATED_FILE_STALE(message + STALE_HINT, path=relative))
    names = {r.name: r for r in package.tables("csv")}
    for table in contract.tables():
        if table.name in names:  # else the descriptor is stale, reported above
            findings.extend(
                _compare_table(package, names[table.name], table, tables.rows[table.name], broken)
            )
    return findings


STALE_HINT = "; rebuild the archive to regenerate it from data/raw, data/meta and archive.yaml"


def _compare_table(
    package: Package,
    resource: Resource,
    table: contract.Table,
    expected: list[dict[str, Any]],
    skip: set[str],
) -> list[Finding]:
    """Cells of the committed table that differ from what the captures give.

    Rows of the threads in ``skip`` (whose captures are missing or broken, reported
    already) are left out of the comparison.
    """
    if resource.unsafe:
        return []  # reported as path-unsafe
    path = package.file(resource)
    if not path.is_file():
        return []  # reported by the schema layer
    key = table.primary_key
    with contextlib.suppress(ThreadArchiveError):  # the usual case: the same bytes, nothing to list
        if to_csv(resource.field_names, expected) == path.read_bytes():
            return []
    want = {tuple("" if row[k] is None else str(row[k]) for k in key): row for row in expected}
    findings = []
    # csv's 128 KiB field limit would end the comparison at one large cell (a 20 MiB one),
    # dropping every mismatch after it: the whole file was read above already, so a cell
    # as large as the file costs nothing more. (A row over the limit rows may have is a
    # finding of the schema layer's own, cell-too-large.)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, path.stat().st_size))
    with contextlib.ExitStack() as restore, path.open(encoding="utf-8", newline="") as stream:
        restore.callback(csv.field_size_limit, limit)
        try:
            reader = csv.DictReader(stream)
            seen = set()
            for number, row in enumerate(reader, start=2):
                row_key = tuple(row.get(k) or "" for k in key)
                thread_id = row_key[0]
                if thread_id in skip:
                    continue
                seen.add(row_key)
                source = want.get(row_key)
                if source is None:
                    message = f"expected only rows the captures and metadata give, found {dict(zip(key, row_key, strict=True))}"
                    findings.append(_stale(message, resource.path, number, None, thread_id))
                    continue
                for name, value in source.items():
                    value = "" if value is None else str(value)
                    if row.get(name) is not None and row[name] != value:
                        want_text, found_text, at = shown_apart(value, row[name])
                        message = (
                            f"expected {want_text} as the captures and metadata give, found {found_text}{at}"
                        )
                        findings.append(_stale(message, resource.path, number, name, thread_id))
        except (UnicodeDecodeError, csv.Error):
            return []  # reported by the schema layer
    missing = [k for k in want.keys() - seen if k[0] not in skip]
    for row_key in sorted(missing, key=lambda k: [(len(part), part) for part in k]):
        message = f"expected a row for {dict(zip(key, row_key, strict=True))} as the captures and metadata give, found none"
        findings.append(_stale(message, resource.path, None, None, row_key[0]))
    return findings


def _metadata_error(exc: ThreadArchiveError, path: str, base: Path) -> Finding:
    """A metadata-error at ``path`` (relative to ``base``) and the line the message
    names, the message without the location it opens with (``archive.yaml, line 2,
    column 1: ...``): the finding's own location says it, and the table printed it twice."""
    text = str(exc)
    named = "|".join(re.escape(p) for p in (str(base / path), path))
    opening = re.match(rf"(?:{named})(?:, line ([0-9]+))?(?:, column ([0-9]+))?: ", text)
    if opening is None:
        return METADATA_ERROR(text, path=path, line=_line_of(text))
    column = f" (column {opening[2]})" if opening[2] else ""
    line = int(opening[1]) if opening[1] else None
    return METADATA_ERROR(text[opening.end() :] + column, path=path, line=line)


def _line_of(message: str) -> int | None:
    """The line an error message names (", line 16, ..."), for annotations."""
    found = re.search(r", line ([0-9]+)", message)
    return int(found[1]) if found else None


def _stale(message: str, path: str, row: int | None, field: str | None, thread_id: str) -> Finding:
    return TABLE_CAPTURE_MISMATCH(message + STALE_HINT, path=path, row=row, field=field, thread_id=thread_id)


def validate(
    path: str | Path = ".",
    *,
    engine: str = "auto",
    progress: Progress | None = None,
    today: dt.date | None = None,
    sink: Sink | None = None,
    memory_limit: str | int | None = None,
    spark_master: str | None = None,
) -> Report:
    """Validate a Data Package: a release, any package, or a working archive.

    Parameters
    ----------
    path
        A ``datapackage.json``, or the folder holding one.
    engine
        ``"auto"`` (DuckDB, with the fast engine and frictionless for what it cannot
        check), ``"duckdb"``, ``"spark"`` (the same SQL on Apache Spark), ``"fast"`` or
        ``"frictionless"``.
    progress
        Told the number of bytes just read, as the tables are read.
    today
        The date dates in the future are judged against (default: today).
    sink
        Given every clean batch of typed rows as it is checked.
    memory_limit
        What DuckDB may hold in memory ("2GB", "512MiB" or a number of bytes); it
        spills the rest to disk. Default: 512MB.
    spark_master
        With ``engine="spark"``: a cluster's master URL (default: SPARK_REMOTE's Spark
        Connect if set, else ``local[*]``).

    Returns
    -------
    Report
        Every finding of the descriptor, the tables, thread integrity and, in a working
        archive (a folder holding archive.yaml), its captures; ``report.valid`` is
        False when any is an error.

    Raises
    ------
    PackageError
        The package cannot be read at all (no descriptor, broken JSON).
    InputError
        ``engine`` is not one of the engines, ``memory_limit`` is not a memory size, or
        validation needs more memory than it.
    """
    return validate_package(
        path,
        engine=engine,
        progress=progress,
        today=today,
        sink=sink,
        checks=(check_captures,),
        memory_limit=memory_limit,
        spark_master=spark_master,
    )
