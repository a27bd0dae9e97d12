"""JSON read strictly: every JSON file threadarchive reads is input, and input can be hostile.

``json.loads`` keeps the last of two equal keys (so a second ``"hash"`` hides the first
from a reader that takes the first), accepts ``NaN`` and ``Infinity``, and raises a bare
ValueError for an integer of more than 4,300 digits. ``loads`` here refuses all three
with a ``json.JSONDecodeError``-like ValueError naming what it found, so every caller
turns it into its own one-line error. Written by hand over the standard library's
hooks: no JSON library offers exactly this.
"""

from __future__ import annotations

import json
from typing import Any

MAX_INT_DIGITS = 4300  # Python's own limit on int() of a string (sys.get_int_max_str_digits)


class JSONProblem(ValueError):
    """JSON that parses, but that threadarchive refuses: a duplicate key, a huge number, NaN."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise JSONProblem(f"the key {key!r} twice in one object")
        data[key] = value
    return data


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JSONProblem(f"a number of {len(text.lstrip('-')):,} digits (at most {MAX_INT_DIGITS:,})")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_INT_DIGITS:
        raise JSONProblem(f"a number of {len(text):,} characters (at most {MAX_INT_DIGITS:,})")
    return float(text)


def _constant(name: str) -> Any:
    raise JSONProblem(f"{name}, which is not a JSON number")


def loads(text: str | bytes) -> Any:
    """Parse ``text`` as JSON, refusing duplicate keys, NaN/Infinity and huge numbers.

    Raises
    ------
    json.JSONDecodeError
        The text is not JSON (with its line and column).
    JSONProblem
        The text is JSON that is refused (what was found, in its message).
    RecursionError
        It is nested too deeply to parse.
    """
    return json.loads(
        text, object_pairs_hook=_pairs, parse_int=_integer, parse_float=_float, parse_constant=_constant
    )
