"""Downloads and Parquet files end in bounded time, disk and memory, whatever a server or a
release sends: an endless body, a drip (of the body or of the headers), silence, a file
that decompresses to gigabytes, a FIFO where a file should be, a kill mid-download."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import threadarchive
from threadarchive import FixityError, PackageError
from threadarchive.access import transport, unpack
from threadarchive.release import bundles, fixity
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases

from .conftest import DAY, QuietHandler
from .test_hardening import never_blocking, resource, rewrite_descriptor


@pytest.fixture
def release_dir(archive: Path) -> Path:
    return releases.publish(archive, planning.plan(archive, bump="minor", created=DAY))


class Scripted(http.server.BaseHTTPRequestHandler):
    """Answers every GET slowly: its status line and headers a byte every ``head_pause``
    seconds, then ``chunk`` every ``pause`` seconds, for ever (or until the client goes)."""

    head_pause = 0.0
    pause = 0.0
    chunk = b"x" * 1024

    def do_GET(self) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nConnection: close\r\n\r\n"
        try:
            if self.head_pause:
                for byte in head:
                    self.wfile.write(bytes([byte]))
                    time.sleep(self.head_pause)
            else:
                self.wfile.write(head)
            while True:
                if self.chunk:
                    self.wfile.write(self.chunk)
                time.sleep(self.pause)
        except OSError:
            pass  # the client gave up: what is tested

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def scripted() -> Iterator[type[Scripted]]:
    handler = type("Handler", (Scripted,), {})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    handler.url = f"http://127.0.0.1:{httpd.server_address[1]}/release.zip"  # type: ignore[attr-defined]
    try:
        yield handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def cache() -> Path:
    return Path(os.environ["THREADARCHIVE_CACHE"])


def cached_files() -> list[Path]:
    return [p for p in cache().rglob("*") if p.is_file()]


def raised(call: Callable[[], object], guard: float = 120.0) -> BaseException:
    """What ``call`` raises, run in a thread: a call that has not ended after ``guard``
    seconds fails the test (it hangs: the bug), rather than hanging the suite."""
    caught: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # handed to the test
            caught.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(guard)
    assert not thread.is_alive(), "the download never ended"
    assert caught, "the download succeeded"
    return caught[0]


def test_an_endless_download_stops_at_the_limit(
    scripted: type[Scripted], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transport, "MAX_DOWNLOAD_BYTES", 1 << 20)
    with pytest.raises(PackageError, match=r"expected a download of at most 1048576 bytes"):
        threadarchive.load_tweets(source=scripted.url)  # type: ignore[attr-defined]
    assert cached_files() == []


@pytest.mark.parametrize(
    ("head_pause", "pause", "chunk"),
    [(0.0, 0.5, b"x"), (0.5, 0.0, b"x"), (0.0, 1.0, b"")],
    ids=["body-drips-a-byte-at-a-time", "headers-drip-a-byte-at-a-time", "silence-after-the-headers"],
)
def test_a_stalled_or_dripping_server_is_given_up_within_the_stall_timeout(
    scripted: type[Scripted], monkeypatch: pytest.MonkeyPatch, head_pause: float, pause: float, chunk: bytes
) -> None:
    """A byte every half second is progress to a per-read timeout, and never fills a 64 KiB
    chunk: it is given up when the stall window passes, whatever read it is in."""
    scripted.head_pause, scripted.pause, scripted.chunk = head_pause, pause, chunk
    monkeypatch.setattr(transport, "MAX_DOWNLOAD_STALL_SECONDS", 2.0)
    error = raised(lambda: threadarchive.load_tweets(source=scripted.url))  # type: ignore[attr-defined]
    assert isinstance(error, PackageError)
    found = re.search(r"expected at least 64 KiB every 2 s, found (\d+) bytes in \d+ s", str(error))
    assert found, str(error)
    assert int(found[1]) <= 8  # given up within the window: a byte each half second, at most
    assert cached_files() == []


def test_a_socket_timeout_before_the_watch_runs_says_the_server_stalled(
    scripted: type[Scripted], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a busy machine the socket's own timeout may fire before the watching thread
    does: the error still says the server stalled, not "timed out"."""
    scripted.head_pause, scripted.pause, scripted.chunk = 0.0, 1.0, b""
    monkeypatch.setattr(transport, "MAX_DOWNLOAD_STALL_SECONDS", 1.0)
    monkeypatch.setattr(transport._Watch, "_run", lambda self: None)  # the thread never gets to run
    error = raised(lambda: threadarchive.load_tweets(source=scripted.url))  # type: ignore[attr-defined]
    assert isinstance(error, PackageError)
    assert re.search(r"expected at least 64 KiB every 1 s, found \d+ bytes in \d+ s", str(error)), str(error)


def test_a_download_that_keeps_coming_is_given_up_at_the_deadline(
    scripted: type[Scripted], monkeypatch: pytest.MonkeyPatch
) -> None:
    scripted.pause, scripted.chunk = 0.05, b"x" * (64 << 10)  # 1.3 MiB/s: never a stall
    monkeypatch.setattr(transport, "MAX_DOWNLOAD_SECONDS", 1.5)
    error = raised(lambda: threadarchive.load_tweets(source=scripted.url))  # type: ignore[attr-defined]
    assert isinstance(error, PackageError)
    found = re.search(r"expected the download to end within 1.5 s .*found (\d+) bytes by then", str(error))
    assert found, str(error)
    assert int(found[1]) < 16 << 20  # stopped: not the 16 GiB it would otherwise take
    assert cached_files() == []


# A FIFO, device or socket where a file is expected ---------------------------------------------


@pytest.mark.parametrize("planted", ["datapackage.json", "data/tweets.parquet"])
def test_a_fifo_in_a_release_folder_is_refused_before_it_is_opened(
    release_dir: Path, tmp_path: Path, planted: str
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(release_dir, copy)
    (copy / planted).unlink()
    os.mkfifo(copy / planted)
    with never_blocking(copy / planted) as rescued, pytest.raises(PackageError) as caught:
        threadarchive.load_tweets(source=copy)
    assert not rescued[0], "the load blocked on the FIFO"
    assert caught.value.path == str(copy / planted)
    assert str(caught.value).startswith(
        f"{copy / planted}: expected a regular file, found a named pipe (FIFO)"
    )


def test_a_fifo_device_or_socket_given_as_the_source_is_refused(tmp_path: Path) -> None:
    import socket

    fifo = tmp_path / "release.zip"
    os.mkfifo(fifo)
    with never_blocking(fifo) as rescued, pytest.raises(PackageError, match="found a named pipe"):
        threadarchive.load_tweets(source=fifo)
    assert not rescued[0]
    with pytest.raises(PackageError, match="expected a regular file, found a character device"):
        threadarchive.load_tweets(source="/dev/zero")  # would never end
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(tmp_path / "release.sock"))
        with pytest.raises(PackageError, match="expected a regular file, found a socket"):
            threadarchive.load_tweets(source=tmp_path / "release.sock")


# What a killed download leaves -----------------------------------------------------------------


def partials() -> list[Path]:
    return sorted(p for p in cache().rglob("*.partial"))


def start_download(url: str) -> subprocess.Popen[bytes]:
    """A new process downloading ``url`` into this test's cache; returned once its
    partial file holds some bytes."""
    code = f"import threadarchive\nthreadarchive.load_tweets(source={url!r})\n"
    env = {**os.environ, "THREADARCHIVE_MAX_DOWNLOAD": str(64 << 20)}
    process = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE)
    for _ in range(1200):  # a partial with bytes in it: the download is under way
        if any(f.stat().st_size for p in partials() for f in p.iterdir() if f.name != ".lock"):
            return process
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the download never started")


@pytest.mark.parametrize("kill", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_killed_downloads_partial_file_is_removed_by_the_next_run(
    scripted: type[Scripted], release_dir: Path, tmp_path: Path, kill: signal.Signals
) -> None:
    scripted.pause = 0.01  # about 100 KiB/s: a download in progress for as long as the test needs
    zipped = bundles.make_zip(release_dir, tmp_path / "release.zip")
    running = start_download(scripted.url)  # type: ignore[attr-defined]
    try:
        [live] = partials()
        threadarchive.load_tweets(source=zipped)  # uses the cache while the download runs
        assert partials() == [live]  # a live run's partial is never removed
    finally:
        running.send_signal(kill)
        running.wait(60)
    assert running.returncode == -kill
    assert partials() == [live]  # what the kill left
    assert len(threadarchive.load_tweets(source=zipped)) == 13  # the next run that uses the cache...
    assert partials() == []  # ...removes it
    assert not [p for p in cache().rglob("*") if p.name == "release.zip"]


def test_the_partial_files_of_older_versions_are_removed_when_stale(tmp_path: Path) -> None:
    blobs = cache() / "blobs"
    blobs.mkdir(parents=True)
    old, recent = blobs / "tmpabcd1234.partial", blobs / "tmpwxyz5678.partial"
    for path in (old, recent):
        path.write_bytes(b"half a download")
    os.utime(old, (time.time() - 2 * transport.LEGACY_PARTIAL_AGE,) * 2)
    transport.sweep()
    assert not old.exists() and recent.exists()


# Unpacking: bounded by the Parquet file's own metadata -------------------------------------------


def replace_parquet(
    folder: Path, table: pa.Table, row_group_size: int | None = None, **declared: object
) -> None:
    """Put ``table`` in the release as its tweets Parquet, every manifest updated to match
    (and the tweets CSV resource declaring ``declared``, as a third party may)."""
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", row_group_size=row_group_size)
    parquet = folder / "data/tweets.parquet"
    parquet.write_bytes(buffer.getvalue())
    digest = hashlib.sha256(parquet.read_bytes()).hexdigest()

    def change(descriptor: dict) -> None:
        resource(descriptor, "tweets-parquet").update(
            hash=f"sha256:{digest}", **{"x-bytes": parquet.stat().st_size}
        )
        resource(descriptor, "tweets").update(declared)

    rewrite_descriptor(folder, change)
    fixity.write_checksums(folder)


def bomb(folder: Path) -> None:
    """The release's tweets with 16 MiB of text on every row: 208 MiB from a small file."""
    tweets = pq.read_table(folder / "data/tweets.parquet")
    text = tweets.schema.get_field_index("text")
    replace_parquet(folder, tweets.set_column(text, "text", pa.array(["x" * (16 << 20)] * tweets.num_rows)))


def test_a_parquet_bomb_is_refused_before_it_is_read(release_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(release_dir, copy)
    bomb(copy)
    assert (copy / "data/tweets.parquet").stat().st_size < 1 << 20  # 208 MiB of text, zstd
    with pytest.raises(PackageError, match=r"expected a Parquet file that unpacks to at most \d+ bytes"):
        threadarchive.load_tweets(source=copy)


def test_a_size_the_descriptor_declares_never_raises_the_bound(
    release_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A third-party descriptor declaring 10**12 bytes for its CSV: the bound stays the
    Parquet file's own, and the bomb is refused before a row of it is unpacked."""
    copy = tmp_path / "copy"
    shutil.copytree(release_dir, copy)
    bomb(copy)
    rewrite_descriptor(copy, lambda d: resource(d, "tweets").update(bytes=10**12))
    fixity.write_checksums(copy)
    read: list[int] = []
    monkeypatch.setattr(pq.ParquetFile, "read_row_group", lambda self, i, *a, **k: read.append(i))
    with pytest.raises(
        PackageError, match=r"unpacks to at most (\d+) bytes, found (\d+) as its metadata declares"
    ):
        threadarchive.load_tweets(source=copy)
    assert read == []  # refused from the footer alone
    declared = json.loads((copy / "datapackage.json").read_text())
    assert resource(declared, "tweets")["bytes"] == 10**12


def test_a_footer_that_understates_its_sizes_is_refused_once_the_rows_read_pass_it(
    release_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A forged footer (stood in for by the reader's view of it): what the rows read
    really unpack to is checked against what the footer said, batch by batch."""
    real = unpack.declared_sizes

    def understated(path: Path) -> list[list[unpack._Chunk | None]] | None:
        sizes = real(path)
        assert sizes is not None
        return [
            [c if c is None or c.text_bytes is None else unpack._Chunk(c.values, 0) for c in g] for g in sizes
        ]

    copy = tmp_path / "copy"
    shutil.copytree(release_dir, copy)
    tweets = pq.read_table(copy / "data/tweets.parquet")
    text = tweets.schema.get_field_index("text")
    long_texts = tweets.set_column(text, "text", pa.array(["y" * 10_000] * tweets.num_rows))
    replace_parquet(copy, long_texts, row_group_size=5)  # three row groups
    monkeypatch.setattr(unpack, "declared_sizes", understated)
    with pytest.raises(
        FixityError, match=r"expected its rows to unpack to at most \d+ bytes as its files' metadata declares"
    ):
        threadarchive.load_tweets(source=copy)


def test_a_parquet_without_size_statistics_is_measured_and_a_bomb_still_refused(
    release_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older writer's file says nothing of its text's size: its text is measured as
    dictionaries before it is unpacked."""
    monkeypatch.setattr(unpack, "declared_sizes", lambda path: [[None]])
    tweets = threadarchive.load_tweets(source=release_dir)
    assert len(tweets) == 13 and str(tweets["text"].dtype) == "string[pyarrow]"
    copy = tmp_path / "copy"
    shutil.copytree(release_dir, copy)
    bomb(copy)
    with pytest.raises(
        PackageError, match=r"expected a Parquet file that unpacks to at most \d+ bytes, found \d+$"
    ):
        threadarchive.load_tweets(source=copy)


def test_the_footer_reader_gives_the_bytes_pyarrow_unpacks(release_dir: Path) -> None:
    path = release_dir / "data/tweets.parquet"
    [group] = unpack.declared_sizes(path) or []
    table = pq.read_table(path)
    names = table.column_names
    for name, chunk in zip(names, group, strict=True):
        assert chunk is not None and chunk.values == table.num_rows
        if pa.types.is_string(table.schema.field(name).type):
            assert chunk.text_bytes == (pc.sum(pc.binary_length(table[name])).as_py() or 0), name
        else:
            assert chunk.text_bytes is None, name


@pytest.mark.parametrize(
    "footer",
    [b"", b"\x19", b"\x1c\x15\x00", b"\x29" + b"\xff" * 12, b"\x19\xf5\xff\xff\xff\x0f"],
    ids=["empty", "truncated-list", "unterminated-struct", "overlong-varint", "huge-list"],
)
def test_a_damaged_footer_is_one_error_not_a_crash(tmp_path: Path, footer: bytes) -> None:
    path = tmp_path / "bad.parquet"
    path.write_bytes(b"PAR1" + footer + len(footer).to_bytes(4, "little") + b"PAR1")
    with pytest.raises(PackageError, match=r"expected a Parquet (footer|file)"):
        unpack.declared_sizes(path)


def test_a_parquet_with_other_rows_than_declared_is_refused(release_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(release_dir, copy)
    tweets = pq.read_table(copy / "data/tweets.parquet")
    replace_parquet(copy, tweets.slice(0, tweets.num_rows - 1))
    with pytest.raises(
        threadarchive.FixityError,
        match=r"expected 13 rows as datapackage.json declares for data/tweets.parquet, found 12",
    ):
        threadarchive.load_tweets(source=copy)


class Redirecting(QuietHandler):
    """Serves its folder under /served/; /moved/NAME redirects there, /loop to itself,
    and /elsewhere to a file: URL."""

    def do_GET(self) -> None:
        target = {"/loop": self.path, "/elsewhere": "file:///etc/passwd"}.get("/" + self.path.split("/")[1])
        if self.path.startswith("/moved/"):
            target = "/served/" + self.path.removeprefix("/moved/")
        if target is not None:
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
            return
        self.path = self.path.removeprefix("/served")
        super().do_GET()


def test_redirects_are_followed_within_bounds_and_only_to_http(release_dir: Path, tmp_path: Path) -> None:
    """Release assets are usually redirects (GitHub's go to another host)."""
    import functools

    served = tmp_path / "served"
    served.mkdir()
    bundles.make_zip(release_dir, served / "release.zip")
    handler = functools.partial(Redirecting, directory=str(served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        assert len(threadarchive.load_tweets(source=f"{base}/moved/release.zip")) == 13
        with pytest.raises(PackageError, match="expected at most 10 redirects, found more"):
            threadarchive.load_tweets(source=f"{base}/loop/")
        with pytest.raises(PackageError, match="expected an http\\(s\\) URL, found 'file:///etc/passwd'"):
            threadarchive.load_tweets(source=f"{base}/elsewhere/")
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_release_folder_listing_more_files_than_a_release_holds_is_refused_before_fetching(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from threadarchive.access import fetch

    monkeypatch.setenv("THREADARCHIVE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(fetch, "MAX_RELEASE_FILES", 3)
    requested: list[str] = []
    sums = "".join(f"{'0' * 64}  data/part-{n}.csv\n" for n in range(4)).encode()

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", str(len(sums)))
            self.end_headers()
            self.wfile.write(sums)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/release/"
        with (
            pytest.raises(PackageError, match="expected at most 3 files in a release, found 4 listed"),
            fetch.release_files(url),
        ):
            pass
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert requested == ["/release/SHA256SUMS"]


def test_a_footer_listing_other_columns_in_a_row_group_is_refused(
    release_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = unpack.declared_sizes

    def one_column_short(path: Path) -> list[list[unpack._Chunk | None]] | None:
        sizes = real(path)
        assert sizes is not None
        return [group[:-1] for group in sizes]

    monkeypatch.setattr(unpack, "declared_sizes", one_column_short)
    with pytest.raises(PackageError, match=r"columns in each row group, found other counts"):
        unpack.check_footer(release_dir / "data/tweets.parquet")
