"""Reader of Thread Reader App "Scrolly Tale" pages saved as plain text.

A capture looks like this (the footer may be cut off or absent)::

    <Name> Profile picture
    <bio, zero or more lines>

    <Mon D, YYYY>, <N> tweets

    <tweet 1>

    <tweet 2, possibly in several paragraphs>

    Share this Scrolly Tale with your friends.
    ...
    Keep scrolling

Tweets are separated by blank lines. When the thread numbers its tweets and the
capture has more paragraphs than tweets, tweets end at their markers instead of at
every blank line. Text is kept verbatim: only line endings are normalised to "\\n".

Limits: the file is read whole, so it may be at most DOCUMENT_LIMIT (16 MiB) and
MAX_CAPTURE_LINES lines; its paragraphs (each a tweet or part of one) at most MAX_THREAD_TWEETS.
Each is checked before the work it bounds: lines before the text is split, paragraphs
before their markers are read and their tweets made.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from threadarchive.capture import markers
from threadarchive.capture.formats.base import (
    declared_count,
    decode_utf8,
    over_thread_tweets_limit,
    read_document,
)
from threadarchive.capture.model import Capture, Thread, Tweet
from threadarchive.contract.findings import TWEET_COUNT_MISMATCH, Finding
from threadarchive.contract.limits import MAX_CAPTURE_LINES, MAX_THREAD_TWEETS
from threadarchive.contract.report import shown
from threadarchive.errors import CaptureError

NAME = "threadreaderapp-scrolly-text"
SUFFIX = ".txt"

HEADER_SUFFIX = "Profile picture"
MONTHS = {
    name: number
    for number, names in enumerate(
        (["Jan"], ["Feb"], ["Mar"], ["Apr"], ["May"], ["Jun"], ["Jul"], ["Aug"],
         ["Sep", "Sept"], ["Oct"], ["Nov"], ["Dec"]),
        start=1,
    )
    for name in names
}  # fmt: skip
DATE_LINE = re.compile(
    r"(?P<month>[A-Z][a-z]{2,3}) (?P<day>[0-9]{1,2}), (?P<year>[0-9]{4}), "
    r"(?P<count>[0-9]+) tweets?"
)
FOOTER = (
    "Share this Scrolly Tale with your friends.",
    "A Scrolly Tale is a new way to read Twitter threads",
    "Discover more beautiful Scrolly Tales like this.",
    "Keep scrolling",
)

# Each line costs a string and some microseconds of the parse: a real capture's lines
# average dozens of characters, so even one of 16 MiB has a few hundred thousand.
# Every footer line starts with one of these (a cut-off one is 12 characters at least):
# one quick test for each line of the capture before the exact one.
_FOOTER_STARTS = tuple(footer[:12] for footer in FOOTER)

_HTML = re.compile(r"\s*<(!doctype|html|head|body|\?xml)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Paragraph:
    first: int  # index of its first line in the capture
    last: int  # index of its last line
    start: markers.Marker | None  # marker it opens with
    end: markers.Marker | None  # marker it closes with


def sniff(head: bytes) -> bool:
    """The default text format: any capture no other reader claims is read as one."""
    return True


def read(path: Path, name: str) -> Capture:
    thread = parse_bytes(read_document(path, name), name)
    return Capture(source_format=NAME, threads=(thread,))


def parse_file(path: str | Path) -> Thread:
    """Parse the Thread Reader App "Scrolly Tale" text capture at ``path``.

    Parameters
    ----------
    path
        The capture: the page's text as copied, UTF-8.

    Returns
    -------
    Thread
        Its author, date, declared count and every tweet, text verbatim.

    Raises
    ------
    CaptureError
        The file is not such a capture, naming the file and line.
    """
    return read(Path(path), str(path)).threads[0]


def parse_bytes(data: bytes, name: str | Path = "<capture>") -> Thread:
    """Parse a Scrolly Tale text capture given as bytes.

    Parameters
    ----------
    data
        The capture's bytes, UTF-8.
    name
        What error messages call it.

    Returns
    -------
    Thread

    Raises
    ------
    CaptureError
        The bytes are not UTF-8 or not such a capture, naming ``name`` and the line.
    """
    return parse_text(decode_utf8(data, str(name)), name)


def parse_text(text: str, name: str | Path = "<capture>") -> Thread:
    """Parse a Scrolly Tale text capture given as text.

    Parameters
    ----------
    text
        The capture's text; any line endings.
    name
        What error messages call it.

    Returns
    -------
    Thread

    Raises
    ------
    CaptureError
        The text is not such a capture, naming ``name`` and the line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    count = text.count("\n") + 1  # before the split: every line becomes a string
    if count > MAX_CAPTURE_LINES:
        raise CaptureError(
            name, None, f"expected a capture of at most {MAX_CAPTURE_LINES:,} lines, found {count:,}"
        )
    lines = text.split("\n")
    header = _first_non_blank(lines, 0)
    if header is None:
        raise CaptureError(name, 1, "expected a header '<Name> Profile picture', found an empty file")
    author_name = _author_name(lines[header], header, name)

    date_index = next(
        (i for i in range(header + 1, len(lines)) if DATE_LINE.fullmatch(lines[i].strip())),
        None,
    )
    if date_index is None:
        msg = "expected a line like 'Nov 5, 2025, 13 tweets' after the header, found none"
        raise CaptureError(name, header + 2, msg)
    published_date, declared = _date_line(lines[date_index], date_index, name)
    author_bio = _join(lines, header + 1, date_index - 1) or None

    body_end = next((i for i in range(date_index + 1, len(lines)) if _is_footer(lines[i])), len(lines))
    paragraphs = _paragraphs(lines, date_index + 1, body_end, str(name))
    if not paragraphs:
        raise CaptureError(
            name, date_index + 2, f"expected {declared} tweet(s) after the date line, found none"
        )
    paragraphs = _keep_plausible_markers(paragraphs, declared)
    tweets = tuple(
        Tweet(
            position=position,
            marker=_tweet_marker(group),
            text=_join(lines, group[0].first, group[-1].last),
            line=group[0].first + 1,
        )
        for position, group in enumerate(_group_into_tweets(paragraphs, declared), start=1)
    )
    warnings: tuple[Finding, ...] = ()
    if len(tweets) != declared:
        message = (
            f"the capture declares {declared} tweet(s) but holds {len(tweets)}; "
            "a tweet missing from the capture is reported, never invented"
        )
        warnings = (TWEET_COUNT_MISMATCH(message, severity="warning", path=str(name), line=date_index + 1),)
    return Thread(
        author_name=author_name,
        author_bio=author_bio,
        published_date=published_date,
        tweet_count=declared,
        tweets=tweets,
        source_format=NAME,
        warnings=warnings,
    )


def render_capture(thread: Thread) -> str:
    """Write a thread back in the Scrolly Tale text form that parse_text reads."""
    date = thread.published_date
    month = next(name for name, number in MONTHS.items() if number == date.month)
    noun = "tweet" if thread.tweet_count == 1 else "tweets"
    head = [f"{thread.author_name} {HEADER_SUFFIX}"]
    if thread.author_bio:
        head.append(thread.author_bio)
    parts = [
        "\n".join(head),
        f"{month} {date.day}, {date.year}, {thread.tweet_count} {noun}",
        *(tweet.text for tweet in thread.tweets),
        FOOTER[0],
        f"{FOOTER[1]} with a more visually immersive experience.\n{FOOTER[2]}",
        FOOTER[3],
    ]
    return "\n\n".join(parts)


def _first_non_blank(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].strip()), None)


def _author_name(line: str, index: int, name: str | Path) -> str:
    stripped = line.strip()
    if _HTML.match(stripped):
        msg = (
            f"expected a header '<Name> Profile picture', found HTML ({shown(stripped)}); "
            "save the Scrolly Tale page as plain text"
        )
        raise CaptureError(name, index + 1, msg)
    if not stripped.endswith(HEADER_SUFFIX) or not stripped[: -len(HEADER_SUFFIX)].strip():
        msg = f"expected a header '<Name> Profile picture', found {shown(stripped)}"
        raise CaptureError(name, index + 1, msg)
    return stripped[: -len(HEADER_SUFFIX)].strip()


def _date_line(line: str, index: int, name: str | Path) -> tuple[dt.date, int]:
    match = DATE_LINE.fullmatch(line.strip())
    assert match is not None  # the caller found the line with this pattern
    month = MONTHS.get(match["month"])
    try:
        if month is None:
            raise ValueError(f"unknown month {match['month']!r}")
        date = dt.date(int(match["year"]), month, int(match["day"]))
    except ValueError as exc:
        raise CaptureError(name, index + 1, f"expected a real date, found {shown(line)} ({exc})") from None
    return date, declared_count(match["count"], str(name), index + 1, shown(line))


def _is_footer(line: str) -> bool:
    # A capture may be cut off inside the footer, so a long enough prefix counts.
    stripped = line.strip()
    if not stripped.startswith(_FOOTER_STARTS):
        return False
    return any(stripped.startswith(f) or (len(stripped) >= 12 and f.startswith(stripped)) for f in FOOTER)


def _join(lines: list[str], first: int, last: int) -> str:
    """Lines first..last, without the blank lines at either end."""
    while first <= last and not lines[first].strip():
        first += 1
    while last >= first and not lines[last].strip():
        last -= 1
    return "\n".join(lines[first : last + 1])


def _paragraphs(lines: list[str], start: int, stop: int, name: str) -> list[_Paragraph]:
    spans: list[tuple[int, int]] = []  # each paragraph's first and last line
    count, over = 0, None
    first = None
    for i in range(start, stop + 1):
        blank = i == stop or not lines[i].strip()
        if first is None and not blank:
            first = i
        elif first is not None and blank:
            count += 1
            if count <= MAX_THREAD_TWEETS:
                spans.append((first, i - 1))
            elif over is None:
                over = first
            first = None
    # Counted before any marker is read: each paragraph is a tweet or part of one.
    if over is not None:
        raise over_thread_tweets_limit(name, over + 1, f"{count:,} paragraphs (each a tweet or part of one)")
    return [_Paragraph(a, b, markers.at_start(lines[a]), markers.at_end(lines[b])) for a, b in spans]


def _keep_plausible_markers(paragraphs: list[_Paragraph], declared: int) -> list[_Paragraph]:
    """Drop marker candidates that are numbers in the text ("24/7", "2022/23", "9/11").

    A marker counts from 1 to no more than the thread's length; a stated total must
    be the thread's usual total or the declared count.
    """
    usual = markers.usual_total([m for p in paragraphs for m in (p.start, p.end) if m])
    limit = max(declared, len(paragraphs), usual or 0)
    totals = {declared} | ({usual} if usual else set())
    return [
        _Paragraph(
            p.first,
            p.last,
            markers.plausible(p.start, limit, totals),
            markers.plausible(p.end, limit, totals),
        )
        for p in paragraphs
    ]


def _group_into_tweets(paragraphs: list[_Paragraph], declared: int) -> list[list[_Paragraph]]:
    """Paragraphs grouped into tweets.

    A paragraph is a tweet unless the capture has more paragraphs than the thread
    has tweets: then a one-tweet thread is one tweet, and a numbered thread splits
    at its markers. With neither, each paragraph stays a tweet and the count
    mismatch is reported.
    """
    if len(paragraphs) <= declared:
        return [[p] for p in paragraphs]
    if declared == 1:
        return [paragraphs]
    marked = sum(1 for p in paragraphs if p.start or p.end)
    if marked < 2 or marked * 2 < declared:
        return [[p] for p in paragraphs]
    groups: list[list[_Paragraph]] = []
    current: list[_Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.start and current:
            groups.append(current)
            current = []
        current.append(paragraph)
        if paragraph.end:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _tweet_marker(group: list[_Paragraph]) -> str | None:
    if group[0].start:
        return group[0].start.text
    if group[-1].end:
        return group[-1].end.text
    return None
