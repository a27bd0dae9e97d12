"""The archive's published releases as they stand in releases/: which exist, and which
of them hold a thread (for the index's withdrawal records)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from threadarchive import contract
from threadarchive.archive.index import Index
from threadarchive.archive.index import Withdrawal as IndexWithdrawal
from threadarchive.archive.store import Store
from threadarchive.contract.layout import (
    DESCRIPTOR,
    RELEASES_DIR,
    SETTINGS_FILE,
    release_path,
)
from threadarchive.contract.package import read_descriptor
from threadarchive.contract.versions import Version
from threadarchive.files.fsutil import storage

if TYPE_CHECKING:
    from threadarchive.archive.withdrawals import Event


@dataclass(frozen=True)
class ReleaseInfo:
    version: Version
    path: Path
    created: str
    rows: dict[str, int]


def releases_dir(root: str | Path) -> Path:
    """The archive's ``releases`` folder, through the archive's path gate."""
    return Store(root).path(RELEASES_DIR)


def release_dir(root: str | Path, version: Version | str) -> Path:
    """The folder of release ``version`` of the archive, through the archive's path gate."""
    return Store(root).path(release_path(version))


def list_releases(root: str | Path) -> list[ReleaseInfo]:
    """Published releases under ``root/releases``, oldest first.

    A release folder a link leads out of the archive raises UnsafePathError. One a
    pending journal moves into place (a command was killed before its CHANGELOG
    section and index entry were written) is not published yet: it is left out.
    """
    archive = Store(root)
    found = []
    folder = releases_dir(root)
    journal = archive.pending() if (archive.root / SETTINGS_FILE).is_file() else None
    unfinished = {final for _, final in journal.moves} if journal else set()
    for name in sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []:
        if not Version.matches(name) or f"{RELEASES_DIR}/{name}" in unfinished:
            continue  # the index, a staging folder, anything not a release (yet)
        path = release_dir(root, name)
        descriptor_file = archive.path(f"{RELEASES_DIR}/{name}/{DESCRIPTOR}")
        if not descriptor_file.is_file():
            continue
        version = Version.parse(path.name)
        with storage(descriptor_file, "read the release descriptor"):
            data = descriptor_file.read_bytes()
        descriptor = read_descriptor(data, str(descriptor_file))
        rows = {
            r["name"]: r.get("x-rows", 0) for r in descriptor.get("resources", []) if r.get("format") == "csv"
        }
        found.append(ReleaseInfo(version, path, descriptor.get("created", ""), rows))
    return sorted(found, key=lambda r: r.version)


def index_withdrawal(index: Index, root: Path, thread_id: str, event: Event) -> Index:
    """The index with a thread's withdrawal recorded against the published releases that
    hold it (so that loading them warns), or dropped when the thread is reinstated."""
    kept = tuple(w for w in index.withdrawals if w.thread_id != thread_id)
    if event.event != "withdrawn":
        return replace(index, withdrawals=kept)
    holding = tuple(str(info.version) for info in list_releases(root) if thread_id in _thread_ids(info.path))
    entry = IndexWithdrawal(thread_id, event.date.isoformat(), event.reason, holding)
    return replace(index, withdrawals=(*kept, entry))


def _thread_ids(release: Path) -> set[str]:
    """The thread IDs of a published release, read from its threads CSV."""
    import csv

    path = release / contract.table("threads").path()
    with storage(path, "read the release's threads"), path.open(encoding="utf-8", newline="") as stream:
        return {row.get("thread_id") or "" for row in csv.DictReader(stream)}
