"""The X archive reader: tweets.js alone or beside account.js, the archive's zip, gaps, limits."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import time
import tracemalloc
import warnings
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadarchive.capture.chains import EXPECTED_THREAD
from threadarchive.capture.formats import base, xarchive
from threadarchive.capture.model import Capture
from threadarchive.errors import CaptureError
from threadarchive.files.safezip import Limits

CAPTURES = Path(__file__).parent / "captures" / "xarchive"
DATA = CAPTURES / "data"
OWNER_ID = "1331234567890123456"
OWNER = "olena_analyst"
OTHER_ID = "1462548977367359490"
POKROVSK = ["1986056447983186778", "1986057072935078291", "1986057668523541911"]  # the 3-tweet thread
DRONES = ["1988524665861835892", "1988524980434332802"]  # its later reply 1988664373934783290 is a branch
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def read(path: Path) -> Capture:
    return xarchive.read(path, path.name)


def tweet(
    tweet_id: int,
    text: str,
    *,
    reply_to: int | None = None,
    user: str | None = OWNER_ID,
    screen_name: str | None = OWNER,
    created_at: str = "Wed Nov 05 13:02:11 +0000 2025",
    retweeted: bool = False,
) -> dict[str, Any]:
    """A record of tweets.js, with the fields and shapes X writes."""
    fields: dict[str, Any] = {
        "retweeted": retweeted,
        "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
        "id_str": str(tweet_id),
        "id": str(tweet_id),
        "created_at": created_at,
        "full_text": text,
        "lang": "en",
    }
    if reply_to is not None:
        fields["in_reply_to_status_id_str"] = str(reply_to)
        if user is not None:
            fields["in_reply_to_user_id_str"] = user
        if screen_name is not None:
            fields["in_reply_to_screen_name"] = screen_name
    return {"tweet": fields}


def js(records: list[Any], kind: str = "tweets", part: int = 0) -> str:
    """A window.YTD file as X prints it: two spaces of indent, " : " after keys."""
    return f"window.YTD.{kind}.part{part} = " + json.dumps(
        records, indent=2, separators=(",", " : "), ensure_ascii=False
    )


def write(path: Path, records: list[Any], kind: str = "tweets", part: int = 0) -> Path:
    path.write_text(js(records, kind, part), encoding="utf-8")
    return path


def make_zip(path: Path, members: Mapping[str, str | bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def data_zip(path: Path) -> Path:
    """The archive's zip, from the data/ captures (as X makes it: data/ at its top)."""
    return make_zip(path, {f"data/{f.name}": f.read_bytes() for f in sorted(DATA.iterdir())})


def refused(path: Path) -> CaptureError:
    with pytest.raises(CaptureError) as info:
        read(path)
    return info.value


def record_line(path: Path, tweet_id: str) -> int:
    """The line the record of ``tweet_id`` starts on: its "{" above its id_str."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if f'"id_str" : "{tweet_id}"' in line)
    return max(i for i in range(at) if lines[i] == "  {" or lines[i].endswith("= [ {")) + 1


# --- Detection -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"PK\x03\x04\x14\x00\x00\x00", True),
        (b"window.YTD.tweets.part0 = [ {", True),
        (b"\xef\xbb\xbf\n  window.YTD.tweet.part0 = [", True),
        (b"window.YTD.account.part0 = [", True),
        (b'{"data": {"id": "1"}}', False),
        (b"<!DOCTYPE html><html>", False),
        (b"Ann Author Profile picture\n", False),
        (b"window.__THAR_CONFIG = {", False),
        (b"PK\x05\x06", False),
        (b"", False),
    ],
    ids=[
        "zip",
        "tweets",
        "bom-space-tweet",
        "account",
        "jsonl",
        "html",
        "scrolly",
        "manifest",
        "empty-zip",
        "empty",
    ],
)
def test_sniff(head: bytes, expected: bool) -> None:
    assert xarchive.sniff(head) is expected


# --- What is read ----------------------------------------------------------------------


def test_tweets_js_alone_names_no_author(tmp_path: Path) -> None:
    alone = shutil.copy(DATA / "tweets.js", tmp_path / "tweets.js")
    capture = read(Path(alone))
    assert capture.source_format == "x-archive"
    assert capture.captured_at is None
    assert [[t.tweet_id for t in th.tweets] for th in capture.threads] == [POKROVSK, DRONES]
    for thread in capture.threads:
        assert (thread.author_name, thread.author_handle, thread.author_id, thread.author_bio) == (None,) * 4


def test_account_and_profile_beside_it_name_the_author() -> None:
    capture = read(DATA / "tweets.js")
    assert capture.captured_at is None  # the manifest is read from the zip only
    for thread in capture.threads:
        assert thread.author_name == "Olena Marchenko 🇺🇦"
        assert thread.author_handle == OWNER
        assert thread.author_id == OWNER_ID
        assert thread.author_bio == "Researcher. Logistics & defence, Ukraine. Views my own."
        assert thread.source_format == "x-archive"


def test_zip_reads_tweets_account_profile_and_manifest(tmp_path: Path) -> None:
    capture = read(data_zip(tmp_path / "twitter-2025-11-20.zip"))
    assert capture.captured_at == "2025-11-20T09:14:03Z"
    assert capture.threads == read(DATA / "tweets.js").threads
    assert capture.threads[0].author_handle == OWNER


def test_thread_tweets_exactly() -> None:
    path = DATA / "tweets.js"
    thread = read(path).threads[0]
    assert thread.published_date == dt.date(2025, 11, 5)
    assert thread.tweet_count == 3
    assert [t.position for t in thread.tweets] == [1, 2, 3]
    assert [t.marker for t in thread.tweets] == ["1/3", "2/3", "3/3"]
    assert [t.created_at for t in thread.tweets] == [
        "2025-11-05T13:02:11Z",
        "2025-11-05T13:04:40Z",
        "2025-11-05T13:07:02Z",
    ]
    assert [t.lang for t in thread.tweets] == ["en", "uk", "en"]
    assert [t.line for t in thread.tweets] == [record_line(path, i) for i in POKROVSK]
    first, second, third = (t.text for t in thread.tweets)
    assert (
        first == "1/3 Why the front near Pokrovsk matters & what to watch this winter 🧵\n\nA short thread."
    )
    assert second == (
        "2/3 Логістика: залізниця <-> дороги. Rail feeds the roads, not the other way round. "
        "https://t.co/Xq3mR8vTzA"
    )  # the t.co link as written, not its entity's expanded_url
    assert third == "3/3 Bottom line: watch the rail hubs, not the headlines.\nMore soon 🙏 #Ukraine"
    assert thread.known_gaps is None
    assert thread.warnings == ()


def test_retweets_replies_to_others_and_later_branches_are_left_out() -> None:
    kept = {t.tweet_id for th in read(DATA / "tweets.js").threads for t in th.tweets}
    raw = DATA.joinpath("tweets.js").read_text(encoding="utf-8")
    assert "RT @kyiv_indep" in raw and "Thanks for the correction" in raw and "And the map is here" in raw
    assert "1988664373934783290" in raw  # the later reply to the drones tweet
    assert kept == set(POKROVSK) | set(DRONES)
    branches = [w for th in read(DATA / "tweets.js").threads for w in th.warnings if w.type == "chain-branch"]
    assert [(w.position, "1988664373934783290" in w.message) for w in branches] == [(1, True)]


def test_legacy_tweet_js_and_parts_in_a_zip(tmp_path: Path) -> None:
    legacy = CAPTURES / "legacy"
    members = {f"data/{f.name}": f.read_bytes() for f in legacy.iterdir()}
    capture = read(make_zip(tmp_path / "archive.zip", members))
    texts = [[t.text for t in th.tweets] for th in capture.threads]
    assert texts == [
        [
            "A 2019 thread, begun in the oldest part 1/",
            "continued in the middle part 2/",
            "and ended in the newest 3/",
        ],
        ["A short one, all in tweet.js", "with its reply beside it."],
    ]
    assert [t.marker for t in capture.threads[0].tweets] == ["1/", "2/", "3/"]
    assert capture.threads[0].author_name is None and capture.captured_at is None
    part2 = (legacy / "tweet-part2.js").read_text(encoding="utf-8")
    assert capture.threads[0].tweets[0].line == 2 and part2.split("\n")[1] == "  {"  # its line in its part


def test_legacy_tweet_js_alone_holds_its_own_threads_only() -> None:
    capture = read(CAPTURES / "legacy" / "tweet.js")
    # The newest "3/" replies to a tweet of a part not read: a thread whose start is missing.
    assert [[t.text for t in th.tweets] for th in capture.threads] == [
        ["and ended in the newest 3/"],
        ["A short one, all in tweet.js", "with its reply beside it."],
    ]
    assert capture.threads[0].known_gaps and not capture.threads[1].known_gaps


def test_a_part_alone_without_a_thread_is_refused_saying_why() -> None:
    error = refused(CAPTURES / "legacy" / "tweet-part1.js")
    assert error.line is None
    assert error.reason.startswith(f"read 1 tweet (1 reply to another user); {EXPECTED_THREAD}")
    assert error.reason.endswith(xarchive.NO_OWNER_HINT)


def test_zip_with_parts_reads_them_in_order(tmp_path: Path) -> None:
    members = {
        "data/tweets.js": js([tweet(12, "the end 3/", reply_to=11)]),
        "data/tweets-part1.js": js([tweet(11, "the middle 2/", reply_to=10)], part=1),
        "data/tweets-part2.js": js([tweet(10, "the start 1/")], part=2),
    }
    capture = read(make_zip(tmp_path / "a.zip", members))
    assert [t.tweet_id for t in capture.threads[0].tweets] == ["10", "11", "12"]


# --- Threads ---------------------------------------------------------------------------


def test_several_threads_come_by_first_tweet_id(tmp_path: Path) -> None:
    records = [  # newest first, as X writes them
        tweet(51, "c2", reply_to=50),
        tweet(50, "c1"),
        tweet(31, "b2", reply_to=30),
        tweet(22, "a3", reply_to=21),
        tweet(30, "b1"),
        tweet(21, "a2", reply_to=20),
        tweet(20, "a1"),
    ]
    capture = read(write(tmp_path / "tweets.js", records))
    assert [[t.text for t in th.tweets] for th in capture.threads] == [
        ["a1", "a2", "a3"],
        ["b1", "b2"],
        ["c1", "c2"],
    ]
    assert [th.key for th in capture.threads] == ["20", "30", "50"]


def test_the_earliest_of_two_replies_to_a_tweet_is_followed(tmp_path: Path) -> None:
    records = [
        tweet(14, "reply to the later branch", reply_to=12),
        tweet(12, "later reply", reply_to=10),
        tweet(11, "earliest reply", reply_to=10),
        tweet(10, "root"),
    ]
    capture = read(write(tmp_path / "tweets.js", records))
    assert [[t.text for t in th.tweets] for th in capture.threads] == [["root", "earliest reply"]]


@pytest.mark.parametrize(
    "left_out",
    [
        tweet(11, "RT @someone: a retweet of theirs", reply_to=10),
        tweet(11, "a retweet marked as one", reply_to=10, retweeted=True),
    ],
    ids=["rt-text", "retweeted-true"],
)
def test_retweets_never_continue_a_thread(tmp_path: Path, left_out: dict[str, Any]) -> None:
    records = [tweet(12, "own reply", reply_to=10), left_out, tweet(10, "root")]
    capture = read(write(tmp_path / "tweets.js", records))
    assert [[t.text for t in th.tweets] for th in capture.threads] == [["root", "own reply"]]


def test_replies_to_others_and_what_hangs_below_them_are_left_out(tmp_path: Path) -> None:
    records = [
        tweet(23, "own reply below a reply to another", reply_to=22),
        tweet(22, "@someone a reply to them", reply_to=5, user=OTHER_ID, screen_name="someone"),
        tweet(21, "own reply", reply_to=20),
        tweet(20, "root"),
    ]
    capture = read(write(tmp_path / "tweets.js", records))
    assert [[t.text for t in th.tweets] for th in capture.threads] == [["root", "own reply"]]


@pytest.mark.parametrize(
    ("records", "counts"),
    [
        (
            [
                tweet(3, "@them hi", reply_to=99, user=OTHER_ID, screen_name="them"),
                tweet(2, "RT @them: news"),
                tweet(1, "a tweet alone"),
            ],
            "read 3 tweets (1 reply to another user, 1 retweet, 1 standalone)",
        ),
        ([], "read 0 tweets"),
        ([tweet(1, "one"), tweet(2, "two")], "read 2 tweets (2 standalone)"),
    ],
    ids=["mixed", "empty", "only-roots"],
)
def test_no_thread_is_refused_saying_why(tmp_path: Path, records: list[Any], counts: str) -> None:
    error = refused(write(tmp_path / "tweets.js", records))
    assert error.reason.startswith(counts)
    assert EXPECTED_THREAD in error.reason
    assert counts in error.reason
    assert "\n" not in str(error)


def test_replies_to_own_tweets_addressed_to_two_accounts_are_refused(tmp_path: Path) -> None:
    records = [
        tweet(11, "b", reply_to=10),
        tweet(10, "a"),
        tweet(21, "d", reply_to=20, user="999"),
        tweet(20, "c"),
    ]
    error = refused(write(tmp_path / "tweets.js", records))
    assert error.reason == (
        "expected the tweets of one account, found replies to the archive's own tweets addressed to "
        f"accounts 999, {OWNER_ID}"
    )


def test_a_reply_addressed_by_screen_name_alone_is_the_authors(tmp_path: Path) -> None:
    for sibling in ("account.js", "profile.js"):
        shutil.copy(DATA / sibling, tmp_path / sibling)
    records = [tweet(31, "second", reply_to=30, user=None), tweet(30, "first", reply_to=29, user=None)]
    thread = read(write(tmp_path / "tweets.js", records)).threads[0]
    assert [t.text for t in thread.tweets] == ["first", "second"]
    assert (
        thread.known_gaps
        == "Not in the capture: the thread's start (tweet 29, which position 1 replies to, and perhaps more)."
    )


# --- Gaps ------------------------------------------------------------------------------


def test_a_missing_root_is_reported_never_filled() -> None:
    path = CAPTURES / "gaps" / "tweets.js"
    thread = read(path).threads[0]
    assert [(t.position, t.marker) for t in thread.tweets] == [(1, "2/3"), (2, "3/3")]
    assert thread.tweet_count == 2
    assert thread.known_gaps == (
        "Not in the capture: the thread's start (tweet 1962455388782773869, which position 1 replies to, "
        "and perhaps more)."
    )
    (warning,) = thread.warnings
    assert (warning.type, warning.severity, warning.path, warning.position) == (
        "chain-gap",
        "warning",
        "tweets.js",
        1,
    )
    assert warning.line == thread.tweets[0].line == record_line(path, thread.tweets[0].tweet_id or "")
    assert "1962455388782773869" in warning.message


def test_a_missing_middle_tweet_is_reported_when_the_markers_show_it() -> None:
    thread = read(CAPTURES / "gaps" / "tweets.js").threads[1]
    assert [(t.position, t.marker) for t in thread.tweets] == [(1, "1/5"), (2, "2/5"), (3, "4/5"), (4, "5/5")]
    assert thread.known_gaps == (
        "Not in the capture: 1 tweet between positions 2 and 3 (tweet 1963165568334302248)."
    )
    (warning,) = thread.warnings
    assert warning.position == 3 and warning.line == thread.tweets[2].line
    assert "the markers going from '2/5' to '4/5'" in warning.message


def test_without_markers_a_missing_middle_tweet_cuts_the_thread_in_two() -> None:
    capture = read(CAPTURES / "gaps" / "tweets.js")
    head, tail = capture.threads[2:]
    assert [t.text for t in head.tweets] == ["An unnumbered thread about winter fuel.", "Diesel first."]
    assert head.known_gaps is None
    assert [t.text for t in tail.tweets] == ["Then coal.", "Then gas."]
    assert tail.known_gaps is not None and "1963935642550159444" in tail.known_gaps
    assert len(capture.threads) == 4


def test_a_lone_numbered_root_joins_the_rest_of_its_thread(tmp_path: Path) -> None:
    records = [
        tweet(14, "4/4 last", reply_to=13),
        tweet(13, "3/4 third", reply_to=12),
        tweet(10, "1/4 first"),
    ]
    (thread,) = read(write(tmp_path / "tweets.js", records)).threads
    assert [(t.position, t.marker, t.tweet_id) for t in thread.tweets] == [
        (1, "1/4", "10"),
        (2, "3/4", "13"),
        (3, "4/4", "14"),
    ]
    assert thread.known_gaps == "Not in the capture: 1 tweet between positions 1 and 2 (tweet 12)."
    assert [w.position for w in thread.warnings] == [2]


@pytest.mark.parametrize(
    "texts",
    [("1/5 one", "2/5 two", "4/6 four"), ("1/ one", "2/ two", "3/ three"), ("one", "two", "4/5 four")],
    ids=["totals-differ", "consecutive", "head-unnumbered"],
)
def test_markers_that_do_not_show_a_gap_join_nothing(tmp_path: Path, texts: tuple[str, str, str]) -> None:
    # The owner is named by a root and its reply; the third tweet replies to a deleted one.
    records = [tweet(14, "tail end", reply_to=13), tweet(13, texts[2], reply_to=12)]
    records += [tweet(11, texts[1], reply_to=10), tweet(10, texts[0])]
    capture = read(write(tmp_path / "tweets.js", records))
    assert [[t.tweet_id for t in th.tweets] for th in capture.threads] == [["10", "11"], ["13", "14"]]
    assert capture.threads[1].warnings[0].position == 1


# --- Text and dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full_text", "text"),
    [
        ("AT&amp;T and R&amp;D", "AT&T and R&D"),
        ("&amp;copy; stays an entity", "&copy; stays an entity"),
        ("&amp;lt; is not undone twice", "&lt; is not undone twice"),
        ("&lt;3 &gt;_&lt;", "<3 >_<"),
        ("&quot;quoted&quot; &#39;kept&#39;", "&quot;quoted&quot; &#39;kept&#39;"),
        ("line one\r\nline two\rthree", "line one\nline two\nthree"),
        ("Слава 🇺🇦 — 👩🏽‍🔬 ok", "Слава 🇺🇦 — 👩🏽‍🔬 ok"),
    ],
    ids=["amp", "amp-copy", "amp-lt", "lt-gt", "others-kept", "line-endings", "emoji-cyrillic"],
)
def test_text_is_verbatim_but_for_three_entities(tmp_path: Path, full_text: str, text: str) -> None:
    records = [tweet(11, "reply", reply_to=10), tweet(10, full_text)]
    assert read(write(tmp_path / "tweets.js", records)).threads[0].tweets[0].text == text


@pytest.mark.parametrize(
    ("created_at", "utc", "date"),
    [
        ("Wed Nov 05 13:02:11 +0000 2025", "2025-11-05T13:02:11Z", dt.date(2025, 11, 5)),
        ("Thu Nov 06 01:30:00 +0200 2025", "2025-11-05T23:30:00Z", dt.date(2025, 11, 5)),
        ("Tue Dec 31 22:00:00 -0300 2024", "2025-01-01T01:00:00Z", dt.date(2025, 1, 1)),
        ("Thu Mar 21 20:50:14 +0530 2006", "2006-03-21T15:20:14Z", dt.date(2006, 3, 21)),
    ],
    ids=["utc", "east", "west-new-year", "half-hour"],
)
def test_created_at_is_stored_in_utc(tmp_path: Path, created_at: str, utc: str, date: dt.date) -> None:
    records = [tweet(11, "reply", reply_to=10), tweet(10, "root", created_at=created_at)]
    thread = read(write(tmp_path / "tweets.js", records)).threads[0]
    assert thread.tweets[0].created_at == utc
    assert thread.published_date == date


@pytest.mark.parametrize(
    "created_at",
    [
        "2025-11-05T13:02:11.000Z",
        "Wed Feb 30 13:02:11 +0000 2025",
        "Wed Nov 05 13:02:11 2025",
        "Wed Foo 05 13:02:11 +0000 2025",
    ],
    ids=["iso", "no-such-day", "no-offset", "no-such-month"],
)
def test_a_bad_created_at_is_refused_with_its_line(tmp_path: Path, created_at: str) -> None:
    records = [tweet(11, "reply", reply_to=10), tweet(10, "root", created_at=created_at)]
    path = write(tmp_path / "tweets.js", records)
    error = refused(path)
    assert error.line == record_line(path, "10")
    assert error.reason.startswith("expected 'created_at' like 'Wed Nov 05 13:02:11 +0000 2025', found ")


# --- Input that is not the X archive's JavaScript ----------------------------------------


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ('[{"tweet": {}}]', 1, "expected the X archive's 'window.YTD.tweets.part0 = [' to open the file"),
        ("<!DOCTYPE html>\n<html>", 1, "found '<!DOCTYPE html>'"),
        ("\n\nvar tweets = [];", 3, "found 'var tweets = [];'"),
        ("", 1, "found an empty file"),
        ("window.YTD.like.part0 = [ ]", 1, "found 'window.YTD.like.part0 = [ ]'"),
        ("window.YTD.tweets.part0 = {}", 1, "found '{}' after '='"),
        ('window.YTD.tweets.part0 = [\n{"tweet": {"id_str": "1", "full_text": ""}}\n{"tweet": {}}]', 3, "expected ','"),
        ('window.YTD.tweets.part0 = [\n  {\n    "tweet" : {\n      "id_str" : "1",,\n', 4, "invalid JSON"),
        ('window.YTD.tweets.part0 = [\n  {"tweet": {"id_str": "1"', 2, "invalid JSON"),
        ("window.YTD.tweets.part0 = [ ];\nalert(1)", 2, "expected the end of the file after the list, found 'alert(1)'"),
        ("window.YTD.tweets.part0 = [ ] ;;", 1, "found ';'"),
        ("window.YTD.tweets.part0 = [\n  1\n]", 2, 'expected a record {"tweet": {"id_str": ...}}, found \'1\''),
        ('window.YTD.tweets.part0 = [\n{"tweet": {"id_str": "12a"}}]', 2, "expected 'id_str' to be a string of digits"),
        ('window.YTD.tweets.part0 = [\n{"tweet": {"id_str": "1"}}]', 2, "expected 'full_text' to be a string, found none"),
        ("window.YTD.tweets.part0 = [\n" + "[" * 100_000 + "]" * 100_000 + "]", 2, "nested too deeply"),
    ],
    ids=[
        "bare-json", "html", "other-js", "empty", "likes", "object", "no-comma", "broken-record",
        "truncated", "code-after", "two-semicolons", "not-an-object", "bad-id", "no-text", "deep",
    ],
)  # fmt: skip
def test_what_is_not_the_archives_javascript_is_refused_with_its_line(
    tmp_path: Path, content: str, line: int, message: str
) -> None:
    path = tmp_path / "tweets.js"
    path.write_text(content, encoding="utf-8")
    error = refused(path)
    assert error.line == line
    assert message in error.reason
    assert error.path == "tweets.js"


def test_bytes_that_are_not_utf8_are_refused_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "tweets.js"
    path.write_bytes(b'window.YTD.tweets.part0 = [\n  {"tweet": {\n    "full_text": "caf\xe9"}}]')
    error = refused(path)
    assert error.line == 3
    assert "found the byte 0xe9 that is not UTF-8" in error.reason


def test_a_tweet_twice_is_refused(tmp_path: Path) -> None:
    error = refused(write(tmp_path / "tweets.js", [tweet(10, "a"), tweet(10, "a again")]))
    assert "found tweet 10 again" in error.reason
    assert error.line is not None and error.line > 1


def test_an_unpaired_surrogate_in_a_thread_tweet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tweets.js"
    path.write_text(
        js([tweet(11, "reply", reply_to=10), tweet(10, "half an emoji")]).replace("half an emoji", "\\ud83d")
    )
    assert "unpaired surrogate" in refused(path).reason


def test_bom_spaces_crlf_semicolon_and_a_part_number_are_accepted(tmp_path: Path) -> None:
    text = js([tweet(11, "reply", reply_to=10), tweet(10, "root")], part=3).replace("\n", "\r\n")
    path = tmp_path / "tweets-part3.js"
    path.write_bytes(b"\xef\xbb\xbf \r\n" + text.encode() + b";\r\n")
    thread = read(path).threads[0]
    assert [t.text for t in thread.tweets] == ["root", "reply"]
    assert thread.tweets[0].line == 2 + text.split("\r\n").index("  {", 2)


def test_a_bad_account_js_beside_it_is_named(tmp_path: Path) -> None:
    shutil.copy(DATA / "tweets.js", tmp_path / "tweets.js")
    (tmp_path / "account.js").write_text('window.YTD.account.part0 = [ {"account": {"accountId": 42}} ]')
    error = refused(tmp_path / "tweets.js")
    assert error.reason == "account.js beside it: expected 'accountId' to be a string of digits, found '42'"
    assert error.line == 1


def test_an_oversized_account_js_beside_it_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(DATA / "tweets.js", tmp_path / "tweets.js")
    shutil.copy(DATA / "account.js", tmp_path / "account.js")
    monkeypatch.setattr(xarchive, "MAX_ACCOUNT_FILE_BYTES", 100)
    assert (
        refused(tmp_path / "tweets.js").reason
        == "account.js beside it: expected at most 100 bytes, found a larger file"
    )


# --- The zip ----------------------------------------------------------------------------


def test_a_stored_zip_reads_like_a_deflated_one(tmp_path: Path) -> None:
    members = {f"data/{f.name}": f.read_bytes() for f in DATA.iterdir()}
    stored = read(make_zip(tmp_path / "stored.zip", members, zipfile.ZIP_STORED))
    assert stored == read(data_zip(tmp_path / "deflated.zip"))


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"data/account.js": "x"}, "expected data/tweets.js in the zip, found none"),
        ({"twitter/data/tweets.js": "x"}, "zip the archive as X made it, with data/ at its top"),
        (
            {"data/tweets.js": js([tweet(10, "a")]), "data/tweets-part2.js": js([], part=2)},
            "expected data/tweets-part1.js before data/tweets-part2.js",
        ),
        (
            {
                "data/tweets.js": js([tweet(11, "b", reply_to=10), tweet(10, "a")]),
                "data/manifest.js": "var x = 1",
            },
            "data/manifest.js: expected 'window.__THAR_CONFIG = {' to open the file",
        ),
        (
            {
                "data/tweets.js": js([tweet(11, "b", reply_to=10), tweet(10, "a")]),
                "data/profile.js": js([], "profile"),
            },
            "data/profile.js: expected one profile record, found 0",
        ),
    ],
    ids=["no-tweets", "nested", "part-missing", "bad-manifest", "empty-profile"],
)
def test_a_zip_without_what_it_needs_is_refused(
    tmp_path: Path, members: dict[str, str], message: str
) -> None:
    assert message in refused(make_zip(tmp_path / "a.zip", dict(members))).reason


def test_a_member_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name it writes
        make_zip(path, {"data/tweets.js": "a"})
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("data/tweets.js", "b")
    assert refused(path).reason == "data/tweets.js: expected one member of this name, found 2"


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = js([]) + " " * (8 << 20)  # 8 MiB that deflate to a few KB
    error = refused(make_zip(tmp_path / "bomb.zip", {"data/tweets.js": bomb}))
    assert error.reason.startswith(
        f"data/tweets.js: expected a member compressed at most {xarchive.ZIP_LIMITS.ratio} times"
    )
    assert "zip bomb" in error.reason


def test_an_oversized_member_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xarchive, "MAX_TWEETS_FILE_BYTES", 1000)
    error = refused(data_zip(tmp_path / "a.zip"))
    size = (DATA / "tweets.js").stat().st_size
    assert error.reason == f"data/tweets.js: expected at most 1000 bytes, found {size} bytes uncompressed"


def test_too_many_members_are_refused_before_the_directory_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_zip(tmp_path / "many.zip", {f"data/tweets_media/{i}.jpg": b"" for i in range(6)})
    monkeypatch.setattr(xarchive, "ZIP_LIMITS", Limits(members=5))
    monkeypatch.setattr(zipfile, "ZipFile", None)  # never reached: the end record is enough
    assert refused(path).reason.startswith("expected a zip of at most 5 members, found one declaring 6 (")


def test_an_encrypted_member_is_refused(tmp_path: Path) -> None:
    path = data_zip(tmp_path / "a.zip")
    data = bytearray(path.read_bytes())
    directory = data.index(b"PK\x01\x02")  # the first central directory entry
    assert data[directory + 46 :].startswith(b"data/account.js")
    data[directory + 8] |= 0x01  # its "encrypted" flag
    path.write_bytes(bytes(data))
    assert refused(path).reason == "data/account.js: expected an unencrypted member, found an encrypted one"


def _tweets_data(data: bytes) -> slice:
    """Where data/tweets.js's compressed bytes lie in a zip."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("data/tweets.js")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    return slice(start, start + info.compress_size)


def _flip(data: bytes, where: slice) -> bytes:
    middle = bytes(b ^ 0x5A for b in data[where])
    return data[: where.start] + middle + data[where.stop :]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: b"PK\x03\x04" + bytes(200), "expected a zip, found "),
        (lambda data: data[: len(data) // 2], "expected a zip, found "),
        (lambda data: _flip(data, slice(30, 40)), "data/account.js: cannot read it: File name in directory"),
        (lambda data: _flip(data, _tweets_data(data)), "data/tweets.js: cannot read it: "),
    ],
    ids=["garbage", "truncated", "bad-header", "bad-data"],
)
def test_a_corrupt_zip_is_refused(tmp_path: Path, damage: Any, message: str) -> None:
    path = data_zip(tmp_path / "a.zip")
    path.write_bytes(damage(path.read_bytes()))
    error = refused(path)
    assert error.path == "a.zip"
    assert error.reason.startswith(message)


# --- Memory ------------------------------------------------------------------------------

RECORD = """  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "%(id)d" ], "editsRemaining" : "5" } },
      "retweeted" : false,
      "source" : "<a href=\\"https://mobile.twitter.com\\" rel=\\"nofollow\\">Twitter Web App</a>",
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "140" ],
      "favorite_count" : "3",%(reply)s
      "id_str" : "%(id)d",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "%(id)d",
      "created_at" : "Wed Nov 05 13:02:11 +0000 2025",
      "favorited" : false,
      "full_text" : "Tweet %(id)d of a prolific account, long enough to weigh what a real one does 🙂 %(pad)s",
      "lang" : "en"
    }
  }"""
REPLY = """
      "in_reply_to_status_id_str" : "%d",
      "in_reply_to_user_id_str" : "%s",
      "in_reply_to_screen_name" : "%s","""


def test_a_large_tweets_file_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    count, start = 50_000, 1_900_000_000_000_000_000
    path = tmp_path / "tweets.js"
    with path.open("w", encoding="utf-8") as out:
        out.write("window.YTD.tweets.part0 = [\n")
        for i in range(count):
            tweet_id = start + i
            if i % 100 == 1:  # a two-tweet thread in every hundred tweets
                reply = REPLY % (tweet_id - 1, OWNER_ID, OWNER)
            elif i % 3 == 0 and i % 100 > 1:
                reply = REPLY % (1000 + i, OTHER_ID, "someone")  # to a tweet of theirs
            else:
                reply = ""
            out.write((",\n" if i else "") + RECORD % {"id": tweet_id, "reply": reply, "pad": "x" * 700})
        out.write("\n]")
    size = path.stat().st_size
    tracemalloc.start()
    began = time.perf_counter()
    try:
        capture = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(capture.threads) == count // 100
    assert capture.threads[-1].tweets[-1].tweet_id == str(start + count - 99)
    assert size > 70 << 20
    print(
        f"read {size >> 20} MiB, {count} tweets: peak {peak >> 20} MiB, {time.perf_counter() - began:.1f} s"
    )
    assert peak < size // 6, f"peak {peak >> 20} MiB reading a {size >> 20} MiB file"


def test_more_tweets_that_may_be_in_threads_than_the_limit_are_refused_before_the_second_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (base, xarchive):
        monkeypatch.setattr(module, "MAX_THREAD_TWEETS", 4)
    pairs = [tweet(n + k, f"{k + 1}/2", reply_to=n if k else None) for n in (100, 200) for k in (0, 1)]
    assert len(read(write(tmp_path / "tweets.js", pairs)).threads) == 2  # four tweets: at the limit

    def never(*args: object) -> None:
        raise AssertionError("the second pass kept a tweet")

    monkeypatch.setattr(xarchive, "_text", never)
    path = write(tmp_path / "tweets.js", [*pairs, tweet(300, "1/2"), tweet(301, "2/2", reply_to=300)])
    assert str(refused(path)) == (
        "tweets.js: expected at most 4 tweets in a capture's threads, found 6 in 3 threads"
    )


# --- Nothing but CaptureError -------------------------------------------------------------


def _reads_or_refuses(path: Path) -> None:
    try:
        capture = read(path)
    except CaptureError as exc:
        assert str(exc).startswith(path.name)
        assert "\n" not in exc.reason
    else:
        assert all(len(th.tweets) >= 2 for th in capture.threads)


@FUZZ
@given(data=st.binary(max_size=4000))
def test_arbitrary_bytes_raise_nothing_but_capture_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "capture.js"
    path.write_bytes(data)
    _reads_or_refuses(path)


@FUZZ
@given(text=st.text(max_size=2000))
def test_arbitrary_text_after_the_prefix_raises_nothing_but_capture_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "tweets.js"
    path.write_text("window.YTD.tweets.part0 = " + text, encoding="utf-8", errors="surrogatepass")
    _reads_or_refuses(path)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
FIELD_VALUES = st.one_of(
    JSON, st.sampled_from(["10", "11", "12", OWNER_ID, "RT @x", "Wed Nov 05 13:02:11 +0000 2025"])
)
TWEET_FIELDS = st.dictionaries(
    st.sampled_from(
        ["id_str", "full_text", "created_at", "in_reply_to_status_id_str", "in_reply_to_user_id_str",
         "in_reply_to_screen_name", "retweeted", "lang"]
    ),
    FIELD_VALUES,
)  # fmt: skip


@FUZZ
@given(records=st.lists(st.one_of(JSON, TWEET_FIELDS.map(lambda t: {"tweet": t}), TWEET_FIELDS), max_size=6))
def test_arbitrary_records_raise_nothing_but_capture_error(tmp_path: Path, records: list[Any]) -> None:
    _reads_or_refuses(write(tmp_path / "tweets.js", records))


@FUZZ
@given(cuts=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8))
def test_a_damaged_zip_raises_nothing_but_capture_error(tmp_path: Path, cuts: list[tuple[int, int]]) -> None:
    path = tmp_path / "archive.zip"
    data = bytearray(_small_zip())
    for at, value in cuts:
        data[at % len(data)] = value
    path.write_bytes(bytes(data))
    _reads_or_refuses(path)


def _small_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/tweets.js", js([tweet(11, "b 2/", reply_to=10), tweet(10, "a 1/")]))
        archive.writestr("data/account.js", (DATA / "account.js").read_bytes())
        archive.writestr("data/manifest.js", (DATA / "manifest.js").read_bytes())
    return buffer.getvalue()


# --- Deleted tweets (data/deleted-tweets.js, read from the zip) ---------------------------

# A published archive (milahu/twitter-milahu104, MIT; tests/captures/real/SOURCES.md):
# its account.js, profile.js and deleted-tweets.js. Its tweets.js (3.5 MB) is not kept, so
# the tweets below are written here in its form, by its owner.
MILAHU = Path(__file__).parent / "captures" / "real" / "xarchive" / "milahu104" / "data"
MILAHU_ID = "1964312974236991488"
DELETED_REPLY = 2029583929812873669  # "@Dominik_Kettner niemand will für israel kämpfen", deleted


def milahu_zip(path: Path, records: list[Any], deleted: str | None = None) -> Path:
    """The archive's zip: milahu's account, profile, manifest and (unless replaced) deleted tweets."""
    members: dict[str, str | bytes] = {
        f"data/{f}": (MILAHU / f).read_bytes() for f in ("account.js", "profile.js", "manifest.js")
    }
    members["data/deleted-tweets.js"] = (
        deleted if deleted is not None else (MILAHU / "deleted-tweets.js").read_bytes()
    )
    members["data/tweets.js"] = js(records)
    return make_zip(path, members)


def own(tweet_id: int, text: str, reply_to: int | None = None) -> dict[str, Any]:
    return tweet(tweet_id, text, reply_to=reply_to, user=MILAHU_ID, screen_name="milahu104")


def test_a_chain_below_a_deleted_reply_to_someone_else_is_no_thread(tmp_path: Path) -> None:
    root = 2029600000000000000
    records = [
        own(DELETED_REPLY + 2, "and what follows from it", reply_to=DELETED_REPLY + 1),
        own(DELETED_REPLY + 1, "more to it", reply_to=DELETED_REPLY),
        own(root + 1, "2/2 the end", reply_to=root),
        own(root, "1/2 a thread of mine"),
    ]
    without = read(write(tmp_path / "tweets.js", records))  # the tweets file alone cannot tell
    assert [[t.text for t in th.tweets] for th in without.threads] == [
        ["more to it", "and what follows from it"],
        ["1/2 a thread of mine", "2/2 the end"],
    ]
    capture = read(milahu_zip(tmp_path / "archive.zip", records))
    assert [[t.text for t in th.tweets] for th in capture.threads] == [
        ["1/2 a thread of mine", "2/2 the end"]
    ]
    assert (capture.threads[0].author_handle, capture.threads[0].author_id) == ("milahu104", MILAHU_ID)
    assert capture.captured_at == "2026-03-06T13:15:31Z"  # the manifest's generationDate


def test_only_a_chain_below_a_deleted_reply_is_refused_saying_why(tmp_path: Path) -> None:
    records = [own(DELETED_REPLY + 1, "more to it", reply_to=DELETED_REPLY)]
    error = refused(milahu_zip(tmp_path / "archive.zip", records))
    assert error.reason == f"read 1 tweet (1 self-reply under another user's tweet); {EXPECTED_THREAD}"


def test_a_deleted_middle_tweet_joins_the_thread_with_a_gap_of_known_size(tmp_path: Path) -> None:
    records = [own(13, "the end", reply_to=12), own(11, "second", reply_to=10), own(10, "first")]
    deleted = js([own(12, "deleted third", reply_to=11)], kind="deleted_tweets")
    (thread,) = read(milahu_zip(tmp_path / "archive.zip", records, deleted)).threads
    assert [t.text for t in thread.tweets] == ["first", "second", "the end"]  # no marker needed
    assert thread.known_gaps == "Not in the capture: 1 tweet between positions 2 and 3 (tweet 12, deleted)."
    (gap,) = thread.warnings
    assert (gap.type, gap.position) == ("chain-gap", 3)
    assert "deleted third" not in repr(thread)  # a deleted tweet's text is never brought back


def test_a_chain_below_a_deleted_root_is_a_thread_whose_root_is_missing(tmp_path: Path) -> None:
    deleted = js([own(10, "the deleted root"), own(11, "deleted too", reply_to=10)], kind="deleted_tweets")
    (thread,) = read(
        milahu_zip(tmp_path / "archive.zip", [own(12, "what is left", reply_to=11)], deleted)
    ).threads
    assert [t.tweet_id for t in thread.tweets] == ["12"]
    assert thread.known_gaps == "Not in the capture: the root tweet 10 and 1 tweet after it, deleted."


def test_deleted_tweets_beside_a_loose_tweets_file_are_not_read(tmp_path: Path) -> None:
    # Only tweets.js would be stored: a rebuild could not read what ingest read.
    for sibling in ("account.js", "profile.js", "deleted-tweets.js"):
        shutil.copy(MILAHU / sibling, tmp_path / sibling)
    records = [
        own(DELETED_REPLY + 1, "more to it", reply_to=DELETED_REPLY),
        own(11, "two", reply_to=10),
        own(10, "one"),
    ]
    capture = read(write(tmp_path / "tweets.js", records))
    assert len(capture.threads) == 2 and capture.companions == ("account.js", "profile.js")
