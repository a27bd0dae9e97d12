"""Every option more than one command shares, declared once (sqlite-utils' way).

Each is a decorator. Their destinations are the library's parameter names where the
library has one (``--handle`` is ``author_handle``, ``--date`` of ``withdraw`` is
``date``), so that an error naming a parameter is worded with its flag by looking
the parameter up among the command's options (see ``hints.flag_of``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

# Library parameters whose option goes by another destination in the commands.
ALIASES = {"format": "capture_format"}


def json_option(function: F) -> F:
    """--json: print the outcome as JSON; an error too is then one JSON object on stdout."""
    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        help="Print the outcome as JSON (an error too, as one JSON object on stdout).",
    )(function)


def _quiet(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """Silence the library's waiting message (another command holds the lock) when quiet."""
    logging.getLogger("threadarchive").setLevel(logging.ERROR if value else logging.NOTSET)
    return value


def quiet_option(function: F) -> F:
    """-q/--quiet: no progress bar, no message while waiting for another command."""
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        callback=_quiet,
        help="No progress bar, and no message while waiting for another command's lock.",
    )(function)


def capture_format_option(function: F) -> F:
    """--format NAME: the capture's format, instead of detecting it from the content."""
    from threadarchive import contract

    # The formats as the data contract names them (a test holds the readers' registry to
    # them): listing them imports no reader, which the command line's start-up would pay for.
    return click.option(
        "--format",
        "capture_format",
        type=click.Choice(sorted(contract.table("captures").enum("source_format"))),
        help="The capture's format (default: detected from its content).",
    )(function)


def output_format_option(function: F) -> F:
    """--format text|json|github: how validate prints its report."""
    return click.option(
        "--format",
        "output",
        type=click.Choice(["text", "json", "github"]),
        default="text",
        show_default=True,
        help="text for people, json for machines (as --json), github for GitHub Actions annotations.",
    )(function)


def curation_options(function: F) -> F:
    """The curated facts of a thread, shared by ingest and meta (checked against the schemas)."""
    from threadarchive import contract

    options = [
        click.option("--author-name", help="The author's name, for captures that do not give it."),
        click.option("--handle", "author_handle", help="Author's X handle, without @."),
        click.option("--source-url", help="URL the capture was taken from."),
        click.option("--captured-at", help="When the capture was taken, ISO 8601 (2025-11-05T14:03:00Z)."),
        click.option("--language", help="BCP 47 language tag of the thread, such as en."),
        click.option(
            "--terms",
            type=click.Choice(list(contract.table("threads").meanings("terms"))),
            help="The terms the thread is archived under (README: Rights and takedowns).",
        ),
        click.option("--rights", help="A free note on the thread's rights (a default note otherwise)."),
        click.option(
            "--known-gaps", metavar="WHY", help="Known gaps, such as 'tweet 7 was deleted before capture'."
        ),
        click.option(
            "--tweet-ids",
            help="Comma-separated tweet IDs in thread order, one per tweet ('' for one unknown; empty clears).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


CURATED = (
    "author_name",
    "author_handle",
    "source_url",
    "captured_at",
    "language",
    "terms",
    "rights",
    "known_gaps",
    "tweet_ids",
)


class Date(click.ParamType):
    """A calendar date, YYYY-MM-DD, refused with the reason (February 30 is no day)."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value)
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            self.fail(f"expected a date YYYY-MM-DD, found {text!r}", param, ctx)
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            self.fail(f"expected a real date, found {text!r} ({exc})", param, ctx)


def date_option(destination: str, help: str, *, envvar: str | None = None) -> Callable[[F], F]:
    """--date YYYY-MM-DD into ``destination`` (the library parameter it is given as)."""
    return click.option("--date", destination, type=Date(), metavar="YYYY-MM-DD", envvar=envvar, help=help)
