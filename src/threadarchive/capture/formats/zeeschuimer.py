"""Reader of Zeeschuimer's NDJSON: the tweets x.com loaded while its user browsed.

Zeeschuimer (the browser extension that collects for 4CAT) saves, one JSON object a
line, every item it saw in X's GraphQL responses::

    {"nav_index": "1:4:NaN", "item_id": "1717...", "timestamp_collected": 1698157337452,
     "source_platform": "twitter.com", "source_platform_url": "https://twitter.com/search?q=…",
     "source_url": "https://twitter.com/i/api/graphql/…/SearchTimeline?…",
     "user_agent": "Mozilla/5.0 …", "data": {…the tweet result…}, "id": 17}

``data`` is the tweet object of the response (``graphql.py`` reads it), already
unwrapped from ``TweetWithVisibilityResults``. The ID is the tweet's own
``rest_id``: for reply items of a TweetDetail page Zeeschuimer stores ``item_id``
and ``data.id`` as JavaScript numbers (``parseInt``), which past 2**53 have lost
their last digits, so neither is read. Items it marks ``promoted`` are left out.

Provenance: ``captured_at`` is the first item's ``timestamp_collected``
(milliseconds since 1970) in UTC seconds; a thread's ``source_url`` is the page
(``source_platform_url``) its first tweet was collected on; the capture's
provenance names the platform, the first and last collection times and the
browser (``user_agent``).

Items of another platform (Zeeschuimer collects from many) are counted and named in
a refusal, never read as tweets. The file is streamed twice, a line at a time
(each at most MAX_LINE_BYTES).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from threadarchive.capture.fields import utc_seconds
from threadarchive.capture.formats import graphql
from threadarchive.capture.formats.base import json_lines
from threadarchive.capture.model import Capture
from threadarchive.contract.report import shown
from threadarchive.errors import CaptureError

NAME = "zeeschuimer-ndjson"
SUFFIX = ".ndjson"
PLATFORMS = frozenset({"twitter.com", "x.com"})
WHAT = "a Zeeschuimer item"


def sniff(head: bytes) -> bool:
    """JSON Lines whose first object has Zeeschuimer's ``timestamp_collected`` and ``source_platform``."""
    first = head.removeprefix(b"\xef\xbb\xbf").lstrip().split(b"\n", 1)[0]
    return first[:1] == b"{" and b'"timestamp_collected"' in first and b'"source_platform"' in first


def read(path: Path, name: str) -> Capture:
    tally = graphql.Tally()
    times: list[str] = []
    agents: set[str] = set()
    platforms: set[str] = set()

    def source() -> Iterator[graphql.Found]:
        times.clear()
        tally.others.clear()
        for line, item in json_lines(path, name, WHAT):
            platform = item.get("source_platform")
            if not isinstance(platform, str) or platform not in PLATFORMS:
                tally.others[f"item(s) of {shown(str(platform)[:40])}"] += 1
                continue
            platforms.add(platform)
            when = _collected(item.get("timestamp_collected"), line, name)
            if when:
                times.append(when)
            if isinstance(agent := item.get("user_agent"), str):
                agents.add(agent)
            data = item.get("data")
            if not isinstance(data, dict):
                raise CaptureError(name, line, f"expected data to hold the tweet object, found {shown(data)}")
            if data.get("promoted") is True:
                tally.promoted += 1
                continue
            page = item.get("source_platform_url")
            url = page if isinstance(page, str) and page.startswith(("https://", "http://")) else None
            for tweet, own in graphql.with_inner(data, tally):
                yield graphql.Found(line, tweet, own, url)

    capture = graphql.read_found(source, name, source_format=NAME, tally=tally)
    provenance = [("platform", ", ".join(sorted(platforms))), ("collected", _span(times))]
    provenance += [("user_agent", agent) for agent in sorted(agents)[:3]]
    return _with(capture, times[0] if times else None, tuple(provenance))


def _collected(value: Any, line: int, name: str) -> str | None:
    """``timestamp_collected`` (milliseconds since 1970) as UTC seconds."""
    if value is None:
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError
        return utc_seconds(dt.datetime.fromtimestamp(value / 1000, dt.UTC))
    except (ValueError, OverflowError, OSError):
        msg = f"expected timestamp_collected in milliseconds since 1970, found {shown(value)}"
        raise CaptureError(name, line, msg) from None


def _span(times: list[str]) -> str:
    return f"{min(times)} to {max(times)}" if times else "unknown"


def _with(capture: Capture, captured_at: str | None, provenance: tuple[tuple[str, str], ...]) -> Capture:
    return replace(capture, captured_at=captured_at, provenance=provenance)
