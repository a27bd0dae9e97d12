"""The working tables as a pure function of the captures and the curated metadata.

Per thread, its current capture gives the thread's structure and text (author,
date, declared count, positions, markers, texts). Facts the current capture
lacks are filled in from its earlier captures, newest first: the author's handle
and bio, and per tweet its ID, when the earlier capture has the same number of
tweets (tweets are matched by position). Curated facts override both. The
``captures`` table records, per capture, which columns it supplied.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from threadarchive import contract
from threadarchive.archive.metadata import CaptureRecord, ThreadMeta
from threadarchive.archive.withdrawals import Withdrawals
from threadarchive.capture.fields import utc
from threadarchive.capture.model import Capture, Thread, Tweet
from threadarchive.contract.findings import Finding
from threadarchive.contract.layout import meta_path
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


@dataclass
class Tables:
    """The rows of every table, in their committed order, and the readers' warnings."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    warnings: list[Finding] = field(default_factory=list)

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
    tables.rows["withdrawals"] = withdrawals.rows() if withdrawals else []
    for meta in sorted(metas, key=lambda m: m.thread_id):
        where = meta_path(meta.thread_id)
        threads = {c.sha256: thread_in(captures[c.sha256], c, where) for c in meta.captures}
        thread_row, tweet_rows, facts = _thread_rows(meta, threads)
        tables.rows["threads"].append(thread_row)
        tables.rows["tweets"].extend(tweet_rows)
        tables.rows["captures"].extend(_capture_rows(meta, facts))
        tables.rows["anomalies"].extend(
            {"thread_id": meta.thread_id, "finding": a.finding, "position": a.position, "note": a.note}
            for a in sorted(meta.acknowledged, key=lambda a: (a.finding, a.position or 0))
        )
        tables.warnings.extend(threads[meta.current].warnings)
    return tables


def _thread_rows(
    meta: ThreadMeta, threads: Mapping[str, Thread]
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, set[str]]]:
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
    for index, tweet in enumerate(current.tweets):
        row = {
            "thread_id": meta.thread_id,
            "position": tweet.position,
            "marker": tweet.marker,
            "text": tweet.text,
        }
        for name in TWEET_FACTS:
            row[name] = fill(
                name, getattr(tweet, name), [(sha, getattr(t.tweets[index], name)) for sha, t in aligned]
            )
        if curated := meta.tweet_ids.get(tweet.position):
            row["tweet_id"] = curated
        tweet_rows.append(row)
    return thread_row, tweet_rows, facts


def _capture_rows(meta: ThreadMeta, facts: Mapping[str, set[str]]) -> list[dict[str, Any]]:
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
        }
        for c in sorted(meta.captures, key=lambda c: c.sha256)
    ]


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
