"""Threads taken out of the archive going forward: ``data/withdrawals.yaml``.

A withdrawal removes a thread's rows and raw captures from the working archive and
every later release, and records the thread ID, the date, the reason and the
SHA-256 of each capture removed: never its text. Past releases are not rewritten;
the release index lists which of them hold the thread, so that loading one warns.

To recognise a later capture of the thread (and refuse it, unless reinstated), the
record keeps what identifies the thread without its words: the author's name and
handle as compared for identity, its date, its tweet IDs, and a SHA-256 of each
tweet's text as identity reads it (identity.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from threadarchive.archive.metadata import check_text
from threadarchive.capture.identity import Identity
from threadarchive.contract.layout import WITHDRAWALS_FILE
from threadarchive.contract.patterns import SHA256_HEX
from threadarchive.errors import InputError

HEADER = (
    "# Threads withdrawn from this archive (threadarchive withdraw), and any reinstated:\n"
    "# when, why, and the SHA-256 of each capture removed; never their text. Edited by the tool.\n"
)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Event:
    """A thread withdrawn, or taken in again."""

    event: str  # "withdrawn" or "reinstated"
    date: dt.date
    reason: str
    captures: tuple[str, ...]  # SHA-256 of the captures removed (withdrawn) or ingested (reinstated)


@dataclass(frozen=True)
class Withdrawal:
    """A thread's withdrawals and reinstatements, and what recognises it."""

    thread_id: str
    events: tuple[Event, ...]
    identity: Identity  # its texts as SHA-256 digests

    @property
    def in_force(self) -> bool:
        return self.events[-1].event == "withdrawn"

    @property
    def last(self) -> Event:
        return self.events[-1]

    def with_event(self, event: Event) -> Withdrawal:
        return replace(self, events=(*self.events, event))

    def recognises(self, identity: Identity) -> str | None:
        """Why a capture with ``identity`` is of this thread; None when it is not."""
        return digested(identity).why_same(self.identity)

    def rows(self) -> list[dict[str, Any]]:
        """Its rows of the ``withdrawals`` table."""
        return [
            {
                "thread_id": self.thread_id,
                "event": e.event,
                "date": e.date.isoformat(),
                "reason": e.reason,
                "capture_sha256": sha,
            }
            for e in self.events
            for sha in e.captures
        ]

    def to_dict(self) -> dict[str, Any]:
        identity = self.identity
        return {
            "thread_id": self.thread_id,
            "events": [
                {
                    "event": e.event,
                    "date": e.date.isoformat(),
                    "reason": e.reason,
                    "captures": list(e.captures),
                }
                for e in self.events
            ],
            "identity": {
                "author": identity.author_name,
                "handle": identity.author_handle,
                "published_date": identity.published_date.isoformat(),
                "tweet_ids": sorted(identity.tweet_ids),
                "tweet_digests": list(identity.texts),
            },
        }

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Withdrawal:
        try:
            events = tuple(
                Event(
                    _choice(e["event"], ("withdrawn", "reinstated")),
                    dt.date.fromisoformat(str(e["date"])),
                    check_text(_text(e["reason"]), "reason"),
                    tuple(_sha(s) for s in e["captures"]),
                )
                for e in data["events"]
            )
            found = data["identity"]
            identity = Identity(
                _text(found["author"], empty=True),
                found.get("handle") or None,
                dt.date.fromisoformat(str(found["published_date"])),
                tuple(_sha(s) for s in found["tweet_digests"]),
                frozenset(str(i) for i in found["tweet_ids"]),
            )
            return cls(_text(data["thread_id"]), events, identity)
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"{where}: expected a withdrawal with thread_id, events (event, date, reason, captures) "
                f"and identity, found an error: {exc!s:.200}"
            ) from None


def digested(identity: Identity) -> Identity:
    """An identity with each text replaced by its SHA-256: comparable, not readable."""
    return replace(identity, texts=tuple(digest(t) for t in identity.texts))


def _text(value: Any, *, empty: bool = False) -> str:
    if not isinstance(value, str) or not (value.strip() or empty):
        raise ValueError(f"expected text, found {value!r:.60}")
    return value


def _sha(value: Any) -> str:
    if not (isinstance(value, str) and SHA256_HEX.fullmatch(value)):
        raise ValueError(f"expected a SHA-256 of 64 hex digits, found {value!r:.80}")
    return value


def _choice(value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"expected one of {allowed}, found {value!r:.40}")
    return str(value)


@dataclass
class Withdrawals:
    """Every withdrawal of an archive, by thread ID."""

    by_thread: dict[str, Withdrawal] = field(default_factory=dict)

    def in_force(self) -> list[Withdrawal]:
        return [w for w in self.by_thread.values() if w.in_force]

    def rows(self) -> list[dict[str, Any]]:
        return [row for thread in sorted(self.by_thread) for row in self.by_thread[thread].rows()]

    def to_yaml(self) -> str:
        import yaml

        data = [self.by_thread[t].to_dict() for t in sorted(self.by_thread)]
        return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)

    @classmethod
    def read(cls, path: Path) -> Withdrawals:
        """The withdrawals in ``path`` (an archive's WITHDRAWALS_FILE); none when it does not exist."""
        from threadarchive.archive.metadata import read_yaml

        if not path.exists():
            return cls()
        data = read_yaml(path, WITHDRAWALS_FILE) or []
        if not isinstance(data, list):
            raise InputError(f"{path}: expected a list of withdrawals, found {type(data).__name__}")
        found = [Withdrawal.from_dict(item, f"{path}: item {n + 1}") for n, item in enumerate(data)]
        return cls({w.thread_id: w for w in found})
