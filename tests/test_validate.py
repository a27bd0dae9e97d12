"""Fault injection: start from the valid archive, inject one fault, expect its finding.

Every fault is checked for its type and location, and the schema-layer findings of
the fast engine are checked against frictionless's own on the same faulty archive.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from threadarchive import InputError, PackageError, contract
from threadarchive.archive.checks import validate
from threadarchive.archive.ingest import ingest

from .conftest import SEED, SEED_ID

TWEETS = "data/tweets.csv"
THREADS = "data/threads.csv"
# The tweets table's last column: what a row that lost its last cell, or a header its last label, lacks.
LAST = contract.table("tweets").field_names[-1]
# Where ingest stored the seed capture: a name made from its SHA-256.
RAW = f"data/raw/{hashlib.sha256(SEED.read_bytes()).hexdigest()[:16]}.txt"
# The schema layer's types: the ones frictionless reports too.
FRICTIONLESS_TYPES = {
    "type-error", "constraint-error", "missing-cell", "extra-cell", "blank-row", "primary-key",
    "foreign-key", "unique-error", "encoding-error", "scheme-error", "incorrect-label",
    "missing-label", "extra-label", "blank-label", "duplicate-label", "hash-count", "byte-count",
    "source-error",
}  # fmt: skip


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)


def set_cell(table: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """Set one cell; ``row`` is the frictionless row number (the header is row 1)."""

    def apply(root: Path) -> None:
        rows = read_rows(root / table)
        rows[row - 1][rows[0].index(column)] = value
        write_rows(root / table, rows)

    return apply


def edit_rows(table: str, change: Callable[[list[list[str]]], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        rows = read_rows(root / table)
        change(rows)
        write_rows(root / table, rows)

    return apply


def edit_bytes(relative: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / relative
        data = path.read_bytes()
        assert old in data, (relative, old)
        path.write_bytes(data.replace(old, new, 1))

    return apply


def edit_json(relative: str, change: Callable[[Any], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / relative
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return apply


def resource(name: str) -> Callable[[dict], dict]:
    return lambda descriptor: next(r for r in descriptor["resources"] if r["name"] == name)


@dataclass(frozen=True)
class Fault:
    id: str
    apply: Callable[[Path], None]
    type: str
    where: dict[str, Any]
    severity: str = "error"


FAULTS = [
    # tweets.csv
    Fault("wrong-type", set_cell(TWEETS, 3, "position", "two"), "type-error",
          {"path": TWEETS, "row": 3, "field": "position"}),
    Fault("blank-required", set_cell(TWEETS, 4, "text", ""), "constraint-error",
          {"path": TWEETS, "row": 4, "field": "text"}),
    Fault("blank-thread-id", set_cell(TWEETS, 5, "thread_id", ""), "constraint-error",
          {"path": TWEETS, "row": 5, "field": "thread_id"}),
    Fault("duplicate-position", set_cell(TWEETS, 4, "position", "2"), "primary-key",
          {"path": TWEETS, "row": 4}),
    Fault("missing-position", edit_rows(TWEETS, lambda rows: rows.pop(5)), "position-gap",
          {"path": TWEETS, "thread_id": SEED_ID, "position": 5}),
    Fault("count-mismatch-after-deletion", edit_rows(TWEETS, lambda rows: rows.pop()), "tweet-count-mismatch",
          {"path": THREADS, "row": 2, "field": "tweet_count", "thread_id": SEED_ID}),
    Fault("unknown-thread", set_cell(TWEETS, 6, "thread_id", "no-such-thread"), "foreign-key",
          {"path": TWEETS, "row": 6}),
    Fault("missing-cell", edit_rows(TWEETS, lambda rows: rows[2].pop()), "missing-cell",
          {"path": TWEETS, "row": 3, "field": LAST}),
    Fault("extra-cell", edit_rows(TWEETS, lambda rows: rows[2].append("x")), "extra-cell",
          {"path": TWEETS, "row": 3, "field": ""}),
    Fault("blank-row", edit_rows(TWEETS, lambda rows: rows.insert(3, [""] * len(rows[0]))), "blank-row",
          {"path": TWEETS, "row": 4}),
    Fault("bad-marker", set_cell(TWEETS, 7, "marker", "six"), "constraint-error",
          {"path": TWEETS, "row": 7, "field": "marker"}),
    Fault("bad-tweet-id", set_cell(TWEETS, 2, "tweet_id", "12ab"), "constraint-error",
          {"path": TWEETS, "row": 2, "field": "tweet_id"}),
    Fault("position-zero", set_cell(TWEETS, 2, "position", "0"), "constraint-error",
          {"path": TWEETS, "row": 2, "field": "position"}),
    Fault("empty-file", lambda root: (root / TWEETS).write_text(""), "source-error", {"path": TWEETS}),
    Fault("header-only", edit_rows(TWEETS, lambda rows: rows.__delitem__(slice(1, None))), "thread-without-tweets",
          {"path": THREADS, "row": 2, "thread_id": SEED_ID}),
    Fault("not-utf8", edit_bytes(TWEETS, "’".encode(), b"\x92"), "encoding-error",
          {"path": TWEETS, "line": 4}),
    Fault("wrong-label", edit_bytes(TWEETS, b"thread_id,position,", b"thread_id,pos,"), "incorrect-label",
          {"path": TWEETS, "field": "position"}),
    Fault("missing-label", edit_bytes(TWEETS, f",{LAST}\n".encode(), b"\n"), "missing-label",
          {"path": TWEETS, "field": LAST}),
    Fault("impossible-datetime", set_cell(TWEETS, 3, "created_at", "2025-02-30T10:00:00Z"), "type-error",
          {"path": TWEETS, "row": 3, "field": "created_at"}),
    Fault("date-for-datetime", set_cell(TWEETS, 4, "created_at", "2025-11-05"), "type-error",
          {"path": TWEETS, "row": 4, "field": "created_at"}),
    Fault("datetime-with-offset-and-space", set_cell(TWEETS, 5, "created_at", "2025-11-05 13:02:11+01:00"),
          "table-capture-mismatch", {"path": TWEETS, "row": 5, "field": "created_at"}),
    Fault("bad-lang", set_cell(TWEETS, 6, "lang", "English"), "constraint-error",
          {"path": TWEETS, "row": 6, "field": "lang"}),
    Fault("bad-author-id", set_cell(THREADS, 2, "author_id", "@kofman"), "constraint-error",
          {"path": THREADS, "row": 2, "field": "author_id"}),
    Fault("marker-disagrees", set_cell(TWEETS, 5, "marker", "5/"), "marker-position-mismatch",
          {"path": TWEETS, "row": 5, "thread_id": SEED_ID, "position": 4}, "warning"),
    Fault("text-edited", edit_bytes(TWEETS, b"A few thoughts", b"Some thoughts"), "table-capture-mismatch",
          {"path": TWEETS, "row": 2, "field": "text", "thread_id": SEED_ID}),
    Fault("multi-line-row-number", edit_bytes(TWEETS, b"A few thoughts", b"A few\nthoughts"),
          "table-capture-mismatch", {"path": TWEETS, "row": 2, "line": 2, "field": "text"}),
    # threads.csv
    Fault("count-not-integer", set_cell(THREADS, 2, "tweet_count", "13.5"), "type-error",
          {"path": THREADS, "row": 2, "field": "tweet_count"}),
    Fault("count-mismatch", set_cell(THREADS, 2, "tweet_count", "14"), "tweet-count-mismatch",
          {"path": THREADS, "row": 2, "field": "tweet_count"}),
    Fault("impossible-date", set_cell(THREADS, 2, "published_date", "2025-02-30"), "type-error",
          {"path": THREADS, "row": 2, "field": "published_date"}),
    Fault("date-before-twitter", set_cell(THREADS, 2, "published_date", "1999-12-31"), "date-out-of-range",
          {"path": THREADS, "row": 2, "field": "published_date"}),
    Fault("blank-author", set_cell(THREADS, 2, "author_name", ""), "constraint-error",
          {"path": THREADS, "row": 2, "field": "author_name"}),
    Fault("white-space-author", set_cell(THREADS, 2, "author_name", "   "), "author-name-blank",
          {"path": THREADS, "row": 2, "field": "author_name"}),
    Fault("bad-hash-text", set_cell(THREADS, 2, "capture_sha256", "XYZ"), "constraint-error",
          {"path": THREADS, "row": 2, "field": "capture_sha256"}),
    Fault("bad-enum", set_cell(THREADS, 2, "source_format", "html"), "constraint-error",
          {"path": THREADS, "row": 2, "field": "source_format"}),
    Fault("bad-handle", set_cell(THREADS, 2, "author_handle", "@not valid"), "constraint-error",
          {"path": THREADS, "row": 2, "field": "author_handle"}),
    Fault("duplicate-thread", edit_rows(THREADS, lambda rows: rows.append(rows[1])), "unique-error",
          {"path": THREADS, "row": 3, "field": "thread_id"}),
    Fault("thread-without-tweets",
          edit_rows(THREADS, lambda rows: rows.append([c if i else "lonely-thread" for i, c in enumerate(rows[1])])),
          "thread-without-tweets", {"path": THREADS, "row": 3, "thread_id": "lonely-thread"}),
    # raw captures and metadata
    Fault("capture-byte-changed", edit_bytes(RAW, b"Pokrovsk", b"Pokrovsc"),
          "capture-hash-mismatch", {"path": RAW, "thread_id": SEED_ID}),
    Fault("capture-missing", lambda root: (root / RAW).unlink(),
          "capture-missing", {"path": RAW, "thread_id": SEED_ID}),
    Fault("capture-stray", lambda root: (root / "data/raw/stray.txt").write_text("x"), "capture-unreferenced",
          {"path": "data/raw/stray.txt"}, "warning"),
    Fault("metadata-broken", lambda root: (root / f"data/meta/{SEED_ID}.yaml").write_text("[unclosed"),
          "metadata-error", {"path": f"data/meta/{SEED_ID}.yaml"}),
    # descriptor and schemas
    Fault("missing-data-file", edit_json("datapackage.json", lambda d: resource("tweets")(d).update(path="data/x.csv")),
          "scheme-error", {"path": "data/x.csv"}),
    Fault("broken-schema", edit_bytes("schemas/tweets.schema.json", b'"type": "integer"', b'"type": "intger"'),
          "schema-error", {"path": "schemas/tweets.schema.json"}),
    Fault("missing-resource", edit_json("datapackage.json", lambda d: d["resources"].pop(1)), "package-error",
          {"path": "datapackage.json"}),
    Fault("descriptor-edited", edit_json("datapackage.json", lambda d: d.update(title="Edited by hand")),
          "generated-file-stale", {"path": "datapackage.json"}),
    Fault("schema-edited", edit_bytes("schemas/tweets.schema.json", b'"minimum": 1', b'"minimum": 0'),
          "generated-file-stale", {"path": "schemas/tweets.schema.json"}),
    Fault("unsafe-capture-path", edit_bytes(f"data/meta/{SEED_ID}.yaml", RAW.removeprefix("data/raw/").encode(),
          b"../../../../../../etc/passwd"), "metadata-error", {"path": f"data/meta/{SEED_ID}.yaml"}),
    Fault("wrong-declared-hash", edit_json("datapackage.json", lambda d: resource("tweets")(d).update(hash="sha256:" + "0" * 64)),
          "hash-count", {"path": TWEETS}),
    Fault("wrong-declared-bytes", edit_json("datapackage.json", lambda d: resource("threads")(d).update(bytes=1)),
          "byte-count", {"path": THREADS}),
]  # fmt: skip


def test_the_corpus_has_at_least_30_distinct_faults() -> None:
    assert len({fault.id for fault in FAULTS}) == len(FAULTS) >= 30


def test_the_valid_archive_reports_no_error(archive: Path) -> None:
    report = validate(archive)
    assert report.valid
    assert report.errors == []
    # The seed's "/12" among "N/" markers: an anomaly reported, not an error.
    [warning] = report.warnings
    assert (warning.type, warning.row, warning.position, warning.field) == (
        "marker-style-mismatch",
        13,
        12,
        "marker",
    )


@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_fault_is_reported_with_type_and_location(archive: Path, fault: Fault) -> None:
    fault.apply(archive)
    report = validate(archive)
    matching = [
        f
        for f in report.findings
        if f.type == fault.type and all(getattr(f, key) == value for key, value in fault.where.items())
    ]
    assert matching, [f.to_dict() for f in report.findings]
    assert {f.severity for f in matching} == {fault.severity}
    if fault.severity == "error":
        assert not report.valid
    assert all(f.message.startswith("expected") or f.type.endswith("error") for f in matching)


@pytest.mark.parametrize("fault", [f for f in FAULTS if f.type in FRICTIONLESS_TYPES], ids=lambda f: f.id)
def test_every_engine_finds_what_frictionless_finds(archive: Path, fault: Fault) -> None:
    fault.apply(archive)

    def schema_layer(engine: str) -> list[tuple[str, int | None, str | None]]:
        findings = validate(archive, engine=engine).findings
        return sorted(
            ((f.type, f.row, f.field or None) for f in findings if f.type in FRICTIONLESS_TYPES),
            key=repr,
        )

    expected = schema_layer("frictionless")
    assert schema_layer("fast") == expected
    assert schema_layer("duckdb") == expected


@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_duckdb_finds_what_the_fast_engine_finds(archive: Path, fault: Fault) -> None:
    """Every finding of every layer, with its place, message and severity: the SQL engine
    gives today's engine's report on each fault."""
    fault.apply(archive)

    def found(engine: str) -> list[dict[str, Any]]:
        return sorted((f.to_dict() for f in validate(archive, engine=engine).findings), key=repr)

    assert found("duckdb") == found("fast")


def test_known_gap_is_a_warning_not_an_error(empty_archive: Path, tmp_path: Path) -> None:
    from threadarchive.archive.ingest import Source
    from threadarchive.archive.metadata import Curation
    from threadarchive.archive.store import Store

    from .conftest import write_capture

    capture = write_capture(tmp_path / "gap.txt", ["One 1/", "Two 2/", "Four 4/"], declared=4)
    with pytest.raises(InputError, match=r"found tweet-count-mismatch .* known_gaps=WHY"):
        ingest(Store(empty_archive), [Source(capture)])  # an error, unexplained: refused

    ingest(Store(empty_archive), [Source(capture, Curation(known_gaps="tweet 3 was deleted before capture"))])
    explained = validate(empty_archive)
    [finding] = [f for f in explained.findings if f.type == "tweet-count-mismatch"]
    assert finding.severity == "warning"
    assert "tweet 3 was deleted" in finding.message
    assert explained.valid
    assert not explained.passes(strict=True)


def test_unreadable_descriptor_raises_package_error(archive: Path) -> None:
    (archive / "datapackage.json").write_text("{ not json")
    with pytest.raises(PackageError, match=r"datapackage.json, line 1, column 3: expected valid JSON"):
        validate(archive)
    with pytest.raises(PackageError, match="no such file or folder"):
        validate(archive / "nowhere")


def test_row_numbers_survive_rows_with_wrong_cell_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows the CSV reader skips are numbered right, across many small batches."""
    from threadarchive.validation.schema import reading

    monkeypatch.setattr(reading, "BLOCK_SIZE", 1 << 12)
    root = tmp_path / "pkg"
    rows = [["a", "b"]] + [[str(i), f"text {i}\nline two"] for i in range(1, 2001)]
    rows[500] = ["5000"]
    rows[1500] = ["1", "2", "3"]
    rows[1800][0] = "not an integer"
    (root / "data").mkdir(parents=True)
    write_rows(root / "data/t.csv", rows)
    schema = {
        "fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}],
        "primaryKey": ["a"],
    }
    descriptor = {"name": "t", "resources": [{"name": "t", "path": "data/t.csv", "schema": schema}]}
    (root / "datapackage.json").write_text(json.dumps(descriptor))

    def located(engine: str) -> list[tuple[str, int | None, str | None]]:
        report = validate(root, engine=engine)
        return sorted(
            (f.type, f.row, f.field or None) for f in report.findings if f.type in FRICTIONLESS_TYPES
        )

    expected = [
        ("extra-cell", 1501, None),
        ("missing-cell", 501, "b"),
        ("primary-key", 1501, None),  # its "1" repeats row 2's key
        ("primary-key", 1801, None),  # a key that is not an integer is an empty key
        ("type-error", 1801, "a"),
    ]
    assert located("duckdb") == expected
    assert located("fast") == expected
    assert located("frictionless") == expected


def test_descriptor_check_is_cached_and_gives_the_same_findings(archive: Path) -> None:
    import os

    schema = archive / "schemas/tweets.schema.json"
    schema.write_text(schema.read_text().replace('"type": "integer"', '"type": "intger"'))
    cache = Path(os.environ["THREADARCHIVE_CACHE"])
    before = set(cache.rglob("*.json"))
    first = validate(archive)
    assert len(set(cache.rglob("*.json")) - before) == 1
    second = validate(archive)
    assert [f.to_dict() for f in second.findings] == [f.to_dict() for f in first.findings]
    assert any(f.type == "schema-error" for f in second.findings)
    schema.write_text(schema.read_text().replace('"type": "intger"', '"type": "integer"'))
    assert not any(f.type == "schema-error" for f in validate(archive).findings)  # a new key


def test_descriptor_check_cache_is_keyed_by_the_frictionless_version(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.metadata
    import os

    validate(archive)
    cache = Path(os.environ["THREADARCHIVE_CACHE"]) / "descriptor-checks"
    before = set(cache.iterdir())
    validate(archive)
    assert set(cache.iterdir()) == before  # the same frictionless: the same key
    real = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata, "version", lambda name: "99.0" if name == "frictionless" else real(name)
    )
    validate(archive)
    assert len(set(cache.iterdir()) - before) == 1  # another version is checked again


def test_progress_is_reported_in_bytes_read(archive: Path) -> None:
    read: list[int] = []
    validate(archive, progress=read.append)
    data = sum((archive / name).stat().st_size for name in (TWEETS, THREADS))
    assert read and 0 < sum(read) <= 2 * data


def test_validating_imports_neither_pandas_nor_frictionless_once_cached(archive: Path) -> None:
    """Both cost start-up time and memory a validation does not need (BENCHMARKS.md)."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from threadarchive.archive.checks import validate; "
        f"validate({str(archive)!r}); print(sorted({{'pandas', 'frictionless'}} & set(sys.modules)))"
    )
    env = {**os.environ, "THREADARCHIVE_CACHE": str(archive.parent / "fresh-cache")}  # ingest's is warm
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout.strip() == "['frictionless']"  # the descriptor's first check
    assert runs[1].stdout.strip() == "[]"


def test_a_broken_archive_yaml_hides_no_capture_finding(archive: Path) -> None:
    (archive / "archive.yaml").write_text("name: [unclosed\n")
    edit_bytes(RAW, b"Pokrovsk", b"Pokrovsc")(archive)
    report = validate(archive)
    found = {(f.type, f.path) for f in report.errors}
    assert ("metadata-error", "archive.yaml") in found
    assert ("capture-hash-mismatch", RAW) in found


@pytest.mark.parametrize(
    ("text", "line", "found"),
    [("name: x\n: [unclosed\n", 2, "but found ':'"), ("name: x\0\n", 1, "the character U+0000")],
    ids=["syntax", "nul"],
)
def test_a_broken_archive_yaml_is_one_finding_located_once(
    archive: Path, text: str, line: int, found: str
) -> None:
    (archive / "archive.yaml").write_text(text)
    [error] = [f for f in validate(archive).errors if f.type == "metadata-error"]
    assert (error.path, error.line) == ("archive.yaml", line)
    # the finding's location is printed before its message: the message does not say it again
    assert "archive.yaml" not in error.message and "line" not in error.message
    assert found in error.message
    assert "\n" not in error.message and "  " not in error.message
