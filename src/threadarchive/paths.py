"""The one gate for paths taken from input.

Descriptors, metadata files, zips, manifests of fixity and journals name files;
input can be hostile. Every such path goes through ``inside``: it must be a
relative POSIX path, without ``..``, that stays inside its root after links are
resolved, and not a URL unless the caller asked for remote data. Anything else
raises UnsafePathError naming the path, and nothing is read from or written to it.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath, PureWindowsPath

from .errors import UnsafePathError

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_url(text: str) -> bool:
    """Whether ``text`` names a remote resource (``http:``, ``https:``, ``ftp:``, ...)."""
    return bool(_SCHEME.match(text)) and not PureWindowsPath(text).drive


def problem(relative: object) -> str | None:
    """Why ``relative`` is not a safe relative path, or None when it is (links aside)."""
    if not isinstance(relative, str) or not relative:
        return f"expected a relative path, found {relative!r}"
    if "\x00" in relative or "\\" in relative:
        return "expected a POSIX path, found a NUL or a backslash"
    if is_url(relative):
        return "expected a local path, found a URL"
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).drive:
        return "expected a relative path, found an absolute one"
    if ".." in PurePosixPath(relative).parts:
        return "expected a path inside its folder, found '..'"
    return None


def inside(root: Path, relative: object, *, source: str = "") -> Path:
    """``root / relative`` if it is safe and stays inside ``root`` after resolving links.

    ``source`` names where the path was found, for the message (a descriptor, a
    metadata file).
    """
    where = f"{source}: " if source else ""
    reason = problem(relative)
    if reason is None:
        assert isinstance(relative, str)
        target = root / relative
        if not target.resolve().is_relative_to(root.resolve()):
            reason = "expected a path inside its folder, found one that leads out of it through a link"
        else:
            return target
    raise UnsafePathError(f"{where}path {relative!r} is unsafe: {reason}; nothing was read from it")
