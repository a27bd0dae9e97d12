from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadarchive import parse_file
from threadarchive.cli import main

from .conftest import SEED, write_capture


def test_parse_json_matches_the_library(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
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
    [warning] = json.loads(result.output)["warnings"]
    assert warning["type"] == "tweet-count-mismatch"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "line 1: expected a header '<Name> Profile picture', found an empty file"),
        (b"<html><body>page</body></html>", "line 1: expected a header '<Name> Profile picture', found HTML"),
        (b"A Profile picture\n\xc3\x28", "line 2: expected UTF-8 text, found the byte 0xc3"),
    ],
    ids=["empty", "html", "not-utf8"],
)
def test_bad_capture_is_one_line_on_stderr_with_exit_2(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {path}, {expected}" + result.stderr.split(expected, 1)[1]
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_missing_file_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert (
        result.stderr == f"Error: {tmp_path / 'nope.txt'}: cannot read the file: No such file or directory\n"
    )
