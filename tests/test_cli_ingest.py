from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from threadarchive.archive import Archive
from threadarchive.cli import main

from .conftest import REPO, SEED, SEED_ID, write_capture


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def ingest(root: Path, *args: str) -> object:
    return CliRunner().invoke(main, ["-C", str(root), "ingest", *args])


def test_seed_ingest_into_an_empty_archive_reproduces_the_committed_tables(empty_archive: Path) -> None:
    result = ingest(empty_archive, str(SEED), "--language", "en")
    assert result.exit_code == 0, result.output
    assert result.output == f"added: {SEED} -> thread {SEED_ID}\n"
    assert (empty_archive / "data/raw" / SEED.name).read_bytes() == SEED.read_bytes()
    for table in ("threads.csv", "tweets.csv"):
        assert (empty_archive / "data" / table).read_bytes() == (REPO / "data" / table).read_bytes()


def test_ingest_again_changes_nothing(archive: Path) -> None:
    before = snapshot(archive)
    result = ingest(archive, str(SEED))
    assert result.exit_code == 0
    assert result.output.startswith("unchanged:")
    assert snapshot(archive) == before


def test_curation_updates_metadata_and_tables_but_not_the_id(archive: Path) -> None:
    ids = ",".join(str(1000 + i) for i in range(13))
    result = ingest(archive, str(SEED), "--handle", "@someone", "--tweet-ids", ids, "--json")
    assert result.exit_code == 0, result.output
    [outcome] = json.loads(result.output)
    assert (outcome["status"], outcome["thread_id"]) == ("updated", SEED_ID)
    meta = yaml.safe_load((archive / f"data/meta/{SEED_ID}.yaml").read_text())
    assert meta["author_handle"] == "someone"
    assert meta["tweet_ids"][12] == "1011"
    tables = Archive(archive).build_tables()
    assert tables.tweets[0]["tweet_id"] == "1000"
    assert "someone" in (archive / "data/threads.csv").read_text()


def test_new_thread_with_tweet_ids_takes_the_root_id(archive: Path, tmp_path: Path) -> None:
    capture = write_capture(tmp_path / "new.txt", ["One 1/", "Two 2/"])
    result = ingest(archive, str(capture), "--tweet-ids", "111,222")
    assert result.exit_code == 0, result.output
    assert "thread 111" in result.output
    threads = (archive / "data/threads.csv").read_text().splitlines()
    assert [line.split(",")[0] for line in threads[1:]] == ["111", SEED_ID]  # sorted rows


def test_changed_capture_of_an_archived_thread_is_refused(archive: Path, tmp_path: Path) -> None:
    changed = tmp_path / "recapture.txt"
    changed.write_bytes(SEED.read_bytes().replace(b"Keep scrolling", b"Keep scrolling\n"))
    before = snapshot(archive)
    result = ingest(archive, str(changed))
    assert result.exit_code == 2
    assert f"thread {SEED_ID} (same author, date and first tweet) is already archived" in result.stderr
    assert "nothing was merged" in result.stderr
    assert snapshot(archive) == before


def test_same_name_different_bytes_is_refused(archive: Path, tmp_path: Path) -> None:
    other = write_capture(tmp_path / SEED.name, ["Another thread entirely"])
    result = ingest(archive, str(other))
    assert result.exit_code == 2
    assert "already holds a different capture with this name" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--handle", "not a handle"], "author-handle: expected a handle"),
        (["--source-url", "ftp://x"], "source-url: expected an http(s) URL"),
        (["--captured-at", "yesterday"], "captured-at: expected an ISO 8601 date"),
        (["--tweet-ids", "12,abc"], "tweet-ids: expected IDs of digits, found 'abc'"),
    ],
    ids=["handle", "url", "captured-at", "tweet-ids"],
)
def test_bad_curation_is_refused_and_writes_nothing(archive: Path, args: list[str], expected: str) -> None:
    before = snapshot(archive)
    result = ingest(archive, str(SEED), *args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert snapshot(archive) == before


def test_a_bad_capture_among_good_ones_writes_nothing(archive: Path, tmp_path: Path) -> None:
    good = write_capture(tmp_path / "good.txt", ["Fine 1/", "Also 2/"])
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not text")
    before = snapshot(archive)
    result = ingest(archive, str(good), str(bad))
    assert result.exit_code == 2
    assert f"{bad}, line 1: expected UTF-8 text" in result.stderr
    assert snapshot(archive) == before


def test_per_thread_options_need_one_file(archive: Path, tmp_path: Path) -> None:
    other = write_capture(tmp_path / "b.txt", ["x"])
    result = ingest(archive, str(SEED), str(other), "--handle", "x")
    assert result.exit_code == 2
    assert "--handle describe one thread" in result.stderr


def test_ingest_outside_an_archive(tmp_path: Path) -> None:
    result = ingest(tmp_path, str(SEED))
    assert result.exit_code == 2
    assert "expected an archive in" in result.stderr
    assert "pass -C DIR" in result.stderr


def test_broken_metadata_file_is_named(archive: Path) -> None:
    meta = archive / f"data/meta/{SEED_ID}.yaml"
    meta.write_text(meta.read_text().replace("tweet_ids: {}", "tweet_ids: {1: abc}"))
    result = ingest(archive, str(SEED))
    assert result.exit_code == 2
    assert f"{meta}: field 'tweet_ids': expected position: 'digits', found 1: 'abc'" in result.stderr


def test_repository_seed_is_the_shared_capture_byte_for_byte() -> None:
    # The hash of ../shared/captures/000_6f57d17ac1ce6671.txt as first archived.
    expected = "755c87b0fc3c10bbdd82c0d399bc5fa883d09fcba7c004e98b4e7c0031bf6cd4"
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == expected
    assert f",{SEED.name},{expected}\n" in (REPO / "data/threads.csv").read_text()


def test_a_gap_gets_a_hint_to_record_it(archive: Path, tmp_path: Path) -> None:
    capture = write_capture(tmp_path / "gap.txt", ["One 1/", "Three 3/"], declared=3)
    result = ingest(archive, str(capture))
    assert result.exit_code == 0
    assert "warning: " in result.stderr and "declares 3 tweet(s) but holds 2" in result.stderr
    assert "hint: record the gap with --known-gaps TEXT" in result.stderr
    recorded = ingest(archive, str(capture), "--known-gaps", "tweet 2 was deleted")
    assert "hint:" not in recorded.stderr
