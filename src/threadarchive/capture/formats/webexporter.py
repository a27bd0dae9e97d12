"""Readers of twitter-web-exporter's exports: its JSON and its CSV of the tweets it saw.

The twitter-web-exporter userscript keeps the tweets of X's GraphQL responses a
browser loads and exports a table of them, one record per tweet, as JSON (an
array, indented two spaces) or CSV (a UTF-8 BOM, then a header from the first
record's keys)::

    [{"id": "1986…", "created_at": "2025-11-05 15:02:11 +02:00", "full_text": "1/ …",
      "media": [], "screen_name": "olena", "name": "Olena", "profile_image_url": "…",
      "user_id": "1331…", "in_reply_to": "1986…", "retweeted_status": null,
      "quoted_status": null, ..., "url": "https://x.com/olena/status/1986…",
      "metadata": {…the tweet object…}}]

``metadata`` is there when the user ticked "Include all metadata": it is the
tweet object of the response, read by ``graphql.py`` like any other (conversation,
whom a reply answers, the author's bio, the language). Without it a record says
less: ``in_reply_to`` is the ID of the tweet replied to, but not whose it is, and
there is no conversation, so a chain is built from ``in_reply_to`` alone and a
reply whose parent is not in the export is not known to be a self-reply; the
author is ``user_id`` (exports before April 2025 have no ``user_id``: the author
is then told by ``screen_name``, and has no ID); ``full_text`` is already the
whole text of a long post; ``created_at`` is in the exporter's date format, read
in its default, "YYYY-MM-DD HH:mm:ss Z" (a record in another format is refused,
saying to export again with the default or with the metadata).

The CSV writes each text in double quotes, with a line break as the two characters
``\\n`` (and a carriage return as ``\\r``); they are read back as line breaks, so
a tweet that held a backslash and an ``n`` of its own reads as a line break there
(the JSON export keeps it). Objects (``media``, ``metadata``) are JSON in a cell.

Provenance: a thread's ``source_url`` is its first tweet's ``url``; in an export with
metadata, ``captured_at`` is the earliest time the exporter stored one of its tweets
(``metadata.twe_private_fields.updated_at``, which the userscript adds when it keeps a
tweet from a response), and the capture's provenance gives the first and last. An
export without metadata says nothing of when it was captured.

The JSON export is one document, parsed whole: at most MAX_JSON_CAPTURE_BYTES. The
CSV is streamed twice, a row at a time. A tweet's ``line`` is its record's number
(1-based; in the CSV, its row after the header).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from threadarchive.capture.fields import utc_seconds
from threadarchive.capture.formats import graphql
from threadarchive.capture.formats.base import decode_utf8, read_document
from threadarchive.capture.model import Capture
from threadarchive.contract.limits import MAX_JSON_CAPTURE_BYTES, MAX_LINE_BYTES
from threadarchive.contract.report import shown
from threadarchive.errors import CaptureError

Json = dict[str, Any]
HEADER = b"id,created_at,full_text,"  # the first columns of every version's CSV
_DATE = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2}) (?P<time>[0-9]{2}:[0-9]{2}:[0-9]{2}) (?P<zone>[+-][0-9]{2}:?[0-9]{2}|Z)"
)
DATE_EXAMPLE = "2025-11-05 15:02:11 +02:00"


class _Exporter:
    """One of the exporter's two file formats, as a reader (``base.Reader``)."""

    def __init__(self, name: str, suffix: str, records: Callable[[Path, str], Callable[[], Iterator[tuple[int, Any]]]],
                 sniff: Callable[[bytes], bool]) -> None:  # fmt: skip
        self.NAME = name
        self.SUFFIX = suffix
        self._records = records
        self._sniff = sniff

    def sniff(self, head: bytes) -> bool:
        return self._sniff(head)

    def read(self, path: Path, name: str) -> Capture:
        records = self._records(path, name)
        tally = graphql.Tally()
        stored: list[str] = []

        def source() -> Iterator[graphql.Found]:
            stored.clear()
            for number, record in records():
                tweet = _tweet(record, number, name)
                if when := _stored(tweet):
                    stored.append(when)
                url = record.get("url") if isinstance(record.get("url"), str) else None
                for inner, own in graphql.with_inner(tweet, tally):
                    yield graphql.Found(number, inner, own, url if own else None, where=f"record {number}")

        capture = graphql.read_found(source, name, source_format=self.NAME, tally=tally)
        if not stored:
            return capture
        span = f"{min(stored)} to {max(stored)}"
        return replace(capture, captured_at=min(stored), provenance=(("stored", span), *capture.provenance))


def _stored(tweet: Json) -> str | None:
    """When the exporter stored a tweet (``twe_private_fields.updated_at``, milliseconds
    since 1970, in an export with metadata), in UTC seconds; None where it does not say."""
    fields = tweet.get("twe_private_fields")
    value = fields.get("updated_at") if isinstance(fields, dict) else None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    try:
        return utc_seconds(dt.datetime.fromtimestamp(value / 1000, dt.UTC))
    except (ValueError, OverflowError, OSError):
        return None


def _tweet(record: Any, number: int, name: str) -> Json:
    """The record's tweet object: its metadata, or one made of its columns alone."""
    if not isinstance(record, dict) or "id" not in record:
        raise CaptureError(
            name,
            number,
            f"expected a record of the exporter's tweets (id, full_text), found {shown(str(record)[:80])}",
        )
    metadata = record.get("metadata")
    if isinstance(metadata, dict):
        return metadata
    created_at = record.get("created_at")
    match = _DATE.fullmatch(created_at) if isinstance(created_at, str) else None
    if match is None:
        msg = (
            f"expected created_at in the exporter's default form ({DATE_EXAMPLE!r}), found {shown(created_at)}; "
            "export again with the default date format, or with all metadata"
        )
        raise CaptureError(name, number, msg)
    zone = (
        match["zone"]
        if ":" in match["zone"] or match["zone"] == "Z"
        else match["zone"][:3] + ":" + match["zone"][3:]
    )
    legacy: Json = {
        "full_text": record.get("full_text"),
        "created_at": f"{match['date']}T{match['time']}{zone}",
    }
    if record.get("in_reply_to"):
        legacy["in_reply_to_status_id_str"] = record["in_reply_to"]
    if record.get("retweeted_status"):
        legacy["retweeted_status_result"] = {}
    if record.get("user_id"):
        legacy["user_id_str"] = record["user_id"]
    user = {
        "__typename": "User",
        "core": {"name": record.get("name"), "screen_name": record.get("screen_name")},
    }
    if record.get("user_id"):
        user["rest_id"] = record["user_id"]
    return {"rest_id": record["id"], "legacy": legacy, "core": {"user_results": {"result": user}}}


# --- JSON ------------------------------------------------------------------------------


def _json_sniff(head: bytes) -> bool:
    """An array whose first object has the exporter's ``full_text`` and ``screen_name``."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    first = text[: text.find(b"}") + 1 if b"}" in text else len(text)]
    return text[:1] == b"[" and b'"full_text"' in first and b'"screen_name"' in first


def _json_records(path: Path, name: str) -> Callable[[], Iterator[tuple[int, Any]]]:
    text = decode_utf8(read_document(path, name, MAX_JSON_CAPTURE_BYTES), name)
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"expected the exporter's JSON (an array of tweets), found invalid JSON ({exc.msg}, column {exc.colno})"
        raise CaptureError(name, exc.lineno, msg) from None
    except (ValueError, RecursionError) as exc:
        raise CaptureError(
            name, None, f"expected the exporter's JSON, found JSON Python cannot read ({exc})"
        ) from None
    if not isinstance(records, list):
        raise CaptureError(name, None, f"expected an array of tweets, found {shown(str(records)[:80])}")
    return lambda: iter(enumerate(records, start=1))


# --- CSV -------------------------------------------------------------------------------


def _csv_sniff(head: bytes) -> bool:
    return head.removeprefix(b"\xef\xbb\xbf").startswith(HEADER)


def _csv_records(path: Path, name: str) -> Callable[[], Iterator[tuple[int, Any]]]:
    def rows() -> Iterator[tuple[int, Any]]:
        limit = csv.field_size_limit()
        csv.field_size_limit(MAX_LINE_BYTES)
        try:
            with path.open(encoding="utf-8-sig", newline="") as stream:
                reader = csv.DictReader(stream)
                for number, row in enumerate(reader, start=1):
                    yield number, _row(row, number, name)
        except UnicodeDecodeError as exc:
            raise CaptureError(
                name, None, f"expected UTF-8 text, found the byte 0x{exc.object[exc.start]:02x}"
            ) from None
        except csv.Error as exc:
            raise CaptureError(name, None, f"expected the exporter's CSV, found {exc}") from None
        except OSError as exc:
            raise CaptureError(name, None, f"cannot read the file: {exc.strerror}") from None
        finally:
            csv.field_size_limit(limit)

    return rows


def _row(row: dict[str | Any, Any], number: int, name: str) -> Json:
    """A CSV row as the JSON export's record: texts unescaped, objects parsed, empty cells null."""
    if None in row:
        raise CaptureError(name, number + 1, "expected as many cells as the header names, found more")
    record: Json = {}
    for key, cell in row.items():
        if cell is None or cell == "":
            record[key] = None
        elif key in ("metadata", "media", "media_tags"):
            try:
                record[key] = json.loads(cell)
            except (ValueError, RecursionError):
                raise CaptureError(
                    name, number + 1, f"expected JSON in the {key} cell, found {shown(cell[:60])}"
                ) from None
        else:
            record[key] = cell.replace("\\r", "\r").replace("\\n", "\n")
    return record


JSON_READER = _Exporter("twitter-web-exporter-json", ".json", _json_records, _json_sniff)
CSV_READER = _Exporter("twitter-web-exporter-csv", ".csv", _csv_records, _csv_sniff)
