"""Package the WARC warcio recorded (../warc/) into a WACZ with Webrecorder's py-wacz.

py-wacz (PyPI ``wacz``, MIT) is the tool that writes WACZ files for Browsertrix
and ArchiveWeb.page's Python side: ``wacz create`` indexes the WARC (CDXJ),
lists pages and writes ``datapackage.json`` with each file's SHA-256. It is not
a dependency of threadarchive: install it into a separate environment and name
its executable in ``WACZ`` (default ``wacz`` on the PATH)::

    python -m venv /tmp/genvenv && /tmp/genvenv/bin/pip install wacz==0.5.0
    WACZ=/tmp/genvenv/bin/wacz python tests/captures/wacz/make_wacz.py

Not rebuilt byte for byte: ``datapackage.json`` records the time of creation
(``created``) and the zip its members' times; the WARC inside is the same bytes.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

HERE = Path(__file__).parent
WARC = HERE.parent / "warc" / "warcio-capture_http-TweetDetail-S1.warc.gz"
OUT = HERE / "py-wacz-0.5.0-TweetDetail-S1.wacz"


def main() -> None:
    wacz = os.environ.get("WACZ", "wacz")
    subprocess.run(
        [wacz, "create", "-o", str(OUT), "--title", "TweetDetail of @XDevelopers' thread", str(WARC)],
        check=True,
    )  # fmt: skip
    print(OUT, OUT.stat().st_size)


if __name__ == "__main__":
    main()
