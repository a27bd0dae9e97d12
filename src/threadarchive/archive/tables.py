"""The working tables as a pure function of the captures and the curated metadata.

Per thread, its current capture gives the thread's structure and text (author,
date, declared count, positions, markers, texts). Facts the current capture
lacks are filled in from its earlier captures, newest first: the author's handle
and bio, and per tweet its ID, when the earlier capture has the same number of
tweets (tweets are matched by position; one whose tweet ID differs from the
current capture's there is another tweet). Curated facts override both. The
``captures`` table records, per capture, which columns it supplied, and what its
container says of where and when it was captured (``provenance_cell``): read from the
parsed capture at every build, like its texts, and never copied into the metadata, so
that it is exactly what the kept bytes say.

A tweet's text (and its marker, which is part of it) comes verbatim from one
capture, chosen among the captures that hold the tweet, in the same order (the
current capture, then the earlier ones newest first): the first whose text is no
truncation of another's (``truncation_of``: a prefix of it cut with an ellipsis,
as a long post's ``full_text`` is without its ``note_tweet``). So a truncated text
is never preferred to a full one, and otherwise the current capture's text stands:
the curator made it current (``replaces``), and its texts are read with its
structure. ``tweets.text_capture`` names the capture when it is not the current
one. Texts that differ are reported (``text-disagreement``, a warning a curator
can acknowledge): an edit between captures, or a text cut short in one.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from threadarchive import contract
from threadarchive.archive.metadata import CaptureRecord, ThreadMeta
from threadarchive.archive.withdrawals import Withdrawals
from threadarchive.capture.fields import utc
from threadarchive.capture.model import Capture, Thread, Tweet, unique_keys
from threadarchive.contract.findings import TEXT_DISAGREEMENT, Finding
from threadarchive.contract.layout import RAW_DIR, meta_path
from threadarchive.contract.limits import MAX_PROVENANCE_CHARS, MAX_PROVENANCE_VALUE_CHARS
from threadarchive.contract.report import shown_apart
from threadarchive.errors import InputError

# What the current capture always supplies.
STRUCTURE = ("author_name", "published_date", "tweet_count", "position", "marker", "text")
# Facts an earlier capture may supply when the current one lacks them: every column of
# the threads (tweets) table that the model's Thread (Tweet) has, besides the structure
# and what the capture record or curation gives. A nullable column that captures supply
# is added to the schema and the model alone; it reaches the tables from here.
THREAD_FACTS = tuple(
    name
    for name in contract.table("threads").field_names
    if name in {f.name for f in fields(Thread)} and name not in (*STRUCTURE, "known_gaps", "source_format")
)
TWEET_FACTS = tuple(
    name
    for name in contract.table("tweets").field_names
    if name in {f.name for f in fields(Tweet)} and name not in STRUCTURE
)
# X appends a link to a long post's cut text ("… https://t.co/…"); an ellipsis marks the cut.
_LINK = re.compile(r"https?://t\.co/[A-Za-z0-9]+")
# Links stripped after a cut at most: X appends one; each strip copies the rest of the text,
# so a text of thousands of links would take quadratic time.
MAX_APPENDED_LINKS = 4
_ELLIPSES = ("\u2026", "...")


@dataclass
class Tables:
    """The rows of every table, in their committed order, and the readers' warnings."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    warnings: list[Finding] = field(default_factory=list)
    # Tweets whose captures give different texts (text-disagreement), located in the tweets table.
    disagreements: list[Finding] = field(default_factory=list)

    def csv(self, name: str) -> bytes:
        return to_csv(contract.table(name).field_names, self.rows.get(name, []))


def thread_in(capture: Capture, record: CaptureRecord, where: str) -> Thread:
    """The thread ``record`` names in ``capture`` (by its key when the capture holds several)."""
    if record.key is None and len(capture.threads) == 1:
        return capture.threads[0]
    for thread in capture.threads:
        if thread.key == record.key:
            return thread
    found = ", ".join(str(t.key) for t in capture.threads)
    msg = f"{where}: expected the thread starting with tweet {record.key} in {record.path}, found threads {found}"
    raise InputError(msg)


# X's tags for tweets of no language (undetermined, media, hashtags, links, ...): no language
NO_LANGUAGE = frozenset({"und", "zxx", "art", "qam", "qct", "qht", "qme", "qst"})


def _agreed_language(thread: Thread) -> str | None:
    """The language every tagged tweet has (twarc, the X archive), where no curator said."""
    tagged = {t.lang for t in thread.tweets if t.lang and t.lang not in NO_LANGUAGE}
    if len(tagged) != 1:
        return None
    language = tagged.pop()
    return language if contract.fullmatch("threads", "language", language) else None


def build(
    metas: Iterable[ThreadMeta], captures: Mapping[str, Capture], withdrawals: Withdrawals | None = None
) -> Tables:
    """Rows of every table from each thread's metadata and its parsed captures (by SHA-256),
    and the archive's withdrawals."""
    tables = Tables({t.name: [] for t in contract.tables()})
    cells: dict[tuple[str, str | None], str | None] = {}  # a capture's provenance, by page
    tables.rows["withdrawals"] = withdrawals.rows() if withdrawals else []
    for meta in sorted(metas, key=lambda m: m.thread_id):
        where = meta_path(meta.thread_id)
        threads = {c.sha256: thread_in(captures[c.sha256], c, where) for c in meta.captures}
        thread_row, tweet_rows, facts, differing = _thread_rows(meta, threads)
        first_row = len(tables.rows["tweets"]) + 2  # the header is row 1
        tables.disagreements.extend(
            _disagreement(meta, tweet_rows[index], chosen, others, first_row + index)
            for index, chosen, others in differing
        )
        tables.rows["threads"].append(thread_row)
        tables.rows["tweets"].extend(tweet_rows)
        tables.rows["captures"].extend(_capture_rows(meta, facts, captures, threads, cells))
        tables.rows["anomalies"].extend(
            {"thread_id": meta.thread_id, "finding": a.finding, "position": a.position, "note": a.note}
            for a in sorted(meta.acknowledged, key=lambda a: (a.finding, a.position or 0))
        )
        tables.warnings.extend(threads[meta.current].warnings)
    return tables


# Per tweet (its index) whose captures disagree: the capture that supplied its text, and
# every other capture with the text it gives.
Differing = list[tuple[int, str, list[tuple[str, str]]]]


def _thread_rows(
    meta: ThreadMeta, threads: Mapping[str, Thread]
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, set[str]], Differing]:
    current = threads[meta.current]
    earlier = [(c.sha256, threads[c.sha256]) for c in reversed(meta.captures) if c.sha256 != meta.current]
    facts: dict[str, set[str]] = {c.sha256: set() for c in meta.captures}
    facts[meta.current].update(STRUCTURE)
    if meta.author_name:
        facts[meta.current].discard("author_name")

    def fill(name: str, own: Any, others: Sequence[tuple[str, Any]]) -> Any:
        for sha, value in [(meta.current, own), *others]:
            if value is not None:
                facts[sha].add(name)
                return value
        return None

    thread_facts = {
        name: fill(name, getattr(current, name), [(sha, getattr(t, name)) for sha, t in earlier])
        for name in THREAD_FACTS
    }
    for name in THREAD_FACTS:  # curated facts override the captures'
        if getattr(meta, name, None):
            thread_facts[name] = getattr(meta, name)
    capture = meta.current_capture
    thread_row = {
        **thread_facts,
        "thread_id": meta.thread_id,
        "author_name": meta.author_name or current.author_name,
        "published_date": current.published_date.isoformat(),
        "tweet_count": current.tweet_count,
        "language": meta.language or _agreed_language(current),
        "known_gaps": meta.known_gaps or current.known_gaps,
        "rights": meta.rights,
        "source_format": capture.format,
        "captured_at": capture.captured_at,
        "captured_at_utc": utc(capture.captured_at, "iso"),
        "capture_path": capture.path,
        "capture_sha256": capture.sha256,
        "terms": meta.terms,
    }
    aligned = [(sha, t) for sha, t in earlier if len(t.tweets) == len(current.tweets)]
    tweet_rows = []
    differing: Differing = []
    for index, tweet in enumerate(current.tweets):
        copies = [
            (sha, t.tweets[index])
            for sha, t in aligned
            if not (
                tweet.tweet_id and t.tweets[index].tweet_id and tweet.tweet_id != t.tweets[index].tweet_id
            )
        ]
        sha, source = _text_source([(meta.current, tweet), *copies])
        facts[sha].add("text")
        row = {
            "thread_id": meta.thread_id,
            "position": tweet.position,
            "marker": source.marker,
            "text": source.text,
            "text_capture": None if sha == meta.current else sha,
        }
        for name in TWEET_FACTS:
            row[name] = fill(
                name, getattr(tweet, name), [(sha, getattr(t.tweets[index], name)) for sha, t in aligned]
            )
        if curated := meta.tweet_ids.get(tweet.position):
            row["tweet_id"] = curated
        tweet_rows.append(row)
        others = [
            (other, copy.text) for other, copy in [(meta.current, tweet), *copies] if copy.text != source.text
        ]
        if others:
            differing.append((index, sha, others))
    return thread_row, tweet_rows, facts, differing


def truncation_of(text: str, other: str) -> bool:
    """Whether ``text`` is ``other`` cut short: a prefix of ``other`` followed by an
    ellipsis ("\u2026" or "..."), and after it, or not, the t.co link X appends to a
    long post's cut ``full_text``, where ``other`` goes on beyond that prefix.

    Parameters
    ----------
    text
        The text that may be cut short.
    other
        Another capture's text of the same tweet.

    Returns
    -------
    bool
        True when ``text`` is a truncation of ``other``.
    """
    stem = _cut_stem(text)
    return stem is not None and len(_cut_stem(other) or other) > len(stem) and other.startswith(stem)


def _cut_stem(text: str) -> str | None:
    """What a cut text keeps before its ellipsis (and link); None when it shows no cut."""
    bare = text.rstrip()
    # From the end, word by word: a regular expression anchored at the end would try every
    # start, quadratic in a long run of white space.
    for _ in range(MAX_APPENDED_LINKS):
        if len(parts := bare.rsplit(None, 1)) != 2 or not _LINK.fullmatch(parts[1]):
            break
        bare = parts[0].rstrip()
    for ellipsis in _ELLIPSES:
        if bare.endswith(ellipsis):
            return bare[: -len(ellipsis)].rstrip() or None
    return None


def _text_source(copies: Sequence[tuple[str, Tweet]]) -> tuple[str, Tweet]:
    """The capture (and its copy of the tweet) whose text a tweet's row takes: the
    first of ``copies`` (in order of preference) whose text is no truncation of
    another's; the first when every one is."""
    if len({tweet.text for _, tweet in copies}) == 1:  # one capture, or all agree: nothing to choose
        return copies[0]
    for sha, tweet in copies:
        if not any(truncation_of(tweet.text, other.text) for _, other in copies if other.text != tweet.text):
            return sha, tweet
    return copies[0]


def _disagreement(
    meta: ThreadMeta, tweet_row: Mapping[str, Any], chosen: str, others: Sequence[tuple[str, str]], row: int
) -> Finding:
    """The text-disagreement of one tweet: which capture its text came from, and how
    each other capture's text differs from it."""
    records = {c.sha256: c for c in meta.captures}

    def label(sha: str) -> str:
        return f"{RAW_DIR / records[sha].path} ({records[sha].format})"

    text, taken_from = tweet_row["text"], label(chosen)
    found = []
    for sha, other in others:
        if truncation_of(other, text):
            found.append(f"{label(sha)} a truncation of the text taken from {taken_from}")
        else:
            kept, given, at = shown_apart(text, other)
            found.append(
                f"{label(sha)} another text than the one taken from {taken_from}: {given} where it has {kept}{at}"
            )
    position = tweet_row["position"]
    message = (
        f"expected the captures of tweet {position} to give one text, found in {'; in '.join(found)} "
        "(acknowledge it, with a note, once checked)"
    )
    return TEXT_DISAGREEMENT(
        message,
        path=contract.table("tweets").path(),
        row=row,
        field="text",
        thread_id=meta.thread_id,
        position=position,
    )


def _capture_rows(
    meta: ThreadMeta,
    facts: Mapping[str, set[str]],
    captures: Mapping[str, Capture],
    threads: Mapping[str, Thread],
    cells: dict[tuple[str, str | None], str | None],
) -> list[dict[str, Any]]:
    def provenance(sha: str) -> str | None:
        # A WARC's many threads share its records: the cell is made once a page.
        key = (sha, threads[sha].source_url)
        if key not in cells:
            cells[key] = provenance_cell(captures[sha], threads[sha])
        return cells[key]

    return [
        {
            "thread_id": meta.thread_id,
            "capture_sha256": c.sha256,
            "capture_path": c.path,
            "original_name": c.original_name,
            "source_format": c.format,
            "captured_at": c.captured_at,
            "captured_at_utc": utc(c.captured_at, "iso"),
            "ingested_on": c.ingested_on,
            "role": "current" if c.sha256 == meta.current else "earlier",
            "facts": " ".join(sorted(facts[c.sha256])) or None,
            "provenance": provenance(c.sha256),
        }
        for c in sorted(meta.captures, key=lambda c: c.sha256)
    ]


# Entries of a provenance left out for its bound are counted under this key.
OMITTED = "omitted"
_RESERVE = 100  # characters kept for that count
_CUT = "\u2026"


def provenance_cell(capture: Capture, thread: Thread) -> str | None:
    """What a capture's container says of where and when it was captured, as the
    captures table keeps it for one thread: the page the thread was collected on
    (``source_url``, as the container gives it, whatever the curator says) and the
    capture's provenance (``Capture.provenance``); one JSON object of strings on one
    line, keys sorted, None when the container says nothing.

    It is read again from the capture's bytes at every rebuild, never copied into the
    metadata: a pure function of the kept capture. Bounded and escaped, as a container
    may be crafted: a key or value longer than MAX_PROVENANCE_VALUE_CHARS is cut (and
    ends with an ellipsis); entries that would take the object past
    MAX_PROVENANCE_CHARS are left out, in the reader's order, and counted under
    ``omitted`` (from the first that does not fit on); every character that is not printable (line breaks, controls, format
    characters, lone surrogates) is written as its JSON escape, so the cell is one
    line of valid UTF-8 whatever the container held.

    Parameters
    ----------
    capture
        The capture as its reader returned it.
    thread
        The thread of that capture the row is of.

    Returns
    -------
    str or None
        The JSON object, or None for a capture without provenance.
    """
    page = (("source_url", thread.source_url),) if thread.source_url else ()
    fields = unique_keys((*page, *capture.provenance))
    if not fields:
        return None
    kept: dict[str, str] = {}
    size, omitted = len("{}") + _RESERVE, 0
    for index, (key, value) in enumerate(fields.items()):
        key, value = _cut(key), _cut(value)
        piece = len(_string(key)) + len(_string(value)) + 2  # the colon and a comma
        if size + piece > MAX_PROVENANCE_CHARS:  # this one and every later one
            omitted += len(fields) - index
            break
        if key in kept or key == OMITTED:  # the same once cut, or the name of the count
            omitted += 1
            continue
        kept[key] = value
        size += piece
    if omitted:
        kept[OMITTED] = f"{omitted} more entries, past the cell's {MAX_PROVENANCE_CHARS:,} characters"
    return "{" + ",".join(f"{_string(k)}:{_string(kept[k])}" for k in sorted(kept)) + "}"


def _cut(text: str) -> str:
    if len(text) <= MAX_PROVENANCE_VALUE_CHARS:
        return text
    return text[: MAX_PROVENANCE_VALUE_CHARS - 1] + _CUT


def _string(text: str) -> str:
    """``text`` as a JSON string of printable characters: json escapes the quotes, the
    backslash and the controls below U+0020; the other characters that are not
    printable are escaped here (as UTF-16, like JSON's own escapes)."""
    dumped = json.dumps(text, ensure_ascii=False)
    if dumped.isprintable():
        return dumped
    return "".join(c if c.isprintable() else _escape(ord(c)) for c in dumped)


def _escape(code: int) -> str:
    if code > 0xFFFF:  # a surrogate pair, as JSON writes a character past the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def to_csv(field_names: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """Rows as UTF-8 CSV with "\\n" line ends; None is written as an empty cell."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(field_names)
    for row in rows:
        missing = [name for name in field_names if name not in row]
        if missing:
            raise InputError(f"the schema asks for field(s) {missing} that ingest does not produce")
        writer.writerow(["" if row[name] is None else row[name] for name in field_names])
    return buffer.getvalue().encode("utf-8")
