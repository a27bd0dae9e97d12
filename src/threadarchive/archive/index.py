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

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from threadarchive.contract.layout import INDEX_NAME
from threadarchive.contract.limits import MAX_DOCUMENT_BYTES
from threadarchive.errors import InputError, PackageError
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "created": self.created,
            "descriptor_sha256": self.descriptor_sha256,
            "previous": self.previous,
            "commit": self.commit,
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
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise PackageError(f"{where}: expected a release index (JSON), found an error: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("releases"), list):
            raise PackageError(
                f"{where}: expected an object with a list of releases, found {type(data).__name__}"
            )
        entries = []
        for number, item in enumerate(data["releases"]):
            at = f"{where}: releases[{number}]"
            texts = ("version", "created", "descriptor_sha256")
            if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in texts):
                raise PackageError(f"{at}: expected an object with version, created and descriptor_sha256")
            if not isinstance(item.get("files", {}), dict) or not isinstance(
                item.get("previous"), str | None
            ):
                raise PackageError(f"{at}: expected files as an object and previous as a hash or null")
            entries.append(
                Entry(
                    item["version"],
                    item["created"],
                    item["descriptor_sha256"],
                    item.get("previous"),
                    dict(item.get("files", {})),
                    item.get("commit") if isinstance(item.get("commit"), str) else None,
                )
            )
        release_url = data.get("release_url")
        if release_url is not None and not (
            isinstance(release_url, str) and release_url.startswith(("http://", "https://"))
        ):
            raise PackageError(
                f"{where}: release_url: expected an http(s) URL pattern, found {release_url!r}"
            )
        withdrawals = []
        for number, item in enumerate(data.get("withdrawals") or []):
            texts = ("thread_id", "date", "reason")
            if not (
                isinstance(item, dict)
                and all(isinstance(item.get(k), str) for k in texts)
                and isinstance(item.get("releases"), list)
                and all(isinstance(v, str) for v in item["releases"])
            ):
                raise PackageError(
                    f"{where}: withdrawals[{number}]: expected an object with thread_id, date, reason and a list of releases"
                )
            withdrawals.append(
                Withdrawal(item["thread_id"], item["date"], item["reason"], tuple(item["releases"]))
            )
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
