"""The ID-only ("dehydrated") variant of a release: identifier and date columns of
threads and tweets, no text, a package of its own under ids/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive import contract
from threadarchive.contract.layout import (
    DESCRIPTOR,
    IDS_DIR,
)
from threadarchive.files.hashing import sha256_file
from threadarchive.release.parquet import CSV_BLOCK_SIZE, ROW_GROUP_ROWS, ParquetTable
from threadarchive.release.resources import data_resource

if TYPE_CHECKING:
    pass


def _select_columns(source: Path, target: Path, names: list[str]) -> None:
    """Copy the columns ``names`` of a validated CSV table, streaming with pyarrow.

    Identifier and date columns need no quoting (their patterns allow no comma, quote
    or line break), so pyarrow writes them unquoted, as Python's csv would; a value
    that needed quoting would be an error here, never a silently changed cell.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    reader = pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(block_size=CSV_BLOCK_SIZE),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            include_columns=names, column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
        ),
    )
    with target.open("wb") as stream:
        stream.write((",".join(names) + "\n").encode("utf-8"))
        options = pacsv.WriteOptions(include_header=False, quoting_style="none")
        with pacsv.CSVWriter(stream, reader.schema, write_options=options) as writer:
            for batch in reader:
                writer.write_batch(batch)


def _select_parquet(source: Path, target: Path, schema: dict[str, Any]) -> None:
    """Copy the columns ``schema`` names of a release's Parquet table, batch by batch."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = ParquetTable(target, schema)
    names = [f["name"] for f in schema["fields"]]
    for batch in pq.ParquetFile(source).iter_batches(batch_size=ROW_GROUP_ROWS, columns=names):
        writer.write(pa.Table.from_batches([batch]).select(names))
    writer.close()


def _ids_variant(out: Path, package: Any, rows: dict[str, int], about: dict[str, Any]) -> dict[str, str]:
    """Write the ID-only ("dehydrated") variant under ``ids/``: the tables' identifier and
    date columns, no text, as CSV and Parquet with a descriptor of their own; returns the
    entry that pins it in the release descriptor."""

    folder = out / IDS_DIR
    (folder / "data").mkdir(parents=True)
    resources = []
    for table in (t for t in contract.tables() if t.ids and t.name in package.table_names()):
        schema = table.ids_schema()
        names = [f["name"] for f in schema["fields"]]  # in the schema's order
        _select_columns(out / table.path(), folder / table.path(), names)
        _select_parquet(out / table.path("parquet"), folder / table.path("parquet"), schema)
        for fmt in contract.FORMATS:
            path = folder / table.path(fmt)
            resources.append(
                data_resource(
                    table.name,
                    fmt,
                    path,
                    folder,
                    package.resource(table.name),
                    rows[table.name],
                    sha256_file(path),
                    schema,
                )
            )
    descriptor = {
        "profile": "tabular-data-package",
        **about,
        "name": f"{about['name']}-ids",
        "title": f"{about.get('title', about['name'])} (IDs only)",
        "description": "The ID-only variant of the release: identifiers and dates, no text. Rehydrate the tweets from their IDs (twarc2 hydrate) where the texts may not be shared.",
        "resources": resources,
    }
    (folder / DESCRIPTOR).write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return {"path": f"{IDS_DIR}/{DESCRIPTOR}", "hash": f"sha256:{sha256_file(folder / DESCRIPTOR)}"}
