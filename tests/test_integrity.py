"""The thread-integrity layer on a release-like package: tables and schemas, no captures.

The cases here came from mutation testing (bench/mutants.py): each killed a change to
the checks (then written over Arrow as well as in SQL) that the archive-level fault
corpus in test_validate.py let live. Each runs with the tables read by DuckDB and by the
fast engine, whose kept columns the same SQL checks (sql/threads.py).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from threadarchive.archive.checks import validate
from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.metadata import Curation
from threadarchive.archive.store import Store

from .conftest import DAY, SEED, SEED_ID, write_capture

TWEETS = "data/tweets.csv"
THREADS = "data/threads.csv"


def package_of(archive: Path, where: Path) -> Path:
    """The archive's tables, descriptor and schemas alone, as a release has them."""
    where.mkdir()
    shutil.copy(archive / "datapackage.json", where)
    shutil.copytree(archive / "schemas", where / "schemas")
    (where / "data").mkdir()
    for table in (archive / "data").glob("*.csv"):
        shutil.copy(table, where / "data")
    return where


@pytest.fixture
def package(archive: Path, tmp_path: Path) -> Path:
    return package_of(archive, tmp_path / "package")


@pytest.fixture(params=["duckdb", "fast"])
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    with path.open(newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *change(header, rows)])


def kinds(root: Path, engine: str) -> list[tuple[str, str | None, int | None]]:
    return sorted((f.type, f.thread_id, f.position) for f in validate(root, engine=engine).findings)


@pytest.mark.parametrize(
    "order",
    [lambda rows: rows[::-1], lambda rows: [rows[1], rows[0], *rows[2:]]],
    ids=["reversed", "first-two-swapped"],
)
def test_rows_out_of_order_are_checked_as_a_thread(package: Path, order, engine: str) -> None:  # type: ignore[no-untyped-def]
    in_order = kinds(package, engine)
    rewrite(package / TWEETS, lambda header, rows: order(rows))
    assert kinds(package, engine) == in_order == [("marker-style-mismatch", SEED_ID, 12)]


def test_a_gap_names_the_positions_missing(package: Path, engine: str) -> None:
    position = "position"
    rewrite(
        package / TWEETS,
        lambda header, rows: [r for r in rows if r[header.index(position)] not in {"3", "5"}],
    )
    [gap] = [f for f in validate(package, engine=engine).findings if f.type == "position-gap"]
    assert gap.message == "expected positions 1..13 without gaps, found 3, 5 missing"
    assert gap.position == 3


def test_a_long_gap_shows_ten_positions_and_an_ellipsis(package: Path, engine: str) -> None:
    rewrite(package / TWEETS, lambda header, rows: [rows[0], rows[-1]])
    [gap] = [f for f in validate(package, engine=engine).findings if f.type == "position-gap"]
    assert (
        gap.message == "expected positions 1..13 without gaps, found 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 … missing"
    )


def test_a_blank_tweet_count_is_a_schema_error_not_a_count_mismatch(package: Path, engine: str) -> None:
    def blank_count(header: list[str], rows: list[list[str]]) -> list[list[str]]:
        for row in rows:
            row[header.index("tweet_count")] = ""
        return rows

    rewrite(package / THREADS, blank_count)
    found = {(f.type, f.field) for f in validate(package, engine=engine).findings if f.severity == "error"}
    assert found == {("constraint-error", "tweet_count")}


def test_each_thread_has_its_own_usual_marker_form(archive: Path, tmp_path: Path, engine: str) -> None:
    # One thread in "(n/m)", with a stray "n/"; a tie between two forms goes to the first used.
    bracketed = write_capture(tmp_path / "b.txt", ["One (1/3)", "Two 2/", "Three (3/3)"], bio="B")
    tie = write_capture(tmp_path / "t.txt", ["One 1/", "Two (2/3)", "Three"], bio="T")
    ingest(Store(archive), [Source(SEED, Curation(language="en")), Source(bracketed), Source(tie)], today=DAY)
    package = package_of(archive, tmp_path / "package")
    style = sorted(
        (f.position, f.message)
        for f in validate(package, engine=engine).findings
        if f.type == "marker-style-mismatch"
    )
    assert style == [
        (2, "expected a marker of the thread's form '(n/m)', found '2/'"),
        (2, "expected a marker of the thread's form 'n/', found '(2/3)'"),
        (12, "expected a marker of the thread's form 'n/', found '/12'"),
    ]


@pytest.mark.parametrize("engine", ["duckdb", "fast", "frictionless"])
def test_the_report_names_the_engine_that_read_the_tables(package: Path, engine: str) -> None:
    assert validate(package, engine=engine).stats["engine"] == engine
    assert validate(package).stats["engine"] == "duckdb"  # "auto" picks DuckDB
