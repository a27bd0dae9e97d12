"""The words a release comes with: its dataset card (read by the Hugging Face Hub too),
CITATION.cff, Zenodo metadata and its CHANGELOG section.

Each is made from the release descriptor and the archive's settings alone, so a
release rebuilt from its recorded source gets the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from threadarchive import contract
from threadarchive.archive.settings import Settings, author_name
from threadarchive.contract.layout import CHECKSUMS, CROISSANT, IDS_DIR, LICENSE_FILE, PUBLIC_DIR
from threadarchive.contract.package import resource_files
from threadarchive.contract.patterns import DOI
from threadarchive.release.croissant import croissant

if TYPE_CHECKING:
    from threadarchive.release.plan import Plan

# The texts' side of every license statement (SPDX's form for a license of one's own):
# the package metadata, the card, LICENSE.md, LICENSE-DATA, CITATION.cff, Zenodo and
# Croissant all name it beside the compilation's license.
TEXTS_TERMS = "LicenseRef-thread-terms"

# The Hub's size categories, by the largest table's rows.
_SIZES = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
          (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B")]  # fmt: skip


def changelog_with(
    path: Path,
    release_plan: Plan,
    note: str | None,
    rows: dict[str, int],
    withdrawn: list[dict[str, str]] | None = None,
) -> str:
    """CHANGELOG.md with the release's section added above the previous releases;
    ``withdrawn``: the rows of the withdrawals table new in this release."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Changelog\n"
    section = changelog_section(release_plan, note, rows, withdrawn or [])
    marker = "\n## Data "
    index = text.find(marker)
    if index < 0:
        return text.rstrip("\n") + "\n\n" + section
    return text[: index + 1] + section + "\n" + text[index + 1 :]


def changelog_section(
    release_plan: Plan, note: str | None, rows: dict[str, int], withdrawn: list[dict[str, str]]
) -> str:
    diff = release_plan.diff
    lines = [f"## Data {release_plan.version} - {release_plan.created.isoformat()}", ""]
    if note:
        lines += [note.strip(), ""]
    if release_plan.previous:
        lines += [f"A {diff.required} release: the changes since {release_plan.previous}.", ""]
    else:
        lines += ["The first release.", ""]
    headings = {"schema": "Changed (schema)", "removed": "Removed", "added": "Added", "corrected": "Fixed"}
    for kind, heading in headings.items():
        entries = [c for c in diff.changes if c.kind == kind]
        if release_plan.previous is None:  # the first release adds every row
            entries = [replace(c, detail=f"{rows[c.table]} row(s) (first release)") for c in entries]
        if entries:
            lines += [f"### {heading}", *(f"- {c.table}: {c.detail}" for c in entries), ""]
    events = {(r["thread_id"], r["event"], r["date"], r["reason"]) for r in withdrawn}
    if events:
        lines += [
            "### Withdrawn and reinstated",
            *(
                f"- thread {thread} {event} on {date}: {reason}"
                for thread, event, date, reason in sorted(events)
            ),
            "",
        ]
    return "\n".join(lines)


@dataclass(frozen=True)
class Facts:
    """What the card says of a release's rows."""

    languages: list[str] = field(default_factory=list)  # primary subtags: "en" for "en-GB"
    terms: dict[str, int] = field(default_factory=dict)  # threads by their terms
    without_terms: int = 0  # threads that state none
    without_ids: list[str] = field(default_factory=list)  # threads with a tweet of unknown ID


def release_documents(descriptor: dict[str, Any], settings: Settings, facts: Facts) -> dict[str, str]:
    """Every document of a release by its file name."""
    return {
        "README.md": dataset_card(descriptor, settings, facts),
        "CITATION.cff": citation(descriptor, settings),
        ".zenodo.json": zenodo(descriptor, settings),
        CROISSANT: croissant(
            descriptor,
            settings,
            cite_as=bibtex(descriptor, settings),
            statement=license_statement(descriptor),
        ),
        LICENSE_FILE: license_document(descriptor, settings),
    }


def license_statement(descriptor: dict[str, Any]) -> str:
    """What every document of a release says of its license, in one sentence: the
    compilation and metadata under the archive's license, the texts under each thread's
    terms.

    Parameters
    ----------
    descriptor
        The release's (or its public variant's) descriptor.

    Returns
    -------
    str
        The sentence, naming the compilation's license and ``TEXTS_TERMS``.
    """
    compilation = _license(descriptor) or "the archive's license"
    return (
        f"The compilation and metadata are under {compilation}; the tweet texts are not relicensed: "
        f"each thread's texts are under its own terms (threads.terms, {TEXTS_TERMS})."
    )


def license_document(descriptor: dict[str, Any], settings: Settings) -> str:
    """LICENSE.md of a release: the statement, the compilation's license, what each of
    the threads' terms means, and which of them public distributions carry in full."""
    meanings = contract.table("threads").meanings("terms")
    public = (descriptor.get("x-public") or {}).get("terms", list(settings.public_terms))
    lines = [
        f"# License of {descriptor.get('title', descriptor['name'])}, release {descriptor['version']}",
        "",
    ]
    lines += [license_statement(descriptor), ""]
    for lic in descriptor.get("licenses") or []:
        lines.append(
            f"- Compilation and metadata: {lic.get('title') or lic.get('name')} ({lic.get('path', lic.get('name'))})"
        )
    lines += [f"- Texts ({TEXTS_TERMS}): each thread's `terms`, and its note in `rights`:", ""]
    lines += ["| terms | meaning | texts in public distributions |", "| --- | --- | --- |"]
    lines += [
        f"| `{term}` | {meaning} | {'in full' if term in public else 'ID-only rows'} |"
        for term, meaning in meanings.items()
    ]
    lines += [
        "| (none stated) | the thread states no terms yet | ID-only rows |",
        "",
        "Public distributions (the Python package, the public zip, a deposit: the release's",
        f"`{PUBLIC_DIR}/` folder) carry the texts of the threads whose terms the archive's `public_terms`",
        f"names, and every other thread as ID-only rows (`{IDS_DIR}/`). The release folder keeps every",
        "text: share it only where each thread's terms allow.",
        "",
    ]
    return "\n".join(lines)


def _tables(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in descriptor["resources"] if r.get("format") == "csv"]


def _license(descriptor: dict[str, Any]) -> str | None:
    """The SPDX identifier of the compilation's license, as CFF, Zenodo and the Hub take it."""
    licenses = descriptor.get("licenses") or [{}]
    return licenses[0].get("name")


def hub_header(descriptor: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    """The YAML block the Hugging Face Hub reads: its license (``other``: the compilation's
    and the threads' terms, linked to LICENSE.md) and one config per table with rows, from
    its Parquet, and per table of the ID-only variant (``ids-<table>``).

    A table without rows gets no config: ``datasets`` (5.2) refuses to load an empty
    split whatever the card declares ("Instruction 'train' corresponds to no data!"),
    so every config the card declares loads, and the card's Rows line lists the empty.
    """
    rows = max((r["x-rows"] for r in _tables(descriptor)), default=0)
    header: dict[str, Any] = {"pretty_name": descriptor.get("title", descriptor["name"])}
    if license_ := _license(descriptor):
        header["license"] = "other"  # the Hub's identifiers are one license; ours are two
        header["license_name"] = f"{license_.lower()}-and-thread-terms"
        header["license_link"] = LICENSE_FILE
    if languages:
        header["language"] = languages
    header["size_categories"] = [next((name for limit, name in _SIZES if rows < limit), "n>1T")]
    if descriptor.get("keywords"):
        header["tags"] = list(descriptor["keywords"])
    parquet = [r for r in descriptor["resources"] if r.get("format") == "parquet" and r.get("x-rows")]
    header["configs"] = [
        {
            "config_name": r["name"].removesuffix("-parquet"),
            "data_files": r["path"],
            **({"default": True} if r["name"] == "tweets-parquet" else {}),
        }
        for r in parquet
    ]
    # The ID-only variant holds a row for every thread of the release (and its tweets),
    # those the public variant leaves out included.
    public = descriptor.get("x-public") or {}
    threads = sum(r["x-rows"] for r in _tables(descriptor) if r["name"] == "threads")
    if (descriptor.get("x-variants") or {}).get("ids") and (threads or public.get("ids_only")):
        names = {r["name"] for r in descriptor["resources"]}
        header["configs"] += [
            {"config_name": f"{IDS_DIR}-{table.name}", "data_files": f"{IDS_DIR}/{table.path('parquet')}"}
            for table in contract.tables()
            if table.ids and table.resource_name("parquet") in names
        ]
    return header


def id_columns(table: dict[str, Any]) -> list[str]:
    """The columns of a table that hold identifiers: text that looks like a number."""
    return [
        f["name"]
        for f in table["schema"]["fields"]
        if f["name"].endswith("_id") and f.get("type") == "string"
    ]


# How each tool is told that columns are text: (fence, comment, preamble, a table's
# line, one column), filled in with the table's name and its ID columns.
_READERS = [
    ("python", "# pandas", "import pandas as pd\n",
     '{table} = pd.read_csv("data/{table}.csv", dtype={{{columns}}})', '"{column}": "string"'),
    ("r", "# R (readr)", "",
     '{table} <- readr::read_csv("data/{table}.csv", col_types = readr::cols({columns}))', '{column} = "c"'),
    ("sql", "-- DuckDB", "",
     "CREATE TABLE {table} AS SELECT * FROM read_csv('data/{table}.csv', types = {{{columns}}});",
     "'{column}': 'VARCHAR'"),
    ("python", "# polars", "import polars as pl\n",
     '{table} = pl.read_csv("data/{table}.csv", schema_overrides={{{columns}}})', '"{column}": pl.String'),
]  # fmt: skip


def reading_snippets(tables: dict[str, list[str]]) -> str:
    """How to read the CSV tables (name to ID columns) so that IDs stay text in each
    tool; the tests run them as printed, on 19-digit IDs."""
    shown = {t: tables[t] for t in ("tweets", "threads") if t in tables}
    lines = [
        "Tweet and user IDs are 19-digit numbers: read as numbers, they lose their last digits",
        "(`1983190000000000001` becomes `1983190000000000000`). The Parquet files keep them as",
        "text; to read the CSV, name the ID columns as text:",
    ]
    for fence, comment, preamble, table_line, column in _READERS:
        body = [
            table_line.format(table=t, columns=", ".join(column.format(column=c) for c in columns))
            for t, columns in shown.items()
        ]
        lines += [
            "",
            f"```{fence}",
            comment,
            *preamble.splitlines(),
            *([""] if preamble else []),
            *body,
            "```",
        ]
    return "\n".join(lines)


def dataset_card(descriptor: dict[str, Any], settings: Settings, facts: Facts) -> str:
    version = descriptor["version"]
    tables = _tables(descriptor)
    title = descriptor.get("title", descriptor["name"])
    header = yaml.safe_dump(hub_header(descriptor, facts.languages), sort_keys=False, allow_unicode=True)
    lines = [
        "---",
        header.rstrip("\n"),
        "---",
        "",
        f"# {title}: release {version}",
        "",
        descriptor.get("description", ""),
        "",
        f"- Version: {version}",
        f"- Created: {descriptor['created'][:10]}",
        "- Rows: " + "; ".join(f"{r['name']} {r['x-rows']}" for r in tables),
        *_identifiers(settings, version),
        "",
        "## Authors",
        "",
        *_authors(settings, descriptor),
        "",
        "## Files",
        "",
        "| file | format | bytes | sha256 |",
        "| --- | --- | --- | --- |",
    ]
    for r in descriptor["resources"]:
        for path, digest, size, _ in resource_files(r):  # each file of a partitioned table
            lines.append(f"| `{path}` | {r['format']} | {size} | `{digest}` |")
    lines += [
        "",
        f"`{CHECKSUMS}` lists every file's SHA-256; `threadarchive verify` checks them. `{CROISSANT}`",
        "describes the release in Croissant (JSON-LD), as the Hugging Face Hub and `mlcroissant` read it.",
        "",
        "## Reading the tables",
        "",
        "The Parquet files carry the column types: `pandas.read_parquet`, `datasets.load_dataset`,",
        "DuckDB and polars read them as they are.",
        "",
        reading_snippets({t["name"]: id_columns(t) for t in tables}),
        "",
    ]
    for table in tables:
        lines += [
            f"## Columns of `{table['name']}`",
            "",
            "| column | type | description |",
            "| --- | --- | --- |",
        ]
        for f in table["schema"]["fields"]:
            required = " (required)" if f.get("constraints", {}).get("required") else ""
            lines.append(
                f"| `{f['name']}` | {f.get('type', 'string')}{required} | {f.get('description', '')} |"
            )
        lines.append("")
    lines += [
        "## Provenance",
        "",
        "Each thread is parsed from a raw capture without changing its text (line endings aside):",
        "`threads.capture_sha256` is the SHA-256 of the raw capture, kept in the source repository",
        "under `data/raw/`, and `captures` lists every capture taken of each thread.",
        "",
        *_described(
            "Selection of threads",
            settings.selection,
            "selection",
            "how threads were chosen for the archive",
        ),
        *_described(
            "Biases and limits",
            settings.biases,
            "biases",
            "the known biases and limits of the selection and the captures",
        ),
        *_described(
            "Personal information",
            settings.personal_information,
            "personal_information",
            "what personal information the texts hold and how it is handled",
            always="The tables hold each thread's author name and, where the capture or curation gives"
            " them, handle and bio, as captured; tweet texts may name or describe other people.",
        ),
        *_sharing(descriptor, facts),
        "## Rights",
        "",
        license_statement(descriptor) + f" See `{LICENSE_FILE}`.",
        "",
        *(f"- {lic.get('title') or lic.get('name')}" for lic in descriptor.get("licenses", [])),
        "- Each thread states its terms in `threads.terms` and a free note in `threads.rights`.",
        "",
        *_terms(facts),
        "## Cite",
        "",
        f"{', '.join(author_name(a) for a in settings.authors) or title} ({descriptor['created'][:4]}).",
        f"{title}, version {version}"
        + (f". https://doi.org/{doi}" if (doi := settings.version_doi(version) or settings.doi) else "")
        + ". See `CITATION.cff`, or in BibTeX:",
        "",
        "```bibtex",
        bibtex(descriptor, settings).rstrip("\n"),
        "```",
        "",
        "## Load",
        "",
        "```python",
        "import threadarchive",
        "",
        f'tweets = threadarchive.load_tweets(version="{version}")',
        f'threads = threadarchive.load_threads(version="{version}")',
        "```",
        "",
    ]
    return "\n".join(lines)


def _identifiers(settings: Settings, version: str) -> list[str]:
    """The card's lines for the DOIs and the repository, each only when recorded."""
    lines = []
    if doi := settings.version_doi(version):
        lines.append(f"- DOI (this version): [{doi}](https://doi.org/{doi})")
    if settings.doi:
        lines.append(f"- DOI (every version): [{settings.doi}](https://doi.org/{settings.doi})")
    if settings.repository:
        lines.append(f"- Repository: {settings.repository}")
    return lines


def _authors(settings: Settings, descriptor: dict[str, Any]) -> list[str]:
    """The authors as archive.yaml lists them, each with ORCID and affiliation when given."""
    if not settings.authors:
        return [f"- {descriptor['name']} maintainers (archive.yaml names no authors)"]
    lines = []
    for author in settings.authors:
        line = f"- {author_name(author)}"
        if "affiliation" in author:
            line += f", {author['affiliation']}"
        if "orcid" in author:
            line += f" (ORCID [{author['orcid'].removeprefix('https://orcid.org/')}]({author['orcid']}))"
        lines.append(line)
    return lines


def _described(title: str, text: str | None, setting: str, what: str, *, always: str = "") -> list[str]:
    """A card section in the maintainers' words from archive.yaml, or saying it is not
    recorded: the tool never writes what only the maintainers know."""
    body = (
        text.strip() if text else f"Not recorded: archive.yaml does not yet say {what} (setting `{setting}`)."
    )
    return [f"## {title}", "", body, *(["", always] if always else []), ""]


def _sharing(descriptor: dict[str, Any], facts: Facts) -> list[str]:
    """Which variant may be shared where, and how IDs become tweets again."""
    ids = (descriptor.get("x-variants") or {}).get("ids")
    if not ids:
        return []
    public = descriptor.get("x-public")
    terms = ", ".join(f"`{t}`" for t in public["terms"]) if public else ""
    if public:  # the public variant's own card
        held = [
            f"- This is the public distribution of the release: `data/` holds the texts of the {public['threads']}",
            f"  thread(s) whose terms allow public distribution ({terms or 'none'}); the other",
            f"  {public['ids_only']} thread(s) are here only as ID-only rows, in `{IDS_DIR}/`. The release",
            "  folder the archive keeps holds every text.",
        ]
    else:
        held = [
            "- `data/` holds the full tables, every text included: share them only where the texts' terms",
            "  allow (see Rights); for most threads that means within a research group, not publicly.",
            f"- `{PUBLIC_DIR}/` holds what may be distributed publicly (the Python package and the public",
            "  zip carry it): the threads whose terms the archive's `public_terms` names, in full, and",
            "  every other thread as ID-only rows.",
        ]
    lines = [
        "## Sharing: the full tables, the public variant and the ID-only variant",
        "",
        *held,
        f"- `{ids['path'].rpartition('/')[0]}/` holds the ID-only variant (a Data Package of its own): thread",
        "  and tweet IDs, positions, handles, languages and dates, no text and no bio. It follows",
        "  the field's convention for sharing X data publicly (as the DocNow catalog does).",
        "- To rebuild the texts from the IDs, with your own X API access:",
        "",
        "```sh",
        f"cut -d, -f{contract.table('tweets').ids.index('tweet_id') + 1} ids/data/tweets.csv | tail -n +2 | grep . > tweet_ids.txt",
        "twarc2 hydrate tweet_ids.txt hydrated.jsonl",
        "```",
        "",
        '`threadarchive.load_tweets(variant="ids")` loads the variant.',
        "",
    ]
    if facts.without_ids:
        lines += [
            "Threads with tweets of unknown ID cannot be rebuilt from the ID-only variant, and are"
            " not shareable that way:",
            "",
            *(f"- `{thread}`" for thread in facts.without_ids),
            "",
        ]
    return lines


def _terms(facts: Facts) -> list[str]:
    """The threads' terms, counted, with what each means."""
    meanings = contract.table("threads").meanings("terms")
    lines = ["| terms | threads | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{term}` | {facts.terms.get(term, 0)} | {meaning} |" for term, meaning in meanings.items()]
    lines += [f"| (none stated) | {facts.without_terms} | the thread states no terms yet |", ""]
    return lines


def citation(descriptor: dict[str, Any], settings: Settings) -> str:
    """CITATION.cff (Citation File Format 1.2.0) of the release."""
    cff: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": f"If you use this dataset, please cite it as below. {license_statement(descriptor)}",
        "type": "dataset",
        "title": descriptor.get("title", descriptor["name"]),
        "version": str(descriptor["version"]),
        "date-released": descriptor["created"][:10],
        "authors": [dict(a) for a in settings.authors] or [{"name": f"{descriptor['name']} maintainers"}],
    }
    if descriptor.get("description"):
        cff["abstract"] = descriptor["description"]
    if license_ := _license(descriptor):
        cff["license"] = license_
    version_doi = settings.version_doi(str(descriptor["version"]))
    if version_doi or settings.doi:
        cff["doi"] = version_doi or settings.doi
        cff["url"] = f"https://doi.org/{version_doi or settings.doi}"
    identifiers = [
        {"type": "doi", "value": doi, "description": description}
        for doi, description in ((version_doi, "this version"), (settings.doi, "every version"))
        if doi
    ]
    if identifiers:
        cff["identifiers"] = identifiers
    if settings.repository:
        cff["repository"] = settings.repository
        cff["repository-code"] = settings.repository
    if descriptor.get("keywords"):
        cff["keywords"] = list(descriptor["keywords"])
    # date-released is a string here: CFF wants YYYY-MM-DD text, not a YAML date.
    return yaml.safe_dump(cff, sort_keys=False, allow_unicode=True, width=100)


def zenodo(descriptor: dict[str, Any], settings: Settings) -> str:
    """.zenodo.json: the deposit metadata Zenodo reads when the release is uploaded."""
    creators = []
    for author in settings.authors or ({"name": f"{descriptor['name']} maintainers"},):
        family, given = author.get("family-names"), author.get("given-names")
        creator = {"name": f"{family}, {given}" if family and given else author_name(author)}
        if "affiliation" in author:
            creator["affiliation"] = author["affiliation"]
        if "orcid" in author:
            creator["orcid"] = author["orcid"].removeprefix("https://orcid.org/")
        creators.append(creator)
    metadata: dict[str, Any] = {
        "upload_type": "dataset",
        "title": descriptor.get("title", descriptor["name"]),
        "version": str(descriptor["version"]),
        "publication_date": descriptor["created"][:10],
        "description": descriptor.get("description") or descriptor.get("title", descriptor["name"]),
        "creators": creators,
        "access_right": "open",
    }
    if license_ := _license(descriptor):
        metadata["license"] = license_.lower()
        metadata["notes"] = license_statement(descriptor)
    if descriptor.get("keywords"):
        metadata["keywords"] = list(descriptor["keywords"])
    related = []
    if settings.repository:
        related.append({"identifier": settings.repository, "relation": "isSupplementTo", "scheme": "url"})
    if settings.doi:
        related.append({"identifier": settings.doi, "relation": "isVersionOf", "scheme": "doi"})
    if related:
        metadata["related_identifiers"] = related
    return json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"


_BIBTEX_SPECIAL = str.maketrans({c: f"\\{c}" for c in "&%$#_{}"})


def bibtex(descriptor: dict[str, Any], settings: Settings) -> str:
    """A BibTeX entry (``@misc``, which every style knows) for the release, naming its
    DOI: the version's when a deposit recorded one, else the one of every version."""
    version = str(descriptor["version"])
    title = str(descriptor.get("title", descriptor["name"]))
    authors = settings.authors or ({"name": f"{descriptor['name']} maintainers"},)
    names = [
        f"{a['family-names']}, {a['given-names']}".translate(_BIBTEX_SPECIAL)
        if a.get("family-names") and a.get("given-names")
        else "{" + author_name(a).translate(_BIBTEX_SPECIAL) + "}"
        for a in authors
    ]
    doi = settings.version_doi(version) or settings.doi
    fields = [
        ("author", " and ".join(names)),
        ("title", "{" + title.translate(_BIBTEX_SPECIAL) + "}"),
        ("year", descriptor["created"][:4]),
        ("month", str(int(descriptor["created"][5:7]))),
        ("version", version),
        ("note", f"Dataset, version {version}"),
        *([("doi", doi), ("url", f"https://doi.org/{doi}")] if doi else []),
        *([("howpublished", settings.repository)] if settings.repository and not doi else []),
    ]
    key = "".join(c if c.isalnum() else "_" for c in f"{descriptor['name']}_{version}")
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def settings_of(descriptor: dict[str, Any]) -> Settings:
    """What a release's descriptor says of its archive's settings, for citing a release
    outside its archive: name, title, authors (its contributors), repository and DOI."""
    doi = str(descriptor.get("id") or "").removeprefix("https://doi.org/")
    authors = []
    for contributor in descriptor.get("contributors") or []:
        if isinstance(contributor, dict) and contributor.get("title"):
            author = {"name": str(contributor["title"])}
            if str(contributor.get("path", "")).startswith("https://orcid.org/"):
                author["orcid"] = str(contributor["path"])
            authors.append(author)
    return Settings(
        name=str(descriptor.get("name", "")),
        title=str(descriptor.get("title", descriptor.get("name", ""))),
        authors=tuple(authors),
        repository=descriptor.get("homepage") if isinstance(descriptor.get("homepage"), str) else None,
        doi=doi if DOI.fullmatch(doi) else None,
    )
