"""Reader of WACZ web archives: WARC files in a zip, with a Data Package that names and hashes them.

ArchiveWeb.page and Browsertrix save a crawl as a WACZ (Web Archive Collection
Zipped): a zip holding ``archive/*.warc.gz`` (the records), ``indexes/``,
``pages/pages.jsonl`` and ``datapackage.json``, a Frictionless Data Package whose
``resources`` name every file with its ``hash`` ("sha256:…") and ``bytes``
(``datapackage-digest.json``, when there, hashes ``datapackage.json`` itself).
WACZ 1.0.0 (py-wacz before 0.3, 2020–2021) kept them as ``stats.hash`` (bare hex)
and ``stats.bytes`` with ``"hashing": "sha256"``, and its title in
``metadata.title``; both layouts are read.

Before anything is read, every hash the WACZ records is checked against the bytes
(streamed, a member at a time): a WACZ whose files are not what its Data Package
says is refused. Then its WARCs are read in the order the Data Package lists them,
as ``warc.py`` reads one WARC. The zip is read within limits (``files/safezip.py``):
members by exact name, never extracted, never used as paths; a WARC member at most
MAX_WARC_BYTES.

Provenance: as for a WARC (``captured_at``, each response's date, URI and digest),
and the WACZ's own ``created``, ``software`` and ``title`` where it states them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from threadarchive.capture.formats import warc
from threadarchive.capture.model import Capture
from threadarchive.contract.limits import MAX_DOCUMENT_BYTES, MAX_WARC_BYTES
from threadarchive.contract.patterns import SHA256
from threadarchive.contract.report import shown
from threadarchive.errors import CaptureError, UnsafeZipError
from threadarchive.files.safezip import ZIP_ERRORS, Limits, SafeZip

NAME = "wacz"
SUFFIX = ".wacz"
ZIP_MAGIC = b"PK\x03\x04"
ZIP_LIMITS = Limits(members=100_000, directory=64 << 20, member=MAX_WARC_BYTES)
CHUNK = 1 << 20


def sniff(head: bytes) -> bool:
    """Never from the first bytes alone: a zip's members may come in any order, so
    ``formats.detect`` asks :func:`is_wacz` of every zip before the X archive's reader."""
    return False


def is_wacz(path: Path) -> bool:
    """A zip holding ``datapackage.json`` and an ``archive/`` folder, whatever its first member."""
    try:
        with SafeZip(path, ZIP_LIMITS) as archive:
            names = archive.names()
    except (UnsafeZipError, *ZIP_ERRORS):
        return False
    return "datapackage.json" in names and any(n.startswith("archive/") for n in names)


def read(path: Path, name: str) -> Capture:
    try:
        archive = SafeZip(path, ZIP_LIMITS)
    except UnsafeZipError as exc:
        raise CaptureError(name, None, str(exc)) from None
    with archive:
        package = _document(archive, "datapackage.json", name)
        if not isinstance(package, dict):
            raise CaptureError(
                name, None, f"datapackage.json: expected a JSON object, found {shown(str(package)[:80])}"
            )
        resources = package.get("resources")
        if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
            raise CaptureError(
                name, None, f"datapackage.json: expected a list of resources, found {shown(resources)}"
            )
        _check_digest(archive, name)
        for resource in resources:
            _check(archive, resource, name)
        warcs = [
            (r["path"], _opener(archive, r["path"], name))
            for r in resources
            if str(r.get("path", "")).startswith("archive/") and ".warc" in str(r.get("path"))
        ]
        if not warcs:
            raise CaptureError(name, None, "datapackage.json: expected a WARC under archive/, found none")
        stated = package.get("metadata")
        metadata = stated if isinstance(stated, dict) else {}
        provenance = tuple(
            (key, str(value))
            for key in ("created", "software", "title")
            if isinstance(value := package.get(key, metadata.get(key)), str)
        )
        return warc.read_warcs(warcs, name, source_format=NAME, provenance=provenance)


def _document(archive: SafeZip, member: str, name: str) -> Any:
    if member not in archive:
        raise CaptureError(name, None, f"expected {member} in the WACZ, found none")
    try:
        with archive.open(member, MAX_DOCUMENT_BYTES) as stream:
            return json.loads(stream.read(MAX_DOCUMENT_BYTES + 1))
    except UnsafeZipError as exc:
        raise CaptureError(name, None, str(exc)) from None
    except (ValueError, RecursionError) as exc:
        raise CaptureError(
            name, None, f"{member}: expected JSON, found what Python cannot read ({exc})"
        ) from None
    except ZIP_ERRORS as exc:
        raise CaptureError(name, None, f"{member}: cannot read it: {exc}") from None


def _check_digest(archive: SafeZip, name: str) -> None:
    """datapackage-digest.json, where there, must hash datapackage.json."""
    if "datapackage-digest.json" not in archive:
        return
    digest = _document(archive, "datapackage-digest.json", name)
    if isinstance(digest, dict) and digest.get("path") == "datapackage.json":
        _check(archive, digest, name, "datapackage-digest.json")


def _check(archive: SafeZip, resource: dict[str, Any], name: str, by: str = "datapackage.json") -> None:
    """The member a resource names must have the hash (and byte count) it records."""
    resource = _flat(resource)
    path, recorded = resource.get("path"), resource.get("hash")
    if not isinstance(path, str) or not isinstance(recorded, str) or not SHA256.fullmatch(recorded):
        raise CaptureError(
            name,
            None,
            f"{by}: expected a path and a sha256 hash for each file, found {shown(str(resource)[:80])}",
        )
    if path not in archive:
        raise CaptureError(name, None, f"{by}: expected {path} in the WACZ, found none")
    digest, size = hashlib.sha256(), 0
    try:
        with archive.open(path, MAX_WARC_BYTES) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except UnsafeZipError as exc:
        raise CaptureError(name, None, str(exc)) from None
    except ZIP_ERRORS as exc:
        raise CaptureError(name, None, f"{path}: cannot read it: {exc}") from None
    if digest.hexdigest() != recorded.removeprefix("sha256:"):
        msg = f"{path}: expected the sha256 {by} records, {recorded.removeprefix('sha256:')[:16]}…, found {digest.hexdigest()[:16]}…"
        raise CaptureError(name, None, msg)
    if isinstance(resource.get("bytes"), int) and resource["bytes"] != size:
        raise CaptureError(
            name, None, f"{path}: expected {resource['bytes']} bytes as {by} records, found {size}"
        )


def _flat(resource: dict[str, Any]) -> dict[str, Any]:
    """A WACZ 1.0.0 resource (``stats.hash`` in hex, ``stats.bytes``, ``hashing: sha256``)
    in the later layout (``hash: "sha256:…"``, ``bytes``); any other resource as it is."""
    stats = resource.get("stats")
    if "hash" in resource or not isinstance(stats, dict) or resource.get("hashing") != "sha256":
        return resource
    recorded = stats.get("hash")
    return {
        **resource,
        "hash": f"sha256:{recorded}" if isinstance(recorded, str) else recorded,
        "bytes": stats.get("bytes"),
    }


def _opener(archive: SafeZip, member: str, name: str) -> warc.Opener:
    @contextmanager
    def opened() -> Iterator[IO[bytes]]:
        try:
            stream = archive.open(member, MAX_WARC_BYTES)
        except UnsafeZipError as exc:
            raise CaptureError(name, None, str(exc)) from None
        with stream:
            yield stream

    return opened
