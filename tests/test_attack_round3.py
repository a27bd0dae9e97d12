"""Round 3 attacks on what landed last: partitioned releases and partial loads, fidelity
across formats, and a release zip's site checked by rebuilding it.

Each test is an attack that once got through (a traceback, a pass that should fail, a
hang); the module docstring of the code it touches says how it is refused now.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

import threadarchive
from threadarchive.access import unpack
from threadarchive.access.shipped import verify
from threadarchive.errors import PackageError
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases

DAY = dt.date(2026, 1, 2)


@pytest.fixture
def release_dir(archive: Path) -> Path:
    return releases.publish(archive, planning.plan(archive, bump="minor", created=DAY))


@pytest.fixture
def zip_with_site(release_dir: Path, tmp_path: Path) -> Path:
    from threadarchive.access.site import build_site
    from threadarchive.release import bundles

    release = release_dir
    site = build_site(release, tmp_path / "site").path
    return bundles.make_zip(release, tmp_path / "release.zip", site=site)


def _linked(source: Path, target: Path, member: str) -> Path:
    """A copy of the zip whose ``member`` is a symbolic link holding the same bytes (what
    unzip makes a link to a path spelt by those bytes), its manifest left true."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == member:
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            new.writestr(info, data)
    return target


@pytest.mark.parametrize("part", ["site", "release"])
def test_a_link_in_a_release_zip_fails_verify(zip_with_site: Path, tmp_path: Path, part: str) -> None:
    with zipfile.ZipFile(zip_with_site) as archive:
        names = archive.namelist()
    top = next(n for n in names if n.endswith("/datapackage.json")).split("/")[0]
    member = f"{top}-site/index.html" if part == "site" else f"{top}/CITATION.cff"
    report = verify(_linked(zip_with_site, tmp_path / "linked.zip", member))
    assert not report.valid
    assert ("path-unsafe", member.removeprefix(f"{top}/")) in {(f.type, f.path) for f in report.errors}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_text_ending_in_a_long_run_of_links_is_read_in_one_pass() -> None:
    """X appends one link to a cut text; a text of 300,000 links (4.8 MB) was stripped one
    link at a time, each a copy of the rest: minutes, quadratic. Now a few links at most."""
    from threadarchive.archive.tables import truncation_of

    links = "https://t.co/a1 " * 300_000
    assert truncation_of("1/ The situ… " + links, "1/ The situation is grave. 1/") is False
    assert truncation_of("1/ The situ… https://t.co/a1 https://t.co/b2", "1/ The situation is grave.")
    assert not truncation_of("1/ The situation is grave.", "1/ The situ… " + links)


@pytest.mark.parametrize(
    ("columns", "filters"), [(["text"], None), (None, [("position", ">", 0)])], ids=["columns", "filters"]
)
def test_a_partial_load_measures_a_parquet_without_size_statistics(
    release_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: object, filters: object
) -> None:
    """An older writer's file states no text sizes: a whole load measures its text as
    dictionaries first, and so must a load of some columns or rows (it unpacked the
    bomb, 208 MiB from a small file, unchecked)."""
    from .test_downloads import bomb

    monkeypatch.setattr(unpack, "declared_sizes", lambda path: [[None]])
    copy = shutil.copytree(release_dir, tmp_path / "copy")
    assert len(threadarchive.load_tweets(source=copy, columns=["text"])) == 13  # measured, then read
    bomb(copy)
    with pytest.raises(PackageError, match=r"expected a Parquet file that unpacks to at most \d+ bytes"):
        threadarchive.load_tweets(source=copy, columns=columns, filters=filters)


def _with_site_files(source: Path, target: Path, extra: dict[str, bytes]) -> Path:
    """A copy of the zip with ``extra`` site files, the site's SHA256SUMS rewritten to
    list them (what a forger does)."""
    with zipfile.ZipFile(source) as old:
        members = {i.filename: old.read(i) for i in old.infolist()}
    top = next(n for n in members if n.endswith("/datapackage.json")).split("/")[0]
    site = f"{top}-site/"
    members.update({site + name: data for name, data in extra.items()})
    listed = sorted(n for n in members if n.startswith(site) and n != site + "SHA256SUMS")
    sums = "".join(f"{_sha256(members[n])}  {n.removeprefix(site)}\n" for n in listed)
    members[site + "SHA256SUMS"] = sums.encode()
    with zipfile.ZipFile(target, "w") as new:
        for name, data in members.items():
            new.writestr(name, data)
    return target


def test_a_site_of_thousands_of_planted_files_gives_a_capped_report(
    zip_with_site: Path, tmp_path: Path
) -> None:
    """2,000 files the build does not write, listed in the site's own manifest: each is
    a site-not-rebuilt error, but the report lists 1,000 of a type and says how many more."""
    extra = {f"planted/{n}.html": b"<p>x</p>" for n in range(2000)}
    report = verify(_with_site_files(zip_with_site, tmp_path / "planted.zip", extra))
    assert not report.valid
    kinds = [f.type for f in report.findings]
    assert kinds.count("site-not-rebuilt") == 1000
    assert "finding-limit" in kinds


@pytest.mark.parametrize(
    "forgery",
    ["citation-author-a-number", "text-as-numbers"],
)
def test_a_forged_release_whose_site_cannot_be_built_fails_verify_in_one_line(
    release_dir: Path, tmp_path: Path, forgery: str
) -> None:
    """A zip of a release no index anchors, every manifest made to agree with a forged
    file: rebuilding its site to compare raised TypeError or ArrowInvalid (a traceback
    from verify); the site is reported as not rebuilt instead."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from threadarchive.access.site import build_site
    from threadarchive.release import bundles, fixity

    site = build_site(release_dir, tmp_path / "site").path
    alone = shutil.copytree(release_dir, tmp_path / "alone" / release_dir.name)
    if forgery == "citation-author-a-number":
        (alone / "CITATION.cff").write_text("cff-version: 1.2.0\ntitle: T\nauthors:\n- name: 5\n")
    else:
        table = pq.read_table(alone / "data/tweets.parquet")
        at = table.schema.get_field_index("text")
        pq.write_table(
            table.set_column(at, "text", pa.array(range(table.num_rows))), alone / "data/tweets.parquet"
        )
        path = alone / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        tweets = next(r for r in descriptor["resources"] if r["name"] == "tweets-parquet")
        data = (alone / "data/tweets.parquet").read_bytes()
        tweets.update({"hash": f"sha256:{_sha256(data)}", "x-bytes": len(data)})
        path.write_text(json.dumps(descriptor), encoding="utf-8")
    fixity.write_checksums(alone)
    report = verify(bundles.make_zip(alone, tmp_path / "forged.zip", site=site))
    assert not report.valid
    assert "site-not-rebuilt" in {f.type for f in report.errors}


def test_the_site_and_database_readers_refuse_a_file_of_other_columns(
    release_dir: Path, tmp_path: Path
) -> None:
    """A release no index anchors, its tweets Parquet without the text column, every
    manifest made to agree: the site and SQLite readers raised KeyError (a traceback
    from ``site`` and ``sqlite``); the verified release refuses the file instead."""
    import pyarrow.parquet as pq

    from threadarchive.access.verified import open_verified
    from threadarchive.errors import FixityError
    from threadarchive.release import fixity

    alone = shutil.copytree(release_dir, tmp_path / "alone" / release_dir.name)
    target = alone / "data/tweets.parquet"
    pq.write_table(pq.read_table(target).drop_columns(["text"]), target)
    path = alone / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    tweets = next(r for r in descriptor["resources"] if r["name"] == "tweets-parquet")
    tweets.update({"hash": f"sha256:{_sha256(target.read_bytes())}", "x-bytes": target.stat().st_size})
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    fixity.write_checksums(alone)
    opened = open_verified(alone)
    with pytest.raises(FixityError, match="expected the columns of"):
        list(opened.batches("tweets"))
    assert opened.read("threads").num_rows == 1  # the other tables are as declared


def test_a_whole_load_refuses_a_file_of_other_columns(release_dir: Path, tmp_path: Path) -> None:
    """As a partial load does: a forged file (no index anchors its release) whose text is
    numbers was returned as the tweets table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from threadarchive.errors import FixityError
    from threadarchive.release import fixity

    alone = shutil.copytree(release_dir, tmp_path / "alone" / release_dir.name)
    target = alone / "data/tweets.parquet"
    table = pq.read_table(target)
    at = table.schema.get_field_index("text")
    pq.write_table(table.set_column(at, "text", pa.array(range(table.num_rows))), target)
    path = alone / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    tweets = next(r for r in descriptor["resources"] if r["name"] == "tweets-parquet")
    tweets.update({"hash": f"sha256:{_sha256(target.read_bytes())}", "x-bytes": target.stat().st_size})
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    fixity.write_checksums(alone)
    with pytest.raises(FixityError, match="expected the columns of"):
        threadarchive.load_tweets(source=alone)


def test_a_column_another_writer_left_nullable_still_loads(release_dir: Path, tmp_path: Path) -> None:
    """The column check of a load is by name and type: a third party's file whose text is
    nullable (as most writers leave it) holds the same values, and loads whole or in part;
    the site and SQLite readers, which take a required column for granted (a null position
    raised TypeError and sqlite3.IntegrityError), refuse it."""
    import pyarrow.parquet as pq

    from threadarchive.release import fixity

    alone = shutil.copytree(release_dir, tmp_path / "alone" / release_dir.name)
    target = alone / "data/tweets.parquet"
    table = pq.read_table(target)
    pq.write_table(table.cast(pa_nullable(table.schema)), target)
    path = alone / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    tweets = next(r for r in descriptor["resources"] if r["name"] == "tweets-parquet")
    tweets.update({"hash": f"sha256:{_sha256(target.read_bytes())}", "x-bytes": target.stat().st_size})
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    fixity.write_checksums(alone)
    assert len(threadarchive.load_tweets(source=alone)) == table.num_rows
    assert len(threadarchive.load_tweets(source=alone, columns=["text"])) == table.num_rows
    from threadarchive.access.verified import open_verified
    from threadarchive.errors import FixityError

    with pytest.raises(FixityError, match="expected the columns of"):  # the readers ask for more
        list(open_verified(alone).batches("tweets"))


def pa_nullable(schema: object) -> object:
    import pyarrow as pa

    assert isinstance(schema, pa.Schema)
    return pa.schema([f.with_nullable(True) for f in schema])
