"""The archive in a repository: raw captures, curated metadata and the working tables.

::

    datapackage.json      the working Data Package (resources threads, tweets)
    data/raw/<capture>    captures, byte for byte as captured; never edited
    data/meta/<id>.yaml   per thread, the curated facts a capture lacks
    data/threads.csv      generated from raw + meta by ``ingest``; never edited by hand
    data/tweets.csv

The tables are a pure function of ``data/raw`` and ``data/meta``: rebuilding them
twice gives the same bytes, and validation rebuilds them to prove they match.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import CaptureError, ConflictError, InputError
from .formats.scrolly import parse_bytes
from .fsutil import atomic_write
from .hashing import sha256_bytes
from .model import Thread
from .package import load_package
from .report import Finding

RAW_DIR = Path("data/raw")
META_DIR = Path("data/meta")
DEFAULT_RIGHTS = (
    "Tweet texts remain the copyright of their authors; archived verbatim for research, "
    "criticism and scholarship."
)
# The same rules as the Table Schemas in schemas/, checked before anything is written.
_DIGITS = re.compile(r"[0-9]{1,20}")
_HANDLE = re.compile(r"[A-Za-z0-9_]{1,15}")
_URL = re.compile(r"https?://\S+")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?)?"
)
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class ThreadMeta:
    """What ``data/meta/<thread_id>.yaml`` holds: provenance and curated facts."""

    thread_id: str
    capture_path: str  # relative to data/raw/, POSIX
    capture_sha256: str
    author_handle: str | None = None
    source_url: str | None = None
    captured_at: str | None = None
    language: str | None = None
    rights: str = DEFAULT_RIGHTS
    known_gaps: str | None = None
    tweet_ids: Mapping[int, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> ThreadMeta:
        import yaml

        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise InputError(f"{path}: expected a readable YAML file, found an error: {exc}") from None
        if not isinstance(data, dict):
            raise InputError(f"{path}: expected a mapping of fields, found {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        if unknown := sorted(set(data) - known):
            raise InputError(f"{path}: expected only the fields {sorted(known)}, found {unknown}")
        for name in ("thread_id", "capture_path", "capture_sha256"):
            if not isinstance(data.get(name), str):
                raise InputError(f"{path}: field {name!r}: expected a string, found {data.get(name)!r}")
        for name in known - {"tweet_ids"}:
            if data.get(name) is not None and not isinstance(data[name], str):
                raise InputError(f"{path}: field {name!r}: expected a string, found {data[name]!r}")
        data["tweet_ids"] = _tweet_ids(path, data.get("tweet_ids") or {})
        if data.get("rights") is None:
            data.pop("rights", None)
        return cls(**data)

    def dump(self) -> bytes:
        import yaml

        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["tweet_ids"] = dict(sorted(self.tweet_ids.items()))
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        return text.encode("utf-8")


@dataclass(frozen=True)
class Curation:
    """Curated facts given at ingest; None leaves what the metadata has."""

    author_handle: str | None = None
    source_url: str | None = None
    captured_at: str | None = None
    language: str | None = None
    rights: str | None = None
    known_gaps: str | None = None
    tweet_ids: Sequence[str] | None = None  # in thread order, position 1 first; "" for unknown

    def __post_init__(self) -> None:
        checks = {
            "author_handle": (_HANDLE, "a handle of 1-15 letters, digits or _ (no @)"),
            "source_url": (_URL, "an http(s) URL"),
            "captured_at": (_TIMESTAMP, "an ISO 8601 date or date and time (2025-11-05T14:03:00Z)"),
            "language": (_LANGUAGE, "a BCP 47 language tag such as en or uk"),
        }
        for name, (pattern, expected) in checks.items():
            value = getattr(self, name)
            if value is not None and not pattern.fullmatch(value):
                raise InputError(f"{name.replace('_', '-')}: expected {expected}, found {value!r}")
        for tweet_id in self.tweet_ids or ():
            if tweet_id and not _DIGITS.fullmatch(tweet_id):
                raise InputError(f"tweet-ids: expected IDs of digits, found {tweet_id!r}")

    def apply(self, meta: ThreadMeta) -> ThreadMeta:
        changes: dict[str, Any] = {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "tweet_ids" and getattr(self, f.name) is not None
        }
        if self.tweet_ids is not None:
            changes["tweet_ids"] = {i: tid for i, tid in enumerate(self.tweet_ids, start=1) if tid}
        return replace(meta, **changes)


@dataclass(frozen=True)
class Ingested:
    """What ingest did with one capture."""

    source: str
    thread_id: str
    status: str  # "added", "updated" (metadata changed) or "unchanged"
    warnings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Tables:
    """The rows of the working tables, in their committed order."""

    threads: list[dict[str, Any]]
    tweets: list[dict[str, Any]]
    warnings: list[Finding]


class Archive:
    """An archive rooted at a folder holding ``datapackage.json``."""

    def __init__(self, root: str | Path = ".") -> None:
        self.root = Path(root)
        self.raw_dir = self.root / RAW_DIR
        self.meta_dir = self.root / META_DIR

    def metadata(self) -> list[ThreadMeta]:
        """Every thread's metadata, sorted by thread ID."""
        metas = []
        for path in sorted(self.meta_dir.glob("*.yaml")):
            meta = ThreadMeta.read(path)
            if path.stem != meta.thread_id:
                msg = f"{path}: expected thread_id {path.stem!r} (the file's name), found {meta.thread_id!r}"
                raise InputError(msg)
            metas.append(meta)
        return metas

    def parse_capture(self, meta: ThreadMeta) -> tuple[bytes, Thread]:
        path = self.raw_dir / meta.capture_path
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(
                f"{path}: cannot read the capture of thread {meta.thread_id}: {exc.strerror}"
            ) from None
        return data, parse_bytes(data, path.relative_to(self.root))

    def build_tables(self) -> Tables:
        """Parse every capture with its metadata into table rows."""
        return tables_from((meta, self.parse_capture(meta)[1]) for meta in self.metadata())

    def write_tables(self, tables: Tables) -> None:
        package = load_package(self.root)
        for name, rows in (("threads", tables.threads), ("tweets", tables.tweets)):
            resource = package.resource(name)
            atomic_write(self.root / resource.path, to_csv(resource.field_names, rows))

    def ingest(self, sources: Iterable[str | Path], curation: Curation | None = None) -> list[Ingested]:
        """Copy captures into data/raw, record their metadata and rebuild the tables.

        Everything is checked before anything is written: a capture that does not
        parse, or that conflicts with the archive, leaves the archive untouched.
        """
        curation = curation or Curation()
        load_package(self.root)  # fail early outside an archive
        metas = {m.thread_id: m for m in self.metadata()}
        parsed = {m.thread_id: self.parse_capture(m)[1] for m in metas.values()}  # each capture once
        by_hash = {m.capture_sha256: m for m in metas.values()}
        identities = {_identity(parsed[m.thread_id]): m for m in metas.values()}

        planned: list[tuple[Path, bytes, ThreadMeta, Ingested]] = []
        for source in map(Path, sources):
            try:
                data = source.read_bytes()
            except OSError as exc:
                raise CaptureError(source, None, f"cannot read the file: {exc.strerror}") from None
            thread = parse_bytes(data, source)
            digest = sha256_bytes(data)
            if digest in by_hash:
                old = by_hash[digest]
                meta = curation.apply(old)
                status = "unchanged" if meta == old else "updated"
            else:
                meta = curation.apply(ThreadMeta("", source.name, digest))
                meta = replace(meta, thread_id=_thread_id(thread, meta))
                self._check_new(source, data, thread, meta, metas, identities)
                status = "added"
            planned.append(
                (source, data, meta, Ingested(str(source), meta.thread_id, status, thread.warnings))
            )
            metas[meta.thread_id] = by_hash[digest] = meta
            parsed[meta.thread_id] = thread
            identities[_identity(thread)] = meta

        for _, data, meta, _ in planned:
            raw = self.raw_dir / meta.capture_path
            if not raw.exists():
                atomic_write(raw, data)
            atomic_write(self.meta_dir / f"{meta.thread_id}.yaml", meta.dump())
        self.write_tables(tables_from((metas[tid], parsed[tid]) for tid in sorted(metas)))
        return [outcome for *_, outcome in planned]

    def _check_new(
        self,
        source: Path,
        data: bytes,
        thread: Thread,
        meta: ThreadMeta,
        metas: Mapping[str, ThreadMeta],
        identities: Mapping[tuple[str, dt.date, str], ThreadMeta],
    ) -> None:
        raw = self.raw_dir / meta.capture_path
        if raw.exists() and raw.read_bytes() != data:
            msg = (
                f"{source}: {raw} already holds a different capture with this name; "
                "captures are never overwritten: rename the new capture if it is another thread"
            )
            raise ConflictError(msg)
        same = identities.get(_identity(thread)) or metas.get(meta.thread_id)
        if same is not None:
            msg = (
                f"{source}: thread {same.thread_id} (same author, date and first tweet) is already "
                f"archived from {RAW_DIR / same.capture_path} with SHA-256 {same.capture_sha256[:12]}…, "
                f"and this capture differs ({meta.capture_sha256[:12]}…); nothing was merged. "
                f"To replace it, delete {META_DIR / same.thread_id}.yaml and ingest again "
                "(a change that needs a major release)"
            )
            raise ConflictError(msg)


def tables_from(threads: Iterable[tuple[ThreadMeta, Thread]]) -> Tables:
    """Table rows of parsed threads and their metadata, in the order given."""
    tables = Tables([], [], [])
    for meta, thread in threads:
        tables.threads.append(thread_row(thread, meta))
        tables.tweets.extend(tweet_rows(thread, meta))
        tables.warnings.extend(thread.warnings)
    return tables


def thread_row(thread: Thread, meta: ThreadMeta) -> dict[str, Any]:
    return {
        "thread_id": meta.thread_id,
        "author_name": thread.author_name,
        "author_handle": meta.author_handle,
        "author_bio": thread.author_bio,
        "published_date": thread.published_date.isoformat(),
        "tweet_count": thread.tweet_count,
        "language": meta.language,
        "known_gaps": meta.known_gaps,
        "rights": meta.rights,
        "source_url": meta.source_url,
        "source_format": thread.source_format,
        "captured_at": meta.captured_at,
        "capture_path": meta.capture_path,
        "capture_sha256": meta.capture_sha256,
    }


def tweet_rows(thread: Thread, meta: ThreadMeta) -> list[dict[str, Any]]:
    return [
        {
            "thread_id": meta.thread_id,
            "position": tweet.position,
            "marker": tweet.marker,
            "text": tweet.text,
            "tweet_id": meta.tweet_ids.get(tweet.position),
        }
        for tweet in thread.tweets
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


def slug(text: str) -> str:
    """ASCII, lower-case, hyphenated: "Michael Kofman" -> "michael-kofman"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "thread"


def _thread_id(thread: Thread, meta: ThreadMeta) -> str:
    """The root tweet's ID when known, else <author>-<date>-<capture hash prefix>.

    Fixed at first ingest and kept in the metadata, so it stays stable when tweet
    IDs are curated later.
    """
    if root := meta.tweet_ids.get(1):
        return root
    author = slug(meta.author_handle or thread.author_name)
    return f"{author}-{thread.published_date.isoformat()}-{meta.capture_sha256[:8]}"


def _identity(thread: Thread) -> tuple[str, dt.date, str]:
    """What makes two captures the same thread: author, date and opening tweet."""
    return (thread.author_name, thread.published_date, thread.tweets[0].text)


def _tweet_ids(path: Path, value: Any) -> dict[int, str]:
    if not isinstance(value, dict):
        raise InputError(f"{path}: field 'tweet_ids': expected a mapping of position to ID, found {value!r}")
    ids = {}
    for position, tweet_id in value.items():
        if not isinstance(position, int) or position < 1 or not _DIGITS.fullmatch(str(tweet_id)):
            msg = f"{path}: field 'tweet_ids': expected position: 'digits', found {position!r}: {tweet_id!r}"
            raise InputError(msg)
        ids[position] = str(tweet_id)
    return ids
