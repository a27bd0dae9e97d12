"""Rebuild a published release from the commit it records and compare it byte for byte;
tag a release's commit."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive.archive.published import release_dir
from threadarchive.contract.layout import (
    DESCRIPTOR,
)
from threadarchive.contract.package import read_descriptor, read_document
from threadarchive.contract.patterns import COMMIT
from threadarchive.contract.versions import Version
from threadarchive.errors import PackageError
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
    worktree), or from the current source when it records none; compare the bytes.

    Raises
    ------
    PackageError
        The release is missing, or its descriptor lacks a creation date or records a
        source commit that is not a commit hash.
    """
    published = release_dir(root, Version.parse(version))
    descriptor, recorded = _recorded(published)
    created = descriptor["created"]
    if recorded is not None and git.source(Path(root)) is not None:
        commit, dirty = recorded
        with git.checkout(Path(root), commit) as source:
            differing = _rebuilt_differences(source, published, descriptor, created)
        return Reproduction(published.name, f"commit {commit}", differing, dirty)
    return Reproduction(
        published.name, "the current source", _rebuilt_differences(Path(root), published, descriptor, created)
    )


def _rebuilt_differences(
    root: Path, published: Path, descriptor: dict[str, Any], created: dt.date
) -> list[str]:
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


def _recorded(folder: Path) -> tuple[dict[str, Any], tuple[str, bool] | None]:
    """A release's descriptor, read strictly, with ``created`` as a date; and the commit
    it records it was built from with whether the source had uncommitted changes (None
    when it records none). PackageError naming the field otherwise."""
    path = folder / DESCRIPTOR
    if not path.is_file():
        raise PackageError(f"{folder}: no such release", path=folder)
    descriptor = read_descriptor(read_document(path, "a release descriptor"), str(path))
    try:
        descriptor["created"] = dt.date.fromisoformat(str(descriptor.get("created", ""))[:10])
    except ValueError:
        found = descriptor.get("created")
        raise PackageError(
            f"{path}: created: expected a date YYYY-MM-DD, found {found!r:.40}", path=path
        ) from None
    source = descriptor.get("x-source")
    if source is None:
        return descriptor, None
    commit = source.get("commit") if isinstance(source, dict) else None
    if commit is None:
        return descriptor, None
    if not (isinstance(commit, str) and COMMIT.fullmatch(commit)):
        raise PackageError(
            f"{path}: x-source.commit: expected a commit hash, found {commit!r:.60}", path=path
        )
    return descriptor, (commit, bool(source.get("dirty")))


def _recorded_source(root: str | Path, version: str) -> tuple[str, bool] | None:
    """The commit release ``version`` records it was built from, and whether the source
    had uncommitted changes; None when it records none."""
    return _recorded(release_dir(root, version))[1]


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
