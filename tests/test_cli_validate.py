from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadarchive.archive.checks import validate
from threadarchive.cli import main

from .conftest import SEED_ID


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_valid_archive_exits_0_with_a_readable_table(archive: Path) -> None:
    result = run("-C", str(archive), "validate")
    assert result.exit_code == 0, result.output
    assert "warning  marker-style-mismatch" in result.output
    assert "valid: " in result.output.splitlines()[-1]
    assert "0 error(s), 1 warning(s)" in result.output


def test_strict_fails_on_warnings(archive: Path) -> None:
    assert run("validate", str(archive), "--strict").exit_code == 1


def test_json_is_exactly_the_library_report(archive: Path) -> None:
    result = run("validate", str(archive), "--json")
    assert result.exit_code == 0
    assert json.loads(result.output) == json.loads(json.dumps(validate(archive).to_dict()))


def test_invalid_data_exits_1_and_names_file_row_and_field(archive: Path) -> None:
    tweets = archive / "data/tweets.csv"
    tweets.write_text(tweets.read_text(encoding="utf-8").replace(f"{SEED_ID},3,", f"{SEED_ID},three,"))
    result = run("validate", str(archive))
    assert result.exit_code == 1
    assert "error    type-error" in result.output
    assert "data/tweets.csv, row 4, field position" in result.output
    assert "expected an integer, found 'three'" in result.output
    assert result.output.splitlines()[-1].startswith("INVALID: ")


def test_github_annotations_point_at_file_and_line(archive: Path) -> None:
    tweets = archive / "data/tweets.csv"
    text = tweets.read_text(encoding="utf-8")
    # A line break in row 2's text moves every later row down one line.
    text = text.replace("A few thoughts", "A few\nthoughts").replace(f"{SEED_ID},3,", f"{SEED_ID},x,")
    tweets.write_text(text, encoding="utf-8")
    result = run("validate", str(archive / "datapackage.json"), "--format", "github")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("::error ")]
    type_error = next(line for line in errors if "type-error" in line)
    assert f"file={archive}/data/tweets.csv".replace(":", "%3A").replace(",", "%2C") in type_error
    assert ",line=5::" in type_error  # row 4 starts on line 5


def test_unreadable_package_exits_2(tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_text("{")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: {tmp_path / 'datapackage.json'}, line 1, column 2: expected valid JSON"
    )
    missing = run("validate", str(tmp_path / "none"))
    assert missing.exit_code == 2
    assert "found none of these" in missing.stderr


@pytest.mark.parametrize("engine", ["fast", "frictionless"])
def test_engines_agree_on_the_archive(archive: Path, engine: str) -> None:
    result = run("validate", str(archive), "--engine", engine, "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["stats"]["engine"] == engine


def test_strict_summary_says_it_failed(archive: Path) -> None:
    result = run("validate", str(archive), "--strict")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("FAILED (strict: warnings fail): ")


def test_json_and_another_format_conflict(archive: Path) -> None:
    result = run("validate", str(archive), "--json", "--format", "github")
    assert result.exit_code == 2
    error = json.loads(result.stdout)  # with --json, an error too is JSON on stdout
    assert "--json and --format github ask for two outputs" in error["message"]


def test_outside_an_archive_the_commands_say_so(tmp_path: Path) -> None:
    for command in (["validate"], ["show"], ["release", "--bump", "minor"]):
        result = CliRunner().invoke(main, ["-C", str(tmp_path), *command])
        assert result.exit_code == 2, command
        assert f"expected an archive in {tmp_path} (a folder holding archive.yaml)" in result.stderr


@pytest.mark.live_archive  # the package's own shipped releases
def test_commands_that_read_a_release_work_outside_an_archive(tmp_path: Path) -> None:
    import threadarchive

    listed = CliRunner().invoke(main, ["-C", str(tmp_path), "releases", "--json"])
    assert listed.exit_code == 0
    assert [r["version"] for r in json.loads(listed.output)] == [r.version for r in threadarchive.releases()]
    assert all(r["packaged"] or r["url"] for r in json.loads(listed.output))
    verified = CliRunner().invoke(main, ["-C", str(tmp_path), "verify", "latest"])
    assert verified.exit_code == 0, verified.output
    every = CliRunner().invoke(main, ["-C", str(tmp_path), "verify", "--json"])  # what the package ships
    assert every.exit_code == 0, every.output
    shipped = [r for r in threadarchive.releases() if r.packaged]
    assert [Path(r["path"]).name for r in json.loads(every.output)] == [r.version for r in shipped]
    validated = CliRunner().invoke(main, ["-C", str(tmp_path), "validate", "latest", "--json"])
    assert json.loads(validated.output)["valid"]


def test_a_release_the_package_neither_ships_nor_locates_is_not_said_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "published elsewhere" sent a reader to look for a URL the package does not have
    from threadarchive.access.locate import Release

    known = [Release("1.0.0", "2026-11-25", False), Release("1.1.0", "2026-11-25", True)]
    monkeypatch.setattr("threadarchive.access.load.releases", lambda: known)
    listed = CliRunner().invoke(main, ["-C", str(tmp_path), "releases"])
    assert listed.exit_code == 0
    assert listed.stdout.splitlines() == [
        "1.0.0  2026-11-25  not in the package, and no URL recorded",
        "1.1.0  2026-11-25  in the package",
    ]
