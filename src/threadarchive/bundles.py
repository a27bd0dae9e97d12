"""A release as one download: a zip for a release page, a BagIt bag for repositories.

Both are made from a published release folder, the same bytes every time (dates
are the release's date, never the clock), and appear whole or not at all.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from .fsutil import storage
from .package import DESCRIPTOR
from .settings import Settings, author_name


def _release_date(release: Path) -> str:
    return str(json.loads((release / DESCRIPTOR).read_text(encoding="utf-8"))["created"])[:10]


def make_zip(release: Path, out: Path) -> Path:
    """A zip of the release folder, the folder its one top-level entry."""
    with storage(out, "write the zip"):  # zipfile's OSError (a full disk) names no file
        return _make_zip(release, out)


def _make_zip(release: Path, out: Path) -> Path:
    year, month, day = map(int, _release_date(release).split("-"))
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
                with file.open("rb") as source, archive.open(info, "w") as target:
                    while chunk := source.read(1 << 20):
                        target.write(chunk)
        temporary.chmod(0o644)
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
    return out


def make_bag(release: Path, out: Path, settings: Settings) -> Path:
    """A BagIt bag (RFC 8493) of the release folder, with SHA-256 and SHA-512 manifests
    and a bag-info.txt that names the archive, its version and its authors."""
    descriptor = json.loads((release / DESCRIPTOR).read_text(encoding="utf-8"))
    info = {
        "Source-Organization": ", ".join(author_name(a) for a in settings.authors) or settings.name,
        "External-Description": descriptor.get("title", settings.name),
        "External-Identifier": f"{settings.name} {descriptor['version']}",
        "Bag-Group-Identifier": settings.name,
        "Bagging-Date": _release_date(release),
        "Bag-Software-Agent": "threadarchive",
    }
    with storage(out, "write the bag"):
        return _make_bag(release, out, info)


def _make_bag(release: Path, out: Path, info: dict[str, str]) -> Path:
    import bagit

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, suffix=".partial"))
    try:
        payload = staging / "bag"
        shutil.copytree(release, payload)
        logging.getLogger("bagit").setLevel(logging.WARNING)  # its per-file chatter is not ours
        bagit.make_bag(str(payload), info, checksums=["sha256", "sha512"])
        if out.exists():  # a bag made before: replaced whole
            os.replace(out, staging / "old")
        os.replace(payload, out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(staging)
    return out
