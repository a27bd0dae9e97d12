"""What a capture holds, as every reader returns it: threads of tweets.

A field a format does not have is None: the Scrolly text has no tweet IDs, the
API has no declared count. Readers never invent a value, and they keep each
tweet's text verbatim (line endings normalised to "\\n").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from threadarchive.contract.findings import Finding


def unique_keys(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """(key, value) pairs as a mapping, in their order: a key given more than once (a
    Zeeschuimer file's user agents) is numbered from its second ("user_agent 2"), so no
    value is lost.

    Parameters
    ----------
    pairs
        Keys and values, as a reader gives a capture's provenance.

    Returns
    -------
    dict
        Each key (unique) and its value.
    """
    fields: dict[str, str] = {}
    for key, value in pairs:
        unique, n = key, 1
        while unique in fields:
            n += 1
            unique = f"{key} {n}"
        fields[unique] = value
    return fields


# Keyword-only: a field added to the model cannot shift the values of the others.
@dataclass(frozen=True, kw_only=True)
class Tweet:
    position: int  # 1..N in thread order
    marker: str | None  # numbering marker exactly as printed ("1/", "/12", "(2/3)")
    text: str  # verbatim, marker included, line endings normalised to "\n"
    line: int = field(default=0, compare=False)  # where it starts in the capture: line (or record)
    tweet_id: str | None = None  # digits
    created_at: str | None = None  # UTC, "2025-11-05T13:02:11Z"
    lang: str | None = None  # as the source gives it ("en", "uk", "und")

    def to_dict(self) -> dict[str, Any]:
        """Every field, in the model's order: what ``parse --json`` prints of a tweet."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, kw_only=True)
class Thread:
    author_name: str | None  # None only where the capture does not name its author (curated author_name)
    author_bio: str | None
    published_date: dt.date
    tweet_count: int  # the count the capture declares; the tweets found when it declares none
    tweets: tuple[Tweet, ...]
    source_format: str = "threadreaderapp-scrolly-text"
    author_handle: str | None = None  # without "@"
    author_id: str | None = None  # digits
    known_gaps: str | None = None  # gaps the reader saw (a missing root or middle tweet)
    source_url: str | None = None  # the page it was captured from, where the capture says
    warnings: tuple[Finding, ...] = field(default=(), compare=False)

    @property
    def key(self) -> str | None:
        """Which thread of a capture holding several this is: its first tweet's ID."""
        return self.tweets[0].tweet_id if self.tweets else None

    def to_dict(self) -> dict[str, Any]:
        """The shape ``threadarchive parse --json`` prints."""
        return {
            "author_name": self.author_name,
            "author_handle": self.author_handle,
            "author_id": self.author_id,
            "author_bio": self.author_bio,
            "published_date": self.published_date.isoformat(),
            "tweet_count": self.tweet_count,
            "tweets_found": len(self.tweets),
            "source_format": self.source_format,
            "known_gaps": self.known_gaps,
            "source_url": self.source_url,
            "tweets": [tweet.to_dict() for tweet in self.tweets],
            "warnings": [w.to_dict() for w in self.warnings],
        }


@dataclass(frozen=True, kw_only=True)
class Capture:
    """Every thread one capture file holds (the API and the X archive hold many)."""

    source_format: str
    threads: tuple[Thread, ...]
    captured_at: str | None = None  # when the capture says it was taken, ISO 8601
    # Files beside the capture that the reader also read (an X archive's account.js):
    # only the capture is stored, so ingest keeps what they said in the metadata.
    companions: tuple[str, ...] = ()
    # What the container says of the capture beyond its time: a WARC record's target URI
    # and payload digest, the page a browser extension collected it on.
    provenance: tuple[tuple[str, str], ...] = ()

    def provenance_fields(self) -> dict[str, str]:
        """The provenance as a mapping, in the reader's order (``unique_keys``)."""
        return unique_keys(self.provenance)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_format": self.source_format,
            "captured_at": self.captured_at,
            "companions": list(self.companions),
            "provenance": self.provenance_fields(),
            "threads": [t.to_dict() for t in self.threads],
        }
