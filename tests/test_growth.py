"""The archive grows and the test command stays green.

A copy of this repository (as a clone would have it) gets new threads, in two
formats, and a release; then `validate --strict`, `verify` and the tests that read
the repository's own archive (marked live_archive) run in that copy. Every other test
cannot depend on the archive's content: conftest's audit hook fails any unmarked test
that opens one of its files, so running them again in the copy would prove nothing new.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadarchive.cli import main

from .conftest import CAPTURES, REPO, write_capture

NESTED = "THREADARCHIVE_NESTED_SUITE"


def clone(target: Path) -> None:
    """The files a clone of the repository has: tracked, or new and not ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source, copy = REPO / name, target / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the work tree, not yet committed
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, copy)


@pytest.mark.live_archive  # copies the repository as a clone would
@pytest.mark.skipif(bool(os.environ.get(NESTED)), reason="the suite this test runs must not run it again")
def test_adding_threads_and_releasing_keeps_the_test_command_green(tmp_path: Path) -> None:
    if not (REPO / ".git").exists():
        pytest.skip("needs the repository's git checkout to copy it as a clone would")
    copy = tmp_path / "repo"
    clone(copy)
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), NESTED: "1"}

    def tool(*args: str) -> subprocess.CompletedProcess[str]:
        """The command line in this process: the copy's code is this code, its archive another."""
        result = CliRunner().invoke(main, ["-C", str(copy), *args])
        return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)

    new = write_capture(tmp_path / "a new thread.txt", ["A new thread 1/", "added as maintainers do 2/"])
    for capture in (new, CAPTURES / "twarc" / "several-threads.jsonl"):
        added = tool("ingest", str(capture), "--terms", "public-post")  # as the README says
        assert added.returncode == 0, added.stderr
    published = tool("release", "--bump", "minor", "--date", "2026-12-01", "-q")
    assert published.returncode == 0, published.stderr
    assert "## Data " in (copy / "CHANGELOG.md").read_text(encoding="utf-8")

    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-n", "0", "-p", "no:cacheprovider", "-m", "live_archive and not slow"],
        cwd=copy, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert suite.returncode == 0, suite.stdout[-3000:]
    assert " passed" in suite.stdout, suite.stdout[-3000:]  # the marked tests ran, not none
    for check in (("validate", "--strict", "--quiet"), ("verify",)):  # make test's own steps
        result = tool(*check)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_guard_sees_a_test_open_the_live_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    """What makes the nested run above enough: an unmarked test that opened the live
    archive would be failed by conftest's _no_live_archive."""
    from . import conftest

    monkeypatch.setattr(conftest, "_live_reads", [])
    monkeypatch.setattr(conftest, "_guarding", True)
    (REPO / "tests" / "conftest.py").read_bytes()  # not archive content: not seen
    assert conftest._live_reads == []
    with contextlib.suppress(OSError):
        (REPO / "archive.yaml").read_bytes()
    (REPO / "releases").joinpath("index.json").exists()  # a stat is not a read
    assert conftest._live_reads == [str(REPO / "archive.yaml")]
