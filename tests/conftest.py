"""Shared fixtures: the repository's archive, copied so tests can change it freely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "raw" / "000_6f57d17ac1ce6671.txt"
SEED_ID = "michael-kofman-2025-11-05-755c87b0"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache: no state from the user's, nor from other tests."""
    monkeypatch.setenv("THREADARCHIVE_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A copy of the working archive (descriptor, schemas, data) in tmp_path."""
    root = tmp_path / "archive"
    root.mkdir()
    shutil.copy(REPO / "datapackage.json", root)
    shutil.copytree(REPO / "schemas", root / "schemas")
    shutil.copytree(REPO / "data", root / "data")
    return root


@pytest.fixture
def empty_archive(tmp_path: Path) -> Path:
    """The working archive's descriptor and schemas with no threads in it yet."""
    root = tmp_path / "empty"
    root.mkdir()
    shutil.copy(REPO / "datapackage.json", root)
    shutil.copytree(REPO / "schemas", root / "schemas")
    return root


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
