"""A data file against what its resource declares about the file: ``bytes`` and ``hash``.

frictionless's checks, under its names: a size that differs is ``byte-count``, a hash
that differs is ``hash-count``. A hash is ``<algorithm>:<hex>`` (md5, sha1, sha256,
sha512) or bare hex for md5 (shape.py has refused any other). ``x-bytes`` is the size
a release declares for its Parquet files, which frictionless does not count.
Shared by every engine: the file is hashed in chunks, beside the reading of its rows.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from threadarchive.contract.findings import BYTE_COUNT, HASH_COUNT, Finding
from threadarchive.contract.package import Resource


def algorithm_and_digits(resource: Resource) -> tuple[str, str] | None:
    """The declared hash's algorithm and hex digits, or None when none is declared."""
    if "hash" not in resource.descriptor:
        return None
    algorithm, _, digits = str(resource.descriptor["hash"]).rpartition(":")
    return algorithm or "md5", digits


def digest(path: Path, resource: Resource) -> str | None:
    """The file's hex digest in the algorithm of its declared hash; None if none is declared."""
    declared = algorithm_and_digits(resource)
    if declared is None:
        return None
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, declared[0]).hexdigest()


def check(resource: Resource, path: Path, actual: str | None) -> list[Finding]:
    """Findings for a file whose size or hash (``actual``, from ``digest``) is not the declared."""
    findings = []
    size = resource.descriptor.get("bytes", resource.descriptor.get("x-bytes"))
    found = path.stat().st_size
    if size is not None and size != found:
        findings.append(BYTE_COUNT(f"expected {size} bytes, found {found}", path=resource.path))
    declared = algorithm_and_digits(resource)
    if declared is not None and actual is not None and declared[1] != actual:
        algorithm, digits = declared
        message = f"expected {algorithm.upper().replace('SHA', 'SHA-')} {digits}, found {actual}"
        findings.append(HASH_COUNT(message, path=resource.path))
    return findings
