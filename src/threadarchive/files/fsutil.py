"""Writing files so that no failure or kill leaves a half-written one, and one writer at a time.

- ``atomic_write`` / ``atomic_copy``: through a temporary file renamed into place.
- ``staging``: a locked folder beside an output (a site, a database) to build it in;
  the folders of runs since killed are removed by the next run.
- ``Journal``: a change of several files (metadata, raw captures, a release and its
  CHANGELOG section) written whole to a journal before any step runs, then applied;
  a command that finds a journal left by a killed one applies it again first
  (every step can run twice), so a change is either wholly there or not at all.
- ``exclusive_lock`` / ``shared_lock``: flock(2) on the archive's lock file.
  Written by hand: the standard library has flock but no waiting lock with a
  message, and a locking package would add a dependency for twenty lines.

An OSError (permissions, a full disk) becomes StorageError naming the path. Input
files are refused unless they are regular files (``require_regular``): a FIFO or a
device would block a command for ever, or never end.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from threadarchive.errors import InputError, LockedError, StorageError

log = logging.getLogger("threadarchive")
COPY_CHUNK = 1 << 20


@contextlib.contextmanager
def storage(path: str | Path, doing: str) -> Iterator[None]:
    """Turn an OSError into StorageError: '<path>: cannot <doing>: <reason>'."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or path
        raise StorageError(f"{where}: cannot {doing}: {exc.strerror or exc}") from None


_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def require_regular(path: str | Path, name: str | None = None) -> None:
    """Refuse ``path`` (InputError) unless it is a regular file, before it is opened.

    Reading a FIFO blocks until a writer comes, a device may never end: neither is
    a capture, manifest, descriptor or metadata file. A missing file passes, for
    the caller to say so in its own words.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "another kind of file")
        raise InputError(f"{name or path}: expected a regular file, found {kind}; nothing was read from it")


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    path = Path(path)
    with storage(path, "write the file"):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def atomic_copy(source: Path, target: Path) -> str:
    """Copy ``source`` to ``target`` through a temporary file; return its SHA-256.

    The file is read once, in chunks, whatever its size.
    """
    digest = hashlib.sha256()
    with storage(target, "write the file"):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with source.open("rb") as reader, os.fdopen(fd, "wb") as writer:
                while chunk := reader.read(COPY_CHUNK):
                    digest.update(chunk)
                    writer.write(chunk)
                writer.flush()
                os.fsync(writer.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return digest.hexdigest()


STAGED = ".partial"  # a staging folder: .<name>.XXXXXXXX.partial
_STAGING_LOCK = ".lock"
# What tempfile puts between prefix and suffix: eight of [a-z0-9_]. Only such names are
# ever removed as stale, so a file of someone else's that shares the prefix is not.
TEMPFILE_RANDOM = "[a-z0-9_]{8}"


@contextlib.contextmanager
def staging(target: Path, doing: str) -> Iterator[Path]:
    """A new folder beside ``target`` to build it in, ``.<name>.XXXXXXXX.partial``, locked
    while in use and removed afterwards, whatever happens.

    A run killed (SIGKILL, a power cut) cannot remove its folder; the next run for the
    same ``target`` does (``remove_stale``). The lock tells them apart: the kernel drops
    it when its process dies, so a folder whose lock is free is a dead run's, and a
    second run at the same time never removes the first one's. The lock is a file in
    the folder rather than the folder itself: NFS locks only files open for writing.
    """
    with storage(target.parent, doing):
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(target)
        folder = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=STAGED))
        lock = (folder / _STAGING_LOCK).open("wb")
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # a new file: nobody else holds it
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # removed before the lock is let go
        lock.close()


def remove_stale(target: Path) -> None:
    """Remove the staging folders of ``target`` left beside it by runs since killed.

    Only folders (never a link) named as ``staging`` names them, and only those whose
    lock no live process holds. One without a lock file is a dead run's too: killed
    before it made one, or made by a version of threadarchive that did not lock. (A run
    caught in the microseconds between the two fails on a missing folder: never a half
    file.)
    """
    pattern = re.compile(re.escape(f".{target.name}.") + TEMPFILE_RANDOM + re.escape(STAGED))
    with os.scandir(target.parent) as entries:
        candidates = [
            Path(e.path) for e in entries if pattern.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
        ]
    for folder in candidates:
        try:
            fd: int | None = os.open(folder / _STAGING_LOCK, os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            fd = None
        except OSError:
            continue  # cannot tell whether a run is using it: left alone
        try:
            if fd is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # a live run's
            shutil.rmtree(folder, ignore_errors=True)  # what cannot be removed stays: no reason to fail
            if not os.path.lexists(folder):
                log.info("removed %s, left by a run that was interrupted", folder)
        finally:
            if fd is not None:
                os.close(fd)


@dataclass
class Journal:
    """One change of an archive, as steps that can each run again safely.

    ``moves`` rename staged files or folders into place (skipped once done);
    ``writes`` replace whole text files. Paths are relative to the archive.
    """

    moves: list[tuple[str, str]] = field(default_factory=list)
    writes: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> bytes:
        data = {"moves": self.moves, "writes": self.writes}
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, where: str = "journal.json") -> Journal:
        """A journal from its JSON, read strictly: InputError naming ``where`` for anything
        but an object of ``moves`` (pairs of paths) and ``writes`` (path to text)."""
        try:
            raw: Any = json.loads(data.decode("utf-8"))
        except (ValueError, RecursionError) as exc:
            raise InputError(_journal_problem(where, f"an error: {exc}")) from None
        if not isinstance(raw, dict) or set(raw) != {"moves", "writes"}:
            found = f"the keys {sorted(raw)}" if isinstance(raw, dict) else type(raw).__name__
            raise InputError(_journal_problem(where, found))
        moves, writes = raw["moves"], raw["writes"]
        if not isinstance(moves, list) or not all(
            isinstance(m, list) and len(m) == 2 and all(isinstance(p, str) for p in m) for m in moves
        ):
            raise InputError(_journal_problem(where, f"moves {moves!r:.80}"))
        if not isinstance(writes, dict) or not all(isinstance(v, str) for v in writes.values()):
            raise InputError(_journal_problem(where, f"writes {writes!r:.80}"))
        from threadarchive.files.gate import problem

        for name in [*(p for m in moves for p in m), *writes]:
            if reason := problem(name):
                raise InputError(_journal_problem(where, f"the path {name!r}: {reason}"))
        return cls([(a, b) for a, b in moves], dict(writes))

    def apply(self, root: Path) -> None:
        """Run every step; each is skipped or repeated harmlessly if it ran before."""
        from threadarchive.files.gate import inside

        for staged, final in self.moves:
            source, target = inside(root, staged), inside(root, final)
            with storage(target, "move a file into place"):
                if source.exists() and not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.rename(source, target)
                elif source.exists():  # both: a content-addressed file that was there already
                    _remove(source)
        for relative, text in self.writes.items():
            atomic_write(inside(root, relative), text.encode("utf-8"))


def _journal_problem(where: str, found: str) -> str:
    return (
        f'{where}: expected a journal {{"moves": [[staged, final], ...], "writes": {{path: text}}}}, '
        f"found {found}. A command was interrupted while changing the archive and its journal is "
        "damaged, so the change cannot be finished: check the archive (git status, threadarchive "
        "validate), restore what is half changed, then delete the journal"
    )


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


@contextlib.contextmanager
def exclusive_lock(lock_file: Path, *, wait: float) -> Iterator[None]:
    """Hold the archive's lock for writing; wait up to ``wait`` seconds for another writer."""
    with _locked(lock_file, fcntl.LOCK_EX, wait):
        yield


@contextlib.contextmanager
def shared_lock(lock_file: Path, *, wait: float) -> Iterator[None]:
    """Hold the archive's lock for reading: no writer changes it meanwhile."""
    with _locked(lock_file, fcntl.LOCK_SH, wait):
        yield


def writer_active(lock_file: Path) -> bool:
    """Whether a command holds the lock for writing at this moment (without waiting)."""
    try:
        with lock_file.open("rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError as exc:
        return exc.errno in (errno.EAGAIN, errno.EACCES)
    return False


@contextlib.contextmanager
def _locked(lock_file: Path, mode: int, wait: float) -> Iterator[None]:
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        handle: IO[str] = lock_file.open("a+")
    except OSError as exc:
        if mode == fcntl.LOCK_SH and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            yield  # a read-only archive: nobody can write it, so reading needs no lock
            return
        raise StorageError(f"{lock_file}: cannot open the lock file: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle.fileno(), mode | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise StorageError(f"{lock_file}: cannot lock the archive: {exc.strerror}") from None
            if time.monotonic() >= deadline:
                msg = (
                    f"{lock_file}: another threadarchive command is writing this archive; "
                    f"waited {wait:g} s. Try again when it has finished"
                )
                raise LockedError(msg)
            if not told:
                log.warning("waiting for another threadarchive command that is writing this archive")
                told = True
            time.sleep(0.05)
        yield
    finally:
        handle.close()  # closing releases the lock
