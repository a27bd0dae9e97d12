"""Packages the engines did not write, from frictionless-py's own ``data/``, checked against
frictionless itself.

Each package under tests/data/frictionless/foreign/ (files from frictionless-py, MIT; the
README one level up says which) is one our engines once read otherwise than frictionless:

- a CSV dialect beyond the default, in frictionless 5's form (``{"csv": {"delimiter": ";"}}``,
  ``headerRows``, ``skipInitialSpace``), in Table Schema's (``commentChar``), or read from a
  dialect file: the engines read the file with the default dialect and reported labels
  and types frictionless does not (or missed the ones it does);
- a resource without a schema: frictionless infers its fields; threadarchive reported two
  ``schema-error``s (an empty schema was handed to frictionless's profiles) and left the
  table unchecked;
- a CSV whose dialect frictionless detects where the descriptor leaves it open (a ";"
  delimiter, a space after each comma, a comment line above the header): the engines
  read it with the default dialect and the first row for the header;
- a resource whose rows are in the descriptor (``data``, no ``path``), or are in several
  files (a list ``path`` without a release's ``x-files``): threadarchive refused the whole
  package (exit 2).

frictionless reads those tables (schema/fallback.py): every engine that falls back to it
reports what ``frictionless validate`` reports; ``--engine fast``, which never falls back,
refuses them with an error naming the engine.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadarchive.errors import InputError
from threadarchive.validation.engine import validate
from threadarchive.validation.schema.rules import default_dialect

FOREIGN = Path(__file__).parent / "data" / "frictionless" / "foreign"
PACKAGES = sorted(p.name for p in FOREIGN.iterdir() if (p / "datapackage.json").is_file())

Located = tuple[str | None, str, int | None, str | None]


def frictionless_findings(descriptor: Path) -> list[Located]:
    import frictionless

    report = frictionless.Package(str(descriptor)).validate()
    found: list[Located] = [(None, error.type, None, None) for error in report.errors]
    for task in report.tasks:
        place = None if task.place == "<memory>" else task.place  # rows inline: ours name the descriptor
        place = place and place.removesuffix(" (multipart)")  # several files: both name the first
        found += [
            (place, e.type, getattr(e, "row_number", None), getattr(e, "field_name", None) or None)
            for e in task.errors
        ]
    return sorted(found, key=repr)


def our_findings(descriptor: Path, engine: str) -> list[Located]:
    report = validate(descriptor, engine=engine)
    return sorted(
        (
            (None if f.path == descriptor.name else f.path, f.type, f.row, f.field or None)
            for f in report.findings
            if f.type != "package-error"  # no tables named threads and tweets: not a thread archive
        ),
        key=repr,
    )


def test_the_fixtures_are_there() -> None:
    assert set(PACKAGES) >= {
        "comment-char",
        "delimiter",
        "dereferencing",
        "header-rows",
        "inline-rows",
        "no-schema",
    }


@pytest.mark.parametrize("engine", ["auto", "duckdb", "frictionless"])
@pytest.mark.parametrize("package", PACKAGES)
def test_findings_are_frictionless_findings(tmp_path: Path, package: str, engine: str) -> None:
    root = shutil.copytree(FOREIGN / package, tmp_path / package)
    expected = frictionless_findings(root / "datapackage.json")
    assert our_findings(root / "datapackage.json", engine) == expected


@pytest.mark.parametrize("package", PACKAGES)
def test_the_fast_engine_refuses_what_frictionless_alone_reads(tmp_path: Path, package: str) -> None:
    root = shutil.copytree(FOREIGN / package, tmp_path / package)
    with pytest.raises(InputError) as raised:
        validate(root, engine="fast")
    assert raised.value.parameter == "engine"


def test_the_fixtures_hold_the_faults_they_are_kept_for() -> None:
    """What each package is here to show, so that a fixture edited into a default one fails."""
    found = {
        package: {
            (t, row, name)
            for _, t, row, name in frictionless_findings(FOREIGN / package / "datapackage.json")
        }
        for package in PACKAGES
    }
    # the dialect file's delimiter ";" makes "id,name" one label
    assert {("incorrect-label", None, "id"), ("type-error", 2, "id")} <= found["dereferencing"]
    assert ("type-error", 4, "population") in found["comment-char"]  # "n/a", read past "# clean this data!"
    assert ("missing-cell", 7, "name") in found["header-rows"]  # the header is the second row
    assert ("extra-cell", 3, None) in found["resource-no-schema"]  # fields inferred, rows still checked
    assert ("constraint-error", 2, "id") in found["detected-delimiter"]  # "1" of "1;english": ";" sniffed
    assert ("type-error", 4, "population") in found["detected-header"]  # "n/a" of the row under the header
    assert found["detected-space"] == set()  # "id, cid, name": the labels read without their space
    assert {("primary-key", 4, None), ("foreign-key", 4, None)} <= found["inline-keys"]
    assert found["several-files-bound"] == {("constraint-error", 3, "id")}  # "2", in the second file
    assert found["several-files"] == set()
    assert ("incorrect-label", None, "entry_id") in found["inline-rows"]
    assert found["delimiter"] == found["no-schema"] == found["skip-initial-space"] == set()
    assert ";" in (FOREIGN / "delimiter" / "delimiter.csv").read_text(encoding="utf-8")
    assert (
        "schema" not in json.loads((FOREIGN / "no-schema" / "datapackage.json").read_text())["resources"][0]
    )


@pytest.mark.parametrize(
    ("dialect", "default"),
    [
        ({}, True),
        ({"delimiter": ",", "quoteChar": '"', "header": True, "lineTerminator": "\n"}, True),
        ({"csv": {"delimiter": ",", "doubleQuote": True}, "headerRows": [1]}, True),
        ({"delimiter": ";"}, False),
        ({"csv": {"delimiter": ";"}}, False),
        ({"csv": {"skipInitialSpace": True}}, False),
        ({"headerRows": [2]}, False),
        ({"commentChar": "#"}, False),
        ({"caseSensitiveHeader": True}, False),  # a property not listed: frictionless reads the table
        ("dialect.json", False),
    ],
    ids=[
        "none",
        "table-schema-defaults",
        "frictionless-5-defaults",
        "delimiter",
        "nested-delimiter",
        "skip-initial-space",
        "header-rows",
        "comment-char",
        "unlisted-property",
        "not-an-object",
    ],
)
def test_a_dialect_is_default_only_when_every_property_is(dialect: object, default: bool) -> None:
    assert default_dialect(dialect) is default


def test_a_dialect_of_defaults_leaves_the_table_to_duckdb(tmp_path: Path) -> None:
    root = shutil.copytree(FOREIGN / "comment-char", tmp_path / "pkg")
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["dialect"] = {
        "csv": {"delimiter": ","},
        "header": True,
        "lineTerminator": "\n",
    }
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = validate(root, engine="duckdb")
    assert report.stats["engine"] in {"duckdb", "fast"}  # read as any CSV, not handed to frictionless
    assert our_findings(root / "datapackage.json", "duckdb") == frictionless_findings(
        root / "datapackage.json"
    )


def test_rows_in_the_descriptor_are_found_in_it(tmp_path: Path) -> None:
    """A finding about rows inline in the descriptor names the descriptor, where they are."""
    root = shutil.copytree(FOREIGN / "inline-keys", tmp_path / "pkg")
    report = validate(root)
    assert {f.path for f in report.findings if f.type in {"primary-key", "foreign-key"}} == {
        "datapackage.json"
    }
    assert report.stats["engine"] == "frictionless"


def test_rows_inline_are_read_only_where_validation_asks() -> None:
    """Releases, loading and the rest read files: only validation takes rows inline."""
    from threadarchive.contract.package import load_package
    from threadarchive.errors import PackageError

    descriptor = FOREIGN / "inline-rows" / "datapackage.json"
    with pytest.raises(PackageError, match="string 'path'"):
        load_package(descriptor)
    assert {r.path for r in load_package(descriptor, inline=True).resources} == {"datapackage.json"}


def test_an_empty_list_of_files_is_refused_where_rows_inline_are_read(tmp_path: Path) -> None:
    """A list path is a table of several files only with a file in it: an empty one was an
    IndexError where validation reads rows inline (found by test_hardening's Hypothesis)."""
    from threadarchive.errors import PackageError

    (tmp_path / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "t", "path": [], "schema": {"fields": []}}]}), encoding="utf-8"
    )
    with pytest.raises(PackageError, match=r"resources\[0\]: expected a 'path' that is a file or a list"):
        validate(tmp_path)


@given(
    st.lists(st.integers(min_value=0, max_value=12), min_size=0, max_size=120),
)
@settings(max_examples=200, deadline=None)
def test_the_header_row_is_the_one_frictionless_detects(widths: list[int]) -> None:
    """Rows of these widths: the header row is the one frictionless's detector takes."""
    import csv
    import io

    import frictionless

    from threadarchive.validation.schema.detected import header_row

    text = "".join(",".join("x" * width) + "\n" if width else "\n" for width in widths)
    sample = list(csv.reader(io.StringIO(text, newline="")))[:100]
    dialect = frictionless.Detector().detect_dialect(sample)
    expected = dialect.header_rows[0] if dialect.header else None
    assert header_row(text) == expected


def test_a_row_cut_short_by_the_sample_s_end_is_not_counted() -> None:
    from threadarchive.validation.schema.detected import header_row

    text = "title\n" + "a,b,c,d\n" * 2 + "1"
    assert header_row(text) == 1  # widths 1, 4, 4, 1: mean 2 (2.5 rounded to even), 1 to 3
    assert header_row(text, cut=True) == 2  # the file goes on past "1": widths 1, 4, 4, mean 3


def test_a_row_too_wide_for_frictionless_in_any_of_several_files_is_found_in_it(tmp_path: Path) -> None:
    """Each file of a table of several files is looked at before frictionless is handed
    them: a row of more cells than a report lists is refused, in the file that has it."""
    from threadarchive.contract.limits import MAX_FINDINGS_PER_TYPE

    root = shutil.copytree(FOREIGN / "several-files", tmp_path / "pkg")
    wide = ",".join(["x"] * (MAX_FINDINGS_PER_TYPE + 10))
    (root / "chunk2.csv").write_text(f"id,name\n2,b\n{wide}\n", encoding="utf-8")
    report = validate(root)
    assert [(f.type, f.path, f.line) for f in report.errors if f.type == "cell-too-large"] == [
        ("cell-too-large", "chunk2.csv", 3)
    ]


def test_a_resource_with_a_url_and_no_path_is_a_path_unsafe_finding(tmp_path: Path) -> None:
    """An old descriptor's ``url`` (CKAN's, frictionless's data/issue-494.package.json) is
    read as its path, as frictionless reads it, and refused by the path gate as any URL is:
    a finding, where the package was refused whole (exit 2)."""
    root = tmp_path / "pkg"
    root.mkdir()
    resource = {"name": "schools", "url": "https://example.org/schools.csv", "format": "csv"}
    (root / "datapackage.json").write_text(json.dumps({"resources": [resource]}), encoding="utf-8")
    report = validate(root)
    assert [f.type for f in report.errors if f.type != "package-error"] == ["path-unsafe"]
