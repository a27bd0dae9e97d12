"""Attacks on what landed on 2026-12-05 (round 3b): each a fault that broke, kept as a test."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from threadarchive.capture.formats import read_capture
from threadarchive.errors import CaptureError


@pytest.mark.parametrize("document", ["[]", '"a string"', "null", "3"], ids=["list", "string", "null", "number"])
def test_a_wacz_whose_datapackage_is_no_object_is_one_capture_error(tmp_path: Path, document: str) -> None:
    path = tmp_path / "crawl.wacz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("datapackage.json", document)
        archive.writestr("archive/data.warc", b"WARC/1.0\r\n")
    with pytest.raises(CaptureError) as caught:
        read_capture(path)
    assert "datapackage.json: expected a JSON object" in str(caught.value)
    assert "\n" not in str(caught.value)
