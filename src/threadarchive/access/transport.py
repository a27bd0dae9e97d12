"""Downloads and the cache: HTTP fetched within a deadline, hash-checked, kept under the hash.

Every download has a total deadline (``MAX_DOWNLOAD_SECONDS``) and a stall timeout
measured on every read: a server that sends less than ``STALL_BYTES`` in any
``MAX_DOWNLOAD_STALL_SECONDS`` is given up, whether it sends nothing at all, one byte
every two seconds, or its headers a byte at a time. A watchdog thread shuts the
socket down the moment either bound is passed, so no read waits past it.

Why not pooch's ``HTTPDownloader`` (or requests, which it wraps): it reads the body in
64 KiB chunks (``iter_content``) and its timeout applies to one socket read, so a
server dripping a byte every two seconds never trips either, and nothing bounds the
whole request. The client here is ``http.client`` with redirects (at most
``MAX_REDIRECTS``, http and https only), the environment's proxies, and
``Accept-Encoding: identity`` (the bytes hashed are the bytes published).

The cache (``THREADARCHIVE_CACHE``, else the user cache folder):

- ``blobs/<sha256>``: files kept only after their hash was checked, under that hash;
  nothing unverified is cached, and a file cached for one descriptor is never served
  for another.
- ``sources/<sha256 of a URL>.json``: which descriptor or zip a URL gave, so that a
  release fetched by URL loads offline afterwards (verified against that hash).
- ``partial/``: downloads in progress, each in a locked ``.download.XXXXXXXX.partial``
  folder. A run killed mid-download (SIGTERM, SIGKILL) cannot remove its folder; the
  next run that uses the cache does, and never one a live run holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import re
import socket
import ssl
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from threadarchive.contract.limits import (
    MAX_DOCUMENT_BYTES,
    MAX_DOWNLOAD_BYTES,
    MAX_DOWNLOAD_SECONDS,
    MAX_DOWNLOAD_STALL_SECONDS,
)
from threadarchive.contract.patterns import SHA256
from threadarchive.errors import FixityError, PackageError
from threadarchive.files.cache import cache_dir
from threadarchive.files.fsutil import atomic_write, remove_stale, staging, storage
from threadarchive.files.hashing import sha256_bytes, sha256_file

STALL_BYTES = 64 << 10  # at least this much must arrive in every MAX_DOWNLOAD_STALL_SECONDS
MAX_REDIRECTS = 10
READ_BYTES = 1 << 20  # one read takes what the socket has, up to this
# Seconds: an unlocked tmp*.partial file of an older version, older than this, is a dead run's.
LEGACY_PARTIAL_AGE = 24 * 3600
CACHE_HINT = "use the cache (set THREADARCHIVE_CACHE to a writable folder)"
_REDIRECTS = {301, 302, 303, 307, 308}
_LEGACY_PARTIAL = re.compile(r"tmp[a-z0-9_]{8}\.partial")


class Unreachable(PackageError):
    """The server could not be reached at all (no network, refused, unknown host): the
    one failure after which a release already in the cache may be loaded offline."""


# The cache -----------------------------------------------------------------------------


def blob(sha256: str) -> Path | None:
    """The cached file whose SHA-256 was ``sha256`` when it was kept, if there is one."""
    path = _cache("blobs") / sha256
    return path if path.is_file() else None


def blob_path(sha256: str) -> Path:
    """Where the file of hash ``sha256`` is (or would be) kept."""
    return _cache("blobs") / sha256


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A new folder in the cache to download into, locked while in use and removed
    afterwards; the folders of runs killed meanwhile are removed first."""
    with staging(_cache("partial") / "download", CACHE_HINT) as folder:
        yield folder


def sweep(*, legacy: bool = True) -> None:
    """Remove what killed runs left in the cache: download folders no live run holds
    (their lock is free), and (``legacy``) the stale ``tmp*.partial`` files of older
    versions, which took no lock."""
    root = cache_dir()
    if (root / "partial").is_dir():
        with contextlib.suppress(OSError):
            remove_stale(root / "partial" / "download")
    if not legacy:
        return
    now = time.time()
    for folder in (root / "blobs", root / "downloads"):
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if (
                    _LEGACY_PARTIAL.fullmatch(entry.name)
                    and entry.is_file(follow_symlinks=False)
                    and now - entry.stat(follow_symlinks=False).st_mtime > LEGACY_PARTIAL_AGE
                ):
                    Path(entry.path).unlink(missing_ok=True)


_swept: set[Path] = set()


def _cache(name: str) -> Path:
    """A folder of the cache, after what killed runs left in it was removed (the files
    of older versions once a process: they need a scan of the blobs)."""
    root = cache_dir()
    sweep(legacy=root not in _swept)
    _swept.add(root)
    return root / name


def keep(path: Path, sha256: str) -> Path:
    """Move ``path``, whose SHA-256 the caller checked is ``sha256``, into the cache."""
    kept = blob_path(sha256)
    with storage(kept, CACHE_HINT):
        kept.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, kept)
    return kept


def remember(url: str, sha256: str) -> None:
    """Record that ``url`` gave the cached file of hash ``sha256`` (a checked release)."""
    record = {"url": url, "sha256": sha256}
    with storage(_cache("sources"), CACHE_HINT):
        atomic_write(_source(url), json.dumps(record, sort_keys=True).encode())


def recall(url: str) -> Path | None:
    """The cached file ``url`` last gave, if it is still there with the hash recorded;
    None when nothing was recorded. FixityError when the cached copy was changed."""
    record = _source(url)
    if not record.is_file():  # nothing recorded (or not a file: never opened)
        return None
    try:
        with record.open("rb") as stream:
            facts = json.loads(stream.read(MAX_DOCUMENT_BYTES))
    except (OSError, ValueError):
        return None
    digest = facts.get("sha256") if isinstance(facts, dict) else None
    if not isinstance(digest, str) or not SHA256.fullmatch(digest) or facts.get("url") != url:
        return None
    digest = digest.removeprefix("sha256:")
    kept = blob(digest)
    if kept is None:
        return None
    actual = sha256_file(kept)
    if actual != digest:
        msg = f"{kept}: expected SHA-256 {digest} as cached from {url}, found {actual}: the cached copy was changed; remove it"
        raise FixityError(msg, path=kept)
    return kept


def _source(url: str) -> Path:
    return _cache("sources") / f"{sha256_bytes(url.encode())}.json"


# Downloads -----------------------------------------------------------------------------


class Sink:
    """Where a download goes: a file or memory, hashed, and refused past ``limit`` bytes
    (MAX_DOWNLOAD_BYTES when no manifest gives one)."""

    def __init__(self, stream: IO[bytes] | None = None, *, limit: int | None) -> None:
        self.stream, self.limit = stream, limit
        self.chunks: list[bytes] = []
        self.size = 0
        self.digest = hashlib.sha256()

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.limit is not None and self.size > self.limit:
            msg = f"the download does not match its manifest: expected at most {self.limit} bytes, found more"
            raise FixityError(msg)
        if self.size > MAX_DOWNLOAD_BYTES:
            msg = f"expected a download of at most {MAX_DOWNLOAD_BYTES} bytes (THREADARCHIVE_MAX_DOWNLOAD), found more"
            raise PackageError(msg)
        self.digest.update(chunk)
        if self.stream is None:
            self.chunks.append(chunk)
        else:
            self.stream.write(chunk)

    def data(self) -> bytes:
        return b"".join(self.chunks)

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def fetch_bytes(url: str, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The body at ``url``, at most ``limit`` bytes."""
    sink = Sink(limit=limit)
    fetch(url, sink)
    return sink.data()


def download(url: str, sha256: str, size: object = None) -> Path:
    """The file at ``url``, kept in the cache once its hash is ``sha256`` (then never
    fetched again); ``size`` the bytes the manifest declares, if it does."""
    if (kept := blob(sha256)) is not None:
        return kept
    with scratch() as folder:
        temporary = folder / sha256
        save(url, temporary, sha256=sha256, size=size)
        return keep(temporary, sha256)


def save(url: str, target: Path, *, sha256: str | None = None, size: object = None) -> Path:
    """Download ``url`` to ``target`` (a file in a ``scratch`` folder), refused unless its
    SHA-256 is ``sha256`` when given and it is within ``size`` bytes."""
    limit = size if isinstance(size, int) and size >= 0 else None
    with storage(target, CACHE_HINT):
        target.parent.mkdir(parents=True, exist_ok=True)
        stream = target.open("wb")
    with stream:
        sink = Sink(stream, limit=limit)
        fetch(url, sink)
    if sha256 is not None and sink.hexdigest() != sha256:
        target.unlink(missing_ok=True)
        msg = f"{url}: the download does not match its manifest: expected SHA-256 {sha256}, found {sink.hexdigest()}"
        raise FixityError(msg)
    return target


def store(source: IO[bytes], sha256: str, size: object, where: str) -> Path:
    """Copy a stream into the cache, kept only if its hash is ``sha256``."""
    if (kept := blob(sha256)) is not None:
        return kept
    limit = size if isinstance(size, int) and size >= 0 else None
    with scratch() as folder:
        temporary = folder / sha256
        with storage(temporary, CACHE_HINT), temporary.open("wb") as stream:
            sink = Sink(stream, limit=limit)
            while chunk := source.read(READ_BYTES):
                sink.write(chunk)
        if sink.hexdigest() != sha256:
            raise FixityError(f"{where}: expected SHA-256 {sha256}, found {sink.hexdigest()}")
        return keep(temporary, sha256)


def fetch(url: str, sink: Sink) -> None:
    """Download ``url`` into ``sink``, within the deadline and the stall timeout.

    Raises Unreachable when no connection can be made, PackageError for an HTTP error,
    a stall or the deadline, and what the sink raises (prefixed with the URL).
    """
    watch = _Watch(url)
    try:
        response = _open(url, watch)
        progress = _Progress(url, response.getheader("Content-Length")) if sys.stderr.isatty() else None
        while True:
            chunk = response.read1(READ_BYTES)
            watch.check()
            if not chunk:
                break
            watch.received(len(chunk))
            sink.write(chunk)
            if progress is not None:
                progress.update(len(chunk))
        if progress is not None:
            progress.close()
        response.close()
    except (FixityError, PackageError) as exc:
        if watch.reason is not None:
            raise PackageError(f"{url}: {watch.reason}") from None
        prefix = "" if str(exc).startswith(url) else f"{url}: "
        raise type(exc)(prefix + str(exc), path=exc.path) from None
    except (OSError, ValueError, http.client.HTTPException) as exc:  # InvalidURL is a ValueError
        # A socket's own timeout (the stall window, from its last read) may fire before the
        # watching thread runs, on a busy machine: the window has passed either way.
        reason = watch.reason or (watch.overdue() if isinstance(exc, TimeoutError) else None)
        if reason is not None:
            raise PackageError(f"{url}: {reason}") from None
        raise PackageError(f"{url}: cannot fetch the release: {exc}") from None
    finally:
        watch.stop()


def _open(url: str, watch: _Watch) -> http.client.HTTPResponse:
    """The response to GET ``url``, redirects followed."""
    for _ in range(MAX_REDIRECTS + 1):
        try:
            parts = urllib.parse.urlsplit(url)
            valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
        except ValueError:  # a port that is no number, an unclosed [IPv6]
            valid = False
        if not valid:
            raise PackageError(f"expected an http(s) URL, found {url!r}")
        connection, target = _connection(parts)
        watch.connections.append(connection)
        watch.track(connection)
        try:
            connection.connect()
        except ssl.SSLError as exc:  # a server that answers, but not as the certificate says
            raise PackageError(f"cannot fetch the release: {exc}") from None
        except OSError as exc:  # refused, unreachable, no such host: the network is off
            raise Unreachable(f"cannot fetch the release: {exc}") from None
        watch.attach(connection)
        connection.request(
            "GET", target, headers={"Accept-Encoding": "identity", "User-Agent": "threadarchive"}
        )
        response = connection.getresponse()
        location = response.getheader("Location")
        if response.status in _REDIRECTS and location:
            connection.close()
            url = urllib.parse.urljoin(url, location)
            continue
        if response.status != 200:
            connection.close()
            raise PackageError(f"cannot fetch the release: {response.status} {response.reason}")
        return response
    raise PackageError(f"cannot fetch the release: expected at most {MAX_REDIRECTS} redirects, found more")


def _connection(parts: urllib.parse.SplitResult) -> tuple[http.client.HTTPConnection, str]:
    """A connection for ``parts`` (through the environment's proxy, if it names one) and
    the request target to send on it."""
    timeout = MAX_DOWNLOAD_STALL_SECONDS
    host, port = parts.hostname or "", parts.port
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    proxy = None if urllib.request.proxy_bypass(host) else urllib.request.getproxies().get(parts.scheme)
    if proxy:
        via = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        if parts.scheme == "https":
            tunnel = http.client.HTTPSConnection(
                via.hostname or "", via.port or 8080, timeout=timeout, context=_tls()
            )
            tunnel.set_tunnel(host, port or 443)
            return tunnel, target
        plain = http.client.HTTPConnection(via.hostname or "", via.port or 8080, timeout=timeout)
        return plain, urllib.parse.urlunsplit(parts._replace(fragment=""))
    if parts.scheme == "https":
        return http.client.HTTPSConnection(host, port, timeout=timeout, context=_tls()), target
    return http.client.HTTPConnection(host, port, timeout=timeout), target


def _tls() -> ssl.SSLContext:
    """The system's certificates, or certifi's where it is installed (as requests does)."""
    try:
        import certifi
    except ImportError:
        return ssl.create_default_context()
    return ssl.create_default_context(cafile=certifi.where())


class _Watch:
    """The deadline and the stall timeout of one download, watched by a thread of its
    own that shuts the connection's socket down the moment one is passed (a read
    blocked on it returns at once), and checked again after every read."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.started = self.window = time.monotonic()
        self.deadline = self.started + MAX_DOWNLOAD_SECONDS
        self.stall = MAX_DOWNLOAD_STALL_SECONDS
        self.total = self.recent = 0
        self.reason: str | None = None
        self.sockets: list[socket.socket] = []
        self.connections: list[http.client.HTTPConnection] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="threadarchive-download-watch", daemon=True)
        self.thread.start()

    def track(self, connection: http.client.HTTPConnection) -> None:
        """Watch the connection's socket from the moment it is connected, through a
        proxy's CONNECT and the TLS handshake (http.client's socket factory)."""
        create = connection._create_connection  # type: ignore[attr-defined]

        def created(*args: object, **kwargs: object) -> socket.socket:
            sock: socket.socket = create(*args, **kwargs)
            self.sockets.append(sock)
            return sock

        connection._create_connection = created  # type: ignore[attr-defined]

    def attach(self, connection: http.client.HTTPConnection) -> None:
        """Watch the socket the connection ended with (TLS wraps the first one)."""
        if connection.sock is not None:
            self.sockets.append(connection.sock)

    def received(self, count: int) -> None:
        self.total += count
        self.recent += count
        if self.recent >= STALL_BYTES:
            self.window, self.recent = time.monotonic(), 0

    def overdue(self) -> str | None:
        now = time.monotonic()
        if now >= self.deadline:
            return (
                f"expected the download to end within {MAX_DOWNLOAD_SECONDS:g} s "
                f"(THREADARCHIVE_DOWNLOAD_SECONDS), found {self.total} bytes by then; try again later"
            )
        if now - self.window >= self.stall:
            return (
                f"expected at least {STALL_BYTES >> 10} KiB every {self.stall:g} s, found {self.recent} bytes "
                f"in {now - self.window:.0f} s: the server is too slow or has stopped; try again later"
            )
        return None

    def check(self) -> None:
        if self.reason is None:
            self.reason = self.overdue()
        if self.reason is not None:
            raise PackageError(self.reason)

    def _run(self) -> None:
        while not self.done.is_set():
            due = min(self.deadline, self.window + self.stall) - time.monotonic()
            if due > 0:
                self.done.wait(due)
                continue
            if (reason := self.overdue()) is not None:
                self.reason = reason
                for sock in self.sockets:
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
                return

    def stop(self) -> None:
        """Stop watching, and close every connection of the download."""
        self.done.set()
        for connection in self.connections:
            with contextlib.suppress(OSError):
                connection.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.close()


class _Progress:
    """Download progress on stderr (only on a terminal)."""

    def __init__(self, url: str, length: str | None) -> None:
        self.label = url.rstrip("/").rsplit("/", 1)[-1]
        self.total = int(length) if length and length.isdigit() else 0
        self.done = 0

    def update(self, count: int) -> None:
        self.done += count
        total = f" of {self.total >> 20} MiB" if self.total else ""
        sys.stderr.write(f"\rthreadarchive: downloading {self.label}: {self.done >> 20} MiB{total}")

    def close(self) -> None:
        sys.stderr.write("\n")
