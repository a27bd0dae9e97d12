"""Table Schema as the spec has it, checked against frictionless itself on its own fixtures.

Each package under tests/data/frictionless/ (files from frictionless-py, MIT; see the
README there) is validated by frictionless and by every engine: the findings are the
same (type, row, field), under frictionless's names. They cover what the spec allows
beyond this project's own schemas: a ``primaryKey`` and foreign-key ``fields`` given as
one string, ``number`` fields (NaN, infinities, exponents, bounds, enums), keys to the
table itself and composite keys, labels beyond the schema's fields, and a wrong
``bytes`` or ``hash`` (``byte-count``, ``hash-count``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadarchive.validation.engine import validate

FIXTURES = Path(__file__).parent / "data" / "frictionless"
PACKAGES = sorted(p.name for p in FIXTURES.iterdir() if (p / "datapackage.json").is_file())
ENGINES = ["auto", "fast", "frictionless"]

Located = tuple[str | None, str, int | None, str | None]


def frictionless_findings(descriptor: Path) -> list[Located]:
    import frictionless

    report = frictionless.Package(str(descriptor)).validate()
    found = [(None, error.type, None, None) for error in report.errors]
    for task in report.tasks:
        found += [
            (task.place, e.type, getattr(e, "row_number", None), getattr(e, "field_name", None) or None)
            for e in task.errors
        ]
    return sorted(found, key=repr)


def our_findings(descriptor: Path, engine: str) -> list[Located]:
    report = validate(descriptor, engine=engine)
    return sorted(
        (
            (f.path, f.type, f.row, f.field or None)
            for f in report.findings
            if f.type != "package-error"  # no tables named threads and tweets: not a thread archive
        ),
        key=repr,
    )


def test_the_fixtures_are_there() -> None:
    assert len(PACKAGES) >= 8
    assert (FIXTURES / "LICENSE.md").read_text(encoding="utf-8").startswith("# The MIT License")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("package", PACKAGES)
def test_findings_are_frictionless_findings(tmp_path: Path, package: str, engine: str) -> None:
    root = shutil.copytree(FIXTURES / package, tmp_path / package)
    expected = frictionless_findings(root / "datapackage.json")
    assert our_findings(root / "datapackage.json", engine) == expected


def test_the_fixtures_hold_the_faults_they_are_kept_for(tmp_path: Path) -> None:
    """What each package is here to show, so that a fixture edited into validity fails."""
    found = {
        package: {
            (t, row, name)
            for _, t, row, name in frictionless_findings(FIXTURES / package / "datapackage.json")
        }
        for package in PACKAGES
    }
    assert ("primary-key", 3, None) in found["invalid"]  # a primaryKey given as a string
    assert ("foreign-key", 4, None) in found["self-reference"]  # "resource": ""
    assert ("foreign-key", 7, None) in found["self-reference"]  # a composite key
    assert {("byte-count", None, None), ("hash-count", None, None)} <= found["stats"]
    assert ("unique-error", 7, "unique") in found["number"]
    assert ("constraint-error", 2, "minimum") in found["number"]  # NaN is within no bound
    assert ("missing-cell", 10, "name2") in found["capital"]  # a label beyond the fields
    assert found["package"] == set()


def test_a_wrong_declared_hash_or_size_has_frictionless_s_name(tmp_path: Path) -> None:
    root = shutil.copytree(FIXTURES / "stats", tmp_path / "stats")
    report = validate(root, engine="fast")
    assert sorted(f.type for f in report.errors if f.path == "table.csv") == [
        "byte-count",
        "hash-count",
        "hash-count",  # an md5 hash is checked too
    ]


@given(
    st.lists(st.text(alphabet="0123456789_.eE+- \tnNaAiIfFsty\u00a0١", max_size=8), min_size=1, max_size=40)
)
@settings(max_examples=200, deadline=None)
def test_a_number_cell_reads_as_python_s_decimal_reads_it(cells: list[str]) -> None:
    """frictionless reads a number cell as Decimal(cell.strip())."""
    import math
    from decimal import Decimal, InvalidOperation

    import numpy as np

    from threadarchive.validation import arrow
    from threadarchive.validation.schema.casting import cast
    from threadarchive.validation.schema.rules import FieldRule

    def decimal(cell: str) -> float | None:
        try:
            return float(Decimal(cell.strip()))
        except (InvalidOperation, ValueError):
            return None

    missing = np.array([cell == "" for cell in cells])
    values, bad = cast(FieldRule("n", "number", {}), arrow.strings(cells), missing)
    for cell, value, wrong in zip(cells, values.to_pylist(), bad, strict=True):
        expected = decimal(cell) if cell else None
        assert bool(wrong) == (cell != "" and expected is None), cell
        if expected is not None:
            assert value == expected or (math.isnan(value) and math.isnan(expected)), cell


@pytest.mark.parametrize(
    "key", [[], ["id"], ["flag", "id"]], ids=["no-key", "key-of-checked-fields", "key-of-other-types"]
)
def test_a_field_sql_does_not_check_is_checked_by_frictionless_alone(tmp_path: Path, key: list[str]) -> None:
    """A boolean, a year, a date of another format: frictionless checks that field, DuckDB the rest
    (unless a key needs the field typed: then the engines that check it take the table)."""
    import json

    fields = [
        {"name": "id", "type": "integer", "constraints": {"minimum": 1}},
        {"name": "flag", "type": "boolean", "constraints": {"required": True}},
        {"name": "born", "type": "year", "constraints": {"maximum": 2000}},
        {"name": "day", "type": "date", "format": "%d/%m/%Y"},
        {"name": "note", "type": "string", "constraints": {"maxLength": 3}},
    ]
    rows = [
        "1,true,1999,01/02/2020,ok",
        "0,maybe,2001,2020-02-01,long",
        "3,,19x9,31/02/2020,",
        "3,false,1980,,no",
    ]
    root = tmp_path / "pkg"
    (root / "data").mkdir(parents=True)
    (root / "data/t.csv").write_text("id,flag,born,day,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    schema: dict[str, object] = {"fields": fields, **({"primaryKey": key} if key else {})}
    descriptor = {"name": "t", "resources": [{"name": "t", "path": "data/t.csv", "schema": schema}]}
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    expected = frictionless_findings(root / "datapackage.json")
    assert {(t, row, field) for _, t, row, field in expected} >= {
        ("type-error", 3, "flag"),
        ("constraint-error", 4, "flag"),
        ("constraint-error", 3, "born"),
        ("type-error", 4, "born"),
        ("type-error", 3, "day"),
    }
    report = validate(root, engine="duckdb")
    assert our_findings(root / "datapackage.json", "duckdb") == expected
    assert report.stats["engine"] == ("frictionless" if "flag" in key else "duckdb")
