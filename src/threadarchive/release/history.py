"""The release index only grows: every release it lists exists, and nothing it ever listed
(in its committed history) is gone or recorded otherwise.

The index anchors every published byte (fixity.verify checks each release against it),
so an index rolled back to an older commit, with the newer release deleted, would let
a different release be published under the same version. In a git checkout the
committed history of ``releases/index.json`` is the witness: a version it once recorded
must still be recorded, with the same descriptor hash.
"""

from __future__ import annotations

from pathlib import Path

from threadarchive.archive.index import Index
from threadarchive.archive.published import list_releases
from threadarchive.archive.store import Store
from threadarchive.contract.findings import INDEX_REWRITTEN, RELEASE_MISSING, Finding
from threadarchive.contract.layout import INDEX_FILE, release_path
from threadarchive.contract.report import Report
from threadarchive.errors import PackageError
from threadarchive.release import git
from threadarchive.release.fixity import verify


def current_index(root: Path) -> Index | None:
    """The archive's release index, None when it has published nothing yet."""
    path = Store(root).path(INDEX_FILE)
    return Index.read(path) if path.exists() else None


def committed_indexes(root: Path) -> list[tuple[str, Index]]:
    """Every committed version of the index that can be read, oldest first, with its commit."""
    found = []
    for commit, text in git.committed_versions(root, INDEX_FILE):
        try:
            found.append((commit, Index.parse(text, f"{INDEX_FILE} at commit {commit[:12]}")))
        except PackageError:
            continue  # a broken commit of it records nothing to hold the index to
    return found


def check_index(root: Path) -> list[Finding]:
    """Findings on the archive's index: releases it lists that are missing, and releases
    its committed history lists that it lacks or records with another descriptor."""
    index = current_index(root)
    archive = Store(root)
    recorded = {e.version: e for e in index.entries} if index else {}
    findings = [
        RELEASE_MISSING(
            f"expected release {version} in {release_path(version)} as the release index lists it, found no folder",
            path=INDEX_FILE,
        )
        for version in sorted(recorded)
        if not archive.path(release_path(version)).is_dir()
    ]
    for commit, committed in committed_indexes(root):
        for entry in committed.entries:
            now = recorded.get(entry.version)
            if now is None:
                found = "no such release: the index was rolled back"
            elif now.descriptor_sha256 != entry.descriptor_sha256:
                found = f"descriptor SHA-256 {now.descriptor_sha256}: the entry was rewritten"
            else:
                continue
            message = (
                f"expected release {entry.version} with descriptor SHA-256 {entry.descriptor_sha256} as the "
                f"index committed in {commit[:12]} records it, found {found}"
            )
            if all(f.message != message for f in findings):
                findings.append(INDEX_REWRITTEN(message, path=INDEX_FILE))
    return findings


def versions_ever(root: Path) -> set[str]:
    """Every version the index lists or ever listed in its committed history."""
    index = current_index(root)
    versions = {e.version for e in index.entries} if index else set()
    for _, committed in committed_indexes(root):
        versions.update(e.version for e in committed.entries)
    return versions


def verify_archive(root: Path) -> list[Report]:
    """Every release of the archive verified against its manifests and the index, and the
    index itself against what it lists and what its committed history recorded.

    Returns
    -------
    list of Report
        One per release folder, oldest first, and one for the index when it has findings.
    """
    reports = [verify(info.path) for info in list_releases(root)]
    if findings := check_index(root):
        reports.append(Report(str(Store(root).path(INDEX_FILE)), findings, {}))
    return reports
