"""A working archive seen from Python: its releases, its tables, its checks.

``threadarchive.load_tweets()`` loads the releases of the package itself, wherever it
is called; ``Archive(path)`` is the way to say "this archive"::

    >>> import threadarchive
    >>> archive = threadarchive.Archive(".")
    >>> archive.releases()                          # its published releases, oldest first
    >>> tweets = archive.load_tweets()              # its latest release, verified
    >>> working = archive.load_tweets("working")    # its working tables, not yet released
    >>> archive.validate().valid

A release is loaded as ``load_table(source=folder)`` loads it: each file checked
against the descriptor, and the descriptor against the archive's release index
(``releases/index.json``), whose withdrawals warn or are left out. The working tables
are read as the working package's CSV, typed by the data contract's schemas; nothing
vouches for them but ``validate``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from threadarchive import contract
from threadarchive.access import load
from threadarchive.access.locate import Release, regular
from threadarchive.archive import published
from threadarchive.archive.index import Index
from threadarchive.archive.store import Store
from threadarchive.contract.layout import DESCRIPTOR, INDEX_FILE, SETTINGS_FILE
from threadarchive.errors import PackageError, VersionNotFoundError
from threadarchive.files.hashing import sha256_file

if TYPE_CHECKING:
    import datetime as dt

    import pandas as pd
    import pyarrow as pa

    from threadarchive.access.partial import Filters
    from threadarchive.contract.report import Report

WORKING = "working"  # the version that names the working tables, not yet released


class Archive:
    """A working archive (a folder holding ``archive.yaml``): its releases and tables.

    Parameters
    ----------
    path
        The archive's folder (default: the current one).

    Attributes
    ----------
    root
        That folder.

    Raises
    ------
    PackageError
        ``path`` holds no archive.
    """

    def __init__(self, path: str | os.PathLike[str] = ".") -> None:
        self.root = Path(path)
        if not (self.root / SETTINGS_FILE).is_file():
            msg = f"{self.root}: expected an archive (a folder holding {SETTINGS_FILE}), found none"
            raise PackageError(msg, path=self.root, parameter="path")
        self._store = Store(self.root)

    def __repr__(self) -> str:
        return f"Archive({str(self.root)!r})"

    def releases(self) -> list[Release]:
        """The archive's published releases, oldest first.

        Returns
        -------
        list of Release
            Each with its version, date, folder (``path``), where the archive
            publishes it (``url``, if ``release_url`` is set) and its threads withdrawn
            since; ``packaged`` is False (they are the archive's, not the package's).

        Raises
        ------
        PackageError
            A release folder or the release index cannot be read.
        """
        with self._store.reading():
            listed = published.list_releases(self.root)
            index_file = self._store.path(INDEX_FILE)
            index = Index.read(index_file) if index_file.is_file() else None
            settings = self._store.settings()
        return [
            Release(
                str(info.version),
                str(info.created)[:10],
                False,
                settings.release_file_url(str(info.version), DESCRIPTOR),
                tuple(w.thread_id for w in index.withdrawn_from(str(info.version))) if index else (),
                info.path,
            )
            for info in listed
        ]

    def load_table(
        self,
        table: str,
        version: str | None = None,
        *,
        variant: str = "full",
        exclude_withdrawn: bool = False,
        columns: list[str] | None = None,
        filters: Filters = None,
    ) -> pa.Table:
        """A table of one of the archive's releases, verified, or of its working tables.

        Parameters
        ----------
        table
            A table of the data contract: "threads", "tweets", ...
        version
            A version of the archive's releases, "latest" (the default), or
            "working" for the working tables (``data/*.csv``), not yet released.
        variant
            "full", or "ids" for a release's ID-only tables.
        exclude_withdrawn
            Leave out the rows of threads withdrawn since the release was published.
        columns, filters
            As for ``threadarchive.load_table``: only these columns, and the rows the
            filters keep (of a partitioned release, only the files they need are read).

        Returns
        -------
        pyarrow.Table
            As ``threadarchive.load_table`` returns it; for the working tables its
            provenance names version "working" and the CSV's SHA-256.

        Raises
        ------
        VersionNotFoundError
            The archive has no release ``version`` (or none at all).
        PackageError, FixityError
            As for ``threadarchive.load_table``.
        """
        if version == WORKING:
            working = self._working(table, variant)
            if columns is None and filters is None:
                return working
            from threadarchive.access.partial import query

            chosen = query(working, columns, filters, str(self.root / contract.table(table).path()))
            return chosen.replace_schema_metadata(working.schema.metadata)
        with self._store.reading():
            folder = self._release(version)
            return load.load_table(
                table,
                source=folder,
                variant=variant,
                exclude_withdrawn=exclude_withdrawn,
                columns=columns,
                filters=filters,
            )

    def load_tweets(
        self,
        version: str | None = None,
        *,
        variant: str = "full",
        exclude_withdrawn: bool = False,
        columns: list[str] | None = None,
        filters: Filters = None,
    ) -> pd.DataFrame:
        """The tweets of one of the archive's releases (default: its latest), or of its
        working tables (``version="working"``), as a DataFrame.

        Parameters
        ----------
        version, variant, exclude_withdrawn, columns, filters
            As for ``load_table``.

        Returns
        -------
        pandas.DataFrame
            Arrow-backed, its provenance in ``attrs``, as ``threadarchive.load_tweets``.

        Raises
        ------
        VersionNotFoundError, PackageError, FixityError
            As for ``load_table``.
        """
        return load.frame(
            self.load_table(
                "tweets",
                version,
                variant=variant,
                exclude_withdrawn=exclude_withdrawn,
                columns=columns,
                filters=filters,
            )
        )

    def load_threads(
        self,
        version: str | None = None,
        *,
        variant: str = "full",
        exclude_withdrawn: bool = False,
        columns: list[str] | None = None,
        filters: Filters = None,
    ) -> pd.DataFrame:
        """The threads of one of the archive's releases, or of its working tables.

        Parameters
        ----------
        version, variant, exclude_withdrawn, columns, filters
            As for ``load_table``.

        Returns
        -------
        pandas.DataFrame
            One row per thread, Arrow-backed, its provenance in ``attrs``.

        Raises
        ------
        VersionNotFoundError, PackageError, FixityError
            As for ``load_table``.
        """
        return load.frame(
            self.load_table(
                "threads",
                version,
                variant=variant,
                exclude_withdrawn=exclude_withdrawn,
                columns=columns,
                filters=filters,
            )
        )

    def validate(self, *, engine: str = "auto", today: dt.date | None = None) -> Report:
        """Validate the working package: the Table Schemas, thread integrity and the
        captures, as ``threadarchive.validate`` does on the archive's folder.

        Parameters
        ----------
        engine
            "auto", "fast" or "frictionless".
        today
            The date dates in the future are judged against (default: today).

        Returns
        -------
        Report
            Every finding; ``report.valid`` is False when any is an error.

        Raises
        ------
        PackageError
            The working package cannot be read at all.
        """
        from threadarchive.archive.checks import validate

        with self._store.reading():
            return validate(self.root, engine=engine, today=today)

    def verify(self) -> list[Report]:
        """Check every published release against its manifests and the release index.

        Returns
        -------
        list of Report
            One per release, oldest first; each ``valid`` when the release is intact.

        Raises
        ------
        PackageError
            A release folder cannot be read.
        """
        from threadarchive.release.fixity import verify

        with self._store.reading():
            return [verify(info.path) for info in published.list_releases(self.root)]

    def _release(self, version: str | None) -> Path:
        """The folder of the archive's release ``version`` (None or "latest": its latest)."""
        listed = published.list_releases(self.root)
        if version in (None, "latest"):
            if not listed:
                msg = f"{self.root}: expected a release of the archive, found none; its working tables load with version='working'"
                raise VersionNotFoundError(msg, parameter="version")
            return listed[-1].path
        chosen = next((r for r in listed if str(r.version) == version), None)
        if chosen is None:
            available = ", ".join(str(r.version) for r in listed) or "none"
            raise VersionNotFoundError(
                f"{self.root}: expected one of the releases {available} or 'working', found {version!r}",
                parameter="version",
            )
        return chosen.path

    def _working(self, table: str, variant: str) -> pa.Table:
        """A working table, read from its CSV with the types of the contract's schema."""
        import pyarrow as pa
        import pyarrow.csv as pacsv

        from threadarchive.release.parquet import CSV_BLOCK_SIZE, parquet_schema

        if table not in contract.table_names():
            raise PackageError(
                f"expected a table among {list(contract.table_names())}, found {table!r}", parameter="table"
            )
        if variant != "full":
            raise PackageError(
                f"expected variant 'full' for the working tables, found {variant!r}", parameter="variant"
            )
        schema = contract.table(table).schema
        arrow = parquet_schema(schema)
        with self._store.reading():
            path = self._store.path(contract.table(table).path())
            regular(path)
            if not path.is_file():
                raise PackageError(f"{path}: expected the working {table} table, found none", path=path)
            try:
                data = pacsv.read_csv(
                    path,
                    read_options=pacsv.ReadOptions(block_size=CSV_BLOCK_SIZE),
                    parse_options=pacsv.ParseOptions(newlines_in_values=True),
                    convert_options=pacsv.ConvertOptions(
                        column_types={f.name: f.type for f in arrow},
                        null_values=schema.get("missingValues", [""]),
                        strings_can_be_null=True,
                        quoted_strings_can_be_null=True,
                    ),
                )
            except pa.ArrowInvalid as exc:
                msg = f"{path}: expected the working {table} table as its schema types it, found an error: {exc}"
                raise PackageError(msg, path=path) from None
            digest = sha256_file(path)
        if data.column_names != arrow.names:
            raise PackageError(
                f"{path}: expected the columns {arrow.names}, found {data.column_names}: the tables are older than the data contract; rebuild them",
                path=path,
            )
        provenance = {
            "version": WORKING,
            "table": table,
            "variant": variant,
            "sha256": digest,
            "source": str(path),
        }
        return data.cast(arrow).replace_schema_metadata({b"threadarchive": json.dumps(provenance).encode()})
