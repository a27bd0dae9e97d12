"""Ingest: record captures in an archive, every one checked before anything is written.

A plan (``_Plan``) is built capture by capture: which thread each capture holds (by
content: tweet IDs, else author, date and first tweet), whether it is new, a new capture
of an archived thread (``replaces``) or a reinstatement, what its metadata becomes. The
threads it would write are validated as validate will once they are; then the capture
files are staged and the whole change is committed through the archive's journal."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path, PurePosixPath
from typing import Any

from threadarchive.archive.index import Index
from threadarchive.archive.journal import Journal
from threadarchive.archive.metadata import (
    CaptureRecord,
    Curation,
    ThreadMeta,
    check_text,
)
from threadarchive.archive.scaffold import slug
from threadarchive.archive.store import Store
from threadarchive.archive.tables import build, thread_in
from threadarchive.archive.withdrawals import Event, Withdrawals
from threadarchive.capture import formats
from threadarchive.capture.identity import Identity
from threadarchive.capture.model import Capture, Thread
from threadarchive.contract.findings import Finding
from threadarchive.contract.layout import (
    INDEX_NAME,
    RAW_DIR,
    STATE_DIR,
    WITHDRAWALS_FILE,
    meta_path,
)
from threadarchive.errors import CaptureError, ConflictError, InputError
from threadarchive.files.fsutil import (
    atomic_copy,
    require_regular,
    staging,
    storage,
)
from threadarchive.files.hashing import sha256_file


@dataclass(frozen=True)
class Source:
    """One capture to ingest, with what the command line or a manifest row says of it."""

    path: Path
    curation: Curation = field(default_factory=Curation)
    format: str | None = None
    replaces: tuple[str, ...] = ()  # archived threads this capture is a new capture of
    where: str = ""  # a manifest's file and row, for messages
    row: int | None = None  # a manifest's row: its problems are listed in row order
    reinstate: str | None = None  # why a capture of a withdrawn thread is taken in again


@dataclass(frozen=True)
class Ingested:
    """What ingest did with one thread of one capture."""

    source: str
    thread_id: str
    status: str  # "added", "replaced" (a new capture of it), "updated" (metadata), "unchanged", "reinstated"
    warnings: tuple[Finding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "thread_id": self.thread_id,
            "status": self.status,
            "warnings": [w.to_dict() for w in self.warnings],
        }


class _Plan:
    """What an ingest will write, built capture by capture before anything is written."""

    def __init__(self, archive: Store, today: dt.date) -> None:
        self.archive = archive
        self.today = today
        self.metas = {m.thread_id: m for m in archive.metadata()}
        self.captures = archive.read_captures(list(self.metas.values()))
        self.identities = {
            tid: thread_identity(thread_in(self.captures[m.current], m.current_capture, tid), m)
            for tid, m in self.metas.items()
        }
        self.stored = {c.sha256: c.path for m in self.metas.values() for c in m.captures}
        self.withdrawals = archive.withdrawals()
        self.journal = Journal()
        self.copies: list[tuple[Path, str, Path]] = []  # source, its SHA-256, where it is staged
        self.read_with_companions: set[str] = set()
        self.outcomes: list[Ingested] = []

    def add(self, source: Source) -> None:
        label = str(source.path)
        with storage(source.path, "read the capture"):
            require_regular(source.path, label)
            if not source.path.is_file():
                raise CaptureError(label, None, "expected a capture file, found no such file")
            digest = sha256_file(source.path)
        capture = formats.read_capture(source.path, source.format, name=label)
        # Facts of one thread need a capture of one thread; the author's, a capture of one author.
        authors = {(t.author_id, t.author_name, t.author_handle) for t in capture.threads}
        per_thread = [n for n in ("source_url", "tweet_ids") if getattr(source.curation, n)]
        if len(authors) > 1:
            per_thread += [n for n in ("author_handle", "author_name") if getattr(source.curation, n)]
        if per_thread and len(capture.threads) > 1:
            names = ", ".join(per_thread)
            raise InputError(
                f"{label}: {names} {'describes' if len(per_thread) == 1 else 'describe'} one thread, "
                f"but the capture holds {len(capture.threads)}",
                parameter=per_thread[0],
                path=label,
            )
        stored = self.stored.get(digest) or self._store(source, digest, capture)
        self.captures[digest] = capture
        if capture.companions:  # the tables come from the stored capture alone, as rebuild reads it
            self.read_with_companions.add(digest)
        records = [
            CaptureRecord(
                path=stored,
                sha256=digest,
                original_name=source.path.name,
                format=capture.source_format,
                captured_at=source.curation.captured_at or capture.captured_at,
                ingested_on=self.today.isoformat(),
                key=thread.key if len(capture.threads) > 1 else None,
            )
            for thread in capture.threads
        ]
        for thread in capture.threads:
            if thread.author_name is None and not source.curation.author_name:
                raise CaptureError(
                    label,
                    None,
                    "the capture does not name the thread's author: give author_name=NAME",
                    parameter="author_name",
                    remedy={"author_name": None},
                )
        targets = self._targets(source, capture.threads, records)
        conflicts = []
        for thread, record in zip(capture.threads, records, strict=True):
            archived = self._archived(thread, record, source.curation)
            if archived and archived[0] not in targets.values() and not self._holds(archived[0], record):
                conflicts.append(archived)
        if conflicts:
            raise self._conflict(label, source.replaces, conflicts)
        reinstated = self._reinstated(source, capture.threads, records)
        for index, (thread, record) in enumerate(zip(capture.threads, records, strict=True)):
            self._add_thread(
                source, thread, record, targets.get(index), capture.companions, reinstated.get(index)
            )

    def _reinstated(
        self, source: Source, threads: tuple[Thread, ...], records: list[CaptureRecord]
    ) -> dict[int, str]:
        """The withdrawn thread each thread of the capture is of: refused unless
        ``source.reinstate`` says why it is taken in again."""
        if source.reinstate is not None and not source.reinstate.strip():
            raise InputError(
                f"{source.path}: reinstate: expected why the thread is taken in again, found nothing",
                parameter="reinstate",
                path=source.path,
            )
        if source.reinstate is not None:
            check_text(source.reinstate, f"{source.path}: reinstate", parameter="reinstate")
        found: dict[int, str] = {}
        for index, (thread, record) in enumerate(zip(threads, records, strict=True)):
            identity = thread_identity(
                thread, source.curation.apply(_blank(record)), source.curation.author_name
            )
            for withdrawal in self.withdrawals.in_force():
                removed = {sha for e in withdrawal.events if e.event == "withdrawn" for sha in e.captures}
                why = (
                    "a capture removed then" if record.sha256 in removed else withdrawal.recognises(identity)
                )
                if why is None:
                    continue
                if source.reinstate is None:
                    last = withdrawal.last
                    raise ConflictError(
                        f"{source.path}: a capture of thread {withdrawal.thread_id} ({why}), withdrawn on "
                        f"{last.date}: {last.reason}; nothing was written",
                        hint="to take it in again, ingest it with reinstate=WHY",
                        remedy={"reinstate": None},
                        path=source.path,
                        thread=withdrawal.thread_id,
                    )
                found[index] = withdrawal.thread_id
        if source.reinstate is not None and not found:
            raise InputError(
                f"{source.path}: reinstate: expected a capture of a withdrawn thread, found none",
                parameter="reinstate",
                path=source.path,
            )
        return found

    def _archived(self, thread: Thread, record: CaptureRecord, curation: Curation) -> tuple[str, str] | None:
        """The archived thread ``thread`` is a capture of, and why; None when it is new."""
        for meta in self.metas.values():
            if self._holds(meta.thread_id, record):
                return meta.thread_id, "this very capture"
        identity = thread_identity(thread, curation.apply(_blank(record)), curation.author_name)
        for thread_id, other in self.identities.items():
            if why := identity.why_same(other):
                return thread_id, why
        return None

    def _holds(self, thread_id: str, record: CaptureRecord) -> bool:
        return any((c.sha256, c.key) == (record.sha256, record.key) for c in self.metas[thread_id].captures)

    def _targets(
        self, source: Source, threads: tuple[Thread, ...], records: list[CaptureRecord]
    ) -> dict[int, str]:
        """Which thread of the capture each of ``replaces`` names: it must be a capture of it."""
        targets: dict[int, str] = {}
        for thread_id in source.replaces:
            if thread_id not in self.metas:
                msg = f"replaces: {unknown_thread(thread_id, self.metas)}"
                raise InputError(msg, parameter="replaces", thread=thread_id)
            alike = [
                index
                for index, (thread, record) in enumerate(zip(threads, records, strict=True))
                if (archived := self._archived(thread, record, source.curation)) and archived[0] == thread_id
            ]
            if len(alike) != 1:
                seen = f"{len(alike)} of its {len(threads)} thread(s) alike" if alike else "none alike"
                msg = (
                    f"{source.path}: expected a capture of thread {thread_id} (tweet IDs in common, or its "
                    f"author, date and tweets), found {seen}; nothing was written"
                )
                raise ConflictError(msg, parameter="replaces", path=source.path, thread=thread_id)
            targets[alike[0]] = thread_id
        return targets

    def _conflict(
        self, label: str, replaces: tuple[str, ...], conflicts: list[tuple[str, str]]
    ) -> ConflictError:
        """The refusal of a capture of archived threads, with the ``replaces`` that records it."""
        ids = [thread_id for thread_id, _ in conflicts]
        first, why = conflicts[0]
        archived = self.metas[first].current_capture
        others = f" and {len(ids) - 1} more archived thread(s)" if len(ids) > 1 else ""
        wanted = [*replaces, *ids]
        return ConflictError(
            f"{label}: a capture of thread {first} ({why}), already archived from {RAW_DIR / archived.path}"
            f"{others}; nothing was written",
            hint=f"to record it as the new capture, ingest it with replaces={tuple(wanted)!r}",
            remedy={"replaces": wanted},
            path=label,
            thread=first,
        )

    def _store(self, source: Source, digest: str, capture: Capture) -> str:
        """Stage the capture's copy under a safe name made from its hash."""
        suffix = source.path.suffix.lower()
        if not _SUFFIX.fullmatch(suffix):
            suffix = formats.reader(capture.source_format).SUFFIX
        name = f"{digest[:16]}{suffix}"
        target = self.archive.path(RAW_DIR / name)
        if target.exists() and sha256_file(target) != digest:
            raise ConflictError(
                f"{source.path}: {target} holds other bytes under the name this capture needs"
            )
        staged = STATE_DIR / "staging" / name
        self.copies.append((source.path, digest, self.archive.path(staged)))
        self.journal.moves.append((staged.as_posix(), (RAW_DIR / name).as_posix()))
        self.stored[digest] = name
        return name

    def _reinstate(self, thread_id: str, record: CaptureRecord, reason: str) -> None:
        """Record the thread taken in again, in the withdrawals and the release index."""
        from threadarchive.archive.published import index_withdrawal, releases_dir

        event = Event("reinstated", self.today, reason.strip(), (record.sha256,))
        self.withdrawals.by_thread[thread_id] = self.withdrawals.by_thread[thread_id].with_event(event)
        self.journal.writes[WITHDRAWALS_FILE] = self.withdrawals.to_yaml()
        index_path = releases_dir(self.archive.root) / INDEX_NAME
        if index_path.exists():
            index = index_withdrawal(Index.read(index_path), self.archive.root, thread_id, event)
            self.journal.writes[index_path.relative_to(self.archive.root).as_posix()] = index.to_json()

    def check(self) -> None:
        """Validate the threads this ingest writes, as validate will once it has: ingest
        never writes what validate rejects. An error in what only the capture gives (a
        text, a date) refuses the ingest; one that the curated facts settle is refused
        with the option that settles it. Warnings join the outcome's."""
        touched = {o.thread_id for o in self.outcomes if o.status != "unchanged"}
        metas = [self.metas[t] for t in sorted(touched)]
        report = findings_of(self.archive, metas, self.captures, self.withdrawals)
        found = [f for f in report if f.severity == "error"]
        errors = [
            f"expected a thread that validates, found {f.type} in {f.where()}: {f.message}{_remedy(f)}"
            for f in found
        ]
        if errors:
            settled = {name: None for f in found if (name := _settled_by(f))}
            raise InputError(
                "\n".join([*errors[:-1], f"{errors[-1]}; nothing was written"]),
                parameter=next(iter(settled), None),
                remedy=settled or None,
            )
        warnings = [f for f in report if f.severity == "warning"]
        for index, outcome in enumerate(self.outcomes):
            had = {w.type for w in outcome.warnings}
            more = [w for w in warnings if w.thread_id == outcome.thread_id and w.type not in had]
            if more:
                self.outcomes[index] = replace(outcome, warnings=(*outcome.warnings, *more))

    def stage(self) -> None:
        """Copy the new captures beside the archive, once every check has passed."""
        for source, digest, staged in self.copies:
            if atomic_copy(source, staged, beneath=self.archive.root) != digest:
                raise InputError(f"{source}: the file changed while it was read; ingest it again")

    def _add_thread(
        self,
        source: Source,
        thread: Thread,
        record: CaptureRecord,
        replaces: str | None,
        companions: tuple[str, ...],
        reinstates: str | None = None,
    ) -> None:
        label, curation = str(source.path), source.curation
        archived = self._archived(thread, record, curation)
        if reinstates is not None:  # its ID, as it was before it was withdrawn
            meta = replace(curation.apply(_blank(record)), thread_id=reinstates)
            status = "reinstated"
            self._reinstate(reinstates, record, source.reinstate or "")
        elif replaces is not None:
            target = self.metas[replaces]
            known = next((c for c in target.captures if c.sha256 == record.sha256), record)
            meta = curation.apply(target.with_capture(known, current=True))
            status = "unchanged" if meta == target else "replaced"
        elif archived is not None:  # this very capture, recorded before
            existing = self.metas[archived[0]]
            meta = curation.apply(existing)
            status = "unchanged" if meta == existing else "updated"
        else:
            meta = curation.apply(_blank(record))
            meta = replace(meta, thread_id=_new_thread_id(thread, meta, record))
            if meta.thread_id in self.metas:
                raise ConflictError(f"{label}: thread ID {meta.thread_id} is taken by another thread")
            status = "added"
        if companions and status != "unchanged":  # rebuild reads the stored capture alone: keep their facts
            kept = {
                n: getattr(meta, n) or getattr(thread, n)
                for n in ("author_name", "author_handle", "author_id", "author_bio")
            }
            meta = replace(meta, **kept)
        current = thread_in(self.captures[meta.current], meta.current_capture, label)
        check_tweet_ids(meta, current, label, curation.tweet_ids)
        meta.check(label)
        self.metas[meta.thread_id] = meta
        self.identities[meta.thread_id] = thread_identity(
            thread_in(self.captures[meta.current], meta.current_capture, meta.thread_id), meta
        )
        if status != "unchanged":
            self.journal.writes[meta_path(meta.thread_id)] = meta.dump()
        self.outcomes.append(Ingested(label, meta.thread_id, status, thread.warnings))


# The curated facts a caller can give with a capture (Curation's fields).
_FACTS = frozenset(f.name for f in fields(Curation))
_LISTED = 20  # threads an unknown thread's refusal names


def _settled_by(finding: Finding) -> str | None:
    """The curated fact that settles an error found in a thread, if one does."""
    if finding.type == "tweet-count-mismatch":
        return "known_gaps"
    return finding.field if finding.field in _FACTS else None


def _remedy(finding: Finding) -> str:
    """How the curated fact that settles an error is given, if one does."""
    name = _settled_by(finding)
    if name == "known_gaps":
        return "; ingest it with known_gaps=WHY to record the gap"
    return f"; ingest it with {name}=VALUE to set it" if name else ""


def findings_of(
    archive: Store,
    metas: Sequence[ThreadMeta],
    captures: Mapping[str, Capture],
    withdrawals: Withdrawals | None = None,
) -> list[Finding]:
    """What validate will report of the tables of the threads ``metas`` once they are
    written (with ``withdrawals``, default the archive's), each finding located by
    thread and position (its row is the check's own).

    The tables are built and validated in a folder of the archive's state: nothing of
    the archive is written.
    """
    from threadarchive.archive.checks import validate

    tables = build(list(metas), captures, withdrawals if withdrawals is not None else archive.withdrawals())
    # A staging folder, not a TemporaryDirectory: one a killed run leaves (SIGKILL, the
    # OOM killer), a whole copy of the tables, is removed by the next run.
    with staging(archive.state_dir / "ingest-check", "check the tables") as folder:
        for relative, data in archive.generated(tables).items():
            (Path(folder) / relative).parent.mkdir(parents=True, exist_ok=True)
            (Path(folder) / relative).write_bytes(data)
        report = validate(Path(folder))

    def located(finding: Finding) -> Finding:
        rows = tables.rows.get(PurePosixPath(finding.path or "").stem, [])
        row = rows[finding.row - 2] if finding.row and 0 <= finding.row - 2 < len(rows) else {}
        return replace(
            finding,
            row=None,
            line=None,
            thread_id=finding.thread_id or row.get("thread_id"),
            position=finding.position or row.get("position"),
        )

    # The capture checks run on an archive, not on this folder: the one that concerns
    # the tables' rows (captures that give a tweet different texts) is added here.
    return [located(f) for f in [*report.findings, *tables.disagreements]]


def _blank(record: CaptureRecord) -> ThreadMeta:
    return ThreadMeta(thread_id="", captures=(record,), current=record.sha256)


def thread_identity(thread: Thread, meta: ThreadMeta, author_name: str | None = None) -> Identity:
    named = replace(thread, author_name=meta.author_name or author_name or thread.author_name)
    return Identity.of(named, meta.author_handle, frozenset(meta.tweet_ids.values()))


def _new_thread_id(thread: Thread, meta: ThreadMeta, record: CaptureRecord) -> str:
    """The first archived tweet's ID when known, else <author>-<date>-<capture hash prefix>.

    Fixed at first ingest and kept in the metadata, so it stays stable when tweet
    IDs are curated, or the thread captured again, later.
    """
    if first := meta.tweet_ids.get(1) or thread.key:
        return first
    author = slug(meta.author_handle or meta.author_name or thread.author_name or "thread")
    return f"{author}-{thread.published_date.isoformat()}-{record.sha256[:8]}"


def check_tweet_ids(meta: ThreadMeta, thread: Thread, where: str, given: Sequence[str] | None = None) -> None:
    """Refuse tweet IDs that cannot be the thread's: an ID beyond its last tweet, or a
    list ``given`` (one ID per tweet in order, "" where unknown; empty to clear them)
    whose length is not the thread's number of tweets.

    Raises
    ------
    InputError
        Naming ``tweet_ids`` as its parameter.
    """
    count = len(thread.tweets)
    beyond = sorted(p for p in meta.tweet_ids if p > count)
    found = len(given) if given else max(beyond, default=0)
    if found > count:
        msg = f"{where}: tweet_ids: expected at most {count} IDs (one per tweet), found {found}"
        raise InputError(msg, parameter="tweet_ids", thread=meta.thread_id or None)
    if given and len(given) < count:
        msg = (
            f"{where}: tweet_ids: expected {count} IDs, one per tweet of the thread in order "
            f"('' for one not known), found {len(given)}"
        )
        raise InputError(msg, parameter="tweet_ids", thread=meta.thread_id or None)


def unknown_thread(thread_id: str, known: Collection[str]) -> str:
    """The refusal of ``thread_id``, naming the first 20 of the ``known`` threads (and
    how many more there are: a list cut short must not pass for the whole)."""
    shown = sorted(str(k) for k in known)
    listed = ", ".join(shown[:_LISTED]) + (
        f" and {len(shown) - _LISTED} more" if len(shown) > _LISTED else ""
    )
    return f"expected an archived thread ({listed or 'none'}), found {thread_id!r}"


def ingest(
    archive: Store,
    sources: Sequence[Source],
    *,
    problems: Sequence[tuple[int, str]] = (),
    today: dt.date | None = None,
) -> list[Ingested]:
    """Record captures in the archive and rebuild its tables.

    Everything is checked before anything is written. A capture of a thread
    already archived is refused unless ``replaces`` names that thread. With
    several sources (a manifest), every bad one is reported, one line each, with
    ``problems`` already found (a manifest's unreadable rows, each with its row), in
    row order.
    """
    today = today or dt.date.today()
    with archive.writing():
        plan = _Plan(archive, today)
        found = list(problems)
        for source in sources:
            try:
                plan.add(source)
            except (InputError, ConflictError) as exc:
                if len(sources) == 1 and not found and not source.where:
                    raise
                found.append((source.row or 0, f"{source.where}: {exc}" if source.where else str(exc)))
        if found:
            lines = [line for _, line in sorted(found, key=lambda problem: problem[0])]
            raise InputError("; ".join(lines) if len(lines) == 1 else "\n".join(lines))
        if plan.journal.moves or plan.journal.writes:
            plan.check()
            try:
                plan.stage()
            except BaseException:
                archive.recover()  # drops what was staged
                raise
            unread = plan.read_with_companions
            archive.commit(plan.journal, {k: v for k, v in plan.captures.items() if k not in unread})
        return plan.outcomes


_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")
