"""Which archived thread a capture is of: thread identity by content.

A thread keeps one ID forever, however often and in whatever format it is
captured again. Two captures are of the same thread when

- they share a tweet ID (when both know their IDs and share none, they are not); or
- otherwise, their authors agree (the same handle, or the same name), their dates
  are at most a day apart (one capture shows the author's local date, the API
  the UTC date), and their first tweets read the same, or at least half of the
  tweets of the shorter one read the same as tweets of the other.

"Read the same" compares text as people read it, not as it is encoded: Unicode
compatibility forms, case, white space and links are left out, so a one-word
correction elsewhere in the thread, the thread page's markup or the API's
entities do not make a second thread.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from threadarchive.capture.model import Thread

_LINK = re.compile(r"https?://\S+")
_SPACE = re.compile(r"\s+")


def reading(text: str) -> str:
    """Text as compared for identity."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", _LINK.sub(" ", folded)).strip()


@dataclass(frozen=True)
class Identity:
    """What identifies a thread: its author, date, tweet texts and tweet IDs."""

    author_name: str
    author_handle: str | None
    published_date: dt.date
    texts: tuple[str, ...]
    tweet_ids: frozenset[str]

    @classmethod
    def of(
        cls, thread: Thread, handle: str | None = None, tweet_ids: frozenset[str] = frozenset()
    ) -> Identity:
        """The identity of ``thread``, with curated ``handle`` and ``tweet_ids`` where it lacks them."""
        ids = frozenset(t.tweet_id for t in thread.tweets if t.tweet_id) | tweet_ids
        return cls(
            reading(thread.author_name or ""),
            (thread.author_handle or handle or "").casefold() or None,
            thread.published_date,
            tuple(reading(t.text) for t in thread.tweets),
            ids,
        )

    def same_thread(self, other: Identity) -> bool:
        return self.why_same(other) is not None

    def why_same(self, other: Identity) -> str | None:
        """Why ``other`` is a capture of the same thread, in words; None when it is not."""
        if self.tweet_ids and other.tweet_ids:
            shared = len(self.tweet_ids & other.tweet_ids)
            return f"{shared} tweet ID(s) in common" if shared else None
        if self.author_handle and other.author_handle:
            same_author = self.author_handle == other.author_handle
        else:
            same_author = bool(self.author_name) and self.author_name == other.author_name
        if not same_author or abs((self.published_date - other.published_date).days) > 1:
            return None
        if self.texts and other.texts and self.texts[0] == other.texts[0]:
            return "the same author, date and first tweet"
        shorter, longer = sorted((self.texts, other.texts), key=len)
        shared = len(set(shorter) & set(longer))
        if shorter and shared * 2 >= len(shorter):
            return f"the same author and date, and {shared} of {len(shorter)} tweets alike"
        return None
