"""Reader of the X account archive: ``tweets.js`` (and its parts) alone, or the archive's zip.

The archive an author downloads from X is a zip whose ``data/`` folder holds
JavaScript files, each one assignment of a JSON value (read by ``ytd.py``)::

    window.YTD.tweets.part0 = [ {
      "tweet" : {
        "id_str" : "1986...", "full_text" : "1/ ...", "created_at" : "Wed Nov 05 13:02:11 +0000 2025",
        "in_reply_to_status_id_str" : "...", "in_reply_to_user_id_str" : "...",
        "in_reply_to_screen_name" : "...", "lang" : "en", "retweeted" : false, "entities" : {...}, ...
      }
    }, ... ]

Older archives call the file ``tweet.js`` (``window.YTD.tweet.part0``), and before
2020 their records were the tweet objects themselves, without ``{"tweet": ...}``;
both are read. Big accounts' tweets go on in ``tweets-part1.js`` .. ``tweets-partN.js``
(``window.YTD.tweets.part1`` ..). ``deleted-tweets.js`` (``window.YTD.deleted_tweets``)
holds the tweets the owner deleted, in the same form. ``account.js`` names the account
(``accountId``, ``username``, ``accountDisplayName``), ``profile.js`` holds the bio
(``profile.description.bio``) and ``manifest.js`` (``window.__THAR_CONFIG = {...}``)
the time the archive was made (``archiveInfo.generationDate``).

What is read:

* a tweets file on its own (``tweets.js``, ``tweet.js``, ``tweets-partN.js``). Only
  ``account.js`` and ``profile.js`` beside it, by exactly those names, are read with it:
  they give the author's name, handle, ID and bio, which are None without them (ingest
  keeps those facts in the thread's metadata). ``deleted-tweets.js`` beside it is not
  read: only the tweets file is stored, and a rebuild must read what ingest read; its
  deleted tweets are read from the zip.
* the zip: ``data/tweets.js`` and ``data/tweets-part1.js``, ``-part2`` .. up to the first
  absent part (else ``data/tweet.js`` and its parts), ``data/deleted-tweets.js`` and its
  parts, ``data/account.js``, ``data/profile.js`` and ``data/manifest.js``. Members are
  looked up by exact name and read in memory, never extracted nor used as paths. A zip
  with more than ZIP_LIMITS.members members (checked from its end record, before
  ``zipfile`` loads the directory), a member larger than its limit
  (MAX_TWEETS_FILE_BYTES for a tweets file, MAX_ACCOUNT_FILE_BYTES for the others) or
  compressed more than ZIP_LIMITS.ratio times (a zip bomb), an encrypted or corrupt
  member, is refused.

The tweets files are streamed twice: a first pass keeps a few integers of every
tweet (``chains.Census``), a second the text of the tweets that may form threads,
at most MAX_THREAD_TWEETS of them (checked before that pass).

Threads are the author's self-reply chains, built by ``capture/chains.py`` as for
every reader of tweet objects. Retweets (``full_text`` starting "RT @" or
``retweeted`` true) are left out. Every tweet of an archive is its owner's, so a
reply is the owner's own when the tweet it replies to is in the archive, or when
it is addressed (``in_reply_to_user_id_str``, else ``in_reply_to_screen_name``) to
the owner: the account account.js names, or the account the archive's replies to
its own tweets are addressed to. Replies to the archive's own tweets addressed to
two different accounts are refused: the files are not one account's. The archive
gives no conversation, so a chain below a tweet that is not in it is joined to
the thread before it only on the evidence of numbering markers (``chains.py``).

Deleted tweets are gaps, reported (a chain-gap warning each, and one sentence in
``known_gaps``), never filled, even where ``deleted-tweets.js`` still holds their
text: the owner took them out. That file says what a deleted tweet replied to, so
a chain below a deleted reply to another account is no thread, one below a deleted
root has its root missing, and one below a deleted middle tweet is joined to its
start with a gap of a known size.

Each tweet's text is its ``full_text`` verbatim (``capture/fields.py``: emoji, any
script, line breaks; t.co links and @-mentions as they are; the three entities
undone). A long post's ``full_text`` is cut short: its whole text is in
``note-tweet.js``, which names no tweet ID, so it is not read (the text kept is
the one the tweets file holds). ``created_at`` becomes UTC seconds; a thread's date
is its first tweet's UTC date; it declares no length, so ``tweet_count`` is the
tweets found. ``captured_at`` is the manifest's generation time to the second, in
UTC; without a manifest, None. A tweet's ``line`` is the line its record starts on
in the file that holds it (in a zip, the member). A capture that holds no thread is
refused, saying why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from threadarchive.capture import chains, threads
from threadarchive.capture.fields import X_EXAMPLE, encodable, tweet_text, utc
from threadarchive.capture.formats import ytd
from threadarchive.capture.formats.base import over_thread_tweets_limit
from threadarchive.capture.model import Capture
from threadarchive.contract.limits import (
    MAX_ACCOUNT_FILE_BYTES,
    MAX_THREAD_TWEETS,
    MAX_TWEETS_FILE_BYTES,
    MAX_TWEETS_PARTS,
)
from threadarchive.contract.patterns import TWEET_ID
from threadarchive.contract.report import shown
from threadarchive.errors import CaptureError, UnsafeZipError
from threadarchive.files.safezip import Limits, SafeZip
from threadarchive.files.safezip import size as _size

NAME = "x-archive"
SUFFIX = ".js"

ZIP_MAGIC = b"PK\x03\x04"
# An archive's media files make many members: a heavy account's has tens of thousands.
ZIP_LIMITS = Limits(members=100_000, directory=64 << 20)
TWEET_KINDS = ("tweets", "tweet")  # the tweets files' names, newest first
DELETED = "deleted-tweets"  # the deleted tweets' file, whose records are "deleted_tweets"
UNKNOWN_OWNER = -1  # the author of every tweet, where account.js does not name the owner
NO_OWNER_HINT = (
    "; without account.js, and with no reply to a tweet in the archive to show the author's "
    "account, a reply to a deleted tweet cannot be told from a reply to another account"
)


def sniff(head: bytes) -> bool:
    """A zip, or text opening (after a BOM and white space) with ``window.YTD.``."""
    if head.startswith(ZIP_MAGIC):
        return True
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"window.YTD.")


def read(path: Path, name: str) -> Capture:
    try:
        with path.open("rb") as stream:
            head = stream.read(len(ZIP_MAGIC))
    except OSError as exc:
        raise CaptureError(name, None, f"cannot read the file: {exc.strerror}") from None
    if head.startswith(b"PK"):
        return _read_zip(path, name)
    return _read_loose(path, name)


# --- Where the files come from -------------------------------------------------------


def _read_loose(path: Path, name: str) -> Capture:
    """A tweets file, with the account.js and profile.js beside it if there are any."""

    def beside(filename: str, limit: int) -> ytd.Source | None:
        sibling = path.parent / filename
        if not sibling.is_file() or sibling == path:
            return None
        file = ytd.File(name, f"{filename} beside it")
        if sibling.stat().st_size > limit:
            raise file.error(None, f"expected at most {_size(limit)}, found a larger file")
        return ytd.Source(file, lambda: sibling.open("rb"))

    companions = {
        filename: beside(filename, MAX_ACCOUNT_FILE_BYTES) for filename in ("account.js", "profile.js")
    }
    author = _author(companions["account.js"], companions["profile.js"])
    tweets = [ytd.Source(ytd.File(name), lambda: path.open("rb"))]
    capture = _capture(tweets, [], author, None, name)
    return replace(capture, companions=tuple(f for f, source in companions.items() if source))


def _read_zip(path: Path, name: str) -> Capture:
    try:
        archive = SafeZip(path, ZIP_LIMITS)
    except UnsafeZipError as exc:
        raise CaptureError(name, None, str(exc)) from None
    with archive:
        members = _Members(archive, name)
        tweets = members.tweets()  # first: without them, nothing else matters
        captured_at = ytd.captured_at(members.source("data/manifest.js", MAX_ACCOUNT_FILE_BYTES))
        author = _author(
            members.source("data/account.js", MAX_ACCOUNT_FILE_BYTES),
            members.source("data/profile.js", MAX_ACCOUNT_FILE_BYTES),
        )
        return _capture(tweets, members.parts(DELETED), author, captured_at, name)


class _Members:
    """The members of the archive's zip, by exact name, opened within their limits."""

    def __init__(self, archive: SafeZip, name: str) -> None:
        self.archive = archive
        self.name = name
        self.count = archive.count

    def source(self, member: str, limit: int) -> ytd.Source | None:
        if member not in self.archive:
            return None
        try:
            self.archive.info(member, limit)
        except UnsafeZipError as exc:
            raise CaptureError(self.name, None, str(exc)) from None
        return ytd.Source(ytd.File(self.name, member), lambda: self.archive.open(member, limit))

    def tweets(self) -> list[ytd.Source]:
        """data/tweets.js and its parts (or data/tweet.js and its parts), in order."""
        kind = next((k for k in TWEET_KINDS if f"data/{k}.js" in self.count), None)
        if kind is None:
            nested = any(n.endswith(("/data/tweets.js", "/data/tweet.js")) for n in self.count)
            hint = "; zip the archive as X made it, with data/ at its top" if nested else ""
            raise CaptureError(self.name, None, f"expected data/tweets.js in the zip, found none{hint}")
        return self.parts(kind)

    def parts(self, kind: str) -> list[ytd.Source]:
        """data/<kind>.js and its parts data/<kind>-part1.js .. in order; none if it is absent."""
        if f"data/{kind}.js" not in self.count:
            return []
        names = [f"data/{kind}.js"]
        while len(names) <= MAX_TWEETS_PARTS and f"data/{kind}-part{len(names)}.js" in self.count:
            names.append(f"data/{kind}-part{len(names)}.js")
        part = re.compile(rf"data/{kind}-part([0-9]+)\.js")
        stray = sorted(n for n in self.count if (m := part.fullmatch(n)) and int(m[1]) >= len(names))
        if stray:
            msg = f"expected data/{kind}-part{len(names)}.js before {stray[0]}, found none"
            raise CaptureError(self.name, None, msg)
        return [s for n in names if (s := self.source(n, MAX_TWEETS_FILE_BYTES))]


def _author(account: ytd.Source | None, profile: ytd.Source | None) -> threads.Author:
    """The author account.js and profile.js name; every field None without them."""
    name = handle = account_id = bio = None
    if account is not None:
        line, record = ytd.only_record(account, "account")
        name = _unicode(_string(record, "accountDisplayName", account.file, line), "name", account.file, line)
        handle = _unicode(_string(record, "username", account.file, line), "username", account.file, line)
        account_id = _string(record, "accountId", account.file, line, digits=True)
    if profile is not None:
        line, record = ytd.only_record(profile, "profile")
        description = record.get("description")
        if description is not None and not isinstance(description, dict):
            msg = f"expected 'description' to be an object, found {ytd.shown_json(description)}"
            raise profile.file.error(line, msg)
        bio = (
            _unicode(_string(description or {}, "bio", profile.file, line), "bio", profile.file, line) or None
        )
    return threads.Author(name, handle, account_id, bio)


# --- Tweets ----------------------------------------------------------------------------


def _tweets(
    sources: Sequence[ytd.Source], kinds: Sequence[str]
) -> Iterator[tuple[ytd.File, int, dict[str, Any]]]:
    """Every tweet of the tweets files, with its file and line."""
    for source in sources:
        for line, record in ytd.records(source, kinds):
            tweet = record
            if isinstance(record, dict) and isinstance(record.get("tweet"), dict):
                tweet = record["tweet"]
            if not isinstance(tweet, dict) or "id_str" not in tweet:  # before 2020: the tweet itself
                msg = f'expected a record {{"tweet": {{"id_str": ...}}}}, found {ytd.shown_json(record)}'
                raise source.file.error(line, msg)
            yield source.file, line, tweet


def _string(
    record: dict[str, Any],
    key: str,
    file: ytd.File,
    line: int,
    *,
    digits: bool = False,
    required: bool = False,
) -> str | None:
    value = record.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (digits and not TWEET_ID.fullmatch(value)):
        what = "a string of digits" if digits else "a string"
        found = ytd.shown_json(value) if key in record else "none"
        raise file.error(line, f"expected '{key}' to be {what}, found {found}")
    return value


def _unicode(value: str | None, key: str, file: ytd.File, line: int | None) -> str | None:
    """A value kept: JSON may escape half a surrogate pair, which no UTF-8 file can hold."""
    if value is not None and not encodable(value):
        raise file.error(line, f"expected '{key}' to be Unicode text, found an unpaired surrogate")
    return value


def _required(record: dict[str, Any], key: str, file: ytd.File, line: int, *, digits: bool = False) -> str:
    value = _string(record, key, file, line, digits=digits, required=True)
    assert value is not None  # _string refuses a missing value
    return value


def _is_retweet(tweet: dict[str, Any], file: ytd.File, line: int) -> bool:
    retweeted = tweet.get("retweeted", False)
    if not isinstance(retweeted, bool):
        raise file.error(line, f"expected 'retweeted' to be true or false, found {ytd.shown_json(retweeted)}")
    return retweeted or _required(tweet, "full_text", file, line).startswith("RT @")


def _add(
    census: chains.Census, owner: int, file: ytd.File, line: int, tweet: dict[str, Any], absent: bool
) -> None:
    """The first pass: a few integers of a tweet, never its text."""
    tweet_id = int(_required(tweet, "id_str", file, line, digits=True))
    if tweet_id in census:
        if absent:
            return  # deleted and still in the tweets: the tweet it is
        raise file.error(line, f"expected each tweet once, found tweet {tweet_id} again")
    parent = _string(tweet, "in_reply_to_status_id_str", file, line, digits=True)
    user = _string(tweet, "in_reply_to_user_id_str", file, line, digits=True)
    screen_name = _string(tweet, "in_reply_to_screen_name", file, line)
    to = int(user) if user else f"@{screen_name.lower()}" if screen_name else None
    retweet = _is_retweet(tweet, file, line)
    census.add(
        tweet_id, author=owner, parent=int(parent) if parent else None, to=to, retweet=retweet, absent=absent
    )


def _text(file: ytd.File, line: int, tweet: dict[str, Any]) -> threads.Text:
    text = _required(tweet, "full_text", file, line)
    _unicode(text, "full_text", file, line)
    created_at = utc(_required(tweet, "created_at", file, line), "x")
    if created_at is None:
        msg = f"expected 'created_at' like {X_EXAMPLE!r}, found {shown(tweet['created_at'])}"
        raise file.error(line, msg)
    lang = _unicode(_string(tweet, "lang", file, line), "lang", file, line)
    return threads.Text(tweet_text(text), created_at, lang, line)


# --- Threads ---------------------------------------------------------------------------


def _capture(
    sources: Sequence[ytd.Source],
    deleted: Sequence[ytd.Source],
    author: threads.Author,
    captured_at: str | None,
    name: str,
) -> Capture:
    owner = int(author.id) if author.id else UNKNOWN_OWNER
    aliases: set[int | str] = {f"@{author.handle.lower()}"} if author.handle else set()
    census = chains.Census(aliases=aliases, infer_aliases=True)
    for file, line, tweet in _tweets(sources, TWEET_KINDS):
        _add(census, owner, file, line, tweet, absent=False)
    for file, line, tweet in _tweets(deleted, ("deleted_tweets",)):
        _add(census, owner, file, line, tweet, absent=True)
    known = {o for o in census.aliases | census.inferred_aliases() | {owner} if isinstance(o, int) and o >= 0}
    if len(known) > 1:
        named = f" (account.js names {author.id})" if author.id else ""
        msg = (
            "expected the tweets of one account, found replies to the archive's own tweets "
            f"addressed to accounts {', '.join(map(str, sorted(known)))}{named}"
        )
        raise CaptureError(name, None, msg)
    census.resolve()
    plan = chains.build(census, MAX_THREAD_TWEETS)
    hint = "" if known or not _has_replies(census) else NO_OWNER_HINT
    if plan.counted > MAX_THREAD_TWEETS:  # before the second pass keeps each one's text
        raise over_thread_tweets_limit(name, None, f"{plan.counted:,} in {plan.threads:,} threads")
    if not plan.chains:
        raise CaptureError(name, None, census.refusal(hint))
    wanted = plan.wanted()
    del census  # the second pass keeps the text of the thread tweets only
    texts: dict[int, threads.Text] = {}
    for file, line, tweet in _tweets(sources, TWEET_KINDS):
        tweet_id = int(_required(tweet, "id_str", file, line, digits=True))
        if tweet_id in wanted:
            texts[tweet_id] = _text(file, line, tweet)
    if wanted - texts.keys():  # the file changed between the passes
        raise CaptureError(name, None, "expected the same tweets on a second reading, found others")
    found = chains.finish(plan, {i: t.text for i, t in texts.items()})
    made = tuple(
        threads.thread(c, texts, author, plan.branches, source_format=NAME, name=name) for c in found
    )
    return Capture(source_format=NAME, threads=made, captured_at=captured_at)


def _has_replies(census: chains.Census) -> bool:
    return any(value & 3 == chains.OTHER for value in census.kinds.values())
