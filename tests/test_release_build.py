"""How a release is built: from the typed rows as they are validated (the tables' Parquet,
the ID-only Parquet, the card's facts), or, for a table frictionless checked, from the
release's own files; both give the same bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from threadarchive import contract
from threadarchive.archive.checks import validate
from threadarchive.contract.package import Resource
from threadarchive.contract.versions import Version
from threadarchive.release import fixity, parquet, variants
from threadarchive.release import publish as releases
from threadarchive.validation.schema import table as table_check
from threadarchive.validation.schema.rules import FieldRule, Unsupported

from .conftest import snapshot

DAY = dt.date(2026, 11, 25)


def _tweets(count: int) -> pa.Table:
    """Typed tweets whose texts are all different and long: several data pages a column."""
    schema = parquet.parquet_schema(contract.table("tweets").schema)
    columns = {
        "thread_id": ["t"] * count,
        "position": list(range(1, count + 1)),
        "marker": [None] * count,
        "text": [f"{i:06d} " + "abcdefghij" * 70 for i in range(count)],
        "tweet_id": [str(10**17 + i) for i in range(count)],
        "created_at": [dt.datetime(2025, 11, 5, tzinfo=dt.UTC)] * count,
        "lang": ["en"] * count,
        "text_capture": [None] * count,
    }
    return pa.table(columns, schema=schema)


def _write(path: Path, rows: pa.Table, batch_rows: int, *, whole_groups: bool) -> bytes:
    writer = parquet.ParquetTable(path, contract.table("tweets").schema, whole_groups=whole_groups)
    for batch in rows.to_batches(max_chunksize=batch_rows):
        writer.write(pa.Table.from_batches([batch]))
    assert writer.close() == rows.num_rows
    return path.read_bytes()


def test_whole_row_groups_make_parquet_bytes_independent_of_the_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parquet, "ROW_GROUP_ROWS", 2000)
    rows = _tweets(4000)
    whole = _write(tmp_path / "a.parquet", rows, 2000, whole_groups=True)
    assert _write(tmp_path / "b.parquet", rows, 333, whole_groups=True) == whole
    assert pq.read_table(tmp_path / "b.parquet").equals(rows)
    # what whole_groups is for: pages end elsewhere when row groups come in other chunks
    assert _write(tmp_path / "c.parquet", rows, 333, whole_groups=False) != whole


def _frictionless_for_tweets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast engine declines the tweets table, as it does a schema it does not cover:
    frictionless checks it, and no typed rows of it reach the release."""
    rules_of = table_check.rules_of

    def declining(resource: Resource) -> list[FieldRule]:
        if resource.name == "tweets":
            raise Unsupported("a table declined for the test")
        return rules_of(resource)

    monkeypatch.setattr(table_check, "rules_of", declining)


def test_a_release_built_from_its_files_has_the_bytes_of_one_built_while_validating(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # several row groups in each table's Parquet and its ID-only Parquet
    monkeypatch.setattr(parquet, "ROW_GROUP_ROWS", 4)
    monkeypatch.setattr(variants, "ROW_GROUP_ROWS", 4)
    streamed = tmp_path / "streamed"
    streamed.mkdir()
    rows = releases.build(reader_archive, Version(1, 1, 0), DAY, streamed)
    assert pq.ParquetFile(streamed / "ids/data/tweets.parquet").metadata.num_row_groups > 1

    _frictionless_for_tweets(monkeypatch)
    assert "frictionless" in validate(reader_archive, sink=lambda resource, batch: None).stats["engine"]
    from_files = tmp_path / "from-files"
    from_files.mkdir()
    assert releases.build(reader_archive, Version(1, 1, 0), DAY, from_files) == rows
    # the tweets' Parquet and ID-only Parquet, and the card's facts, read back from the files
    assert snapshot(from_files) == snapshot(streamed)
    assert fixity.verify(streamed).errors == []


def test_the_card_s_facts_gathered_while_validating_are_those_of_the_files(
    reader_archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "release"
    out.mkdir()
    releases.build(reader_archive, Version(1, 1, 0), DAY, out)
    gathered = releases._Gathered()
    for name in ("threads", "tweets"):
        for batch in pq.read_table(out / contract.table(name).path("parquet")).to_batches(max_chunksize=2):
            gathered.add(name, pa.Table.from_batches([batch]))
    facts = releases._facts(out)
    assert gathered.facts() == facts
    assert facts.languages == ["en", "uk"]
    assert len(facts.without_ids) == 1  # the hostile thread: one of its tweets has no ID


def test_the_id_only_parquet_fed_while_validating_is_written_in_whole_row_groups(
    reader_archive: Path, tmp_path: Path
) -> None:
    """As a row group read back from the release's Parquet is one chunk (the fallback's
    input): the same bytes whichever way the variant is written, at any size."""
    from threadarchive.contract.package import load_package

    writers = variants.ids_parquet(tmp_path, load_package(reader_archive))
    assert sorted(writers) == sorted(t.name for t in contract.tables() if t.ids)
    assert all(writer.whole_groups for writer in writers.values())
    for writer in writers.values():
        writer.close()
