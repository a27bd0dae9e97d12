"""Thread integrity: what no generic schema check sees, over whole columns.

Checked on the typed columns the schema layer kept (see tablecheck.TableScan):

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

from .report import Finding, Severity
from .tablecheck import FINDING_LIMIT, TableScan

KEEP = {
    "threads": ["thread_id", "tweet_count", "known_gaps", "author_name", "published_date"],
    "tweets": ["thread_id", "position", "marker"],
}
FIRST_TWEET = dt.date(2006, 3, 21)
_MARKER_NUMBER = r"^(?:\((?P<a>[0-9]+)/[0-9]+\)|(?P<b>[0-9]+)/[0-9]*|/(?P<c>[0-9]+))$"


def check_threads(threads: TableScan, tweets: TableScan, *, today: dt.date | None = None) -> list[Finding]:
    """Integrity findings for a threads table and its tweets table."""
    if not _has(threads, KEEP["threads"]) or not _has(tweets, KEEP["tweets"]):
        return []  # the schema layer has reported why the columns are unusable
    thread_table = pa.table({name: threads.columns[name] for name in [*KEEP["threads"], "_row"]})
    tweet_table = pa.table({name: tweets.columns[name] for name in [*KEEP["tweets"], "_row"]})
    thread_table = thread_table.filter(pc.is_valid(thread_table["thread_id"]))
    # Each tweet's thread as the index of its row in thread_table; orphans are
    # foreign-key errors already and are left out here.
    index = pc.index_in(tweet_table["thread_id"], value_set=thread_table["thread_id"].combine_chunks())
    usable = pc.and_(pc.is_valid(index), pc.is_valid(tweet_table["position"]))
    tweet_table = tweet_table.append_column("thread", index).filter(usable)
    findings = _counts(thread_table, tweet_table, threads.resource.path, tweets.resource.path)
    findings += _authors_and_dates(thread_table, threads.resource.path, today or dt.date.today())
    findings += _markers(tweet_table, tweets.resource.path)
    return findings


def _has(scan: TableScan, names: list[str]) -> bool:
    return scan.readable and all(name in scan.columns for name in [*names, "_row"])


def _numpy(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return column.to_numpy() if isinstance(column, pa.ChunkedArray) else column.to_numpy(zero_copy_only=False)


def _counts(threads: pa.Table, tweets: pa.Table, threads_path: str, tweets_path: str) -> list[Finding]:
    n = threads.num_rows
    thread, position, row = (_numpy(tweets[name]).astype(np.int64) for name in ("thread", "position", "_row"))
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
    rows = _numpy(threads["_row"])
    declared = threads["tweet_count"]
    known_gaps = threads["known_gaps"]
    findings = []
    for i in _listed(distinct == 0):
        message = f"expected tweets of thread {thread_ids[i]} in {tweets_path}, found none"
        findings.append(
            _finding("thread-without-tweets", "error", message, threads_path, int(rows[i]), thread_ids[i])
        )
    for i in _listed((distinct > 0) & ((first != 1) | (last != distinct))):
        group = position[thread == i]
        missing = sorted(set(range(1, int(last[i]) + 1)) - set(group.tolist()))
        shown_missing = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
        message = f"expected positions 1..{last[i]} without gaps, found {shown_missing} missing"
        findings.append(
            Finding(
                "position-gap",
                "error",
                message,
                path=tweets_path,
                row=int(first_row[i]),
                field="position",
                thread_id=thread_ids[i].as_py(),
                position=missing[0] if missing else None,
            )
        )
    counts = declared.to_numpy(zero_copy_only=False) if declared.null_count == 0 else None
    if counts is None:
        counts = np.array([-1 if v is None else v for v in declared.to_pylist()])
    for i in _listed((distinct > 0) & (counts >= 0) & (counts != distinct)):
        known = known_gaps[i].as_py()
        message = f"expected {counts[i]} tweets as the capture declares, found {distinct[i]}" + (
            f" (known gap: {known})" if known else "; record a known gap in the thread's metadata if real"
        )
        severity: Severity = "warning" if known else "error"
        findings.append(
            _finding(
                "tweet-count-mismatch",
                severity,
                message,
                threads_path,
                int(rows[i]),
                thread_ids[i],
                "tweet_count",
            )
        )
    return findings


def _authors_and_dates(threads: pa.Table, path: str, today: dt.date) -> list[Finding]:
    findings = []
    names = threads["author_name"]
    blank = pc.and_(pc.is_valid(names), pc.equal(pc.utf8_trim_whitespace(names), ""))
    for row in threads.filter(blank).to_pylist():
        message = f"expected an author name, found only white space {row['author_name']!r}"
        findings.append(
            _finding(
                "author-name-blank", "error", message, path, row["_row"], row["thread_id"], "author_name"
            )
        )
    dates = threads["published_date"]
    outside = pc.or_(
        pc.less(dates, pa.scalar(FIRST_TWEET, pa.date32())), pc.greater(dates, pa.scalar(today, pa.date32()))
    )
    for row in threads.filter(outside.fill_null(False)).to_pylist():
        message = (
            f"expected a date between {FIRST_TWEET} (the first tweet) and today ({today}), "
            f"found {row['published_date']}"
        )
        findings.append(
            _finding(
                "date-out-of-range", "error", message, path, row["_row"], row["thread_id"], "published_date"
            )
        )
    return findings


def _markers(tweets: pa.Table, path: str) -> list[Finding]:
    marked = tweets.filter(pc.is_valid(tweets["marker"]))
    groups = pc.extract_regex(marked["marker"], _MARKER_NUMBER)
    # extract_regex gives "" for an alternative that did not match
    parts = [pc.struct_field(groups, i) for i in range(3)]
    number = pc.cast(pc.coalesce(*(pc.if_else(pc.equal(p, ""), None, p) for p in parts)), pa.int64())
    marked = marked.append_column("number", number).filter(pc.is_valid(number))
    if marked.num_rows == 0:
        return []  # markers that are not markers are schema errors already

    findings = []
    disagree = marked.filter(pc.not_equal(marked["number"], marked["position"]))
    for row in disagree.slice(0, FINDING_LIMIT).to_pylist():
        message = f"expected a marker numbered {row['position']}, found {row['marker']!r}"
        findings.append(_tweet_finding("marker-position-mismatch", message, path, row))

    # A thread's usual form ("n/", "/n", "n/m", "(n/m)") is its most common one; a tie
    # goes to the form it uses first.
    form = pc.dictionary_encode(pc.replace_substring_regex(marked["marker"], "[0-9]+", "n").combine_chunks())
    form_code = form.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    thread = _numpy(marked["thread"]).astype(np.int64)
    position = _numpy(marked["position"])
    pair = thread * len(form.dictionary) + form_code
    pairs, inverse, counts = np.unique(pair, return_inverse=True, return_counts=True)
    first_use = np.full(len(pairs), np.iinfo(np.int64).max)
    np.minimum.at(first_use, inverse, position)
    pair_thread = pairs // len(form.dictionary)
    best = np.lexsort((first_use, -counts, pair_thread))
    leaders = best[np.r_[True, pair_thread[best][1:] != pair_thread[best][:-1]]]
    usual = dict(
        zip(pair_thread[leaders].tolist(), (pairs[leaders] % len(form.dictionary)).tolist(), strict=True)
    )
    usual_codes = np.zeros(int(thread.max()) + 1, dtype=np.int64)
    usual_codes[list(usual)] = list(usual.values())
    for i in _listed(form_code != usual_codes[thread]):
        row = {name: marked[name][int(i)].as_py() for name in ("thread_id", "position", "marker", "_row")}
        usual_form = form.dictionary[usual[int(thread[i])]].as_py()
        message = f"expected a marker of the thread's form {usual_form!r}, found {row['marker']!r}"
        findings.append(_tweet_finding("marker-style-mismatch", message, path, row))
    return sorted(findings, key=lambda f: f.row or 0)


def _listed(mask: np.ndarray) -> np.ndarray:
    """Indices of the rows to report: the first FINDING_LIMIT, like the schema layer.

    validate() adds a finding-limit warning for every type that reaches the limit.
    """
    return np.flatnonzero(mask)[:FINDING_LIMIT]


def _finding(
    kind: str,
    severity: Severity,
    message: str,
    path: str,
    row: int,
    thread_id: object,
    field: str = "thread_id",
) -> Finding:
    thread = thread_id.as_py() if isinstance(thread_id, pa.Scalar) else thread_id
    return Finding(kind, severity, message, path=path, row=row, field=field, thread_id=thread)


def _tweet_finding(kind: str, message: str, path: str, row: dict) -> Finding:
    return Finding(
        kind,
        "warning",
        message,
        path=path,
        row=row["_row"],
        field="marker",
        thread_id=row["thread_id"],
        position=row["position"],
    )
