"""Where everything lives: every name on disk an archive or a release uses, in one place.

::

    archive.yaml              SETTINGS_FILE: the archive's settings, edited by hand
    datapackage.json          DESCRIPTOR: generated from the settings and the data contract
    CHANGELOG.md              CHANGELOG: one section per release
    schemas/                  SCHEMA_DIR: generated, the contract's Table Schemas
    data/<table>.csv          generated: a pure function of data/raw and data/meta
    data/raw/<capture>        RAW_DIR: captures, byte for byte; never edited or deleted
    data/meta/<id>.yaml       META_DIR, meta_path(): per thread, capture history and curated facts
    data/withdrawals.yaml     WITHDRAWALS_FILE: threads taken out, and why
    releases/<X.Y.Z>/         RELEASES_DIR, release_path(): published releases, immutable
    releases/index.json       INDEX_FILE: every release's hashes, chained
    dist/                     DIST_DIR, download_path(): zips, bags, sites and databases of releases
    .threadarchive/           STATE_DIR: the lock, the journal of a change under way, staged files

A release folder holds DESCRIPTOR, CHECKSUMS, CROISSANT, LICENSE_FILE, the tables under data/
(a large one as a Hive-partitioned folder, partition_path()), the ID-only variant under
IDS_DIR and the public variant under PUBLIC_DIR (release-shaped: the wheel and the public
zip ship it as the release).

Paths are POSIX and relative to the archive's root: join them through the archive's path
gate (``Archive.path``), never onto a root by hand.
"""

from pathlib import PurePosixPath

SETTINGS_FILE = "archive.yaml"
DESCRIPTOR = "datapackage.json"
CHANGELOG = "CHANGELOG.md"
CHECKSUMS = "SHA256SUMS"
CROISSANT = "croissant.json"  # a release's Croissant (JSON-LD) metadata
SCHEMA_DIR = "schemas"
DATA_DIR = PurePosixPath("data")
RAW_DIR = DATA_DIR / "raw"
META_DIR = DATA_DIR / "meta"
WITHDRAWALS_FILE = (DATA_DIR / "withdrawals.yaml").as_posix()
RELEASES_DIR = PurePosixPath("releases")
INDEX_NAME = "index.json"
INDEX_FILE = (RELEASES_DIR / INDEX_NAME).as_posix()
IDS_DIR = "ids"  # the ID-only ("dehydrated") variant, a package of its own inside a release
PUBLIC_DIR = "public"  # the public variant: what the texts' terms allow to be shared, inside a release
LICENSE_FILE = "LICENSE.md"  # a release's license statement, which its card's header links to
DIST_DIR = PurePosixPath("dist")
STATE_DIR = PurePosixPath(".threadarchive")
LOCK_FILE = STATE_DIR / "lock"
JOURNAL = STATE_DIR / "journal.json"
STAGING_DIR = STATE_DIR / "staging"
STALE_MARK = STATE_DIR / "stale"


def meta_path(thread_id: str) -> str:
    """A thread's metadata file, relative to the archive's root."""
    return (META_DIR / f"{thread_id}.yaml").as_posix()


def raw_path(name: str) -> str:
    """A stored capture, relative to the archive's root."""
    return (RAW_DIR / name).as_posix()


def release_path(version: object) -> str:
    """A release's folder, relative to the archive's root."""
    return (RELEASES_DIR / str(version)).as_posix()


# The downloads of a release under dist/, by kind: NAME-data-X.Y.Z plus this.
DOWNLOAD_SUFFIXES = {
    "site": "-site",
    "sqlite": ".db",
    "zip": ".zip",
    "public-zip": "-public.zip",
    "bag": "-bag",
}


def download_path(package_name: str, version: object, kind: str) -> str:
    """A download of release ``version`` (a kind of ``DOWNLOAD_SUFFIXES``), relative to the archive's root."""
    return (DIST_DIR / f"{package_name}-data-{version}{DOWNLOAD_SUFFIXES[kind]}").as_posix()


# A large table of a release, Hive-partitioned by the year and month its threads were
# published: data/<table>/year=YYYY/month=MM/part-0.parquet (release/parquet.py).
PARTITION_FIELDS = ("year", "month")


def partition_path(table: str, year: int, month: int, part: int = 0) -> str:
    """One file of a partitioned table of a release, relative to the release folder."""
    return (DATA_DIR / table / f"year={year:04d}" / f"month={month:02d}" / f"part-{part}.parquet").as_posix()
