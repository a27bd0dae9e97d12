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
