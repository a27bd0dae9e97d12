"""A release's downloads under dist/ (its zip, public zip, BagIt bag, site and SQLite database),
and what a killed ``release`` left unwritten of the latest release.

A release is published in one journalled step; its downloads and its git tag come
after it. A kill between them leaves the release published without them: nothing
is left to plan, and ``unfinished`` says what is missing, for the caller to write
(``bundles`` writes the zip and the bag, ``reproduce.tag`` the tag; the site and
the database are built by the readers of the access layer).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from threadarchive.archive.published import list_releases, release_dir
from threadarchive.archive.store import Store
from threadarchive.contract.layout import (
    CHANGELOG,
    DOWNLOAD_SUFFIXES,
    INDEX_FILE,
    download_path,
    release_path,
)
from threadarchive.contract.versions import Version
from threadarchive.errors import InputError
from threadarchive.release.reproduce import untagged

# In the order they are built: the site before the zip that may hold it. The zip holds
# the release folder whole (every text, for the research group); the public zip only its
# public variant, the download to publish (a release page, a deposit).
KINDS = ("site", "sqlite", "zip", "public-zip", "bag")


def download_paths(archive: Store, version: Version | str) -> dict[str, Path]:
    """Where each download of release ``version`` goes, by kind, through the archive's gate."""
    name = archive.settings().name
    return {kind: archive.path(download_path(name, version, kind)) for kind in DOWNLOAD_SUFFIXES}


def written_by_release(version: Version | str) -> list[str]:
    """The archive's files a release writes, relative to its root: the files to commit.

    The release folder, the release index and the CHANGELOG; the downloads under
    dist/ are not committed (archives ignore dist/).
    """
    return [release_path(version), INDEX_FILE, CHANGELOG]


@dataclass(frozen=True)
class Unfinished:
    """What a killed release left unwritten of the latest release ``version``."""

    version: str
    path: Path
    downloads: tuple[str, ...]  # of the kinds asked for, those not written
    untagged: bool  # the release records a clean commit that has no data-vX.Y.Z tag

    def __bool__(self) -> bool:
        return bool(self.downloads) or self.untagged

    def to_dict(self) -> dict[str, object]:
        return {"version": self.version, "downloads": list(self.downloads), "untagged": self.untagged}


def unfinished(archive: Store, kinds: tuple[str, ...] | list[str] = ()) -> Unfinished:
    """What is missing of the latest release: the downloads among ``kinds`` not under
    dist/, and its tag.

    Raises
    ------
    InputError
        The archive has no release; ``kinds`` names no kind of download.
    """
    if unknown := sorted(set(kinds) - set(KINDS)):
        raise InputError(f"kinds: expected some of {', '.join(KINDS)}, found {unknown}", parameter="kinds")
    published = list_releases(archive.root)
    if not published:
        raise InputError("expected a published release, found none")
    version = str(published[-1].version)
    paths = download_paths(archive, version)
    missing = tuple(kind for kind in KINDS if kind in kinds and not paths[kind].exists())
    return Unfinished(version, release_dir(archive.root, version), missing, untagged(archive.root, version))
