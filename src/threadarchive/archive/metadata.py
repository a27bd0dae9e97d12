"""Per thread, ``data/meta/<thread_id>.yaml``: its capture history and the facts curators add.

::

    thread_id: michael-kofman-2025-11-05-755c87b0     # fixed at first ingest, forever
    current: 755c87b0fc3c...                          # the capture the tables come from
    captures:                                         # every capture, never deleted
      - path: 000_6f57d17ac1ce6671.txt                # under data/raw/
        sha256: 755c87b0fc3c...
        original_name: 000_6f57d17ac1ce6671.txt       # as it was given to ingest
        format: threadreaderapp-scrolly-text
        captured_at: null
        ingested_on: '2026-11-25'
        key: null                                     # which thread of a capture of several
    author_name: null      # curated facts: each overrides what the captures say
    author_handle: null
    author_id: null        # (author_id, author_bio: what a capture's companion files said)
    author_bio: null
    source_url: null
    language: en
    rights: ...
    known_gaps: null
    tweet_ids: {}          # position: ID
    acknowledged:          # anomalies of the source, checked and kept as they are
      - finding: marker-style-mismatch
        position: 12
        note: The author printed this marker as "/12"; it is kept as printed.

Every value is checked against the patterns of the data contract (contract.py)
when the file is read and before it is written (dates against the calendar too,
positions within ``MAX_POSITION``), and every capture path goes through the
path gate.

Every YAML file of an archive (this one, ``archive.yaml``) is read by ``read_yaml``:
at most 16 MiB, and without anchors and aliases, which the archive never needs and
which let a few hundred bytes of nested aliases grow to gigabytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from threadarchive import contract
from threadarchive.contract.findings import REGISTRY
from threadarchive.contract.limits import MAX_DOCUMENT_BYTES, MAX_NOTE_CHARS, MAX_POSITION
from threadarchive.errors import InputError
from threadarchive.files.fsutil import require_regular
from threadarchive.files.gate import problem

DEFAULT_RIGHTS = (
    "Tweet texts remain the copyright of their authors; archived verbatim for research, "
    "criticism and scholarship."
)
# Curated values that are dates or date-times: they must be real ones, not only match the pattern.
CALENDAR = {"captured_at"}
# Curated values and the contract field whose pattern they must match.
PATTERNS = {
    "thread_id": ("threads", "thread_id"),
    "author_handle": ("threads", "author_handle"),
    "author_id": ("threads", "author_id"),
    "source_url": ("threads", "source_url"),
    "language": ("threads", "language"),
    "tweet_id": ("tweets", "tweet_id"),
    "captured_at": ("captures", "captured_at"),
    "capture_sha256": ("captures", "capture_sha256"),
    "capture_path": ("captures", "capture_path"),
    "finding": ("anomalies", "finding"),
}


def check_value(name: str, value: str, where: str, *, parameter: str | None = None) -> str:
    """``value`` if it matches the contract's pattern for ``name``; InputError otherwise.

    ``where`` opens the message (a file and field, or the parameter's name); ``parameter``,
    the parameter the value was given as, is recorded on the error."""
    table, field_name = PATTERNS[name]
    if not contract.fullmatch(table, field_name, value):
        described = contract.table(table).field(field_name).get("description", "").rstrip(".")
        msg = (
            f"{where}: expected a value of {table}.{field_name} matching {contract.table(table).pattern(field_name)}"
            f" ({described}), found {value!r}"
        )
        raise InputError(msg, parameter=parameter)
    if name in CALENDAR and (reason := _calendar_problem(value)):
        msg = f"{where}: expected a real date or date and time, found {value!r} ({reason})"
        raise InputError(msg, parameter=parameter)
    return value


# Control characters, line and paragraph separators, and the bidirectional controls that
# would reorder the text around a note where it is shown (U+202A-U+202E, U+2066-U+2069).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def check_text(value: str, where: str, *, parameter: str | None = None) -> str:
    """``value`` if it is one line of text of at most MAX_NOTE_CHARS characters; InputError
    otherwise. Notes and reasons are printed in one-line messages, tables and pages: a
    line break or a control character (NUL, an escape) has no place in them."""
    if len(value) > MAX_NOTE_CHARS:
        msg = f"{where}: expected at most {MAX_NOTE_CHARS} characters, found {len(value)}"
        raise InputError(msg, parameter=parameter)
    if control := _CONTROL.search(value):
        raise InputError(
            f"{where}: expected one line of text, found the control character "
            f"U+{ord(control.group()):04X} at character {control.start() + 1}",
            parameter=parameter,
        )
    return value


def check_terms(value: str, where: str, *, parameter: str | None = None) -> str:
    """``value`` if it is one of the terms threads.terms allows; InputError otherwise."""
    meanings = contract.table("threads").meanings("terms")
    if value not in meanings:
        listed = "; ".join(f"{term}: {meaning}" for term, meaning in meanings.items())
        msg = f"{where}: expected one of the terms {list(meanings)}, found {value!r} ({listed})"
        raise InputError(msg, parameter=parameter)
    return value


def _calendar_problem(value: str) -> str | None:
    """Why ``value`` (an ISO 8601 date or date-time, as its pattern has it) is no real
    one: month 13, February 30, hour 25; None when it is one."""
    try:
        if "T" in value:
            dt.datetime.fromisoformat(value)
        else:
            dt.date.fromisoformat(value)
    except ValueError as exc:
        return str(exc)
    return None


def check_position(value: object, where: str) -> int:
    """``value`` if it is a tweet position 1..MAX_POSITION; InputError otherwise."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_POSITION:
        raise InputError(f"{where}: expected a position 1, 2, ... up to {MAX_POSITION}, found {value!r}")
    return value


def read_yaml(path: Path, name: str | None = None) -> Any:
    """The data of an archive's YAML file; InputError naming the file (and line) otherwise.

    Refused: anything but a regular file, a file over 16 MiB, and any alias (``*a``):
    archive YAML never needs anchors and aliases, and nested aliases (an "alias
    bomb") grow a few hundred bytes to gigabytes.
    """
    import yaml

    label = name or str(path)
    require_regular(path, label)
    text = None
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise InputError(
                f"{label}: expected a YAML file of at most {MAX_DOCUMENT_BYTES >> 20} MiB, found a larger one"
            )
        text = data.decode("utf-8")
        return yaml.load(text, Loader=_loader())  # a SafeLoader, aliases refused
    except RecursionError:
        raise InputError(f"{label}: expected readable YAML, found one nested too deeply to read") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"{label}{yaml_problem(exc, text)}") from None
    except (ValueError, OverflowError) as exc:  # a value YAML's resolver cannot build: 2026-02-30, 10**5000
        raise InputError(
            f"{label}: expected readable YAML, found a value that cannot be read: {exc}"
        ) from None


def load_yaml(text: str, name: str) -> Any:
    """YAML text (such as a template) read as ``read_yaml`` reads a file."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # a SafeLoader, aliases refused
    except yaml.YAMLError as exc:
        raise InputError(f"{name}{yaml_problem(exc, text)}") from None
    except (ValueError, OverflowError) as exc:
        raise InputError(
            f"{name}: expected readable YAML, found a value that cannot be read: {exc}"
        ) from None


@functools.cache
def _loader() -> Any:
    """yaml.SafeLoader, but refusing every alias, and a key given twice in one mapping
    (where PyYAML keeps the last silently), where it meets one."""
    import yaml

    class ArchiveLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"an alias (*{getattr(event, 'anchor', '')}): archive YAML never uses anchors and aliases",
                    event.start_mark,
                )
            return super().compose_node(parent, index)

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if isinstance(key, Hashable) and key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} twice in one mapping", key_node.start_mark
                    )
                seen.add(key) if isinstance(key, Hashable) else None
            return super().construct_mapping(node, deep=deep)

    return ArchiveLoader


def yaml_problem(exc: Exception, text: str | None = None) -> str:
    """A YAML (or read) error in one line: ", line 16, column 11: expected ..., found ...".

    Parameters
    ----------
    exc
        What PyYAML (or the read) raised.
    text
        The YAML text, where it was decoded: a character PyYAML refuses (a NUL) is
        located by its offset in it, as a line and column.

    Returns
    -------
    str
        The location (", line L, column C", or nothing) and what was expected and found.
    """
    import yaml

    if isinstance(exc, yaml.reader.ReaderError):  # PyYAML's text spans lines, with runs of spaces
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        where = ""
        if text is not None:
            line = text.count("\n", 0, exc.position) + 1
            column = exc.position - text.rfind("\n", 0, exc.position)  # rfind: -1 on the first line
            where = f", line {line}, column {column}"
        return f"{where}: expected readable YAML, found the character U+{character:04X}, which YAML does not allow"
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or " ".join(str(exc).split())
    where = f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"{where}: expected readable YAML, found an error: {problem}"


@dataclass(frozen=True)
class CaptureRecord:
    """One capture of a thread, as ingest recorded it."""

    path: str  # relative to data/raw/, POSIX
    sha256: str
    original_name: str
    format: str
    captured_at: str | None = None
    ingested_on: str | None = None  # ISO date
    key: str | None = None  # which thread of a capture holding several: its first tweet's ID


@dataclass(frozen=True)
class Acknowledgement:
    """A finding a curator has checked and keeps: reported as info, not as a warning."""

    finding: str
    note: str
    position: int | None = None

    def matches(self, finding_type: str, position: int | None) -> bool:
        return finding_type == self.finding and (self.position is None or self.position == position)


@dataclass(frozen=True)
class ThreadMeta:
    """Everything ``data/meta/<thread_id>.yaml`` holds."""

    thread_id: str
    captures: tuple[CaptureRecord, ...]
    current: str  # the SHA-256 of the capture the tables come from
    author_name: str | None = None
    author_handle: str | None = None
    author_id: str | None = None
    author_bio: str | None = None
    source_url: str | None = None
    language: str | None = None
    rights: str = DEFAULT_RIGHTS
    known_gaps: str | None = None
    tweet_ids: Mapping[int, str] = field(default_factory=dict)
    acknowledged: tuple[Acknowledgement, ...] = ()
    terms: str | None = None  # the controlled vocabulary of threads.terms

    @property
    def current_capture(self) -> CaptureRecord:
        return next(c for c in self.captures if c.sha256 == self.current)

    def with_capture(self, record: CaptureRecord, *, current: bool) -> ThreadMeta:
        """The history with ``record`` added (or updated), made current if asked."""
        kept = tuple(c for c in self.captures if c.sha256 != record.sha256)
        return replace(self, captures=(*kept, record), current=record.sha256 if current else self.current)

    @classmethod
    def read(cls, path: Path) -> ThreadMeta:
        return cls.from_dict(read_yaml(path), str(path))

    @classmethod
    def from_dict(cls, data: Any, where: str) -> ThreadMeta:
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected a mapping of fields, found {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        if unknown := sorted(map(str, set(data) - known)):  # keys may be numbers, null, dates
            raise InputError(f"{where}: expected only the fields {sorted(known)}, found {unknown}")
        for name in ("thread_id", "current"):
            if not isinstance(data.get(name), str):
                raise InputError(f"{where}: field {name!r}: expected text, found {data.get(name)!r}")
        texts = {
            "author_name",
            "author_handle",
            "author_id",
            "author_bio",
            "source_url",
            "language",
            "rights",
            "known_gaps",
            "terms",
        }
        for name in texts:
            if data.get(name) is not None and not isinstance(data[name], str):
                raise InputError(f"{where}: field {name!r}: expected text, found {data[name]!r}")
        captures = _captures(data.get("captures"), where)
        if not any(c.sha256 == data["current"] for c in captures):
            raise InputError(
                f"{where}: field 'current': expected the sha256 of one of its captures, found {data['current']!r}"
            )
        meta = cls(
            thread_id=data["thread_id"],
            captures=captures,
            current=data["current"],
            author_name=data.get("author_name"),
            author_handle=data.get("author_handle"),
            author_id=data.get("author_id"),
            author_bio=data.get("author_bio"),
            source_url=data.get("source_url"),
            language=data.get("language"),
            rights=data.get("rights") or DEFAULT_RIGHTS,
            known_gaps=data.get("known_gaps"),
            tweet_ids=_tweet_ids(data.get("tweet_ids") or {}, where),
            acknowledged=_acknowledged(data.get("acknowledged") or [], where),
            terms=data.get("terms"),
        )
        meta.check(where)
        return meta

    def check(self, where: str) -> None:
        """Every value against the contract: InputError naming the field."""
        check_value("thread_id", self.thread_id, f"{where}: field 'thread_id'")
        for name in ("author_handle", "author_id", "source_url", "language"):
            value = getattr(self, name)
            if value is not None:
                check_value(name, value, f"{where}: field {name!r}")
        if self.terms is not None:
            check_terms(self.terms, f"{where}: field 'terms'")
        for position, tweet_id in self.tweet_ids.items():
            check_position(position, f"{where}: field 'tweet_ids'")
            check_value("tweet_id", tweet_id, f"{where}: field 'tweet_ids', position {position}")
        for name in ("author_name", "rights", "known_gaps"):  # the rules the command line's values obey
            if (value := getattr(self, name)) is not None:
                check_text(value, f"{where}: field {name!r}")
        for number, acknowledgement in enumerate(self.acknowledged):
            if acknowledgement.note is not None:
                check_text(acknowledgement.note, f"{where}: acknowledged[{number}]: field 'note'")
            if acknowledgement.finding not in REGISTRY:
                msg = f"{where}: acknowledged[{number}]: expected a finding type validation reports, found {acknowledgement.finding!r}"
                raise InputError(msg)
            if acknowledgement.position is not None:
                check_position(acknowledgement.position, f"{where}: acknowledged[{number}]: field 'position'")

    def to_dict(self) -> dict[str, Any]:
        return {
            "thread_id": self.thread_id,
            "current": self.current,
            "captures": [{f.name: getattr(c, f.name) for f in fields(CaptureRecord)} for c in self.captures],
            "author_name": self.author_name,
            "author_handle": self.author_handle,
            "author_id": self.author_id,
            "author_bio": self.author_bio,
            "source_url": self.source_url,
            "language": self.language,
            "rights": self.rights,
            "known_gaps": self.known_gaps,
            "tweet_ids": dict(sorted(self.tweet_ids.items())),
            "acknowledged": [
                {"finding": a.finding, "position": a.position, "note": a.note} for a in self.acknowledged
            ],
            "terms": self.terms,
        }

    def dump(self) -> str:
        import yaml

        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True, width=100)


@dataclass(frozen=True)
class Curation:
    """Curated facts of a thread; None leaves a fact as it is.

    An empty string clears a fact; ``tweet_ids`` lists IDs in thread order, one per
    tweet, "" for a position whose ID is unknown (an empty list clears them all).
    A value that breaks its rule raises InputError naming the fact as ``parameter``.
    """

    author_name: str | None = None
    author_handle: str | None = None
    source_url: str | None = None
    language: str | None = None
    rights: str | None = None
    known_gaps: str | None = None
    tweet_ids: Sequence[str] | None = None
    captured_at: str | None = None  # of the capture being ingested (or, with meta, the current one)
    terms: str | None = None

    def __post_init__(self) -> None:
        for name in ("author_handle", "source_url", "language", "captured_at"):
            value = getattr(self, name)
            if value:
                check_value(name, value, name, parameter=name)
        for tweet_id in self.tweet_ids or ():
            if tweet_id:
                check_value("tweet_id", tweet_id, "tweet_ids", parameter="tweet_ids")
        for name in ("author_name", "rights", "known_gaps"):
            if value := getattr(self, name):
                check_text(value, name, parameter=name)
        if self.author_name and not self.author_name.strip():
            raise InputError("author_name: expected a name, found only white space", parameter="author_name")
        if self.terms:
            check_terms(self.terms, "terms", parameter="terms")

    @property
    def given(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))

    def apply(self, meta: ThreadMeta) -> ThreadMeta:
        """``meta`` with the given facts set (and cleared where given as "")."""
        changes: dict[str, Any] = {}
        for name in ("author_name", "author_handle", "source_url", "language", "known_gaps", "terms"):
            value = getattr(self, name)
            if value is not None:
                changes[name] = value or None
        if self.rights is not None:
            changes["rights"] = self.rights or DEFAULT_RIGHTS
        if self.tweet_ids is not None:
            changes["tweet_ids"] = {i: tid for i, tid in enumerate(self.tweet_ids, start=1) if tid}
        if self.captured_at is not None:
            record = replace(meta.current_capture, captured_at=self.captured_at or None)
            changes["captures"] = tuple(record if c.sha256 == meta.current else c for c in meta.captures)
        return replace(meta, **changes)


def _captures(value: Any, where: str) -> tuple[CaptureRecord, ...]:
    if not isinstance(value, list) or not value:
        raise InputError(
            f"{where}: field 'captures': expected a list of one or more captures, found {value!r}"
        )
    names = {f.name for f in fields(CaptureRecord)}
    records = []
    for index, item in enumerate(value):
        at = f"{where}: captures[{index}]"
        if not isinstance(item, dict) or set(item) - names:
            raise InputError(f"{at}: expected a mapping of {sorted(names)}, found {item!r}")
        for name in names:
            required = name in {"path", "sha256", "original_name", "format"}
            if (required or item.get(name) is not None) and not isinstance(item.get(name), str):
                raise InputError(f"{at}: field {name!r}: expected text, found {item.get(name)!r}")
        if reason := problem(item["path"]):
            raise InputError(f"{at}: field 'path': {reason}")
        check_value("capture_path", item["path"], f"{at}: field 'path'")
        check_value("capture_sha256", item["sha256"], f"{at}: field 'sha256'")
        if item.get("captured_at") is not None:
            check_value("captured_at", item["captured_at"], f"{at}: field 'captured_at'")
        if item.get("ingested_on") is not None:
            try:
                dt.date.fromisoformat(item["ingested_on"])
            except ValueError:
                raise InputError(
                    f"{at}: field 'ingested_on': expected a date YYYY-MM-DD, found {item['ingested_on']!r}"
                ) from None
        if item.get("key") is not None:
            check_value("tweet_id", item["key"], f"{at}: field 'key'")
        records.append(
            CaptureRecord(
                path=item["path"],
                sha256=item["sha256"],
                original_name=item["original_name"],
                format=item["format"],
                captured_at=item.get("captured_at"),
                ingested_on=item.get("ingested_on"),
                key=item.get("key"),
            )
        )
    return tuple(records)


def _tweet_ids(value: Any, where: str) -> dict[int, str]:
    if not isinstance(value, dict):
        raise InputError(f"{where}: field 'tweet_ids': expected a mapping of position to ID, found {value!r}")
    ids = {}
    for position, tweet_id in value.items():
        check_position(position, f"{where}: field 'tweet_ids'")
        ids[position] = check_value(
            "tweet_id", str(tweet_id), f"{where}: field 'tweet_ids', position {position}"
        )
    return ids


def _acknowledged(value: Any, where: str) -> tuple[Acknowledgement, ...]:
    if not isinstance(value, list):
        raise InputError(f"{where}: field 'acknowledged': expected a list, found {value!r}")
    found = []
    for index, item in enumerate(value):
        at = f"{where}: acknowledged[{index}]"
        if not isinstance(item, dict) or set(item) - {"finding", "position", "note"}:
            raise InputError(f"{at}: expected a mapping of finding, position and note, found {item!r}")
        finding, position, note = item.get("finding"), item.get("position"), item.get("note")
        if finding not in REGISTRY:
            raise InputError(
                f"{at}: field 'finding': expected a finding type validation reports, found {finding!r}"
            )
        if position is not None:
            check_position(position, f"{at}: field 'position'")
        if not isinstance(note, str) or not note.strip():
            raise InputError(f"{at}: field 'note': expected a note saying why it is kept, found {note!r}")
        found.append(Acknowledgement(finding, note, position))
    return tuple(found)
