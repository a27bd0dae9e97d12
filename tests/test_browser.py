"""The static site in a real browser: Debian's Chromium, headless, driven by Playwright.

The browser is /usr/bin/chromium from Debian's package `chromium`, installed here with
apt-get when it is missing; Playwright only drives it (`playwright install` is never
run, no browser is downloaded from anywhere else). When Chromium cannot be had, these
tests fail saying why: they are never skipped. `pytest -m "not browser"` leaves them out.

The site is opened from file://, as a researcher opens an unzipped release.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from threadarchive.access.site import build_site

from .conftest import HOSTILE, HOSTILE_ID, SEED_IDS, make_reader_archive

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
SEED_THREAD = SEED_IDS[0]


def ensure_chromium() -> Path:
    """Debian's Chromium, installed with apt-get if it is missing; pytest.fail otherwise."""
    if CHROMIUM.exists():
        return CHROMIUM
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        pytest.fail(
            f"expected Chromium at {CHROMIUM}, found none, and apt-get cannot install it here "
            "(needs apt-get as root): install the Debian package 'chromium'"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    logs = []
    for command in (
        [apt, "update", "-q"],
        [apt, "install", "-y", "-q", "--no-install-recommends", "chromium"],
    ):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900, check=False)
        logs.append(done.stdout[-1500:] + done.stderr[-1500:])
    if not CHROMIUM.exists():
        pytest.fail(f"expected apt-get to install Chromium at {CHROMIUM}, found none:\n" + "\n".join(logs))
    return CHROMIUM


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = ensure_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("expected Playwright for Python (pip install -e '.[dev]'), found none")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(executable), headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reader")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("THREADARCHIVE_CACHE", str(folder / "cache"))
        root = make_reader_archive(folder)
        return build_site(root / "releases/1.0.0", folder / "site").path


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page that records dialogs (dismissed) and script errors."""
    context = browser.new_context()
    tab = context.new_page()
    tab.dialogs, tab.errors = [], []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def test_the_seed_page_shows_13_tweets_in_order_with_12_as_printed(
    page: Any, site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page.goto((site / f"threads/{SEED_THREAD}.html").as_uri())
    items = page.locator("ol.tweets > li")
    assert items.count() == 13
    assert items.evaluate_all("items => items.map(item => item.id)") == [f"t{n}" for n in range(1, 14)]
    assert page.locator("#t12 .marker code").inner_text() == "/12"
    assert page.locator("#t12 p.text").inner_text().endswith("difficult to maintain. /12")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Thread by Michael Kofman @KofmanMichael"
    assert page.get_by_role("complementary").get_by_role("heading", name="Provenance").is_visible()
    shot = tmp_path / "seed-thread.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    with capsys.disabled():
        print(f"\nscreenshot of the seed's thread page: {shot}")
    assert page.errors == []


def test_searching_a_word_of_tweet_9_finds_that_thread_and_tweet(page: Any, site: Path) -> None:
    page.goto((site / "index.html").as_uri())
    search = page.get_by_role("searchbox")
    search.fill("equipment")
    search.press("Enter")
    page.wait_for_selector("#search[data-state=done]", timeout=10_000)
    results = page.locator("#search-results > li")
    assert results.count() == 1
    assert results.first.get_attribute("data-thread") == SEED_THREAD
    assert results.first.get_attribute("data-position") == "9"
    assert page.locator("#search-status").inner_text() == "1 tweet found for “equipment”"
    assert page.locator("#search-results mark").all_inner_texts() == ["equipment"]
    assert page.locator("#search-results bdi").all_inner_texts() == ["Michael Kofman"]  # isolated
    assert page.locator("#search-results p").get_attribute("dir") == "auto"
    results.first.get_by_role("link").click()
    page.wait_for_url(f"**/threads/{SEED_THREAD}.html#t9")
    assert page.locator("#t9 p.text").inner_text().startswith("The challenge is that drones")
    assert page.errors == []


def test_search_words_match_the_words_they_begin_and_all_must_match(page: Any, site: Path) -> None:
    page.goto((site / "index.html").as_uri() + "?q=Pokrov")  # a query in the URL runs at once
    page.wait_for_selector("#search[data-state=done]", timeout=10_000)
    assert page.locator("#search-results > li").count() == 7
    page.goto((site / "index.html").as_uri() + "?q=pokrovsk+myrnohrad")
    page.wait_for_selector("#search[data-state=done]", timeout=10_000)
    positions = page.locator("#search-results > li").evaluate_all("l => l.map(i => i.dataset.position)")
    assert positions == ["7"]
    page.goto((site / "index.html").as_uri() + "?q=nowhere-to-be-found")
    page.wait_for_selector("#search[data-state=done]", timeout=10_000)
    assert page.locator("#search-status").inner_text().startswith("0 tweets found")


def test_a_hostile_tweet_shows_as_text_and_never_runs(page: Any, site: Path) -> None:
    page.goto((site / f"threads/{HOSTILE_ID}.html").as_uri())
    assert page.locator("p.text").all_inner_texts() == HOSTILE
    assert page.locator("img").count() == 0
    assert page.evaluate("typeof window.pwned") == "undefined"
    page.goto((site / "index.html").as_uri() + "?q=onerror")  # search shows it too, as text
    page.wait_for_selector("#search[data-state=done]", timeout=10_000)
    assert page.locator("#search-results > li").count() == 1
    assert page.locator("#search-results p").inner_text() == HOSTILE[1]
    assert page.locator("#search-results img").count() == 0
    page.wait_for_timeout(200)  # an onerror would have fired by now
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.dialogs == [] and page.errors == []


def test_pages_read_without_script(browser: Any, site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / f"threads/{SEED_THREAD}.html").as_uri())
    assert page.locator("ol.tweets > li").count() == 13
    page.goto((site / "index.html").as_uri())
    assert page.get_by_role("row").count() == 3  # the header and two threads
    assert page.locator("#search").is_hidden()
    assert page.get_by_role("link", name="Michael Kofman").is_visible()
    assert "Search runs in the browser and needs JavaScript" in page.locator("noscript").inner_text()
    context.close()


@pytest.mark.parametrize("over", ["file", "http"])
def test_a_site_of_many_threads_shares_pages_and_search_finds_the_tweet_on_them(
    page: Any, over: str, tmp_path: Path, server: tuple[str, Path]
) -> None:
    """Past MAX_THREAD_PAGES threads, threads share pages (threads/_<n>.html): the index
    and search link to the thread and tweet on its shared page, from file:// and over HTTP."""
    from threadarchive.access import site as sitemod

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("THREADARCHIVE_CACHE", str(tmp_path / "cache"))
        patch.setattr(sitemod, "MAX_THREAD_PAGES", 1)
        root = make_reader_archive(tmp_path)
        site = build_site(root / "releases/1.0.0", server[1] / "site").path
    assert sorted(p.name for p in (site / "threads").iterdir()) == ["_0.html"]
    start = (site / "index.html").as_uri() if over == "file" else server[0] + "site/index.html"
    page.goto(start)
    page.get_by_role("link", name="Michael Kofman").click()
    page.wait_for_url(f"**/threads/_0.html#{SEED_THREAD}")
    assert page.locator(f"[id='{SEED_THREAD}-t12'] .marker code").inner_text() == "/12"
    page.goto(start + "?q=equipment")
    page.wait_for_selector("#search[data-state=done]", timeout=10_000)
    assert page.locator("#search-results > li").count() == 1
    page.locator("#search-results a").click()
    page.wait_for_url(f"**/threads/_0.html#{SEED_THREAD}-t9")
    assert (
        page.locator(f"[id='{SEED_THREAD}-t9'] p.text")
        .inner_text()
        .startswith("The challenge is that drones")
    )
    assert page.errors == []
