"""The benchmark's synthetic archives: valid for both validators, faults found where injected."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest

from threadarchive.archive.checks import validate

from .conftest import REPO

SCHEMA_TYPES = {"type-error", "constraint-error", "primary-key", "foreign-key"}


def generate(out: Path, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench/generate.py"), "--out", str(out), *args],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


def test_generated_archive_is_valid_for_both(tmp_path: Path) -> None:
    stats = generate(tmp_path / "pkg", "--tweets", "3000", "--seed", "3")
    assert stats["tweets"] == 3000
    assert frictionless.validate(str(tmp_path / "pkg/datapackage.json")).valid
    report = validate(tmp_path / "pkg")
    assert report.valid, [f.to_dict() for f in report.errors]
    text = (tmp_path / "pkg/data/tweets.csv").read_text(encoding="utf-8")
    assert "\n\n" in text and "🇺🇦" in text and "Покровськ" in text  # multi-line, emoji, Cyrillic


@pytest.mark.parametrize("seed", [1, 2], ids=["seed-1", "seed-2"])
def test_injected_faults_are_found_by_both_engines_alike(tmp_path: Path, seed: int) -> None:
    generate(tmp_path / "bad", "--tweets", "2000", "--faults", "12", "--seed", str(seed))
    injected = json.loads((tmp_path / "bad/faults.json").read_text())
    sql, fast, slow = (validate(tmp_path / "bad", engine=e) for e in ("duckdb", "fast", "frictionless"))

    def located(report: object) -> list[tuple]:
        return sorted((f.type, f.path, f.row, f.field) for f in report.findings if f.type in SCHEMA_TYPES)

    assert located(fast) == located(slow)
    assert located(sql) == located(slow)
    assert sorted((f.to_dict() for f in sql.findings), key=repr) == sorted(
        (f.to_dict() for f in fast.findings), key=repr
    )
    rows = {
        (f.path, f.row) for f in fast.findings if f.type in SCHEMA_TYPES or f.type == "tweet-count-mismatch"
    }
    for fault in injected:
        assert (f"data/{fault['table']}.csv", fault["row"]) in rows, fault
