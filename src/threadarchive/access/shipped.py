"""A release as it is shipped: a folder, a zip (with its site), or a BagIt bag.

Fixity itself is ``release.fixity.verify``: every file against the release's manifests
and the release index. What ships beside a release is checked here, through it:

- ``release --site --zip`` puts the release's static site beside the release folder in
  the zip, with a SHA256SUMS of its own. That manifest proves nothing against someone who
  replaces the site: they rewrite it too. The site is a pure function of the release (its
  build writes the same bytes every time), so it is built again from the verified release,
  and every file must be the one built.
- ``release --bag`` writes a BagIt bag whose payload, ``data/``, is the release folder:
  the payload is verified as the release (against the index), and the bag's own
  manifests by ``bagit``, where it is installed (the ``maintain`` extra).
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import replace
from pathlib import Path

from threadarchive.access.fetch import extract
from threadarchive.contract.findings import (
    BAG_UNCHECKED,
    FILE_MISSING,
    FILE_UNLISTED,
    HASH_MISMATCH,
    MANIFEST_ERROR,
    SITE_NOT_REBUILT,
    Finding,
)
from threadarchive.contract.layout import CHECKSUMS, DESCRIPTOR
from threadarchive.contract.report import Report, capped
from threadarchive.errors import PackageError, ThreadArchiveError
from threadarchive.files.hashing import sha256_file
from threadarchive.release.fixity import Index, ReleaseFiles, open_release
from threadarchive.release.fixity import verify as verify_files


def verify(path: str | Path, *, index: Index | None = None) -> Report:
    """Fixity of a release folder or zip, as ``release.fixity.verify`` checks it, and of
    the site a zip holds beside the release: the site its release builds, file for file.

    Parameters
    ----------
    path
        A release folder, a zip of one (with its site, if ``release --site --zip``
        added it), or a bag of one (``release --bag``).
    index
        The index to check against; by default the ones ``release.fixity.verify`` finds.

    Returns
    -------
    Report
        The fixity findings; ``site-not-rebuilt`` for each site file that differs from
        the rebuilt site's (checked only when the release itself is intact); for a bag,
        the payload's findings under ``data/`` and the bag's own manifests' findings.

    Raises
    ------
    PackageError
        ``path`` is neither a release folder, nor a readable zip, nor a bag of a release.
    """
    if (Path(path) / BAG_DECLARATION).is_file():
        return _bag(Path(path), index)
    report = verify_files(path, index=index)
    if not report.valid or not Path(path).is_file():
        return report
    return Report(report.path, capped([*report.findings, *_site_findings(Path(path))]), report.stats)


def _site_findings(zipped: Path) -> list[Finding]:
    with open_release(zipped) as files:
        release = files.prefix.rstrip("/")
        site = f"{release}-site/"
        shipped = ReleaseFiles(archive=files.archive, prefix=site)  # checked against its manifest
        if not release or not shipped.names:
            return []
        from pyarrow import ArrowException

        from threadarchive.access.site import build_site  # the site's renderer, only when needed

        with tempfile.TemporaryDirectory(prefix="threadarchive-site-") as temporary:
            folder = extract(zipped, Path(temporary) / release)
            try:
                built = build_site(folder, Path(temporary) / "site").path
            except (ThreadArchiveError, ArrowException, TypeError, KeyError, ValueError) as exc:
                # A release no index anchors may hold anything its own manifests agree with:
                # a site it cannot build is not that site, whatever the builder raised.
                cause = str(exc).strip().split("\n", 1)[0].replace(str(folder), release)
                message = (
                    f"expected the release to build its site, found an error: {type(exc).__name__}: {cause}"
                )
                return [SITE_NOT_REBUILT(message, path=site)]
            expected = {
                p.relative_to(built).as_posix(): sha256_file(p) for p in built.rglob("*") if p.is_file()
            }
            findings = []
            listed = {n for n in shipped.names if n != CHECKSUMS and not n.endswith("/") and n}
            for name in sorted(listed | expected.keys()):
                if name not in expected:
                    found = "a file the build does not write"
                elif name not in listed:
                    found = "none"
                else:
                    digest = shipped.sha256(name)
                    if digest == expected[name]:
                        continue
                    found = f"SHA-256 {digest}"
                findings.append(
                    SITE_NOT_REBUILT(
                        f"expected the file the release builds"
                        f"{f' (SHA-256 {expected[name]})' if name in expected else ''}, found {found}",
                        path=site + name,
                    )
                )
            return findings


BAG_DECLARATION = "bagit.txt"  # what makes a folder a bag (BagIt, RFC 8493)


def _bag(folder: Path, index: Index | None) -> Report:
    """A bag: its payload verified as the release, then its own manifests."""
    payload = folder / "data"
    if not (payload / DESCRIPTOR).is_file():
        raise PackageError(f"{folder}: expected a bag of a release (data/{DESCRIPTOR}), found none")
    report = verify_files(payload, index=index)
    findings = [replace(f, path=f"data/{f.path}" if f.path else "data/") for f in report.findings]
    try:
        import bagit
    except ImportError:
        findings.append(
            BAG_UNCHECKED(
                "expected bagit to check the bag's own manifests, found it not installed: "
                "install threadarchive[maintain]; the release in data/ is checked",
                path=BAG_DECLARATION,
            )
        )
        return Report(str(folder), capped(findings), report.stats)
    logging.getLogger("bagit").setLevel(logging.WARNING)  # its per-file chatter is not ours
    try:
        bagit.Bag(str(folder)).validate()
    except bagit.BagValidationError as exc:
        findings += [_bag_finding(detail) for detail in exc.details or []] or [
            MANIFEST_ERROR(f"expected a valid bag, found: {exc.message}", path=BAG_DECLARATION)
        ]
    except bagit.BagError as exc:
        findings.append(MANIFEST_ERROR(f"expected a valid bag, found: {exc}", path=BAG_DECLARATION))
    return Report(str(folder), capped(findings), report.stats)


def _bag_finding(detail: object) -> Finding:
    """One of bagit's validation details as this project's finding."""
    where = str(getattr(detail, "path", "") or BAG_DECLARATION)
    kind = type(detail).__name__
    if kind == "ChecksumMismatch":
        expected, found = getattr(detail, "expected", ""), getattr(detail, "found", "")
        algorithm = getattr(detail, "algorithm", "")
        return HASH_MISMATCH(
            f"expected {algorithm} {expected} (the bag's manifest), found {found}", path=where
        )
    if kind == "FileMissing":
        return FILE_MISSING("expected the file the bag's manifest lists, found none", path=where)
    if kind == "UnexpectedFile":
        return FILE_UNLISTED("expected only files the bag's manifest lists, found this one", path=where)
    return MANIFEST_ERROR(f"expected a valid bag, found: {detail}", path=where)
