"""A release as one download: a zip of it whole for the research group, a public zip
of its public variant for a release page or a deposit, a BagIt bag for repositories.

Both are made from a published release folder, the same bytes every time (dates
are the release's date, never the clock), and appear whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import zipfile
from pathlib import Path

from threadarchive.archive.settings import Settings, author_name
from threadarchive.contract import layout
from threadarchive.contract.layout import DESCRIPTOR, PUBLIC_DIR
from threadarchive.errors import InputError
from threadarchive.files.fsutil import staging, storage
from threadarchive.release import fixity


def _release_date(release: Path) -> str:
    return str(json.loads((release / DESCRIPTOR).read_text(encoding="utf-8"))["created"])[:10]


def make_zip(release: Path, out: Path, *, site: Path | None = None, public: bool = False) -> Path:
    """A zip of the release folder, the folder its top-level entry.

    Parameters
    ----------
    release
        The release folder.
    out
        The zip to write (replaced whole, or left as it was).
    site
        A static site of the release (``site.build_site``), added as a second top-level
        folder, ``X.Y.Z-site/``. The release folder keeps its own files and SHA256SUMS
        as they are: readers of the zip (``verify``, the loader) read the folder
        holding datapackage.json and nothing else.
    public
        Zip the release's public variant (``public/``) as the release folder instead:
        the texts its threads' terms allow to be shared publicly, every other thread as
        ID-only rows. The release index anchors it as it anchors the release.

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    InputError
        ``public`` for a release that has no public variant (one published before
        threadarchive wrote them), or more files than a release zip may hold.
    """
    if public:
        if not (release / PUBLIC_DIR / DESCRIPTOR).is_file():
            msg = (
                f"{release}: expected a public variant ({PUBLIC_DIR}/) to zip, found none: the release "
                "predates them; publish a new release to distribute one"
            )
            raise InputError(msg, path=release, parameter="public")
        with storage(out, "write the zip"):
            return _make_zip(release / PUBLIC_DIR, out, site, name=release.name)
    with storage(out, "write the zip"):  # zipfile's OSError (a full disk) names no file
        return _make_zip(release, out, site)


def _member(name: str, when: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    """A zip member of fixed date and mode: the same release gives the same bytes."""
    info = zipfile.ZipInfo(name, when)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _make_zip(release: Path, out: Path, site: Path | None, *, name: str | None = None) -> Path:
    """Zip ``release`` under the top folder ``name`` (its own name by default)."""
    name = name or release.name
    year, month, day = map(int, _release_date(release).split("-"))
    when = (year, month, day, 0, 0, 0)
    members = [(f"{name}/{p.relative_to(release).as_posix()}", p) for p in _files(release)]
    if site is not None:  # with a manifest of its own, which verify checks
        members += [(f"{name}-site/{p.relative_to(site).as_posix()}", p) for p in _files(site)]
    if len(members) > fixity.RELEASE_ZIP.members:
        msg = (
            f"{out}: expected at most {fixity.RELEASE_ZIP.members} files in a release zip, found {len(members)} "
            "with the site; publish the site folder on its own and zip the release without it"
        )
        raise InputError(msg)
    site_prefix = f"{name}-site/"
    # Staged as the database and the site are: what a killed run leaves beside the
    # bundles, the next run removes (remove_stale); a temporary file of tempfile's was
    # left in dist/ for ever.
    with staging(out, "write the zip") as folder:
        temporary = folder / out.name
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            site_digests = {}  # the site's SHA256SUMS, hashed as the files are written
            for name, file in members:
                digest = hashlib.sha256()
                with file.open("rb") as source, archive.open(_member(name, when), "w") as target:
                    while chunk := source.read(1 << 20):
                        target.write(chunk)
                        digest.update(chunk)
                if name.startswith(site_prefix):
                    site_digests[name.removeprefix(site_prefix)] = digest.hexdigest()
            if site is not None:
                manifest = _member(site_prefix + layout.CHECKSUMS, when)
                archive.writestr(manifest, fixity.checksums(site_digests))
        temporary.chmod(0o644)
        os.replace(temporary, out)
    return out


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


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

    with staging(out, "write the bag") as folder:  # a killed run's: removed by the next
        payload = folder / "bag"
        shutil.copytree(release, payload)
        logging.getLogger("bagit").setLevel(logging.WARNING)  # its per-file chatter is not ours
        bagit.make_bag(str(payload), info, checksums=["sha256", "sha512"])
        if out.exists():  # a bag made before: replaced whole
            os.replace(out, folder / "old")
        os.replace(payload, out)
    return out
