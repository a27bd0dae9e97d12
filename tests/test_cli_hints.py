"""Hints that work when followed, curation that cannot be right refused when given, and a
release that says what it wrote and refuses a bump it will not apply."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from threadarchive.archive.checks import validate
from threadarchive.archive.store import read_table
from threadarchive.cli import main

from .conftest import SEED, SEED_ID, snapshot, write_capture

META = f"data/meta/{SEED_ID}.yaml"


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def run_as_printed(command: str) -> Result:
    """Run a command line a message printed, split as a shell splits it."""
    words = shlex.split(command)
    assert words[0] == "threadarchive"
    return CliRunner().invoke(main, words[1:])


def test_a_missing_tweet_at_ingest_suggests_the_ingest_option_not_meta(archive: Path, tmp_path: Path) -> None:
    capture = write_capture(tmp_path / "gap.txt", ["One 1/", "Three 3/"], declared=3)
    result = run(archive, "ingest", str(capture), "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)
    assert (error["parameter"], error["option"], error["remedy"]) == (
        "known_gaps",
        "--known-gaps",
        {"known_gaps": None},
    )
    assert "ingest it with --known-gaps WHY to record the gap" in error["message"]
    assert "meta" not in error["message"]  # the thread does not exist yet: meta could not record it
    followed = run(archive, "ingest", str(capture), "--known-gaps", "tweet 2 was deleted")
    assert followed.exit_code == 0, followed.output


def test_a_table_capture_mismatch_shows_where_the_values_differ(archive: Path) -> None:
    tweets = archive / "data/tweets.csv"
    text = tweets.read_text(encoding="utf-8")
    old = "Worsening weather enabled Russian troops"
    assert old in text
    tweets.write_text(text.replace(old, old.replace("Russian", "RUSSIAN")), encoding="utf-8")
    [stale] = [f for f in validate(archive).errors if f.type == "table-capture-mismatch"]
    expected, found = stale.message.split(" as the captures and metadata give, found ")
    expected_value = expected.removeprefix("expected ")
    found_value = found.split(" (they differ from character ")[0]
    assert expected_value != found_value  # the two cuts do not read the same
    assert "Russian" in expected_value and "RUSSIAN" in found_value
    assert len(expected_value) <= 64  # still cut: a tweet is not printed whole


def test_an_acknowledgement_of_a_finding_the_thread_lacks_is_refused(archive: Path) -> None:
    before = snapshot(archive)
    result = run(archive, "meta", SEED_ID, "--acknowledge", "chain-gap", "--note", "x", "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)
    assert (error["parameter"], error["option"], error["thread"]) == ("acknowledge", "--acknowledge", SEED_ID)
    assert (
        "found no chain-gap in it (its warnings: marker-style-mismatch at position(s) 12" in error["message"]
    )
    at_another = run(
        archive, "meta", SEED_ID, "--acknowledge", "marker-style-mismatch", "--position", "3", "--note", "x"
    )
    assert at_another.exit_code == 2
    assert "found no marker-style-mismatch at position 3" in at_another.stderr
    assert snapshot(archive) == before
    # a finding about one tweet is acknowledged at its position, not for every tweet to come
    anywhere = run(
        archive, "meta", SEED_ID, "--acknowledge", "marker-style-mismatch", "--note", "x", "--json"
    )
    assert anywhere.exit_code == 2
    error = json.loads(anywhere.stdout)
    assert (error["parameter"], error["option"]) == ("position", "--position")
    assert "(the thread has it at position(s) 12)" in error["message"]
    assert snapshot(archive) == before
    # the one it has is taken
    taken = run(
        archive, "meta", SEED_ID, "--acknowledge", "marker-style-mismatch", "--position", "12", "--note", "x"
    )
    assert taken.exit_code == 0, taken.output


@pytest.mark.parametrize("count", [2, 12, 14])
def test_tweet_ids_must_be_one_per_tweet(archive: Path, count: int) -> None:
    before = snapshot(archive)
    ids = ",".join(str(1986000000000000001 + i) for i in range(count))
    result = run(archive, "meta", SEED_ID, "--tweet-ids", ids, "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)
    assert (error["parameter"], error["option"]) == ("tweet_ids", "--tweet-ids")
    assert f"found {count}" in error["message"] and "13 IDs" in error["message"]
    assert snapshot(archive) == before
    assert run(archive, "meta", SEED_ID, "--tweet-ids", ",".join([""] * 13)).exit_code == 0  # 13, all unknown
    assert run(archive, "meta", SEED_ID, "--tweet-ids", "").exit_code == 0  # empty: clears them


def test_ingest_refuses_too_few_tweet_ids(archive: Path, tmp_path: Path) -> None:
    capture = write_capture(tmp_path / "three.txt", ["One 1/", "Two 2/", "Three 3/"])
    before = snapshot(archive)
    result = run(archive, "ingest", str(capture), "--tweet-ids", "111,222")
    assert result.exit_code == 2
    assert "--tweet-ids: expected 3 IDs, one per tweet of the thread in order" in result.stderr
    assert snapshot(archive) == before


def test_an_unused_acknowledgement_names_the_command_that_removes_it(archive: Path) -> None:
    path = archive / META
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta["acknowledged"] = [{"finding": "marker-style-mismatch", "position": 3, "note": "x"}]
    path.write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    assert run(archive, "rebuild").exit_code == 0
    shown = run(archive, "validate").output.splitlines()
    at = next(i for i, line in enumerate(shown) if "acknowledgement-unused" in line)
    hint = shown[at + 2].strip().removeprefix("run: ")
    assert (
        hint
        == f"threadarchive -C {archive} meta {SEED_ID} --unacknowledge marker-style-mismatch --position 3"
    )
    assert run_as_printed(hint).exit_code == 0
    assert "acknowledgement-unused" not in {f.type for f in validate(archive).findings}


def test_a_rights_warning_at_ingest_names_the_command_that_settles_it(
    empty_archive: Path, tmp_path: Path
) -> None:
    capture = write_capture(tmp_path / "t.txt", ["A thread 1/", "ends 2/"])
    result = run(empty_archive, "ingest", str(capture))
    assert result.exit_code == 0
    [line] = [line for line in result.stderr.splitlines() if "rights-missing" in line or "terms" in line]
    command = line.split("; run: ", 1)[1].replace("TERM", "public-post")
    assert run_as_printed(command).exit_code == 0
    assert read_table(empty_archive, "threads")[0]["terms"] == "public-post"


# release ------------------------------------------------------------------------------------


def test_release_says_which_files_it_wrote_to_commit(archive: Path) -> None:
    result = run(archive, "release", "--bump", "minor", "--date", "2026-11-25", "-q", "--json")
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)["written"]
    assert written == ["releases/1.0.0", "releases/index.json", "CHANGELOG.md"]
    assert all((archive / name).exists() for name in written)
    run(archive, "ingest", str(write_capture(archive.parent / "b.txt", ["Another 1/", "thread 2/"])))
    text = run(archive, "release", "--bump", "minor", "--date", "2026-11-26", "-q").output
    assert (
        "wrote releases/1.1.0, releases/index.json and CHANGELOG.md: commit them "
        "(git add releases/1.1.0 releases/index.json CHANGELOG.md)"
    ) in text


def test_a_bump_with_nothing_new_is_refused_and_writes_nothing(archive: Path) -> None:
    assert run(archive, "release", "--bump", "minor", "--date", "2026-11-25", "--zip", "-q").exit_code == 0
    before = snapshot(archive)
    result = run(archive, "release", "--bump", "patch", "--zip")
    assert result.exit_code == 2
    assert "nothing to release; --bump patch is not applied" in result.stderr
    assert snapshot(archive) == before
    as_json = json.loads(run(archive, "release", "--bump", "patch", "--zip", "--json").stdout)
    assert (as_json["error"], as_json["exit_code"]) == ("NothingToRelease", 2)


def test_a_refused_bump_names_what_a_killed_release_left_and_the_command_that_writes_it(
    archive: Path,
) -> None:
    assert run(archive, "release", "--bump", "minor", "--date", "2026-11-25", "-q").exit_code == 0
    zipped = archive / "dist/test-archive-data-1.0.0.zip"
    refused = run(archive, "release", "--bump", "patch", "--zip")
    assert refused.exit_code == 2 and not zipped.exists()
    hint = refused.stderr.split("to write it: ", 1)[1].strip()
    assert hint == f"threadarchive -C {archive} release --zip"
    done = run_as_printed(hint)
    assert done.exit_code == 0, done.output
    assert zipped.is_file() and done.output == f"release 1.0.0: wrote {zipped}\n"
    again = run_as_printed(hint)  # nothing left: the same command succeeds, writing nothing
    assert again.exit_code == 0, again.output
    assert again.output.startswith("release 1.0.0 is complete")


def test_release_without_a_bump_says_the_bump_the_changes_need(archive: Path, tmp_path: Path) -> None:
    assert run(archive, "release", "--bump", "minor", "--date", "2026-11-25", "-q").exit_code == 0
    run(archive, "ingest", str(write_capture(tmp_path / "b.txt", ["Another 1/", "thread 2/"])))
    result = run(archive, "release")
    assert result.exit_code == 2
    assert "expected one of --bump LEVEL or --version X.Y.Z, found neither" in result.stderr
    assert "the changes since 1.0.0 need a minor release" in result.stderr
    both = run(archive, "release", "--bump", "minor", "--version", "1.1.0")
    assert both.exit_code == 2 and "--bump and --version" in both.stderr


def test_a_recapture_hint_is_built_from_the_errors_fields(archive: Path, tmp_path: Path) -> None:
    changed = tmp_path / "recapture.txt"
    changed.write_bytes(SEED.read_bytes().replace(b"Pokrovsk is", b"Pokrovsk remains", 1))
    result = run(archive, "ingest", str(changed), "--json")
    error = json.loads(result.stdout)
    assert (error["error"], error["thread"], error["path"]) == ("ConflictError", SEED_ID, str(changed))
    assert error["remedy"] == {"replaces": [SEED_ID]}
    assert error["message"].endswith(
        f"To record it as the new capture: threadarchive -C {archive} ingest --replaces {SEED_ID} {changed}"
    )
