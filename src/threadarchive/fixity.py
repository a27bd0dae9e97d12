"""Fixity of a release: its manifests, how to check them, and a zip that keeps them.

``SHA256SUMS`` lists every file of a release but itself; ``datapackage.json`` gives
each data file's size and hash. ``verify`` checks both, for a release folder or a
zip of one, and names each file that fails.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import PackageError
from .hashing import sha256_bytes, sha256_file
from .package import DESCRIPTOR
from .report import Finding, Report

CHECKSUMS = "SHA256SUMS"


def write_checksums(folder: Path, known: dict[str, str] | None = None) -> None:
    """SHA256SUMS of every other file; ``known`` digests are not computed again."""
    known = known or {}
    files = sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS
    )
    lines = [f"{known.get(name) or sha256_file(folder / name)}  {name}\n" for name in files]
    (folder / CHECKSUMS).write_text("".join(lines), encoding="utf-8")


def verify(path: str | Path) -> Report:
    """Fixity of a release folder or zip: every listed file present with its hash and
    size, and no file that is not listed."""
    path = Path(path)
    with _open_release(path) as files:
        findings = _fixity(files)
    return Report(str(path), findings, {"files": len(files)})


def _fixity(files: dict[str, Callable[[], bytes]]) -> list[Finding]:
    findings = []
    if CHECKSUMS not in files:
        return [
            Finding("manifest-missing", "error", f"expected a {CHECKSUMS} file, found none", path=CHECKSUMS)
        ]
    listed: dict[str, str] = {}
    for number, line in enumerate(files[CHECKSUMS]().decode("utf-8", "replace").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            message = f"expected '<sha256>  <path>', found {line[:60]!r}"
            findings.append(Finding("manifest-error", "error", message, path=CHECKSUMS, line=number))
            continue
        listed[name] = digest
    for name, digest in sorted(listed.items()):
        if name not in files:
            findings.append(
                Finding("file-missing", "error", f"expected {name} as listed, found no such file", path=name)
            )
            continue
        actual = sha256_bytes(files[name]())
        if actual != digest:
            findings.append(
                Finding(
                    "hash-mismatch",
                    "error",
                    f"expected SHA-256 {digest} as {CHECKSUMS} lists, found {actual}",
                    path=name,
                )
            )
    for name in sorted(files.keys() - listed.keys() - {CHECKSUMS}):
        findings.append(
            Finding(
                "file-unlisted",
                "error",
                f"expected only files listed in {CHECKSUMS}, found {name}",
                path=name,
            )
        )
    if DESCRIPTOR in files and DESCRIPTOR in listed:
        descriptor = json.loads(files[DESCRIPTOR]())
        for resource in descriptor.get("resources", []):
            name = resource.get("path")
            if name not in files:
                continue
            data = files[name]()
            size = resource.get("bytes", resource.get("x-bytes"))
            if size is not None and size != len(data):
                message = f"expected {size} bytes as {DESCRIPTOR} declares, found {len(data)}"
                findings.append(Finding("size-mismatch", "error", message, path=name))
            declared = str(resource.get("hash", "")).removeprefix("sha256:")
            flagged = any(f.path == name and f.type == "hash-mismatch" for f in findings)  # once a file
            if declared and not flagged and declared != sha256_bytes(data):
                message = f"expected SHA-256 {declared} as {DESCRIPTOR} declares, found {sha256_bytes(data)}"
                findings.append(Finding("hash-mismatch", "error", message, path=name))
    return findings


@contextmanager
def _open_release(path: Path) -> Iterator[dict[str, Callable[[], bytes]]]:
    """The files of a release folder or zip, by relative POSIX path, read on demand."""
    if path.is_dir():
        yield {p.relative_to(path).as_posix(): p.read_bytes for p in sorted(path.rglob("*")) if p.is_file()}
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            tops = {n.partition("/")[0] for n in names}
            nested = len(tops) == 1 and all("/" in n for n in names)  # one folder, as make_zip writes
            yield {(n.partition("/")[2] if nested else n): functools.partial(archive.read, n) for n in names}
    elif path.exists():
        raise PackageError(f"{path}: expected a release folder or a zip of one, found another kind of file")
    else:
        raise PackageError(f"{path}: no such release folder or zip")


def make_zip(release: Path, out: Path) -> Path:
    """A zip of the release for a release page or Zenodo; the same bytes every time."""
    stamp = json.loads((release / DESCRIPTOR).read_text(encoding="utf-8"))["created"][:10]
    year, month, day = map(int, stamp.split("-"))
    when = (year, month, day, 0, 0, 0)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out.parent, suffix=".partial", delete=False) as handle:
        temporary = Path(handle.name)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(p for p in release.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(f"{release.name}/{file.relative_to(release).as_posix()}", when)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, file.read_bytes())
        temporary.chmod(0o644)
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
    return out
