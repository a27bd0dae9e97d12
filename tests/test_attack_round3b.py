"""Attacks on what landed on 2026-12-05 (round 3b): each a fault that broke, kept as a test."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from threadarchive.capture.formats import read_capture
from threadarchive.errors import CaptureError


@pytest.mark.parametrize(
    "document", ["[]", '"a string"', "null", "3"], ids=["list", "string", "null", "number"]
)
def test_a_wacz_whose_datapackage_is_no_object_is_one_capture_error(tmp_path: Path, document: str) -> None:
    path = tmp_path / "crawl.wacz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("datapackage.json", document)
        archive.writestr("archive/data.warc", b"WARC/1.0\r\n")
    with pytest.raises(CaptureError) as caught:
        read_capture(path)
    assert "datapackage.json: expected a JSON object" in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .test_partitioned import _archive

    return _archive(tmp_path_factory.mktemp("partitioned"), 3)


def test_the_spill_sweep_removes_only_the_files_it_names_even_through_a_linked_folder(
    partitioned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``spill`` folder that links elsewhere (to a larger disk, or planted) is used,
    but the sweep removes only the staging folders a killed load left, never another file there."""
    import threadarchive
    from threadarchive.access import spill

    from .test_partitioned import spill_folders

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    precious = elsewhere / "results.arrow"
    precious.write_bytes(b"somebody's table")
    (elsewhere / f".{spill.TABLE}.notours.partial").write_bytes(b"a file, not a load's folder")
    live, lock = spill_folders(elsewhere)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / spill.SPILL_DIR).symlink_to(elsewhere)
    monkeypatch.setenv("THREADARCHIVE_CACHE", str(cache))
    monkeypatch.setattr(spill, "IN_MEMORY_BYTES", 0)
    with lock:
        loaded = threadarchive.load_table("tweets", source=partitioned / "releases" / "1.0.0")
        assert loaded.num_rows > 0
        assert sorted(p.name for p in elsewhere.iterdir()) == sorted(
            [precious.name, f".{spill.TABLE}.notours.partial", live.name]
        )


def test_a_full_disk_while_spilling_is_one_error_and_no_file(
    partitioned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    import threadarchive
    from threadarchive.access import spill
    from threadarchive.errors import PackageError

    opened = os.fdopen

    def full(handle: int, mode: str) -> Any:
        stream = opened(handle, mode)

        def write(data: object) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        stream.write = write  # type: ignore[method-assign]
        return stream

    monkeypatch.setenv("THREADARCHIVE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(spill, "IN_MEMORY_BYTES", 0)
    monkeypatch.setattr(spill.os, "fdopen", full)
    with pytest.raises(PackageError) as caught:
        threadarchive.load_table("tweets", source=partitioned / "releases" / "1.0.0")
    assert "No space left on device" in str(caught.value) and "\n" not in str(caught.value)
    assert list((tmp_path / "cache" / spill.SPILL_DIR).iterdir()) == []


@pytest.fixture(scope="module")
def wordy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release of partitioned tweets whose text outweighs the footer check's slack."""
    from .test_partitioned import _archive

    words = ": " + "a long sentence of a thread " * 60
    return _archive(tmp_path_factory.mktemp("wordy"), 3, tweets=20, words=words) / "releases" / "1.0.0"


@pytest.mark.parametrize("columns", [None, ["text"]], ids=["partitioned-whole", "partitioned-columns"])
def test_a_footer_that_understates_its_text_is_refused_on_the_lazy_path(
    wordy: Path, monkeypatch: pytest.MonkeyPatch, columns: list[str] | None
) -> None:
    """A footer stating no bytes of text (forged; a third-party release's descriptor
    hashes what it likes) passes the footer check, but the rows read lazily must still
    stay within what the files' sizes allow, as a whole file's read does (unpack.py)."""
    import dataclasses

    import threadarchive
    from threadarchive.access import unpack
    from threadarchive.errors import FixityError, PackageError

    real = unpack.declared_sizes

    def forged(path: Path) -> Any:
        sizes = real(path)
        assert sizes is not None
        return [
            [c if c is None or c.text_bytes is None else dataclasses.replace(c, text_bytes=0) for c in group]
            for group in sizes
        ]

    monkeypatch.setattr(unpack, "declared_sizes", forged)
    assert threadarchive.load_table("tweets", source=wordy, columns=["tweet_id"]).num_rows == 80
    with pytest.raises((FixityError, PackageError)) as caught:
        threadarchive.load_table("tweets", source=wordy, columns=columns)
    assert "metadata" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("kind", [{"a": 1}, ["TweetTombstone"]], ids=["object", "list"])
def test_a_graphql_typename_that_is_no_string_is_one_capture_error(tmp_path: Path, kind: object) -> None:
    """``__typename`` is looked up among the types of a gone tweet: an object or a list
    there (unhashable) raised TypeError from every GraphQL container's reader."""
    import json

    record = {
        "id": "1",
        "created_at": "2025-11-05 15:02:11 +02:00",
        "full_text": "hi",
        "screen_name": "a",
        "name": "A",
        "metadata": {"__typename": kind, "rest_id": "1"},
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    with pytest.raises(CaptureError) as caught:
        read_capture(path)
    assert "record 1" in str(caught.value) and "\n" not in str(caught.value)


def test_many_partition_files_listed_out_of_order_are_numbered_by_their_place(tmp_path: Path) -> None:
    """Each row's number among all rows is its number in its file plus the offset of its
    file's place in the list (file_index), whatever the files' names and order; the
    offsets were a CASE over the file names, a comparison per file for every row (about
    18 s at 5,000 files, 4 s since)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from threadarchive.validation.sql.backend import duckdb

    paths, offsets, total = [], [], 0
    for n in reversed(range(300)):  # listed in the reverse of their names' order
        path = tmp_path / f"part-{n:04d}.parquet"
        pq.write_table(pa.table({"value": [f"{n}-{i}" for i in range(n % 3 + 1)]}), path)
        paths.append(path)
        offsets.append(total)
        total += n % 3 + 1
    with duckdb() as backend:
        relation = backend.parquet_parts(paths, offsets)
        rows = backend.rows(f"SELECT value, file_row_number FROM {relation} ORDER BY file_row_number")
    expected = [f"{n}-{i}" for n in reversed(range(300)) for i in range(n % 3 + 1)]
    assert [value for value, _ in rows] == expected
    assert [number for _, number in rows] == list(range(total))


def _forge_rows(path: Path, rows: int) -> int:
    """Make the Parquet footer at ``path`` state ``rows`` rows (FileMetaData.num_rows)
    while its row groups keep theirs, as a forger would; the number it stated."""
    import struct

    from threadarchive.access.unpack import _Compact

    data = bytearray(path.read_bytes())
    length = struct.unpack("<I", data[-8:-4])[0]
    start = len(data) - 8 - length
    reader = _Compact(bytes(data[start:-8]))
    field = 0
    while head := reader.byte():
        kind, delta = head & 0x0F, head >> 4
        field = field + delta if delta else reader.zigzag()
        if field == 3:  # num_rows, an i64 as a zigzag varint
            at = reader.at
            stated = reader.zigzag()
            end = reader.at
            break
        reader.value(kind, 1)
    encoded, value = bytearray(), rows << 1
    while True:
        encoded.append((value & 0x7F) | (0x80 if value >> 7 else 0))
        value >>= 7
        if not value:
            break
    assert len(encoded) == end - at  # the same length: nothing else moves
    data[start + at : start + end] = encoded
    path.write_bytes(bytes(data))
    return stated


def _understated(partitioned: Path, tmp_path: Path) -> Path:
    """A copy of the partitioned release (alone: no release index pins it) whose first
    tweets file's footer states one row fewer than it holds, declared to match."""
    import hashlib
    import json
    import shutil

    import pyarrow.parquet as pq

    from .test_partitioned import TWEET_FILES

    folder = Path(shutil.copytree(partitioned / "releases" / "1.0.0", tmp_path / "release"))
    path = folder / TWEET_FILES[0]
    real = _forge_rows(path, pq.ParquetFile(path).metadata.num_rows - 1)
    assert pq.ParquetFile(path).metadata.num_rows == real - 1 and pq.read_table(path).num_rows == real
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if TWEET_FILES[0] in (resource.get("path") or []):
            resource["x-rows"] -= 1
            for item in resource["x-files"]:
                if item["path"] == TWEET_FILES[0]:
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                    item.update(
                        {"hash": f"sha256:{digest}", "x-bytes": path.stat().st_size, "x-rows": real - 1}
                    )
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return folder


def test_a_partition_file_whose_footer_understates_its_rows_is_found(
    partitioned: Path, tmp_path: Path
) -> None:
    """The rows a reader reads are the row groups': a footer stating fewer (with x-rows,
    hash and size declared to match it) made the next file's rows share numbers with
    this one's extra rows, and the file passed."""
    from threadarchive.archive.checks import validate

    from .test_partitioned import TWEET_FILES

    report = validate(_understated(partitioned, tmp_path), engine="duckdb")
    found = {(f.type, f.path) for f in report.findings if f.severity == "error"}
    assert ("resource-error", TWEET_FILES[0]) in found
    assert not report.valid


def test_a_partition_file_whose_footer_understates_its_rows_is_not_loaded(
    partitioned: Path, tmp_path: Path
) -> None:
    """A load checks each file's rows against ``x-rows`` by its footer: the rows its row
    groups hold, which are what is read, not the count the footer states."""
    import threadarchive
    from threadarchive.errors import FixityError

    from .test_partitioned import TWEET_FILES

    folder = _understated(partitioned, tmp_path)
    with pytest.raises(FixityError) as caught:
        threadarchive.load_table("tweets", source=folder)
    assert TWEET_FILES[0] in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("spilled", [False, True], ids=["held", "spilled"])
def test_no_columns_still_counts_the_rows(
    partitioned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spilled: bool
) -> None:
    """``columns=[]`` (a count) keeps the rows' number: pyarrow drops it when a table of
    no columns has its metadata replaced, and the load returned 0 rows."""
    import threadarchive
    from threadarchive.access import spill

    monkeypatch.setenv("THREADARCHIVE_CACHE", str(tmp_path / "cache"))
    if spilled:
        monkeypatch.setattr(spill, "IN_MEMORY_BYTES", 0)
    source = partitioned / "releases" / "1.0.0"
    every = threadarchive.load_table("tweets", source=source, columns=["tweet_id"]).num_rows
    counted = threadarchive.load_table("tweets", source=source, columns=[])
    assert counted.num_columns == 0 and counted.num_rows == every > 0
    assert b"threadarchive" in (counted.schema.metadata or {})
    some = threadarchive.load_table("tweets", source=source, columns=[], filters=[("position", "=", 1)])
    assert some.num_rows == 4
