"""Create a new, empty, valid archive: its settings, changelog, ignore file and CI workflow."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from threadarchive.archive.metadata import (
    load_yaml,
)
from threadarchive.archive.settings import TEMPLATE, Settings
from threadarchive.archive.store import OWN_PATHS, Store
from threadarchive.contract.layout import (
    CHANGELOG,
    DESCRIPTOR,
    SETTINGS_FILE,
)
from threadarchive.contract.patterns import PACKAGE_NAME
from threadarchive.errors import ConflictError, InputError
from threadarchive.files.fsutil import (
    atomic_write,
    storage,
)


def init(root: str | Path, *, name: str | None = None, title: str | None = None) -> Store:
    """Create a new, empty, valid archive in ``root`` (an empty or new folder)."""
    root = Path(root)
    with storage(root, "create the archive"):
        root.mkdir(parents=True, exist_ok=True)
        if (root / SETTINGS_FILE).exists() or (root / DESCRIPTOR).exists():
            raise ConflictError(
                f"{root}: holds an archive or a data package already; init never overwrites one"
            )
        name = name or slug(root.resolve().name)
        if not PACKAGE_NAME.fullmatch(name):
            msg = f"name: expected lower-case letters, digits, '.', '_' or '-', found {name!r}"
            raise InputError(msg, parameter="name")
        title = title or name
        settings_text = TEMPLATE.format(
            name=name,
            title=json.dumps(title, ensure_ascii=False),
            maintainers=json.dumps(f"{title} maintainers", ensure_ascii=False),
        )
        Settings.from_dict(_yaml(settings_text), SETTINGS_FILE)  # the template is valid
        files = {
            SETTINGS_FILE: settings_text,
            CHANGELOG: CHANGELOG_TEMPLATE,
            # the tool's state, downloads and readers, and what a killed write leaves
            ".gitignore": ".threadarchive/\ndist/\n*.tmp\n*.partial\n",
            ".github/workflows/validate.yml": WORKFLOW_TEMPLATE.replace("{version}", _tool_version()),
        }
        archive = Store(root)
        for relative in OWN_PATHS:  # a folder holding links out of it is refused before a write
            archive.path(relative)
        targets = {relative: archive.path(relative) for relative in files}
        for relative, text in files.items():
            if not targets[relative].exists():
                atomic_write(targets[relative], text.encode("utf-8"), beneath=root)
    archive.rebuild()
    return archive


def slug(text: str) -> str:
    """ASCII, lower-case, hyphenated: "Michael Kofman" -> "michael-kofman"."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "thread"


def _tool_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("threadarchive")
    except metadata.PackageNotFoundError:
        return "0"


def _yaml(text: str) -> Any:
    return load_yaml(text, SETTINGS_FILE)


CHANGELOG_TEMPLATE = """\
# Changelog

Every data release of this archive, newest first. `threadarchive release` adds each
release's section, generated from its difference with the release before.
"""


WORKFLOW_TEMPLATE = """\
# Validate the archive on every push and pull request: schema and thread checks
# (annotated on the lines at fault), then every release against its manifests.
name: validate
on:
  push:
  pull_request:
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      # threadarchive as this archive uses it: pin the version (or a wheel's URL) you release with.
      - run: pip install "threadarchive[maintain]>={version}"
      - run: threadarchive validate --format github
      - run: threadarchive validate --strict
      - run: threadarchive verify
"""
