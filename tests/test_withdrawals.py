"""Rights and takedowns: withdraw a thread going forward, refuse it coming back unless
reinstated, warn whoever loads a release that still holds it, share an ID-only variant,
and state each thread's terms as data."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import threadarchive
from threadarchive import WithdrawnWarning
from threadarchive.archive.checks import validate
from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.metadata import Curation
from threadarchive.archive.store import Store, read_table
from threadarchive.archive.withdraw import withdraw
from threadarchive.cli import main
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases

from .conftest import CAPTURES, DAY, SEED, SEED_ID, snapshot, write_capture

TWARC = CAPTURES / "twarc" / "conversation.jsonl"
HTML_OF_SEED = CAPTURES / "trahtml" / "kofman_2025-11-05.html"


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def publish(root: Path, bump: str = "minor") -> Path:
    return releases.publish(root, planning.plan(root, bump=bump, created=DAY))  # type: ignore[arg-type]


@pytest.fixture
def released(archive: Path, tmp_path: Path) -> Path:
    """The seed archive with a second thread, released as 1.0.0."""
    other = write_capture(tmp_path / "other.txt", ["Another thread 1/", "its end 2/"])
    ingest(Store(archive), [Source(other, Curation(terms="author-consent"))], today=DAY)
    publish(archive)
    return archive


def test_a_withdrawn_thread_leaves_the_archive_and_the_next_release(released: Path) -> None:
    raw = {p.name for p in (released / "data/raw").iterdir()}
    result = run(
        released, "withdraw", SEED_ID, "--reason", "the author asked on 2026-11-20", "--date", "2026-11-25"
    )
    assert result.exit_code == 0, result.output
    assert f"withdrawn: thread {SEED_ID} on 2026-11-25, 1 capture(s) removed" in result.output

    assert SEED_ID not in {r["thread_id"] for r in read_table(released, "threads")}
    assert SEED_ID not in {r["thread_id"] for r in read_table(released, "tweets")}
    assert not (released / f"data/meta/{SEED_ID}.yaml").exists()
    assert len({p.name for p in (released / "data/raw").iterdir()}) == len(raw) - 1
    [row] = read_table(released, "withdrawals")
    assert (row["thread_id"], row["event"], row["date"]) == (SEED_ID, "withdrawn", "2026-11-25")
    assert row["reason"] == "the author asked on 2026-11-20"
    record = (released / "data/withdrawals.yaml").read_text()
    assert "Pokrovsk" not in record and "Kofman" not in record  # never the text
    assert validate(released).valid

    too_small = run(released, "release", "--bump", "minor", "-q")
    assert too_small.exit_code == 2 and "is too small" in too_small.stderr
    assert run(released, "release", "--bump", "major", "--date", "2026-11-26", "-q").exit_code == 0
    changelog = (released / "CHANGELOG.md").read_text().split("## Data 2.0.0")[1].split("## Data")[0]
    assert f"- thread {SEED_ID} withdrawn on 2026-11-25: the author asked on 2026-11-20" in changelog
    assert SEED_ID not in (released / "releases/2.0.0/data/threads.csv").read_text()
    # Past releases are never rewritten.
    assert SEED_ID in (released / "releases/1.0.0/data/threads.csv").read_text()
    assert threadarchive.release.fixity.verify(released / "releases/1.0.0").valid


def test_a_withdrawn_thread_is_refused_in_any_format_unless_reinstated(released: Path) -> None:
    withdraw(Store(released), SEED_ID, "a takedown request", date=DAY)
    for capture in (SEED, HTML_OF_SEED):
        refused = run(released, "ingest", str(capture))
        assert refused.exit_code == 2, refused.output
        assert f"a capture of thread {SEED_ID}" in refused.stderr
        assert "withdrawn on 2026-11-25: a takedown request; nothing was written" in refused.stderr
        assert "--reinstate" in refused.stderr
    assert not (released / f"data/meta/{SEED_ID}.yaml").exists()

    no_reason = run(released, "ingest", str(SEED), "--reinstate", " ")
    assert no_reason.exit_code == 2 and "expected why the thread is taken in again" in no_reason.stderr
    back = run(released, "ingest", str(SEED), "--reinstate", "the author withdrew the request")
    assert back.exit_code == 0, back.output
    assert f"reinstated: {SEED} -> thread {SEED_ID}" in back.output
    events = [(r["event"], r["reason"]) for r in read_table(released, "withdrawals")]
    assert events == [("withdrawn", "a takedown request"), ("reinstated", "the author withdrew the request")]
    assert SEED_ID in {r["thread_id"] for r in read_table(released, "threads")}
    index = json.loads((released / "releases/index.json").read_text())
    assert index["withdrawals"] == []  # taken in again: no warning on the releases that hold it

    unrelated = run(released, "ingest", str(TWARC), "--reinstate", "why not")
    assert (
        unrelated.exit_code == 2
        and "expected a capture of a withdrawn thread, found none" in unrelated.stderr
    )


def test_a_release_holding_a_withdrawn_thread_is_marked_and_warns(released: Path) -> None:
    withdraw(Store(released), SEED_ID, "court order 12/2026", date=DAY)
    listed = run(released, "releases")
    assert f"(holds 1 thread(s) withdrawn since: {SEED_ID})" in listed.output
    assert json.loads(run(released, "releases", "--json").output)[0]["withdrawn"] == [SEED_ID]

    folder = released / "releases/1.0.0"
    with pytest.warns(WithdrawnWarning, match=rf"{SEED_ID} on 2026-11-25 \(court order 12/2026\)") as caught:
        tweets = threadarchive.load_tweets(source=folder)
    # each names the caller's line, not threadarchive's (a fixed stacklevel named
    # workspace.py for an Archive's load, and the caller's caller for load_table)
    with pytest.warns(WithdrawnWarning) as more:
        threadarchive.load_table("tweets", source=folder)
        threadarchive.Archive(released).load_tweets("1.0.0")
        threadarchive.Archive(released).load_table("threads", "1.0.0")
    assert [w.filename for w in [*caught, *more]] == [__file__] * 4
    assert SEED_ID in set(tweets["thread_id"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # excluded: no warning, no rows
        kept = threadarchive.load_tweets(source=folder, exclude_withdrawn=True)
        threads = threadarchive.load_threads(source=folder, exclude_withdrawn=True)
    assert SEED_ID not in set(kept["thread_id"]) and len(kept) == len(tweets) - 13
    assert list(threads["thread_id"]) == [t for t in threads["thread_id"] if t != SEED_ID]


def test_a_capture_holding_other_threads_is_not_withdrawn_with_one(empty_archive: Path) -> None:
    several = CAPTURES / "twarc" / "several-threads.jsonl"
    ingest(Store(empty_archive), [Source(several)])
    first, *others = sorted(r["thread_id"] for r in read_table(empty_archive, "threads"))
    refused = run(empty_archive, "withdraw", first, "--reason", "asked")
    assert refused.exit_code == 2
    assert "its captures also hold thread(s)" in refused.stderr
    assert len(read_table(empty_archive, "threads")) == 1 + len(others)


def test_the_id_only_variant_keeps_ids_and_dates_and_no_text(archive: Path) -> None:
    import duckdb
    import frictionless
    import pandas as pd

    ingest(Store(archive), [Source(TWARC, Curation(terms="public-post"))], today=DAY)
    release = publish(archive)
    ids = release / "ids"
    assert frictionless.validate(str(ids / "datapackage.json")).valid
    tweets = pd.read_csv(ids / "data/tweets.csv", dtype={"tweet_id": "string", "thread_id": "string"})
    assert list(tweets.columns) == ["thread_id", "position", "tweet_id", "created_at", "lang"]
    full = threadarchive.load_tweets(source=release)
    assert sorted(tweets["tweet_id"].dropna()) == sorted(full["tweet_id"].dropna())
    threads = duckdb.sql(
        f"SELECT * FROM read_csv('{ids / 'data/threads.csv'}', types = {{'thread_id': 'VARCHAR', 'author_id': 'VARCHAR'}})"
    )
    assert "author_bio" not in threads.columns and "author_name" not in threads.columns
    assert not any("Pokrovsk" in p.read_text() for p in (ids / "data").glob("*.csv"))

    loaded = threadarchive.load_tweets(source=release, variant="ids")
    assert loaded.attrs["variant"] == "ids" and "text" not in loaded.columns
    assert len(loaded) == len(full)
    card = (release / "README.md").read_text()
    assert "twarc2 hydrate" in card
    not_shareable = card.split("not shareable that way:")[1].split("##")[0]
    assert SEED_ID in not_shareable  # the seed's tweets have no IDs
    assert "conversation" not in not_shareable
    with pytest.raises(threadarchive.PackageError, match="expected a variant among"):
        threadarchive.load_tweets(source=release, variant="dehydrated")


def test_each_thread_states_its_terms_as_data(empty_archive: Path, tmp_path: Path) -> None:
    capture = write_capture(tmp_path / "t.txt", ["A thread 1/", "ends 2/"])
    run(empty_archive, "ingest", str(capture))
    [warning] = [f for f in validate(empty_archive).warnings if f.type == "rights-missing"]
    thread = warning.thread_id
    assert "found none: curate the thread's terms" in warning.message  # the library's words
    shown = run(empty_archive, "validate").output  # the command line's: the command that mends it
    assert f"run: threadarchive -C {empty_archive} meta {thread} --terms TERM" in shown

    wrong = run(empty_archive, "meta", str(thread), "--terms", "fair-use")
    assert wrong.exit_code == 2 and "'fair-use' is not one of 'public-post'" in wrong.stderr
    done = run(empty_archive, "meta", str(thread), "--terms", "quotation", "--rights", "quoted in a review")
    assert done.exit_code == 0, done.output
    [row] = read_table(empty_archive, "threads")
    assert (row["terms"], row["rights"]) == ("quotation", "quoted in a review")
    assert not [f for f in validate(empty_archive).findings if f.type == "rights-missing"]
    card = (publish(empty_archive) / "README.md").read_text()
    assert "| `quotation` | 1 | Kept as a quotation for criticism" in card
    assert "| `public-post` | 0 |" in card


def test_the_readme_lists_the_terms_the_schema_allows() -> None:
    from threadarchive import contract

    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- terms:start -->\n", 1)[1].split("<!-- terms:end -->", 1)[0]
    meanings = contract.table("threads").meanings("terms")
    assert block == "".join(f"- `{term}`: {meaning}\n" for term, meaning in meanings.items())
    assert list(meanings) == contract.table("threads").enum("terms")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--reason", "a takedown\nrequest"],
            "--reason: expected one line of text, found the control character U+000A",
        ),
        (["--reason", "x" * 2001], "--reason: expected at most 2000 characters, found 2001"),
        (["--reason", "a request", "--date", "2999-01-01"], "--date: expected a date up to today"),
    ],
    ids=["line-break", "too-long", "future-date"],
)
def test_a_withdrawal_records_one_line_of_reason_on_a_day_that_has_come(
    released: Path, args: list[str], expected: str
) -> None:
    before = snapshot(released)
    result = run(released, "withdraw", SEED_ID, *args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert snapshot(released) == before


def test_a_reinstatement_reason_is_one_line(released: Path) -> None:
    withdraw(Store(released), SEED_ID, "a takedown request", date=DAY)
    result = run(released, "ingest", str(SEED), "--reinstate", "the request\x1b[31mwas withdrawn")
    assert result.exit_code == 2
    assert "--reinstate: expected one line of text, found the control character U+001B" in result.stderr
