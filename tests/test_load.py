from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import io
import json
import re
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import threadarchive
from threadarchive import FixityError, PackageError, ThreadArchiveError, VersionNotFoundError
from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.metadata import Curation
from threadarchive.archive.scaffold import init
from threadarchive.archive.store import Store
from threadarchive.release import bundles, fixity
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases

from .conftest import DAY, REPO, SEED, SEED_ID, QuietHandler


@pytest.fixture(scope="module")
def release_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Release 1.0.0 of an archive holding the seed thread, built for these tests."""
    root = init(tmp_path_factory.mktemp("load") / "archive", name="test-archive").root
    ingest(Store(root), [Source(SEED, Curation(language="en"))])
    return releases.publish(root, planning.plan(root, bump="minor", created=DAY))


def packaged_rows(table: str) -> int:
    """The row count the latest release shipped in the package declares for ``table``."""
    latest = threadarchive.releases()[-1].version
    descriptor = json.loads(
        (resources.files("threadarchive") / "_releases" / latest / "datapackage.json").read_text()
    )
    return next(r["x-rows"] for r in descriptor["resources"] if r["name"] == table)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("THREADARCHIVE_CACHE", str(folder))
    return folder


def descriptor_hash(folder: Path, name: str) -> str:
    descriptor = json.loads((folder / "datapackage.json").read_text())
    return next(r["hash"] for r in descriptor["resources"] if r["name"] == name).removeprefix("sha256:")


def tamper_parquet(path: Path) -> None:
    """Same rows, other bytes: only the hash can tell."""
    buffer = io.BytesIO()
    pq.write_table(pq.read_table(path), buffer, compression="snappy")
    path.write_bytes(buffer.getvalue())


@pytest.mark.live_archive  # the package's own shipped releases
def test_the_packaged_latest_release_loads_verified() -> None:
    available = [r.version for r in threadarchive.releases()]
    assert available == sorted(available, key=lambda v: tuple(map(int, v.split("."))))
    tweets = threadarchive.load_tweets()
    assert tweets.attrs["version"] == available[-1]
    assert len(tweets) == packaged_rows("tweets")
    packaged = Path(str(resources.files("threadarchive") / "_releases" / tweets.attrs["version"]))
    assert tweets.attrs["sha256"] == descriptor_hash(packaged, "tweets-parquet")


def test_a_release_loads_with_natural_types_and_provenance(release_dir: Path) -> None:
    tweets = threadarchive.load_tweets(source=release_dir)
    assert tweets.attrs["version"] == "1.0.0"
    assert tweets.attrs["sha256"] == descriptor_hash(release_dir, "tweets-parquet")
    assert str(tweets["position"].dtype) == "int64[pyarrow]"
    assert str(tweets["text"].dtype) == "string[pyarrow]"
    assert str(tweets["tweet_id"].dtype) == "string[pyarrow]"
    threads = threadarchive.load_threads(version="1.0.0", source=release_dir)
    assert str(threads["published_date"].dtype) == "date32[day][pyarrow]"
    assert threads.loc[0, "published_date"].isoformat() == "2025-11-05"
    assert threads.loc[0, "tweet_count"] == 13
    assert pd.isna(threads.loc[0, "author_handle"])


def test_loaded_values_equal_the_release_csv(release_dir: Path) -> None:
    tweets = threadarchive.load_tweets(version="1.0.0", source=release_dir)
    csv = pd.read_csv(release_dir / "data/tweets.csv", dtype=str, keep_default_na=False)
    assert tweets["text"].tolist() == csv["text"].tolist()
    assert tweets.loc[11, "marker"] == "/12"


def test_pyarrow_table_for_users_without_pandas(release_dir: Path) -> None:
    table = threadarchive.load_table("tweets", "1.0.0", source=release_dir)
    assert isinstance(table, pa.Table)
    assert table.schema.field("position").type == pa.int64()
    provenance = json.loads(table.schema.metadata[b"threadarchive"])
    assert (provenance["version"], provenance["table"]) == ("1.0.0", "tweets")
    with pytest.raises(PackageError, match="expected a table among"):
        threadarchive.load_table("users")


def test_unknown_version_lists_the_available_ones() -> None:
    with pytest.raises(
        VersionNotFoundError, match=r"expected one of the releases 1\.0\.0.*, found '9\.9\.9'"
    ):
        threadarchive.load_tweets(version="9.9.9")


def test_a_corrupted_file_raises_and_returns_nothing(tmp_path: Path, release_dir: Path) -> None:
    copy = tmp_path / "1.0.0"
    shutil.copytree(release_dir, copy)
    tamper_parquet(copy / "data/tweets.parquet")
    expected = descriptor_hash(copy, "tweets-parquet")
    with pytest.raises(FixityError) as caught:
        threadarchive.load_tweets(source=copy)
    message = str(caught.value)
    assert str(copy / "data/tweets.parquet") in message
    assert f"expected SHA-256 {expected}" in message
    assert re.search(r"found [0-9a-f]{64}", message)


def test_a_damaged_file_that_pyarrow_cannot_read_is_a_fixity_error(tmp_path: Path, release_dir: Path) -> None:
    copy = tmp_path / "1.0.0"
    shutil.copytree(release_dir, copy)
    with (copy / "data/tweets.parquet").open("ab") as stream:
        stream.write(b"\0")
    with pytest.raises(FixityError, match="the file is corrupted or was changed: restore the release"):
        threadarchive.load_tweets(source=copy)


def test_local_folder_and_zip_sources(tmp_path: Path, cache: Path, release_dir: Path) -> None:
    assert threadarchive.load_threads(source=release_dir).attrs["version"] == "1.0.0"
    zipped = bundles.make_zip(release_dir, tmp_path / "release.zip")
    assert [r.version for r in threadarchive.releases(source=zipped)] == ["1.0.0"]
    assert len(threadarchive.load_tweets(source=zipped)) == 13
    with pytest.raises(VersionNotFoundError, match=r"expected release 2\.0\.0, found 1\.0\.0"):
        threadarchive.load_tweets("2.0.0", source=zipped)


def test_a_tampered_zip_is_refused(tmp_path: Path, cache: Path, release_dir: Path) -> None:
    copy = tmp_path / "1.0.0"
    shutil.copytree(release_dir, copy)
    (copy / "data/threads.csv").write_text("tampered")
    zipped = bundles.make_zip(copy, tmp_path / "bad.zip")
    with pytest.raises(FixityError, match=r"fails its manifest for data/threads\.csv"):
        threadarchive.load_tweets(source=zipped)


def test_release_url_is_fetched_checked_and_cached(
    server: tuple[str, Path], cache: Path, release_dir: Path
) -> None:
    url, served = server
    shutil.copytree(release_dir, served / "1.0.0")
    tweets = threadarchive.load_tweets(source=url + "1.0.0/")
    assert len(tweets) == 13
    assert tweets.attrs["version"] == "1.0.0"
    cached = sorted(p.name for p in (cache / "blobs").iterdir())
    descriptor = hashlib.sha256((release_dir / "datapackage.json").read_bytes()).hexdigest()
    assert cached == sorted(
        [descriptor, descriptor_hash(release_dir, "tweets-parquet")]
    )  # each under its hash
    (served / "1.0.0/data/tweets.parquet").unlink()  # the data file is now taken from the cache
    assert threadarchive.load_tweets(source=url + "1.0.0/").equals(tweets)
    shutil.rmtree(served / "1.0.0")  # a descriptor no index pins is never served from a cache
    with pytest.raises(PackageError, match="cannot fetch the release: 404"):
        threadarchive.load_tweets(source=url + "1.0.0/")


def test_a_download_with_the_wrong_hash_is_refused(
    server: tuple[str, Path], cache: Path, release_dir: Path
) -> None:
    url, served = server
    shutil.copytree(release_dir, served / "1.0.0")
    tamper_parquet(served / "1.0.0/data/tweets.parquet")
    with pytest.raises(FixityError, match=r"tweets\.parquet: the download does not match its manifest"):
        threadarchive.load_tweets(source=url + "1.0.0/")
    assert not [p for p in cache.rglob("*") if p.is_file()]  # the bad download is not kept


def test_zip_url(server: tuple[str, Path], cache: Path, release_dir: Path) -> None:
    url, served = server
    bundles.make_zip(release_dir, served / "threadarchive-data-1.0.0.zip")
    assert len(threadarchive.load_threads(source=url + "threadarchive-data-1.0.0.zip")) == 1


def test_a_datapackage_json_url_means_its_folder(
    server: tuple[str, Path], cache: Path, release_dir: Path
) -> None:
    url, served = server
    shutil.copytree(release_dir, served / "rel")
    tweets = threadarchive.load_tweets(source=url + "rel/datapackage.json")
    assert len(tweets) == 13 and tweets.attrs["source"] == url + "rel/datapackage.json"
    from threadarchive.access.fetch import release_files

    with release_files(url + "rel/datapackage.json") as folder:  # how site, sqlite and verify fetch it
        assert fixity.verify(folder).valid


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[tuple[str, Callable[[], None]]]:
    """An HTTP server on 127.0.0.1 serving ``folder``: its base URL, and a function that
    stops it (the network gone, as far as its URLs go)."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    stopped = []

    def stop() -> None:
        if not stopped:
            httpd.shutdown()
            httpd.server_close()
            stopped.append(True)

    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", stop
    finally:
        stop()


@pytest.mark.parametrize("kind", ["folder", "zip"])
@pytest.mark.parametrize("tampered", ["descriptor-or-zip", "parquet"])
def test_a_release_fetched_by_url_loads_offline_from_the_cache(
    cache: Path, release_dir: Path, tmp_path: Path, kind: str, tampered: str
) -> None:
    served = tmp_path / "served"
    served.mkdir()
    if kind == "folder":
        shutil.copytree(release_dir, served / "1.0.0")
        name, first = "1.0.0/", hashlib.sha256((release_dir / "datapackage.json").read_bytes()).hexdigest()
    else:
        zipped = bundles.make_zip(release_dir, served / "threadarchive-data-1.0.0.zip")
        name, first = zipped.name, hashlib.sha256(zipped.read_bytes()).hexdigest()
    with serving(served) as (url, stop):
        online = threadarchive.load_tweets(source=url + name)
        stop()
        with pytest.raises(PackageError, match="cannot fetch the release"):  # the network is off...
            threadarchive.load_tweets(source=url + "2.0.0/")  # ...for a release never fetched
        offline = threadarchive.load_tweets(source=url + name)  # but this one is in the cache
        assert offline.equals(online) and offline.attrs == online.attrs
        assert offline.attrs["source"] == url + (name + "datapackage.json" if kind == "folder" else name)
        blob = (
            cache
            / "blobs"
            / (first if tampered == "descriptor-or-zip" else descriptor_hash(release_dir, "tweets-parquet"))
        )
        if tampered == "parquet":
            tamper_parquet(blob)
        else:
            blob.write_bytes(blob.read_bytes() + b"\n")
        if kind == "zip" and tampered == "parquet":  # taken out of the cached zip, checked, again
            assert threadarchive.load_tweets(source=url + name).equals(online)
            return
        with pytest.raises(FixityError, match=r"expected SHA-256 [0-9a-f]{64} .*found [0-9a-f]{64}"):
            threadarchive.load_tweets(source=url + name)


@pytest.mark.parametrize("kind", ["folder", "zip"])
def test_a_changed_cached_file_is_fetched_again_not_served_for_ever(
    cache: Path, release_dir: Path, tmp_path: Path, kind: str
) -> None:
    # the error said "fetch the release again", yet every later load served the same copy
    served = tmp_path / "served"
    served.mkdir()
    if kind == "folder":
        shutil.copytree(release_dir, served / "1.0.0")
        name = "1.0.0/"
    else:
        name = bundles.make_zip(release_dir, served / "threadarchive-data-1.0.0.zip").name
    digest = descriptor_hash(release_dir, "tweets-parquet")
    with serving(served) as (url, stop):
        online = threadarchive.load_tweets(source=url + name)
        blob = cache / "blobs" / digest
        tamper_parquet(blob)  # a disk error, or a hand
        assert threadarchive.load_tweets(source=url + name).equals(online)
        assert hashlib.sha256(blob.read_bytes()).hexdigest() == digest
        ids = threadarchive.load_tweets(source=url + name, variant="ids")
        pinned = json.loads((release_dir / "datapackage.json").read_text())["x-variants"]["ids"]
        variant = cache / "blobs" / pinned["hash"].removeprefix("sha256:")  # the ID-only descriptor
        variant.write_bytes(variant.read_bytes() + b"\n")
        assert threadarchive.load_tweets(source=url + name, variant="ids").equals(ids)
        if kind == "folder":  # its descriptor: fetched each time online, read from the cache offline
            descriptor = hashlib.sha256((release_dir / "datapackage.json").read_bytes()).hexdigest()
            kept = cache / "blobs" / descriptor
            kept.write_bytes(kept.read_bytes() + b"\n")
            assert threadarchive.load_tweets(source=url + name).equals(online)  # online: replaced...
            stop()
            assert threadarchive.load_tweets(source=url + name).equals(online)  # ...so offline it loads


@pytest.mark.parametrize("kind", ["tampered", "not-a-zip", "corrupt"])
def test_a_refused_zip_url_is_named_by_its_url_not_the_download(
    server: tuple[str, Path], cache: Path, release_dir: Path, tmp_path: Path, kind: str
) -> None:
    url, served = server
    zipped = served / "bad.zip"
    if kind == "tampered":
        copy = tmp_path / "1.0.0"
        shutil.copytree(release_dir, copy)
        (copy / "data/threads.csv").write_text("tampered")
        bundles.make_zip(copy, zipped)
    else:
        zipped.write_bytes(b"<html>moved</html>" if kind == "not-a-zip" else b"PK\x03\x04" + bytes(100))
    expected = {
        "tampered": "the release in this zip fails its manifest for data/threads.csv",
        "not-a-zip": "expected a release folder or a zip of one, found another kind of file",
        "corrupt": "expected a zip",
    }[kind]
    with pytest.raises(ThreadArchiveError) as caught:
        threadarchive.load_tweets(source=url + "bad.zip")
    assert str(caught.value).startswith(f"{url}bad.zip: {expected}")
    assert not [p for p in cache.rglob("*") if p.is_file()]  # nor is anything of it kept


def test_unreachable_url_is_a_clear_error(cache: Path) -> None:
    with pytest.raises(PackageError, match="cannot fetch the release"):
        threadarchive.load_tweets(source="http://127.0.0.1:9/nothing/")


def test_parquet_reads_in_the_tools_researchers_use(release_dir: Path) -> None:
    import duckdb
    import polars as pl

    tweets = release_dir / "data/tweets.parquet"
    counts = duckdb.sql(
        f"SELECT thread_id, count(*) AS n, max(position) AS last FROM '{tweets}' GROUP BY thread_id"
    ).fetchall()
    assert counts == [(SEED_ID, 13, 13)]
    assert pl.read_parquet(tweets).filter(pl.col("marker") == "/12")["position"].to_list() == [12]
    assert pd.read_parquet(tweets)["text"].str.endswith("13/").sum() == 1
    assert pq.read_table(tweets).num_rows == 13


def test_all_is_sorted_and_complete() -> None:
    for name in threadarchive.__all__:
        assert getattr(threadarchive, name) is not None  # loads the lazy ones too
    public = {
        name
        for name, value in vars(threadarchive).items()
        if not name.startswith("_") and not isinstance(value, type(sys))
    } | {"__version__"}
    assert threadarchive.__all__ == sorted(threadarchive.__all__)
    assert set(threadarchive.__all__) == public


@pytest.mark.live_archive  # the package's own shipped releases
def test_readme_example_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    code = readme.split("## Loading in Python", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(code, namespace)
    assert len(namespace["tweets"]) == packaged_rows("tweets")


def test_the_lazily_imported_api_type_checks_for_users(tmp_path: Path) -> None:
    """`import threadarchive` imports the loaders on first use; type checkers must still see them."""
    import subprocess

    user = tmp_path / "user.py"
    user.write_text(
        "import threadarchive\n"
        "frame = threadarchive.load_tweets(version='latest')\n"
        "threads = threadarchive.load_threads()\n"
        "table = threadarchive.load_table('tweets', variant='ids')\n"
        "listed: list[threadarchive.Release] = threadarchive.releases()\n"
        "report: threadarchive.Report = threadarchive.validate('datapackage.json')\n"
        "archive: threadarchive.Archive = threadarchive.Archive('.')\n"
        "mine: list[threadarchive.Release] = archive.releases()\n"
        "working = archive.load_tweets('working').attrs\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(user)],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout


def test_every_lazily_imported_name_is_declared_for_type_checkers() -> None:
    """_LAZY and the TYPE_CHECKING imports name the same things: one cannot drift alone."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(threadarchive))
    block = next(n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test))
    declared = {alias.name for n in block.body if isinstance(n, ast.ImportFrom) for alias in n.names}
    assert declared == set(threadarchive._LAZY)


def test_a_column_named_twice_is_refused_not_taken_for_a_forged_file(release_dir: Path) -> None:
    # its rows unpacked to twice what the footer declared: "damaged or forged", a FixityError
    with pytest.raises(
        PackageError, match="expected each column once, found 'text' more than once"
    ) as caught:
        threadarchive.load_tweets(source=release_dir, columns=["text", "text"])
    assert caught.value.parameter == "columns" and not isinstance(caught.value, FixityError)
