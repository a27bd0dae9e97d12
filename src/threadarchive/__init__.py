"""threadarchive: X/Twitter threads kept exactly as captured, validated and versioned.

>>> import datetime as dt
>>> import threadarchive
>>> threadarchive.releases()                         # every release; the packaged ones load offline
>>> tweets = threadarchive.load_tweets()             # the latest release, as pandas
>>> threads = threadarchive.load_threads(columns=["thread_id", "author_name", "published_date"])
>>> since = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
>>> recent = threadarchive.load_tweets(filters=[("created_at", ">=", since)], columns=["text"])
>>> mine = threadarchive.Archive(".").load_tweets()  # the latest release of the archive here
>>> lazy = threadarchive.dataset("tweets")           # a pyarrow Dataset of verified files
"""

import importlib as _importlib
import typing as _typing

from threadarchive.capture.model import Thread, Tweet
from threadarchive.contract.findings import Finding
from threadarchive.contract.report import Report
from threadarchive.errors import (
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
    WithdrawnWarning,
)

if _typing.TYPE_CHECKING:  # what __getattr__ imports on first use, for type checkers
    from threadarchive.access.load import dataset, load_table, load_threads, load_tweets, releases
    from threadarchive.access.locate import Release
    from threadarchive.access.shipped import verify
    from threadarchive.access.workspace import Archive
    from threadarchive.archive.checks import validate
    from threadarchive.capture.formats import read_capture
    from threadarchive.capture.formats.scrolly import parse_bytes, parse_file, parse_text

# Imported on first use, so that `import threadarchive` and every command's start-up
# stay fast: validate pulls in pyarrow and numpy, and the version reads metadata.
_LAZY = {
    "Archive": ".access.workspace",
    "Release": ".access.locate",
    "parse_bytes": ".capture.formats.scrolly",
    "parse_file": ".capture.formats.scrolly",
    "parse_text": ".capture.formats.scrolly",
    "read_capture": ".capture.formats",
    "dataset": ".access.load",
    "load_table": ".access.load",
    "load_threads": ".access.load",
    "load_tweets": ".access.load",
    "releases": ".access.load",
    "validate": ".archive.checks",
    "verify": ".access.shipped",
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib import metadata

        try:
            value: object = metadata.version("threadarchive")
        except metadata.PackageNotFoundError:  # a source tree that is not installed
            value = "0+unknown"
    elif name in _LAZY:
        value = getattr(_importlib.import_module(_LAZY[name], __name__), name)
    else:
        raise AttributeError(f"module 'threadarchive' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "Archive",
    "BumpTooSmallError",
    "CaptureError",
    "ConflictError",
    "Finding",
    "FixityError",
    "InputError",
    "InvalidDataError",
    "PackageError",
    "Release",
    "Report",
    "Thread",
    "ThreadArchiveError",
    "Tweet",
    "ValidationFailed",
    "VersionNotFoundError",
    "WithdrawnWarning",
    "__version__",
    "dataset",
    "load_table",
    "load_threads",
    "load_tweets",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "read_capture",
    "releases",
    "validate",
    "verify",
]
