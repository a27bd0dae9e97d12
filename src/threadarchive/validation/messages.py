"""The messages of thread-integrity findings: the same from every engine.

sql/threads.py words its findings here, and so do the checks of a working archive's
captures that report the same kinds; this module imports neither pyarrow nor numpy.
"""

from __future__ import annotations


def count_mismatch(declared: object, found: object, known: str | None) -> str:
    """The message of a tweet-count-mismatch, the same from every engine."""
    return f"expected {declared} tweets as the capture declares, found {found}" + (
        f" (known gap: {known})"
        if known
        else "; if a tweet is missing from the source, record what is missing as the thread's known gaps"
    )


TERMS_MISSING = "expected the terms the thread is archived under, found none: curate the thread's terms"
