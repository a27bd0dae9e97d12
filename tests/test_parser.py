from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from threadarchive import CaptureError, Thread, Tweet, parse_bytes, parse_file, parse_text
from threadarchive.capture import markers
from threadarchive.capture.formats import base, scrolly
from threadarchive.capture.formats.scrolly import render_capture
from threadarchive.capture.markers import number as marker_number
from threadarchive.contract.limits import MAX_CAPTURE_LINES, MAX_DOCUMENT_BYTES, MAX_THREAD_TWEETS

from .conftest import SEED

HEAD = "Ann Author Profile picture\nBio line.\n\nJan 2, 2024, {n} tweets\n\n"


def capture(body: str, n: int) -> str:
    return HEAD.format(n=n) + body + "\n\nShare this Scrolly Tale with your friends.\n\nKeep scrolling"


def test_seed_thread_is_parsed_exactly() -> None:
    thread = parse_file(SEED)
    raw = SEED.read_text(encoding="utf-8")
    paragraphs = raw.split("\n\n")
    assert thread.author_name == "Michael Kofman"
    assert thread.author_bio == (
        "Senior Fellow, Carnegie Endowment. Defense analysis with a focus on the Russian "
        "and Ukrainian militaries."
    )
    assert thread.published_date == dt.date(2025, 11, 5)
    assert thread.tweet_count == 13
    assert [t.position for t in thread.tweets] == list(range(1, 14))
    # Each tweet is exactly its paragraph of the capture (paragraphs 2..14).
    assert [t.text for t in thread.tweets] == paragraphs[2:15]
    assert thread.tweets[11].marker == "/12"
    assert [t.marker for t in thread.tweets] == [f"{i}/" for i in range(1, 12)] + ["/12", "13/"]
    assert "’" in thread.tweets[2].text  # curly quote kept
    assert thread.warnings == ()


@pytest.mark.parametrize(
    ("body", "markers"),
    [
        ("First tweet 1/\n\nSecond 2/", ["1/", "2/"]),
        ("1/6 First\n\n2/6 Second", ["1/6", "2/6"]),
        ("(1/2) First\n\n(2/2) Second", ["(1/2)", "(2/2)"]),
        ("First 1/2\n\nSecond 2/2", ["1/2", "2/2"]),
        ("First 1/\n\nSecond /2", ["1/", "/2"]),
        ("A thread 1/ 🧵\n\nMore 2/", ["1/", "2/"]),
        ("1/ 🧵 A thread\n\n2/ more", ["1/", "2/"]),
        ("No markers here\n\nNor here", [None, None]),
        ("Open 24/7\n\nSince 9/11.", [None, None]),
        ("The 2022/23 season\n\nwas long 2022/23", [None, None]),
    ],
    ids=["end", "start-total", "parenthesised", "end-total", "reversed", "emoji-after",
         "start-emoji", "absent", "not-markers", "season"],
)  # fmt: skip
def test_markers(body: str, markers: list[str | None]) -> None:
    thread = parse_text(capture(body, len(markers)))
    assert [t.marker for t in thread.tweets] == markers
    assert "\n\n".join(t.text for t in thread.tweets) == body


def test_nine_eleven_at_the_end_of_a_tweet_is_not_a_marker_in_a_numbered_thread() -> None:
    body = "One 1/3\n\nWe remember 9/11\n\nstill 2/3\n\nEnd 3/3"
    thread = parse_text(capture(body, 3))
    assert [t.marker for t in thread.tweets] == ["1/3", "2/3", "3/3"]
    assert thread.tweets[1].text == "We remember 9/11\n\nstill 2/3"


def test_tweets_end_at_markers_not_at_blank_lines() -> None:
    body = "Intro 1/\n\nSecond, first paragraph.\n\nSecond, second paragraph. 2/\n\nLast 3/"
    thread = parse_text(capture(body, 3))
    assert [t.text for t in thread.tweets] == [
        "Intro 1/",
        "Second, first paragraph.\n\nSecond, second paragraph. 2/",
        "Last 3/",
    ]
    assert [t.line for t in thread.tweets] == [6, 8, 12]


def test_start_markers_open_tweets() -> None:
    body = "1/3 Intro\n\n2/3 Second\n\nstill second\n\n3/3 Last"
    thread = parse_text(capture(body, 3))
    assert [t.text for t in thread.tweets] == ["1/3 Intro", "2/3 Second\n\nstill second", "3/3 Last"]


def test_a_one_tweet_thread_keeps_its_paragraphs_together() -> None:
    text = "Ann Profile picture\n\nJan 2, 2024, 1 tweet\n\nPara one.\n\nPara two."
    thread = parse_text(text)
    assert thread.tweet_count == 1
    assert thread.author_bio is None
    assert [t.text for t in thread.tweets] == ["Para one.\n\nPara two."]


def test_missing_tweet_is_reported_never_invented() -> None:
    body = "One 1/\n\nTwo 2/\n\nFour 4/"
    thread = parse_text(capture(body, 4), "gap.txt")
    assert len(thread.tweets) == 3
    assert [t.marker for t in thread.tweets] == ["1/", "2/", "4/"]
    [warning] = thread.warnings
    assert warning.type == "tweet-count-mismatch"
    assert (warning.path, warning.line, warning.severity) == ("gap.txt", 4, "warning")
    assert "declares 4 tweet(s) but holds 3" in warning.message


def test_crlf_bom_and_unicode_are_kept_exactly() -> None:
    tweets = [
        "Флаг 🇺🇦 and family 👨‍👩‍👧 1/",
        "“Curly” ‘quotes’ and\u00a0NBSP\u00a0here 2/",
    ]
    text = capture("\n\n".join(tweets), 2).replace("\n", "\r\n")
    thread = parse_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert thread.author_name == "Ann Author"
    assert [t.text for t in thread.tweets] == tweets


def test_footer_may_be_cut_off_or_absent() -> None:
    cut = HEAD.format(n=2) + "One 1/\n\nTwo 2/\n\nShare this Scrolly"
    absent = HEAD.format(n=2) + "One 1/\n\nTwo 2/\n"
    for text in (cut, absent):
        assert [t.text for t in parse_text(text).tweets] == ["One 1/", "Two 2/"]


def test_marker_number() -> None:
    assert [marker_number(m) for m in ("12/", "/12", "12/13", "(12/13)", "abc")] == [12, 12, 12, 12, None]


@pytest.mark.parametrize(
    ("data", "line", "expected"),
    [
        (b"", 1, "found an empty file"),
        (b"\n\n  \n", 1, "found an empty file"),
        (b"Hello world\nJan 2, 2024, 1 tweet\n\nx", 1, "expected a header '<Name> Profile picture'"),
        (b"<!DOCTYPE html>\n<html><body>x</body></html>", 1, "found HTML"),
        (b"Ann Profile picture\nbio\n\nx", 2, "expected a line like 'Nov 5, 2025, 13 tweets'"),
        (b"Ann Profile picture\n\nFeb 30, 2024, 2 tweets\n\nx", 3, "expected a real date"),
        (b"Ann Profile picture\n\nFeb 3, 2024, 0 tweets\n\nx", 3, "at least 1"),
        (b"Ann Profile picture\n\nFeb 3, 2024, 2 tweets\n\nKeep scrolling", 4, "found none"),
        (b"Ann Profile picture\nbio \xff\xfe\n", 2, "byte 0xff"),
    ],
    ids=["empty", "blank", "no-header", "html", "no-date", "bad-date", "zero-count", "no-tweets",
         "not-utf8"],
)  # fmt: skip
def test_bad_input_raises_capture_error(tmp_path: Path, data: bytes, line: int, expected: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(CaptureError) as caught:
        parse_file(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}, line {line}: ")
    assert expected in str(caught.value)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(CaptureError, match="cannot read the file"):
        parse_file(tmp_path / "missing.txt")


# Limits: a small hostile capture is refused before the work it would cost.


def never(*args: object) -> None:
    raise AssertionError("reached the work the limit is there to prevent")


def test_a_capture_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as out:
        out.write(HEAD.format(n=2).encode())
        out.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: nothing to write
    with pytest.raises(CaptureError) as caught:
        parse_file(path)
    assert str(caught.value) == f"{path}: expected a capture of at most 16 MiB, found a larger file"


def test_too_many_lines_are_refused_before_the_text_is_split(monkeypatch: pytest.MonkeyPatch) -> None:
    # The attacker's capture: "1/ x" paragraphs, a million of them in 6 MB.
    text = capture("1/ x\n\n" * 1_000_000, 13)
    monkeypatch.setattr(scrolly, "_first_non_blank", never)  # the parse proper starts there
    with pytest.raises(CaptureError) as caught:
        parse_text(text, "many.txt")
    lines = text.count("\n") + 1
    assert lines > MAX_CAPTURE_LINES
    assert str(caught.value) == f"many.txt: expected a capture of at most 1,000,000 lines, found {lines:,}"


def test_more_paragraphs_than_tweets_limit_are_refused_before_their_markers_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = capture("1/ x\n\n" * (MAX_THREAD_TWEETS + 1), 13)
    monkeypatch.setattr(markers, "at_start", never)
    with pytest.raises(CaptureError) as caught:
        parse_text(text, "many.txt")
    assert caught.value.line == 6 + 2 * MAX_THREAD_TWEETS  # where the paragraph over the limit starts
    assert caught.value.reason == (
        "expected at most 100,000 tweets in a capture's threads, found 100,001 paragraphs (each a tweet or part of one)"
    )


def test_a_capture_at_the_tweets_limit_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (base, scrolly):
        monkeypatch.setattr(module, "MAX_THREAD_TWEETS", 3)
    assert len(parse_text(capture("One 1/\n\nTwo 2/\n\nThree 3/", 3)).tweets) == 3
    with pytest.raises(
        CaptureError, match="expected at most 3 tweets in a capture's threads, found 4 paragraphs"
    ):
        parse_text(capture("One 1/\n\nTwo 2/\n\nThree 3/\n\nFour 4/", 4))


@given(st.binary(max_size=400))
def test_arbitrary_bytes_raise_nothing_but_capture_error(data: bytes) -> None:
    with contextlib.suppress(CaptureError):
        parse_bytes(data)


@given(st.text(max_size=300))
def test_arbitrary_text_raises_nothing_but_capture_error(text: str) -> None:
    with contextlib.suppress(CaptureError):
        parse_text("Ann Profile picture\n\nJan 2, 2024, 3 tweets\n\n" + text)


_WORD = st.text(alphabet=st.sampled_from("abcxyzABCЖжЯя’“”🧵🇺🇦é\u00a0-,."), min_size=1, max_size=8).filter(
    lambda w: w.strip() and not w.startswith("-")
)
_LINE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)
_PARAGRAPH = st.lists(_LINE, min_size=1, max_size=3).map("\n".join)


@st.composite
def threads(draw: st.DrawFn) -> Thread:
    n = draw(st.integers(1, 6))
    numbered = draw(st.booleans())
    tweets = []
    for position in range(1, n + 1):
        if numbered:
            paragraphs = draw(st.lists(_PARAGRAPH, min_size=1, max_size=3))
            marker = f"{position}/"
            text = "\n\n".join(paragraphs) + f" {marker}"
        else:
            marker, text = None, draw(_PARAGRAPH)
        tweets.append(Tweet(position=position, marker=marker, text=text))
    declared = n if numbered else n + draw(st.integers(0, 2))
    return Thread(
        author_name=draw(_LINE).strip(),
        author_bio=draw(st.none() | _PARAGRAPH),
        published_date=draw(st.dates(dt.date(2006, 3, 21), dt.date(2030, 12, 31))),
        tweet_count=declared,
        tweets=tuple(tweets),
    )


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(threads())
def test_rendered_thread_parses_back_to_the_same_thread(thread: Thread) -> None:
    assume(thread.author_name)
    assert parse_text(render_capture(thread)) == thread
