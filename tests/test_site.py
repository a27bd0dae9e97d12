"""The static site of a release: pages, escaping, search index, determinism, safe writing."""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import threadarchive
from threadarchive import ConflictError, FixityError, PackageError
from threadarchive.access import pages
from threadarchive.access import search as searchmod
from threadarchive.access import site as sitemod
from threadarchive.archive.ingest import ingest
from threadarchive.cli import main
from threadarchive.errors import StorageError
from threadarchive.files import fsutil
from threadarchive.release import fixity

from .conftest import (
    HOSTILE,
    HOSTILE_GAPS,
    HOSTILE_ID,
    HOSTILE_NAME,
    SEED,
    SEED_HANDLE,
    SEED_IDS,
    run_killed,
    write_capture,
)

SEED_THREAD = SEED_IDS[0]  # the root tweet's ID is the thread's ID
DIGITS = re.compile(r"^\d+/|/\d+$|\d+/$")


def seed_texts() -> list[str]:
    """The seed's thirteen tweets as the capture prints them (paragraphs between header and footer)."""
    body = SEED.read_text(encoding="utf-8").split("13 tweets\n\n", 1)[1]
    return body.split("\n\nShare this Scrolly Tale")[0].split("\n\n")


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def built(reader_archive: Path, tmp_path: Path) -> Path:
    return sitemod.build_site(reader_archive / "releases/1.0.0", tmp_path / "site").path


def test_the_seed_page_shows_its_tweets_in_order_with_markers_as_printed(built: Path) -> None:
    html = page(built, f"threads/{SEED_THREAD}.html")
    assert html.html is not None and html.html["lang"] == "en"
    assert [h.get_text(" ", strip=True) for h in html.find_all("h1")] == [
        f"Thread by Michael Kofman @{SEED_HANDLE}"
    ]
    items = html.select("ol.tweets > li")
    assert [li["id"] for li in items] == [f"t{n}" for n in range(1, 14)]
    assert [li.select_one("p.text").get_text() for li in items] == seed_texts()
    markers = [li.select_one(".marker code").get_text() for li in items]
    assert markers == [f"{n}/" for n in range(1, 12)] + ["/12", "13/"]
    assert items[11].select_one("p.text").get_text().endswith("maintain. /12")
    links = [li.select_one("p.links a[href^='https://x.com/']")["href"] for li in items]
    assert links == [f"https://x.com/{SEED_HANDLE}/status/{i}" for i in SEED_IDS]
    source = html.select_one(".facts a")
    assert source is not None and source["href"] == f"https://threadreaderapp.com/thread/{SEED_IDS[0]}.html"


def test_the_provenance_panel_names_the_capture_the_release_and_how_to_cite(
    built: Path, reader_archive: Path
) -> None:
    threads = threadarchive.load_table("threads", source=reader_archive / "releases/1.0.0").to_pylist()
    seed = next(t for t in threads if t["thread_id"] == SEED_THREAD)
    panel = page(built, f"threads/{SEED_THREAD}.html").select_one("aside.provenance")
    assert panel is not None and panel.h2 is not None and panel.h2.get_text() == "Provenance"
    facts = {
        dt.get_text(): dd.get_text(" ", strip=True)
        for dt, dd in zip(panel.find_all("dt"), panel.find_all("dd"), strict=True)
    }
    assert facts["Capture SHA-256"] == seed["capture_sha256"]
    assert facts["Capture format"] == "threadreaderapp-scrolly-text"
    assert facts["Captured at"] == seed["captured_at"] == "2025-11-06T09:30:00Z"
    assert facts["Release"] == "1.0.0 of Test archive, 2026-11-25"
    cite = panel.select_one("p.cite")
    assert cite is not None
    assert cite.get_text(" ", strip=True).startswith(
        f"Michael Kofman (@{SEED_HANDLE}), thread of 2025-11-05, thread {SEED_THREAD} in: "
    )
    assert "Test archive, version 1.0.0." in cite.get_text()


def test_every_text_from_a_capture_is_escaped(built: Path) -> None:
    raw = (built / f"threads/{HOSTILE_ID}.html").read_text(encoding="utf-8")
    html = BeautifulSoup(raw, "html.parser")
    assert [s.get("src") for s in html.find_all("script")] == []  # a thread page runs no script
    assert html.find_all("img") == []
    assert [p.get_text() for p in html.select("p.text")] == HOSTILE
    assert HOSTILE_NAME in html.h1.get_text()
    assert "&lt;script&gt;window.pwned = 1" in raw and "<script>window" not in raw
    assert "onerror=" not in raw.replace("onerror=&#34;", "").replace("onerror=window", "")
    index = (built / "index.html").read_text(encoding="utf-8")
    assert "<img" not in index and "<script>window" not in index
    assert HOSTILE_GAPS in BeautifulSoup(index, "html.parser").get_text()
    # Search data is JavaScript that assigns JSON: no raw '<' that could close a script.
    docs = (built / "search/docs/0.js").read_text(encoding="utf-8")
    assert "<" not in docs and ">" not in docs and "\\u003cscript\\u003e" in docs


def test_a_thread_without_a_handle_links_tweets_through_i_and_marks_its_language(built: Path) -> None:
    html = page(built, f"threads/{HOSTILE_ID}.html")
    assert html.html is not None and html.html["lang"] == "uk"
    assert html.select_one("header.site")["lang"] == "en"  # the chrome is English
    links = [a["href"] for a in html.select("p.links a[href^='https://x.com/']")]
    assert links == [f"https://x.com/i/status/{HOSTILE_ID}"]  # the second tweet's ID is unknown
    facts = html.select_one("dl.facts")
    assert facts is not None and "Source" in facts.get_text() and "not recorded" in facts.get_text()


def test_the_index_lists_each_thread_with_its_facts(built: Path) -> None:
    html = page(built, "index.html")
    assert html.html is not None and html.html["lang"] == "en"
    headers = [th.get_text() for th in html.select("table.threads thead th")]
    assert headers == ["Author", "Handle", "Date", "Tweets", "Known gaps", "Language"]
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in html.select("tbody tr")]
    assert rows == [
        ["Michael Kofman", f"@{SEED_HANDLE}", "2025-11-05", "13", "", "en"],  # newest first
        [HOSTILE_NAME, "", "2024-03-04", "2", HOSTILE_GAPS, "uk"],
    ]
    assert [a["href"] for a in html.select("tbody a")] == [
        f"threads/{SEED_THREAD}.html",
        f"threads/{HOSTILE_ID}.html",
    ]
    form = html.select_one("form#search")
    assert form is not None and form.has_attr("hidden")  # shown by the script; the page reads without it
    assert html.noscript is not None


def test_search_index_finds_a_word_of_tweet_9(built: Path) -> None:
    meta = load_js(built / "search/index.js")
    assert meta["docs"] == 15 and meta["perShard"] == sitemod.DOCS_PER_SHARD
    shard = searchmod.shard_of("equipment")
    assert shard == "65-71" and shard in meta["shards"]
    postings = load_js(built / f"search/terms/{shard}.js")
    docs = [int(d) for d in postings["equipment"].split(",")]  # one document: no deltas to add
    assert len(docs) == 1
    data = load_js(built / "search/docs/0.js")
    thread, position, text = data["docs"][docs[0]]
    assert (data["threads"][thread][0], position) == (SEED_THREAD, 9)
    assert "withdraw equipment" in text
    assert searchmod.terms("Ukraine’s 7th «Покровськ» CAFÉ") == ["ukraine", "s", "7th", "покровськ", "café"]


def load_js(path: Path) -> Any:
    """The JSON a search data file assigns."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1 : text.rindex(";")])


def test_the_site_is_the_same_bytes_every_time_and_spilling_changes_nothing(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = reader_archive / "releases/1.0.0"
    first = snapshot(sitemod.build_site(release, tmp_path / "a").path)
    monkeypatch.setattr(searchmod, "SPILL_POSTINGS", 3)  # postings merged from many spills
    monkeypatch.setattr(sitemod, "DOCS_PER_SHARD", 4)
    second = snapshot(sitemod.build_site(release, tmp_path / "b").path)
    monkeypatch.undo()
    third = snapshot(sitemod.build_site(release, tmp_path / "c").path)
    assert first == third
    pages = ("search/", sitemod.MARKER)  # the marker counts the doc shards, which DOCS_PER_SHARD changes
    assert {k: v for k, v in first.items() if not k.startswith(pages)} == {
        k: v for k, v in second.items() if not k.startswith(pages)
    }
    assert sorted(k for k in second if k.startswith("search/docs/")) == [
        f"search/docs/{n}.js" for n in (0, 1, 2, 3)
    ]
    assert {k: v for k, v in first.items() if k.startswith("search/terms/")} == {
        k: v for k, v in second.items() if k.startswith("search/terms/")
    }


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_index_pages_are_paginated(
    built: Path, reader_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitemod, "THREADS_PER_PAGE", 1)
    site = sitemod.build_site(reader_archive / "releases/1.0.0", built)
    assert site.index_pages == 2
    second = page(built, "index-2.html")
    assert [a["href"] for a in second.select("tbody a")] == [f"threads/{HOSTILE_ID}.html"]
    nav = second.select_one("nav.pages")
    assert nav is not None and nav.select_one("a[rel=prev]")["href"] == "index.html"
    assert nav.select_one("a[aria-current=page]").get_text() == "2"


@pytest.mark.parametrize("count", [1, 2, 7, 8, 14, 1_541], ids=lambda n: f"{n}-pages")
def test_index_pages_link_a_window_of_pages_not_every_page(count: int) -> None:
    """Each index page links the first, the last and PAGE_LINKS pages either side of its
    own, an ellipsis for each run left out: a bounded navigation, where listing every
    page on every page made the index quadratic (1,541 pages at 10M tweets)."""
    window = pages.PAGE_LINKS
    for page in range(1, count + 1):
        linked = pages.linked_pages(page, count)
        numbers = [n for n in linked if n is not None]
        assert numbers == sorted(set(numbers)) and all(1 <= n <= count for n in numbers)
        assert {1, count, *range(max(1, page - window), min(count, page + window) + 1)} <= set(numbers)
        assert len(linked) <= 2 * window + 5
        for before, gap, after in zip(linked, linked[1:], linked[2:], strict=False):
            if gap is None:  # an ellipsis stands for two pages or more, never for one
                assert before is not None and after is not None and after - before > 2
    if count <= window + 2:  # few pages: every page linked from every page, as before
        assert all(pages.linked_pages(p, count) == list(range(1, count + 1)) for p in range(1, count + 1))


def test_a_folder_that_is_not_a_site_is_never_replaced(reader_archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(ConflictError, match="expected an empty folder or a site threadarchive built"):
        sitemod.build_site(reader_archive / "releases/1.0.0", out)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(
    ("extra", "found"),
    [
        ("precious.txt", "precious.txt"),
        ("index-01.html", "index-01.html"),
        ("search/terms/keep/a.js", "the folder search/terms/keep"),
        ("link", "the link link"),
    ],
    ids=["beside-the-marker", "not-an-index-page", "a-folder", "a-link"],
)
def test_a_site_with_files_of_someone_elses_is_never_replaced(
    built: Path, reader_archive: Path, extra: str, found: str
) -> None:
    """The marker says a site is there, not that nothing else is: replacing it would delete them."""
    if extra == "link":
        (built / extra).symlink_to(built.parent)
    else:
        (built / extra).parent.mkdir(parents=True, exist_ok=True)
        (built / extra).write_text("mine")
    before = snapshot(built)
    result = run(reader_archive, "site", "--out", str(built))
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: {built}: expected only the files of a site threadarchive built, found {found}; "
        "move it, or choose another --out\n"
    )
    assert snapshot(built) == before
    assert sorted(p.name for p in built.parent.iterdir()) == ["archive", "hostile.txt", "site"]


def test_a_file_named_as_a_page_the_build_did_not_write_is_never_replaced(
    built: Path, reader_archive: Path
) -> None:
    """threads/notes.html could be a thread's page by its name; the marker says it is not one."""
    (built / "threads/notes.html").write_text("mine")
    before = snapshot(built)
    result = run(reader_archive, "site", "--out", str(built))
    assert result.exit_code == 2, result.output
    count = len(before) - 2  # neither the marker nor the notes
    assert result.stderr == (
        f"Error: {built}: expected only the {count} files its build wrote, as threadarchive-site.json records, "
        f"found {count + 1} files that are not those; move what was added, or choose another --out\n"
    )
    assert snapshot(built) == before


def test_a_site_is_replaced_whole_and_a_failed_build_leaves_the_old_one(
    built: Path, reader_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(built)

    def fail(self: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(sitemod._Builder, "_index_pages", fail)
    with pytest.raises(StorageError, match=f"^{re.escape(str(built))}: cannot write the site: disk full$"):
        sitemod.build_site(reader_archive / "releases/1.0.0", built)
    assert snapshot(built) == before
    assert not [p for p in built.parent.iterdir() if p.name.endswith(".partial")]  # no staging left
    monkeypatch.undo()
    sitemod.build_site(reader_archive / "releases/1.0.0", built)
    assert snapshot(built) == before


def test_the_next_build_removes_the_staging_a_killed_one_left_and_nothing_else(
    built: Path, reader_archive: Path
) -> None:
    release = reader_archive / "releases/1.0.0"
    before = snapshot(built)
    older = Path(tempfile.mkdtemp(dir=built.parent, prefix=".site.", suffix=".partial"))
    (older / "site").mkdir()  # as threadarchive before locked staging folders left one: removed
    (built.parent / ".site.mine.partial").mkdir()  # not a name mkdtemp makes: kept
    with fsutil.staging(built, "test") as live:  # a build running at the same time: kept
        run_killed(
            "from threadarchive.access import site\n"
            "site._Builder._index_pages = die  # killed with the thread pages written\n"
            f"site.build_site(Path({str(release)!r}), Path({str(built)!r}))"
        )
        killed = [p for p in built.parent.glob(".site.????????.partial") if p != live]
        assert len(killed) == 1 and (killed[0] / "site/threads").is_dir()
        assert snapshot(built) == before
        sitemod.build_site(release, built)
        assert live.is_dir()
    assert snapshot(built) == before
    assert sorted(p.name for p in built.parent.iterdir()) == [
        ".site.mine.partial", "archive", "hostile.txt", "site"
    ]  # fmt: skip


def test_a_release_that_fails_its_manifest_is_not_rendered(reader_archive: Path, tmp_path: Path) -> None:
    tweets = reader_archive / "releases/1.0.0/data/tweets.parquet"
    tweets.write_bytes(tweets.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(FixityError, match=r"found failures for data/tweets.parquet"):
        sitemod.build_site(reader_archive / "releases/1.0.0", tmp_path / "site")
    assert not (tmp_path / "site").exists()


class _Stub:
    """A release whose tweets come in the order given, for the grouping rule."""

    def __init__(self, rows: list[dict[str, Any]], folder: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.folder = folder
        self.path = folder / "tweets.parquet"
        pq.write_table(pa.Table.from_pylist(rows), self.path)

    def parquet(self, table: str) -> Path:
        return self.path

    def batches(self, table: str, columns: list[str], batch_size: int = 8_192) -> Any:
        import pyarrow.parquet as pq

        yield from pq.ParquetFile(self.path).iter_batches(batch_size=2, columns=columns)


@pytest.mark.parametrize(
    ("order", "message"),
    [
        (["a", "b", "a"], r"row 3: expected the tweets of each thread together.*found thread 'a' again"),
        (["a", "c"], r"row 2: expected a thread the threads table lists, found 'c'"),
    ],
    ids=["scattered", "unknown-thread"],
)
def test_tweets_must_come_thread_by_thread(tmp_path: Path, order: list[str], message: str) -> None:
    rows = [
        {"thread_id": t, "position": n, "marker": None, "text": "x", "tweet_id": None}
        for n, t in enumerate(order, 1)
    ]
    stub: Any = _Stub(rows, tmp_path)
    with pytest.raises(PackageError, match=message):
        list(sitemod._groups(stub, {"a": 0, "b": 1}, set()))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("HTTP://example.org", "HTTP://example.org"),
        ("javascript:alert(1)", None),
        ("https://example.org/a b", None),
        ("data:text/html,<script>", None),
        (None, None),
    ],
    ids=["https", "upper-case", "javascript", "space", "data", "none"],
)
def test_only_http_urls_become_links(value: object, expected: str | None) -> None:
    assert sitemod.http_url(value) == expected


def test_permalinks_need_an_id_the_contract_accepts() -> None:
    assert sitemod.permalink("jack", "20") == "https://x.com/jack/status/20"
    assert sitemod.permalink(None, "20") == "https://x.com/i/status/20"
    assert sitemod.permalink("jack", "20?x=<b>") is None
    assert sitemod.permalink("jack", None) is None


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def test_cli_site_prints_what_it_wrote_and_json_is_the_library_result(
    reader_archive: Path, tmp_path: Path
) -> None:
    result = run(reader_archive, "site", "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"wrote the site of release 1.0.0 to {tmp_path / 'site'}: 2 thread(s), 15 tweet(s); "
        f"open {tmp_path / 'site/index.html'}\n"
    )
    as_json = run(reader_archive, "site", "1.0.0", "--out", str(tmp_path / "site"), "--json")
    expected = sitemod.build_site(reader_archive / "releases/1.0.0", tmp_path / "again").to_dict()
    assert json.loads(as_json.output) == {**expected, "path": str(tmp_path / "site")}


def test_cli_site_errors_are_one_line_with_exit_2(reader_archive: Path, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken/file").write_text("x")
    result = run(reader_archive, "site", "--out", str(tmp_path / "taken"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {tmp_path / 'taken'}: expected an empty folder or a site threadarchive built, "
        "found other files; choose another --out\n"
    )
    missing = run(reader_archive, "site", "9.9.9", "--out", str(tmp_path / "site"))
    assert missing.exit_code == 2
    assert missing.stderr.startswith("Error: ") and "expected one of the releases 1.0.0" in missing.stderr
    assert not (tmp_path / "site").exists()


def test_release_site_goes_to_dist_and_into_the_zip_beside_the_release_folder(
    reader_archive: Path, tmp_path: Path
) -> None:
    add_one_thread(reader_archive, tmp_path)
    result = run(
        reader_archive, "release", "--bump", "minor", "--date", "2026-11-26", "--zip", "--site", "-q"
    )
    assert result.exit_code == 0, result.output
    dist = reader_archive / "dist"
    site = dist / "test-archive-data-1.1.0-site"
    assert (site / "index.html").is_file() and (site / f"threads/{SEED_THREAD}.html").is_file()
    zipped = dist / "test-archive-data-1.1.0.zip"
    with zipfile.ZipFile(zipped) as archive:
        names = archive.namelist()
    release = reader_archive / "releases/1.1.0"
    assert sorted(n for n in names if n.startswith("1.1.0/")) == sorted(
        f"1.1.0/{p.relative_to(release).as_posix()}" for p in release.rglob("*") if p.is_file()
    )
    assert sorted(n.removeprefix("1.1.0-site/") for n in names if n.startswith("1.1.0-site/")) == sorted(
        [*snapshot(site), "SHA256SUMS"]  # the site's own manifest, which verify checks
    )
    assert {n.partition("/")[0] for n in names} == {"1.1.0", "1.1.0-site"}
    assert fixity.verify(zipped).valid  # the release in the zip is intact; the site is beside it
    assert len(threadarchive.load_tweets(source=zipped)) == 16
    assert run(reader_archive, "verify", str(zipped)).exit_code == 0
    from_zip = run(reader_archive, "site", str(zipped), "--out", str(tmp_path / "from-zip"))
    assert from_zip.exit_code == 0, from_zip.output
    assert snapshot(tmp_path / "from-zip") == snapshot(site)  # the zip's release gives the same site
    assert f"published {release}, {zipped} and {site}" in result.output


def add_one_thread(root: Path, folder: Path) -> None:
    from threadarchive.archive.ingest import Source
    from threadarchive.archive.store import Store

    ingest(Store(root), [Source(write_capture(folder / "one.txt", ["Only one tweet 1/"]))])


def test_a_zip_with_two_releases_is_not_read_as_either(reader_archive: Path, tmp_path: Path) -> None:
    release = reader_archive / "releases/1.0.0"
    zipped = tmp_path / "two.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for top in ("a", "b"):
            for p in sorted(release.rglob("*")):
                if p.is_file():
                    archive.write(p, f"{top}/{p.relative_to(release).as_posix()}")
    assert not fixity.verify(zipped).valid


def test_help_and_readme_agree_on_the_readers() -> None:
    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    usages = {"site": "site [OPTIONS] [RELEASE]", "sqlite": "sqlite [OPTIONS] [RELEASE] OUT.db"}
    for command, usage in usages.items():
        help_text = CliRunner().invoke(main, [command, "--help"]).output
        assert f"Usage: main {usage}" in help_text
        assert help_text.count("RELEASE (default: latest) is a version") == 1
    assert "threadarchive site [RELEASE] --out DIR" in readme
    assert "threadarchive sqlite [RELEASE] OUT.db" in readme
    release_help = " ".join(CliRunner().invoke(main, ["release", "--help"]).output.split())
    for words in (
        "--site",
        "--sqlite",
        "dist/NAME-data-X.Y.Z-site/",
        "dist/NAME-data-X.Y.Z.db",
        "X.Y.Z-site/",
    ):
        assert words in release_help and words in readme, words


def test_a_curators_note_on_an_anomaly_is_on_the_threads_page(reader_archive: Path, tmp_path: Path) -> None:
    import datetime as dt

    from threadarchive.archive.curate import curate
    from threadarchive.archive.metadata import Acknowledgement, Curation
    from threadarchive.archive.store import Store
    from threadarchive.release import plan as planning
    from threadarchive.release import publish as releases

    note = "The author numbered this tweet /12 <as printed>; kept."
    acknowledged = Acknowledgement(finding="marker-style-mismatch", note=note, position=12)
    curate(Store(reader_archive), SEED_THREAD, Curation(), acknowledge=acknowledged)
    releases.publish(
        reader_archive, planning.plan(reader_archive, bump="patch", created=dt.date(2026, 11, 26))
    )
    site = sitemod.build_site(reader_archive / "releases/1.0.1", tmp_path / "site").path
    notes = page(site, f"threads/{SEED_THREAD}.html").select("section.notes li")
    assert [(li.a["href"], li.code.get_text(), li.span.get_text()) for li in notes] == [
        ("#t12", "marker-style-mismatch", note)
    ]
    assert page(site, f"threads/{HOSTILE_ID}.html").select("section.notes") == []


def test_the_index_hides_a_column_no_thread_has(tmp_path: Path, built: Path) -> None:
    heads = [th.get_text() for th in page(built, "index.html").select("thead th")]
    assert heads == ["Author", "Handle", "Date", "Tweets", "Known gaps", "Language"]
    from threadarchive.archive.scaffold import init
    from threadarchive.archive.store import Store
    from threadarchive.release import plan as planning
    from threadarchive.release import publish as releases

    root = init(tmp_path / "bare", name="bare-archive", title="Bare").root
    from threadarchive.archive.ingest import Source

    ingest(Store(root), [Source(write_capture(tmp_path / "one.txt", ["1/ First.", "2/ Second."]))])
    releases.publish(root, planning.plan(root, bump="minor"))
    site = sitemod.build_site(root / "releases/1.0.0", tmp_path / "site").path
    index = page(site, "index.html")
    assert [th.get_text() for th in index.select("thead th")] == ["Author", "Date", "Tweets"]
    assert [len(row.select("th, td")) for row in index.select("tbody tr")] == [3]


def test_the_footer_states_the_license_once(built: Path) -> None:
    for name in ("index.html", f"threads/{SEED_THREAD}.html"):
        footer = page(built, name).select_one("footer")
        assert footer is not None
        assert footer.select_one("a[rel=license]").get_text() == "CC-BY-4.0"
        assert footer.get_text().count("remain their authors'") == 1


def test_names_and_texts_are_isolated_for_bidirectional_text(built: Path) -> None:
    index = page(built, "index.html")
    assert {a.bdi.get_text() for a in index.select("tbody th a")} == {"Michael Kofman", HOSTILE_NAME}
    thread = page(built, f"threads/{HOSTILE_ID}.html")
    assert thread.select_one("h1 bdi").get_text() == HOSTILE_NAME
    assert {p.get("dir") for p in thread.select("p.text")} == {"auto"}


def test_the_arrow_index_splits_as_terms_does(tmp_path: Path) -> None:
    """The index splits a batch in Arrow; what it files is what ``terms`` gives, text by
    text, for the characters Arrow lower-cases otherwise too (İ, a word-final Σ)."""
    import pyarrow as pa

    texts = [
        "Pokrovsk’s café naïve 1/13",
        "Київ — ЗСУ!! Київ",
        "ΟΔΟΣ Σ σ",
        "İstanbul",
        "ﬁne ① ２３ e\u0301cole",
        None,
        "日本語のテキスト 😀 #tag @user http://x.com/a?b=1",
        "x" * 41 + " short",
    ]
    by_batch, by_text = searchmod.TermIndex(tmp_path), searchmod.TermIndex(tmp_path)
    by_batch.add_batch(5, pa.array(texts))
    for doc, text in enumerate(texts, 5):
        by_text.add(doc, text or "")
    assert {t: sorted(d) for t, d in by_batch.pending.items()} == {
        t: list(d) for t, d in by_text.pending.items()
    }
    assert by_batch.pending["οδος"].tolist() == [7] and "i̇stanbul" in by_batch.pending


def test_a_site_of_many_threads_shares_pages_and_can_be_rebuilt(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitemod, "MAX_THREAD_PAGES", 1)
    release = reader_archive / "releases/1.0.0"
    site = sitemod.build_site(release, tmp_path / "site").path
    assert sorted(p.name for p in (site / "threads").iterdir()) == ["_0.html"]
    shared = page(site, "threads/_0.html")
    assert [s["id"] for s in shared.select("main > section")] == [HOSTILE_ID, SEED_THREAD]  # as stored
    assert len({tag["id"] for tag in shared.select("[id]")}) == len(shared.select("[id]"))  # ids unique
    assert {a["href"] for a in page(site, "index.html").select("tbody a")} == {
        f"threads/_0.html#{SEED_THREAD}",
        f"threads/_0.html#{HOSTILE_ID}",
    }
    before = snapshot(site)
    assert sitemod.build_site(release, site).path == site  # a shared page is a site's own file
    assert snapshot(site) == before


def test_search_documents_grow_past_the_file_limit(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """15 tweets, at most 3 document files: 5 tweets a file, and search.js told so."""
    monkeypatch.setattr(sitemod, "DOCS_PER_SHARD", 1)
    monkeypatch.setattr(sitemod, "MAX_DOC_SHARDS", 3)
    site = sitemod.build_site(reader_archive / "releases/1.0.0", tmp_path / "site").path
    assert sorted(p.name for p in (site / "search/docs").iterdir()) == ["0.js", "1.js", "2.js"]
    meta = (site / "search/index.js").read_text(encoding="utf-8")
    assert json.loads(meta.removeprefix("threadarchiveSearch.meta=").rstrip(";\n"))["perShard"] == 5


@pytest.mark.parametrize(
    ("authors", "cited"),
    [
        ([{"name": ["Ada", "Lovelace"]}, ["Grace", "Hopper"], 5, None], "Ada Lovelace, Grace Hopper, 5"),
        (
            [{"given-names": ["Ada", "King"], "family-names": "Lovelace"}, {"name": {"x": 1}}],
            "Ada King Lovelace",
        ),
        ("Ada Lovelace", "Test archive"),
        (7, "Test archive"),
    ],
    ids=["names-as-lists", "given-names-as-a-list", "a-string", "a-number"],
)
def test_a_citation_whose_authors_are_lists_or_no_names_still_renders(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, authors: object, cited: str
) -> None:
    """CITATION.cff is YAML a hand may edit: an author given as a list (or a name that is
    one) reads as its words, anything else is left out, and the site is built."""
    from threadarchive.access.verified import VerifiedRelease

    monkeypatch.setattr(VerifiedRelease, "citation", lambda self: {"authors": authors, "doi": ["x"]})
    site = sitemod.build_site(reader_archive / "releases/1.0.0", tmp_path / "site").path
    cite = page(site, f"threads/{SEED_THREAD}.html").select_one("p.cite")
    assert cite is not None
    assert f"in: {cited} (20" in cite.get_text(" ", strip=True)


def test_the_site_on_a_full_disk_names_the_folder_and_leaves_nothing(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write refused for want of space (an OSError without a file name, as write() gives)
    is one line naming the site's folder, exit 2, and no staging folder is left."""

    def full(self: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(searchmod.DocShards, "_flush", full)
    out = tmp_path / "out" / "site"
    result = CliRunner().invoke(main, ["site", str(reader_archive / "releases/1.0.0"), "--out", str(out)])
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: {out}: cannot write the site: No space left on device"
    assert list((tmp_path / "out").iterdir()) == []


def _variants() -> list[tuple[dict[str, Any], dict[str, Any], int, str]]:
    """Threads with and without each optional fact, hostile text in every field."""
    import datetime as dt
    import itertools

    hostile = "<b>&'\"</b> ‮x"
    variants = []
    container = [
        ("record 1", "2025-11-06T09:14:03Z https://x.com/i/api/graphql/q?a=1&b='x' sha1:AB"),
        ("t<", hostile),
    ]
    for gaps, rights, notes, tweets, handle, source, lang, doi, bundled, provenance in itertools.product(
        (None, hostile), (None, hostile), ([], [{"position": 2, "finding": "f<", "note": hostile},
        {"position": None, "finding": "g", "note": "n"}]), ([], [{"position": 1}]), (None, "user_1"),
        (None, "https://example.org/?a=1&b='x'"), ("en", "uk"), (None, "https://doi.org/10.1/x&y"), (False, True),
        ([], container),
    ):  # fmt: skip
        thread = {
            "thread_id": "1234", "author_name": hostile, "author_handle": handle,
            "published_date": dt.date(2025, 11, 5), "tweet_count": 3, "language": None if lang == "en" else lang,
            "known_gaps": gaps, "rights": rights, "source_url": source or "not a <url>",
            "source_format": "x&y", "captured_at": None if gaps else "2025-11-06T09:30:00Z",
            "capture_path": "a/<b>.txt", "capture_sha256": "ab" * 32,
        }  # fmt: skip
        item = {
            "thread": thread, "tweets": tweets, "handle": handle, "lang": lang,
            "source_url": sitemod.http_url(source), "notes": notes, "tweets_html": "<li>t</li>\n" if tweets else "",
            "provenance": provenance,
        }  # fmt: skip
        context = {
            "site_title": hostile, "version": "1.0.0", "created": "2026-01-01", "cite": hostile,
            "doi_url": doi, "license": None,
        }  # fmt: skip
        variants.append((item, context, 3 if bundled else 1, "1234-" if bundled else ""))
    return variants


def test_a_threads_html_escapes_every_value_on_its_page_and_among_others() -> None:
    """A thread's HTML has one definition (pages.thread_html), which thread.html frames on a
    page of its own and threads.html among others: whatever is missing or hostile, every
    value reads back as its text, no markup of its own comes through, links are made only
    of http(s) URLs, and the page holds the body byte for byte, framed by nothing else."""
    from markupsafe import Markup

    hostile = "<b>&'\"</b> \u202ex"
    template = sitemod._environment().get_template("thread.html")
    allowed = {"article", "aside", "h1", "h2", "h3", "h4", "h5", "bdi", "span", "dl", "div", "dt", "dd",
               "time", "a", "section", "p", "ul", "ol", "li", "code"}  # fmt: skip
    for item, context, h, a in _variants():
        item = {**item, "tweets_html": Markup(item["tweets_html"])}
        body = pages.thread_html(item, context, h=h, a=a)
        html = BeautifulSoup(str(body), "html.parser")
        assert {tag.name for tag in html.find_all(True)} <= allowed  # the hostile <b> is text
        assert "<b>" not in body and "<b>" in html.get_text()
        heading = html.find(f"h{h}")
        assert heading is not None and heading.get("id") == f"{a}thread-heading"
        assert heading.bdi is not None and heading.bdi.get_text() == hostile
        cite = html.select_one("p.cite")
        assert cite is not None and cite.get_text().count(hostile) == 2  # the author, the release
        links = {link["href"] for link in html.find_all("a") if not link["href"].startswith("#")}
        assert links <= {item["source_url"], context["doi_url"], None} - {None}
        facts = {
            dt.get_text(): dd.get_text() for dt, dd in zip(html.select("dt"), html.select("dd"), strict=True)
        }
        thread = item["thread"]
        assert facts["Capture file"] == "data/raw/a/<b>.txt" and facts["Capture format"] == "x&y"
        assert facts.get("Known gaps") == thread["known_gaps"] and facts.get("Rights") == thread["rights"]
        assert facts.get("Container") == ("".join(f"{k}: {v}" for k, v in item["provenance"]) or None)
        notes = [li.get_text() for li in html.select("section.notes li")]
        assert notes == [f"Tweet 2: f<. {hostile}", "The thread: g. n"][: len(item["notes"])]
        if h == 1:  # a page of its own: the frame, and the body as thread_html wrote it
            page = template.render(**context, thread=thread, lang=item["lang"], body=body, root="../")
            assert f'<main id="main">\n{body}</main>' in page
            assert BeautifulSoup(page, "html.parser").title.get_text().startswith(f"Thread by {hostile}, ")


@given(st.text(alphabet=st.sampled_from("ab&<>'\"‮é\n ")) | st.integers() | st.none())
@settings(max_examples=300, deadline=None)
def test_escape_html_is_markupsafes(value: object) -> None:
    from markupsafe import escape

    assert pages.escape_html(value) == str(escape(value))
