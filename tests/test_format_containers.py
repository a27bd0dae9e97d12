"""The files that hold X's GraphQL responses: Zeeschuimer, twitter-web-exporter, HAR, WARC, WACZ.

Real files of these tools with a license to copy were found only for WARC (Social
Feed Manager's harvest, Webrecorder's capture: tests/captures/real/SOURCES.md) and
WACZ (py-wacz's test data). The edge cases here are built by each tool's documented
rules (its source code, cited) around real response bodies (twscrape's mocks); files
the tools themselves wrote are tested in test_format_real_containers.py.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadarchive.capture.chains import EXPECTED_THREAD
from threadarchive.capture.formats import detect, read_capture, webexporter
from threadarchive.capture.model import Capture
from threadarchive.contract import limits
from threadarchive.errors import CaptureError

from .test_format_graphql import REAL, SHAPES, THREE, XDEV_THREAD, detail, item, raw_tweets, texts, tweet

WARCS = Path(__file__).parent / "captures" / "real" / "warc"
S1_BODY = json.loads((REAL / SHAPES["S1"]).read_text(encoding="utf-8"))
PAGE = "https://x.com/XDevelopers/status/1649191520250245121"
OP = "https://x.com/i/api/graphql/q94uRCEn65LZThakYcPT6g/TweetDetail?variables=%7B%7D"


def read(path: Path) -> Capture:
    return read_capture(path, name=path.name)


def refused(path: Path) -> CaptureError:
    with pytest.raises(CaptureError) as caught:
        read(path)
    return caught.value


def results_of(body: Any) -> Iterator[dict[str, Any]]:
    """Each tweet result of a response's timeline entries, as Zeeschuimer walks them."""
    for instruction in body["data"]["threaded_conversation_with_injections_v2"]["instructions"]:
        for entry in instruction.get("entries", []):
            content = entry["content"]
            contents = [content.get("itemContent")] + [
                i["item"]["itemContent"] for i in content.get("items", [])
            ]
            for found in contents:
                if found and "tweet_results" in found:
                    yield found["tweet_results"]["result"]


# --- Zeeschuimer ---------------------------------------------------------------------------


def zeeschuimer_line(n: int, result: dict[str, Any], *, reply_item: bool = False, **extra: Any) -> str:
    """An item as Zeeschuimer's modules/twitter.js saves it: for reply items of a
    TweetDetail page, ``data.id`` and ``item_id`` via parseInt (a JS number)."""
    data = {**result, "id": int(result["rest_id"]) // 1000 * 1000 if reply_item else result["rest_id"]}
    item = {
        "nav_index": f"1:{n}:NaN",
        "item_id": data["id"],
        "timestamp_collected": 1698157337452 + n * 1000,
        "source_platform": "x.com",
        "source_platform_url": PAGE,
        "source_url": OP,
        "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:118.0) Gecko/20100101 Firefox/118.0",
        "data": data,
        "id": n,
        **extra,
    }
    return json.dumps(item)


def test_zeeschuimer_items_give_the_thread_and_its_provenance(tmp_path: Path) -> None:
    results = list(results_of(S1_BODY))
    lines = [zeeschuimer_line(n, r, reply_item=n > 0) for n, r in enumerate(results)]
    path = tmp_path / "zeeschuimer-export-x.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert detect(path, path.name).NAME == "zeeschuimer-ndjson"
    capture = read(path)
    (thread,) = capture.threads
    assert [t.tweet_id for t in thread.tweets] == XDEV_THREAD  # from rest_id, not the rounded data.id
    assert thread.author_handle == "XDevelopers" and thread.source_url == PAGE
    assert capture.captured_at == "2023-10-24T14:22:17Z"  # the first item's timestamp_collected
    assert dict(capture.provenance)["platform"] == "x.com"
    assert dict(capture.provenance)["collected"].startswith("2023-10-24T14:22:17Z to ")


def test_zeeschuimer_promoted_items_and_other_platforms_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "items.ndjson"
    ad = tweet(5, "2/3 buy now", reply_to=0, conversation=0)
    lines = [
        zeeschuimer_line(0, THREE[0]),
        zeeschuimer_line(1, ad, promoted=True),
        zeeschuimer_line(2, THREE[1]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert texts(read(path).threads[0]) == ["1/3 root", "2/3"]
    other = json.dumps({"timestamp_collected": 1, "source_platform": "tiktok.com", "data": {}, "id": 1})
    path.write_text(other + "\n", encoding="utf-8")
    assert refused(path).reason == "expected tweets, found 1 item(s) of 'tiktok.com': not a capture of tweets"


def test_a_bad_zeeschuimer_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "items.ndjson"
    path.write_text(zeeschuimer_line(0, THREE[0]) + "\n" + zeeschuimer_line(1, THREE[1])[:-5] + "\n")
    error = refused(path)
    assert error.line == 2 and error.reason.startswith("expected a JSON object on one line")


# --- HAR -----------------------------------------------------------------------------------


def har(bodies: list[tuple[str, Any]], *, b64: bool = False) -> dict[str, Any]:
    """A HAR 1.2 log, as a browser's developer tools save one, of the given (url, body)s."""
    entries = []
    for n, (url, body) in enumerate(bodies):
        text = json.dumps(body) if not isinstance(body, str) else body
        content: dict[str, Any] = {"size": len(text), "mimeType": "application/json", "text": text}
        if b64:
            content.update(text=base64.b64encode(text.encode()).decode(), encoding="base64")
        entries.append({
            "pageref": "page_1", "startedDateTime": f"2025-11-06T09:14:0{n}.120+01:00", "time": 80,
            "request": {"method": "GET", "url": url, "httpVersion": "HTTP/2", "headers": []},
            "response": {"status": 200, "statusText": "", "httpVersion": "HTTP/2", "headers": [], "content": content},
        })  # fmt: skip
    pages = [
        {"startedDateTime": "2025-11-06T09:13:59.000+01:00", "id": "page_1", "title": PAGE, "pageTimings": {}}
    ]
    return {"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "128.0"}, "pages": pages,
                    "entries": entries}}  # fmt: skip


@pytest.mark.parametrize("b64", [False, True], ids=["text", "base64"])
def test_a_har_files_graphql_responses_are_read(tmp_path: Path, b64: bool) -> None:
    path = tmp_path / "x.com.har"
    bodies = [("https://x.com/XDevelopers/status/1649191520250245121", "<!DOCTYPE html>"), (OP, S1_BODY)]
    path.write_text(json.dumps(har(bodies, b64=b64), indent=2), encoding="utf-8")
    assert detect(path, path.name).NAME == "har"
    capture = read(path)
    (thread,) = capture.threads
    assert [t.tweet_id for t in thread.tweets] == XDEV_THREAD
    assert {t.line for t in thread.tweets} == {2}  # the entry they came in
    assert capture.captured_at == "2025-11-06T08:14:01Z"
    assert thread.source_url == PAGE and dict(capture.provenance)["browser"] == "Firefox 128.0"


def test_a_har_without_graphql_bodies_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.har"
    path.write_text(json.dumps(har([("https://x.com/home", "<html>")])), encoding="utf-8")
    assert refused(path).reason == "expected tweets in X's GraphQL responses, found none in 0 response(s)"


def test_a_har_over_the_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from threadarchive.capture.formats import har as har_module

    monkeypatch.setattr(har_module, "MAX_JSON_CAPTURE_BYTES", 100)
    path = tmp_path / "big.har"
    path.write_text(json.dumps(har([(OP, S1_BODY)])), encoding="utf-8")
    assert refused(path).reason == "expected a capture of at most 0 MiB, found a larger file"


# --- twitter-web-exporter --------------------------------------------------------------------


def exported(result: dict[str, Any], *, metadata: bool, user_id: bool = True) -> dict[str, Any]:
    """A record as twitter-web-exporter's columns-tweet.tsx exports it (2025-06 on)."""
    legacy = result["legacy"]
    user = result["core"]["user_results"]["result"]
    names = user.get("core") or user["legacy"]
    record: dict[str, Any] = {
        "id": result["rest_id"],
        "created_at": "2023-04-21 01:21:13 +02:00",
        "full_text": legacy["full_text"],
        "media": [],
        "screen_name": names["screen_name"],
        "name": names["name"],
        "profile_image_url": "https://pbs.twimg.com/profile_images/1/x_normal.jpg",
        **({"user_id": user["rest_id"]} if user_id else {}),
        "in_reply_to": legacy.get("in_reply_to_status_id_str"),
        "retweeted_status": None,
        "quoted_status": None,
        "media_tags": [],
        "favorite_count": 0,
        "url": f"https://x.com/{names['screen_name']}/status/{result['rest_id']}",
    }
    if metadata:
        record["metadata"] = result
    return record


def xdev_records(**options: Any) -> list[dict[str, Any]]:
    raw = raw_tweets(S1_BODY)
    return [exported(raw[i], **options) for i in reversed(XDEV_THREAD)] + [
        exported(r, **options) for i, r in raw.items() if i not in XDEV_THREAD
    ]


@pytest.mark.parametrize(
    ("metadata", "user_id"),
    [(True, True), (False, True), (False, False)],
    ids=["metadata", "columns", "before-2025-04"],
)
def test_the_exporters_json_is_read_with_and_without_metadata(
    tmp_path: Path, metadata: bool, user_id: bool
) -> None:
    path = tmp_path / "twitter-TweetDetail-1700000000000.json"
    path.write_text(json.dumps(xdev_records(metadata=metadata, user_id=user_id), indent=2), encoding="utf-8")
    assert detect(path, path.name).NAME == "twitter-web-exporter-json"
    (thread,) = read(path).threads
    assert [t.tweet_id for t in thread.tweets] == XDEV_THREAD
    assert thread.author_handle == "XDevelopers"
    assert thread.author_id == ("2244994945" if user_id else None)
    assert thread.tweets[0].created_at == "2023-04-20T23:21:13Z"
    assert thread.source_url == "https://x.com/XDevelopers/status/1649191520250245121"
    assert (thread.author_bio is not None) is metadata  # the bio is in the metadata alone


def test_without_metadata_a_reply_to_a_tweet_not_exported_is_not_known_to_be_the_authors(
    tmp_path: Path,
) -> None:
    records = [exported(r, metadata=False) for r in THREE]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    assert texts(read(path).threads[0]) == ["1/3 root", "2/3", "3/3"]
    # Without the root, 2/3 answers a tweet of someone unknown, and 3/3 hangs below it.
    path.write_text(json.dumps(records[1:]), encoding="utf-8")
    assert refused(path).reason == (
        f"read 2 tweets (1 reply to another user, 1 self-reply under another user's tweet); {EXPECTED_THREAD}"
    )
    with_metadata = [exported(r, metadata=True) for r in THREE[1:]]  # addressed to Ann: her thread
    path.write_text(json.dumps(with_metadata), encoding="utf-8")
    assert texts(read(path).threads[0]) == ["2/3", "3/3"]


def test_a_date_in_another_format_is_refused_saying_how_to_export(tmp_path: Path) -> None:
    records = [exported(r, metadata=False) for r in THREE]
    records[1]["created_at"] = "05/11/2025 13:02"
    path = tmp_path / "export.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    error = refused(path)
    assert (
        error.line == 2 and "export again with the default date format, or with all metadata" in error.reason
    )


def exporter_csv(records: list[dict[str, Any]]) -> str:
    """The exporter's csvExporter: headers from the first record, strings quoted with
    "\\n" for a line break, objects as JSON, null as an empty cell; a BOM first."""

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, str | dict | list):
            text = value if isinstance(value, str) else json.dumps(value)
            return '"' + text.replace('"', '""').replace("\n", "\\n").replace("\r", "\\r") + '"'
        return str(value).lower() if isinstance(value, bool) else str(value)

    headers = list(records[0])
    return (
        "\ufeff"
        + ",".join(headers)
        + "\n"
        + "".join(",".join(cell(r.get(h)) for h in headers) + "\n" for r in records)
    )


@pytest.mark.parametrize("metadata", [True, False], ids=["metadata", "columns"])
def test_the_exporters_csv_is_read_with_its_escapes(tmp_path: Path, metadata: bool) -> None:
    results = copy_three()
    results[1]["legacy"]["full_text"] = '2/3 "quoted"\nsecond line'
    path = tmp_path / "twitter-export.csv"
    path.write_text(exporter_csv([exported(r, metadata=metadata) for r in results]), encoding="utf-8")
    assert detect(path, path.name).NAME == "twitter-web-exporter-csv"
    (thread,) = read(path).threads
    assert texts(thread) == ["1/3 root", '2/3 "quoted"\nsecond line', "3/3"]
    assert [t.line for t in thread.tweets] == [1, 2, 3]


def copy_three() -> list[dict[str, Any]]:
    return json.loads(json.dumps(THREE))


def test_a_csv_row_with_more_cells_than_the_header_is_refused(tmp_path: Path) -> None:
    text = exporter_csv([exported(r, metadata=False) for r in THREE])
    lines = text.split("\n")
    lines[2] += ',"extra"'
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert refused(path).line == 3


def test_csv_readers_header_is_what_the_exporter_writes() -> None:
    assert (
        exporter_csv([exported(THREE[0], metadata=False)])
        .encode()
        .removeprefix(b"\xef\xbb\xbf")
        .startswith(webexporter.HEADER)
    )


# --- WARC ----------------------------------------------------------------------------------


def test_a_harvest_of_api_v2_pages_in_a_warc_is_read_and_says_it_holds_no_thread() -> None:
    # Social Feed Manager's test harvest (2023): two user-timeline pages of API v2.
    error = refused(WARCS / "sfm-twitter-harvester-test_users.warc.gz")
    assert error.reason == f"read 3 tweets (3 standalone); {EXPECTED_THREAD}"


def test_a_warc_of_old_twitter_pages_is_refused_naming_what_it_holds() -> None:
    # Webrecorder's 2019 capture of twitter.com/NetPreserve: HTML of the pre-2019 site.
    path = WARCS / "replayweb.page-netpreserve-twitter.warc"
    assert detect(path, path.name).NAME == "warc"  # gzip despite its name
    assert refused(path).reason == (
        "expected responses of X's GraphQL or API v2, found 3 HTML page(s) of twitter.com or x.com, "
        "which are not read, 136 other response(s)"
    )


def write_warc(path: Path, bodies: list[tuple[str, bytes]], *, gzip: bool = True) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for uri, body in bodies:
            http = StatusAndHeaders("200 OK", [("Content-Type", "application/json")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=http,
                warc_headers_dict={"WARC-Date": "2025-11-06T09:14:03Z"},
            )  # fmt: skip
            writer.write_record(record)
    return path


@pytest.mark.parametrize("gzip", [True, False], ids=["gzip", "plain"])
def test_a_warcs_graphql_responses_give_threads_with_record_provenance(tmp_path: Path, gzip: bool) -> None:
    path = write_warc(
        tmp_path / "crawl.warc.gz",
        [("https://x.com/home", b"<html>"), (OP, json.dumps(S1_BODY).encode())],
        gzip=gzip,
    )
    assert detect(path, path.name).NAME == "warc"
    capture = read(path)
    (thread,) = capture.threads
    assert [t.tweet_id for t in thread.tweets] == XDEV_THREAD and {t.line for t in thread.tweets} == {2}
    assert capture.captured_at == "2025-11-06T09:14:03Z"
    digest = base64.b32encode(hashlib.sha1(json.dumps(S1_BODY).encode()).digest()).decode()
    assert dict(capture.provenance)["record 2"] == f"2025-11-06T09:14:03Z {OP} sha1:{digest}"


# --- WACZ ----------------------------------------------------------------------------------


def write_wacz(path: Path, warc: Path, *, tamper: bool = False) -> Path:
    data = warc.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    package = {
        "profile": "data-package", "wacz_version": "1.1.1", "created": "2025-11-06T09:15:00Z",
        "software": "ArchiveWeb.page 0.12.0", "title": "x thread",
        "resources": [{"name": "data.warc.gz", "path": "archive/data.warc.gz", "hash": f"sha256:{digest}", "bytes": len(data)}],
    }  # fmt: skip
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.warc.gz", data + (b"x" if tamper else b""))
        archive.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0"}\n')
        archive.writestr("datapackage.json", json.dumps(package))
    return path


def test_a_wacz_is_read_after_its_hashes_are_checked(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "data.warc.gz", [(OP, json.dumps(S1_BODY).encode())])
    path = write_wacz(tmp_path / "crawl.wacz", warc)
    assert detect(path, path.name).NAME == "wacz"
    capture = read(path)
    assert [t.tweet_id for t in capture.threads[0].tweets] == XDEV_THREAD
    assert capture.source_format == "wacz"
    provenance = dict(capture.provenance)
    assert (
        provenance["software"] == "ArchiveWeb.page 0.12.0" and "archive/data.warc.gz: record 1" in provenance
    )


def test_a_wacz_whose_warc_is_not_what_its_package_says_is_refused(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "data.warc.gz", [(OP, json.dumps(S1_BODY).encode())])
    error = refused(write_wacz(tmp_path / "crawl.wacz", warc, tamper=True))
    assert error.reason.startswith("archive/data.warc.gz: expected the sha256 datapackage.json records")


def test_a_zip_without_a_datapackage_is_still_an_x_archive(tmp_path: Path) -> None:
    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.warc.gz", b"")
    assert detect(path, path.name).NAME == "x-archive"


# --- Limits and detection --------------------------------------------------------------------


def test_a_response_over_its_limit_in_a_warc_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from threadarchive.capture.formats import warc as warc_module

    monkeypatch.setattr(warc_module, "MAX_RESPONSE_BYTES", 1000)
    path = write_warc(tmp_path / "crawl.warc.gz", [(OP, json.dumps(S1_BODY).encode())])
    assert refused(path).reason == "record 1: expected a response of at most 0 MiB, found a larger one"
    assert limits.MAX_RESPONSE_BYTES > 1 << 20


@pytest.mark.parametrize(
    ("content", "format_name"),
    [
        (json.dumps(detail(item(THREE[0]))), "x-graphql-json"),
        (json.dumps(har([])), "har"),
        (json.dumps([exported(THREE[0], metadata=False)], indent=2), "twitter-web-exporter-json"),
        (exporter_csv([exported(THREE[0], metadata=False)]), "twitter-web-exporter-csv"),
        (zeeschuimer_line(0, THREE[0]) + "\n", "zeeschuimer-ndjson"),
        ('{"data": [{"id": "1", "text": "x"}]}\n', "twarc2-jsonl"),
        ("[1, 2]\n", "twarc2-jsonl"),
    ],
    ids=["graphql", "har", "exporter-json", "exporter-csv", "zeeschuimer", "twarc", "other-json"],
)
def test_detection_by_content(tmp_path: Path, content: str, format_name: str) -> None:
    path = tmp_path / "capture.bin"
    path.write_text(content, encoding="utf-8")
    assert format_name == detect(path, path.name).NAME


def test_every_format_is_named_once() -> None:
    from threadarchive.capture import formats

    assert formats.names() == sorted(set(formats.names()))
    assert {"zeeschuimer-ndjson", "twitter-web-exporter-json", "twitter-web-exporter-csv", "har", "warc", "wacz",
            "x-graphql-json"} <= set(formats.names())  # fmt: skip


# --- Nothing but CaptureError, on one line ----------------------------------------------------

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def reads_or_refuses(path: Path) -> None:
    try:
        capture = read(path)
    except CaptureError as exc:
        assert "\n" not in str(exc)
    else:
        assert capture.threads


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_after_a_warc_start_raise_nothing_but_capture_error(
    tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "any.warc"
    path.write_bytes(b"WARC/1.0\r\n" + data)
    reads_or_refuses(path)


@FUZZ
@given(st.lists(st.integers(0, 3000), min_size=1, max_size=4))
def test_a_cut_or_damaged_warc_raises_nothing_but_capture_error(tmp_path: Path, cuts: list[int]) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz", [(OP, json.dumps(S1_BODY).encode())]).read_bytes()
    data = bytearray(whole)
    for cut in cuts:
        if cut < len(data):
            data[cut] ^= 0x5A
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(bytes(data[: max(cuts) + 1]) if len(cuts) > 2 else bytes(data))
    reads_or_refuses(path)


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.sampled_from([OP, "base64", "page_1"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["log", "entries", "request", "url", "response", "content", "text", "encoding", "pages",
                         "pageref", "title", "startedDateTime", "creator", "id"]), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip


@FUZZ
@given(_VALUES)
def test_arbitrary_har_logs_raise_nothing_but_capture_error(tmp_path: Path, log: Any) -> None:
    path = tmp_path / "any.har"
    path.write_text(json.dumps({"log": log}), encoding="utf-8")
    reads_or_refuses(path)


@FUZZ
@given(st.lists(st.dictionaries(st.sampled_from(["id", "created_at", "full_text", "screen_name", "name", "user_id",
                                                 "in_reply_to", "metadata", "retweeted_status", "url"]),
                                _VALUES, max_size=6), max_size=4))  # fmt: skip
def test_arbitrary_exporter_records_raise_nothing_but_capture_error(
    tmp_path: Path, records: list[Any]
) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    try:
        webexporter.JSON_READER.read(path, path.name)
    except CaptureError as exc:
        assert "\n" not in str(exc)


@FUZZ
@given(st.lists(st.dictionaries(st.sampled_from(["timestamp_collected", "source_platform", "source_platform_url",
                                                 "data", "item_id", "user_agent"]),
                                _VALUES | st.floats() | st.sampled_from(["x.com", "twitter.com"]), max_size=6),
                min_size=1, max_size=4))  # fmt: skip
def test_arbitrary_zeeschuimer_items_raise_nothing_but_capture_error(
    tmp_path: Path, items: list[Any]
) -> None:
    path = tmp_path / "items.ndjson"
    path.write_text(
        "".join(json.dumps({"timestamp_collected": 1, "source_platform": "x.com", **i}) + "\n" for i in items)
    )
    reads_or_refuses(path)


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text_after_the_exporters_header_raises_nothing_but_capture_error(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id,created_at,full_text,screen_name,name,user_id,in_reply_to,metadata\n" + text,
                    encoding="utf-8", errors="surrogatepass")  # fmt: skip
    reads_or_refuses(path)
