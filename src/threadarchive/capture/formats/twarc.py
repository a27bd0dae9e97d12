"""Reader of twarc2 JSON Lines: X API v2 tweets as the twarc2 tool saves them.

A capture is one JSON object per line (blank lines are skipped; messages name a
record by its line). Two shapes are read, even mixed in one file:

1. As saved from the API (``twarc2 search``, ``conversation``, ``timeline``), one
   response page per line::

       {"data": [tweet, ...], "includes": {"users": [user, ...], "tweets": [tweet, ...]},
        "meta": {"result_count": 2, ...},
        "__twarc": {"url": "...", "version": "2.14.0", "retrieved_at": "2025-11-06T09:14:03+00:00"}}

   A page without ``data`` (only ``meta`` or ``errors``) holds no tweet.
2. As ``twarc2 flatten`` writes it, one tweet per line with its expansions inline:
   ``author`` and ``in_reply_to_user`` (user objects), ``referenced_tweets`` entries
   carrying the referenced tweet's own fields, and the page's ``__twarc``.

A tweet is ``{"id", "text", "author_id", "conversation_id", "created_at", "lang",
"in_reply_to_user_id", "referenced_tweets": [{"type": "replied_to", "id"}],
"note_tweet": {"text"}}``, a user ``{"id", "name", "username", "description"}``;
IDs are strings of digits. Every tweet object counts wherever it stands: in
``data``, in ``includes.tweets`` (a conversation search has its root only there),
or inline in ``referenced_tweets``. A tweet met again is the same tweet
(deduplicated by id): it is read, and its line given, from its own record (in
``data``, or its flattened line) where it has one, else from its first copy.
Copies are expected (a page includes the tweets its replies answer, twarc2 flatten
inlines them, overlapping searches repeat them), but an ID names one tweet (an edit
gets a new one): a copy with another author, other references or another text
(``text`` or ``note_tweet``) than the first is refused, as the other readers refuse
a tweet met twice. Fields that change between fetches (metrics) are not compared.

Threads
    A thread is two or more tweets by one author, each replying (``replied_to``)
    to the one before, from the author's root tweet (``id`` equal to
    ``conversation_id``). Replies to other users are not threads, nor are the
    author's self-replies under a reply to another user or in another user's
    conversation; retweets never belong to a thread; a quoted tweet stays its own
    tweet, never merged into the one quoting it. A reply without
    ``in_reply_to_user_id`` is to its author when its parent is captured and by
    that author. Every thread of a capture is returned, ordered by its first
    tweet's id; a capture without one is refused, with what its tweets are.
Branches
    Where the author replied to the same tweet more than once, the thread follows
    the earliest reply (the smallest id). The later replies and everything below
    them are left out of the thread, each branch point reported (chain-branch);
    they stay in the raw capture.
Gaps
    A chain whose root or a middle tweet is not in the capture is still read: its
    segments (runs of tweets present) in one conversation are joined in time
    order (by their first tweet's id), positions run 1..N over the tweets present,
    ``known_gaps`` says in one sentence which tweets are missing, and each gap is a
    ``chain-gap`` warning. A self-reply whose parent is missing is a thread even
    when it is the only tweet present. No tweet is ever invented; only numbering
    markers are judged as if each gap held one tweet, so "5/5" after a lost "3/5"
    is still read as a marker.
Text
    ``note_tweet.text`` (the whole text of a long tweet) when present, else
    ``text``. The API escapes exactly ``&``, ``<`` and ``>`` in text as ``&amp;``,
    ``&lt;`` and ``&gt;``: those three are undone, in one pass, and nothing else,
    so "&amp;copy;" reads "&copy;" (what the author typed), not "©". The raw
    capture keeps the escaped bytes. Text is otherwise verbatim; line endings
    ("\\r\\n", "\\r") are normalised to "\\n".
Facts
    ``created_at`` and ``__twarc.retrieved_at`` (the capture's ``captured_at``, from
    its first line that has one) are normalised to UTC seconds,
    "2025-11-05T13:02:11Z". A thread's date is its first captured tweet's UTC date
    and its ``tweet_count`` the tweets captured: the API declares no count. The
    author's user object must be in the capture, for the author's name, and a
    reply to its author must have its ``conversation_id``, to place the root. IDs
    grow with time (snowflakes): a reply to a later tweet is refused as broken.
Memory
    Captures run to hundreds of MB, so the file is streamed twice and never held.
    Memory grows with the tweets a capture holds, not its bytes: the first pass
    keeps a few integers per tweet to find the threads (its id and author, about
    100 bytes; for a reply of an author to themselves 350 to 450 more: its parent,
    its conversation and where its segment starts). The second keeps the text and
    user objects of the threads' tweets alone, a kilobyte or two each with the
    threads made of them, so a capture whose threads would hold more than
    MAX_THREAD_TWEETS tweets is refused before it. One line (one page) is parsed
    at a time, and a line over MAX_LINE_BYTES (8 MiB) is refused before it is parsed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from threadarchive.capture import markers
from threadarchive.capture.formats.base import branch_warnings, over_thread_tweets_limit
from threadarchive.capture.model import Capture, Thread, Tweet
from threadarchive.contract.findings import CHAIN_GAP, Finding
from threadarchive.contract.limits import MAX_LINE_BYTES, MAX_THREAD_TWEETS
from threadarchive.contract.patterns import TWEET_ID
from threadarchive.contract.report import shown
from threadarchive.errors import CaptureError

NAME = "twarc2-jsonl"
SUFFIX = ".jsonl"

# One API page (up to 500 tweets with every field and expansion) is a few MB; a line
# is parsed whole, and JSON of 8 MiB may still make a few hundred MB of objects.
ENTITY = re.compile(r"&(amp|lt|gt);")
UNESCAPED = {"amp": "&", "lt": "<", "gt": ">"}
PAGE_KEYS = frozenset({"data", "includes", "meta", "errors", "__twarc"})  # an API response page's
EXPECTED_THREAD = "expected a chain of 2 or more tweets by one author replying to themselves, found none"

Json = dict[str, Any]


@dataclass
class _Copies:
    """The tweets met more than once. The first pass finds them; the second compares
    each copy with the first, keeping only what it compares of those tweets."""

    ids: set[int] = field(default_factory=set)
    left: int = 0  # copies still to compare
    first: dict[int, tuple[int, int, tuple[tuple[str, int], ...], bytes]] = field(default_factory=dict)

    def check(self, tweet: Json, tweet_id: int, line: int, name: str) -> None:
        """CaptureError if the tweet is a copy unlike the first met of its ID."""
        if tweet_id not in self.ids:
            return
        note = tweet.get("note_tweet")
        texts = (tweet.get("text"), note.get("text") if isinstance(note, dict) else None)
        seen = (
            line,
            _author_id(tweet, tweet_id, line, name),
            tuple(sorted(_references(tweet, tweet_id, line, name).items())),
            # A digest: a flattened capture holds a copy of nearly every tweet, whose
            # texts the second pass would otherwise keep.
            hashlib.blake2b(repr(texts).encode(), digest_size=16).digest(),
        )
        first = self.first.setdefault(tweet_id, seen)
        if first is seen:
            return
        self.left -= 1
        differs = ("another author", "other referenced tweets", "another text")
        for what, was, is_now in zip(differs, first[1:], seen[1:], strict=True):
            if was != is_now:
                msg = (
                    "expected each tweet once (or repeated unchanged, as API pages repeat tweets), "
                    f"found tweet {tweet_id} again with {what} (first on line {first[0]})"
                )
                raise CaptureError(name, line, msg)


@dataclass
class _Census:
    """What the first pass keeps: a few integers per tweet, and counts for the refusal."""

    # Every tweet's id -> its author's id, negative (~id) for a retweet: a retweet is never
    # a thread's root nor a parent in one, and this costs no memory of its own.
    authors: dict[int, int] = field(default_factory=dict)
    # A reply that may be to its author: id -> (parent, conversation); its author is in
    # authors. Once the pass is over, only the replies to their own author are kept.
    replies: dict[int, tuple[int, int]] = field(default_factory=dict)
    unaddressed: set[int] = field(default_factory=set)  # replies not naming whom they answer
    retweets: int = 0
    others: int = 0  # replies to other users
    standalone: int = 0
    captured_at: str | None = None
    copies: _Copies = field(default_factory=_Copies)
    _interned: dict[int, int] = field(default_factory=dict)  # one int object per author

    def add(self, tweet: Json, line: int, name: str) -> None:
        tweet_id = _id(tweet, "id", line, name)
        if tweet_id in self.authors:  # a copy: compared with the first in the second pass
            self.copies.ids.add(tweet_id)
            self.copies.left += 1
            return
        if not isinstance(tweet.get("text"), str):
            raise CaptureError(
                name, line, f"expected tweet {tweet_id} to have a text, found {shown(tweet.get('text'))}"
            )
        author = _author_id(tweet, tweet_id, line, name)
        references = _references(tweet, tweet_id, line, name)
        retweet = "retweeted" in references
        key = ~author if retweet else author  # ~ is negative even for author 0
        self.authors[tweet_id] = self._interned.setdefault(key, key)
        if retweet:
            self.retweets += 1
        elif "replied_to" in references:
            self._add_reply(tweet, tweet_id, author, references["replied_to"], line, name)
        else:
            self.standalone += 1

    def _add_reply(self, tweet: Json, tweet_id: int, author: int, parent: int, line: int, name: str) -> None:
        to_user = _id(tweet, "in_reply_to_user_id", line, name) if "in_reply_to_user_id" in tweet else None
        if to_user is not None and to_user != author:
            self.others += 1
            return
        conversation = _id(tweet, "conversation_id", line, name)
        # Snowflake ids grow with time: a conversation's root, then the parent, then the reply.
        # Holding data to that keeps chains acyclic.
        if not conversation <= parent < tweet_id:
            msg = (
                f"expected reply {tweet_id} to follow the tweet it replies to ({parent}) and its "
                f"conversation's root ({conversation}), found a larger id among them"
            )
            raise CaptureError(name, line, msg)
        # A thread's first reply answers its root: one int object for both, then.
        self.replies[tweet_id] = (parent, parent if conversation == parent else conversation)
        if to_user is None:
            self.unaddressed.add(tweet_id)

    def keep_self_replies(self) -> None:
        """Keeps, of the replies, those to their own author (the others are counted).

        A reply that does not name the user it answers is to its author when its
        parent is in the capture and by the same author. Done in place: a copy would
        hold as much again.
        """
        for tweet_id in [t for t, (parent, _) in self.replies.items() if not self._to_self(t, parent)]:
            del self.replies[tweet_id]
            self.others += 1
        self.unaddressed.clear()

    def _to_self(self, tweet_id: int, parent: int) -> bool:
        parent_author = self.authors.get(parent)
        if parent_author is None:
            return tweet_id not in self.unaddressed
        return parent_author == self.authors[tweet_id]


@dataclass(frozen=True, slots=True)
class _Gap:
    missing: int  # the tweet not in the capture
    before: int  # the first tweet present after it
    root: bool  # the missing tweet is the conversation's root


@dataclass(frozen=True, slots=True)
class _Chain:
    """A thread as the first pass finds it: its tweets in order and its gaps."""

    author: int
    ids: tuple[int, ...]
    gaps: tuple[_Gap, ...]
    branches: dict[str, list[str]] | None  # a tweet of the thread -> its author's replies, when several


@dataclass(frozen=True, slots=True)
class _Text:
    """What the second pass keeps of a thread's tweet."""

    text: str
    created_at: str | None
    lang: str | None
    line: int


@dataclass(frozen=True, slots=True)
class _User:
    name: str
    handle: str | None
    bio: str | None


def sniff(head: bytes) -> bool:
    """JSON: an object or an array first, whatever it holds.

    Claimed even when it is no API page (pretty-printed, an array, another file),
    so that this reader says what it expects rather than the Scrolly text reader,
    which claims the rest, naming a header. A Scrolly text whose author's name opens
    with a bracket ("[Bot] Ann Profile picture") stays that reader's.
    """
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    first = text.split(b"\n", 1)[0].rstrip()
    return text[:1] in (b"{", b"[") and not first.endswith(b"Profile picture")


def read(path: Path, name: str) -> Capture:
    chains, captured_at, copies = _find_threads(path, name)
    texts, users = _collect(path, name, chains, copies)
    threads = tuple(_thread(chain, texts, users, name) for chain in chains)
    return Capture(NAME, threads, captured_at)


def _records(path: Path, name: str) -> Iterator[tuple[int, Json]]:
    """Each non-blank line's JSON object, with its line number."""
    try:
        with path.open("rb") as stream:
            number = 0
            while raw := stream.readline(MAX_LINE_BYTES + 1):
                number += 1
                if len(raw) > MAX_LINE_BYTES:
                    raise CaptureError(
                        name,
                        number,
                        f"expected lines of at most {MAX_LINE_BYTES >> 20} MiB, found a longer one",
                    )
                text = _decode(raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw, number, name)
                if text.strip():
                    yield number, _parse(text, number, name)
    except OSError as exc:
        raise CaptureError(name, None, f"cannot read the file: {exc.strerror}") from None


def _decode(raw: bytes, number: int, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = (
            f"expected UTF-8 text, found the byte 0x{raw[exc.start]:02x} (column {exc.start + 1}) "
            "that is not UTF-8"
        )
        raise CaptureError(name, number, msg) from None


def _parse(text: str, number: int, name: str) -> Json:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = "; a capture saved with --pretty is not JSON Lines" if text.strip() in ("{", "[") else ""
        msg = f"expected a JSON object on one line, found invalid JSON ({exc.msg}, column {exc.colno}){hint}"
        raise CaptureError(name, number, msg) from None
    except (ValueError, RecursionError) as exc:  # numbers too long, nesting too deep
        raise CaptureError(
            name, number, f"expected a JSON object, found JSON Python cannot read ({exc})"
        ) from None
    if not isinstance(record, dict):
        found = (
            "an array; JSON Lines holds one object on each line"
            if isinstance(record, list)
            else shown(record)
        )
        raise CaptureError(name, number, f"expected a JSON object (an API page or a tweet), found {found}")
    return record


class _Record:
    """The tweet and user objects one record (one line) holds."""

    def __init__(self, record: Json, line: int, name: str) -> None:
        self.line, self.name = line, name
        self.own: list[Any] = [record]  # in data, or the flattened tweet itself
        self.included: list[Any] = []  # copies for reference: includes.tweets, inlined references
        self.users: list[Json] = []
        if "id" in record or "text" in record:
            return  # a flattened tweet
        if not record.keys() & PAGE_KEYS:
            keys = shown(", ".join(sorted(record)[:6]))
            msg = f"expected an API response page (data) or a tweet (id, text), found an object with keys {keys}"
            raise CaptureError(name, line, msg)
        data = record.get("data", [])  # a page without data is an empty one
        includes = record.get("includes", {})
        if not isinstance(includes, dict):
            raise CaptureError(name, line, f"expected includes to be an object, found {shown(includes)}")
        self.own = data if isinstance(data, list) else [data]
        self.included = _objects(includes, "tweets", line, name)
        self.users = _objects(includes, "users", line, name)

    def tweets(self) -> Iterator[tuple[Json, bool]]:
        """Each tweet object, with whether it is the record's own rather than a copy.

        Walking them adds what is inlined in them (as twarc2 flatten writes it) to the
        tweets still to walk and to ``users``, which is whole once they are walked. One
        at a time, over the lists as parsed: a line may hold millions of objects, and a
        bad one is named before the rest are looked at.
        """
        for own, tweets in ((True, self.own), (False, self.included)):
            for tweet in tweets:  # included grows with the references met
                if not isinstance(tweet, dict):
                    raise CaptureError(self.name, self.line, f"expected a tweet object, found {shown(tweet)}")
                for key in ("author", "in_reply_to_user"):
                    if isinstance(user := tweet.get(key), dict):
                        self.users.append(user)
                references = tweet.get("referenced_tweets")
                if isinstance(references, list):
                    self.included.extend(ref for ref in references if isinstance(ref, dict) and "text" in ref)
                yield tweet, own


def _objects(includes: Json, key: str, line: int, name: str) -> list[Json]:
    found = includes.get(key, [])
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise CaptureError(
            name, line, f"expected includes.{key} to be a list of objects, found {shown(found)}"
        )
    return list(found)


def _id(obj: Json, key: str, line: int, name: str) -> int:
    value = obj.get(key)
    if isinstance(value, str) and TWEET_ID.fullmatch(value):
        return int(value)
    found = "none" if value is None else shown(value)
    raise CaptureError(name, line, f"expected {key} as a string of 1 to 20 digits, found {found}")


def _author_id(tweet: Json, tweet_id: int, line: int, name: str) -> int:
    if "author_id" in tweet:
        return _id(tweet, "author_id", line, name)
    author = tweet.get("author")
    if isinstance(author, dict) and "id" in author:
        return _id(author, "id", line, name)
    hint = "; this is an API v1.1 tweet (twarc 1), not v2" if "user" in tweet else ""
    raise CaptureError(
        name, line, f"expected tweet {tweet_id} to name its author (author_id), found none{hint}"
    )


def _references(tweet: Json, tweet_id: int, line: int, name: str) -> dict[str, int]:
    """The tweets it references by type ("replied_to", "quoted", "retweeted")."""
    references = tweet.get("referenced_tweets", [])
    if not isinstance(references, list):
        raise CaptureError(
            name, line, f"expected referenced_tweets of {tweet_id} to be a list, found {shown(references)}"
        )
    found: dict[str, int] = {}
    for ref in references:
        if not isinstance(ref, dict) or not isinstance(ref.get("type"), str):
            msg = f"expected referenced_tweets of {tweet_id} like {{'type': 'replied_to', 'id': '...'}}, found {shown(ref)}"
            raise CaptureError(name, line, msg)
        found.setdefault(ref["type"], _id(ref, "id", line, name))
    return found


def _find_threads(path: Path, name: str) -> tuple[list[_Chain], str | None, _Copies]:
    """First pass: every thread's tweet ids and gaps, when the capture was taken, and
    the tweets met more than once."""
    census = _Census()
    for line, record in _records(path, name):
        meta = record.get("__twarc")
        if census.captured_at is None and isinstance(meta, dict) and "retrieved_at" in meta:
            census.captured_at = _utc(meta["retrieved_at"], "__twarc.retrieved_at", line, name)
        for tweet, _ in _Record(record, line, name).tweets():
            census.add(tweet, line, name)
    census.keep_self_replies()
    chains: list[_Chain] = []
    count = threads = 0
    for chain in _chains(census):
        count, threads = count + len(chain.ids), threads + 1
        if count <= MAX_THREAD_TWEETS:  # beyond it they are only counted, for the message
            chains.append(chain)
    # Before the second pass, which keeps each thread tweet's text until the capture is read.
    if count > MAX_THREAD_TWEETS:
        raise over_thread_tweets_limit(name, None, f"{count:,} in {threads:,} threads")
    if not chains:
        raise CaptureError(name, None, _refusal(census))
    return sorted(chains, key=lambda chain: chain.ids[0]), census.captured_at, census.copies


def _chains(census: _Census) -> Iterator[_Chain]:
    """The threads among the captured replies of authors to themselves, in no order."""
    first_reply: dict[int, int] = {}  # a tweet -> its author's earliest reply to it
    several: dict[int, list[int]] = {}  # a tweet -> its author's replies to it, when more than one
    for tweet_id, (parent, _) in census.replies.items():  # by now only those to their own author
        first = first_reply.setdefault(parent, tweet_id)
        if first != tweet_id:
            several.setdefault(parent, [first]).append(tweet_id)
            first_reply[parent] = min(first, tweet_id)
    # The first tweet of each segment, by the conversation it belongs to (and then by
    # author: a conversation whose root is missing may hold several authors' threads).
    # Sorted rather than grouped in a dict of lists: a list and a key for each of a
    # million one-tweet threads would cost some 150 bytes more each.
    heads = [head for parent, head in first_reply.items() if parent not in census.replies]
    heads.sort(key=lambda head: census.replies[head][1])
    for conversation, group in itertools.groupby(heads, key=lambda head: census.replies[head][1]):
        in_conversation = list(group)
        for author in {census.authors[head] for head in in_conversation}:
            candidates = [head for head in in_conversation if census.authors[head] == author]
            chain = _chain(census, first_reply, several, author, conversation, candidates)
            if chain:
                yield chain


def _chain(
    census: _Census,
    first_reply: dict[int, int],
    several: dict[int, list[int]],
    author: int,
    conversation: int,
    candidates: list[int],
) -> _Chain | None:
    """The thread of ``author`` in ``conversation``, from its segments' first tweets, if any."""
    replies = census.replies
    root_author = census.authors.get(conversation)
    has_root = root_author == author and conversation not in replies
    if root_author is not None and not has_root:
        return None  # replies in another user's conversation
    # A segment starts at the root, or after a missing tweet; one after a tweet
    # present that is not the root hangs below a reply to another user.
    kept = [
        head
        for head in candidates
        if replies[head][0] not in census.authors or (has_root and replies[head][0] == conversation)
    ]
    if not kept:
        return None
    segments = [_follow(head, first_reply) for head in kept] + ([[conversation]] if has_root else [])
    segments.sort(key=lambda segment: segment[0])
    ids = tuple(tweet_id for segment in segments for tweet_id in segment)
    gaps = [_Gap(replies[head][0], head, replies[head][0] == conversation) for head in kept]
    gaps = [gap for gap in gaps if gap.missing not in census.authors]
    if not has_root and not any(gap.root for gap in gaps):
        gaps.append(_Gap(conversation, ids[0], root=True))
    branches = (
        {str(i): [str(r) for r in sorted(several[i])] for i in ids if i in several} if several else None
    )
    return _Chain(
        author, ids, tuple(sorted(gaps, key=lambda gap: (gap.before, not gap.root))), branches or None
    )


def _follow(head: int, first_reply: dict[int, int]) -> list[int]:
    """A segment: from its first tweet, down the earliest self-reply at each step."""
    segment = [head]
    while segment[-1] in first_reply:
        segment.append(first_reply[segment[-1]])
    return segment


def _refusal(census: _Census) -> str:
    stranded = len(census.replies)  # no thread found: all are below others' tweets
    counts = (
        (census.others, "reply to another user", "replies to other users"),
        (census.retweets, "retweet", "retweets"),
        (census.standalone, "standalone", "standalone"),
        (stranded, "self-reply under another user's tweet", "self-replies under other users' tweets"),
    )
    detail = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)
    total = len(census.authors)
    read = f"read {total} tweet{'' if total == 1 else 's'}" + (f" ({detail})" if detail else "")
    return f"{read}; {EXPECTED_THREAD}"


def _collect(
    path: Path, name: str, chains: list[_Chain], copies: _Copies
) -> tuple[dict[int, _Text], dict[int, _User]]:
    """Second pass: the text of the threads' tweets and their authors' user objects;
    every copy of a tweet compared with the first."""
    wanted = {tweet_id for chain in chains for tweet_id in chain.ids}
    authors = {chain.author for chain in chains}
    texts: dict[int, _Text] = {}
    users: dict[int, _User] = {}
    placed: set[int] = set()  # tweets read from a record of their own, not a copy included
    for line, record in _records(path, name):
        contents = _Record(record, line, name)
        for tweet, own in contents.tweets():
            tweet_id = _id(tweet, "id", line, name)
            copies.check(tweet, tweet_id, line, name)
            # A tweet's line is its own record's where it has one: copies included
            # for reference (a reply's parent) may come first.
            if tweet_id in wanted and (tweet_id not in texts or (own and tweet_id not in placed)):
                texts[tweet_id] = _text(tweet, tweet_id, line, name)
                if own:
                    placed.add(tweet_id)
        for user in contents.users:
            raw_id = user.get("id")
            user_id = int(raw_id) if isinstance(raw_id, str) and TWEET_ID.fullmatch(raw_id) else None
            if user_id is not None and user_id in authors and user_id not in users:
                users[user_id] = _user(user, line, name)
        if len(placed) == len(wanted) and len(users) == len(authors) and not copies.left:
            break  # all found and compared: the rest of the file has nothing more to give
    return texts, users


def _text(tweet: Json, tweet_id: int, line: int, name: str) -> _Text:
    note = tweet.get("note_tweet")
    if note is not None and not (isinstance(note, dict) and isinstance(note.get("text"), str)):
        raise CaptureError(
            name, line, f"expected note_tweet of {tweet_id} to hold a text, found {shown(note)}"
        )
    text = _string(note["text"] if note else tweet.get("text"), f"text of {tweet_id}", line, name) or ""
    text = ENTITY.sub(lambda entity: UNESCAPED[entity[1]], text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    created_at = _utc(tweet["created_at"], "created_at", line, name) if "created_at" in tweet else None
    lang = _string(tweet.get("lang"), f"lang of {tweet_id}", line, name)
    return _Text(text, created_at, lang, line)


def _user(user: Json, line: int, name: str) -> _User:
    author_name = _string(user.get("name"), f"name of user {user['id']}", line, name)
    if author_name is None:
        raise CaptureError(name, line, f"expected user {user['id']} to have a name, found none")
    handle = _string(user.get("username"), f"username of user {user['id']}", line, name)
    bio = _string(user.get("description"), f"description of user {user['id']}", line, name)
    return _User(author_name, handle, bio or None)  # an empty description is no bio


def _string(value: Any, what: str, line: int, name: str) -> str | None:
    """A text field, or None when absent; one the archive's UTF-8 files can hold."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate, escaped as "\\ud83d" in the JSON
            raise CaptureError(
                name, line, f"expected {what} to be text, found a lone surrogate in it"
            ) from None
        return value
    raise CaptureError(name, line, f"expected {what} to be a string, found {shown(value)}")


def _utc(value: Any, what: str, line: int, name: str) -> str:
    """An ISO 8601 time with a zone as UTC seconds: "2025-11-05T13:02:11Z"."""
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
            if moment.tzinfo is not None:
                utc = moment.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
                return utc.isoformat() + "Z"
        except (ValueError, OverflowError):
            pass
    raise CaptureError(
        name,
        line,
        f"expected {what} as an ISO 8601 time with a zone (2025-11-05T13:02:11.000Z), found {shown(value)}",
    )


def _thread(chain: _Chain, texts: dict[int, _Text], users: dict[int, _User], name: str) -> Thread:
    if any(tweet_id not in texts for tweet_id in chain.ids):
        raise CaptureError(name, None, "expected the file to stay the same while read, found it changed")
    first = texts[chain.ids[0]]
    user = users.get(chain.author)
    if user is None:
        msg = (
            f"expected the user object of {chain.author}, author of tweet {chain.ids[0]} "
            "(includes.users or the tweet's author), found none; the author's name is required"
        )
        raise CaptureError(name, first.line, msg)
    if first.created_at is None:
        msg = f"expected created_at on tweet {chain.ids[0]}, which dates its thread, found none"
        raise CaptureError(name, first.line, msg)
    marks = markers.thread_markers([texts[i].text for i in chain.ids], missing=len(chain.gaps))
    tweets = tuple(
        Tweet(
            position=position,
            marker=marker,
            text=texts[tweet_id].text,
            line=texts[tweet_id].line,
            tweet_id=str(tweet_id),
            created_at=texts[tweet_id].created_at,
            lang=texts[tweet_id].lang,
        )
        for position, (tweet_id, marker) in enumerate(zip(chain.ids, marks, strict=True), start=1)
    )
    return Thread(
        author_name=user.name,
        author_bio=user.bio,
        published_date=dt.date.fromisoformat(first.created_at[:10]),
        tweet_count=len(tweets),
        tweets=tweets,
        source_format=NAME,
        author_handle=user.handle,
        author_id=str(chain.author),
        known_gaps=_known_gaps(chain.gaps),
        warnings=_gap_warnings(chain, tweets, name) + branch_warnings(tweets, chain.branches or {}, name),
    )


def _missing(gap: _Gap) -> str:
    return (
        f"the root tweet {gap.missing}" if gap.root else f"tweet {gap.missing} (replied to by {gap.before})"
    )


def _known_gaps(gaps: tuple[_Gap, ...]) -> str | None:
    """One sentence: "the root tweet 1983... and tweet 1983... (replied to by ...) are not in the capture"."""
    if not gaps:
        return None
    parts = [_missing(gap) for gap in gaps]
    if len(parts) == 1:
        return f"{parts[0]} is not in the capture"
    return f"{', '.join(parts[:-1])} and {parts[-1]} are not in the capture"


def _gap_warnings(chain: _Chain, tweets: tuple[Tweet, ...], name: str) -> tuple[Finding, ...]:
    at = {tweet.tweet_id: tweet for tweet in tweets}
    return tuple(
        CHAIN_GAP(
            f"{_missing(gap)} is not in the capture: the thread is kept without it, never completed",
            path=name,
            line=at[str(gap.before)].line,
            position=at[str(gap.before)].position,
        )
        for gap in chain.gaps
    )
