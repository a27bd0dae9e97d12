"""Thread integrity: what no generic schema check sees, over whole columns.

Checked on the typed columns the schema layer kept (see schema.TableScan):

- every thread has tweets (``thread-without-tweets``);
- positions run 1..N in each thread (``position-gap``; repeats are primary-key errors);
- N equals the declared ``tweet_count`` (``tweet-count-mismatch``: an error, a
  warning when the thread's ``known_gaps`` records the gap);
- author name not blank (``author-name-blank``), date within Twitter's lifetime
  (``date-out-of-range``);
- markers agree with positions (``marker-position-mismatch``) and with the form the
  thread uses (``marker-style-mismatch``, like the seed's ``/12`` among ``N/``):
  warnings, anomalies to report and keep, never to fix.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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
    Kind,
    Severity,
)
from threadarchive.contract.limits import MAX_FINDINGS_PER_TYPE
from threadarchive.validation import arrow
from threadarchive.validation.kept import FIRST_TWEET, KEEP, NEEDED  # noqa: F401 (KEEP: for callers)
from threadarchive.validation.messages import TERMS_MISSING, count_mismatch
from threadarchive.validation.scan import TableScan

_ZERO = arrow.scalar(0, pa.int32())
_NO_NUMBER = arrow.scalar("0", pa.string())


def check_threads(threads: TableScan, tweets: TableScan, *, today: dt.date | None = None) -> list[Finding]:
    """Integrity findings for a threads table and its tweets table."""
    if not _has(threads, NEEDED["threads"]) or not _has(tweets, NEEDED["tweets"]):
        return []  # the schema layer has reported why the columns are unusable
    findings = _terms(threads)
    thread_table = pa.table({name: threads.columns[name] for name in [*NEEDED["threads"], "_row"]})
    tweet_table = pa.table({name: tweets.columns[name] for name in [*NEEDED["tweets"], "_row"]})
    parts = [marker_parts(chunk) for chunk in tweets.columns["marker"].chunks]
    for name in ("marker_number", "marker_form"):
        tweet_table = tweet_table.append_column(
            name,
            pa.chunked_array(
                [p[name] for p in parts], type=pa.int64() if name == "marker_number" else pa.int8()
            ),
        )
    if thread_table["thread_id"].null_count:
        thread_table = thread_table.filter(pc.is_valid(thread_table["thread_id"]))
    # Each tweet's thread as the index of its row in thread_table; orphans are
    # foreign-key errors already and are left out here.
    index = _thread_index(tweet_table["thread_id"], thread_table["thread_id"].combine_chunks())
    tweet_table = tweet_table.append_column("thread", index)
    if index.null_count or tweet_table["position"].null_count:  # filtering copies: only when needed
        tweet_table = tweet_table.filter(pc.and_(pc.is_valid(index), pc.is_valid(tweet_table["position"])))
    findings += _counts(thread_table, tweet_table, threads.resource.path, tweets.resource.path)
    findings += _authors_and_dates(thread_table, threads.resource.path, today or dt.date.today())
    findings += _markers(tweet_table, tweets.resource.path)
    return findings


def _thread_index(of_tweets: pa.ChunkedArray, thread_ids: pa.Array) -> pa.Array:
    """Each tweet's thread as a row index of thread_ids; null for an unknown thread."""
    column = of_tweets.combine_chunks()
    if pa.types.is_dictionary(column.type):  # codes from the foreign-key check: look up the few values
        return pc.take(pc.index_in(column.dictionary, value_set=thread_ids), column.indices)
    return pc.index_in(column, value_set=thread_ids)


def _has(scan: TableScan, names: list[str]) -> bool:
    return scan.readable and all(name in scan.columns for name in [*names, "_row"])


def _counts(threads: pa.Table, tweets: pa.Table, threads_path: str, tweets_path: str) -> list[Finding]:
    n = threads.num_rows
    thread, position, row = (arrow.numpy(tweets[name]) for name in ("thread", "position", "_row"))
    if len(thread) > 1 and not _sorted(thread, position):
        order = np.lexsort((position, thread))
        thread, position, row = thread[order], position[order], row[order]
    first, last, first_row, distinct = (np.zeros(n, dtype=np.int64) for _ in range(4))
    if len(thread):
        starts = np.flatnonzero(np.r_[True, thread[1:] != thread[:-1]])
        ends = np.r_[starts[1:], len(thread)] - 1
        new_position = np.r_[True, (thread[1:] != thread[:-1]) | (position[1:] != position[:-1])]
        distinct = np.bincount(thread[new_position], minlength=n)
        present = thread[starts]
        first[present], last[present] = position[starts], position[ends]
        first_row[present] = np.minimum.reduceat(row, starts)

    thread_ids = threads["thread_id"]
    rows = arrow.numpy(threads["_row"])
    declared = threads["tweet_count"]
    known_gaps = threads["known_gaps"]
    findings = []
    for i in _listed(distinct == 0):
        message = f"expected tweets of thread {thread_ids[i]} in {tweets_path}, found none"
        findings.append(
            _finding(THREAD_WITHOUT_TWEETS, None, message, threads_path, int(rows[i]), thread_ids[i])
        )
    for i in _listed((distinct > 0) & ((first != 1) | (last != distinct))):
        group = position[thread == i]
        missing = sorted(set(range(1, int(last[i]) + 1)) - set(group.tolist()))
        shown_missing = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
        message = f"expected positions 1..{last[i]} without gaps, found {shown_missing} missing"
        findings.append(
            POSITION_GAP(
                message,
                path=tweets_path,
                row=int(first_row[i]),
                field="position",
                thread_id=thread_ids[i].as_py(),
                position=missing[0] if missing else None,
            )
        )
    counts = arrow.numpy(declared.fill_null(arrow.scalar(-1, declared.type)))
    for i in _listed((distinct > 0) & (counts >= 0) & (counts != distinct)):
        known = known_gaps[i].as_py()
        message = count_mismatch(counts[i], distinct[i], known)
        severity: Severity | None = "warning" if known else None  # a known gap is no error
        findings.append(
            _finding(
                TWEET_COUNT_MISMATCH,
                severity,
                message,
                threads_path,
                int(rows[i]),
                thread_ids[i],
                "tweet_count",
            )
        )
    return findings


def _terms(threads: TableScan) -> list[Finding]:
    """Threads that state no terms (a package without the column is older than them)."""
    if "terms" not in threads.columns:
        return []
    thread_ids, rows = threads.columns["thread_id"], threads.columns["_row"]
    message = TERMS_MISSING
    return [
        _finding(
            RIGHTS_MISSING,
            None,
            message,
            threads.resource.path,
            rows[i].as_py(),
            thread_ids[i],
            "terms",
        )
        for i in _listed(arrow.numpy(pc.is_null(threads.columns["terms"])))
    ]


def _authors_and_dates(threads: pa.Table, path: str, today: dt.date) -> list[Finding]:
    findings = []
    names = threads["author_name"]
    blank = pc.and_(pc.is_valid(names), pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(names)), _ZERO))
    for row in threads.filter(blank).to_pylist():
        message = f"expected an author name, found only white space {row['author_name']!r}"
        findings.append(
            _finding(AUTHOR_NAME_BLANK, None, message, path, row["_row"], row["thread_id"], "author_name")
        )
    dates = threads["published_date"]
    outside = pc.or_(
        pc.less(dates, arrow.scalar(FIRST_TWEET, pa.date32())),
        pc.greater(dates, arrow.scalar(today, pa.date32())),
    )
    for row in threads.filter(outside.fill_null(arrow.FALSE)).to_pylist():
        message = (
            f"expected a date between {FIRST_TWEET} (the first tweet) and today ({today}), "
            f"found {row['published_date']}"
        )
        findings.append(
            _finding(DATE_OUT_OF_RANGE, None, message, path, row["_row"], row["thread_id"], "published_date")
        )
    return findings


def marker_parts(marker: pa.Array) -> dict[str, pa.Array]:
    """Each marker's number and form, over a column of markers (of their distinct
    values, then taken for each row, when the column is a dictionary).

    Forms: "n/" 2, "/n" 1, "n/m" 3, "(n/m)" 7; both null where there is no marker (or
    the value is not one: a schema error already).
    """
    encoded = marker if pa.types.is_dictionary(marker.type) else pc.dictionary_encode(marker)
    # Markers repeat: each distinct one is read once, then taken for its rows.
    return {name: values.take(encoded.indices) for name, values in _parts(encoded.dictionary).items()}


def _parts(marker: pa.Array) -> dict[str, pa.Array]:
    parts = pc.extract_regex(marker, markers.PARTS)
    absent = ~_mask(pc.is_valid(parts))
    opened, number_text, total_text = (pc.struct_field(parts, i) for i in range(3))
    has = [arrow.numpy(pc.binary_length(p).fill_null(_ZERO)) > 0 for p in (opened, number_text, total_text)]
    digits = pc.if_else(pc.greater(pc.binary_length(number_text), _ZERO), number_text, total_text)
    number = arrow.numpy(
        pc.cast(digits.fill_null(_NO_NUMBER), pa.int64()).fill_null(arrow.scalar(0, pa.int64()))
    )
    form = has[0] * 4 + has[1] * 2 + has[2]
    return {
        "marker_number": arrow.ints(number, null=absent),
        "marker_form": arrow.ints(form, pa.int8(), null=absent),
    }


def _markers(tweets: pa.Table, path: str) -> list[Finding]:
    """Markers whose number is not their position, or whose form is not the thread's."""
    present = _mask(pc.is_valid(tweets["marker_form"]))
    if not present.any():
        return []
    mask = arrow.bools(present)
    number, form, thread, position = (
        arrow.numpy(tweets[name].filter(mask))
        for name in ("marker_number", "marker_form", "thread", "position")
    )
    rows = np.flatnonzero(present)

    findings = []
    for i in _listed(number != position):
        row = _row_of(tweets, int(rows[i]))
        message = f"expected a marker numbered {row['position']}, found {row['marker']!r}"
        findings.append(_tweet_finding(MARKER_POSITION_MISMATCH, message, path, row))

    # A thread's usual form is its most common one; a tie goes to the form it uses first.
    key = thread.astype(np.int64) * 8 + form  # one (thread, form) pair each
    size = (int(thread.max()) + 1) * 8
    counts = np.bincount(key, minlength=size)
    first_use = np.full(size, np.iinfo(np.int64).max)
    np.minimum.at(first_use, key, position)
    del key
    score = counts * (int(position.max()) + 2) - np.minimum(first_use, int(position.max()) + 1)
    usual = score.reshape(-1, 8).argmax(axis=1).astype(np.int8)
    for i in _listed(form != usual[thread]):
        row = _row_of(tweets, int(rows[i]))
        message = f"expected a marker of the thread's form {markers.FORMS[int(usual[thread[i]])]!r}, found {row['marker']!r}"
        findings.append(_tweet_finding(MARKER_STYLE_MISMATCH, message, path, row))
    return sorted(findings, key=lambda f: f.row or 0)


def _sorted(thread: np.ndarray, position: np.ndarray) -> bool:
    """Whether rows are already in (thread, position) order, as ingest writes them."""
    steps = np.diff(thread)
    return bool((steps >= 0).all() and (np.diff(position)[steps == 0] >= 0).all())


def _row_of(table: pa.Table, index: int) -> dict:
    return {name: table[name][index].as_py() for name in ("thread_id", "position", "marker", "_row")}


def _mask(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return arrow.numpy(array.fill_null(arrow.FALSE)) if array.null_count else arrow.numpy(array)


def _listed(mask: np.ndarray) -> np.ndarray:
    """Indices of the rows to report: the first MAX_FINDINGS_PER_TYPE, like the schema layer.

    validate() adds a finding-limit warning for every type that reaches the limit.
    """
    return np.flatnonzero(mask)[:MAX_FINDINGS_PER_TYPE]


def _finding(
    kind: Kind,
    severity: Severity | None,
    message: str,
    path: str,
    row: int,
    thread_id: object,
    field: str = "thread_id",
) -> Finding:
    thread = thread_id.as_py() if isinstance(thread_id, pa.Scalar) else thread_id
    return kind(
        message,
        severity=severity,
        path=path,
        row=row,
        field=field,
        thread_id=None if thread is None else str(thread),
    )


def _tweet_finding(kind: Kind, message: str, path: str, row: dict) -> Finding:
    return kind(
        message,
        path=path,
        row=row["_row"],
        field="marker",
        thread_id=row["thread_id"],
        position=row["position"],
    )
