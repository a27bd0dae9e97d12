"""An archive's own settings: ``archive.yaml`` at its root.

What an archive says about itself (name, title, license, authors, where its
releases are published) is a setting of that archive, never a constant of the
tool: ``threadarchive init`` writes the file, maintainers edit it, and
``rebuild`` and ``release`` read it into the descriptor, the dataset card,
CITATION.cff and the Zenodo metadata.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from threadarchive.contract.layout import SETTINGS_FILE
from threadarchive.contract.patterns import DOI, ORCID, PACKAGE_NAME, URL
from threadarchive.contract.versions import Version
from threadarchive.errors import InputError

# A release's table of more rows than this is written as Hive-partitioned Parquet (by the
# year and month its threads were published), so that a month loads without the rest.
DEFAULT_PARTITION_ROWS = 2_000_000

# What CITATION.cff and Zenodo can say of an author: a person's names, or an entity's name.
AUTHOR_KEYS = ("name", "given-names", "family-names", "orcid", "affiliation", "email")

# The thread terms whose texts public distributions (the wheel, the public zip, a deposit)
# carry in full when archive.yaml names none: those under which the author allowed
# redistribution. A thread under other terms (or none) ships there as ID-only rows.
PUBLIC_TERMS = ("author-consent", "open-license")


@dataclass(frozen=True)
class Settings:
    """The settings of one archive; see ``TEMPLATE`` for what each means."""

    name: str
    title: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    license: dict[str, str] = field(default_factory=dict)  # Data Package license: name, path, title
    authors: tuple[dict[str, str], ...] = ()  # CITATION.cff persons or entities
    sources: tuple[dict[str, str], ...] = ()  # Data Package sources: title, path
    repository: str | None = None  # the archive's source repository
    doi: str | None = None  # the DOI of every version (Zenodo's concept DOI), as 10.NNNN/...
    release_url: str | None = None  # where a release's files are published: {version}, {file}
    wheel_releases: tuple[str, ...] = ()  # older releases the wheel ships besides the latest
    public_terms: tuple[str, ...] = PUBLIC_TERMS  # thread terms whose texts public distributions carry
    dois: dict[str, str] = field(default_factory=dict)  # version -> its own DOI (Zenodo's version DOI)
    # What the dataset card says of the data, in the maintainers' words (never invented):
    selection: str | None = None  # how threads were chosen for the archive
    biases: str | None = None  # known biases and limits of the selection and the captures
    personal_information: str | None = None  # what personal information the texts hold, and how it is handled
    partition_rows: int = DEFAULT_PARTITION_ROWS  # a release's table of more rows is Hive-partitioned

    @classmethod
    def read(cls, root: Path) -> Settings:
        """The settings of the archive at ``root``, read through the path gate (a link
        out of the archive is refused) as every archive YAML file is read."""
        from threadarchive.archive.metadata import read_yaml
        from threadarchive.files.gate import inside

        path = inside(Path(root), SETTINGS_FILE, source=f"the archive {root}")
        if not path.exists():
            msg = f"{root}: expected an archive (a folder holding {SETTINGS_FILE}), found none"
            raise InputError(msg, hint="create one there (init)", action="init", path=root)
        return cls.from_dict(read_yaml(path), str(path))

    @classmethod
    def from_dict(cls, data: Any, where: str = SETTINGS_FILE) -> Settings:
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected a mapping of settings, found {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        if unknown := sorted(map(str, set(data) - known)):  # keys may be numbers, null, dates
            raise InputError(f"{where}: expected only the settings {sorted(known)}, found {unknown}")

        def text(name: str, required: bool = False) -> str | None:
            value = data.get(name)
            if value is None and not required:
                return None
            if not isinstance(value, str) or not value.strip():
                raise InputError(f"{where}: setting {name!r}: expected text, found {value!r}")
            return value

        def mappings(name: str) -> tuple[dict[str, str], ...]:
            value = data.get(name) or []
            if not isinstance(value, list) or not all(
                isinstance(item, dict) and all(isinstance(v, str) for v in item.values()) for item in value
            ):
                raise InputError(
                    f"{where}: setting {name!r}: expected a list of mappings of text, found {value!r}"
                )
            return tuple(dict(item) for item in value)

        def strings(name: str) -> tuple[str, ...]:
            value = data.get(name) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(f"{where}: setting {name!r}: expected a list of text, found {value!r}")
            return tuple(value)

        name = text("name", required=True)
        assert name is not None
        if not PACKAGE_NAME.fullmatch(name):
            msg = f"{where}: setting 'name': expected lower-case letters, digits, '.', '_' or '-', found {name!r}"
            raise InputError(msg)
        license_ = data.get("license") or {}
        if not isinstance(license_, dict) or (license_ and not isinstance(license_.get("name"), str)):
            raise InputError(
                f"{where}: setting 'license': expected a mapping with a 'name', found {license_!r}"
            )
        for url_setting in ("repository", "release_url"):
            value = text(url_setting)
            if value is not None and not URL.fullmatch(value):
                raise InputError(
                    f"{where}: setting {url_setting!r}: expected an http(s) URL, found {value!r}"
                )
        release_url = text("release_url")
        if release_url is not None and "{file}" not in release_url:
            raise InputError(
                f"{where}: setting 'release_url': expected a pattern with {{file}}, found {release_url!r}"
            )
        authors = tuple(_author(a, where) for a in mappings("authors"))
        doi = text("doi")
        if doi is not None and not DOI.fullmatch(doi):
            raise InputError(f"{where}: setting 'doi': expected a DOI like 10.5281/zenodo.123, found {doi!r}")
        dois = data.get("dois") or {}
        if not isinstance(dois, dict) or not all(
            isinstance(v, str) and Version.matches(v) and isinstance(d, str) and DOI.fullmatch(d)
            for v, d in dois.items()
        ):
            msg = f"{where}: setting 'dois': expected versions mapped to DOIs like 1.0.0: 10.5281/zenodo.124, found {dois!r:.80}"
            raise InputError(msg)
        partition_rows = data.get("partition_rows", DEFAULT_PARTITION_ROWS)
        if isinstance(partition_rows, bool) or not isinstance(partition_rows, int) or partition_rows < 1:
            msg = f"{where}: setting 'partition_rows': expected a whole number of rows, 1 or more, found {partition_rows!r}"
            raise InputError(msg)
        return cls(
            public_terms=_public_terms(data, where),
            name=name,
            title=text("title", required=True) or "",
            description=text("description") or "",
            keywords=strings("keywords"),
            license={str(k): str(v) for k, v in license_.items()},
            authors=authors,
            sources=mappings("sources"),
            repository=text("repository"),
            doi=doi,
            release_url=release_url,
            wheel_releases=strings("wheel_releases"),
            dois={str(v): str(d) for v, d in sorted(dois.items(), key=lambda item: Version.parse(item[0]))},
            selection=text("selection"),
            biases=text("biases"),
            personal_information=text("personal_information"),
            partition_rows=partition_rows,
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}

    def descriptor(self) -> dict[str, Any]:
        """The Data Package properties these settings give a descriptor."""
        found: dict[str, Any] = {"name": self.name, "title": self.title}
        if self.description:
            found["description"] = self.description
        if self.keywords:
            found["keywords"] = list(self.keywords)
        if self.license:
            found["licenses"] = [self.license]
        if self.sources:
            found["sources"] = [dict(s) for s in self.sources]
        if self.authors:
            found["contributors"] = [_contributor(a) for a in self.authors]
        if self.repository:
            found["homepage"] = self.repository
        if self.doi:
            found["id"] = f"https://doi.org/{self.doi}"
        return found

    def version_doi(self, version: str) -> str | None:
        """The DOI of release ``version`` itself, once a deposit recorded one."""
        return self.dois.get(str(version))

    def release_file_url(self, version: str, file: str) -> str | None:
        """Where the release's ``file`` is published, from ``release_url``."""
        if self.release_url is None:
            return None
        return self.release_url.replace("{version}", version).replace("{file}", file)


def with_dois(text: str, version: str, doi: str, concept: str | None) -> str:
    """The text of archive.yaml recording ``doi`` as release ``version``'s DOI, and
    ``concept`` as ``doi`` (every version's) when none is set yet; every other line,
    comments included, as it was. InputError when the file's ``doi`` or ``dois`` are
    written in a form this cannot edit line by line (then edit them by hand)."""
    import re

    lines = text.splitlines()
    at = {key: n for n, line in enumerate(lines) for key in ("doi", "dois") if re.match(rf"{key}:", line)}
    current = Settings.from_dict(_yaml(text))
    if concept and current.doi is None:
        if "doi" in at and re.fullmatch(r"doi:\s*(null|~)?\s*(#.*)?", lines[at["doi"]]):
            lines[at["doi"]] = f"doi: {concept}"
        elif "doi" not in at:
            lines.append(f"doi: {concept}")
    entry = f'  "{version}": {doi}'
    if "dois" not in at:
        lines += ["dois:", entry]
    elif re.fullmatch(r"dois:\s*(\{\s*\}|null|~)?\s*(#.*)?", lines[at["dois"]]):
        end = at["dois"] + 1
        while end < len(lines) and lines[end].startswith((" ", "\t")) and lines[end].strip():
            end += 1
        lines[at["dois"]] = "dois:"
        lines.insert(end, entry)
    found = "\n".join(lines) + "\n"
    after = Settings.from_dict(_yaml(found))
    if after.version_doi(version) != doi or (concept and current.doi is None and after.doi != concept):
        msg = (
            f"{SETTINGS_FILE}: expected 'doi' and 'dois' written as `doi: null` and a block of "
            f'`"X.Y.Z": DOI` lines under `dois:`, found another form: record {version}: {doi} by hand'
        )
        raise InputError(msg, parameter="dois")
    return found


def _yaml(text: str) -> Any:
    import yaml

    return yaml.safe_load(text)


def _public_terms(data: dict[str, Any], where: str) -> tuple[str, ...]:
    """The setting ``public_terms``: terms of threads.terms, PUBLIC_TERMS when not set."""
    from threadarchive import contract

    if "public_terms" not in data:
        return PUBLIC_TERMS
    value = data["public_terms"] or []
    allowed = list(contract.table("threads").meanings("terms"))
    if not isinstance(value, list) or not all(isinstance(v, str) and v in allowed for v in value):
        msg = f"{where}: setting 'public_terms': expected a list of the terms {allowed}, found {value!r}"
        raise InputError(msg, parameter="public_terms")
    return tuple(sorted(set(value), key=allowed.index))


def _author(author: dict[str, str], where: str) -> dict[str, str]:
    """An author checked, its ORCID as the URL CITATION.cff wants."""
    if unknown := sorted(set(author) - set(AUTHOR_KEYS)):
        raise InputError(f"{where}: setting 'authors': expected only {list(AUTHOR_KEYS)}, found {unknown}")
    if not (author.get("name") or author.get("family-names")):
        msg = f"{where}: setting 'authors': expected each with a 'name' or 'family-names', found {author!r}"
        raise InputError(msg)
    if "orcid" in author:
        if not (match := ORCID.fullmatch(author["orcid"])):
            msg = f"{where}: setting 'authors': orcid: expected like https://orcid.org/0000-0002-1825-0097, found {author['orcid']!r}"
            raise InputError(msg)
        author = {**author, "orcid": f"https://orcid.org/{match[1]}"}
    return author


def _contributor(author: dict[str, str]) -> dict[str, str]:
    """An author as a Data Package contributor."""
    found = {"title": author_name(author), "role": "author"}
    for key, name in (("orcid", "path"), ("email", "email"), ("affiliation", "organization")):
        if key in author:
            found[name] = author[key]
    return found


def author_name(author: dict[str, str]) -> str:
    """An author as people read the name: "Ada Lovelace" or the entity's name."""
    if author.get("name"):
        return author["name"]
    return " ".join(p for p in (author.get("given-names"), author.get("family-names")) if p)


TEMPLATE = """\
# The settings of this archive: what its descriptor, dataset card, CITATION.cff and
# Zenodo metadata say about it. threadarchive reads them; edit them here.

# The Data Package name: lower-case letters, digits, '.', '_' or '-'.
name: {name}
title: {title}
description: >-
  X/Twitter threads kept exactly as captured: a threads table, a tweets table and the
  history of every capture, each row traceable to its raw capture by SHA-256.
keywords: [twitter, x, threads, archive]

# The license of the compilation and metadata (the texts remain their authors').
license:
  name: CC-BY-4.0
  path: https://creativecommons.org/licenses/by/4.0/
  title: Creative Commons Attribution 4.0

# The archive's authors, as CITATION.cff and Zenodo list them: `name` for a group,
# or `given-names`, `family-names` and optionally `orcid`, `affiliation` and `email`.
authors:
  - name: {maintainers}

# Where the captures were taken from.
sources:
  - title: Thread Reader App, X API v2 (twarc2), X account archives
    path: https://threadreaderapp.com

# The archive's source repository (for citations), the DOI that names every version
# (Zenodo's concept DOI, once it has one: 10.5281/zenodo.NNN), and where each
# release's files are published: {{version}} and {{file}} are filled in, e.g.
# https://github.com/OWNER/REPO/releases/download/data-v{{version}}/{{file}}
repository: null
doi: null
release_url: null

# Older releases to ship in the Python package besides the latest (the others are
# fetched on demand from release_url and checked against the release index).
wheel_releases: []

# The thread terms (threads.terms) whose texts may be distributed publicly: the Python
# package and a release's public zip and deposit carry those threads in full, and every
# other thread as ID-only rows; the release folder keeps every text, for your group.
public_terms: [author-consent, open-license]

# Each release's own DOI (Zenodo's version DOI), by version: `threadarchive deposit
# zenodo VERSION` records them here and sets `doi` above on the first deposit.
dois: {{}}

# What the dataset card says of the data, in your words; the card says a section is
# not recorded while its setting is null. How threads were chosen; their known biases
# and limits; what personal information the texts hold and how it is handled.
selection: null
biases: null
personal_information: null

# A release's table of more rows than this is written as Hive-partitioned Parquet,
# data/<table>/year=YYYY/month=MM/part-0.parquet by the month its threads were
# published, so that a reader loads (or downloads) one month without the rest; smaller
# tables stay one Parquet file. The CSV of a table is always one file.
partition_rows: 2000000
"""
