"""The reader of Thread Reader App thread pages saved as HTML (formats/trahtml.py).

The pages under tests/captures/trahtml copy the site's real markup (header,
content-tweet elements, permalink icons, media, embeds, the parts around the
thread); the seed page holds the first archived thread, whose Scrolly Tale text
is data/raw/000_6f57d17ac1ce6671.txt.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadarchive.capture.formats import scrolly, trahtml
from threadarchive.capture.model import Thread
from threadarchive.contract import limits
from threadarchive.contract.limits import MAX_DOCUMENT_BYTES, MAX_THREAD_TWEETS
from threadarchive.errors import CaptureError

from .conftest import SEED

CAPTURES = Path(__file__).parent / "captures" / "trahtml"
SEED_PAGE = CAPTURES / "kofman_2025-11-05.html"
FEATURES_PAGE = CAPTURES / "features_2024-08-18.html"
DECLARES_MORE_PAGE = CAPTURES / "declares_more_2024-03-04.html"
SEED_IDS = [
    "1986056528769967229", "1986056723575846513", "1986056894575272181", "1986057035406644148",
    "1986057133249792628", "1986057401147636908", "1986057526354897425", "1986057625524747725",
    "1986057845884800577", "1986058083292535060", "1986058149945750799", "1986058312905977952",
    "1986058478589852200",
]  # fmt: skip

NAME_HTML = '<h4 class="twitter_name"><a href="/user/testauthor">Test Author</a></h4>'
INFO_HTML = (
    '<div class="thread-info"><a href="https://twitter.com/testauthor/status/1001" class="time" '
    'data-time="1709571600" title="Read on X">Mar 4, 2024</a> <span class="dot2">&bull;</span> 2 tweets</div>'
)


def read_thread(path: Path) -> Thread:
    capture = trahtml.read(path, path.name)
    assert capture.source_format == trahtml.NAME
    assert len(capture.threads) == 1
    return capture.threads[0]


def tweet_div(tweet_id: str, inner: str) -> str:
    return (
        f'<div id="tweet_{tweet_id}" class="content-tweet allow-preview" data-controller="thread" '
        f'data-screenname="testauthor" data-tweet="{tweet_id}" dir="auto">\n  {inner}\n'
        '  <sup class="tw-permalink"><i class="fas fa-link"></i></sup>\n</div>'
    )


def write_page(tmp_path: Path, *tweets: str, name: str = NAME_HTML, info: str = INFO_HTML) -> Path:
    """A small thread page in the site's markup, holding the given tweet elements."""
    body = "\n".join(tweets)
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Thread</title></head>\n<body>\n'
        f'<div class="container narrow">\n{name}\n{info}\n<div class="t-main">\n{body}\n</div>\n</div>\n'
        "</body>\n</html>\n"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    return path


TWO_TWEETS = (tweet_div("1001", "1/2 First."), tweet_div("1002", "2/2 Second."))


# --- The seed thread: the same texts as its Scrolly Tale capture ---------------


def test_seed_page_gives_the_scrolly_capture_texts_author_and_date() -> None:
    page, text = read_thread(SEED_PAGE), scrolly.parse_file(SEED)
    assert [t.text for t in page.tweets] == [t.text for t in text.tweets]
    assert page.author_name == text.author_name == "Michael Kofman"
    assert page.published_date == text.published_date == dt.date(2025, 11, 5)
    assert page.tweet_count == text.tweet_count == 13
    assert [t.marker for t in page.tweets] == [t.marker for t in text.tweets]


def test_seed_page_keeps_the_twelfth_marker_as_printed() -> None:
    twelfth = read_thread(SEED_PAGE).tweets[11]
    assert twelfth.marker == "/12"
    assert twelfth.text.endswith(" /12")


def test_seed_page_reads_tweet_ids_handle_and_no_bio() -> None:
    thread = read_thread(SEED_PAGE)
    assert [t.tweet_id for t in thread.tweets] == SEED_IDS
    assert [t.position for t in thread.tweets] == list(range(1, 14))
    assert thread.author_handle == "KofmanMichael"
    assert thread.author_bio is None  # the thread page shows none
    assert thread.source_format == "threadreaderapp-html"
    assert thread.warnings == ()


def test_seed_page_tweet_lines_point_at_their_elements() -> None:
    lines = SEED_PAGE.read_text(encoding="utf-8").split("\n")
    for tweet in read_thread(SEED_PAGE).tweets:
        assert f'data-tweet="{tweet.tweet_id}"' in lines[tweet.line - 1]


@pytest.mark.parametrize(
    "part",
    [
        "Missing some Tweet in this thread?",
        "force a refresh",
        "Become a Premium Member",
        "Donate via Paypal",
        "More from",
        "A few observations on the summer offensive",  # a preview card under "More from"
        "Read 9 tweets",
        "Keep Current with",
        "This Thread may be Removed Anytime!",
        "Try unrolling a thread yourself!",
        "Advertisement",
        "adsbygoogle",
        "Subscribe",
        "Read on X",
        "3 min read",
        "Save as PDF",
        "Share this page!",
        "Profile picture",
        "@KofmanMichael",
        "fa-link",
        "Privacy",
        "gtag",
    ],
    ids=lambda part: part[:30],
)
def test_seed_page_parts_around_the_thread_are_not_read(part: str) -> None:
    assert part in SEED_PAGE.read_text(encoding="utf-8")  # the page has it...
    thread = read_thread(SEED_PAGE)
    read_texts = [thread.author_name or "", *(t.text for t in thread.tweets)]
    assert not any(part in text for text in read_texts)  # ...and the reader leaves it out


def test_page_with_crlf_line_endings_reads_the_same(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.html"
    crlf.write_bytes(SEED_PAGE.read_bytes().replace(b"\n", b"\r\n"))
    expected, found = read_thread(SEED_PAGE), read_thread(crlf)
    assert [(t.text, t.line) for t in found.tweets] == [(t.text, t.line) for t in expected.tweets]
    assert not any("\r" in t.text for t in found.tweets)


# --- What a tweet's text is: emoji, links, line breaks, escaped markup ---------


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (1, "Короткий огляд: як працює логістика дронів 🧵\n\n"
            "“Curly quotes”, an en dash – and a non\u2011breaking\u00a0space stay as they are. 1/"),
        (2, "Sources: example.org/reports/drone-l…, thanks to @bellingcat #OSINT 2/"),
        (3, 'Spam bots reply with <script>alert(1)</script> and "><img src=x onerror=alert(1)> '
            "– the page shows them as text. 3/"),
        (4, "Full write-up below.\n\nexample.org/drone-logistics\nStay safe. 4/"),
    ],
    ids=["emoji-image-line-breaks-nbsp", "links-mention-hashtag-images", "escaped-markup-video",
         "preview-link-comment-embed"],
)  # fmt: skip
def test_tweet_text_is_what_the_page_shows(position: int, expected: str) -> None:
    assert read_thread(FEATURES_PAGE).tweets[position - 1].text == expected


def test_escaped_markup_in_a_tweet_stays_literal_text() -> None:
    text = read_thread(FEATURES_PAGE).tweets[2].text
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert "video.twimg.com" not in text and "mp4" not in text


def test_source_white_space_is_layout_and_page_code_is_not_text(tmp_path: Path) -> None:
    inner = (
        "One\n      two\t\tthree&nbsp;&nbsp;four <b>bold</b>\n<br />   \n<br />\n  five"
        "<script>var shown = false;</script><style>.x{}</style>"
        '<video controls><source src="https://video.twimg.com/a.mp4"><br><source src="b.mp4"></video>'
    )
    thread = read_thread(write_page(tmp_path, tweet_div("1001", inner), TWO_TWEETS[1]))
    assert thread.tweets[0].text == "One two three\u00a0\u00a0four bold\n\nfive"


def test_features_page_header_with_emoji_name_and_date_without_year() -> None:
    thread = read_thread(FEATURES_PAGE)
    assert thread.author_name == "Олена Коваленко 🇺🇦"
    assert thread.author_handle == "olena_osint"
    # "Aug 18" shown; the year from data-time (2024-08-18T14:11:45Z)
    assert thread.published_date == dt.date(2024, 8, 18)
    assert thread.tweet_count == 4
    assert [t.marker for t in thread.tweets] == ["1/", "2/", "3/", "4/"]
    assert thread.warnings == ()


def test_date_without_year_takes_the_year_nearest_to_data_time(tmp_path: Path) -> None:
    # Shown "Dec 31" (the author's day) with a time of 2025-01-01T00:30Z: the last year's date.
    info = '<div class="thread-info"><a class="time" data-time="1735691400">Dec 31</a> &bull; 2 tweets</div>'
    assert read_thread(write_page(tmp_path, *TWO_TWEETS, info=info)).published_date == dt.date(2024, 12, 31)


def test_data_time_alone_gives_its_utc_date(tmp_path: Path) -> None:
    info = '<div class="thread-info"><a class="time" data-time="1709571600"></a> 2 tweets</div>'
    assert read_thread(write_page(tmp_path, *TWO_TWEETS, info=info)).published_date == dt.date(2024, 3, 4)


def test_page_without_a_declared_count_counts_the_tweets_read(tmp_path: Path) -> None:
    info = '<div class="thread-info"><a class="time" data-time="1709571600">Mar 4, 2024</a></div>'
    thread = read_thread(write_page(tmp_path, *TWO_TWEETS, info=info))
    assert thread.tweet_count == 2
    assert thread.warnings == ()


# --- Gaps: reported, never filled ----------------------------------------------


def test_page_declaring_more_tweets_than_it_holds_warns() -> None:
    thread = read_thread(DECLARES_MORE_PAGE)
    assert [t.marker for t in thread.tweets] == ["1/5", "2/5", "3/5"]
    assert thread.tweet_count == 5
    (warning,) = thread.warnings
    assert warning.type == "tweet-count-mismatch"
    assert warning.severity == "warning"
    assert warning.path == DECLARES_MORE_PAGE.name
    assert warning.line == 19  # the header's thread-info, which declares 5
    assert "declares 5" in warning.message and "3" in warning.message


def test_media_only_tweet_is_left_out_with_a_warning(tmp_path: Path) -> None:
    media = '<span class="entity-image"><a href="https://pbs.twimg.com/media/a.jpg"><img alt="Image" src="/images/1px.png"></a></span>'
    path = write_page(tmp_path, TWO_TWEETS[0], tweet_div("1003", media), TWO_TWEETS[1])
    thread = read_thread(path)
    assert [t.tweet_id for t in thread.tweets] == ["1001", "1002"]
    assert [t.position for t in thread.tweets] == [1, 2]
    assert thread.tweet_count == 2
    (warning,) = thread.warnings
    assert warning.type == "tweet-count-mismatch" and "1003" in warning.message


# --- Pages refused -------------------------------------------------------------


def test_non_thread_reader_page_is_refused() -> None:
    path = CAPTURES / "not_a_thread.html"
    with pytest.raises(CaptureError) as caught:
        trahtml.read(path, path.name)
    assert caught.value.path == "not_a_thread.html"
    assert "expected a Thread Reader App thread page" in caught.value.reason
    assert "content-tweet" in caught.value.reason and "found none" in caught.value.reason


def test_page_without_date_is_refused() -> None:
    path = CAPTURES / "no_date.html"
    with pytest.raises(CaptureError) as caught:
        trahtml.read(path, path.name)
    assert "expected the thread's date" in caught.value.reason
    assert caught.value.line == 14  # the header's thread-info


@pytest.mark.parametrize(
    ("tweets", "name", "info", "expected", "line"),
    [
        ((tweet_div("12ab", "x"),), NAME_HTML, INFO_HTML, "expected a tweet ID (1 to 20 digits)", 9),
        ((tweet_div("1001", "a"), tweet_div("1001", "b")), NAME_HTML, INFO_HTML, "found tweet 1001 again", 13),
        (TWO_TWEETS, NAME_HTML, '<div class="thread-info"><a class="time">Aug 18</a></div>', "expected a date like", 7),
        (TWO_TWEETS, NAME_HTML, '<div class="thread-info"><a class="time">Feb 30, 2024</a></div>', "expected a real date", 7),
        (TWO_TWEETS, NAME_HTML, '<div class="thread-info"><a class="time" data-time="99999999999999999999">Aug 18</a></div>',
         "expected a Unix time in data-time", 7),
        (TWO_TWEETS, NAME_HTML, '<div class="thread-info"><a class="time">Mar 4, 2024</a> 0 tweets</div>',
         "expected a tweet count of at least 1", 7),
        (('<div class="content-tweet card-tweetsv2">A preview card.</div>',), NAME_HTML, INFO_HTML,
         "found 1 without a data-tweet ID", 9),
        ((tweet_div("1001", "<img alt='Image' src='/images/1px.png'>"),), NAME_HTML, INFO_HTML,
         "expected at least one tweet with text", 9),
    ],
    ids=["bad-tweet-id", "duplicate-tweet-id", "date-without-year-or-time", "unreal-date",
         "data-time-out-of-range", "zero-tweets-declared", "preview-cards-only", "no-tweet-with-text"],
)  # fmt: skip
def test_bad_page_is_refused_naming_the_line(
    tmp_path: Path, tweets: tuple[str, ...], name: str, info: str, expected: str, line: int
) -> None:
    path = write_page(tmp_path, *tweets, name=name, info=info)
    with pytest.raises(CaptureError) as caught:
        trahtml.read(path, "page.html")
    assert expected in caught.value.reason
    assert caught.value.line == line
    assert caught.value.path == "page.html"


def test_page_not_in_utf8_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.html"
    path.write_bytes(
        b'<!DOCTYPE html>\n<html>\n<body><div class="content-tweet" data-tweet="1">caf\xe9</div>'
    )
    with pytest.raises(CaptureError) as caught:
        trahtml.read(path, "latin1.html")
    assert caught.value.line == 3
    assert "UTF-8" in caught.value.reason


# --- Limits: a small hostile page is refused before BeautifulSoup builds its tree ---


def test_a_page_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = write_page(tmp_path, *TWO_TWEETS)
    with path.open("r+b") as out:
        out.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: nothing to write
    with pytest.raises(CaptureError) as caught:
        trahtml.read(path, "page.html")
    assert str(caught.value) == "page.html: expected a capture of at most 16 MiB, found a larger file"


@pytest.mark.parametrize(
    "inner",
    [
        "1/ x" + "<br>" * 1_500_000,  # the attacker's: 6 MB, 9 GB and 11 minutes at 15 million
        "</div>".join(f'<div class="content-tweet" data-tweet="{n}">{n}/ x' for n in range(1, 70_001)),
    ],
    ids=["line-breaks", "tweet-elements"],
)
def test_a_page_of_too_many_tags_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inner: str
) -> None:
    import bs4

    path = write_page(tmp_path, tweet_div("1001", inner))
    assert path.stat().st_size < MAX_DOCUMENT_BYTES
    tags = path.read_text(encoding="utf-8").count("<")

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(bs4, "BeautifulSoup", never)
    with pytest.raises(CaptureError) as caught:
        trahtml.read(path, "page.html")
    assert str(caught.value) == f"page.html: expected a page of at most 100,000 tags ('<'), found {tags:,}"


def test_the_tags_limit_keeps_a_page_within_the_tweets_limit() -> None:
    assert limits.MAX_PAGE_TAGS <= MAX_THREAD_TWEETS  # each tweet is a tag at least


def test_line_breaks_around_a_text_are_no_part_of_it(tmp_path: Path) -> None:
    # Cut by index: dropped from the front one at a time, as they were, the time grew as their square.
    breaks = "<br>" * 5_000
    thread = read_thread(write_page(tmp_path, tweet_div("1001", f"{breaks}1/ x<br>y{breaks}")))
    assert [tweet.text for tweet in thread.tweets] == ["1/ x\ny"]


# --- Detection -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (SEED_PAGE.read_bytes()[: 64 << 10], True),
        (b"\xef\xbb\xbf \r\n\t<!doctype html><html>", True),
        (b"<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">", True),
        (b"<HTML><HEAD>", True),
        (b"<!-- saved from url=(0054)https://threadreaderapp.com/thread/1.html -->\n<html>", True),
        (b'<div class="content-tweet" data-tweet="1">', True),
        (SEED.read_bytes(), False),
        (b'{"data": {"id": "1"}}\n', False),
        (b"<3 Anna Profile picture\n", False),
        (b"", False),
        (b" \n ", False),
    ],
    ids=["seed-page", "bom-and-space", "upper-doctype", "upper-html", "saved-from-comment", "bare-tag",
         "scrolly-text", "json-lines", "less-than-not-a-tag", "empty", "white-space"],
)  # fmt: skip
def test_sniff_recognises_html(head: bytes, expected: bool) -> None:
    assert trahtml.sniff(head) is expected


# --- Properties: nothing but CaptureError escapes; texts round-trip -------------

FRAGMENTS = [
    "<!DOCTYPE html>", "<html>", "<body>", "</div>", "</a>", "<br>", "<br />", "<p>", "</p>", "</h4>",
    '<div class="content-tweet" data-tweet="1001">', '<div class="content-tweet" data-tweet="">',
    '<div class="content-tweet" data-tweet="١٢">', '<div class="content-tweet">', '<h4 class="twitter_name">',
    '<div class="thread-info">', '<a class="time" data-time="', '<span class="time">', '">', "Nov 5, 2025",
    "Aug 18", "Feb 29", "Sept 31", " 13 tweets", " 0 tweets", "99999999999999999999", "1709571600", "-5",
    '<img class="emoji" alt="', '<img alt="Image">', '<sup class="tw-permalink">', '<span class="entity-image">',
    "<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>", "<?xml ?>", "&amp;", "&#x", "&#0;", ";",
    "&nbsp;", "\r\n", "\r", "\x00", "\ufeff", "<", ">", '"', "'",
]  # fmt: skip
HTML_ISH = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=80).map("".join)
ANY_PAGE = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def read_or_refuse(path: Path) -> None:
    try:
        capture = trahtml.read(path, "page.html")
    except CaptureError as exc:
        assert exc.path == "page.html"
    else:
        assert all(thread.tweets for thread in capture.threads)


@ANY_PAGE
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_raise_nothing_but_capture_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(data)
    read_or_refuse(path)


@ANY_PAGE
@given(text=HTML_ISH)
def test_arbitrary_html_ish_text_raises_nothing_but_capture_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(text, encoding="utf-8")
    read_or_refuse(path)


@ANY_PAGE
@given(text=HTML_ISH)
def test_arbitrary_markup_inside_a_real_page_raises_nothing_but_capture_error(
    tmp_path: Path, text: str
) -> None:
    read_or_refuse(write_page(tmp_path, tweet_div("1001", text), TWO_TWEETS[1]))


WORD = st.text(st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=12)
LINE = st.lists(WORD, min_size=1, max_size=6).map(" ".join)


@ANY_PAGE
@given(lines=st.lists(LINE, min_size=1, max_size=5))
def test_tweet_text_round_trips_through_the_page(tmp_path: Path, lines: list[str]) -> None:
    inner = "<br />\n".join(html.escape(line) for line in lines)
    thread = read_thread(write_page(tmp_path, tweet_div("1001", inner), TWO_TWEETS[1]))
    assert thread.tweets[0].text == "\n".join(lines)


# --- Pages of other layouts, and what the page lacks ----------------------------------

REAL = Path(__file__).parent / "captures" / "real" / "trahtml"


def test_the_2020_layout_is_read() -> None:
    # Saved from threadreaderapp.com in January 2020 (polettix/ETOOBUSY, see
    # tests/captures/real/SOURCES.md): the author in span.username, the date only in
    # data-time, 102 tweets with their IDs, 27 preview cards of other threads after them.
    thread = read_thread(REAL / "etoobusy-QuinnyPig-1215710451343904768-2020-01.html")
    assert (thread.author_name, thread.author_handle) == ("Corey Quinn", "QuinnyPig")
    assert thread.published_date == dt.date(2020, 1, 10)  # data-time 1578682933, UTC
    assert thread.tweet_count == len(thread.tweets) == 102
    assert thread.tweets[0].tweet_id == "1215710451343904768"
    assert thread.tweets[-1].tweet_id == "1215907771293429760"
    assert thread.tweets[0].text.startswith("Okay. For every retweet this gets (TO A POINT!)")
    assert thread.warnings == ()


def test_a_page_without_the_authors_name_leaves_it_to_the_curator(tmp_path: Path) -> None:
    path = write_page(tmp_path, *TWO_TWEETS, name="")
    thread = read_thread(path)
    assert thread.author_name is None
    assert thread.author_handle == "testauthor"
    assert [t.text for t in thread.tweets] == ["1/2 First.", "2/2 Second."]


def test_the_handle_comes_from_the_header_or_the_page_when_tweets_lack_it(tmp_path: Path) -> None:
    bare = [t.replace(' data-screenname="testauthor"', "") for t in TWO_TWEETS]
    header = '<span class="screenName"><a href="https://twitter.com/Shown">@Shown</a></span>'
    assert read_thread(write_page(tmp_path, *bare, name=NAME_HTML + header)).author_handle == "Shown"
    page = write_page(tmp_path, *bare).read_text(encoding="utf-8")
    page = page.replace("<title>", '<meta name="twitter:creator" content="@Creator"><title>')
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    assert read_thread(tmp_path / "page.html").author_handle == "Creator"
    assert read_thread(write_page(tmp_path, *bare)).author_handle is None
