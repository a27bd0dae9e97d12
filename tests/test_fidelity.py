"""Fidelity across formats: the seed thread as Scrolly text, a Thread Reader App page and a
TweetDetail response is one thread, each tweet's text verbatim from one capture.

The page and the response (tests/captures/fidelity/, made from the seed's text in the
shapes of the real files) differ from the seed on purpose: tweet 9 is edited in both, and
the response cuts tweet 4 as a long post's ``full_text`` is cut without its note.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from threadarchive.archive.checks import validate
from threadarchive.archive.curate import curate
from threadarchive.archive.ingest import Ingested, Source, ingest
from threadarchive.archive.metadata import Acknowledgement, Curation
from threadarchive.archive.scaffold import init
from threadarchive.archive.store import Store, read_table
from threadarchive.archive.tables import truncation_of
from threadarchive.capture import formats
from threadarchive.cli import main
from threadarchive.cli.hints import finding_hint
from threadarchive.contract.findings import Finding
from threadarchive.errors import InputError
from threadarchive.files.hashing import sha256_file

from .conftest import CAPTURES, DAY, SEED, SEED_ID

FIDELITY = CAPTURES / "fidelity"
PAGE = FIDELITY / "kofman-trahtml-2020-layout.html"
DETAIL = FIDELITY / "kofman-TweetDetail-S3.json"
SEED_TEXTS = [t.text for t in formats.read_capture(SEED).threads[0].tweets]
EDITED = SEED_TEXTS[8].replace("from pocket", "from the pocket")
CUT, EDIT = 4, 9  # the positions the fixtures change


def add(root: Path, capture: Path, day: int, *, replaces: bool = True) -> Ingested:
    """Ingest ``capture`` as a new capture of the seed thread (the first one when not ``replaces``)."""
    source = (
        Source(capture, replaces=(SEED_ID,)) if replaces else Source(capture, Curation(terms="public-post"))
    )
    [outcome] = ingest(Store(root), [source], today=DAY + dt.timedelta(days=day))
    return outcome


def new_archive(folder: Path, *captures: Path) -> Path:
    """An archive of the seed, then each of ``captures`` ingested as its new capture."""
    root = init(folder / "archive", name="test-archive", title="Test archive").root
    add(root, SEED, 0, replaces=False)
    for day, capture in enumerate(captures, start=1):
        add(root, capture, day)
    return root


def disagreements(root: Path, severity: str = "warning") -> dict[int, Finding]:
    found = [f for f in validate(root).findings if f.type == "text-disagreement" and f.severity == severity]
    assert all(f.thread_id == SEED_ID for f in found)
    return {f.position: f for f in found if f.position is not None}


def raw(capture: Path) -> str:
    """Where an archive keeps a capture, as findings name it."""
    return f"data/raw/{sha256_file(capture)[:16]}{capture.suffix}"


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed, then the page, then the response (current): built once, copied by tests that change it."""
    return new_archive(tmp_path_factory.mktemp("three"), PAGE, DETAIL)


@pytest.mark.parametrize(
    ("text", "other", "expected"),
    [
        ("1/ The situation… ", "1/ The situation is grave. 1/", True),
        ("1/ The situation... https://t.co/Q7vKfXa2Lm", "1/ The situation is grave. 1/", True),
        ("1/ The situ… https://t.co/a1 https://t.co/b2", "1/ The situation is grave. 1/", True),
        (
            "1/ The situation",
            "1/ The situation is grave. 1/",
            False,
        ),  # no cut shown: an edit that added words
        ("1/ The position…", "1/ The situation is grave. 1/", False),  # not its prefix
        ("1/ The situation…", "1/ The situation… https://t.co/Q7vKfXa2Lm", False),  # one cut, two shapes
        ("1/ The situation…", "1/ The situation…", False),
        ("…", "1/ The situation", False),  # an ellipsis alone keeps nothing
    ],
    ids=[
        "ellipsis",
        "dots-and-link",
        "two-links",
        "no-ellipsis",
        "other-prefix",
        "same-cut",
        "equal",
        "bare",
    ],
)
def test_a_truncation_is_a_prefix_cut_with_an_ellipsis(text: str, other: str, expected: bool) -> None:
    assert truncation_of(text, other) is expected


def test_the_fixtures_are_the_seed_in_other_formats() -> None:
    """The page and the response read as the seed's thread, apart from the two changes."""
    for capture, changed in ((PAGE, {EDIT}), (DETAIL, {CUT, EDIT})):
        [thread] = formats.read_capture(capture).threads
        assert (thread.author_name, thread.published_date, thread.tweet_count) == (
            "Michael Kofman",
            dt.date(2025, 11, 5),
            13,
        )
        texts = [t.text for t in thread.tweets]
        assert {i for i, (a, b) in enumerate(zip(texts, SEED_TEXTS, strict=True), 1) if a != b} == changed
        assert texts[EDIT - 1] == EDITED
    cut = formats.read_capture(DETAIL).threads[0].tweets[CUT - 1]
    assert cut.marker is None and truncation_of(cut.text, SEED_TEXTS[CUT - 1])


def agreeing(folder: Path) -> tuple[Path, Path]:
    """The page and the response with the seed's texts: the edit and the cut undone."""
    page = folder / "page.html"
    page.write_text(
        PAGE.read_text(encoding="utf-8").replace("from the pocket", "from pocket"), encoding="utf-8"
    )
    body = json.loads(DETAIL.read_text(encoding="utf-8"))
    ids = [t.tweet_id for t in formats.read_capture(DETAIL).threads[0].tweets]

    def mend(node: Any) -> None:
        if isinstance(node, dict):
            legacy = node.get("legacy")
            if isinstance(legacy, dict) and "full_text" in legacy:
                position = ids.index(legacy["id_str"]) + 1
                legacy["full_text"] = SEED_TEXTS[position - 1]
                legacy["display_text_range"] = [0, len(SEED_TEXTS[position - 1])]
                legacy["entities"] = {}
            for value in node.values():
                mend(value)
        elif isinstance(node, list):
            for value in node:
                mend(value)

    mend(body)
    detail = folder / "detail.json"
    detail.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return page, detail


def test_three_formats_that_agree_are_one_thread_with_the_same_texts(tmp_path: Path) -> None:
    root = new_archive(tmp_path, *agreeing(tmp_path))
    [thread] = read_table(root, "threads")
    assert (thread["thread_id"], thread["source_format"]) == (SEED_ID, "x-graphql-json")
    assert len(read_table(root, "captures")) == 3
    tweets = read_table(root, "tweets")
    assert [t["text"] for t in tweets] == SEED_TEXTS
    assert {t["text_capture"] for t in tweets} == {None}  # every text from the current capture
    assert disagreements(root) == {}
    assert validate(root).valid


def test_a_truncated_text_is_never_preferred_to_a_full_one(tmp_path: Path) -> None:
    """The response, made current, cuts tweet 4: the seed's full text stands, and says so."""
    root = new_archive(tmp_path)
    outcome = add(root, DETAIL, 1)
    assert {(w.type, w.position) for w in outcome.warnings} >= {("text-disagreement", CUT)}
    tweets = read_table(root, "tweets")
    seed_sha = sha256_file(SEED)
    assert (tweets[CUT - 1]["text"], tweets[CUT - 1]["marker"]) == (SEED_TEXTS[CUT - 1], "4/")
    assert tweets[CUT - 1]["text_capture"] == seed_sha
    assert [t["text_capture"] for t in tweets if t["position"] != CUT] == [None] * 12
    facts = {row["capture_sha256"]: set((row["facts"] or "").split()) for row in read_table(root, "captures")}
    assert "text" in facts[seed_sha] and "text" in facts[sha256_file(DETAIL)]
    found = disagreements(root)
    assert set(found) == {CUT, EDIT}
    assert (found[CUT].path, found[CUT].field) == ("data/tweets.csv", "text")
    assert (
        f"{raw(DETAIL)} (x-graphql-json) a truncation of the text taken from {raw(SEED)}"
        in found[CUT].message
    )
    report = validate(root)
    assert report.valid, [f.to_dict() for f in report.findings if f.severity == "error"]


def test_the_full_text_stands_whichever_capture_came_first(tmp_path: Path) -> None:
    root = init(tmp_path / "archive", name="test-archive", title="Test archive").root
    [first] = ingest(Store(root), [Source(DETAIL, Curation(terms="public-post"))], today=DAY)
    ingest(Store(root), [Source(SEED, replaces=(first.thread_id,))], today=DAY + dt.timedelta(days=1))
    tweets = read_table(root, "tweets")
    assert [t["text"] for t in tweets] == SEED_TEXTS  # the seed is current: its texts, none cut
    assert {t["text_capture"] for t in tweets} == {None}
    found = [f for f in validate(root).findings if f.type == "text-disagreement"]
    assert sorted(f.position for f in found if f.position) == [CUT, EDIT]


def test_an_edited_tweet_keeps_the_current_captures_text_and_is_reported(tmp_path: Path) -> None:
    root = new_archive(tmp_path, PAGE)
    tweets = read_table(root, "tweets")
    assert tweets[EDIT - 1]["text"] == EDITED
    assert tweets[EDIT - 1]["text_capture"] is None
    assert [t["text"] for t in tweets if t["position"] != EDIT] == SEED_TEXTS[:8] + SEED_TEXTS[9:]
    found = disagreements(root)
    assert set(found) == {EDIT}
    message = found[EDIT].message
    assert (
        f"{raw(SEED)} (threadreaderapp-scrolly-text) another text than the one taken from {raw(PAGE)}"
        in message
    )
    assert "'…extract people from pocket" in message


def test_each_text_comes_from_one_of_three_captures(three: Path) -> None:
    """The response is current: its cut tweet 4 takes the page's text (the newest full one),
    its edited tweet 9 stands; both disagreements are warnings naming their captures."""
    tweets = read_table(three, "tweets")
    expected = [*SEED_TEXTS[: EDIT - 1], EDITED, *SEED_TEXTS[EDIT:]]
    assert [t["text"] for t in tweets] == expected
    assert {t["position"]: t["text_capture"] for t in tweets if t["text_capture"]} == {CUT: sha256_file(PAGE)}
    found = disagreements(three)
    assert set(found) == {CUT, EDIT}
    assert raw(DETAIL) in found[CUT].message and raw(PAGE) in found[CUT].message
    assert raw(SEED) in found[EDIT].message and raw(DETAIL) in found[EDIT].message
    assert validate(three).valid  # warnings only: the tables are what the captures give


def test_an_acknowledged_disagreement_passes_a_strict_validation(three: Path, tmp_path: Path) -> None:
    """Each warning's hint, followed with a note, acknowledges it: a strict validation passes."""
    root = shutil.copytree(three, tmp_path / "archive")
    strict = ["-C", str(root), "validate", "--strict", "--json"]
    assert CliRunner().invoke(main, strict).exit_code == 1  # the warnings fail a strict validation
    for finding in disagreements(root).values():
        hint = finding_hint(finding, root)
        assert hint is not None
        words = [
            w if w != "<why it is kept>" else "checked by hand: an edit, a cut" for w in shlex.split(hint)
        ]
        acknowledged = CliRunner().invoke(main, words[1:])
        assert acknowledged.exit_code == 0, acknowledged.output
    curate(
        Store(root),
        SEED_ID,
        Curation(),
        acknowledge=Acknowledgement("marker-style-mismatch", "as printed", 12),
    )
    assert disagreements(root) == {}
    assert set(disagreements(root, "info")) == {CUT, EDIT}
    result = CliRunner().invoke(main, strict)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["valid"] is True


def test_a_disagreement_the_thread_does_not_have_cannot_be_acknowledged(three: Path, tmp_path: Path) -> None:
    root = shutil.copytree(three, tmp_path / "archive")
    with pytest.raises(InputError) as refused:
        curate(Store(root), SEED_ID, Curation(), acknowledge=Acknowledgement("text-disagreement", "no", 5))
    assert refused.value.parameter == "acknowledge"
