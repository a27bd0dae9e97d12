"""Curate: change the facts a curator gives a thread (handle, IDs, gaps, terms, acknowledgements)."""

from __future__ import annotations

from dataclasses import replace

from threadarchive.archive.ingest import check_tweet_ids, unknown_thread
from threadarchive.archive.journal import Journal
from threadarchive.archive.metadata import (
    Acknowledgement,
    Curation,
    ThreadMeta,
)
from threadarchive.archive.store import Archive
from threadarchive.archive.tables import thread_in
from threadarchive.contract.layout import (
    meta_path,
)
from threadarchive.errors import InputError


def curate(
    archive: Archive,
    thread_id: str,
    curation: Curation,
    *,
    acknowledge: Acknowledgement | None = None,
    unacknowledge: tuple[str, int | None] | None = None,
) -> ThreadMeta:
    """Change the curated facts of one thread (only those given) and rebuild the tables."""
    with archive.writing():
        metas = {m.thread_id: m for m in archive.metadata()}
        if thread_id not in metas:
            raise InputError(unknown_thread(thread_id, metas))
        meta = curation.apply(metas[thread_id])
        if acknowledge is not None:
            kept = tuple(
                a
                for a in meta.acknowledged
                if (a.finding, a.position) != (acknowledge.finding, acknowledge.position)
            )
            meta = replace(meta, acknowledged=(*kept, acknowledge))
        if unacknowledge is not None:
            kept = tuple(a for a in meta.acknowledged if (a.finding, a.position) != unacknowledge)
            if len(kept) == len(meta.acknowledged):
                finding, position = unacknowledge
                at = f" at position {position}" if position else ""
                raise InputError(f"thread {thread_id}: expected an acknowledged {finding}{at}, found none")
            meta = replace(meta, acknowledged=kept)
        captures = archive.read_captures(list(metas.values()))
        current = thread_in(captures[meta.current], meta.current_capture, thread_id)
        check_tweet_ids(meta, current, f"thread {thread_id}")
        meta.check(str(archive.path(meta_path(thread_id))))
        if meta != metas[thread_id]:
            journal = Journal(writes={meta_path(thread_id): meta.dump()})
            archive.commit(journal, captures)
        return meta
