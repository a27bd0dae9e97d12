"""Terms decide what is public: an archive of one thread whose terms allow public
distribution and one whose terms do not. The public artifacts (the public variant the
wheel ships, the public zip) hold the first in full and the second as ID-only rows;
the release folder holds both; every license statement says the same thing. And
``captured_at_utc``, the capture time as a timestamp beside ``captured_at``.

One archive, released once, for the module: the tests only read it (or copies of it).
"""

from __future__ import annotations

import json
import shutil
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

import threadarchive
from threadarchive.archive.checks import validate
from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.metadata import Curation
from threadarchive.archive.scaffold import init
from threadarchive.archive.settings import Settings
from threadarchive.archive.store import Store
from threadarchive.errors import FixityError, InputError
from threadarchive.release import fixity
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases
from threadarchive.release.bundles import make_zip
from threadarchive.release.documents import TEXTS_TERMS

from .conftest import DAY, REPO, SEED, write_capture

RESTRICTED = ["Words only the research group may read, xylophone-quokka 1/", "Second of them 2/"]


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Release 1.0.0 of the seed under `open-license` and a thread under `public-post`."""
    folder = tmp_path_factory.mktemp("terms")
    root = init(folder / "archive", name="test-archive", title="Test archive").root
    archive = Store(root)
    seed = Curation(language="en", terms="open-license", captured_at="2025-11-06T11:30:00+02:00")
    ingest(archive, [Source(SEED, seed)], today=DAY)
    other = write_capture(folder / "restricted.txt", RESTRICTED)
    ingest(
        archive,
        [Source(other, Curation(language="en", terms="public-post", captured_at="2025-11-07"))],
        today=DAY,
    )
    return releases.publish(root, planning.plan(root, bump="minor", created=DAY))


def _threads_by_terms(release: Path) -> dict[str, str]:
    threads = threadarchive.load_threads(source=release)
    return dict(zip(threads["terms"], threads["thread_id"], strict=True))


def test_the_release_folder_keeps_every_text(released: Path) -> None:
    tweets = threadarchive.load_tweets(source=released)
    by_terms = _threads_by_terms(released)
    assert set(tweets["thread_id"]) == {by_terms["open-license"], by_terms["public-post"]}
    assert RESTRICTED[0] in set(tweets["text"])


def test_the_public_zip_holds_the_allowed_texts_and_ids_of_the_rest(released: Path, tmp_path: Path) -> None:
    by_terms = _threads_by_terms(released)
    public = make_zip(released, tmp_path / "public.zip", public=True)
    assert fixity.verify(public).valid  # anchored by the archive's index, as the release is
    assert validate(released / "public").valid  # a valid package: keys hold with threads left out
    tweets = threadarchive.load_tweets(source=public)
    assert set(tweets["thread_id"]) == {by_terms["open-license"]}
    assert len(tweets) == 13 and tweets["text"].notna().all()
    ids = threadarchive.load_tweets(source=public, variant="ids")
    withheld = ids[ids["thread_id"] == by_terms["public-post"]]
    assert len(withheld) == len(RESTRICTED) and "text" not in ids.columns
    threads = threadarchive.load_threads(source=public)
    assert list(threads["thread_id"]) == [by_terms["open-license"]]
    with zipfile.ZipFile(public) as bundle:  # not one byte of the restricted texts, in any file
        assert not [n for n in bundle.namelist() if b"xylophone-quokka" in bundle.read(n)]
        assert all(n.startswith("1.0.0/") for n in bundle.namelist())


def test_the_wheel_ships_the_public_variant_and_it_loads_as_the_release(
    released: Path, tmp_path: Path
) -> None:
    """The hook that chooses the wheel's releases maps the public variant to
    threadarchive/_releases/1.0.0; laid out as the wheel lays it (the index beside it),
    it loads as release 1.0.0, anchored by the index; edited, it is refused."""
    import sys

    sys.path.insert(0, str(REPO))
    try:
        from hatch_build import ReleasesHook
    finally:
        sys.path.remove(str(REPO))
    root = released.parents[1]
    hook = ReleasesHook(str(root), {}, None, None, str(tmp_path), "wheel")
    build: dict[str, dict[str, str]] = {"force_include": {}}
    hook.initialize("standard", build)
    assert build["force_include"] == {
        str(released / "public"): "threadarchive/_releases/1.0.0",
        str(root / "releases/index.json"): "threadarchive/_releases/index.json",
    }
    shipped = tmp_path / "_releases"
    for source, target in build["force_include"].items():
        copy = shipped / Path(target).relative_to("threadarchive/_releases")
        shutil.copytree(source, copy) if Path(source).is_dir() else shutil.copyfile(source, copy)
    tweets = threadarchive.load_tweets(source=shipped / "1.0.0")
    assert tweets.attrs["version"] == "1.0.0" and RESTRICTED[0] not in set(tweets["text"])
    assert fixity.verify(shipped / "1.0.0").valid
    descriptor = shipped / "1.0.0/datapackage.json"
    descriptor.write_text(descriptor.read_text().replace("(public)", "(all of it)"))
    with pytest.raises(FixityError, match="not the release that was published"):
        threadarchive.load_tweets(source=shipped / "1.0.0")


def test_every_license_statement_says_the_same(released: Path) -> None:
    """The compilation under the archive's license, the texts under each thread's terms:
    in the package metadata, LICENSE-DATA, the card's header and text, LICENSE.md,
    CITATION.cff, .zenodo.json and Croissant, of the release and of its public variant."""
    compilation = Settings.read(released.parents[1]).license["name"]
    assert compilation == "CC-BY-4.0"  # as the repository's archive.yaml says, and init writes
    statements = {
        "pyproject.toml": tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["license"],
        "LICENSE-DATA": (REPO / "LICENSE-DATA").read_text(),
    }
    for folder in (released, released / "public"):
        card = (folder / "README.md").read_text()
        header = yaml.safe_load(card.split("---\n")[1])
        assert (header["license"], header["license_link"]) == ("other", "LICENSE.md")
        assert (folder / header["license_link"]).is_file()
        cff = yaml.safe_load((folder / "CITATION.cff").read_text())
        assert cff["license"] == compilation  # the SPDX list has no entry for the texts' terms
        zenodo = json.loads((folder / ".zenodo.json").read_text())
        assert zenodo["license"] == compilation.lower()
        croissant = json.loads((folder / "croissant.json").read_text())["license"]
        assert croissant[0] == "https://creativecommons.org/licenses/by/4.0/"
        statements |= {
            f"{folder.name}: card header": header["license_name"]
            .upper()
            .replace("-AND-THREAD-TERMS", " thread-terms"),
            f"{folder.name}: card": card.split("## Rights")[1],
            f"{folder.name}: LICENSE.md": (folder / "LICENSE.md").read_text(),
            f"{folder.name}: CITATION.cff": cff["message"],
            f"{folder.name}: .zenodo.json": zenodo["notes"],
            f"{folder.name}: croissant.json": croissant[1],
        }
    for where, text in statements.items():
        assert compilation in text, where
        assert TEXTS_TERMS.removeprefix("LicenseRef-") in text, where


def test_public_terms_name_terms_of_the_contract(released: Path) -> None:
    assert Settings.from_dict({"name": "a", "title": "A"}).public_terms == ("author-consent", "open-license")
    assert Settings.from_dict({"name": "a", "title": "A", "public_terms": []}).public_terms == ()
    with pytest.raises(InputError) as raised:
        Settings.from_dict({"name": "a", "title": "A", "public_terms": ["public-domain"]})
    assert raised.value.parameter == "public_terms"


def test_a_release_without_a_public_variant_has_no_public_zip(released: Path, tmp_path: Path) -> None:
    older = shutil.copytree(released, tmp_path / "1.0.0")
    shutil.rmtree(older / "public")
    with pytest.raises(InputError) as raised:
        make_zip(older, tmp_path / "public.zip", public=True)
    assert raised.value.parameter == "public" and not (tmp_path / "public.zip").exists()


@pytest.mark.parametrize("table", ["threads", "captures"])
def test_captured_at_utc_is_a_timestamp_where_the_capture_time_is_known(released: Path, table: str) -> None:
    """A time with its zone becomes its UTC instant; a date alone has no instant, and the
    typed column is empty there while ``captured_at`` keeps what was given."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = pq.read_table(released / f"data/{table}.parquet")
    assert pa.types.is_timestamp(rows.schema.field("captured_at_utc").type)
    assert rows.schema.field("captured_at").type == pa.string()
    given = dict(zip(rows["captured_at"].to_pylist(), rows["captured_at_utc"].to_pylist(), strict=True))
    assert given["2025-11-06T11:30:00+02:00"].isoformat()[:19] == "2025-11-06T09:30:00"
    assert given["2025-11-07"] is None


def test_the_public_card_declares_the_id_only_rows_of_every_thread(
    released: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The public variant's Hugging Face configs: its tables with rows, and the ID-only
    variant, whose rows cover the threads it leaves out; `datasets` loads them."""
    for name in ("HF_DATASETS_OFFLINE", "HF_HUB_OFFLINE"):
        monkeypatch.setenv(name, "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    public = released / "public"
    header = yaml.safe_load((public / "README.md").read_text().split("---\n")[1])
    configs = {c["config_name"]: c["data_files"] for c in header["configs"]}
    assert set(configs) == {"threads", "tweets", "captures", "ids-threads", "ids-tweets"}
    loaded = datasets.load_dataset(str(public), "ids-tweets", split="train", cache_dir=str(tmp_path / "hf"))
    by_terms = _threads_by_terms(released)
    assert set(loaded["thread_id"]) == {by_terms["open-license"], by_terms["public-post"]}
    assert loaded.num_rows == 13 + len(RESTRICTED) and "text" not in loaded.column_names
