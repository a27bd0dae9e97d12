"""threadarchive: X/Twitter threads kept exactly as captured, validated and versioned.

>>> import threadarchive
>>> tweets = threadarchive.load_tweets()            # the latest release in the wheel
>>> threads = threadarchive.load_threads(version="1.0.0")
"""

from importlib import metadata as _metadata

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
from .load import load_table, load_threads, load_tweets, releases
from .model import Thread, Tweet
from .parser import parse_bytes, parse_file, parse_text
from .release import verify
from .report import Finding, Report

try:
    __version__ = _metadata.version("threadarchive")
except _metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"


def __getattr__(name: str) -> object:
    # validate pulls in pyarrow and numpy: import it on first use, so that
    # `import threadarchive` and `threadarchive --help` stay fast.
    if name == "validate":
        from .validation import validate

        globals()["validate"] = validate
        return validate
    raise AttributeError(f"module 'threadarchive' has no attribute {name!r}")


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
    "load_table",
    "load_threads",
    "load_tweets",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "releases",
    "validate",
    "verify",
]
