"""Verifying a release by its URL names the URL, never the download folder it was read
from (removed when the command ends)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from threadarchive.cli import main
from threadarchive.files.cache import cache_dir


def test_verifying_a_url_names_the_url_not_the_deleted_download_folder(
    reader_archive: Path, server: tuple[str, Path]
) -> None:
    base, served = server
    shutil.copytree(reader_archive / "releases/1.0.0", served / "1.0.0")
    (served / "1.0.0/README.md").write_text("forged\n", encoding="utf-8")  # one error to report
    url = f"{base}1.0.0/"
    scratch = str(cache_dir())
    text = CliRunner().invoke(main, ["verify", url])
    as_json = CliRunner().invoke(main, ["verify", url, "--json"])
    assert text.exit_code == as_json.exit_code == 1
    report = json.loads(as_json.output)
    assert report["path"] == url
    assert report["types"] == {"hash-mismatch": 1, "release-not-indexed": 1}
    assert f"INVALID: {url}:" in text.output
    assert scratch not in text.output and scratch not in as_json.output
