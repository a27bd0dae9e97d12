"""Curated facts (meta), acknowledged anomalies, and rebuild after hand edits."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from threadarchive.archive.checks import validate
from threadarchive.archive.ingest import unknown_thread
from threadarchive.archive.store import read_table
from threadarchive.cli import main

from .conftest import SEED_ID, snapshot

META = f"data/meta/{SEED_ID}.yaml"


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def meta_of(root: Path) -> dict:
    return yaml.safe_load((root / META).read_text(encoding="utf-8"))


def test_meta_changes_only_what_is_given_and_rebuilds(archive: Path) -> None:
    result = run(archive, "meta", SEED_ID, "--handle", "@KofmanMichael", "--rights", "Quoted for criticism.")
    assert result.exit_code == 0, result.output
    meta = meta_of(archive)
    assert (meta["author_handle"], meta["rights"], meta["language"]) == (
        "KofmanMichael",
        "Quoted for criticism.",
        "en",
    )
    [thread] = read_table(archive, "threads")
    assert (thread["author_handle"], thread["rights"]) == ("KofmanMichael", "Quoted for criticism.")
    assert validate(archive).valid
    cleared = run(archive, "meta", SEED_ID, "--handle", "")
    assert cleared.exit_code == 0
    assert meta_of(archive)["author_handle"] is None
    assert meta_of(archive)["rights"] == "Quoted for criticism."


def test_captured_at_and_tweet_ids_from_meta(archive: Path) -> None:
    ids = ",".join(["", *[str(1986056447984166585 + i) for i in range(1, 13)]])  # the first one unknown
    result = run(
        archive, "meta", SEED_ID, "--tweet-ids", ids, "--captured-at", "2025-11-06T09:00:00Z", "--json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["tweet_ids"]["2"] == "1986056447984166586"
    tweets = read_table(archive, "tweets")
    assert tweets[0]["tweet_id"] is None and tweets[12]["tweet_id"] == "1986056447984166597"
    assert read_table(archive, "captures")[0]["captured_at"] == "2025-11-06T09:00:00Z"
    assert read_table(archive, "threads")[0]["thread_id"] == SEED_ID  # the ID stays, IDs known or not


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--handle", "no spaces allowed"], "handle: expected a value of threads.author_handle matching"),
        (["--language", "English"], "language: expected a value of threads.language matching"),
        (["--source-url", "not a url"], "source-url: expected a value of threads.source_url matching"),
        (
            ["--acknowledge", "Not A Type", "--note", "x"],
            "--acknowledge: expected a value of anomalies.finding matching",
        ),
        (["--acknowledge", "marker-style-mismatch"], "--acknowledge needs --note"),
        (["--note", "why"], "--note goes with --acknowledge"),
        ([], "expected a fact to change"),
    ],
    ids=["handle", "language", "url", "ack-type", "ack-without-note", "note-alone", "nothing"],
)
def test_bad_meta_is_refused_and_writes_nothing(archive: Path, args: list[str], expected: str) -> None:
    before = snapshot(archive)
    result = run(archive, "meta", SEED_ID, *args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert snapshot(archive) == before


def test_meta_of_an_unknown_thread_lists_the_known_ones(archive: Path) -> None:
    result = run(archive, "meta", "no-such-thread", "--language", "en")
    assert result.exit_code == 2
    assert f"expected an archived thread ({SEED_ID}), found 'no-such-thread'" in result.stderr


def test_show_of_an_unknown_thread_is_refused_as_meta_refuses_it(archive: Path) -> None:
    # it said "Invalid value: expected one of the archived threads (...)", click's wording
    result = run(archive, "show", "no-such-thread")
    assert result.exit_code == 2
    assert result.stderr == f"Error: expected an archived thread ({SEED_ID}), found 'no-such-thread'\n"
    error = json.loads(run(archive, "show", "no-such-thread", "--json").stdout)
    assert (error["error"], error["thread"]) == ("InputError", "no-such-thread")


def test_a_refusal_cut_to_20_threads_says_how_many_more() -> None:
    known = [f"thread-{n:02d}" for n in range(25)]
    message = unknown_thread("nope", known)
    assert "thread-19 and 5 more), found 'nope'" in message
    assert "thread-20" not in message


def test_an_acknowledged_anomaly_is_info_and_strict_passes(archive: Path) -> None:
    assert run(archive, "validate", "--strict").exit_code == 1  # the seed's "/12" is a warning
    note = 'The author printed "/12"; kept as printed.'
    result = run(
        archive, "meta", SEED_ID, "--acknowledge", "marker-style-mismatch", "--position", "12", "--note", note
    )
    assert result.exit_code == 0, result.output
    assert read_table(archive, "anomalies") == [
        {"thread_id": SEED_ID, "finding": "marker-style-mismatch", "position": 12, "note": note}
    ]
    report = validate(archive)
    [info] = report.infos
    assert (info.type, info.position, info.severity) == ("marker-style-mismatch", 12, "info")
    assert note in info.message
    strict = run(archive, "validate", "--strict")
    assert strict.exit_code == 0, strict.output
    assert "1 acknowledged" in strict.output.splitlines()[-1]
    github = run(archive, "validate", "--format", "github")
    assert github.output.startswith("::notice ")


def test_an_acknowledgement_of_another_position_does_not_hide_the_warning(archive: Path) -> None:
    refused = run(
        archive, "meta", SEED_ID, "--acknowledge", "marker-style-mismatch", "--position", "3", "--note", "x"
    )
    assert refused.exit_code == 2  # the thread has none there: meta refuses it; a hand edit can write it
    path = archive / META
    text = path.read_text(encoding="utf-8").replace(
        "acknowledged: []", "acknowledged:\n- finding: marker-style-mismatch\n  position: 3\n  note: x"
    )
    path.write_text(text, encoding="utf-8")
    assert run(archive, "rebuild").exit_code == 0
    report = validate(archive)
    assert [(f.type, f.severity) for f in report.findings] == [
        ("marker-style-mismatch", "warning"),
        ("acknowledgement-unused", "warning"),
    ]


def test_errors_are_never_acknowledged_away(archive: Path) -> None:
    tweets = archive / "data/tweets.csv"
    run(archive, "meta", SEED_ID, "--acknowledge", "table-capture-mismatch", "--note", "hide it")
    tweets.write_text(
        tweets.read_text(encoding="utf-8").replace("A few thoughts", "Some thoughts"), encoding="utf-8"
    )
    report = validate(archive)
    assert not report.valid
    assert {f.severity for f in report.findings if f.type == "table-capture-mismatch"} == {"error"}


def test_unacknowledge(archive: Path) -> None:
    run(archive, "meta", SEED_ID, "--acknowledge", "marker-style-mismatch", "--position", "12", "--note", "x")
    assert (
        run(
            archive, "meta", SEED_ID, "--unacknowledge", "marker-style-mismatch", "--position", "12"
        ).exit_code
        == 0
    )
    assert read_table(archive, "anomalies") == []
    again = run(archive, "meta", SEED_ID, "--unacknowledge", "marker-style-mismatch")
    assert again.exit_code == 2
    assert "expected an acknowledged marker-style-mismatch, found none" in again.stderr


def test_a_release_reports_each_finding_once(archive: Path) -> None:
    assert run(archive, "release", "--bump", "minor", "--date", "2026-11-25", "-q").exit_code == 0
    report = validate(archive / "releases/1.0.0")
    assert [f.type for f in report.findings] == ["marker-style-mismatch"]
    run(
        archive,
        "meta",
        SEED_ID,
        "--acknowledge",
        "marker-style-mismatch",
        "--position",
        "12",
        "--note",
        "kept",
    )
    assert run(archive, "release", "--bump", "patch", "--date", "2026-11-26", "-q").exit_code == 0
    report = validate(archive / "releases/1.0.1")
    assert [(f.type, f.severity) for f in report.findings] == [("marker-style-mismatch", "info")]
    assert report.passes(strict=True)


def test_a_hand_edit_is_found_and_rebuild_mends_it(archive: Path) -> None:
    path = archive / META
    path.write_text(
        path.read_text(encoding="utf-8").replace("language: en", "language: uk"), encoding="utf-8"
    )
    report = validate(archive)
    [stale] = [f for f in report.errors if f.type == "table-capture-mismatch"]
    assert (stale.field, stale.row) == ("language", 2)
    shown = run(archive, "validate").output  # the command line says what mends it
    hint = next(
        line.split("run: ", 1)[1]
        for line in shown.splitlines()
        if "table-capture" not in line and "run: " in line
    )
    assert hint == f"threadarchive -C {archive} rebuild"
    result = CliRunner().invoke(main, shlex.split(hint)[1:])  # the command exactly as the hint names it
    assert result.exit_code == 0, result.output
    assert result.output.startswith("rebuilt: threads 1, tweets 13")
    assert validate(archive).valid
    assert read_table(archive, "threads")[0]["language"] == "uk"


def test_rebuild_restores_deleted_generated_files(archive: Path) -> None:
    before = snapshot(archive)
    for generated in ("datapackage.json", "schemas/tweets.schema.json", "data/tweets.csv"):
        (archive / generated).unlink()
    assert run(archive, "rebuild").exit_code == 0
    assert snapshot(archive) == before


def test_an_unknown_finding_is_refused_before_anything_is_written(archive: Path) -> None:
    before = snapshot(archive)
    result = run(archive, "meta", SEED_ID, "--acknowledge", "no-such-finding", "--note", "x")
    assert result.exit_code == 2
    assert "expected a finding type validation reports, found 'no-such-finding'" in result.stderr
    assert snapshot(archive) == before
    assert not (archive / ".threadarchive/journal.json").exists()
    assert run(archive, "rebuild").exit_code == 0  # nothing left behind to replay


def test_a_hand_broken_meta_is_reported_and_mended_without_being_undone(archive: Path) -> None:
    path = archive / META
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("language: en", "language: [unclosed"), encoding="utf-8")
    result = run(archive, "rebuild")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and f"{path}, line" in result.stderr
    report = validate(archive)
    [broken] = report.errors
    assert (broken.type, broken.path) == ("metadata-error", META)
    assert broken.line and "(column " in broken.message  # where YAML found it: the line as a field
    assert META not in broken.message and "line" not in broken.message  # the location once
    path.write_text(good.replace("language: en", "language: uk"), encoding="utf-8")
    assert run(archive, "rebuild").exit_code == 0
    assert read_table(archive, "threads")[0]["language"] == "uk"  # the mend stays


def test_meta_that_changes_nothing_says_so(archive: Path) -> None:
    result = run(archive, "meta", SEED_ID, "--language", "en")
    assert result.output == f"thread {SEED_ID}: nothing changed\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--rights", "line one\nline two"],
            "rights: expected one line of text, found the control character U+000A",
        ),
        (
            ["--author-name", "A\x00B"],
            "author-name: expected one line of text, found the control character U+0000",
        ),
        (["--known-gaps", "g" * 2001], "known-gaps: expected at most 2000 characters, found 2001"),
        (
            ["--acknowledge", "tweet-count-mismatch", "--note", "kept"],
            "--acknowledge: expected a type of warning (errors are mended, never acknowledged), found tweet-count-mismatch",
        ),
        (
            ["--acknowledge", "marker-style-mismatch", "--position", "12", "--note", "as\x1bprinted"],
            "--note: expected one line of text, found the control character U+001B",
        ),
    ],
    ids=["line-break", "nul", "too-long", "error-acknowledged", "escape-in-note"],
)
def test_curated_text_is_one_line_and_errors_are_never_acknowledged(
    archive: Path, args: list[str], expected: str
) -> None:
    before = snapshot(archive)
    result = run(archive, "meta", SEED_ID, *args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert snapshot(archive) == before
