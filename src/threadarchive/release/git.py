"""The git commit a release is built from: recorded, tagged, checked out again to reproduce it.

Through the ``git`` command rather than a library: the three things needed (the
commit and whether the source has changes, a tag, a temporary worktree) are one
command each, and the user's own git, with its configuration, is the one to trust.
An archive outside a git repository, or on a machine without git, records nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from threadarchive.contract.layout import CHANGELOG, DIST_DIR, RELEASES_DIR, STATE_DIR
from threadarchive.errors import InputError
from threadarchive.files.fsutil import STAGED, TEMPFILE_RANDOM, staging

# What a release changes in the archive: not part of the source it is built from.
_NOT_SOURCE = (str(RELEASES_DIR), CHANGELOG, str(DIST_DIR), str(STATE_DIR))


@dataclass(frozen=True)
class Source:
    """The commit an archive's source is at."""

    commit: str
    dirty: bool  # uncommitted changes to the source: the commit alone does not rebuild it

    def to_dict(self) -> dict[str, object]:
        return {"commit": self.commit, "dirty": self.dirty}


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)


def source(root: Path) -> Source | None:
    """The commit the archive at ``root`` is at, or None when it is not in a git repository."""
    if shutil.which("git") is None:
        return None
    head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    if head.returncode != 0:
        return None  # not a repository, or one with no commit yet
    excluded = [f":(exclude){name}" for name in _NOT_SOURCE]
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", ".", *excluded)
    return Source(head.stdout.strip(), bool(status.stdout.strip()))


def tagged(root: Path, name: str, commit: str) -> bool:
    """Whether tag ``name`` exists and names ``commit``."""
    found = _git(root, "rev-parse", "--verify", "--quiet", f"refs/tags/{name}^{{commit}}")
    return found.returncode == 0 and found.stdout.strip() == commit


def tag(root: Path, name: str, commit: str) -> str | None:
    """Tag ``commit``; None when done, else why not (the tag exists, say)."""
    done = _git(root, "tag", name, commit)
    return None if done.returncode == 0 else done.stderr.strip() or "git tag failed"


@contextlib.contextmanager
def checkout(root: Path, commit: str) -> Iterator[Path]:
    """The archive at ``root`` as it was at ``commit``, in a temporary worktree removed after."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise InputError(f"{root}: expected a git repository to check out commit {commit} from, found none")
    inside = root.resolve().relative_to(Path(top.stdout.strip()).resolve())
    # A staging folder, whose lock tells a killed run's (SIGKILL) from a live one's: the
    # killed run's folder is removed (remove_stale), then its worktree's registration,
    # which stayed in the repository (locked, when killed in ``worktree add``).
    target = Path(tempfile.gettempdir()) / "threadarchive-worktree"
    with staging(target, "check out the source") as folder:
        _forget_removed(root, target)
        worktree = folder / "source"
        added = _git(root, "worktree", "add", "--detach", "--quiet", str(worktree), commit)
        if added.returncode != 0:
            raise InputError(
                f"{root}: expected commit {commit} in this repository, found an error: {added.stderr.strip()}"
            )
        try:
            yield worktree / inside
        finally:
            _git(root, "worktree", "remove", "--force", str(worktree))


def _forget_removed(root: Path, target: Path) -> None:
    """Unregister the worktrees of ``checkout``'s staging folders for ``target`` that
    are gone: never another worktree of the repository's, gone or not."""
    listed = _git(root, "worktree", "list", "--porcelain")
    ours = re.compile(
        re.escape(f"{target.parent.resolve()}/.{target.name}.")
        + TEMPFILE_RANDOM
        + re.escape(STAGED)
        + "/source"
    )
    for line in listed.stdout.splitlines() if listed.returncode == 0 else []:
        path = line.removeprefix("worktree ")
        if line.startswith("worktree ") and ours.fullmatch(path) and not os.path.lexists(path):
            _git(root, "worktree", "remove", "--force", "--force", path)


def committed_versions(root: Path, relative: str) -> list[tuple[str, str]]:
    """Every committed version of the file ``relative`` (to ``root``), oldest first, as
    (commit, text); empty outside a git repository."""
    if shutil.which("git") is None:
        return []
    log = _git(root, "log", "--format=%H", "--", relative)
    if log.returncode != 0:
        return []
    versions = []
    for commit in reversed(log.stdout.split()):
        shown = _git(root, "show", f"{commit}:./{relative}")
        if shown.returncode == 0:
            versions.append((commit, shown.stdout))
    return versions
