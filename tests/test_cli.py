"""What every command owes its users: help that matches, a version, a clean error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import threadarchive
from threadarchive.cli import main

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert main.commands[command].help, f"{command} has no help text"
    assert f"Usage: main {command}" in result.output or f"Usage: threadarchive {command}" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_an_example_in_its_help(command: str) -> None:
    """sqlite-utils' rule: the help shows the command at work, as it is typed."""
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    text = result.output.split("Options:", 1)[0]
    assert "\n  Example:\n" in text, result.output
    examples = [line.strip() for line in text.split("\n  Example:\n", 1)[1].splitlines() if line.strip()]
    assert examples and all(e.split()[:2] == ["threadarchive", command] for e in examples), examples


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_json(command: str) -> None:
    options = {p.name: p for p in main.commands[command].params if isinstance(p, click.Option)}
    assert "as_json" in options and "--json" in options["as_json"].opts


# Commands that show a progress bar, or may wait for another command's lock.
QUIET = ["ingest", "meta", "rebuild", "release", "site", "sqlite", "validate", "withdraw"]


@pytest.mark.parametrize("command", QUIET)
def test_every_command_with_progress_or_a_wait_takes_quiet(command: str) -> None:
    options = {p.name: p for p in main.commands[command].params if isinstance(p, click.Option)}
    assert {"-q", "--quiet"} <= set(options["quiet"].opts)


def test_quiet_silences_the_wait_for_the_lock(archive: Path) -> None:
    import logging

    CliRunner().invoke(main, ["-C", str(archive), "rebuild", "-q"])
    assert logging.getLogger("threadarchive").getEffectiveLevel() > logging.WARNING
    CliRunner().invoke(main, ["-C", str(archive), "rebuild"])
    assert logging.getLogger("threadarchive").getEffectiveLevel() <= logging.WARNING


def test_each_command_module_stays_small() -> None:
    from .conftest import REPO

    sizes = {p.name: len(p.read_text().splitlines()) for p in (REPO / "src/threadarchive/cli").glob("*.py")}
    assert max(sizes.values()) < 600, sizes


def test_the_entry_point_is_the_group() -> None:
    from .conftest import REPO

    scripts = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'threadarchive = "threadarchive.cli:main"' in scripts
    assert isinstance(main, click.Group) and len(main.commands) == 17


def test_readme_lists_every_command() -> None:
    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"threadarchive {command}" in readme, command


def test_version_comes_from_installed_metadata() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.output == f"threadarchive, version {threadarchive.__version__}\n"
    assert threadarchive.__version__ != "0+unknown"


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "threadarchive", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Usage: threadarchive" in result.stdout


def test_help_does_not_import_heavy_libraries() -> None:
    code = "import sys; from threadarchive.cli import main; print(sorted({'pandas','pyarrow','frictionless','bs4','ijson','yaml'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_unknown_option_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["validate", "--nope"])
    assert result.exit_code == 2
    assert "No such option '--nope'" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bogus"], "Error: No such option '--bogus'. (see threadarchive --help)"),
        (["nosuch"], "Error: No such command 'nosuch'. (see threadarchive --help)"),
        (["meta", "x", "--terms", "evil"], "Error: Invalid value for '--terms': 'evil' is not one of"),
        (
            ["withdraw", "x", "--reason", "y", "--date", "2026-02-30"],
            "expected a real date, found '2026-02-30' (day is out of range for month)",
        ),
        (
            ["release", "--date", "2026-1-1"],
            "expected a date YYYY-MM-DD, found '2026-1-1' (see threadarchive release --help)",
        ),
    ],
)
def test_a_usage_error_is_one_line_with_exit_2(args: list[str], expected: str) -> None:
    result = subprocess.run([sys.executable, "-m", "threadarchive", *args], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert expected in result.stderr
