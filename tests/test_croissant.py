"""Croissant in every release: croissant.json, anchored like every other file, valid
for mlcroissant (run with the network refused), and read by it row for row."""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from threadarchive.release.fixity import verify

mlcroissant = pytest.importorskip("mlcroissant")


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection attempted fails: validation must not need the network."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("the network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_every_release_has_croissant_anchored_like_its_other_files(reader_archive: Path) -> None:
    release = reader_archive / "releases/1.0.0"
    listed = (release / "SHA256SUMS").read_text(encoding="utf-8")
    digest = hashlib.sha256((release / "croissant.json").read_bytes()).hexdigest()
    assert f"{digest}  croissant.json" in listed.splitlines()
    index = json.loads((reader_archive / "releases/index.json").read_text(encoding="utf-8"))
    assert "croissant.json" in index["releases"][0]["files"]
    assert verify(release).valid
    (release / "croissant.json").write_text("{}\n", encoding="utf-8")
    assert not verify(release).valid  # a changed croissant.json is caught like any file


def test_mlcroissant_validates_it_offline_and_reads_every_table(reader_archive: Path, offline: None) -> None:
    release = reader_archive / "releases/1.0.0"
    dataset = mlcroissant.Dataset(jsonld=str(release / "croissant.json"))
    issues = dataset.metadata.ctx.issues
    assert not issues.errors and not issues.warnings, issues.report()
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    tables = [r for r in descriptor["resources"] if r["format"] == "parquet"]
    assert {r.name for r in dataset.metadata.record_sets} == {
        r["name"].removesuffix("-parquet") for r in tables
    }
    for resource in tables:
        table = resource["name"].removesuffix("-parquet")
        rows = list(dataset.records(table))
        assert len(rows) == resource["x-rows"], table
    tweets = list(dataset.records("tweets"))
    expected = pq.read_table(release / "data/tweets.parquet").to_pylist()
    got = [{k.split("/", 1)[1]: v for k, v in row.items()} for row in tweets]
    # IDs and texts arrive as the exact text: no 19-digit ID rounded through a float
    assert sorted((r["tweet_id"] or b"").decode() for r in got) == sorted(
        r["tweet_id"] or "" for r in expected
    )
    assert sorted(r["text"].decode() for r in got) == sorted(r["text"] for r in expected)


def test_croissant_names_every_data_file_with_its_hash(reader_archive: Path) -> None:
    release = reader_archive / "releases/1.0.0"
    document = json.loads((release / "croissant.json").read_text(encoding="utf-8"))
    files = {f["contentUrl"]: f["sha256"] for f in document["distribution"]}
    assert files and all(
        hashlib.sha256((release / path).read_bytes()).hexdigest() == h for path, h in files.items()
    )
    data = {p.relative_to(release).as_posix() for p in (release / "data").iterdir()}
    assert data <= set(files)


def test_croissant_says_what_citation_and_descriptor_say(reader_archive: Path) -> None:
    release = reader_archive / "releases/1.0.0"
    document = json.loads((release / "croissant.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((release / "CITATION.cff").read_text(encoding="utf-8"))
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert document["version"] == cff["version"] == descriptor["version"]
    assert document["license"][0] == descriptor["licenses"][0]["path"]  # then the threads' terms
    assert [c["name"] for c in document["creator"]] == [a["name"] for a in cff["authors"]]
    assert document["citeAs"].startswith("@misc{test_archive_1_0_0,")
