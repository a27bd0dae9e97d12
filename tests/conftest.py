"""Shared fixtures: archives the tests build themselves, never the repository's own.

The repository's archive grows with every thread added; tests that read it would
break each time. Its data is checked by the tool itself in CI (`make test` runs
`threadarchive validate --strict` and `threadarchive verify`).

That promise is kept by a guard, not by hope: an audit hook sees every file this
process opens, and a test that opens a file of the live archive (its tables, metadata,
releases, index, settings, changelog) fails unless it is marked ``live_archive``.
Unmarked tests therefore cannot depend on what the archive holds; the marked few are
run again by test_growth in a copy of the repository that has grown (new threads, a
new release), which proves they do not depend on it either.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.metadata import Curation
from threadarchive.archive.scaffold import init
from threadarchive.archive.store import Store
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases

# No test asserts a duration, Hypothesis's included: its default 200 ms deadline fails
# examples on a busy machine. Timings belong in bench/.
settings.register_profile("threadarchive", deadline=None)
settings.load_profile("threadarchive")

REPO = Path(__file__).resolve().parent.parent
CAPTURES = Path(__file__).resolve().parent / "captures"
# The first archived thread (Michael Kofman on Pokrovsk, 13 tweets), kept here as a test capture.
SEED = CAPTURES / "scrolly" / "kofman-pokrovsk-2025-11-05.txt"
# Its thread ID follows from its author, date and SHA-256: fixed for these bytes.
SEED_ID = "michael-kofman-2025-11-05-755c87b0"
DAY = dt.date(2026, 11, 25)


# What grows or changes as threads are added and released. Captures (data/raw) never
# change once stored, and the package's code and docs are not archive content.
LIVE_ARCHIVE = tuple(
    str(REPO / name)
    for name in (
        "data/meta",
        "data/threads.csv",
        "data/tweets.csv",
        "data/captures.csv",
        "data/anomalies.csv",
        "data/withdrawals.csv",
        "data/withdrawals.yaml",
        "datapackage.json",
        "schemas",
        "releases",
        "archive.yaml",
        "CHANGELOG.md",
        "src/threadarchive/_releases",
    )
)
# The package's shipped index is consulted whenever any release is verified or loaded;
# what it says concerns only releases of the package's own name, which no test builds.
SHIPPED_INDEX = str(REPO / "src/threadarchive/_releases/index.json")
_live_reads: list[str] = []
_guarding = False


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event != "open" or not _guarding or not isinstance(args[0], str | os.PathLike):
        return
    path = os.fspath(args[0])
    if isinstance(path, str) and "/" in path and not path.startswith("/"):
        # relative to the working folder (the repository's, under pytest); a bare name is
        # more likely opened relative to a folder's descriptor (dir_fd), which the event omits
        path = os.path.abspath(path)
    if isinstance(path, str) and path.startswith(LIVE_ARCHIVE) and path != SHIPPED_INDEX:
        _live_reads.append(path)


sys.addaudithook(_audit)  # audit hooks cannot be removed: _guarding switches it per test


@pytest.fixture(autouse=True)
def _no_live_archive(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that opens the live archive's files unless it is marked live_archive."""
    global _guarding
    if request.node.get_closest_marker("live_archive"):
        yield
        return
    _live_reads.clear()
    _guarding = True
    try:
        yield
    finally:
        _guarding = False
    if _live_reads:
        pytest.fail(
            f"opened {_live_reads[0]} of the repository's own archive, which grows: build an archive "
            "(fixtures archive, empty_archive), or mark the test live_archive so test_growth runs it "
            "in a grown copy"
        )


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache: no state from the user's, nor from other tests."""
    monkeypatch.setenv("THREADARCHIVE_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def empty_archive(tmp_path: Path) -> Path:
    """A new archive made by `threadarchive init`, with no thread yet."""
    return init(tmp_path / "archive", name="test-archive", title="Test archive").root


@pytest.fixture(scope="session")
def _seed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seed-template")
    root = init(folder / "archive", name="test-archive", title="Test archive").root
    ingest(Store(root), [Source(SEED, Curation(language="en", terms="public-post"))], today=DAY)
    return folder


@pytest.fixture
def archive(tmp_path: Path, _seed_template: Path) -> Path:
    """A new archive holding the seed thread, ingested as a maintainer would.

    Built once per test process and copied for each test: the archive holds no path of
    its own, so a copy is the archive a new ingest would make, for a fraction of its cost."""
    return copy_template(_seed_template, tmp_path) / "archive"


def copy_template(template: Path, into: Path) -> Path:
    """Every file of ``template`` copied into ``into``, links as links."""
    shutil.copytree(template, into, symlinks=True, dirs_exist_ok=True)
    return into


# For the readers (site, SQLite): the seed with curated tweet IDs and handle, and a thread
# whose every text tries to become markup.
SEED_IDS = [str(1986000000000000001 + i) for i in range(13)]
SEED_HANDLE = "KofmanMichael"
HOSTILE = [
    "Hostile <script>window.pwned = 1; alert(1)</script> 1/",
    '"><img src=x onerror="window.pwned=2;alert(2)"> onerror 2/',
]
HOSTILE_NAME = 'Eve "><img src=x onerror=window.pwned=3>'
HOSTILE_GAPS = "<script>window.pwned=4</script> nothing is missing"
HOSTILE_ID = "1111111111111111111"


def make_reader_archive(folder: Path) -> Path:
    """An archive of the seed (tweet IDs and handle curated, so permalinks have a
    handle) and a hostile thread (one tweet ID, no handle), released as 1.0.0."""
    root = init(folder / "archive", name="test-archive", title="Test archive").root
    archive = Store(root)
    seed = Curation(
        language="en",
        author_handle=SEED_HANDLE,
        source_url=f"https://threadreaderapp.com/thread/{SEED_IDS[0]}.html",
        captured_at="2025-11-06T09:30:00Z",
        tweet_ids=SEED_IDS,
    )
    ingest(archive, [Source(SEED, seed)], today=DAY)
    hostile = Curation(
        language="uk", author_name=HOSTILE_NAME, known_gaps=HOSTILE_GAPS, tweet_ids=[HOSTILE_ID, ""]
    )
    ingest(archive, [Source(write_capture(folder / "hostile.txt", HOSTILE), hostile)], today=DAY)
    releases.publish(root, planning.plan(root, bump="minor", created=DAY))
    return root


@pytest.fixture(scope="session")
def _reader_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reader-template")
    make_reader_archive(folder)
    return folder


@pytest.fixture
def reader_archive(tmp_path: Path, _reader_template: Path) -> Path:
    """An archive of the seed and a hostile thread, with release 1.0.0 (see
    make_reader_archive), built once per test process and copied for each test."""
    return copy_template(_reader_template, tmp_path) / "archive"


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


def run_killed(code: str) -> None:
    """Run ``code`` in a new Python process, where calling ``die()`` kills it with SIGKILL,
    as the OOM killer or a power cut would: no ``finally`` of it runs."""
    prelude = "import os, signal\nfrom pathlib import Path\ndef die(*args, **kwargs):\n    os.kill(os.getpid(), signal.SIGKILL)\n"
    result = subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
