"""Reader of Thread Reader App thread pages saved as HTML (threadreaderapp.com/thread/<id>.html).

The thread page is the same service's other view of a thread than the Scrolly
Tale text (``scrolly.py``); read from either, a thread gives the same tweet texts.
The parts of the page this reader uses look like this (markup as the site serves
it, copied from real pages that public scrapers of the site parse and test on)::

    <div class="prof-image"><a href="/user/KofmanMichael"><img alt="Michael Kofman Profile picture" ...></a></div>
    <h4 class="twitter_name"><a href="/user/KofmanMichael">Michael Kofman</a></h4>
    <div class="screenName tw-follow"><a href="//twitter.com/KofmanMichael">@KofmanMichael</a></div>
    <div class="thread-info"><a href="https://twitter.com/..." class="time" data-time="1762347750"
        title="Read on X">Nov 5, 2025</a> <span class="dot2">&bull;</span> 13 tweets
        <span class="dot2">&bull;</span> 3 min read ...</div>
    <div class="t-main ...">
      <div id="tweet_1" class="content-tweet allow-preview" data-controller="thread"
           data-screenname="KofmanMichael" data-tweet="1986...." dir="auto">
        First line with a <a href="https://t.co/...">example.com/page</a> and <img class="emoji" alt="🧵" ...><br />
        <br />
        Second paragraph. 1/
        <span class="entity-image"><a href="https://pbs.twimg.com/media/..."><img alt="Image" ...></a></span>
        <sup class="tw-permalink"><i class="fas fa-link"></i></sup>
      </div>
      ...
    </div>

What is read:

- the tweets: every element of class ``content-tweet`` that carries a ``data-tweet``
  attribute (the tweet's ID), in page order. Elements of that class without an ID
  are preview cards of other threads, not tweets of this one;
- each tweet's text, as a browser shows it: its text nodes in order, ``<br>`` as a
  line break, links as their visible text (also the link the page hides until its
  script swaps in a preview card: it stands in the text where the author wrote it),
  emoji images (``img`` with an ``emoji`` class or source) as their ``alt`` text.
  Runs of HTML white space (space, tab, line feed, form feed, carriage return) are
  one space and spaces at the ends of a line are dropped, as a browser renders
  them; the page's source line breaks are layout, its ``<br>`` are the tweet's.
  Every other character is kept verbatim (curly quotes, emoji, Cyrillic, NBSP);
- ``author_handle`` from the first tweet's ``data-screenname`` (without "@"), else
  the header's ``.screenName``, else the page's ``twitter:creator``;
- from the page header, the nearest ones before the first tweet: ``author_name``
  from ``h4.twitter_name`` (the layout since 2023) or ``span.username`` (the 2020
  layout), None when the page shows neither, for the curator's ``author_name`` to
  fill (a page is never refused for it); ``published_date`` from ``.thread-info .time``, the
  date as shown ("Nov 5, 2025"), or without a year ("Aug 18", the site's form for
  the current year) the year of its ``data-time`` (Unix seconds), or that time's
  UTC date alone when no date is shown; ``tweet_count`` from "<N> tweets" there
  (the number of tweets read when the page declares none).

Layouts change: the 2020 layout (``span.username``, ``span.screenName``, an empty
``a.time`` with ``data-time`` in ``span.thread-info``, "102 tweets,") and today's are
both read; any page whose tweets are ``content-tweet`` elements with IDs is read.

What is ignored: everything outside the tweets and the header parts above
(the ``<head>`` and its og:description, navigation, share and unroll dialogs,
"Subscribe", "Read on X", Scrolly/Bookmark/PDF buttons, ads, "• • •", "Missing
some Tweet in this thread?", "Keep Current with", "This Thread may be Removed
Anytime!", "More from @…" with its preview cards, "Become a Premium Member",
donations, footer, scripts), and inside a tweet the permalink icon
(``sup.tw-permalink``), media (``.entity-image``, ``.entity-video``, ``video``,
other images), quoted-tweet embeds (``.entity-embed``), preview cards (``.row``)
and script, style and template elements. HTML comments are not text.

Decisions: the page shows no author bio (the Scrolly view does), so ``author_bio``
is None; it has no per-tweet time or language, so those are None too (a time is
never derived from a tweet ID), and ``captured_at`` is None (a saved page does
not say when it was saved). A tweet that shows no text (media only) cannot be a
row of the tweets table: it is left out with a tweet-count-mismatch warning
naming its ID, as the Scrolly text, which has no paragraph for it, leaves it out.
A page declaring another count than the tweets read gets the same warning; no
tweet is ever invented. The HTML is parsed with the standard library's parser
(through BeautifulSoup), never with regular expressions; line numbers are the
parser's source lines, after line endings are normalised to "\\n".

Limits: BeautifulSoup builds a Python object of every tag, taking tens of
microseconds and a kilobyte or so each, so a page may be at most DOCUMENT_LIMIT
(16 MiB) and hold at most MAX_PAGE_TAGS tags (counted as the "<" in it, before it is
parsed), which keeps its tweets within THREAD_TWEETS_LIMIT too. A thread page has about
thirty tags a tweet, and a few thousand around them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from threadarchive import contract
from threadarchive.capture import markers
from threadarchive.capture.formats.base import declared_count, decode_utf8, read_document
from threadarchive.capture.formats.scrolly import MONTHS
from threadarchive.capture.model import Capture, Thread, Tweet
from threadarchive.contract.findings import TWEET_COUNT_MISMATCH, Finding
from threadarchive.contract.limits import MAX_PAGE_TAGS
from threadarchive.contract.report import shown
from threadarchive.errors import CaptureError

if TYPE_CHECKING:  # BeautifulSoup is imported where pages are parsed: it costs 0.2 s to import
    from bs4 import BeautifulSoup
    from bs4.element import Tag

NAME = "threadreaderapp-html"
SUFFIX = ".html"

TWEET_CLASS = "content-tweet"
AUTHOR_CLASSES = ["twitter_name", "username"]  # the header's name: 2023 on, 2020
# Inside a tweet, what holds none of its text: the permalink icon, media, quoted
# tweets, preview cards; and elements whose content a browser never shows as text.
NOT_TEXT_CLASSES = frozenset({"tw-permalink", "entity-image", "entity-video", "entity-embed", "row"})
NOT_TEXT_TAGS = frozenset(
    {"script", "style", "noscript", "template", "video", "audio", "iframe", "object", "svg"}
)
# Every tag opens with "<", so counting them bounds the tree before it is built:
# some 3,000 tweets' worth, parsed in seconds. Each tweet is a tag at least, so this
# also keeps a page within THREAD_TWEETS_LIMIT.
HTML_SPACE = " \t\n\f\r"  # the white space HTML collapses; NBSP is not part of it
_SPACES = re.compile(f"[{HTML_SPACE}]+")
# Over the header's shown text (never over the HTML): "Nov 5, 2025", "Aug 18", "13 tweets".
_DATE = re.compile(r"(?P<month>[A-Z][a-z]{2,3}) (?P<day>[0-9]{1,2})(?:, (?P<year>[0-9]{4}))?")
_COUNT = re.compile(r"\b(?P<count>[0-9]+) tweets?\b")
_HTML_START = (b"<!doctype html", b"<html", b"<!--")


def sniff(head: bytes) -> bool:
    """HTML: after an optional BOM and white space, a doctype, ``<html``, a comment or a tag."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:16].lower()
    return start.startswith(_HTML_START) or (start[:1] == b"<" and start[1:2].isalpha())


def read(path: Path, name: str) -> Capture:
    text = decode_utf8(read_document(path, name), name)
    return Capture(source_format=NAME, threads=(parse_text(text, name),))


def parse_text(text: str, name: str = "<capture>") -> Thread:
    """Parse a saved thread page given as text; ``name`` is used in messages."""
    from bs4 import BeautifulSoup, UnusualUsageWarning
    from bs4.exceptions import ParserRejectedMarkup

    # Normalised first, so the parser's line numbers count every kind of line ending.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    tags = text.count("<")
    if tags > MAX_PAGE_TAGS:
        raise CaptureError(
            name, None, f"expected a page of at most {MAX_PAGE_TAGS:,} tags ('<'), found {tags:,}"
        )
    try:
        with warnings.catch_warnings():
            # The HTML parser is chosen on purpose, also for a page that looks like XML or a URL.
            warnings.simplefilter("ignore", UnusualUsageWarning)
            soup = BeautifulSoup(text, "html.parser")
    except ParserRejectedMarkup as exc:
        raise CaptureError(
            name, None, f"expected an HTML page, found markup the parser rejects ({exc})"
        ) from None
    elements = _tweet_elements(soup, name)
    first = elements[0]
    author_name = _author_name(first)  # None: the curator names the author
    info = first.find_previous(class_="thread-info")
    published_date = _published_date(info, first, name)
    declared = _declared_count(info, name)

    found: list[tuple[Tag, str, str]] = []  # element, tweet ID, text
    findings: list[Finding] = []  # the thread's warnings
    seen: dict[str, int] = {}
    for element in elements:
        tweet_id = _tweet_id(element, name)
        if tweet_id in seen:
            msg = f"expected each tweet once, found tweet {tweet_id} again (first on line {seen[tweet_id]})"
            raise CaptureError(name, element.sourceline, msg)
        seen[tweet_id] = element.sourceline or 0
        tweet_text = _shown_text(element)
        if tweet_text:
            found.append((element, tweet_id, tweet_text))
        else:
            message = (
                f"tweet {tweet_id} shows no text (media only) and is left out: the archive holds tweet texts"
            )
            findings.append(_mismatch(message, name, element))

    if not found:
        msg = f"expected at least one tweet with text, found {len(elements)} without any (media only)"
        raise CaptureError(name, first.sourceline, msg)
    texts = [tweet_text for _, _, tweet_text in found]
    tweets = tuple(
        Tweet(
            position=position, marker=marker, text=tweet_text, line=element.sourceline or 0, tweet_id=tweet_id
        )
        for position, ((element, tweet_id, tweet_text), marker) in enumerate(
            zip(found, markers.thread_markers(texts), strict=True), start=1
        )
    )
    tweet_count = len(tweets) if declared is None else declared
    if len(tweets) != tweet_count:
        message = (
            f"the page declares {tweet_count} tweet(s) but shows {len(tweets)} with text; "
            "a tweet missing from the capture is reported, never invented"
        )
        findings.append(_mismatch(message, name, info or first))
    handle = _author_handle(first, soup)
    return Thread(
        author_name=author_name,
        author_bio=None,  # the thread page shows none
        published_date=published_date,
        tweet_count=tweet_count,
        tweets=tweets,
        source_format=NAME,
        author_handle=handle,
        warnings=tuple(findings),
    )


def _shown_text(element: Tag) -> str:
    """The text a browser shows for ``element``, as the module docstring describes it."""
    from bs4.element import NavigableString, PageElement, Tag

    lines: list[list[str]] = [[]]
    # A stack, not recursion: a page may nest elements deeper than Python recurses.
    stack: list[PageElement] = list(reversed(element.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            if node.name == "br":
                lines.append([])
            elif node.name == "img":
                if _is_emoji(node):
                    lines[-1].append(_attr(node, "alt"))
            elif not _hides_text(node):
                stack.extend(reversed(node.contents))
        elif type(node) is NavigableString:  # not a comment, CDATA, doctype or script text
            lines[-1].append(node)
    shown = [_SPACES.sub(" ", "".join(parts)).strip(HTML_SPACE) for parts in lines]
    # Blank lines at either end are no part of the text (as the Scrolly reader has it);
    # cut by index, as popping the first of many "<br>" one at a time is quadratic.
    kept = [i for i, line in enumerate(shown) if line.strip()]
    return "\n".join(shown[kept[0] : kept[-1] + 1]) if kept else ""


def _tweet_elements(soup: BeautifulSoup, name: str) -> list[Tag]:
    from bs4.element import Tag

    candidates = [tag for tag in soup.find_all(class_=TWEET_CLASS) if isinstance(tag, Tag)]
    elements = [tag for tag in candidates if tag.has_attr("data-tweet")]
    if not elements:
        line = candidates[0].sourceline if candidates else None
        found = f"{len(candidates)} without a data-tweet ID" if candidates else "none"
        msg = (
            "expected a Thread Reader App thread page "
            f"(elements with class {TWEET_CLASS} and a data-tweet ID), found {found}"
        )
        raise CaptureError(name, line, msg)
    return elements


def _tweet_id(element: Tag, name: str) -> str:
    value = _attr(element, "data-tweet").strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 20):
        msg = f"expected a tweet ID (1 to 20 digits) in data-tweet, found {shown(value)}"
        raise CaptureError(name, element.sourceline, msg)
    return value


def _author_name(first: Tag) -> str | None:
    """The author's name in the page header: ``h4.twitter_name`` (2023 on) or
    ``span.username`` (2020); None when the page shows none."""
    from bs4.element import Tag

    header = first.find_previous(class_=AUTHOR_CLASSES)
    author = _shown_text(header).replace("\n", " ").strip() if isinstance(header, Tag) else ""
    return author or None


def _author_handle(first: Tag, soup: BeautifulSoup) -> str | None:
    """The first tweet's ``data-screenname``; else the header's ``.screenName``; else
    the page's ``twitter:creator``: without "@", None when the page names none."""
    from bs4.element import Tag

    handle = _attr(first, "data-screenname").strip()
    if not handle:
        shown_name = first.find_previous(class_="screenName")
        handle = _shown_text(shown_name).strip() if isinstance(shown_name, Tag) else ""
    if not handle:
        creator = soup.find("meta", attrs={"property": "twitter:creator"}) or soup.find(
            "meta", attrs={"name": "twitter:creator"}
        )
        handle = _attr(creator, "content").strip() if isinstance(creator, Tag) else ""
    handle = handle.removeprefix("@")
    return handle if handle and contract.fullmatch("threads", "author_handle", handle) else None


def _published_date(info: Tag | None, first: Tag, name: str) -> dt.date:
    from bs4.element import Tag

    time = info.find(class_="time") if info else None
    if not isinstance(time, Tag):
        msg = "expected the thread's date (class time in class thread-info) in the page header, found none"
        raise CaptureError(name, (info or first).sourceline, msg)
    line = time.sourceline
    date_text = _shown_text(time).strip()
    match = _DATE.fullmatch(date_text)
    month = MONTHS.get(match["month"]) if match else None
    if match and month and match["year"]:
        try:
            return dt.date(int(match["year"]), month, int(match["day"]))
        except ValueError as exc:
            raise CaptureError(
                name, line, f"expected a real date, found {shown(date_text)} ({exc})"
            ) from None
    stamp = _data_time(time, name)
    if stamp is None:
        msg = f"expected a date like 'Nov 5, 2025' (or a data-time) in the page header, found {shown(date_text)}"
        raise CaptureError(name, line, msg)
    if not (match and month):
        return stamp  # no date shown that can be read: the time the page carries
    # "Aug 18": the site leaves out the current year; the one nearest the tweet's time.
    nearest = _nearest(month, int(match["day"]), stamp)
    if nearest is None:
        raise CaptureError(name, line, f"expected a real date, found {shown(date_text)}")
    return nearest


def _nearest(month: int, day: int, stamp: dt.date) -> dt.date | None:
    """The month and day in the year (of the three around ``stamp``) nearest to it."""
    dates = []
    for year in (stamp.year - 1, stamp.year, stamp.year + 1):
        with contextlib.suppress(ValueError):  # Feb 29 in other years, years beyond 1..9999
            dates.append(dt.date(year, month, day))
    return min(dates, key=lambda date: abs(date - stamp), default=None)


def _data_time(time: Tag, name: str) -> dt.date | None:
    """The UTC date of the ``data-time`` attribute (Unix seconds), if there is one."""
    value = _attr(time, "data-time").strip()
    if not value:
        return None
    try:
        if not (value.isascii() and value.isdigit()):
            raise ValueError("not a number")
        return dt.datetime.fromtimestamp(int(value), dt.UTC).date()
    except (ValueError, OverflowError, OSError) as exc:
        msg = f"expected a Unix time in data-time, found {shown(value)} ({exc})"
        raise CaptureError(name, time.sourceline, msg) from None


def _declared_count(info: Tag | None, name: str) -> int | None:
    match = _COUNT.search(_shown_text(info)) if info else None
    if info is None or match is None:
        return None
    return declared_count(match["count"], name, info.sourceline, shown(match[0]))


def _mismatch(message: str, name: str, element: Tag) -> Finding:
    return TWEET_COUNT_MISMATCH(message, severity="warning", path=name, line=element.sourceline)


def _attr(tag: Tag, key: str) -> str:
    value = tag.get(key)
    return value if isinstance(value, str) else " ".join(value or ())


def _classes(tag: Tag) -> list[str]:
    return tag.get_attribute_list("class")


def _is_emoji(img: Tag) -> bool:
    # Twemoji and the like: <img class="emoji" alt="🧵" src=".../emoji/...">; media images are not.
    marks = [*_classes(img), _attr(img, "src"), _attr(img, "data-src")]
    return any("emoji" in mark.lower() for mark in marks)


def _hides_text(tag: Tag) -> bool:
    classes = set(_classes(tag))
    # A tweet nested in another is a tweet of its own, not text of the outer one.
    return tag.name in NOT_TEXT_TAGS or bool(classes & NOT_TEXT_CLASSES) or TWEET_CLASS in classes
