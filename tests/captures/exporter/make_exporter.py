"""Export a thread with twitter-web-exporter itself: its userscript, in Chromium, on x.com's TweetDetail.

twitter-web-exporter is a userscript: in the browser it hooks x.com's
XMLHttpRequest, keeps the tweets of the GraphQL responses it sees (IndexedDB), shows
them in a table and exports the rows the user selects as JSON, CSV or HTML, with or
without "Include all metadata". Here Debian's Chromium (headless, driven by
Playwright) runs the userscript at document start, as a userscript manager does, on
``https://x.com/XDevelopers/status/1649191520250245121``, whose script fetches the
thread's TweetDetail with XMLHttpRequest, as x.com's web app does. An HTTPS server
on 127.0.0.1 answers both (Chromium's ``--host-resolver-rules`` sends x.com there; a
throwaway self-signed certificate), with a real TweetDetail body (twscrape's mock,
tests/captures/real/graphql/, MIT; the
S3 user shape x.com serves since mid-2025); the page's HTML is a few lines written here.
Then the script clicks through the exporter's own panel as a user would: the
"TweetDetail" module's table, select the 10 rows of its first page (the thread and 6 replies), "Export Data", the format, "Include all metadata" or not,
"Start Export"; the file saved is the browser's download.

The userscript is not part of this repository: pass the path of a
``twitter-web-exporter.user.js`` (a release, or one built from its repository) and of
a ``node_modules`` folder holding the npm packages its ``@require`` lines name, at
those versions (a userscript manager loads them from the jsDelivr CDN; here each is
loaded from that folder, in the header's order, before the script)::

    python tests/captures/exporter/make_exporter.py twitter-web-exporter.user.js node_modules

The browser's time zone is Europe/Amsterdam, so the exporter's dates carry +02:00, and
its clock is fixed at 2026-08-07T10:00:00Z (the day twscrape recorded the body): the
exporter stores that time with each tweet (``metadata.twe_private_fields.updated_at``),
and the files are rebuilt byte for byte.
"""

from __future__ import annotations

import http.server
import json
import re
import ssl
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

HERE = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"
BODY = (
    HERE.parent / "real" / "graphql" / "twscrape-TweetDetail-2026-08-S3-core-profile_bio.json"
).read_bytes()
PAGE_PATH = "/XDevelopers/status/1649191520250245121"
# The query ID twscrape used when it recorded this body (twscrape/api.py at b71007c).
API_PATH = (
    "/i/api/graphql/559hs_YZNV4IgA3Z6zIIuw/TweetDetail"
    "?variables=%7B%22focalTweetId%22%3A%221649191520250245121%22%7D"
)
CAPTURED = "2026-08-07T10:00:00Z"  # fixed, so the files are rebuilt byte for byte
ROWS = 10  # the table's first page
HTML = f"""<!doctype html><meta charset="utf-8"><title>X</title>
<script>
self.webpackChunk_twitter_responsive_web = [];  // x.com's webpack global, which the exporter looks for
const request = new XMLHttpRequest();
request.open("GET", {API_PATH!r});
request.send();
</script>
""".encode()


# What a userscript manager (Tampermonkey, Violentmonkey) gives a script that @grants them:
# GM_addStyle adds a style element even at document start (before the page has an element);
# unsafeWindow is the page's window. Playwright's init scripts run in the page itself.
MANAGER = """
window.unsafeWindow = window;
window.GM_registerMenuCommand = () => 0;  // the manager's menu: none here
window.GM_addStyle = (css) => {
  const style = document.createElement("style");
  style.textContent = css;
  const place = () => (document.head || document.documentElement)?.append(style) ?? false;
  if (place() === false) {
    new MutationObserver((_, observer) => {
      if (document.documentElement) {
        observer.disconnect();
        place();
      }
    }).observe(document, { childList: true });
  }
  return style;
};
"""


class Site(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body, kind = {PAGE_PATH: (HTML, "text/html"), API_PATH: (BODY, "application/json")}.get(
            self.path, (None, "")
        )
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def requires(userscript: Path, modules: Path) -> list[Path]:
    """The files a userscript's ``@require`` lines name, from an npm ``node_modules`` folder."""
    found = []
    for url in re.findall(r"^// @require\s+(\S+)$", userscript.read_text(encoding="utf-8"), re.M):
        match = re.fullmatch(r"https://cdn\.jsdelivr\.net/npm/(@?[^@]+)@([^/]+)/(.+)", url)
        if match is None:
            raise SystemExit(f"expected a jsDelivr npm URL in @require, found {url}")
        package, version, file = match.groups()
        have = json.loads((modules / package / "package.json").read_text(encoding="utf-8"))["version"]
        if have != version:
            raise SystemExit(f"{package}: the userscript requires {version}, {modules} has {have}")
        found.append(modules / package / file)
    return found


def export(page: Page, fmt: str, metadata: bool, out: Path) -> None:
    """Export the selected rows as the exporter's "Export Data" dialog does."""
    root = page.locator("#twe-root")
    root.get_by_role("button", name="Export Data").click()
    root.get_by_text("Export as:").locator("xpath=following-sibling::select").select_option(fmt)
    box = root.get_by_text("Include all metadata:").locator("xpath=following-sibling::input")
    if box.is_checked() != metadata:
        box.click()
    start = root.get_by_role("button", name="Start Export")
    with page.expect_download() as download:
        start.click()
    download.value.save_as(out)
    start.locator("xpath=preceding-sibling::button[1]").click()  # Cancel: close the dialog


def main(userscript: Path, modules: Path) -> None:
    libraries = requires(userscript, modules)
    with tempfile.TemporaryDirectory() as folder:
        key, cert = Path(folder, "key.pem"), Path(folder, "cert.pem")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=x.com",
             "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    headless=True,
                    args=[f"--host-resolver-rules=MAP x.com 127.0.0.1:{port}"],
                )
                tab = browser.new_context(
                    ignore_https_errors=True, timezone_id="Europe/Amsterdam", accept_downloads=True,
                    viewport={"width": 1400, "height": 1000},
                )  # fmt: skip
                tab.clock.set_fixed_time(CAPTURED)  # Date.now(): when the exporter stores a tweet
                tab.add_init_script(MANAGER)
                for library in libraries:
                    tab.add_init_script(path=str(library))
                tab.add_init_script(path=str(userscript))
                page = tab.new_page()
                with page.expect_response(lambda r: "/TweetDetail" in r.url):
                    page.goto(f"https://x.com{PAGE_PATH}")
                root = page.locator("#twe-root")
                panel = root.locator("section.module-panel", has=page.get_by_text("TweetDetail", exact=True))
                panel.get_by_text(re.compile(r"Captured: [1-9]")).wait_for()
                panel.locator("button").first.click()
                table = root.locator(".modal-box", has=page.locator("table"))
                rows = table.locator("tbody input[type=checkbox]")
                rows.first.wait_for()
                table.locator("thead input[type=checkbox]").first.uncheck()  # every row starts selected
                for number in range(ROWS):  # the thread's 4 tweets and 6 replies
                    rows.nth(number).check()
                for fmt, metadata, name in (
                    ("JSON", True, "twitter-web-exporter-TweetDetail-S3-metadata.json"),
                    ("JSON", False, "twitter-web-exporter-TweetDetail-S3.json"),
                    ("CSV", True, "twitter-web-exporter-TweetDetail-S3-metadata.csv"),
                    ("CSV", False, "twitter-web-exporter-TweetDetail-S3.csv"),
                ):
                    export(page, fmt, metadata, HERE / name)
                    print(name, (HERE / name).stat().st_size)
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: make_exporter.py twitter-web-exporter.user.js node_modules")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
