"""A release's trust is anchored outside its folder: forgeries that rename the archive,
bring their own index, or slip an unindexed release into an archive are refused, and
nothing a descriptor says is ever used as a path."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

import threadarchive
from threadarchive import FixityError, InvalidDataError, PackageError
from threadarchive.archive.index import Index
from threadarchive.archive.ingest import ingest
from threadarchive.release import fixity
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases
from threadarchive.release.fixity import verify

from .conftest import DAY, write_capture
from .test_hardening import forge, resource, rewrite_descriptor


@pytest.fixture
def release_dir(archive: Path) -> Path:
    return releases.publish(archive, planning.plan(archive, bump="minor", created=DAY))


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the latest release the package ships (its index knows it)."""
    latest = threadarchive.releases()[-1].version
    shipped = Path(str(resources.files("threadarchive") / "_releases" / latest))
    copy = tmp_path / "copies" / latest
    shutil.copytree(shipped, copy)
    return copy


@pytest.mark.live_archive  # the package's own shipped releases
@pytest.mark.parametrize("name", ["threadarchive ", "Threadarchive", "threadarchive\u200b"])
def test_a_forgery_cannot_escape_the_index_by_renaming_its_archive(shipped_copy: Path, name: str) -> None:
    forge(shipped_copy)
    rewrite_descriptor(shipped_copy, lambda d: d.update(name=name))
    with pytest.raises(PackageError, match="name: expected lower-case letters"):
        threadarchive.load_tweets(source=shipped_copy)
    assert not verify(shipped_copy).valid


@pytest.mark.live_archive  # the package's own shipped releases
def test_an_index_placed_beside_a_forgery_does_not_vouch_for_it(shipped_copy: Path) -> None:
    forge(shipped_copy)
    index = Index.read(Path(str(resources.files("threadarchive") / "_releases" / "index.json")))
    descriptor = (shipped_copy / "datapackage.json").read_bytes()

    entries = tuple(
        replace(e, descriptor_sha256=hashlib.sha256(descriptor).hexdigest())
        if e.version == shipped_copy.name
        else e
        for e in index.entries
    )
    (shipped_copy.parent / "index.json").write_text(replace(index, entries=entries).to_json())
    report = verify(shipped_copy)
    assert not report.valid
    assert sorted((f.type, f.path) for f in report.errors) == [  # the index records every file's hash
        ("hash-mismatch", "data/tweets.parquet"),
        ("release-unanchored", "datapackage.json"),
    ]
    with pytest.raises(FixityError, match="as the release index in threadarchive records"):
        threadarchive.load_tweets(source=shipped_copy)


def test_a_release_its_archive_never_indexed_is_refused_and_never_chained(
    archive: Path, release_dir: Path, tmp_path: Path
) -> None:
    slipped = archive / "releases/1.0.1"
    shutil.copytree(release_dir, slipped)
    forge(slipped)
    rewrite_descriptor(slipped, lambda d: d.update(version="1.0.1"))
    fixity.write_checksums(slipped)
    report = verify(slipped)
    [finding] = report.errors
    assert (finding.type, finding.severity) == ("release-not-indexed", "error")
    assert "in the release index of its archive, found none" in finding.message
    # The next release refuses to chain to it.
    from threadarchive.archive.ingest import Source
    from threadarchive.archive.store import Store

    ingest(Store(archive), [Source(write_capture(tmp_path / "b.txt", ["Another 1/", "thread 2/"]))])
    with pytest.raises(InvalidDataError, match="the latest release fails its manifests"):
        releases.publish(archive, planning.plan(archive, bump="minor", created=DAY))
    assert not (archive / "releases/1.1.0").exists()


@pytest.mark.parametrize(
    "digest",
    ["sha256:../../../../../../tmp/anchoring-outside/x", "sha256:/etc/passwd", "sha256:" + "A" * 64, 7],
    ids=["dotdot", "absolute", "upper-case", "not-text"],
)
def test_a_declared_hash_is_never_a_path(
    server: tuple[str, Path], release_dir: Path, tmp_path: Path, digest: object
) -> None:
    url, served = server
    shutil.copytree(release_dir, served / "r")
    rewrite_descriptor(served / "r", lambda d: resource(d, "tweets-parquet").update(hash=digest))
    with pytest.raises(PackageError, match=r"resources\[\d+\]\.hash: expected 'sha256:' and 64 hex digits"):
        threadarchive.load_table("tweets", source=url + "r/")
    assert not Path("/tmp/anchoring-outside").exists()
    cache = Path(os.environ["THREADARCHIVE_CACHE"])
    assert not [p for p in (cache / "blobs").rglob("*") if p.is_file()]  # nothing unverified kept


@pytest.fixture
def zip_with_site(release_dir: Path, tmp_path: Path) -> Path:
    from threadarchive.access.site import build_site
    from threadarchive.release import bundles

    site = build_site(release_dir, tmp_path / "site").path
    return bundles.make_zip(release_dir, tmp_path / "release.zip", site=site)


def rezip(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of the zip at ``source`` with members replaced, added or (None) removed."""
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            if name not in change:
                new.writestr(name, old.read(name))
        for name, data in change.items():
            if data is not None:
                new.writestr(name, data)
    return target


def test_a_release_zip_with_its_site_verifies(zip_with_site: Path) -> None:
    import zipfile

    report = verify(zip_with_site)
    assert report.valid, [f.to_dict() for f in report.errors]
    with zipfile.ZipFile(zip_with_site) as archive:
        top = next(n for n in archive.namelist() if n.endswith("/datapackage.json")).split("/")[0]
        sums = archive.read(f"{top}-site/SHA256SUMS").decode().splitlines()
        site_files = {
            n.removeprefix(f"{top}-site/") for n in archive.namelist() if n.startswith(f"{top}-site/")
        }
    assert {line.split("  ", 1)[1] for line in sums} == site_files - {"SHA256SUMS"}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("tampered page", "hash-mismatch"),
        ("extra site file", "file-unlisted"),
        ("extra top folder", "file-unlisted"),
        ("extra top file", "file-unlisted"),
        ("escaping name", "path-unsafe"),
        ("absolute name", "path-unsafe"),
    ],
)
def test_everything_in_a_release_zip_is_verified(
    zip_with_site: Path, tmp_path: Path, kind: str, expected: str
) -> None:
    import zipfile

    with zipfile.ZipFile(zip_with_site) as archive:
        names = archive.namelist()
        top = next(n for n in names if n.endswith("/datapackage.json")).split("/")[0]
        page = next(n for n in names if n.startswith(f"{top}-site/") and n.endswith(".html"))
        original = archive.read(page)
    change: dict[str, bytes | None] = {
        "tampered page": {page: original.replace(b"</body>", b"<script>alert(1)</script></body>")},
        "extra site file": {f"{top}-site/evil.html": b"<script>alert(1)</script>"},
        "extra top folder": {"other/evil.html": b"x"},
        "extra top file": {"evil.txt": b"x"},
        "escaping name": {"../evil.txt": b"x"},
        "absolute name": {"/tmp/evil.txt": b"x"},
    }[kind]
    report = verify(rezip(zip_with_site, tmp_path / "changed.zip", change))
    assert not report.valid
    assert expected in {f.type for f in report.errors}, [f.to_dict() for f in report.findings]
