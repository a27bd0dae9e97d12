"""The exceptions threadarchive raises on purpose.

Every one carries the exit status the command line gives it, so the CLI maps
errors to exit codes in one place::

    ThreadArchiveError            base class; exit_code 2 unless a child says otherwise
    ├── InputError                input that cannot be read or used (exit 2)
    │   ├── CaptureError          a capture its format's reader cannot read (file and line)
    │   ├── PackageError          a Data Package or release cannot be read
    │   │   ├── UnsafePathError   a path in input leaves its folder, or is a URL where a file is meant
    │   │   └── UnsafeZipError    a zip beyond its limits (members, sizes, compression) or corrupt
    │   ├── VersionNotFoundError  no release with that version
    │   └── BumpTooSmallError     a release version too small for the change
    ├── ConflictError             the request would overwrite or silently merge data (exit 2)
    ├── LockedError               another command is writing the archive (exit 2)
    ├── StorageError              the machine refused a read or write: permissions, a full disk (exit 2)
    └── InvalidDataError          the data is read but is wrong (exit 1)
        ├── ValidationFailed      validation found errors; carries the report
        └── FixityError           bytes differ from the hash or size on record
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any


class ThreadArchiveError(Exception):
    """Base class of every error threadarchive raises on purpose.

    Besides its message, an error carries what it is about as data, for programs and
    for the command line to word its hints: ``parameter`` (the name of the function
    parameter or curated fact that was refused, never a command-line flag), ``path``
    (the file) and ``thread`` (the thread ID). What would settle it is data too:
    ``remedy`` (the parameters to give again, with their values) or ``action`` (the
    operation to run next), and ``hint`` words that for a Python caller. ``str(error)``
    is the message followed by the hint; ``problem`` is the message alone, for a
    caller (the command line) that words the remedy its own way.

    Parameters
    ----------
    message
        One sentence: where, what was expected, what was found.
    parameter, path, thread
        What the error is about, where known.
    hint
        What to do next, in Python's terms (``give known_gaps=WHY``); appended to the
        message after ``"; "``.
    remedy
        The parameters (Python names) that settle the error when given, each with the
        value to give; None where the value is the caller's to choose.
    action
        The library operation to run next, by name: ``"rebuild"``, ``"init"``,
        ``"validate"``, ``"verify"``.
    """

    exit_code = 2

    def __init__(
        self,
        message: str = "",
        *,
        parameter: str | None = None,
        path: str | Path | None = None,
        thread: str | None = None,
        hint: str | None = None,
        remedy: Mapping[str, Any] | None = None,
        action: str | None = None,
    ) -> None:
        super().__init__(f"{message}; {hint}" if hint else message)
        self.problem = message
        self.parameter = parameter
        self.path = None if path is None else str(path)
        self.thread = thread
        self.hint = hint
        self.remedy = dict(remedy) if remedy is not None else None
        self.action = action

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON-ready data: its type, message, exit code and fields."""
        data: dict[str, Any] = {
            "error": type(self).__name__,
            "message": str(self),
            "exit_code": self.exit_code,
        }
        fields = ("parameter", "path", "thread", "hint", "remedy", "action")
        data.update({k: v for k in fields if (v := getattr(self, k, None)) is not None})
        return data


class InputError(ThreadArchiveError):
    """Input that cannot be read or used: a missing file, bad JSON, bad usage."""


class CaptureError(InputError):
    """A capture its format's reader cannot read, with file and line (or record)."""

    def __init__(
        self,
        path: str | Path,
        line: int | None,
        message: str,
        *,
        parameter: str | None = None,
        hint: str | None = None,
        remedy: Mapping[str, Any] | None = None,
    ) -> None:
        where = str(path)
        located = f"{where}, line {line}: {message}" if line else f"{where}: {message}"
        super().__init__(located, path=where, parameter=parameter, hint=hint, remedy=remedy)
        self.path: str = where
        self.line = line
        self.reason = message


class PackageError(InputError):
    """A Data Package, release folder or release archive that cannot be read."""


class UnsafePathError(PackageError):
    """A path taken from input that is absolute, leaves its folder, or is a URL."""


class UnsafeZipError(PackageError):
    """A zip with too many members, a member too large or too compressed, or a corrupt one."""


class VersionNotFoundError(InputError, LookupError):
    """No release with the version asked for."""


class ConflictError(ThreadArchiveError):
    """The request would overwrite published data or silently merge a changed capture."""


class LockedError(ThreadArchiveError):
    """Another threadarchive command holds the archive's lock."""


class StorageError(ThreadArchiveError):
    """The file system refused: permissions, a full disk, a read-only folder."""


class InvalidDataError(ThreadArchiveError):
    """The data was read but is wrong."""

    exit_code = 1


class ValidationFailed(InvalidDataError):
    """Validation found errors; ``report`` holds every finding."""

    def __init__(
        self, message: str, report: Any, *, hint: str | None = None, action: str | None = None
    ) -> None:
        super().__init__(message, hint=hint, action=action)
        self.report = report


class FixityError(InvalidDataError):
    """Bytes that do not match the hash or size on record."""


class BumpTooSmallError(InputError):
    """A release version smaller than the change since the last release needs."""


class WithdrawnWarning(UserWarning):
    """A release holds threads withdrawn from the archive after it was published."""
