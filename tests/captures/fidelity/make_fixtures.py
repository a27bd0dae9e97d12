"""Write the fidelity fixtures: the seed thread as two more formats would save it.

Run from the repository's root: ``python tests/captures/fidelity/make_fixtures.py``.
The texts come from the seed's Scrolly text (``tests/captures/scrolly/``), the
shapes from the real files under ``tests/captures/real/`` (see STRUCTURE.md there):

- ``kofman-trahtml-2020-layout.html``: a Thread Reader App page in the 2020 layout of
  ``real/trahtml/etoobusy-QuinnyPig-…``: ``div.content-tweet[id=tweet_N][data-tweet]
  [data-screenname]``, the author in ``span.username``/``span.screenName``, the date
  only in ``a.time[data-time]``, "13 tweets,". Tweet 9 is shown as edited (see EDIT).
- ``kofman-TweetDetail-S3.json``: a ``TweetDetail`` response body in the S3 shape of
  ``real/graphql/twscrape-TweetDetail-2026-08-S3-core-profile_bio.json`` (user in
  ``core`` + ``profile_bio``, no ``legacy``): the first post as entry ``tweet-<id>``,
  the author's continuation in one ``conversationthread-<id>`` module. Tweet 9 is the
  edited text; tweet 4 is a long post's shape without its ``note_tweet``: ``full_text``
  cut, ending "…" and a t.co link, ``display_text_range`` ending at the cut, as the
  real ``…-2023-note_tweet.json`` has it.

The files are committed; this script documents how they were made and remakes them
byte for byte.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "scrolly" / "kofman-pokrovsk-2025-11-05.txt"

NAME, HANDLE, USER_ID = "Michael Kofman", "KofmanMichael", "2346873968"
BIO = "Senior Fellow, Carnegie Endowment. Defense analysis with a focus on the Russian and Ukrainian militaries."
# The tweet IDs of the thread (as the Thread Reader App page of round 1 lists them).
IDS = [
    "1986056528769967229", "1986056723575846513", "1986056894575272181", "1986057035406644148",
    "1986057133249792628", "1986057401147636908", "1986057526354897425", "1986057625524747725",
    "1986057845884800577", "1986058083292535060", "1986058149945750799", "1986058312905977952",
    "1986058478589852200",
]  # fmt: skip
EDIT = (9, "extract people from pocket", "extract people from the pocket")  # a one-word correction
CUT = (4, 250, "https://t.co/Q7vKfXa2Lm")  # tweet, characters kept, the link X appends


def seed_texts() -> list[str]:
    """The 13 tweets of the seed's Scrolly text, verbatim."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = lines.index("Nov 5, 2025, 13 tweets") + 2
    end = lines.index("Share this Scrolly Tale with your friends.")
    texts = [t for t in lines[start:end] if t]
    assert len(texts) == 13, len(texts)
    return texts


def edited(texts: list[str]) -> list[str]:
    position, old, new = EDIT
    out = list(texts)
    assert old in out[position - 1]
    out[position - 1] = out[position - 1].replace(old, new)
    return out


def posted(tweet_id: str) -> dt.datetime:
    """When a tweet was posted: its ID's Snowflake timestamp."""
    ms = (int(tweet_id) >> 22) + 1288834974657
    return dt.datetime.fromtimestamp(ms // 1000, dt.UTC)


def page(texts: list[str]) -> str:
    first = int(posted(IDS[0]).timestamp())
    title = html.escape(texts[0][:140], quote=True) + "…"
    tweets = "\n".join(
        '<div class="row t-tweet">\n<div class="col-12">\n'
        f'<div id="tweet_{n}" data-screenname="{HANDLE}" data-tweet="{tweet_id}" class="content-tweet allow-preview" dir="auto">\n'
        f"{html.escape(text, quote=False)}\n"
        '<sup class="tw-permalink"><i class="fas fa-link"></i></sup>\n'
        "</div>\n</div>\n</div>"
        for n, (tweet_id, text) in enumerate(zip(IDS, texts, strict=True), start=1)
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
<title>Thread by @{HANDLE}: {title}</title>
<meta property="og:title" content="Thread by @{HANDLE}: {title}" />
<meta property="og:url" content="https://threadreaderapp.com/thread/{IDS[0]}.html" />
<meta property="article:author" content="https://twitter.com/{HANDLE}" />
<meta property="twitter:card" content="summary_large_image" />
<meta property="twitter:creator" content="@{HANDLE}" />
</head>
<body>
<article class="container narrow">
<div class="row t-user">
<div class="col-12">
<div class="box-user">
<div class="d-flex justify-content-between align-items-center">
<div class="avatar align-self-center">
<a href="https://twitter.com/{HANDLE}" target="_blank">
<img src="https://threadreaderapp.com/images/avatars/{USER_ID}.jpg" alt="Profile picture" onerror="imgErr(this)">
</a>
</div>
<div style="flex-grow:1; min-width:0;">
<div class="d-flex justify-content-between align-items-center">
<div style="flex-grow:1; min-width:0;">
<span class="username mr-2">
<a href="https://twitter.com/{HANDLE}" target="_blank">{NAME}</a>
</span>
</div>
</div>
<div class="d-flex align-self-center justify-content-between mt-1">
<span class="screenName mr-2"><a href="https://twitter.com/{HANDLE}">@{HANDLE}</a></span>
</div>
</div>
</div>
<div class="mt-2">
<span class=" thread-info">
<a href="https://twitter.com/{HANDLE}/status/{IDS[0]}" class="time" data-time="{first}" style="float:none;" title="Read on Twitter"></a>,
<span class="count">
13 tweets,
3 min read
</span>
</span>
</div>
</div>
</div>
</div>
<div class="t-main">
{tweets}
</div>
</article>
<div class="container">
<span class="force-text">
Missing some Tweet in this thread? You can try to <a href="#" class="action-force">force a refresh</a>.
</span>
</div>
</body>
</html>
"""


def user() -> dict[str, object]:
    """The author in the S3 shape: ``core`` and ``profile_bio``, no ``legacy``."""
    return {
        "__typename": "User",
        "avatar": {
            "image_url": "https://pbs.twimg.com/profile_images/1583174253497065472/xGO0o6fF_normal.jpg"
        },
        "core": {"created_at": "Tue Feb 18 00:10:06 +0000 2014", "name": NAME, "screen_name": HANDLE},
        "id": "VXNlcjoyMzQ2ODczOTY4",
        "is_blue_verified": True,
        "privacy": {"protected": False},
        "profile_bio": {"description": BIO, "entities": {"description": {}}},
        "rest_id": USER_ID,
        "verification": {"verified": False},
    }


def tweet(n: int, text: str) -> dict[str, object]:
    tweet_id = IDS[n - 1]
    legacy: dict[str, object] = {
        "bookmark_count": 0,
        "conversation_id_str": IDS[0],
        "created_at": posted(tweet_id).strftime("%a %b %d %H:%M:%S +0000 %Y"),
        "display_text_range": [0, len(text)],
        "entities": {},
        "favorite_count": 0,
        "full_text": text,
        "id_str": tweet_id,
        "is_quote_status": False,
        "lang": "en",
        "quote_count": 0,
        "reply_count": 0,
        "retweet_count": 0,
        "user_id_str": USER_ID,
    }
    if n > 1:
        legacy |= {
            "in_reply_to_screen_name": HANDLE,
            "in_reply_to_status_id_str": IDS[n - 2],
            "in_reply_to_user_id_str": USER_ID,
        }
    if n == CUT[0]:  # the shape of a long post's legacy text without its note_tweet
        kept = text[: CUT[1]]
        legacy["full_text"] = f"{kept}… {CUT[2]}"
        legacy["display_text_range"] = [0, len(kept) + 1]
        legacy["entities"] = {
            "urls": [
                {
                    "display_url": f"x.com/i/web/status/{tweet_id}",
                    "expanded_url": f"https://twitter.com/i/web/status/{tweet_id}",
                    "indices": [len(kept) + 2, len(kept) + 2 + len(CUT[2])],
                    "url": CUT[2],
                }
            ]
        }
    return {
        "__typename": "Tweet",
        "core": {"user_results": {"result": user()}},
        "edit_control": {
            "edit_tweet_ids": [tweet_id],
            "editable_until_msecs": str(int(posted(tweet_id).timestamp() * 1000) + 3600000),
            "edits_remaining": "5",
            "is_edit_eligible": True,
        },
        "is_translatable": False,
        "legacy": legacy,
        "rest_id": tweet_id,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "views": {"state": "EnabledWithCount", "count": "100000"},
    }


def item(n: int, text: str) -> dict[str, object]:
    return {
        "__typename": "TimelineTweet",
        "itemType": "TimelineTweet",
        "tweetDisplayType": "SelfThread",
        "tweet_results": {"result": tweet(n, text)},
    }


def detail(texts: list[str]) -> dict[str, object]:
    module = f"conversationthread-{IDS[1]}"
    entries = [
        {
            "content": {
                "__typename": "TimelineTimelineItem",
                "clientEventInfo": {"component": "tweet", "element": "tweet"},
                "entryType": "TimelineTimelineItem",
                "itemContent": item(1, texts[0]),
            },
            "entryId": f"tweet-{IDS[0]}",
            "sortIndex": "7237315508084808578",
        },
        {
            "content": {
                "__typename": "TimelineTimelineModule",
                "clientEventInfo": {"component": "tweet"},
                "displayType": "VerticalConversation",
                "entryType": "TimelineTimelineModule",
                "items": [
                    {
                        "entryId": f"{module}-tweet-{IDS[n - 1]}",
                        "item": {
                            "clientEventInfo": {"component": "tweet", "element": "tweet"},
                            "itemContent": item(n, texts[n - 1]),
                        },
                    }
                    for n in range(2, 14)
                ],
                "metadata": {"conversationMetadata": {"allTweetIds": IDS[1:], "enableDeduplication": True}},
            },
            "entryId": module,
            "sortIndex": "7237315508084808577",
        },
    ]
    instructions = [
        {"type": "TimelineClearCache"},
        {"type": "TimelineAddEntries", "entries": entries},
        {"direction": "Top", "type": "TimelineTerminateTimeline"},
    ]
    return {"data": {"threaded_conversation_with_injections_v2": {"instructions": instructions}}}


def main() -> None:
    texts = edited(seed_texts())
    (HERE / "kofman-trahtml-2020-layout.html").write_text(page(texts), encoding="utf-8", newline="\n")
    body = json.dumps(detail(texts), ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    (HERE / "kofman-TweetDetail-S3.json").write_text(body, encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main()
