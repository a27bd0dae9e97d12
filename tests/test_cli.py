"""What every command owes its users: help that matches, a version, a clean error."""

from __future__ import annotations

import subprocess
import sys

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
