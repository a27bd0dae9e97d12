"""Numbering markers ("1/", "/12", "3/13", "(2/3)"): where a tweet has one, and what it says.

The grammar is the tweets schema's ``marker`` pattern (see contract.py); this module
only says where a marker may stand in a tweet and reads the numbers in it, for
every capture reader and for the integrity checks alike.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from threadarchive.contract import marker_pattern

GRAMMAR = marker_pattern()
# At the start of a tweet a marker must stand alone: "1/6 text", not "1/6/2024" or "24/7x".
START = re.compile(rf"(?P<marker>{GRAMMAR})(?![\w/])")
# At the end it follows a space and may be followed only by spaces and symbols such
# as emoji ("1/ 🧵"), not by a full stop: "since 9/11." is text, not a marker.
END = re.compile(rf"(?<!\S)(?P<marker>{GRAMMAR})(?P<trail>[^\w/.,;:!?]*)$")
# Any marker of the grammar in parts, for the integrity checks over whole columns:
# "(" if it has one, its number, its total (or, reversed "/n", its number).
PARTS = r"^(?P<open>\(?)(?P<number>[0-9]*)/(?P<total>[0-9]*)\)?$"
# The forms PARTS tells apart, by (has "(") * 4 + (has number) * 2 + (has total).
FORMS = {2: "n/", 1: "/n", 3: "n/m", 7: "(n/m)", 6: "(n/)", 5: "(/n)", 4: "(/)", 0: "/"}


@dataclass(frozen=True)
class Marker:
    text: str  # exactly as printed
    number: int  # the tweet number it states
    total: int | None  # the thread length it states, if any


def read(text: str) -> Marker | None:
    """The marker ``text`` is, with its numbers; None if it is not one."""
    if not re.fullmatch(GRAMMAR, text):
        return None
    match = re.fullmatch(PARTS, text)
    assert match is not None  # every marker of the grammar has these parts
    if match["number"]:
        return Marker(text, int(match["number"]), int(match["total"]) if match["total"] else None)
    return Marker(text, int(match["total"]), None)  # the reversed "/12"


def at_start(text: str) -> Marker | None:
    """The marker a tweet (or paragraph) opens with."""
    match = START.match(text.lstrip())
    return read(match["marker"]) if match else None


def at_end(text: str) -> Marker | None:
    """The marker a tweet (or paragraph) closes with."""
    match = END.search(text.rstrip())
    return read(match["marker"]) if match else None


def number(marker: str) -> int | None:
    """The tweet number a marker states: 12 for "/12", "12/", "12/13" and "(12/13)"."""
    found = read(marker)
    return found.number if found else None


def plausible(marker: Marker | None, limit: int, totals: Collection[int]) -> Marker | None:
    """The marker if it can number a tweet of its thread, else None.

    A marker counts from 1 to no more than ``limit`` (the thread's length); a stated
    total must not be below its number and must be one of ``totals`` (the thread's
    usual total, its declared length). Numbers in text that only look like markers
    ("24/7", "2022/23", "9/11") fail this.
    """
    if marker is None or not 1 <= marker.number <= limit:
        return None
    if marker.total is not None and (marker.number > marker.total or marker.total not in totals):
        return None
    return marker


def usual_total(candidates: Sequence[Marker]) -> int | None:
    """The total most markers of a thread state, when more than half state one."""
    totals = Counter(m.total for m in candidates if m.total)
    return totals.most_common(1)[0][0] if totals.total() * 2 > len(candidates) else None


def thread_markers(texts: Sequence[str], missing: int = 0) -> list[str | None]:
    """Each tweet's marker as printed, for a thread given tweet by tweet.

    For readers whose formats hold each tweet on its own (the API, the X archive,
    the thread page): a tweet's opening marker if it is plausible, else its closing
    one. ``missing`` counts tweets known to be missing from the capture (gaps in a
    reply chain): markers may number up to the thread's length with them.
    """
    starts, ends = [at_start(t) for t in texts], [at_end(t) for t in texts]
    usual = usual_total([m for m in (*starts, *ends) if m])
    length = len(texts) + missing
    if missing:  # a gap's size is a lower bound: the thread may be as long as its markers say
        length = max(length, usual or 0)
    totals = {length} | ({usual} if usual else set())
    found = [
        plausible(start, length, totals) or plausible(end, length, totals)
        for start, end in zip(starts, ends, strict=True)
    ]
    return [m.text if m else None for m in found]
