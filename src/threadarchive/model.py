"""The thread and tweet as parsed from one capture."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .report import Finding


@dataclass(frozen=True)
class Tweet:
    position: int  # 1..N in capture order
    marker: str | None  # numbering marker exactly as printed ("1/", "/12", "(2/3)")
    text: str  # verbatim, marker included, line endings normalised to "\n"
    line: int = field(default=0, compare=False)  # first line of the tweet in the capture


@dataclass(frozen=True)
class Thread:
    author_name: str
    author_bio: str | None
    published_date: dt.date
    tweet_count: int  # the count the capture declares
    tweets: tuple[Tweet, ...]
    source_format: str = "threadreaderapp-scrolly-text"
    warnings: tuple[Finding, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The shape ``threadarchive parse --json`` prints."""
        return {
            "author_name": self.author_name,
            "author_bio": self.author_bio,
            "published_date": self.published_date.isoformat(),
            "tweet_count": self.tweet_count,
            "tweets_found": len(self.tweets),
            "source_format": self.source_format,
            "tweets": [
                {"position": t.position, "marker": t.marker, "text": t.text, "line": t.line}
                for t in self.tweets
            ],
            "warnings": [w.to_dict() for w in self.warnings],
        }
