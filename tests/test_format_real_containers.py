"""Container readers on files their tools wrote: Zeeschuimer, twitter-web-exporter, HAR, WARC, WACZ.

The files are under tests/captures/{zeeschuimer,exporter,har,warc,wacz}/; each folder's
SOURCE.md says which tool wrote each, its version, and how. Every expectation here
comes from reading the file with plain code (json, zipfile, warcio's record
iterator), never from the reader: the self-reply chains are rebuilt from each
tweet's ``in_reply_to_status_id_str`` and ``user_id_str``.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from threadarchive.capture.chains import EXPECTED_THREAD
from threadarchive.capture.formats import detect
from threadarchive.capture.model import Capture

from .test_format_containers import read, refused

CAPTURES = Path(__file__).parent / "captures"
ZEESCHUIMER = CAPTURES / "zeeschuimer"
EXPORTER = CAPTURES / "exporter"
HAR = CAPTURES / "har" / "chromium-playwright-TweetDetail-S1.har"
WARC = CAPTURES / "warc" / "warcio-capture_http-TweetDetail-S1.warc.gz"
WACZ = CAPTURES / "wacz" / "py-wacz-0.5.0-TweetDetail-S1.wacz"
WACZ_1_0 = CAPTURES / "wacz" / "py-wacz-valid_example_1-wacz1.0.0.wacz"
WACZ_SIGNED = CAPTURES / "wacz" / "py-wacz-valid_signed_example_1-browsertrix.wacz"
Json = dict[str, Any]


# --- An independent reading ----------------------------------------------------------------


def tweet_results(body: Any) -> Iterator[Json]:
    """Every tweet object in a GraphQL body (unwrapping TweetWithVisibilityResults),
    outside quoted and retweeted tweets."""
    if isinstance(body, dict):
        if body.get("__typename") == "TweetWithVisibilityResults":
            body = body["tweet"]  # its inner tweet has no __typename
        if "rest_id" in body and isinstance(body.get("legacy"), dict) and "full_text" in body["legacy"]:
            yield body
            return
        for key, value in body.items():
            if key not in ("quoted_status_result", "retweeted_status_result"):
                yield from tweet_results(value)
    elif isinstance(body, list):
        for value in body:
            yield from tweet_results(value)


def chains(tweets: list[Json]) -> list[list[str]]:
    """The self-reply chains of two or more tweets: from each tweet that answers no
    tweet of its own author in the file, the author's replies to it, in turn."""
    by_id = {t["rest_id"]: t["legacy"] for t in tweets}
    found = []
    for tweet_id, legacy in by_id.items():
        parent = by_id.get(legacy.get("in_reply_to_status_id_str") or "")
        if parent is not None and parent["user_id_str"] == legacy["user_id_str"]:
            continue  # not a root
        chain = [tweet_id]
        while True:
            children = [
                i for i, x in by_id.items()
                if x.get("in_reply_to_status_id_str") == chain[-1] and x["user_id_str"] == legacy["user_id_str"]
            ]  # fmt: skip
            if len(children) != 1:
                break
            chain.append(children[0])
        if len(chain) > 1:
            found.append(chain)
    return found


def utc(text: str, layout: str) -> str:
    return dt.datetime.strptime(text, layout).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def assert_threads_match(capture: Capture, tweets: list[Json]) -> None:
    """The reader's threads are the chains read here, with each tweet's author and date."""
    by_id = {t["rest_id"]: t for t in tweets}
    expected = chains(tweets)
    assert expected, "the file holds a thread"
    assert [[t.tweet_id for t in thread.tweets] for thread in capture.threads] == expected
    for thread in capture.threads:
        first = by_id[thread.tweets[0].tweet_id or ""]
        user = first["core"]["user_results"]["result"]
        names = user.get("core") or user["legacy"]  # S2/S3 keep them in core, S1 in legacy
        assert thread.author_id == first["legacy"]["user_id_str"] == user["rest_id"]
        assert thread.author_handle == names["screen_name"]
        assert thread.author_name == names["name"]
        for tweet in thread.tweets:
            legacy = by_id[tweet.tweet_id or ""]["legacy"]
            assert tweet.created_at == utc(legacy["created_at"], "%a %b %d %H:%M:%S %z %Y")
            assert tweet.text == legacy["full_text"]


# --- Zeeschuimer -------------------------------------------------------------------------------


def zeeschuimer_items(path: Path) -> list[Json]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_zeeschuimers_items_of_a_thread_page_give_the_thread_with_collection_provenance() -> None:
    path = ZEESCHUIMER / "zeeschuimer-1.14.2-TweetDetail-S1.ndjson"
    items = zeeschuimer_items(path)
    assert detect(path, path.name).NAME == "zeeschuimer-ndjson"
    capture = read(path)
    assert_threads_match(capture, [t for i in items for t in tweet_results(i["data"])])
    (thread,) = capture.threads
    # Reply items carry item_id as a JavaScript number: its last digits are gone.
    lost = [i for i in items if isinstance(i["item_id"], int) and str(i["item_id"]) != i["data"]["rest_id"]]
    assert {i["data"]["rest_id"] for i in lost} >= {t.tweet_id for t in thread.tweets[1:]}
    first = min(i["timestamp_collected"] for i in items)
    assert capture.captured_at == dt.datetime.fromtimestamp(first / 1000, dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert thread.source_url == items[0]["source_platform_url"]
    provenance = dict(capture.provenance)
    assert provenance["platform"] == items[0]["source_platform"] == "twitter.com"
    assert provenance["user_agent"] == items[0]["user_agent"]


def test_zeeschuimers_items_of_a_page_without_a_thread_are_counted_in_the_refusal() -> None:
    # The promoted reply is a TweetWithVisibilityResults without rest_id at its top, so
    # Zeeschuimer's item for it has id parseInt(undefined), NaN; IndexedDB refuses NaN as a
    # key, so Zeeschuimer's duplicate lookup fails and the item is never stored or exported.
    path = ZEESCHUIMER / "zeeschuimer-1.14.2-TweetDetail-2023-promoted-TWVR.ndjson"
    items = zeeschuimer_items(path)
    body = json.loads(
        (CAPTURES / "real" / "graphql" / "twscrape-TweetDetail-2023-promoted-TWVR.json").read_bytes()
    )
    wrapped = [t["rest_id"] for t in tweet_results(body) if "__typename" not in t]  # TWVR's inner tweet
    assert len(wrapped) == 1 and all(i["item_id"] is not None for i in items)
    tweets = [t for i in items for t in tweet_results(i["data"])]
    assert {t["rest_id"] for t in tweets} == {t["rest_id"] for t in tweet_results(body)} - set(wrapped)
    assert len(tweets) == len(items) and chains(tweets) == []
    focal = tweets[0]["rest_id"]
    others = [t for t in tweets if t["legacy"].get("in_reply_to_status_id_str")]
    assert {t["legacy"]["in_reply_to_status_id_str"] for t in others} == {focal}
    assert all(t["legacy"]["user_id_str"] != tweets[0]["legacy"]["user_id_str"] for t in others)
    expected = f"read {len(tweets)} tweets ({len(others)} replies to other users, {len(tweets) - len(others)} standalone)"
    assert refused(path).reason == f"{expected}; {EXPECTED_THREAD}"


# --- twitter-web-exporter ----------------------------------------------------------------------


def exporter_records(path: Path) -> list[Json]:
    """The export's records: the JSON array, or the CSV's rows as the JSON export writes them."""
    if path.suffix == ".json":
        return list(json.loads(path.read_text(encoding="utf-8")))
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    objects = ("media", "media_tags", "metadata", "retweeted_status", "quoted_status")
    return [
        {
            k: None if v == "" else json.loads(v) if k in objects else v.replace("\\n", "\n")
            for k, v in row.items()
        }
        for row in rows
    ]


def as_tweets(records: list[Json]) -> list[Json]:
    """What an export says of each tweet: its metadata, or its columns in the tweet's shape."""
    if all(r.get("metadata") for r in records):
        return [r["metadata"] for r in records]
    return [
        {
            "rest_id": r["id"],
            "legacy": {
                "user_id_str": r["user_id"],
                "in_reply_to_status_id_str": r["in_reply_to"],
                "full_text": r["full_text"],
                "created_at": dt.datetime.strptime(r["created_at"], "%Y-%m-%d %H:%M:%S %z").strftime(
                    "%a %b %d %H:%M:%S %z %Y"
                ),
            },
            "core": {
                "user_results": {
                    "result": {
                        "rest_id": r["user_id"],
                        "core": {"screen_name": r["screen_name"], "name": r["name"]},
                    }
                }
            },
        }
        for r in records
    ]


EXPORTS = sorted(EXPORTER.glob("twitter-web-exporter-*"))


@pytest.mark.parametrize("path", EXPORTS, ids=[p.name for p in EXPORTS])
def test_the_exporters_files_give_the_thread_with_and_without_metadata(path: Path) -> None:
    records = exporter_records(path)
    metadata = "metadata" in records[0]
    assert metadata == path.stem.endswith("-metadata")
    kind = "twitter-web-exporter-json" if path.suffix == ".json" else "twitter-web-exporter-csv"
    assert kind == detect(path, path.name).NAME
    capture = read(path)
    assert_threads_match(capture, as_tweets(records))
    (thread,) = capture.threads
    assert thread.source_url == records[0]["url"]
    assert (thread.author_bio is not None) == metadata  # only the metadata has the bio
    stored = [r["metadata"]["twe_private_fields"]["updated_at"] for r in records] if metadata else []
    assert capture.captured_at == (
        dt.datetime.fromtimestamp(min(stored) / 1000, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if stored
        else None
    )


def test_the_exporters_json_and_csv_hold_the_same_records() -> None:
    for stem in ("twitter-web-exporter-TweetDetail-S3", "twitter-web-exporter-TweetDetail-S3-metadata"):
        from_json = exporter_records(EXPORTER / f"{stem}.json")
        from_csv = exporter_records(EXPORTER / f"{stem}.csv")
        for key in ("id", "full_text", "user_id", "in_reply_to", "created_at", "url", "screen_name"):
            assert [r[key] for r in from_csv] == [r[key] for r in from_json], key


# --- HAR ---------------------------------------------------------------------------------------


def test_a_har_chromium_saved_gives_the_thread_with_the_page_and_browser() -> None:
    log = json.loads(HAR.read_text(encoding="utf-8"))["log"]
    graphql = [e for e in log["entries"] if "/graphql/" in e["request"]["url"]]
    assert len(graphql) == 1 and len(log["entries"]) == 2  # the page, then its TweetDetail
    (entry,) = graphql
    assert log["pages"][0]["title"] == "X"  # a title, not the page's URL
    assert detect(HAR, HAR.name).NAME == "har"
    capture = read(HAR)
    assert_threads_match(capture, list(tweet_results(json.loads(entry["response"]["content"]["text"]))))
    (thread,) = capture.threads
    referer = {h["name"].lower(): h["value"] for h in entry["request"]["headers"]}["referer"]
    assert thread.source_url == referer == log["entries"][0]["request"]["url"]
    assert capture.captured_at == utc(entry["startedDateTime"], "%Y-%m-%dT%H:%M:%S.%f%z")
    assert {t.line for t in thread.tweets} == {log["entries"].index(entry) + 1}
    provenance = dict(capture.provenance)
    assert provenance["browser"] == f"{log['browser']['name']} {log['browser']['version']}"
    assert provenance["creator"] == f"{log['creator']['name']} {log['creator']['version']}"


# --- WARC and WACZ -----------------------------------------------------------------------------


def responses(stream: io.BufferedIOBase | io.BytesIO) -> list[tuple[int, Any, bytes]]:
    """(record number, record, payload) of each response record."""
    found = []
    for number, record in enumerate(ArchiveIterator(stream), start=1):
        if record.rec_type == "response":
            found.append((number, record.rec_headers, record.content_stream().read()))
    return found


def assert_warc_provenance(
    capture: Capture, number: int, headers: Any, payload: bytes, prefix: str = ""
) -> None:
    date, uri = headers.get_header("WARC-Date"), headers.get_header("WARC-Target-URI")
    digest = headers.get_header("WARC-Payload-Digest")
    assert digest == "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode()
    assert capture.captured_at == date
    assert dict(capture.provenance)[f"{prefix}record {number}"] == f"{date} {uri} {digest}"
    assert {t.line for thread in capture.threads for t in thread.tweets} == {number}


def test_a_warc_warcio_recorded_gives_the_thread_with_the_records_provenance() -> None:
    with WARC.open("rb") as stream:
        ((number, headers, payload),) = responses(stream)
    assert "/graphql/" in headers.get_header("WARC-Target-URI")
    assert detect(WARC, WARC.name).NAME == "warc"
    capture = read(WARC)
    assert_threads_match(capture, list(tweet_results(json.loads(payload))))
    assert_warc_provenance(capture, number, headers, payload)


def test_a_wacz_py_wacz_wrote_gives_the_thread_with_the_packages_provenance() -> None:
    with zipfile.ZipFile(WACZ) as archive:
        package = json.loads(archive.read("datapackage.json"))
        (member,) = [n for n in archive.namelist() if n.startswith("archive/")]
        ((number, headers, payload),) = responses(io.BytesIO(archive.read(member)))
    assert detect(WACZ, WACZ.name).NAME == "wacz"
    capture = read(WACZ)
    assert_threads_match(capture, list(tweet_results(json.loads(payload))))
    assert_warc_provenance(capture, number, headers, payload, prefix=f"{member}: ")
    provenance = dict(capture.provenance)
    assert (provenance["created"], provenance["software"], provenance["title"]) == (
        package["created"],
        package["software"],
        package["title"],
    )


@pytest.mark.parametrize("path", [WACZ_1_0, WACZ_SIGNED], ids=["wacz-1.0.0", "browsertrix-signed"])
def test_wacz_files_of_example_com_pass_their_hashes_and_are_refused_for_holding_no_tweets(
    path: Path,
) -> None:
    with zipfile.ZipFile(path) as archive:
        warcs = [n for n in archive.namelist() if n.startswith("archive/")]
        count = sum(len(responses(io.BytesIO(archive.read(n)))) for n in warcs)
    assert detect(path, path.name).NAME == "wacz"
    assert (
        refused(path).reason
        == f"expected responses of X's GraphQL or API v2, found {count} other response(s)"
    )


def rewritten(path: Path, folder: Path, change: Any) -> Path:
    """A copy of a WACZ whose datapackage.json is changed by ``change``."""
    out = folder / path.name
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "datapackage.json":
                package = json.loads(data)
                change(package)
                data = json.dumps(package).encode()
            target.writestr(info, data)
    return out


def test_a_wacz_1_0_0_hash_is_checked_not_skipped(tmp_path: Path) -> None:
    # Regression: py-wacz's WACZ 1.0.0 records each file's hash as stats.hash (hex) with
    # "hashing": "sha256"; the reader refused such a WACZ outright, asking for "hash".
    def wrong(package: Json) -> None:
        package["resources"][2]["stats"]["hash"] = "0" * 64

    path = rewritten(WACZ_1_0, tmp_path, wrong)
    assert refused(path).reason.startswith(
        "archive/example-collection.warc: expected the sha256 datapackage.json records, 0000000000000000…"
    )
