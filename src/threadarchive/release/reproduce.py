"""Rebuild a published release from the commit it records and compare it byte for byte;
tag a release's commit."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive.archive.published import release_dir
from threadarchive.contract.layout import (
    DESCRIPTOR,
)
from threadarchive.contract.versions import Version
from threadarchive.errors import (
    PackageError,
)
from threadarchive.release import git
from threadarchive.release.publish import build

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Reproduction:
    """A release rebuilt and compared with its published files."""

    version: str
    source: str  # what it was rebuilt from: "commit <sha>" or "the current source"
    differing: list[str]  # the files whose bytes differ (or exist on one side only)
    dirty: bool = False  # it was built from uncommitted changes, which its commit lacks


def reproduce(root: str | Path, version: str) -> Reproduction:
    """Rebuild a published release from the commit it records (in a temporary git
    worktree), or from the current source when it records none; compare the bytes."""
    published = release_dir(root, Version.parse(version))
    if not (published / DESCRIPTOR).is_file():
        raise PackageError(f"{published}: no such release")
    descriptor = json.loads((published / DESCRIPTOR).read_text(encoding="utf-8"))
    recorded = descriptor.get("x-source")
    commit = recorded.get("commit") if isinstance(recorded, dict) else None
    if isinstance(commit, str) and git.source(Path(root)) is not None:
        with git.checkout(Path(root), commit) as source:
            differing = _rebuilt_differences(source, published, descriptor)
        return Reproduction(published.name, f"commit {commit}", differing, bool(recorded.get("dirty")))
    return Reproduction(
        published.name, "the current source", _rebuilt_differences(Path(root), published, descriptor)
    )


def _rebuilt_differences(root: Path, published: Path, descriptor: dict[str, Any]) -> list[str]:
    created = dt.date.fromisoformat(descriptor["created"][:10])
    with tempfile.TemporaryDirectory() as temporary:
        rebuilt = Path(temporary) / published.name
        rebuilt.mkdir()
        build(root, Version.parse(published.name), created, rebuilt, previous=descriptor.get("x-previous"))
        names = {
            p.relative_to(d).as_posix() for d in (published, rebuilt) for p in d.rglob("*") if p.is_file()
        }
        return sorted(
            n
            for n in names
            if not (published / n).is_file()
            or not (rebuilt / n).is_file()
            or (published / n).read_bytes() != (rebuilt / n).read_bytes()
        )


def _recorded_source(root: str | Path, version: str) -> tuple[str, bool] | None:
    """The commit release ``version`` records it was built from, and whether the source
    had uncommitted changes; None when it records none."""
    descriptor = json.loads((release_dir(root, version) / DESCRIPTOR).read_text(encoding="utf-8"))
    recorded = descriptor.get("x-source")
    if not isinstance(recorded, dict) or not isinstance(recorded.get("commit"), str):
        return None
    return recorded["commit"], bool(recorded.get("dirty"))


def untagged(root: str | Path, version: str) -> bool:
    """Whether release ``version`` records a clean commit that has no ``data-vX.Y.Z`` tag yet."""
    source = _recorded_source(root, version)
    return source is not None and not source[1] and not git.tagged(Path(root), f"data-v{version}", source[0])


def tag(root: str | Path, version: str) -> str | None:
    """Tag the commit release ``version`` was built from as ``data-vX.Y.Z``: what was
    done, to tell the user, or None when the release records no commit or is tagged."""
    if (source := _recorded_source(root, version)) is None:
        return None
    (commit, dirty), name = source, f"data-v{version}"
    if dirty:
        return f"not tagged: the release was built from uncommitted changes, which commit {commit[:12]} lacks"
    if git.tagged(Path(root), name, commit):
        return None
    if problem := git.tag(Path(root), name, commit):
        return f"not tagged ({problem}); to tag its source: git tag {name} {commit}"
    return f"tagged its source, commit {commit[:12]}, as {name}; publish the tag with: git push origin {name}"
