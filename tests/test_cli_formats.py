"""Every capture format through the archive: detection, ingest, one thread across formats."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from threadarchive import contract
from threadarchive.archive.checks import validate
from threadarchive.archive.store import read_table
from threadarchive.capture import formats
from threadarchive.cli import main

from .conftest import CAPTURES, SEED, SEED_ID, snapshot

PAGE = CAPTURES / "trahtml" / "kofman_2025-11-05.html"
TWARC = CAPTURES / "twarc"
XARCHIVE = CAPTURES / "xarchive"
REAL = CAPTURES / "real"
GRAPHQL = REAL / "graphql" / "twscrape-TweetDetail-2026-08-S3-core-profile_bio.json"
OLD_PAGE = REAL / "trahtml" / "etoobusy-QuinnyPig-1215710451343904768-2020-01.html"


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def test_the_contract_names_every_format() -> None:
    for table in ("threads", "captures"):
        assert sorted(contract.table(table).enum("source_format")) == formats.names()


@pytest.mark.parametrize(
    ("capture", "expected"),
    [
        (SEED, "threadreaderapp-scrolly-text"),
        (PAGE, "threadreaderapp-html"),
        (TWARC / "conversation.jsonl", "twarc2-jsonl"),
        (TWARC / "conversation-flat.jsonl", "twarc2-jsonl"),
        (XARCHIVE / "data" / "tweets.js", "x-archive"),
        (GRAPHQL, "x-graphql-json"),
        (OLD_PAGE, "threadreaderapp-html"),
    ],
    ids=["scrolly", "thread-page", "twarc", "twarc-flat", "x-archive", "graphql", "thread-page-2020"],
)
def test_the_format_is_detected_from_the_content(capture: Path, expected: str, tmp_path: Path) -> None:
    renamed = tmp_path / "capture.bin"  # the name says nothing: the content decides
    shutil.copy(capture, renamed)
    assert formats.read_capture(renamed).source_format == expected
    result = CliRunner().invoke(main, ["parse", str(renamed), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["source_format"] == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (json.dumps({"data": [{"id": "1", "text": "x"}]}, indent=2), "line 1: expected a JSON object on one line, "
         "found invalid JSON (Expecting property name enclosed in double quotes, column 1); "
         "a pretty-printed file is not JSON Lines"),
        ("[1,2]\n", "line 1: expected a JSON object (an API page or a tweet), found an array; "
         "JSON Lines holds one object on each line"),
        ('{"name": "settings"}\n', "line 1: expected an API response page (data) or a tweet (id, text), "
         "found an object with keys 'name'"),
    ],
    ids=["pretty-printed", "array", "other-object"],
)  # fmt: skip
def test_any_json_is_read_as_json(tmp_path: Path, content: str, expected: str) -> None:
    # Once told for Scrolly text, with "expected a header '<Name> Profile picture'".
    path = tmp_path / "capture.json"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}, {expected}\n"


def test_a_scrolly_text_whose_author_opens_with_a_bracket_is_scrolly_text(tmp_path: Path) -> None:
    path = tmp_path / "capture.txt"
    path.write_text(SEED.read_text(encoding="utf-8").replace("Michael Kofman", "[Bot] Michael Kofman", 1))
    capture = formats.read_capture(path)
    assert capture.source_format == "threadreaderapp-scrolly-text"
    assert capture.threads[0].author_name == "[Bot] Michael Kofman"


def test_format_overrides_detection(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(PAGE), "--format", "threadreaderapp-scrolly-text"])
    assert result.exit_code == 2
    assert f"{PAGE}, line 1: expected a header '<Name> Profile picture', found HTML" in result.stderr
    unknown = CliRunner().invoke(main, ["parse", str(PAGE), "--format", "pdf"])
    assert unknown.exit_code == 2
    assert "Invalid value for '--format'" in unknown.stderr


@pytest.mark.parametrize(
    "capture",
    [
        TWARC / "conversation.jsonl",
        TWARC / "several-threads.jsonl",
        TWARC / "missing-root.jsonl",
        PAGE,
        GRAPHQL,
        OLD_PAGE,
        REAL / "graphql" / "twscrape-UserTweets-2023-12-S1-promoted.json",
    ],
    ids=[
        "twarc",
        "twarc-several",
        "twarc-missing-root",
        "thread-page",
        "graphql",
        "thread-page-2020",
        "graphql-timeline",
    ],
)
def test_every_format_ingests_into_a_valid_archive(empty_archive: Path, capture: Path) -> None:
    result = run(empty_archive, "ingest", str(capture), "--json")
    assert result.exit_code == 0, result.output
    outcomes = json.loads(result.output)
    parsed = formats.read_capture(capture)
    assert [o["status"] for o in outcomes] == ["added"] * len(parsed.threads)
    assert len(list((empty_archive / "data/raw").iterdir())) == 1  # one file, however many threads
    threads = read_table(empty_archive, "threads")
    assert {t["source_format"] for t in threads} == {parsed.source_format}
    tweets = read_table(empty_archive, "tweets")
    assert len(tweets) == sum(len(t.tweets) for t in parsed.threads)
    assert all(t["tweet_id"] for t in tweets)
    report = validate(empty_archive)
    assert report.valid, [f.to_dict() for f in report.errors]
    again = run(empty_archive, "ingest", str(capture), "--json")
    assert [o["status"] for o in json.loads(again.output)] == ["unchanged"] * len(parsed.threads)


def test_api_facts_reach_the_tables(empty_archive: Path) -> None:
    capture = formats.read_capture(TWARC / "conversation.jsonl")
    [thread] = capture.threads
    assert run(empty_archive, "ingest", str(TWARC / "conversation.jsonl")).exit_code == 0
    [row] = read_table(empty_archive, "threads")
    assert (row["author_handle"], row["author_id"]) == (thread.author_handle, thread.author_id)
    assert row["thread_id"] == thread.tweets[0].tweet_id  # the root tweet's ID
    tweets = read_table(empty_archive, "tweets")
    assert [t["created_at"] for t in tweets] == [t.created_at for t in thread.tweets]
    assert [t["lang"] for t in tweets] == [t.lang for t in thread.tweets]
    assert read_table(empty_archive, "captures")[0]["captured_at"] == capture.captured_at


def test_a_gap_from_the_reader_is_known_and_a_warning(empty_archive: Path) -> None:
    assert run(empty_archive, "ingest", str(TWARC / "missing-middle.jsonl")).exit_code == 0
    [row] = read_table(empty_archive, "threads")
    assert row["known_gaps"] and row["known_gaps"].startswith("Not in the capture: ")
    report = validate(empty_archive)
    assert report.valid


def test_a_capture_without_a_thread_is_refused_and_nothing_written(empty_archive: Path) -> None:
    before = snapshot(empty_archive)
    result = run(empty_archive, "ingest", str(TWARC / "no-thread.jsonl"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {TWARC / 'no-thread.jsonl'}: read ")
    assert "expected a chain of 2 or more tweets" in result.stderr or "expected a thread" in result.stderr
    assert snapshot(empty_archive) == before


def test_the_same_thread_from_two_formats_is_one_thread(archive: Path) -> None:
    """The seed's Scrolly text is archived; its thread page is recognised as the same
    thread, and with --replaces its tweet IDs and handle fill in what the text lacked."""
    before = snapshot(archive)
    refused = run(archive, "ingest", str(PAGE))
    assert refused.exit_code == 2
    assert f"a capture of thread {SEED_ID}" in refused.stderr
    assert snapshot(archive) == before

    result = run(archive, "ingest", "--replaces", SEED_ID, str(PAGE))
    assert result.exit_code == 0, result.output
    [thread] = read_table(archive, "threads")
    page = formats.read_capture(PAGE).threads[0]
    assert (thread["thread_id"], thread["author_handle"]) == (SEED_ID, page.author_handle)
    assert thread["source_format"] == "threadreaderapp-html"
    # The page shows no bio: the earlier Scrolly capture supplies it, and the captures table says so.
    assert thread["author_bio"] and thread["author_bio"].startswith("Senior Fellow")
    tweets = read_table(archive, "tweets")
    assert [t["tweet_id"] for t in tweets] == [t.tweet_id for t in page.tweets]
    assert [t["text"] for t in tweets] == [t.text for t in formats.read_capture(SEED).threads[0].tweets]
    facts = {
        row["source_format"]: (row["role"], set((row["facts"] or "").split()))
        for row in read_table(archive, "captures")
    }
    assert facts["threadreaderapp-html"][0] == "current"
    assert {"tweet_id", "author_handle", "text"} <= facts["threadreaderapp-html"][1]
    assert facts["threadreaderapp-scrolly-text"] == ("earlier", {"author_bio"})
    assert validate(archive).valid


def test_an_x_archive_keeps_what_account_js_said(empty_archive: Path, tmp_path: Path) -> None:
    """Only tweets.js is stored: the author facts from account.js beside it go to the
    metadata, so a rebuild from data/raw gives the same tables."""
    result = run(empty_archive, "ingest", str(XARCHIVE / "data" / "tweets.js"))
    assert result.exit_code == 0, result.output
    threads = read_table(empty_archive, "threads")
    assert all(t["author_handle"] and t["author_id"] for t in threads)
    before = snapshot(empty_archive)
    assert run(empty_archive, "rebuild").exit_code == 0
    assert snapshot(empty_archive) == before
    assert validate(empty_archive).valid


def test_an_x_archive_without_account_needs_an_author_name(empty_archive: Path, tmp_path: Path) -> None:
    alone = tmp_path / "tweets.js"
    shutil.copy(XARCHIVE / "data" / "tweets.js", alone)
    result = run(empty_archive, "ingest", str(alone))
    assert result.exit_code == 2
    assert "the capture does not name the thread's author: give --author-name" in result.stderr
    named = run(empty_archive, "ingest", str(alone), "--author-name", "Ann Author", "--handle", "ann")
    assert named.exit_code == 0, named.output  # one account's archive: the name is every thread's
    authors = {(t["author_name"], t["author_handle"]) for t in read_table(empty_archive, "threads")}
    assert authors == {("Ann Author", "ann")}
    assert validate(empty_archive).valid


def test_a_branch_the_reader_saw_is_a_warning_of_validate_until_acknowledged(empty_archive: Path) -> None:
    assert run(empty_archive, "ingest", str(XARCHIVE / "data" / "tweets.js")).exit_code == 0
    branches = [f for f in validate(empty_archive).findings if f.type == "chain-branch"]
    assert [(f.severity, f.position) for f in branches] == [("warning", 1)]
    thread = branches[0].thread_id
    assert thread is not None
    result = run(
        empty_archive,
        "meta",
        thread,
        "--acknowledge",
        "chain-branch",
        "--position",
        "1",
        "--note",
        "a reply the author made twice",
    )
    assert result.exit_code == 0, result.output
    assert [f.severity for f in validate(empty_archive).findings if f.type == "chain-branch"] == ["info"]


def test_a_page_without_the_authors_name_takes_the_curators(empty_archive: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        PAGE.read_text(encoding="utf-8").replace('class="twitter_name"', 'class="name"'), encoding="utf-8"
    )
    assert formats.read_capture(page).threads[0].author_name is None
    refused = run(empty_archive, "ingest", str(page))
    assert refused.exit_code == 2 and "--author-name" in refused.stderr
    result = run(empty_archive, "ingest", str(page), "--author-name", "Michael Kofman")
    assert result.exit_code == 0, result.output
    [thread] = read_table(empty_archive, "threads")
    assert (thread["author_name"], thread["author_handle"]) == ("Michael Kofman", "KofmanMichael")
    assert validate(empty_archive).valid


def test_a_graphql_response_ingests_with_its_author_and_language(empty_archive: Path) -> None:
    capture = REAL / "graphql" / "twscrape-TweetDetail-2025-03-S1-legacy.json"
    assert run(empty_archive, "ingest", str(capture)).exit_code == 0
    [thread] = read_table(empty_archive, "threads")
    assert (thread["author_name"], thread["author_handle"], thread["author_id"]) == (
        "Developers", "XDevelopers", "2244994945"
    )  # fmt: skip
    assert thread["source_format"] == "x-graphql-json" and thread["language"] == "en"
    tweets = read_table(empty_archive, "tweets")
    assert [t["tweet_id"] for t in tweets] == ["1649191520250245121", "1649191521323995138",
                                               "1649191522485817345", "1649191523697979392"]  # fmt: skip


def test_the_page_and_time_a_container_keeps_reach_the_tables(empty_archive: Path, tmp_path: Path) -> None:
    # Zeeschuimer keeps the page each tweet was collected on and when: the thread's
    # source_url and the capture's captured_at, with no code but the reader's for it.
    from .test_format_containers import PAGE as TWEET_PAGE
    from .test_format_containers import S1_BODY, results_of, zeeschuimer_line

    path = tmp_path / "zeeschuimer-export.ndjson"
    lines = [zeeschuimer_line(n, r, reply_item=n > 0) for n, r in enumerate(results_of(S1_BODY))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(empty_archive, "ingest", str(path)).exit_code == 0
    [thread] = read_table(empty_archive, "threads")
    assert (thread["source_url"], thread["source_format"]) == (TWEET_PAGE, "zeeschuimer-ndjson")
    [capture] = read_table(empty_archive, "captures")
    assert capture["captured_at"] == "2023-10-24T14:22:17Z"
    assert "source_url" in (capture["facts"] or "").split()
    assert validate(empty_archive).valid


def test_the_readmes_formats_table_lists_every_format() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Capture formats\n", 1)[1].split("\n## ", 1)[0]
    listed = [
        line.split("|")[1].strip().strip("`") for line in section.splitlines() if line.startswith("| `")
    ]
    assert sorted(listed) == formats.names()
    assert "Every capture's bytes are kept, whatever its format" in section
