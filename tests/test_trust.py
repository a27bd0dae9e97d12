"""Issue 20's critical cases: nothing planted in an archive runs code or touches what a
command may not write, and no link swapped in mid-command leads a write out of it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import threadarchive
from threadarchive.archive import ingest as ingest_module
from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.journal import Journal
from threadarchive.archive.store import Store
from threadarchive.cli import main
from threadarchive.errors import ConflictError, FixityError, InputError, UnsafePathError
from threadarchive.files import strictjson
from threadarchive.release import bundles, fixity
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases
from threadarchive.release.history import verify_archive

from .conftest import snapshot, write_capture
from .test_hardening import forge, never_blocking

PLANTED = {
    "git-config": {"moves": [], "writes": {".git/config": "[core]\n\tfsmonitor = touch /tmp/owned\n"}},
    "git-hook": {"moves": [], "writes": {".git/hooks/pre-commit": "#!/bin/sh\ntouch owned\n"}},
    "settings": {"moves": [], "writes": {"archive.yaml": "name: hijacked\n"}},
    "release-out": {"moves": [["releases/1.0.0", ".threadarchive/staging/gone"]], "writes": {}},
    "release-over": {
        "moves": [[".threadarchive/staging/x", "releases/1.0.0/datapackage.json"]],
        "writes": {},
    },
    "raw-elsewhere": {"moves": [[".threadarchive/staging/a.txt", "data/meta/a.yaml"]], "writes": {}},
    "code": {"moves": [], "writes": {"src/threadarchive/__init__.py": "import os\n"}},
    "withdrawn-back": {"moves": [[".threadarchive/staging/withdrawn/x", "releases/9.9.9"]], "writes": {}},
}


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def released(archive: Path) -> Path:
    releases.publish(archive, planning.plan(archive, bump="minor", created=None))
    subprocess.run(["git", "init", "-q", str(archive)], check=True)
    return archive


@pytest.mark.parametrize("journal", PLANTED.values(), ids=PLANTED.keys())
def test_a_planted_journal_is_refused_whole_and_applies_nothing(released: Path, journal: dict) -> None:
    planted = released / ".threadarchive/journal.json"
    planted.write_text(json.dumps(journal))
    before = snapshot(released)
    for command in (("rebuild",), ("meta", next(iter(before_ids(released))), "--language", "uk")):
        result = run("-C", str(released), *command)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"Error: {planted}: expected only the steps")
        assert result.stderr.count("\n") == 1
    assert snapshot(released) == before  # nothing applied, nothing else changed
    assert "fsmonitor" not in (released / ".git/config").read_text()
    planted.unlink()  # as the message says to
    assert run("-C", str(released), "verify").exit_code == 0


def before_ids(root: Path) -> list[str]:
    return [p.stem for p in (root / "data/meta").glob("*.yaml")]


def test_the_journals_commands_write_pass_the_check(released: Path, tmp_path: Path) -> None:
    """The rule is not so strict that the commands' own journals break: a release, an
    ingest and a withdrawal each commit through it (and a kill's leftovers recover)."""
    ingest(Store(released), [Source(write_capture(tmp_path / "n.txt", ["New 1/", "thread 2/"]))])
    releases.publish(released, planning.plan(released, bump="minor"))
    [thread] = [t for t in before_ids(released) if not t.startswith("michael")]
    result = run("-C", str(released), "withdraw", thread, "--reason", "asked")
    assert result.exit_code == 0, result.output
    assert run("-C", str(released), "verify").exit_code == 0


def test_a_journal_is_checked_again_before_it_is_applied(tmp_path: Path) -> None:
    journal = Journal(writes={".git/config": "x"})
    with pytest.raises(InputError, match=r"found a write of '\.git/config'"):
        journal.apply(tmp_path)
    assert not (tmp_path / ".git").exists()


def test_a_folder_swapped_for_a_link_mid_ingest_writes_nothing_outside(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The path gate checks .threadarchive/staging; it is then swapped for a link out of
    the archive before the capture is copied there. The copy must not follow it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    staging = archive / ".threadarchive" / "staging"
    real_copy = ingest_module.atomic_copy

    def swapped(source: Path, target: Path, *, beneath: Path | None = None) -> str:
        if staging.exists():
            staging.rmdir() if not any(staging.iterdir()) else None
        staging.parent.mkdir(parents=True, exist_ok=True)
        if not staging.is_symlink():
            staging.symlink_to(outside, target_is_directory=True)
        return real_copy(source, target, beneath=beneath)

    monkeypatch.setattr(ingest_module, "atomic_copy", swapped)
    capture = write_capture(tmp_path / "new.txt", ["New 1/", "thread 2/"])
    with pytest.raises(UnsafePathError, match=r"staging.* is unsafe: .*; nothing was"):
        ingest(Store(archive), [Source(capture)])
    assert list(outside.iterdir()) == []  # nothing was written outside the archive


# Every published byte is anchored by the index ----------------------------------------------------


def test_an_edited_card_or_citation_fails_verify_though_its_sha256sums_agree(released: Path) -> None:
    folder = released / "releases/1.0.0"
    for name in ("CITATION.cff", "README.md"):
        path = folder / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("Test archive", "Forged Author"), encoding="utf-8"
        )
    fixity.write_checksums(folder)  # the release's own manifest agrees with the edit
    report = fixity.verify(folder)
    assert sorted((f.type, f.path) for f in report.errors) == [
        ("hash-mismatch", "CITATION.cff"),
        ("hash-mismatch", "README.md"),
    ]
    assert run("-C", str(released), "verify").exit_code == 1


def test_a_forged_zip_of_the_archives_own_release_is_an_error(released: Path, tmp_path: Path) -> None:
    forged = tmp_path / "1.0.0"
    shutil.copytree(released / "releases/1.0.0", forged)
    forge(forged)  # data, descriptor and SHA256SUMS changed together
    zipped = bundles.make_zip(forged, released / "dist" / "test-archive-data-1.0.0.zip")
    report = fixity.verify(zipped)
    unanchored = [f for f in report.findings if f.type == "release-unanchored"]
    assert unanchored and unanchored[0].severity == "error"
    assert not [f for f in report.findings if f.type == "release-not-indexed"]
    with pytest.raises(FixityError):
        threadarchive.load_tweets(source=zipped)


def test_a_site_in_a_zip_replaced_with_its_own_sha256sums_fails_verify(
    released: Path, tmp_path: Path
) -> None:
    from threadarchive.access.site import build_site

    release = released / "releases/1.0.0"
    site = build_site(release, tmp_path / "site").path
    zipped = bundles.make_zip(release, released / "dist" / "test-archive-data-1.0.0.zip", site=site)
    assert threadarchive.verify(zipped).valid  # the site the release builds
    page = next(p for p in sorted((site / "threads").iterdir()) if p.suffix == ".html")
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " (forged)</h1>", 1), encoding="utf-8")
    (site / "planted.js").write_text("alert(1)\n", encoding="utf-8")
    forged = bundles.make_zip(release, released / "dist" / "forged.zip", site=site)  # its SHA256SUMS agree
    assert not [f for f in fixity.verify(forged).findings if f.severity == "error"]
    report = threadarchive.verify(forged)
    named = {(f.type, f.path) for f in report.findings}
    assert named == {
        ("site-not-rebuilt", f"1.0.0-site/threads/{page.name}"),
        ("site-not-rebuilt", "1.0.0-site/planted.js"),
    }
    result = run("-C", str(released), "verify", str(forged), "--json")
    assert result.exit_code == 1
    assert {f["type"] for f in json.loads(result.output)["findings"]} == {"site-not-rebuilt"}


def test_a_bag_is_verified_as_its_release_and_by_its_own_manifests(
    released: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    from threadarchive.archive.settings import Settings

    bag = bundles.make_bag(
        released / "releases/1.0.0", released / "dist/test-archive-data-1.0.0-bag", Settings.read(released)
    )
    assert threadarchive.verify(bag).valid
    card = bag / "data/README.md"
    card.write_text(card.read_text(encoding="utf-8") + "Forged.\n", encoding="utf-8")
    fixity.write_checksums(bag / "data")  # the release's own manifest agrees; the index does not
    report = threadarchive.verify(bag)
    assert ("hash-mismatch", "data/README.md") in {(f.type, f.path) for f in report.errors}
    assert ("manifest-error", "bagit.txt") in {(f.type, f.path) for f in report.errors}  # bagit's too
    real_import = builtins.__import__

    def without_bagit(name: str, *args: object, **kwargs: object) -> object:
        if name == "bagit":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_bagit)  # the light install
    light = threadarchive.verify(bag)
    assert "bag-unchecked" in {f.type for f in light.warnings}
    assert ("hash-mismatch", "data/README.md") in {(f.type, f.path) for f in light.errors}


def test_a_release_the_index_lists_must_exist(released: Path) -> None:
    shutil.rmtree(released / "releases/1.0.0")
    reports = verify_archive(released)
    assert [(f.type, f.path) for r in reports for f in r.errors] == [
        ("release-missing", "releases/index.json")
    ]
    assert run("-C", str(released), "verify").exit_code == 1


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_an_index_rolled_back_is_refused_and_its_version_never_published_again(
    released: Path, tmp_path: Path
) -> None:
    git(released, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    git(released, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "1.0.0")
    ingest(Store(released), [Source(write_capture(tmp_path / "n.txt", ["New 1/", "thread 2/"]))])
    git(released, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    git(released, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a thread")
    releases.publish(released, planning.plan(released, bump="minor"))
    git(released, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    git(released, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "1.1.0")
    # Roll back: the index as it was before 1.1.0, and 1.1.0's folder and changelog gone.
    git(released, "checkout", "HEAD~1", "--", "releases/index.json", "CHANGELOG.md")
    shutil.rmtree(released / "releases/1.1.0")
    [index_report] = [r for r in verify_archive(released) if r.path.endswith("index.json")]
    assert [f.type for f in index_report.errors] == ["index-rewritten"]
    assert "1.1.0" in index_report.errors[0].message
    with pytest.raises(ConflictError, match=r"release 1\.1\.0 was published before"):
        planning.plan(released, bump="minor")


# Every input error is one line, exit 2: YAML, JSON and the index, read strictly ------------------


def with_rights(text: str, rights: str) -> str:
    data = yaml.safe_load(text)
    data["rights"] = rights
    return yaml.safe_dump(data, allow_unicode=False)


YAML_CASES = {
    "duplicate-key": ("archive.yaml", lambda t: t + "name: twice\n", "the key 'name' twice"),
    "impossible-date": ("archive.yaml", lambda t: t + "x-when: 2026-02-30\n", "cannot be read"),
    "huge-integer": ("archive.yaml", lambda t: t + "x-n: " + "9" * 5000 + "\n", "cannot be read"),
    "meta-duplicate": ("meta", lambda t: t + "language: en\nlanguage: uk\n", "the key 'language' twice"),
    "meta-bidi-note": ("meta", lambda t: with_rights(t, "\u202eevil"), "U+202E"),
    "meta-line-separator": ("meta", lambda t: with_rights(t, "a\u2028b"), "U+2028"),
    "meta-escape": ("meta", lambda t: with_rights(t, "\x1b]0;owned\x07"), "U+001B"),
}


@pytest.mark.parametrize(("target", "change", "said"), YAML_CASES.values(), ids=YAML_CASES.keys())
def test_hostile_yaml_is_one_line_exit_2(archive: Path, target: str, change: object, said: str) -> None:
    path = (
        archive / "archive.yaml" if target == "archive.yaml" else next((archive / "data/meta").glob("*.yaml"))
    )
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    result = run("-C", str(archive), "rebuild")
    assert result.exit_code == 2, result.output
    assert said in result.stderr and result.stderr.startswith(f"Error: {path}")
    assert result.stderr.count("\n") == 1
    result = run("-C", str(archive), "validate", "--json")  # a finding of its own, not a traceback
    assert result.exit_code == 1, result.output
    assert "metadata-error" in {f["type"] for f in json.loads(result.stdout)["findings"]}


INDEX_CASES = {
    "withdrawals-5": lambda d: d.update(withdrawals=5),
    "withdrawal-date-x": lambda d: d.update(
        withdrawals=[
            {"thread_id": "michael-kofman-2025-11-05-755c87b0", "date": "x", "reason": "r", "releases": []}
        ]
    ),
    "withdrawal-reason-escape": lambda d: d.update(
        withdrawals=[{"thread_id": "t1", "date": "2026-01-01", "reason": "\x1b]0;owned\x07", "releases": []}]
    ),
    "created-not-a-date": lambda d: d["releases"][0].update(created="yesterday"),
    "files-bytes-text": lambda d: d["releases"][0]["files"]["README.md"].update(bytes="12"),
    "version-twice": lambda d: d["releases"].append(dict(d["releases"][0])),
}


@pytest.mark.parametrize("change", INDEX_CASES.values(), ids=INDEX_CASES.keys())
def test_a_malformed_index_is_one_line_exit_2(released: Path, change: object) -> None:
    path = released / "releases/index.json"
    data = json.loads(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))
    for command in (("verify",), ("releases",)):
        result = run("-C", str(released), *command)
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.startswith(f"Error: {path}") and result.stderr.count("\n") == 1, result.stderr


JSON_CASES = {
    "duplicate-key": (b'{"name": "a", "name": "b"}', "the key 'name' twice"),
    "huge-number": (b'{"x": ' + b"1" * 5000 + b"}", "5,000 digits"),
    "nan": (b'{"x": NaN}', "NaN"),
}


@pytest.mark.parametrize(("text", "said"), JSON_CASES.values(), ids=JSON_CASES.keys())
def test_strict_json_refuses_what_json_loads_lets_through(text: bytes, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        strictjson.loads(text)


def test_a_descriptor_with_a_key_twice_is_refused(released: Path) -> None:
    path = released / "releases/1.0.0/datapackage.json"
    path.write_bytes(path.read_bytes().replace(b'"name":', b'"name": "x", "name":', 1))
    result = run("-C", str(released), "validate", str(path))
    assert result.exit_code == 2 and "the key 'name' twice" in result.stderr, result.output


# Text is inert wherever it is shown ----------------------------------------------------------------

ACTIVE = "\x1b[2J\x1b]0;owned\x07\x1b]8;;https://evil.example\x07link\x1b]8;;\x07\u202eevil\x9b31m"


def test_escape_sequences_in_a_capture_are_shown_not_obeyed(empty_archive: Path, tmp_path: Path) -> None:
    capture = write_capture(tmp_path / "hostile.txt", [f"Tweet {ACTIVE} 1/", "plain 2/"])
    [outcome] = ingest(Store(empty_archive), [Source(capture)])
    thread = outcome.thread_id
    for command in (
        ("show", thread),
        ("show", thread, "--json"),
        ("parse", str(capture)),
        ("parse", str(capture), "--json"),
    ):
        result = run("-C", str(empty_archive), *command)
        assert result.exit_code == 0, result.output
        for active in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert active not in result.output, (command, active)
        assert "\\x1b" in result.output or "\\u001b" in result.output, command
        if "--json" in command:
            json.loads(result.stdout)  # still JSON


def test_an_error_quoting_a_file_is_inert(archive: Path) -> None:
    meta = next((archive / "data/meta").glob("*.yaml"))
    meta.write_text(meta.read_text(encoding="utf-8") + f"x-{ACTIVE[:4]}: 1\n", encoding="utf-8")
    result = run("-C", str(archive), "rebuild")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and result.stderr.count("\n") == 1


# Every read is bounded: a FIFO where a file is expected is refused before it is opened --------------


@pytest.mark.parametrize("name", ["data/tweets.csv", "datapackage.json", "CHANGELOG.md"])
def test_a_fifo_among_the_archives_files_is_refused_not_waited_on(archive: Path, name: str) -> None:
    fifo = archive / name
    fifo.unlink()
    os.mkfifo(fifo)
    for command in (("show",), ("release", "--bump", "minor", "-q"), ("validate",), ("rebuild",)):
        with never_blocking(fifo) as rescued:
            result = run("-C", str(archive), *command)
        assert not rescued[0], f"{command} blocked on the FIFO"
        assert result.exit_code == 2, (command, result.output)
        assert f"{name}: expected a regular file, found a named pipe (FIFO)" in result.stderr


def test_a_row_of_20000_cells_is_not_handed_to_frictionless(archive: Path) -> None:
    path = archive / "data/tweets.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].rstrip("\n") + "," * 20_000 + "\n"  # frictionless copied the row per extra cell
    path.write_text("".join(lines), encoding="utf-8")
    report = threadarchive.validate(archive / "datapackage.json", engine="frictionless")
    extra = [f for f in report.findings if f.type == "extra-cell"]
    assert len(extra) == 1000 and {(f.row, f.line) for f in extra} == {
        (4, 4)
    }  # frictionless counts the header as row 1


def test_a_huge_cell_hides_no_mismatch_elsewhere(archive: Path) -> None:
    import csv

    path = archive / "data/tweets.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
        header = list(rows[0])
    rows[1]["text"] = rows[1]["text"] + " (hand-edited)"  # position 2: a mismatch the captures disprove
    rows[9]["text"] = "x" * (20 << 20)  # position 10: a 20 MiB cell
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    report = threadarchive.validate(archive)
    found = {(f.type, f.row, f.field) for f in report.errors}
    assert ("table-capture-mismatch", 3, "text") in found  # the edit in row 3 is still caught
    assert ("table-capture-mismatch", 11, "text") in found  # and the huge cell itself
    assert run("-C", str(archive), "validate").exit_code == 1


REPRODUCE_CASES = {
    "no-created": (lambda d: d.pop("created"), "created: expected a date"),
    "orphan-commit": (
        lambda d: d.update({"x-source": {"commit": "--orphan", "dirty": False}}),
        "x-source.commit",
    ),
}


@pytest.mark.parametrize(("change", "said"), REPRODUCE_CASES.values(), ids=REPRODUCE_CASES.keys())
def test_reproduce_of_an_odd_descriptor_is_one_line(released: Path, change: object, said: str) -> None:
    path = released / "releases/1.0.0/datapackage.json"
    descriptor = json.loads(path.read_text())
    change(descriptor)  # type: ignore[operator]
    path.write_text(json.dumps(descriptor))
    result = run("-C", str(released), "reproduce", "1.0.0")
    assert result.exit_code == 2, result.output
    assert said in result.stderr and result.stderr.count("\n") == 1
    assert not list(Path(released / ".git").glob("worktrees/*"))  # git was never handed the value


# Unclear errors made clear --------------------------------------------------------------------------


def test_a_repeated_zip_member_is_file_repeated(released: Path, tmp_path: Path) -> None:
    import zipfile

    zipped = bundles.make_zip(released / "releases/1.0.0", tmp_path / "r.zip")
    with zipfile.ZipFile(zipped, "a") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("1.0.0/README.md", "a second README")
    report = fixity.verify(zipped)
    assert ("file-repeated", "README.md") in {(f.type, f.path) for f in report.errors}
    assert "file-too-large" not in {f.type for f in report.errors}


def test_a_zip64_record_pointing_past_the_end_says_so(tmp_path: Path) -> None:
    import struct

    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, 2**62, 1)
    path = tmp_path / "bad.zip"
    path.write_bytes(b"PK\x03\x04" + bytes(26) + locator + end)  # a zip by its first bytes
    result = run("verify", str(path))
    assert result.exit_code in (1, 2), result.output
    assert "pointing past the file's end" in result.output
    assert "Errno" not in result.output


@pytest.mark.parametrize(
    "text", ["?\n0:", "1: a\nnull: b", "2026-01-01: x"], ids=["null-and-int", "int-null", "date"]
)
def test_metadata_whose_keys_are_not_text_is_one_input_error(text: str) -> None:
    """Found by bench/fuzz.py: keys of several types could not be sorted for the message."""
    from threadarchive.archive.metadata import ThreadMeta, load_yaml
    from threadarchive.archive.settings import Settings

    with pytest.raises(InputError, match="expected only the"):
        ThreadMeta.from_dict(load_yaml(text, "meta.yaml"), "meta.yaml")
    with pytest.raises(InputError, match="expected only the"):
        Settings.from_dict(load_yaml(text, "archive.yaml"))
