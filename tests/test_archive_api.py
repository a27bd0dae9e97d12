"""threadarchive.Archive: a working archive's releases and tables from Python, on archives
the tests build; and, inside one, threadarchive.load_tweets() still means the package's."""

from __future__ import annotations

import hashlib
import json
import shutil
import warnings
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import threadarchive
from threadarchive import FixityError, PackageError, VersionNotFoundError, WithdrawnWarning
from threadarchive.archive.store import Store
from threadarchive.archive.withdraw import withdraw
from threadarchive.release import fixity
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases

from .conftest import DAY, SEED_ID
from .test_hardening import resource, rewrite_descriptor


@pytest.fixture
def released(archive: Path) -> Path:
    """The seed archive with release 1.0.0."""
    releases.publish(archive, planning.plan(archive, bump="minor", created=DAY))
    return archive


def parquet_hash(folder: Path, table: str = "tweets") -> str:
    descriptor = json.loads((folder / "datapackage.json").read_text())
    return str(resource(descriptor, f"{table}-parquet")["hash"]).removeprefix("sha256:")


def test_the_archives_releases_are_listed_with_their_folders(released: Path) -> None:
    [release] = threadarchive.Archive(released).releases()
    assert isinstance(release, threadarchive.Release)
    assert (release.version, release.created, release.packaged) == ("1.0.0", DAY.isoformat(), False)
    assert release.path == released / "releases/1.0.0"
    assert release.withdrawn == ()


def test_its_latest_release_loads_verified(released: Path) -> None:
    archive = threadarchive.Archive(released)
    tweets = archive.load_tweets()
    folder = released / "releases/1.0.0"
    assert (tweets.attrs["version"], tweets.attrs["table"]) == ("1.0.0", "tweets")
    assert tweets.attrs["sha256"] == parquet_hash(folder)
    assert tweets.equals(threadarchive.load_tweets(source=folder))
    threads = archive.load_threads("1.0.0")
    assert threads["thread_id"].tolist() == [SEED_ID]
    ids = archive.load_table("tweets", "latest", variant="ids")
    assert "text" not in ids.column_names and ids.num_rows == 13


def test_its_working_tables_load_typed_as_the_release_does(released: Path) -> None:
    archive = threadarchive.Archive(released)
    working, release = archive.load_tweets("working"), archive.load_tweets()
    assert working.attrs["version"] == "working"
    assert working.attrs["sha256"] == hashlib.sha256((released / "data/tweets.csv").read_bytes()).hexdigest()
    assert working.dtypes.to_dict() == release.dtypes.to_dict()
    assert working["text"].tolist() == release["text"].tolist()
    threads = archive.load_threads("working")
    assert threads.loc[0, "published_date"].isoformat() == "2025-11-05"
    with pytest.raises(PackageError) as caught:
        archive.load_tweets("working", variant="ids")
    assert caught.value.parameter == "variant"


def test_an_archive_without_releases_says_how_to_load_its_working_tables(archive: Path) -> None:
    mine = threadarchive.Archive(archive)
    assert mine.releases() == []
    with pytest.raises(VersionNotFoundError, match="version='working'") as caught:
        mine.load_tweets()
    assert caught.value.parameter == "version"
    assert len(mine.load_tweets("working")) == 13


def test_an_unknown_version_lists_the_archives_releases(released: Path) -> None:
    with pytest.raises(
        VersionNotFoundError, match=r"expected one of the releases 1\.0\.0 or 'working', found '2\.0\.0'"
    ):
        threadarchive.Archive(released).load_threads("2.0.0")


def test_a_folder_that_is_no_archive_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="expected an archive") as caught:
        threadarchive.Archive(tmp_path)
    assert (caught.value.parameter, caught.value.path) == ("path", str(tmp_path))


@pytest.mark.live_archive  # the package's own shipped releases
def test_inside_an_archive_the_module_functions_still_load_the_packages_releases(
    released: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(released)
    packaged = threadarchive.load_tweets()
    assert "_releases" in packaged.attrs["source"]  # the package's own, as anywhere
    assert packaged.attrs["version"] == threadarchive.releases()[-1].version
    here = threadarchive.Archive(".").load_tweets()  # "this archive"
    assert Path(here.attrs["source"]).resolve() == (released / "releases/1.0.0/datapackage.json").resolve()


def test_a_release_the_archives_index_does_not_record_is_refused(released: Path) -> None:
    """Edited consistently, manifests and all: only the archive's release index can tell."""
    folder = released / "releases/1.0.0"
    table = pq.read_table(folder / "data/tweets.parquet")
    pq.write_table(table.slice(0, 12), folder / "data/tweets.parquet", compression="zstd")
    digest = hashlib.sha256((folder / "data/tweets.parquet").read_bytes()).hexdigest()
    rewrite_descriptor(
        folder,
        lambda d: resource(d, "tweets-parquet").update(
            hash=f"sha256:{digest}", bytes=(folder / "data/tweets.parquet").stat().st_size, **{"x-rows": 12}
        ),
    )
    fixity.write_checksums(folder)
    with pytest.raises(
        FixityError, match="as the release index of the archive test-archive beside it records"
    ):
        threadarchive.Archive(released).load_tweets()
    copy = released.parent / "elsewhere" / "1.0.0"  # the same folder outside the archive: no index
    shutil.copytree(folder, copy)
    assert len(threadarchive.load_tweets(source=copy)) == 12


def test_withdrawals_from_the_archives_index_warn_or_are_left_out(released: Path) -> None:
    withdraw(Store(released), SEED_ID, "a takedown request", date=DAY)
    archive = threadarchive.Archive(released)
    [release] = archive.releases()
    assert release.withdrawn == (SEED_ID,)
    with pytest.warns(WithdrawnWarning, match=SEED_ID):
        assert len(archive.load_tweets()) == 13
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(archive.load_tweets(exclude_withdrawn=True)) == 0


def test_validate_and_verify_check_the_working_package_and_the_releases(released: Path) -> None:
    archive = threadarchive.Archive(released)
    assert archive.validate(today=DAY).valid
    assert [r.valid for r in archive.verify()] == [True]
    tweets = released / "data/tweets.csv"
    tweets.write_text(tweets.read_text(encoding="utf-8").replace("1/", "1/ edited", 1), encoding="utf-8")
    report = archive.validate(today=DAY)
    assert not report.valid
    assert "table-capture-mismatch" in {f.type for f in report.errors}
    (released / "releases/1.0.0/README.md").write_text("forged", encoding="utf-8")
    assert [r.valid for r in archive.verify()] == [False]
