"""Read a Data Package descriptor: the working package or a release's."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from threadarchive.contract import table_of
from threadarchive.contract.layout import DESCRIPTOR
from threadarchive.contract.limits import MAX_DOCUMENT_BYTES, MAX_JSON_DEPTH
from threadarchive.contract.patterns import PACKAGE_NAME, SHA256, VERSION
from threadarchive.errors import InputError, PackageError, UnsafePathError
from threadarchive.files import strictjson
from threadarchive.files.fsutil import require_regular
from threadarchive.files.gate import inside

# A descriptor is about six levels deep (package, resources, schema, fields, constraints, enum);
# deeper ones are refused: copying or validating them recursively would overflow the stack.


@dataclass(frozen=True)
class Resource:
    """One resource of a package, its schema resolved to a dict."""

    name: str
    path: str  # as written in the descriptor, POSIX, relative to it (rows inline: the descriptor's name)
    schema: dict[str, Any]
    descriptor: dict[str, Any]
    schema_path: str | None = None  # where the schema came from, when it is a file
    unsafe: str | None = None  # why its path may not be read (the path gate's message), if so
    dialect_path: str | None = None  # where the dialect came from, when it is a file (read inline)

    @property
    def field_names(self) -> list[str]:
        fields = self.schema.get("fields")
        if not isinstance(fields, list):
            return []
        return [f["name"] for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)]

    @property
    def table(self) -> str:
        """The table it holds: ``tweets`` for both ``tweets`` and ``tweets-parquet``."""
        return table_of(self.name)

    @property
    def format(self) -> str:
        return self.descriptor.get("format") or Path(self.path).suffix.lstrip(".")


@dataclass(frozen=True)
class Package:
    """A parsed descriptor and the folder its paths are relative to."""

    descriptor_path: Path
    descriptor: dict[str, Any]
    resources: tuple[Resource, ...]
    # A release's Hive-partitioned Parquet tables (a list ``path``): not among the
    # resources, which are one file each; the SQL engines read them as one table each
    # (validation/sql/parts.py), and ``verify`` checks each file's hash.
    partitioned: tuple[dict[str, Any], ...] = ()

    @property
    def base(self) -> Path:
        return self.descriptor_path.parent

    def file(self, resource: Resource) -> Path:
        """Where the resource's data is: inside the package, or UnsafePathError."""
        if resource.unsafe:
            raise UnsafePathError(resource.unsafe)
        return self.base / resource.path

    def resource(self, name: str, fmt: str = "csv") -> Resource:
        """The resource holding table ``name`` in format ``fmt``."""
        for resource in self.resources:
            if resource.table == name and resource.format == fmt:
                return resource
        msg = f"{self.descriptor_path}: expected a {fmt} resource for table {name!r}, found none"
        raise PackageError(msg)

    def tables(self, fmt: str = "csv") -> list[Resource]:
        return [r for r in self.resources if r.format == fmt]

    def table_rows(self, name: str) -> int:
        """How many rows the CSV of table ``name`` has (0 if it has none or no file)."""
        path = self.file(self.resource(name))
        if not path.is_file():
            return 0
        import pyarrow.csv as pacsv

        options = pacsv.ParseOptions(newlines_in_values=True)
        return sum(batch.num_rows for batch in pacsv.open_csv(path, parse_options=options))

    def table_names(self, fmt: str = "csv") -> list[str]:
        """The tables the package holds in format ``fmt``, in its order."""
        return [r.table for r in self.tables(fmt)]


def descriptor_path(path: str | Path) -> Path:
    """``path`` itself if it is a file, else the datapackage.json inside it (through
    the path gate: a descriptor that is a link out of its folder is refused)."""
    path = Path(path)
    return inside(path, DESCRIPTOR, source=str(path)) if path.is_dir() else path


def read_document(path: Path, what: str = "a descriptor or schema") -> bytes:
    """The bytes of a small document (``what`` it should be, for messages); PackageError
    for a missing file, anything but a regular file, or one over MAX_DOCUMENT_BYTES,
    none of which is read."""
    try:
        require_regular(path)
    except InputError as exc:
        raise PackageError(str(exc), path=path) from None
    try:
        with path.open("rb") as stream:  # bounded even when the size stat gives is not (/proc)
            raw = stream.read(MAX_DOCUMENT_BYTES + 1)
    except FileNotFoundError:
        raise PackageError(f"{path}: no such file", path=path) from None
    except OSError as exc:
        raise PackageError(f"{path}: cannot read the file ({exc})", path=path) from None
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise PackageError(f"{path}: expected {what} of at most 16 MiB, found a larger file", path=path)
    return raw


def read_json(path: Path, what: str = "a descriptor or schema") -> Any:
    """Parse a JSON file (``what`` it should be, for messages): PackageError with its line
    for a missing or broken file, and for anything but a regular file, one over 16 MiB or
    one nested over 64 levels, none of which is read."""
    raw = read_document(path, what)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageError(f"{path}: cannot read the file ({exc})", path=path) from None
    try:
        data = strictjson.loads(text)
        deep = _depth(data) > MAX_JSON_DEPTH
    except RecursionError:
        deep = True
    except json.JSONDecodeError as exc:
        msg = f"{path}, line {exc.lineno}, column {exc.colno}: expected valid JSON, found an error: {exc.msg}"
        raise PackageError(msg) from None
    except ValueError as exc:  # strictjson's refusals
        raise PackageError(f"{path}: expected valid JSON, found {exc}") from None
    if deep:
        msg = f"{path}: expected JSON nested at most {MAX_JSON_DEPTH} levels deep, found it nested too deeply"
        raise PackageError(msg)
    return data


def _depth(data: Any) -> int:
    """How deeply lists and objects nest in ``data`` (without recursion: it may be deep)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth)
            if depth <= MAX_JSON_DEPTH:
                stack.extend((item, depth + 1) for item in value)
    return deepest


def load_package(path: str | Path, *, inline: bool = False) -> Package:
    """Read the descriptor at ``path`` (a file or a folder) and resolve its schemas.

    With ``inline`` (validation, which hands such resources to frictionless), a resource
    whose rows are in the descriptor (``data``, no ``path``) has the descriptor's own name
    as its path, where its rows are, and one of several files (a list ``path``, without
    the ``x-files`` of a release's partitioned table) the first file's, each through the
    path gate, and one with a ``url`` and no ``path`` (an old descriptor's) that URL as its
    path, which the gate refuses; without, the first and last are a PackageError, the
    second a partitioned table.
    """
    if not Path(path).exists():
        raise PackageError(
            f"{path}: no such file or folder; expected a datapackage.json or a folder holding one"
        )
    location = descriptor_path(path)
    descriptor = read_json(location)
    base = location.parent
    if not isinstance(descriptor, dict):
        raise PackageError(f"{location}: expected a JSON object, found {type(descriptor).__name__}")
    raw_resources = descriptor.get("resources")
    if not isinstance(raw_resources, list):
        raise PackageError(f"{location}: expected a list of resources, found {raw_resources!r}")
    resources, partitioned = [], []
    for index, item in enumerate(raw_resources):
        where = f"{location}, resources[{index}]"
        several = isinstance(item, dict) and isinstance(item.get("path"), list)
        if several and not (  # an empty list is refused there, as a release's would be
            inline
            and "x-files" not in item
            and item["path"]
            and all(isinstance(p, str) for p in item["path"])
        ):
            for name, *_ in resource_files(item, where):
                inside(base, name, source=where)
            partitioned.append(item)
            continue
        rows_inline = (
            inline and isinstance(item, dict) and "path" not in item and isinstance(item.get("data"), list)
        )
        if inline and isinstance(item, dict) and not ({"path", "data"} & set(item)) and "url" in item:
            item = {**item, "path": item["url"]}  # as frictionless reads an old descriptor's url
        if not (rows_inline or several) and (
            not isinstance(item, dict) or not isinstance(item.get("path"), str)
        ):
            raise PackageError(f"{where}: expected an object with a string 'path', found {item!r:.60}")
        schema, schema_path = item.get("schema", {}), None
        if isinstance(schema, str):
            schema_path = schema
            schema = read_json(inside(base, schema, source=where))
        if not isinstance(schema, dict):
            raise PackageError(f"{where}: expected a Table Schema object, found {schema!r:.60}")
        dialect_path = None
        if isinstance(item.get("dialect"), str):  # read here, through the gate, never by frictionless
            dialect_path = item["dialect"]
            item = {**item, "dialect": read_json(inside(base, dialect_path, source=where))}
        unsafe = None
        try:
            for data_file in [] if rows_inline else item["path"] if several else [item["path"]]:
                inside(base, data_file, source=f"{location.name}, resources[{index}]")
        except UnsafePathError as exc:
            unsafe = str(exc)
        name = item["name"] if isinstance(item.get("name"), str) else ""  # shape.py reports the others
        # rows inline: the descriptor holds them; several files: the first names the table
        data_path = location.name if rows_inline else item["path"][0] if several else item["path"]
        resource = Resource(name, data_path, schema, item, schema_path, unsafe, dialect_path)
        resources.append(resource)
    return Package(location, descriptor, tuple(resources), tuple(partitioned))


def resource_files(
    resource: dict[str, Any], where: str = DESCRIPTOR
) -> list[tuple[str, str, object, object]]:
    """Every data file of a descriptor's resource: (path, declared SHA-256 hex or "", size,
    rows). A resource of one file; or a partitioned table's, whose ``path`` is a list of
    files (the Data Package spec's multipart resource), each listed in ``x-files`` with its
    ``hash``, ``x-bytes`` and ``x-rows``; PackageError when the two lists differ or a file's
    hash is not a SHA-256."""
    path = resource.get("path")
    if isinstance(path, str):
        digest = str(resource.get("hash") or "").removeprefix("sha256:")
        return [(path, digest, resource.get("bytes", resource.get("x-bytes")), resource.get("x-rows"))]
    files = resource.get("x-files")
    if not (isinstance(path, list) and path and all(isinstance(p, str) for p in path)):
        raise PackageError(
            f"{where}: expected a 'path' that is a file or a list of files, found {path!r:.60}"
        )
    listed = {f.get("path"): f for f in files if isinstance(f, dict)} if isinstance(files, list) else {}
    if len(path) != len(set(path)) or set(listed) != set(path) or len(listed) != len(files or []):
        msg = f"{where}: expected 'x-files' to list each file of 'path' once, found {len(listed)} for {len(path)} files"
        raise PackageError(msg)
    found = []
    for name in path:
        declared = listed[name].get("hash")
        if not (isinstance(declared, str) and SHA256.fullmatch(declared)):
            raise PackageError(
                f"{where}: x-files {name}: expected 'sha256:' and 64 hex digits, found {declared!r:.80}"
            )
        found.append(
            (name, declared.removeprefix("sha256:"), listed[name].get("x-bytes"), listed[name].get("x-rows"))
        )
    return found


def read_descriptor(data: bytes, where: str) -> dict[str, Any]:
    """A release descriptor from its bytes; PackageError for anything but an object of
    resources, with a Data Package name, a version and SHA-256 hashes.

    The name decides which release index anchors a release, and a hash names the
    file a download is cached under: both are checked before either is used.
    """
    try:
        descriptor = strictjson.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise PackageError(f"{where}: expected a JSON descriptor, found an error: {exc}") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise PackageError(
            f"{where}: expected an object with a list of resources, found {type(descriptor).__name__}"
        )
    name, version = descriptor.get("name"), descriptor.get("version")
    if not (isinstance(name, str) and PACKAGE_NAME.fullmatch(name)):
        raise PackageError(
            f"{where}: name: expected lower-case letters, digits, '.', '_' or '-', found {name!r:.60}"
        )
    if not (isinstance(version, str) and VERSION.fullmatch(version)):
        raise PackageError(f"{where}: version: expected a version like 1.2.3, found {version!r:.60}")
    for number, resource in enumerate(descriptor["resources"]):
        if isinstance(resource, dict) and isinstance(resource.get("path"), list):
            resource_files(resource, f"{where}: resources[{number}]")
            continue
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            raise PackageError(
                f"{where}: resources[{number}]: expected an object with a string path, found {resource!r:.60}"
            )
        digest = resource.get("hash")
        if digest is not None and not (isinstance(digest, str) and SHA256.fullmatch(digest)):
            raise PackageError(
                f"{where}: resources[{number}].hash: expected 'sha256:' and 64 hex digits, found {digest!r:.80}"
            )
    return descriptor
