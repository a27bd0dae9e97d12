"""A release where researchers take it: a BagIt bag, the Hugging Face Hub, a citation and
Zenodo record, readers that keep IDs whole, and a source commit it is rebuilt from."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.metadata import Curation
from threadarchive.archive.store import Store
from threadarchive.cli import main
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases
from threadarchive.release import reproduce as reproducing
from threadarchive.release.documents import id_columns, reading_snippets

from .conftest import CAPTURES, DAY, REPO, write_capture

TWARC = CAPTURES / "twarc" / "conversation.jsonl"


def run(root: Path, *args: str) -> object:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def published(root: Path) -> Path:
    return releases.publish(root, planning.plan(root, bump="minor", created=DAY))


@pytest.fixture
def with_ids(archive: Path) -> Path:
    """The seed archive with a twarc capture added: tweets with their 19-digit IDs."""
    ingest(Store(archive), [Source(TWARC, Curation(language="en-GB"))], today=DAY)
    return archive


def test_the_bag_is_valid_bagit_and_the_same_bytes_every_time(archive: Path) -> None:
    import bagit

    result = run(archive, "release", "--bump", "minor", "--date", "2026-11-25", "--zip", "--bag", "-q")
    assert result.exit_code == 0, result.output
    bag_path = archive / "dist/test-archive-data-1.0.0-bag"
    assert str(bag_path) in result.output
    bag = bagit.Bag(str(bag_path))
    bag.validate()  # raises BagValidationError when a manifest fails
    assert bag.info["Bagging-Date"] == "2026-11-25"
    assert bag.info["External-Identifier"] == "test-archive 1.0.0"
    assert set(bag.algorithms) == {"sha256", "sha512"}
    release = archive / "releases/1.0.0"
    assert sorted(bag.payload_files()) == sorted(
        f"data/{p.relative_to(release).as_posix()}" for p in release.rglob("*") if p.is_file()
    )

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    first = files(bag_path)
    from threadarchive.archive.settings import Settings
    from threadarchive.release.bundles import make_bag

    make_bag(release, bag_path, Settings.read(archive))  # made again, over the first
    assert files(bag_path) == first
    (bag_path / "data/data/tweets.csv").write_text("changed")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(bag_path)).validate()


def test_the_hugging_face_datasets_library_loads_each_table(
    with_ids: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    release = published(with_ids)
    card = (release / "README.md").read_text()
    header = yaml.safe_load(card.split("---\n")[1])
    assert header["language"] == ["en"] and header["license"] == "other"
    assert (header["license_name"], header["license_link"]) == ("cc-by-4.0-and-thread-terms", "LICENSE.md")
    assert header["size_categories"] == ["n<1K"] and header["pretty_name"] == "Test archive"
    configs = {c["config_name"]: c["data_files"] for c in header["configs"]}
    # every table with rows, and the ID-only variant's; the empty ones (anomalies, withdrawals) none
    # (datasets refuses an empty split whatever a card declares)
    assert set(configs) == {"threads", "tweets", "captures", "ids-threads", "ids-tweets"}
    for config, data_file in configs.items():
        loaded = datasets.load_dataset(str(release), config, split="train", cache_dir=str(tmp_path / "hf"))
        expected = pq.read_table(release / data_file)
        assert loaded.num_rows == expected.num_rows > 0
        assert loaded.column_names == expected.column_names
        key = "tweet_id" if config.endswith("tweets") else "thread_id"
        assert list(loaded[key]) == expected.column(key).to_pylist()


def test_citation_and_zenodo_name_the_archive_as_its_settings_say(archive: Path) -> None:
    import jsonschema

    settings = archive / "archive.yaml"
    text = settings.read_text()
    text = re.sub(
        r"authors:\n  - name: .*\n",
        "authors:\n  - given-names: Ada\n    family-names: Lovelace\n    orcid: 0000-0002-1825-0097\n"
        "    affiliation: Analytical Engines\n  - name: The Archive Group\n",
        text,
    )
    text = text.replace("repository: null", "repository: https://github.com/example/archive")
    settings.write_text(text.replace("doi: null", "doi: 10.5281/zenodo.1234567"))
    Store(archive).rebuild()  # the descriptor takes the settings
    release = published(archive)

    cff = yaml.safe_load((release / "CITATION.cff").read_text())
    schema = json.loads((REPO / "tests/data/cff-1.2.0.schema.json").read_text())
    jsonschema.validate(cff, schema, format_checker=jsonschema.FormatChecker())
    assert cff["authors"] == [
        {"given-names": "Ada", "family-names": "Lovelace", "orcid": "https://orcid.org/0000-0002-1825-0097",
         "affiliation": "Analytical Engines"},
        {"name": "The Archive Group"},
    ]  # fmt: skip
    assert (cff["version"], cff["date-released"], cff["license"]) == ("1.0.0", "2026-11-25", "CC-BY-4.0")
    assert (cff["repository-code"], cff["doi"]) == (
        "https://github.com/example/archive",
        "10.5281/zenodo.1234567",
    )
    with pytest.raises(jsonschema.ValidationError):  # the schema is strict enough to fail
        jsonschema.validate({**cff, "doi": "not a doi"}, schema)

    zenodo = json.loads((release / ".zenodo.json").read_text())
    assert zenodo["creators"] == [
        {"name": "Lovelace, Ada", "affiliation": "Analytical Engines", "orcid": "0000-0002-1825-0097"},
        {"name": "The Archive Group"},
    ]
    assert (zenodo["upload_type"], zenodo["version"], zenodo["license"]) == ("dataset", "1.0.0", "cc-by-4.0")
    assert {"identifier": "10.5281/zenodo.1234567", "relation": "isVersionOf", "scheme": "doi"} in zenodo[
        "related_identifiers"
    ]
    descriptor = json.loads((release / "datapackage.json").read_text())
    assert descriptor["id"] == "https://doi.org/10.5281/zenodo.1234567"
    assert descriptor["contributors"][0]["path"] == "https://orcid.org/0000-0002-1825-0097"
    card = (release / "README.md").read_text()
    assert "https://doi.org/10.5281/zenodo.1234567" in card and "Lovelace" in card


def test_a_bad_orcid_or_doi_is_named(archive: Path) -> None:
    settings = archive / "archive.yaml"
    original = settings.read_text()
    settings.write_text(original.replace("doi: null", "doi: zenodo-1234"))
    result = run(archive, "validate")
    assert result.exit_code == 1  # the archive is invalid until its settings are mended
    assert "setting 'doi': expected a DOI like 10.5281/zenodo.123, found 'zenodo-1234'" in result.output
    settings.write_text(
        re.sub(r"  - name: .*\n", "  - family-names: X\n    orcid: 0000-0002-1825\n", original)
    )
    result = run(archive, "validate")
    assert result.exit_code == 1 and "orcid: expected like https://orcid.org/" in result.output
    assert run(archive, "release", "--bump", "minor", "-q").exit_code == 1  # and refused


def snippets(card: str) -> dict[str, str]:
    """The card's reading snippets by the comment they open with."""
    blocks = re.findall(r"```\w+\n(.*?)```", card, flags=re.DOTALL)
    return {block.splitlines()[0]: block for block in blocks if block.startswith(("# ", "-- "))}


def test_the_reading_snippets_keep_19_digit_ids_as_printed(
    with_ids: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb
    import pandas as pd

    release = published(with_ids)
    expected = {
        table: {c: pq.read_table(release / f"data/{table}.parquet").column(c).to_pylist() for c in columns}
        for table, columns in (("tweets", ["tweet_id", "thread_id"]), ("threads", ["author_id"]))
    }
    assert any(len(i or "") == 19 for i in expected["tweets"]["tweet_id"])
    monkeypatch.chdir(release)
    # Read as numbers, the IDs lose digits: what the snippets are for.
    naive = pd.read_csv("data/tweets.csv").tweet_id.dropna()
    assert [str(int(i)) for i in naive] != [i for i in expected["tweets"]["tweet_id"] if i]

    printed = snippets((release / "README.md").read_text())
    for tool in ("# pandas", "# polars"):
        namespace: dict = {}
        exec(printed[tool], namespace)
        for table, columns in expected.items():
            frame = namespace[table]
            for column, ids in columns.items():
                values = frame[column].to_list()
                assert [None if pd.isna(v) else v for v in values] == ids, (tool, column)
    connection = duckdb.connect()
    connection.execute(printed["-- DuckDB"])
    for table, columns in expected.items():
        for column, ids in columns.items():
            assert [r[0] for r in connection.execute(f"SELECT {column} FROM {table}").fetchall()] == ids


def test_the_readme_shows_the_snippets_the_card_prints() -> None:
    from threadarchive import contract

    tables = {t.name: id_columns({"schema": t.schema}) for t in contract.tables()}
    assert reading_snippets(tables) in (REPO / "README.md").read_text()


@pytest.fixture
def repository(archive: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The archive as a git repository with one commit."""
    for variable in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{variable}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{variable}_EMAIL", "test@example.org")
    subprocess.run(["git", "init", "--quiet", "-b", "main"], cwd=archive, check=True)
    commit(archive, "The archive")
    return archive


def commit(root: Path, message: str) -> str:
    subprocess.run(["git", "add", "--all"], cwd=root, check=True)
    subprocess.run(["git", "commit", "--quiet", "-m", message], cwd=root, check=True)
    return git(root, "rev-parse", "HEAD")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout.strip()


def test_a_release_records_its_commit_is_tagged_and_is_rebuilt_from_it(
    repository: Path, tmp_path: Path
) -> None:
    head = git(repository, "rev-parse", "HEAD")
    result = run(repository, "release", "--bump", "minor", "--date", "2026-11-25", "-q")
    assert result.exit_code == 0, result.output
    descriptor = json.loads((repository / "releases/1.0.0/datapackage.json").read_text())
    assert descriptor["x-source"] == {"commit": head, "dirty": False}
    assert git(repository, "rev-parse", "data-v1.0.0") == head
    assert "as data-v1.0.0; publish the tag with: git push origin data-v1.0.0" in result.output
    commit(repository, "Release 1.0.0")

    # The archive grows: the release is rebuilt from its own commit, not from today's data.
    run(repository, "ingest", str(write_capture(tmp_path / "b.txt", ["Another 1/", "thread 2/"])))
    commit(repository, "Another thread")
    reproduced = run(repository, "reproduce", "1.0.0")
    assert reproduced.exit_code == 0, reproduced.output
    assert reproduced.output == f"release 1.0.0 is reproduced byte for byte from commit {head}\n"
    assert git(repository, "worktree", "list").count("\n") == 0  # the temporary worktree is gone

    (repository / "releases/1.0.0/data/tweets.csv").write_bytes(b"tampered")
    differs = run(repository, "reproduce", "1.0.0")
    assert differs.exit_code == 1
    assert (
        f"differs from its rebuild from commit {head} in: SHA256SUMS, data/tweets.csv" not in differs.output
    )
    assert "data/tweets.csv" in differs.output


def test_release_again_tags_a_release_a_kill_left_untagged(repository: Path) -> None:
    head = git(repository, "rev-parse", "HEAD")
    assert run(repository, "release", "--bump", "minor", "--date", "2026-11-25", "-q").exit_code == 0
    git(repository, "tag", "-d", "data-v1.0.0")  # as a kill before the tag leaves it
    again = run(repository, "release", "-q")  # no bump: nothing new, the tag is what is left
    assert again.exit_code == 0, again.output
    assert "as data-v1.0.0" in again.stdout
    assert git(repository, "rev-parse", "data-v1.0.0") == head
    done = run(repository, "release", "--bump", "minor", "-q")  # tagged: nothing left to do
    assert done.exit_code == 2 and "nothing to release" in done.stderr


def test_uncommitted_changes_are_refused_unless_allowed(repository: Path, tmp_path: Path) -> None:
    run(repository, "ingest", str(write_capture(tmp_path / "b.txt", ["Another 1/", "thread 2/"])))
    refused = run(repository, "release", "--bump", "minor", "-q")
    assert refused.exit_code == 2
    assert "the archive's source has uncommitted changes" in refused.stderr
    assert not (repository / "releases").exists()

    allowed = run(repository, "release", "--bump", "minor", "-q", "--allow-dirty", "--json")
    assert allowed.exit_code == 0, allowed.output
    outcome = json.loads(allowed.output)
    assert outcome["tag"].startswith("not tagged: the release was built from uncommitted changes")
    assert git(repository, "tag", "--list") == ""
    commit(repository, "The release and the thread")
    reproduced = run(repository, "reproduce", "1.0.0")
    assert reproduced.exit_code == 1
    assert "It was built from uncommitted changes, which that commit lacks." in reproduced.output


def test_uncommitted_changes_refused_in_the_archive_name_its_folder_not_dot(
    repository: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(repository, "ingest", str(write_capture(tmp_path / "b.txt", ["Another 1/", "thread 2/"])))
    monkeypatch.chdir(repository)  # no -C: the archive's root is "."
    refused = CliRunner().invoke(main, ["release", "--bump", "minor", "-q"])
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"Error: {repository}: the archive's source has uncommitted changes")


def test_outside_git_nothing_is_recorded(archive: Path) -> None:
    env = os.environ.get("GIT_DIR")
    assert env is None
    release = published(archive)
    assert "x-source" not in json.loads((release / "datapackage.json").read_text())
    assert reproducing.tag(archive, "1.0.0") is None
