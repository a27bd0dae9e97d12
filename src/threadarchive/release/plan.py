"""Plan a release: its version from the diff against the latest release, refused when the
bump is too small, and a digest of the working package it was planned on."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from threadarchive.archive.published import ReleaseInfo, list_releases, release_dir
from threadarchive.contract.layout import (
    DESCRIPTOR,
)
from threadarchive.contract.package import load_package
from threadarchive.contract.versions import LEVELS, Level, Version
from threadarchive.errors import (
    BumpTooSmallError,
    ConflictError,
    InputError,
)
from threadarchive.files.fsutil import storage
from threadarchive.files.gate import inside
from threadarchive.files.hashing import sha256_file
from threadarchive.release.history import versions_ever
from threadarchive.release.versioning import Diff, diff_packages


@dataclass(frozen=True)
class Plan:
    """What ``release`` would publish; ``source`` is the digest of the working package
    it was planned from (``working_digest``)."""

    version: Version
    created: dt.date
    previous: Version | None
    diff: Diff
    path: Path
    source: str


class NothingToRelease(InputError):
    """The working package is the latest release's: there is nothing to publish."""

    def __init__(self, latest: Version, *, hint: str | None = None) -> None:
        super().__init__(
            f"expected changes since release {latest}, found none: nothing to release", hint=hint
        )
        self.latest = latest


def plan(
    root: str | Path,
    *,
    bump: Level | None = None,
    version: str | None = None,
    created: dt.date | None = None,
) -> Plan:
    """Decide the version of the next release and check the bump is big enough.

    Parameters
    ----------
    root
        The archive's folder.
    bump, version
        Exactly one: the level to bump the latest release's version by, or the version.
    created
        The release date (default: today).

    Returns
    -------
    Plan
        The version, the diff against the latest release and where it is published.

    Raises
    ------
    NothingToRelease
        The working package is the latest release's (whatever ``bump`` or ``version`` say).
    BumpTooSmallError
        The version is too small for the changes; ``remedy`` holds the ``bump`` they need.
    InputError
        Neither or both of ``bump`` and ``version``; a version that is no version; a
        ``created`` date (or today) before the latest release's date.
    ConflictError
        The release exists already.
    """
    if bump is not None and version is not None:
        msg = "expected one of bump=LEVEL or version='X.Y.Z', found both"
        raise InputError(msg, parameter="version")
    asked = Version.parse(version) if version is not None else None
    source = working_digest(root)  # before the diff reads it: a change meanwhile is caught
    published = list_releases(root)
    used = versions_ever(Path(root))
    previous = published[-1] if published else None
    if asked is not None:
        refuse_existing(root, asked, used)
    diff = diff_packages(previous.path if previous else None, root)
    required = diff.required
    if previous is not None and required is None:
        raise NothingToRelease(previous.version)
    if bump is None and asked is None:
        needs = (
            f"the changes since {previous.version} need a {required} release"
            if previous is not None
            else "the first release is 1.0.0, whatever the bump"
        )
        msg = f"expected one of bump=LEVEL or version='X.Y.Z', found neither: {needs}"
        raise InputError(msg, parameter="bump", remedy={"bump": required} if previous else None)
    if previous is None:
        target = asked or Version(1, 0, 0)
        if target != Version(1, 0, 0):
            raise InputError(f"expected the first release to be 1.0.0, found {target}")
        if not load_package(root).table_rows("threads"):
            raise InputError("expected threads to release, found none: ingest captures first")
    else:
        target = asked or previous.version.bump(bump or "patch")
        refuse_existing(root, target, used)
        given = target.level_from(previous.version)
        if given is None:
            raise InputError(
                f"expected a version above the latest release {previous.version}, found {target}"
            )
        if LEVELS.index(given) < LEVELS.index(required):
            reasons = [
                f"{c.kind} {c.table} ({c.detail}) needs {c.level}"
                for c in diff.changes
                if c.level == required
            ]
            needs = "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "")
            msg = (
                f"a {given} release ({target}) is too small for the changes since {previous.version}: {needs}"
            )
            raise BumpTooSmallError(
                msg, hint=f"use bump={required!r}", parameter="bump", remedy={"bump": required}
            )
    path = refuse_existing(root, target, used)
    day = created or dt.date.today()
    if previous is not None:
        refuse_earlier(day, previous)
    return Plan(target, day, previous.version if previous else None, diff, path, source)


def refuse_earlier(day: dt.date, latest: ReleaseInfo) -> None:
    """Refuse a release dated before the latest published one: its CHANGELOG section and
    citation would date it before the release it follows."""
    try:
        published = dt.date.fromisoformat(latest.created[:10])
    except ValueError:
        return  # a descriptor without a date: nothing to compare (validate reports it)
    if day < published:
        raise InputError(
            f"created: expected a date on or after {published.isoformat()}, the date of the latest "
            f"release {latest.version}, found {day.isoformat()}",
            parameter="created",
        )


def working_digest(root: str | Path) -> str:
    """A SHA-256 of the working package: its descriptor, and each resource's schema
    file and data file, by path. Equal digests: the same package to release."""
    package = load_package(root)
    digest = hashlib.sha256()
    names = [DESCRIPTOR]
    for resource in package.resources:
        names += [n for n in (resource.schema_path, resource.path) if n is not None]
    for name in names:
        path = inside(package.base, name, source=str(package.descriptor_path))
        with storage(path, "read the working package"):
            state = sha256_file(path) if path.is_file() else "absent"
        digest.update(f"{name}\0{state}\n".encode())
    return digest.hexdigest()


def refuse_existing(root: str | Path, version: Version, used: set[str]) -> Path:
    path = release_dir(root, version)
    if path.exists():
        raise ConflictError(
            f"{path}: release {version} exists already; published releases are never overwritten"
        )
    if str(version) in used:
        raise ConflictError(
            f"{path}: release {version} was published before (the release index or its committed history "
            "records it); a version is never published twice, even after its folder is gone"
        )
    return path
