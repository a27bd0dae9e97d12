"""threadarchive: X/Twitter threads kept exactly as captured, validated and versioned."""

from importlib.metadata import PackageNotFoundError, version

from .errors import (
    BumpTooSmallError,
    CaptureError,
    ConflictError,
    FixityError,
    InputError,
    InvalidDataError,
    PackageError,
    ThreadArchiveError,
    ValidationFailed,
    VersionNotFoundError,
)
from .model import Thread, Tweet
from .parser import parse_bytes, parse_file, parse_text
from .report import Finding, Report

try:
    __version__ = version("threadarchive")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "BumpTooSmallError",
    "CaptureError",
    "ConflictError",
    "Finding",
    "FixityError",
    "InputError",
    "InvalidDataError",
    "PackageError",
    "Report",
    "Thread",
    "ThreadArchiveError",
    "Tweet",
    "ValidationFailed",
    "VersionNotFoundError",
    "__version__",
    "parse_bytes",
    "parse_file",
    "parse_text",
]
