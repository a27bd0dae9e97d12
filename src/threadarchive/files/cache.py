"""Where threadarchive keeps what it fetched or computed once: the user cache folder."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "THREADARCHIVE_CACHE"


def cache_dir() -> Path:
    """$THREADARCHIVE_CACHE, else the user cache folder (platformdirs)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("threadarchive"))
