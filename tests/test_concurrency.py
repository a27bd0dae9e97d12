"""Real processes: two writers at once, and a writer killed at every step it takes.

The kill tests run the command line in a process that exits at once (os._exit, as
SIGKILL would leave it) at the n-th change it makes to the file system, for every n,
then let the next command recover, and check the archive: every change is there
whole, or not at all. The processes fork from one that imported the tool once
(tests/processes.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadarchive.cli import main

from . import processes
from .conftest import write_capture


def tool(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line, run in this process: only the killed runs need processes of their
    own, and the checks between them then cost no interpreter start-up each."""
    result = CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def consistent(root: Path) -> None:
    """Every release has its CHANGELOG section and index entry, and they nothing more;
    the archive validates and every release verifies; nothing is left half done."""
    assert tool(root, "rebuild").returncode == 0  # a writing command: it finishes what was left
    folders = (
        sorted(p.name for p in (root / "releases").iterdir() if p.is_dir())
        if (root / "releases").exists()
        else []
    )
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = sorted(line.split()[2] for line in changelog.splitlines() if line.startswith("## Data "))
    index_file = root / "releases/index.json"
    indexed = (
        sorted(e["version"] for e in json.loads(index_file.read_text())["releases"])
        if index_file.exists()
        else []
    )
    assert folders == sections == indexed, (folders, sections, indexed)
    assert tool(root, "validate", "-q").returncode == 0
    assert tool(root, "verify").returncode == 0
    state = root / ".threadarchive"
    assert not (state / "journal.json").exists() and not list(state.glob("staging/*"))


def test_two_ingests_at_once_keep_both_threads(archive: Path, tmp_path: Path) -> None:
    captures = [
        write_capture(tmp_path / f"{n}.txt", [f"Thread {n} opens 1/", f"and ends {n} 2/"]) for n in range(4)
    ]
    runs = [processes.start(archive, "ingest", str(c)) for c in captures]
    for run in runs:
        run.join(120)
    assert [run.exitcode for run in runs] == [0, 0, 0, 0]
    shown = tool(archive, "show").stdout
    assert shown.startswith("5 thread(s)")
    consistent(archive)


def test_two_releases_at_once_publish_once(archive: Path, tmp_path: Path) -> None:
    assert tool(archive, "release", "--bump", "minor", "--date", "2026-11-25", "-q").returncode == 0
    for trial in range(3):
        tool(
            archive,
            "ingest",
            str(write_capture(tmp_path / f"t{trial}.txt", [f"Trial {trial} 1/", f"then {trial} 2/"])),
        )
        release = ("release", "--bump", "minor", "--date", "2026-11-26", "-q")
        runs = [processes.start(archive, *release) for _ in range(2)]
        for run in runs:
            run.join(300)
        assert sorted(run.exitcode for run in runs) == [0, 2]
    consistent(archive)
    assert sorted(p.name for p in (archive / "releases").iterdir() if p.is_dir()) == [
        "1.0.0",
        "1.1.0",
        "1.2.0",
        "1.3.0",
    ]


@pytest.fixture
def pending_release(archive: Path, tmp_path: Path) -> Path:
    """An archive with one release and a new thread waiting for the next."""
    assert tool(archive, "release", "--bump", "minor", "--date", "2026-11-25", "-q").returncode == 0
    assert (
        tool(archive, "ingest", str(write_capture(tmp_path / "new.txt", ["New 1/", "thread 2/"]))).returncode
        == 0
    )
    return archive


@pytest.mark.slow
def test_a_release_killed_at_any_step_is_whole_or_absent(pending_release: Path, tmp_path: Path) -> None:
    release = ("release", "--bump", "minor", "--date", "2026-11-26", "-q")
    base = tmp_path / "base"
    shutil.copytree(pending_release, base)
    total = processes.changes(pending_release, *release)
    assert total > 5
    for n in range(1, total + 1):
        copy = tmp_path / f"kill-{n}"
        shutil.copytree(base, copy)
        assert processes.run(copy, *release, kill_at=n) == processes.KILLED
        consistent(copy)
        published = (copy / "releases/1.1.0").exists()
        again = tool(copy, *release)  # what was not published is published now, whole
        assert again.returncode == (2 if published else 0), again.stderr
        consistent(copy)


@pytest.mark.slow
def test_an_ingest_killed_at_any_step_is_whole_or_absent(archive: Path, tmp_path: Path) -> None:
    capture = write_capture(tmp_path / "new.txt", ["New 1/", "thread 2/"])
    base = tmp_path / "base"
    shutil.copytree(archive, base)
    processes.changes(_copy(base, tmp_path / "warm"), "ingest", str(capture))  # fills the cache: a change
    total = processes.changes(_copy(base, tmp_path / "probe"), "ingest", str(capture))
    for n in range(1, total + 1):
        copy = _copy(base, tmp_path / f"kill-{n}")
        assert processes.run(copy, "ingest", str(capture), kill_at=n) == processes.KILLED
        consistent(copy)
        threads = tool(copy, "show").stdout.splitlines()[0]
        assert threads in ("1 thread(s), 13 tweet(s)", "2 thread(s), 15 tweet(s)")
        assert tool(copy, "ingest", str(capture)).returncode == 0
        consistent(copy)
        assert tool(copy, "show").stdout.startswith("2 thread(s), 15 tweet(s)")


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def test_release_again_completes_the_downloads_a_kill_left_unwritten(
    pending_release: Path, tmp_path: Path
) -> None:
    """A kill after the release folder is in place leaves its zip and bag unwritten (the
    release is published: nothing to plan); release again writes what is missing."""
    from threadarchive.archive.published import list_releases
    from threadarchive.release.fixity import verify

    published = tool(pending_release, "release", "--bump", "minor", "--date", "2026-11-26", "-q")
    assert published.returncode == 0, published.stderr
    (pending_release / "dist").mkdir(exist_ok=True)
    (pending_release / "dist" / "tmpabcd1234.partial").write_bytes(b"PK half a zip")  # what the kill left
    again = tool(pending_release, "release", "--zip", "--bag", "-q")  # no bump: nothing new to publish
    assert again.returncode == 0, again.stderr
    latest = str(list_releases(pending_release)[-1].version)
    [zipped] = (pending_release / "dist").glob(f"*-data-{latest}.zip")
    assert again.stdout.startswith(f"release {latest}: wrote ")
    assert verify(zipped).valid
    assert list((pending_release / "dist").glob(f"*-data-{latest}-bag/bagit.txt"))
    before = zipped.read_bytes()
    done = tool(pending_release, "release", "--bump", "minor", "--zip", "--bag", "-q")
    assert done.returncode == 2  # nothing left to publish or to write
    assert "nothing to release" in done.stderr
    assert zipped.read_bytes() == before


def test_runs_staging_the_same_target_at_once_never_remove_each_other_s_folder(tmp_path: Path) -> None:
    """Every validation stages DuckDB's spill folder under one name, and each first
    removes the folders of dead runs. A folder was visible between its making and its
    lock, and taken for a dead run's: removed from under a live run, which failed
    ("cannot hold DuckDB's spill files: No such file or directory", in the test suite)."""
    import sys

    loop = (
        "import sys, pathlib\n"
        "from threadarchive.files.fsutil import staging\n"
        "target = pathlib.Path(sys.argv[1])\n"
        "for _ in range(300):\n"
        "    with staging(target, 'stage') as folder:\n"
        "        (folder / 'file').write_bytes(b'x')\n"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", loop, str(tmp_path / "shared")], stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    failures = [run.communicate()[1].decode()[-300:] for run in runs if run.wait() != 0]
    assert failures == []
    assert list(tmp_path.iterdir()) == []


def test_a_folder_being_made_is_left_until_it_is_surely_a_dead_run_s(tmp_path: Path) -> None:
    import os
    import time

    from threadarchive.files.fsutil import MAKING, MAKING_GRACE, remove_stale

    young, old = tmp_path / f".shared.abcdefgh{MAKING}", tmp_path / f".shared.ijklmnop{MAKING}"
    young.mkdir()
    old.mkdir()
    past = time.time() - MAKING_GRACE - 5
    os.utime(old, (past, past))
    remove_stale(tmp_path / "shared")
    assert young.is_dir() and not old.exists()
