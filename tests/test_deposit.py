"""Citable releases: `threadarchive deposit zenodo` against a local server speaking
Zenodo's documented deposit API, the DOIs it records, `threadarchive cite`, and what
the card and CITATION.cff say of authors, DOIs, selection, biases and personal
information (from archive.yaml, never invented)."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from threadarchive.archive.index import Index
from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.metadata import Curation
from threadarchive.archive.settings import Settings
from threadarchive.archive.store import Store
from threadarchive.cli import main
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases

from .conftest import DAY, snapshot, write_capture

TOKEN = "a-zenodo-token"
CONCEPT = "10.5072/zenodo.100"


@dataclass
class Zenodo:
    """What the fake Zenodo was sent."""

    base: str = ""
    requests: list[tuple[str, str]] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    metadata: dict[int, dict[str, Any]] = field(default_factory=dict)
    published: list[int] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    next_id: int = 101

    def draft(self, number: int, files: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        api = f"{self.base}/api/deposit/depositions/{number}"
        return {
            "id": number,
            "links": {
                "self": api,
                "bucket": f"{self.base}/api/files/bucket-{number}",
                "publish": f"{api}/actions/publish",
            },
            "metadata": {"prereserve_doi": {"doi": f"10.5072/zenodo.{number}"}},
            "files": files or [],
        }


def _handler(state: Zenodo) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self, status: int, body: dict[str, Any] | None = None) -> None:
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self) -> None:
            state.requests.append((self.command, self.path))
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._answer(
                    401, {"message": "The server could not verify that you are authorized.", "status": 401}
                )
                return
            parts = self.path.strip("/").split("/")
            match self.command, parts:
                case "POST", ["api", "deposit", "depositions"]:
                    assert json.loads(body) == {}
                    number, state.next_id = state.next_id, state.next_id + 1
                    self._answer(201, state.draft(number))
                case "POST", ["api", "deposit", "depositions", old, "actions", "newversion"]:
                    assert int(old) in state.published
                    number, state.next_id = state.next_id, state.next_id + 1
                    self._answer(
                        201,
                        {
                            "id": int(old),
                            "links": {"latest_draft": f"{state.base}/api/deposit/depositions/{number}"},
                        },
                    )
                case "GET", ["api", "deposit", "depositions", number]:
                    carried = {
                        "id": "f1",
                        "links": {"self": f"{state.base}/api/deposit/depositions/{number}/files/f1"},
                    }
                    self._answer(200, state.draft(int(number), [carried]))
                case "DELETE", ["api", "deposit", "depositions", _, "files", name]:
                    state.deleted.append(name)
                    self._answer(204)
                case "PUT", ["api", "files", bucket, name]:
                    state.uploads[f"{bucket}/{name}"] = body
                    self._answer(
                        201,
                        {"key": name, "size": len(body), "checksum": f"md5:{hashlib.md5(body).hexdigest()}"},
                    )
                case "PUT", ["api", "deposit", "depositions", number]:
                    state.metadata[int(number)] = json.loads(body)["metadata"]
                    self._answer(200, state.draft(int(number)))
                case "POST", ["api", "deposit", "depositions", number, "actions", "publish"]:
                    if int(number) not in state.metadata or not any(
                        k.startswith(f"bucket-{number}/") for k in state.uploads
                    ):
                        self._answer(
                            400, {"message": "Validation error: missing files or metadata", "status": 400}
                        )
                        return
                    state.published.append(int(number))
                    self._answer(202, {
                        "id": int(number), "record_id": int(number), "doi": f"10.5072/zenodo.{number}",
                        "conceptdoi": CONCEPT, "links": {"html": f"{state.base}/records/{number}"},
                    })  # fmt: skip
                case _:
                    self._answer(404, {"message": "not found", "status": 404})

        do_GET = do_POST = do_PUT = do_DELETE = _handle

    return Handler


@pytest.fixture
def zenodo() -> Iterator[Zenodo]:
    """A server on 127.0.0.1 speaking Zenodo's deposit API (the calls deposit makes)."""
    state = Zenodo()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args], env=env)


def released(archive: Path) -> Path:
    releases.publish(archive, planning.plan(archive, bump="minor", created=DAY))
    return archive


def deposit(root: Path, zenodo: Zenodo, *args: str, token: str = TOKEN) -> Result:
    env = {"ZENODO_TOKEN": token, "ZENODO_URL": f"{zenodo.base}/api"}
    return run(root, "deposit", "zenodo", *args, env=env)


def test_deposit_uploads_the_zip_and_metadata_publishes_and_records_the_doi(
    archive: Path, zenodo: Zenodo
) -> None:
    root = released(archive)
    settings_before = (root / "archive.yaml").read_text(encoding="utf-8")
    result = deposit(root, zenodo, "1.0.0", "--json")
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.output)
    assert outcome["doi"] == "10.5072/zenodo.101" and outcome["concept_doi"] == CONCEPT
    assert [m for m, _ in zenodo.requests] == ["POST", "PUT", "PUT", "POST"]
    zip_bytes = (root / "dist/test-archive-data-1.0.0-public.zip").read_bytes()  # a deposit is public
    assert zenodo.uploads == {"bucket-101/test-archive-data-1.0.0-public.zip": zip_bytes}
    assert zenodo.metadata[101] == json.loads(
        (root / "releases/1.0.0/.zenodo.json").read_text(encoding="utf-8")
    )
    assert zenodo.published == [101]

    entry = Index.read(root / "releases/index.json").entry("1.0.0")
    assert entry is not None and entry.doi == "10.5072/zenodo.101"
    settings = Settings.read(root)
    assert settings.doi == CONCEPT and settings.dois == {"1.0.0": "10.5072/zenodo.101"}
    text = (root / "archive.yaml").read_text(encoding="utf-8")
    kept = [line for line in settings_before.splitlines() if line.startswith("#")]
    assert all(line in text.splitlines() for line in kept)  # the maintainers' comments stay
    assert run(root, "verify").exit_code == 0  # the release itself did not change

    bib = run(root, "cite", "1.0.0", "--bibtex")
    assert bib.exit_code == 0, bib.output
    assert "doi = {10.5072/zenodo.101}" in bib.output and bib.output.startswith("@misc{test_archive_1_0_0,")
    cff = yaml.safe_load(run(root, "cite", "1.0.0").output)
    assert cff["doi"] == "10.5072/zenodo.101"
    assert {"type": "doi", "value": CONCEPT, "description": "every version"} in cff["identifiers"]


def test_a_later_release_is_a_new_version_under_the_same_concept(
    archive: Path, zenodo: Zenodo, tmp_path: Path
) -> None:
    root = released(archive)
    assert deposit(root, zenodo, "1.0.0").exit_code == 0
    capture = write_capture(tmp_path / "b.txt", ["Another 1/", "thread 2/"])
    ingest(Store(root), [Source(capture, Curation(language="en", terms="public-post"))], today=DAY)
    released(root)
    card = (root / "releases/1.1.0/README.md").read_text(encoding="utf-8")
    assert f"- DOI (every version): [{CONCEPT}]" in card  # the release after a deposit names the concept
    result = deposit(root, zenodo, "1.1.0", "--new-version-of", "101")
    assert result.exit_code == 0, result.output
    assert ("POST", "/api/deposit/depositions/101/actions/newversion") in zenodo.requests
    assert zenodo.deleted == ["f1"]  # the files carried over from 1.0.0
    settings = Settings.read(root)
    assert settings.doi == CONCEPT
    assert settings.dois == {"1.0.0": "10.5072/zenodo.101", "1.1.0": "10.5072/zenodo.102"}


def test_a_release_is_deposited_once(archive: Path, zenodo: Zenodo) -> None:
    root = released(archive)
    assert deposit(root, zenodo, "1.0.0").exit_code == 0
    sent = len(zenodo.requests)
    again = deposit(root, zenodo, "1.0.0")
    assert again.exit_code == 2
    assert "found DOI 10.5072/zenodo.101" in again.output
    assert len(zenodo.requests) == sent


@pytest.mark.parametrize(
    ("token", "version", "status"),
    [("wrong", "1.0.0", "HTTP 401"), (TOKEN, "9.9.9", "found none")],
    ids=["refused-token", "no-such-release"],
)
def test_a_refused_deposit_records_nothing(
    archive: Path, zenodo: Zenodo, token: str, version: str, status: str
) -> None:
    root = released(archive)
    run(root, "release", "--public-zip")  # the zip a deposit would write: not what is compared
    before = snapshot(root)
    result = deposit(root, zenodo, version, token=token)
    assert result.exit_code == 2
    assert status in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) <= 2  # the error and, where there is one, its hint
    assert snapshot(root) == before
    assert zenodo.published == []


def test_deposit_needs_a_token_in_the_environment(archive: Path, zenodo: Zenodo) -> None:
    root = released(archive)
    result = run(root, "deposit", "zenodo", "1.0.0", env={"ZENODO_TOKEN": "", "ZENODO_URL": zenodo.base})
    assert result.exit_code == 2
    assert "ZENODO_TOKEN" in result.output
    assert zenodo.requests == []


AUTHORS = """\
authors:
  - given-names: Ada
    family-names: Lovelace
    orcid: https://orcid.org/0000-0002-1825-0097
    affiliation: Analytical Society
  - name: The Thread Group
repository: https://example.org/threads
doi: 10.5281/zenodo.100
dois:
  "1.0.0": 10.5281/zenodo.101
selection: Threads on the war in Ukraine that a curator chose to keep.
biases: null
"""


def test_card_and_citation_carry_authors_dois_and_the_maintainers_words(empty_archive: Path) -> None:
    settings = empty_archive / "archive.yaml"
    data = yaml.safe_load(settings.read_text(encoding="utf-8"))
    data.update(yaml.safe_load(AUTHORS))
    settings.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    from .conftest import SEED

    ingest(Store(empty_archive), [Source(SEED, Curation(language="en", terms="public-post"))], today=DAY)
    root = released(empty_archive)
    card = (root / "releases/1.0.0/README.md").read_text(encoding="utf-8")
    assert "- DOI (this version): [10.5281/zenodo.101](https://doi.org/10.5281/zenodo.101)" in card
    assert "- DOI (every version): [10.5281/zenodo.100]" in card
    assert "- Repository: https://example.org/threads" in card
    assert (
        "- Ada Lovelace, Analytical Society (ORCID [0000-0002-1825-0097](https://orcid.org/0000-0002-1825-0097))"
        in card
    )
    sections = {part.split("\n", 1)[0]: part for part in card.split("\n## ")[1:]}
    assert "a curator chose to keep" in sections["Selection of threads"]
    assert "Not recorded" in sections["Biases and limits"] and "`biases`" in sections["Biases and limits"]
    assert "Not recorded" in sections["Personal information"]
    cff = yaml.safe_load((root / "releases/1.0.0/CITATION.cff").read_text(encoding="utf-8"))
    assert cff["doi"] == "10.5281/zenodo.101" and cff["url"] == "https://doi.org/10.5281/zenodo.101"
    assert cff["repository-code"] == "https://example.org/threads"
    assert cff["authors"][0]["orcid"] == "https://orcid.org/0000-0002-1825-0097"
    assert [i["value"] for i in cff["identifiers"]] == ["10.5281/zenodo.101", "10.5281/zenodo.100"]


@pytest.mark.parametrize(
    "dois",
    ['{"1.0": "10.5281/zenodo.1"}', '{"1.0.0": "not-a-doi"}', '["10.5281/zenodo.1"]'],
    ids=["bad-version", "bad-doi", "a-list"],
)
def test_settings_refuse_dois_that_are_not_versions_to_dois(dois: str) -> None:
    from threadarchive.errors import InputError

    with pytest.raises(InputError, match="setting 'dois'"):
        Settings.from_dict({"name": "x", "title": "X", "dois": json.loads(dois)})


def test_a_deposit_killed_before_the_index_is_completed_not_repeated(archive: Path, zenodo: Zenodo) -> None:
    from threadarchive.archive.settings import with_dois

    root = released(archive)
    settings = root / "archive.yaml"
    settings.write_text(with_dois(settings.read_text(encoding="utf-8"), "1.0.0", "10.5072/zenodo.7", CONCEPT))
    result = deposit(root, zenodo, "1.0.0")
    assert result.exit_code == 2
    assert zenodo.requests == []
    entry = Index.read(root / "releases/index.json").entry("1.0.0")
    assert entry is not None and entry.doi == "10.5072/zenodo.7"
    assert run(root, "verify").exit_code == 0
