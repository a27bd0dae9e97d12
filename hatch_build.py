"""Which releases the wheel ships: the latest, the older ones archive.yaml names, and the index.

A wheel is public: of each release it ships the public variant (``public/``), the texts
archive.yaml's ``public_terms`` allow to be distributed and every other thread as ID-only
rows, never the release folder's full tables.

Every release of the archive is published (releases/ in the repository, and where
archive.yaml's release_url says); the wheel carries only these, so it does not grow
with every release. The package reads the rest from their URLs, each file checked
against the release index it ships. Runs for the wheel (built from a checkout or an
sdist alike), not for an editable install, which reads releases/ through its link.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ReleasesHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        index = root / "releases" / "index.json"
        if not index.is_file():
            return  # an archive with no release yet: the package ships none
        versions = [entry["version"] for entry in json.loads(index.read_text(encoding="utf-8"))["releases"]]
        wanted = {max(versions, key=_order)} | set(_wheel_releases(root / "archive.yaml"))
        for release in sorted(wanted):
            # What the texts' terms allow to be shared publicly: the release's public variant,
            # shipped as the release (the index anchors it); a release published before
            # public variants existed ships whole, as it always did.
            folder = root / "releases" / release
            public = folder / "public"
            shipped = public if (public / "datapackage.json").is_file() else folder
            build_data["force_include"][str(shipped)] = f"threadarchive/_releases/{release}"
        build_data["force_include"][str(index)] = "threadarchive/_releases/index.json"


def _order(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _wheel_releases(settings: Path) -> list[str]:
    import yaml

    data = yaml.safe_load(settings.read_text(encoding="utf-8")) if settings.is_file() else {}
    wanted = data.get("wheel_releases") or [] if isinstance(data, dict) else []
    return [str(v) for v in wanted if re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", str(v))]
