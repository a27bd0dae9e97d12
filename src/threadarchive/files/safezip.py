"""Zips from outside, read within limits: for X archives, release zips and downloads alike.

A zip is input, and input can be hostile: a few MB can declare a million members
(zipfile reads the whole central directory into memory first) or inflate to many GB
(a zip bomb). ``SafeZip`` checks the member count from the end record before
zipfile reads anything, and refuses a member that is encrypted, repeated, larger
than its limit or compressed more than ``max_ratio`` times. Members are looked up by
exact name and read as streams; their names are never used as paths. Written by
hand: zipfile has none of these limits, and no kept library adds them.
"""

from __future__ import annotations

import lzma
import os
import stat
import struct
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from threadarchive.errors import UnsafeZipError

# What zipfile and its decompressors raise for a corrupt zip.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    struct.error,
)
_EOCD = struct.Struct("<4s4H2LH")  # the zip's end record
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")


class RepeatedMemberError(UnsafeZipError):
    """Two members of one name: which of them a reader gets is up to the reader."""


@dataclass(frozen=True)
class Limits:
    members: int = 10_000
    directory: int = 16 << 20  # bytes of central directory
    member: int = 1 << 30  # uncompressed bytes of one member, unless the caller says less
    ratio: int = 100  # uncompressed / compressed: data deflates about 10:1, a zip bomb 1000:1
    ratio_floor: int = 1 << 20  # a member this small cannot be a bomb: its ratio is not checked


def size(count: int) -> str:
    """A byte count as people read it: "512.0 MiB", "12319 bytes"."""
    for unit, shift in (("GiB", 30), ("MiB", 20)):
        if count >= 1 << shift:
            return f"{count / (1 << shift):.1f} {unit}"
    return f"{count} bytes"


def is_zip(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(4) == b"PK\x03\x04"
    except OSError:
        return False


class SafeZip:
    """An open zip whose members are read by exact name, within ``limits``."""

    def __init__(self, path: Path, limits: Limits = Limits()) -> None:
        self.limits = limits
        entries, directory = _declared(path)
        if entries > limits.members or directory > limits.directory:
            msg = (
                f"expected a zip of at most {limits.members} members, found one declaring {entries} "
                f"({size(directory)} of directory)"
            )
            raise UnsafeZipError(msg)
        try:
            self.zip = zipfile.ZipFile(path)
        except ZIP_ERRORS as exc:
            raise UnsafeZipError(f"expected a zip, found a corrupt one: {exc}") from None
        self.count = Counter(self.zip.namelist())
        if self.count.total() > limits.members:
            raise UnsafeZipError(
                f"expected a zip of at most {limits.members} members, found {self.count.total()}"
            )

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.zip.close()

    def names(self) -> list[str]:
        """The members that are files, in the zip's order."""
        return [name for name in self.count if not name.endswith("/")]

    def __contains__(self, name: str) -> bool:
        return name in self.count

    def links(self) -> list[str]:
        """The members whose Unix mode is a symbolic link's: read here as the bytes they
        hold, but ``unzip`` makes each a link to the path those bytes spell."""
        return [i.filename for i in self.zip.infolist() if stat.S_ISLNK(i.external_attr >> 16)]

    def info(self, name: str, limit: int | None = None) -> zipfile.ZipInfo:
        """The member ``name``, checked: one of its name, unencrypted, within its limits."""
        if self.count[name] != 1:
            raise RepeatedMemberError(f"{name}: expected one member of this name, found {self.count[name]}")
        info = self.zip.getinfo(name)
        limit = self.limits.member if limit is None else limit
        if info.flag_bits & 0x1:
            raise UnsafeZipError(f"{name}: expected an unencrypted member, found an encrypted one")
        if info.file_size > limit:
            raise UnsafeZipError(
                f"{name}: expected at most {size(limit)}, found {size(info.file_size)} uncompressed"
            )
        if (
            info.file_size > self.limits.ratio_floor
            and info.file_size > self.limits.ratio * info.compress_size
        ):
            msg = (
                f"{name}: expected a member compressed at most {self.limits.ratio} times, found "
                f"{info.file_size} bytes from {info.compress_size} (a zip bomb?)"
            )
            raise UnsafeZipError(msg)
        return info

    def open(self, name: str, limit: int | None = None) -> IO[bytes]:
        """A stream of the member's bytes; zipfile checks its size and CRC as it is read."""
        info = self.info(name, limit)
        try:
            return self.zip.open(info)
        except ZIP_ERRORS as exc:
            raise UnsafeZipError(f"{name}: cannot read it: {exc}") from None


def _declared(path: Path) -> tuple[int, int]:
    """The member count and directory size a zip's end record declares.

    Read before zipfile reads the central directory, which it holds whole in memory.
    """
    try:
        with path.open("rb") as stream:
            end = stream.seek(0, os.SEEK_END)
            stream.seek(max(0, end - _EOCD.size - 0xFFFF))  # the record, and a comment after it
            tail = stream.read()
            at = tail.rfind(b"PK\x05\x06")
            if at < 0 or len(tail) - at < _EOCD.size:
                raise UnsafeZipError(
                    "expected a zip, found no end record (the file is cut short or not a zip)"
                )
            *_, entries, directory, _, _ = _EOCD.unpack_from(tail, at)
            if entries == 0xFFFF or directory == 0xFFFFFFFF:  # ZIP64 keeps the real counts elsewhere
                start = at - _ZIP64_LOCATOR.size
                locator = _ZIP64_LOCATOR.unpack_from(tail, start) if start >= 0 else None
                if locator is None or locator[0] != b"PK\x06\x07":
                    raise UnsafeZipError("expected a zip, found a corrupt ZIP64 end record")
                if locator[2] > end - _ZIP64_EOCD.size:
                    raise UnsafeZipError(
                        f"expected a zip, found a ZIP64 end record pointing past the file's end ({locator[2]} of {end} bytes)"
                    )
                stream.seek(locator[2])
                record = stream.read(_ZIP64_EOCD.size)
                if len(record) < _ZIP64_EOCD.size or not record.startswith(b"PK\x06\x06"):
                    raise UnsafeZipError("expected a zip, found a corrupt ZIP64 end record")
                entries, directory = _ZIP64_EOCD.unpack(record)[7:9]
    except (OSError, ValueError, OverflowError, struct.error) as exc:
        raise UnsafeZipError(f"cannot read the zip: {exc}") from None
    return int(entries), int(directory)
