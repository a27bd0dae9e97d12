"""From a self-reply chain (``chains.py``) to a Thread: positions, markers, gaps and branches in words.

Every reader of tweet objects (twarc2, the X archive, X's web GraphQL) makes its
threads here, so a gap or a branch reads the same whichever format held it:
``known_gaps`` is one sentence ("Not in the capture: the root tweet 1983…; 1 tweet
between positions 2 and 3 (tweet 1988…)."), and each gap and branch point is a
warning (chain-gap, chain-branch) on the tweet after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from threadarchive.capture import markers
from threadarchive.capture.chains import Chain, Gap
from threadarchive.capture.model import Thread, Tweet
from threadarchive.contract.findings import CHAIN_BRANCH, CHAIN_GAP, Finding
from threadarchive.errors import CaptureError


def missing_counts(chain: Chain, texts: Sequence[str]) -> int:
    """How many tweets the chain's gaps hold, for judging its markers: each gap's known
    count; a missing start, its first marker's number less one; else 1."""
    total = 0
    for gap in chain.gaps:
        if gap.count:
            total += gap.count
        elif gap.before == chain.ids[0] and not gap.root:
            marker = markers.at_start(texts[0]) or markers.at_end(texts[0])
            total += max(marker.number - 1, 1) if marker else 1
        else:
            total += 1
    return total


def describe(gap: Gap, position: int | None, last: int) -> str:
    """A gap in words: "the root tweet 198…", "1 tweet between positions 2 and 3 (tweet 198…)".

    ``position`` is the tweet after the gap (None: the gap ends the thread of ``last``
    tweets).
    """
    deleted = ", deleted" if gap.deleted else ""
    if gap.root:
        after = (gap.count or 1) - 1
        more = f" and {after} tweet{'s' if after > 1 else ''} after it" if after else ""
        return f"the root tweet {gap.missing}{more}{deleted}"
    count = gap.count or 1
    tweets = f"{count} tweet{'s' if count > 1 else ''}"
    among = " among them" if count > 1 else ""
    if position is None:
        return f"{tweets} after position {last} (tweet {gap.missing}{among}{deleted})"
    if position == 1:
        if gap.count:
            return f"{tweets} before position 1 (tweet {gap.missing}{among}{deleted})"
        if gap.root is False:
            return f"tweet {gap.missing}, which position 1 replies to"
        return f"the thread's start (tweet {gap.missing}, which position 1 replies to, and perhaps more)"
    return f"{tweets} between positions {position - 1} and {position} (tweet {gap.missing}{among}{deleted})"


def gap_report(
    chain: Chain, position_of: Callable[[int], int], line_of: Callable[[int], int], name: str
) -> tuple[str | None, tuple[Finding, ...]]:
    """The thread's ``known_gaps`` sentence and a chain-gap warning for each gap."""
    parts: list[str] = []
    found: list[Finding] = []
    last = len(chain.ids)
    for gap in chain.gaps:
        position = position_of(gap.before) if gap.before is not None else None
        words = describe(gap, position, last)
        parts.append(words)
        shown = f", the markers going from {gap.between[0]!r} to {gap.between[1]!r}" if gap.between else ""
        at = gap.before if gap.before is not None else chain.ids[-1]
        message = f"not in the capture: {words}{shown}; the thread is kept without, never completed"
        found.append(CHAIN_GAP(message, path=name, line=line_of(at), position=position or last))
    sentence = f"Not in the capture: {'; '.join(parts)}." if parts else None
    return sentence, tuple(found)


def branch_report(
    ids: Iterable[int], branches: Mapping[int, Sequence[int]], position_of: Callable[[int], int],
    line_of: Callable[[int], int], name: str,
) -> tuple[Finding, ...]:  # fmt: skip
    """A chain-branch warning for each tweet of a thread its author replied to more than once."""
    found = []
    for tweet_id in ids:
        replies = branches.get(tweet_id)
        if not replies:
            continue
        later = [str(r) for r in replies[1:]]
        shown = ", ".join(later[:5]) + (" …" if len(later) > 5 else "")
        message = (
            f"expected one reply of the author's to tweet {tweet_id}, found {len(replies)}: "
            f"the thread follows the earliest; {shown} (and what follows) left out"
        )
        found.append(CHAIN_BRANCH(message, path=name, line=line_of(tweet_id), position=position_of(tweet_id)))
    return tuple(found)


# --- Threads from chains ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """What a reader keeps of a thread's tweet in its second pass."""

    text: str
    created_at: str | None  # UTC seconds
    lang: str | None
    line: int  # where its record starts in the capture
    whole: bool = False  # the whole text of a long post (note_tweet), never replaced by a truncated one


@dataclass(frozen=True)
class Author:
    """The thread's author, as far as the capture names them."""

    name: str | None = None
    handle: str | None = None
    id: str | None = None
    bio: str | None = None


def thread(
    chain: Chain,
    texts: Mapping[int, Text],
    author: Author,
    branches: Mapping[int, Sequence[int]],
    *,
    source_format: str,
    name: str,
) -> Thread:
    """The thread a chain is, from its tweets' texts and its author.

    Positions run 1..N over the tweets present; numbering markers are judged as if
    each gap held the tweets it is known (or, by default, one) to hold. Its date is
    its first tweet's UTC date; it declares no count, so ``tweet_count`` is the
    tweets present.

    Raises
    ------
    CaptureError
        When its first tweet has no time, which dates the thread.
    """
    found = [texts[i] for i in chain.ids]
    if found[0].created_at is None:
        msg = f"expected created_at on tweet {chain.ids[0]}, which dates its thread, found none"
        raise CaptureError(name, found[0].line, msg)
    words = [f.text for f in found]
    marks = markers.thread_markers(words, missing=missing_counts(chain, words))
    tweets = tuple(
        Tweet(
            position=position,
            marker=marker,
            text=f.text,
            line=f.line,
            tweet_id=str(tweet_id),
            created_at=f.created_at,
            lang=f.lang,
        )
        for position, (tweet_id, f, marker) in enumerate(zip(chain.ids, found, marks, strict=True), start=1)
    )
    position = {tweet_id: index for index, tweet_id in enumerate(chain.ids, start=1)}
    line = {tweet_id: f.line for tweet_id, f in zip(chain.ids, found, strict=True)}
    known_gaps, gap_warnings = gap_report(chain, position.__getitem__, line.__getitem__, name)
    branch_warnings = branch_report(chain.ids, branches, position.__getitem__, line.__getitem__, name)
    return Thread(
        author_name=author.name,
        author_bio=author.bio,
        published_date=dt.date.fromisoformat(found[0].created_at[:10]),
        tweet_count=len(tweets),
        tweets=tweets,
        source_format=source_format,
        author_handle=author.handle,
        author_id=author.id,
        known_gaps=known_gaps,
        warnings=gap_warnings + branch_warnings,
    )
