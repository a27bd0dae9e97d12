"""Issue 20's critical cases: nothing planted in an archive runs code or touches what a
command may not write, and no link swapped in mid-command leads a write out of it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadarchive.archive import ingest as ingest_module
from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.journal import Journal
from threadarchive.archive.store import Archive
from threadarchive.cli import main
from threadarchive.errors import InputError, UnsafePathError
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases

from .conftest import snapshot, write_capture

PLANTED = {
    "git-config": {"moves": [], "writes": {".git/config": "[core]\n\tfsmonitor = touch /tmp/owned\n"}},
    "git-hook": {"moves": [], "writes": {".git/hooks/pre-commit": "#!/bin/sh\ntouch owned\n"}},
    "settings": {"moves": [], "writes": {"archive.yaml": "name: hijacked\n"}},
    "release-out": {"moves": [["releases/1.0.0", ".threadarchive/staging/gone"]], "writes": {}},
    "release-over": {
        "moves": [[".threadarchive/staging/x", "releases/1.0.0/datapackage.json"]],
        "writes": {},
    },
    "raw-elsewhere": {"moves": [[".threadarchive/staging/a.txt", "data/meta/a.yaml"]], "writes": {}},
    "code": {"moves": [], "writes": {"src/threadarchive/__init__.py": "import os\n"}},
    "withdrawn-back": {"moves": [[".threadarchive/staging/withdrawn/x", "releases/9.9.9"]], "writes": {}},
}


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def released(archive: Path) -> Path:
    releases.publish(archive, planning.plan(archive, bump="minor", created=None))
    subprocess.run(["git", "init", "-q", str(archive)], check=True)
    return archive


@pytest.mark.parametrize("journal", PLANTED.values(), ids=PLANTED.keys())
def test_a_planted_journal_is_refused_whole_and_applies_nothing(released: Path, journal: dict) -> None:
    planted = released / ".threadarchive/journal.json"
    planted.write_text(json.dumps(journal))
    before = snapshot(released)
    for command in (("rebuild",), ("meta", next(iter(before_ids(released))), "--language", "uk")):
        result = run("-C", str(released), *command)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"Error: {planted}: expected only the steps")
        assert result.stderr.count("\n") == 1
    assert snapshot(released) == before  # nothing applied, nothing else changed
    assert "fsmonitor" not in (released / ".git/config").read_text()
    planted.unlink()  # as the message says to
    assert run("-C", str(released), "verify").exit_code == 0


def before_ids(root: Path) -> list[str]:
    return [p.stem for p in (root / "data/meta").glob("*.yaml")]


def test_the_journals_commands_write_pass_the_check(released: Path, tmp_path: Path) -> None:
    """The rule is not so strict that the commands' own journals break: a release, an
    ingest and a withdrawal each commit through it (and a kill's leftovers recover)."""
    ingest(Archive(released), [Source(write_capture(tmp_path / "n.txt", ["New 1/", "thread 2/"]))])
    releases.publish(released, planning.plan(released, bump="minor"))
    [thread] = [t for t in before_ids(released) if not t.startswith("michael")]
    result = run("-C", str(released), "withdraw", thread, "--reason", "asked")
    assert result.exit_code == 0, result.output
    assert run("-C", str(released), "verify").exit_code == 0


def test_a_journal_is_checked_again_before_it_is_applied(tmp_path: Path) -> None:
    journal = Journal(writes={".git/config": "x"})
    with pytest.raises(InputError, match=r"found a write of '\.git/config'"):
        journal.apply(tmp_path)
    assert not (tmp_path / ".git").exists()


def test_a_folder_swapped_for_a_link_mid_ingest_writes_nothing_outside(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The path gate checks .threadarchive/staging; it is then swapped for a link out of
    the archive before the capture is copied there. The copy must not follow it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    staging = archive / ".threadarchive" / "staging"
    real_copy = ingest_module.atomic_copy

    def swapped(source: Path, target: Path, *, beneath: Path | None = None) -> str:
        if staging.exists():
            staging.rmdir() if not any(staging.iterdir()) else None
        staging.parent.mkdir(parents=True, exist_ok=True)
        if not staging.is_symlink():
            staging.symlink_to(outside, target_is_directory=True)
        return real_copy(source, target, beneath=beneath)

    monkeypatch.setattr(ingest_module, "atomic_copy", swapped)
    capture = write_capture(tmp_path / "new.txt", ["New 1/", "thread 2/"])
    with pytest.raises(UnsafePathError, match=r"staging.* is unsafe: .*; nothing was"):
        ingest(Archive(archive), [Source(capture)])
    assert list(outside.iterdir()) == []  # nothing was written outside the archive
