"""The light install: `pip install threadarchive` loads, lists, verifies and cites
releases; every other command says in one line to install the maintain extra.

The light environment is simulated in a subprocess in which every module the maintain
extra brings cannot be imported (as in a fresh environment without it); the count and
size of a real light environment are measured by hand and written in the README.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from threadarchive.cli import MAINTAIN_MODULES

from .conftest import REPO

# Not installed by the light install either: nothing may need them.
ABSENT = sorted(MAINTAIN_MODULES | {"pooch", "requests"})
LIGHT = f"""
import sys
for name in {ABSENT!r}:
    sys.modules[name] = None  # import fails with ModuleNotFoundError, as when not installed
"""
# Import names of the maintain extra's distributions.
IMPORT_NAMES = {"beautifulsoup4": "bs4", "sqlite-utils": "sqlite_utils"}


def light(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LIGHT + code], cwd=cwd, capture_output=True, text=True, check=False
    )


def light_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = f"from threadarchive.cli import main\nmain(['-C', {str(root)!r}, *{list(args)!r}])"
    return light(code, root)


@pytest.mark.parametrize(
    "args",
    [["--help"], ["releases"], ["verify"], ["verify", "1.0.0"], ["cite", "1.0.0", "--bibtex"], ["show"]],
    ids=["help", "releases", "verify", "verify-one", "cite", "show"],
)
def test_the_light_install_lists_verifies_and_cites(reader_archive: Path, args: list[str]) -> None:
    done = light_cli(reader_archive, *args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_the_light_install_loads_a_release(reader_archive: Path) -> None:
    code = (
        "import threadarchive\n"
        f"tweets = threadarchive.load_tweets(source={str(reader_archive / 'releases/1.0.0')!r})\n"
        "print(len(tweets), tweets['tweet_id'].dtype)\n"
        f"print(sorted(set({ABSENT!r}) & {{m for m, v in sys.modules.items() if v}}))"
    )
    done = light(code, reader_archive)
    assert done.returncode == 0, done.stderr
    count, dtype, *_, imported = done.stdout.split()
    assert (count, dtype.startswith("string"), imported) == ("15", True, "[]")


@pytest.mark.parametrize(
    "args",
    [["validate"], ["site", "1.0.0", "--out", "site"], ["sqlite", "1.0.0"]],
    ids=["validate", "site", "sqlite"],
)
def test_other_commands_say_in_one_line_which_extra_to_install(reader_archive: Path, args: list[str]) -> None:
    done = light_cli(reader_archive, *args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert f"threadarchive {args[0]}: expected the maintain extra installed" in done.stderr
    assert "pip install 'threadarchive[maintain]'" in done.stderr


def test_the_two_installs_are_declared_as_the_cli_knows_them() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(requirements: list[str]) -> set[str]:
        return {r.split(">")[0].split("<")[0].split("[")[0].split("=")[0].strip() for r in requirements}

    base = names(project["dependencies"])
    assert base == {"click", "pandas", "platformdirs", "pyarrow", "pyyaml"}
    maintain = {IMPORT_NAMES.get(n, n) for n in names(project["optional-dependencies"]["maintain"])}
    assert maintain <= MAINTAIN_MODULES
    assert not base & MAINTAIN_MODULES
    assert "threadarchive[maintain]" in project["optional-dependencies"]["dev"]  # make test installs all
