"""Reader of WARC web archives: the responses a crawler or a browser recorded, x.com's included.

Web archivists record pages with ArchiveWeb.page, Browsertrix, Webrecorder or a
harvester such as Social Feed Manager into WARC files (ISO 28500), gzip-compressed
a record at a time or not at all. Each ``response`` record keeps an HTTP response
as it came: its target URI (``WARC-Target-URI``), when it was fetched
(``WARC-Date``) and the SHA-1 of its body (``WARC-Payload-Digest``). The records
are read with warcio (the Webrecorder project's library), which also undoes the
body's transfer and content encodings, a record at a time: a WARC is streamed
twice, never held.

What is read: the bodies of X's web GraphQL responses (a target URI with
``/graphql/``), by ``graphql.py``; or, in a WARC without them, the bodies of X API
v2 responses (``api.twitter.com/2/`` or ``api.x.com/2/``, as Social Feed Manager
harvests them), by ``twarc.py``. Every other record (requests, pages, scripts,
images, other sites) is skipped; a WARC with neither kind of response is refused
saying what it holds (twitter.com's old HTML pages are not read).

Provenance: ``captured_at`` is the ``WARC-Date`` of the first response read; the
capture's provenance lists the date, target URI and payload digest of each response
that supplied a thread's tweet (of API v2 responses, of each one read). A tweet's ``line`` is its record's number in
the file (1-based). Bounds: MAX_WARC_RECORDS records, MAX_RESPONSE_BYTES of one body.
"""

from __future__ import annotations

import contextlib
import io
import json
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from threadarchive.capture.fields import utc
from threadarchive.capture.formats import graphql, twarc
from threadarchive.capture.model import Capture
from threadarchive.contract.limits import MAX_RESPONSE_BYTES, MAX_WARC_RECORDS
from threadarchive.errors import CaptureError

NAME = "warc"
SUFFIX = ".warc.gz"
GZIP_MAGIC = b"\x1f\x8b"
V2_HOSTS = ("://api.twitter.com/2/", "://api.x.com/2/")

Opener = Callable[[], AbstractContextManager[IO[bytes]]]


@dataclass(frozen=True, slots=True)
class Response:
    """A response record read: its number, what kind of body it holds, the body, its provenance."""

    number: int
    kind: str  # "graphql" or "v2"
    body: Any
    origin: tuple[str, str]


def sniff(head: bytes) -> bool:
    """``WARC/1.`` first, or a gzip member whose first bytes are."""
    if head.startswith(b"WARC/1."):
        return True
    if not head.startswith(GZIP_MAGIC):
        return False
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16).startswith(b"WARC/1.")
    except zlib.error:
        return False


def read(path: Path, name: str) -> Capture:
    return read_warcs([(name, lambda: path.open("rb"))], name, source_format=NAME)


def responses(warcs: list[tuple[str, Opener]], name: str, others: Counter[str]) -> Iterator[Response]:
    """The X responses of the WARCs (label, opener), in order; the rest counted in ``others``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    for label, opener in warcs:
        where = "" if label == name else f"{label}: "
        try:
            # warcio writes what it finds damaged to stderr and reads on: it is kept
            # from the terminal, counted, and the WARC refused in one line instead.
            with opener() as stream, contextlib.redirect_stderr(io.StringIO()):
                records = ArchiveIterator(stream)
                for record in records:
                    number += 1
                    if number > MAX_WARC_RECORDS:
                        msg = f"expected at most {MAX_WARC_RECORDS:,} records, found more"
                        raise CaptureError(name, None, where + msg)
                    found = _response(record, number, name, where, others)
                    if found is not None:
                        yield found
                    if records.err_count:
                        msg = f"record {number}: expected it to be as long as it says, found other bytes after it"
                        raise CaptureError(name, None, f"{where}{msg} (a damaged WARC)")
        except ArchiveLoadFailed as exc:
            msg = f"{where}expected WARC records, found what warcio cannot read after record {number}"
            raise CaptureError(name, None, f"{msg} ({_line(exc)})") from None
        # What warcio's parser raises for a damaged record (a missing header, a bad length).
        except (zlib.error, EOFError, ValueError, AttributeError, TypeError, IndexError, KeyError) as exc:
            raise CaptureError(
                name, None, f"{where}record {number + 1}: cannot read it ({_line(exc)})"
            ) from None
        except OSError as exc:
            raise CaptureError(name, None, f"{where}cannot read the file: {_line(exc)}") from None


def _line(exc: BaseException) -> str:
    """An exception's message on one line, cut short."""
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _response(record: Any, number: int, name: str, where: str, others: Counter[str]) -> Response | None:
    if record.rec_type != "response":
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    kind = "graphql" if "/graphql/" in uri else "v2" if any(h in uri for h in V2_HOSTS) else None
    if kind is None:
        content_type = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
        if "html" in content_type and ("://twitter.com/" in uri or "://x.com/" in uri):
            others["HTML page(s) of twitter.com or x.com, which are not read"] += 1
        else:
            others["other response(s)"] += 1
        return None
    body = record.content_stream().read(MAX_RESPONSE_BYTES + 1)
    if len(body) > MAX_RESPONSE_BYTES:
        msg = f"{where}record {number}: expected a response of at most {MAX_RESPONSE_BYTES >> 20} MiB, found a larger one"
        raise CaptureError(name, None, msg)
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        others["X response(s) that are not JSON"] += 1
        return None
    date = record.rec_headers.get_header("WARC-Date") or ""
    digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
    return Response(number, kind, parsed, (f"{where}record {number}", f"{date} {uri} {digest}".strip()))


def read_warcs(warcs: list[tuple[str, Opener]], name: str, *, source_format: str,
               provenance: tuple[tuple[str, str], ...] = ()) -> Capture:  # fmt: skip
    """The threads of X's responses in the WARCs: GraphQL ones, else API v2 ones."""
    others: Counter[str] = Counter()
    kinds = Counter(r.kind for r in responses(warcs, name, others))
    if not kinds:
        held = ", ".join(f"{n} {what}" for what, n in sorted(others.items())) or "no response"
        raise CaptureError(name, None, f"expected responses of X's GraphQL or API v2, found {held}")
    dates: list[str] = []
    if kinds["graphql"]:
        tally = graphql.Tally()

        def source() -> Iterator[graphql.Found]:
            tally.responses = 0
            dates.clear()
            for response in responses(warcs, name, Counter()):
                if response.kind == "graphql":
                    dates.append(response.origin[1].split(" ", 1)[0])
                    for tweet, own in graphql.tweets_in(response.body, tally):
                        yield graphql.Found(
                            response.number, tweet, own, where=response.origin[0], origin=response.origin
                        )

        capture = graphql.read_found(source, name, source_format=source_format, tally=tally)
    else:
        used: dict[tuple[str, str], None] = {}

        def records() -> Iterator[tuple[int, Any]]:
            dates.clear()
            for response in responses(warcs, name, Counter()):
                if response.kind == "v2" and isinstance(response.body, dict):
                    dates.append(response.origin[1].split(" ", 1)[0])
                    used.setdefault(response.origin)
                    yield response.number, response.body

        capture = twarc.read_records(records, name, source_format=source_format)
        capture = replace(capture, provenance=tuple(used))
    return replace(
        capture, captured_at=utc(dates[0]) if dates else None, provenance=provenance + capture.provenance
    )
