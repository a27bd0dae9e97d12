"""Writing files so that no failure or kill leaves a half-written one, and one writer at a time.

- ``atomic_write`` / ``atomic_copy``: through a temporary file renamed into place.
- ``staging``: a locked folder beside an output (a site, a database) to build it in;
  the folders of runs since killed are removed by the next run.
- ``open_beneath``: a folder inside an archive reached without following links, so a
  link swapped in after the path gate's check cannot lead a write out of the archive.
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
import logging
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath
from typing import IO

from threadarchive.errors import InputError, LockedError, StorageError, UnsafePathError

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


def atomic_write(path: str | Path, data: bytes, *, beneath: Path | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    With ``beneath`` (the root of an archive that ``path`` lies in), every folder from
    there to the file is opened without following links (``open_beneath``): a link swapped
    in after the path gate checked ``path`` fails the write instead of leading out.
    """
    _atomic(Path(path), beneath, lambda stream: stream.write(data))


def atomic_copy(source: Path, target: Path, *, beneath: Path | None = None) -> str:
    """Copy ``source`` to ``target`` through a temporary file; return its SHA-256.

    The file is read once, in chunks, whatever its size. ``beneath`` as for atomic_write.
    """
    digest = hashlib.sha256()

    def fill(writer: IO[bytes]) -> None:
        with source.open("rb") as reader:
            while chunk := reader.read(COPY_CHUNK):
                digest.update(chunk)
                writer.write(chunk)

    _atomic(target, beneath, fill)
    return digest.hexdigest()


def _atomic(path: Path, beneath: Path | None, fill: Callable[[IO[bytes]], object]) -> None:
    with storage(path, "write the file"), parent_folder(path, beneath) as folder:
        temporary = f".{path.name}.{secrets.token_hex(4)}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=folder)
        try:
            with os.fdopen(fd, "wb") as stream:
                fill(stream)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
            raise


@contextlib.contextmanager
def parent_folder(path: Path, beneath: Path | None) -> Iterator[int]:
    """An open descriptor of ``path``'s folder, created if missing: beneath ``beneath``
    without following links (``open_beneath``), else as the path names it."""
    if beneath is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            yield fd
        finally:
            os.close(fd)
        return
    with open_beneath(beneath, path.parent.relative_to(beneath), create=True) as fd:
        yield fd


@contextlib.contextmanager
def open_beneath(root: Path, relative: str | PurePath, *, create: bool = False) -> Iterator[int]:
    """A descriptor of the folder ``root/relative``, reached one folder at a time from
    ``root`` with O_NOFOLLOW, each opened relative to the last (``create``: made when
    missing).

    The path gate resolves a path and checks it stays inside; between that check and a
    write, a folder could be swapped for a link. Opening each step without following
    links closes that race: a link met on the way raises UnsafePathError, before
    anything is written. Written by hand: Python has no openat2(RESOLVE_BENEATH).
    """
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in PurePath(relative).parts:
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o777, dir_fd=fd)
            try:
                step = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            except OSError as exc:
                if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
                    raise
                msg = (
                    f"path {PurePath(relative).as_posix()!r} is unsafe: expected folders inside "
                    f"{root}, found {part!r} is not a folder (a link swapped in?); nothing was written there"
                )
                raise UnsafePathError(msg) from None
            os.close(fd)
            fd = step
        yield fd
    finally:
        os.close(fd)


STAGED = ".partial"  # a staging folder: .<name>.XXXXXXXX.partial
# The same folder before its lock is held, renamed to STAGED once it is: a staging
# folder is never seen without its lock held by a live run (a run that removes stale
# folders took one between its making and its lock for a dead run's, and removed it
# from under its run: validations, which share one spill folder name, did at once).
MAKING = ".making"
MAKING_GRACE = 60.0  # seconds: one still MAKING after this is a dead run's, never a live one's
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
        making = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=MAKING))
        try:
            lock = (making / _STAGING_LOCK).open("wb")
        except BaseException:
            shutil.rmtree(making, ignore_errors=True)
            raise
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # a new file: nobody else holds it
            folder = making.with_name(making.name.removesuffix(MAKING) + STAGED)
            os.rename(making, folder)  # a staging folder from now on, its lock held
        except BaseException:
            shutil.rmtree(making, ignore_errors=True)
            lock.close()
            raise
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # removed before the lock is let go
        lock.close()


def remove_stale(target: Path) -> None:
    """Remove the staging folders of ``target`` left beside it by runs since killed.

    Only folders (never a link) named as ``staging`` names them, and only those whose
    lock no live process holds. One without a lock file is a dead run's too, made by a
    version of threadarchive that did not lock: a staging folder has its name only once
    its lock is held (MAKING). One still being made after MAKING_GRACE is a dead run's.
    """
    pattern = re.compile(re.escape(f".{target.name}.") + TEMPFILE_RANDOM + re.escape(STAGED))
    making = re.compile(re.escape(f".{target.name}.") + TEMPFILE_RANDOM + re.escape(MAKING))
    with os.scandir(target.parent) as entries:
        folders = [e for e in entries if e.is_dir(follow_symlinks=False)]
    candidates = [Path(e.path) for e in folders if pattern.fullmatch(e.name)]
    for entry in folders:  # killed in the microseconds before its lock: long dead by now
        if making.fullmatch(entry.name):
            try:
                made = entry.stat(follow_symlinks=False).st_mtime
            except FileNotFoundError:
                continue  # its run has just locked and renamed it
            if time.time() - made > MAKING_GRACE:
                shutil.rmtree(entry.path, ignore_errors=True)
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
