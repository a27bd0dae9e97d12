"""The twarc2 JSON Lines reader: both shapes, threads and their gaps, text, bad input, memory."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadarchive.capture.formats import base, twarc
from threadarchive.capture.model import Capture, Thread
from threadarchive.contract import limits
from threadarchive.errors import CaptureError

CAPTURES = Path(__file__).parent / "captures" / "twarc"
EXPECTED_THREAD = "expected a chain of 2 or more tweets by one author replying to themselves, found none"

# The captured threads' tweet ids (tests/captures/twarc).
OLENA = ["1986056447984166585", "1986057072933640769", "1986057668524592625", "1986058289280591377"]
# Below her thread: Grid Watcher's reply, her answer to it and her own follow-up to that.
OLENA_OTHERS = ["1986060952665973001", "1986062374535162817", "1986062483586495569"]
DMYTRO_ROOT = "1983141192792768833"
DMYTRO = ["1983142073598770321", "1983142493026005297", "1983143185087863609", "1983143709377150209"]
BLACKOUT = ["1988653011564592769", "1988653263223450337", "1988653766541165473", "1988654018200023041"]
BLACKOUT_LOST = "1988653514882307905"
IRYNA = ["1987243725422512769", "1987243977081370337", "1987244228736033601"]
SAM = ["1987248758587081217", "1987249010245938785"]


def read(name: str) -> Capture:
    return twarc.read(CAPTURES / name, name)


def texts(thread: Thread) -> list[str]:
    return [tweet.text for tweet in thread.tweets]


def ids(thread: Thread) -> list[str | None]:
    return [tweet.tweet_id for tweet in thread.tweets]


# Small captures for the cases the recorded ones do not hold: flattened tweets, as
# `twarc2 flatten` writes them, with the fields the reader uses.
ANN = {"id": "1262003445108961280", "name": "Ann Author", "username": "ann_author", "description": "Grid."}
BOB = {"id": "1398765432109876543", "name": "Bob", "username": "bob", "description": ""}
BASE = 1986056447984166585  # ids grow with time, as snowflakes do


def tweet(
    n: int,
    text: str,
    *,
    author: dict[str, str] = ANN,
    reply_to: int | None = None,
    to_user: dict[str, str] | None = None,
    conversation: int | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """Tweet ``BASE + n``; a reply to ``BASE + reply_to``, in conversation ``BASE + conversation``."""
    record: dict[str, Any] = {
        "edit_history_tweet_ids": [str(BASE + n)],
        "conversation_id": str(BASE + (conversation if conversation is not None else n)),
        "id": str(BASE + n),
        "lang": "en",
        "created_at": "2025-11-05T13:02:11.000Z",
        "author_id": author["id"],
        "text": text,
        "author": author,
    }
    if reply_to is not None:
        parent_author = to_user or author
        record["referenced_tweets"] = [{"type": "replied_to", "id": str(BASE + reply_to)}]
        record["in_reply_to_user_id"] = parent_author["id"]
        record["in_reply_to_user"] = parent_author
    record.update(fields)
    return record


def write_lines(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(f"{json.dumps(record)}\n" for record in records), encoding="utf-8")
    return path


def read_lines(tmp_path: Path, records: list[Any]) -> Capture:
    return twarc.read(write_lines(tmp_path / "capture.jsonl", records), "capture.jsonl")


# The recorded captures.


def test_conversation_is_read_exactly() -> None:
    capture = read("conversation.jsonl")
    assert capture.source_format == "twarc2-jsonl"
    assert capture.captured_at == "2025-11-06T09:14:03Z"  # the first page's retrieved_at, in UTC
    (thread,) = capture.threads
    assert thread.source_format == "twarc2-jsonl"
    assert (thread.author_name, thread.author_handle, thread.author_id) == (
        "Olena Kovalenko 🇺🇦",
        "okovalenko_en",
        "1262003445108961280",
    )
    assert thread.author_bio == "Енергетична аналітикиня. Grid, gas & power in Ukraine. Views my own."
    assert thread.published_date == dt.date(2025, 11, 5)
    assert thread.tweet_count == 4
    assert ids(thread) == OLENA  # the root comes from includes.tweets: the search has only replies
    assert [t.position for t in thread.tweets] == [1, 2, 3, 4]
    assert [t.marker for t in thread.tweets] == ["1/", "2/", "3/", "4/4"]
    assert [t.created_at for t in thread.tweets] == [
        "2025-11-05T13:02:11Z",
        "2025-11-05T13:04:40Z",
        "2025-11-05T13:07:02Z",
        "2025-11-05T13:09:30Z",
    ]
    assert {t.lang for t in thread.tweets} == {"en"}
    assert [t.line for t in thread.tweets] == [2, 2, 2, 2]  # page 2 holds them all
    assert (thread.known_gaps, thread.warnings) == (None, ())
    # Bob's reply, Olena's answer to him and her own follow-up to that answer stay out.
    assert not set(OLENA_OTHERS) & set(ids(thread))


def test_both_shapes_give_the_same_threads() -> None:
    pages, flat = read("conversation.jsonl"), read("conversation-flat.jsonl")
    assert pages.threads == flat.threads
    assert [thread.to_dict()["tweets"][0]["text"] for thread in flat.threads] == [texts(pages.threads[0])[0]]
    assert pages.captured_at == flat.captured_at == "2025-11-06T09:14:03Z"


def test_a_flattened_tweet_is_placed_on_its_own_line() -> None:
    lines = (CAPTURES / "conversation-flat.jsonl").read_text(encoding="utf-8").splitlines()
    (thread,) = read("conversation-flat.jsonl").threads
    # The root has no line of its own (the search does not return it): it is found inline.
    assert thread.tweets[0].line == 4
    assert OLENA[0] in lines[3]
    for t in thread.tweets[1:]:
        assert json.loads(lines[t.line - 1])["id"] == t.tweet_id


def test_long_tweet_is_read_from_note_tweet() -> None:
    (thread,) = read("conversation.jsonl").threads
    long = thread.tweets[2].text
    record = next(
        t
        for line in (CAPTURES / "conversation.jsonl").open()
        for t in json.loads(line)["data"]
        if t["id"] == OLENA[2]
    )
    assert record["text"].endswith("…") and len(record["text"]) < 280
    assert long == record["note_tweet"]["text"]
    assert len(long) > 280
    assert long.endswith("This is why imports from the EU, capped at 2.1 GW, matter so much.")
    assert "\n\nHeat for apartment blocks" in long


def test_text_keeps_emoji_cyrillic_nbsp_and_line_breaks() -> None:
    (olena,) = read("conversation.jsonl").threads
    assert olena.tweets[0].text == "1/ Why this winter's grid matters more than the front line. A thread 🧵"
    assert olena.tweets[3].text == (
        "4/4 Bottom line: decentralised generation\u00a0is the cheapest air defence.\n\nДякую за увагу 🙏 Sources below."
    )
    iryna, _ = read("several-threads.jsonl").threads
    assert texts(iryna) == [
        "Львів, 21:40. Світло вимкнули за графіком — 4 години. 🕯️ Коротка розповідь 👇",
        "Сусідка з п'ятого поверху носить воду відрами: ліфт стоїть, насос не працює.",
        "Але в кав'ярні на розі генератор гуде, і там повно людей з ноутбуками. Життя триває. 💛💙",
    ]
    assert iryna.author_name == "Ірина Мельник"
    assert {t.lang for t in iryna.tweets} == {"uk"}


def test_the_three_entities_the_api_escapes_are_undone() -> None:
    (olena,) = read("conversation.jsonl").threads
    assert olena.tweets[1].text.startswith(
        "2/ Ukrenergo's reserve margin is thin: <10% on cold evenings. Generation & "
    )
    _, sam = read("several-threads.jsonl").threads
    assert sam.tweets[0].text == (
        "1/2 Grid status pages & HTML: write &copy; in your source and the page shows ©. "
        "Tags like <b> are text here."
    )


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("Q&amp;A", "Q&A"),
        ("&lt;b&gt;bold&lt;/b&gt;", "<b>bold</b>"),
        ("&amp;copy; is not ©", "&copy; is not ©"),  # escaped once by the API: the author typed "&copy;"
        ("&amp;lt; stays &lt;", "&lt; stays <"),  # one pass: "&amp;lt;" is the text "&lt;"
        (
            "&quot;q&quot; &#39;n&#39; &nbsp;",
            "&quot;q&quot; &#39;n&#39; &nbsp;",
        ),  # the API escapes none of these
        ("line\r\nbreak\rand\nmore", "line\nbreak\nand\nmore"),
    ],
    ids=["amp", "lt-gt", "amp-copy", "one-pass", "other-entities-kept", "line-endings"],
)
def test_text_unescaping(tmp_path: Path, raw: str, text: str) -> None:
    capture = read_lines(tmp_path, [tweet(0, "root"), tweet(1, raw, reply_to=0, conversation=0)])
    assert capture.threads[0].tweets[1].text == text


def test_missing_root() -> None:
    (thread,) = read("missing-root.jsonl").threads
    assert ids(thread) == DMYTRO
    assert DMYTRO_ROOT not in ids(thread)
    assert [t.position for t in thread.tweets] == [1, 2, 3, 4]
    assert thread.tweet_count == 4
    assert thread.published_date == dt.date(2025, 10, 28)
    assert thread.author_name == "Dmytro Lysenko"
    assert thread.known_gaps == f"Not in the capture: the root tweet {DMYTRO_ROOT}."
    (gap,) = thread.warnings
    assert (gap.type, gap.severity, gap.position) == ("chain-gap", "warning", 1)
    assert gap.path == "missing-root.jsonl"
    assert gap.line == thread.tweets[0].line == 5  # its own flattened line
    assert DMYTRO_ROOT in gap.message


def test_missing_middle() -> None:
    (thread,) = read("missing-middle.jsonl").threads
    assert ids(thread) == BLACKOUT
    assert thread.tweet_count == 4
    assert (
        thread.known_gaps == f"Not in the capture: 1 tweet between positions 2 and 3 (tweet {BLACKOUT_LOST})."
    )
    assert [t.marker for t in thread.tweets] == ["1/5", "2/5", "4/5", "5/5"]  # "5/5" is a marker still
    (gap,) = thread.warnings
    assert (gap.type, gap.position, gap.line) == ("chain-gap", 3, 1)
    assert thread.tweets[3].text == "5/5 Stay charged & keep a power bank. Дякую!"


def test_several_threads_in_one_capture_ordered_by_first_tweet() -> None:
    capture = read("several-threads.jsonl")
    assert [ids(thread) for thread in capture.threads] == [IRYNA, SAM]
    assert [thread.author_handle for thread in capture.threads] == ["iryna_melnyk", "samokafor"]
    assert capture.captured_at == "2025-11-09T00:00:01Z"
    found = {tweet_id for thread in capture.threads for tweet_id in ids(thread)}
    assert "1987256308331836737" not in found  # Mark's retweet of Iryna's first tweet
    assert "1987265116370880097" not in found  # Nina's reply to Sam's thread
    assert "1987263858080786561" not in found  # a quote of Olena's first tweet...
    assert OLENA[0] not in found  # ...which is in the capture, alone
    assert "1987097763641639169" not in found  # the tweet Sam's second tweet quotes


def test_quoted_text_is_not_merged() -> None:
    _, sam = read("several-threads.jsonl").threads
    assert sam.tweets[1].text == "2/2 Which is why this take is right, for once."
    assert not any("Hot take" in text for text in texts(sam))


def test_retweets_and_replies_to_others_are_never_thread_tweets(tmp_path: Path) -> None:
    records = [
        tweet(-5, "a question", author=BOB),
        tweet(0, "root"),
        tweet(1, "@bob thanks", reply_to=-5, to_user=BOB, conversation=-5),
        tweet(2, "RT @ann_author: root", referenced_tweets=[{"type": "retweeted", "id": str(BASE)}]),
        tweet(3, "second", reply_to=0, conversation=0),
    ]
    (thread,) = read_lines(tmp_path, records).threads
    assert ids(thread) == [str(BASE), str(BASE + 3)]


def test_a_branch_follows_the_earliest_reply(tmp_path: Path) -> None:
    records = [
        tweet(0, "1/ root"),
        tweet(30, "2/ a second try", reply_to=0, conversation=0),
        tweet(10, "2/ the first reply", reply_to=0, conversation=0),
        tweet(40, "3/ under the second try", reply_to=30, conversation=0),
        tweet(20, "3/ under the first reply", reply_to=10, conversation=0),
    ]
    (thread,) = read_lines(tmp_path, records).threads
    assert texts(thread) == ["1/ root", "2/ the first reply", "3/ under the first reply"]
    assert thread.known_gaps is None
    [branch] = [w for w in thread.warnings if w.type == "chain-branch"]
    assert branch.position == 1
    assert (
        f"found 2: the thread follows the earliest; {BASE + 30} (and what follows) left out" in branch.message
    )


def test_a_lone_self_reply_whose_parent_is_missing_is_a_thread(tmp_path: Path) -> None:
    (thread,) = read_lines(tmp_path, [tweet(7, "7/ the only one left", reply_to=6, conversation=0)]).threads
    assert ids(thread) == [str(BASE + 7)]
    assert thread.tweet_count == 1
    assert thread.known_gaps == (
        f"Not in the capture: the root tweet {BASE}; tweet {BASE + 6}, which position 1 replies to."
    )
    assert [(w.type, w.position) for w in thread.warnings] == [("chain-gap", 1), ("chain-gap", 1)]


def test_segments_are_joined_in_time_order(tmp_path: Path) -> None:
    records = [
        tweet(50, "5/", reply_to=40, conversation=0),
        tweet(20, "2/", reply_to=0, conversation=0),
        tweet(60, "6/", reply_to=50, conversation=0),
        tweet(0, "1/"),
        tweet(30, "3/", reply_to=20, conversation=0),
    ]
    (thread,) = read_lines(tmp_path, records).threads
    assert texts(thread) == ["1/", "2/", "3/", "5/", "6/"]
    assert [t.position for t in thread.tweets] == [1, 2, 3, 4, 5]
    assert thread.known_gaps == f"Not in the capture: 1 tweet between positions 3 and 4 (tweet {BASE + 40})."


def test_self_replies_in_another_users_conversation_are_no_thread(tmp_path: Path) -> None:
    records = [
        tweet(0, "Bob's question", author=BOB),
        tweet(20, "(and more)", reply_to=10, conversation=0),  # Ann's answer (10) is missing
    ]
    with pytest.raises(CaptureError) as caught:
        read_lines(tmp_path, records)
    assert caught.value.reason == (
        f"read 2 tweets (1 standalone, 1 self-reply under another user's tweet); {EXPECTED_THREAD}"
    )


def test_a_reply_not_naming_whom_it_answers_is_judged_by_its_parent(tmp_path: Path) -> None:
    records = [
        tweet(0, "1/"),
        tweet(1, "2/", reply_to=0, conversation=0),
        tweet(2, "3/", reply_to=1, conversation=0),
    ]
    for record in records[1:]:
        del record["in_reply_to_user_id"], record["in_reply_to_user"]
    (thread,) = read_lines(tmp_path, records).threads
    assert texts(thread) == ["1/", "2/", "3/"]
    # Without its parent it cannot be told from a reply to another user.
    with pytest.raises(CaptureError) as caught:
        read_lines(tmp_path, records[2:])
    assert caught.value.reason == f"read 1 tweet (1 reply to another user); {EXPECTED_THREAD}"


def test_identical_copies_of_a_tweet_are_read_once(tmp_path: Path) -> None:
    # Pages repeat tweets (a reply's parent in includes, overlapping searches); what
    # changes between fetches, such as metrics, is not compared.
    root, reply = tweet(0, "1/"), tweet(1, "2/", reply_to=0, conversation=0)
    page = {"data": [reply], "includes": {"tweets": [{**root, "public_metrics": {"like_count": 3}}]}}
    (thread,) = read_lines(tmp_path, [root, page, reply, root]).threads
    assert texts(thread) == ["1/", "2/"]
    assert [t.line for t in thread.tweets] == [1, 2]


@pytest.mark.parametrize(
    ("copy", "differs"),
    [
        (tweet(1, "2/ a forged text", reply_to=0, conversation=0), "another text"),
        (tweet(1, "2/", author=BOB, reply_to=0, conversation=0), "another author"),
        (tweet(1, "2/", referenced_tweets=[]), "another tweet replied to"),
        (tweet(1, "2/", reply_to=-1, conversation=-1), "another tweet replied to"),
        (
            tweet(1, "2/", referenced_tweets=[{"type": "retweeted", "id": str(BASE)}]),
            "another tweet replied to",
        ),
    ],
    ids=["text", "author", "says-no-reply", "other-parent", "retweet"],
)
def test_a_copy_of_a_tweet_unlike_the_first_is_refused(
    tmp_path: Path, copy: dict[str, Any], differs: str
) -> None:
    # The attacker's capture held one ID three times with three texts; the first was kept.
    records = [
        tweet(0, "1/"),
        tweet(1, "2/", reply_to=0, conversation=0),
        copy,
        tweet(2, "3/", reply_to=1, conversation=0),
    ]
    with pytest.raises(CaptureError) as caught:
        read_lines(tmp_path, records)
    assert str(caught.value) == (
        "capture.jsonl, line 3: expected each tweet once (or repeated unchanged, as API pages repeat tweets), "
        f"found tweet {BASE + 1} again with {differs} (first on line 2)"
    )


def test_a_copy_unlike_the_first_is_refused_outside_threads_too(tmp_path: Path) -> None:
    bob = tweet(20, "Bob's own", author=BOB)
    records = [
        tweet(0, "1/"),
        tweet(1, "2/", reply_to=0, conversation=0),
        bob,
        {**bob, "text": "Bob's other"},
    ]
    with pytest.raises(CaptureError, match=f"line 4: .* found tweet {BASE + 20} again with another text"):
        read_lines(tmp_path, records)


def test_created_at_is_normalised_to_utc_seconds(tmp_path: Path) -> None:
    records = [
        tweet(0, "1/", created_at="2025-11-06T00:30:05.999+02:00"),
        tweet(1, "2/", reply_to=0, conversation=0, created_at="2025-11-05T23:00:00Z"),
    ]
    (thread,) = read_lines(tmp_path, records).threads
    assert [t.created_at for t in thread.tweets] == ["2025-11-05T22:30:05Z", "2025-11-05T23:00:00Z"]
    assert thread.published_date == dt.date(2025, 11, 5)  # the UTC date, not the local one


def test_capture_without_twarc_metadata_has_no_captured_at(tmp_path: Path) -> None:
    capture = read_lines(tmp_path, [tweet(0, "1/"), tweet(1, "2/", reply_to=0, conversation=0)])
    assert capture.captured_at is None
    assert capture.threads[0].author_bio == "Grid."


def test_capture_without_a_thread_is_refused() -> None:
    with pytest.raises(CaptureError) as caught:
        read("no-thread.jsonl")
    assert caught.value.line is None
    assert str(caught.value) == (
        "no-thread.jsonl: read 8 tweets (3 replies to other users, 2 retweets, 2 standalone, "
        f"1 self-reply under another user's tweet); {EXPECTED_THREAD}"
    )


def test_empty_capture_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"\n  \n")
    with pytest.raises(CaptureError, match=f"read 0 tweets; {EXPECTED_THREAD}"):
        twarc.read(path, "empty.jsonl")


GOOD = json.dumps(tweet(0, "1/"))
REPLY = tweet(1, "2/", reply_to=0, conversation=0)


@pytest.mark.parametrize(
    ("lines", "line", "expected"),
    [
        ([GOOD, "", '{"id": "1", "text": '], 3, "expected a JSON object on one line, found invalid JSON"),
        ([GOOD, "[1, 2]"], 2, "expected a JSON object (an API page or a tweet), found an array; JSON Lines holds one object on each line"),
        (['"text"'], 1, "found 'text'"),
        (["{", '  "data": []', "}"], 1, "a pretty-printed file is not JSON Lines"),
        ([GOOD, json.dumps({"text": "x", "author_id": "1"})], 2, "expected id as a string of 1 to 20 digits, found none"),
        ([json.dumps({"id": 5, "text": "x", "author_id": "1"})], 1, "expected id as a string of 1 to 20 digits, found 5"),
        ([json.dumps({"id": "5", "author_id": "1"})], 1, "expected tweet 5 to have a text, found None"),
        ([json.dumps({"id": "5", "text": "x"})], 1, "expected tweet 5 to name its author (author_id), found none"),
        ([json.dumps({"id": "5", "text": "x", "user": {}})], 1, "API v1.1 tweet"),
        ([json.dumps({"data": [{"id": "5", "author_id": "1"}]})], 1, "expected tweet 5 to have a text"),
        ([json.dumps({"data": ["5"]})], 1, "expected a tweet object, found '5'"),
        ([json.dumps({"data": [], "includes": []})], 1, "expected includes to be an object"),
        ([json.dumps({"data": [], "includes": {"users": {}}})], 1, "expected includes.users to be a list"),
        ([json.dumps({"results": []})], 1, "expected an API response page (data) or a tweet (id, text)"),
        ([GOOD, json.dumps({**REPLY, "referenced_tweets": "x"})], 2, "to be a list, found 'x'"),
        ([json.dumps(tweet(0, "1/", reply_to=3, conversation=0))], 1, "expected reply 1986056447984166585 to follow"),
        ([json.dumps({**REPLY, "conversation_id": None})], 1, "expected conversation_id as a string"),
        ([GOOD, json.dumps({**REPLY, "created_at": "yesterday"})], 2, "expected created_at as an ISO 8601"),
        ([GOOD, json.dumps({**REPLY, "created_at": "2025-11-05T13:02:11"})], 2, "with a zone"),
        ([GOOD, json.dumps({**REPLY, "note_tweet": {"entities": {}}})], 2, "expected note_tweet of"),
        ([GOOD, json.dumps({**REPLY, "__twarc": {"retrieved_at": 1}})], 2, "expected __twarc.retrieved_at"),
        ([GOOD, json.dumps({**REPLY, "text": "\ud83d"})], 2, "found a lone surrogate"),
    ],
    ids=["invalid-json", "array", "scalar", "pretty", "no-id", "int-id", "no-text", "no-author", "v1-tweet",
         "page-no-text", "page-scalar-tweet", "includes-list", "users-object", "unknown-object",
         "references-not-list", "reply-to-later", "no-conversation", "bad-created-at", "naive-created-at",
         "bad-note-tweet", "bad-retrieved-at", "lone-surrogate"],
)  # fmt: skip
def test_bad_lines_are_named(tmp_path: Path, lines: list[str], line: int, expected: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CaptureError) as caught:
        twarc.read(path, "bad.jsonl")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"bad.jsonl, line {line}: expected ")
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_line_over_the_line_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The attacker's page of 22 million empty objects (64 MiB) took 3.5 GB to be refused.
    path = tmp_path / "long.jsonl"
    path.write_text('{"data": [' + ",".join(["{}"] * 3_000_000) + "]}\n" + GOOD + "\n", encoding="utf-8")
    assert path.stat().st_size > limits.MAX_LINE_BYTES == 8 << 20

    def never(*args: object) -> None:
        raise AssertionError("the line was parsed")

    monkeypatch.setattr(base, "parse_json_line", never)
    with pytest.raises(CaptureError) as caught:
        twarc.read(path, "long.jsonl")
    assert str(caught.value) == "long.jsonl, line 1: expected lines of at most 8 MiB, found a longer one"


def test_a_records_tweets_are_judged_one_at_a_time(tmp_path: Path) -> None:
    # A line may hold millions of objects: the first bad one is named before the rest
    # are walked (walked first, a line of empty objects took a tuple each and seconds).
    record = twarc._Record({"data": [{}, "not a tweet"]}, 1, "page.jsonl")
    assert next(record.tweets()) == ({}, True)
    path = tmp_path / "empty-objects.jsonl"
    path.write_text('{"data": [' + ",".join(["{}"] * 100_000) + "]}\n", encoding="utf-8")
    with pytest.raises(CaptureError) as caught:
        twarc.read(path, "empty-objects.jsonl")
    assert caught.value.line == 1
    assert caught.value.reason == "expected id as a string of 1 to 20 digits, found none"


def test_bytes_that_are_not_utf8_are_named(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode() + b'\n{"id": "2", "text": "caf\xe9"}\n')
    with pytest.raises(CaptureError, match=r"line 2: expected UTF-8 text, found the byte 0xe9") as caught:
        twarc.read(path, "latin1.jsonl")
    assert caught.value.line == 2


def test_a_thread_whose_author_is_not_in_the_capture_is_refused(tmp_path: Path) -> None:
    # No user objects: neither includes.users nor the flattened author.
    records = [
        {key: value for key, value in record.items() if key not in ("author", "in_reply_to_user")}
        for record in (tweet(0, "1/"), REPLY)
    ]
    with pytest.raises(CaptureError) as caught:
        read_lines(tmp_path, records)
    assert caught.value.line == 1
    assert f"author of tweet {BASE}" in str(caught.value)
    assert "the author's name is required" in str(caught.value)


def test_unreadable_file_is_a_capture_error(tmp_path: Path) -> None:
    with pytest.raises(CaptureError, match="cannot read the file"):
        twarc.read(tmp_path / "missing.jsonl", "missing.jsonl")


@pytest.mark.parametrize(
    ("head", "claimed"),
    [
        ((CAPTURES / "conversation.jsonl").read_bytes()[: 64 << 10], True),
        ((CAPTURES / "conversation-flat.jsonl").read_bytes()[:1000], True),  # the first line cut off
        (b"\xef\xbb\xbf\n  " + GOOD.encode(), True),
        (b'{"data": [], "meta": {"result_count": 0}, "__twarc": {}}\n', True),
        (b'{"id": "1", "text": "broken"\n', True),  # read() says what is wrong with it
        (b"Ann Author Profile picture\nA bio.\n\nMar 4, 2024, 2 tweets\n", False),
        (b"<!DOCTYPE html><html>", False),
        (b"[1, 2]\n", True),  # read() names what is wrong with the JSON, rather than the Scrolly reader
        (b'{"name": "a settings file"}\n', True),
        (b'{\n  "data": [\n    {\n', True),  # pretty-printed
        (b"\xef\xbb\xbf\r\n[\r\n", True),
        (b"[Bot] Ann Profile picture\nA bio.\n\nMar 4, 2024, 2 tweets\n", False),
        (b"{Ann} Profile picture \r\n", False),
        (b"", False),
    ],
    ids=["page", "flattened-cut", "bom-and-blank-line", "empty-page", "broken-tweet", "scrolly", "html",
         "array", "other-json", "pretty", "bom-crlf-array", "scrolly-bracket-name", "scrolly-brace-name",
         "empty"],
)  # fmt: skip
def test_sniff(head: bytes, claimed: bool) -> None:
    assert twarc.sniff(head) is claimed


# A large capture, read as a stream.


def _user_id(n: int) -> str:
    return str(1_000_000 + n)


_USERS = [
    {
        "id": _user_id(n),
        "name": f"User {n}",
        "username": f"user_{n}",
        "description": "Researcher of grids and things.",
        "created_at": "2020-01-01T00:00:00.000Z",
        "public_metrics": {"followers_count": n, "following_count": 10, "tweet_count": 99, "listed_count": 1},
        "protected": False,
        "verified": False,
    }
    for n in range(50)
]
_WORDS = "The grid is stable tonight, but the reserve margin is thin and imports are capped at 2.1 GW. " * 2


def _big_tweet(tweet_id: int, author: int, text: str = _WORDS, **fields: Any) -> dict[str, Any]:
    return {
        "edit_history_tweet_ids": [str(tweet_id)],
        "conversation_id": str(tweet_id),
        "id": str(tweet_id),
        "lang": "en",
        "possibly_sensitive": False,
        "public_metrics": {"retweet_count": 3, "reply_count": 1, "like_count": 12, "quote_count": 0},
        "reply_settings": "everyone",
        "created_at": "2025-11-05T13:02:11.000Z",
        "author_id": _user_id(author),
        "edit_controls": {
            "edits_remaining": 5,
            "is_edit_eligible": True,
            "editable_until": "2025-11-05T14:02:11.000Z",
        },
        "text": text,
        **fields,
    }


def write_big_capture(path: Path, pages: int) -> None:
    """A search capture in the API's shape: pages of 100 tweets, each page holding
    one 5-tweet thread among replies to it by another user, retweets of it and
    that user's standalone tweets."""
    with path.open("w", encoding="utf-8") as out:
        for page in range(pages):
            root = 1_900_000_000_000_000_000 + page * 1000
            author, other = page % 50, (page + 1) % 50
            data = [_big_tweet(root, author, f"1/5 {_WORDS}")]
            for k in range(1, 5):
                reply = [{"type": "replied_to", "id": str(root + k - 1)}]
                data.append(
                    _big_tweet(root + k, author, f"{k + 1}/5 {_WORDS}", conversation_id=str(root),
                               in_reply_to_user_id=_user_id(author), referenced_tweets=reply)
                )  # fmt: skip
            for k in range(5, 100):
                if k % 3 == 0:
                    reply = [{"type": "replied_to", "id": str(root)}]
                    data.append(_big_tweet(root + k, other, conversation_id=str(root),
                                           in_reply_to_user_id=_user_id(author), referenced_tweets=reply))  # fmt: skip
                elif k % 3 == 1:
                    retweet = [{"type": "retweeted", "id": str(root)}]
                    data.append(
                        _big_tweet(
                            root + k, other, f"RT @user_{author}: 1/5 {_WORDS}", referenced_tweets=retweet
                        )
                    )
                else:
                    data.append(_big_tweet(root + k, other))
            record = {
                "data": data[::-1],  # newest first, as search returns them
                "includes": {"users": [_USERS[author], _USERS[other]], "tweets": [data[0]]},
                "meta": {"newest_id": str(root + 99), "oldest_id": str(root), "result_count": 100},
                "__twarc": {"url": "https://api.twitter.com/2/tweets/search/all", "version": "2.14.0",
                            "retrieved_at": "2025-11-06T09:14:03+00:00"},
            }  # fmt: skip
            out.write(json.dumps(record) + "\n")


MEASURE = """
import json, resource, sys, time
from pathlib import Path
from threadarchive.capture.formats import twarc

def peak():  # the process's peak resident memory in bytes
    try:  # Linux: this process image's own high-water mark (ru_maxrss survives exec)
        status = Path("/proc/self/status").read_text()
    except OSError:  # macOS: ru_maxrss, in bytes there
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(status.split("VmHWM:")[1].split()[0]) * 1024

before = peak()
start = time.perf_counter()
capture = twarc.read(Path(sys.argv[1]), "big.jsonl")
seconds = time.perf_counter() - start
print(json.dumps({"threads": [len(t.tweets) for t in capture.threads], "first": capture.threads[0].key,
                  "growth": peak() - before, "seconds": seconds}))
"""


def test_a_large_capture_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    pages = 1200  # 120,000 tweets
    write_big_capture(path, pages)
    size = path.stat().st_size
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    print(
        f"{size / 2**20:.0f} MiB, {pages * 100} tweets: {result['seconds']:.1f} s, +{result['growth'] / 2**20:.1f} MiB"
    )
    assert result["threads"] == [5] * pages
    assert result["first"] == str(1_900_000_000_000_000_000)
    # Holding the file's records as Python objects would take several times its size;
    # the stream holds about 100 bytes per tweet (an id and an author) and one line.
    assert size > 64 << 20
    assert 0 < result["growth"] < size // 4, (size, result)


# The tweets a capture may hold in threads, and what the first pass keeps to find them.


def test_more_thread_tweets_than_the_limit_are_refused_before_the_second_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (base, twarc):
        monkeypatch.setattr(module, "MAX_THREAD_TWEETS", 5)
    ann = [tweet(0, "1/"), *(tweet(n, f"{n + 1}/", reply_to=n - 1, conversation=0) for n in (1, 2))]
    bob = [tweet(10, "1/", author=BOB), tweet(11, "2/", author=BOB, reply_to=10, conversation=10)]
    assert len(read_lines(tmp_path, ann + bob).threads) == 2  # five tweets: at the limit

    def never(*args: object) -> None:
        raise AssertionError("the second pass was run")

    monkeypatch.setattr(twarc, "_second_pass", never)
    with pytest.raises(CaptureError) as caught:
        read_lines(tmp_path, [*ann, tweet(3, "4/", reply_to=2, conversation=0), *bob])
    assert str(caught.value) == (
        "capture.jsonl: expected at most 5 tweets in a capture's threads, found 6 in 2 threads"
    )


# Self-replies whose parents are missing, each in a conversation of its own: each one
# a thread. The attacker's 1.57 million (300 MB) took 3.5 GB, 2.2 KB for each.
ORPHANS = """
import json, sys
from pathlib import Path
from threadarchive.errors import CaptureError
from threadarchive.capture.formats import twarc

def peak():
    return int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]) * 1024

path, count = Path(sys.argv[1]), int(sys.argv[2])
with path.open("w") as out:
    for page in range(0, count, 1000):
        data = [{"id": str(10**18 + 2 * i + 1), "text": "x", "author_id": "1",
                 "conversation_id": str(10**18 + 2 * i), "in_reply_to_user_id": "1",
                 "referenced_tweets": [{"type": "replied_to", "id": str(10**18 + 2 * i)}]}
                for i in range(page, min(count, page + 1000))]
        out.write(json.dumps({"data": data}) + "\\n")
before = peak()
try:
    twarc.read(path, "orphans.jsonl")
except CaptureError as exc:
    print(json.dumps({"error": str(exc), "growth": peak() - before}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from /proc")
def test_a_capture_of_too_many_one_tweet_threads_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    count = limits.MAX_THREAD_TWEETS + 50_000
    done = subprocess.run(
        [sys.executable, "-c", ORPHANS, str(tmp_path / "orphans.jsonl"), str(count)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["error"] == (
        f"orphans.jsonl: expected at most 100,000 tweets in a capture's threads, found {count:,} in {count:,} threads"
    )
    # What the first pass keeps of a self-reply: its id and author, its parent and
    # conversation, and where its thread would start: 350 to 450 bytes, as dicts grow.
    assert result["growth"] < 640 * count, result


# Properties: nothing but CaptureError escapes, and what is read is well formed.


@given(st.binary(max_size=600))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_arbitrary_bytes_raise_nothing_but_capture_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.jsonl"
    path.write_bytes(data)
    assert isinstance(twarc.sniff(data), bool)
    with contextlib.suppress(CaptureError):
        assert twarc.read(path, "any.jsonl").threads  # a capture read holds a thread


_KEYS = st.sampled_from(
    ["id", "text", "author_id", "author", "conversation_id", "referenced_tweets", "type", "in_reply_to_user_id",
     "data", "includes", "users", "tweets", "name", "username", "description", "note_tweet", "created_at",
     "lang", "__twarc", "retrieved_at", "meta", "errors"]
)  # fmt: skip
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=6)
    | st.sampled_from(
        ["1", "2", "3", "replied_to", "retweeted", "2025-11-05T13:02:11.000Z", "&amp;", "\ud800"]
    )
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=25,
)


@given(st.lists(st.dictionaries(_KEYS, _JSON, max_size=7) | _JSON | st.text(max_size=12), max_size=6))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_arbitrary_json_lines_raise_nothing_but_capture_error(tmp_path: Path, records: list[Any]) -> None:
    path = tmp_path / "any.jsonl"
    lines = [record if isinstance(record, str) else json.dumps(record) for record in records]
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(CaptureError):
        assert twarc.read(path, "any.jsonl").threads  # a capture read holds a thread


_PEOPLE = [ANN, BOB]


@st.composite
def tweet_graphs(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Tweets 0..7 by Ann or Bob, each maybe replying to an earlier one, some missing."""
    records = []
    for n in range(draw(st.integers(1, 8))):
        author = draw(st.sampled_from(_PEOPLE))
        if n and draw(st.booleans()):
            parent = draw(st.integers(0, n - 1))
            to_user = draw(st.sampled_from(_PEOPLE))
            records.append(tweet(n, f"{n}/", author=author, reply_to=parent, to_user=to_user, conversation=0))
        elif draw(st.booleans()):
            records.append(
                tweet(n, f"{n}/", author=author, referenced_tweets=[{"type": "retweeted", "id": str(BASE)}])
            )
        else:
            records.append(tweet(n, f"{n}/", author=author))
    kept = draw(st.lists(st.sampled_from(records), unique_by=lambda r: r["id"], min_size=1))
    return draw(st.permutations(kept))


def is_retweet(record: dict[str, Any]) -> bool:
    return any(ref["type"] == "retweeted" for ref in record.get("referenced_tweets", []))


@given(tweet_graphs())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_threads_read_from_any_reply_graph_are_well_formed(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    try:
        capture = read_lines(tmp_path, records)
    except CaptureError as exc:
        assert EXPECTED_THREAD in str(exc)
        return
    keys = [int(thread.key or 0) for thread in capture.threads]
    assert keys == sorted(keys)
    seen: set[str | None] = set()
    for thread in capture.threads:
        assert [t.position for t in thread.tweets] == list(range(1, len(thread.tweets) + 1))
        assert thread.tweet_count == len(thread.tweets)
        assert len(thread.tweets) >= 2 or thread.known_gaps  # a lone tweet only beside a gap
        assert len({t.tweet_id for t in thread.tweets} | seen) == len(seen) + len(thread.tweets)
        seen |= {t.tweet_id for t in thread.tweets}
        assert thread.author_id is not None
        by_id = {record["id"]: record for record in records}
        assert {by_id[t.tweet_id or ""]["author_id"] for t in thread.tweets} == {thread.author_id}
        assert not any(is_retweet(by_id[t.tweet_id or ""]) for t in thread.tweets)
        assert thread.key == min(
            ids(thread), key=lambda tweet_id: int(tweet_id or 0)
        )  # segments in time order


# --- Real files written by twarc2 (tests/captures/real/SOURCES.md: DocNow/twarc-csv and
# DocNow/twarc-ids test data, MIT) --------------------------------------------------------

REAL = Path(__file__).parent / "captures" / "real" / "twarc"


def read_real(name: str) -> Capture:
    return twarc.read(REAL / name, name)


def refused_real(name: str) -> CaptureError:
    with pytest.raises(CaptureError) as caught:
        read_real(name)
    return caught.value


def raw_tweets(path: Path) -> dict[str, dict[str, Any]]:
    """Every tweet object of a twarc2 file by its id, read here without the reader."""
    found: dict[str, dict[str, Any]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            page = json.loads(line)
            data = page.get("data", [])
            for tweet in [
                *(data if isinstance(data, list) else [data]),
                *page.get("includes", {}).get("tweets", []),
            ]:
                found.setdefault(tweet["id"], tweet)
    return found


def parent_of(tweet: dict[str, Any]) -> str | None:
    return next((r["id"] for r in tweet.get("referenced_tweets", []) if r["type"] == "replied_to"), None)


def test_a_search_without_conversation_ids_builds_chains_from_replied_to() -> None:
    # Requested without expansions: no tweet has a conversation_id.
    name = "twarc-csv-entities_test.jsonl"
    raw = raw_tweets(REAL / name)
    assert not any("conversation_id" in tweet for tweet in raw.values())
    capture = read_real(name)
    assert capture.captured_at == "2023-01-08T23:02:38Z"
    complete = [ids(t) for t in capture.threads if not t.known_gaps]
    assert complete == [["1574182560854335490", "1574183904948277248"]]  # alvariteus, root and reply
    for thread in capture.threads:  # an independent reading: each tweet answers the one before
        tweets = [raw[i or ""] for i in ids(thread)]
        assert {t["author_id"] for t in tweets} == {thread.author_id}
        for before, after in itertools.pairwise(tweets):
            assert parent_of(after) == before["id"]
        first_parent = parent_of(tweets[0])
        if thread.known_gaps:  # its start is missing: a self-reply to a tweet not in the file
            assert first_parent not in raw and tweets[0]["in_reply_to_user_id"] == thread.author_id
        else:
            assert first_parent is None
    assert len(capture.threads) == 10 and sum(len(t.tweets) == 1 for t in capture.threads) == 6


def test_a_search_page_reads_its_one_thread_and_a_fragment() -> None:
    capture = read_real("twarc-csv-media_policy_violation_on.jsonl")
    assert [(t.author_handle, ids(t)) for t in capture.threads] == [
        ("MariamBarghouti", ["1390728971780829189", "1390729031243419649"]),
        ("AAhronheim", ["1390736170695462914"]),
    ]
    assert capture.threads[1].known_gaps == "Not in the capture: the root tweet 1390724677056794637."


def test_copies_differing_in_fields_that_do_not_bear_on_a_thread_are_one_tweet() -> None:
    # kpop: two tweets twice in one page's includes.tweets, with other entities.
    error = refused_real("twarc-csv-kpop.jsonl")
    assert error.reason == f"read 121 tweets (78 retweets, 43 standalone); {EXPECTED_THREAD}"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("twarc-csv-users.jsonl", "expected tweets, found 96 users (and 52 tweets they include): not a capture of tweets"),
        ("twarc-csv-counts.jsonl", "expected tweets, found 169 tweet counts: not a capture of tweets"),
        ("twarc-csv-tweets_compliance.jsonl", "expected tweets, found 2 compliance records: not a capture of tweets"),
        ("twarc-csv-users_compliance.jsonl", "expected tweets, found 2 compliance records: not a capture of tweets"),
        ("twarc-csv-lists.jsonl", "expected tweets, found 6 lists: not a capture of tweets"),
        ("twarc-csv-two_tweets.jsonl", f"read 2 tweets (1 retweet, 1 standalone); {EXPECTED_THREAD}"),
        ("twarc-csv-cotweet.jsonl", f"read 1 tweet (1 standalone); {EXPECTED_THREAD}"),
        ("twarc-csv-edited_before.jsonl", f"read 2 tweets (2 standalone); {EXPECTED_THREAD}"),
        ("twarc-csv-quoted_edit.jsonl", f"read 3 tweets (1 reply to another user, 2 standalone); {EXPECTED_THREAD}"),
        ("twarc-csv-mentions_tweet.jsonl", f"read 2 tweets (1 retweet, 1 standalone); {EXPECTED_THREAD}"),
        ("twarc-ids-tweets2.jsonl", f"read 1 tweet (1 standalone); {EXPECTED_THREAD}"),
    ],
    ids=["users", "counts", "tweets-compliance", "users-compliance", "lists", "retweet", "lookup", "edited",
         "quoted-edit", "mentions", "single-object"],
)  # fmt: skip
def test_a_refusal_names_what_the_file_holds(name: str, reason: str) -> None:
    error = refused_real(name)
    assert (error.line, error.reason) == (None, reason)


def test_a_stream_cut_off_mid_line_is_refused_naming_the_line() -> None:
    error = refused_real("twarc-csv-streaming_output_with_error.jsonl")
    assert error.line == 8
    assert error.reason.startswith("expected a JSON object on one line, found invalid JSON")


def test_a_copy_in_includes_without_references_is_the_tweet_of_data(tmp_path: Path) -> None:
    # As twarc2 search writes it: data's copy lists what the tweet quotes and answers,
    # the copy in includes (for a reply that answers it) leaves referenced_tweets out.
    quoted = [{"type": "quoted", "id": str(BASE - 9)}]
    root, reply = tweet(0, "1/"), tweet(1, "2/", reply_to=0, conversation=0)
    reply["referenced_tweets"] += quoted
    bare = {k: v for k, v in reply.items() if k != "referenced_tweets"}
    later = tweet(2, "3/", reply_to=1, conversation=0)
    for records in ([root, {"data": [later], "includes": {"tweets": [bare]}}, reply],
                    [root, reply, {"data": [later], "includes": {"tweets": [bare]}}]):  # fmt: skip
        (thread,) = read_lines(tmp_path, records).threads
        assert texts(thread) == ["1/", "2/", "3/"]


def test_a_copy_without_the_long_text_never_replaces_it(tmp_path: Path) -> None:
    long = tweet(
        1, "2/ cut short…", reply_to=0, conversation=0, note_tweet={"text": "2/ cut short, then whole"}
    )
    short = {k: v for k, v in long.items() if k != "note_tweet"}
    for records in ([tweet(0, "1/"), long, {"data": [], "includes": {"tweets": [short]}}],
                    [tweet(0, "1/"), {"data": [], "includes": {"tweets": [short]}}, long]):  # fmt: skip
        (thread,) = read_lines(tmp_path, records).threads
        assert texts(thread) == ["1/", "2/ cut short, then whole"]
