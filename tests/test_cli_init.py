"""A new archive anywhere: init, then the whole life of an archive in it."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless
import yaml
from click.testing import CliRunner, Result

import threadarchive
from threadarchive.archive.checks import validate
from threadarchive.cli import main

from .conftest import SEED, snapshot, write_capture


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_init_makes_an_empty_valid_archive(tmp_path: Path) -> None:
    root = tmp_path / "my-threads"
    result = run("init", str(root), "--title", "Threads on energy", "--json")
    assert result.exit_code == 0, result.output
    settings = json.loads(result.output)["settings"]
    assert (settings["name"], settings["title"]) == ("my-threads", "Threads on energy")
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert {
        "archive.yaml",
        "datapackage.json",
        "CHANGELOG.md",
        ".gitignore",
        ".github/workflows/validate.yml",
    } <= set(files)
    assert {f"data/{t}.csv" for t in ("threads", "tweets", "captures", "anomalies")} <= set(files)
    report = validate(root)
    assert report.valid and report.passes(strict=True), [f.to_dict() for f in report.findings]
    assert frictionless.validate(str(root / "datapackage.json")).valid
    workflow = yaml.safe_load((root / ".github/workflows/validate.yml").read_text())
    steps = [step.get("run", "") for step in workflow["jobs"]["validate"]["steps"]]
    assert "threadarchive validate --strict" in steps and "threadarchive verify" in steps
    assert run("-C", str(root), "verify").output == "no releases yet: nothing to verify\n"


def test_init_never_overwrites_an_archive(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "a")).exit_code == 0
    before = snapshot(tmp_path / "a")
    again = run("init", str(tmp_path / "a"))
    assert again.exit_code == 2
    assert "holds an archive or a data package already; init never overwrites one" in again.stderr
    assert snapshot(tmp_path / "a") == before
    assert run("init", str(tmp_path / "b"), "--name", "Not A Name").exit_code == 2


def test_a_new_archive_lives_its_whole_life(tmp_path: Path) -> None:
    """init, ingest, validate, release, load: as in this repository, anywhere."""
    root = tmp_path / "energy"
    assert run("init", str(root)).exit_code == 0
    settings = root / "archive.yaml"
    text = settings.read_text().replace(
        '  - name: "energy maintainers"', "  - given-names: Olena\n    family-names: Kovalenko"
    )
    settings.write_text(text.replace("repository: null", "repository: https://example.org/energy"))
    assert run("-C", str(root), "rebuild").exit_code == 0
    assert run("-C", str(root), "ingest", str(SEED), "--language", "en").exit_code == 0
    other = write_capture(tmp_path / "other.txt", ["Grid 1/", "outages 2/"])
    assert run("-C", str(root), "ingest", str(other)).exit_code == 0
    assert run("-C", str(root), "validate").exit_code == 0
    released = run("-C", str(root), "release", "--bump", "minor", "--date", "2026-11-25", "-q")
    assert released.exit_code == 0, released.output
    release = root / "releases/1.0.0"
    descriptor = json.loads((release / "datapackage.json").read_text())
    assert descriptor["name"] == "energy"
    assert descriptor["contributors"] == [{"title": "Olena Kovalenko", "role": "author"}]
    assert run("-C", str(root), "verify").exit_code == 0
    tweets = threadarchive.load_tweets(source=release)
    assert len(tweets) == 15 and tweets.attrs["version"] == "1.0.0"
    assert "## Data 1.0.0 - 2026-11-25" in (root / "CHANGELOG.md").read_text()


def test_broken_settings_are_named(tmp_path: Path) -> None:
    root = tmp_path / "a"
    run("init", str(root))
    (root / "archive.yaml").write_text("name: ok\ntitle: T\nlicence: CC0\n")
    result = run("-C", str(root), "rebuild")
    assert result.exit_code == 2
    assert f"{root / 'archive.yaml'}: expected only the settings" in result.stderr
    assert "found ['licence']" in result.stderr
