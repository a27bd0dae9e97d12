"""The X archive's JavaScript files, read as JSON without running them.

Every file of an X archive's ``data/`` folder is one assignment of a JSON value::

    window.YTD.tweets.part0 = [ {"tweet" : {...}}, ... ]

and ``manifest.js`` is ``window.__THAR_CONFIG = {...}``. The exact
``window.YTD.<kind>.part<N> = `` prefix (and an optional ``;`` after the value)
is cut and the rest read as JSON, record by record, a chunk at a time, so a file
of hundreds of MB never sits in memory. (Python's own JSON decoder is used,
record by record, rather than an event parser such as ijson: it gives the line
each record starts on, and is faster.) A record is at most MAX_RECORD_CHARS
characters. Anything else is a CaptureError naming the file (the zip member) and
the line.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from threadarchive.capture.fields import utc_seconds
from threadarchive.contract.limits import MAX_ACCOUNT_FILE_BYTES, MAX_RECORD_CHARS
from threadarchive.contract.report import shown
from threadarchive.errors import CaptureError, UnsafeZipError
from threadarchive.files.safezip import ZIP_ERRORS
from threadarchive.files.safezip import size as _size

CHUNK = 256 << 10  # bytes read at a time; the text of one chunk may take 4 bytes a character
_YTD = re.compile(r"window\.YTD\.(?P<kind>\w+)\.part(?P<part>[0-9]+) = ")
_MANIFEST = re.compile(r"\s*window\.__THAR_CONFIG = ")
_SPACE = re.compile(r"[ \t\n\r]*")
_BETWEEN = re.compile(r"[ \t\n\r]*,[ \t\n\r]*(?=[^ \t\n\r])")  # from a record to the next
_JSON = json.JSONDecoder()


@dataclass(frozen=True)
class File:
    """One file of a capture: the capture's name, and the file's within it ("" for itself)."""

    name: str
    member: str = ""

    def error(self, line: int | None, message: str) -> CaptureError:
        return CaptureError(self.name, line, f"{self.member}: {message}" if self.member else message)


@dataclass(frozen=True)
class Source:
    file: File
    open: Callable[[], IO[bytes]]


@contextmanager
def opened(source: Source) -> Iterator[IO[bytes]]:
    try:
        stream = source.open()
    except UnsafeZipError as exc:  # names the member already
        raise CaptureError(source.file.name, None, str(exc)) from None
    except ZIP_ERRORS as exc:
        raise source.file.error(None, f"cannot read it: {exc}") from None
    with stream:
        yield stream


class YtdList:
    """The records of one ``window.YTD.<kind>.part<N> = [ ... ]`` file, with the line each
    starts on, read a chunk at a time."""

    def __init__(self, stream: IO[bytes], file: File, kinds: Sequence[str]) -> None:
        self.stream = stream
        self.file = file
        self.kinds = kinds
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text = ""
        self.pos = 0
        self.line = 1  # the line self.pos is on
        self.eof = False

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        self._prefix()
        if self._skip_space() != "]":
            while True:
                yield self.line, self._value()
                between = _BETWEEN.match(self.text, self.pos)
                if between:  # the usual case, the next record already read
                    self._advance(between.end())
                    continue
                char = self._skip_space()
                if char == "]":
                    break
                if char != ",":
                    raise self.file.error(
                        self.line, f"expected ',' or ']' after a record, found {self._here()}"
                    )
                self._advance(self.pos + 1)
                self._skip_space()
        self._advance(self.pos + 1)
        if self._skip_space() == ";":
            self._advance(self.pos + 1)
        if self._skip_space():
            raise self.file.error(
                self.line, f"expected the end of the file after the list, found {self._here()}"
            )

    def _prefix(self) -> None:
        self._skip_space()
        while len(self.text) - self.pos < 256 and self._fill():
            pass
        match = _YTD.match(self.text, self.pos)
        expected = f"'window.YTD.{self.kinds[0]}.part0 = ['"
        if match is None or match["kind"] not in self.kinds:
            found = self._here() if self.text[self.pos :] else "an empty file"
            raise self.file.error(
                self.line, f"expected the X archive's {expected} to open the file, found {found}"
            )
        self._advance(match.end())
        if self._skip_space() != "[":
            raise self.file.error(self.line, f"expected {expected}, found {self._here()} after '='")
        self._advance(self.pos + 1)

    def _value(self) -> Any:
        while True:
            try:
                value, end = _JSON.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.text) - self.pos < MAX_RECORD_CHARS and self._fill():
                    continue  # the record goes on in the next chunk
                line = self.line + self.text.count("\n", self.pos, exc.pos)
                too_big = len(self.text) - self.pos >= MAX_RECORD_CHARS
                limit = f" (or a record over {_size(MAX_RECORD_CHARS)})" if too_big else ""
                raise self.file.error(
                    line, f"expected a JSON record, found invalid JSON{limit}: {exc.msg}"
                ) from None
            except RecursionError:
                raise self.file.error(
                    self.line, "expected a tweet record, found JSON nested too deeply"
                ) from None
            if end < len(self.text) or not self._fill():  # a number at the end may go on
                self._advance(end)
                return value

    def _fill(self) -> bool:
        """The next chunk read onto the text; False at the end of the file."""
        if self.eof:
            return False
        try:
            chunk = self.stream.read(CHUNK)
        except ZIP_ERRORS as exc:
            raise self.file.error(None, f"cannot read it: {exc}") from None
        try:
            text = self.decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            line = self.line + self.text.count("\n", self.pos) + exc.object[: exc.start].count(b"\n")
            msg = f"expected UTF-8 text, found the byte 0x{exc.object[exc.start]:02x} that is not UTF-8"
            raise self.file.error(line, msg) from None
        self.text, self.pos = self.text[self.pos :] + text, 0  # forget what has been read
        self.eof = not chunk
        return bool(chunk)

    def _advance(self, to: int) -> None:
        self.line += self.text.count("\n", self.pos, to)
        self.pos = to

    def _skip_space(self) -> str:
        """The next character that is not white space; "" at the end of the file."""
        while True:
            space = _SPACE.match(self.text, self.pos)
            assert space is not None  # it matches the empty string too
            self._advance(space.end())
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self._fill():
                return ""

    def _here(self) -> str:
        rest = self.text[self.pos : self.pos + 200].split("\n", 1)[0]
        return shown(rest) if rest else "the end of the file"


def records(source: Source, kinds: Sequence[str]) -> Iterator[tuple[int, Any]]:
    with opened(source) as stream:
        yield from YtdList(stream, source.file, kinds)


def captured_at(source: Source | None) -> str | None:
    """The manifest's archiveInfo.generationDate, in UTC to the second."""
    if source is None:
        return None
    with opened(source) as stream:
        try:
            data = stream.read(MAX_ACCOUNT_FILE_BYTES + 1)
        except ZIP_ERRORS as exc:
            raise source.file.error(None, f"cannot read it: {exc}") from None
    file = source.file
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise file.error(
            data[: exc.start].count(b"\n") + 1, "expected UTF-8 text, found bytes that are not"
        ) from None
    match = _MANIFEST.match(text)
    if match is None:
        found = shown(text.lstrip().split("\n", 1)[0]) if text.strip() else "an empty file"
        raise file.error(1, f"expected 'window.__THAR_CONFIG = {{' to open the file, found {found}")
    try:
        config, end = _JSON.raw_decode(text, match.end())
    except json.JSONDecodeError as exc:
        raise file.error(exc.lineno, f"expected a JSON object, found invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise file.error(1, "expected a JSON object, found one nested too deeply") from None
    rest = text[end:].strip()
    if rest not in ("", ";"):
        raise file.error(text.count("\n", 0, end) + 1, f"expected the end of the file, found {shown(rest)}")
    info = config.get("archiveInfo") if isinstance(config, dict) else None
    stamp = info.get("generationDate") if isinstance(info, dict) else None
    if stamp is None:
        return None
    try:
        when = dt.datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        msg = f"expected archiveInfo.generationDate like '2025-11-05T13:02:11.000Z', found {shown(stamp)}"
        raise file.error(None, msg)
    return utc_seconds(when)


def only_record(source: Source, kind: str) -> tuple[int, dict[str, Any]]:
    """The one ``{"<kind>": {...}}`` record of account.js or profile.js."""
    found = list(records(source, (kind,)))
    if len(found) != 1:
        raise source.file.error(None, f"expected one {kind} record, found {len(found)}")
    line, record = found[0]
    inner = record.get(kind) if isinstance(record, dict) else None
    if not isinstance(inner, dict):
        raise source.file.error(line, f'expected a record {{"{kind}": {{...}}}}, found {shown_json(record)}')
    return line, inner


def shown_json(value: Any) -> str:
    return shown(json.dumps(value, ensure_ascii=False)[:200])
