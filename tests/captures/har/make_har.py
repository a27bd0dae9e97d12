"""Save a HAR file of x.com's TweetDetail request with a real browser: Chromium, driven by Playwright.

A browser's developer tools save a page's network traffic as a HAR file; here
Playwright's ``record_har_path`` does it for Debian's Chromium (/usr/bin/chromium,
headless). The browser opens ``https://x.com/XDevelopers/status/1649191520250245121``
and the page's script fetches the thread's TweetDetail, as x.com's web app does. Both
are answered by an HTTPS server on 127.0.0.1 (Chromium's ``--host-resolver-rules``
sends x.com there; its certificate is a throwaway self-signed one, accepted with
``ignore_https_errors``), so nothing leaves the machine. The TweetDetail body is a
real one (twscrape's mock of @XDevelopers' thread, tests/captures/real/graphql/, MIT);
the page's HTML is a stand-in of a few lines, not x.com's.

Run from the repository root: ``python tests/captures/har/make_har.py``.
Not rebuilt byte for byte: the HAR records times, ports and the browser's headers.
"""

from __future__ import annotations

import http.server
import ssl
import subprocess
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"
BODY = (HERE.parent / "real" / "graphql" / "twscrape-TweetDetail-2025-03-S1-legacy.json").read_bytes()
PAGE_PATH = "/XDevelopers/status/1649191520250245121"
# The query ID twscrape used when it recorded this body (twscrape/api.py at 3e30c37).
API_PATH = (
    "/i/api/graphql/Ez6kRPyXbqNlhBwcNMpU-Q/TweetDetail"
    "?variables=%7B%22focalTweetId%22%3A%221649191520250245121%22%7D"
)
HTML = f"""<!doctype html><meta charset="utf-8"><title>X</title>
<script>fetch({API_PATH!r}).then(r => r.json())</script>
""".encode()
OUT = HERE / "chromium-playwright-TweetDetail-S1.har"


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


def main() -> None:
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
                page_context = browser.new_context(
                    ignore_https_errors=True, record_har_path=str(OUT), record_har_content="embed"
                )
                page = page_context.new_page()
                with page.expect_response(lambda r: "/TweetDetail" in r.url) as response:
                    page.goto(f"https://x.com{PAGE_PATH}")
                response.value.finished()
                page_context.close()  # writes the HAR
                browser.close()
        finally:
            server.shutdown()
    print(OUT, OUT.stat().st_size)


if __name__ == "__main__":
    main()
