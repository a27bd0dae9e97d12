"""A site inside a release zip, anchored through its release.

``release --site --zip`` puts the release's static site beside the release folder in
the zip, with a SHA256SUMS of its own. That manifest proves nothing against someone
who replaces the site: they rewrite it too. The release itself is anchored by the
release index; the site is a pure function of the release (its build writes the same
bytes every time). So the site is checked the one way that ties it to the anchor: it
is built again from the verified release, and every file must be the one built.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from threadarchive.access.fetch import extract
from threadarchive.contract.findings import SITE_NOT_REBUILT, Finding
from threadarchive.contract.layout import CHECKSUMS
from threadarchive.contract.report import Report, capped
from threadarchive.errors import ThreadArchiveError
from threadarchive.files.hashing import sha256_file
from threadarchive.release.fixity import Index, ReleaseFiles, open_release
from threadarchive.release.fixity import verify as verify_files


def verify(path: str | Path, *, index: Index | None = None) -> Report:
    """Fixity of a release folder or zip, as ``release.fixity.verify`` checks it, and of
    the site a zip holds beside the release: the site its release builds, file for file.

    Parameters
    ----------
    path
        A release folder, or a zip of one (with its site, if ``release --site --zip``
        added it).
    index
        The index to check against; by default the ones ``release.fixity.verify`` finds.

    Returns
    -------
    Report
        The fixity findings, and ``site-not-rebuilt`` for each site file that differs
        from the rebuilt site's (checked only when the release itself is intact).

    Raises
    ------
    PackageError
        ``path`` is neither a release folder nor a readable zip.
    """
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
