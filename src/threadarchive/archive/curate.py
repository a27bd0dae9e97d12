"""Curate: change the facts a curator gives a thread (handle, IDs, gaps, terms, acknowledgements).

Curation that cannot be right is refused when it is given: a tweet-ID list whose length
is not the thread's number of tweets, an acknowledgement of an error (errors are
mended, never acknowledged) or of a finding the thread does not have.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from threadarchive.archive.ingest import check_tweet_ids, findings_of, unknown_thread
from threadarchive.archive.journal import Journal
from threadarchive.archive.metadata import (
    Acknowledgement,
    Curation,
    ThreadMeta,
    check_text,
    check_value,
)
from threadarchive.archive.store import Store
from threadarchive.archive.tables import thread_in
from threadarchive.capture.model import Capture
from threadarchive.contract.findings import REGISTRY
from threadarchive.contract.layout import (
    meta_path,
)
from threadarchive.errors import InputError


def curate(
    archive: Store,
    thread_id: str,
    curation: Curation,
    *,
    acknowledge: Acknowledgement | None = None,
    unacknowledge: tuple[str, int | None] | None = None,
) -> ThreadMeta:
    """Change the curated facts of one thread (only those given) and rebuild the tables.

    Parameters
    ----------
    archive
        The working archive.
    thread_id
        The archived thread to curate.
    curation
        The facts to set (None leaves one as it is, "" clears it). ``tweet_ids``, when
        not empty, lists one ID per tweet of the thread, "" where unknown.
    acknowledge
        A warning the thread has (its type, and position when it concerns one tweet),
        to be reported as info with the note from now on.
    unacknowledge
        The type and position of an acknowledgement to withdraw.

    Returns
    -------
    ThreadMeta
        The thread's metadata as written.

    Raises
    ------
    InputError
        An unknown thread; a fact that breaks its rule; tweet IDs whose number is not
        the thread's; an acknowledgement of an error or of a finding the thread does
        not have; an unacknowledgement of nothing acknowledged. ``parameter`` names
        the parameter (or curated fact) refused.
    """
    if acknowledge is not None:
        _check_acknowledgement(acknowledge)
    with archive.writing():
        metas = {m.thread_id: m for m in archive.metadata()}
        if thread_id not in metas:
            raise InputError(unknown_thread(thread_id, metas), thread=thread_id)
        meta = curation.apply(metas[thread_id])
        captures = archive.read_captures(list(metas.values()))
        if acknowledge is not None:
            _require_finding(archive, metas[thread_id], captures, acknowledge)
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
                raise InputError(
                    f"thread {thread_id}: expected an acknowledged {finding}{at}, found none",
                    parameter="unacknowledge",
                    thread=thread_id,
                )
            meta = replace(meta, acknowledged=kept)
        current = thread_in(captures[meta.current], meta.current_capture, thread_id)
        check_tweet_ids(meta, current, f"thread {thread_id}", curation.tweet_ids)
        meta.check(str(archive.path(meta_path(thread_id))))
        if meta != metas[thread_id]:
            journal = Journal(writes={meta_path(thread_id): meta.dump()})
            archive.commit(journal, captures)
        return meta


def _check_acknowledgement(acknowledge: Acknowledgement) -> None:
    """Refuse an acknowledgement of no kind of finding, of an error, or without a one-line note."""
    check_value("finding", acknowledge.finding, "acknowledge", parameter="acknowledge")
    kind = REGISTRY.get(acknowledge.finding)
    if kind is None:
        msg = f"acknowledge: expected a finding type validation reports, found {acknowledge.finding!r}"
        raise InputError(msg, parameter="acknowledge")
    if kind.severity == "error":
        raise InputError(
            f"acknowledge: expected a type of warning (errors are mended, never acknowledged), "
            f"found {acknowledge.finding}, an error",
            parameter="acknowledge",
        )
    if not acknowledge.note.strip():
        raise InputError("note: expected why the anomaly is kept, found nothing", parameter="note")
    check_text(acknowledge.note, "note", parameter="note")


def _require_finding(
    archive: Store, meta: ThreadMeta, captures: Mapping[str, Capture], acknowledge: Acknowledgement
) -> None:
    """Refuse an acknowledgement of a finding the thread does not have (at that position)."""
    thread = thread_in(captures[meta.current], meta.current_capture, meta.thread_id)
    found = [
        *(f for f in findings_of(archive, [meta], captures) if f.thread_id == meta.thread_id),
        *thread.warnings,  # what the reader saw of the capture: a gap, a branch
    ]
    wanted, position = acknowledge.finding, acknowledge.position
    spots = sorted({f.position for f in found if f.type == wanted and f.position is not None})
    if position is None and spots:  # it would acknowledge every tweet's, those to come too
        raise InputError(
            f"thread {meta.thread_id}: acknowledge: expected the position of the tweet whose {wanted} "
            f"is kept, found none (the thread has it at position(s) {', '.join(map(str, spots))})",
            parameter="position",
            thread=meta.thread_id,
        )
    if any(f.type == wanted and (position is None or f.position == position) for f in found):
        return
    positions: dict[str, list[int]] = {}
    for f in found:
        if f.severity != "error":
            positions.setdefault(f.type, [])
            if f.position is not None:
                positions[f.type].append(f.position)
    has = "; ".join(
        kind + (f" at position(s) {', '.join(map(str, sorted(set(spots))))}" if spots else "")
        for kind, spots in sorted(positions.items())
    )
    at = f" at position {position}" if position else ""
    raise InputError(
        f"thread {meta.thread_id}: acknowledge: expected a finding the thread has, found no {wanted}{at} "
        f"in it (its warnings: {has or 'none'})",
        parameter="acknowledge",
        thread=meta.thread_id,
    )
