"""The author's self-reply chains: one builder for every reader of tweet objects.

twarc2 JSON Lines, the X account archive and X's web GraphQL responses all hold
tweets that name the tweet they reply to. Each reader tells this module what it
read of every tweet (a :class:`Census`: its ID, author, the tweet and user it
replies to, its conversation), and this module alone says which are threads, so
the readers agree by construction:

Threads
    A thread is the author's tweets each replying to the one before, from a root
    (a tweet replying to nothing): two or more of them, or fewer beside a gap (a
    self-reply whose parent is missing is evidence of a thread even when it is the
    only tweet left). Retweets never belong to one; a quoted tweet stays its own.
The author rule
    A reply is a *self-reply* when the tweet it replies to is in the capture and by
    the same author (not a retweet); when that tweet is not in the capture, when it
    is addressed (``in_reply_to_user_id``) to its author, or to a name the capture
    shows is the author's (an X archive's replies to its own tweets show how its
    owner is addressed). A reply addressed to no one whose parent is missing cannot
    be told from a reply to another user, and is not taken for a self-reply.
    Replies to other users are not threads, nor are the author's self-replies below
    one, nor below a tweet the capture lists as deleted that replied to another
    user, nor in another user's conversation.
Branches
    Where the author replied to one tweet more than once, the thread follows the
    earliest reply present (the smallest ID; a deleted reply only where no other
    is present). The later ones, and what follows them, are left out, each branch
    point reported (chain-branch); they stay in the raw capture.
Gaps
    A tweet the chain needs that is not in the capture is a gap, recorded, never
    invented. Tweets the capture lists as deleted (an X archive's deleted tweets)
    keep their place in the chain and become gaps of a known size. Where the
    conversation is known (``conversation_id``), the segments of one author's
    chain in it (runs of tweets present) are joined in time order (by their first
    tweet's ID), after the root when it is present, with a gap before each; where
    the conversation root itself is missing, that is a gap too. Where it is not
    known (an X archive, twarc2 output without ``conversation_id``), a segment
    whose parent is missing is joined to the latest of the author's chains (or a
    root alone) before the missing tweet only on the evidence of numbering markers:
    the segment's first marker at least 2 above that chain's last ("2/5" .. "4/5"),
    their totals agreeing where both state one. Otherwise it is a thread of its own
    whose start is missing.
Order
    Threads come in the order of their first tweet's ID; IDs grow with time.

Memory: a capture of millions of tweets is read in two passes; the census keeps
about 100 bytes a tweet (its ID and one small int for its author and kind, the
ints shared), and for a self-reply its parent and conversation besides. Chains are
built from that alone; only their tweets' texts are kept in the second pass.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field

from threadarchive.capture import markers

# A tweet's kind, kept with its author in one int: author << 2 | kind.
ROOT, REPLY, OTHER, RETWEET = 0, 1, 2, 3
NO_CONVERSATION = -1
NOWHERE, UNKNOWN = -2, -1  # where a segment hangs when not at a conversation root
EXPECTED_THREAD = "expected a chain of 2 or more tweets by one author replying to themselves, found none"


@dataclass(frozen=True, slots=True)
class Gap:
    """Tweets a thread lacks, before the tweet ``before`` (None: at the thread's end)."""

    missing: int  # the tweet replied to: the first of the tweets missing
    before: int | None
    root: bool | None  # the conversation's root; None where nothing says
    count: int | None = None  # how many are missing, where known (deleted tweets, markers)
    deleted: bool = False  # the capture lists them as deleted
    between: tuple[str, str] | None = None  # the markers that showed the gap


@dataclass(slots=True)
class Chain:
    """A thread: its author, its tweets present in order, its gaps."""

    author: int
    ids: list[int]
    gaps: list[Gap]
    orphan: bool = False  # its start is missing and its conversation unknown: markers may join it


@dataclass
class Census:
    """What a reader read of every tweet: a few ints each, for the builder.

    Parameters
    ----------
    aliases
        Besides a tweet's author ID, what a reply addressed to the author may name
        (an X archive's "@handle").
    infer_aliases
        Whether replies to the author's own tweets show how the author is addressed
        (an X archive without account.js): replies addressed to anyone else are then
        judged once the capture is read.
    """

    aliases: set[int | str] = field(default_factory=set)
    infer_aliases: bool = False
    kinds: dict[int, int] = field(default_factory=dict)  # every tweet: author << 2 | kind
    replies: dict[int, tuple[int, int]] = field(
        default_factory=dict
    )  # maybe-self-replies: parent, conversation
    absent: set[int] = field(default_factory=set)  # tweets known but not held (deleted)
    _unaddressed: set[int] = field(default_factory=set)
    _pending: dict[int, int | str] = field(default_factory=dict)  # addressed to a possible alias
    _interned: dict[int, int] = field(default_factory=dict)

    def __contains__(self, tweet_id: int) -> bool:
        return tweet_id in self.kinds

    def add(
        self,
        tweet_id: int,
        *,
        author: int,
        parent: int | None = None,
        to: int | str | None = None,
        conversation: int | None = None,
        retweet: bool = False,
        absent: bool = False,
    ) -> None:
        """Records a tweet (the caller keeps each ID once).

        Parameters
        ----------
        tweet_id, author
            The tweet's and its author's IDs.
        parent, to, conversation
            The tweet it replies to (None: none), the user it is addressed to (None:
            not said), its conversation's root (None: not known).
        retweet
            A retweet: never part of a thread.
        absent
            A tweet the capture lists (as deleted) without holding it: it keeps its
            place in a chain, as a gap.
        """
        if retweet:
            kind = RETWEET
        elif parent is None:
            kind = ROOT
        elif to is None or to == author or to in self.aliases or self.infer_aliases:
            kind = REPLY
            self.replies[tweet_id] = (parent, NO_CONVERSATION if conversation is None else conversation)
            if to is None:
                self._unaddressed.add(tweet_id)
            elif to != author and to not in self.aliases:
                self._pending[tweet_id] = to
        else:
            kind = OTHER
        value = (author << 2) | kind
        self.kinds[tweet_id] = self._interned.setdefault(value, value)
        if absent:
            self.absent.add(tweet_id)

    def inferred_aliases(self) -> set[int | str]:
        """Whom the author's replies to their own tweets are addressed to (``infer_aliases``)."""
        found: set[int | str] = set()
        for child, to in self._pending.items():
            parent = self.replies[child][0]
            if self._same_author(parent, child):
                found.add(to)
        return found

    def resolve(self) -> None:
        """Keeps, of the replies, the self-replies (the author rule); call once, after the last add."""
        if self.infer_aliases:
            self.aliases |= self.inferred_aliases()
        for child in [c for c, (parent, _) in self.replies.items() if not self._to_self(c, parent)]:
            del self.replies[child]
            self.kinds[child] = self.kinds[child] - REPLY + OTHER
        self._unaddressed.clear()
        self._pending.clear()

    def _same_author(self, parent: int, child: int) -> bool:
        value = self.kinds.get(parent)
        return value is not None and value & 3 != RETWEET and value >> 2 == self.kinds[child] >> 2

    def _to_self(self, child: int, parent: int) -> bool:
        if parent in self.kinds:
            return self._same_author(parent, child)
        if child in self._unaddressed:
            return False
        return child not in self._pending or self._pending[child] in self.aliases

    def refusal(self, hint: str = "") -> str:
        """Why no thread came of the tweets read, in one sentence."""
        counts = dict.fromkeys((ROOT, REPLY, OTHER, RETWEET), 0)
        for tweet_id, value in self.kinds.items():
            if tweet_id not in self.absent:
                counts[value & 3] += 1
        named = (
            (counts[OTHER], "reply to another user", "replies to other users"),
            (counts[RETWEET], "retweet", "retweets"),
            (counts[ROOT], "standalone", "standalone"),
            (
                counts[REPLY],
                "self-reply under another user's tweet",
                "self-replies under other users' tweets",
            ),
        )
        total = sum(counts.values())
        detail = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in named if n)
        read = f"read {total} tweet{'' if total == 1 else 's'}" + (f" ({detail})" if detail else "")
        return f"{read}; {EXPECTED_THREAD}{hint}"


@dataclass
class Plan:
    """The chains found from the census, before markers join any, and what they need read."""

    chains: list[Chain]
    branches: dict[int, list[int]]  # a tweet -> its author's replies present, when several
    candidates: dict[int, int]  # an orphan chain's first tweet -> the author's tweet it may follow
    counted: int  # tweets in chains, also beyond ``limit``
    threads: int  # chains, also beyond ``limit``

    def wanted(self) -> set[int]:
        """The tweets whose text the second pass must read: the chains' and the candidates'."""
        return {i for chain in self.chains for i in chain.ids} | set(self.candidates.values())


def build(census: Census, limit: int) -> Plan:
    """The chains of the resolved census; beyond ``limit`` tweets they are only counted.

    Parameters
    ----------
    census
        Every tweet read, after :meth:`Census.resolve`.
    limit
        The most tweets kept in chains (MAX_THREAD_TWEETS): a capture of more is
        refused by the reader, before its second pass.

    Returns
    -------
    Plan
        The chains, in no order, the branch points and what markers may join.
    """
    kinds, replies, absent = census.kinds, census.replies, census.absent
    first: dict[int, int] = {}  # a tweet -> its author's reply the thread follows
    several: dict[int, list[int]] = {}
    for child, (parent, _) in replies.items():
        had = first.setdefault(parent, child)
        if had != child:
            several.setdefault(parent, [had]).append(child)
            if (child in absent, child) < (had in absent, had):
                first[parent] = child

    def walk(head: int) -> list[int]:
        ids = [head]
        while ids[-1] in first:
            ids.append(first[ids[-1]])
        return ids

    # Each segment's head hangs at its conversation's root (present, deleted or
    # missing), or nowhere known (an orphan), or below another user's tweet (no
    # thread). Sorted by that rather than grouped in a dict of lists, which would
    # cost some 150 bytes more for each of a million one-tweet threads.
    heads = [head for parent, head in first.items() if parent not in replies]
    heads.sort(key=lambda head: _anchor(census, head))
    plan = Plan([], {}, {}, 0, 0)
    for anchor, group in itertools.groupby(heads, key=lambda head: _anchor(census, head)):
        if anchor == NOWHERE:
            continue
        if anchor == UNKNOWN:
            for head in group:
                _keep(plan, _assemble(census, kinds[head] >> 2, None, [walk(head)]), limit)
            continue
        in_group = list(group)
        for author in sorted({kinds[head] >> 2 for head in in_group}):
            segments = [walk(head) for head in in_group if kinds[head] >> 2 == author]
            if anchor in kinds:  # the root, present or deleted, heads its own segment
                rooted = [s for s in segments if replies[s[0]][0] == anchor]
                segments = [s for s in segments if replies[s[0]][0] != anchor]
                segments.append([anchor, *(rooted[0] if rooted else [])])
            _keep(plan, _assemble(census, author, anchor, sorted(segments)), limit)
    plan.branches = {
        p: present
        for p, cs in several.items()
        if len(present := sorted(c for c in cs if c not in absent)) > 1
    }
    plan.candidates = _candidates(census, plan.chains, first)
    return plan


def _anchor(census: Census, head: int) -> int:
    """Where a segment's head hangs: its conversation root's ID, NOWHERE (no thread:
    below another user's tweet, or in their conversation) or UNKNOWN."""
    kinds = census.kinds
    parent, conversation = census.replies[head]
    if parent in kinds:  # not a self-reply itself: a root of the author's, or no thread
        return parent if kinds[parent] & 3 == ROOT else NOWHERE
    if conversation == NO_CONVERSATION:
        return UNKNOWN
    if conversation in kinds and kinds[conversation] != (kinds[head] & ~3 | ROOT):
        return NOWHERE  # another user's conversation, or a root that is not one
    return conversation


def _assemble(census: Census, author: int, anchor: int | None, segments: list[list[int]]) -> Chain | None:
    """A chain from its segments in order: tweets present, and gaps for the rest."""
    kinds, absent = census.kinds, census.absent
    ids: list[int] = []
    gaps: list[Gap] = []
    waiting: list[Gap] = []  # gaps whose next tweet present is not yet met
    for segment in segments:
        parent = census.replies[segment[0]][0] if segment[0] in census.replies else None
        if parent is not None and parent not in kinds:
            waiting.append(Gap(parent, None, parent == anchor if anchor is not None else None))
        run: list[int] = []
        for tweet_id in segment:
            if tweet_id in absent:
                run.append(tweet_id)
                continue
            if run:
                waiting.append(Gap(run[0], None, run[0] == anchor, len(run), deleted=True))
                run = []
            gaps += [Gap(g.missing, tweet_id, g.root, g.count, g.deleted) for g in waiting]
            waiting = []
            ids.append(tweet_id)
        if run:
            waiting.append(Gap(run[0], None, run[0] == anchor, len(run), deleted=True))
    if not ids:
        return None
    gaps += waiting  # at the end: deleted tweets after the last one present
    if anchor is not None and anchor not in kinds and not any(g.root for g in gaps):
        gaps.insert(0, Gap(anchor, ids[0], True))
    gaps.sort(key=lambda g: (ids.index(g.before) if g.before is not None else len(ids), not g.root))
    return Chain(author, ids, gaps, orphan=anchor is None)


def _keep(plan: Plan, chain: Chain | None, limit: int) -> None:
    if chain is None:
        return
    plan.counted += len(chain.ids)
    plan.threads += 1
    if plan.counted <= limit:
        plan.chains.append(chain)


def _candidates(census: Census, chains: list[Chain], first: Mapping[int, int]) -> dict[int, int]:
    """For each orphan chain, the author's latest chain end (or root alone) before its missing tweet."""
    orphans = [c for c in chains if c.orphan]
    if not orphans:
        return {}
    authors = {c.author for c in orphans}
    ends: dict[int, list[int]] = {a: [] for a in authors}
    for chain in chains:
        if chain.author in ends:
            ends[chain.author].append(chain.ids[-1])
    for tweet_id, value in census.kinds.items():
        if (
            value & 3 == ROOT
            and value >> 2 in ends
            and tweet_id not in first
            and tweet_id not in census.absent
        ):
            ends[value >> 2].append(tweet_id)
    for found in ends.values():
        found.sort()
    candidates = {}
    for orphan in orphans:
        found = ends[orphan.author]
        at = bisect_left(found, orphan.gaps[0].missing)
        if at:
            candidates[orphan.ids[0]] = found[at - 1]
    return candidates


def finish(plan: Plan, texts: Mapping[int, str]) -> list[Chain]:
    """The threads: orphan chains joined by markers (module docstring), by first tweet ID.

    Parameters
    ----------
    plan
        What :func:`build` found.
    texts
        The text of every tweet :meth:`Plan.wanted` names.
    """

    def marker(tweet_id: int) -> markers.Marker | None:
        return markers.at_start(texts[tweet_id]) or markers.at_end(texts[tweet_id])

    chains = plan.chains
    by_end = {c.ids[-1]: c for c in chains}
    chained = {i for c in chains for i in c.ids}
    for chain in sorted((c for c in chains if c.orphan), key=lambda c: c.ids[0]):
        last = plan.candidates.get(chain.ids[0])
        if last is None or (last in chained and last not in by_end) or chain.gaps[0].before != chain.ids[0]:
            continue  # nothing before it, or what was before it no longer ends its chain
        before, after = marker(last), marker(chain.ids[0])
        if not (before and after and after.number - before.number >= 2):
            continue
        if before.total and after.total and before.total != after.total:
            continue
        head = by_end.pop(last, None)
        if head is None:  # a root alone
            head = Chain(chain.author, [last], [])
            chains.append(head)
        start = chain.gaps[0]
        count = after.number - before.number - 1
        head.gaps.append(Gap(start.missing, chain.ids[0], False, count, between=(before.text, after.text)))
        head.gaps += chain.gaps[1:]
        head.ids += chain.ids
        by_end[head.ids[-1]] = head
        chained.add(last)
        chain.ids, chain.gaps = [], []
    return sorted((c for c in chains if c.ids and (len(c.ids) >= 2 or c.gaps)), key=lambda c: c.ids[0])


def order_ok(tweet_id: int, parent: int, conversation: int | None) -> bool:
    """Whether IDs run as time does: a conversation's root, then the parent, then the reply."""
    return parent < tweet_id and (conversation is None or conversation <= parent)
