"""Reader of the X account archive: ``tweets.js`` (and its parts) alone, or the archive's zip.

The archive an author downloads from X is a zip whose ``data/`` folder holds
JavaScript files, each one assignment of a JSON value::

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
(``window.YTD.tweets.part1`` ..). ``account.js`` names the account (``accountId``,
``username``, ``accountDisplayName``), ``profile.js`` holds the bio
(``profile.description.bio``) and ``manifest.js`` (``window.__THAR_CONFIG = {...}``)
the time the archive was made (``archiveInfo.generationDate``).

What is read:

* a tweets file on its own (``tweets.js``, ``tweet.js``, ``tweets-partN.js``). Only
  ``account.js`` and ``profile.js`` beside it, by exactly those names, are read with it:
  they give the author's name, handle, ID and bio, which are None without them.
* the zip: ``data/tweets.js`` and ``data/tweets-part1.js``, ``-part2`` .. up to the first
  absent part (else ``data/tweet.js`` and its parts), ``data/account.js``,
  ``data/profile.js`` and ``data/manifest.js``. Members are looked up by exact name and
  read in memory, never extracted nor used as paths. A zip with more than
  ZIP_LIMITS.members members (checked from its end record, before ``zipfile`` loads the
  directory), a member larger than its limit (MAX_TWEETS_FILE_BYTES for a tweets file,
  MAX_ACCOUNT_FILE_BYTES for the others) or compressed more than ZIP_LIMITS.ratio times (a zip bomb),
  an encrypted or corrupt member, is refused.

No JavaScript is run: the exact ``window.YTD.<name>.part<N> = `` prefix (and an
optional ``;`` after the value) is cut and the rest read as JSON, record by record,
so a tweets file of hundreds of MB never sits in memory: a first pass keeps a few
integers of every tweet (its ID, the tweet and account it replies to), a second the
full data of the tweets that may form threads, at most MAX_THREAD_TWEETS of them (checked
before that pass). (Python's own JSON decoder is used,
record by record, rather than an event parser such as ijson: it gives the line each
record starts on, and is faster.) A record is at most MAX_RECORD_CHARS characters.
Anything else is a CaptureError naming the line.

Threads are the author's self-reply chains. A root (a tweet that replies to nothing)
is followed by the author's reply to it, then the author's reply to that reply, and
so on; a thread has two or more tweets. Retweets (``full_text`` starting "RT @" or
``retweeted`` true) are left out, as are replies to other accounts and every reply
of the author's beneath one. A reply is the author's own when the tweet it replies to
is in the archive (every tweet of an archive is its owner's), or when it is addressed
(``in_reply_to_user_id_str``, else ``in_reply_to_screen_name``) to the owner: the
account account.js names, or without account.js the account the archive's replies
to its own tweets are addressed to. Replies to the archive's own tweets addressed to
two different accounts are refused: the files are not one account's. Where the
author replied to the same tweet more than once, the thread follows the earliest
reply (the smallest ID); the later branch is not part of the thread and, since it
starts with a reply, is no thread of its own either: it is left out, and the branch
point reported (chain-branch).

Deleted tweets leave gaps, which are reported (a CHAIN_GAP warning each, and one
sentence in ``known_gaps``), never filled. A reply of the author's to a tweet not in
the archive starts a thread whose start is missing. The archive cannot say what the
missing tweet replied to, so a deleted middle tweet also cuts a chain in two; the
two are joined into one thread with a middle gap only on the evidence of numbering
markers. The candidate head is the latest of the author's chain ends (or tweets
replying to nothing) before the missing tweet, by ID, which is time; it is joined
when the tail's first tweet carries a marker at least 2 above the head's last one
("2/5" .. "4/5"), their totals agreeing if both state one. Without such markers the
head stays a thread of its own (or, one tweet, none) and the tail is a thread whose
start is missing. Positions run 1..N over the tweets present; a numbering marker
may then exceed N and is still read as one.

Each tweet's text is its ``full_text`` verbatim (emoji, any script, line breaks;
line endings normalised to "\\n"; t.co links and @-mentions as they are), except
that the three HTML entities the archive escapes are undone: ``&amp;``, ``&lt;``,
``&gt;`` become ``&``, ``<``, ``>`` in one pass, so "&amp;copy;" becomes "&copy;"
and "&quot;" stays. (The raw capture keeps the original bytes.) ``created_at``
("Wed Nov 05 13:02:11 +0000 2025") becomes "2025-11-05T13:02:11Z" in UTC; a thread's
date is its first tweet's UTC date; it declares no length, so ``tweet_count`` is the
tweets found. ``captured_at`` is the manifest's generation time to the second, in
UTC; without a manifest, None. Threads come in the order of their first tweet's ID.
A tweet's ``line`` is the line its record starts on in the file that holds it (in a
zip, the member). A capture that holds no thread is refused, saying why.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from threadarchive.capture import markers
from threadarchive.capture.formats.base import branch_warnings, over_thread_tweets_limit
from threadarchive.capture.model import Capture, Thread, Tweet
from threadarchive.contract.findings import CHAIN_GAP, Finding
from threadarchive.contract.limits import (
    MAX_ACCOUNT_FILE_BYTES,
    MAX_RECORD_CHARS,
    MAX_THREAD_TWEETS,
    MAX_TWEETS_FILE_BYTES,
    MAX_TWEETS_PARTS,
)
from threadarchive.contract.patterns import TWEET_ID
from threadarchive.contract.report import shown
from threadarchive.errors import CaptureError, UnsafeZipError
from threadarchive.files.safezip import ZIP_ERRORS, Limits, SafeZip
from threadarchive.files.safezip import size as _size

NAME = "x-archive"
SUFFIX = ".js"

ZIP_MAGIC = b"PK\x03\x04"
# An archive's media files make many members: a heavy account's has tens of thousands.
ZIP_LIMITS = Limits(members=100_000, directory=64 << 20)
CHUNK = 256 << 10  # bytes read at a time; the text of one chunk may take 4 bytes a character

TWEET_KINDS = ("tweets", "tweet")  # the tweets files' names, newest first
_YTD = re.compile(r"window\.YTD\.(?P<kind>\w+)\.part(?P<part>[0-9]+) = ")
_MANIFEST = re.compile(r"\s*window\.__THAR_CONFIG = ")
_SPACE = re.compile(r"[ \t\n\r]*")
_BETWEEN = re.compile(r"[ \t\n\r]*,[ \t\n\r]*(?=[^ \t\n\r])")  # from a record to the next
_CREATED = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?P<month>[A-Z][a-z]{2}) (?P<day>[0-9]{2}) "
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2}) "
    r"(?P<sign>[+-])(?P<oh>[0-9]{2})(?P<om>[0-9]{2}) (?P<year>[0-9]{4})"
)
MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_ENTITY = re.compile(r"&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
_JSON = json.JSONDecoder()
NO_OWNER_HINT = (
    "; without account.js, and with no reply to a tweet in the archive to show the author's "
    "account, a reply to a deleted tweet cannot be told from a reply to another account"
)


# What zipfile and its decompressors raise for a corrupt or unsupported zip.
def sniff(head: bytes) -> bool:
    """A zip, or text opening (after a BOM and white space) with ``window.YTD.``."""
    if head.startswith(ZIP_MAGIC):
        return True
    return head.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"window.YTD.")


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


@dataclass(frozen=True)
class _File:
    """One file of a capture: the capture's name, and the file's within it ("" for itself)."""

    name: str
    member: str = ""

    def error(self, line: int | None, message: str) -> CaptureError:
        return CaptureError(self.name, line, f"{self.member}: {message}" if self.member else message)


@dataclass(frozen=True)
class _Source:
    file: _File
    open: Callable[[], IO[bytes]]


@contextmanager
def _opened(source: _Source) -> Iterator[IO[bytes]]:
    try:
        stream = source.open()
    except UnsafeZipError as exc:  # names the member already
        raise CaptureError(source.file.name, None, str(exc)) from None
    except ZIP_ERRORS as exc:
        raise source.file.error(None, f"cannot read it: {exc}") from None
    with stream:
        yield stream


@dataclass(frozen=True)
class _Author:
    name: str | None = None
    handle: str | None = None
    id: str | None = None
    bio: str | None = None


def _read_loose(path: Path, name: str) -> Capture:
    """A tweets file, with the account.js and profile.js beside it if there are any."""

    def beside(filename: str) -> _Source | None:
        sibling = path.parent / filename
        if not sibling.is_file():
            return None
        file = _File(name, f"{filename} beside it")
        if sibling.stat().st_size > MAX_ACCOUNT_FILE_BYTES:
            raise file.error(None, f"expected at most {_size(MAX_ACCOUNT_FILE_BYTES)}, found a larger file")
        return _Source(file, lambda: sibling.open("rb"))

    companions = {filename: beside(filename) for filename in ("account.js", "profile.js")}
    author = _author(companions["account.js"], companions["profile.js"])
    tweets = [_Source(_File(name), lambda: path.open("rb"))]
    capture = _capture(tweets, author, None, name)
    return replace(capture, companions=tuple(f for f, source in companions.items() if source))


def _read_zip(path: Path, name: str) -> Capture:
    try:
        archive = SafeZip(path, ZIP_LIMITS)
    except UnsafeZipError as exc:
        raise CaptureError(name, None, str(exc)) from None
    with archive:
        members = _Members(archive, name)
        tweets = members.tweets()  # first: without them, nothing else matters
        captured_at = _captured_at(members.source("data/manifest.js", MAX_ACCOUNT_FILE_BYTES))
        author = _author(
            members.source("data/account.js", MAX_ACCOUNT_FILE_BYTES),
            members.source("data/profile.js", MAX_ACCOUNT_FILE_BYTES),
        )
        return _capture(tweets, author, captured_at, name)


class _Members:
    """The members of the archive's zip, by exact name, opened within their limits."""

    def __init__(self, archive: SafeZip, name: str) -> None:
        self.archive = archive
        self.name = name
        self.count = archive.count

    def source(self, member: str, limit: int) -> _Source | None:
        if member not in self.archive:
            return None
        try:
            self.archive.info(member, limit)
        except UnsafeZipError as exc:
            raise CaptureError(self.name, None, str(exc)) from None
        return _Source(_File(self.name, member), lambda: self.archive.open(member, limit))

    def tweets(self) -> list[_Source]:
        """data/tweets.js and its parts (or data/tweet.js and its parts), in order."""
        kind = next((k for k in TWEET_KINDS if f"data/{k}.js" in self.count), None)
        if kind is None:
            nested = any(n.endswith(("/data/tweets.js", "/data/tweet.js")) for n in self.count)
            hint = "; zip the archive as X made it, with data/ at its top" if nested else ""
            raise CaptureError(self.name, None, f"expected data/tweets.js in the zip, found none{hint}")
        names = [f"data/{kind}.js"]
        while len(names) <= MAX_TWEETS_PARTS and f"data/{kind}-part{len(names)}.js" in self.count:
            names.append(f"data/{kind}-part{len(names)}.js")
        part = re.compile(rf"data/{kind}-part([0-9]+)\.js")
        stray = sorted(n for n in self.count if (m := part.fullmatch(n)) and int(m[1]) >= len(names))
        if stray:
            msg = f"expected data/{kind}-part{len(names)}.js before {stray[0]}, found none"
            raise CaptureError(self.name, None, msg)
        return [s for n in names if (s := self.source(n, MAX_TWEETS_FILE_BYTES))]


# --- The JavaScript files, read as JSON ----------------------------------------------


class _YtdList:
    """The records of one ``window.YTD.<kind>.part<N> = [ ... ]`` file, with the line each
    starts on, read a chunk at a time."""

    def __init__(self, stream: IO[bytes], file: _File, kinds: Sequence[str]) -> None:
        self.stream = stream
        self.file = file
        self.kinds = kinds
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text = ""
        self.pos = 0
        self.line = 1  # the line self.pos is on
        self.eof = False

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        self._prefix()
        if self._skip_space() != "]":
            while True:
                yield self.line, self._value()
                between = _BETWEEN.match(self.text, self.pos)
                if between:  # the usual case, the next record already read
                    self._advance(between.end())
                    continue
                char = self._skip_space()
                if char == "]":
                    break
                if char != ",":
                    raise self.file.error(
                        self.line, f"expected ',' or ']' after a record, found {self._here()}"
                    )
                self._advance(self.pos + 1)
                self._skip_space()
        self._advance(self.pos + 1)
        if self._skip_space() == ";":
            self._advance(self.pos + 1)
        if self._skip_space():
            raise self.file.error(
                self.line, f"expected the end of the file after the list, found {self._here()}"
            )

    def _prefix(self) -> None:
        self._skip_space()
        while len(self.text) - self.pos < 256 and self._fill():
            pass
        match = _YTD.match(self.text, self.pos)
        expected = f"'window.YTD.{self.kinds[0]}.part0 = ['"
        if match is None or match["kind"] not in self.kinds:
            found = self._here() if self.text[self.pos :] else "an empty file"
            raise self.file.error(
                self.line, f"expected the X archive's {expected} to open the file, found {found}"
            )
        self._advance(match.end())
        if self._skip_space() != "[":
            raise self.file.error(self.line, f"expected {expected}, found {self._here()} after '='")
        self._advance(self.pos + 1)

    def _value(self) -> Any:
        while True:
            try:
                value, end = _JSON.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.text) - self.pos < MAX_RECORD_CHARS and self._fill():
                    continue  # the record goes on in the next chunk
                line = self.line + self.text.count("\n", self.pos, exc.pos)
                too_big = len(self.text) - self.pos >= MAX_RECORD_CHARS
                limit = f" (or a record over {_size(MAX_RECORD_CHARS)})" if too_big else ""
                raise self.file.error(
                    line, f"expected a JSON record, found invalid JSON{limit}: {exc.msg}"
                ) from None
            except RecursionError:
                raise self.file.error(
                    self.line, "expected a tweet record, found JSON nested too deeply"
                ) from None
            if end < len(self.text) or not self._fill():  # a number at the end may go on
                self._advance(end)
                return value

    def _fill(self) -> bool:
        """The next chunk read onto the text; False at the end of the file."""
        if self.eof:
            return False
        try:
            chunk = self.stream.read(CHUNK)
        except ZIP_ERRORS as exc:
            raise self.file.error(None, f"cannot read it: {exc}") from None
        try:
            text = self.decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            line = self.line + self.text.count("\n", self.pos) + exc.object[: exc.start].count(b"\n")
            msg = f"expected UTF-8 text, found the byte 0x{exc.object[exc.start]:02x} that is not UTF-8"
            raise self.file.error(line, msg) from None
        self.text, self.pos = self.text[self.pos :] + text, 0  # forget what has been read
        self.eof = not chunk
        return bool(chunk)

    def _advance(self, to: int) -> None:
        self.line += self.text.count("\n", self.pos, to)
        self.pos = to

    def _skip_space(self) -> str:
        """The next character that is not white space; "" at the end of the file."""
        while True:
            space = _SPACE.match(self.text, self.pos)
            assert space is not None  # it matches the empty string too
            self._advance(space.end())
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self._fill():
                return ""

    def _here(self) -> str:
        rest = self.text[self.pos : self.pos + 200].split("\n", 1)[0]
        return shown(rest) if rest else "the end of the file"


def _records(source: _Source, kinds: Sequence[str]) -> Iterator[tuple[int, Any]]:
    with _opened(source) as stream:
        yield from _YtdList(stream, source.file, kinds)


def _captured_at(source: _Source | None) -> str | None:
    """The manifest's archiveInfo.generationDate, in UTC to the second."""
    if source is None:
        return None
    with _opened(source) as stream:
        try:
            data = stream.read(MAX_ACCOUNT_FILE_BYTES + 1)
        except ZIP_ERRORS as exc:
            raise source.file.error(None, f"cannot read it: {exc}") from None
    file = source.file
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise file.error(
            data[: exc.start].count(b"\n") + 1, "expected UTF-8 text, found bytes that are not"
        ) from None
    match = _MANIFEST.match(text)
    if match is None:
        found = shown(text.lstrip().split("\n", 1)[0]) if text.strip() else "an empty file"
        raise file.error(1, f"expected 'window.__THAR_CONFIG = {{' to open the file, found {found}")
    try:
        config, end = _JSON.raw_decode(text, match.end())
    except json.JSONDecodeError as exc:
        raise file.error(exc.lineno, f"expected a JSON object, found invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise file.error(1, "expected a JSON object, found one nested too deeply") from None
    rest = text[end:].strip()
    if rest not in ("", ";"):
        raise file.error(text.count("\n", 0, end) + 1, f"expected the end of the file, found {shown(rest)}")
    info = config.get("archiveInfo") if isinstance(config, dict) else None
    stamp = info.get("generationDate") if isinstance(info, dict) else None
    if stamp is None:
        return None
    try:
        when = dt.datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        msg = f"expected archiveInfo.generationDate like '2025-11-05T13:02:11.000Z', found {shown(stamp)}"
        raise file.error(None, msg)
    return _utc(when)


def _author(account: _Source | None, profile: _Source | None) -> _Author:
    """The author account.js and profile.js name; every field None without them."""
    name = handle = account_id = bio = None
    if account is not None:
        line, record = _only_record(account, "account")
        name = _unicode(_string(record, "accountDisplayName", account.file, line), "name", account.file, line)
        handle = _unicode(_string(record, "username", account.file, line), "username", account.file, line)
        account_id = _string(record, "accountId", account.file, line, digits=True)
    if profile is not None:
        line, record = _only_record(profile, "profile")
        description = record.get("description")
        if description is not None and not isinstance(description, dict):
            msg = f"expected 'description' to be an object, found {_shown_json(description)}"
            raise profile.file.error(line, msg)
        bio = (
            _unicode(_string(description or {}, "bio", profile.file, line), "bio", profile.file, line) or None
        )
    return _Author(name, handle, account_id, bio)


def _only_record(source: _Source, kind: str) -> tuple[int, dict[str, Any]]:
    """The one ``{"<kind>": {...}}`` record of account.js or profile.js."""
    records = list(_records(source, (kind,)))
    if len(records) != 1:
        raise source.file.error(None, f"expected one {kind} record, found {len(records)}")
    line, record = records[0]
    inner = record.get(kind) if isinstance(record, dict) else None
    if not isinstance(inner, dict):
        raise source.file.error(line, f'expected a record {{"{kind}": {{...}}}}, found {_shown_json(record)}')
    return line, inner


# --- Tweets ----------------------------------------------------------------------------


def _tweets(sources: Sequence[_Source]) -> Iterator[tuple[_File, int, dict[str, Any]]]:
    """Every tweet of the tweets files, with its file and line."""
    for source in sources:
        for line, record in _records(source, TWEET_KINDS):
            tweet = record
            if isinstance(record, dict) and isinstance(record.get("tweet"), dict):
                tweet = record["tweet"]
            if not isinstance(tweet, dict) or "id_str" not in tweet:  # before 2020: the tweet itself
                msg = f'expected a record {{"tweet": {{"id_str": ...}}}}, found {_shown_json(record)}'
                raise source.file.error(line, msg)
            yield source.file, line, tweet


def _string(
    record: dict[str, Any], key: str, file: _File, line: int, *, digits: bool = False, required: bool = False
) -> str | None:
    value = record.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (digits and not TWEET_ID.fullmatch(value)):
        what = "a string of digits" if digits else "a string"
        found = _shown_json(value) if key in record else "none"
        raise file.error(line, f"expected '{key}' to be {what}, found {found}")
    return value


def _unicode(value: str | None, key: str, file: _File, line: int | None) -> str | None:
    """A value kept: JSON may escape half a surrogate pair, which no UTF-8 file can hold."""
    try:
        (value or "").encode("utf-8")
    except UnicodeEncodeError:
        raise file.error(line, f"expected '{key}' to be Unicode text, found an unpaired surrogate") from None
    return value


def _required(record: dict[str, Any], key: str, file: _File, line: int, *, digits: bool = False) -> str:
    value = _string(record, key, file, line, digits=digits, required=True)
    assert value is not None  # _string refuses a missing value
    return value


def _is_retweet(tweet: dict[str, Any], file: _File, line: int) -> bool:
    retweeted = tweet.get("retweeted", False)
    if not isinstance(retweeted, bool):
        raise file.error(line, f"expected 'retweeted' to be true or false, found {_shown_json(retweeted)}")
    return retweeted or _required(tweet, "full_text", file, line).startswith("RT @")


def _shown_json(value: Any) -> str:
    return shown(json.dumps(value, ensure_ascii=False)[:200])


@dataclass
class _Scan:
    """The first pass: a few integers of every tweet, never its text."""

    parent: dict[int, int] = field(default_factory=dict)  # every tweet but retweets: ID replied to, or 0
    to: dict[int, int | str | None] = field(default_factory=dict)  # replies: the user ID (or "@name")
    read: int = 0
    retweets: int = 0

    def add(self, file: _File, line: int, tweet: dict[str, Any]) -> None:
        self.read += 1
        tweet_id = int(_required(tweet, "id_str", file, line, digits=True))
        if _is_retweet(tweet, file, line):
            self.retweets += 1
            return
        if tweet_id in self.parent:
            raise file.error(line, f"expected each tweet once, found tweet {tweet_id} again")
        parent = _string(tweet, "in_reply_to_status_id_str", file, line, digits=True)
        user = _string(tweet, "in_reply_to_user_id_str", file, line, digits=True)
        screen_name = _string(tweet, "in_reply_to_screen_name", file, line)
        self.parent[tweet_id] = int(parent) if parent else 0
        if parent:
            self.to[tweet_id] = int(user) if user else f"@{screen_name.lower()}" if screen_name else None


@dataclass(frozen=True)
class _Full:
    """What the second pass keeps of a thread's tweet."""

    tweet_id: str
    text: str
    created_at: str
    lang: str | None
    line: int


def _full(file: _File, line: int, tweet: dict[str, Any]) -> _Full:
    text = _required(tweet, "full_text", file, line).replace("\r\n", "\n").replace("\r", "\n")
    _unicode(text, "full_text", file, line)
    return _Full(
        tweet_id=_required(tweet, "id_str", file, line, digits=True),
        text=_ENTITY.sub(lambda m: _ENTITIES[m[1]], text),  # the archive's only escapes, in one pass
        created_at=_created_at(_required(tweet, "created_at", file, line), file, line),
        lang=_unicode(_string(tweet, "lang", file, line), "lang", file, line),
        line=line,
    )


def _created_at(value: str, file: _File, line: int) -> str:
    """ "Wed Nov 05 13:02:11 +0000 2025" as "2025-11-05T13:02:11Z" (UTC)."""
    match = _CREATED.fullmatch(value)
    try:
        if match is None or match["month"] not in MONTHS:
            raise ValueError
        offset = dt.timedelta(hours=int(match["oh"]), minutes=int(match["om"]))
        zone = dt.timezone(-offset if match["sign"] == "-" else offset)
        when = dt.datetime(
            int(match["year"]), MONTHS[match["month"]], int(match["day"]),
            int(match["hour"]), int(match["minute"]), int(match["second"]), tzinfo=zone,
        )  # fmt: skip
        return _utc(when)
    except (ValueError, OverflowError):
        msg = f"expected 'created_at' like 'Wed Nov 05 13:02:11 +0000 2025', found {shown(value)}"
        raise file.error(line, msg) from None


def _utc(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


# --- Threads ---------------------------------------------------------------------------


@dataclass
class _Gap:
    index: int  # the tweet after the gap, in the chain
    missing: int  # the ID it replies to, not in the archive
    count: int | None = None  # how many tweets the markers say are missing (middle gaps)
    between: tuple[str, str] | None = None  # those markers


@dataclass
class _Chain:
    ids: list[int]
    gaps: list[_Gap] = field(default_factory=list)


@dataclass
class _Graph:
    """The chains the first pass finds, before the markers can join any."""

    chains: list[_Chain]  # from roots (two tweets or more) and from replies to missing tweets
    before: dict[int, int]  # a chain's first tweet whose parent is missing: the own tweet before it
    why_none: str  # what the tweets were, should no thread come of them
    branches: dict[str, list[str]] = field(
        default_factory=dict
    )  # a tweet -> the author's replies, when several

    def wanted(self) -> set[int]:
        return {i for c in self.chains for i in c.ids} | set(self.before.values())


def _graph(scan: _Scan, author: _Author, name: str) -> _Graph:
    owners: set[int | str | None] = set()  # who the author is: user ID, "@handle"
    if author.id:
        owners.add(int(author.id))
    if author.handle:
        owners.add(f"@{author.handle.lower()}")
    owners |= {scan.to[c] for c, p in scan.parent.items() if p and p in scan.parent}  # replies to own tweets
    owners.discard(None)
    accounts = sorted(str(o) for o in owners if isinstance(o, int))
    if len(accounts) > 1:
        named = f" (account.js names {author.id})" if author.id else ""
        msg = (
            "expected the tweets of one account, found replies to the archive's own tweets "
            f"addressed to accounts {', '.join(accounts)}{named}"
        )
        raise CaptureError(name, None, msg)

    following: dict[int, int] = {}  # a tweet's earliest reply of the author's
    every: dict[int, list[int]] = {}
    own_replies = 0
    for child, parent in scan.parent.items():
        if parent and (parent in scan.parent or scan.to[child] in owners):
            following[parent] = min(child, following.get(parent, child))
            every.setdefault(parent, []).append(child)
            own_replies += 1
    branches = {str(p): [str(c) for c in sorted(cs)] for p, cs in every.items() if len(cs) > 1}

    def walk(head: int) -> list[int]:
        ids = [head]
        while ids[-1] in following:
            ids.append(following[ids[-1]])
        return ids

    roots = [t for t, p in scan.parent.items() if not p]
    chains = [_Chain(walk(t)) for t in roots if t in following]
    orphans = [_Chain(walk(c), [_Gap(0, p)]) for p, c in following.items() if p not in scan.parent]
    # What a missing tweet may have continued: the latest chain end (or lone root) before it.
    ends = sorted([c.ids[-1] for c in chains + orphans] + [t for t in roots if t not in following])
    before = {}
    for orphan in orphans:
        at = bisect_left(ends, orphan.gaps[0].missing)
        if at:
            before[orphan.ids[0]] = ends[at - 1]

    others = len(scan.parent) - len(roots) - own_replies
    hint = "" if accounts or not others else NO_OWNER_HINT
    why_none = (
        "expected a thread (two or more of the author's tweets, each replying to the one before), "
        f"found none among the {scan.read} tweets read: {scan.retweets} retweets, {others} replies to "
        f"other accounts, {len(roots)} tweets replying to nothing that no reply of the author's "
        f"follows, {own_replies} replies of the author's to its deleted tweets or to its replies "
        f"to others{hint}"
    )
    return _Graph(chains + orphans, before, why_none, branches)


def _join(graph: _Graph, texts: dict[int, str]) -> list[_Chain]:
    """The threads: chains whose start is missing joined to the chain before them where
    the markers show the tweets between them are missing; then those of two tweets
    or more, by first tweet ID."""

    def marker(tweet_id: int) -> markers.Marker | None:
        return markers.at_start(texts[tweet_id]) or markers.at_end(texts[tweet_id])

    by_end = {c.ids[-1]: c for c in graph.chains}
    chained = {i for c in graph.chains for i in c.ids}
    for chain in sorted(graph.chains, key=lambda c: c.ids[0]):
        last = graph.before.get(chain.ids[0])
        if last is None or (last in chained and last not in by_end):
            continue  # nothing before it, or what was before it no longer ends its chain
        before, after = marker(last), marker(chain.ids[0])
        if not (before and after and after.number - before.number >= 2):
            continue
        if before.total and after.total and before.total != after.total:
            continue
        head = by_end.pop(last, None)
        if head is None:  # a lone root
            head = _Chain([last])
            graph.chains.append(head)
        missing = chain.gaps[0].missing
        head.gaps.append(
            _Gap(len(head.ids), missing, after.number - before.number - 1, (before.text, after.text))
        )
        head.ids += chain.ids
        by_end[head.ids[-1]] = head
        chained.add(last)
        chain.ids, chain.gaps = [], []
    return sorted((c for c in graph.chains if len(c.ids) >= 2), key=lambda c: c.ids[0])


def _capture(sources: Sequence[_Source], author: _Author, captured_at: str | None, name: str) -> Capture:
    scan = _Scan()
    for file, line, tweet in _tweets(sources):
        scan.add(file, line, tweet)
    graph = _graph(scan, author, name)
    del scan  # the second pass keeps the full data of the thread tweets only
    if not graph.chains:
        raise CaptureError(name, None, graph.why_none)
    wanted = graph.wanted()
    if len(wanted) > MAX_THREAD_TWEETS:  # before the second pass keeps each one's text
        raise over_thread_tweets_limit(name, None, f"{len(wanted):,} that may be in threads")
    full: dict[int, _Full] = {}
    for file, line, tweet in _tweets(sources):
        tweet_id = int(_required(tweet, "id_str", file, line, digits=True))
        if tweet_id in wanted and not _is_retweet(tweet, file, line):
            full[tweet_id] = _full(file, line, tweet)
    if wanted - full.keys():  # the file changed between the passes
        raise CaptureError(name, None, "expected the same tweets on a second reading, found others")
    chains = _join(graph, {i: f.text for i, f in full.items()})
    if not chains:
        raise CaptureError(name, None, graph.why_none)
    threads = tuple(_thread(c, full, author, name, graph.branches) for c in chains)
    return Capture(NAME, threads, captured_at)


def _thread(
    chain: _Chain, full: dict[int, _Full], author: _Author, name: str, branches: dict[str, list[str]]
) -> Thread:
    found = [full[i] for i in chain.ids]
    texts = [f.text for f in found]
    missing = sum(g.count or _missing_before(texts[0]) for g in chain.gaps)
    tweets = tuple(
        Tweet(position, marker, f.text, f.line, f.tweet_id, f.created_at, f.lang)
        for position, (f, marker) in enumerate(
            zip(found, markers.thread_markers(texts, missing), strict=True), start=1
        )
    )
    warnings: list[Finding] = []
    gaps: list[str] = []
    for gap in chain.gaps:
        finding, sentence = _gap(gap, name, tweets)
        warnings.append(finding)
        gaps.append(sentence)
    return Thread(
        author_name=author.name,
        author_bio=author.bio,
        published_date=dt.date.fromisoformat(found[0].created_at[:10]),
        tweet_count=len(tweets),
        tweets=tweets,
        source_format=NAME,
        author_handle=author.handle,
        author_id=author.id,
        known_gaps=f"Missing from the archive (deleted): {'; '.join(gaps)}." if gaps else None,
        warnings=(*warnings, *branch_warnings(tweets, branches, name)),
    )


def _missing_before(text: str) -> int:
    """How many tweets a thread's missing start held: its first marker's number less one, or 1."""
    marker = markers.at_start(text) or markers.at_end(text)
    return max(marker.number - 1, 1) if marker else 1


def _gap(gap: _Gap, name: str, tweets: tuple[Tweet, ...]) -> tuple[Finding, str]:
    """A gap's warning, and its part of the thread's known_gaps sentence."""
    after = gap.index + 1  # the position of the tweet after the gap
    if gap.index == 0:
        message = (
            f"position 1 replies to tweet {gap.missing}, which is not in the archive: "
            "the thread's first tweet (and perhaps more) is missing"
        )
        sentence = f"its start (tweet {gap.missing}, which position 1 replies to)"
    else:
        count = gap.count or 1
        missing = f"{count} tweet{'s' if count > 1 else ''}"
        marks = f", the markers going from {gap.between[0]!r} to {gap.between[1]!r}" if gap.between else ""
        message = (
            f"position {after} replies to tweet {gap.missing}, which is not in the archive: "
            f"{missing} missing between positions {after - 1} and {after}{marks}"
        )
        sentence = f"{missing} between positions {after - 1} and {after} (tweet {gap.missing} among them)"
    finding = CHAIN_GAP(message, path=name, line=tweets[gap.index].line, position=after)
    return finding, sentence
