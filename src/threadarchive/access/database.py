"""A release as a SQLite database for Datasette, sqlite3 and anything that reads SQLite.

``build_database(release, out)`` writes, with sqlite-utils:

- one table per table of the release, typed from its Table Schema (string, date and
  datetime as TEXT in ISO 8601, integer as INTEGER, number as REAL, boolean as
  INTEGER), STRICT where SQLite supports it (but for a table whose key may be
  empty, which STRICT refuses), with the schema's primary key, its
  required columns NOT NULL and its foreign keys;
- ``tweets_fts``, an FTS5 full-text index of ``tweets.text`` with the trigram tokenizer
  (SQLite 3.34 or later, in any script, case-insensitive), which Datasette finds by itself
  (``/db/tweets?_search=word``) and SQL reaches with ``MATCH``. Trigrams match any run of
  three or more characters, so Datasette's default search, which quotes each word of the
  query (``escape_fts``: ``pokrov`` becomes ``"pokrov"``, never ``pokrov*``), finds the word
  prefixes the site finds (Pokrovsk); it finds what the site would not, too (``krovsk``
  inside Pokrovsk), and a word of one or two characters finds nothing (use ``LIKE``
  there). unicode61 words, even with ``prefix='2 3 4'`` indexes, would be found by that
  query only whole: a prefix index serves ``pokrov*`` alone, and Datasette never adds the
  ``*``. The trigram index needs ``detail=full`` (phrases of trigrams); ``detail=none`` or
  ``column`` refuse the query;
- the view ``thread_texts``: each thread's tweets joined in position order, with a
  blank line between them, beside its author and date;
- ``metadata.json`` beside the database, for ``datasette OUT.db -m metadata.json``:
  the release's title, description, license and source, and every table's and
  column's description from the schemas. Entries it holds for other databases in
  that folder are kept, so one metadata.json serves every release's database there.

Rows are streamed from the release's verified Parquet files batch by batch into a
staging folder beside ``out``, each batch inserted with one ``executemany`` of tuples
made from its Arrow columns, all in one transaction with the journal off (nothing reads
the file until it is renamed into place). The full-text index, more work than the rows,
is built at the same time in two parts, each by a process of its own
(``fulltext.IndexProcess``) into a file of its own, from the texts it reads itself from
the verified Parquet files: the first half of the tweets' row groups, and the second
(``_parts``), numbered as the rows are. Processes, not threads: each binds Python
values, and threads of one process take turns at Python's lock (with one index thread
beside the rows' a build used about 1.25 of two cores). Each part holds 64 MB of
postings a segment and merges none; their segments are then copied into the database's
index as one (``fts5.copy_parts``: FTS5 keeps an index in its shadow tables and nowhere
else, segments refer to no other, and the structure record lists them; SQLite offers no
way to join two indexes, hence that module). Parts it cannot join as FTS5 would have
written them (a SQLite of another FTS5 record format) are dropped, and FTS5 builds the
index itself from the tweets (``rebuild``: correct, three times slower). The pages are
16 KB and the index keeps no per-row token counts (``columnsize=0``: only bm25 ranking
reads them, and Datasette does not rank). Measured at 1,001,000 synthetic tweets (CPU
time): 41 s with the index built afterwards by FTS5's ``rebuild`` (33 s of it); 21.5 to
22 s with it built by one thread beside the rows, which took 18 to 20 s of wall time on
two idle cores (the index's thread 12.6 s, the rows' 7.7 s); now 22 to 24 s of CPU
(the rows' process 7.6 to 8.2 s, the two parts 13.7 to 14.8 s together), which the
three processes share on two cores: about 11 s, plus the copy of the index (0.5 s),
when nothing else runs; measured, 13.1 to 16.8 s with other work holding a load of 1.5
to 2, where the code before took 18.7 to 19.2 s (BENCHMARKS.md, "Readers").
Memory stays bounded (a few batches of rows; each part's three batches of texts and
64 MB of postings: at 1M tweets about 1 GB for the three processes together, where the
one process of before peaked at 700 MB) and a failure leaves no half-written database:
an error in a part's process is raised as if it had been the rows', and an error in the
build, or its kill, ends the parts' processes; a full disk, which SQLite reports as an
``OperationalError`` like a bad query, is a StorageError naming ``out``, as is a part's
process killed (a signal: someone's SIGTERM, the OOM killer). A run killed
mid-build leaves the folder, which the next build of ``out`` removes. An existing
``out`` is replaced only if it is a database threadarchive wrote (its marker table):
anything else there is someone's. The same release gives the same bytes (not those of
a database written before the index came in parts: its segments are cut elsewhere).

Why a view and not group_concat(... ORDER BY position): that syntax needs SQLite
3.44, and a view is parsed by whatever SQLite opens the file; the view orders the
tweets in a subquery, which SQLite's group_concat follows.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive.access import fts5
from threadarchive.access.fulltext import IndexProcess, ProcessEnded, not_text
from threadarchive.access.verified import VerifiedRelease, open_verified
from threadarchive.contract.package import read_json
from threadarchive.errors import ConflictError, InputError, PackageError, StorageError
from threadarchive.files.fsutil import TEMPFILE_RANDOM, atomic_write, require_regular, staging, storage

if TYPE_CHECKING:
    import sqlite3

    import pyarrow as pa

METADATA = "metadata.json"
SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database
# The table that marks a database as threadarchive's: the release it holds. Only a
# database carrying it is replaced; any other SQLite database is someone's own.
MARKER = "_threadarchive"
FTS_TABLE = "tweets_fts"
# The trigram tokenizer (SQLite 3.34+) matches any run of three or more characters
# inside a word, in any case: Datasette's default search, which quotes each word of
# the query ("pokrov"), then finds Pokrovsk, as the site's prefix search does.
# columnsize=0: no table of each row's token count (``_docsize``), which only ``rank``
# (bm25) reads, and then tokenizes the row's text instead; Datasette never ranks. It
# saved about 1.5 s of the index's CPU at 1M tweets (of 14), and 11 MB.
FTS_SQL = f"CREATE VIRTUAL TABLE [{FTS_TABLE}] USING FTS5 ([text], content=[tweets], tokenize='trigram', columnsize=0)"
FTS_FILE = "fulltext{}.db"  # each part of the index while it is built, in the staging folder
FTS_PARTS = 2  # parts of the index, each built by a process of its own
# While the index is built: 64 MB of postings held before a segment is written (FTS5's
# default, 1 MB, writes 64 times as many segments and merges them: 16.8 s of CPU for the
# index of 1M synthetic tweets, 12.1 s with these), and no merging. Datasette's search
# of the first 101 of the 500,000 tweets holding "pokrov" took 0.4 to 1.3 s with either
# index, merged or not (a loaded machine): each match collects every rowid first.
FTS_BUILD = (("hashsize", 64 << 20), ("automerge", 0))
FTS_PRAGMAS = ("cache_size = -8192",)  # the index's, after PRAGMAS: its segments are written once, 8 MB
# Texts a batch of the index's process: it holds three (one indexed, one waiting, one
# read). At 1M tweets a process peaked at 280 MB with 10,000, 470 MB with 50,000, alike in CPU.
FTS_BATCH = 10_000
# A file nothing reads until it is renamed into place: no journal, no syncs, one
# writer, and a page cache large enough for the keys' indexes (64 MB). Pages of 16 KB,
# not 4 KB: at 1M tweets 1.5 to 2 s less CPU (fewer pages to fill, split and copy),
# alike from 16 to 64 KB.
PRAGMAS = (
    "page_size = 16384",
    "journal_mode = OFF",
    "synchronous = OFF",
    "locking_mode = EXCLUSIVE",
    "cache_size = -65536",
    "temp_store = FILE",
)
INSERT_BATCH = 50_000  # rows a batch of inserts: a few MB of text, one executemany
VIEW = "thread_texts"
# The Python type sqlite-utils makes each Table Schema type into a column of.
COLUMN_TYPES: dict[str, type] = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": int,
    "date": str,
    "datetime": str,
    "year": int,
}
VIEW_SQL = """
SELECT threads.thread_id, threads.author_name, threads.published_date, joined.tweets, joined.text
FROM (
  SELECT thread_id, count(*) AS tweets, group_concat(text, char(10) || char(10)) AS text
  FROM (SELECT thread_id, text FROM tweets ORDER BY thread_id, position)
  GROUP BY thread_id
) AS joined
JOIN threads ON threads.thread_id = joined.thread_id
ORDER BY threads.thread_id
"""
Progress = Callable[[int], None]


@dataclass(frozen=True)
class DatabaseResult:
    """What ``build_database`` wrote."""

    path: Path
    metadata: Path
    version: str
    rows: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "metadata": str(self.metadata),
            "version": self.version,
            "rows": self.rows,
        }


def build_database(release: Path, out: Path, *, progress: Progress | None = None) -> DatabaseResult:
    """Write the release folder ``release`` as the SQLite database ``out``, and its
    Datasette ``metadata.json`` beside it.

    Parameters
    ----------
    release: a release folder (verified before anything is read).
    out: the database file; an existing one is replaced only if threadarchive wrote it (its marker
        table), else refused.
    progress: called with the number of rows written since the last call.

    Raises
    ------
    FixityError: the release fails its manifests.
    PackageError: the release lacks its tables, or a table's schema.
    InputError: ``out`` is a folder, or metadata.json beside it is not Datasette metadata.
    ConflictError: ``out`` exists and is not a database threadarchive wrote (a text, a link,
        someone's own SQLite database).
    """
    source = open_verified(release)
    _check_target(out)
    metadata_path = out.parent / METADATA
    _other_databases(metadata_path, out.stem)  # someone's metadata.json is refused before the build
    rows: dict[str, int] = {}
    with staging(out, "write the database") as folder:
        _remove_old_temporaries(out)
        temporary = folder / out.name
        with _sqlite_storage(out):  # a full disk is named as the file asked for, not the staged one
            _write(source, temporary, rows, progress)
        _check_target(out)  # again: something may have been put there while it was built
        with storage(out, "move the database into place"):
            os.replace(temporary, out)
    metadata = datasette_metadata(source, out.stem)
    # read again: another run into this folder may have written its entry while this one
    # built (read before, to refuse someone's file before the build; written from the
    # first read, the entry of a run that ended meanwhile was dropped)
    others = _other_databases(metadata_path, out.stem)
    metadata["databases"] = {**others, **metadata["databases"]}
    metadata["databases"] = dict(sorted(metadata["databases"].items()))
    atomic_write(metadata_path, (json.dumps(metadata, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return DatabaseResult(out, metadata_path, source.version, rows)


def _check_target(out: Path) -> None:
    """Refuse ``out`` unless it is new or a SQLite database, the one kind of file this
    replaces: a text, a link or a folder of that name is someone's, left untouched."""
    if out.is_dir():
        raise InputError(f"{out}: expected a database file to write, found a folder")
    if not os.path.lexists(out):
        return
    if out.is_symlink():
        found = "a link"
    else:
        require_regular(out)  # a FIFO would block the read below for ever
        with storage(out, "read the file"), out.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
        if header != SQLITE_HEADER:
            found = "a file that is not a SQLite database"
        elif not _marked(out):
            found = f"a SQLite database threadarchive did not write (no table {MARKER})"
        else:
            found = ""
    if found:
        raise ConflictError(
            f"{out}: expected a new file or a database threadarchive wrote, to replace, found {found}; "
            "move it, or write to another file",
            path=out,
        )


def _marked(out: Path) -> bool:
    """Whether the SQLite database ``out`` carries threadarchive's marker table (read only)."""
    import sqlite3

    try:
        with contextlib.closing(sqlite3.connect(f"{out.resolve().as_uri()}?mode=ro", uri=True)) as db:
            found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MARKER,))
            return found.fetchone() is not None
    except sqlite3.Error:
        return False  # damaged or locked: not one to replace


def _remove_old_temporaries(out: Path) -> None:
    """Remove the ``.<name>.XXXXXXXX.tmp`` databases that threadarchive before staging
    folders wrote beside ``out`` and left when killed: mkstemp's names, holding a
    SQLite database or nothing (killed before its first page); nothing else is touched."""
    pattern = re.compile(re.escape(f".{out.name}.") + TEMPFILE_RANDOM + re.escape(".tmp"))
    for path in out.parent.iterdir():
        if not pattern.fullmatch(path.name) or path.is_symlink() or not path.is_file():
            continue
        with storage(path, "read the file"), path.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
        if header in (b"", SQLITE_HEADER):
            with storage(path, "remove the file"):
                path.unlink(missing_ok=True)


def _write(release: VerifiedRelease, path: Path, rows: dict[str, int], progress: Progress | None) -> None:
    import sqlite3

    import sqlite_utils

    tables = release.tables()
    if "threads" not in tables or "tweets" not in tables:
        raise PackageError(f"{release.folder}: expected the tables threads and tweets, found {tables}")
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        _pragmas(connection)
        db = sqlite_utils.Database(connection)
        for table in tables:
            _create(db, table, release.schema(table), tables)
        rows.update(dict.fromkeys(tables, 0))  # reported in the release's order
        with _full_text(path.parent, release) as fulltext:
            connection.execute("BEGIN")
            # the tweets first, as when the index was built from the texts they handed it: the
            # same pages in the same order, so the same bytes as databases written then
            for table in sorted(tables, key=lambda name: name != "tweets"):
                rows[table] = _insert(connection, release, table, progress, fulltext)
            connection.execute("COMMIT")
            _move_index(connection, fulltext, rows["tweets"])
        connection.execute("BEGIN")
        connection.execute(f"CREATE VIEW {VIEW} AS {VIEW_SQL.strip()}")
        connection.execute(f"CREATE TABLE [{MARKER}] ([key] TEXT PRIMARY KEY, [value] TEXT)")
        connection.executemany(
            f"INSERT INTO [{MARKER}] VALUES (?, ?)",
            [("name", str(release.descriptor.get("name", ""))), ("version", release.version)],
        )
        connection.execute("COMMIT")
        connection.execute("PRAGMA journal_mode = DELETE")


def _pragmas(connection: sqlite3.Connection) -> None:
    for pragma in PRAGMAS:
        connection.execute(f"PRAGMA {pragma}")


@contextlib.contextmanager
def _sqlite_storage(path: Path) -> Iterator[None]:
    """Turn a failed write into StorageError naming ``path``: an OSError (its file named if
    it has one), SQLite's word for a full disk or a failed write (an
    ``sqlite3.OperationalError``, which says neither where nor that the data is fine), or
    an index's process that ended without its report (killed: ``ProcessEnded``)."""
    import sqlite3

    with storage(path, "write the database"):
        try:
            yield
        except ProcessEnded as exc:  # killed (by someone, or the OOM killer): no bug, no bad data
            raise StorageError(f"{path}: cannot write the database: {exc}", path=path) from None
        except sqlite3.OperationalError as exc:
            code = str(getattr(exc, "sqlite_errorname", ""))
            if not code.startswith(("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_READONLY")):
                raise
            raise StorageError(f"{path}: cannot write the database: {exc}", path=path) from None


class _FullText(IndexProcess):
    """Part of ``tweets_fts``, built in a file of its own (``path``) by a process of its
    own (``fulltext.IndexProcess``) from the texts of the tweets' Parquet files (``sources``:
    verified files and their row groups, in the order the rows are inserted, the first
    numbered ``first``), while the rows are inserted: SQLite writes one database from
    one connection at a time, and the index is more work than the rows."""

    def __init__(self, path: Path, sources: list[tuple[Path, list[int]]], first: int) -> None:
        setup: list[tuple[str, list[Any]]] = [(FTS_SQL, [])]
        setup += [
            (f"INSERT INTO [{FTS_TABLE}]([{FTS_TABLE}], rank) VALUES (?, ?)", [k, v]) for k, v in FTS_BUILD
        ]
        super().__init__(
            path,
            sources,
            first=first,
            column="text",
            pragmas=[*PRAGMAS, *FTS_PRAGMAS],
            setup=setup,
            insert=f"INSERT INTO [{FTS_TABLE}](rowid, [text]) VALUES (?, ?)",
            batch=FTS_BATCH,
        )


@contextlib.contextmanager
def _full_text(folder: Path, release: VerifiedRelease) -> Iterator[list[_FullText]]:
    """The processes building the parts of the index (``_parts``) into ``folder``: all
    killed, if still running, when the block is left."""
    with contextlib.ExitStack() as stack:
        parts = _parts(release.parquet_files("tweets"), FTS_PARTS)
        yield [
            stack.enter_context(_FullText(folder / FTS_FILE.format(number), sources, first))
            for number, (first, sources) in enumerate(parts)
        ]


def _parts(files: list[Path], count: int) -> list[tuple[int, list[tuple[Path, list[int]]]]]:
    """The row groups of the Parquet ``files`` in ``count`` runs (fewer if there are fewer
    groups) of about as many rows each, in order: each run's first ``rowid`` (from 1) and
    its files with their row groups."""
    import pyarrow.parquet as pq

    groups: list[tuple[Path, int, int]] = []
    for path in files:
        with pq.ParquetFile(path) as parquet:
            groups += [
                (path, g, parquet.metadata.row_group(g).num_rows) for g in range(parquet.num_row_groups)
            ]
    total = sum(rows for _, _, rows in groups)
    parts: list[tuple[int, list[tuple[Path, list[int]]]]] = []
    done = 0
    for path, group, rows in groups:
        # a new run when the rows before this group reach the next run's share
        if not parts or (done * count >= total * len(parts) and len(parts) < count):
            parts.append((done + 1, []))
        sources = parts[-1][1]
        if sources and sources[-1][0] == path:
            sources[-1][1].append(group)
        else:
            sources.append((path, [group]))
        done += rows
    return parts or [(1, [])]


def _move_index(connection: sqlite3.Connection, parts: list[_FullText], rows: int) -> None:
    """Create ``FTS_TABLE`` in ``connection``'s database and fill its (empty) shadow tables
    with the parts built, joined (``fts5.copy_parts``), but its configuration (FTS5's
    defaults, as a table made there would have); the parts' files are then removed.
    RuntimeError unless the parts hold ``rows`` tweets (their rowids would not be the tweets')."""
    indexed = sum(part.finish() for part in parts)
    if indexed != rows:
        raise RuntimeError(f"{parts[0].path}: expected an index of {rows} tweets, found {indexed}")
    schemas = [f"fulltext{number}" for number in range(len(parts))]
    for part, schema in zip(parts, schemas, strict=True):
        connection.execute(f"ATTACH DATABASE ? AS {schema}", (str(part.path),))
    connection.execute("BEGIN")
    connection.execute(FTS_SQL)
    try:
        fts5.copy_parts(connection, FTS_TABLE, schemas)
    except fts5.NotJoined:  # a SQLite whose FTS5 records this does not know: FTS5 builds it
        connection.execute("ROLLBACK")
        connection.execute("BEGIN")
        connection.execute(FTS_SQL)
        connection.execute(f"INSERT INTO [{FTS_TABLE}]([{FTS_TABLE}]) VALUES ('rebuild')")
    connection.execute("COMMIT")  # neither ATTACH nor DETACH runs inside a transaction
    for part, schema in zip(parts, schemas, strict=True):
        connection.execute(f"DETACH DATABASE {schema}")
        for path in (part.path, part.log_path):
            with storage(path, "remove the file"):
                path.unlink()


def _insert(
    connection: sqlite3.Connection,
    release: VerifiedRelease,
    table: str,
    progress: Progress | None,
    fulltext: list[_FullText],
) -> int:
    """Insert the rows of ``table``, batch by batch, as tuples made from the Arrow columns
    (one ``executemany`` a batch, no dict a row); the number of rows inserted. Between
    batches, ``fulltext``'s processes are asked whether one failed (its error raised here)."""
    names = [f["name"] for f in release.schema(table)["fields"]]
    statement = (
        f"INSERT INTO [{table}] ({', '.join(f'[{n}]' for n in names)}) VALUES ({', '.join('?' * len(names))})"
    )
    count = 0
    for batch in release.batches(table, batch_size=INSERT_BATCH):
        for part in fulltext:
            part.check()
        columns = [_python(_sqlite_column(batch.column(name)), release, table, name) for name in names]
        connection.executemany(statement, zip(*columns, strict=True))
        count += batch.num_rows
        if progress is not None:
            progress(batch.num_rows)
    return count


def _python(column: pa.Array, release: VerifiedRelease, table: str, name: str) -> list[Any]:
    """An Arrow column's Python values; PackageError for a string that is not UTF-8 (a
    Parquet file written by other means, its hashes declared anew: Arrow does not check)."""
    try:
        return list(column.to_pylist())
    except UnicodeDecodeError as exc:
        raise PackageError(not_text(release.folder, f"{table}.{name}", exc)) from None


def _create(db: Any, table: str, schema: dict[str, Any], tables: list[str]) -> None:
    fields = schema["fields"]
    columns = {f["name"]: COLUMN_TYPES.get(f.get("type", "string"), str) for f in fields}
    required = {f["name"] for f in fields if f.get("constraints", {}).get("required")}
    keys: list[Any] = []
    for key in schema.get("foreignKeys", []):
        reference = key.get("reference", {})
        other = reference.get("resource")
        if other not in tables:
            continue  # a table the release does not hold: no constraint to point at
        mine, theirs = _fields(key.get("fields")), _fields(reference.get("fields"))
        if len(mine) == 1:
            keys.append((mine[0], other, theirs[0]))
        else:
            keys.append((tuple(mine), other, tuple(theirs)))
    primary = _fields(schema.get("primaryKey", []))
    db.table(table).create(
        columns,
        pk=primary[0] if len(primary) == 1 else tuple(primary) if primary else None,
        not_null=required,
        foreign_keys=keys,
        # STRICT refuses NULL in a key column; a key the schema lets be empty (anomalies'
        # position) keeps SQLite's older rule, which allows it, and the column its affinity.
        strict=db.supports_strict and set(primary) <= required,
    )


def _fields(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value or []]


def _sqlite_column(column: pa.Array) -> pa.Array:
    """An Arrow column as SQLite stores it: dates and datetimes as ISO 8601 text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_date(column.type):
        return column.cast(pa.string())
    if pa.types.is_timestamp(column.type):
        seconds = column.cast(pa.timestamp("s", tz="UTC"), safe=False)
        return pc.strftime(seconds, format="%Y-%m-%dT%H:%M:%SZ")
    return column


def datasette_metadata(release: VerifiedRelease, database: str) -> dict[str, Any]:
    """Datasette's metadata for the release's database called ``database``."""
    descriptor = release.descriptor
    about: dict[str, Any] = {"title": f"{release.title}, release {release.version}"}
    if descriptor.get("description"):
        about["description"] = descriptor["description"]
    licenses = descriptor.get("licenses") or []
    if licenses and isinstance(licenses[0], dict):
        about["license"] = licenses[0].get("name") or licenses[0].get("title")
        if licenses[0].get("path"):
            about["license_url"] = licenses[0]["path"]
    sources = descriptor.get("sources") or []
    if sources and isinstance(sources[0], dict):
        about["source"] = sources[0].get("title") or sources[0].get("path")
        if sources[0].get("path"):
            about["source_url"] = sources[0]["path"]
    tables: dict[str, Any] = {}
    for table in release.tables():
        resource = release.resource(table, "csv")
        tables[table] = {
            "title": resource.get("title", table),
            "description": resource.get("description", ""),
            "columns": {f["name"]: f.get("description", "") for f in release.schema(table)["fields"]},
        }
    tables["tweets"]["fts_table"] = FTS_TABLE
    tables[FTS_TABLE] = {"hidden": True}
    tables[MARKER] = {"hidden": True}
    for suffix in ("_config", "_data", "_idx"):
        tables[FTS_TABLE + suffix] = {"hidden": True}
    return {**about, "databases": {database: {**about, "tables": tables}}}


def _other_databases(path: Path, database: str) -> dict[str, Any]:
    """The entries of the metadata.json at ``path`` for databases other than ``database``."""
    if not path.exists():
        return {}
    data = read_json(path, "Datasette metadata")  # a regular file, bounded in size and depth
    if not isinstance(data, dict) or not isinstance(data.get("databases"), dict):
        # another file of that name is someone's: never replaced
        raise InputError(
            f"{path}: expected Datasette metadata with its databases (as threadarchive writes it), "
            "found another JSON; move it, or write the database into another folder"
        )
    return {k: v for k, v in data.get("databases", {}).items() if k != database}
