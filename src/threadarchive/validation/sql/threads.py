"""Thread integrity in SQL, over the kept tables of threads and tweets.

The checks of every engine: the SQL engines' kept tables, or the columns the fast
engine kept, handed to DuckDB (engine.integrity_of). Each is one query, in this order:

- threads that state no terms (``rights-missing``);
- per thread: tweets, distinct positions, first and last position, first row, from one
  aggregate of the tweets by thread (a thread's tweets belong to the first row of its ID;
  tweets of no thread, or without a position, are other findings already):
  ``thread-without-tweets``, ``position-gap``, ``tweet-count-mismatch``;
- blank author names, dates outside Twitter's lifetime;
- markers (markers.PARTS, read once per distinct marker): their number against the
  position, their form against the thread's usual one (its most common form; a tie
  goes to the form used first).

Nothing grows with the archive but DuckDB's own tables, which spill to disk.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from threadarchive.capture import markers
from threadarchive.contract.findings import (
    AUTHOR_NAME_BLANK,
    DATE_OUT_OF_RANGE,
    MARKER_POSITION_MISMATCH,
    MARKER_STYLE_MISMATCH,
    POSITION_GAP,
    RIGHTS_MISSING,
    THREAD_WITHOUT_TWEETS,
    TWEET_COUNT_MISMATCH,
    Finding,
)
from threadarchive.contract.limits import MAX_FINDINGS_PER_TYPE
from threadarchive.validation.kept import FIRST_TWEET, NEEDED
from threadarchive.validation.messages import TERMS_MISSING, count_mismatch
from threadarchive.validation.schema.literals import WHITE_SPACE
from threadarchive.validation.sql.checks import quote

LISTED = MAX_FINDINGS_PER_TYPE  # findings of one type listed (the report says how many more)
_BLANK = f"[{WHITE_SPACE}]*"  # only white space, as Python's str.strip() takes it
# The marker grammar's parts by the number of their group: named groups are Python's and
# RE2's, not Java's (Spark), so the SQL asks for each by its number.
_GROUPS = re.compile(markers.PARTS).groupindex
_PARTS = re.sub(r"\(\?P<[a-z]+>", "(", markers.PARTS)


def check(
    backend: Any,
    threads: tuple[str, str, set[str]],
    tweets: tuple[str, str, set[str]],
    today: dt.date,
    *,
    repeating: list[Any] | None = None,
) -> list[Finding]:
    """Integrity findings of the threads and tweets tables: each given as (relation, path,
    its kept columns); none when a column the checks need is missing (the schema layer
    has said why). ``repeating``: the threads whose positions repeat (the primary key
    (thread_id, position) found them), None if unknown: the positions of the other threads
    are counted without looking for repeats, a tenth of the time and memory."""
    (th, threads_path, thread_columns), (tw, tweets_path, tweet_columns) = threads, tweets
    if not set(NEEDED["threads"]) <= thread_columns or not set(NEEDED["tweets"]) <= tweet_columns:
        return []
    findings = _terms(backend, th, threads_path) if "terms" in thread_columns else []
    # A tweet belongs to the first row of its thread's ID (its owner); every other row of
    # that ID has no tweets. Tweets without a position, or of no thread, are left out.
    count = "count(DISTINCT position)" if repeating is None else "count(position)"
    exact, repeats = "g.n", ""
    if repeating:  # the positions of these threads repeat: counted once each
        listed = ", ".join(quote(str(v)) for v in repeating)
        exact = "coalesce(x.n, g.n)"
        repeats = (
            f"LEFT JOIN (SELECT thread_id, count(DISTINCT position) AS n FROM {tw} WHERE position IS NOT NULL "
            f"AND thread_id IN ({listed}) GROUP BY thread_id) x ON x.thread_id = f.thread_id "
        )
    backend.execute(
        "CREATE OR REPLACE TEMP TABLE _threads AS "
        f"SELECT t._row, t.thread_id, t.tweet_count, t.known_gaps, coalesce({exact}, 0) AS n, g.first_p, g.last_p, "
        "g.first_row FROM "
        f"{th} t LEFT JOIN (SELECT thread_id, min(_row) AS owner FROM {th} WHERE thread_id IS NOT NULL "
        "GROUP BY thread_id) f ON f.owner = t._row "
        f"LEFT JOIN (SELECT thread_id, {count} AS n, min(position) AS first_p, max(position) AS last_p, "
        f"min(_row) AS first_row FROM {tw} WHERE position IS NOT NULL GROUP BY thread_id) g ON g.thread_id = f.thread_id "
        f"{repeats}WHERE t.thread_id IS NOT NULL"
    )
    findings += _counts(backend, tw, threads_path, tweets_path)
    findings += _authors_and_dates(backend, th, threads_path, today)
    findings += _markers(backend, th, tw, tweets_path)
    backend.execute("DROP TABLE _threads")
    return findings


def _terms(backend: Any, th: str, path: str) -> list[Finding]:
    rows = backend.rows(f"SELECT _row, thread_id FROM {th} WHERE terms IS NULL ORDER BY _row LIMIT {LISTED}")
    return [
        RIGHTS_MISSING(TERMS_MISSING, path=path, row=row, field="terms", thread_id=_text(thread_id))
        for row, thread_id in rows
    ]


def _counts(backend: Any, tw: str, threads_path: str, tweets_path: str) -> list[Finding]:
    findings = []
    for row, thread_id in backend.rows(
        f"SELECT _row, thread_id FROM _threads WHERE n = 0 ORDER BY _row LIMIT {LISTED}"
    ):
        message = f"expected tweets of thread {thread_id} in {tweets_path}, found none"
        findings.append(
            THREAD_WITHOUT_TWEETS(
                message, path=threads_path, row=row, field="thread_id", thread_id=_text(thread_id)
            )
        )
    gaps = backend.rows(
        "SELECT t.thread_id, t.last_p, t.first_row, list(DISTINCT w.position) "
        "FROM (SELECT * FROM _threads WHERE n > 0 AND (first_p <> 1 OR last_p <> n) "
        f"ORDER BY _row LIMIT {LISTED}) t JOIN {tw} w ON w.thread_id = t.thread_id AND w.position IS NOT NULL "
        "GROUP BY t._row, t.thread_id, t.last_p, t.first_row ORDER BY t._row"
    )
    for thread_id, last, first_row, positions in gaps:
        missing = list(_missing(positions, last, 11))
        shown_missing = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
        message = f"expected positions 1..{last} without gaps, found {shown_missing} missing"
        findings.append(
            POSITION_GAP(
                message,
                path=tweets_path,
                row=first_row,
                field="position",
                thread_id=_text(thread_id),
                position=missing[0] if missing else None,
            )
        )
    mismatched = backend.rows(
        "SELECT _row, thread_id, tweet_count, n, known_gaps FROM _threads WHERE n > 0 AND tweet_count IS NOT NULL "
        f"AND tweet_count <> n ORDER BY _row LIMIT {LISTED}"
    )
    for row, thread_id, declared, found, known in mismatched:
        message = count_mismatch(declared, found, known)
        findings.append(
            TWEET_COUNT_MISMATCH(
                message,
                severity="warning" if known else None,  # a known gap is no error
                path=threads_path,
                row=row,
                field="tweet_count",
                thread_id=_text(thread_id),
            )
        )
    return findings


def _missing(positions: list[int], last: int, limit: int) -> Iterator[int]:
    """The first ``limit`` numbers of 1..last that are not among ``positions``."""
    present = iter(sorted(p for p in set(positions) if 1 <= p <= last))
    following, expected, found = next(present, None), 1, 0
    while expected <= last and found < limit:
        if following == expected:
            following = next(present, None)
        else:
            yield expected
            found += 1
        expected += 1


def _authors_and_dates(backend: Any, th: str, path: str, today: dt.date) -> list[Finding]:
    findings = []
    blank = backend.rows(
        f"SELECT _row, thread_id, author_name FROM {th} WHERE thread_id IS NOT NULL AND author_name IS NOT NULL "
        f"AND regexp_full_match(author_name, {quote(_BLANK)}) ORDER BY _row"
    )
    for row, thread_id, name in blank:
        message = f"expected an author name, found only white space {name!r}"
        findings.append(
            AUTHOR_NAME_BLANK(message, path=path, row=row, field="author_name", thread_id=_text(thread_id))
        )
    outside = backend.rows(
        f"SELECT _row, thread_id, published_date FROM {th} WHERE thread_id IS NOT NULL AND "
        f"(published_date < DATE {quote(FIRST_TWEET.isoformat())} OR published_date > DATE {quote(today.isoformat())}) "
        "ORDER BY _row"
    )
    for row, thread_id, date in outside:
        message = f"expected a date between {FIRST_TWEET} (the first tweet) and today ({today}), found {date}"
        findings.append(
            DATE_OUT_OF_RANGE(message, path=path, row=row, field="published_date", thread_id=_text(thread_id))
        )
    return findings


def _markers(backend: Any, th: str, tw: str, path: str) -> list[Finding]:
    """Markers whose number is not their position, or whose form is not the thread's usual one."""
    parts = quote(_PARTS)
    extracted = ", ".join(f"regexp_extract(marker, {parts}, {_GROUPS[name]}) AS p_{name}" for name in _GROUPS)
    # Each distinct marker is read once (there are few), then joined to its tweets.
    backend.execute(
        "CREATE OR REPLACE TEMP TABLE _forms AS SELECT marker, "
        "coalesce(TRY_CAST(CASE WHEN p_number <> '' THEN p_number ELSE p_total END AS BIGINT), 0) AS number, "
        "(CASE WHEN p_open <> '' THEN 4 ELSE 0 END) + (CASE WHEN p_number <> '' THEN 2 ELSE 0 END) "
        "+ (CASE WHEN p_total <> '' THEN 1 ELSE 0 END) AS form "
        f"FROM (SELECT marker, {extracted} "
        f"FROM (SELECT DISTINCT marker FROM {tw} WHERE marker IS NOT NULL) WHERE regexp_full_match(marker, {parts}))"
    )
    # Tweets of no thread are foreign-key errors, left out here; when there are none (the
    # usual case), the tweets are not matched to the threads three times over.
    unknown = backend.rows(
        f"SELECT count(*) FROM {tw} WHERE position IS NOT NULL AND marker IS NOT NULL "
        f"AND thread_id NOT IN (SELECT thread_id FROM {th} WHERE thread_id IS NOT NULL)"
    )[0][0]
    known = f" AND w.thread_id IN (SELECT thread_id FROM {th})" if unknown else " AND w.thread_id IS NOT NULL"
    marked = (
        "SELECT w._row, w.thread_id, w.position, w.marker, d.number, d.form "
        f"FROM {tw} w JOIN _forms d ON d.marker = w.marker WHERE w.position IS NOT NULL{known}"
    )
    findings = []
    numbered = backend.rows(
        f"SELECT _row, thread_id, position, marker FROM ({marked}) WHERE number <> position "
        f"ORDER BY _row LIMIT {LISTED}"
    )
    for row, thread_id, position, marker in numbered:
        message = f"expected a marker numbered {position}, found {marker!r}"
        findings.append(_tweet_finding(MARKER_POSITION_MISMATCH, message, path, row, thread_id, position))
    # A thread's usual form: the most common; a tie goes to the form it uses first.
    # Each step streams the tweets again (joined to the few forms) rather than holding them.
    top = backend.rows(f"SELECT max(position) FROM ({marked})")[0][0]
    styled = (
        backend.rows(
            "WITH c AS (SELECT thread_id, form, "
            f"count(*) * ({top} + 2) - least(min(position), {top} + 1) AS score FROM ({marked}) GROUP BY thread_id, form), "
            "u AS (SELECT thread_id, form AS usual FROM c "
            "QUALIFY row_number() OVER (PARTITION BY thread_id ORDER BY score DESC, form) = 1) "
            f"SELECT k._row, k.thread_id, k.position, k.marker, u.usual FROM ({marked}) k JOIN u ON u.thread_id = k.thread_id "
            f"WHERE k.form <> u.usual ORDER BY k._row LIMIT {LISTED}"
        )
        if top is not None
        else []
    )
    for row, thread_id, position, marker, usual in styled:
        message = f"expected a marker of the thread's form {markers.FORMS[int(usual)]!r}, found {marker!r}"
        findings.append(_tweet_finding(MARKER_STYLE_MISMATCH, message, path, row, thread_id, position))
    backend.execute("DROP TABLE _forms")
    return sorted(findings, key=lambda f: f.row or 0)


def _tweet_finding(kind: Any, message: str, path: str, row: int, thread_id: Any, position: Any) -> Finding:
    return kind(message, path=path, row=row, field="marker", thread_id=_text(thread_id), position=position)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
