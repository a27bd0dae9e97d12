"""A release descriptor's entry for a table's data: its format, path (one file, or the list
of a partitioned table's files), size, hash and rows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive import contract
from threadarchive.contract.package import Resource

if TYPE_CHECKING:
    from threadarchive.release.parquet import Part


def data_resource(
    table: str,
    fmt: str,
    path: Path,
    out: Path,
    source: Resource,
    rows: int,
    digest: str,
    schema: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The release descriptor's entry for one data file; ``schema`` when not the source's own."""
    size = path.stat().st_size
    resource: dict[str, Any] = {
        "name": contract.table(table).resource_name(fmt),
        "title": source.descriptor.get("title", table) + (" (Parquet)" if fmt == "parquet" else ""),
        "description": source.descriptor.get("description", ""),
        "profile": "tabular-data-resource",
        "path": path.relative_to(out).as_posix(),
        "format": fmt,
        "mediatype": contract.MEDIA_TYPES[fmt],
    }
    if fmt == "csv":
        resource.update(encoding="utf-8", bytes=size, hash=f"sha256:{digest}")
    else:  # frictionless 5.21 fails tabular Parquet with "bytes": see the module docstring
        resource.update({"x-bytes": size, "hash": f"sha256:{digest}"})
    resource["x-rows"] = rows
    resource["schema"] = schema if schema is not None else source.schema
    return resource


def partitioned_resource(resource: dict[str, Any], parts: list[Part]) -> dict[str, Any]:
    """A Parquet resource of one file made the resource of a Hive-partitioned table: its
    ``path`` the list of files (the Data Package spec's multipart resource), each listed
    in ``x-files`` with its size, hash, rows and partition, and ``x-partitioning`` saying
    how rows were placed. It has no ``hash`` of its own: each file has one."""
    from threadarchive.contract.layout import PARTITION_FIELDS

    found = {k: v for k, v in resource.items() if k not in ("path", "hash", "x-bytes", "x-rows", "schema")}
    found["path"] = [p.path for p in parts]
    found["x-bytes"] = sum(p.bytes for p in parts)
    found["x-rows"] = sum(p.rows for p in parts)
    found["x-partitioning"] = {
        "flavor": "hive",
        "fields": [{"name": name, "type": "integer"} for name in PARTITION_FIELDS],
        "by": "the year and month its thread was published (threads.published_date)",
    }
    found["x-files"] = [
        {
            "path": p.path,
            "x-bytes": p.bytes,
            "hash": f"sha256:{p.sha256}",
            "x-rows": p.rows,
            "partition": {"year": p.year, "month": p.month},
        }
        for p in parts
    ]
    found["schema"] = resource["schema"]
    return found
