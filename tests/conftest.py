"""Shared fixtures: archives the tests build themselves, never the repository's own.

The repository's archive grows with every thread added; tests that read it would
break each time. Its data is checked by the tool itself in CI (`make test` runs
`threadarchive validate --strict` and `threadarchive verify`).
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from threadarchive.archive import Archive, Source, init
from threadarchive.metadata import Curation

REPO = Path(__file__).resolve().parent.parent
CAPTURES = Path(__file__).resolve().parent / "captures"
# The first archived thread (Michael Kofman on Pokrovsk, 13 tweets), kept here as a test capture.
SEED = CAPTURES / "scrolly" / "kofman-pokrovsk-2025-11-05.txt"
# Its thread ID follows from its author, date and SHA-256: fixed for these bytes.
SEED_ID = "michael-kofman-2025-11-05-755c87b0"
DAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache: no state from the user's, nor from other tests."""
    monkeypatch.setenv("THREADARCHIVE_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def empty_archive(tmp_path: Path) -> Path:
    """A new archive made by `threadarchive init`, with no thread yet."""
    return init(tmp_path / "archive", name="test-archive", title="Test archive").root


@pytest.fixture
def archive(empty_archive: Path) -> Path:
    """A new archive holding the seed thread, ingested as a maintainer would."""
    Archive(empty_archive).ingest([Source(SEED, Curation(language="en"))], today=DAY)
    return empty_archive


def write_capture(path: Path, tweets: list[str], *, declared: int | None = None, bio: str = "A bio.") -> Path:
    """A small Scrolly Tale text capture with the given tweet paragraphs."""
    declared = len(tweets) if declared is None else declared
    noun = "tweet" if declared == 1 else "tweets"
    body = "\n\n".join(tweets)
    text = (
        f"Test Author Profile picture\n{bio}\n\nMar 4, 2024, {declared} {noun}\n\n{body}\n\n"
        "Share this Scrolly Tale with your friends.\n\nKeep scrolling"
    )
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (but the lock), to show that nothing was written."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "lock"
    }


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTP server on 127.0.0.1 serving a folder; yields its base URL and the folder."""
    root = tmp_path / "served"
    root.mkdir()
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", root
    finally:
        httpd.shutdown()
        httpd.server_close()
