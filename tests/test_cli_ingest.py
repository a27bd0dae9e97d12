from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from threadarchive.archive.checks import validate
from threadarchive.archive.scaffold import init
from threadarchive.archive.store import read_table
from threadarchive.cli import main

from .conftest import CAPTURES, SEED, SEED_ID, snapshot, write_capture


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def run_as_printed(command: str) -> Result:
    """Run a command line a message printed, split as a shell splits it."""
    words = shlex.split(command)
    assert words[0] == "threadarchive"
    return CliRunner().invoke(main, words[1:])


def one_word_changed(tmp_path: Path, name: str = "recapture.txt", old: bytes = b"Pokrovsk is") -> Path:
    changed = tmp_path / name
    data = SEED.read_bytes()
    assert old in data
    changed.write_bytes(data.replace(old, b"Pokrovsk remains", 1))
    return changed


def test_ingest_into_an_empty_archive_gives_valid_tables(empty_archive: Path) -> None:
    result = run(empty_archive, "ingest", str(SEED), "--language", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"added: {SEED} -> thread {SEED_ID}\n"
    # what validate will say of the thread, said when it is ingested
    warned = [line.split(":", 2)[1].strip() for line in result.stderr.splitlines()]
    assert warned == [
        f"data/threads.csv, field terms, thread {SEED_ID}",
        f"data/tweets.csv, field marker, thread {SEED_ID}, position 12",
    ]
    [stored] = (empty_archive / "data/raw").iterdir()
    assert stored.read_bytes() == SEED.read_bytes()
    tweets = read_table(empty_archive, "tweets")
    assert [t["position"] for t in tweets] == list(range(1, 14))
    assert tweets[11]["marker"] == "/12"
    assert validate(empty_archive).valid


def test_ingest_again_changes_nothing(archive: Path) -> None:
    before = snapshot(archive)
    result = run(archive, "ingest", str(SEED))
    assert result.exit_code == 0
    assert result.output.startswith("unchanged:")
    assert snapshot(archive) == before


def test_captures_are_stored_under_safe_names_with_the_original_kept(
    empty_archive: Path, tmp_path: Path
) -> None:
    hostile = [
        "a file with spaces.txt",
        "ünïcode név.TXT",
        "semi;colon&amp.txt",
        "new\nline.txt",
        "-dash.txt",
    ]
    for number, name in enumerate(hostile):
        capture = write_capture(tmp_path / name, [f"Thread {number} first 1/", f"and second {number} 2/"])
        result = run(empty_archive, "ingest", str(capture), "--terms", "public-post")
        assert result.exit_code == 0, result.output
    stored = sorted(p.name for p in (empty_archive / "data/raw").iterdir())
    assert all(len(name) == len("0123456789abcdef.txt") for name in stored), stored
    originals = sorted(row["original_name"] or "" for row in read_table(empty_archive, "captures"))
    assert originals == sorted(hostile)
    report = validate(empty_archive)
    assert report.valid and not report.warnings, [f.to_dict() for f in report.findings]


def test_a_recapture_under_another_name_is_refused_naming_the_thread(archive: Path, tmp_path: Path) -> None:
    changed = one_word_changed(tmp_path)
    before = snapshot(archive)
    result = run(archive, "ingest", str(changed))
    assert result.exit_code == 2
    reason = "the same author, date and first tweet"  # the word changed is in a later tweet
    assert (
        f"{changed}: a capture of thread {SEED_ID} ({reason}), already archived from data/raw/"
        in result.stderr
    )
    assert result.stderr.count("\n") == 1
    assert snapshot(archive) == before
    command = result.stderr.split("To record it as the new capture: ", 1)[1].strip()
    assert command == f"threadarchive -C {archive} ingest --replaces {SEED_ID} {changed}"
    assert run_as_printed(command).stdout == f"replaced: {changed} -> thread {SEED_ID}\n"


def test_a_hint_quotes_what_the_shell_would_split(archive: Path, tmp_path: Path) -> None:
    changed = one_word_changed(tmp_path, "a recapture; with spaces.txt")
    result = run(archive, "ingest", str(changed))
    command = result.stderr.split("To record it as the new capture: ", 1)[1].strip()
    assert command.endswith(f"'{changed}'")
    assert run_as_printed(command).exit_code == 0


def test_the_first_tweet_alone_identifies_a_thread(archive: Path, tmp_path: Path) -> None:
    """Most tweets rewritten, the opening tweet kept: still the same thread."""
    text = SEED.read_text(encoding="utf-8").split("\n\n")
    for index in range(3, 15):
        text[index] = f"Rewritten tweet {index}."
    capture = tmp_path / "other.txt"
    capture.write_text("\n\n".join(text), encoding="utf-8")
    result = run(archive, "ingest", str(capture))
    assert result.exit_code == 2
    assert f"a capture of thread {SEED_ID} (the same author, date and first tweet)" in result.stderr
    text[2] = "A rewritten opening"  # and now also the first: twelve of thirteen others differ
    capture.write_text("\n\n".join(text), encoding="utf-8")
    assert run(archive, "ingest", str(capture)).exit_code == 0


def test_most_tweets_alike_identify_a_thread_whose_first_tweet_changed(archive: Path, tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").split("\n\n")
    text[2] = "A corrected opening tweet."
    capture = tmp_path / "corrected.txt"
    capture.write_text("\n\n".join(text), encoding="utf-8")
    result = run(archive, "ingest", str(capture))
    assert result.exit_code == 2
    assert (
        f"a capture of thread {SEED_ID} (the same author and date, and 12 of 13 tweets alike)"
        in result.stderr
    )


def test_replaces_refuses_a_capture_of_no_archived_thread(archive: Path, tmp_path: Path) -> None:
    unrelated = write_capture(tmp_path / "unrelated.txt", ["Nothing like it 1/", "at all 2/"])
    before = snapshot(archive)
    result = run(archive, "ingest", "--replaces", SEED_ID, str(unrelated))
    assert result.exit_code == 2
    assert (
        f"expected a capture of thread {SEED_ID} (tweet IDs in common, or its author, date and tweets), found none alike"
        in result.stderr
    )
    assert snapshot(archive) == before


def test_a_capture_of_several_archived_threads_is_replaced_for_each(
    empty_archive: Path, tmp_path: Path
) -> None:
    from .conftest import CAPTURES

    several = CAPTURES / "twarc" / "several-threads.jsonl"
    assert run(empty_archive, "ingest", str(several)).exit_code == 0
    recapture = tmp_path / "several again.jsonl"
    recapture.write_bytes(several.read_bytes().replace(b"&amp;", b"and", 1))
    refused = run(empty_archive, "ingest", str(recapture))
    assert refused.exit_code == 2
    assert "and 1 more archived thread(s)" in refused.stderr
    command = refused.stderr.split("To record it as the new capture: ", 1)[1].strip()
    assert command.count("--replaces") == 2
    result = run_as_printed(command)
    assert result.exit_code == 0, result.output
    assert result.output.count("replaced: ") == 2
    assert {row["role"] for row in read_table(empty_archive, "captures")} == {"current", "earlier"}
    assert validate(empty_archive).valid


def test_replaces_keeps_the_id_and_the_curated_facts_and_the_history(archive: Path, tmp_path: Path) -> None:
    assert (
        run(
            archive,
            "meta",
            SEED_ID,
            "--handle",
            "KofmanMichael",
            "--source-url",
            "https://threadreaderapp.com/thread/1",
        ).exit_code
        == 0
    )
    assert run(archive, "release", "--bump", "minor", "--date", "2026-11-25", "-q").exit_code == 0
    changed = one_word_changed(tmp_path, "corrected capture.txt")
    result = run(
        archive, "ingest", "--replaces", SEED_ID, str(changed), "--captured-at", "2026-11-26T10:00:00Z"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"replaced: {changed} -> thread {SEED_ID}\n"

    meta = yaml.safe_load((archive / f"data/meta/{SEED_ID}.yaml").read_text())
    assert (meta["author_handle"], meta["language"]) == ("KofmanMichael", "en")
    assert [c["original_name"] for c in meta["captures"]] == [SEED.name, "corrected capture.txt"]
    assert meta["current"] == meta["captures"][1]["sha256"]
    assert len(list((archive / "data/raw").iterdir())) == 2  # the old capture stays

    captures = {row["original_name"]: row for row in read_table(archive, "captures")}
    assert captures["corrected capture.txt"]["role"] == "current"
    assert captures[SEED.name]["role"] == "earlier"
    assert captures["corrected capture.txt"]["captured_at"] == "2026-11-26T10:00:00Z"
    [thread] = read_table(archive, "threads")
    assert (thread["thread_id"], thread["author_handle"]) == (SEED_ID, "KofmanMichael")
    assert thread["capture_sha256"] == meta["current"]
    assert "Pokrovsk remains" in "".join(t["text"] or "" for t in read_table(archive, "tweets"))

    assert validate(archive).valid
    diff = json.loads(run(archive, "diff", "1.0.0", "--json").output)
    assert diff["required_bump"] == "patch", diff
    assert {(c["table"], c["kind"]) for c in diff["changes"]} == {
        ("threads", "corrected"),
        ("tweets", "corrected"),
        ("captures", "added"),
        ("captures", "corrected"),
    }
    assert run(archive, "release", "--bump", "patch", "--date", "2026-11-26", "-q").exit_code == 0


def test_replaces_refuses_a_capture_of_another_thread(archive: Path, tmp_path: Path) -> None:
    other = write_capture(tmp_path / "other.txt", ["Another thread 1/", "entirely 2/"])
    assert run(archive, "ingest", str(other)).exit_code == 0
    other_id = read_table(archive, "threads")[1]["thread_id"]
    before = snapshot(archive)
    result = run(archive, "ingest", "--replaces", str(other_id), str(one_word_changed(tmp_path)))
    assert result.exit_code == 2
    assert (
        f"expected a capture of thread {other_id} (tweet IDs in common, or its author, date and tweets), found none alike"
        in result.stderr
    )
    unknown = run(archive, "ingest", "--replaces", "no-such-thread", str(other))
    assert unknown.exit_code == 2
    assert "--replaces: expected an archived thread" in unknown.stderr
    assert snapshot(archive) == before


def test_curation_at_ingest_updates_metadata_and_tables_but_not_the_id(archive: Path) -> None:
    ids = ",".join(str(1000 + i) for i in range(13))
    result = run(archive, "ingest", str(SEED), "--handle", "@someone", "--tweet-ids", ids, "--json")
    assert result.exit_code == 0, result.output
    [outcome] = json.loads(result.output)
    assert (outcome["status"], outcome["thread_id"]) == ("updated", SEED_ID)
    tweets = read_table(archive, "tweets")
    assert (tweets[0]["tweet_id"], tweets[12]["tweet_id"]) == ("1000", "1012")
    assert read_table(archive, "threads")[0]["author_handle"] == "someone"


def test_a_new_thread_with_tweet_ids_takes_the_first_id(archive: Path, tmp_path: Path) -> None:
    capture = write_capture(tmp_path / "new.txt", ["One 1/", "Two 2/"])
    result = run(archive, "ingest", str(capture), "--tweet-ids", "111,222")
    assert result.exit_code == 0, result.output
    assert "thread 111" in result.output
    assert [row["thread_id"] for row in read_table(archive, "threads")] == ["111", SEED_ID]  # sorted


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--handle", "not a handle"], "handle: expected a value of threads.author_handle matching"),
        (["--source-url", "ftp://x"], "source-url: expected a value of threads.source_url matching"),
        (["--captured-at", "yesterday"], "captured-at: expected a value of captures.captured_at matching"),
        (["--tweet-ids", "12,abc"], "tweet-ids: expected a value of tweets.tweet_id matching"),
        (["--tweet-ids", ",".join(["1"] * 14)], "expected at most 13 IDs (one per tweet), found 14"),
        (["--language", "English"], "language: expected a value of threads.language matching"),
    ],
    ids=["handle", "url", "captured-at", "tweet-ids", "too-many-ids", "language"],
)
def test_bad_curation_is_refused_and_writes_nothing(archive: Path, args: list[str], expected: str) -> None:
    before = snapshot(archive)
    result = run(archive, "ingest", str(SEED), *args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert " matching " in result.stderr or "at most" in result.stderr  # the schema's own rule is named
    assert snapshot(archive) == before


def test_a_bad_capture_among_good_ones_writes_nothing(archive: Path, tmp_path: Path) -> None:
    good = write_capture(tmp_path / "good.txt", ["Fine 1/", "Also 2/"])
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Someone Profile picture\n\xff\xfe not text")
    before = snapshot(archive)
    result = run(archive, "ingest", str(good), str(bad))
    assert result.exit_code == 2
    assert f"{bad}, line 2: expected UTF-8 text" in result.stderr
    assert snapshot(archive) == before


def test_per_thread_options_need_one_file(archive: Path, tmp_path: Path) -> None:
    other = write_capture(tmp_path / "b.txt", ["x"])
    result = run(archive, "ingest", str(SEED), str(other), "--handle", "x")
    assert result.exit_code == 2
    assert "--handle describes one thread" in result.stderr


def test_ingest_outside_an_archive_says_how_to_make_one(tmp_path: Path) -> None:
    result = run(tmp_path, "ingest", str(SEED))
    assert result.exit_code == 2
    assert "expected an archive in" in result.stderr
    assert "pass -C DIR, or create one with threadarchive init" in result.stderr


def test_broken_metadata_file_is_named(archive: Path) -> None:
    meta = archive / f"data/meta/{SEED_ID}.yaml"
    meta.write_text(meta.read_text().replace("tweet_ids: {}", "tweet_ids: {1: abc}"))
    result = run(archive, "ingest", str(SEED))
    assert result.exit_code == 2
    assert (
        f"{meta}: field 'tweet_ids', position 1: expected a value of tweets.tweet_id matching"
        in result.stderr
    )


def test_a_gap_is_refused_naming_the_option_that_records_it(archive: Path, tmp_path: Path) -> None:
    capture = write_capture(tmp_path / "gap.txt", ["One 1/", "Three 3/"], declared=3)
    before = snapshot(archive)
    result = run(archive, "ingest", str(capture))
    assert result.exit_code == 2
    assert "found tweet-count-mismatch in data/threads.csv, field tweet_count, thread " in result.stderr
    assert "ingest it with --known-gaps WHY to record the gap; nothing was written" in result.stderr
    assert snapshot(archive) == before
    recorded = run(archive, "ingest", str(capture), "--known-gaps", "tweet 2 was deleted")
    assert recorded.exit_code == 0, recorded.output
    report = validate(archive)
    assert report.valid
    assert [f.severity for f in report.findings if f.type == "tweet-count-mismatch"] == ["warning"]


def test_ingest_refuses_a_capture_whose_facts_validate_would_reject(archive: Path, tmp_path: Path) -> None:
    """Facts only a capture gives (a text, a date) cannot be curated afterwards."""
    capture = write_capture(tmp_path / "old.txt", ["Before twitter 1/", "existed 2/"])
    capture.write_text(capture.read_text().replace("Mar 4, 2024", "Mar 4, 1990"))
    before = snapshot(archive)
    result = run(archive, "ingest", str(capture))
    assert result.exit_code == 2
    assert "expected a thread that validates, found date-out-of-range in data/threads.csv" in result.stderr
    assert "field published_date" in result.stderr
    assert snapshot(archive) == before


def test_manifest_ingests_every_row(empty_archive: Path, tmp_path: Path) -> None:
    first = write_capture(tmp_path / "first thread.txt", ["First 1/", "thread 2/"])
    second = write_capture(tmp_path / "second.txt", ["Second 1/", "thread here 2/"])
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "path,handle,source_url,tweet_ids,language,known_gaps\n"
        f'"{first.name}",first_author,https://example.org/1,"11,12",en,\n'
        f"{second.name},,,,uk,\n",
        encoding="utf-8",
    )
    result = run(empty_archive, "ingest", "--manifest", str(manifest), "--json")
    assert result.exit_code == 0, result.output
    assert [o["status"] for o in json.loads(result.output)] == ["added", "added"]
    threads = {row["thread_id"]: row for row in read_table(empty_archive, "threads")}
    assert threads["11"]["author_handle"] == "first_author"
    assert sorted(row["language"] or "" for row in threads.values()) == ["en", "uk"]
    assert validate(empty_archive).valid


def test_manifest_is_all_or_nothing_with_one_line_per_bad_row(empty_archive: Path, tmp_path: Path) -> None:
    good = write_capture(tmp_path / "good.txt", ["Good 1/", "thread 2/"])
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        f"path,handle\n{good.name},fine\nmissing.txt,\n{good.name},not a handle\n",
        encoding="utf-8",
    )
    before = snapshot(empty_archive)
    result = run(empty_archive, "ingest", "--manifest", str(manifest))
    assert result.exit_code == 2
    errors = result.stderr.removeprefix("Error: ").splitlines()
    assert len(errors) == 2  # every bad row, one line each
    assert errors[0].startswith(f"{manifest}, row 3: {tmp_path / 'missing.txt'}: expected a capture file")
    assert errors[1].startswith(f"{manifest}, row 4: handle: expected")
    assert snapshot(empty_archive) == before
    bad_header = tmp_path / "bad-header.csv"
    bad_header.write_text("file,handle\nx.txt,y\n", encoding="utf-8")
    result = run(empty_archive, "ingest", "--manifest", str(bad_header))
    assert result.exit_code == 2
    assert f"{bad_header}, line 1: expected columns among" in result.stderr


def test_a_manifests_bad_rows_are_listed_in_row_order(empty_archive: Path, tmp_path: Path) -> None:
    # each kind of problem is found at another step: a cell over lines as the CSV is read,
    # a bad fact or extra cell as its row is, a missing capture as the captures are
    good = write_capture(tmp_path / "good.txt", ["Good 1/", "thread 2/"])
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        f'path,handle\nmissing.txt,\n{good.name},not a handle\n{good.name},fine,extra\n"a\nb.txt",fine\n',
        encoding="utf-8",
    )
    result = run(empty_archive, "ingest", "--manifest", str(manifest))
    assert result.exit_code == 2
    errors = result.stderr.removeprefix("Error: ").splitlines()
    rows = [line.removeprefix(f"{manifest}, row ").split(":")[0] for line in errors]
    assert rows == ["2", "3", "4", "5"]


def test_files_and_manifest_are_one_or_the_other(archive: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(f"path\n{SEED}\n", encoding="utf-8")
    assert run(archive, "ingest", str(SEED), "--manifest", str(manifest)).exit_code == 2
    assert "give one of them" in run(archive, "ingest").stderr


def test_a_manifest_that_is_not_utf8_is_one_line(empty_archive: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "bytes.csv"
    manifest.write_bytes(b"path\nok.txt\n\xb0\xff")
    result = run(empty_archive, "ingest", "--manifest", str(manifest))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {manifest}, line 3: expected a UTF-8 CSV, found the byte 0xb0\n"


def test_a_changed_raw_capture_is_never_built_into_the_tables(archive: Path) -> None:
    [raw] = (archive / "data/raw").iterdir()
    raw.write_bytes(raw.read_bytes().replace(b"Pokrovsk", b"TAMPERED", 1))
    before = snapshot(archive)
    result = run(archive, "rebuild")
    assert result.exit_code == 1
    assert (
        f"data/raw/{raw.name}: expected SHA-256" in result.stderr
        and "the capture was changed" in result.stderr
    )
    assert "TAMPERED" not in (archive / "data/tweets.csv").read_text(encoding="utf-8")
    assert snapshot(archive) == before


def test_show_json_gives_integers_and_a_closed_pipe_is_quiet(archive: Path) -> None:
    [thread] = json.loads(run(archive, "show", "--json").output)
    assert thread["tweet_count"] == 13
    tweets = json.loads(run(archive, "show", SEED_ID, "--json").output)
    assert [t["position"] for t in tweets] == list(range(1, 14))
    script = "import sys; sys.stdout.close()"  # a reader that goes away at once, like | head -0
    shown = subprocess.run(
        f"{sys.executable} -m threadarchive -C {shlex.quote(str(archive))} show {SEED_ID} | "
        f"{sys.executable} -c {shlex.quote(script)}",
        shell=True, capture_output=True, text=True,
    )  # fmt: skip
    assert "Error" not in shown.stderr and "Traceback" not in shown.stderr


def test_a_thread_whose_tweets_agree_on_a_language_gets_it(empty_archive: Path, tmp_path: Path) -> None:
    """twarc and the X archive tag each tweet; a curator's --language still wins."""
    conversation = CAPTURES / "twarc" / "conversation.jsonl"
    assert run(empty_archive, "ingest", str(conversation), "--terms", "public-post").exit_code == 0
    [thread] = read_table(empty_archive, "threads")
    assert {t["lang"] for t in read_table(empty_archive, "tweets")} == {"en"}
    assert thread["language"] == "en"
    assert run(empty_archive, "meta", thread["thread_id"], "--language", "uk").exit_code == 0
    assert read_table(empty_archive, "threads")[0]["language"] == "uk"

    mixed = tmp_path / "mixed.jsonl"
    pages = [json.loads(line) for line in conversation.read_text().splitlines()]
    for tweet in (t for page in pages for t in page["data"] if t["id"] == "1986057668524592625"):
        tweet["lang"] = "uk"  # one tweet of the thread, in another language
    mixed.write_text("".join(json.dumps(page) + "\n" for page in pages))
    other = init(tmp_path / "other")
    assert run(other.root, "ingest", str(mixed), "--terms", "public-post").exit_code == 0
    assert read_table(other.root, "threads")[0]["language"] is None  # they disagree: not said
