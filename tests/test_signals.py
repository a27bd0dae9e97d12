"""Signals a user (or a service manager, CI, the OOM killer) sends to a real process.

Every test sends a real signal with ``os.kill``, to a real ``threadarchive`` process or
to this one, as a terminal, ``kill`` or ``systemd`` would: DuckDB's ``interrupt()`` or a
KeyboardInterrupt raised by hand is not what a user sends, and they take other paths
(a real Ctrl-C reaches DuckDB as a bare RuntimeError; Python ends at a SIGTERM at once).

A run is paused at a chosen step (``paused``: the step writes a marker file and sleeps)
so that the signal lands there every time, on a busy machine too.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEED, write_capture

# Run as `threadarchive ARGS`, but with ``module.name`` (a context manager or function)
# paused once it is reached: it writes the marker and sleeps until a signal ends it.
_PAUSED = """
import contextlib, importlib, pathlib, sys, time
module, name, marker = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
owner = importlib.import_module(module)
real = getattr(owner, name)

def pause():
    marker.write_text("paused")
    time.sleep(120)

@contextlib.contextmanager
def paused_context(*args, **kwargs):
    with real(*args, **kwargs) as value:
        pause()
        yield value

def paused_call(*args, **kwargs):
    pause()
    return real(*args, **kwargs)

setattr(owner, name, paused_context if "{kind}" == "context" else paused_call)
from threadarchive.cli import main
main(sys.argv[4:], prog_name="threadarchive")
"""


def paused(tmp_path: Path, step: str, args: list[str], *, kind: str = "context") -> subprocess.Popen[str]:
    """``threadarchive ARGS`` started, and returned once it has reached ``step``
    (``module:name``) and sleeps there."""
    module, name = step.split(":")
    marker = tmp_path / "paused"
    marker.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent.parent), *sys.path])}
    process = subprocess.Popen(
        [sys.executable, "-c", _PAUSED.replace("{kind}", kind), module, name, str(marker), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            out, err = process.communicate()
            raise AssertionError(f"never reached {step}: {out}{err}")
        time.sleep(0.02)
    return process


def stopped(process: subprocess.Popen[str], signum: int) -> tuple[int, str, str]:
    """Send ``signum`` to ``process``; its exit status, stdout and stderr."""
    os.kill(process.pid, signum)
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


STAGING_STEPS = [
    ("sqlite", "threadarchive.access.database:staging", ["sqlite", "1.0.0", "{out}/readers.db"]),
    ("site", "threadarchive.access.site:_staging", ["site", "1.0.0", "--out", "{out}/site"]),
]


@pytest.mark.parametrize(("command", "step", "args"), STAGING_STEPS, ids=[c for c, _, _ in STAGING_STEPS])
def test_sigterm_stops_as_ctrl_c_does_and_leaves_no_staging_folder(
    reader_archive: Path, tmp_path: Path, command: str, step: str, args: list[str]
) -> None:
    """Python's own SIGTERM ends the process at once: no ``finally`` ran, the staging
    folder (a whole database or site) stayed beside the user's output, and the exit
    status was -15 with nothing said. SIGTERM now stops the command as Ctrl-C does."""
    out = tmp_path / "out"
    out.mkdir()
    words = [w.replace("{out}", str(out)) for w in args]
    status, _, err = stopped(paused(tmp_path, step, ["-C", str(reader_archive), *words]), signal.SIGTERM)
    assert status == 143, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("Error: terminated"), err
    assert sorted(p.name for p in out.iterdir()) == []  # no .readers.db.XXXXXXXX.partial


def test_sigterm_with_json_is_one_json_object(reader_archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["-C", str(reader_archive), "site", "1.0.0", "--out", str(out / "site"), "--json"]
    status, stdout, err = stopped(
        paused(tmp_path, "threadarchive.access.site:_staging", args), signal.SIGTERM
    )
    assert status == 143, err
    assert json.loads(stdout)["exit_code"] == 143
    assert err == ""


def test_ctrl_c_is_still_130_with_sigterm_handled(reader_archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["-C", str(reader_archive), "site", "1.0.0", "--out", str(out / "site")]
    status, _, err = stopped(paused(tmp_path, "threadarchive.access.site:_staging", args), signal.SIGINT)
    assert status == 130, err
    assert err.startswith("Error: interrupted") and len(err.strip().splitlines()) == 1
    assert list(out.iterdir()) == []


def test_the_sigterm_handler_is_the_command_s_alone(reader_archive: Path) -> None:
    """The handler is put in place while a command runs and the previous one put back
    after: a program that calls the command line keeps its own SIGTERM."""
    from click.testing import CliRunner

    from threadarchive.cli import main

    before = signal.getsignal(signal.SIGTERM)
    result = CliRunner().invoke(main, ["-C", str(reader_archive), "releases"])
    assert result.exit_code == 0, result.output
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_killed_ingest_leaves_no_copy_of_the_tables_behind(archive: Path, tmp_path: Path) -> None:
    """ingest builds and validates the tables in a folder of the archive's state before it
    writes anything; a run killed then (SIGKILL, the OOM killer) left that folder, a whole
    copy of the tables, for ever. The next run now removes it."""
    capture = write_capture(tmp_path / "new.txt", ["First 1/", "Second 2/"])
    args = ["-C", str(archive), "ingest", str(capture), "--language", "en", "--terms", "public-post", "-q"]
    status, _, err = stopped(
        paused(tmp_path, "threadarchive.archive.checks:validate", args, kind="call"), signal.SIGKILL
    )
    assert status == -signal.SIGKILL, err
    state = archive / ".threadarchive"
    assert [p for p in state.iterdir() if "ingest-check" in p.name]  # what the killed run left

    again = subprocess.run(
        [sys.executable, "-m", "threadarchive", *args], capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr
    assert [p.name for p in state.iterdir() if "ingest-check" in p.name] == []
    assert SEED.exists()


@pytest.mark.parametrize(
    ("flag", "step"),
    [("--bag", "bagit:make_bag"), ("--zip", "threadarchive.release.bundles:_member")],
    ids=["bag", "zip"],
)
def test_a_killed_bundle_is_removed_by_the_next_run(
    reader_archive: Path, tmp_path: Path, flag: str, step: str
) -> None:
    """The bag (a whole copy of the release) and the zip were built in tempfile's
    ``tmpXXXXXXXX.partial`` in dist/, which no run ever removed once one was killed
    there. They are staged as the database and the site are now."""
    args = ["-C", str(reader_archive), "release", flag, "-q"]
    status, _, err = stopped(paused(tmp_path, step, args, kind="call"), signal.SIGKILL)
    assert status == -signal.SIGKILL, err
    dist = reader_archive / "dist"
    assert [p.name for p in dist.iterdir() if "partial" in p.name]  # what the killed run left

    again = subprocess.run(
        [sys.executable, "-m", "threadarchive", *args], capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr
    assert [p.name for p in dist.iterdir() if "partial" in p.name] == []


def test_a_killed_reproduce_leaves_no_worktree_registered(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reproduce checks the release's commit out in a git worktree of a temporary folder;
    a run killed there (SIGKILL) left the folder, and the worktree registered in the
    user's repository (``git worktree list``) for ever. The next run removes both."""
    from click.testing import CliRunner

    from threadarchive.cli import main

    for variable in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{variable}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{variable}_EMAIL", "test@example.org")

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=archive, check=True, capture_output=True, text=True).stdout

    git("init", "--quiet", "-b", "main")
    git("add", "--all")
    git("commit", "--quiet", "-m", "The archive")
    released = CliRunner().invoke(
        main, ["-C", str(archive), "release", "--bump", "minor", "--date", "2026-11-25", "-q"]
    )
    assert released.exit_code == 0, released.output
    git("add", "--all")
    git("commit", "--quiet", "-m", "Release 1.0.0")

    args = ["-C", str(archive), "reproduce", "1.0.0"]
    step = "threadarchive.release.reproduce:_rebuilt_differences"
    status, _, err = stopped(paused(tmp_path, step, args, kind="call"), signal.SIGKILL)
    assert status == -signal.SIGKILL, err
    assert git("worktree", "list", "--porcelain").count("worktree ") == 2  # what the killed run left

    again = subprocess.run(
        [sys.executable, "-m", "threadarchive", *args], capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr
    assert git("worktree", "list", "--porcelain").count("worktree ") == 1


def test_the_spill_folder_of_a_killed_validation_is_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB spills to a folder in the temporary folder: SIGKILL (the out-of-memory
    killer, when spilling is likeliest) left it there for ever, empty or holding the
    spilled rows. It is a staging folder: the next run removes it, never a live one's."""
    import tempfile

    from threadarchive.validation.sql.backend import duckdb

    holding = "import time\nfrom threadarchive.validation.sql.backend import duckdb\nwith duckdb():\n"
    holding += "    print('open', flush=True)\n    time.sleep(120)\n"
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    child = subprocess.Popen([sys.executable, "-c", holding], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "open\n"
        (left,) = tmp_path.iterdir()
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        with duckdb():
            assert left.is_dir()  # a live run's: left alone
    finally:
        child.kill()
        child.wait()
    assert left.is_dir()  # nothing could remove it
    with duckdb():
        assert not left.exists()
    assert list(tmp_path.iterdir()) == []
