"""Large tables as Hive-partitioned Parquet, and lazy, partial, verified loading.

The archive here sets ``partition_rows: 3`` in its archive.yaml, so that four small
threads (March 2024, two in May 2024, January 2025) make partitioned tables.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import threadarchive
from threadarchive.access.verified import open_verified
from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.metadata import Curation
from threadarchive.archive.scaffold import init
from threadarchive.archive.settings import DEFAULT_PARTITION_ROWS, Settings
from threadarchive.archive.store import Store
from threadarchive.contract.versions import Version
from threadarchive.errors import FixityError, InputError, PackageError
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases
from threadarchive.release.fixity import verify

DATES = ["Mar 4, 2024", "May 10, 2024", "May 20, 2024", "Jan 2, 2025"]
MAY = "data/tweets/year=2024/month=05/part-0.parquet"
TWEET_FILES = [
    "data/tweets/year=2024/month=03/part-0.parquet",
    MAY,
    "data/tweets/year=2025/month=01/part-0.parquet",
]


def _capture(path: Path, date: str, tweets: list[str]) -> Path:
    body = "\n\n".join(tweets)
    text = (
        f"Author {path.stem} Profile picture\nA bio.\n\n{date}, {len(tweets)} tweets\n\n{body}\n\n"
        "Share this Scrolly Tale with your friends.\n\nKeep scrolling"
    )
    path.write_text(text, encoding="utf-8")
    return path


def _archive(folder: Path, partition_rows: int, *, tweets: int = 3, words: str = "") -> Path:
    """An archive of a thread of ``tweets`` tweets (each ending in ``words``) a date of
    DATES, released as 1.0.0 with ``partition_rows``."""
    root = init(folder / "archive", name="test-archive", title="Test archive").root
    settings = root / "archive.yaml"
    text = settings.read_text(encoding="utf-8")
    assert f"partition_rows: {DEFAULT_PARTITION_ROWS}" in text  # init's template documents the key
    settings.write_text(
        text.replace(f"partition_rows: {DEFAULT_PARTITION_ROWS}", f"partition_rows: {partition_rows}")
    )
    sources = [
        Source(
            _capture(folder / f"t{n}.txt", date, [f"Tweet {i} of thread {n}{words}" for i in range(tweets)]),
            Curation(language="en", terms="public-post"),
        )
        for n, date in enumerate(DATES)
    ]
    ingest(Store(root), sources, today=dt.date(2026, 1, 1))
    releases.publish(root, planning.plan(root, bump="minor", created=dt.date(2026, 1, 2)))
    return root


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of four threads in three months, released as 1.0.0 with partition_rows 3."""
    return _archive(tmp_path_factory.mktemp("partitioned"), 3)


@pytest.fixture
def release(partitioned: Path, tmp_path: Path) -> Path:
    """A copy of the partitioned archive (a test may change it), its release folder."""
    copy = shutil.copytree(partitioned, tmp_path / "archive", symlinks=True)
    return copy / "releases" / "1.0.0"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_large_table_is_hive_partitioned_and_every_file_is_hashed(partitioned: Path) -> None:
    folder = partitioned / "releases" / "1.0.0"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    tweets = next(r for r in descriptor["resources"] if r["name"] == "tweets-parquet")
    assert tweets["path"] == TWEET_FILES
    assert [f["path"] for f in tweets["x-files"]] == TWEET_FILES
    assert [f["x-rows"] for f in tweets["x-files"]] == [3, 6, 3]
    assert tweets["x-rows"] == 12 and "hash" not in tweets
    for item in tweets["x-files"]:
        assert item["hash"] == f"sha256:{_sha256(folder / item['path'])}"
    assert not (folder / "data/tweets.parquet").exists()
    assert (folder / "data/tweets.csv").is_file()  # the CSV stays one file
    csv = next(r for r in descriptor["resources"] if r["name"] == "tweets")
    assert csv["path"] == "data/tweets.csv"
    anomalies = next(r for r in descriptor["resources"] if r["name"] == "anomalies-parquet")
    assert anomalies["path"] == "data/anomalies.parquet"  # a small table stays one file
    sums = dict(
        reversed(line.split("  "))
        for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    )
    index = json.loads((partitioned / "releases" / "index.json").read_text(encoding="utf-8"))
    entry = next(e for e in index["releases"] if e["version"] == "1.0.0")
    for name in TWEET_FILES:
        assert sums[name] == _sha256(folder / name)
        assert entry["files"][name]["sha256"] == _sha256(folder / name)
    # a partition file holds the table's columns, its year and month in its path only
    assert pq.read_schema(folder / MAY).names == pq.read_schema(folder / TWEET_FILES[0]).names
    assert "year" not in pq.read_schema(folder / MAY).names
    assert verify(folder).valid


def test_small_releases_keep_one_file_per_table(partitioned: Path, tmp_path: Path) -> None:
    settings = replace(Settings.read(partitioned), partition_rows=DEFAULT_PARTITION_ROWS)
    out = tmp_path / "release"
    out.mkdir()
    releases.build(partitioned, Version(9, 0, 0), dt.date(2026, 1, 2), out, settings=settings)
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    parquet = [r for r in descriptor["resources"] if r["format"] == "parquet"]
    assert all(isinstance(r["path"], str) and r["hash"].startswith("sha256:") for r in parquet)
    assert not (out / "data" / "tweets").exists()


def test_a_partitioned_release_is_byte_reproducible(partitioned: Path, tmp_path: Path) -> None:
    settings = Settings.read(partitioned)
    built = []
    for name in ("one", "two"):
        out = tmp_path / name
        out.mkdir()
        releases.build(partitioned, Version(9, 0, 0), dt.date(2026, 1, 2), out, settings=settings)
        built.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert set(built[0]) >= set(TWEET_FILES)
    assert built[0] == built[1]


def test_a_tampered_partition_fails_verify(release: Path) -> None:
    target = release / MAY
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    report = verify(release)
    assert not report.valid
    assert {(f.type, f.path) for f in report.errors} >= {("hash-mismatch", MAY)}


def test_a_missing_partition_fails_verify(release: Path) -> None:
    (release / MAY).unlink()
    report = verify(release)
    assert ("file-missing", MAY) in {(f.type, f.path) for f in report.errors}


def test_one_month_loads_only_that_months_files(release: Path) -> None:
    whole = threadarchive.load_tweets(source=release)
    assert len(whole) == 12 and "year" not in whole.columns
    assert sorted(whole.attrs["files"]) == TWEET_FILES
    may = threadarchive.load_tweets(source=release, filters=[("year", "=", 2024), ("month", "=", 5)])
    assert list(may.attrs["files"]) == [MAY]
    assert len(may) == 6 and set(may["thread_id"].str.slice(0, 9)) == {"author-t1", "author-t2"}
    assert list(may.columns) == list(whole.columns)


def test_columns_and_expression_filters(release: Path) -> None:
    table = threadarchive.load_table(
        "tweets", source=release, columns=["thread_id", "year"], filters=pc.field("year") == 2025
    )
    assert table.column_names == ["thread_id", "year"]
    assert table.num_rows == 3 and set(table["year"].to_pylist()) == {2025}
    provenance = json.loads(table.schema.metadata[b"threadarchive"])
    assert list(provenance["files"]) == [TWEET_FILES[2]] and provenance["sha256"] is None
    # a filter on a column that is no partition: every file is read, the rows filtered
    first = threadarchive.load_tweets(source=release, filters=[("position", "=", 1)], columns=["position"])
    assert len(first) == 4 and len(first.attrs["files"]) == 3
    threads = threadarchive.load_threads(
        source=release, filters=[[("year", "=", 2024), ("month", "=", 3)], [("year", "=", 2025)]]
    )
    assert sorted(threads["published_date"].astype(str)) == ["2024-03-04", "2025-01-02"]


def test_a_tampered_partition_is_refused_only_when_read(release: Path) -> None:
    target = release / MAY
    target.write_bytes(target.read_bytes()[:-1] + b"\x00")
    march = threadarchive.load_tweets(source=release, filters=[("year", "=", 2024), ("month", "=", 3)])
    assert len(march) == 3  # another month's file is never read
    with pytest.raises(FixityError) as caught:
        threadarchive.load_tweets(source=release, filters=[("month", "=", 5)])
    assert str(caught.value.path) == str(target)


@pytest.mark.parametrize(
    ("columns", "filters", "parameter"),
    [
        (["nope"], None, "columns"),
        (None, [("nope", "=", 1)], "filters"),
        (None, "year = 2024", "filters"),
        (None, {"year": 2024}, "filters"),
        (None, [("year", "=", 10**30)], "filters"),
        (None, pc.field("year"), "filters"),
        (None, pc.field("nope") == 1, "filters"),
        ({"text"}, None, "columns"),
        ("text", None, "columns"),
        (["text", "position", "text"], None, "columns"),  # was a FixityError: "damaged or forged"
    ],
    ids=[
        "unknown-column",
        "unknown-filter-column",
        "filters-not-a-filter",
        "filters-a-dict",
        "value-past-64-bits",
        "expression-not-boolean",
        "expression-unknown-column",
        "columns-a-set",
        "columns-a-string",
        "column-twice",
    ],
)
def test_bad_columns_or_filters_are_refused(
    release: Path, columns: list[str] | None, filters: object, parameter: str
) -> None:
    with pytest.raises(PackageError) as caught:
        threadarchive.load_table("tweets", source=release, columns=columns, filters=filters)
    assert caught.value.parameter == parameter
    assert "\n" not in str(caught.value)  # one line, not pyarrow's schema
    if columns is None:  # the Dataset is refused the same filters when made, not when read
        with pytest.raises(PackageError):
            threadarchive.dataset("tweets", source=release, filters=filters)


def test_a_date_compared_with_a_string_names_the_column_and_both_types(release: Path) -> None:
    # pyarrow said only: no kernel matching input types (date32[day], string)
    as_text = [("published_date", ">=", "2025-01-01")]
    loads = {
        "load": lambda: threadarchive.load_threads(source=release, filters=as_text),
        "dataset": lambda: threadarchive.dataset("threads", source=release, filters=as_text),
        "working": lambda: threadarchive.Archive(release.parent.parent).load_threads(
            "working", filters=as_text
        ),
    }
    for name, load in loads.items():
        with pytest.raises(PackageError) as caught:
            load()
        assert caught.value.parameter == "filters", name
        message = str(caught.value)
        assert "published_date (date32[day]) >= '2025-01-01' (a str)" in message, name
        assert "kernel" not in message and "\n" not in message, name
    as_date = [("published_date", ">=", dt.date(2025, 1, 1))]
    assert len(threadarchive.load_threads(source=release, filters=as_date)) == 1  # Jan 2, 2025


def test_columns_may_be_a_tuple(release: Path) -> None:
    table = threadarchive.load_table("tweets", source=release, columns=("text", "month"))
    assert table.column_names == ["text", "month"]


def test_dataset_is_a_pyarrow_dataset_of_verified_files(release: Path) -> None:
    whole = threadarchive.dataset("tweets", source=release)
    assert isinstance(whole, ds.Dataset)
    assert whole.count_rows() == 12
    assert whole.to_table(filter=pc.field("month") == 5).num_rows == 6
    january = threadarchive.dataset("tweets", source=release, filters=[("year", "=", 2025)])
    assert isinstance(january, ds.FileSystemDataset) and len(january.files) == 1
    assert january.count_rows() == 3
    (release / TWEET_FILES[2]).write_bytes(b"PAR1 not the published file PAR1")
    with pytest.raises(FixityError):
        threadarchive.dataset("tweets", source=release, filters=[("year", "=", 2025)])


def test_an_unpartitioned_release_takes_columns_and_filters(partitioned: Path, tmp_path: Path) -> None:
    settings = replace(Settings.read(partitioned), partition_rows=DEFAULT_PARTITION_ROWS)
    out = tmp_path / "release"
    out.mkdir()
    releases.build(partitioned, Version(9, 0, 0), dt.date(2026, 1, 2), out, settings=settings)
    table = threadarchive.load_table("tweets", source=out, columns=["text"], filters=[("position", "=", 2)])
    assert table.column_names == ["text"] and table.num_rows == 4
    provenance = json.loads(table.schema.metadata[b"threadarchive"])
    assert provenance["sha256"] == _sha256(out / "data/tweets.parquet")
    lazy = threadarchive.dataset("threads", source=out)
    assert lazy.count_rows() == 4 and "year" not in lazy.schema.names


def test_the_site_and_database_readers_stream_every_partition(release: Path) -> None:
    opened = open_verified(release)
    assert sum(b.num_rows for b in opened.batches("tweets")) == 12
    assert opened.read("threads", columns=["thread_id"]).num_rows == 4


def test_partition_rows_must_be_a_whole_number() -> None:
    with pytest.raises(InputError, match="partition_rows"):
        Settings.from_dict({"name": "a", "title": "A", "partition_rows": "many"})
    with pytest.raises(InputError, match="partition_rows"):
        Settings.from_dict({"name": "a", "title": "A", "partition_rows": 0})
    assert Settings.from_dict({"name": "a", "title": "A"}).partition_rows == DEFAULT_PARTITION_ROWS


class _Logged(http.server.SimpleHTTPRequestHandler):
    requests: list[str]

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.requests.append(self.path)
        super().do_GET()


@pytest.fixture
def logged_server(partitioned: Path) -> Iterator[tuple[str, list[str]]]:
    """The partitioned archive's releases/ over HTTP on 127.0.0.1, and its request log."""
    requests: list[str] = []
    handler = functools.partial(
        type("Handler", (_Logged,), {"requests": requests}), directory=str(partitioned / "releases")
    )
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/1.0.0/", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_remote_release_fetches_only_the_files_a_query_needs(logged_server: tuple[str, list[str]]) -> None:
    url, requests = logged_server
    may = threadarchive.load_tweets(source=url, filters=[("year", "=", 2024), ("month", "=", 5)])
    assert len(may) == 6
    fetched = [p for p in requests if p.endswith(".parquet")]
    assert fetched == [f"/1.0.0/{MAY}"]
    requests.clear()
    whole = threadarchive.load_tweets(source=url)  # the May file is in the cache now
    assert len(whole) == 12
    assert sorted(p for p in requests if p.endswith(".parquet")) == [
        f"/1.0.0/{n}" for n in TWEET_FILES if n != MAY
    ]
    lazy = threadarchive.dataset("tweets", source=url, filters=[("year", "=", 2025)])
    assert lazy.count_rows() == 3
    assert isinstance(lazy.to_table().column("year").type, pa.DataType)


def test_an_archive_loads_its_releases_and_working_tables_in_part(release: Path) -> None:
    archive = threadarchive.Archive(release.parent.parent)
    may = archive.load_tweets(filters=[("year", "=", 2024), ("month", "=", 5)], columns=["text"])
    assert list(may.columns) == ["text"] and len(may) == 6
    working = archive.load_threads("working", columns=["thread_id"], filters=pc.field("tweet_count") == 3)
    assert list(working.columns) == ["thread_id"] and len(working) == 4


def test_partitioning_keeps_every_row_in_order_whatever_the_buffers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows spilled past a byte budget, then written in row groups of a fixed size: each
    month's rows in the order of the file, in whole row groups, the spill removed, and
    the same bytes every time."""
    from threadarchive.release import parquet

    monkeypatch.setattr(parquet, "PARTITION_ROW_GROUP_ROWS", 2)
    monkeypatch.setattr(parquet, "PARTITION_BUFFER_BYTES", 1)  # every buffer written early
    ids = [f"t{n % 5}" for n in range(40)]
    table = pa.table({"thread_id": ids, "position": list(range(40))})
    threads = pa.table(
        {
            "thread_id": [f"t{n}" for n in range(5)],
            "published_date": [dt.date(2020 + n % 2, 1 + n, 1) for n in range(5)],
        }
    )
    pq.write_table(threads, tmp_path / "threads.parquet")
    built = []
    for name in ("one", "two"):
        out = tmp_path / name
        single = out / "tweets.parquet"
        out.mkdir()
        pq.write_table(table, single, row_group_size=8)
        parts = parquet.partition(single, out, "tweets", parquet.partition_keys(tmp_path / "threads.parquet"))
        assert not single.exists()
        assert sum(p.rows for p in parts) == 40 and len(parts) == 5
        for part in parts:
            rows = pq.read_table(out / part.path)
            assert rows["position"].to_pylist() == sorted(rows["position"].to_pylist())
            assert len(set(rows["thread_id"].to_pylist())) == 1
            metadata = pq.ParquetFile(out / part.path).metadata
            groups = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
            assert groups[:-1] == [2] * (len(groups) - 1) and groups[-1] in (1, 2)  # whole groups
        assert not (out / parquet.SPILL).exists()
        built.append({p.path: (out / p.path).read_bytes() for p in parts})
    assert built[0] == built[1]
    assert "data/tweets/year=2021/month=02/part-0.parquet" in built[0]


def test_a_failed_partitioning_leaves_no_spilled_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from threadarchive.errors import StorageError
    from threadarchive.release import parquet

    monkeypatch.setattr(parquet, "PARTITION_BUFFER_BYTES", 1)  # every month spilled
    pq.write_table(
        pa.table({"thread_id": ["t0", "t1"], "published_date": [dt.date(2020, 1, 1), dt.date(2021, 1, 1)]}),
        tmp_path / "threads.parquet",
    )
    out = tmp_path / "out"
    out.mkdir()
    pq.write_table(pa.table({"thread_id": ["t0", "t1"] * 4, "position": range(8)}), out / "tweets.parquet")

    def full(path: Path, *args: object) -> int:
        raise StorageError(f"{path}: no space left on device", path=path)

    monkeypatch.setattr(parquet, "_write", full)
    with pytest.raises(StorageError):
        parquet.partition(
            out / "tweets.parquet", out, "tweets", parquet.partition_keys(tmp_path / "threads.parquet")
        )
    assert not (out / parquet.SPILL).exists()


def test_a_partitioned_release_is_a_data_package_frictionless_validates(partitioned: Path) -> None:
    import frictionless

    report = frictionless.validate(str(partitioned / "releases" / "1.0.0" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    assert threadarchive.validate(partitioned / "releases" / "1.0.0").valid


def test_croissant_describes_a_partitioned_table_as_a_file_set(
    partitioned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mlcroissant = pytest.importorskip("mlcroissant")
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("the network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    dataset = mlcroissant.Dataset(jsonld=str(partitioned / "releases" / "1.0.0" / "croissant.json"))
    issues = dataset.metadata.ctx.issues
    assert not issues.errors and not issues.warnings, issues.report()
    assert len(list(dataset.records("tweets"))) == 12


def test_withdrawn_threads_warn_or_are_left_out_of_a_partial_load(release: Path) -> None:
    from threadarchive.archive.withdraw import withdraw
    from threadarchive.errors import WithdrawnWarning

    may = threadarchive.load_threads(source=release, filters=[("month", "=", 5)], columns=["thread_id"])
    gone = str(may["thread_id"].iloc[0])
    withdraw(Store(release.parent.parent), gone, "a takedown request", date=dt.date(2026, 2, 1))
    with pytest.warns(WithdrawnWarning, match=gone):
        kept = threadarchive.load_tweets(source=release, filters=[("month", "=", 5)], columns=["text"])
    assert len(kept) == 6
    left = threadarchive.load_tweets(
        source=release, filters=[("month", "=", 5)], columns=["thread_id"], exclude_withdrawn=True
    )
    assert len(left) == 3 and gone not in set(left["thread_id"])


@pytest.mark.parametrize("moved", ["month=13", "month=00", "year=\u0662\u0660\u0662\u0664/month=05"])
def test_a_partition_that_is_no_month_is_refused(release: Path, tmp_path: Path, moved: str) -> None:
    """A third party's release (no index anchors it) whose May file moved to month=13
    (or to a year in Arabic-Indic digits, which int() reads as 2024), every manifest made
    to agree: no filter on a month can name it, or it is another path for the same month."""
    from threadarchive.release import fixity

    alone = shutil.copytree(release, tmp_path / "alone")
    moved = MAY.replace("year=2024/month=05" if moved.startswith("year") else "month=05", moved)
    (alone / moved).parent.mkdir(parents=True)
    (alone / MAY).rename(alone / moved)
    path = alone / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace(MAY, moved), encoding="utf-8")
    fixity.write_checksums(alone)
    with pytest.raises(PackageError, match="year=YYYY/month=MM"):
        threadarchive.load_tweets(source=alone, filters=[("year", "=", 2024)])


@pytest.mark.parametrize("change", ["drop-text", "text-as-numbers", "positions-as-int32"])
def test_a_partition_with_other_columns_than_the_table_is_refused(
    release: Path, tmp_path: Path, change: str
) -> None:
    """A third party's release (no index anchors it) whose May file lost its text, or
    holds it as numbers, every hash made to agree: a Dataset filled the text with nulls
    or cast the numbers to text, and load_tweets returned them as the release's rows."""
    from threadarchive.release import fixity

    alone = shutil.copytree(release, tmp_path / "alone")
    table = pq.read_table(alone / MAY)
    at = table.schema.get_field_index
    table = {
        "drop-text": lambda: table.drop_columns(["text"]),
        "text-as-numbers": lambda: table.set_column(at("text"), "text", pa.array(range(table.num_rows))),
        "positions-as-int32": lambda: table.set_column(
            at("position"), "position", table["position"].cast(pa.int32())
        ),
    }[change]()
    pq.write_table(table, alone / MAY)
    path = alone / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for item in next(r for r in descriptor["resources"] if r["name"] == "tweets-parquet")["x-files"]:
        if item["path"] == MAY:
            item.update({"hash": f"sha256:{_sha256(alone / MAY)}", "x-bytes": (alone / MAY).stat().st_size})
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    fixity.write_checksums(alone)
    march = threadarchive.load_tweets(source=alone, filters=[("month", "=", 3)])
    assert len(march) == 3  # the other months' files are the table's
    with pytest.raises(FixityError, match="expected the columns of") as caught:
        threadarchive.load_tweets(source=alone)
    assert str(caught.value.path) == str(alone / MAY)


@pytest.mark.parametrize(
    "schema",
    [None, "schemas/tweets.json", {"fields": [{"name": "text", "type": "nope"}]}, {"fields": [5]}],
    ids=["none", "a-path", "unknown-type", "field-not-an-object"],
)
def test_a_partitioned_resource_without_a_usable_schema_is_refused(
    release: Path, tmp_path: Path, schema: object
) -> None:
    """validate never reads a partitioned resource's schema (its rows are the CSV's):
    a partial load typed the files by it and raised KeyError or TypeError."""
    from threadarchive.release import fixity

    alone = shutil.copytree(release, tmp_path / "alone")
    path = alone / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    next(r for r in descriptor["resources"] if r["name"] == "tweets-parquet")["schema"] = schema
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    fixity.write_checksums(alone)
    with pytest.raises(PackageError, match="expected an inline Table Schema"):
        threadarchive.load_tweets(source=alone, filters=[("month", "=", 3)])


@pytest.mark.parametrize(
    ("columns", "filters", "parameter"),
    [
        (None, pc.field("position"), "filters"),
        (None, pc.field("nope") == 1, "filters"),
        (None, [("position", "=", "x")], "filters"),
        ({"text"}, None, "columns"),
        ("text", None, "columns"),
    ],
    ids=[
        "expression-not-boolean",
        "unknown-column",
        "value-of-another-type",
        "columns-a-set",
        "columns-a-string",
    ],
)
def test_the_working_tables_refuse_bad_columns_or_filters_in_one_line(
    release: Path, columns: object, filters: object, parameter: str
) -> None:
    archive = threadarchive.Archive(release.parent.parent)
    with pytest.raises(PackageError) as caught:
        archive.load_tweets("working", columns=columns, filters=filters)  # type: ignore[arg-type]
    assert caught.value.parameter == parameter
    assert "data/tweets.csv" in str(caught.value) and "\n" not in str(caught.value)
    assert list(archive.load_tweets("working", columns=("text",)).columns) == ["text"]


@pytest.mark.parametrize("partitioned_release", [True, False])
def test_a_table_too_large_for_memory_is_loaded_memory_mapped(
    partitioned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, partitioned_release: bool
) -> None:
    from threadarchive.access import spill

    if partitioned_release:
        source = partitioned / "releases" / "1.0.0"
    else:
        settings = replace(Settings.read(partitioned), partition_rows=DEFAULT_PARTITION_ROWS)
        source = tmp_path / "release"
        source.mkdir()
        releases.build(partitioned, Version(9, 0, 0), dt.date(2026, 1, 2), source, settings=settings)
    held = threadarchive.load_table("tweets", source=source)
    monkeypatch.setenv("THREADARCHIVE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(spill, "IN_MEMORY_BYTES", 0)
    before = pa.total_allocated_bytes()
    mapped = threadarchive.load_table("tweets", source=source)
    # the rows are the ones held in memory, and none of them is in Arrow's memory pool
    assert mapped.equals(held) and mapped.schema.metadata == held.schema.metadata
    assert pa.total_allocated_bytes() - before < held.nbytes
    frame = threadarchive.load_tweets(source=source)
    assert frame["text"].tolist() == held["text"].to_pylist()
    # the file behind the map is unlinked once mapped: nothing is left in the cache
    assert list((tmp_path / "cache" / spill.SPILL_DIR).iterdir()) == []
    # columns and filters take the same way
    some = threadarchive.load_table(
        "tweets", source=source, columns=["tweet_id"], filters=[("position", "=", 1)]
    )
    assert some.num_rows == 4 and some.column_names == ["tweet_id"]


def spill_folders(folder: Path) -> tuple[Path, Any]:
    """In the spill folder ``folder``: a staging folder a killed load left, and one a live
    load holds, as fsutil.staging names them; the live one and its lock, taken (the open
    file, which keeps it)."""
    import fcntl

    from threadarchive.access import spill

    killed = folder / f".{spill.TABLE}.killed00.partial"
    live = folder / f".{spill.TABLE}.livelive.partial"
    for staged in (killed, live):
        staged.mkdir(parents=True)
        (staged / spill.TABLE).write_bytes(b"half a table")
        (staged / ".lock").touch()
    lock = (live / ".lock").open("rb")
    fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
    return live, lock


def test_a_killed_loads_spill_folder_is_removed_and_a_live_ones_left(
    partitioned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from threadarchive.access import spill

    monkeypatch.setenv("THREADARCHIVE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(spill, "IN_MEMORY_BYTES", 0)
    folder = tmp_path / "cache" / spill.SPILL_DIR
    live, lock = spill_folders(folder)
    with lock:
        threadarchive.load_table("tweets", source=partitioned / "releases" / "1.0.0")
        assert sorted(p.name for p in folder.iterdir()) == [live.name]
    assert (live / spill.TABLE).read_bytes() == b"half a table"


def test_no_room_for_a_mapped_table_is_one_error_and_no_file(
    partitioned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from threadarchive.access import spill

    (tmp_path / "cache").write_text("a file where the cache folder should be")
    monkeypatch.setenv("THREADARCHIVE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(spill, "IN_MEMORY_BYTES", 0)
    with pytest.raises(PackageError, match="expected a cache folder to map a large table from"):
        threadarchive.load_table("tweets", source=partitioned / "releases" / "1.0.0")
