"""The journal: one change of an archive, written whole before any step of it runs.

A change of several files (metadata, raw captures, a release and its CHANGELOG
section) is written to ``.threadarchive/journal.json``, then applied; a command that
finds a journal left by a killed one applies it again first (every step can run
twice), so a change is either wholly there or not at all.

A journal is input too: a cloned repository or a tarball can carry one. So it may
only do what the commands that write journals do, checked when it is read and again
before each step: move a staged capture into data/raw or a staged release into
releases/, move a withdrawn thread's capture or metadata into staging, and write a
thread's metadata, the withdrawals, the release index or the changelog. Anything
else (``.git/config`` above all, or a published release moved out) refuses the whole
journal, and nothing of it is applied. Each step opens its folders without following
links (``open_beneath``), so no link swapped in meanwhile leads it out of the archive.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from threadarchive.contract.layout import (
    CHANGELOG,
    INDEX_FILE,
    META_DIR,
    RAW_DIR,
    RELEASES_DIR,
    STAGING_DIR,
    WITHDRAWALS_FILE,
)
from threadarchive.contract.versions import Version
from threadarchive.errors import InputError
from threadarchive.files import strictjson
from threadarchive.files.fsutil import atomic_write, open_beneath, storage
from threadarchive.files.gate import problem

WITHDRAWN_DIR = STAGING_DIR / "withdrawn"  # where withdraw moves a thread's files before removing them
RELEASE_STAGED = "release-"  # STAGING_DIR/release-X.Y.Z: a release built and not yet in place


@dataclass
class Journal:
    """One change of an archive, as steps that can each run again safely.

    ``moves`` rename staged files or folders into place (skipped once done);
    ``writes`` replace whole text files. Paths are POSIX, relative to the archive.
    """

    moves: list[tuple[str, str]] = field(default_factory=list)
    writes: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> bytes:
        data = {"moves": self.moves, "writes": self.writes}
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, where: str = "journal.json") -> Journal:
        """A journal from its JSON, read strictly: InputError naming ``where`` for anything
        but an object of ``moves`` (pairs of paths) and ``writes`` (path to text), and for
        any step no command of threadarchive writes."""
        try:
            raw: Any = strictjson.loads(data.decode("utf-8"))
        except (ValueError, RecursionError) as exc:
            raise InputError(_damaged(where, f"an error: {exc}"), path=where) from None
        if not isinstance(raw, dict) or set(raw) != {"moves", "writes"}:
            found = f"the keys {sorted(raw)}" if isinstance(raw, dict) else type(raw).__name__
            raise InputError(_damaged(where, found), path=where)
        moves, writes = raw["moves"], raw["writes"]
        if not isinstance(moves, list) or not all(
            isinstance(m, list) and len(m) == 2 and all(isinstance(p, str) for p in m) for m in moves
        ):
            raise InputError(_damaged(where, f"moves {moves!r:.80}"), path=where)
        if not isinstance(writes, dict) or not all(isinstance(v, str) for v in writes.values()):
            raise InputError(_damaged(where, f"writes {writes!r:.80}"), path=where)
        journal = cls([(a, b) for a, b in moves], dict(writes))
        journal.check(where)
        return journal

    def check(self, where: str = "journal.json") -> None:
        """Refuse (InputError) a step that no command of threadarchive takes."""
        for name in [*(p for m in self.moves for p in m), *self.writes]:
            if reason := problem(name):
                raise InputError(_damaged(where, f"the path {name!r}: {reason}"), path=where)
        for staged, final in self.moves:
            if not _allowed_move(PurePosixPath(staged), PurePosixPath(final)):
                raise InputError(_refused(where, f"a move of {staged!r} to {final!r}"), path=where)
        for name in self.writes:
            if not _allowed_write(PurePosixPath(name)):
                raise InputError(_refused(where, f"a write of {name!r}"), path=where)

    def apply(self, root: Path) -> None:
        """Run every step; each is skipped or repeated harmlessly if it ran before."""
        self.check()
        for staged, final in self.moves:
            source, target = PurePosixPath(staged), PurePosixPath(final)
            with (
                storage(root / final, "move a file into place"),
                open_beneath(root, source.parent, create=True) as here,
                open_beneath(root, target.parent, create=True) as there,
            ):
                if _exists(source.name, here) and not _exists(target.name, there):
                    os.rename(source.name, target.name, src_dir_fd=here, dst_dir_fd=there)
                elif _exists(source.name, here):  # both: a content-addressed file that was there already
                    _remove(root / staged)
        for relative, text in self.writes.items():
            atomic_write(root / relative, text.encode("utf-8"), beneath=root)


def _allowed_move(staged: PurePosixPath, final: PurePosixPath) -> bool:
    if staged.is_relative_to(WITHDRAWN_DIR):  # withdraw: only from data/raw and data/meta
        return False
    if staged.parent == STAGING_DIR and staged.name.startswith(RELEASE_STAGED):  # publish
        version = staged.name.removeprefix(RELEASE_STAGED)
        return Version.matches(version) and final == RELEASES_DIR / version
    if staged.is_relative_to(STAGING_DIR):  # ingest: a staged capture into data/raw
        return final == RAW_DIR / staged.relative_to(STAGING_DIR)
    if staged.is_relative_to(RAW_DIR):  # withdraw: a capture out of data/raw
        return final == WITHDRAWN_DIR / staged.relative_to(RAW_DIR)
    if staged.parent == META_DIR and staged.suffix == ".yaml":  # withdraw: the thread's metadata
        return final == WITHDRAWN_DIR / staged.name
    return False


def _allowed_write(name: PurePosixPath) -> bool:
    return (name.parent == META_DIR and name.suffix == ".yaml") or str(name) in (
        WITHDRAWALS_FILE,
        INDEX_FILE,
        CHANGELOG,
    )


def _exists(name: str, folder: int) -> bool:
    try:
        os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISDIR(os.lstat(path).st_mode):
            shutil.rmtree(path)
        else:
            path.unlink()


def _damaged(where: str, found: str) -> str:
    return (
        f'{where}: expected a journal {{"moves": [[staged, final], ...], "writes": {{path: text}}}}, '
        f"found {found}. A command was interrupted while changing the archive and its journal is "
        "damaged, so the change cannot be finished: check the archive (git status, validate), "
        "restore what is half changed, then delete the journal"
    )


def _refused(where: str, step: str) -> str:
    return (
        f"{where}: expected only the steps threadarchive's own commands write (captures into "
        f"{RAW_DIR}, a release into {RELEASES_DIR}, metadata, withdrawals, the index, the changelog), "
        f"found {step}; nothing of it was applied. A journal no command of this archive wrote "
        "(one that came with a clone or an archive file) is not to be trusted: delete it"
    )
