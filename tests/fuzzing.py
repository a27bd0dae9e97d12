"""Fuzz targets: every reader of input that can come from outside, fed what Hypothesis
makes, must raise only threadarchive's own errors (never a traceback).

tests/test_fuzz.py runs each with a few examples in the test command; bench/fuzz.py runs
them with many and counts them (BENCHMARKS.md records the counts).
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from threadarchive.archive.index import Index
from threadarchive.archive.journal import Journal
from threadarchive.archive.metadata import ThreadMeta, load_yaml
from threadarchive.archive.settings import Settings
from threadarchive.capture.formats import read_capture
from threadarchive.contract.package import read_descriptor
from threadarchive.errors import ThreadArchiveError
from threadarchive.files import strictjson

# JSON-like values, with the keys and shapes the readers look for mixed into arbitrary ones.
KEYS = st.sampled_from(
    ["name", "version", "resources", "path", "hash", "releases", "withdrawals", "files", "moves",
     "writes", "created", "descriptor_sha256", "thread_id", "captures", "current", "date", "x"]
)  # fmt: skip
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=5), inner, max_size=5)
    ),
    max_leaves=20,
)
JSON_TEXT = VALUES.map(json.dumps) | st.text(max_size=200)
YAML_TEXT = st.text(
    alphabet=st.sampled_from(list("ab: -[]{}'\"\n#&*!?|>%@`0129.,\t")), max_size=200
) | VALUES.map(json.dumps)
CAPTURE_BYTES = (
    st.binary(max_size=400)
    | JSON_TEXT.map(str.encode)
    | st.lists(JSON_TEXT, max_size=5).map(lambda lines: "\n".join(lines).encode())
    | st.text(max_size=300).map(lambda t: f"Ann Profile picture\n{t}".encode())
    | st.text(max_size=300).map(lambda t: f"<html><div class='content-tweet'>{t}</div></html>".encode())
)


def _capture(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "capture"
        path.write_bytes(data)
        read_capture(path)


def _meta(text: str) -> None:
    ThreadMeta.from_dict(load_yaml(text, "meta.yaml"), "meta.yaml")


def _settings(text: str) -> None:
    Settings.from_dict(load_yaml(text, "archive.yaml"))


def _strict_json(text: str) -> None:
    # ValueError and RecursionError are the callers' to word: each is turned into a
    # one-line error where the JSON is read
    with contextlib.suppress(ValueError, RecursionError):
        strictjson.loads(text)


@dataclass(frozen=True)
class Target:
    name: str
    inputs: st.SearchStrategy[Any]
    run: Callable[[Any], object]


TARGETS = [
    Target("release-index", JSON_TEXT, lambda text: Index.parse(text, "index.json")),
    Target("descriptor", JSON_TEXT, lambda text: read_descriptor(text.encode(), "datapackage.json")),
    Target("journal", JSON_TEXT, lambda text: Journal.from_json(text.encode())),
    Target("strict-json", JSON_TEXT, _strict_json),
    Target("thread-metadata", YAML_TEXT, _meta),
    Target("settings", YAML_TEXT, _settings),
    Target("capture", CAPTURE_BYTES, _capture),
]


def check(target: Target, value: Any) -> None:
    """Run ``target`` on ``value``: its own errors are the only ones allowed through."""
    with contextlib.suppress(ThreadArchiveError):
        target.run(value)
