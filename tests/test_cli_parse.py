from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadarchive import parse_file
from threadarchive.capture.formats import read_capture
from threadarchive.cli import main

from .conftest import SEED, write_capture


def test_parse_json_matches_the_library(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    capture = json.loads(result.output)
    assert capture == json.loads(json.dumps(read_capture(SEED).to_dict()))
    assert capture["source_format"] == "threadreaderapp-scrolly-text"
    [data] = capture["threads"]
    assert data == json.loads(json.dumps(parse_file(SEED).to_dict()))
    assert {"author_name", "author_bio", "published_date", "tweet_count", "tweets", "warnings"} <= set(data)
    assert data["tweets"][11] == {
        "position": 12,
        "marker": "/12",
        "text": data["tweets"][11]["text"],
        "line": 28,
        "tweet_id": None,
        "created_at": None,
        "lang": None,
    }
    assert data["published_date"] == "2025-11-05"


def test_parse_prints_the_thread_and_writes_nothing(tmp_path: Path) -> None:
    before = sorted(tmp_path.rglob("*"))
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "parse", str(SEED)])
    assert result.exit_code == 0
    assert "author:  Michael Kofman" in result.output
    assert "tweets:  13 declared, 13 found" in result.output
    assert "[12] marker /12, line 28" in result.output
    assert sorted(tmp_path.rglob("*")) == before


def test_parse_reports_a_gap_as_a_warning(tmp_path: Path) -> None:
    path = write_capture(tmp_path / "gap.txt", ["One 1/", "Three 3/"], declared=3)
    result = CliRunner().invoke(main, ["parse", str(path), "--json"])
    assert result.exit_code == 0
    [warning] = json.loads(result.output)["threads"][0]["warnings"]
    assert warning["type"] == "tweet-count-mismatch"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", ": expected a capture, found an empty file\n"),
        (
            b"<html><body>page</body></html>",
            ": expected a Thread Reader App thread page (elements with class content-tweet",
        ),
        (b"A Profile picture\n\xc3\x28", ", line 2: expected UTF-8 text, found the byte 0xc3 (offset 18)"),
        (b'{"data": "not tweets"}\n', ", line 1: expected"),
    ],
    ids=["empty", "html-but-no-thread", "not-utf8", "json-but-no-tweets"],
)
def test_bad_capture_is_one_line_on_stderr_with_exit_2(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {path}{expected}")
    assert result.stderr.count("\n") == 1


def test_missing_file_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert (
        result.stderr == f"Error: {tmp_path / 'nope.txt'}: cannot read the file: No such file or directory\n"
    )
