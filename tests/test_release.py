from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadarchive import (
    BumpTooSmallError,
    ConflictError,
    InputError,
    PackageError,
    ValidationFailed,
    contract,
)
from threadarchive.archive.checks import validate
from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.metadata import Curation
from threadarchive.archive.store import Store
from threadarchive.archive.tables import to_csv
from threadarchive.release import bundles, fixity, parquet
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases
from threadarchive.release import reproduce as reproducing

from .conftest import SEED, SEED_ID, write_capture

DAY = dt.date(2026, 11, 25)


def publish(root: Path, *, created: dt.date = DAY, **how: str) -> Path:
    return releases.publish(root, planning.plan(root, created=created, **how))


def add_thread(root: Path, folder: Path, name: str = "b.txt") -> None:
    ingest(Store(root), [Source(write_capture(folder / name, ["Another 1/", "thread 2/"]))])


TWEETS_SCHEMA = contract.table("tweets").schema


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def csv_values(path: Path, schema: dict) -> list[dict]:
    kinds = {f["name"]: f["type"] for f in schema["fields"]}
    cast = {
        "integer": int,
        "date": dt.date.fromisoformat,
        "string": str,
        "datetime": lambda v: dt.datetime.fromisoformat(v.replace("Z", "+00:00")),
    }
    with path.open(encoding="utf-8", newline="") as stream:
        return [
            {k: None if v == "" else cast[kinds[k]](v) for k, v in row.items()}
            for row in csv.DictReader(stream)
        ]


def test_first_release_has_every_file_and_is_valid_for_frictionless(archive: Path) -> None:
    import frictionless

    path = publish(archive, bump="minor")
    assert path == archive / "releases/1.0.0"
    names = sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())
    tables = contract.table_names()
    data = sorted(f"data/{t}.{fmt}" for t in tables for fmt in ("csv", "parquet"))
    ids = sorted(f"ids/data/{t.name}.{fmt}" for t in contract.tables() if t.ids for fmt in ("csv", "parquet"))
    documents = [".zenodo.json", "CITATION.cff", "LICENSE.md", "README.md", "SHA256SUMS", "croissant.json"]
    package = [*documents, *data, "datapackage.json", *ids, "ids/datapackage.json"]
    assert names == [*package, *(f"public/{name}" for name in package)]
    report = frictionless.validate(str(path / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    assert {task.name for task in report.tasks} == {*tables, *(f"{t}-parquet" for t in tables)}
    descriptor = json.loads((path / "datapackage.json").read_text())
    assert (descriptor["version"], descriptor["created"]) == ("1.0.0", "2026-11-25T00:00:00Z")
    assert {"licenses", "sources", "contributors"} <= set(descriptor)
    for resource in descriptor["resources"]:
        data = (path / resource["path"]).read_bytes()
        assert resource.get("bytes", resource.get("x-bytes")) == len(data)
        assert resource["hash"] == "sha256:" + __import__("hashlib").sha256(data).hexdigest()
    assert (path / "data/tweets.csv").read_bytes() == (archive / "data/tweets.csv").read_bytes()
    cff = yaml.safe_load((path / "CITATION.cff").read_text())
    assert (cff["type"], cff["version"], cff["date-released"]) == ("dataset", "1.0.0", "2026-11-25")
    card = (path / "README.md").read_text()
    assert "threads 1; tweets 13" in card and 'load_tweets(version="1.0.0")' in card
    assert fixity.verify(path).valid
    assert validate(path).valid


def test_csv_and_parquet_hold_the_same_rows_and_values(archive: Path) -> None:
    path = publish(archive, bump="minor")
    descriptor = json.loads((path / "datapackage.json").read_text())
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}
    for table in contract.table_names():
        parquet = pq.read_table(path / f"data/{table}.parquet")
        assert parquet.to_pylist() == csv_values(path / f"data/{table}.csv", schemas[table])
    types = {f.name: str(f.type) for f in pq.read_schema(path / "data/threads.parquet")}
    assert (types["published_date"], types["tweet_count"], types["thread_id"]) == (
        "date32[day]",
        "int64",
        "string",
    )


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40).filter(
    lambda t: t.strip() and "\r" not in t
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            _TEXT | st.just("line one\nline two\n\nthree"),
            st.none() | st.just("3/"),
            st.none() | st.from_regex(r"[0-9]{1,19}", fullmatch=True),
            st.none() | st.datetimes(dt.datetime(2006, 3, 21), dt.datetime(2030, 1, 1)),
            st.none() | st.sampled_from(["en", "uk", "und", "zh-Hant"]),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_parquet_round_trips_unicode_multiline_and_nulls(tmp_path: Path, rows: list) -> None:
    schema = TWEETS_SCHEMA
    records = [
        {"thread_id": "t", "position": i, "marker": marker, "text": text, "tweet_id": tweet_id,
         "created_at": when and when.replace(microsecond=0, tzinfo=dt.UTC), "lang": lang, "text_capture": None}
        for i, (text, marker, tweet_id, when, lang) in enumerate(rows, start=1)
    ]  # fmt: skip
    source = tmp_path / "tweets.csv"  # in the form readers write
    as_text = [
        {**r, "created_at": r["created_at"] and r["created_at"].strftime("%Y-%m-%dT%H:%M:%SZ")}
        for r in records
    ]
    source.write_bytes(to_csv([f["name"] for f in schema["fields"]], as_text))
    out = tmp_path / "tweets.parquet"
    assert parquet.write_parquet(source, schema, out) == len(records)
    assert pq.read_table(out).to_pylist() == records == csv_values(source, schema)


def test_parquet_bytes_do_not_depend_on_read_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = TWEETS_SCHEMA
    records = [
        {
            "thread_id": "t",
            "position": i,
            "marker": f"{i}/",
            "text": "x" * 50,
            "tweet_id": None,
            "created_at": f"2025-11-05T13:{i % 60:02d}:00Z",
            "lang": "en",
            "text_capture": None,
        }
        for i in range(1, 3001)
    ]
    source = tmp_path / "tweets.csv"
    source.write_bytes(to_csv([f["name"] for f in schema["fields"]], records))
    monkeypatch.setattr(parquet, "ROW_GROUP_ROWS", 1000)
    parquet.write_parquet(source, schema, tmp_path / "a.parquet")
    monkeypatch.setattr(parquet, "CSV_BLOCK_SIZE", 4096)
    parquet.write_parquet(source, schema, tmp_path / "b.parquet")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    assert pq.ParquetFile(tmp_path / "a.parquet").metadata.num_row_groups == 3


def test_rebuilding_a_release_gives_identical_bytes(archive: Path, tmp_path: Path) -> None:
    publish(archive, bump="minor")
    assert reproducing.reproduce(archive, "1.0.0").differing == []
    add_thread(archive, tmp_path)
    assert reproducing.reproduce(archive, "1.0.0").differing == [
        "README.md", "SHA256SUMS", "croissant.json", "data/captures.csv", "data/captures.parquet", "data/threads.csv",
        "data/threads.parquet", "data/tweets.csv", "data/tweets.parquet", "datapackage.json",
        "ids/data/threads.csv", "ids/data/threads.parquet", "ids/data/tweets.csv", "ids/data/tweets.parquet",
        "ids/datapackage.json", "public/README.md", "public/SHA256SUMS", "public/datapackage.json",
        "public/ids/data/threads.csv", "public/ids/data/threads.parquet", "public/ids/data/tweets.csv",
        "public/ids/data/tweets.parquet", "public/ids/datapackage.json",
    ]  # fmt: skip


def test_an_existing_release_is_never_overwritten(archive: Path, tmp_path: Path) -> None:
    publish(archive, bump="minor")
    add_thread(archive, tmp_path)
    before = snapshot(archive / "releases")
    with pytest.raises(ConflictError, match=r"release 1\.0\.0 exists already"):
        planning.plan(archive, version="1.0.0", created=DAY)
    (archive / "releases/1.1.0").mkdir()
    with pytest.raises(ConflictError, match=r"1\.1\.0: release 1\.1\.0 exists already"):
        planning.plan(archive, bump="minor", created=DAY)
    (archive / "releases/1.1.0").rmdir()
    assert snapshot(archive / "releases") == before


def test_an_interrupted_release_leaves_nothing_behind(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(archive, bump="minor")
    add_thread(archive, tmp_path)
    before = snapshot(archive / "releases")
    changelog = (archive / "CHANGELOG.md").read_bytes() if (archive / "CHANGELOG.md").exists() else None

    def crash(*args: object) -> None:
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C halfway through

    monkeypatch.setattr(releases, "write_checksums", crash)
    with pytest.raises(KeyboardInterrupt):
        publish(archive, bump="minor")
    assert snapshot(archive / "releases") == before
    assert sorted(p.name for p in (archive / "releases").iterdir()) == ["1.0.0", "index.json"]
    after = (archive / "CHANGELOG.md").read_bytes() if (archive / "CHANGELOG.md").exists() else None
    assert after == changelog


def test_invalid_data_is_refused(archive: Path) -> None:
    tweets = archive / "data/tweets.csv"
    tweets.write_text(
        tweets.read_text(encoding="utf-8").replace(f"{SEED_ID},3,", f"{SEED_ID},x,"), encoding="utf-8"
    )
    with pytest.raises(ValidationFailed, match="fix them before releasing"):
        publish(archive, bump="minor")
    assert not (archive / "releases/1.0.0").exists()


def test_first_release_is_1_0_0(archive: Path) -> None:
    with pytest.raises(InputError, match=r"expected the first release to be 1\.0\.0, found 0\.1\.0"):
        planning.plan(archive, version="0.1.0", created=DAY)
    with pytest.raises(InputError, match=r"expected one of bump=LEVEL or version='X\.Y\.Z', found neither"):
        planning.plan(archive, created=DAY)


def test_semver_from_the_diff(archive: Path, tmp_path: Path) -> None:
    publish(archive, bump="minor")
    with pytest.raises(InputError, match="found none: nothing to release"):
        planning.plan(archive, bump="patch", created=DAY)

    # A new thread is a minor change: a patch is refused with the reason.
    add_thread(archive, tmp_path)
    with pytest.raises(
        BumpTooSmallError, match=r"added threads \(1 row\(s\): test-author-2024-03-04-.*\) needs minor"
    ):
        planning.plan(archive, bump="patch", created=DAY)
    with pytest.raises(BumpTooSmallError, match="use bump='minor'"):
        planning.plan(archive, version="1.0.1", created=DAY)
    assert publish(archive, bump="minor").name == "1.1.0"

    # A metadata correction is a patch.
    ingest(Store(archive), [Source(SEED, Curation(source_url="https://threadreaderapp.com/thread/1"))])
    plan = planning.plan(archive, bump="patch", created=DAY)
    assert (str(plan.version), plan.diff.required) == ("1.1.1", "patch")
    assert [c.detail for c in plan.diff.changes] == [f"{SEED_ID}: source_url"]
    releases.publish(archive, plan)

    # Removing a thread is major.
    removed = next(p for p in (archive / "data/meta").glob("test-author-*.yaml"))
    removed.unlink()
    Store(archive).rebuild()
    with pytest.raises(BumpTooSmallError, match=r"removed threads .* needs major"):
        planning.plan(archive, bump="minor", created=DAY)
    assert planning.plan(archive, bump="major", created=DAY).version.major == 2


def test_a_schema_change_is_major(archive: Path) -> None:
    publish(archive, bump="minor")
    schema_path = archive / "schemas/tweets.schema.json"
    schema = json.loads(schema_path.read_text())
    schema["fields"][4]["constraints"]["pattern"] = "[0-9]{1,19}"
    schema_path.write_text(json.dumps(schema))
    with pytest.raises(BumpTooSmallError, match=r"schema tweets \(field changed: tweet_id\) needs major"):
        planning.plan(archive, bump="minor", created=DAY)
    assert str(planning.plan(archive, bump="major", created=DAY).version) == "2.0.0"


def _field(name: str, **constraints: object) -> dict:
    return {"name": name, "type": "string", "constraints": dict(constraints)}


@pytest.mark.parametrize(
    ("new_fields", "level", "detail"),
    [
        ([_field("a"), _field("b", enum=["x"]), _field("c")], "minor", "nullable field added: c"),
        ([_field("a"), _field("b", enum=["x"]), _field("c", required=True)], "major", "field added as required: c"),
        ([_field("c"), _field("a"), _field("b", enum=["x"])], "major", "field added among the existing ones: c"),
        ([_field("a"), _field("b", enum=["x", "y"])], "minor", "field changed: b (enum widened)"),
        ([_field("a"), _field("b", enum=["y"])], "major", "field changed: b"),
        ([_field("a")], "major", "fields removed: b"),
        ([_field("b", enum=["x"]), _field("a")], "major", "fields reordered"),
        ([_field("a", required=True), _field("b", enum=["x"])], "major", "field changed: a"),
        ([{**_field("a"), "description": "prose"}, _field("b", enum=["x"])], None, None),
    ],
    ids=["nullable-appended", "required-added", "inserted", "enum-widened", "enum-changed", "removed",
         "reordered", "made-required", "prose-only"],
)  # fmt: skip
def test_schema_changes_are_classified(new_fields: list, level: str | None, detail: str | None) -> None:
    from threadarchive.release.versioning import schema_changes

    old = {"fields": [_field("a"), _field("b", enum=["x"])], "primaryKey": ["a"]}
    changes = schema_changes("t", old, {**old, "fields": new_fields})
    if level is None:
        assert changes == []
    else:
        assert (level, detail) in [(c.level, c.detail) for c in changes]
        assert max(["patch", "minor", "major"].index(c.level) for c in changes) == [
            "patch",
            "minor",
            "major",
        ].index(level)


def test_changelog_gets_the_release_section(archive: Path, tmp_path: Path) -> None:
    (archive / "CHANGELOG.md").write_text(
        "# Changelog\n\n## [Unreleased]\n\n- tool changes\n", encoding="utf-8"
    )
    plan = planning.plan(archive, bump="minor", created=DAY)
    releases.publish(archive, plan, note="The seed thread.")
    add_thread(archive, tmp_path)
    publish(archive, bump="minor")
    text = (archive / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (
        text.index("## [Unreleased]") < text.index("## Data 1.1.0 - 2026-11-25") < text.index("## Data 1.0.0")
    )
    section = text[text.index("## Data 1.0.0") :]
    assert "The seed thread." in section
    assert "The first release." in section
    assert "### Added\n- threads: 1 row(s) (first release)\n- tweets: 13 row(s) (first release)\n" in section


def test_verify_names_each_failing_file(archive: Path) -> None:
    path = publish(archive, bump="minor")
    (path / "data/tweets.parquet").write_bytes(b"tampered")
    (path / "notes.txt").write_text("not in the manifest")
    (path / "CITATION.cff").unlink()
    report = fixity.verify(path)
    assert not report.valid
    assert sorted((f.type, f.path) for f in report.errors) == [
        ("file-missing", "CITATION.cff"),
        ("file-unlisted", "notes.txt"),
        ("hash-mismatch", "data/tweets.parquet"),  # once, though both manifests disagree
    ]


def test_verify_a_zip(archive: Path) -> None:
    path = publish(archive, bump="minor")
    zipped = bundles.make_zip(path, archive / "dist/release.zip")
    assert fixity.verify(zipped).valid
    again = bundles.make_zip(path, archive / "dist/again.zip")
    assert zipped.read_bytes() == again.read_bytes()  # the same bytes every time
    tampered = archive / "dist/tampered.zip"
    with zipfile.ZipFile(zipped) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(
                info, data.replace(b"Pokrovsk", b"Pokrovsc") if info.filename.endswith(".csv") else data
            )
    report = fixity.verify(tampered)
    assert {(f.type, f.path) for f in report.errors} >= {("hash-mismatch", "data/tweets.csv")}
    with pytest.raises(PackageError, match="no such release folder or zip"):
        fixity.verify(archive / "nothing.zip")
    not_zip = archive / "x.zip"
    not_zip.write_text("hello")
    with pytest.raises(PackageError, match="expected a release folder or a zip"):
        fixity.verify(not_zip)


def test_release_folder_validates_parquet_hash(archive: Path) -> None:
    path = publish(archive, bump="minor")
    parquet = path / "data/threads.parquet"
    table = pq.read_table(parquet)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="snappy")  # same rows, other bytes
    parquet.write_bytes(buffer.getvalue())
    report = validate(path)
    assert sorted((f.type, f.path) for f in report.errors) == [
        ("byte-count", "data/threads.parquet"),
        ("hash-count", "data/threads.parquet"),
    ]
    parquet.write_bytes(parquet.read_bytes() + b"x")  # now unreadable as Parquet too
    found = {f.type for f in validate(path).errors}
    assert {"encoding-error", "hash-count", "byte-count"} <= found


def test_parquet_from_the_validating_pass_equals_parquet_from_the_csv(archive: Path, tmp_path: Path) -> None:
    """The two ways a release's Parquet is written (while validating, or from the CSV
    when frictionless had to check the tables) give the same bytes."""
    path = publish(archive, bump="minor")
    schema = json.loads((path / "datapackage.json").read_text())["resources"][2]["schema"]
    parquet.write_parquet(path / "data/tweets.csv", schema, tmp_path / "tweets.parquet")
    assert (tmp_path / "tweets.parquet").read_bytes() == (path / "data/tweets.parquet").read_bytes()


def test_the_first_release_says_a_table_without_rows_is_added_with_none(archive: Path) -> None:
    changes = planning.plan(archive, bump="minor", created=DAY).diff.changes
    by_table = {c.table: c for c in changes}
    assert (by_table["threads"].kind, by_table["threads"].detail) == ("added", "every row (first release)")
    withdrawals = by_table["withdrawals"]  # a new archive has withdrawn nothing
    assert (withdrawals.level, withdrawals.kind, withdrawals.count) == ("minor", "added", 0)
    assert "every row" not in withdrawals.detail and "no rows" in withdrawals.detail


def test_a_cut_or_corrupt_release_zip_is_named_once_where_it_is_opened(tmp_path: Path) -> None:
    import threadarchive
    from threadarchive.errors import UnsafeZipError

    cut = tmp_path / "release.zip"
    cut.write_bytes(b"PK\x03\x04" + bytes(100))  # a zip's first bytes, no end record
    with pytest.raises(UnsafeZipError) as opened, fixity.open_release(cut):
        pass
    assert opened.value.path == str(cut)
    assert str(opened.value).startswith(f"{cut}: expected a zip, found no end record")
    for call in (lambda: threadarchive.verify(cut), lambda: threadarchive.load_threads(source=cut)):
        with pytest.raises(UnsafeZipError) as raised:
            call()
        assert str(raised.value).startswith(f"{cut}: ") and str(raised.value).count(str(cut)) == 1

    repeated = tmp_path / "repeated.zip"  # read as it is opened: a member's error names the zip too
    with zipfile.ZipFile(repeated, "w") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("datapackage.json", "{}")
        archive.writestr("datapackage.json", "{}")
    with pytest.raises(UnsafeZipError) as member, fixity.open_release(repeated) as files:
        files.read_small("datapackage.json")
    assert str(member.value).startswith(f"{repeated}: datapackage.json: expected one member")
