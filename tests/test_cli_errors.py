"""Errors: the library names parameters, the command line words them as its flags, and
with --json an error is one JSON object on stdout (the error's ``to_dict()``)."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import threadarchive
from threadarchive.archive.metadata import Curation
from threadarchive.archive.scaffold import init
from threadarchive.archive.store import Store
from threadarchive.archive.withdraw import withdraw
from threadarchive.cli import main
from threadarchive.cli.hints import error_message, flag_of, worded
from threadarchive.errors import InputError, PackageError
from threadarchive.release import plan as planning

from .conftest import REPO, SEED, SEED_ID, snapshot, write_capture


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


# --json: an error is one JSON object on stdout --------------------------------------------


def test_outside_an_archive_the_error_is_json_with_its_fields(tmp_path: Path) -> None:
    result = run("-C", str(tmp_path), "show", "--json")
    assert result.exit_code == 2
    assert result.stderr == ""
    error = json.loads(result.stdout)
    assert (error["error"], error["exit_code"], error["action"]) == ("PackageError", 2, "init")
    assert error["path"] == str(tmp_path)
    assert "create one with threadarchive init" in error["message"]  # the command line's words


def test_a_refused_value_names_its_option_and_parameter(archive: Path) -> None:
    before = snapshot(archive)
    result = run("-C", str(archive), "ingest", str(SEED), "--handle", "not a handle", "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)
    assert (error["error"], error["parameter"], error["option"]) == (
        "InputError",
        "author_handle",
        "--handle",
    )
    assert error["message"].startswith("--handle: expected a value of threads.author_handle matching")
    assert snapshot(archive) == before


def test_a_usage_error_is_json_too(archive: Path) -> None:
    result = run("-C", str(archive), "release", "--bump", "huge", "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)
    assert error["error"] == "InputError" and "Invalid value for '--bump'" in error["message"]


def test_invalid_data_keeps_exit_1_as_json(archive: Path) -> None:
    tweets = archive / "data/tweets.csv"
    tweets.write_text(tweets.read_text(encoding="utf-8").replace(",3,3/,", ",x,3/,"), encoding="utf-8")
    result = run("-C", str(archive), "release", "--bump", "minor", "-q", "--json")
    assert result.exit_code == 1
    error = json.loads(result.stdout)
    assert (error["error"], error["exit_code"], error["action"]) == ("ValidationFailed", 1, "validate")


def test_a_capture_error_is_json_with_its_file(archive: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = run("-C", str(archive), "ingest", str(missing), "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)
    assert (error["error"], error["path"]) == ("CaptureError", str(missing))


def test_validate_format_json_asks_for_json_errors_too(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nowhere"), "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["exit_code"] == 2


def test_without_json_an_error_is_one_line_on_stderr(tmp_path: Path) -> None:
    result = run("-C", str(tmp_path), "show")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Error: expected an archive in ") and result.stderr.count("\n") == 1


# The library speaks Python ----------------------------------------------------------------


def test_read_capture_names_the_parameter_not_the_flag() -> None:
    with pytest.raises(InputError) as refused:
        threadarchive.read_capture(SEED, format="nope")
    assert refused.value.parameter == "format"
    assert str(refused.value).startswith("format: expected one of ")


@pytest.mark.parametrize(
    ("make", "parameter"),
    [
        (lambda root: Curation(author_handle="not a handle"), "author_handle"),
        (lambda root: Curation(tweet_ids=["1", "abc"]), "tweet_ids"),
        (lambda root: Curation(known_gaps="a\nb"), "known_gaps"),
        (lambda root: withdraw(Store(root), SEED_ID, " "), "reason"),
        (lambda root: withdraw(Store(root), SEED_ID, "asked", date=dt.date(2999, 1, 1)), "date"),
        (lambda root: init(root / "other", name="Not A Name"), "name"),
        (lambda root: planning.plan(root, bump="minor", version="1.0.0"), "version"),
        (lambda root: planning.plan(root), "bump"),
    ],
    ids=["handle", "tweet-ids", "known-gaps", "reason", "date", "name", "bump-and-version", "neither"],
)
def test_library_errors_name_the_parameter(archive: Path, make, parameter: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as refused:
        make(archive)
    error = refused.value
    assert error.parameter == parameter
    assert not re.search(r"(?<![\w-])--[a-z]", str(error)), str(error)
    assert error.to_dict()["parameter"] == parameter


def test_a_bump_too_small_carries_the_bump_it_needs(archive: Path, tmp_path: Path) -> None:
    assert run("-C", str(archive), "release", "--bump", "minor", "--date", "2026-11-25", "-q").exit_code == 0
    run("-C", str(archive), "ingest", str(write_capture(tmp_path / "b.txt", ["Another 1/", "thread 2/"])))
    with pytest.raises(threadarchive.BumpTooSmallError) as refused:
        planning.plan(archive, bump="patch")
    assert refused.value.remedy == {"bump": "minor"}
    assert str(refused.value).endswith("; use bump='minor'")
    shown = run("-C", str(archive), "release", "--bump", "patch")
    assert shown.exit_code == 2 and shown.stderr.rstrip().endswith("; use --bump minor")


COMMANDS = "|".join(["init", "parse", "ingest", "meta", "rebuild", "show", "validate", "release"])
COMMANDS += "|releases|site|sqlite|verify|diff|reproduce|withdraw"
# Modules whose messages others are rewriting now (listed in the branch's report).
OTHERS = ("capture/", "access/", "files/fsutil.py")


def _strings_in_functions(tree: ast.AST) -> list[ast.Constant]:
    """The string literals of a module's functions, docstrings and git's own arguments left out."""
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and ast.get_docstring(node, clean=False) is not None
    }
    git_args = {
        id(arg)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_git"
        for arg in node.args
    }
    found = []
    for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        for node in ast.walk(function):
            literal = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if literal and id(node) not in docs and id(node) not in git_args:
                found.append(node)
    return found


def test_no_library_message_names_a_flag_or_a_command() -> None:
    """Messages outside cli/ name parameters; a command line is the CLI's to word. (Module
    constants are the templates of files an archive holds, and a backquoted command is
    documentation in a generated document.)"""
    flag = re.compile(r"(?<![\w-])--[a-z]")
    command = re.compile(rf"(?<!`)threadarchive ({COMMANDS})\b")
    offenders = []
    for path in sorted((REPO / "src/threadarchive").rglob("*.py")):
        relative = path.relative_to(REPO / "src/threadarchive").as_posix()
        if relative.startswith(("cli/", *OTHERS)):
            continue
        for node in _strings_in_functions(ast.parse(path.read_text(encoding="utf-8"))):
            if flag.search(node.value) or command.search(node.value):
                offenders.append(f"{relative}:{node.lineno}: {node.value[:60]!r}")
    assert not offenders, offenders


def test_the_library_keeps_no_list_of_the_command_lines_options() -> None:
    from threadarchive.archive import metadata, store

    assert not hasattr(metadata, "OPTION_NAMES")
    assert not hasattr(store.Store, "command")


# The command line's wording --------------------------------------------------------------


def test_parameters_become_the_flags_of_the_command() -> None:
    ingest, withdraw_command = main.commands["ingest"], main.commands["withdraw"]
    assert flag_of(ingest, "format") == "--format" and flag_of(ingest, "author_handle") == "--handle"
    assert worded("format: expected one of a, b", ingest, {"format"}) == "--format: expected one of a, b"
    assert worded("x.txt: give author_name=NAME", ingest, set()) == "x.txt: give --author-name NAME"
    assert worded("source_url, tweet_ids describe one thread", ingest, set()) == (
        "--source-url, --tweet-ids describe one thread"
    )
    # a file's field, a table's column and a plain word stay as they are
    kept = "m.yaml: field 'known_gaps': expected text; threads.author_handle; field author_handle"
    assert worded(kept, ingest, {"known_gaps"}) == kept
    assert worded("date: expected a date up to today", withdraw_command, {"date"}) == (
        "--date: expected a date up to today"
    )


def test_a_remedy_becomes_a_command_line_that_runs(tmp_path: Path) -> None:
    refused = PackageError("expected an archive here, found none", action="init", hint="create one (init)")
    assert str(refused) == "expected an archive here, found none; create one (init)"
    message = error_message(refused, main.commands["show"], tmp_path)
    assert message.endswith("pass -C DIR, or create one with threadarchive init")
    assert "(init)" not in message


# Ctrl-C ----------------------------------------------------------------------------------


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt  # as if the user pressed Ctrl-C while it ran


def test_ctrl_c_is_exit_130_in_one_line_never_invalid_data(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # click's own handling prints "Aborted!" and exits 1, which this tool means as invalid data
    monkeypatch.setattr("threadarchive.archive.checks.validate", _interrupt)
    result = run("-C", str(archive), "validate")
    assert result.exit_code == 130
    assert result.stdout == ""
    assert result.stderr.startswith("Error: interrupted")
    assert result.stderr.count("\n") == 1


def test_ctrl_c_with_json_is_one_json_object(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("threadarchive.archive.checks.validate", _interrupt)
    result = run("-C", str(archive), "validate", "--json")
    assert result.exit_code == 130
    error = json.loads(result.stdout)
    assert (error["error"], error["exit_code"]) == ("Interrupted", 130)


@pytest.mark.parametrize(
    "command",
    [["verify"], ["validate"], ["diff"], ["site", "--out", "{tmp}/site"], ["sqlite", "{tmp}/out.db"]],
    ids=["verify", "validate", "diff", "site", "sqlite"],
)
def test_a_cut_zip_is_one_line_naming_it(archive: Path, tmp_path: Path, command: list[str]) -> None:
    # the zip's own errors say what is wrong, and said it naming no file for verify, validate, diff
    cut = tmp_path / "release.zip"
    cut.write_bytes(b"PK\x03\x04" + bytes(100))  # a zip's first bytes, no end record
    name, *rest = (word.format(tmp=tmp_path) for word in command)
    result = run("-C", str(archive), name, str(cut), *rest)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {cut}: expected a zip, found no end record")
    assert result.stderr.count("\n") == 1
