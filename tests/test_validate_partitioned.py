"""Validating a release whose large tables are Hive-partitioned reads their Parquet files
row by row (validation/sql/parts.py), as it reads a one-file table's Parquet.

The archive of test_partitioned (``partition_rows: 3``: four threads in three months)
is released twice: partitioned, and with one file per table. The same faults planted
in the same tweets of both, with each file's declared hash made to match (so only the
check of its rows can find them), are found with the same types and fields; in the
partitioned release at the row of the file that holds the tweet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from threadarchive.archive.checks import validate
from threadarchive.archive.settings import DEFAULT_PARTITION_ROWS, Settings
from threadarchive.contract.versions import Version
from threadarchive.release import publish as releases

from .test_partitioned import MAY, TWEET_FILES, _archive

ONE_FILE = "data/tweets.parquet"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The partitioned release 1.0.0, and a release of the same rows with one file per table."""
    root = _archive(tmp_path_factory.mktemp("partitioned"), 3)
    one = tmp_path_factory.mktemp("one-file") / "release"
    one.mkdir()
    settings = replace(Settings.read(root), partition_rows=DEFAULT_PARTITION_ROWS)
    releases.build(root, Version(1, 0, 0), dt.date(2026, 1, 2), one, settings=settings)
    return root / "releases" / "1.0.0", one


def _copy(folder: Path, to: Path) -> Path:
    return Path(shutil.copytree(folder, to))


def _plant(table: pa.Table, keys: list[tuple[str, int]]) -> pa.Table:
    """The faults, each in the tweet of key ``keys[i]``: a position under its minimum, a
    missing text, a tweet ID that is not digits, a thread that is not in threads."""
    rows = table.to_pylist()
    at = {(r["thread_id"], r["position"]): i for i, r in enumerate(rows)}
    rows[at[keys[0]]]["position"] = 0
    rows[at[keys[1]]]["text"] = None
    rows[at[keys[2]]]["tweet_id"] = "not-digits"
    rows[at[keys[3]]]["thread_id"] = "no-such-thread"
    nullable = pa.schema([field.with_nullable(True) for field in table.schema])  # a text may be missing
    return pa.Table.from_pylist(rows, schema=nullable)


def _rewrite(folder: Path, name: str, keys: list[tuple[str, int]]) -> None:
    """Plant the faults in the Parquet file ``name`` and declare its new hash and size."""
    path = folder / name
    pq.write_table(_plant(pq.read_table(path), keys), path)
    redeclare(folder, name)


def redeclare(folder: Path, name: str) -> None:
    """Declare the file ``name``'s hash and size anew in the descriptor of ``folder``, as
    whoever publishes a release can."""
    path = folder / name
    digest, size = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_size
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        for item in [resource, *resource.get("x-files", [])]:
            if item.get("path") == name:
                item.update({"hash": f"sha256:{digest}", "x-bytes": size})
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def _keys(folder: Path, name: str) -> list[tuple[str, int]]:
    table = pq.read_table(folder / name, columns=["thread_id", "position"])
    return list(zip(table["thread_id"].to_pylist(), table["position"].to_pylist(), strict=True))


def _where(partitioned: Path, one: Path) -> dict[tuple[str, int], tuple[str, int]]:
    """Each row of the one-file release's Parquet tables, (file, row), to where the same
    row is in the partitioned release's files (rows are unique in the clean releases)."""
    descriptor = json.loads((partitioned / "datapackage.json").read_text(encoding="utf-8"))
    where = {}
    for resource in descriptor["resources"]:
        if not isinstance(resource["path"], list):
            continue
        whole = f"data/{resource['name'].removesuffix('-parquet')}.parquet"
        at = {row: i + 2 for i, row in enumerate(map(repr, pq.read_table(one / whole).to_pylist()))}
        for name in resource["path"]:
            for i, row in enumerate(map(repr, pq.read_table(partitioned / name).to_pylist())):
                where[whole, at[row]] = (name, i + 2)
    return where


def _found(folder: Path, engine: str = "duckdb") -> list[dict[str, Any]]:
    report = validate(folder, engine=engine)
    return sorted(
        ({k: v for k, v in f.to_dict().items() if k != "message"} for f in report.findings), key=repr
    )


def test_a_clean_partitioned_release_is_valid_and_its_parquet_files_are_read(
    built: tuple[Path, Path],
) -> None:
    partitioned, _ = built
    report = validate(partitioned, engine="duckdb")
    assert report.valid and report.findings == []
    assert report.stats["engine"] == "duckdb"
    assert report.stats["rows"]["tweets-parquet"] == 12  # read from its three files
    assert report.stats["rows"]["tweets"] == 12  # the CSV stood in for by them


def test_faults_in_one_partition_are_found_as_in_a_one_file_release(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    partitioned, one = (_copy(f, tmp_path / n) for f, n in zip(built, ("parts", "one"), strict=True))
    may = _keys(partitioned, MAY)  # the tweets of the May file, in its order: six of two threads
    planted = [may[1], may[2], may[4], may[5]]
    _rewrite(partitioned, MAY, planted)
    _rewrite(one, ONE_FILE, planted)
    where = _where(*built)

    def moved(finding: dict[str, Any]) -> dict[str, Any]:
        """A finding of the one-file release at the row of the partition file holding that row."""
        if (finding.get("path"), finding.get("row")) not in where:
            return finding
        path, row = where[finding["path"], finding["row"]]
        return {**finding, "path": path, "row": row}

    expected = sorted((moved(f) for f in _found(one)), key=repr)
    found = _found(partitioned)
    assert found == expected
    rows = {(f["type"], f["path"], f.get("row"), f.get("field")) for f in found}
    assert {  # the faults planted, each at its row of the May file (row 2 is its first)
        ("constraint-error", MAY, 3, "position"),
        ("constraint-error", MAY, 4, "text"),
        ("constraint-error", MAY, 6, "tweet_id"),
        ("foreign-key", MAY, 7, None),  # frictionless names no field of a foreign key
    } <= rows
    assert not {path for _, path, *_ in rows} & {"data/tweets.csv", *(set(TWEET_FILES) - {MAY})}
    assert not {f["type"] for f in found} & {"hash-count", "byte-count"}  # hashes declared anew


def test_a_partition_file_changed_is_found_by_its_declared_hash(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    partitioned = _copy(built[0], tmp_path / "parts")
    path = partitioned / MAY
    table = pq.read_table(path)
    pq.write_table(table.slice(0, table.num_rows - 1), path)  # one row fewer, hash not declared anew
    found = {(f["type"], f.get("path")) for f in _found(partitioned)}
    assert {("hash-count", MAY), ("byte-count", MAY), ("resource-error", MAY)} <= found


def test_a_partition_file_that_is_not_parquet_is_a_resource_error(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    partitioned = _copy(built[0], tmp_path / "parts")
    (partitioned / MAY).write_bytes(b"not a Parquet file")
    report = validate(partitioned, engine="duckdb")
    found = {(f.type, f.path) for f in report.findings}
    assert {("resource-error", MAY), ("hash-count", MAY), ("byte-count", MAY)} <= found
    assert not report.valid


def test_a_missing_partition_file_is_a_scheme_error(built: tuple[Path, Path], tmp_path: Path) -> None:
    partitioned = _copy(built[0], tmp_path / "parts")
    (partitioned / MAY).unlink()
    report = validate(partitioned, engine="duckdb")
    assert ("scheme-error", MAY) in {(f.type, f.path) for f in report.findings}
    assert not report.valid


def test_a_package_of_partitioned_parquet_alone_is_read_by_sql_and_refused_by_the_others(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    """A package whose large tables are partitioned Parquet with no CSV beside them (as
    bench/run.py's huge benchmark makes): the SQL engines read them as its tables; an
    engine that cannot says so, and the package is not valid."""
    partitioned = _copy(built[0], tmp_path / "parts")
    descriptor_path = partitioned / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    kept = []
    for resource in descriptor["resources"]:
        if isinstance(resource["path"], list):
            kept.append({**resource, "name": resource["name"].removesuffix("-parquet")})
        elif not any(isinstance(r["path"], list) and r["name"] == f"{resource['name']}-parquet"
                     for r in descriptor["resources"]):  # fmt: skip
            kept.append(resource)
    descriptor["resources"] = kept
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    report = validate(partitioned, engine="duckdb")
    assert report.findings == [] and report.stats["rows"]["tweets"] == 12
    fast = validate(partitioned, engine="fast")
    unchecked = {f.message.split("'")[1] for f in fast.findings if f.type == "table-unchecked"}
    assert unchecked == {"threads", "tweets", "captures"} and not fast.valid
