"""X's web GraphQL tweet objects: real responses (twscrape's mocks) and the cases they lack."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadarchive.capture.chains import EXPECTED_THREAD
from threadarchive.capture.formats import graphql, read_capture
from threadarchive.capture.model import Capture, Thread
from threadarchive.errors import CaptureError

# Raw response bodies twscrape keeps as test data (vladkens/twscrape, MIT): see
# tests/captures/real/SOURCES.md for their commits, STRUCTURE.md for where things are.
REAL = Path(__file__).parent / "captures" / "real" / "graphql"
XDEV_THREAD = ["1649191520250245121", "1649191521323995138", "1649191522485817345", "1649191523697979392"]
SHAPES = {
    "S1": "twscrape-TweetDetail-2025-03-S1-legacy.json",
    "S2": "twscrape-TweetDetail-2026-05-S2-core-legacy.json",
    "S3": "twscrape-TweetDetail-2026-08-S3-core-profile_bio.json",
}
XDEV_BIO = "The voice of the X Dev team and your official source for updates, news, and events, related to the X API."


def read_real(name: str) -> Capture:
    return read_capture(REAL / name, name=name)


def refused(path: Path, name: str | None = None) -> CaptureError:
    with pytest.raises(CaptureError) as caught:
        read_capture(path, name=name or path.name)
    return caught.value


def ids(thread: Thread) -> list[str | None]:
    return [t.tweet_id for t in thread.tweets]


def raw_tweets(body: Any) -> dict[str, dict[str, Any]]:
    """Every tweet object in a response by its ID, found here by a walk of its own."""
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "legacy" in node and "rest_id" in node and "full_text" in node.get("legacy", {}):
                found.setdefault(node["rest_id"], node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(body)
    return found


# --- Real responses ----------------------------------------------------------------------


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_thread_reads_the_same_in_the_three_user_shapes(shape: str) -> None:
    capture = read_real(SHAPES[shape])
    assert capture.source_format == "x-graphql-json"
    (thread,) = capture.threads  # 33 replies of others (7 in S1) are no thread
    assert ids(thread) == XDEV_THREAD
    assert (thread.author_name, thread.author_handle, thread.author_id) == (
        "Developers",
        "XDevelopers",
        "2244994945",
    )
    assert thread.author_bio == XDEV_BIO
    assert thread.published_date == dt.date(2023, 4, 20)
    assert thread.tweets[0].created_at == "2023-04-20T23:21:13Z"
    assert {t.lang for t in thread.tweets} == {"en"}
    assert thread.known_gaps is None and thread.warnings == ()
    # An independent reading: each tweet replies to the one before, by the same author.
    raw = raw_tweets(json.loads((REAL / SHAPES[shape]).read_text(encoding="utf-8")))
    legacy = [raw[i or ""]["legacy"] for i in ids(thread)]
    assert [t.text for t in thread.tweets] == [x["full_text"] for x in legacy]
    assert [x.get("in_reply_to_status_id_str") for x in legacy] == [None, *XDEV_THREAD[:3]]
    assert {x["user_id_str"] for x in legacy} == {"2244994945"}


def test_the_three_shapes_give_one_text() -> None:
    texts = {shape: [t.text for t in read_real(name).threads[0].tweets] for shape, name in SHAPES.items()}
    assert texts["S1"] == texts["S2"] == texts["S3"]


def test_a_user_timeline_reads_threads_split_over_modules_and_one_missing_a_tweet() -> None:
    capture = read_real("twscrape-UserTweets-2023-12-S1-promoted.json")
    long, cut = capture.threads
    assert ids(long) == [str(i) for i in (1641222782594990080, 1641222783601631233, 1641222784599879680,
                                          1641222785702952961, 1641222786894135296, 1641222787934355456,
                                          1641222788911624192, 1641222789901484034)]  # fmt: skip
    assert long.known_gaps is None  # its five modules came out of order
    assert ids(cut) == [XDEV_THREAD[0], *XDEV_THREAD[2:]]
    assert (
        cut.known_gaps == f"Not in the capture: 1 tweet between positions 1 and 2 (tweet {XDEV_THREAD[1]})."
    )
    assert [(w.type, w.position) for w in cut.warnings] == [("chain-gap", 2)]
    assert "1738120943040450760" not in {t.tweet_id for th in capture.threads for t in th.tweets}  # promoted


def test_replies_to_other_users_are_no_thread_but_the_authors_own_are() -> None:
    capture = read_real("twscrape-UserTweetsAndReplies-2023-07-S1.json")
    assert [(t.author_handle, len(t.tweets)) for t in capture.threads] == [
        ("TwitterDev", 8),
        ("TwitterDev", 3),
        ("TitterDaily", 2),
    ]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("twscrape-TweetDetail-2023-promoted-TWVR.json",
         f"read 11 tweets (10 replies to other users, 1 standalone); {EXPECTED_THREAD}; left out: 1 promoted"),
        ("twscrape-TweetDetail-2023-note_tweet.json",
         f"read 11 tweets (10 replies to other users, 1 standalone); {EXPECTED_THREAD}"),
        ("twscrape-SearchTimeline-2026-05-S2-TWVR-note.json",
         f"read 21 tweets (16 replies to other users, 5 standalone); {EXPECTED_THREAD}"),
        ("twscrape-UserByScreenName-2025-03-S1.json", "expected tweets, found 1 user: not a capture of tweets"),
        ("twscrape-UserByScreenName-2026-08-S3.json", "expected tweets, found 1 user: not a capture of tweets"),
    ],
    ids=["promoted-twvr", "author-answers-others", "search", "user-s1", "user-s3"],
)  # fmt: skip
def test_a_response_without_a_thread_is_refused_saying_what_it_holds(name: str, reason: str) -> None:
    error = refused(REAL / name)
    assert (error.line, error.reason) == (None, reason)


def test_a_search_page_gives_the_fragment_of_a_thread_it_holds() -> None:
    (thread,) = read_real("twscrape-SearchTimeline-2024-10-S1-note.json").threads
    assert thread.author_handle == "RayDhater" and len(thread.tweets) == 1
    assert thread.known_gaps and thread.known_gaps.startswith(
        "Not in the capture: the root tweet 1842033236463046981"
    )


def test_a_long_posts_text_is_its_note_never_the_cut_full_text(tmp_path: Path) -> None:
    # The focal tweet of the FortniteStatus page is a long post (its full_text cut at
    # 275 characters); a reply of the author's to it, written here, makes it a thread.
    body = json.loads((REAL / "twscrape-TweetDetail-2023-note_tweet.json").read_text(encoding="utf-8"))
    focal = raw_tweets(body)["1682072224013099008"]
    whole = focal["note_tweet"]["note_tweet_results"]["result"]["text"]
    reply = tweet(0, "and one more thing", author=FORTNITE, reply_to=1682072224013099008 - BASE,
                  conversation=1682072224013099008 - BASE)  # fmt: skip
    reply["rest_id"] = reply["legacy"]["id_str"] = "1682072224013099999"
    (thread,) = read_body(tmp_path, detail(item(focal), item(reply))).threads
    assert thread.tweets[0].text == whole and len(whole) == 441
    assert not focal["legacy"]["full_text"].startswith(whole) and focal["legacy"]["full_text"].endswith(
        "https://t.co/DFggHwFYkw"
    )
    assert thread.author_handle == "FortniteStatus"


# --- Hand-written responses, for what the real ones lack --------------------------------

BASE = 1986056447984166585
ANN = ("1262003445108961280", "Ann Author", "ann_author", "Grid.")
BOB = ("1398765432109876543", "Bob", "bob", "")
FORTNITE = ("1181729392755707904", "Fortnite Status", "FortniteStatus", "")


def user(who: tuple[str, str, str, str], shape: str = "S1") -> dict[str, Any]:
    """A user result in one of the three shapes of 2025-2026."""
    uid, name, handle, bio = who
    if shape == "S1":
        return {
            "__typename": "User",
            "rest_id": uid,
            "legacy": {"name": name, "screen_name": handle, "description": bio},
        }
    core = {"name": name, "screen_name": handle, "created_at": "Sat Dec 14 04:35:55 +0000 2013"}
    if shape == "S2":
        return {"__typename": "User", "rest_id": uid, "core": core, "legacy": {"description": bio},
                "profile_bio": {"description": bio}}  # fmt: skip
    return {"__typename": "User", "rest_id": uid, "core": core, "profile_bio": {"description": bio}}


def tweet(
    n: int,
    text: str,
    *,
    author: tuple[str, str, str, str] = ANN,
    reply_to: int | None = None,
    to: tuple[str, str, str, str] | None = None,
    conversation: int | None = None,
    note: str | None = None,
    shape: str = "S1",
) -> dict[str, Any]:
    """Tweet ``BASE + n`` as a TweetDetail result."""
    legacy: dict[str, Any] = {
        "id_str": str(BASE + n),
        "full_text": text,
        "created_at": "Wed Nov 05 13:02:11 +0000 2025",
        "conversation_id_str": str(BASE + (conversation if conversation is not None else n)),
        "user_id_str": author[0],
        "lang": "en",
    }
    if reply_to is not None:
        legacy["in_reply_to_status_id_str"] = str(BASE + reply_to)
        legacy["in_reply_to_user_id_str"] = (to or author)[0]
        legacy["in_reply_to_screen_name"] = (to or author)[2]
    result: dict[str, Any] = {
        "__typename": "Tweet",
        "rest_id": str(BASE + n),
        "core": {"user_results": {"result": user(author, shape)}},
        "legacy": legacy,
    }
    if note is not None:
        result["note_tweet"] = {
            "is_expandable": True,
            "note_tweet_results": {"result": {"id": "x", "text": note}},
        }
    return result


def visibility(result: dict[str, Any]) -> dict[str, Any]:
    inner = {k: v for k, v in result.items() if k != "__typename"}
    return {"__typename": "TweetWithVisibilityResults", "tweet": inner, "tweetInterstitial": {}}


TOMBSTONE = {"__typename": "TweetTombstone", "tombstone": {"__typename": "TextTombstone", "text": {"text": "This Post was deleted by the Post author."}}}  # fmt: skip


def item(result: dict[str, Any], *, promoted: bool = False) -> dict[str, Any]:
    content: dict[str, Any] = {
        "itemType": "TimelineTweet",
        "__typename": "TimelineTweet",
        "tweet_results": {"result": result},
    }
    if promoted:
        content["promotedMetadata"] = {"advertiser_results": {}}
    entry_id = f"tweet-{result.get('rest_id', 'x')}"
    return {
        "entryId": entry_id,
        "sortIndex": "1",
        "content": {"entryType": "TimelineTimelineItem", "itemContent": content},
    }


def module(*results: dict[str, Any]) -> dict[str, Any]:
    items = [
        {"entryId": f"conversationthread-x-tweet-{i}", "item": item(r)["content"]}
        for i, r in enumerate(results)
    ]
    for entry in items:
        entry["item"] = {"itemContent": entry["item"]["itemContent"]}
    return {
        "entryId": "conversationthread-x",
        "content": {"entryType": "TimelineTimelineModule", "items": items},
    }


def detail(*entries: dict[str, Any]) -> dict[str, Any]:
    instructions = [{"type": "TimelineAddEntries", "entries": list(entries)}]
    return {"data": {"threaded_conversation_with_injections_v2": {"instructions": instructions}}}


def read_body(tmp_path: Path, *bodies: dict[str, Any]) -> Capture:
    path = tmp_path / "response.json"
    if len(bodies) == 1:
        path.write_text(json.dumps(bodies[0], indent=2), encoding="utf-8")
    else:
        path.write_text("".join(json.dumps(b) + "\n" for b in bodies), encoding="utf-8")
    return read_capture(path, name=path.name)


def texts(thread: Thread) -> list[str]:
    return [t.text for t in thread.tweets]


THREE = [
    tweet(0, "1/3 root"),
    tweet(1, "2/3", reply_to=0, conversation=0),
    tweet(2, "3/3", reply_to=1, conversation=0),
]


@pytest.mark.parametrize("shape", ["S1", "S2", "S3"])
def test_each_user_shape_names_the_author(tmp_path: Path, shape: str) -> None:
    results = [tweet(0, "1/", shape=shape), tweet(1, "2/", reply_to=0, conversation=0, shape=shape)]
    (thread,) = read_body(tmp_path, detail(item(results[0]), module(results[1]))).threads
    assert (thread.author_name, thread.author_handle, thread.author_id, thread.author_bio) == (
        "Ann Author", "ann_author", ANN[0], "Grid."
    )  # fmt: skip


def test_a_stub_user_leaves_the_name_to_the_curator(tmp_path: Path) -> None:
    results = copy.deepcopy(THREE[:2])
    for result in results:
        result["core"]["user_results"]["result"] = {
            "__typename": "User",
            "core": {"screen_name": "ann_author"},
        }
    (thread,) = read_body(tmp_path, detail(*map(item, results))).threads
    assert (thread.author_name, thread.author_handle, thread.author_id) == (None, "ann_author", ANN[0])


def test_a_tweet_with_visibility_results_is_unwrapped(tmp_path: Path) -> None:
    (thread,) = read_body(
        tmp_path, detail(item(THREE[0]), item(visibility(THREE[1])), item(THREE[2]))
    ).threads
    assert texts(thread) == ["1/3 root", "2/3", "3/3"]


def test_a_tombstone_is_a_gap_never_a_tweet(tmp_path: Path) -> None:
    (thread,) = read_body(tmp_path, detail(item(THREE[0]), item(TOMBSTONE), item(THREE[2]))).threads
    assert texts(thread) == ["1/3 root", "3/3"]
    assert thread.known_gaps == f"Not in the capture: 1 tweet between positions 1 and 2 (tweet {BASE + 1})."
    assert [t.marker for t in thread.tweets] == ["1/3", "3/3"]


def test_promoted_tweets_never_enter_a_thread(tmp_path: Path) -> None:
    ad = tweet(5, "2/3 buy now", reply_to=0, conversation=0)  # even one shaped like the next tweet
    (thread,) = read_body(tmp_path, detail(item(THREE[0]), item(ad, promoted=True), item(THREE[1]))).threads
    assert texts(thread) == ["1/3 root", "2/3"]


def test_other_authors_replies_and_what_hangs_below_them_are_no_thread(tmp_path: Path) -> None:
    bob = tweet(3, "@ann_author nice", author=BOB, reply_to=2, to=ANN, conversation=0)
    answer = tweet(4, "@bob thanks", reply_to=3, to=BOB, conversation=0)
    more = tweet(5, "and also", reply_to=4, conversation=0)
    (thread,) = read_body(tmp_path, detail(*map(item, [*THREE, bob, answer, more]))).threads
    assert texts(thread) == ["1/3 root", "2/3", "3/3"]


def test_a_long_post_copy_without_its_note_never_replaces_it(tmp_path: Path) -> None:
    long = tweet(1, "2/ cut…", reply_to=0, conversation=0, note="2/ cut, then whole")
    short = {k: v for k, v in long.items() if k != "note_tweet"}
    for order in ([long, short], [short, long]):
        (thread,) = read_body(tmp_path, detail(item(THREE[0]), *map(item, order))).threads
        assert texts(thread) == ["1/3 root", "2/ cut, then whole"]


def test_a_quoted_tweet_is_its_own_tweet(tmp_path: Path) -> None:
    quoting = copy.deepcopy(THREE[1])
    quoting["quoted_status_result"] = {"result": tweet(-9, "Bob's take", author=BOB)}
    (thread,) = read_body(tmp_path, detail(item(THREE[0]), item(quoting))).threads
    assert texts(thread) == ["1/3 root", "2/3"]


def test_a_retweet_is_never_part_of_a_thread(tmp_path: Path) -> None:
    retweet = tweet(1, "RT @ann_author: 1/3 root", reply_to=0, conversation=0)
    retweet["legacy"]["retweeted_status_result"] = {"result": THREE[0]}
    error = refused(write(tmp_path, detail(item(THREE[0]), item(retweet))))
    assert error.reason == f"read 2 tweets (1 retweet, 1 standalone); {EXPECTED_THREAD}"


def test_pages_are_read_together_and_copies_are_one_tweet(tmp_path: Path) -> None:
    capture = read_body(
        tmp_path, detail(item(THREE[0]), item(THREE[1])), detail(item(THREE[1]), item(THREE[2]))
    )
    assert texts(capture.threads[0]) == ["1/3 root", "2/3", "3/3"]


@pytest.mark.parametrize(
    ("copy_of", "what"),
    [(tweet(1, "2/3", author=BOB, reply_to=0, conversation=0), "another author"),
     (tweet(1, "2/3"), "another tweet replied to"),
     (tweet(1, "2/3 forged", reply_to=0, conversation=0), "another text")],
    ids=["author", "parent", "text"],
)  # fmt: skip
def test_a_copy_that_says_otherwise_is_refused(tmp_path: Path, copy_of: dict[str, Any], what: str) -> None:
    path = tmp_path / "pages.json"
    path.write_text(json.dumps(detail(*map(item, THREE))) + "\n" + json.dumps(detail(item(copy_of))) + "\n")
    error = refused(path)
    assert error.line == 2 and error.reason.endswith(
        f"found tweet {BASE + 1} again with {what}" + (" (first on line 1)" if what == "another text" else "")
    )


def write(tmp_path: Path, body: dict[str, Any]) -> Path:
    path = tmp_path / "response.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("head", "claimed"),
    [
        (b'{"data": {"threaded_conversation_with_injections_v2": {"instructions": []}}}', True),
        (b'{\n  "data": {\n    "user": {\n      "result": {\n        "__typename": "User"', True),
        (b'{"data": [{"id": "1", "text": "a v2 page"}]}', False),
        (b'{"data": {"id": "1", "text": "a v2 tweet"}}', False),
        (b'{"log": {"version": "1.2"}}', False),
        (b"[]", False),
    ],
    ids=["tweet-detail", "user-pretty", "v2-page", "v2-tweet", "har", "array"],
)
def test_sniff(head: bytes, claimed: bool) -> None:
    assert graphql.sniff(head) is claimed


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5)
                    | st.sampled_from(["Tweet", "TweetWithVisibilityResults", "TweetTombstone", "1", "2"]),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(["data", "instructions", "entries", "content", "itemContent", "items",
                                         "item", "tweet_results", "result", "__typename", "rest_id", "legacy",
                                         "tweet", "full_text", "user_id_str", "in_reply_to_status_id_str",
                                         "created_at", "core", "user_results", "promotedMetadata", "entry"]),
                        inner, max_size=4),
                    max_leaves=30))  # fmt: skip
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_arbitrary_responses_raise_nothing_but_capture_error(tmp_path: Path, body: Any) -> None:
    path = tmp_path / "any.json"
    path.write_text(json.dumps({"data": body}), encoding="utf-8")
    with contextlib.suppress(CaptureError):
        assert graphql.read(path, "any.json").threads
