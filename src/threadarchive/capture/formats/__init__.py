"""Capture formats: one reader module each, behind the interface in ``base.py``.

The format of a capture is detected from its content (``read_capture``'s ``format``
names one instead), in this order: a WACZ (a zip holding ``datapackage.json`` and
``archive/``), the X archive (any other zip, or ``window.YTD...``), a WARC
(``WARC/1.``, plain or gzip), a HAR file (``{"log": {``), Zeeschuimer NDJSON (its
``timestamp_collected`` and ``source_platform``), a saved X GraphQL response
(``{"data"`` with ``__typename`` or timeline instructions), twitter-web-exporter's
JSON (an array of records with ``full_text`` and ``screen_name``) and CSV (its
header), twarc2 JSON Lines (any other JSON: ``{`` or ``[`` first, so that a
pretty-printed file or an array is told what is expected of it), a Thread Reader
App thread page (HTML), and otherwise the Scrolly Tale text. X's GraphQL tweet
objects, whatever holds them, are read by ``graphql.py``.
"""

from __future__ import annotations

from pathlib import Path

from threadarchive.capture.formats import (
    graphql,
    har,
    scrolly,
    trahtml,
    twarc,
    wacz,
    warc,
    webexporter,
    xarchive,
    zeeschuimer,
)
from threadarchive.capture.formats.base import HEAD_BYTES, Reader
from threadarchive.capture.model import Capture
from threadarchive.errors import CaptureError, InputError
from threadarchive.files.fsutil import require_regular

# In the order detection asks them; the Scrolly text, claiming anything, comes last.
READERS: tuple[Reader, ...] = (
    wacz,
    xarchive,
    warc,
    har,
    zeeschuimer,
    graphql,
    webexporter.JSON_READER,
    webexporter.CSV_READER,
    twarc,
    trahtml,
    scrolly,
)


def names() -> list[str]:
    """Every format's name, as ``read_capture(format=...)`` and the tables' ``source_format`` spell it."""
    return sorted(reader.NAME for reader in READERS)


def reader(name: str) -> Reader:
    """The reader of the format called ``name``."""
    for candidate in READERS:
        if name == candidate.NAME:
            return candidate
    raise InputError(f"format: expected one of {', '.join(names())}, found {name!r}", parameter="format")


def _head(path: Path, name: str) -> bytes:
    """The file's first HEAD_BYTES; CaptureError for a file holding nothing but white space."""
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
    except OSError as exc:
        raise CaptureError(name, None, f"cannot read the file: {exc.strerror}") from None
    if len(head) < HEAD_BYTES and not head.removeprefix(b"\xef\xbb\xbf").strip():
        raise CaptureError(name, None, "expected a capture, found an empty file")
    return head


def detect(path: Path, name: str) -> Reader:
    """The reader for the capture at ``path``, from its first bytes."""
    head = _head(path, name)
    if head.startswith(wacz.ZIP_MAGIC) and wacz.is_wacz(path):  # its first member may be any
        return wacz
    return next(candidate for candidate in READERS if candidate.sniff(head))


def read_capture(path: str | Path, format: str | None = None, *, name: str | None = None) -> Capture:
    """Every thread of the capture at ``path``, read by its format's reader.

    Parameters
    ----------
    path
        A capture in any format ``names()`` lists.
    format
        The reader to use; detected from the content when None.
    name
        What messages call the file (default: the path).

    Returns
    -------
    Capture
        Its format, provenance and threads (each with its tweets and warnings).

    Raises
    ------
    CaptureError
        Input the reader cannot read, naming the file and line; anything but a regular
        file (a FIFO would block the reader for ever); an empty file.
    InputError
        ``format`` names no reader (its ``parameter`` is ``"format"``).
    """
    path = Path(path)
    label = name or str(path)
    try:
        require_regular(path, label)
    except InputError as exc:  # a FIFO or a device: opening it would block, or never end
        raise CaptureError(label, None, str(exc).removeprefix(f"{label}: ")) from None
    chosen = reader(format) if format else detect(path, label)
    if format:
        _head(path, label)  # an empty file is empty, whatever it was said to be
    return chosen.read(path, label)
