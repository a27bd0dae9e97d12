"""A loaded table too large to hold in memory, kept in a memory-mapped file instead.

A whole release of ten million tweets unpacks to about 4 GB in Arrow, most of it text:
more than a laptop spares. Past ``IN_MEMORY_BYTES`` (what the verified files' footers
say the rows asked for unpack to), the rows are streamed, one batch at a time, into an
uncompressed Arrow IPC file in the cache's ``spill/`` folder, and that file is
memory-mapped: the table's buffers (and the Arrow-backed DataFrame made from it,
which copies nothing) are the file's pages, which the system reads when they are first
touched and lets go of under memory pressure. Loading holds one batch at a time.

The file is unlinked as soon as it is mapped: POSIX keeps its pages until the last
mapping goes, with the table. Where a mapped file cannot be unlinked (Windows), or a
load was killed while writing one, it is left, and removed by a later load once it has
not been written to for ``STALE_SECONDS`` and nothing maps it (a file another load is
writing is never touched). Only files named as a load names them (``PREFIX``) are
removed: ``spill/`` may be a link to a folder on a larger disk that holds others.

Arrow's own memory map is the mechanism (``pyarrow.memory_map``, zero-copy IPC
reads); what is written here is only when to use it and where its file lives.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from threadarchive.errors import PackageError
from threadarchive.files.cache import cache_dir

if TYPE_CHECKING:
    import pyarrow as pa

# Rows asked for that unpack to more than this are memory-mapped rather than held:
# a quarter of a laptop's 8 GB less room for pandas' own work on them.
IN_MEMORY_BYTES = 1 << 30
SPILL_DIR = "spill"
PREFIX = "threadarchive-"  # every file a load spills is named so; the sweep removes no other
SUFFIX = ".arrow"
STALE_SECONDS = 3600


def table(batches: Iterable[pa.RecordBatch], schema: pa.Schema) -> pa.Table:
    """``batches`` as one table backed by a memory-mapped file in the cache (see the
    module's docstring); PackageError, and no file left, when the cache cannot hold it."""
    import pyarrow as pa

    folder = cache_dir() / SPILL_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _sweep(folder)
        handle, name = tempfile.mkstemp(dir=folder, prefix=PREFIX, suffix=SUFFIX)
    except OSError as exc:
        raise PackageError(
            f"{folder}: expected a cache folder to map a large table from, found {exc.strerror}"
        ) from None
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream, pa.ipc.new_file(stream, schema) as writer:
            for batch in batches:
                writer.write_batch(batch)
        mapped = pa.ipc.open_file(pa.memory_map(str(path))).read_all()  # zero-copy: the file's pages
    except OSError as exc:
        path.unlink(missing_ok=True)
        msg = (
            f"{path.parent}: expected room in the cache for a table too large to hold in memory, found {exc}"
        )
        raise PackageError(msg, path=path.parent) from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # mapped files cannot be unlinked on Windows: _sweep, later
        path.unlink()
    return mapped


def _sweep(folder: Path) -> None:
    """Remove the files earlier loads left, once stale (see the module's docstring): only
    regular files named as a load names them, as ``spill/`` may link to a folder that
    holds other files (a larger disk)."""
    import stat
    import time

    stale = time.time() - STALE_SECONDS
    for leftover in folder.glob(f"{PREFIX}*{SUFFIX}"):
        with contextlib.suppress(OSError):  # gone already, or still mapped by a live table
            facts = leftover.lstat()
            if stat.S_ISREG(facts.st_mode) and facts.st_mtime < stale:
                leftover.unlink()
