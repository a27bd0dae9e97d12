"""Validating a release reads its Parquet: the CSV of each table is checked against it
by the hash and size its descriptor declares and by row count, never parsed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from threadarchive.archive.checks import validate

from .conftest import make_reader_archive


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_reader_archive(tmp_path_factory.mktemp("reader")) / "releases" / "1.0.0"


def _copy(release: Path, tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(release, tmp_path / "1.0.0"))


def test_a_release_is_valid_and_its_rows_are_the_parquet_s(release: Path) -> None:
    report = validate(release, engine="duckdb")
    assert [f.type for f in report.findings if f.severity == "error"] == []
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    declared = {r["name"]: r["x-rows"] for r in descriptor["resources"]}
    assert report.stats["rows"] == declared  # the CSV's rows are its Parquet's


def test_a_csv_cell_changed_is_a_hash_mismatch_not_a_type_error(release: Path, tmp_path: Path) -> None:
    """The CSV is not parsed: a cell that no longer reads as an integer is found by the
    CSV's hash (and size), not by its type; thread integrity is the Parquet's."""
    folder = _copy(release, tmp_path)
    tweets = folder / "data" / "tweets.csv"
    lines = tweets.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("position")] = "two"
    lines[1] = ",".join(cells)
    tweets.write_text("\n".join(lines), encoding="utf-8")
    found = {
        (f.type, f.path, f.row) for f in validate(folder, engine="duckdb").findings if f.severity == "error"
    }
    assert found == {("hash-count", "data/tweets.csv", None), ("byte-count", "data/tweets.csv", None)}
    parsed = validate(folder, engine="fast").findings  # the engine that reads every table parses it
    assert ("type-error", "data/tweets.csv", 2) in {(f.type, f.path, f.row) for f in parsed}


def test_a_csv_declaring_other_rows_than_its_parquet_is_a_resource_error(
    release: Path, tmp_path: Path
) -> None:
    folder = _copy(release, tmp_path)
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    tweets = next(r for r in descriptor["resources"] if r["name"] == "tweets")
    tweets["x-rows"] += 1
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    found = [(f.type, f.path) for f in validate(folder, engine="duckdb").findings if f.severity == "error"]
    assert found == [("resource-error", "data/tweets.csv")]


def test_a_changed_parquet_cell_is_found_in_the_parquet(release: Path, tmp_path: Path) -> None:
    """The Parquet is what is read: a fault in it is found at its row."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = _copy(release, tmp_path)
    path = folder / "data" / "tweets.parquet"
    table = pq.read_table(path)
    positions = table.column("position").to_pylist()
    positions[2] = 0
    index = table.column_names.index("position")
    pq.write_table(
        table.set_column(index, "position", pa.array(positions, table.schema.field(index).type)), path
    )
    found = {(f.type, f.path, f.row, f.field) for f in validate(folder, engine="duckdb").findings}
    assert ("constraint-error", "data/tweets.parquet", 4, "position") in found
    assert not [f for f in found if f[1] == "data/tweets.csv"]


def test_a_text_capture_of_no_capture_of_its_thread_is_found(release: Path, tmp_path: Path) -> None:
    """tweets.text_capture names one of its thread's captures (checks.REFERENCES): a hash
    of no capture, and one of another thread's capture, are found; the thread's own is not."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = _copy(release, tmp_path)
    captures = pq.read_table(folder / "data" / "captures.parquet", columns=["thread_id", "capture_sha256"])
    own = dict(zip(captures["thread_id"].to_pylist(), captures["capture_sha256"].to_pylist(), strict=False))
    path = folder / "data" / "tweets.parquet"
    table = pq.read_table(path)
    threads = table.column("thread_id").to_pylist()
    other = next(i for i, t in enumerate(threads) if t != threads[0])
    values = table.column("text_capture").to_pylist()
    values[0] = "f" * 64  # no capture at all
    values[other] = own[threads[0]]  # the first thread's capture, not this thread's
    values[1] = own[threads[1]]  # its own thread's capture: right
    index = table.column_names.index("text_capture")
    pq.write_table(
        table.set_column(index, "text_capture", pa.array(values, table.schema.field(index).type)), path
    )
    found = [f for f in validate(folder, engine="duckdb").findings if f.type == "text-capture-unknown"]
    assert [(f.path, f.row, f.field, f.thread_id, f.severity) for f in found] == [
        ("data/tweets.parquet", 2, "text_capture", threads[0], "error"),
        ("data/tweets.parquet", other + 2, "text_capture", threads[other], "error"),
    ]


@pytest.mark.parametrize("engine", ["auto", "fast"])
def test_the_working_archive_checks_text_capture_by_the_same_rule(tmp_path: Path, engine: str) -> None:
    """The working archive's validation runs the rule on its CSV tables (beside the
    rebuild's comparison, which finds the cell differs from what the captures give),
    the fast engine's kept columns too (a release is built with it): one definition."""
    import csv

    root = make_reader_archive(tmp_path)
    tweets = root / "data" / "tweets.csv"
    with tweets.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    rows[1][rows[0].index("text_capture")] = "e" * 64
    with tweets.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)
    report = validate(root, engine=engine)
    found = [(f.type, f.path, f.row, f.field) for f in report.findings if f.type == "text-capture-unknown"]
    assert found == [("text-capture-unknown", "data/tweets.csv", 2, "text_capture")]
    assert not report.valid
