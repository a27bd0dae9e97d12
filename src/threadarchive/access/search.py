"""The site's search index: terms cut from tweets, their postings spilled to disk past a
bound and merged into shard files, and the tweets' texts in document shards, each
written as a small JavaScript file the search page loads (from file:// as over HTTP)."""

from __future__ import annotations

import json
import struct
import unicodedata
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from threadarchive.access.worker import Worker

if TYPE_CHECKING:
    import pyarrow as pa


DOCS_PER_SHARD = 1_000  # tweets a search document file holds, at least


MAX_DOC_SHARDS = 4_000  # search document files at most (more tweets a file past 4M tweets)


MAX_TERM = 40


SPILL_POSTINGS = 4_000_000  # postings held before they are written to the spill files


SPILL_TERMS = 200_000  # distinct terms held before they are


_TOKEN = regex.compile(r"[\p{L}\p{N}\p{M}]+")


_SEPARATORS = r"[^\p{L}\p{N}\p{M}]+"  # what splits terms, in Arrow's (RE2's) regular expressions


_RECORD = struct.Struct("=HI")  # a spilled term: its UTF-8 length, its document count


_CHUNK = 1 << 16  # postings turned into text at a time


def terms(text: str) -> list[str]:
    """The search terms of ``text``, as the browser's search.js splits a query."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def shard_of(term: str) -> str:
    """The file name (without .js) of the shard that holds ``term``: its first two
    characters as hexadecimal code points, joined by '-' ("pokrovsk" -> "70-6f")."""
    return "-".join(format(ord(c), "x") for c in term[:2])


def js_json(value: Any) -> str:
    """JSON to embed in a script: <, >, & and the JavaScript line separators escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def write_js(path: Path, assignment: str, value: Any) -> None:
    path.write_text(f"{assignment}{js_json(value)};\n", encoding="utf-8")


class DocShards:
    """The texts of tweets for search results, written a thousand at a time as they come."""

    def __init__(self, folder: Path, per_shard: int = DOCS_PER_SHARD) -> None:
        self.folder, self.per_shard = folder, per_shard
        self.count = 0
        self.threads: dict[str, int] = {}
        self.rows: list[list[Any]] = []
        self.thread_rows: list[list[Any]] = []
        self.shards = 0

    def add(self, thread: dict[str, Any], tweet: dict[str, Any], bundle: int | None = None) -> int:
        """File the tweet as the next document; ``bundle``: the page of threads its thread is on."""
        tid = thread["thread_id"]
        if tid not in self.threads:
            self.threads[tid] = len(self.thread_rows)
            date = thread["published_date"]
            row = [tid, thread["author_name"], date.isoformat() if date else None]
            self.thread_rows.append(row if bundle is None else [*row, bundle])
        self.rows.append([self.threads[tid], tweet["position"], tweet["text"]])
        doc = self.count
        self.count += 1
        if len(self.rows) == self.per_shard:
            self._flush()
        return doc

    def _flush(self) -> None:
        if self.rows:
            name = f"threadarchiveSearch.docs[{self.shards}]="
            write_js(
                self.folder / f"{self.shards}.js", name, {"threads": self.thread_rows, "docs": self.rows}
            )
            self.shards += 1
        self.threads, self.rows, self.thread_rows = {}, [], []

    def close(self) -> int:
        self._flush()
        return self.shards


class TermIndex(Worker[tuple[int, "pa.Array"]]):
    """Postings (term -> documents), spilled to disk by shard and merged shard by shard.

    Used as a context manager, ``submit`` indexes the batches in a thread of its own, in
    the order given: Arrow splits the texts without Python's lock, while the pages are
    written beside it (a third of a site's work each, at a million tweets).
    """

    THREAD = "threadarchive-terms"

    def __init__(self, spill: Path) -> None:
        super().__init__()
        self.spill = spill
        self.pending: dict[str, array[int]] = {}
        self.postings = 0

    def submit(self, first: int, texts: pa.Array) -> None:
        """``add_batch(first, texts)`` in the indexing thread."""
        self.put((first, texts))

    def _run(self, items: Iterator[tuple[int, pa.Array]]) -> None:
        for first, texts in items:
            self.add_batch(first, texts)

    def add(self, doc: int, text: str) -> None:
        for term in set(terms(text)):
            if len(term) > MAX_TERM:
                continue
            self._append(term, array("I", [doc]))

    def _append(self, term: str, docs: array[int]) -> None:
        pending = self.pending.get(term)
        if pending is None:
            self.pending[term] = docs
        else:
            pending.extend(docs)
        self.postings += len(docs)
        if self.postings >= SPILL_POSTINGS or len(self.pending) >= SPILL_TERMS:
            self._flush()

    def add_batch(self, first: int, texts: pa.Array) -> None:
        """Index the texts of documents ``first``, ``first + 1``, ...: split in Arrow as
        ``terms`` splits them, each (term, document) once. Arrow lower-cases a character
        at a time, as Python and the browser do but for two characters (İ, and Σ, which
        ends a word as ς): a text holding one is split by ``terms``."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        normal = pc.utf8_normalize(pc.fill_null(texts, ""), form="NFKC")
        special = pc.match_substring_regex(normal, "[İΣ]").to_numpy(zero_copy_only=False)
        words = pc.split_pattern_regex(pc.utf8_lower(normal), pattern=_SEPARATORS)
        flat = pc.list_flatten(words)
        rows = pc.list_parent_indices(words)
        length = pc.utf8_length(flat)
        keep = pc.and_(
            pc.and_(pc.greater(length, 0), pc.less_equal(length, MAX_TERM)),
            pc.invert(pa.array(special).take(rows)),
        )
        # Each (term, document) once, by term then document: the terms as dictionary codes,
        # a pair as one integer (code * rows + row), sorted, repeats dropped (numpy's sort
        # is ten times Arrow's group_by and sort here).
        codes = pc.dictionary_encode(flat.filter(keep))
        rows_of = len(texts) or 1
        pairs = codes.indices.to_numpy().astype(np.int64) * rows_of + rows.filter(keep).to_numpy()
        pairs.sort()
        pairs = pairs[np.diff(pairs, prepend=-1) != 0]
        code, row = np.divmod(pairs, rows_of)
        docs = (row + first).astype(np.uint32)
        starts = np.flatnonzero(np.diff(code, prepend=-1))
        names = codes.dictionary.take(pa.array(code[starts])).to_pylist()
        ends = [*starts[1:].tolist(), len(docs)]
        for term, start, end in zip(names, starts.tolist(), ends, strict=True):
            self._append(term, array("I", docs[start:end].tobytes()))
        for at in np.flatnonzero(special).tolist():
            self.add(first + at, str(texts[at].as_py() or ""))

    def _flush(self) -> None:
        """Append the pending postings to their shards' spill files: per term, its UTF-8
        length and document count, the term, then the documents as raw uint32."""
        by_shard: dict[str, list[bytes]] = {}
        for term, docs in self.pending.items():
            name = term.encode("utf-8")
            record = _RECORD.pack(len(name), len(docs)) + name + docs.tobytes()
            by_shard.setdefault(shard_of(term), []).append(record)
        for shard, records in by_shard.items():
            with (self.spill / f"{shard}.bin").open("ab") as stream:
                stream.writelines(records)
        self.pending, self.postings = {}, 0

    def write(self, folder: Path) -> list[str]:
        """Write one JavaScript file per shard; returns the shards' names, sorted."""
        import numpy as np

        self._flush()
        shards = sorted(p.stem for p in self.spill.glob("*.bin"))
        for shard in shards:
            data = (self.spill / f"{shard}.bin").read_bytes()  # one prefix: 4 bytes a posting
            merged: dict[str, list[Any]] = {}
            at = 0
            while at < len(data):
                size, count = _RECORD.unpack_from(data, at)
                at += _RECORD.size
                term = data[at : at + size].decode("utf-8")
                at += size
                merged.setdefault(term, []).append(
                    np.frombuffer(data, dtype=np.uint32, count=count, offset=at)
                )
                at += 4 * count
            postings = {}
            for term in sorted(merged):
                # in order (a text split by ``terms`` is filed after its batch's other texts)
                docs = np.sort(np.concatenate(merged[term]).astype(np.int64), kind="stable")
                deltas = np.diff(docs, prepend=0)
                postings[term] = ",".join(
                    ",".join(map(str, deltas[i : i + _CHUNK].tolist())) for i in range(0, len(deltas), _CHUNK)
                )
            write_js(folder / f"{shard}.js", f'threadarchiveSearch.terms["{shard}"]=', postings)
        return shards
