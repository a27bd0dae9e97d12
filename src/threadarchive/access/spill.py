"""A loaded table too large to hold in memory, kept in a memory-mapped file instead.

A whole release of ten million tweets unpacks to about 4 GB in Arrow, most of it text:
more than a laptop spares. Past ``IN_MEMORY_BYTES`` (what the verified files' footers
say the rows asked for unpack to), the rows are streamed, one batch at a time, into an
uncompressed Arrow IPC file in the cache's ``spill/`` folder, and that file is
memory-mapped: the table's buffers (and the Arrow-backed DataFrame made from it,
which copies nothing) are the file's pages, which the system reads when they are first
touched and lets go of under memory pressure. Loading holds one batch at a time.

The file is written in a staging folder of its own (``files.fsutil.staging``: locked
while in use, removed afterwards whatever happens, and one a killed load left removed by
the next load, never one a live load holds), which is removed as soon as the file is
mapped: POSIX keeps the file's pages until the last mapping goes, with the table.

Arrow's own memory map is the mechanism (``pyarrow.memory_map``, zero-copy IPC
reads); what is written here is only when to use it and where its file lives.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from threadarchive.errors import PackageError, StorageError
from threadarchive.files.cache import cache_dir
from threadarchive.files.fsutil import staging

if TYPE_CHECKING:
    import pyarrow as pa

# Rows asked for that unpack to more than this are memory-mapped rather than held:
# a quarter of a laptop's 8 GB less room for pandas' own work on them.
IN_MEMORY_BYTES = 1 << 30
SPILL_DIR = "spill"
TABLE = "table.arrow"  # in spill/.table.arrow.XXXXXXXX.partial/, while it is written and mapped


def table(batches: Iterable[pa.RecordBatch], schema: pa.Schema) -> pa.Table:
    """``batches`` as one table backed by a memory-mapped file in the cache (see the
    module's docstring); PackageError, and no file left, when the cache cannot hold it."""
    import pyarrow as pa

    folder = cache_dir() / SPILL_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackageError(
            f"{folder}: expected a cache folder to map a large table from, found {exc.strerror}"
        ) from None
    try:
        with staging(folder / TABLE, "map a table too large to hold in memory") as staged:
            path = staged / TABLE
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(handle, "wb") as stream, pa.ipc.new_file(stream, schema) as writer:
                for batch in batches:
                    writer.write_batch(batch)
            return pa.ipc.open_file(pa.memory_map(str(path))).read_all()  # zero-copy: the file's pages
    except (OSError, StorageError) as exc:
        msg = f"{folder}: expected room in the cache for a table too large to hold in memory, found {exc}"
        raise PackageError(msg, path=folder) from None
