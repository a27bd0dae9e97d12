"""A release named the way a person names it, as local files to read whole.

The commands that read a release whole (verify, validate, diff, site, sqlite) take a
version or "latest" (of the working archive, else of the package), a release folder,
its ``datapackage.json``, a zip of one, or the http(s) URL of a folder or zip. What
is fetched goes to a download folder in the cache, removed afterwards (and, should
the run be killed, by the next run that uses the cache); nothing is trusted until
the caller checks it (verify, validate).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from threadarchive.access import transport
from threadarchive.access.locate import folder_url, from_package
from threadarchive.archive.index import packaged
from threadarchive.contract.layout import CHECKSUMS, DESCRIPTOR, RELEASES_DIR
from threadarchive.contract.limits import MAX_DOCUMENT_BYTES, MAX_RELEASE_FILES
from threadarchive.contract.versions import Version
from threadarchive.errors import PackageError, VersionNotFoundError
from threadarchive.files.gate import inside, is_url, problem
from threadarchive.release.fixity import open_release


@contextlib.contextmanager
def release_files(spec: str, root: Path | None = None, *, folder: bool = False) -> Iterator[Path]:
    """A release named the way a person names it, as a local folder or zip to read whole.

    Parameters
    ----------
    spec
        A version or "latest" (of the archive at ``root``, else of the package:
        shipped, or fetched by the release index), a release folder, its
        ``datapackage.json``, a zip of one, or the http(s) URL of a folder or zip.
    root
        The working archive the command runs in, if any.
    folder
        Extract a zip (within the zip limits, by the names its SHA256SUMS lists), for
        a caller that reads a folder.

    Yields
    ------
    Path
        The release folder or zip; what was fetched or extracted is removed afterwards.

    Raises
    ------
    PackageError
        ``spec`` names nothing of these, or a download fails.
    VersionNotFoundError
        No release has that version.
    """
    with _release_files(spec, root) as found:
        if folder and found.is_file():  # a zip, for a command that reads a folder (validate, diff)
            with tempfile.TemporaryDirectory(prefix="threadarchive-") as temporary:
                yield extract(found, Path(temporary))
        else:
            yield found


@contextlib.contextmanager
def _release_files(spec: str, root: Path | None) -> Iterator[Path]:
    path = Path(spec)
    if is_url(spec):
        with transport.scratch() as temporary:
            yield _fetch_whole(spec, temporary)
        return
    if path.exists():
        yield path.parent if path.is_file() and path.name == DESCRIPTOR else path
        return
    if spec != "latest" and not Version.matches(spec):
        raise PackageError(
            f"{spec}: expected a release version, 'latest', a release folder, a zip or a URL, found none of these",
            parameter="spec",
        )
    if root is not None:
        from threadarchive.archive.published import list_releases

        listed = list_releases(root)
        chosen = (
            listed[-1]
            if spec == "latest" and listed
            else next((r for r in listed if str(r.version) == spec), None)
        )
        if chosen is None:
            available = ", ".join(str(r.version) for r in listed) or "none"
            raise VersionNotFoundError(
                f"{root / RELEASES_DIR}: expected one of the releases {available}, found {spec!r}",
                parameter="spec",
            )
        yield chosen.path
        return
    release = from_package(None if spec == "latest" else spec)
    if release.folder is not None:
        yield release.folder
        return
    index = packaged()
    entry = index.entry(release.version) if index else None
    assert index is not None and entry is not None and index.release_url is not None
    with transport.scratch() as temporary:
        into = temporary / entry.version
        for name, facts in sorted(entry.files.items()):
            if problem(name) is None:
                url = index.url(entry.version, name) or ""
                transport.save(
                    url, inside(into, name), sha256=str(facts.get("sha256")), size=facts.get("bytes")
                )
        yield into


def _fetch_whole(url: str, into: Path) -> Path:
    """Every file of the release at ``url`` (a zip, or a folder's files its SHA256SUMS lists)."""
    if not url.lower().startswith(("http://", "https://")):
        raise PackageError(f"{url}: expected an http(s) URL, found another scheme", parameter="spec")
    if url.lower().endswith(".zip"):
        return transport.save(url, into / (url.rsplit("/", 1)[-1] or "release.zip"))
    base = folder_url(url)
    folder = into / "release"
    sums = transport.fetch_bytes(base + CHECKSUMS, MAX_DOCUMENT_BYTES)
    names = [line.partition("  ")[2] for line in sums.decode("utf-8", "replace").splitlines()]
    if len(names) > MAX_RELEASE_FILES:  # refused before a request: each file is one
        msg = f"{base}{CHECKSUMS}: expected at most {MAX_RELEASE_FILES:,} files in a release, found {len(names):,} listed"
        raise PackageError(msg, parameter="spec")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CHECKSUMS).write_bytes(sums)
    for name in names:
        if problem(name) is None and name != CHECKSUMS:  # an unsafe name is reported by verify
            transport.save(base + name, inside(folder, name))
    return folder


def extract(zipped: Path, into: Path) -> Path:
    """The files of a release zip in a folder: only names the path gate passes."""
    with open_release(zipped) as files:
        for name in sorted(files.names):
            if problem(name) is None:
                target = inside(into, name)
                target.parent.mkdir(parents=True, exist_ok=True)
                with files.open(name) as source, target.open("wb") as stream:
                    shutil.copyfileobj(source, stream, 1 << 20)
    return into
