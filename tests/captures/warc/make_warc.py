"""Record x.com's TweetDetail response into a WARC with warcio's own recorder.

warcio (the Webrecorder project's WARC library) records what an HTTP client sends
and receives (``warcio.capture_http``) into request/response record pairs. Here
the client (``requests``) fetches ``http://x.com/i/api/graphql/…/TweetDetail``
through an HTTP proxy on 127.0.0.1 that answers with a real TweetDetail body
(twscrape's mock of @XDevelopers' thread, tests/captures/real/graphql/, MIT), so
nothing leaves the machine. Through a proxy the request line holds the full URL,
which warcio keeps as ``WARC-Target-URI``, and it names the proxy in
``WARC-Proxy-Host``.

Run from the repository root: ``python tests/captures/warc/make_warc.py``.
Not rebuilt byte for byte: warcio gives each record a random ``WARC-Record-ID``
and the time of recording as ``WARC-Date``; the bodies are the same bytes.
"""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

from warcio.capture_http import capture_http

# isort: split
import requests  # after capture_http, as warcio's documentation says: it patches http.client

HERE = Path(__file__).parent
BODY = (HERE.parent / "real" / "graphql" / "twscrape-TweetDetail-2025-03-S1-legacy.json").read_bytes()
# The query ID twscrape used when it recorded this body (twscrape/api.py at 3e30c37).
URL = (
    "http://x.com/i/api/graphql/Ez6kRPyXbqNlhBwcNMpU-Q/TweetDetail"
    "?variables=%7B%22focalTweetId%22%3A%221649191520250245121%22%7D"
)
OUT = HERE / "warcio-capture_http-TweetDetail-S1.warc.gz"


class Proxy(http.server.BaseHTTPRequestHandler):
    """Answers a proxied GET of the TweetDetail URL with the real body; 404 otherwise."""

    def do_GET(self) -> None:
        if self.path != URL:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxy = f"http://127.0.0.1:{server.server_address[1]}"
    OUT.unlink(missing_ok=True)  # capture_http appends to a file that is there
    try:
        with capture_http(str(OUT)):
            response = requests.get(URL, proxies={"http": proxy}, timeout=10)
        response.raise_for_status()
        assert response.content == BODY
    finally:
        server.shutdown()
    print(OUT, OUT.stat().st_size)


if __name__ == "__main__":
    main()
