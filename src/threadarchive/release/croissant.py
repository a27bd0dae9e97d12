"""Croissant: the JSON-LD metadata (MLCommons, version 1.0) that the Hugging Face Hub,
Kaggle and ML venues read, written into every release as ``croissant.json``.

Made from the release descriptor and the archive's settings alone, like the other
documents. Every data file is a ``cr:FileObject`` with its SHA-256 (so Croissant
tools check the bytes too); each table is a ``cr:RecordSet`` whose fields are read
from its Parquet file, which carries the types: IDs stay text there, where a CSV
reader guesses 19-digit numbers. The tests validate it with ``mlcroissant`` and read
every record set's rows through it.
"""

from __future__ import annotations

import json
from typing import Any

from threadarchive.archive.settings import Settings, author_name

# The context Croissant documents declare (the specification's, as mlcroissant 1.1 checks it).
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

# Table Schema types as Croissant data types.
_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
    "datetime": "sc:DateTime",
}
_FORMATS = {"csv": "text/csv", "parquet": "application/x-parquet"}


def croissant(
    descriptor: dict[str, Any],
    settings: Settings,
    *,
    cite_as: str | None = None,
    statement: str | None = None,
) -> str:
    """The release's ``croissant.json``.

    Parameters
    ----------
    descriptor
        The release's datapackage.json, its resources hashed.
    settings
        The archive's settings: authors, repository, DOIs.
    cite_as
        The citation to give (BibTeX), when there is one.
    statement
        The release's license statement (the compilation's license and the threads'
        terms), given beside the compilation license's URL.

    Returns
    -------
    str
        The JSON-LD text.
    """
    version = str(descriptor["version"])
    doi = settings.version_doi(version) or settings.doi
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": descriptor["name"],
        "alternateName": descriptor.get("title", descriptor["name"]),
        "description": descriptor.get("description") or descriptor.get("title", descriptor["name"]),
        "version": version,
        "datePublished": descriptor["created"][:10],
        "creator": [_creator(a) for a in settings.authors]
        or [{"@type": "sc:Organization", "name": f"{descriptor['name']} maintainers"}],
        "license": license_text(descriptor, statement),
    }
    if doi:
        document["url"] = f"https://doi.org/{doi}"
        document["identifier"] = f"https://doi.org/{doi}"
    elif settings.repository:
        document["url"] = settings.repository
    if settings.repository:
        document["sameAs"] = settings.repository
    if descriptor.get("keywords"):
        document["keywords"] = list(descriptor["keywords"])
    if cite_as:
        document["citeAs"] = cite_as
    files = [r for r in descriptor["resources"] if r.get("format") in _FORMATS]
    document["distribution"] = [
        {
            "@type": "cr:FileObject",
            "@id": r["path"],
            "name": r["path"],
            "description": r.get("title", r["name"]),
            "contentUrl": r["path"],
            "contentSize": f"{r.get('bytes', r.get('x-bytes'))} B",
            "encodingFormat": _FORMATS[r["format"]],
            "sha256": r["hash"].removeprefix("sha256:"),
        }
        if isinstance(r["path"], str)
        else {  # a Hive-partitioned table: its files, each hashed in the descriptor's x-files
            "@type": "cr:FileSet",
            "@id": r["name"],
            "name": r["name"],
            "description": r.get("title", r["name"]),
            "encodingFormat": _FORMATS[r["format"]],
            "includes": r["path"][0].split("/")[0]
            + "/"
            + r["name"].removesuffix("-parquet")
            + "/**/*.parquet",
        }
        for r in files
    ]
    document["recordSet"] = [_record_set(r) for r in files if r["format"] == "parquet"]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def license_text(descriptor: dict[str, Any], statement: str | None = None) -> str | list[str]:
    """The licenses as Croissant gives them: a URL (or name) each, then ``statement``
    (the texts are under each thread's terms) when given."""
    found = [str(lic.get("path") or lic.get("name")) for lic in descriptor.get("licenses") or []]
    found += [statement] if statement else []
    return found[0] if len(found) == 1 else found


def _creator(author: dict[str, str]) -> dict[str, Any]:
    person = "family-names" in author or "given-names" in author
    creator: dict[str, Any] = {
        "@type": "sc:Person" if person else "sc:Organization",
        "name": author_name(author),
    }
    if "orcid" in author:
        creator["identifier"] = author["orcid"]
    if "affiliation" in author:
        creator["affiliation"] = {"@type": "sc:Organization", "name": author["affiliation"]}
    return creator


def _record_set(resource: dict[str, Any]) -> dict[str, Any]:
    table = resource["name"].removesuffix("-parquet")
    return {
        "@type": "cr:RecordSet",
        "@id": table,
        "name": table,
        "description": resource.get("description", table),
        "field": [
            {
                "@type": "cr:Field",
                "@id": f"{table}/{f['name']}",
                "name": f["name"],
                "description": f.get("description", f["name"]),
                "dataType": _TYPES.get(f.get("type", "string"), "sc:Text"),
                "source": {
                    "fileObject" if isinstance(resource["path"], str) else "fileSet": {
                        "@id": resource["path"] if isinstance(resource["path"], str) else resource["name"]
                    },
                    "extract": {"column": f["name"]},
                },
            }
            for f in resource["schema"]["fields"]
        ],
    }
