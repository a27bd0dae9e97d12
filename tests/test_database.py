"""A release as SQLite: typed and keyed tables, FTS5, the thread_texts view, Datasette metadata."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
import pytest
from click.testing import CliRunner

from threadarchive import FixityError, InputError, contract
from threadarchive.access import database as dbmod
from threadarchive.archive.ingest import ingest
from threadarchive.cli import main
from threadarchive.contract import limits, package
from threadarchive.errors import StorageError
from threadarchive.files import fsutil

from .conftest import HOSTILE, HOSTILE_ID, SEED_IDS, run_killed
from .test_hardening import never_blocking
from .test_site import seed_texts

SEED_THREAD = SEED_IDS[0]


@pytest.fixture
def built(reader_archive: Path, tmp_path: Path) -> dbmod.DatabaseResult:
    return dbmod.build_database(reader_archive / "releases/1.0.0", tmp_path / "out" / "archive.db")


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def test_full_text_search_finds_tweet_9_of_the_seed(built: dbmod.DatabaseResult) -> None:
    with connect(built.path) as db:
        found = db.execute(
            "SELECT tweets.thread_id, tweets.position, tweets.marker FROM tweets_fts "
            "JOIN tweets ON tweets.rowid = tweets_fts.rowid WHERE tweets_fts MATCH ?",
            ["withdraw equipment"],
        ).fetchall()
        pokrovsk = db.execute("SELECT count(*) FROM tweets_fts WHERE tweets_fts MATCH 'pokrovsk'").fetchone()
    assert found == [(SEED_THREAD, 9, "9/")]
    assert pokrovsk == (7,)  # the tweets that name the city, in any case


def test_parts_of_an_index_it_cannot_join_are_indexed_by_fts5_itself(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SQLite whose FTS5 records fts5.py does not know (a newer format, say): the index
    is built by FTS5's own rebuild, and it finds what a joined index finds."""
    from threadarchive.access import fts5

    def unknown(data: bytes) -> fts5.Structure:
        raise fts5.NotJoined(
            "expected an FTS5 structure record as this version of SQLite writes, found another"
        )

    release = reader_archive / "releases/1.0.0"
    joined = dbmod.build_database(release, tmp_path / "joined/x.db")
    monkeypatch.setattr(fts5.Structure, "read", unknown)
    rebuilt = dbmod.build_database(release, tmp_path / "rebuilt/x.db")
    queries = ["pokrovsk", "withdraw equipment", '"krovsk"']
    answers = []
    for path in (joined.path, rebuilt.path):
        with connect(path) as db:
            answers.append(
                [
                    db.execute(
                        "SELECT rowid FROM tweets_fts WHERE tweets_fts MATCH ? ORDER BY rowid", [q]
                    ).fetchall()
                    for q in queries
                ]
            )
    assert answers[0] == answers[1] and answers[0][0]
    with sqlite3.connect(rebuilt.path) as db:  # FTS5's own check of its index against the tweets
        db.execute("INSERT INTO tweets_fts(tweets_fts, rank) VALUES ('integrity-check', 1)")
    assert not list((tmp_path / "rebuilt").glob("*fulltext*"))


def test_tables_are_typed_and_keyed_as_their_schemas_say(built: dbmod.DatabaseResult) -> None:
    assert built.rows == {"threads": 2, "tweets": 15, "captures": 2, "anomalies": 0, "withdrawals": 0}
    expected = {"string": "TEXT", "integer": "INTEGER", "date": "TEXT", "datetime": "TEXT"}
    with connect(built.path) as db:
        for table in contract.tables():
            info = db.execute(f"PRAGMA table_info({table.name})").fetchall()
            fields = table.schema["fields"]
            assert [(c[1], c[2]) for c in info] == [(f["name"], expected[f["type"]]) for f in fields]
            required = {f["name"] for f in fields if f.get("constraints", {}).get("required")}
            assert {c[1] for c in info if c[3]} == required
            keyed = sorted((c[5], c[1]) for c in info if c[5])
            assert tuple(name for _, name in keyed) == table.primary_key
        keys = db.execute("PRAGMA foreign_key_list(tweets)").fetchall()
        assert [(k[2], k[3], k[4]) for k in keys] == [("threads", "thread_id", "thread_id")]
        strict = dict(
            db.execute("SELECT name, strict FROM pragma_table_list WHERE schema = 'main'").fetchall()
        )
        assert strict["tweets"] == strict["threads"] == 1
        assert strict["anomalies"] == 0  # its key's position may be empty, which STRICT refuses
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        row = db.execute(
            "SELECT published_date, tweet_count, typeof(tweet_count) FROM threads WHERE thread_id = ?",
            [SEED_THREAD],
        ).fetchone()
        assert row == ("2025-11-05", 13, "integer")
        ids = db.execute(
            "SELECT tweet_id, typeof(tweet_id) FROM tweets WHERE position = 1 ORDER BY 1"
        ).fetchall()
        assert ids == [(HOSTILE_ID, "text"), (SEED_IDS[0], "text")]  # IDs stay text: no digit lost


def test_the_view_holds_each_threads_text_in_order(built: dbmod.DatabaseResult) -> None:
    with connect(built.path) as db:
        rows = db.execute("SELECT thread_id, author_name, tweets, text FROM thread_texts").fetchall()
    assert [r[0] for r in rows] == [HOSTILE_ID, SEED_THREAD]
    assert rows[1][1:] == ("Michael Kofman", 13, "\n\n".join(seed_texts()))
    assert rows[0][3] == "\n\n".join(HOSTILE)  # texts verbatim, markup and all


def test_datasette_metadata_describes_tables_and_columns(built: dbmod.DatabaseResult) -> None:
    metadata = json.loads(built.metadata.read_text(encoding="utf-8"))
    assert built.metadata == built.path.parent / "metadata.json"
    assert metadata["title"] == "Test archive, release 1.0.0"
    assert metadata["license"] == "CC-BY-4.0" and metadata["license_url"].startswith("https://")
    assert metadata["source_url"] == "https://threadreaderapp.com"
    database = metadata["databases"]["archive"]
    tweets = database["tables"]["tweets"]
    assert tweets["title"] == "Tweets" and tweets["fts_table"] == "tweets_fts"
    assert tweets["columns"]["marker"] == contract.table("tweets").field("marker")["description"]
    assert database["tables"]["tweets_fts"] == {"hidden": True}


def test_the_database_is_the_same_bytes_every_time(reader_archive: Path, tmp_path: Path) -> None:
    release = reader_archive / "releases/1.0.0"
    first = dbmod.build_database(release, tmp_path / "a/x.db")
    second = dbmod.build_database(release, tmp_path / "b/x.db")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.metadata.read_bytes() == second.metadata.read_bytes()


def test_metadata_for_other_databases_beside_it_is_kept(reader_archive: Path, tmp_path: Path) -> None:
    (tmp_path / "metadata.json").write_text(json.dumps({"databases": {"older": {"title": "Older"}}}))
    dbmod.build_database(reader_archive / "releases/1.0.0", tmp_path / "newer.db")
    metadata = json.loads((tmp_path / "metadata.json").read_text())
    assert list(metadata["databases"]) == ["newer", "older"]
    assert metadata["databases"]["older"] == {"title": "Older"}


def test_metadata_that_is_not_datasettes_is_refused_before_anything_is_written(
    reader_archive: Path, tmp_path: Path
) -> None:
    (tmp_path / "metadata.json").write_text("[1, 2")
    with pytest.raises(
        InputError, match=r"metadata\.json, line 1, column 6: expected valid JSON, found an error"
    ):
        dbmod.build_database(reader_archive / "releases/1.0.0", tmp_path / "x.db")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "hostile.txt", "metadata.json"]


@pytest.mark.parametrize("other", [{"title": "my own notes"}, {}, {"databases": ["x"]}])
def test_a_metadata_json_of_someone_elses_is_never_replaced(
    reader_archive: Path, tmp_path: Path, other: object
) -> None:
    mine = json.dumps(other)
    (tmp_path / "metadata.json").write_text(mine)
    with pytest.raises(InputError, match="found another JSON; move it"):
        dbmod.build_database(reader_archive / "releases/1.0.0", tmp_path / "x.db")
    assert (tmp_path / "metadata.json").read_text() == mine
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("kind", ["deep", "large", "fifo"])
def test_a_hostile_metadata_json_is_one_line_and_nothing_is_written(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """metadata.json beside OUT is read as every input is: a regular file, bounded in size
    and depth, so neither a deep nesting (a RecursionError) nor a FIFO (a hang) gets through."""
    folder = tmp_path / "d"
    folder.mkdir()
    metadata = folder / "metadata.json"
    if kind == "fifo":
        os.mkfifo(metadata)
    else:
        metadata.write_text(
            "[" * 100_000 + "]" * 100_000 if kind == "deep" else json.dumps({"databases": {}})
        )
    monkeypatch.setattr(package, "MAX_DOCUMENT_BYTES", 16 if kind == "large" else limits.MAX_DOCUMENT_BYTES)
    expected = {
        "deep": "expected JSON nested at most 64 levels deep, found it nested too deeply",
        "large": "expected Datasette metadata of at most 16 MiB, found a larger file",
        "fifo": "expected a regular file, found a named pipe (FIFO); nothing was read from it",
    }[kind]
    with never_blocking(metadata) as rescued:
        result = run(reader_archive, "sqlite", "1.0.0", str(folder / "a.db"))
    assert not rescued[0], "blocked on the FIFO"
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {metadata}: {expected}\n"
    assert sorted(p.name for p in folder.iterdir()) == ["metadata.json"]


@pytest.mark.parametrize("kind", ["text", "link", "fifo"])
def test_an_out_that_is_not_a_sqlite_database_is_never_replaced(
    reader_archive: Path, tmp_path: Path, kind: str
) -> None:
    out = tmp_path / "f"
    if kind == "text":
        out.write_text("hi\n")
    elif kind == "link":
        (tmp_path / "real.db").write_bytes(dbmod.SQLITE_HEADER)
        out.symlink_to(tmp_path / "real.db")
    else:
        os.mkfifo(out)
    before = sorted(p.name for p in tmp_path.iterdir())
    with never_blocking(out) as rescued:
        result = run(reader_archive, "sqlite", "1.0.0", str(out))
    assert not rescued[0], "blocked on the FIFO"
    assert result.exit_code == 2, result.output
    found = {
        "text": "expected a new file or a database threadarchive wrote, to replace, found a file that is not a "
        "SQLite database; move it, or write to another file",
        "link": "expected a new file or a database threadarchive wrote, to replace, found a link; move it, or "
        "write to another file",
        "fifo": "expected a regular file, found a named pipe (FIFO); nothing was read from it",
    }[kind]
    assert result.stderr == f"Error: {out}: {found}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    if kind == "text":
        assert out.read_text() == "hi\n"


def test_a_database_it_wrote_is_replaced(reader_archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.db"
    dbmod.build_database(reader_archive / "releases/1.0.0", out)
    with sqlite3.connect(out) as db:
        db.execute("CREATE TABLE added_by_hand (a)")
    dbmod.build_database(reader_archive / "releases/1.0.0", out)
    with connect(out) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'added_by_hand'").fetchone() == (
            0,
        )
        assert db.execute("SELECT count(*) FROM tweets").fetchone() == (15,)
        assert dict(db.execute(f"SELECT key, value FROM {dbmod.MARKER}")) == {
            "name": "test-archive",
            "version": "1.0.0",
        }


def test_someone_elses_database_is_never_replaced(reader_archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.db"
    with sqlite3.connect(out) as db:
        db.execute("CREATE TABLE mine (a)")
        db.execute("INSERT INTO mine VALUES ('precious')")
    before = out.read_bytes()
    result = run(reader_archive, "sqlite", "1.0.0", str(out))
    assert result.exit_code == 2, result.output
    assert f"a SQLite database threadarchive did not write (no table {dbmod.MARKER})" in result.stderr
    assert out.read_bytes() == before


def test_the_next_run_removes_what_a_killed_one_left_and_nothing_else(
    reader_archive: Path, tmp_path: Path
) -> None:
    release, out = reader_archive / "releases/1.0.0", tmp_path / "out/x.db"
    out.parent.mkdir()
    # What threadarchive before staging folders left: a database (removed), and files that
    # only look like one of its temporaries (kept).
    _, older = tempfile.mkstemp(dir=out.parent, prefix=".x.db.", suffix=".tmp")
    Path(older).write_bytes(dbmod.SQLITE_HEADER + b"a killed build")
    _, text = tempfile.mkstemp(dir=out.parent, prefix=".x.db.", suffix=".tmp")
    Path(text).write_text("mine")
    (out.parent / ".x.db.mine.tmp").write_bytes(dbmod.SQLITE_HEADER)
    with fsutil.staging(out, "test") as live:  # a run building at the same time: kept
        run_killed(
            "from threadarchive.access import database\n"
            "database._create = die  # killed as it creates the tables\n"
            f"database.build_database(Path({str(release)!r}), Path({str(out)!r}))"
        )
        killed = [p for p in out.parent.glob(".x.db.*.partial") if p != live]
        assert len(killed) == 1 and (killed[0] / "x.db").is_file() and not out.exists()
        dbmod.build_database(release, out)
        assert live.is_dir()
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(
        [".x.db.mine.tmp", Path(text).name, "metadata.json", "x.db"]
    )


def test_a_failed_build_leaves_no_database(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while the rows are written: one line naming the file asked for (not the
    staging folder's), and nothing left beside it."""

    def full(*args: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(dbmod, "_create", full)
    out = tmp_path / "out/x.db"
    with pytest.raises(StorageError) as failed:
        dbmod.build_database(reader_archive / "releases/1.0.0", out)
    assert str(failed.value) == f"{out}: cannot write the database: No space left on device"
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("where", ["rows", "index"], ids=["rows", "full-text-index"])
def test_sqlite_on_a_full_disk_is_one_line_exit_2_and_leaves_nothing(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """SQLite itself runs out of room (SQLITE_FULL, as on a full disk: a page limit makes it
    so), in the database or in the index built beside it by a process of its own: not
    ``sqlite3.OperationalError`` and exit 1 (invalid data), but a StorageError naming the
    file asked for, exit 2, and no process left running."""
    if where == "index":  # the pragmas the index's process is given
        monkeypatch.setattr(dbmod, "FTS_PRAGMAS", (*dbmod.FTS_PRAGMAS, "max_page_count = 3"))
    else:
        original = dbmod._pragmas

        def pragmas(connection: sqlite3.Connection) -> None:
            original(connection)
            connection.execute("PRAGMA max_page_count = 8")

        monkeypatch.setattr(dbmod, "_pragmas", pragmas)
    out = tmp_path / "out/x.db"
    result = CliRunner().invoke(main, ["sqlite", str(reader_archive / "releases/1.0.0"), str(out)])
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert message.startswith(f"Error: {out}: cannot write the database: ") and "\n" not in message
    assert message.endswith("database or disk is full")
    assert list((tmp_path / "out").iterdir()) == []
    assert psutil.Process().children(recursive=True) == []


def test_a_crash_of_the_index_process_is_raised_and_leaves_nothing(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index's process killed (as the OOM killer would) while the rows are written: the
    build stops with a StorageError saying so, no database, no staging folder, no process."""
    original = dbmod._insert

    def insert(*args: Any) -> int:
        for child in psutil.Process().children():
            child.kill()
            while not ended(child.pid):  # not reaped here: the build's own wait must see the signal
                time.sleep(0.01)
        return original(*args)

    monkeypatch.setattr(dbmod, "_insert", insert)
    out = tmp_path / "out/x.db"
    with pytest.raises(
        StorageError, match=r"the process building the index ended with signal 9: nothing said$"
    ):
        dbmod.build_database(reader_archive / "releases/1.0.0", out)
    assert list((tmp_path / "out").iterdir()) == []
    assert psutil.Process().children(recursive=True) == []


def test_an_error_of_the_parent_stops_the_index_process(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows fail while the index is being built (here: its texts never come, a FIFO):
    the parent's error is raised, the index's process is killed, nothing is left."""
    fifo = tmp_path / "never.parquet"
    os.mkfifo(fifo)
    monkeypatch.setattr(dbmod, "_parts", lambda files, count: [(1, [(fifo, [0])])])
    monkeypatch.setattr(dbmod, "_insert", lambda *args: (_ for _ in ()).throw(KeyError("rows")))
    out = tmp_path / "out/x.db"
    with pytest.raises(KeyError, match="rows"):
        dbmod.build_database(reader_archive / "releases/1.0.0", out)
    assert list((tmp_path / "out").iterdir()) == []
    assert psutil.Process().children(recursive=True) == []


def test_a_killed_build_leaves_no_index_process_running(reader_archive: Path, tmp_path: Path) -> None:
    """SIGKILL of the build while its index's process waits for texts that never come (a
    FIFO): no ``finally`` runs, yet the process ends, as the pipe from its parent closes."""
    release, out, fifo, pid = (
        reader_archive / "releases/1.0.0",
        tmp_path / "out/x.db",
        tmp_path / "never.parquet",
        tmp_path / "pid",
    )
    os.mkfifo(fifo)
    run_killed(
        "import psutil\n"
        "from threadarchive.access import database\n"
        f"database._parts = lambda files, count: [(1, [(Path({str(fifo)!r}), [0])])]\n"
        "def insert(*args):\n"
        "    (child,) = psutil.Process().children()\n"
        f"    Path({str(pid)!r}).write_text(str(child.pid))\n"
        "    die()\n"
        "database._insert = insert\n"
        f"database.build_database(Path({str(release)!r}), Path({str(out)!r}))"
    )
    child = int(pid.read_text())
    for _ in range(600):  # it ends within moments; a minute before it counts as left running
        if ended(child):
            break
        time.sleep(0.1)
    else:
        psutil.Process(child).kill()
        pytest.fail("the index's process outlived the build killed")
    assert not out.exists()


def ended(pid: int) -> bool:
    """Whether the process ``pid`` ended (gone, or a zombie nobody reaped yet)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_the_full_text_index_built_beside_is_whole_and_answers_as_one_built_in_place(
    built: dbmod.DatabaseResult,
) -> None:
    """The index is built in a file of its own and its tables copied in: FTS5's own check
    finds it consistent with the tweets, and it answers highlight() as well as MATCH."""
    with sqlite3.connect(built.path) as db:
        db.execute(f"INSERT INTO {dbmod.FTS_TABLE}({dbmod.FTS_TABLE}) VALUES ('integrity-check')")
        config = db.execute(f"SELECT k FROM {dbmod.FTS_TABLE}_config").fetchall()
        marked = db.execute(
            f"SELECT highlight({dbmod.FTS_TABLE}, 0, '[', ']') FROM {dbmod.FTS_TABLE} WHERE {dbmod.FTS_TABLE} "
            "MATCH 'withdr' ORDER BY rowid"
        ).fetchall()
    assert config == [("version",)]  # the build's settings stay behind in the build
    assert marked and all("[withdr]" in text.lower() for (text,) in marked)
    assert list(built.path.parent.glob("fulltext*")) == []


def test_a_release_that_fails_its_manifest_is_refused(reader_archive: Path, tmp_path: Path) -> None:
    (reader_archive / "releases/1.0.0/data/threads.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(FixityError, match=r"data/threads\.parquet"):
        dbmod.build_database(reader_archive / "releases/1.0.0", tmp_path / "x.db")
    assert not (tmp_path / "x.db").exists()


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def test_cli_sqlite_and_datasette_answers_a_search(reader_archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "OUT.db"
    result = run(reader_archive, "sqlite", str(out))  # RELEASE defaults to latest
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"wrote release 1.0.0 to {out} (threads 2, tweets 15, captures 2, anomalies 0, withdrawals 0) and "
        f"{tmp_path / 'metadata.json'}; browse it with: datasette {out} -m {tmp_path / 'metadata.json'}\n"
    )
    as_json = run(reader_archive, "sqlite", "1.0.0", str(out), "--json")
    assert (
        json.loads(as_json.output) == dbmod.build_database(reader_archive / "releases/1.0.0", out).to_dict()
    )
    datasette = Path(sys.executable).parent / "datasette"
    answer = subprocess.run(
        [
            str(datasette),
            str(out),
            "-m",
            str(tmp_path / "metadata.json"),
            "--get",
            "/OUT/tweets.json?_search=Pokrovsk",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert answer.returncode == 0, answer.stderr
    found = json.loads(answer.stdout)
    assert found["filtered_table_rows_count"] == 7
    assert {row[0] for row in found["rows"]} == {SEED_THREAD}
    assert found["license"] == "CC-BY-4.0"


def test_datasettes_default_search_finds_word_prefixes_as_the_site_does(
    built: dbmod.DatabaseResult,
) -> None:
    """Datasette quotes each word of ``?_search=`` (no ``*``): the trigram index still
    finds "pokrov" in Pokrovsk, in the 7 tweets the site's search finds."""
    from datasette.utils import escape_fts

    with connect(built.path) as db:
        count = "SELECT count(*) FROM tweets_fts WHERE tweets_fts MATCH ?"
        found = {word: db.execute(count, [escape_fts(word)]).fetchone()[0] for word in ("pokrov", "POKROV")}
        both = db.execute(count, [escape_fts("pokrov withdr")]).fetchone()[0]
    assert found == {"pokrov": 7, "POKROV": 7}
    assert both == 1  # each word a prefix, every word in the tweet: tweet 9
    datasette = Path(sys.executable).parent / "datasette"
    answer = subprocess.run(
        [
            str(datasette),
            str(built.path),
            "--get",
            f"/{built.path.stem}/tweets.json?_search=pokrov&_shape=array",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert answer.returncode == 0, answer.stderr
    assert len(json.loads(answer.stdout)) == 7


def test_cli_sqlite_usage_errors_exit_2(reader_archive: Path, tmp_path: Path) -> None:
    result = run(reader_archive, "sqlite", "1.0.0", "a.db", "b.db")
    assert result.exit_code == 2
    assert "Error: expected [RELEASE] OUT.db, found 3 arguments" in result.output
    folder = run(reader_archive, "sqlite", str(tmp_path))
    assert folder.exit_code == 2
    assert folder.stderr == f"Error: {tmp_path}: expected a database file to write, found a folder\n"


def test_release_sqlite_writes_the_database_under_dist(reader_archive: Path, tmp_path: Path) -> None:
    from threadarchive.archive.ingest import Source
    from threadarchive.archive.store import Store

    from .conftest import write_capture

    ingest(Store(reader_archive), [Source(write_capture(tmp_path / "one.txt", ["Only one tweet 1/"]))])
    result = run(reader_archive, "release", "--bump", "minor", "--date", "2026-11-26", "--sqlite", "-q")
    assert result.exit_code == 0, result.output
    db = reader_archive / "dist/test-archive-data-1.1.0.db"
    with connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM tweets").fetchone() == (16,)
    metadata = json.loads((reader_archive / "dist/metadata.json").read_text())
    assert list(metadata["databases"]) == ["test-archive-data-1.1.0"]
