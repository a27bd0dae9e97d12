"""A release as a static website: an index of threads, a page per thread, search in the browser.

``build_site(release, out)`` writes::

    index.html, index-2.html, ...   the threads, newest first, 500 a page, with the search form
    threads/<thread_id>.html        one page per thread: its tweets in order, markers as
                                    printed, permalinks, the source URL, the curators' notes
                                    on its anomalies and a provenance panel (with what
                                    the current capture's container says); past
                                    MAX_THREAD_PAGES threads, instead:
    threads/_<n>.html               pages of threads (100 or more, in the release's order),
                                    each thread at #<thread_id>, its tweets at #<thread_id>-t<n>
    assets/style.css, search.js     the one stylesheet and the search script
    search/index.js                 what the search index holds (its shards, its documents)
    search/terms/<prefix>.js        postings of the terms that begin with <prefix>
    search/docs/<n>.js              the texts of tweets n*1000 .. n*1000+999, for results
                                    (more a file past 4M tweets: at most 4,000 files)
    threadarchive-site.json         which release the site shows, and that the folder is a site
                                    of these files (the count and digest of their names)

Everything is read as text and rendered with Jinja2 with autoescaping on: a tweet
that holds ``<script>`` shows it as text. Links are made only from values that
match the contract (tweet IDs, handles) or are http(s) URLs. The pages read
without script; only search needs it. No server is needed, and the site works
from ``file://``: the browser loads index data through ``<script>`` tags (fetch is
refused there), and the data files are JavaScript that assigns JSON (with
``<``, ``>``, ``&`` and the line separators escaped).

Files. A host, Hugging Face and a zip want few files: a page per thread made 78,256
files for 1M synthetic tweets (77,000 threads). Past MAX_THREAD_PAGES threads, threads
share pages, at most MAX_BUNDLES of them, and the index and search link to the thread
(and the tweet) on its page; search documents are a thousand tweets a file, or more
past MAX_DOC_SHARDS files. Small
archives keep a page per thread, the address a citation wants. A bundled page is still
HTML that reads without script; ``_`` starts no thread ID, so the names never clash.

Speed. Terms are split a batch of tweets at a time in Arrow (normalise, lower-case,
split, each term once a tweet), giving the same terms as ``terms``, in a thread of their
own while the pages are written (Arrow works without Python's lock). A thread's HTML
(its facts, notes, tweets and provenance) has one definition, ``pages.thread_html``,
written in Python, not through Jinja expressions, which cost most of the time at a
million tweets; the templates (``thread.html``, ``threads.html``) take it as markup and
write only the pages' frames. At 1,001,000 synthetic tweets this took the site from 49 to 61 s
of CPU (depending on the machine's load) to about 34 s, the same bytes.

Scale. The tweets are streamed from the release's Parquet file batch by batch;
the tweets of a thread are held until its page is written (a release stores each
thread's tweets together, as ``rebuild`` orders them; a release that does not is
refused, naming the thread). The threads table is held as Arrow columns, a few
hundred bytes a thread. Search postings are spilled to temporary files by term
prefix and merged one prefix at a time, so memory stays bounded however many
tweets there are; the browser loads only the prefixes a query names and the
documents it shows.

Terms: the text is normalised (NFKC), lower-cased and split into runs of letters,
digits and marks (``[\\p{L}\\p{N}\\p{M}]+``), as ``search.js`` does in the browser. A
term is filed under its first two characters; a query word matches the terms it
begins (a one-character word matches itself), and a query matches the tweets that
hold every word. Terms over 40 characters are not indexed.

The bytes are a function of the release alone: the same release gives the same
site. It is built in a temporary folder beside ``out`` and moved into place; an
existing ``out`` is replaced only if it is empty or holds nothing but a site made by
this function (its marker, and only the names it wrote). A run killed mid-build
leaves its staging folder, which the next build for the same ``out`` removes.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from array import array
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import regex

from threadarchive import contract
from threadarchive.access.pages import (
    http_url,
    linked_pages,
    permalink,
    provenance_pairs,
    thread_html,
    tweets_html,
)
from threadarchive.access.search import DOCS_PER_SHARD, MAX_DOC_SHARDS, DocShards, TermIndex, write_js
from threadarchive.access.verified import VerifiedRelease, open_verified, thread_id
from threadarchive.archive.settings import author_name
from threadarchive.contract.package import read_json
from threadarchive.errors import ConflictError, PackageError, StorageError
from threadarchive.files.fsutil import staging, storage
from threadarchive.files.hashing import sha256_bytes

if TYPE_CHECKING:
    import jinja2
    import pyarrow as pa

MARKER = "threadarchive-site.json"
ASSETS = "siteassets"
THREADS_PER_PAGE = 500
MAX_THREAD_PAGES = 2_000  # threads with a page each; past it, pages of threads
THREADS_PER_BUNDLE = 100  # threads a page then holds, at least
MAX_BUNDLES = 3_000  # pages of threads at most (more threads a page past 300,000 threads)
INDEX_BATCH = 16_384  # tweets indexed at a time, in Arrow
THREAD_COLUMNS = (
    "thread_id", "author_name", "author_handle", "published_date", "tweet_count", "language",
    "known_gaps", "rights", "source_url", "source_format", "captured_at", "capture_path",
    "capture_sha256",
)  # fmt: skip
OPTIONAL_COLUMNS = ("author_handle", "known_gaps", "language")  # index columns shown if any thread has one
TWEET_COLUMNS = ("thread_id", "position", "marker", "text", "tweet_id")
Progress = Callable[[int], None]


@dataclass(frozen=True)
class SiteResult:
    """What ``build_site`` wrote."""

    path: Path
    version: str
    threads: int
    tweets: int
    index_pages: int
    term_shards: int
    doc_shards: int

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "path": str(self.path)}


def build_site(release: Path, out: Path, *, progress: Progress | None = None) -> SiteResult:
    """Write the static site of the release folder ``release`` to the folder ``out``.

    Parameters
    ----------
    release: a release folder (verified before anything is read).
    out: the site's folder; replaced if it holds a site made before, refused if it
        holds anything else.
    progress: called with the number of tweets rendered since the last call.

    Raises
    ------
    FixityError: the release fails its manifests.
    PackageError: the release lacks a table, holds a thread ID that is not one, or a text not UTF-8.
    ConflictError: ``out`` holds files that are not a site.
    StorageError: the site cannot be written there (a full disk, permissions); nothing is left.
    """
    source = open_verified(release)
    _check_target(out)
    with _staging(out) as staging:
        try:
            result = _Builder(source, staging, progress).build()
        except OSError as exc:  # a full disk: named as the folder asked for, not the staging one
            raise StorageError(f"{out}: cannot write the site: {exc.strerror or exc}", path=out) from None
        except UnicodeDecodeError as exc:  # a Parquet text Arrow let through (its hashes declared anew)
            raise PackageError(f"{release}: expected UTF-8 texts, found another ({exc.reason})") from None
        _move_into_place(staging, out)
    return SiteResult(out, *result)


def _check_target(out: Path) -> None:
    """Refuse ``out`` unless it is new, empty, or holds nothing but a site's files.

    The marker alone proves little: a folder can hold a site and files of its owner's,
    and replacing the site would delete them. A name the site's layout does not give (or
    a link, which a build never makes) is refused, naming it; and a name it does give,
    but its build did not write (``threads/notes.html``), by the digest of the names the
    marker records (sites built before it recorded one are checked by layout alone).
    """
    if out.is_file() or out.is_symlink():
        raise ConflictError(f"{out}: expected a folder for the site, found a file or a link")
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not (out / MARKER).is_file():
        raise ConflictError(
            f"{out}: expected an empty folder or a site threadarchive built, found other files; "
            "choose another --out"
        )
    names = _site_files(out)
    marker = read_json(out / MARKER, "a site's marker")
    written = marker.get("files") if isinstance(marker, dict) else None
    if isinstance(written, dict) and written.get("sha256") != _digest(names):
        raise ConflictError(
            f"{out}: expected only the {written.get('count')} files its build wrote, as {MARKER} records, "
            f"found {len(names)} files that are not those; move what was added, or choose another --out"
        )


# Every name a build writes, relative to the site's folder (thread pages are checked apart).
_SITE_FOLDERS = frozenset({"threads", "assets", "search", "search/terms", "search/docs"})
_SITE_FILE = regex.compile(
    r"threadarchive-site\.json|index(-[1-9][0-9]*)?\.html|assets/(style\.css|search\.js)|search/index\.js"
    r"|search/terms/[0-9a-f]+(-[0-9a-f]+)?\.js|search/docs/(0|[1-9][0-9]*)\.js|threads/_(0|[1-9][0-9]*)\.html"
)


def _site_files(out: Path) -> list[str]:
    """The files of the site in ``out`` (but its marker), relative and sorted; ConflictError
    naming the first a build never writes: a link, another kind of file, a name outside
    the layout."""
    names = []
    for folder, folders, files in os.walk(out):
        for name in sorted([*folders, *files]):
            path = Path(folder, name)
            relative = path.relative_to(out).as_posix()
            if path.is_symlink():
                other = f"the link {relative}"
            elif name in folders:
                other = "" if relative in _SITE_FOLDERS else f"the folder {relative}"
            elif path.is_file() and (_SITE_FILE.fullmatch(relative) or _thread_page(relative)):
                other = ""
                names.append(relative)
            else:
                other = relative
            if other:
                raise ConflictError(
                    f"{out}: expected only the files of a site threadarchive built, found {other}; "
                    "move it, or choose another --out"
                )
    return sorted(n for n in names if n != MARKER)


def _thread_page(relative: str) -> bool:
    folder, _, name = relative.partition("/")
    stem = name.removesuffix(".html")
    return folder == "threads" and stem != name and contract.fullmatch("threads", "thread_id", stem)


def _digest(names: list[str]) -> str:
    return sha256_bytes("\n".join(names).encode("utf-8"))


@contextlib.contextmanager
def _staging(out: Path) -> Iterator[Path]:
    with staging(out, "write the site") as folder:
        yield folder / "site"


def _move_into_place(built: Path, out: Path) -> None:
    """Replace ``out`` by ``built``: an old site is moved aside first, then removed."""
    _check_target(out)  # again: files may have been added to it while the site was built
    with storage(out, "move the site into place"):
        if out.exists():
            os.replace(out, built.parent / "old")
        os.replace(built, out)


class _Builder:
    def __init__(self, release: VerifiedRelease, root: Path, progress: Progress | None) -> None:
        self.release, self.root, self.progress = release, root, progress
        self.env = _environment()
        self.threads = _threads_table(release)
        ids = self.threads.column("thread_id").to_pylist()
        where = f"{release.folder}: threads"
        self.row_of = {thread_id(value, where): row for row, value in enumerate(ids)}
        if len(self.row_of) != len(ids):
            raise PackageError(f"{where}: expected each thread_id once, found one repeated")
        self.context = _site_context(release)
        self.notes = _notes(release)
        self.provenance = _provenance(release)
        # The threads of the tweets of the current batch and the one before, as Python, by row
        self.current: dict[int, dict[str, Any]] = {}
        self.previous: dict[int, dict[str, Any]] = {}
        # Past MAX_THREAD_PAGES threads, threads share pages (threads/_<n>.html), so that
        # the site stays under 10,000 files (static hosts, Hugging Face) at 10M tweets.
        count = len(self.row_of)
        self.per_page = 1 if count <= MAX_THREAD_PAGES else max(THREADS_PER_BUNDLE, -(-count // MAX_BUNDLES))
        self.page_of = array("i", bytes(4 * count) if self.per_page > 1 else b"")
        self.placed = 0
        self.bundle: list[SimpleNamespace] = []

    def build(self) -> tuple[str, int, int, int, int, int]:
        for folder in ("threads", "assets", "search/terms", "search/docs"):
            (self.root / folder).mkdir(parents=True)
        for name in ("style.css", "search.js"):
            asset = resources.files("threadarchive") / ASSETS / "static" / name
            (self.root / "assets" / name).write_bytes(asset.read_bytes())
        with tempfile.TemporaryDirectory(dir=self.root.parent, prefix="spill-") as spill:
            per_shard = max(DOCS_PER_SHARD, -(-self.release.rows("tweets") // MAX_DOC_SHARDS))
            docs = DocShards(self.root / "search/docs", per_shard)
            with TermIndex(Path(spill)) as index:
                tweets = self._thread_pages(index, docs)
            doc_shards = docs.close()
            shards = index.write(self.root / "search/terms")
        meta = {
            "release": self.release.version,
            "docs": tweets,
            "perShard": per_shard,
            "shards": shards,
        }
        write_js(self.root / "search/index.js", "threadarchiveSearch.meta=", meta)
        pages = self._index_pages()
        names = _site_files(self.root)
        marker = {
            "release": self.release.version,
            "title": self.release.title,
            "threads": len(self.row_of),
            "files": {"count": len(names), "sha256": _digest(names)},  # what a rebuild may replace
        }
        (self.root / MARKER).write_text(json.dumps(marker, ensure_ascii=False, indent=1) + "\n", "utf-8")
        return self.release.version, len(self.row_of), tweets, pages, len(shards), doc_shards

    def _thread_pages(self, index: TermIndex, docs: DocShards) -> int:
        """Stream the tweets, one thread at a time; write each thread's page and search data."""
        done: set[str] = set()
        count = 0
        for group in _groups(self.release, self.row_of, done, index, self._prefetch):
            thread = self._thread(self.row_of[group[0]["thread_id"]])
            bundle = self.placed // self.per_page if self.per_page > 1 else None
            for tweet in group:  # a tweet's document number is its row: the index has it so
                docs.add(thread, tweet, bundle)
            self._page(thread, sorted(group, key=lambda t: t["position"]))
            count += len(group)
            if self.progress is not None:
                self.progress(len(group))
        for tid in sorted(set(self.row_of) - done):  # threads without tweets still have a page
            self._page(self._thread(self.row_of[tid]), [])
        self._write_bundle()
        return count

    def _prefetch(self, ids: pa.Array) -> None:
        """Turn into Python, in one ``take``, the threads a batch of tweets belongs to.

        Not the threads table a chunk of rows at a time, in its order: a partitioned
        release stores the tweets month by month, so each month's threads come from
        every chunk of the table, and every chunk was turned into Python again for
        each month (at 10M tweets most of the site's 706 s of CPU; at 1M, one file,
        the orders agree). A thread whose tweets span two batches is in both."""
        import pyarrow.compute as pc

        rows = sorted({self.row_of[t] for t in pc.unique(ids).to_pylist() if t in self.row_of})
        self.previous = self.current
        self.current = dict(zip(rows, self.threads.take(rows).to_pylist(), strict=True)) if rows else {}

    def _thread(self, row: int) -> dict[str, Any]:
        """The thread of row ``row``: from the batches of tweets read last, or (a thread
        without tweets) by itself."""
        values = self.current.get(row) or self.previous.get(row) or self.threads.slice(row, 1).to_pylist()[0]
        return {name: values.get(name) for name in THREAD_COLUMNS}

    def _page(self, thread: dict[str, Any], tweets: list[dict[str, Any]]) -> None:
        """Write the thread's page, or add it to the page of threads being filled."""
        handle = thread["author_handle"]
        if handle is not None and not contract.fullmatch("threads", "author_handle", handle):
            handle = None  # a value the contract refuses makes no link
        for tweet in tweets:
            tweet["permalink"] = permalink(handle, tweet.get("tweet_id"))
        language = thread["language"]
        if language is not None and not contract.fullmatch("threads", "language", language):
            language = None
        tid = thread["thread_id"]
        bundled = self.per_page > 1
        h, a = (2, f"{tid}-") if bundled else (1, "")  # its heading's level, its ids' prefix
        item = {
            "thread": SimpleNamespace(**thread),  # Jinja finds an attribute first, a key after it fails
            "tweets": tweets,
            "handle": handle,
            "lang": language or "und",
            "source_url": http_url(thread["source_url"]),
            "notes": self.notes.get(tid, []),
            "provenance": provenance_pairs(self.provenance.get(tid)),
            "tweets_html": tweets_html(tweets, english=language == "en", prefix=a, level=h + 1),
        }
        body = thread_html(item, self.context, h=h, a=a)  # the one definition of a thread's HTML
        if bundled:
            self.page_of[self.row_of[tid]] = self.placed // self.per_page
            self.placed += 1
            self.bundle.append(SimpleNamespace(thread=item["thread"], lang=item["lang"], body=body))
            if len(self.bundle) == self.per_page:
                self._write_bundle()
            return
        html = self.env.get_template("thread.html").render(
            **self.context, thread=item["thread"], lang=item["lang"], body=body, root="../"
        )
        (self.root / "threads" / f"{tid}.html").write_text(html, encoding="utf-8")

    def _write_bundle(self) -> None:
        """Write the page of the threads gathered (threads/_<n>.html), if any."""
        if not self.bundle:
            return
        number = (self.placed - 1) // self.per_page
        first = number * self.per_page + 1
        html = self.env.get_template("threads.html").render(
            **self.context,
            items=self.bundle,
            first=first,
            last=first + len(self.bundle) - 1,
            total=len(self.row_of),
            lang="en",
            root="../",
        )
        (self.root / "threads" / f"_{number}.html").write_text(html, encoding="utf-8")
        self.bundle = []

    def href(self, row: int, thread_id: str) -> str:
        """The link to a thread's page (from the site's root)."""
        if self.per_page > 1:
            return f"threads/_{self.page_of[row]}.html#{thread_id}"
        return f"threads/{thread_id}.html"

    def _index_pages(self) -> int:
        import pyarrow.compute as pc

        order = pc.sort_indices(
            self.threads, sort_keys=[("published_date", "descending"), ("thread_id", "ascending")]
        ).to_pylist()
        pages = max(1, -(-len(order) // THREADS_PER_PAGE))
        # A column no thread has a value in (no handle known, say) is left out of every page.
        shown = {name for name in OPTIONAL_COLUMNS if self.threads.column(name).null_count < len(order)}
        template = self.env.get_template("index.html")
        for number in range(1, pages + 1):
            rows = order[(number - 1) * THREADS_PER_PAGE : number * THREADS_PER_PAGE]
            threads = self.threads.take(rows).to_pylist() if rows else []
            for row, thread in zip(rows, threads, strict=True):
                thread["href"] = self.href(row, thread["thread_id"])
            html = template.render(
                **self.context,
                threads=[SimpleNamespace(**thread) for thread in threads],
                page=number,
                pages=pages,
                linked=linked_pages(number, pages),
                first=(number - 1) * THREADS_PER_PAGE + 1,
                total=len(order),
                page_name=page_name,
                shown=shown,
                lang="en",
                root="",
            )
            (self.root / page_name(number)).write_text(html, encoding="utf-8")
        return pages


def page_name(number: int) -> str:
    """The file of index page ``number``: index.html, index-2.html, ..."""
    return "index.html" if number == 1 else f"index-{number}.html"


def _environment() -> jinja2.Environment:
    import jinja2

    def load(name: str) -> str:
        return (resources.files("threadarchive") / ASSETS / "templates" / name).read_text(encoding="utf-8")

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _threads_table(release: VerifiedRelease) -> pa.Table:
    """The threads table's columns the site shows; a column an older release lacks is null."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if "threads" not in release.tables() or "tweets" not in release.tables():
        raise PackageError(
            f"{release.folder}: expected the tables threads and tweets, found {release.tables()}"
        )
    present = set(pq.read_schema(release.parquet("threads")).names)
    table = release.read("threads", [c for c in THREAD_COLUMNS if c in present])
    for name in THREAD_COLUMNS:
        if name not in present:
            table = table.append_column(name, pa.nulls(table.num_rows, pa.string()))
    # One chunk a column: ``take`` of a table in chunks joins them first, every call (each
    # index page's 500 threads, each batch's threads): quadratic, 10x slower a call at 3M.
    return table.select(list(THREAD_COLUMNS)).combine_chunks()


def _groups(
    release: VerifiedRelease,
    known: dict[str, int],
    done: set[str],
    index: TermIndex | None = None,
    prefetch: Callable[[pa.Array], None] | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """The tweets of each thread, one list a thread, as the release stores them; each
    batch's texts are given to ``index`` (if any) first, numbered by their rows from 0,
    and its thread IDs to ``prefetch`` (if any)."""
    import pyarrow.parquet as pq

    present = set(pq.read_schema(release.parquet("tweets")).names)
    columns = [c for c in TWEET_COLUMNS if c in present]
    where = f"{release.folder}: tweets"
    current: list[dict[str, Any]] = []
    row = 0
    for batch in release.batches("tweets", columns, batch_size=INDEX_BATCH):
        if index is not None:
            index.submit(row, batch.column("text"))
        if prefetch is not None:
            prefetch(batch.column("thread_id"))
        for tweet in batch.to_pylist():
            row += 1
            tid = tweet["thread_id"]
            if current and tid != current[0]["thread_id"]:
                done.add(current[0]["thread_id"])
                yield current
                current = []
            if not current:
                if tid in done:
                    raise PackageError(
                        f"{where}, row {row}: expected the tweets of each thread together, as threadarchive "
                        f"writes releases, found thread {tid!r} again after other threads"
                    )
                if tid not in known:
                    raise PackageError(
                        f"{where}, row {row}: expected a thread the threads table lists, found {tid!r}"
                    )
            current.append(tweet)
    if current:
        done.add(current[0]["thread_id"])
        yield current


def _site_context(release: VerifiedRelease) -> dict[str, Any]:
    """What every page says about the release: its title, version, date and how to cite it."""
    cff = release.citation()
    authors = _authors(cff.get("authors"))
    doi = cff.get("doi") if isinstance(cff.get("doi"), str) else None
    year = release.created[:4]
    cite = f"{', '.join(authors) or release.title} ({year}). {release.title}, version {release.version}."
    return {
        "site_title": release.title,
        "version": release.version,
        "created": release.created,
        "cite": cite,
        "doi_url": http_url(f"https://doi.org/{doi}") if doi else None,
        "license": _license(release.descriptor),
    }


def _authors(value: object) -> list[str]:
    """The names of CITATION.cff's ``authors``, whatever a hand may have written there: a
    name given as a list of words is those words, a value that is no name is left out."""

    def words(part: object) -> str:
        scalars = part if isinstance(part, list) else [part]
        return " ".join(
            str(p).strip() for p in scalars if isinstance(p, str | int | float) and not isinstance(p, bool)
        )

    names = []
    for author in value if isinstance(value, list) else []:
        if isinstance(author, dict):
            parts = {k: words(author.get(k)) for k in ("name", "given-names", "family-names")}
            name = author_name({k: v for k, v in parts.items() if v})
        else:
            name = words(author)
        if name.strip():
            names.append(name.strip())
    return names


def _license(descriptor: dict[str, Any]) -> dict[str, str | None] | None:
    licenses = descriptor.get("licenses") or []
    if not licenses or not isinstance(licenses[0], dict):
        return None
    first = licenses[0]
    # The short name (an SPDX ID): the footer says itself what the license covers, and a
    # title that says it too ("... for the compilation; the texts remain their authors'")
    # would say it twice.
    name = first.get("name") or first.get("title") or ""
    return {"name": str(name), "title": str(first.get("title") or name), "url": http_url(first.get("path"))}


def _notes(release: VerifiedRelease) -> dict[str, list[dict[str, Any]]]:
    """The curators' notes on anomalies (the anomalies table), by thread, in position order."""
    if "anomalies" not in release.tables():
        return {}
    notes: dict[str, list[dict[str, Any]]] = {}
    for row in release.read("anomalies", ["thread_id", "finding", "position", "note"]).to_pylist():
        notes.setdefault(str(row["thread_id"]), []).append(row)
    for rows in notes.values():
        rows.sort(key=lambda r: (r["position"] or 0, str(r["finding"])))
    return notes


def _provenance(release: VerifiedRelease) -> dict[str, str]:
    """The provenance of each thread's current capture (the captures table), by thread,
    where its container gave one; none from a release made before the column."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    if "captures" not in release.tables():
        return {}
    if "provenance" not in pq.read_schema(release.parquet("captures")).names:
        return {}
    rows = release.read("captures", ["thread_id", "role", "provenance"])
    rows = rows.filter(pc.and_(pc.equal(rows["role"], "current"), pc.is_valid(rows["provenance"])))
    return {str(r["thread_id"]): str(r["provenance"]) for r in rows.to_pylist()}
