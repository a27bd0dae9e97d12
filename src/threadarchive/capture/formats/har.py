"""Reader of HAR files: a browser's record of the requests a page made, x.com's included.

Any browser's developer tools save a page's network traffic as a HAR file (HTTP
Archive, JSON)::

    {"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "128.0"},
             "pages": [{"id": "page_1", "title": "https://x.com/user/status/1986…", ...}],
             "entries": [{"pageref": "page_1", "startedDateTime": "2025-11-06T09:14:03.120+01:00",
                          "request": {"method": "GET", "url": "https://x.com/i/api/graphql/…/TweetDetail?…"},
                          "response": {"status": 200, "content": {"mimeType": "application/json",
                                       "text": "{\\"data\\": …}", "encoding": "base64"?}}}, …]}}

The responses of X's GraphQL endpoints (a request URL with ``/graphql/``) that the
file holds the body of are read, in the file's order, by ``graphql.py``. Others
(pages, scripts, images, other sites) are skipped. A browser saves a body as text,
or as base64 (``encoding``); one saved without its body (a HAR "without content")
holds no tweets.

Provenance: ``captured_at`` is the first GraphQL response's ``startedDateTime`` in
UTC; a thread's ``source_url`` is the page its first tweet was loaded on: the
``pages[].title`` of the entry's ``pageref`` where it is a URL (Chrome's developer
tools write the URL there), else the request's ``Referer`` header (Firefox and
Playwright write the page's title there, not its URL); the capture's provenance
names the browser (``log.browser`` where the file has it, as Firefox and Playwright
write it) and the program that wrote the file (``creator``). A HAR file is one JSON document, parsed whole: at
most MAX_JSON_CAPTURE_BYTES (save one of the x.com requests alone, "Fetch/XHR", if
the whole session is larger). A tweet's ``line`` is its entry's number (1-based).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from threadarchive.capture.fields import utc
from threadarchive.capture.formats import graphql
from threadarchive.capture.formats.base import decode_utf8, read_document
from threadarchive.capture.model import Capture
from threadarchive.contract.limits import MAX_JSON_CAPTURE_BYTES
from threadarchive.contract.report import shown
from threadarchive.errors import CaptureError

NAME = "har"
SUFFIX = ".har"
_START = re.compile(rb'\A\s*\{\s*"log"\s*:\s*\{')


def sniff(head: bytes) -> bool:
    """JSON opening with ``{"log": {``."""
    return bool(_START.match(head.removeprefix(b"\xef\xbb\xbf")))


def read(path: Path, name: str) -> Capture:
    text = decode_utf8(read_document(path, name, MAX_JSON_CAPTURE_BYTES), name)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"expected a HAR file (JSON), found invalid JSON ({exc.msg}, column {exc.colno})"
        raise CaptureError(name, exc.lineno, msg) from None
    except (ValueError, RecursionError) as exc:
        raise CaptureError(
            name, None, f"expected a HAR file, found JSON Python cannot read ({exc})"
        ) from None
    log = document.get("log") if isinstance(document, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(log, dict) or not isinstance(entries, list):
        raise CaptureError(name, None, f"expected a HAR file's log.entries, found {shown(str(log)[:80])}")
    pages = {
        page.get("id"): page.get("title")
        for page in log.get("pages", []) if isinstance(page, dict)
    }  # fmt: skip
    tally = graphql.Tally()
    started: list[str] = []

    def source() -> Iterator[graphql.Found]:
        tally.responses = 0
        started.clear()
        for number, entry in enumerate(entries, start=1):
            body = _graphql_body(entry, number, name)
            if body is None:
                continue
            if when := utc(entry.get("startedDateTime")):
                started.append(when)
            page = pages.get(entry.get("pageref"))
            url = page if _is_url(page) else _referer(entry)
            for tweet, own in graphql.tweets_in(body, tally):
                yield graphql.Found(number, tweet, own, url, where=f"entry {number}")

    capture = graphql.read_found(source, name, source_format=NAME, tally=tally)
    creator, browser = _named(log.get("creator")), _named(log.get("browser"))
    if browser and creator:
        provenance: tuple[tuple[str, str], ...] = (("browser", browser), ("creator", creator))
    else:
        provenance = (("browser", browser or creator),) if browser or creator else ()
    return replace(
        capture, captured_at=started[0] if started else None, provenance=provenance + capture.provenance
    )


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://"))


def _referer(entry: Any) -> str | None:
    """The ``Referer`` header of an entry's request (the page that made it), where it is a URL."""
    request = entry.get("request") if isinstance(entry, dict) else None
    headers = request.get("headers") if isinstance(request, dict) else None
    for header in headers if isinstance(headers, list) else []:
        if isinstance(header, dict) and str(header.get("name", "")).lower() == "referer":
            value = header.get("value")
            return value if _is_url(value) else None
    return None


def _named(value: Any) -> str:
    """A HAR ``creator`` or ``browser`` object as "name version"; "" for anything else."""
    if not isinstance(value, dict):
        return ""
    return " ".join(str(value.get(k, "")) for k in ("name", "version")).strip()


def _graphql_body(entry: Any, number: int, name: str) -> Any | None:
    """The parsed body of an entry holding an X GraphQL response; None for any other entry."""
    request = entry.get("request") if isinstance(entry, dict) else None
    url = request.get("url") if isinstance(request, dict) else None
    if not isinstance(url, str) or "/graphql/" not in url:
        return None
    response = entry.get("response")
    content = response.get("content") if isinstance(response, dict) else None
    text = content.get("text") if isinstance(content, dict) else None
    if not isinstance(text, str) or not text:
        return None
    if isinstance(content, dict) and content.get("encoding") == "base64":
        try:
            text = base64.b64decode(text, validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            raise CaptureError(
                name, None, f"entry {number}: expected a base64 body in UTF-8, found other bytes"
            ) from None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None  # an error page, not JSON: no tweets
