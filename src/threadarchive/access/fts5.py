"""FTS5 indexes built in parts, joined into one by copying their segments.

An FTS5 index is its shadow tables: ``%_data`` (the averages record at ``id`` 1, the
structure record at ``id`` 10, and every page of every segment, at ``id``
``segid << 37 | dlidx << 36 | height << 31 | page``) and ``%_idx`` (``segid``, the
first term of each leaf page, the page). Segments never refer to one another: a
segment holds the postings of its rows, with their ``rowid``s, and the structure
record lists the segments of each level. So indexes of disjoint ``rowid``s, each built
by a process of its own (``fulltext.IndexProcess``), are one index once their segments
are in the same tables under distinct ``segid``s, the structure records' levels joined
and the averages (rows, then tokens of each column) added; this is what FTS5 itself
would hold had it written those segments one after the other without merging them
(``automerge=0``), and its ``integrity-check`` says so.

Only the structure record FTS5 writes without ``secure-delete`` is read (a 4-byte
cookie; varints: levels, segments, write counter; each level's merge state and
segments, each ``segid``, first and last page): a record this cannot write back to the
same bytes, a level in the middle of a merge, or a special row other than 1 and 10
(tombstones, say) is refused (``NotJoined``), never guessed at: the database then has
FTS5 build its index itself (``rebuild``), slower but from FTS5's own code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3


class NotJoined(RuntimeError):
    """Parts this module does not join as FTS5 would have written them."""


AVERAGES = 1  # the id of the averages record in %_data
STRUCTURE = 10  # the id of the structure record
SEGMENT_SHIFT = 37  # a segment page's id is its segid shifted by this, plus the page's place
MAX_SEGMENT = 2000  # FTS5_MAX_SEGMENT: the most segments an index may have
V2 = b"\xff\x00\x00\x01"  # the mark of the structure record written with secure-delete


def get_varint(data: bytes, at: int) -> tuple[int, int]:
    """The varint at ``at`` in ``data`` (SQLite's: big-endian 7-bit groups, at most 9
    bytes), and the offset after it."""
    value = 0
    for n in range(8):
        byte = data[at + n]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + n + 1
    return (value << 8) | data[at + 8], at + 9


def put_varint(value: int) -> bytes:
    """``value`` as SQLite writes it.

    Parameters
    ----------
    value: 0 to 2**56 - 1 (an FTS5 record's numbers are far below).

    Raises
    ------
    ValueError: ``value`` is out of that range.
    """
    if not 0 <= value < 1 << 56:
        raise ValueError(f"expected a varint of at most 56 bits, found {value}")
    groups = [value & 0x7F]
    value >>= 7
    while value:
        groups.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(groups))


@dataclass
class Structure:
    """An FTS5 structure record: its cookie, write counter, and the segments of each
    level as (segid, first page, last page)."""

    cookie: bytes
    writes: int
    levels: list[list[tuple[int, int, int]]] = field(default_factory=list)

    @classmethod
    def read(cls, data: bytes) -> Structure:
        """The structure record ``data`` (the block of ``%_data`` at ``id`` 10).

        Raises
        ------
        NotJoined: a record written with secure-delete, a level being merged, or a record
            this does not write back to the same bytes.
        """
        if len(data) < 4 or data[4:8] == V2:
            raise NotJoined("expected an FTS5 structure record without secure-delete, found another")
        levels_count, at = get_varint(data, 4)
        segments, at = get_varint(data, at)
        writes, at = get_varint(data, at)
        structure = cls(data[:4], writes)
        for _ in range(levels_count):
            merging, at = get_varint(data, at)
            count, at = get_varint(data, at)
            level = []
            for _ in range(count):
                segid, at = get_varint(data, at)
                first, at = get_varint(data, at)
                last, at = get_varint(data, at)
                level.append((segid, first, last))
            if merging:
                raise NotJoined("expected FTS5 segments at rest, found a level being merged")
            structure.levels.append(level)
        if structure.segments() != segments or structure.write() != data:
            raise NotJoined(
                "expected an FTS5 structure record as this version of SQLite writes, found another"
            )
        return structure

    def segments(self) -> int:
        return sum(len(level) for level in self.levels)

    def segids(self) -> list[int]:
        return [segid for level in self.levels for segid, _, _ in level]

    def write(self) -> bytes:
        record = [
            self.cookie,
            put_varint(len(self.levels)),
            put_varint(self.segments()),
            put_varint(self.writes),
        ]
        for level in self.levels:
            record += [put_varint(0), put_varint(len(level))]
            record += [put_varint(part) for segment in level for part in segment]
        return b"".join(record)


def join_structures(structures: list[Structure], offsets: list[int]) -> Structure:
    """One structure of the segments of ``structures``, each one's ``segid``s moved by its
    offset: level by level, in the order given (the first's cookie)."""
    joined = Structure(structures[0].cookie, sum(s.writes for s in structures))
    for structure, offset in zip(structures, offsets, strict=True):
        for number, level in enumerate(structure.levels):
            if number == len(joined.levels):
                joined.levels.append([])
            joined.levels[number] += [(segid + offset, first, last) for segid, first, last in level]
    if joined.segments() > MAX_SEGMENT:
        raise NotJoined(f"expected at most {MAX_SEGMENT} FTS5 segments, found {joined.segments()}")
    return joined


def join_averages(records: list[bytes]) -> bytes:
    """The averages record of indexes joined: their varints (rows, then each column's
    tokens) added. An empty record is an index nothing was ever inserted into (a part of
    row groups without rows): FTS5 writes the record at the first insert, and adds nothing."""
    totals: list[int] = []
    for record in records:
        if not record:
            continue
        values, at = [], 0
        while at < len(record):
            value, at = get_varint(record, at)
            values.append(value)
        if totals and len(values) != len(totals):
            raise NotJoined("expected FTS5 averages of the same columns, found others")
        totals = [a + b for a, b in zip(totals, values, strict=True)] if totals else values
    return b"".join(put_varint(v) for v in totals)


def copy_parts(connection: sqlite3.Connection, table: str, parts: list[str]) -> None:
    """Fill the (empty) shadow tables of the FTS5 table ``table`` in ``connection``'s main
    database with the indexes of the same declaration in the attached databases
    ``parts``, whose ``rowid``s are disjoint, as one index (in a transaction the caller
    holds).

    Parameters
    ----------
    connection: the database, with the table created and the parts attached.
    table: the FTS5 table's name, in the main database and in each part.
    parts: the schema names of the attached parts, in the order of their ``rowid``s.

    Raises
    ------
    NotJoined: a part holds records other than its averages, structure and segments,
        or a structure record this does not understand (``Structure.read``), or the parts
        have more segments together than FTS5 allows.
    """
    data, idx = f"[{table}_data]", f"[{table}_idx]"
    structures, averages = [], []
    for schema in parts:
        rows = dict(
            connection.execute(f"SELECT id, block FROM [{schema}].{data} WHERE id < ?", (1 << SEGMENT_SHIFT,))
        )
        if set(rows) != {AVERAGES, STRUCTURE}:
            raise NotJoined(f"expected the FTS5 records {AVERAGES} and {STRUCTURE}, found {sorted(rows)}")
        structures.append(Structure.read(rows[STRUCTURE]))
        averages.append(rows[AVERAGES])
    offsets, taken = [], 0
    for structure in structures:
        offsets.append(taken)
        taken += max(structure.segids(), default=0)
    joined = join_structures(structures, offsets)
    connection.execute(f"DELETE FROM main.{data}")
    connection.execute(f"DELETE FROM main.{idx}")
    connection.executemany(
        f"INSERT INTO main.{data}(id, block) VALUES (?, ?)",
        [(AVERAGES, join_averages(averages)), (STRUCTURE, joined.write())],
    )
    for schema, offset in zip(parts, offsets, strict=True):
        connection.execute(
            f"INSERT INTO main.{data}(id, block) SELECT id + ?, block FROM [{schema}].{data} WHERE id >= ? ORDER BY id",
            (offset << SEGMENT_SHIFT, 1 << SEGMENT_SHIFT),
        )
        connection.execute(
            f"INSERT INTO main.{idx}(segid, term, pgno) SELECT segid + ?, term, pgno FROM [{schema}].{idx} "
            "ORDER BY segid, term",
            (offset,),
        )
