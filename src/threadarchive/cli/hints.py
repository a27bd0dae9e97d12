"""The command line's words for what the library says in Python's.

The library names parameters (``format: expected one of ...``, ``give
known_gaps=WHY``) and says what would settle an error as data (``remedy``: the
parameters to give; ``action``: the operation to run next). Here those become the
flags of the command that ran (``--format: ...``, ``give --known-gaps WHY``) and
command lines that run as printed (``threadarchive -C DIR ingest --replaces ID FILE``).
Findings get the same: the command that mends them, for validate's table.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from threadarchive.cli.options import ALIASES
from threadarchive.contract.findings import Finding
from threadarchive.errors import ThreadArchiveError

_VALUE = r"""'[^']*'|"[^"]*"|\([^)]*\)|\[[^\]]*\]|[^\s,;)]+"""


def command_line(root: Path | None, *args: str) -> str:
    """A threadarchive command line, for the archive at ``root``, that runs as printed."""
    here = root is None or Path(root).resolve() == Path.cwd().resolve()
    return shlex.join(["threadarchive", *(() if here else ("-C", str(root))), *args])


def option_of(command: click.Command | None, parameter: str) -> click.Option | None:
    """The option of ``command`` a library parameter is given with, if it has one."""
    if command is None:
        return None
    names = {parameter, ALIASES.get(parameter, parameter)}
    return next((p for p in command.params if isinstance(p, click.Option) and p.name in names), None)


def flag_of(command: click.Command | None, parameter: str) -> str | None:
    """The flag (``--known-gaps``) of the option a library parameter is given with."""
    option = option_of(command, parameter)
    return max(option.opts, key=len) if option is not None else None


def _flags(command: click.Command | None) -> dict[str, click.Option]:
    """Every option of ``command`` by each name the library may call it."""
    found: dict[str, click.Option] = {}
    for param in command.params if command is not None else ():
        if isinstance(param, click.Option) and param.name:
            found[param.name] = param
    for library, destination in ALIASES.items():
        if destination in found:
            found[library] = found[destination]
    return found


def _unquoted(value: str) -> str:
    if value[:1] in "'\"" and value[-1:] == value[:1]:
        return value[1:-1]
    return value


def worded(text: str, command: click.Command | None, names: set[str]) -> str:
    """``text`` with the library's parameters written as the flags of ``command``.

    ``name=VALUE`` becomes ``--flag VALUE`` (``--flag`` alone for ``True`` of a flag)
    for any option of the command; ``name:`` opening a clause becomes ``--flag:`` for
    the parameters in ``names`` (those the error is about) and the command's
    snake_case options; a snake_case option's name standing alone becomes its flag (a
    one-word name standing alone is a word: "a date"). A name in quotes, after a dot
    or after "field " is a file's or a table's field, not a parameter: left as it is.
    """
    options = _flags(command)
    if not options:
        return text

    def flag(name: str) -> str:
        return max(options[name].opts, key=len)

    def assigned(match: re.Match[str]) -> str:
        name, value = match["name"], match["value"]
        option = options[name]
        if option.is_flag and value == "True":
            return flag(name)
        if value.startswith(("(", "[")):  # several values: the option once for each
            values = [_unquoted(v.strip()) for v in value[1:-1].split(",") if v.strip()]
            return " ".join(f"{flag(name)} {shlex.quote(v)}" for v in values)
        return f"{flag(name)} {_unquoted(value)}"

    known = "|".join(sorted(map(re.escape, options), key=len, reverse=True))
    text = re.sub(rf"(?<![\w.'\"-])(?P<name>{known})=(?P<value>{_VALUE})", assigned, text)
    about = {n for n in names if n in options}
    about |= {n for n in options if "_" in n}
    if about:
        pattern = "|".join(sorted(map(re.escape, about), key=len, reverse=True))
        text = re.sub(rf"(^|: )({pattern}):", lambda m: f"{m[1]}{flag(m[2])}:", text, flags=re.M)
        snake = "|".join(sorted((re.escape(n) for n in about if "_" in n), key=len, reverse=True))
        if snake:
            text = re.sub(rf"(?<![\w.'\"/-])(?<!field )({snake})(?![\w'\"=-])", lambda m: flag(m[1]), text)
    return text


# How the command line says what to do next, for an error that says it as data.
def _replaces(exc: ThreadArchiveError, root: Path | None) -> str | None:
    ids = (exc.remedy or {}).get("replaces")
    if not ids or exc.path is None:
        return None
    flags = [word for thread_id in ids for word in ("--replaces", str(thread_id))]
    return f". To record it as the new capture: {command_line(root, 'ingest', *flags, exc.path)}"


def _reinstate(exc: ThreadArchiveError, root: Path | None) -> str | None:
    if "reinstate" not in (exc.remedy or {}) or exc.path is None:
        return None
    return f". To take it in again: {command_line(root, 'ingest', '--reinstate', 'WHY', exc.path)}"


_ACTIONS: dict[str, Callable[[ThreadArchiveError, Path | None], str]] = {
    "rebuild": lambda exc, root: f": mend that, then run {command_line(root, 'rebuild')}",
    "init": lambda exc, root: (
        "; run the command in the archive's folder, pass -C DIR, or create one with threadarchive init"
    ),
    "verify": lambda exc, root: f"; run {command_line(root, 'verify')} and mend it first",
    "validate": lambda exc, root: f" ({command_line(root, 'validate')} says where)",
}


def error_message(exc: ThreadArchiveError, command: click.Command | None, root: Path | None) -> str:
    """The one line (or lines, one per problem) the command line prints for ``exc``."""
    names = {n for n in (exc.parameter, *(exc.remedy or {})) if n}
    problem = getattr(exc, "problem", None) or str(exc)  # the message without the library's hint
    for template in (_replaces, _reinstate):
        if (hint := template(exc, root)) is not None:
            return worded(problem, command, names) + hint
    if exc.action in _ACTIONS:
        return worded(problem, command, names) + _ACTIONS[exc.action](exc, root)
    return worded(str(exc), command, names)


def error_data(exc: ThreadArchiveError, command: click.Command | None, root: Path | None) -> dict[str, Any]:
    """``exc.to_dict()`` for ``--json``, its message worded as the command line words it,
    and the flag of its parameter as ``option``."""
    data = exc.to_dict()
    data["message"] = error_message(exc, command, root)
    if exc.parameter and (flag := flag_of(command, exc.parameter)):
        data["option"] = flag
    return data


def finding_hint(finding: Finding, root: Path | None) -> str | None:
    """The command that mends a finding of the working archive, where one does."""
    thread = finding.thread_id
    if finding.type == "tweet-count-mismatch" and finding.severity == "error" and thread:
        return command_line(root, "meta", thread, "--known-gaps", "<what is missing>")
    if finding.type == "rights-missing" and thread:
        return command_line(root, "meta", thread, "--terms", "TERM")
    if finding.type in ("table-capture-mismatch", "generated-file-stale"):
        return command_line(root, "rebuild")
    if finding.type == "text-disagreement" and finding.severity == "warning" and thread and finding.position:
        position = str(finding.position)
        return command_line(
            root,
            "meta",
            thread,
            "--acknowledge",
            finding.type,
            "--position",
            position,
            "--note",
            "<why it is kept>",
        )
    if finding.type == "acknowledgement-unused" and thread:
        kind = re.match(r"expected an? ([a-z0-9-]+) warning", finding.message)
        if kind is not None:
            at = ("--position", str(finding.position)) if finding.position else ()
            return command_line(root, "meta", thread, "--unacknowledge", kind[1], *at)
    return None


def with_hints(root: Path | None) -> Callable[[Finding], str | None]:
    """``finding_hint`` for the archive at ``root``, as the report's formatter takes it."""
    return lambda finding: finding_hint(finding, root)


def hinted(finding: Finding, root: Path | None) -> str:
    """A finding's message with the command that mends it, for a warning line."""
    hint = finding_hint(finding, root)
    return f"{finding.message}; run: {hint}" if hint else finding.message
