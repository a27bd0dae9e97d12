"""The full-text index built in parts by processes of their own, and joined into one."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from threadarchive.access import database as dbmod
from threadarchive.access import fts5

WORDS = ("Pokrovsk", "drones", "logistics", "Київ", "café", "naïve", "infiltration", "the", "of", "ПОКРОВСЬК")
QUERIES = ('"pokrov"', '"київ"', '"café" "naïve"', '"infiltr"', '"DRONES"', '"the"', '"покровськ"', '"zzz"')


def texts(count: int) -> list[str]:
    """``count`` texts of a few of ``WORDS`` each, all different."""
    return [
        " ".join(WORDS[(i * k + k) % len(WORDS)] for k in range(1, 2 + i % 5)) + f" #{i}"
        for i in range(count)
    ]


def release_parquet(path: Path, values: list[str], group: int) -> Path:
    pq.write_table(pa.table({"text": values}), path, row_group_size=group)
    return path


@contextlib.contextmanager
def tweets_and_parts(
    folder: Path, values: list[str], parts: list[tuple[int, list[tuple[Path, list[int]]]]]
) -> Iterator[tuple[sqlite3.Connection, list[dbmod._FullText]]]:
    """A database ``x.db`` in ``folder`` of a tweets table of ``values``, and the parts of
    its index (``dbmod._parts``) being built, each by its process into a file of ``folder``."""
    with contextlib.closing(sqlite3.connect(folder / "x.db", isolation_level=None)) as connection:
        connection.execute("CREATE TABLE tweets ([text] TEXT)")
        connection.executemany("INSERT INTO tweets(rowid, [text]) VALUES (?, ?)", enumerate(values, 1))
        with contextlib.ExitStack() as stack:
            yield (
                connection,
                [
                    stack.enter_context(dbmod._FullText(folder / f"part{n}.db", sources, first))
                    for n, (first, sources) in enumerate(parts)
                ],
            )


@pytest.mark.parametrize("value", [0, 1, 127, 128, 16383, 16384, 1 << 35, (1 << 56) - 1])
def test_a_varint_reads_back_as_written(value: int) -> None:
    written = fts5.put_varint(value)
    assert fts5.get_varint(b"\x00" + written + b"\x00", 1) == (value, 1 + len(written))


def test_parts_are_runs_of_row_groups_of_about_as_many_rows(tmp_path: Path) -> None:
    first = release_parquet(tmp_path / "a.parquet", texts(30), 10)  # 3 groups
    second = release_parquet(tmp_path / "b.parquet", texts(25), 10)  # 10, 10, 5
    parts = dbmod._parts([first, second], 2)
    assert parts == [(1, [(first, [0, 1, 2])]), (31, [(second, [0, 1, 2])])]
    assert dbmod._parts([first], 2) == [(1, [(first, [0, 1])]), (21, [(first, [2])])]
    single = release_parquet(tmp_path / "c.parquet", texts(5), 10)
    assert dbmod._parts([single], 2) == [(1, [(single, [0])])]


def test_an_index_built_in_parts_answers_as_one_built_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts of several segments each (a tiny hash), built by their processes and joined:
    FTS5's own check finds the index consistent with the rows, and every query finds the
    rows an index built whole by FTS5 finds."""
    monkeypatch.setattr(dbmod, "FTS_BUILD", (("hashsize", 1024), ("automerge", 0)))
    values = texts(400)
    source = release_parquet(tmp_path / "tweets.parquet", values, 50)
    parts = dbmod._parts([source], dbmod.FTS_PARTS)
    assert len(parts) == 2
    with tweets_and_parts(tmp_path, values, parts) as (connection, built):
        structures = []
        for part in built:
            part.finish()
            with contextlib.closing(sqlite3.connect(part.path)) as db:
                (record,) = db.execute(f"SELECT block FROM {dbmod.FTS_TABLE}_data WHERE id = 10").fetchone()
            structures.append(fts5.Structure.read(record))
        assert all(s.segments() > 1 for s in structures)  # the join of several segments is tested
        dbmod._move_index(connection, built, len(values))
        connection.execute(f"INSERT INTO {dbmod.FTS_TABLE}({dbmod.FTS_TABLE}) VALUES ('integrity-check')")
        (record,) = connection.execute(f"SELECT block FROM {dbmod.FTS_TABLE}_data WHERE id = 10").fetchone()
        assert fts5.Structure.read(record).segments() == sum(s.segments() for s in structures)
        connection.execute(
            "CREATE VIRTUAL TABLE whole USING FTS5 ([text], content=[tweets], tokenize='trigram')"
        )
        connection.execute("INSERT INTO whole(whole) VALUES ('rebuild')")
        for query in QUERIES:
            joined = connection.execute(
                f"SELECT rowid FROM {dbmod.FTS_TABLE} WHERE {dbmod.FTS_TABLE} MATCH ? ORDER BY rowid",
                (query,),
            ).fetchall()
            whole = connection.execute("SELECT rowid FROM whole WHERE whole MATCH ? ORDER BY rowid", (query,))
            assert joined == whole.fetchall(), query
        (found,) = connection.execute(f"SELECT count(*) FROM {dbmod.FTS_TABLE}('\"pokrov\"')").fetchone()
        assert found == sum("pokrov" in v.lower() for v in values) > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tweets.parquet", "x.db"]


@pytest.mark.parametrize(
    "record",
    [
        b"\x00\x00\x00\x02" + fts5.V2 + b"\x01\x01\x00\x00\x01\x01\x01\x05",  # written with secure-delete
        b"\x00\x00\x00\x02\x01\x01\x00\x01\x01\x01\x01\x05",  # a level being merged
        b"\x00\x00\x00\x02\x01\x02\x00\x00\x01\x01\x01\x05",  # two segments said, one listed
        b"\x00\x00\x00\x02\x01\x01\x00\x00\x01\x01\x01\x05\x07",  # bytes after the last level
    ],
    ids=["secure-delete", "merging", "count", "trailing"],
)
def test_a_structure_record_not_understood_is_refused(record: bytes) -> None:
    with pytest.raises(RuntimeError, match="expected"):
        fts5.Structure.read(record)


def test_a_structure_record_reads_back_to_its_bytes() -> None:
    record = b"\x00\x00\x00\x02\x01\x02\x00\x00\x02\x01\x01\x81\x81\x35\x02\x01\xe7\x27"
    structure = fts5.Structure.read(record)
    assert structure.levels == [[(1, 1, 16565), (2, 1, 13223)]]
    joined = fts5.join_structures([structure, structure], [0, 2])
    assert joined.levels == [[(1, 1, 16565), (2, 1, 13223), (3, 1, 16565), (4, 1, 13223)]]
    assert fts5.Structure.read(joined.write()) == joined
