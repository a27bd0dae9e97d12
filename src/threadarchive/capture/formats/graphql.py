"""X's web GraphQL tweet objects: what every capture of x.com's own responses holds.

x.com's web app loads tweets from GraphQL endpoints: ``TweetDetail`` (a tweet's
page: the thread and its replies), ``UserTweets``, ``UserTweetsAndReplies``,
``SearchTimeline`` and the list timelines. Zeeschuimer, twitter-web-exporter, a
browser's HAR file and a WARC/WACZ web archive all keep these objects; this module
reads them, and each container's module (``zeeschuimer.py``, ``webexporter.py``,
``har.py``, ``warc.py``, ``wacz.py``) only finds them in its file. This module is
also the reader of one response body saved as it came (``x-graphql-json``): the
JSON of one response, or JSON Lines of several.

Where the tweets are
    A response holds timeline ``instructions`` (under ``data``, at a depth that
    depends on the operation): ``TimelineAddEntries`` (``entries``),
    ``TimelinePinEntry`` (``entry``) and ``TimelineAddToModule`` (``moduleItems``).
    An entry holds one item (``content.itemContent``) or a module of them
    (``content.items[].item.itemContent``); an item of ``itemType`` "TimelineTweet"
    holds its tweet in ``tweet_results.result``. Cursors, users ("who to follow")
    and other items are not tweets. A quoted tweet (``quoted_status_result``) and a
    retweet's original (``legacy.retweeted_status_result``) are tweets of the
    capture too, each its own tweet, never merged into the one holding it.
Which tweets are left out
    Promoted tweets (``promotedMetadata`` on the item, an entry ``promoted-…``, or
    Zeeschuimer's ``promoted``) never enter a thread, nor are they counted as the
    capture's tweets. ``TweetWithVisibilityResults`` is unwrapped (its ``tweet``).
    ``TweetTombstone`` and ``TweetUnavailable`` hold no tweet: a thread whose tweet
    they stand for has a gap there, recorded, never invented.
A tweet
    ID ``rest_id``; ``legacy``: ``full_text``, ``created_at`` ("Thu Apr 20 23:21:13
    +0000 2023"), ``conversation_id_str``, ``in_reply_to_status_id_str``,
    ``in_reply_to_user_id_str``, ``user_id_str``, ``lang``. A long post's whole
    text is ``note_tweet.note_tweet_results.result.text``: it is the tweet's text,
    never the truncated ``full_text``; a copy of the tweet without it never
    replaces it. Text is unescaped as ``capture/fields.py`` says.
The author (``core.user_results.result``), in the three shapes of 2025-2026
    the name and handle in ``legacy`` (``name``, ``screen_name``, bio
    ``description``); in ``core`` (``name``, ``screen_name``) with the bio in
    ``legacy.description``; or in ``core`` with the bio in ``profile_bio.description``
    and no ``legacy``. An author the capture does not name leaves the name None,
    for the curator's ``author_name``.
Threads
    The author's self-reply chains, built by ``capture/chains.py`` as for twarc2
    and the X archive: replies to other users and what hangs below them, and
    self-replies in another user's conversation, are no threads.
Copies
    A tweet met again (overlapping pages, a reply's parent quoted) is one tweet; a
    copy naming another author, or replying where the first did not (or the
    reverse), is refused: an ID names one tweet.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from threadarchive import contract
from threadarchive.capture import chains, threads
from threadarchive.capture.fields import digits, encodable, tweet_text, utc
from threadarchive.capture.formats.base import decode_utf8, json_lines, over_thread_tweets_limit
from threadarchive.capture.model import Capture, Thread
from threadarchive.contract.limits import MAX_JSON_CAPTURE_BYTES, MAX_JSON_DEPTH_SEARCHED, MAX_THREAD_TWEETS
from threadarchive.contract.report import shown
from threadarchive.errors import CaptureError

NAME = "x-graphql-json"
SUFFIX = ".json"

Json = dict[str, Any]
TWEET_TYPES = frozenset({"Tweet", "TweetWithVisibilityResults"})
GONE_TYPES = frozenset({"TweetTombstone", "TweetUnavailable"})
# Keys only X's GraphQL responses have, for detection in a file's first bytes.
MARKS = (
    b'"__typename"',
    b'"instructions"',
    b'"tweet_results"',
    b'"threaded_conversation_with_injections_v2"',
)


@dataclass(frozen=True, slots=True)
class Found:
    """A tweet object a container holds, with where it is."""

    line: int | None  # the line (or record, or entry) it is in, for messages and the tweet's line
    tweet: Json  # the tweet result, unwrapped
    own: bool = True  # in a timeline item; False: quoted or retweeted inside another
    url: str | None = None  # the page it was collected on, where the container says
    where: str = ""  # what messages add to name the place ("entry 3", "record 12")
    origin: tuple[str, str] | None = None  # provenance of what holds it (a WARC record's date, URI, digest)


@dataclass
class Tally:
    """What a container held besides the tweets: for the refusal of a capture without a thread."""

    promoted: int = 0
    gone: int = 0  # tombstones, unavailable tweets
    users: int = 0  # users in responses that hold no timeline
    responses: int = 0  # GraphQL responses read
    others: Counter[str] = field(default_factory=Counter)  # other records, by what they are


def tweets_in(body: Any, tally: Tally) -> Iterator[tuple[Json, bool]]:
    """Every tweet object of one response body, with whether it is a timeline item's own."""
    tally.responses += 1
    found = False
    for instructions in _instructions(body.get("data") if isinstance(body, dict) else None, 0):
        found = True
        for instruction in instructions:
            if not isinstance(instruction, dict):
                continue
            entries = instruction.get("entries") or instruction.get("moduleItems") or []
            if isinstance(instruction.get("entry"), dict):
                entries = [instruction["entry"]]
            for entry in entries if isinstance(entries, list) else []:
                yield from _entry_tweets(entry, tally)
    if not found and _is_user(body):
        tally.users += 1


def _instructions(node: Any, depth: int) -> Iterator[list[Any]]:
    """The timeline instruction lists under ``node``, searched to a bounded depth."""
    if depth > MAX_JSON_DEPTH_SEARCHED or not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "instructions" and isinstance(value, list):
            yield value
        elif isinstance(value, dict):
            yield from _instructions(value, depth + 1)


def _is_user(body: Any) -> bool:
    data = body.get("data") if isinstance(body, dict) else None
    user = data.get("user") if isinstance(data, dict) else None
    result = user.get("result") if isinstance(user, dict) else None
    return isinstance(result, dict) and result.get("__typename") == "User"


def _entry_tweets(entry: Any, tally: Tally) -> Iterator[tuple[Json, bool]]:
    if not isinstance(entry, dict):
        return
    promoted_entry = str(entry.get("entryId", "")).startswith("promoted-")
    content = entry.get("content") if isinstance(entry.get("content"), dict) else entry.get("item")
    if not isinstance(content, dict):
        return
    items = [content.get("itemContent")]
    modules = content.get("items")
    if isinstance(modules, list):
        items += [m.get("item", {}).get("itemContent") for m in modules if isinstance(m, dict)]
    for item in items:
        if not isinstance(item, dict) or item.get("itemType", "TimelineTweet") != "TimelineTweet":
            continue
        results = item.get("tweet_results")
        result = results.get("result") if isinstance(results, dict) else None
        if result is None:
            continue
        if promoted_entry or "promotedMetadata" in item:
            tally.promoted += 1
            continue
        yield from with_inner(result, tally)


def with_inner(result: Any, tally: Tally) -> Iterator[tuple[Json, bool]]:
    """A tweet result unwrapped, then the tweets inside it (quoted, retweeted) as copies."""
    tweet = unwrap(result)
    if tweet is None:
        tally.gone += 1
        return
    yield tweet, True
    legacy = tweet.get("legacy")
    for holder, key in ((tweet, "quoted_status_result"), (legacy, "retweeted_status_result")):
        inner = holder.get(key) if isinstance(holder, dict) else None
        inner_tweet = unwrap(inner.get("result")) if isinstance(inner, dict) else None
        if inner_tweet is not None:
            yield inner_tweet, False


def unwrap(result: Any) -> Json | None:
    """The tweet of a result: ``TweetWithVisibilityResults`` opened; None for a tombstone."""
    while isinstance(result, dict):  # a loop: a crafted file may nest wrappers to any depth
        kind = result.get("__typename")
        if isinstance(kind, str) and kind in GONE_TYPES:
            return None
        if kind != "TweetWithVisibilityResults" and ("tweet" not in result or "rest_id" in result):
            return result
        result = result.get("tweet")
    return None


# --- One tweet object ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Post:
    """What the first pass keeps of a tweet object."""

    id: int
    author: int
    parent: int | None
    to: int | None
    conversation: int | None
    retweet: bool


class _Reader:
    """Reads tweet objects into posts, texts and authors; names authors without an ID."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.handles: dict[str, int] = {}  # an author named by handle alone -> a stand-in ID

    def error(self, found: Found, message: str) -> CaptureError:
        return CaptureError(self.name, found.line, f"{found.where}: {message}" if found.where else message)

    def legacy(self, found: Found) -> Json:
        legacy = found.tweet.get("legacy")
        if not isinstance(legacy, dict):
            raise self.error(found, f"expected a tweet object with legacy, found {_keys(found.tweet)}")
        return legacy

    def tweet_id(self, found: Found) -> int:
        value = found.tweet.get("rest_id", self.legacy(found).get("id_str"))
        tweet_id = digits(value)
        if tweet_id is None:
            raise self.error(found, f"expected rest_id as a string of 1 to 20 digits, found {shown(value)}")
        return tweet_id

    def post(self, found: Found) -> _Post:
        legacy = self.legacy(found)
        tweet_id = self.tweet_id(found)
        author = self._id(found, legacy, "user_id_str")
        if author is None:
            user = self.user_object(found)
            author = digits(user.get("rest_id")) if user else None
            if author is None:
                handle = _user_field(user, "screen_name") if user else None
                if not handle:
                    raise self.error(
                        found, f"expected tweet {tweet_id} to name its author (user_id_str), found none"
                    )
                author = self.handles.setdefault(handle.lower(), -2 - len(self.handles))
        parent = self._id(found, legacy, "in_reply_to_status_id_str")
        conversation = self._id(found, legacy, "conversation_id_str")
        if parent is not None and not chains.order_ok(tweet_id, parent, conversation):
            msg = (
                f"expected reply {tweet_id} to follow the tweet it replies to ({parent}) and its "
                f"conversation's root ({conversation}), found a larger ID among them"
            )
            raise self.error(found, msg)
        retweet = isinstance(legacy.get("retweeted_status_result"), dict) or str(
            legacy.get("full_text", "")
        ).startswith("RT @")
        to = self._id(found, legacy, "in_reply_to_user_id_str")
        return _Post(tweet_id, author, parent, to, conversation, retweet)

    def _id(self, found: Found, legacy: Json, key: str) -> int | None:
        value = legacy.get(key)
        if value is None:
            return None
        number = digits(value)
        if number is None:
            raise self.error(found, f"expected {key} as a string of 1 to 20 digits, found {shown(value)}")
        return number

    def text(self, found: Found) -> threads.Text:
        legacy = self.legacy(found)
        tweet_id = self.tweet_id(found)
        note = found.tweet.get("note_tweet")
        results = note.get("note_tweet_results") if isinstance(note, dict) else None
        result = results.get("result") if isinstance(results, dict) else None
        whole = result.get("text") if isinstance(result, dict) else None
        raw = whole if isinstance(whole, str) else legacy.get("full_text")
        if not isinstance(raw, str) or not encodable(raw):
            raise self.error(found, f"expected tweet {tweet_id} to have a text, found {shown(raw)}")
        created_at = utc(legacy.get("created_at"))
        if created_at is None:
            msg = f"expected created_at of tweet {tweet_id} like 'Thu Apr 20 23:21:13 +0000 2023', found {shown(legacy.get('created_at'))}"
            raise self.error(found, msg)
        lang = (
            legacy.get("lang") if isinstance(legacy.get("lang"), str) and encodable(legacy["lang"]) else None
        )
        return threads.Text(tweet_text(raw), created_at, lang, found.line or 0, whole=isinstance(whole, str))

    def user_object(self, found: Found) -> Json | None:
        core = found.tweet.get("core")
        results = core.get("user_results") if isinstance(core, dict) else None
        user = results.get("result") if isinstance(results, dict) else None
        return user if isinstance(user, dict) and user.get("__typename", "User") == "User" else None

    def author(self, found: Found, author: int) -> threads.Author | None:
        """The author the tweet's user object names, in any of its three shapes."""
        user = self.user_object(found)
        if user is None:
            return None
        bio = _user_field(user, "description", ("profile_bio", "legacy"))
        return threads.Author(
            name=_user_field(user, "name"),
            handle=_user_field(user, "screen_name"),
            id=str(author) if author >= 0 else None,
            bio=bio or None,
        )


def _user_field(user: Json, key: str, places: tuple[str, ...] = ("core", "legacy")) -> str | None:
    for place in places:
        holder = user.get(place)
        value = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(value, str) and encodable(value):
            return value
    return None


def _keys(obj: Json) -> str:
    return shown(", ".join(sorted(obj)[:6]))


# --- Threads from the tweet objects of any container ----------------------------------


def read_found(
    source: Callable[[], Iterator[Found]],
    name: str,
    *,
    source_format: str,
    tally: Tally,
    captured_at: str | None = None,
    provenance: tuple[tuple[str, str], ...] = (),
) -> Capture:
    """Every thread of the tweet objects ``source`` yields (it is called twice: two passes).

    Parameters
    ----------
    source
        Yields the container's tweet objects, in its order, each time it is called.
    name
        What messages call the capture.
    source_format
        The container's format name.
    tally
        What the container counted besides tweets, for a refusal (filled by the first pass).
    captured_at, provenance
        When the container says the capture was taken; what else it says of it.

    Raises
    ------
    CaptureError
        For a tweet object that cannot be read, copies of a tweet that disagree, a
        capture of more than MAX_THREAD_TWEETS thread tweets, or one without a thread.
    """
    reader = _Reader(name)
    census = chains.Census()
    seen = 0
    for found in source():
        post = reader.post(found)
        seen += 1
        if post.id in census:
            _same(census, post, found, reader)
            continue
        census.add(
            post.id,
            author=post.author,
            parent=post.parent,
            to=post.to,
            conversation=post.conversation,
            retweet=post.retweet,
        )
    census.resolve()
    plan = chains.build(census, MAX_THREAD_TWEETS)
    if plan.counted > MAX_THREAD_TWEETS:
        raise over_thread_tweets_limit(name, None, f"{plan.counted:,} in {plan.threads:,} threads")
    if not plan.chains:
        raise CaptureError(name, None, _refusal(census, tally, seen))
    del census
    wanted = plan.wanted()
    authors = {chain.author for chain in plan.chains}
    texts: dict[int, threads.Text] = {}
    digests: dict[int, tuple[bytes, int | None]] = {}
    users: dict[int, threads.Author] = {}
    urls: dict[int, str] = {}
    origins: dict[tuple[str, str], None] = {}  # of the threads' tweets, in order, once each
    for found in source():
        tweet_id = reader.tweet_id(found)
        if tweet_id not in wanted:
            continue
        text = reader.text(found)
        before = texts.get(tweet_id)
        _same_text(digests, tweet_id, found, reader)
        if before is None or (text.whole and not before.whole):
            texts[tweet_id] = text
        if found.url and tweet_id not in urls:
            urls[tweet_id] = found.url
        if found.origin:
            origins.setdefault(found.origin)
        post = reader.post(found)
        if (
            post.author in authors
            and post.author not in users
            and (user := reader.author(found, post.author))
        ):
            users[post.author] = user
    if wanted - texts.keys():
        raise CaptureError(name, None, "expected the file to stay the same while read, found it changed")
    found_chains = chains.finish(plan, {i: t.text for i, t in texts.items()})
    made = []
    for chain in found_chains:
        author = users.get(chain.author) or threads.Author(
            id=str(chain.author) if chain.author >= 0 else None
        )
        thread = threads.thread(chain, texts, author, plan.branches, source_format=source_format, name=name)
        made.append(_with_url(thread, urls.get(chain.ids[0])))
    return Capture(
        source_format=source_format,
        threads=tuple(made),
        captured_at=captured_at,
        provenance=(*provenance, *origins),
    )


def _with_url(thread: Thread, url: str | None) -> Thread:
    # A page the contract takes for a URL (no white space), and UTF-8 (JSON may escape half
    # a surrogate pair): else a crafted container's page broke the tables' CSV at ingest.
    usable = url and encodable(url) and contract.fullmatch("threads", "source_url", url)
    return replace(thread, source_url=url) if usable else thread


def _same(census: chains.Census, post: _Post, found: Found, reader: _Reader) -> None:
    """CaptureError when a copy of a tweet names another author, or another tweet it replies to."""
    value = census.kinds[post.id]
    kind = value & 3
    if kind == chains.RETWEET:
        agrees = post.retweet
    elif kind == chains.ROOT:
        agrees = post.parent is None and not post.retweet
    else:
        agrees = post.parent is not None and not post.retweet
        agrees = agrees and (kind != chains.REPLY or census.replies[post.id][0] == post.parent)
    what = "another author" if value >> 2 != post.author else None if agrees else "another tweet replied to"
    if what:
        msg = f"expected each tweet once (or repeated unchanged), found tweet {post.id} again with {what}"
        raise reader.error(found, msg)


def _same_text(
    digests: dict[int, tuple[bytes, int | None]], tweet_id: int, found: Found, reader: _Reader
) -> None:
    legacy = reader.legacy(found)
    digest = hashlib.blake2b(repr(legacy.get("full_text")).encode(), digest_size=16).digest()
    first = digests.setdefault(tweet_id, (digest, found.line))
    if first[0] != digest:
        msg = f"expected each tweet once (or repeated unchanged), found tweet {tweet_id} again with another text"
        raise reader.error(found, msg + (f" (first on line {first[1]})" if first[1] else ""))


def _refusal(census: chains.Census, tally: Tally, seen: int) -> str:
    if not seen:
        kinds = [f"{n} {what}" for what, n in sorted(tally.others.items())]
        if tally.users:
            kinds.append(f"{tally.users} user{'s' if tally.users > 1 else ''}")
        promoted = f", {tally.promoted} promoted" if tally.promoted else ""
        if kinds:
            return f"expected tweets, found {', '.join(kinds)}{promoted}: not a capture of tweets"
        return (
            f"expected tweets in X's GraphQL responses, found none in {tally.responses} response(s){promoted}"
        )
    left = [f"{n} {what}" for n, what in ((tally.promoted, "promoted"), (tally.gone, "unavailable")) if n]
    return census.refusal(f"; left out: {', '.join(left)}" if left else "")


# --- A response body saved as it came ---------------------------------------------------


def sniff(head: bytes) -> bool:
    """JSON opening with ``data`` whose first bytes name GraphQL types (``__typename``) or a
    timeline (``instructions``, ``tweet_results``): no API v2 page has either."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return text[:1] == b"{" and b'"data"' in text[:64] and any(mark in text for mark in MARKS)


def read(path: Path, name: str) -> Capture:
    """One response body (JSON), or several, one a line (JSON Lines)."""
    bodies = _bodies(path, name)
    tally = Tally()

    def source() -> Iterator[Found]:
        tally.responses = 0
        for line, body in bodies():
            for tweet, own in tweets_in(body, tally):
                yield Found(line, tweet, own)

    return read_found(source, name, source_format=NAME, tally=tally)


def _bodies(path: Path, name: str) -> Callable[[], Iterator[tuple[int | None, Any]]]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CaptureError(name, None, f"cannot read the file: {exc.strerror}") from None
    if size > MAX_JSON_CAPTURE_BYTES:
        with path.open("rb") as stream:
            first = stream.readline(64)
        if first.rstrip().endswith(b"}"):  # JSON Lines: streamed
            return lambda: ((line, body) for line, body in json_lines(path, name, "a GraphQL response"))
        msg = f"expected a response of at most {MAX_JSON_CAPTURE_BYTES >> 20} MiB, found a larger file"
        raise CaptureError(name, None, msg)
    data = decode_utf8(path.read_bytes(), name)
    try:
        body = json.loads(data)
    except json.JSONDecodeError:
        return lambda: ((line, body) for line, body in json_lines(path, name, "a GraphQL response"))
    except (ValueError, RecursionError) as exc:
        raise CaptureError(
            name, None, f"expected a JSON response, found JSON Python cannot read ({exc})"
        ) from None
    return lambda: iter([(None, body)])
