"""The release index: what anchors a release's identity outside its own folder.

``releases/index.json`` lists every published release: its version, date, the
SHA-256 of its ``datapackage.json``, the hash of the previous release's descriptor
(each release's descriptor records it too, as ``x-previous``: a chain), and every
file with its size and hash. ``release`` appends to it in the same journalled step
that publishes the release; it is committed with the archive and shipped in the
wheel. A release whose files and manifests were all edited consistently still has
another descriptor hash than the index records, so ``verify`` and the loader refuse
it; editing an old release means editing every later descriptor too (the chain).

It also lists the threads withdrawn since (``withdrawals``): which releases hold each,
when and why, so that loading one of those releases warns even offline.

What it does not protect against: someone who can rewrite the archive's git history
(or publish a wheel) can rewrite the index as well. Signed tags, the published wheel's
hashes on the package index, and a DOI's deposited files are the anchors outside it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from threadarchive import contract
from threadarchive.contract.layout import INDEX_NAME
from threadarchive.contract.limits import MAX_DOCUMENT_BYTES, MAX_NOTE_CHARS
from threadarchive.contract.patterns import COMMIT, DOI, SHA256_HEX
from threadarchive.contract.versions import Version
from threadarchive.errors import InputError, PackageError
from threadarchive.files import strictjson
from threadarchive.files.fsutil import require_regular


@dataclass(frozen=True)
class Entry:
    """One published release as the index records it."""

    version: str
    created: str  # YYYY-MM-DD
    descriptor_sha256: str
    previous: str | None  # the previous release's descriptor SHA-256 (None for the first)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # path -> {"bytes", "sha256"}
    commit: str | None = None  # the source commit it was built from, when known
    doi: str | None = None  # the release's own DOI, once deposited

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "created": self.created,
            "descriptor_sha256": self.descriptor_sha256,
            "previous": self.previous,
            "commit": self.commit,
            **({"doi": self.doi} if self.doi else {}),
            "files": {name: self.files[name] for name in sorted(self.files)},
        }


@dataclass(frozen=True)
class Withdrawal:
    """A thread taken out of the archive, and the published releases that still hold it."""

    thread_id: str
    date: str  # YYYY-MM-DD
    reason: str
    releases: tuple[str, ...]  # versions

    def to_dict(self) -> dict[str, Any]:
        return {
            "thread_id": self.thread_id,
            "date": self.date,
            "reason": self.reason,
            "releases": list(self.releases),
        }


@dataclass(frozen=True)
class Index:
    """Every release of one archive, oldest first, and the threads withdrawn since."""

    archive: str
    entries: tuple[Entry, ...] = ()
    release_url: str | None = None  # where release files are published: {version}, {file}
    withdrawals: tuple[Withdrawal, ...] = ()

    def withdrawn_from(self, version: str) -> list[Withdrawal]:
        """The threads of release ``version`` withdrawn after it was published."""
        return [w for w in self.withdrawals if version in w.releases]

    def url(self, version: str, file: str) -> str | None:
        """Where the release's ``file`` is published, by the archive's release_url."""
        if self.release_url is None:
            return None
        return self.release_url.replace("{version}", version).replace("{file}", file)

    def entry(self, version: str) -> Entry | None:
        return next((e for e in self.entries if e.version == version), None)

    def with_entry(self, entry: Entry) -> Index:
        kept = tuple(e for e in self.entries if e.version != entry.version)
        return replace(self, entries=(*kept, entry))

    def to_json(self) -> str:
        data = {
            "archive": self.archive,
            "release_url": self.release_url,
            "releases": [e.to_dict() for e in self.entries],
            "withdrawals": [w.to_dict() for w in self.withdrawals],
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def parse(cls, text: str, where: str) -> Index:
        """An index from its JSON; PackageError naming what is wrong, whatever the input."""
        try:
            data = strictjson.loads(text)
        except (ValueError, RecursionError) as exc:
            raise PackageError(f"{where}: expected a release index (JSON), found an error: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("releases"), list):
            raise PackageError(
                f"{where}: expected an object with a list of releases, found {type(data).__name__}"
            )
        entries = [
            _entry(item, f"{where}: releases[{number}]") for number, item in enumerate(data["releases"])
        ]
        if len({e.version for e in entries}) != len(entries):
            raise PackageError(f"{where}: releases: expected each version once, found one listed twice")
        release_url = data.get("release_url")
        if release_url is not None and not (
            isinstance(release_url, str) and release_url.startswith(("http://", "https://"))
        ):
            raise PackageError(
                f"{where}: release_url: expected an http(s) URL pattern, found {release_url!r:.60}"
            )
        listed = data.get("withdrawals", [])
        if not isinstance(listed, list):
            raise PackageError(f"{where}: withdrawals: expected a list, found {type(listed).__name__}")
        withdrawals = [
            _withdrawal(item, f"{where}: withdrawals[{number}]") for number, item in enumerate(listed)
        ]
        return cls(str(data.get("archive", "")), tuple(entries), release_url, tuple(withdrawals))

    @classmethod
    def read(cls, path: Path) -> Index:
        try:
            require_regular(path)
        except InputError as exc:
            raise PackageError(str(exc)) from None
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            raise PackageError(f"{path}: cannot read the release index: {exc.strerror}") from None
        if len(data) > MAX_DOCUMENT_BYTES:
            raise PackageError(f"{path}: expected a release index of at most 16 MiB, found a larger file")
        return cls.parse(data.decode("utf-8", "replace"), str(path))


def packaged() -> Index | None:
    """The index shipped in the installed package, if it ships one."""
    from importlib import resources

    shipped = resources.files("threadarchive") / "_releases" / INDEX_NAME
    if not shipped.is_file():
        return None
    return Index.parse(shipped.read_text(encoding="utf-8"), f"threadarchive/_releases/{INDEX_NAME}")


# The index's schema, checked field by field: an index is input (a clone carries one), and
# every value in it reaches messages, URLs and file names.
def _entry(item: Any, at: str) -> Entry:
    if not isinstance(item, dict):
        raise PackageError(f"{at}: expected an object, found {type(item).__name__}")
    version, created, digest = item.get("version"), item.get("created"), item.get("descriptor_sha256")
    previous, commit, files = item.get("previous"), item.get("commit"), item.get("files", {})
    doi = item.get("doi")
    problems = [
        ("version", "a version like 1.2.3", isinstance(version, str) and Version.matches(version)),
        ("created", "a date YYYY-MM-DD", _is_date(created)),
        ("descriptor_sha256", "a SHA-256", _is_sha256(digest)),
        ("previous", "a SHA-256 or null", previous is None or _is_sha256(previous)),
        ("commit", "a git commit or null", commit is None or (isinstance(commit, str) and COMMIT.fullmatch(commit))),
        ("doi", "a DOI or nothing", doi is None or (isinstance(doi, str) and DOI.fullmatch(doi))),
        ("files", "an object of paths to {bytes, sha256}", isinstance(files, dict) and all(
            isinstance(name, str) and isinstance(f, dict) and _is_sha256(f.get("sha256"))
            and isinstance(f.get("bytes"), int) and not isinstance(f.get("bytes"), bool)
            for name, f in files.items()
        )),
    ]  # fmt: skip
    for name, expected, ok in problems:
        if not ok:
            raise PackageError(f"{at}: {name}: expected {expected}, found {item.get(name)!r:.60}")
    return Entry(str(version), str(created), str(digest), previous, dict(files), commit, doi)


def _withdrawal(item: Any, at: str) -> Withdrawal:
    if not isinstance(item, dict):
        raise PackageError(f"{at}: expected an object, found {type(item).__name__}")
    thread, date, reason, versions = (item.get(k) for k in ("thread_id", "date", "reason", "releases"))
    problems = [
        ("thread_id", "a thread ID", isinstance(thread, str) and contract.fullmatch("threads", "thread_id", thread)),
        ("date", "a date YYYY-MM-DD", _is_date(date)),
        ("reason", "one line of text", isinstance(reason, str) and reason.isprintable() and len(reason) <= MAX_NOTE_CHARS),
        ("releases", "a list of versions", isinstance(versions, list) and all(
            isinstance(v, str) and Version.matches(v) for v in versions
        )),
    ]  # fmt: skip
    for name, expected, ok in problems:
        if not ok:
            raise PackageError(f"{at}: {name}: expected {expected}, found {item.get(name)!r:.60}")
    return Withdrawal(str(thread), str(date), str(reason), tuple(versions or ()))


def _is_sha256(value: object) -> bool:
    return isinstance(value, str) and SHA256_HEX.fullmatch(value) is not None


def _is_date(value: object) -> bool:
    if not (isinstance(value, str) and len(value) == 10):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True
