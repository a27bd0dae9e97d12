"""Where a release is, its descriptor read, checked and anchored in a release index.

A release is one of:

- shipped in the installed package (``threadarchive/_releases``, read with
  importlib.resources), or listed by the release index the package ships and fetched
  from where its archive publishes it;
- a local release folder, its ``datapackage.json``, or a zip of one;
- the http(s) URL of a release folder (or its ``datapackage.json``) or of a zip.

Trust: a descriptor must have the hash the release index records for that archive and
version: the package's own index, and the index of the archive a release folder sits
in (a release edited consistently, manifests and all, is refused). Each data file is
then checked against the descriptor as it is read (``load``).

Offline: a URL's descriptor (or zip) is remembered in the cache once its release was
checked; when the network is off, a release fetched before loads from the cache,
verified against the hash recorded then. A server that answers (a 404 included) is
believed: a release withdrawn from its URL is not served from the cache.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from threadarchive.access import transport
from threadarchive.archive.index import Index, packaged
from threadarchive.contract.layout import DESCRIPTOR, PUBLIC_DIR
from threadarchive.contract.limits import MAX_DOCUMENT_BYTES
from threadarchive.contract.package import descriptor_path, read_descriptor
from threadarchive.contract.versions import Version
from threadarchive.errors import (
    FixityError,
    InputError,
    PackageError,
    UnsafeZipError,
    VersionNotFoundError,
)
from threadarchive.files.fsutil import require_regular
from threadarchive.files.gate import inside, is_url, problem
from threadarchive.files.hashing import sha256_bytes, sha256_file
from threadarchive.files.safezip import is_zip
from threadarchive.release.fixity import anchored_as, indexes_for, open_release, verify

SHIPPED = "_releases"  # the package's folder of the releases it ships


@dataclass(frozen=True)
class Release:
    """A published release, as the package (or an archive) knows it.

    Attributes
    ----------
    version
        Its version, ``X.Y.Z``.
    created
        The date it was published (ISO 8601), or "" when unknown.
    packaged
        Whether its files ship in the installed package (it loads offline).
    url
        Where its files are published, for the others, if the archive says.
    withdrawn
        Its threads withdrawn from the archive since it was published.
    path
        Its folder, for a release of a working archive (``Archive.releases``).
    """

    version: str
    created: str
    packaged: bool
    url: str | None = None
    withdrawn: tuple[str, ...] = ()
    path: Path | None = None

    def __str__(self) -> str:
        return self.version


def shipped() -> list[str]:
    """The versions whose files ship in the installed package, oldest first."""
    folder = resources.files("threadarchive") / SHIPPED
    if not folder.is_dir():
        return []
    names = [
        e.name
        for e in folder.iterdir()
        if e.is_dir() and Version.matches(e.name) and (e / DESCRIPTOR).is_file()
    ]
    return [str(v) for v in sorted(Version.parse(name) for name in names)]


def known() -> list[Release]:
    """Every release the package knows, oldest first: those it ships and those its
    release index lists (with where they are published)."""
    ships = shipped()
    index = packaged()
    found = {v: Release(v, "", True) for v in ships}
    for entry in index.entries if index else ():
        assert index is not None
        found[entry.version] = Release(
            entry.version,
            entry.created,
            entry.version in ships,
            None if entry.version in ships else index.url(entry.version, DESCRIPTOR),
            tuple(w.thread_id for w in index.withdrawn_from(entry.version)),
        )
    return [found[v] for v in sorted(found, key=Version.parse)]


@dataclass(frozen=True)
class Located:
    """A release's checked descriptor, and where its files come from."""

    descriptor: dict[str, Any]
    where: str  # for messages and provenance
    remedy: str  # what to do when a file fails its hash
    folder: Path | None = None  # a local folder holding its files
    base_url: str | None = None  # or the URL its files are fetched from (file names appended)
    zip_path: Path | None = None  # or a verified zip they are taken out of
    pattern: str | None = None  # or the archive's release_url, {version} and {file} filled in
    fetched: tuple[str, bytes | None, str] | None = None  # a URL, what it gave (unless kept), its hash

    @property
    def version(self) -> str:
        return str(self.descriptor["version"])

    def settle(self) -> None:
        """Remember what a URL gave once a table of its release loaded, so that the
        release loads offline afterwards (verified against this hash)."""
        if self.fetched is None:
            return
        url, data, digest = self.fetched
        kept = transport.blob(digest)  # a copy changed since it was kept is replaced, not left for offline
        if data is not None and (kept is None or sha256_file(kept) != digest):
            with transport.scratch() as folder:
                (folder / digest).write_bytes(data)
                transport.keep(folder / digest, digest)
        transport.remember(url, digest)

    def file(self, name: str, sha256: str, size: object) -> Path:
        """A local copy of the release's file ``name``, to be read and hash-checked: in
        its folder, or in the cache (fetched or taken out of its zip once)."""
        if reason := problem(name):
            raise PackageError(f"{self.where}: resource path {name!r}: {reason}; nothing was read")
        if self.folder is not None:
            path = inside(self.folder, name, source=self.where)
            regular(path)
            return path
        if (cached := transport.blob(sha256)) is not None:
            return cached  # kept only after its hash was checked, under that hash
        if self.base_url is not None:
            return transport.download(self.base_url + name, sha256, size)
        if self.pattern is not None:
            url = self.pattern.replace("{version}", self.version).replace("{file}", name)
            return transport.download(url, sha256, size)
        assert self.zip_path is not None
        with open_release(self.zip_path) as files, files.open(name) as stream:
            return transport.store(stream, sha256, size, f"{self.where}: {name}")

    def file_again(self, name: str, sha256: str, size: object) -> Path | None:
        """After the copy ``file`` gave of ``name`` failed its hash: for a release whose
        files come through the cache, that copy (changed since it was kept: a disk
        error, a hand) removed and the file fetched, or taken out of its zip, anew; None
        for a release in a folder, whose file is the release's own to restore, and when
        the server cannot be reached (the copy is fetched anew once it can)."""
        if self.folder is not None:
            return None
        transport.blob_path(sha256).unlink(missing_ok=True)
        try:
            return self.file(name, sha256, size)
        except transport.Unreachable:
            return None


def regular(path: Path) -> None:
    """Refuse a FIFO, device, socket or folder where a release's file is expected,
    before it is opened (a FIFO would block the read for ever)."""
    try:
        require_regular(path)
    except InputError as exc:
        raise PackageError(str(exc), path=path) from None


def locate(version: str | None, source: str | os.PathLike[str] | None) -> Located:
    """The release a call names: ``version`` of the package's releases, or the release
    at ``source`` (which must then be ``version``, unless that is None or "latest")."""
    if version is not None and not (version == "latest" or Version.matches(version)):
        raise VersionNotFoundError(
            f"expected a version like 1.2.3 or 'latest', found {version!r}", parameter="version"
        )
    if source is None:
        return from_package(version)
    text = os.fspath(source)
    if is_url(text):
        if not text.lower().startswith(("http://", "https://")):
            raise PackageError(
                f"{text}: expected an http(s) URL, a release folder or a zip, found another scheme",
                parameter="source",
            )
        release = remote_zip(text) if text.lower().endswith(".zip") else remote_folder(text)
    else:
        release = local(Path(text))
    if version not in (None, "latest") and release.version != version:
        raise VersionNotFoundError(
            f"{text}: expected release {version}, found {release.version}", parameter="version"
        )
    return release


def from_package(version: str | None) -> Located:
    """A release the package knows: from its own files, or fetched from where the
    archive publishes it, every file checked against the release index it ships."""
    available = [r.version for r in known()]
    if not available:
        raise VersionNotFoundError(
            "expected releases shipped with threadarchive, found none; pass source=", parameter="source"
        )
    chosen = available[-1] if version in (None, "latest") else version
    if chosen not in available:
        raise VersionNotFoundError(
            f"expected one of the releases {', '.join(available)}, found {version!r}", parameter="version"
        )
    if chosen in shipped():
        folder = Path(str(resources.files("threadarchive") / SHIPPED / chosen))  # wheels install as files
        return checked(folder / DESCRIPTOR, "reinstall threadarchive", folder=folder)
    index = packaged()
    assert index is not None  # a release the package does not ship is one its index lists
    entry = index.entry(chosen)
    assert entry is not None
    if index.release_url is None:
        msg = f"release {chosen} is not shipped in this package, and its archive says nowhere it is published: pass source="
        raise VersionNotFoundError(msg, parameter="source")
    # What the package loads is what may be shared: the release's public variant, where
    # the release has one (its files under public/), as the package ships it.
    public = entry.files.get(f"{PUBLIC_DIR}/{DESCRIPTOR}")
    prefix, digest = (f"{PUBLIC_DIR}/", str(public["sha256"])) if public else ("", entry.descriptor_sha256)
    url = index.url(chosen, prefix + DESCRIPTOR)
    assert url is not None
    # Pinned by the index: once fetched, it loads offline.
    descriptor = transport.download(url, digest, MAX_DOCUMENT_BYTES)
    pattern = index.release_url.replace("{file}", prefix + "{file}")
    return anchored(descriptor.read_bytes(), url, "fetch the release again", pattern=pattern)


def local(path: Path, where: str | None = None) -> Located:
    """A release on disk; ``where`` names a downloaded zip in messages (its URL, never
    the file it was downloaded to)."""
    if path.is_dir() or path.name == DESCRIPTOR:
        location = descriptor_path(path)
        return checked(location, "restore the release from its published copy", folder=location.parent)
    where = where or str(path)
    regular(path)
    if not path.is_file():
        raise PackageError(
            f"{where}: expected a release folder, its {DESCRIPTOR}, a zip of one or an http(s) URL, found nothing there",
            parameter="source",
        )
    if not is_zip(path):
        raise PackageError(
            f"{where}: expected a release folder or a zip of one, found another kind of file",
            parameter="source",
        )
    try:
        report = verify(path)  # a zip: its manifests, streamed, within the zip limits
    except UnsafeZipError as exc:  # named by the file: a downloaded zip is named by its URL
        problem = exc.problem.removeprefix(f"{path}: ")
        raise UnsafeZipError(f"{where}: {problem}", path=where, hint=exc.hint) from None
    if not report.valid:
        names = ", ".join(sorted({str(f.path) for f in report.errors}))
        raise FixityError(f"{where}: the release in this zip fails its manifest for {names}")
    with open_release(path) as files:
        data = files.read_small(DESCRIPTOR)
    return anchored(data, where, "fetch the release zip again", zip_path=path)


def checked(location: Path, remedy: str, *, folder: Path) -> Located:
    """The release whose descriptor is at ``location``: a regular file (a FIFO there is
    refused before it is opened), of at most MAX_DOCUMENT_BYTES, anchored."""
    regular(location)
    try:
        with location.open("rb") as stream:
            data = stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise PackageError(
            f"{location}: expected a release descriptor, found an error: {exc.strerror}", path=location
        ) from None
    return anchored(data, str(location), remedy, folder=folder)


def anchored(data: bytes, where: str, remedy: str, **origin: Any) -> Located:
    """A release whose descriptor is the one the release indexes record, where they list it.

    The indexes: the package's own when the descriptor names its archive, and for a
    folder the index of the archive it sits in, which must list it."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise PackageError(
            f"{where}: expected a descriptor of at most {MAX_DOCUMENT_BYTES >> 20} MiB, found a larger one"
        )
    descriptor = read_descriptor(data, where)
    folder: Path | None = origin.get("folder")
    name = str(descriptor.get("name"))
    shipped_index = packaged()
    if folder is not None:
        indexes, in_archive = indexes_for(folder, name)
    else:
        indexes = [shipped_index] if shipped_index is not None and shipped_index.archive == name else []
        in_archive = False
    actual = sha256_bytes(data)
    listed = [
        check_anchor(index, descriptor, actual, where, shipped=index == shipped_index) for index in indexes
    ]
    if in_archive and not any(listed):
        msg = (
            f"{where}: expected release {descriptor['version']} in the release index beside it, found none: "
            "a release folder an archive did not publish is not loaded"
        )
        raise FixityError(msg)
    return Located(descriptor, where, remedy, **origin)


def check_anchor(
    index: Index, descriptor: dict[str, Any], actual: str, where: str, *, shipped: bool = True
) -> bool:
    """Whether ``index`` (the one ``shipped`` in the package, or an archive's) lists the
    descriptor's release; FixityError when it lists another descriptor under that version."""
    entry = index.entry(str(descriptor.get("version")))
    if entry is None:
        return False  # newer than the index: only its own manifests vouch for it
    if anchored_as(entry, actual) is None:  # the release's descriptor, or its public variant's
        which = "in threadarchive" if shipped else f"of the archive {index.archive} beside it"
        msg = (
            f"{where}: expected the descriptor of release {entry.version} to have SHA-256 "
            f"{entry.descriptor_sha256} as the release index {which} records, found {actual}: "
            "this is not the release that was published"
        )
        raise FixityError(msg)
    return True


def folder_url(url: str) -> str:
    """The URL of a release folder, ending in '/': ``url``, or the folder of the
    datapackage.json it names (file names are appended to it)."""
    base = url.removesuffix(DESCRIPTOR) if url.endswith("/" + DESCRIPTOR) else url
    return base if base.endswith("/") else base + "/"


def remote_folder(url: str) -> Located:
    """The release folder at ``url``: its descriptor fetched, or when the network is
    off, the one fetched last time from the cache."""
    base = folder_url(url)
    location = base + DESCRIPTOR
    try:
        data = transport.fetch_bytes(location, MAX_DOCUMENT_BYTES)
    except transport.Unreachable:
        cached = transport.recall(location)
        if cached is None:
            raise
        data = cached.read_bytes()
        return anchored(data, location, "fetch the release again", base_url=base)
    fetched = (location, data, sha256_bytes(data))
    return anchored(data, location, "fetch the release again", base_url=base, fetched=fetched)


def remote_zip(url: str) -> Located:
    """The release zip at ``url``, downloaded and verified, then kept under its hash;
    when the network is off, the one fetched last time from the cache."""
    try:
        with transport.scratch() as folder:
            temporary = transport.save(url, folder / "release.zip")
            release = local(temporary, url)
            digest = sha256_file(temporary)
            kept = transport.keep(temporary, digest)
    except transport.Unreachable:
        recalled = transport.recall(url)
        if recalled is None:
            raise
        release = local(recalled, url)
        return Located(release.descriptor, url, "fetch the release zip again", zip_path=recalled)
    fetched = (url, None, digest)
    return Located(release.descriptor, url, "fetch the release zip again", zip_path=kept, fetched=fetched)
