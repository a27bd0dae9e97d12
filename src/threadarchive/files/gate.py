"""The one gate for paths taken from input.

Descriptors, metadata files, zips, manifests of fixity and journals name files;
input can be hostile. Every such path goes through ``inside``: it must be a
relative POSIX path, without ``..``, that stays inside its root after links are
resolved, and not a URL unless the caller asked for remote data. Anything else
raises UnsafePathError naming the path (and the link that leads out), and nothing
is read from, written to or deleted at it.

The archive's own files and folders (``data/meta``, ``schemas``, ``releases/<X.Y.Z>``,
``.threadarchive``, ...) go through the same gate, by ``Archive.path``: a cloned
repository can carry links as easily as a descriptor can carry ``..``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

from threadarchive.errors import UnsafePathError

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
        try:
            escapes = not target.resolve().is_relative_to(root.resolve())
        except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
            reason = "expected a path inside its folder, found a loop of links"
        else:
            if not escapes:
                return target
            reason = (
                "expected a path inside its folder, found one that leads out of it through the link "
                + _link_out(root, relative)
            )
    raise UnsafePathError(
        f"{where}path {relative!r} is unsafe: {reason}; nothing was read from it, written to it or deleted"
    )


def _link_out(root: Path, relative: str) -> str:
    """The first link on the way from ``root`` to ``relative`` that leads out of ``root``:
    "<link> -> <where it points>"."""
    base, current = root.resolve(), root
    for part in PurePosixPath(relative).parts:
        current = current / part
        if current.is_symlink() and not current.resolve().is_relative_to(base):
            return f"{current} -> {os.readlink(current)}"
    return f"{root / relative}"  # not reached: some part of the path is such a link
