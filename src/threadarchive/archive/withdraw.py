"""Withdraw a thread going forward: its rows, captures and metadata leave the archive;
data/withdrawals.yaml and the release index record it."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

from threadarchive.archive.index import Index
from threadarchive.archive.ingest import thread_identity, unknown_thread
from threadarchive.archive.journal import Journal
from threadarchive.archive.metadata import (
    check_text,
)
from threadarchive.archive.store import Store
from threadarchive.archive.tables import thread_in
from threadarchive.archive.withdrawals import Event, Withdrawal, digested
from threadarchive.contract.layout import (
    INDEX_NAME,
    RAW_DIR,
    STATE_DIR,
    WITHDRAWALS_FILE,
    meta_path,
)
from threadarchive.errors import ConflictError, InputError


def withdraw(archive: Store, thread_id: str, reason: str, *, date: dt.date | None = None) -> Withdrawal:
    """Take a thread out of the archive going forward: its rows leave the tables, its raw
    captures and metadata leave the archive, and data/withdrawals.yaml records the
    date, the reason and each capture's SHA-256 (never the text). Published releases
    are not changed; the release index lists those that hold the thread."""
    from threadarchive.archive.published import index_withdrawal, releases_dir

    today = dt.date.today()
    date = date or today
    if not reason.strip():
        raise InputError("reason: expected why the thread is withdrawn, found nothing", parameter="reason")
    check_text(reason, "reason", parameter="reason")
    if date > today:  # the record is of what was done, and a reinstatement must follow it
        raise InputError(f"date: expected a date up to today ({today}), found {date}", parameter="date")
    with archive.writing():
        metas = {m.thread_id: m for m in archive.metadata()}
        withdrawals = archive.withdrawals()
        if thread_id not in metas:
            known = withdrawals.by_thread.get(thread_id)
            if known is not None and known.in_force:
                raise InputError(
                    f"thread {thread_id}: withdrawn already, on {known.last.date}: {known.last.reason}"
                )
            raise InputError(unknown_thread(thread_id, metas))
        meta = metas.pop(thread_id)
        shared = {c.path: other.thread_id for other in metas.values() for c in other.captures}
        if clash := sorted({shared[c.path] for c in meta.captures if c.path in shared}):
            raise ConflictError(
                f"thread {thread_id}: its captures also hold thread(s) {', '.join(clash)}; withdrawing it "
                "would remove theirs: capture them on their own first (ingest each as replacing its thread), "
                "then withdraw it",
                thread=thread_id,
            )
        captures = archive.read_captures([meta])
        identity = digested(
            thread_identity(thread_in(captures[meta.current], meta.current_capture, thread_id), meta)
        )
        event = Event("withdrawn", date, reason.strip(), tuple(sorted(c.sha256 for c in meta.captures)))
        known = withdrawals.by_thread.get(thread_id)
        record = known.with_event(event) if known else Withdrawal(thread_id, (event,), identity)
        withdrawals.by_thread[thread_id] = replace(record, identity=identity)
        gone = STATE_DIR / "staging" / "withdrawn"
        journal = Journal(
            moves=[
                *(((RAW_DIR / c.path).as_posix(), (gone / c.path).as_posix()) for c in meta.captures),
                (meta_path(thread_id), (gone / f"{thread_id}.yaml").as_posix()),
            ],
            writes={WITHDRAWALS_FILE: withdrawals.to_yaml()},
        )
        index_path = releases_dir(archive.root) / INDEX_NAME
        if index_path.exists():
            index = index_withdrawal(Index.read(index_path), archive.root, thread_id, event)
            journal.writes[index_path.relative_to(archive.root).as_posix()] = index.to_json()
        archive.commit(journal)
        shutil.rmtree(archive.path(gone), ignore_errors=True)  # else the next command's recovery removes it
        return withdrawals.by_thread[thread_id]
