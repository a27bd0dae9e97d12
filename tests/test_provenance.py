"""A capture's provenance, as its container gives it, kept in the captures table.

Zeeschuimer's collection times and page, a WARC record's date, target URI and payload
digest, a WACZ's creator: the readers say them (``Capture.provenance``), and the
captures table keeps them in ``provenance``, one JSON object a cell, read again from
the kept capture at every rebuild. They survive a release (CSV, Parquet, the public
variant), reach the site's provenance panel and the SQLite database, and a crafted
container cannot make the cell more than a bounded line of valid JSON.

One archive, released once, for the module: the tests only read it (or copies of it).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from threadarchive import contract
from threadarchive.access import database as dbmod
from threadarchive.access import site as sitemod
from threadarchive.access.pages import provenance_pairs
from threadarchive.archive.checks import validate
from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.metadata import Curation
from threadarchive.archive.scaffold import init
from threadarchive.archive.store import Store, read_table
from threadarchive.archive.tables import OMITTED, provenance_cell
from threadarchive.capture.model import Capture, Thread, Tweet
from threadarchive.cli import main
from threadarchive.contract.limits import MAX_PROVENANCE_CHARS, MAX_PROVENANCE_VALUE_CHARS
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases

from .conftest import DAY, SEED, SEED_ID
from .test_format_containers import OP, PAGE, S1_BODY, results_of, write_wacz, write_warc, zeeschuimer_line

THREAD = "1649191520250245121"  # the thread of S1_BODY, by its root tweet's ID
# What a crafted Zeeschuimer file may say its browser was: a line break, quotes and a
# comma for the CSV, a line separator, a lone surrogate no UTF-8 file can hold, a
# bidirectional override, and more characters than a cell keeps.
HOSTILE = 'evil\n"a",b\r\u2028\ud800\u202e}{' + "x" * (2 * MAX_PROVENANCE_VALUE_CHARS)
WARC_DATE = "2025-11-06T09:14:03Z"
BODY = json.dumps(S1_BODY).encode()
DIGEST = "sha1:" + base64.b32encode(hashlib.sha1(BODY).digest()).decode()


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["-C", str(root), *args])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of the seed (Scrolly text) and of one thread captured three times: by
    Zeeschuimer (with a hostile user agent), in a WARC and in a WACZ (current); rebuilt
    and released as 1.0.0."""
    folder = tmp_path_factory.mktemp("provenance")
    root = init(folder / "archive", name="test-archive", title="Test archive").root
    store = Store(root)
    ingest(store, [Source(SEED, Curation(language="en", terms="open-license"))], today=DAY)
    results = list(results_of(S1_BODY))
    lines = [zeeschuimer_line(n, r, reply_item=n > 0) for n, r in enumerate(results)]
    lines[0] = zeeschuimer_line(0, results[0], user_agent=HOSTILE)
    zeeschuimer = folder / "zeeschuimer-export.ndjson"
    zeeschuimer.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    warc = write_warc(folder / "crawl.warc.gz", [("https://x.com/home", b"<html>"), (OP, BODY)])
    wacz = write_wacz(folder / "crawl.wacz", write_warc(folder / "data.warc.gz", [(OP, BODY)]))
    curation = Curation(language="en", terms="author-consent")
    ingest(store, [Source(zeeschuimer, curation)], today=DAY)
    for capture in (warc, wacz):
        ingest(store, [Source(capture, curation, replaces=(THREAD,))], today=DAY)
    acknowledged = run(root, "meta", SEED_ID, "--acknowledge", "marker-style-mismatch", "--position", "12",
                       "--note", "printed so in the capture")  # fmt: skip
    assert acknowledged.exit_code == 0, acknowledged.output
    store.rebuild()
    releases.publish(root, planning.plan(root, bump="minor", created=DAY))
    return root


def by_format(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["source_format"]: row for row in rows}


def test_the_captures_table_keeps_each_containers_provenance(built: Path) -> None:
    rows = by_format(read_table(built, "captures"))
    zeeschuimer = json.loads(rows["zeeschuimer-ndjson"]["provenance"])
    # timestamp_collected (the first and last) and source_platform_url
    assert zeeschuimer["collected"] == "2023-10-24T14:22:17Z to 2023-10-24T14:22:27Z"
    assert zeeschuimer["source_url"] == PAGE and zeeschuimer["platform"] == "x.com"
    warc = json.loads(rows["warc"]["provenance"])
    assert warc == {"record 2": f"{WARC_DATE} {OP} {DIGEST}"}  # the record's date, target URI, digest
    wacz = json.loads(rows["wacz"]["provenance"])
    assert wacz["archive/data.warc.gz: record 1"] == f"{WARC_DATE} {OP} {DIGEST}"
    assert (wacz["created"], wacz["software"]) == ("2025-11-06T09:15:00Z", "ArchiveWeb.page 0.12.0")
    assert rows["threadreaderapp-scrolly-text"]["provenance"] is None  # a format without one
    assert [r["role"] for r in (rows["wacz"], rows["warc"])] == ["current", "earlier"]


def test_the_cell_is_compact_json_with_sorted_keys(built: Path) -> None:
    for row in read_table(built, "captures"):
        if row["provenance"] is not None:
            value = json.loads(row["provenance"])
            assert list(value) == sorted(value) and all(isinstance(v, str) for v in value.values())
            assert row["provenance"].isprintable()
            compact = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            if compact.isprintable():  # else as here, with what is not printable escaped
                assert row["provenance"] == compact


def test_a_hostile_value_is_cut_escaped_and_keeps_the_csv_whole(built: Path) -> None:
    raw = (built / contract.table("captures").path()).read_bytes()
    raw.decode("utf-8")  # a lone surrogate would have made the file unwritable or invalid
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(rows) == 4 and {r["source_format"] for r in rows} >= {"zeeschuimer-ndjson", "wacz"}
    cell = by_format(rows)["zeeschuimer-ndjson"]["provenance"]
    assert cell.isprintable() and "\n" not in cell and "\u2028" not in cell
    agents = [v for k, v in json.loads(cell).items() if k.startswith("user_agent")]
    hostile = next(a for a in agents if a.startswith("evil"))
    assert len(hostile) == MAX_PROVENANCE_VALUE_CHARS and hostile.endswith("\u2026")
    assert hostile.startswith('evil\n"a",b\r\u2028\ud800\u202e}{x')  # kept, escaped in the cell
    assert len(agents) == 2  # both user agents, the repeated key numbered, none lost


def test_rebuild_derives_it_from_the_kept_capture_and_metadata_holds_none(
    built: Path, tmp_path: Path
) -> None:
    root = tmp_path / "copy"
    shutil.copytree(built, root)
    before = (root / contract.table("captures").path()).read_bytes()
    (root / contract.table("captures").path()).write_bytes(before.replace(b"2023-10-24T14:22:17Z to", b"x"))
    Store(root).rebuild()
    assert (root / contract.table("captures").path()).read_bytes() == before
    metadata = "".join(p.read_text("utf-8") for p in (root / "data/meta").glob("*.yaml"))
    assert DIGEST not in metadata and "timestamp_collected" not in metadata


def test_the_archive_and_its_release_are_valid_with_strict(built: Path) -> None:
    result = run(built, "validate", "--strict")
    assert result.exit_code == 0, result.output
    result = run(built, "validate", "--strict", str(built / "releases/1.0.0"))
    assert result.exit_code == 0, result.output
    assert validate(built).valid


def test_a_cell_edited_by_hand_differs_from_its_capture(built: Path, tmp_path: Path) -> None:
    """validate reads the provenance again from the kept capture, as rebuild does."""
    root = tmp_path / "copy"
    shutil.copytree(built, root)
    path = root / contract.table("captures").path()
    path.write_bytes(path.read_bytes().replace(b'""platform"":""x.com""', b'""platform"":""y.com""'))
    report = validate(root)
    assert [(e.type, e.field) for e in report.errors] == [("table-capture-mismatch", "provenance")]


@pytest.mark.parametrize("engine", ["duckdb", "fast", "frictionless"])
def test_a_hand_edited_cell_that_is_no_json_object_is_a_finding(
    built: Path, tmp_path: Path, engine: str
) -> None:
    root = tmp_path / "copy"
    shutil.copytree(built, root)
    path = root / contract.table("captures").path()
    path.write_bytes(path.read_bytes().replace(b'{""archive/data.warc.gz', b'[""archive/data.warc.gz'))
    report = validate(root, engine=engine)
    assert not report.valid
    assert any(e.type == "constraint-error" and e.field == "provenance" for e in report.errors)


@pytest.mark.parametrize("variant", ["", "public/"], ids=["release", "public"])
def test_the_release_keeps_it_in_csv_and_parquet(built: Path, variant: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    release = built / "releases/1.0.0" / variant
    csv_rows = by_format(
        list(csv.DictReader(io.StringIO((release / "data/captures.csv").read_text("utf-8"))))
    )
    parquet = pq.read_table(release / "data/captures.parquet")
    assert parquet.schema.field("provenance").type == pa.string()
    parquet_rows = by_format(parquet.to_pylist())
    working = by_format(read_table(built, "captures"))
    assert set(parquet_rows) == set(csv_rows) == set(working)  # every thread's terms are public
    for name, row in working.items():
        assert parquet_rows[name]["provenance"] == row["provenance"]
        assert csv_rows[name]["provenance"] == (row["provenance"] or "")


def test_the_release_declares_the_column_a_minor_change(built: Path) -> None:
    descriptor = json.loads((built / "releases/1.0.0/datapackage.json").read_text("utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "captures")
    field = resource["schema"]["fields"][-1]
    assert field["name"] == "provenance" and "required" not in field.get("constraints", {})


def test_the_site_shows_the_current_captures_provenance(built: Path, tmp_path: Path) -> None:
    site = sitemod.build_site(built / "releases/1.0.0", tmp_path / "site").path
    page = (site / f"threads/{THREAD}.html").read_text("utf-8")
    panel = page.split('<aside class="provenance"', 1)[1]
    assert "<dt>Container</dt>" in panel
    assert f'<code>archive/data.warc.gz: record 1</code>: <span dir="auto">{WARC_DATE} ' in panel
    assert DIGEST in panel and "ArchiveWeb.page 0.12.0" in panel
    seed = (site / f"threads/{SEED_ID}.html").read_text("utf-8")
    assert "<dt>Container</dt>" not in seed


def test_the_site_shows_a_hostile_cell_as_text() -> None:
    cell = provenance_cell(capture((("agent", "a\n\u202e<b>\ud800"),)), thread())
    assert provenance_pairs(cell) == [("agent", "a\\u000a\\u202e<b>\\ud800")]
    assert provenance_pairs("not json <b>") == [("provenance", "not json <b>")]
    assert provenance_pairs(None) == [] and provenance_pairs('{"k": [1]}') == [("k", "[1]")]


def test_the_sqlite_database_has_the_column(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "release.db"
    dbmod.build_database(built / "releases/1.0.0", out)
    with sqlite3.connect(out) as db:
        rows = dict(db.execute("SELECT source_format, json_extract(provenance, '$.created') FROM captures"))
    assert rows["wacz"] == "2025-11-06T09:15:00Z" and rows["threadreaderapp-scrolly-text"] is None


# --- the cell, alone --------------------------------------------------------------------------


def thread(source_url: str | None = None) -> Thread:
    import datetime as dt

    tweets = (Tweet(position=1, marker=None, text="t"),)
    return Thread(
        author_name="a", author_bio=None, published_date=dt.date(2025, 1, 1), tweet_count=1, tweets=tweets,
        source_url=source_url,
    )  # fmt: skip


def capture(provenance: tuple[tuple[str, str], ...]) -> Capture:
    return Capture(source_format="warc", threads=(thread(),), provenance=provenance)


def test_a_capture_without_provenance_has_an_empty_cell() -> None:
    assert provenance_cell(capture(()), thread()) is None
    assert json.loads(provenance_cell(capture(()), thread("https://x.com/p")) or "") == {
        "source_url": "https://x.com/p"
    }


def test_entries_past_the_bound_are_left_out_and_counted() -> None:
    many = tuple((f"record {n}", "v" * 10_000) for n in range(1, 101))
    cell = provenance_cell(capture(many), thread()) or ""
    assert len(cell) <= MAX_PROVENANCE_CHARS
    value = json.loads(cell)
    kept = [k for k in value if k != OMITTED]
    assert "record 1" in kept and len(kept) == 7  # the first ones, in the reader's order
    assert value[OMITTED].startswith(f"{100 - len(kept)} more entries")


def test_characters_that_escape_long_are_still_bounded() -> None:
    # Controls are written as six characters each: the bound counts the written cell.
    many = tuple((f"k{n}", "\x01" * (MAX_PROVENANCE_VALUE_CHARS + 1)) for n in range(10))
    cell = provenance_cell(capture(many), thread()) or ""
    assert len(cell) <= MAX_PROVENANCE_CHARS and OMITTED in json.loads(cell)
    assert json.loads(cell)["k0"] == "\x01" * (MAX_PROVENANCE_VALUE_CHARS - 1) + "\u2026"


def test_a_character_past_the_bmp_that_is_not_printable_is_a_surrogate_pair() -> None:
    cell = provenance_cell(capture((("k", "\U000e0001 \U0001f600"),)), thread()) or ""
    assert cell == '{"k":"\\udb40\\udc01 \U0001f600"}' and json.loads(cell) == {"k": "\U000e0001 \U0001f600"}


@pytest.mark.parametrize(
    "page", ["https://x.com/\ud800", 'https://x.com/a\n"b,c'], ids=["surrogate", "line-break"]
)
def test_a_page_that_is_no_url_is_no_source_url_and_breaks_nothing(
    empty_archive: Path, tmp_path: Path, page: str
) -> None:
    """Zeeschuimer's ``source_platform_url`` becomes a thread's source_url and its
    provenance's only when it is a URL the contract takes, written as UTF-8."""
    lines = [
        zeeschuimer_line(n, r, reply_item=n > 0, source_platform_url=page)
        for n, r in enumerate(results_of(S1_BODY))
    ]
    path = tmp_path / "zeeschuimer-export.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    ingest(Store(empty_archive), [Source(path, Curation(language="en", terms="open-license"))], today=DAY)
    [thread] = read_table(empty_archive, "threads")
    [row] = read_table(empty_archive, "captures")
    assert thread["source_url"] is None and "source_url" not in json.loads(row["provenance"])
    assert validate(empty_archive).valid


def test_parse_shows_a_lone_surrogate_escaped_not_a_traceback(built: Path) -> None:
    result = run(built, "parse", str(built.parent / "zeeschuimer-export.ndjson"), "--json")
    assert result.exit_code == 0, result.output
    assert "\\ud800" in result.stdout
    assert json.loads(result.stdout)["source_format"] == "zeeschuimer-ndjson"


def test_a_cell_past_its_bound_is_shown_cut_on_the_site() -> None:
    # a release no validation checked may hold any cell: the page stays bounded
    cell = json.dumps({f"k{n}": "v" * 50 for n in range(20_000)})
    [(key, value)] = provenance_pairs(cell)
    assert key == "provenance" and value.endswith("\u2026")
    assert len(value) <= MAX_PROVENANCE_CHARS + 1
