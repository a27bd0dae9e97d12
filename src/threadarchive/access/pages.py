"""The HTML of a site's threads, written in Python, not through Jinja: at a million tweets
Jinja's call per expression was most of a site's time. ``thread_html`` is the one
definition of a thread's body, on a page of its own and on a page of threads alike; the
templates only frame the markup it returns. Values are escaped as Jinja's autoescape
does (``escape_html``), so the pages read as when a template wrote them. Beside them,
``linked_pages``: which index pages an index page links to."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from threadarchive import contract
from threadarchive.contract.limits import MAX_PROVENANCE_CHARS

if TYPE_CHECKING:
    from markupsafe import Markup

_MARKUP = re.compile(r"[&<>'\"]").search  # what escape_html replaces
PAGE_LINKS = 5  # index pages linked on either side of the one shown (and the first and last)


def permalink(handle: str | None, tweet_id: object) -> str | None:
    """The tweet's URL on X when its ID is known: with the handle, or through /i/."""
    if not isinstance(tweet_id, str) or not contract.fullmatch("tweets", "tweet_id", tweet_id):
        return None
    return f"https://x.com/{handle or 'i'}/status/{tweet_id}"


def http_url(value: object) -> str | None:
    """``value`` if it is an http(s) URL without white space, else None (never a javascript: link)."""
    if not isinstance(value, str) or not value.lower().startswith(("http://", "https://")):
        return None
    return value if value.isprintable() and not any(c.isspace() for c in value) else None


def provenance_pairs(value: object) -> list[tuple[str, str]]:
    """A capture's ``provenance`` cell (a JSON object of strings) as the (key, value)
    pairs the provenance panel lists, in its order; nothing for an empty cell. A cell
    that is no such object (a hand-edited table) is shown as it stands, under
    ``provenance``, and one longer than MAX_PROVENANCE_CHARS (which validation refuses)
    is shown cut there, so a page stays bounded; characters that are not printable are
    shown as escapes.

    Parameters
    ----------
    value
        The cell, as the captures table holds it.

    Returns
    -------
    list of tuple
        Each key and its value, as text.
    """
    if not isinstance(value, str) or not value:
        return []
    if len(value) > MAX_PROVENANCE_CHARS:  # past the schema's bound (an unvalidated release): cut, not parsed
        return [("provenance", _printable(value[:MAX_PROVENANCE_CHARS]) + "\u2026")]
    try:
        parsed = json.loads(value)
    except (ValueError, RecursionError):
        parsed = None
    if not isinstance(parsed, dict):
        return [("provenance", _printable(value))]
    return [
        (_printable(k), _printable(v if isinstance(v, str) else json.dumps(v))) for k, v in parsed.items()
    ]


def _printable(text: str) -> str:
    """``text`` with each character that is not printable (a line break, a control, a
    bidirectional override, a lone surrogate no UTF-8 page can hold) shown as its escape."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}" for c in text
    )


def linked_pages(page: int, pages: int) -> list[int | None]:
    """The index pages a page's navigation links to, in order, None where pages are left
    out: the first, the last and PAGE_LINKS either side of ``page``. Every page listed
    every other made the index quadratic: 1,541 pages of 1,541 links at 10M tweets."""
    near = range(max(1, page - PAGE_LINKS), min(pages, page + PAGE_LINKS) + 1)
    numbers = sorted({1, pages, *near})
    linked: list[int | None] = []
    for number in numbers:
        if linked and number - (linked[-1] or 0) == 2:
            linked.append(number - 1)  # a gap of one page: the page, not an ellipsis
        elif linked and number - (linked[-1] or 0) > 2:
            linked.append(None)
        linked.append(number)
    return linked


def tweets_html(tweets: list[dict[str, Any]], *, english: bool, prefix: str = "", level: int = 2) -> Markup:
    """The items of a thread's list of tweets. Written here, not in the template: a
    million tweets through Jinja's per-expression calls took most of a site's time.
    Only the text and the marker are escaped (as Jinja escapes them): the position is an
    integer, and the link, its tweet ID and ``prefix`` (a thread ID) match the contract's
    patterns, which admit no character HTML would read."""
    from markupsafe import Markup

    lang = "" if english else ' lang="en"'
    items = []
    for tweet in tweets:
        position = str(tweet["position"])
        anchor = f"{prefix}t{position}"
        marker = tweet.get("marker")
        marked = f' <span class="marker">marker <code>{escape_html(marker)}</code></span>' if marker else ""
        link = tweet.get("permalink")
        on_x = f' · <a href="{link}">on X ({tweet["tweet_id"]})</a>' if link else ""
        items.append(
            f'<li id="{anchor}">\n<article class="tweet" aria-labelledby="{anchor}-heading">\n'
            f'<h{level} id="{anchor}-heading"{lang}>Tweet {position}{marked}</h{level}>\n'
            f'<p class="text" dir="auto">{escape_html(tweet["text"])}</p>\n'
            f'<p class="links"{lang}><a href="#{anchor}">§ link here</a>{on_x}</p>\n</article>\n</li>\n'
        )
    return Markup("".join(items))


def thread_html(item: dict[str, Any], context: dict[str, Any], *, h: int, a: str) -> Markup:
    """A thread's article and provenance panel: its facts, the curators' notes, its tweets
    (``item["tweets_html"]``, from ``tweets_html``) and where it came from.

    Parameters
    ----------
    item: the thread (``thread``: its row, a dict or a namespace), ``tweets``, ``handle``
        and ``source_url`` (None unless a contract-valid handle, an http(s) URL), ``lang``,
        ``notes``, ``provenance`` (``provenance_pairs``) and ``tweets_html``.
    context: what every page says of the release (``site._site_context``).
    h: the level of its heading: 1 on a page of its own, 2 among others.
    a: the prefix of its ids: empty on a page of its own, ``<thread_id>-`` among others.

    Returns
    -------
    The HTML, every value from the release escaped.
    """
    from markupsafe import Markup

    e = escape_html
    thread, handle, tlang = item["thread"], item["handle"], item["lang"]
    t = thread.__dict__ if isinstance(thread, SimpleNamespace) else thread
    en = "" if tlang == "en" else ' lang="en"'
    date = e(t["published_date"])
    out = [
        f'<article class="thread" aria-labelledby="{e(a)}thread-heading">\n',
        f'<h{h} id="{e(a)}thread-heading">Thread by <bdi>{e(t["author_name"])}</bdi>',
        f' <span class="handle">@{e(handle)}</span>' if handle else "",
        f"</h{h}>\n",
        f'<dl class="facts"{en}>\n',
        f'<div><dt>Date</dt><dd><time datetime="{date}">{date}</time></dd></div>\n',
        f"<div><dt>Tweets</dt><dd>{len(item['tweets'])} archived of {e(t['tweet_count'])} declared</dd></div>\n",
    ]
    if t["known_gaps"]:
        out.append(f'<div><dt>Known gaps</dt><dd dir="auto">{e(t["known_gaps"])}</dd></div>')
    out.append(f"<div><dt>Language</dt><dd>{e(t['language'] or 'not recorded')}</dd></div>\n")
    source_url = item["source_url"]
    if source_url:
        source = f'<a href="{e(source_url)}">{e(source_url)}</a>'
    else:
        source = e(t["source_url"]) if t["source_url"] else "not recorded"
    out.append(f"<div><dt>Source</dt><dd>{source}</dd></div>\n</dl>\n")
    if item["notes"]:
        out.append(
            f'<section class="notes" aria-labelledby="{e(a)}notes-heading"{en}>\n'
            f'<h{h + 1} id="{e(a)}notes-heading">Curators\' notes on anomalies</h{h + 1}>\n'
            "<p>What validation found in this thread and a curator checked and kept as captured:</p>\n<ul>\n"
        )
        for note in item["notes"]:
            position = note.get("position")
            where = f'<a href="#{e(a)}t{e(position)}">Tweet {e(position)}</a>' if position else "The thread"
            out.append(
                f'<li>{where}: <code>{e(note.get("finding"))}</code>. <span dir="auto">{e(note.get("note"))}</span></li>\n'
            )
        out.append("</ul>\n</section>\n")
    if item["tweets"]:
        out.append(f'<ol class="tweets">\n{item["tweets_html"]}</ol>\n')
    else:
        out.append(f"<p{en}>No tweets of this thread are archived.</p>\n")
    out.append(
        f'</article>\n<aside class="provenance" aria-labelledby="{e(a)}provenance-heading"{en}>\n'
        f'<h{h + 1} id="{e(a)}provenance-heading">Provenance</h{h + 1}>\n<dl>\n'
        f"<div><dt>Thread ID</dt><dd><code>{e(t['thread_id'])}</code></dd></div>\n"
        f"<div><dt>Capture SHA-256</dt><dd><code>{e(t['capture_sha256'])}</code></dd></div>\n"
        f"<div><dt>Capture format</dt><dd><code>{e(t['source_format'])}</code></dd></div>\n"
        f"<div><dt>Captured at</dt><dd>{e(t['captured_at'] or 'not recorded')}</dd></div>\n"
        f"<div><dt>Capture file</dt><dd><code>data/raw/{e(t['capture_path'])}</code></dd></div>\n"
    )
    if item["provenance"]:
        listed = "".join(
            f'<li><code>{e(key)}</code>: <span dir="auto">{e(value)}</span></li>'
            for key, value in item["provenance"]
        )
        out.append(f'<div><dt>Container</dt><dd><ul class="container">{listed}</ul></dd></div>\n')
    out.append(
        f"<div><dt>Release</dt><dd>{e(context['version'])} of {e(context['site_title'])}, "
        f"{e(context['created'])}</dd></div>\n"
    )
    if t["rights"]:
        out.append(f'<div><dt>Rights</dt><dd dir="auto">{e(t["rights"])}</dd></div>')
    doi_url = context["doi_url"]
    out.append(
        f"</dl>\n<h{h + 2}>How to cite</h{h + 2}>\n"
        f'<p class="cite"><bdi>{e(t["author_name"])}</bdi>{f" (@{e(handle)})" if handle else ""}, thread of {date}, '
        f"thread <code>{e(t['thread_id'])}</code> in: {e(context['cite'])}"
        f"{f' <a href={chr(34)}{e(doi_url)}{chr(34)}>{e(doi_url)}</a>' if doi_url else ''}</p>\n</aside>\n"
    )
    return Markup("".join(out))


def escape_html(value: object) -> str:
    """``value`` as HTML text, exactly as Jinja's autoescape writes it (markupsafe: ``&#39;``
    and ``&#34;`` for the quotes), without making a Markup object of each; a text with
    nothing to escape, most of them, is returned after one search."""
    text = str(value)
    if _MARKUP(text) is None:
        return text
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )
