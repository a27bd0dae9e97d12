"""Thread identity by content: when two captures are of one thread."""

from __future__ import annotations

import datetime as dt

import pytest

from threadarchive.capture.identity import Identity, reading
from threadarchive.capture.model import Thread, Tweet

DAY = dt.date(2025, 11, 5)


def thread(texts: list[str], *, name: str = "Ann Author", day: dt.date = DAY, ids: list[str] | None = None,
           handle: str | None = None) -> Identity:  # fmt: skip
    tweets = tuple(
        Tweet(position=i, marker=None, text=text, tweet_id=ids[i - 1] if ids else None)
        for i, text in enumerate(texts, start=1)
    )
    return Identity.of(
        Thread(author_name=name, author_bio=None, published_date=day, tweet_count=len(tweets), tweets=tweets,
               author_handle=handle)
    )  # fmt: skip


BASE = ["Opening tweet about the grid 1/", "Second point 2/", "Third point 3/", "Last one 4/"]


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (thread(BASE), True),
        (thread([BASE[0], "Changed", "Changed too", "And this"]), True),  # the first tweet alone
        (thread(["A corrected opening", *BASE[1:]]), True),  # most tweets
        (thread(["  opening TWEET about the grid 1/ https://t.co/x ", *BASE[1:2]]), True),  # read alike
        (thread(BASE, day=DAY + dt.timedelta(days=1)), True),  # local date vs UTC date
        (thread(BASE, day=DAY + dt.timedelta(days=2)), False),
        (thread(BASE, name="Someone Else"), False),
        (thread(["Another opening", "Other", "Texts", "Entirely"]), False),
        (thread(["Another opening", BASE[1]]), True),  # half of the shorter one's tweets
    ],
    ids=["identical", "first-tweet", "majority", "normalised", "next-day", "two-days", "other-author",
         "other-text", "half-of-shorter"],
)  # fmt: skip
def test_same_thread_by_author_date_and_text(other: Identity, same: bool) -> None:
    assert thread(BASE).same_thread(other) is same
    assert other.same_thread(thread(BASE)) is same  # symmetric


def test_tweet_ids_decide_when_both_have_them() -> None:
    with_ids = thread(BASE, ids=["1", "2", "3", "4"])
    assert with_ids.same_thread(thread(["Totally different", "text"], name="X", ids=["9", "3"]))
    assert not with_ids.same_thread(thread(BASE, ids=["5", "6", "7", "8"]))  # same text, other tweets
    assert with_ids.same_thread(thread(BASE))  # one side without IDs: by author, date and text


def test_handles_decide_the_author_when_both_have_them() -> None:
    assert thread(BASE, handle="ann").same_thread(thread(BASE, name="Ann A. (she/her)", handle="ANN"))
    assert not thread(BASE, handle="ann").same_thread(thread(BASE, handle="bob"))


def test_reading_ignores_case_space_links_and_compatibility_forms() -> None:
    assert reading("Ｆｕｌｌ  width\nTEXT https://t.co/abc") == reading("full width text")
