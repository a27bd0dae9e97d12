"""Fixity of a release: its manifests and its place in the release index.

``SHA256SUMS`` lists every file of a release but itself; ``datapackage.json`` gives
each data file's size and hash; the release index (index.py) gives the descriptor's
hash. ``verify`` checks all three for a release folder or a zip of one, reading every
file as a stream (never whole), every path through the path gate, every zip within
its limits, and names each file that fails.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import IO

from threadarchive.archive.index import Entry, Index, packaged
from threadarchive.contract.findings import (
    FILE_MISSING,
    FILE_REPEATED,
    FILE_TOO_LARGE,
    FILE_UNLISTED,
    HASH_MISMATCH,
    MANIFEST_ERROR,
    MANIFEST_MISSING,
    PATH_UNSAFE,
    RELEASE_NOT_INDEXED,
    RELEASE_UNANCHORED,
    SIZE_MISMATCH,
    Finding,
)
from threadarchive.contract.layout import (
    CHECKSUMS,
    DESCRIPTOR,
    INDEX_FILE,
    INDEX_NAME,
    PUBLIC_DIR,
    SETTINGS_FILE,
)
from threadarchive.contract.limits import MAX_DOCUMENT_BYTES, MAX_RELEASE_FILES
from threadarchive.contract.package import read_descriptor, resource_files
from threadarchive.contract.report import Report, capped
from threadarchive.errors import PackageError, UnsafePathError, UnsafeZipError
from threadarchive.files.gate import inside, problem
from threadarchive.files.hashing import sha256_file
from threadarchive.files.safezip import ZIP_ERRORS, Limits, RepeatedMemberError, SafeZip, is_zip

# The ratio limit stops bombs; tables may be large. A release zip may carry the release's
# static site (a page per thread, search shards): a directory of 64 MiB.
RELEASE_ZIP = Limits(members=MAX_RELEASE_FILES, directory=64 << 20, member=64 << 30)


class ReleaseFiles:
    """The files of a release folder or zip, by relative POSIX path, read as streams."""

    def __init__(self, folder: Path | None = None, archive: SafeZip | None = None, prefix: str = "") -> None:
        self.folder, self.archive, self.prefix = folder, archive, prefix
        self.names: set[str] = set()
        self.unsafe: list[str] = []  # entries whose own path is unsafe (a link out of the folder, in a zip)
        if folder is not None:
            for path in sorted(folder.rglob("*")):
                relative = path.relative_to(folder).as_posix()
                if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
                    self.unsafe.append(relative)
                elif path.is_file():
                    self.names.add(relative)
        elif archive is not None:
            self.names = {n.removeprefix(prefix) for n in archive.names() if n.startswith(prefix)}
            self.unsafe = sorted(n.removeprefix(prefix) for n in archive.links() if n.startswith(prefix))
        self._digests: dict[str, str] = {}

    def open(self, name: str) -> IO[bytes]:
        if self.folder is not None:
            return inside(self.folder, name).open("rb")
        assert self.archive is not None
        return self.archive.open(self.prefix + name)

    def size(self, name: str) -> int:
        if self.folder is not None:
            return inside(self.folder, name).stat().st_size
        assert self.archive is not None
        return self.archive.info(self.prefix + name).file_size

    def sha256(self, name: str) -> str:
        """The file's SHA-256, read once in chunks whatever its size."""
        if name not in self._digests:
            if self.folder is not None:
                self._digests[name] = sha256_file(inside(self.folder, name))
            else:
                digest = hashlib.sha256()
                with self.open(name) as stream:
                    while chunk := stream.read(1 << 20):
                        digest.update(chunk)
                self._digests[name] = digest.hexdigest()
        return self._digests[name]

    def read_small(self, name: str) -> bytes:
        """A manifest, read whole: refused beyond MAX_DOCUMENT_BYTES."""
        with self.open(name) as stream:
            data = stream.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise UnsafeZipError(
                f"{name}: expected at most {MAX_DOCUMENT_BYTES >> 20} MiB, found a larger file"
            )
        return data


@contextlib.contextmanager
def open_release(path: Path) -> Iterator[ReleaseFiles]:
    """The files of a release folder, or of a zip of one (with or without one top folder).

    A zip whose every member is in a top folder, one of which holds datapackage.json,
    is that folder's release: the others (the site ``release --site --zip`` adds)
    are companions, never read as part of the release.

    Raises
    ------
    UnsafeZipError
        The zip is corrupt or beyond its limits, when opened or as a member is read
        through the files yielded: its message names ``path`` (SafeZip's say what is
        wrong, not with which zip).
    PackageError
        ``path`` is neither a folder nor a zip.
    """
    if path.is_dir():
        yield ReleaseFiles(folder=path)
    elif path.is_file() and is_zip(path):
        try:
            with SafeZip(path, RELEASE_ZIP) as archive:
                names = archive.names()
                tops = {n.partition("/")[0] for n in names}
                nested = all("/" in n for n in names)  # folders only, as make_zip writes
                releases = sorted(t for t in tops if f"{t}/{DESCRIPTOR}" in archive)
                if DESCRIPTOR not in archive and len(releases) == 1:
                    prefix = f"{releases[0]}/"  # whatever else is beside it (see companions)
                else:
                    prefix = f"{tops.pop()}/" if nested and len(tops) == 1 else ""
                yield ReleaseFiles(archive=archive, prefix=prefix)
        except UnsafeZipError as exc:
            if str(exc).startswith(f"{path}: "):
                raise
            named = f"{path}: {exc.problem}"
            raise type(exc)(named, path=exc.path or str(path), hint=exc.hint) from None
    elif path.exists():
        raise PackageError(f"{path}: expected a release folder or a zip of one, found another kind of file")
    else:
        raise PackageError(f"{path}: no such release folder or zip")


def write_checksums(folder: Path, known: dict[str, str] | None = None) -> None:
    """SHA256SUMS of every other file (a variant's own SHA256SUMS included); ``known``
    digests are not computed again."""
    known = known or {}
    files = sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p != folder / CHECKSUMS
    )
    text = checksums({name: known.get(name) or sha256_file(folder / name) for name in files})
    (folder / CHECKSUMS).write_text(text, encoding="utf-8")


def checksums(digests: Mapping[str, str]) -> str:
    """The text of a SHA256SUMS file listing ``digests`` (SHA-256 by relative path)."""
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(digests.items()))


def verify(path: str | Path, *, index: Index | None = None) -> Report:
    """Fixity of a release folder or zip: every listed file present with its hash and
    size, no file unlisted, and every file (the descriptor first) the one the release
    index records.

    Parameters
    ----------
    path
        A release folder, or a zip of one (with its site, if ``release --site --zip``
        added it).
    index
        The index to check against. By default: ``releases/index.json`` beside the
        release, the index of the archive a zip sits in, and the one shipped in the
        package, each when it is of the archive the release names.

    Returns
    -------
    Report
        Findings of types ``manifest-*``, ``file-*``, ``hash-mismatch``,
        ``size-mismatch``, ``release-unanchored`` and ``release-not-indexed``;
        ``report.valid`` is False when any is an error.

    Raises
    ------
    PackageError
        ``path`` is neither a release folder nor a readable zip.
    """
    path = Path(path)
    with open_release(path) as files:
        findings = [*_fixity(files), *companions(files)]
        anchored = _anchor(files, path, index) if DESCRIPTOR in files.names else []
    reported = {(f.type, f.path) for f in findings}  # a file both manifests and the index disagree with: once
    anchored = [f for f in anchored if (f.type, f.path) not in reported]
    return Report(str(path), capped([*findings, *anchored]), {"files": len(files.names)})


def companions(files: ReleaseFiles) -> list[Finding]:
    """What a release zip holds beside its release folder: only that release's site
    (``X.Y.Z-site/``, as ``release --site --zip`` adds it), every file of it listed with
    its hash in the site's own SHA256SUMS. Anything else is unlisted; an unsafe name is
    reported as such. (The site is checked against its own manifest: the release index
    anchors the release's descriptor, not the site.)"""
    if files.archive is None or not files.prefix:
        return []
    site = f"{files.prefix.rstrip('/')}-site/"
    findings = []
    for name in files.archive.names():
        if name.startswith((files.prefix, site)):
            continue
        reason = problem(name)
        findings.append(
            PATH_UNSAFE(f"{reason}: {name!r}", path=name)
            if reason
            else FILE_UNLISTED(f"expected only {files.prefix} and its site {site}, found {name}", path=name)
        )
    if any(name.startswith(site) for name in files.archive.names()):
        checked = _fixity(ReleaseFiles(archive=files.archive, prefix=site))
        findings += [replace(f, path=site + f.path if f.path else site) for f in checked]
    return findings


def _fixity(files: ReleaseFiles) -> list[Finding]:
    findings = [
        PATH_UNSAFE(
            f"expected files inside the release, found a link{'' if files.archive else ' out of it'}: {name}",
            path=name,
        )
        for name in files.unsafe
    ]
    if CHECKSUMS not in files.names:
        return [*findings, MANIFEST_MISSING(f"expected a {CHECKSUMS} file, found none", path=CHECKSUMS)]
    listed: dict[str, str] = {}
    try:
        text = files.read_small(CHECKSUMS).decode("utf-8", "replace")
    except (UnsafeZipError, *ZIP_ERRORS) as exc:
        return [*findings, MANIFEST_ERROR(f"cannot read {CHECKSUMS}: {exc}", path=CHECKSUMS)]
    for number, line in enumerate(text.splitlines(), start=1):
        digest, _, name = line.partition("  ")
        reason = problem(name) if name else "expected '<sha256>  <path>'"
        if len(digest) != 64 or reason or name in listed:
            found = reason or ("a path listed twice" if name in listed else repr(line[:60]))
            findings.append(
                MANIFEST_ERROR(
                    f"expected '<sha256>  <path>' with a safe path, found {found}",
                    path=CHECKSUMS,
                    line=number,
                )
            )
            continue
        listed[name] = digest
    for name, digest in sorted(listed.items()):
        findings.extend(_check_file(files, name, digest, CHECKSUMS))
    for name in sorted(files.names - listed.keys() - {CHECKSUMS}):
        findings.append(FILE_UNLISTED(f"expected only files listed in {CHECKSUMS}, found {name}", path=name))
    if DESCRIPTOR in files.names:
        findings.extend(_descriptor_files(files, listed, findings))
    return findings


def _check_file(
    files: ReleaseFiles, name: str, digest: str, manifest: str, size: int | None = None
) -> list[Finding]:
    """One file against the size and hash a manifest declares."""
    if name not in files.names:
        return [FILE_MISSING(f"expected {name} as {manifest} lists it, found no such file", path=name)]
    try:
        actual_size = files.size(name)
        if size is not None and size != actual_size:
            return [
                SIZE_MISMATCH(f"expected {size} bytes as {manifest} declares, found {actual_size}", path=name)
            ]
        actual = files.sha256(name)
    except RepeatedMemberError as exc:
        return [FILE_REPEATED(str(exc), path=name)]
    except UnsafeZipError as exc:
        return [FILE_TOO_LARGE(str(exc), path=name)]
    except (UnsafePathError, *ZIP_ERRORS) as exc:
        return [PATH_UNSAFE(str(exc), path=name)]
    if actual != digest:
        return [HASH_MISMATCH(f"expected SHA-256 {digest} as {manifest} declares, found {actual}", path=name)]
    return []


def _descriptor_files(files: ReleaseFiles, listed: dict[str, str], found: list[Finding]) -> list[Finding]:
    """Every resource of the descriptor: a safe path, present, with its declared size and hash."""
    try:
        descriptor = read_descriptor(files.read_small(DESCRIPTOR), DESCRIPTOR)
    except (PackageError, *ZIP_ERRORS) as exc:
        return [MANIFEST_ERROR(str(exc), path=DESCRIPTOR)]
    flagged = {f.path for f in found}  # a file reported already is not reported twice
    findings: list[Finding] = []
    # a partitioned table's resource lists its files, each with its hash (read_descriptor checked)
    declared_files = [f for resource in descriptor["resources"] for f in resource_files(resource)]
    for name, declared, size, _ in declared_files:
        if reason := problem(name):
            findings.append(PATH_UNSAFE(f"{DESCRIPTOR}: resource path {name!r}: {reason}", path=DESCRIPTOR))
            continue
        if name not in listed and name in files.names:
            continue  # reported as unlisted
        if name in flagged:
            continue
        if not declared:
            findings.append(
                MANIFEST_ERROR(
                    f"{DESCRIPTOR}: expected a sha256 hash for {name}, found none", path=DESCRIPTOR
                )
            )
            continue
        findings.extend(
            _check_file(files, name, declared, DESCRIPTOR, size if isinstance(size, int) else None)
        )
    return findings


def anchored_as(entry: Entry, actual: str) -> str | None:
    """Which descriptor of the release ``entry`` records has SHA-256 ``actual``: "" for the
    release's own, ``public/`` for its public variant's (which the wheel and the public zip
    ship as the release; the entry lists it among the release's files), None for neither."""
    if actual == entry.descriptor_sha256:
        return ""
    public = entry.files.get(f"{PUBLIC_DIR}/{DESCRIPTOR}") or {}
    return f"{PUBLIC_DIR}/" if public.get("sha256") == actual else None


def _anchor(files: ReleaseFiles, path: Path, index: Index | None) -> list[Finding]:
    """The descriptor's hash and its chain against every release index that should know it."""
    try:
        descriptor = read_descriptor(files.read_small(DESCRIPTOR), DESCRIPTOR)
    except (PackageError, *ZIP_ERRORS):
        return []  # reported by _fixity
    version = descriptor["version"]
    indexes, in_archive = ([index], False) if index else indexes_for(path, descriptor["name"])
    entries = [(i, e) for i in indexes if (e := i.entry(version)) is not None]
    if not entries:
        if in_archive:
            message = f"expected release {version} in the release index of its archive, found none: it was never published there"
            return [RELEASE_NOT_INDEXED(message, path=DESCRIPTOR, severity="error")]
        message = f"expected release {version} in a release index, found none: checked against its own manifests only"
        return [RELEASE_NOT_INDEXED(message, path=DESCRIPTOR)]
    actual = files.sha256(DESCRIPTOR)
    chained = descriptor.get("x-previous", {})
    recorded = chained.get("sha256") if isinstance(chained, dict) else None
    findings: list[Finding] = []
    for index_found, entry in entries:
        prefix = anchored_as(entry, actual)
        listed = entry.files
        if prefix:  # the release's public variant, shipped as the release: its files are under prefix
            listed = {n.removeprefix(prefix): r for n, r in entry.files.items() if n.startswith(prefix)}
        for name, recorded_file in sorted((n, r) for n, r in listed.items() if n != DESCRIPTOR):
            # every file the index records, the card and citation too; the descriptor's is below
            checked = _check_file(files, name, str(recorded_file.get("sha256", "")), "the release index")
            findings.extend(f for f in checked if f not in findings)
        if index_found.archive and files.names - set(listed) - {CHECKSUMS}:
            extra = sorted(files.names - set(listed) - {CHECKSUMS})
            findings.append(
                FILE_UNLISTED(
                    f"expected only the files the release index lists, found {extra[0]}", path=extra[0]
                )
            )
        if prefix is None:
            message = (
                f"expected the descriptor of release {version} to have SHA-256 {entry.descriptor_sha256} as "
                f"the release index records, found {actual}: this is not the release that was published"
            )
            findings.append(RELEASE_UNANCHORED(message, path=DESCRIPTOR))
        elif not prefix and recorded != entry.previous:  # a variant is chained through its release
            message = f"expected the previous release's descriptor hash {entry.previous} as the index records, found {recorded}"
            findings.append(RELEASE_UNANCHORED(message, path=DESCRIPTOR))
    return findings


def indexes_for(path: Path, archive: str) -> tuple[list[Index], bool]:
    """The indexes a release answers to: the package's own, when the release names its
    archive (an index placed beside a forgery cannot vouch for it), and the index of the
    archive the release sits in; and whether it sits in one (then it must be indexed)."""
    found = []
    shipped = packaged()
    if shipped is not None and shipped.archive == archive:
        found.append(shipped)
    beside = path.parent / INDEX_NAME
    in_archive = path.is_dir() and beside.is_file()
    if in_archive:
        with contextlib.suppress(PackageError):
            found.append(Index.read(beside))
    elif (enclosing := _enclosing_index(path, archive)) is not None:
        found.append(enclosing)  # a zip of the archive's own release (in dist/, say): its index knows it
        in_archive = True
    return found, in_archive


def _enclosing_index(path: Path, archive: str) -> Index | None:
    """The release index of the archive a release zip sits in (at any depth), when that
    archive is the one the release names."""
    for folder in path.resolve().parents:
        if (folder / SETTINGS_FILE).is_file() and (folder / INDEX_FILE).is_file():
            with contextlib.suppress(PackageError):
                index = Index.read(folder / INDEX_FILE)
                if index.archive == archive:
                    return index
            return None
    return None
