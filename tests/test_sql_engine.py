"""The SQL engine (DuckDB) against today's engine: the same report on any CSV it is given.

DuckDB reads a file only where it reads it row for row as frictionless does
(sql/structure.py); anything else goes to the fast engine. Hypothesis writes the
files: quoted cells with commas and line breaks, empty lines, CR LF and bare CR,
rows with too few or too many cells (empty ones too), cells of every type, NaN,
keys that repeat. Whatever it writes, the two reports are the same, finding for finding.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadarchive.errors import InputError
from threadarchive.validation.engine import validate

FIELDS = [
    {"name": "id", "type": "integer", "constraints": {"minimum": 1}},
    {"name": "name", "type": "string", "constraints": {"pattern": "[a-z ,\n]*", "maxLength": 6}},
    {"name": "amount", "type": "number", "constraints": {"maximum": 100}},
    {"name": "day", "type": "date", "constraints": {"required": True}},
    {"name": "at", "type": "datetime"},
]
CELLS = {
    "id": ["1", "2", "3", "-1", "x", "", " 4", "1_0", "99999999999999999999", "０"],
    "name": ["a", "b, c", "line\nbreak", "", '"quoted"', "TOO LONG NAME", "a\r\nb"],
    "amount": ["1.5", "NaN", "1e3", "-0", "inf", "", "1,5", "١"],
    "day": ["2025-01-02", "2025-1-2", "2025-02-30", "", "0000-01-01", "2025-01-02 "],
    "at": ["2025-01-02T03:04:05Z", "2025-01-02T03:04:05+01:00", "2025-01-02", "", "2025-01-02T24:00:00Z"],
}


def cell(value: str) -> str:
    if any(c in value for c in ',"\n\r') or value.startswith(" "):
        return '"' + value.replace('"', '""') + '"'
    return value


KEYS = [["id"], ["name", "id"], ["day", "name", "id"], []]


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    rows = [[draw(st.sampled_from(CELLS[f["name"]])) for f in FIELDS] for _ in range(draw(st.integers(0, 8)))]
    lines = [",".join(f["name"] for f in FIELDS)]
    for row in rows:
        shape = draw(st.sampled_from(["same"] * 30 + ["short", "long", "long-empty", "blank"]))
        cells = [cell(v) for v in row]
        if shape == "short":
            cells = cells[: draw(st.integers(0, len(cells) - 1))]
        elif shape == "long":
            cells.append("x")
        elif shape == "long-empty":
            cells += [""] * draw(st.integers(1, 2))
        lines.append("" if shape == "blank" else ",".join(cells))
    ending = draw(st.sampled_from(["\n"] * 6 + ["\r\n", "mixed"]))
    if ending == "mixed":
        text = "".join(line + draw(st.sampled_from(["\n", "\r\n", "\r"])) for line in lines)
    else:
        text = ending.join(lines) + draw(st.sampled_from([ending, ""]))
    return text.encode("utf-8")


def package(root: Path, data: bytes, key: list[str] | None = None, unique: bool = False) -> Path:
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data/t.csv").write_bytes(data)
    fields = [
        {**f, "constraints": {**f["constraints"], "unique": True}} if unique and f["name"] == "amount" else f
        for f in FIELDS
    ]
    schema: dict[str, Any] = {"fields": fields}
    if key := ["id"] if key is None else key:
        schema["primaryKey"] = key
    descriptor = {"name": "t", "resources": [{"name": "t", "path": "data/t.csv", "schema": schema}]}
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return root


def report(root: Path, engine: str) -> list[dict[str, Any]]:
    return sorted((f.to_dict() for f in validate(root, engine=engine).findings), key=repr)


def test_a_repeated_key_after_a_row_with_an_empty_key_field_is_found(tmp_path: Path) -> None:
    # found by the property below: row 5 repeats row 2's key, and row 4 before it has an
    # empty name, which made row 5 start no run of the key's first fields in the SQL scan
    data = (
        b"id,name,amount,day,at\n1,a,1.5,2025-01-02,2025-01-02T03:04:05Z\n"
        b'1,"b, c",1.5,2025-01-02,2025-01-02T03:04:05Z\n1,,1.5,2025-01-02,2025-01-02T03:04:05Z\n'
        b"1,a,1.5,2025-01-02,2025-01-02T03:04:05Z\n"
    )
    root = package(tmp_path / "pkg", data, ["day", "name", "id"])
    keys = [f for f in report(root, "duckdb") if f["type"] == "primary-key"]
    assert [f["row"] for f in keys] == [5]
    assert report(root, "duckdb") == report(root, "fast")


def test_rows_of_a_file_read_in_parallel_keep_their_numbers(tmp_path: Path) -> None:
    """A file of many buffers is read by every core, and its rows are numbered by the
    order DuckDB keeps them in (DuckDB.number_rows): faults planted across the file,
    some after quoted line breaks, are found at their rows, as the fast engine finds them."""
    from threadarchive.validation.sql.backend import CSV_BUFFER

    rows, faults = 4 * CSV_BUFFER // 60, {}
    lines = ["id,name,amount,day,at"]
    for i in range(1, rows + 1):
        name = '"a,\nb"' if i % 997 == 0 else "abc"  # a record over two lines
        day = "2025-01-02"
        if i % 50_021 == 0 or i == rows:
            day, faults[i + 1] = "2025-02-30", "type-error"  # the header is row 1
        lines.append(f"{i},{name},{i % 100},{day},2025-01-02T03:04:05Z")
    root = package(tmp_path / "pkg", ("\n".join(lines) + "\n").encode())
    assert (root / "data/t.csv").stat().st_size > 3 * CSV_BUFFER
    result = validate(root, engine="duckdb")
    assert result.stats["engine"] == "duckdb"
    assert {f.row: f.type for f in result.findings if f.path == "data/t.csv"} == faults
    assert report(root, "duckdb") == report(root, "fast")


@given(data=csv_files(), key=st.sampled_from(KEYS), unique=st.booleans())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_csv_gets_today_s_report(tmp_path: Path, data: bytes, key: list[str], unique: bool) -> None:
    """The fast engine's report, or frictionless's where frictionless takes another row for
    the header (rows shorter than the first: schema/detected.py) and the fast engine refuses."""
    root = package(tmp_path / "pkg", data, key, unique)
    try:
        expected = report(root, "fast")
    except InputError as exc:
        assert exc.parameter == "engine" and "as it detects" in str(exc)
        expected = report(root, "frictionless")
    assert report(root, "duckdb") == expected


@given(
    rows=st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 4)), max_size=12),
    key=st.sampled_from([["name", "id"], ["id"]]),
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_keys_in_order_or_not_get_today_s_report(
    tmp_path: Path, rows: list[tuple[str, int]], key: list[str]
) -> None:
    """Rows in key order (as ingest writes them) are checked without grouping every key:
    whatever the order, the same repeats are found."""
    body = "".join(f"{i},{name},1,2025-01-02,\n" for name, i in rows)
    root = package(tmp_path / "pkg", f"id,name,amount,day,at\n{body}".encode(), key)
    assert report(root, "duckdb") == report(root, "fast")


@pytest.mark.parametrize(
    "body",
    [
        '\n1,a,1.5,2025-01-02,\n2,"b,\nc",2,2025-01-03,2025-01-02T03:04:05Z\n',
        "\r\n1,a,1.5,2025-01-02,\r\n2,b,2,2025-01-03,\r\n",
        "\n1,a,1.5,2025-01-02,",
    ],
    ids=["quoted-line-break", "crlf", "no-final-line-break"],
)
def test_a_well_formed_file_is_read_by_duckdb(tmp_path: Path, body: str) -> None:
    root = package(tmp_path / "pkg", f"id,name,amount,day,at{body}".encode())
    result = validate(root, engine="duckdb")
    assert result.stats["engine"] == "duckdb"
    assert [f.type for f in result.errors if f.path == "data/t.csv"] == []


@pytest.mark.parametrize(
    "body",
    ["1,a,1.5,2025-01-02,\n\n2,b,2,2025-01-03,\n", "1,a,1.5,2025-01-02,,\n", "1,a,1.5,2025-01-02\n"],
    ids=["empty-line", "empty-cell-beyond-the-last", "short-row"],
)
def test_a_file_duckdb_would_read_otherwise_is_read_by_the_fast_engine(tmp_path: Path, body: str) -> None:
    root = package(tmp_path / "pkg", f"id,name,amount,day,at\n{body}".encode())
    result = validate(root, engine="duckdb")
    assert result.stats["engine"] == "fast"
    assert result.errors  # what the fast engine reads there: a blank row, an extra or a missing cell


def test_an_interrupted_query_stops_validation_rather_than_falling_back() -> None:
    """DuckDB's InterruptException (Ctrl-C reaching a query) is a duckdb.Error, which the
    backend turns into BackendError, and a BackendError hands the table to the fast
    engine: an interrupted validation went on. It is a KeyboardInterrupt."""
    import threading

    from threadarchive.validation.sql.backend import duckdb

    with duckdb() as backend:
        threading.Timer(0.2, backend.connection.interrupt).start()
        with pytest.raises(KeyboardInterrupt):
            backend.rows("SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3")
        threading.Timer(0.2, backend.connection.interrupt).start()
        with pytest.raises(KeyboardInterrupt):
            backend.arrow("SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3")


def test_ctrl_c_as_a_user_sends_it_interrupts_a_query() -> None:
    """A real SIGINT, seen by DuckDB's Python client between a query's tasks, raised a
    bare RuntimeError("Query interrupted"), not InterruptException: a traceback with exit
    1, the code for invalid data. And a task may last the whole query: the signal was seen
    when the query ended, or at once, by chance (this query took 30 s or 0.2 s)."""
    import os
    import signal
    import threading

    from threadarchive.validation.sql.backend import duckdb

    late: list[str] = []  # queries the signal did not stop: a timer stopped them a minute later
    with duckdb() as backend:

        def backstop() -> None:
            late.append("late")
            backend.connection.interrupt()

        for ask in (backend.execute, backend.rows, backend.arrow):
            timer = threading.Timer(60, backstop)
            timer.start()
            threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT)).start()
            with pytest.raises(KeyboardInterrupt):
                ask("SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3")
            timer.cancel()
    assert late == []


def test_the_memory_limit_is_duckdb_s_and_a_bad_one_names_the_parameter(tmp_path: Path) -> None:
    from threadarchive.errors import InputError
    from threadarchive.validation.sql import backend

    root = package(tmp_path / "pkg", b"id,name,amount,day,at\n1,a,1.5,2025-01-02,\n")
    with backend.duckdb("64MB") as database:
        assert database.rows("SELECT current_setting('memory_limit')")[0][0] in (
            "64.0 MiB",
            "61.0 MiB",
            "64.0 MB",
        )
        temporary = database.rows("SELECT current_setting('temp_directory')")[0][0]
        assert Path(temporary).name.startswith(".threadarchive-duckdb.") and Path(temporary).is_dir()
    assert not Path(temporary).exists()  # the spill folder goes with the connection
    assert validate(root, engine="duckdb", memory_limit=64 << 20).stats["engine"] == "duckdb"
    for bad in ("lots", "0MB", -1, True):
        with pytest.raises(InputError, match="expected a memory limit") as raised:
            validate(root, engine="duckdb", memory_limit=bad)  # type: ignore[arg-type]
        assert raised.value.parameter == "memory_limit"


def test_a_file_name_duckdb_would_take_for_a_pattern_is_read_by_the_fast_engine(tmp_path: Path) -> None:
    root = package(tmp_path / "pkg", b"id,name,amount,day,at\n1,a,1.5,2025-01-02,\n")
    (root / "data/t.csv").rename(root / "data/t[1].csv")
    (root / "data/t1.csv").write_text("id,name,amount,day,at\nx,a,1.5,2025-01-02,\n", encoding="utf-8")
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = "data/t[1].csv"
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    result = validate(root, engine="duckdb")
    assert result.stats["engine"] == "fast"
    assert [
        f for f in result.errors if f.path != "datapackage.json"
    ] == []  # t1.csv, which the pattern matches, is not read


def test_work_beside_the_reading_holds_no_process_that_stops() -> None:
    """A file read through beside DuckDB's read (its bytes counted, or hashed) held Ctrl-C
    until it was done (2.8 s for the 2.8 GB CSV of 10M tweets): a thread pool's threads
    are joined when its block is left, and at exit. Work that never ends must not keep a
    process that is done from ending."""
    import subprocess
    import sys

    never = (
        "import threading; from threadarchive.files.background import beside; beside(threading.Event().wait)"
    )
    done = subprocess.run([sys.executable, "-c", never], timeout=60, check=False)
    assert done.returncode == 0


def test_work_beside_gives_its_result_and_its_exception() -> None:
    from threadarchive.files.background import beside

    assert beside(sum, [1, 2], start=3).result(timeout=10) == 6
    with pytest.raises(ZeroDivisionError):
        beside(divmod, 1, 0).result(timeout=10)


def test_a_program_s_own_sigint_handler_is_not_overruled() -> None:
    """A program using the library may take Ctrl-C to mean something else than stop (a
    handler that counts presses): the query goes on, as DuckDB alone would let it."""
    import os
    import signal
    import threading

    from threadarchive.validation.sql.backend import duckdb

    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        with duckdb() as backend:
            threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGINT)).start()
            assert backend.rows("SELECT count(*) FROM range(300000000) t(i) WHERE i % 7 = 3") == [(42857143,)]
    finally:
        signal.signal(signal.SIGINT, previous)
    assert pressed == [signal.SIGINT]
