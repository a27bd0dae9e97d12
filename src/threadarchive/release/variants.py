"""The variants of a release, each a package of its own inside it, pinned by hash in the
release descriptor's ``x-variants``:

- ``ids/``, the ID-only ("dehydrated") variant: identifier and date columns of threads
  and tweets, no text;
- ``public/``, what may be distributed publicly: release-shaped (descriptor, tables,
  card, CITATION.cff, Croissant, license, SHA256SUMS, its own copy of ``ids/``), with
  the rows of the threads whose terms archive.yaml's ``public_terms`` names, and every
  other thread only as its ID-only rows. The wheel and the public zip ship this folder
  as the release, under the release's name and version: the release index anchors it
  by the hash of ``public/datapackage.json`` it lists among the release's files.

The release folder itself keeps every text, for the research group that holds it.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadarchive import contract
from threadarchive.contract.layout import DESCRIPTOR, IDS_DIR, PUBLIC_DIR
from threadarchive.files.hashing import sha256_file
from threadarchive.release.documents import release_documents
from threadarchive.release.fixity import write_checksums
from threadarchive.release.parquet import CSV_BLOCK_SIZE, ROW_GROUP_ROWS, ParquetTable
from threadarchive.release.resources import data_resource

if TYPE_CHECKING:
    from threadarchive.archive.settings import Settings
    from threadarchive.release.documents import Facts


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


def ids_tables(package: Any) -> list[contract.Table]:
    """The tables of ``package`` that have an ID-only form, in the contract's order."""
    return [t for t in contract.tables() if t.ids and t.name in package.table_names()]


def ids_parquet(out: Path, package: Any) -> dict[str, ParquetTable]:
    """The ID-only variant's Parquet files of the release in ``out``, by table, to be fed
    the tables' typed rows as they are validated (no second read of the release's
    Parquet). Each row group is one chunk before it is encoded, as a row group read back
    from the release's Parquet is: the same bytes, however the validation batched the rows."""
    (out / IDS_DIR / "data").mkdir(parents=True, exist_ok=True)
    return {
        t.name: ParquetTable(out / IDS_DIR / t.path("parquet"), t.ids_schema(), whole_groups=True)
        for t in ids_tables(package)
    }


def ids_csv(out: Path, table: contract.Table) -> str:
    """Write the ID-only CSV of ``table`` from the release's CSV in ``out``; returns its SHA-256."""
    (out / IDS_DIR / "data").mkdir(parents=True, exist_ok=True)
    names = [f["name"] for f in table.ids_schema()["fields"]]  # in the schema's order
    target = out / IDS_DIR / table.path()
    _select_columns(out / table.path(), target, names)
    return sha256_file(target)


def _ids_variant(
    out: Path, package: Any, rows: dict[str, int], about: dict[str, Any], digests: dict[str, str]
) -> dict[str, str]:
    """Write the ID-only ("dehydrated") variant under ``ids/``: the tables' identifier and
    date columns, no text, as CSV and Parquet with a descriptor of their own; returns the
    entry that pins it in the release descriptor.

    ``digests`` (SHA-256 by path in ``out``) names the variant's data files already
    written (``ids_csv``, ``ids_parquet``); any other is written here from the release's
    files, and its digest added.
    """

    folder = out / IDS_DIR
    (folder / "data").mkdir(parents=True, exist_ok=True)
    resources = []
    for table in ids_tables(package):
        schema = table.ids_schema()
        for fmt in contract.FORMATS:
            path = folder / table.path(fmt)
            name = path.relative_to(out).as_posix()
            if name not in digests:
                if fmt == "csv":
                    digests[name] = ids_csv(out, table)
                else:
                    _select_parquet(out / table.path("parquet"), path, schema)
                    digests[name] = sha256_file(path)
            resources.append(
                data_resource(
                    table.name,
                    fmt,
                    path,
                    folder,
                    package.resource(table.name),
                    rows[table.name],
                    digests[name],
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


def public_threads(out: Path, terms: tuple[str, ...]) -> set[str]:
    """The threads of the release in ``out`` whose terms are among ``terms``."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from threadarchive.validation import arrow

    # ParquetFile and arrow.strings: read_table, pyarrow.dataset and pa.array import pandas
    # (0.15 s of a release's time)
    with pq.ParquetFile(out / contract.table("threads").path("parquet")) as parquet:
        threads = parquet.read(columns=["thread_id", "terms"])
    chosen = threads.filter(pc.is_in(threads["terms"], value_set=arrow.strings(list(terms))))
    return set(chosen["thread_id"].to_pylist())


def _by_thread(name: str) -> bool:
    """Whether table ``name``'s rows belong to threads (the threads table, and those whose
    foreign key names it): a thread kept out of the public tables takes them along. The
    withdrawals stay whole: they tell every holder which IDs to delete."""
    schema = contract.table(name).schema
    return name == "threads" or any(
        key["reference"]["resource"] == "threads" for key in schema.get("foreignKeys", ())
    )


def _filter_csv(source: Path, target: Path, keep: set[str]) -> int:
    """The rows of a release CSV whose thread_id is in ``keep``, written as the working
    tables are (Python's csv, ``\\n`` line ends): kept rows keep their bytes."""
    kept = 0
    with (
        source.open(encoding="utf-8", newline="") as reader,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        rows = csv.reader(reader)
        writer = csv.writer(out, lineterminator="\n")
        header = next(rows)
        writer.writerow(header)
        column = header.index("thread_id")
        for row in rows if keep else ():  # no thread public: the header alone
            if row[column] in keep:
                writer.writerow(row)
                kept += 1
    return kept


def _filter_parquet(source: Path, target: Path, schema: dict[str, Any], keep: set[str]) -> int:
    """The rows of a release's Parquet table whose thread_id is in ``keep``, batch by batch."""
    writer = ParquetTable(target, schema)
    if not keep:  # no thread public: the table without rows, and no import of pyarrow.dataset
        return writer.close()
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    names = [f["name"] for f in schema["fields"]]
    chosen = pc.field("thread_id").isin(pa.array(sorted(keep), pa.string()))
    for batch in ds.dataset(source, format="parquet").to_batches(
        columns=names, filter=chosen, batch_size=ROW_GROUP_ROWS
    ):
        if batch.num_rows:
            writer.write(pa.Table.from_batches([batch]))
    return writer.close()


def _public_variant(
    out: Path,
    package: Any,
    rows: dict[str, int],
    about: dict[str, Any],
    settings: Settings,
    facts: Facts,
    ids: dict[str, str],
    digests: dict[str, str],
) -> dict[str, str]:
    """Write the public variant under ``public/`` (see the module docstring) from the
    release's tables and ID-only variant in ``out``; returns the entry that pins it in
    the release descriptor.

    Parameters
    ----------
    out
        The release folder being built, its tables and ``ids/`` written.
    package
        The working package the release is built from.
    rows
        The row count of each table of the release.
    about
        The descriptor's properties the variant shares (name, version, licenses, ...).
    settings
        The archive's settings: ``public_terms`` chooses the threads shipped in full.
    facts
        What the release's card says of its rows (every thread is in the variant, in
        full or as ID-only rows).
    ids
        The release descriptor's pin of its ID-only variant, copied into ``public/``.
    digests
        SHA-256 by path in ``out`` of the files written so far (the ID-only variant's
        are not computed again for its copy); the variant's data files are added.

    Returns
    -------
    dict
        ``path`` and ``hash`` of ``public/datapackage.json``.
    """
    folder = out / PUBLIC_DIR
    (folder / "data").mkdir(parents=True)
    keep = public_threads(out, settings.public_terms)
    resources, known = [], {}
    for name in package.table_names():
        table = contract.table(name)
        schema = package.resource(name).schema
        count: dict[str, int] = {}
        if _by_thread(name) and len(keep) < rows.get("threads", 0):  # else every thread is public
            count["csv"] = _filter_csv(out / table.path(), folder / table.path(), keep)
            count["parquet"] = _filter_parquet(
                out / table.path("parquet"), folder / table.path("parquet"), schema, keep
            )
        else:
            for fmt in contract.FORMATS:
                shutil.copyfile(out / table.path(fmt), folder / table.path(fmt))
                count[fmt] = rows[name]
        for fmt in contract.FORMATS:
            path = folder / table.path(fmt)
            known[table.path(fmt)] = digest = sha256_file(path)
            resources.append(
                data_resource(name, fmt, path, folder, package.resource(name), count[fmt], digest)
            )
    shutil.copytree(out / IDS_DIR, folder / IDS_DIR)
    prefix = f"{IDS_DIR}/"
    known.update({name: digest for name, digest in digests.items() if name.startswith(prefix)})
    withheld = rows.get("threads", 0) - len(keep)
    descriptor = {
        "profile": "tabular-data-package",
        **about,
        "title": f"{about.get('title', about['name'])} (public)",
        "x-public": {"terms": list(settings.public_terms), "threads": len(keep), "ids_only": withheld},
        "x-variants": {"ids": ids},
        "resources": resources,
    }
    (folder / DESCRIPTOR).write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for name, text in release_documents(descriptor, settings, facts).items():
        (folder / name).write_text(text, encoding="utf-8")
    write_checksums(folder, known)
    digests.update({f"{PUBLIC_DIR}/{name}": digest for name, digest in known.items()})
    return {"path": f"{PUBLIC_DIR}/{DESCRIPTOR}", "hash": f"sha256:{sha256_file(folder / DESCRIPTOR)}"}
