from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadarchive.cli import main

from .conftest import write_capture


def run(root: Path, *args: str) -> object:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_dry_run_writes_nothing(archive: Path) -> None:
    before = snapshot(archive)
    result = run(archive, "release", "--bump", "minor", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "release 1.0.0 (first release)" in result.output
    assert "(today; set it with --date)" in result.output
    assert "would be published; nothing written" in result.output
    assert snapshot(archive) == before


def test_release_then_list_verify_reproduce_and_diff(archive: Path, tmp_path: Path) -> None:
    result = run(archive, "release", "--bump", "minor", "--date", "2026-11-25", "--zip", "-q")
    assert result.exit_code == 0, result.output
    assert (
        f"published {archive / 'releases/1.0.0'} and {archive / 'dist/test-archive-data-1.0.0.zip'}"
        in result.output
    )

    listed = run(archive, "releases", "--json")
    assert [r["version"] for r in json.loads(listed.output)] == ["1.0.0"]
    assert run(archive, "releases").output.startswith("1.0.0  2026-11-25  threads 1, tweets 13")

    for target in ("1.0.0", str(archive / "dist/test-archive-data-1.0.0.zip")):
        verified = run(archive, "verify", target)
        assert verified.exit_code == 0, verified.output
    assert (
        run(archive, "reproduce", "latest").output
        == "release 1.0.0 is reproduced byte for byte from the current source\n"
    )

    run(archive, "ingest", str(write_capture(tmp_path / "b.txt", ["Another 1/", "thread 2/"])))
    changed = run(archive, "diff", "1.0.0")
    assert changed.exit_code == 0
    assert "threads: 1 added, 0 removed, 0 corrected" in changed.output
    assert changed.output.splitlines()[-1] == "needs a minor release"
    assert json.loads(run(archive, "diff", "1.0.0", "--json").output)["required_bump"] == "minor"

    too_small = run(archive, "release", "--bump", "patch")
    assert too_small.exit_code == 2
    assert "is too small for the changes since 1.0.0" in too_small.stderr
    again = run(archive, "release", "--version", "1.0.0")
    assert again.exit_code == 2
    assert "exists already; published releases are never overwritten" in again.stderr
    stale = run(archive, "reproduce", "1.0.0")
    assert stale.exit_code == 1
    assert "check out the commit that published it" in stale.output


def test_verify_fails_with_exit_1_naming_the_file(archive: Path) -> None:
    run(archive, "release", "--bump", "minor", "--date", "2026-11-25", "-q")
    (archive / "releases/1.0.0/data/threads.csv").write_text("changed")
    result = run(archive, "verify", "1.0.0")
    assert result.exit_code == 1
    assert "hash-mismatch" in result.output and "data/threads.csv" in result.output


def test_unknown_release_lists_what_exists(archive: Path) -> None:
    run(archive, "release", "--bump", "minor", "--date", "2026-11-25", "-q")
    result = run(archive, "verify", "9.9.9")
    assert result.exit_code == 2
    # where they were looked for: the archive's releases folder ("Error: .: ..." in the archive)
    assert (
        result.stderr == f"Error: {archive / 'releases'}: expected one of the releases 1.0.0, found '9.9.9'\n"
    )


def test_no_zip_unless_asked(archive: Path) -> None:
    result = run(archive, "release", "--bump", "minor", "--date", "2026-11-25", "-q")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"published {archive / 'releases/1.0.0'}"
    assert not (archive / "dist").exists()


def test_invalid_data_is_refused_with_exit_1(archive: Path) -> None:
    tweets = archive / "data/tweets.csv"
    tweets.write_text(tweets.read_text(encoding="utf-8").replace(",3,3/,", ",x,3/,"), encoding="utf-8")
    result = run(archive, "release", "--bump", "minor", "-q")
    assert result.exit_code == 1
    assert "fix them before releasing" in result.stderr
    assert not (archive / "releases").exists() or not any((archive / "releases").iterdir())


def test_an_empty_archive_has_nothing_to_release(empty_archive: Path) -> None:
    result = run(empty_archive, "release", "--bump", "minor")
    assert result.exit_code == 2
    assert "expected threads to release, found none: ingest captures first" in result.stderr


def test_a_version_is_checked_before_the_changes(archive: Path) -> None:
    run(archive, "release", "--bump", "minor", "--date", "2026-11-25", "-q")
    assert "release 1.0.0 exists already" in run(archive, "release", "--version", "1.0.0").stderr
    assert "expected a version like 1.2.3, found 'abc'" in run(archive, "release", "--version", "abc").stderr


def test_a_release_dated_before_the_latest_is_refused(archive: Path, tmp_path: Path) -> None:
    from threadarchive.errors import InputError
    from threadarchive.release.plan import plan

    assert run(archive, "release", "--bump", "minor", "--date", "2026-12-05", "-q").exit_code == 0
    run(archive, "ingest", str(write_capture(tmp_path / "b.txt", ["Another 1/", "thread 2/"])))
    with pytest.raises(InputError) as refused:
        plan(archive, bump="minor", created=dt.date(2020, 1, 1))
    assert refused.value.parameter == "created"
    result = run(archive, "release", "--bump", "minor", "--date", "2020-01-01")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "2020-01-01" in result.stderr and "2026-12-05" in result.stderr
    assert result.stderr.startswith("Error: --date: ")
    assert not (archive / "releases/1.1.0").exists()
    same_day = run(archive, "release", "--bump", "minor", "--date", "2026-12-05", "-q")
    assert same_day.exit_code == 0, same_day.output


def test_a_release_run_again_without_a_bump_says_it_is_complete(archive: Path) -> None:
    first = run(archive, "release", "--bump", "minor", "--date", "2026-11-25", "--zip", "-q")
    assert first.exit_code == 0, first.output
    zipped = archive / "dist/test-archive-data-1.0.0.zip"
    before = snapshot(archive)
    for again in (["--zip"], []):  # with the download it wrote, and without
        result = run(archive, "release", *again)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("release 1.0.0 is complete")
        assert (str(zipped) in result.stdout) == bool(again)
    outcome = json.loads(run(archive, "release", "--zip", "--json").stdout)
    assert (outcome["complete"], outcome["written"], outcome["zip"]) == (True, [], str(zipped))
    assert snapshot(archive) == before  # nothing written
    bumped = run(archive, "release", "--bump", "minor", "--zip")  # a new release of nothing: refused
    assert bumped.exit_code == 2 and "nothing to release" in bumped.stderr
