"""Every kind of finding threadarchive reports, in one registry.

Modelled on frictionless's error classes: each kind has a stable kebab-case
``type``, a default severity, a title and a description. Checks make findings by
calling the kind (``POSITION_GAP(message, path=..., row=...)``), so a type can
never be misspelt, and the README's table of findings is generated from here
(``python -m threadarchive.contract.findings``).

Severities: ``error`` makes data invalid; ``warning`` is worth a look and fails
only a strict validation; ``info`` is a warning the archive has acknowledged (see
``data/meta``), reported but never failing.

The schema layer reports what frictionless reports, under frictionless's names
(``byte-count``, ``hash-count`` for a descriptor's ``bytes`` and ``hash``); a kind
whose fault frictionless names otherwise records frictionless's name, so both
engines speak one vocabulary.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One problem found in the data, with where it is."""

    type: str
    severity: Severity
    message: str
    path: str | None = None  # file the finding is in (relative to the package)
    line: int | None = None  # 1-based line in that file, for editors and CI annotations
    row: int | None = None  # frictionless row number: the header is row 1
    field: str | None = None
    thread_id: str | None = None
    position: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}

    def where(self) -> str:
        """The location as people read it: ``data/tweets.csv, row 4, field text``."""
        parts = [self.path] if self.path else []
        if self.line is not None and self.row is None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(f"field {self.field}")
        if self.thread_id:
            parts.append(f"thread {self.thread_id}")
        if self.position is not None:
            parts.append(f"position {self.position}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Kind:
    """A kind of finding: its type, default severity, title and description."""

    type: str
    severity: Severity
    layer: str  # "schema", "integrity", "capture", "fixity", "descriptor", "report"
    title: str
    description: str
    frictionless: str | None = None  # frictionless's type for the same fault, when it differs

    def __call__(self, message: str, *, severity: Severity | None = None, **where: Any) -> Finding:
        """A finding of this kind; ``severity`` only where the description says it varies."""
        return Finding(self.type, severity or self.severity, message, **where)


REGISTRY: dict[str, Kind] = {}


def _kind(
    type: str, severity: Severity, layer: str, title: str, description: str, frictionless: str | None = None
) -> Kind:
    kind = Kind(type, severity, layer, title, description, frictionless)
    REGISTRY[type] = kind
    return kind


def kind_of(finding_type: str) -> Kind:
    """The registered kind of a type, or of frictionless's name for it."""
    if finding_type in REGISTRY:
        return REGISTRY[finding_type]
    for kind in REGISTRY.values():
        if kind.frictionless == finding_type:
            return kind
    return FRICTIONLESS_OTHER


# fmt: off
# The descriptor and its schemas (frictionless's own profiles).
PACKAGE_ERROR = _kind("package-error", "error", "descriptor", "Package error",
    "The descriptor is not a valid Data Package, or lacks a table the archive needs.")
RESOURCE_ERROR = _kind("resource-error", "error", "descriptor", "Resource error",
    "A resource of the descriptor is not a valid Data Resource.")
SCHEMA_ERROR = _kind("schema-error", "error", "descriptor", "Schema error",
    "A Table Schema is not valid; its table is not checked further.")
FIELD_ERROR = _kind("field-error", "error", "descriptor", "Field error",
    "A field of a Table Schema is not valid.")
DIALECT_ERROR = _kind("dialect-error", "error", "descriptor", "Dialect error",
    "A resource's CSV dialect is not valid.")
PATH_UNSAFE = _kind("path-unsafe", "error", "descriptor", "Unsafe path",
    "A path in a descriptor, metadata file or zip is absolute, leaves its folder (.., a link) "
    "or is a URL where local data is meant; nothing is read from it.")
PATTERN_UNSUPPORTED = _kind("pattern-unsupported", "error", "descriptor", "Pattern cannot be checked",
    "A schema pattern neither RE2 nor a time-limited Python match can check: it backtracks beyond "
    "its field's time or the validation's, or its repetitions expand too far; its cells are not "
    "checked against it.")

# The schema layer: what frictionless reports for a table, with the same rows and fields.
SOURCE_ERROR = _kind("source-error", "error", "schema", "Source error",
    "A data file is empty or cannot be read as a table.")
SCHEME_ERROR = _kind("scheme-error", "error", "schema", "Scheme error",
    "A data file named by the descriptor does not exist.")
FORMAT_ERROR = _kind("format-error", "error", "schema", "Format error",
    "A data file is not in the format its resource declares.")
ENCODING_ERROR = _kind("encoding-error", "error", "schema", "Encoding error",
    "A data file is not UTF-8, or a Parquet file is unreadable.")
COMPRESSION_ERROR = _kind("compression-error", "error", "schema", "Compression error",
    "A compressed data file cannot be decompressed.")
BLANK_HEADER = _kind("blank-header", "error", "schema", "Blank header", "A table has an empty header row.")
BLANK_LABEL = _kind("blank-label", "error", "schema", "Blank label", "A header cell is empty.")
DUPLICATE_LABEL = _kind("duplicate-label", "error", "schema", "Duplicate label",
    "Two header cells have the same label.")
INCORRECT_LABEL = _kind("incorrect-label", "error", "schema", "Incorrect label",
    "A header cell is not the name of the schema's field in that column.")
EXTRA_LABEL = _kind("extra-label", "error", "schema", "Extra label",
    "The header has more columns than the schema has fields.")
MISSING_LABEL = _kind("missing-label", "error", "schema", "Missing label",
    "The header lacks a field of the schema.")
BLANK_ROW = _kind("blank-row", "error", "schema", "Blank row", "A row has no value in any cell.")
EXTRA_CELL = _kind("extra-cell", "error", "schema", "Extra cell", "A row has more cells than the header.")
MISSING_CELL = _kind("missing-cell", "error", "schema", "Missing cell", "A row has fewer cells than the header.")
TYPE_ERROR = _kind("type-error", "error", "schema", "Type error",
    "A cell is not a value of its field's type (an integer, a date as YYYY-MM-DD, ...).")
CONSTRAINT_ERROR = _kind("constraint-error", "error", "schema", "Constraint error",
    "A cell breaks a constraint of its field: required, pattern, enum, minimum, maximum, length.")
UNIQUE_ERROR = _kind("unique-error", "error", "schema", "Unique error",
    "A value of a field declared unique appears again.")
PRIMARY_KEY = _kind("primary-key", "error", "schema", "Primary key error",
    "A row's primary key repeats an earlier row's, or is empty.")
FOREIGN_KEY = _kind("foreign-key", "error", "schema", "Foreign key error",
    "A row refers to a row of another table that does not exist (a tweet of an unknown thread).")
BYTE_COUNT = _kind("byte-count", "error", "schema", "Byte count",
    "A data file's size differs from the bytes its resource declares in the descriptor.")
HASH_COUNT = _kind("hash-count", "error", "schema", "Hash count",
    "A data file's hash differs from the hash its resource declares in the descriptor.")
CELL_TOO_LARGE = _kind("cell-too-large", "error", "schema", "Cell too large",
    "A row (a cell in it) is larger than the 16 MiB a table is read with; the table is not "
    "checked further, by either engine.")
TABLE_UNCHECKED = _kind("table-unchecked", "error", "schema", "Table not checked",
    "A table the descriptor lists was not checked against its schema (frictionless stopped at the "
    "package, say): a package is never valid with a table left unchecked.")
FRICTIONLESS_OTHER = _kind("frictionless-error", "error", "schema", "Other frictionless error",
    "An error frictionless reported (with the frictionless engine) that has no kind of its own here; "
    "its message names frictionless's type.")

# Thread integrity: what no generic schema check sees.
THREAD_WITHOUT_TWEETS = _kind("thread-without-tweets", "error", "integrity", "Thread without tweets",
    "A thread has no rows in the tweets table.")
POSITION_GAP = _kind("position-gap", "error", "integrity", "Position gap",
    "A thread's positions do not run 1..N: a position is missing.")
TWEET_COUNT_MISMATCH = _kind("tweet-count-mismatch", "error", "integrity", "Tweet count mismatch",
    "A thread has another number of tweets than its capture declares; a warning when the "
    "thread's known_gaps records the gap (and in a capture, where a gap is reported, never filled).")
AUTHOR_NAME_BLANK = _kind("author-name-blank", "error", "integrity", "Blank author name",
    "A thread's author name is only white space.")
DATE_OUT_OF_RANGE = _kind("date-out-of-range", "error", "integrity", "Date out of range",
    "A thread's date is before the first tweet (2006-03-21) or after today.")
MARKER_POSITION_MISMATCH = _kind("marker-position-mismatch", "warning", "integrity",
    "Marker disagrees with position",
    "A tweet's numbering marker states another number than its position: an anomaly to keep.")
MARKER_STYLE_MISMATCH = _kind("marker-style-mismatch", "warning", "integrity", "Marker form differs",
    "A tweet's marker has another form than its thread's usual one (the seed's '/12' among 'N/').")
RIGHTS_MISSING = _kind("rights-missing", "warning", "integrity", "No terms",
    "A thread states no terms (rights) under which it is archived.")
TEXT_CAPTURE_UNKNOWN = _kind("text-capture-unknown", "error", "integrity", "Text from an unknown capture",
    "A tweet's text_capture (the capture its text was taken from, when not the thread's current "
    "one) names no capture of its thread in the captures table.")

# Captures and curated metadata of a working archive.
METADATA_ERROR = _kind("metadata-error", "error", "capture", "Metadata error",
    "A file under data/meta/ cannot be read, or breaks the rules of its fields.")
CAPTURE_MISSING = _kind("capture-missing", "error", "capture", "Capture missing",
    "A raw capture named by a thread's capture history is not under data/raw/.")
CAPTURE_HASH_MISMATCH = _kind("capture-hash-mismatch", "error", "capture", "Capture changed",
    "A raw capture's SHA-256 differs from the one recorded when it was ingested.")
CAPTURE_UNPARSEABLE = _kind("capture-unparseable", "error", "capture", "Capture unreadable",
    "A raw capture can no longer be read by its format's reader.")
CAPTURE_UNREFERENCED = _kind("capture-unreferenced", "warning", "capture", "Capture of no thread",
    "A file under data/raw/ belongs to no thread's capture history.")
TABLE_CAPTURE_MISMATCH = _kind("table-capture-mismatch", "error", "capture", "Table differs from captures",
    "A working table differs from what its captures and metadata give; a rebuild regenerates it.")
GENERATED_FILE_STALE = _kind("generated-file-stale", "error", "capture", "Generated file out of date",
    "datapackage.json or a file under schemas/ differs from what the archive's settings and "
    "this version of threadarchive generate; a rebuild regenerates it.")
CHAIN_BRANCH = _kind("chain-branch", "warning", "capture", "Branch in a reply chain",
    "The author replied to one tweet of a thread more than once: the thread follows the "
    "earliest reply, and the later ones (and what follows them) are left out of it; they "
    "stay in the raw capture.")
ACKNOWLEDGEMENT_UNUSED = _kind("acknowledgement-unused", "warning", "capture", "Acknowledgement unused",
    "A thread's metadata acknowledges a finding that no longer occurs.")
TEXT_DISAGREEMENT = _kind("text-disagreement", "warning", "capture", "Captures disagree on a text",
    "Captures of one thread give a tweet different texts (an edit between them, a long post cut "
    "short in one): its text is taken verbatim from one of them, never from a truncated one "
    "(tweets.text_capture names it when it is not the current capture); the others stay in data/raw/.")
CHAIN_GAP = _kind("chain-gap", "warning", "capture", "Gap in a reply chain",
    "A thread's root or a middle tweet is not in the capture: the thread is kept with the gap "
    "recorded in known_gaps, never presented as complete.")

# Fixity of a release: its manifests and its place in the release index.
MANIFEST_MISSING = _kind("manifest-missing", "error", "fixity", "Manifest missing",
    "A release has no SHA256SUMS.")
SIZE_MISMATCH = _kind("size-mismatch", "error", "fixity", "Size mismatch",
    "A file's size differs from the size a release's manifest declares.")
HASH_MISMATCH = _kind("hash-mismatch", "error", "fixity", "Hash mismatch",
    "A file's SHA-256 differs from the hash a release's manifest (SHA256SUMS) declares.")
MANIFEST_ERROR = _kind("manifest-error", "error", "fixity", "Manifest error",
    "A line of SHA256SUMS, or the release's datapackage.json, cannot be read.")
FILE_MISSING = _kind("file-missing", "error", "fixity", "File missing",
    "A file the release's manifests list is not in the release.")
FILE_UNLISTED = _kind("file-unlisted", "error", "fixity", "File not listed",
    "A file in the release is not listed in SHA256SUMS, or a data file is not a resource.")
BAG_UNCHECKED = _kind("bag-unchecked", "warning", "fixity", "Bag manifests not checked",
    "A bag's own manifests were not checked (bagit is not installed); its payload, the release, was.")
SITE_NOT_REBUILT = _kind("site-not-rebuilt", "error", "fixity", "Site not its release's",
    "A file of the site in a release zip differs from, or is not among, the files its release "
    "builds: the site is anchored through the release, whose index entry it cannot change.")
FILE_TOO_LARGE = _kind("file-too-large", "error", "fixity", "File too large",
    "A zip member is larger, or more compressed, than the limits a release is read with.")
FILE_REPEATED = _kind("file-repeated", "error", "fixity", "File repeated",
    "A zip holds two members of one name: which one a reader takes is up to the reader.")
RELEASE_UNANCHORED = _kind("release-unanchored", "error", "fixity", "Release not in the index",
    "A release's descriptor hash is not the one the release index records (or the previous "
    "release's hash in its chain differs): the release is not the one published.")
RELEASE_MISSING = _kind("release-missing", "error", "fixity", "Release missing",
    "The release index lists a release whose folder is not in the archive.")
INDEX_REWRITTEN = _kind("index-rewritten", "error", "fixity", "Index rewritten",
    "The release index lacks, or records otherwise, a release its committed history records: "
    "the index only grows, so it was rolled back or rewritten.")
RELEASE_NOT_INDEXED = _kind("release-not-indexed", "warning", "fixity", "Release unknown to the index",
    "A release is checked against its own manifests only: no release index knows its version. "
    "An error for a release inside an archive whose index does not list it.")

# The report itself.
FINDING_LIMIT = _kind("finding-limit", "warning", "report", "Finding limit",
    "More findings of one type than a report lists; the count of those not listed is given.")

# fmt: on


def catalogue() -> str:
    """The Markdown table of every kind of finding, as the README shows it."""
    lines = ["| type | severity | layer | what it means |", "| --- | --- | --- | --- |"]
    for kind in REGISTRY.values():
        also = f" (frictionless: `{kind.frictionless}`)" if kind.frictionless else ""
        lines.append(f"| `{kind.type}` | {kind.severity} | {kind.layer} | {kind.description}{also} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m threadarchive.contract.findings > the README's table
    print(catalogue(), end="")
