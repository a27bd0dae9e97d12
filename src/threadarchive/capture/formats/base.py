"""The one interface every capture reader implements, and what readers share.

A reader is a module of this package with::

    NAME: str       # its source_format, as the tables name it ("twarc2-jsonl")
    SUFFIX: str     # the file suffix captures of it are stored with (".jsonl")
    def sniff(head: bytes) -> bool          # do the file's first HEAD_BYTES look like it?
    def read(path: Path, name: str) -> Capture

``read`` takes the file's path (a reader may stream it) and the name to use in
messages, and returns every thread the capture holds, with whatever per-tweet
facts the format has and its warnings. Bad input raises CaptureError naming the
file and the line (or record); nothing else escapes a reader. Adding a format is
adding its module, listing it in ``formats/__init__.py``, and its tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from threadarchive.capture.model import Capture
from threadarchive.contract.limits import MAX_DOCUMENT_BYTES, MAX_LINE_BYTES, MAX_POSITION, MAX_THREAD_TWEETS
from threadarchive.contract.report import shown
from threadarchive.errors import CaptureError

HEAD_BYTES = 64 << 10  # what detection looks at
# A capture of one thread (the Scrolly text, the thread page) is read whole: a page of
# a thousand tweets is about 2 MB, so a larger file is no thread page, and refused.
# The tweets a capture may hold in its threads, all threads together. A reader keeps
# each until the capture is returned (its text, its Tweet, its thread's share), so
# this bounds what a small hostile capture can make it hold; the longest threads run
# to a few thousand tweets, and an account's whole archive rarely holds more in threads.


class Reader(Protocol):
    NAME: str
    SUFFIX: str

    def sniff(self, head: bytes) -> bool: ...

    def read(self, path: Path, name: str) -> Capture: ...


def read_document(path: Path, name: str, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """A capture read whole, for formats that hold one thread: refused beyond ``limit``."""
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise CaptureError(name, None, f"cannot read the file: {exc.strerror}") from None
    if len(data) > limit:
        msg = f"expected a capture of at most {limit >> 20} MiB, found a larger file"
        raise CaptureError(name, None, msg)
    return data


def over_thread_tweets_limit(name: str, line: int | None, found: str) -> CaptureError:
    """The error for a capture that would hold more than MAX_THREAD_TWEETS tweets in its
    threads; ``found`` says what was counted ("120,000 paragraphs")."""
    return CaptureError(
        name, line, f"expected at most {MAX_THREAD_TWEETS:,} tweets in a capture's threads, found {found}"
    )


def declared_count(digits: str, name: str, line: int | None, shown_as: str) -> int:
    """The tweet count a capture declares ("13 tweets"), from its digits: CaptureError
    for 0 or for more than MAX_POSITION (no thread is that long; the tables hold int64)."""
    count = int(digits) if len(digits) <= len(str(MAX_POSITION)) else MAX_POSITION + 1
    if count < 1:
        raise CaptureError(name, line, f"expected a tweet count of at least 1, found {shown_as}")
    if count > MAX_POSITION:
        raise CaptureError(name, line, f"expected a tweet count of at most {MAX_POSITION}, found {shown_as}")
    return count


def decode_utf8(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM dropped); CaptureError naming the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = (
            f"expected UTF-8 text, found the byte 0x{data[exc.start]:02x} "
            f"(offset {exc.start}) that is not UTF-8; save the capture as UTF-8"
        )
        raise CaptureError(name, line, msg) from None


def json_lines(path: Path, name: str, what: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each non-blank line's JSON object, with its line number, streamed.

    A line over MAX_LINE_BYTES is refused before it is parsed; ``what`` says what an
    object should be ("an API page or a tweet"), for the message naming one that is not.
    """
    try:
        with path.open("rb") as stream:
            number = 0
            while raw := stream.readline(MAX_LINE_BYTES + 1):
                number += 1
                if len(raw) > MAX_LINE_BYTES:
                    msg = f"expected lines of at most {MAX_LINE_BYTES >> 20} MiB, found a longer one"
                    raise CaptureError(name, number, msg)
                text = _line_text(raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw, number, name)
                if text.strip():
                    yield number, parse_json_line(text, number, name, what)
    except OSError as exc:
        raise CaptureError(name, None, f"cannot read the file: {exc.strerror}") from None


def _line_text(raw: bytes, number: int, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = (
            f"expected UTF-8 text, found the byte 0x{raw[exc.start]:02x} (column {exc.start + 1}) "
            "that is not UTF-8"
        )
        raise CaptureError(name, number, msg) from None


def parse_json_line(text: str, number: int, name: str, what: str) -> dict[str, Any]:
    """One line's JSON object; CaptureError naming the line for anything else."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = "; a pretty-printed file is not JSON Lines" if text.strip() in ("{", "[") else ""
        msg = f"expected a JSON object on one line, found invalid JSON ({exc.msg}, column {exc.colno}){hint}"
        raise CaptureError(name, number, msg) from None
    except (ValueError, RecursionError) as exc:  # numbers too long, nesting too deep
        raise CaptureError(
            name, number, f"expected a JSON object, found JSON Python cannot read ({exc})"
        ) from None
    if not isinstance(record, dict):
        found = (
            "an array; JSON Lines holds one object on each line"
            if isinstance(record, list)
            else shown(record)
        )
        raise CaptureError(name, number, f"expected a JSON object ({what}), found {found}")
    return record
