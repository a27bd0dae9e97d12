"""Reader of twarc2 JSON Lines: X API v2 tweets as the twarc2 tool saves them.

A capture is one JSON object per line (blank lines are skipped; messages name a
record by its line). Two shapes are read, even mixed in one file:

1. As saved from the API (``twarc2 search``, ``conversation``, ``timeline``), one
   response page per line::

       {"data": [tweet, ...], "includes": {"users": [user, ...], "tweets": [tweet, ...]},
        "meta": {"result_count": 2, ...},
        "__twarc": {"url": "...", "version": "2.14.0", "retrieved_at": "2025-11-06T09:14:03+00:00"}}

   A page without ``data`` (only ``meta`` or ``errors``) holds no tweet; ``data``
   may be one object (``twarc2 stream``, ``tweet``).
2. As ``twarc2 flatten`` writes it, one tweet per line with its expansions inline:
   ``author`` and ``in_reply_to_user`` (user objects), ``referenced_tweets`` entries
   carrying the referenced tweet's own fields, and the page's ``__twarc``.

A tweet is ``{"id", "text", "author_id", "conversation_id", "created_at", "lang",
"in_reply_to_user_id", "referenced_tweets": [{"type": "replied_to", "id"}],
"note_tweet": {"text"}}``, a user ``{"id", "name", "username", "description"}``;
IDs are strings of digits. Every tweet object counts wherever it stands: in
``data``, in ``includes.tweets`` (a conversation search has its root only there),
or inline in ``referenced_tweets``.

Other records twarc2 writes (user lookups, tweet counts, lists, compliance
output) are recognised by their fields and named, never taken for tweets: a
capture of them alone is refused saying what it holds.

Copies
    A tweet met again is the same tweet (deduplicated by ID), read, and its line
    given, from its own record (in ``data``, or its flattened line) where it has
    one, else from its first copy. Copies are expected (a page includes the tweets
    its replies answer, twarc2 flatten inlines them, overlapping searches repeat
    them), and differ in fields that do not bear on a thread (metrics; a copy in
    ``includes`` may leave out ``referenced_tweets`` or a quoted tweet). An ID
    names one tweet (an edit gets a new one), so a copy that *says* another
    author, another tweet replied to, another retweet or another text (``text``
    or ``note_tweet``) than an earlier copy is refused; a field a copy leaves out
    says nothing.
Threads
    Built by ``capture/chains.py`` (roots, gaps, branches, the author rule), as for
    every reader of tweet objects. ``replied_to`` gives a reply's parent and
    ``in_reply_to_user_id`` whom it answers; ``conversation_id``, where given,
    places segments of a chain whose middle is missing, and without it (no
    expansions requested) chains are built from ``replied_to`` alone.
Text and facts
    ``note_tweet.text`` (a long tweet's whole text) when present, else ``text``,
    unescaped as ``capture/fields.py`` says. ``created_at`` and
    ``__twarc.retrieved_at`` (the capture's ``captured_at``, from its first line
    that has one) are UTC seconds. The author's user object must be in the
    capture, for the author's name. IDs grow with time (snowflakes): a reply to a
    later tweet is refused as broken.
Memory
    Captures run to hundreds of MB, so the file is streamed twice and never held:
    the first pass keeps a few integers per tweet (``chains.Census``), the second
    the text and user objects of the threads' tweets alone, so a capture whose
    threads would hold more than MAX_THREAD_TWEETS tweets is refused before it.
    One line is parsed at a time; one over MAX_LINE_BYTES is refused unparsed.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from threadarchive.capture import chains, threads
from threadarchive.capture.fields import ISO_EXAMPLE, digits, encodable, tweet_text, utc
from threadarchive.capture.formats.base import json_lines, over_thread_tweets_limit
from threadarchive.capture.model import Capture
from threadarchive.contract.limits import MAX_THREAD_TWEETS
from threadarchive.contract.report import shown
from threadarchive.errors import CaptureError

NAME = "twarc2-jsonl"
SUFFIX = ".jsonl"

PAGE_KEYS = frozenset({"data", "includes", "meta", "errors", "__twarc"})  # an API response page's
WHAT = "an API page or a tweet"
# Records twarc2 writes that are not tweets, by the fields only they have.
OTHER_RECORDS = (
    ("compliance record", "compliance records", ("action",)),
    ("tweet count", "tweet counts", ("tweet_count", "start", "end")),
    ("list", "lists", ("member_count",)),
    ("list", "lists", ("owner_id", "follower_count")),
    ("user", "users", ("username",)),
)

Json = dict[str, Any]


def record_kind(obj: Json) -> int | None:
    """Which of OTHER_RECORDS an object without a text is (its index), if any."""
    if "text" in obj:
        return None
    for index, (_, _, keys) in enumerate(OTHER_RECORDS):
        if all(key in obj for key in keys):
            return index
    return None


@dataclass(frozen=True, slots=True)
class _Facts:
    """What bears on a thread in one copy of a tweet; None where the copy does not say."""

    author: int | None
    parent: int | None  # -1: replies to nothing
    retweet: bool | None
    text: bytes | None  # digests: a flattened capture holds a copy of nearly every tweet
    note: bytes | None

    def merged(self, other: _Facts) -> _Facts:
        return _Facts(
            *(a if a is not None else b for a, b in zip(self.astuple(), other.astuple(), strict=True))
        )

    def astuple(self) -> tuple[Any, ...]:
        return (self.author, self.parent, self.retweet, self.text, self.note)


DIFFERS = ("another author", "another tweet replied to", "another retweet", "another text", "another text")


@dataclass
class _Copies:
    """The tweets met more than once: the first pass finds them, the second compares
    each copy with what the copies before it said, keeping only that of those tweets."""

    ids: set[int] = field(default_factory=set)
    left: int = 0  # copies still to compare
    said: dict[int, tuple[int, _Facts]] = field(default_factory=dict)

    def check(self, tweet: Json, tweet_id: int, line: int, name: str) -> None:
        """CaptureError if the tweet is a copy saying other than the copies before it."""
        if tweet_id not in self.ids:
            return
        facts = _facts(tweet, tweet_id, line, name)
        if tweet_id not in self.said:
            self.said[tweet_id] = (line, facts)
            return
        self.left -= 1
        first, before = self.said[tweet_id]
        for what, was, now in zip(DIFFERS, before.astuple(), facts.astuple(), strict=True):
            if was is not None and now is not None and was != now:
                msg = (
                    "expected each tweet once (or repeated unchanged, as API pages repeat tweets), "
                    f"found tweet {tweet_id} again with {what} (first on line {first})"
                )
                raise CaptureError(name, line, msg)
        self.said[tweet_id] = (first, before.merged(facts))


def _facts(tweet: Json, tweet_id: int, line: int, name: str) -> _Facts:
    def digest(value: Any) -> bytes | None:
        return hashlib.blake2b(repr(value).encode(), digest_size=16).digest() if value is not None else None

    note = tweet.get("note_tweet")
    stated = "referenced_tweets" in tweet
    references = _references(tweet, tweet_id, line, name) if stated else {}
    return _Facts(
        _author_id(tweet, tweet_id, line, name),
        references.get("replied_to", -1) if stated else None,
        ("retweeted" in references) if stated else None,
        digest(tweet.get("text")),
        digest(note.get("text")) if isinstance(note, dict) else None,
    )


@dataclass
class _FirstPass:
    """What the first pass keeps: the census, the copies, what else the file held."""

    census: chains.Census = field(default_factory=chains.Census)
    copies: _Copies = field(default_factory=_Copies)
    unstated: set[int] = field(default_factory=set)  # first met as a copy without its references
    others: Counter[int] = field(default_factory=Counter)  # records that are not tweets, by kind
    own: int = 0  # tweets in data or on a line of their own
    captured_at: str | None = None

    def add(self, tweet: Json, own: bool, line: int, name: str) -> None:
        self.own += own
        tweet_id = _id(tweet, "id", line, name)
        if tweet_id in self.census:
            self.copies.ids.add(tweet_id)
            self.copies.left += 1
            if not (tweet_id in self.unstated and "referenced_tweets" in tweet):
                return
            self.unstated.discard(tweet_id)  # now read from a copy that says what it references
        elif not own and "referenced_tweets" not in tweet:
            self.unstated.add(tweet_id)
        if not isinstance(tweet.get("text"), str):
            raise CaptureError(
                name, line, f"expected tweet {tweet_id} to have a text, found {shown(tweet.get('text'))}"
            )
        author = _author_id(tweet, tweet_id, line, name)
        references = _references(tweet, tweet_id, line, name)
        parent = references.get("replied_to")
        to = _id(tweet, "in_reply_to_user_id", line, name) if "in_reply_to_user_id" in tweet else None
        conversation = _id(tweet, "conversation_id", line, name) if "conversation_id" in tweet else None
        if parent is not None and not chains.order_ok(tweet_id, parent, conversation):
            msg = (
                f"expected reply {tweet_id} to follow the tweet it replies to ({parent}) and its "
                f"conversation's root ({conversation}), found a larger id among them"
            )
            raise CaptureError(name, line, msg)
        self.census.add(
            tweet_id,
            author=author,
            parent=parent,
            to=to,
            conversation=conversation,
            retweet="retweeted" in references,
        )


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
    return read_records(lambda: json_lines(path, name, WHAT), name)


Records = Callable[[], Iterator[tuple[int, Json]]]


def read_records(records: Records, name: str, *, source_format: str = NAME, captured_at: str | None = None,
                 provenance: tuple[tuple[str, str], ...] = ()) -> Capture:  # fmt: skip
    """The threads of API v2 pages or tweets, wherever they are kept (a WARC's responses).

    Parameters
    ----------
    records
        Yields each record (a page or a tweet) with its line or record number; called
        twice, once for each pass.
    name, source_format
        What messages call the capture; its format.
    captured_at, provenance
        What the container says of the capture (a record without ``__twarc`` says none).
    """
    first = _first_pass(records, name)
    census = first.census
    census.resolve()
    plan = chains.build(census, MAX_THREAD_TWEETS)
    # Before the second pass, which keeps each thread tweet's text until the capture is read.
    if plan.counted > MAX_THREAD_TWEETS:
        raise over_thread_tweets_limit(name, None, f"{plan.counted:,} in {plan.threads:,} threads")
    if not plan.chains:
        raise CaptureError(name, None, _refusal(first))
    copies, first_captured_at = first.copies, first.captured_at
    del first, census  # the second pass keeps the text of the threads' tweets alone
    texts, users = _second_pass(records, name, plan, copies)
    found = chains.finish(plan, {i: t.text for i, t in texts.items()})
    made = tuple(
        threads.thread(
            c, texts, _author(c, users, texts, name), plan.branches, source_format=source_format, name=name
        )
        for c in found
    )
    return Capture(
        source_format=source_format,
        threads=made,
        captured_at=captured_at or first_captured_at,
        provenance=provenance,
    )


def _refusal(first: _FirstPass) -> str:
    """No thread: what the tweets were, and the records that are not tweets."""
    kinds = ", ".join(
        f"{n} {OTHER_RECORDS[k][0] if n == 1 else OTHER_RECORDS[k][1]}"
        for k, n in sorted(first.others.items())
    )
    if kinds and not first.own:
        included = len(first.census.kinds)
        more = f" (and {included} tweet{'s' if included > 1 else ''} they include)" if included else ""
        return f"expected tweets, found {kinds}{more}: not a capture of tweets"
    return first.census.refusal(f"; the file also holds {kinds}" if kinds else "")


class _Record:
    """The tweet and user objects one record (one line) holds."""

    def __init__(self, record: Json, line: int, name: str) -> None:
        self.line, self.name = line, name
        self.own: list[Any] = [record]  # in data, or the flattened tweet itself
        self.included: list[Any] = []  # copies for reference: includes.tweets, inlined references
        self.users: list[Json] = []
        if "id" in record or "text" in record:
            return  # a flattened tweet, or a record of another kind (named by tweets())
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

    def tweets(self, others: Counter[int] | None = None) -> Iterator[tuple[Json, bool]]:
        """Each tweet object, with whether it is the record's own rather than a copy.

        Walking them adds what is inlined in them (as twarc2 flatten writes it) to the
        tweets still to walk and to ``users``, which is whole once they are walked. One
        at a time, over the lists as parsed: a line may hold millions of objects, and a
        bad one is named before the rest are looked at. Records of other kinds (users,
        counts, compliance) are counted in ``others``, not walked.
        """
        for own, tweets in ((True, self.own), (False, self.included)):
            for tweet in tweets:  # included grows with the references met
                if not isinstance(tweet, dict):
                    raise CaptureError(self.name, self.line, f"expected a tweet object, found {shown(tweet)}")
                if own and (kind := record_kind(tweet)) is not None:
                    if others is not None:
                        others[kind] += 1
                    continue
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
    value = digits(obj.get(key))
    if value is not None:
        return value
    found = "none" if obj.get(key) is None else shown(obj.get(key))
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


def _first_pass(records: Records, name: str) -> _FirstPass:
    """Every tweet's ids and author, when the capture was taken, the tweets met more
    than once, and the records that are not tweets."""
    first = _FirstPass()
    for line, record in records():
        meta = record.get("__twarc")
        if first.captured_at is None and isinstance(meta, dict) and "retrieved_at" in meta:
            first.captured_at = _utc(meta["retrieved_at"], "__twarc.retrieved_at", line, name)
        for tweet, own in _Record(record, line, name).tweets(first.others):
            first.add(tweet, own, line, name)
    return first


def _second_pass(
    records: Records, name: str, plan: chains.Plan, copies: _Copies
) -> tuple[dict[int, threads.Text], dict[int, threads.Author]]:
    """The text of the threads' tweets and their authors' user objects; every copy
    of a tweet compared with the copies before it."""
    wanted = plan.wanted()
    authors = {chain.author for chain in plan.chains}
    texts: dict[int, threads.Text] = {}
    users: dict[int, threads.Author] = {}
    placed: set[int] = set()  # tweets read from a record of their own, not a copy included
    for line, record in records():
        contents = _Record(record, line, name)
        for tweet, own in contents.tweets():
            tweet_id = _id(tweet, "id", line, name)
            copies.check(tweet, tweet_id, line, name)
            # A tweet's line is its own record's where it has one: copies included
            # for reference (a reply's parent) may come first.
            if tweet_id in wanted and (tweet_id not in texts or (own and tweet_id not in placed)):
                texts[tweet_id] = _text(tweet, tweet_id, line, name, texts.get(tweet_id))
                if own:
                    placed.add(tweet_id)
        for user in contents.users:
            user_id = digits(user.get("id"))
            if user_id is not None and user_id in authors and user_id not in users:
                users[user_id] = _user(user, line, name)
        if len(placed) == len(wanted) and len(users) == len(authors) and not copies.left:
            break  # all found and compared: the rest of the file has nothing more to give
    if wanted - texts.keys():
        raise CaptureError(name, None, "expected the file to stay the same while read, found it changed")
    return texts, users


def _text(tweet: Json, tweet_id: int, line: int, name: str, before: threads.Text | None) -> threads.Text:
    note = tweet.get("note_tweet")
    if note is not None and not (isinstance(note, dict) and isinstance(note.get("text"), str)):
        raise CaptureError(
            name, line, f"expected note_tweet of {tweet_id} to hold a text, found {shown(note)}"
        )
    if note is None and before is not None and before.whole:
        return before  # a copy without the long text never replaces it
    raw = _string(note["text"] if note else tweet.get("text"), f"text of {tweet_id}", line, name) or ""
    created_at = _utc(tweet["created_at"], "created_at", line, name) if "created_at" in tweet else None
    lang = _string(tweet.get("lang"), f"lang of {tweet_id}", line, name)
    return threads.Text(tweet_text(raw), created_at, lang, line, whole=note is not None)


def _user(user: Json, line: int, name: str) -> threads.Author:
    author_name = _string(user.get("name"), f"name of user {user['id']}", line, name)
    if author_name is None:
        raise CaptureError(name, line, f"expected user {user['id']} to have a name, found none")
    handle = _string(user.get("username"), f"username of user {user['id']}", line, name)
    bio = _string(user.get("description"), f"description of user {user['id']}", line, name)
    return threads.Author(author_name, handle, user["id"], bio or None)  # an empty description is no bio


def _author(
    chain: chains.Chain, users: dict[int, threads.Author], texts: dict[int, threads.Text], name: str
) -> threads.Author:
    user = users.get(chain.author)
    if user is None:
        msg = (
            f"expected the user object of {chain.author}, author of tweet {chain.ids[0]} "
            "(includes.users or the tweet's author), found none; the author's name is required"
        )
        raise CaptureError(name, texts[chain.ids[0]].line, msg)
    return user


def _string(value: Any, what: str, line: int, name: str) -> str | None:
    """A text field, or None when absent; one the archive's UTF-8 files can hold."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise CaptureError(name, line, f"expected {what} to be a string, found {shown(value)}")
    if not encodable(value):  # a lone surrogate, escaped as "\\ud83d" in the JSON
        raise CaptureError(name, line, f"expected {what} to be text, found a lone surrogate in it")
    return value


def _utc(value: Any, what: str, line: int, name: str) -> str:
    moment = utc(value, "iso")
    if moment is None:
        msg = f"expected {what} as an ISO 8601 time with a zone ({ISO_EXAMPLE}), found {shown(value)}"
        raise CaptureError(name, line, msg)
    return moment
