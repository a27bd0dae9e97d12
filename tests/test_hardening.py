"""Nothing outside the archive is read or written, no input hangs or crashes it, trust is anchored.

Each case is one an attacker or a failing machine produced on the first round.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import threadarchive
from threadarchive import ConflictError, FixityError, PackageError, ThreadArchiveError
from threadarchive.archive import journal as journal_module
from threadarchive.archive import published
from threadarchive.archive.checks import validate
from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.metadata import ThreadMeta
from threadarchive.archive.store import Store
from threadarchive.cli import main
from threadarchive.contract.package import load_package
from threadarchive.release import bundles, fixity
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases
from threadarchive.release import reproduce as reproducing

from .conftest import DAY, SEED, SEED_ID, snapshot, write_capture


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def release_dir(archive: Path) -> Path:
    return releases.publish(archive, planning.plan(archive, bump="minor", created=DAY))


def rewrite_descriptor(folder: Path, change: object) -> None:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text())
    change(descriptor)  # type: ignore[operator]
    path.write_text(json.dumps(descriptor))


def resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


# 1. Arbitrary file write ---------------------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    ["/tmp/x", "../../../../victim.txt", "https://example.org/x"],
    ids=["absolute", "dotdot", "url"],
)
def test_a_remote_descriptor_cannot_make_the_loader_write_anywhere(
    server: tuple[str, Path], release_dir: Path, tmp_path: Path, hostile: str
) -> None:
    url, served = server
    shutil.copytree(release_dir, served / "r")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    data = (served / "r/data/tweets.parquet").read_bytes()
    target = hostile if hostile != "/tmp/x" else str(victim)

    def point(descriptor: dict) -> None:
        resource(descriptor, "tweets-parquet")["path"] = target

    rewrite_descriptor(served / "r", point)
    with pytest.raises(
        PackageError, match=r"resource path .*: expected a (relative|local) path|path inside its folder"
    ):
        threadarchive.load_table("tweets", source=url + "r/")
    assert victim.read_text() == "precious"
    # Nowhere this test could have written (its folder, its cache, /tmp/x) holds the data.
    written = [*tmp_path.rglob("*"), *Path(os.environ["THREADARCHIVE_CACHE"]).rglob("*"), Path("/tmp/x")]
    kept = (served, release_dir)
    assert [
        p for p in written if p.is_file() and p.read_bytes() == data and not set(kept) & set(p.parents)
    ] == []


# 2. Reads outside the package ------------------------------------------------------------


def test_validate_never_reads_a_resource_outside_the_package(archive: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("thread_id\nTHE-SECRET-VALUE\n")
    rewrite_descriptor(archive, lambda d: resource(d, "threads").update(path="../secret.csv"))
    for engine in ("fast", "frictionless"):
        report = validate(archive, engine=engine)
        assert not report.valid
        assert "path-unsafe" in {f.type for f in report.findings}
        assert "THE-SECRET-VALUE" not in json.dumps(report.to_dict())


def test_a_schema_outside_the_package_is_refused(archive: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.json").write_text('{"fields": []}')
    rewrite_descriptor(archive, lambda d: resource(d, "threads").update(schema="../secret.json"))
    result = run("validate", str(archive))
    assert result.exit_code == 2
    assert "path '../secret.json' is unsafe" in result.stderr


def test_a_link_out_of_the_package_is_not_followed(archive: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("x\nTHE-SECRET-VALUE\n")
    (archive / "data/threads.csv").unlink()
    (archive / "data/threads.csv").symlink_to(secret)
    report = validate(archive)
    assert "path-unsafe" in {f.type for f in report.findings}
    assert "THE-SECRET-VALUE" not in json.dumps(report.to_dict())


def test_verify_and_the_loader_refuse_files_outside_the_release(release_dir: Path, tmp_path: Path) -> None:
    rewrite_descriptor(release_dir, lambda d: resource(d, "tweets-parquet").update(path="/etc/passwd"))
    report = fixity.verify(release_dir)
    assert not report.valid and "path-unsafe" in {f.type for f in report.errors}
    outside = shutil.copytree(release_dir, tmp_path / "outside")  # in its archive, the index refuses it first
    with pytest.raises(PackageError, match="resource path '/etc/passwd': expected a relative path"):
        threadarchive.load_table("tweets", source=outside)
    passwd = (
        hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest() if Path("/etc/passwd").exists() else "-"
    )
    assert passwd not in json.dumps(report.to_dict())
    (release_dir / "data/link").symlink_to(tmp_path)
    assert "path-unsafe" in {f.type for f in fixity.verify(release_dir).errors}


def test_a_capture_path_out_of_the_archive_is_never_read(archive: Path) -> None:
    meta = archive / f"data/meta/{SEED_ID}.yaml"
    raw_name = next((archive / "data/raw").iterdir()).name
    meta.write_text(meta.read_text().replace(f"path: {raw_name}", "path: ../../../../etc/passwd"))
    report = validate(archive)
    assert [f.type for f in report.errors] == ["metadata-error"]
    assert "root:" not in json.dumps(report.to_dict())
    shown = run("-C", str(archive), "show")
    assert "root:" not in shown.output


# 3. A hang -------------------------------------------------------------------------------


def hostile_pattern(archive: Path, pattern: str) -> None:
    path = archive / "datapackage.json"
    descriptor = json.loads(path.read_text())
    tweets = resource(descriptor, "tweets")
    schema = json.loads((archive / tweets["schema"]).read_text())
    next(f for f in schema["fields"] if f["name"] == "text")["constraints"]["pattern"] = pattern
    tweets["schema"] = schema
    path.write_text(json.dumps(descriptor))


@pytest.mark.parametrize("engine", ["fast", "frictionless"])
def test_a_pattern_re2_cannot_run_never_hangs_validation(archive: Path, engine: str) -> None:
    hostile_pattern(archive, r"(?!zzz)(.|\w)*!!!")
    result = subprocess.run(
        [sys.executable, "-m", "threadarchive", "validate", str(archive), "--engine", engine, "--json"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    findings = json.loads(result.stdout)["findings"]
    failing = [f for f in findings if f["type"] == "constraint-error" and f.get("field") == "text"]
    assert len(failing) == 13  # every tweet fails the pattern, found without hanging


def test_a_pattern_that_backtracks_beyond_its_time_is_reported(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from threadarchive.validation.schema import constraints

    monkeypatch.setattr(constraints, "PATTERN_SECONDS", 0.2)
    tweets = archive / "data/tweets.csv"
    tweets.write_text(
        tweets.read_text(encoding="utf-8").replace("As the situation", "a" * 60 + "!"), encoding="utf-8"
    )
    hostile_pattern(archive, r"(?=a)(a|aa)+")
    report = validate(archive)
    [unsupported] = [f for f in report.findings if f.type == "pattern-unsupported"]
    assert (unsupported.field, unsupported.severity) == ("text", "error")


# 4. Cache poisoning ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [b'{"resources": [', b"<html><body>Service unavailable</body></html>"],
    ids=["truncated", "html-200"],
)
def test_a_broken_descriptor_is_never_cached(
    server: tuple[str, Path], release_dir: Path, broken: bytes
) -> None:
    url, served = server
    shutil.copytree(release_dir, served / "r")
    good = (served / "r/datapackage.json").read_bytes()
    (served / "r/datapackage.json").write_bytes(broken)
    with pytest.raises(PackageError, match="expected a JSON descriptor"):
        threadarchive.load_tweets(source=url + "r/")
    (served / "r/datapackage.json").write_bytes(good)  # the server is mended: so is the load
    assert len(threadarchive.load_tweets(source=url + "r/")) == 13


def test_a_broken_zip_is_never_cached(server: tuple[str, Path], release_dir: Path) -> None:
    url, served = server
    zipped = bundles.make_zip(release_dir, served / "release.zip")
    good = zipped.read_bytes()
    zipped.write_bytes(good[: len(good) // 2])
    with pytest.raises(ThreadArchiveError):
        threadarchive.load_tweets(source=url + "release.zip")
    zipped.write_bytes(good)
    assert len(threadarchive.load_tweets(source=url + "release.zip")) == 13


def test_a_forged_release_fetched_once_is_never_served_again(
    server: tuple[str, Path], release_dir: Path
) -> None:
    url, served = server
    shutil.copytree(release_dir, served / "r")
    real = threadarchive.load_tweets(source=release_dir)
    forge(served / "r")
    forged = threadarchive.load_tweets(source=url + "r/")  # consistent: its own manifests vouch for it
    assert forged["text"][0] != real["text"][0]
    shutil.rmtree(served / "r")
    shutil.copytree(release_dir, served / "r")  # the server is restored
    assert threadarchive.load_tweets(source=url + "r/")["text"].tolist() == real["text"].tolist()


def forge(folder: Path) -> None:
    """Change the tweets' data and update every manifest to match: a consistent forgery."""
    import pyarrow as pa

    parquet = folder / "data/tweets.parquet"
    table = pq.read_table(parquet)
    texts = table["text"].to_pylist()
    table = table.set_column(
        table.schema.get_field_index("text"), "text", pa.array(["FORGED " + texts[0], *texts[1:]])
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    parquet.write_bytes(buffer.getvalue())
    digest = hashlib.sha256(parquet.read_bytes()).hexdigest()

    def update(descriptor: dict) -> None:
        resource(descriptor, "tweets-parquet").update(
            {"hash": f"sha256:{digest}", "x-bytes": parquet.stat().st_size}
        )

    rewrite_descriptor(folder, update)
    fixity.write_checksums(folder)


# 5. No limits ----------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_by_verify_and_the_loader(release_dir: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    zeros = bytes(64 << 20)  # deflates about a thousand times
    sums = (release_dir / "SHA256SUMS").read_text() + f"{hashlib.sha256(zeros).hexdigest()}  data/big.bin\n"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(p for p in release_dir.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
            archive.write(file, f"r/{file.relative_to(release_dir).as_posix()}")
        archive.writestr("r/SHA256SUMS", sums)  # the bomb is listed, with its true hash
        archive.writestr("r/data/big.bin", zeros)
    assert bomb.stat().st_size < 1 << 20
    report = fixity.verify(bomb)
    assert not report.valid
    assert "file-too-large" in {f.type for f in report.errors}
    with pytest.raises(FixityError):
        threadarchive.load_tweets(source=bomb)


def test_too_many_zip_members_are_refused_before_the_directory_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for number in range(50):
            archive.writestr(f"r/{number}.txt", b"x")
    monkeypatch.setattr(fixity, "RELEASE_ZIP", fixity.Limits(members=10))
    with pytest.raises(PackageError, match="expected a zip of at most 10 members, found one declaring 50"):
        fixity.verify(many)


# 6. Malformed tables ---------------------------------------------------------------------


def header_only(root: Path) -> None:
    tweets = root / "data/tweets.csv"
    tweets.write_text(tweets.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def missing_columns(root: Path) -> None:
    tweets = root / "data/tweets.csv"
    lines = tweets.read_text(encoding="utf-8").splitlines()
    tweets.write_text("\n".join(",".join(line.split(",")[:2]) for line in lines) + "\n", encoding="utf-8")


def huge_field(root: Path) -> None:
    tweets = root / "data/tweets.csv"
    tweets.write_text(
        tweets.read_text(encoding="utf-8").replace("A few thoughts", "x" * (3 << 20), 1), encoding="utf-8"
    )


@pytest.mark.parametrize("fault", [header_only, missing_columns, huge_field], ids=lambda f: f.__name__)
@pytest.mark.parametrize("engine", ["fast", "frictionless"])
def test_a_malformed_table_is_findings_not_a_traceback(archive: Path, fault: object, engine: str) -> None:
    fault(archive)  # type: ignore[operator]
    result = run("validate", str(archive), "--engine", engine)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "INVALID" in result.output.splitlines()[-1]


def test_a_capture_with_a_3_mb_tweet_is_ingested_validated_and_released(
    empty_archive: Path, tmp_path: Path
) -> None:
    capture = write_capture(tmp_path / "long.txt", ["Start 1/", "x" * (3 << 20) + " 2/"])
    assert run("-C", str(empty_archive), "ingest", str(capture)).exit_code == 0
    assert validate(empty_archive).valid
    released = run("-C", str(empty_archive), "release", "--bump", "minor", "--date", "2026-11-25", "-q")
    assert released.exit_code == 0, released.output
    tweets = threadarchive.load_tweets(source=empty_archive / "releases/1.0.0")
    assert len(tweets["text"][1]) == (3 << 20) + 3


# 9. verify on hostile descriptors ---------------------------------------------------------


@pytest.mark.parametrize(
    "descriptor",
    [b"[1, 2, 3]", b'{"resources": ["data/a.csv"]}', b"[" * 100_000 + b"]" * 100_000, b"\xff\xfe", b"{}"],
    ids=["list", "strings", "deep", "not-utf8", "no-resources"],
)
def test_verify_of_a_hostile_descriptor_is_a_finding(release_dir: Path, descriptor: bytes) -> None:
    (release_dir / "datapackage.json").write_bytes(descriptor)
    fixity.write_checksums(release_dir)  # even with manifests to match
    result = run("verify", str(release_dir), "--json")
    assert result.exit_code == 1, result.output
    assert "manifest-error" in {f["type"] for f in json.loads(result.output)["findings"]}


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("abc  data/extra.csv", "found 'abc  data/extra.csv'"),  # a digest of another length
        (f"{'0' * 64}  ../outside.csv", "found expected a path inside"),
        (f"{'0' * 64}  README.md", "found a path listed twice"),
    ],
    ids=["short-digest", "unsafe-path", "listed-twice"],
)
def test_every_bad_manifest_line_is_a_finding_on_its_line(release_dir: Path, line: str, found: str) -> None:
    sums = release_dir / "SHA256SUMS"
    lines = sums.read_text().splitlines()
    sums.write_text("\n".join([*lines, line]) + "\n")
    report = fixity.verify(release_dir)
    [error] = [f for f in report.errors if f.type == "manifest-error"]
    assert error.line == len(lines) + 1
    assert found in error.message, error.message


def test_a_data_file_deleted_with_its_checksum_line_is_missed(release_dir: Path) -> None:
    (release_dir / "data/threads.csv").unlink()
    sums = release_dir / "SHA256SUMS"
    sums.write_text(
        "".join(line + "\n" for line in sums.read_text().splitlines() if "threads.csv" not in line)
    )
    report = fixity.verify(release_dir)
    assert ("file-missing", "data/threads.csv") in {(f.type, f.path) for f in report.errors}


# 10. Environment errors -------------------------------------------------------------------


def test_a_full_disk_is_one_line_and_exit_2(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    capture = write_capture(tmp_path / "new.txt", ["New 1/", "thread 2/"])

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(args[1]) if len(args) > 1 else "")

    monkeypatch.setattr(os, "replace", full)
    result = run("-C", str(archive), "ingest", str(capture))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "No space left on device" in result.stderr
    assert result.stderr.count("\n") == 1


def test_an_unwritable_cache_is_one_line(
    server: tuple[str, Path], release_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, served = server
    shutil.copytree(release_dir, served / "r")
    not_a_folder = tmp_path / "cache-file"
    not_a_folder.write_text("x")
    monkeypatch.setenv("THREADARCHIVE_CACHE", str(not_a_folder))
    with pytest.raises(ThreadArchiveError, match="cache-file"):
        threadarchive.load_tweets(source=url + "r/")


# 11. Unbounded output ---------------------------------------------------------------------


def test_findings_of_one_type_are_capped_with_a_count(archive: Path) -> None:
    tweets = archive / "data/tweets.csv"
    lines = tweets.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    many = [row.replace(SEED_ID, f"{SEED_ID}", 1) for row in rows] * 200  # 2600 rows: stale and repeated
    tweets.write_text("\n".join([header, *many]) + "\n", encoding="utf-8")
    report = validate(archive)
    counts = {
        kind: sum(f.type == kind for f in report.findings) for kind in {f.type for f in report.findings}
    }
    assert max(counts.values()) <= 1000
    limits = [f for f in report.findings if f.type == "finding-limit"]
    assert limits and all("more not listed" in f.message for f in limits)


# 12. An anchor of trust --------------------------------------------------------------------


def test_a_consistently_forged_release_is_refused(archive: Path, release_dir: Path) -> None:
    assert fixity.verify(release_dir).valid
    forge(release_dir)
    report = fixity.verify(release_dir)  # every manifest agrees, but the index does not
    assert sorted((f.type, f.path) for f in report.errors) == [  # the index records every file's hash
        ("hash-mismatch", "data/tweets.parquet"),
        ("release-unanchored", "datapackage.json"),
    ]
    assert run("-C", str(archive), "verify").exit_code == 1


@pytest.mark.live_archive  # the package's own shipped releases
def test_the_loader_refuses_a_forgery_of_a_release_the_package_knows(tmp_path: Path) -> None:
    latest = threadarchive.releases()[-1].version
    shipped = Path(str(resources.files("threadarchive") / "_releases" / latest))
    copy = tmp_path / latest
    shutil.copytree(shipped, copy)
    assert len(threadarchive.load_tweets(source=copy)) > 0
    forge(copy)
    with pytest.raises(FixityError, match="as the release index in threadarchive records"):
        threadarchive.load_tweets(source=copy)


def test_each_release_chains_to_the_one_before(archive: Path, release_dir: Path, tmp_path: Path) -> None:
    ingest(Store(archive), [Source(write_capture(tmp_path / "b.txt", ["Another 1/", "thread 2/"]))])
    second = releases.publish(archive, planning.plan(archive, bump="minor", created=DAY))
    descriptor = json.loads((second / "datapackage.json").read_text())
    previous = hashlib.sha256((release_dir / "datapackage.json").read_bytes()).hexdigest()
    assert descriptor["x-previous"] == {"version": "1.0.0", "sha256": previous}
    index = json.loads((archive / "releases/index.json").read_text())
    assert [(e["version"], e["previous"]) for e in index["releases"]] == [
        ("1.0.0", None),
        ("1.1.0", previous),
    ]
    assert reproducing.reproduce(archive, "1.1.0").differing == []


# Property-based: arbitrary input raises only the project's own errors ----------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
DESCRIPTORS = (
    st.fixed_dictionaries(
        {
            "resources": st.lists(
                st.fixed_dictionaries(
                    {"name": st.text(max_size=8), "path": st.text(max_size=20) | JSON, "schema": JSON}
                ),
                max_size=3,
            )
        }
    )
    | JSON
)


@settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)
@given(DESCRIPTORS)
def test_arbitrary_descriptors_raise_only_our_errors(tmp_path: Path, descriptor: object) -> None:
    folder = tmp_path / "pkg"
    folder.mkdir(exist_ok=True)
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    with contextlib.suppress(ThreadArchiveError):
        validate(folder)
    (folder / "SHA256SUMS").write_text("")
    with contextlib.suppress(ThreadArchiveError):
        fixity.verify(folder)


@settings(max_examples=100, deadline=None)
@given(JSON)
def test_arbitrary_metadata_raises_only_input_errors(data: object) -> None:
    from threadarchive.errors import InputError

    with contextlib.suppress(InputError):
        ThreadMeta.from_dict(data, "meta.yaml")


def test_load_package_rejects_a_deep_descriptor_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(PackageError, match=r"nested too deeply|expected a JSON object"):
        load_package(tmp_path)


def test_nothing_is_left_behind_by_a_refused_ingest(archive: Path, tmp_path: Path) -> None:
    before = snapshot(archive)
    changed = tmp_path / "changed.txt"
    changed.write_bytes(SEED.read_bytes().replace(b"Pokrovsk is", b"Pokrovsk was", 1))
    assert run("-C", str(archive), "ingest", str(changed)).exit_code == 2
    assert snapshot(archive) == before
    assert not list((archive / ".threadarchive").glob("staging/*"))


# 12. The archive's own folders as links out of it ------------------------------------------


def _link_out(archive: Path, relative: str, outside: Path) -> None:
    """Move ``relative`` out of the archive to ``outside`` and leave a link in its place."""
    shutil.move(archive / relative, outside)
    (archive / relative).symlink_to(outside)


def _empty_schemas(archive: Path, outside: Path) -> list[tuple[str, ...]]:
    _link_out(archive, "schemas", outside)
    for schema in outside.iterdir():
        schema.unlink()  # a rebuild following the link would write them here again
    return [("rebuild",), ("ingest", str(write_capture(outside.parent / "new.txt", ["New 1/", "end 2/"])))]


def _state(archive: Path, outside: Path) -> list[tuple[str, ...]]:
    shutil.rmtree(archive / ".threadarchive", ignore_errors=True)
    (outside / "staging").mkdir(parents=True)
    (outside / "staging/important.txt").write_text("precious")
    (archive / ".threadarchive").symlink_to(outside)
    return [("rebuild",), ("show",), ("meta", SEED_ID, "--language", "uk")]


def _meta_file(archive: Path, outside: Path) -> list[tuple[str, ...]]:
    meta = archive / f"data/meta/{SEED_ID}.yaml"
    meta.unlink()
    outside.write_text("thread_id: THE-SECRET-VALUE\n")
    meta.symlink_to(outside)
    return [("rebuild",), ("meta", SEED_ID, "--language", "uk"), ("validate",)]


def _meta_folder(archive: Path, outside: Path) -> list[tuple[str, ...]]:
    _link_out(archive, "data/meta", outside)
    return [("show",), ("meta", SEED_ID, "--language", "uk"), ("rebuild",), ("validate",)]


def _release(archive: Path, outside: Path) -> list[tuple[str, ...]]:
    releases.publish(archive, planning.plan(archive, bump="minor", created=DAY))
    _link_out(archive, "releases/1.0.0", outside)
    return [
        ("verify",),
        ("releases",),
        ("diff", "1.0.0"),
        ("release", "--bump", "patch", "-q"),
        ("verify", "1.0.0"),
    ]


@pytest.mark.parametrize(
    "setup",
    [_empty_schemas, _state, _meta_file, _meta_folder, _release],
    ids=["schemas", "state", "meta-file", "meta-folder", "release"],
)
def test_a_link_out_of_the_archive_is_refused_before_anything_is_touched(
    archive: Path, tmp_path: Path, setup: object
) -> None:
    outside = tmp_path / "outside"
    commands = setup(archive, outside)  # type: ignore[operator]
    before = snapshot(outside) if outside.is_dir() else outside.read_bytes()
    for command in commands:
        result = run("-C", str(archive), *command)
        said = result.stderr + result.stdout
        assert result.exit_code in (1, 2), (command, said)  # validate reports it as a finding
        assert "is unsafe" in said and f"-> {outside}" in said, (command, said)
        assert "THE-SECRET-VALUE" not in said
    assert (snapshot(outside) if outside.is_dir() else outside.read_bytes()) == before
    assert not (outside / "lock").exists()


# 13. Archive YAML without aliases ------------------------------------------------------------


ALIAS_BOMB = "".join(
    f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}" if n else "x"] * 9) + "]\n" for n in range(6)
)  # nine times larger at each level: a few more levels and it grows to gigabytes


@pytest.mark.parametrize("file", ["archive.yaml", f"data/meta/{SEED_ID}.yaml"], ids=["settings", "meta"])
def test_yaml_aliases_are_refused_with_the_file_and_line(archive: Path, file: str) -> None:
    path = archive / file
    lines = path.read_text().count("\n")
    path.write_text(path.read_text() + ALIAS_BOMB)
    for command in (("rebuild",), ("meta", SEED_ID, "--language", "uk"), ("validate",)):
        result = run("-C", str(archive), *command)
        said = result.stderr + result.stdout
        assert result.exit_code in (1, 2), (command, said)
        assert f"{file}, line {lines + 2}" in said and "an alias (*a0)" in said, (command, said)


# 14. A manifest's quote left open ------------------------------------------------------------


def test_a_manifest_quote_left_open_is_refused_naming_its_line(empty_archive: Path, tmp_path: Path) -> None:
    captures = [write_capture(tmp_path / f"{n}.txt", [f"Thread {n} 1/", f"ends {n} 2/"]) for n in range(3)]
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f'path,known_gaps\n{captures[0]},"tweet 3 deleted\n{captures[1]},\n{captures[2]},\n')
    before = snapshot(empty_archive)
    result = run("-C", str(empty_archive), "ingest", "--manifest", str(manifest))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {manifest}, row 2: expected one row per line, found a cell")
    assert "lines 2 to 4" in result.stderr and result.stderr.count("\n") == 1
    assert snapshot(empty_archive) == before


# 15. Real dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "when", ["2025-99-99", "2025-02-30", "2025-11-05T25:00Z", "2025-11-05T10:00+24:00"], ids=str
)
def test_a_curated_date_must_be_a_real_one(archive: Path, tmp_path: Path, when: str) -> None:
    result = run("-C", str(archive), "meta", SEED_ID, "--captured-at", when)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: --captured-at: expected a real date or date and time, found '{when}'"
    )
    meta = archive / f"data/meta/{SEED_ID}.yaml"
    meta.write_text(meta.read_text().replace("captured_at: null", f"captured_at: '{when}'"))
    with pytest.raises(ThreadArchiveError, match="captured_at': expected a real date"):
        ThreadMeta.read(meta)
    assert run("-C", str(archive), "meta", SEED_ID, "--captured-at", "2024-02-29T23:59Z").exit_code == 2
    meta.write_text(meta.read_text().replace(f"captured_at: '{when}'", "captured_at: null"))
    assert run("-C", str(archive), "meta", SEED_ID, "--captured-at", "2024-02-29T23:59Z").exit_code == 0


# 16. Positions and counts within int32 ----------------------------------------------------------


def test_positions_and_counts_beyond_the_limit_are_refused(archive: Path, tmp_path: Path) -> None:
    huge = "99999999999999999999999"
    acknowledged = run(
        "-C", str(archive), "meta", SEED_ID, "--acknowledge", "marker-style-mismatch", "--position", huge, "--note", "x"
    )  # fmt: skip
    assert acknowledged.exit_code == 2 and "is not in the range 1<=x<=2147483647" in acknowledged.stderr
    capture = write_capture(tmp_path / "big.txt", ["Big 1/", "thread 2/"], declared=10**20)
    for command in (("parse", str(capture)), ("-C", str(archive), "ingest", str(capture))):
        result = run(*command)
        assert result.exit_code == 2
        assert result.stderr == (
            f"Error: {capture}, line 4: expected a tweet count of at most 2147483647, "
            f"found 'Mar 4, 2024, {10**20} tweets'\n"
        )
    meta = archive / f"data/meta/{SEED_ID}.yaml"
    meta.write_text(meta.read_text().replace("tweet_ids: {}", f"tweet_ids: {{{2**31}: '1'}}"))
    with pytest.raises(
        ThreadArchiveError, match=r"field 'tweet_ids': expected a position 1, 2, \.\.\. up to"
    ):
        ThreadMeta.read(meta)


# 17. Anything but a regular file -----------------------------------------------------------------


@contextlib.contextmanager
def never_blocking(fifo: Path) -> Iterator[list[bool]]:
    """Fail (rather than hang) if a reader blocks on ``fifo``: after 10 s a writer opens
    and closes it, which ends the read, and the test sees that it was needed."""
    import threading

    done, rescued = threading.Event(), [False]

    def rescue() -> None:
        wait = 10.0
        while not done.wait(wait):  # a reader may open it again: end every read, until it is done
            wait = 0.05
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                rescued[0] = True

    thread = threading.Thread(target=rescue, daemon=True)
    thread.start()
    try:
        yield rescued
    finally:
        done.set()
        thread.join()


def test_a_fifo_is_refused_not_waited_for(archive: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "capture.txt"
    os.mkfifo(fifo)
    cases = [
        (("parse", str(fifo)), str(fifo)),
        (("-C", str(archive), "ingest", str(fifo)), str(fifo)),
        (("-C", str(archive), "ingest", "--manifest", str(fifo)), str(fifo)),
        (("validate", str(fifo)), str(fifo)),
    ]
    meta = archive / f"data/meta/{SEED_ID}.yaml"
    cases.append((("-C", str(archive), "rebuild"), str(meta)))
    for command, named in cases:
        if named == str(meta):  # metadata last: the archive's own file, a FIFO now
            meta.unlink()
            os.mkfifo(meta)
        with never_blocking(Path(named)) as rescued:
            result = run(*command)
        assert not rescued[0], f"{command} blocked on the FIFO"
        assert result.exit_code == 2, (command, result.output)
        assert f"{named}: expected a regular file, found a named pipe (FIFO)" in result.stderr, command


# 18. A damaged journal -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "journal",
    [
        "not json",
        '{"writes": {}}',
        '{"moves": 5, "writes": {}}',
        '{"moves": [["a"]], "writes": {}}',
        '{"moves": [], "writes": {}, "x": 5}',
        '{"moves": [], "writes": {"CHANGELOG.md": 5}}',
        '{"moves": [["/etc/passwd", "x"]], "writes": {}}',
        "[]",
    ],
    ids=["not-json", "no-moves", "moves-5", "one-path-move", "extra-key", "write-5", "absolute", "list"],
)
def test_a_damaged_journal_is_one_line_with_the_remedy(archive: Path, tmp_path: Path, journal: str) -> None:
    path = archive / ".threadarchive/journal.json"
    path.write_text(journal)
    capture = write_capture(tmp_path / "new.txt", ["New 1/", "thread 2/"])
    for command in (("rebuild",), ("ingest", str(capture)), ("meta", SEED_ID, "--language", "uk")):
        result = run("-C", str(archive), *command)
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.startswith(f"Error: {path}: expected a journal ")
        assert "then delete the journal" in result.stderr and result.stderr.count("\n") == 1
    # the read-only commands (validate, which the remedy names, among them) work, and say
    # it once: validate said "valid" and nothing more, while every writing command refused
    for command in (("validate",), ("show",)):
        result = run("-C", str(archive), *command)
        assert result.exit_code == 0 and result.stdout, (command, result.output)
        assert result.stderr.startswith(f"warning: {path}: expected a journal "), command
        assert result.stderr.count("\n") == 1, command


# 19. diff of a mutated release ----------------------------------------------------------------------


def _schema(change: object) -> object:
    def mutate(release: Path) -> None:
        rewrite_descriptor(release, lambda d: change(resource(d, "threads")["schema"]))  # type: ignore[operator]

    return mutate


@pytest.mark.parametrize(
    ("mutate", "named"),
    [
        (_schema(lambda s: s["fields"][0].pop("name")), "datapackage.json: resource 'threads': schema: fields[0]"),
        (_schema(lambda s: s.update(fields=5)), "datapackage.json: resource 'threads': schema: expected a list"),
        (_schema(lambda s: s["fields"].__setitem__(0, "x")), "datapackage.json: resource 'threads': schema"),
        (_schema(lambda s: s["fields"][1].update(constraints=[1])), "schema: fields[1]: expected constraints"),
        (_schema(lambda s: s.update(primaryKey=["nope"])), "schema: expected a primaryKey naming its fields"),
        (lambda r: (r / "data/tweets.csv").write_bytes((r / "data/tweets.csv").read_bytes() + b'x"y\n'), "data/tweets.csv: expected a UTF-8 CSV"),
        (lambda r: (r / "data/threads.csv").write_bytes((r / "data/threads.csv").read_bytes() + b"\xff\n"), "data/threads.csv: expected a UTF-8 CSV"),
    ],
    ids=["no-name", "fields-5", "field-text", "constraints-list", "key-unknown", "stray-quote", "not-utf8"],
)  # fmt: skip
def test_diff_of_a_mutated_release_names_the_file(release_dir: Path, mutate: object, named: str) -> None:
    mutate(release_dir)  # type: ignore[operator]
    archive = release_dir.parent.parent
    for command in (("diff", "1.0.0"), ("release", "--bump", "patch", "-q")):
        result = run("-C", str(archive), *command)
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.startswith(f"Error: {release_dir}/") and named in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1


# 20. A release half published, and a full disk ---------------------------------------------------------


def test_a_release_killed_before_its_changelog_is_not_listed(
    release_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    archive = release_dir.parent.parent
    ingest(Store(archive), [Source(write_capture(tmp_path / "new.txt", ["New 1/", "thread 2/"]))], today=DAY)
    apply = journal_module.Journal.apply

    def killed_after_the_move(journal: journal_module.Journal, root: Path) -> None:
        apply(journal_module.Journal(moves=journal.moves), root)
        raise SystemExit(137)  # as a kill would leave it: the journal kept, its writes not done

    monkeypatch.setattr(journal_module.Journal, "apply", killed_after_the_move)
    with pytest.raises(SystemExit):
        releases.publish(archive, planning.plan(archive, bump="minor", created=DAY))
    monkeypatch.undo()
    assert (archive / "releases/1.1.0/datapackage.json").is_file()
    assert [str(r.version) for r in published.list_releases(archive)] == ["1.0.0"]
    for command in (("releases",), ("verify",), ("validate", "latest")):
        result = run("-C", str(archive), *command)
        assert result.exit_code == 0, (command, result.output)
        assert "1.1.0" not in result.stdout
        assert result.stderr.count("a command was interrupted while changing the archive") == 1
    working = run("-C", str(archive), "validate")  # its tables are half changed: no verdict on them
    assert working.exit_code == 2
    assert working.stderr.count("\n") == 1
    assert "a command was interrupted while changing the archive" in working.stderr
    assert run("-C", str(archive), "rebuild").exit_code == 0  # a writing command finishes it
    assert run("-C", str(archive), "validate").exit_code == 0
    shown = run("-C", str(archive), "releases")
    assert "1.1.0" in shown.stdout and shown.stderr == ""


def test_a_full_disk_while_writing_parquet_names_the_file(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError("Error writing bytes to file. Detail: [errno 28] No space left on device")

    monkeypatch.setattr(pq.ParquetWriter, "write_table", full)
    result = run("-C", str(archive), "release", "--bump", "minor", "-q")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {archive / '.threadarchive/staging/release-1.0.0/data'}/")
    assert ".parquet: cannot write the file: Error writing bytes" in result.stderr
    assert not (archive / "releases/1.0.0").exists()


# 21. An ingest between planning and publishing ----------------------------------------------------------


def test_a_release_planned_before_an_ingest_is_not_published(release_dir: Path, tmp_path: Path) -> None:
    archive = release_dir.parent.parent
    meta = archive / f"data/meta/{SEED_ID}.yaml"
    meta.write_text(meta.read_text().replace("language: en", "language: uk"))
    Store(archive).rebuild()
    plan = planning.plan(archive, bump="patch", created=DAY)  # a correction: a patch
    ingest(Store(archive), [Source(write_capture(tmp_path / "new.txt", ["New 1/", "thread 2/"]))], today=DAY)
    with pytest.raises(
        ConflictError, match=r"the archive changed since this release was planned.*plan it again"
    ):
        releases.publish(archive, plan)
    assert not (archive / "releases/1.0.1").exists()
    assert str(releases.publish(archive, planning.plan(archive, bump="minor", created=DAY))).endswith("1.1.0")


# 13. The validator, attacked: nothing valid by accident, nothing fetched, no traceback -----


def set_tweet_cell(root: Path, row: int, column: str, value: str) -> None:
    """Set one cell of data/tweets.csv; ``row`` is frictionless's row number (header: 1)."""
    import csv

    path = root / "data/tweets.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize("engine", ["auto", "frictionless"])
def test_frictionless_stopping_at_the_package_leaves_findings_and_no_valid_report(
    archive: Path, engine: str
) -> None:
    set_tweet_cell(archive, 3, "position", "two")
    # A dialect the fast engine does not cover and frictionless refuses as a whole package.
    rewrite_descriptor(archive, lambda d: resource(d, "anomalies").update(dialect={"delimiter": 5}))
    report = validate(archive, engine=engine)
    assert not report.valid
    errors = {(f.type, f.path) for f in report.errors}
    assert any(f.path == "datapackage.json" and "frictionless" in f.message for f in report.errors)
    assert ("type-error", "data/tweets.csv") in errors  # the fast engine's findings are kept
    assert ("table-unchecked", "data/anomalies.csv") in errors


@pytest.fixture
def requests_seen() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that answers 404 and records every path asked for."""
    import http.server
    import threading

    seen: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize(
    ("where", "expected"),
    [("package", "package-error"), ("resource", "resource-error"), ("legacy-list", "package-error")],
    ids=["package-profile", "resource-profile", "profiles-list"],
)
@pytest.mark.parametrize("engine", ["auto", "fast", "frictionless"])
def test_a_profile_that_is_a_url_is_a_finding_and_never_fetched(
    archive: Path, requests_seen: tuple[str, list[str]], where: str, expected: str, engine: str
) -> None:
    url, seen = requests_seen

    def point(descriptor: dict) -> None:
        target = resource(descriptor, "tweets") if where == "resource" else descriptor
        if where == "legacy-list":
            target["profiles"] = [f"{url}/profile.json"]
        else:
            target["profile"] = f"{url}/profile.json"

    rewrite_descriptor(archive, point)
    report = validate(archive, engine=engine)
    assert seen == []
    [finding] = [f for f in report.errors if f.type == expected]
    assert f"{url}/profile.json" in finding.message and "expected one of" in finding.message


def test_a_profile_that_is_not_a_standard_name_is_a_finding(archive: Path) -> None:
    (archive / "custom.json").write_text('{"type": "object"}')
    rewrite_descriptor(archive, lambda d: resource(d, "threads").update(profile="custom.json"))
    report = validate(archive, engine="frictionless")
    [finding] = [f for f in report.errors if f.type != "generated-file-stale"]
    assert (finding.type, finding.path) == ("resource-error", "datapackage.json")
    assert (
        "expected one of data-resource, tabular-data-resource or none, found 'custom.json'" in finding.message
    )


@pytest.mark.parametrize(
    ("dialect", "message"),
    [
        ("{url}/dialect.json", "expected a local path, found a URL"),
        ("missing.json", "missing.json: no such file"),
        ("link.json", "leads out of it through the link"),
        ("/etc/hostname", "expected a relative path, found an absolute one"),
    ],
    ids=["url", "missing-file", "link-out", "absolute"],
)
def test_a_dialect_reference_goes_through_the_path_gate(
    archive: Path, tmp_path: Path, requests_seen: tuple[str, list[str]], dialect: str, message: str
) -> None:
    url, seen = requests_seen
    (tmp_path / "outside.json").write_text('{"delimiter": ","}')
    (archive / "link.json").symlink_to(tmp_path / "outside.json")
    set_tweet_cell(archive, 3, "position", "two")  # garbage the report must never call valid
    rewrite_descriptor(archive, lambda d: resource(d, "anomalies").update(dialect=dialect.format(url=url)))
    for engine in ("auto", "fast", "frictionless"):
        with pytest.raises(PackageError, match=message):
            validate(archive, engine=engine)
    result = run("validate", str(archive))
    assert (result.exit_code, "Traceback" in result.output, seen) == (2, False, [])
    assert "VALID" not in result.output.upper().replace("INVALID", "")


def test_a_dialect_file_inside_the_package_is_read_inline(archive: Path) -> None:
    (archive / "dialect.json").write_text('{"delimiter": ";"}')
    rewrite_descriptor(archive, lambda d: resource(d, "anomalies").update(dialect="dialect.json"))
    report = validate(archive)  # the fast engine hands the table to frictionless, dialect inline
    assert report.stats["engine"] == "frictionless"
    # Its header, split at ';', is one label: frictionless read the dialect.
    assert ("missing-label", "data/anomalies.csv", "finding") in {
        (f.type, f.path, f.field) for f in report.errors
    }


def edit_schema(table: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / f"schemas/{table}.schema.json"
        schema = json.loads(path.read_text())
        change(schema)
        path.write_text(json.dumps(schema))

    return apply


def edit_resource(which: str, **changes: object) -> Callable[[Path], None]:
    return lambda root: rewrite_descriptor(root, lambda d: resource(d, which).update(changes))


def field(schema: dict, name: str) -> dict:
    return next(f for f in schema["fields"] if isinstance(f, dict) and f.get("name") == name)


SHAPES = [
    ("field-list", edit_schema("threads", lambda s: s["fields"].__setitem__(0, ["thread_id"])), "schema-error"),
    ("field-string", edit_schema("threads", lambda s: s["fields"].__setitem__(0, "thread_id")), "schema-error"),
    ("constraints-string", edit_schema("threads", lambda s: field(s, "author_name").update(constraints="x")),
     "schema-error"),
    ("required-yes", edit_schema("threads", lambda s: field(s, "author_name")["constraints"].update(required="yes")),
     "schema-error"),
    ("bound-unreadable", edit_schema("threads", lambda s: field(s, "tweet_count")["constraints"].update(minimum="many")),
     "schema-error"),
    ("number-bound-unreadable",
     edit_schema("threads", lambda s: field(s, "tweet_count").update(type="number", constraints={"minimum": "x"})),
     "schema-error"),
    ("primary-key-number", edit_schema("tweets", lambda s: s.update(primaryKey=5)), "schema-error"),
    ("foreign-key-shape", edit_schema("tweets", lambda s: s.update(foreignKeys=[{"fields": 5}])), "schema-error"),
    ("key-of-no-field", edit_schema("tweets", lambda s: field(s, "thread_id").update(name="renamed")), "schema-error"),
    ("missing-values-number", edit_schema("tweets", lambda s: s.update(missingValues=0)), "schema-error"),
    ("hash-number", edit_resource("threads", hash=7), "resource-error"),
    ("hash-short", edit_resource("threads", hash="sha256:abc"), "resource-error"),
    ("bytes-string", edit_resource("threads", bytes="12"), "resource-error"),
    ("dialect-number", edit_resource("tweets", dialect=5), "dialect-error"),
    ("name-repeated", edit_resource("captures", name="tweets"), "resource-error"),
    ("name-missing", edit_resource("captures", name=None), "resource-error"),
]  # fmt: skip


@pytest.mark.parametrize(("fault", "expected"), [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES])
def test_a_descriptor_of_the_wrong_shape_is_a_finding_with_every_engine(
    archive: Path, fault: Callable[[Path], None], expected: str
) -> None:
    fault(archive)
    for engine in ("auto", "fast", "frictionless"):
        report = validate(archive, engine=engine)
        assert not report.valid
        found = [f for f in report.errors if f.type == expected]
        assert found, [f.to_dict() for f in report.errors]
        assert all("expected " in f.message and ", found " in f.message for f in found)


def test_an_unsupported_field_with_the_fast_engine_is_one_line_exit_2(archive: Path) -> None:
    edit_schema("threads", lambda s: field(s, "author_bio").update(type="boolean"))(archive)
    with pytest.raises(
        ThreadArchiveError, match="expected a table the fast engine covers, found field 'author_bio'"
    ):
        validate(archive, engine="fast")
    result = run("validate", str(archive), "--engine", "fast")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith("Error: data/threads.csv: expected a table the fast engine covers")


def test_a_descriptor_nested_500_deep_is_one_line_exit_2(archive: Path) -> None:
    def nest(descriptor: dict) -> None:
        value: object = 1
        for _ in range(500):
            value = {"a": value}
        descriptor["x-deep"] = value

    rewrite_descriptor(archive, nest)
    result = run("validate", str(archive), "--engine", "frictionless")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "expected JSON nested at most 64 levels deep" in result.stderr


def set_cell(root: Path, table: str, row: int, column: str, value: str) -> None:
    """Set one cell of data/<table>.csv; ``row`` is frictionless's row number (header: 1)."""
    import csv

    path = root / f"data/{table}.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)


INT64_RANGE = "an integer between -9223372036854775808 and 9223372036854775807"


@pytest.mark.parametrize(
    ("count", "expected"),
    [("99999999999999999999", INT64_RANGE), ("-9223372036854775809", INT64_RANGE),
     ("1" * 5000, "integer")],  # more digits than int() reads: not an integer for frictionless either
    ids=["2**66", "-2**63-1", "5000-digits"],
)  # fmt: skip
def test_an_integer_beyond_64_bits_is_a_type_error_and_no_release(
    archive: Path, count: str, expected: str
) -> None:
    set_cell(archive, "threads", 2, "tweet_count", count)
    for engine in ("auto", "fast", "frictionless"):
        report = validate(archive, engine=engine)
        [finding] = [f for f in report.errors if f.type == "type-error"]
        assert (finding.path, finding.row, finding.field) == ("data/threads.csv", 2, "tweet_count")
        assert expected in finding.message and count[:20] in finding.message
    result = run("-C", str(archive), "release", "--bump", "minor", "-q")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output


@pytest.mark.parametrize(
    ("constraint", "failing"),
    [({"minimum": 10**30}, True), ({"maximum": 10**30}, False), ({"minimum": -(10**30)}, False),
     ({"maximum": -(10**30)}, True), ({"enum": [13, 10**30]}, False), ({"minimum": "1" * 30}, True)],
    ids=["min-huge", "max-huge", "min-tiny", "max-tiny", "enum-huge", "min-huge-string"],
)  # fmt: skip
def test_a_bound_beyond_64_bits_is_compared_not_a_traceback(
    archive: Path, constraint: dict, failing: bool
) -> None:
    edit_schema("threads", lambda s: field(s, "tweet_count")["constraints"].update(constraint))(archive)
    for engine in ("auto", "fast", "frictionless"):
        report = validate(archive, engine=engine)
        found = [f for f in report.errors if f.type == "constraint-error" and f.field == "tweet_count"]
        assert bool(found) is failing, (engine, [f.to_dict() for f in report.errors])


def test_a_parquet_uint64_beyond_64_signed_bits_is_a_type_error(release_dir: Path) -> None:
    import pyarrow as pa

    path = release_dir / "data/threads.parquet"
    table = pq.read_table(path)
    index = table.schema.get_field_index("tweet_count")
    table = table.set_column(index, "tweet_count", pa.array([2**64 - 1] * len(table), pa.uint64()))
    pq.write_table(table, path)
    report = validate(release_dir)
    found = [f for f in report.errors if f.type == "type-error" and f.path == "data/threads.parquet"]
    assert [(f.row, f.field) for f in found] == [(2, "tweet_count")]
    assert found[0].message == f"expected {INT64_RANGE}, found 18446744073709551615"


def small_package(root: Path, fields: list[dict], rows: list[list[str]]) -> Path:
    """A one-table package (resource ``threads``) of the given fields and rows."""
    import csv

    (root / "data").mkdir(parents=True)
    with (root / "data/t.csv").open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows([[f["name"] for f in fields], *rows])
    resource = {"name": "threads", "path": "data/t.csv", "schema": {"fields": fields}}
    (root / "datapackage.json").write_text(json.dumps({"name": "t", "resources": [resource]}))
    return root


@pytest.mark.parametrize(
    ("engine", "other_type"),
    [("frictionless", "integer"), ("auto", "boolean"), ("frictionless", "boolean")],
    ids=["frictionless", "auto-unsupported-field", "frictionless-unsupported-field"],
)
def test_a_pattern_re2_runs_never_reaches_python_re(tmp_path: Path, engine: str, other_type: str) -> None:
    """(a+)+ is linear for RE2 but backtracks for ever in Python's re, which frictionless uses."""
    fields = [
        {"name": "a", "type": "string", "constraints": {"pattern": "(a+)+"}},
        {"name": "n", "type": other_type},
    ]
    root = small_package(tmp_path / "pkg", fields, [["a" * 34 + "!", "1"], ["aaa", "2"]])
    result = subprocess.run(
        [sys.executable, "-m", "threadarchive", "validate", str(root), "--engine", engine, "--json"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    findings = json.loads(result.stdout)["findings"]
    failing = [(f["type"], f.get("row"), f.get("field")) for f in findings if f.get("field") == "a"]
    assert failing == [("constraint-error", 2, "a")]


def test_slow_patterns_share_one_budget_per_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    from threadarchive.validation.schema import budget, constraints

    monkeypatch.setattr(constraints, "PATTERN_SECONDS", 1.0)
    monkeypatch.setattr(budget, "PATTERN_TOTAL_SECONDS", 1.5)
    slow = {"type": "string", "constraints": {"pattern": "(?=a)(a|aa)+"}}  # RE2 cannot run it
    fields = [{"name": f"f{i}", **slow} for i in range(6)]
    root = small_package(tmp_path / "pkg", fields, [["a" * 60 + "!"] * 6])
    report = validate(root)
    unsupported = [f for f in report.errors if f.type == "pattern-unsupported"]
    assert sorted(f.field for f in unsupported) == [f"f{i}" for i in range(6)]
    assert any("within 1 s, found it backtracking" in f.message for f in unsupported)
    # the fields after the budget ran out were not given a second each: the shared budget
    # bound them (how long that took is bench's to measure, not a test's)
    assert any("within 1.5 s in all, found that time used up" in f.message for f in unsupported)


def test_a_pattern_that_expands_when_compiled_is_unsupported_not_a_hang(tmp_path: Path) -> None:
    fields = [{"name": "a", "type": "string", "constraints": {"pattern": "(((a{100}){100}){100}){100}"}}]
    root = small_package(tmp_path / "pkg", fields, [["a"]])
    result = subprocess.run(
        [sys.executable, "-m", "threadarchive", "validate", str(root), "--json"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    [finding] = [f for f in json.loads(result.stdout)["findings"] if f["type"] == "pattern-unsupported"]
    assert "expand to at most 100,000 when multiplied out, found more" in finding["message"]


def test_a_pattern_python_cannot_read_is_a_schema_error(tmp_path: Path) -> None:
    fields = [{"name": "a", "type": "string", "constraints": {"pattern": "(unclosed"}}]
    root = small_package(tmp_path / "pkg", fields, [["a"]])
    for engine in ("auto", "fast", "frictionless"):
        [finding] = [f for f in validate(root, engine=engine).errors if f.type == "schema-error"]
        assert "expected a regular expression Python reads, found '(unclosed'" in finding.message


def edit_header(table: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """Change the first line of data/<table>.csv (its header), byte for byte."""

    def apply(root: Path) -> None:
        path = root / f"data/{table}.csv"
        header, rest = path.read_bytes().split(b"\n", 1)
        path.write_bytes(change(header) + b"\n" + rest)

    return apply


def edit_row(table: str, row: int, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """Change line ``row`` of data/<table>.csv (frictionless's row number: the header is 1)."""

    def apply(root: Path) -> None:
        path = root / f"data/{table}.csv"
        lines = path.read_bytes().split(b"\n")
        lines[row - 1] = change(lines[row - 1])
        path.write_bytes(b"\n".join(lines))

    return apply


MALFORMED = [
    ("header-larger-than-a-block", edit_header("threads", lambda h: b'"' + b"h" * (3 << 20) + b'",' + h),
     ("incorrect-label", "data/threads.csv", "thread_id")),
    ("label-over-128-kib", edit_header("threads", lambda h: b"h" * (200 << 10) + b"," + h),
     ("incorrect-label", "data/threads.csv", "thread_id")),
    ("bare-cr-in-header", edit_header("threads", lambda h: h.replace(b"thread_id", b"thread\r_id", 1)),
     ("incorrect-label", "data/threads.csv", "thread_id")),
    ("line-break-in-a-label", edit_header("threads", lambda h: h.replace(b"known_gaps", b"know\n_gaps", 1)),
     ("incorrect-label", "data/threads.csv", "known_gaps")),
    ("stray-quotes", edit_row("tweets", 3, lambda r: r.replace(b",", b',"x"y,', 1)),
     ("extra-cell", "data/tweets.csv", None)),
    ("stray-quotes-not-utf8", edit_row("tweets", 3, lambda r: r.replace(b",", b',"\xff"y,', 1)),
     ("encoding-error", "data/tweets.csv", None)),
]  # fmt: skip


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")  # nothing on stderr either
@pytest.mark.parametrize(("fault", "expected"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_a_malformed_csv_is_findings_with_every_engine(
    archive: Path, fault: Callable[[Path], None], expected: tuple[str, str, str | None]
) -> None:
    import csv

    csv.field_size_limit(128 << 10)  # Python's default: as if frictionless had never raised it
    fault(archive)
    for engine in ("auto", "fast", "frictionless"):
        report = validate(archive, engine=engine)
        assert not report.valid
        found = {(f.type, f.path, f.field or None) for f in report.errors}
        if engine != "frictionless":  # frictionless words some of these its own way
            assert expected in found, (engine, found)
        assert any(path == expected[1] for _, path, _ in found)
        assert all(len(f.message) < 2000 for f in report.findings)  # no label of megabytes quoted
    result = run("validate", str(archive))
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_batches_of_an_integer_column_narrowed_differently_are_one_column(tmp_path: Path) -> None:
    # Row 2's batch has no value (kept as int64), row 3's (a wrong cell count, a batch of
    # its own) one that fits 32 bits: the kept column joins both.
    fields = [
        {"name": "a", "type": "integer", "constraints": {"unique": True}},
        {"name": "b", "type": "string"},
    ]
    root = small_package(tmp_path / "pkg", fields, [["", "x"], ["5", "y", "extra"]])
    report = validate(root, engine="fast")
    assert ("extra-cell", 3) in {(f.type, f.row) for f in report.errors}


def test_a_parquet_file_whose_column_names_are_not_utf8_is_an_encoding_error(release_dir: Path) -> None:
    path = release_dir / "data/threads.parquet"
    path.write_bytes(path.read_bytes().replace(b"author_name", b"author\xffname"))
    for engine in ("auto", "fast", "frictionless"):
        report = validate(release_dir, engine=engine)
        found = [f for f in report.errors if f.type == "encoding-error"]
        assert [f.path for f in found] == ["data/threads.parquet"], engine
    assert "Traceback" not in run("validate", str(release_dir)).output


def test_a_row_beyond_16_mib_is_a_finding_read_in_bounded_memory(release_dir: Path) -> None:
    def peak(folder: Path) -> tuple[list[dict], int]:
        code = (
            "import json, resource, sys\n"
            "from threadarchive.archive.checks import validate\n"
            "report = validate(sys.argv[1], engine='fast')\n"  # the default reads a release's Parquet
            "print(json.dumps([f.to_dict() for f in report.errors]))\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=300
        )
        errors, kib = result.stdout.splitlines()
        return json.loads(errors), int(kib) << 10

    _, clean = peak(release_dir)
    tweets = release_dir / "data/tweets.csv"
    header, first, rest = tweets.read_bytes().split(b"\n", 2)
    tweets.write_bytes(b"\n".join([header, first, b"x" * (96 << 20) + b"," + rest]))
    errors, big = peak(release_dir)
    [finding] = [f for f in errors if f["type"] == "cell-too-large"]
    assert (finding["path"], finding["row"], finding["line"]) == ("data/tweets.csv", 3, 3)
    assert finding["message"] == "expected rows of at most 16 MiB, found a larger one: row 3"
    assert big - clean < 250 << 20  # reading the 96 MB row whole cost 430 MB more


@pytest.mark.parametrize("engine", ["auto", "frictionless"])
@pytest.mark.parametrize("other_type", ["integer", "number"], ids=["fast-readable", "frictionless-only"])
def test_a_row_beyond_the_limit_is_never_handed_to_frictionless(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str, other_type: str
) -> None:
    from frictionless import Package as FrictionlessPackage

    from threadarchive.validation.schema import header, reading

    monkeypatch.setattr(reading, "MAX_ROW_BYTES", 1 << 20)
    monkeypatch.setattr(header, "MAX_ROW_BYTES", 1 << 20)
    handed: list[list[str]] = []
    original = FrictionlessPackage.validate

    def spy(self: FrictionlessPackage, *args: object, **kwargs: object) -> object:
        handed.append([r.name for r in self.resources])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FrictionlessPackage, "validate", spy)
    fields = [{"name": "a", "type": "string"}, {"name": "n", "type": other_type}]
    root = small_package(tmp_path / "pkg", fields, [["short", "1"], ["x" * (2 << 20), "2"], ["short", "3"]])
    report = validate(root, engine=engine)
    [finding] = [f for f in report.errors if f.type == "cell-too-large"]
    assert (finding.path, finding.line) == ("data/t.csv", 3)
    assert "expected rows of at most 1 MiB" in finding.message
    assert all("threads" not in names for names in handed)


def anomalies_scan(rows: list[tuple[str, str, int | None, str]]) -> Any:
    """A scan of an anomalies table holding ``rows`` (thread, finding, position, note)."""
    import pyarrow as pa

    from threadarchive.contract.package import Resource
    from threadarchive.validation.schema import TableScan

    thread_ids, kinds, positions, notes = (list(column) for column in zip(*rows, strict=True))
    columns = {
        "thread_id": pa.chunked_array([pa.array(thread_ids)]),
        "finding": pa.chunked_array([pa.array(kinds)]),
        "position": pa.chunked_array([pa.array(positions, pa.int64())]),
        "note": pa.chunked_array([pa.array(notes)]),
        "_row": pa.chunked_array([pa.array(range(2, len(rows) + 2), pa.int32())]),
    }
    return TableScan(Resource("anomalies", "data/anomalies.csv", {}, {}), rows=len(rows), columns=columns)


def test_acknowledgements_match_the_first_entry_for_a_warning_only() -> None:
    from threadarchive.contract.findings import MARKER_STYLE_MISMATCH
    from threadarchive.validation.engine import acknowledged

    kind = "marker-style-mismatch"
    scan = anomalies_scan([("t1", kind, None, "any"), ("t1", kind, 3, "three"), ("t2", kind, 5, "five")])
    findings = [
        MARKER_STYLE_MISMATCH("x", thread_id="t1", position=3),
        MARKER_STYLE_MISMATCH("x", thread_id="t1", position=7),
        MARKER_STYLE_MISMATCH("x", thread_id="t1", position=3, severity="error"),
        MARKER_STYLE_MISMATCH("x", thread_id="t2", position=4),
    ]
    result = acknowledged(findings, scan)
    assert [(f.severity, f.message) for f in result[:4]] == [
        ("info", "x (acknowledged: any)"),  # the first entry that matches, not the closest
        ("info", "x (acknowledged: any)"),
        ("error", "x"),
        ("warning", "x"),
    ]
    assert [(f.type, f.thread_id, f.position) for f in result[4:]] == [
        ("acknowledgement-unused", "t1", 3),
        ("acknowledgement-unused", "t2", 5),
    ]


def test_acknowledgements_are_looked_up_not_scanned_for_each_finding() -> None:

    from threadarchive.contract.findings import MARKER_STYLE_MISMATCH
    from threadarchive.validation.engine import acknowledged

    compared = [0]

    class Counted(str):  # a thread ID that counts how often it is compared
        __hash__ = str.__hash__

        def __eq__(self, other: object) -> bool:
            compared[0] += 1
            return str.__eq__(self, other)

    kind = "marker-style-mismatch"
    scan = anomalies_scan([(f"t{i}", kind, 2, f"note {i}") for i in range(20_000)])
    findings = [
        MARKER_STYLE_MISMATCH("x", thread_id=Counted(f"t{i}"), position=2) for i in range(0, 20_000, 2)
    ]
    result = acknowledged(findings, scan)
    assert [f.severity for f in result[:10_000]] == ["info"] * 10_000
    assert len(result) == 20_000  # and 10,000 acknowledgements no warning uses
    # a lookup per finding compares its thread ID a few times; a scan of the 20,000
    # entries per finding (which took a minute here) would compare it 20,000 times
    assert compared[0] <= 5 * len(findings)
