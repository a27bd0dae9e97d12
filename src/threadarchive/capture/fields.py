"""What readers of X's tweet objects share: their text, their times, their IDs.

twarc2 (API v2), the X account archive and X's web GraphQL responses write the
same facts in the same few ways; each is read here, once:

- **text**: the API and the archive escape exactly ``&``, ``<`` and ``>`` in a
  tweet's text, as ``&amp;``, ``&lt;`` and ``&gt;``. Those three are undone in one
  pass and nothing else, so "&amp;copy;" reads "&copy;" (what the author typed),
  not "©", and "&quot;" stays. Line endings ("\\r\\n", "\\r") become "\\n". The raw
  capture keeps the escaped bytes.
- **times**: an ISO 8601 time with a zone ("2025-11-05T13:02:11.000Z", API v2,
  twarc's ``retrieved_at``) or X's own form ("Wed Nov 05 13:02:11 +0000 2025", the
  archive and the GraphQL ``legacy``), as UTC seconds: "2025-11-05T13:02:11Z".
- **IDs**: a tweet's or user's ID is a string of 1 to 20 digits
  (``contract.patterns.TWEET_ID``); a JSON number is never taken for one (past
  2**53 JavaScript has rounded it).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from threadarchive.contract.patterns import TWEET_ID

_ENTITY = re.compile(r"&(amp|lt|gt);")
_UNESCAPED = {"amp": "&", "lt": "<", "gt": ">"}
_X_TIME = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?P<month>[A-Z][a-z]{2}) (?P<day>[0-9]{2}) "
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2}) "
    r"(?P<sign>[+-])(?P<oh>[0-9]{2})(?P<om>[0-9]{2}) (?P<year>[0-9]{4})"
)
MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
# What messages say a time should look like.
ISO_EXAMPLE = "2025-11-05T13:02:11.000Z"
X_EXAMPLE = "Wed Nov 05 13:02:11 +0000 2025"


def tweet_text(raw: str) -> str:
    """A tweet's text as the archive keeps it: the three entities undone, line endings "\\n".

    Parameters
    ----------
    raw
        The text as the API, the archive or the web app serves it.

    Returns
    -------
    str
        The text verbatim but for ``&amp;``, ``&lt;``, ``&gt;`` and line endings.
    """
    text = _ENTITY.sub(lambda entity: _UNESCAPED[entity[1]], raw)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def utc_seconds(moment: dt.datetime) -> str:
    """An aware time as UTC seconds, "2025-11-05T13:02:11Z"."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def utc(value: Any, form: Literal["iso", "x"] | None = None) -> str | None:
    """An ISO 8601 time with a zone, or X's "Wed Nov 05 13:02:11 +0000 2025", as UTC seconds.

    Parameters
    ----------
    value
        The time as the capture gives it.
    form
        The one form the format writes ("iso" or "x"), where it writes one only.

    Returns
    -------
    str or None
        "2025-11-05T13:02:11Z"; None when ``value`` is no such time (not a string,
        no zone, a date that does not exist), for the reader to say so.
    """
    if not isinstance(value, str):
        return None
    try:
        match = _X_TIME.fullmatch(value) if form != "iso" else None
        if match is not None:
            if match["month"] not in MONTHS:
                return None
            offset = dt.timedelta(hours=int(match["oh"]), minutes=int(match["om"]))
            zone = dt.timezone(-offset if match["sign"] == "-" else offset)
            moment = dt.datetime(
                int(match["year"]), MONTHS[match["month"]], int(match["day"]),
                int(match["hour"]), int(match["minute"]), int(match["second"]), tzinfo=zone,
            )  # fmt: skip
        elif form == "x":
            return None
        else:
            moment = dt.datetime.fromisoformat(value)
            if moment.tzinfo is None:
                return None
        return utc_seconds(moment)
    except (ValueError, OverflowError):
        return None


def digits(value: Any) -> int | None:
    """An ID given as a string of 1 to 20 digits, as an int; None for anything else."""
    if isinstance(value, str) and TWEET_ID.fullmatch(value):
        return int(value)
    return None


def encodable(value: str) -> bool:
    """Whether ``value`` can be written as UTF-8: JSON may escape half a surrogate pair."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
