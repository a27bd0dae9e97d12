"""Attacks on what landed on 2026-12-05 (round 4): each a fault that broke, kept as a test."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from threadarchive.access import database as dbmod


def test_the_index_processes_import_no_module_of_the_working_folder(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sqlite`` run in a folder holding a ``json.py`` (or a ``threadarchive/``): the
    index's processes import the installed modules, as the command itself does, not the
    folder's; ``python -c`` puts the working folder first on the path, so the child ran the
    folder's json.py before it set the parent's path."""
    work = tmp_path / "work"
    (work / "threadarchive").mkdir(parents=True)
    (work / "json.py").write_text("raise SystemExit('the working folder json.py')\n")
    (work / "threadarchive" / "__init__.py").write_text("raise SystemExit('the working folder package')\n")
    monkeypatch.chdir(work)
    out = tmp_path / "out/x.db"
    built = dbmod.build_database(reader_archive / "releases/1.0.0", out)
    with sqlite3.connect(built.path) as db:
        (found,) = db.execute("SELECT count(*) FROM tweets_fts WHERE tweets_fts MATCH 'pokrovsk'").fetchone()
    assert found == 7


def test_an_index_process_killed_by_a_signal_is_one_line_not_a_traceback(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index's process killed (SIGTERM from someone, the OOM killer's SIGKILL) while
    ``sqlite`` runs: one line saying so, exit 2, nothing written, not a traceback."""
    import signal
    import time

    import psutil
    from click.testing import CliRunner

    from threadarchive.cli import main

    original = dbmod._insert

    def insert(*args: object) -> int:
        for child in psutil.Process().children():
            child.send_signal(signal.SIGTERM)
            while child.status() != psutil.STATUS_ZOMBIE:
                time.sleep(0.01)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(dbmod, "_insert", insert)
    out = tmp_path / "out/x.db"
    result = CliRunner().invoke(main, ["sqlite", str(reader_archive / "releases/1.0.0"), str(out)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    message = result.output.strip()
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith(f"Error: {out}: ") and "signal 15" in message
    assert list((tmp_path / "out").iterdir()) == []
    assert psutil.Process().children(recursive=True) == []


def test_a_part_of_the_index_without_rows_is_joined_not_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row groups of no rows at the end of the tweets' files make a part of the index
    that nothing was inserted into (its averages record empty): the parts are joined, not
    refused as of other columns and rebuilt by FTS5 (correct, but three times as slow)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from threadarchive.access import fts5

    from .test_database_fts5 import tweets_and_parts

    assert fts5.join_averages([b"\x03\x0f", b""]) == fts5.join_averages([b"", b"\x03\x0f"]) == b"\x03\x0f"
    values = ["Pokrovsk drones", "logistics of Pokrovsk", "the café"]
    source = tmp_path / "tweets.parquet"
    with pq.ParquetWriter(source, pa.schema([("text", pa.string())])) as writer:
        writer.write_table(pa.table({"text": pa.array(values, pa.string())}))
        writer.write_table(pa.table({"text": pa.array([], pa.string())}))
    parts = dbmod._parts([source], dbmod.FTS_PARTS)
    assert [first for first, _ in parts] == [1, 4]  # the second part holds the group of no rows

    def refused(*args: object) -> None:
        raise AssertionError("the parts were not joined")

    original = fts5.copy_parts

    def copy(*args: object) -> None:
        try:
            original(*args)  # type: ignore[arg-type]
        except fts5.NotJoined:
            refused()

    monkeypatch.setattr(fts5, "copy_parts", copy)
    with tweets_and_parts(tmp_path, values, parts) as (connection, built):
        dbmod._move_index(connection, built, len(values))
        connection.execute(f"INSERT INTO {dbmod.FTS_TABLE}({dbmod.FTS_TABLE}) VALUES ('integrity-check')")
        found = connection.execute(
            f"SELECT rowid FROM {dbmod.FTS_TABLE} WHERE {dbmod.FTS_TABLE} MATCH 'pokrov' ORDER BY rowid"
        ).fetchall()
    assert found == [(1,), (2,)]


def test_faults_in_several_partition_files_and_row_groups_are_found_as_in_one_file(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """Faults in the first and last partition files, each rewritten in row groups of one
    row (a failing row in the last group): the failing rows' cells read again
    (``table.cells_sql``) are the ones of their rows, found as in a one-file release."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .test_partitioned import TWEET_FILES
    from .test_validate_partitioned import ONE_FILE, _copy, _found, _keys, _where, built, redeclare

    parts_src, one_src = built.__wrapped__(tmp_path_factory)  # type: ignore[attr-defined]
    partitioned, one = _copy(parts_src, tmp_path / "parts"), _copy(one_src, tmp_path / "one")
    first, last = TWEET_FILES[0], TWEET_FILES[-1]
    a, b = _keys(partitioned, first), _keys(partitioned, last)
    faults = {
        a[0]: ("position", 0),
        a[-1]: ("text", None),
        b[-1]: ("tweet_id", "x"),
        b[0]: ("thread_id", "nope"),
    }

    def rewrite(folder: Path, name: str) -> None:
        path = folder / name
        table = pq.read_table(path)
        rows = table.to_pylist()
        for row in rows:
            if (row["thread_id"], row["position"]) in faults:
                column, value = faults[row["thread_id"], row["position"]]
                row[column] = value
        nullable = pa.schema([f.with_nullable(True) for f in table.schema])
        pq.write_table(pa.Table.from_pylist(rows, schema=nullable), path, row_group_size=1)
        redeclare(folder, name)

    for name in (first, last):
        rewrite(partitioned, name)
    rewrite(one, ONE_FILE)
    where = _where(parts_src, one_src)

    def moved(finding: dict[str, object]) -> dict[str, object]:
        key = (finding.get("path"), finding.get("row"))
        if key not in where:
            return finding
        path, row = where[key]  # type: ignore[index]
        return {**finding, "path": path, "row": row}

    expected = sorted((moved(f) for f in _found(one)), key=repr)
    found = _found(partitioned)
    assert found == expected
    assert {f.get("path") for f in found if f["type"] == "constraint-error"} == {first, last}


def test_databases_built_at_once_into_one_folder_each_keep_their_metadata(
    reader_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two ``sqlite`` runs into one folder at the same time (each release's database beside
    the others, for one ``datasette`` of them all): each run's entry of the shared
    metadata.json is kept. The other databases' entries were read before the build (minutes
    at scale) and written after it, so the run that ended last dropped the other's."""
    import json

    release, folder = reader_archive / "releases/1.0.0", tmp_path / "out"
    original = dbmod._write
    concurrent: list[str] = []

    def write(*args: object) -> None:
        original(*args)  # type: ignore[arg-type]
        if not concurrent:  # another run ends while this one is still building
            concurrent.append("b")
            dbmod.build_database(release, folder / "b.db")

    monkeypatch.setattr(dbmod, "_write", write)
    dbmod.build_database(release, folder / "a.db")
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert sorted(metadata["databases"]) == ["a", "b"]


def _forge_texts(release: Path) -> str:
    """Rewrite the tweets' Parquet file of ``release`` with a text that is not UTF-8, and
    declare its hashes anew everywhere (as whoever publishes a release can); its name."""
    import hashlib
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    name = "data/tweets.parquet"
    path = release / name
    table = pq.read_table(path)
    texts = [t.encode("utf-8") for t in table["text"].to_pylist()]
    texts[-1] = b"\xff\xfe not UTF-8"
    raw = pa.array(texts, pa.binary())
    forged = pa.Array.from_buffers(pa.string(), len(raw), raw.buffers())  # Arrow does not check
    at = table.schema.get_field_index("text")
    pq.write_table(table.set_column(at, table.schema.field(at), forged), path)
    digest, size = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_size
    descriptor_path = release / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource.get("path") == name:
            resource.update({"hash": f"sha256:{digest}", "bytes": size, "x-bytes": size})
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    sums = release / "SHA256SUMS"
    lines = []
    for line in sums.read_text(encoding="utf-8").splitlines():
        listed = line.partition("  ")[2]
        if listed in (name, "datapackage.json"):
            line = f"{hashlib.sha256((release / listed).read_bytes()).hexdigest()}  {listed}"
        lines.append(line)
    sums.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return name


def test_a_release_text_that_is_not_utf8_is_one_line_exit_2_and_leaves_nothing(
    reader_archive: Path, tmp_path: Path
) -> None:
    """A release whose Parquet holds a text that is not UTF-8, its hashes declared anew (so
    it passes its manifests): ``sqlite`` says which column is not UTF-8, exit 2, where the
    rows' or the index's process raised UnicodeDecodeError (a traceback, exit 1)."""
    import shutil

    import psutil
    from click.testing import CliRunner

    from threadarchive.cli import main

    release = Path(shutil.copytree(reader_archive / "releases/1.0.0", tmp_path / "forged"))
    _forge_texts(release)
    out = tmp_path / "out/x.db"
    result = CliRunner().invoke(main, ["sqlite", str(release), str(out)])
    message = result.output.strip()
    assert result.exit_code == 2, message
    assert "\n" not in message and "in UTF-8, found a value that is not" in message, message
    assert list((tmp_path / "out").iterdir()) == []
    assert psutil.Process().children(recursive=True) == []


def test_the_index_process_names_the_file_of_a_text_that_is_not_utf8(tmp_path: Path) -> None:
    """The index's process reads the texts itself: a value that is not UTF-8 is its
    PackageError naming the file and column, raised in the parent, not a crash."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from threadarchive.errors import PackageError

    raw = pa.array([b"fine", b"\xff\xfe not UTF-8"], pa.binary())
    source = tmp_path / "tweets.parquet"
    pq.write_table(pa.table({"text": pa.Array.from_buffers(pa.string(), len(raw), raw.buffers())}), source)
    with (
        dbmod._FullText(tmp_path / "part.db", [(source, [0])], 1) as part,
        pytest.raises(PackageError) as caught,
    ):
        part.finish()
    assert str(caught.value) == (
        f"{source}: expected the column text in UTF-8, found a value that is not (invalid start byte)"
    )


def test_a_site_of_a_release_text_that_is_not_utf8_is_one_line_exit_2(
    reader_archive: Path, tmp_path: Path
) -> None:
    """``site`` of that release: one line, exit 2, no site, where UnicodeDecodeError's
    traceback ended it with exit 1."""
    import shutil

    from click.testing import CliRunner

    from threadarchive.cli import main

    release = Path(shutil.copytree(reader_archive / "releases/1.0.0", tmp_path / "forged"))
    _forge_texts(release)
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["site", str(release), "--out", str(out)])
    message = result.output.strip()
    assert result.exit_code == 2, message
    assert message == f"Error: {release}: expected UTF-8 texts, found another (invalid start byte)"
    assert not out.exists()


def test_an_error_of_a_release_fetched_by_url_names_the_url_not_the_removed_download(
    server: tuple[str, Path],
) -> None:
    """``validate URL`` of a folder whose datapackage.json is no release, or of a zip that
    is no zip: the error names the URL (as findings do), not the download folder in the
    cache, removed by the time it is read; one JSON document with --json."""
    import json

    from click.testing import CliRunner

    from threadarchive.cli import main
    from threadarchive.files.cache import cache_dir

    base, served = server
    (served / "r").mkdir()
    (served / "r/datapackage.json").write_text('{"name": "r"}', encoding="utf-8")
    (served / "r/SHA256SUMS").write_text("0" * 64 + "  datapackage.json\n", encoding="utf-8")
    (served / "x.zip").write_text("<html>no zip</html>", encoding="utf-8")
    scratch = str(cache_dir())
    for url, name in ((f"{base}r/", f"{base}r/datapackage.json"), (f"{base}x.zip", f"{base}x.zip")):
        text = CliRunner().invoke(main, ["validate", url])
        as_json = CliRunner().invoke(main, ["validate", url, "--json"])
        assert text.exit_code == as_json.exit_code == 2, text.output
        assert text.output.startswith(f"Error: {name}: expected "), text.output
        error = json.loads(as_json.output)
        assert error["message"].startswith(f"{name}: expected ")
        assert scratch not in text.output and scratch not in as_json.output


def test_the_fast_engine_finds_a_release_text_that_is_not_utf8(reader_archive: Path, tmp_path: Path) -> None:
    """Arrow's Parquet reader does not check a text's bytes: a forged release, its hashes
    declared anew, was valid. (DuckDB checks only the strings a check reads: see the
    closing note of 2026-12-05.)"""
    import shutil

    from threadarchive.validation.engine import validate

    release = Path(shutil.copytree(reader_archive / "releases/1.0.0", tmp_path / "forged"))
    name = _forge_texts(release)
    report = validate(release, engine="fast")
    assert not report.valid
    assert ("encoding-error", name) in {(f.type, f.path) for f in report.findings}
