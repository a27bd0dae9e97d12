"""Deposit a release on Zenodo and record the DOI it gets.

Zenodo's REST API (developers.zenodo.org), in the documented order:

1. ``POST {api}/deposit/depositions`` creates a draft, or for a later version of a
   deposit ``POST {api}/deposit/depositions/{id}/actions/newversion`` and then its
   ``latest_draft`` (whose files, carried over from the version before, are deleted);
2. ``PUT {bucket}/{file}`` uploads the release's zip to the draft's bucket; the MD5
   Zenodo reports must be the zip's own;
3. ``PUT {draft}`` sets the metadata: the release's ``.zenodo.json``, as published;
4. ``POST {draft}/actions/publish`` publishes it: Zenodo answers with the version's
   DOI and the concept DOI that names every version.

The DOI is then recorded in archive.yaml (``dois``, and ``doi`` when the archive had
none; the line edited in place, comments kept) and in the release index's entry for the
version (journalled), in that order: a deposit killed between the two is completed,
never repeated, by the next deposit of that version.
The release itself is immutable and does not change: ``threadarchive cite`` and the
next releases' cards and CITATION.cff name the DOI. The token is a parameter; the
command line reads it from the environment, never from an option.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from threadarchive.archive.index import Index
from threadarchive.archive.journal import Journal
from threadarchive.archive.published import release_dir
from threadarchive.archive.settings import with_dois
from threadarchive.archive.store import Store
from threadarchive.contract.layout import DESCRIPTOR, INDEX_FILE, PUBLIC_DIR, SETTINGS_FILE
from threadarchive.contract.limits import MAX_DOCUMENT_BYTES
from threadarchive.contract.patterns import DOI
from threadarchive.errors import ConflictError, InputError, VersionNotFoundError
from threadarchive.files.fsutil import atomic_write

ZENODO_API = "https://zenodo.org/api"
SANDBOX_API = "https://sandbox.zenodo.org/api"
ZENODO_METADATA = ".zenodo.json"  # in every release folder
TIMEOUT = 300  # seconds for one request: a zip of a large release takes a while to upload


@dataclass(frozen=True)
class Deposit:
    """A published deposit of one release."""

    version: str
    doi: str  # this version's
    concept_doi: str | None  # every version's
    record_id: int
    url: str | None  # the record's page
    file: str  # the zip deposited
    recorded: tuple[str, ...]  # the archive's files that now name the DOI

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "recorded": list(self.recorded)}


def deposit_zenodo(
    root: Path, version: str, *, token: str, api: str = ZENODO_API, new_version_of: int | None = None
) -> Deposit:
    """Upload release ``version``'s zip and metadata to Zenodo, publish, and record the DOI.

    Parameters
    ----------
    root
        The archive.
    version
        A published release of it, not deposited before.
    token
        A Zenodo personal access token (scopes ``deposit:write`` and ``deposit:actions``).
    api
        The API's base URL: ``ZENODO_API``, ``SANDBOX_API``, or a server speaking the same API.
    new_version_of
        The ID of a deposit of an earlier release: this one becomes its new version,
        under the same concept DOI.

    Returns
    -------
    Deposit
        The DOIs and record Zenodo gave, and the files that record them.

    Raises
    ------
    VersionNotFoundError
        No such release.
    ConflictError
        The release index already records a DOI for it.
    InputError
        Zenodo refused a step (its status and message), or could not be reached.
    """
    from threadarchive.release.bundles import make_zip
    from threadarchive.release.downloads import download_paths
    from threadarchive.release.fixity import verify

    archive = Store(root)
    with archive.writing():
        folder = release_dir(archive.root, version)
        index_path = archive.path(INDEX_FILE)
        index = Index.read(index_path) if index_path.exists() else None
        entry = index.entry(version) if index else None
        if index is None or entry is None or not folder.is_dir():
            raise VersionNotFoundError(
                f"{archive.root}: expected a published release {version}, found none", parameter="version"
            )
        settings_path = archive.path(SETTINGS_FILE)
        if recorded := entry.doi or archive.settings().version_doi(version):
            if entry.doi is None:  # a kill between the two records: finish them
                _record_index(archive, index.with_entry(replace(entry, doi=recorded)))
            raise ConflictError(
                f"{INDEX_FILE}: release {version}: expected a release not yet deposited, found DOI {recorded}",
                parameter="version",
            )
        metadata = json.loads((folder / ZENODO_METADATA).read_text(encoding="utf-8"))
        # A deposit is public: its zip is the public variant's, where the release has one.
        public = (folder / PUBLIC_DIR / DESCRIPTOR).is_file()
        zip_path = download_paths(archive, version)["public-zip" if public else "zip"]
        if not zip_path.exists():
            make_zip(folder, zip_path, public=public)
        report = verify(zip_path, index=index)
        if not report.valid:
            raise InputError(f"{zip_path}: expected the release's zip intact, found it is not: verify it")
        data = zip_path.read_bytes()

        client = _Client(api.rstrip("/"), token)
        if new_version_of is None:
            draft = client.call("POST", "/deposit/depositions", {})
        else:
            made = client.call("POST", f"/deposit/depositions/{int(new_version_of)}/actions/newversion")
            draft = client.call("GET", _link(made, "latest_draft"))
            for carried in draft.get("files") or []:
                client.call("DELETE", _link(carried, "self"))
        uploaded = client.call("PUT", f"{_link(draft, 'bucket')}/{zip_path.name}", data=data)
        if uploaded.get("checksum") != f"md5:{hashlib.md5(data).hexdigest()}":
            raise InputError(
                f"{api}: the upload of {zip_path.name}: expected the zip's MD5, found {uploaded.get('checksum')!r}"
            )
        client.call("PUT", _link(draft, "self"), {"metadata": metadata})
        published = client.call("POST", _link(draft, "publish"))
        doi, concept = published.get("doi"), published.get("conceptdoi")
        if not (isinstance(doi, str) and DOI.fullmatch(doi)):
            raise InputError(f"{api}: the published deposit: expected a DOI, found {doi!r:.60}")
        concept = concept if isinstance(concept, str) and DOI.fullmatch(concept) else None
        # archive.yaml first: a kill before the index is written leaves a DOI that the
        # next deposit of this version sees, and completes, instead of depositing twice.
        settings_text = with_dois(settings_path.read_text(encoding="utf-8"), version, doi, concept)
        atomic_write(settings_path, settings_text.encode("utf-8"), beneath=archive.root)
        _record_index(archive, index.with_entry(replace(entry, doi=doi)))
    links = published.get("links") or {}
    return Deposit(
        version=version,
        doi=doi,
        concept_doi=concept,
        record_id=int(published.get("record_id") or published.get("id") or 0),
        url=links.get("record_html") or links.get("html"),
        file=zip_path.name,
        recorded=(INDEX_FILE, SETTINGS_FILE),
    )


def _record_index(archive: Store, index: Index) -> None:
    archive.commit(Journal(writes={INDEX_FILE: index.to_json()}), rebuild=False)


def _link(resource: dict[str, Any], name: str) -> str:
    link = (resource.get("links") or {}).get(name)
    if not isinstance(link, str) or not link.startswith(("http://", "https://")):
        raise InputError(f"Zenodo's answer: expected a link {name!r}, found {link!r:.60}")
    return link


class _Client:
    """JSON over HTTPS with the token, each refusal one InputError naming the step."""

    def __init__(self, api: str, token: str) -> None:
        self.api, self.token = api, token

    def call(
        self, method: str, where: str, body: dict[str, Any] | None = None, *, data: bytes | None = None
    ) -> dict[str, Any]:
        url = where if where.startswith(("http://", "https://")) else self.api + where
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/octet-stream"
        elif body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                answer = response.read(MAX_DOCUMENT_BYTES + 1)
        except urllib.error.HTTPError as exc:
            said = exc.read(2000).decode("utf-8", "replace")
            with contextlib.suppress(ValueError, AttributeError):
                said = str(json.loads(said).get("message", said))
            msg = f"{method} {url}: expected success, found HTTP {exc.code}: {said[:300]}"
            raise InputError(msg, hint=_hint(exc.code)) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise InputError(f"{method} {url}: expected an answer, found an error: {reason}") from None
        if not answer.strip():
            return {}
        try:
            found = json.loads(answer)
        except ValueError:
            raise InputError(f"{method} {url}: expected JSON, found {answer[:60]!r}") from None
        if not isinstance(found, dict):
            raise InputError(f"{method} {url}: expected a JSON object, found {type(found).__name__}")
        return found


def _hint(status: int) -> str | None:
    if status in (401, 403):
        return "check the token and its scopes (deposit:write, deposit:actions)"
    return None
