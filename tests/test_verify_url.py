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


def test_validating_a_url_of_a_folder_or_its_descriptor_names_the_url(
    reader_archive: Path, server: tuple[str, Path]
) -> None:
    # validate's help takes "the URL of a folder or zip"; the URL of its datapackage.json
    # was read as a local path ("http:/127.0.0.1..."), exit 2
    base, served = server
    shutil.copytree(reader_archive / "releases/1.0.0", served / "1.0.0")
    scratch = str(cache_dir())
    for url in (f"{base}1.0.0/", f"{base}1.0.0/datapackage.json"):
        result = CliRunner().invoke(main, ["validate", url, "--json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert (report["valid"], report["path"]) == (True, url)
        assert scratch not in result.output
