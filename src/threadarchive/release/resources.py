"""A release descriptor's entry for one data file: its format, path, size, hash and rows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive import contract
from threadarchive.contract.package import Resource

if TYPE_CHECKING:
    pass


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
