"""Downloads and Parquet files end in bounded time, disk and memory, whatever a server or a
release sends: an endless body, a drip, a file that decompresses to gigabytes."""

from __future__ import annotations

import http.server
import io
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import threadarchive
from threadarchive import PackageError
from threadarchive.access import load
from threadarchive.release import fixity
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases

from .conftest import DAY
from .test_hardening import resource, rewrite_descriptor


@pytest.fixture
def release_dir(archive: Path) -> Path:
    return releases.publish(archive, planning.plan(archive, bump="minor", created=DAY))


class Endless(http.server.BaseHTTPRequestHandler):
    """Sends bytes forever, each chunk after ``pause`` seconds."""

    pause = 0.0

    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        try:
            while True:
                self.wfile.write(b"x" * 1024)
                self.wfile.flush()
                time.sleep(self.pause)
        except OSError:
            pass  # the client gave up: what is tested

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endless() -> Iterator[type[Endless]]:
    handler = type("Handler", (Endless,), {})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    handler.url = f"http://127.0.0.1:{httpd.server_address[1]}/"  # type: ignore[attr-defined]
    try:
        yield handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def cached_files() -> list[Path]:
    return [p for p in Path(os.environ["THREADARCHIVE_CACHE"]).rglob("*") if p.is_file()]


def test_an_endless_download_stops_at_the_limit(
    endless: type[Endless], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load, "MAX_DOWNLOAD_BYTES", 1 << 20)
    with pytest.raises(PackageError, match=r"expected a download of at most 1048576 bytes"):
        threadarchive.load_tweets(source=endless.url + "release.zip")  # type: ignore[attr-defined]
    assert cached_files() == []


def test_a_dripping_server_is_given_up(endless: type[Endless], monkeypatch: pytest.MonkeyPatch) -> None:
    endless.pause = 0.05
    monkeypatch.setattr(load, "DOWNLOAD_GRACE", 0.5)
    monkeypatch.setattr(load, "DOWNLOAD_MIN_RATE", 1 << 20)
    started = time.monotonic()
    with pytest.raises(PackageError, match=r"expected at least 1024 KiB/s, found \d+ bytes in \d+ s"):
        threadarchive.load_tweets(source=endless.url + "release.zip")  # type: ignore[attr-defined]
    assert time.monotonic() - started < 10
    assert cached_files() == []


def replace_parquet(folder: Path, table: pa.Table) -> None:
    """Put ``table`` in the release as its tweets Parquet, every manifest updated to match."""
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    parquet = folder / "data/tweets.parquet"
    parquet.write_bytes(buffer.getvalue())
    import hashlib

    digest = hashlib.sha256(parquet.read_bytes()).hexdigest()
    rewrite_descriptor(
        folder,
        lambda d: resource(d, "tweets-parquet").update(
            hash=f"sha256:{digest}", **{"x-bytes": parquet.stat().st_size}
        ),
    )
    fixity.write_checksums(folder)


def test_a_parquet_bomb_is_refused_before_it_is_read(release_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(release_dir, copy)
    tweets = pq.read_table(copy / "data/tweets.parquet")
    text = tweets.schema.get_field_index("text")
    bomb = tweets.set_column(text, "text", pa.array(["x" * (16 << 20)] * tweets.num_rows))
    replace_parquet(copy, bomb)
    assert (copy / "data/tweets.parquet").stat().st_size < 1 << 20  # 208 MiB of text, zstd
    with pytest.raises(PackageError, match=r"expected a Parquet file that unpacks to at most \d+ bytes"):
        threadarchive.load_tweets(source=copy)


def test_a_parquet_with_other_rows_than_declared_is_refused(release_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(release_dir, copy)
    tweets = pq.read_table(copy / "data/tweets.parquet")
    replace_parquet(copy, tweets.slice(0, tweets.num_rows - 1))
    with pytest.raises(
        threadarchive.FixityError, match=r"expected 13 rows as the tweets table declares, found 12"
    ):
        threadarchive.load_tweets(source=copy)
