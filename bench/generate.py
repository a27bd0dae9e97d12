"""Write a synthetic threadarchive package of N tweets, optionally with faults.

    python bench/generate.py --tweets 1000000 --out bench/data/1m
    python bench/generate.py --tweets 5000 --out /tmp/bad --faults 20 --seed 7

The package has the project's own schemas (the data contract) and is valid for
both ``frictionless validate`` and ``threadarchive validate`` unless faults are
injected. It has no raw captures, like a release. With ``--faults``, the faults
injected are listed in ``faults.json`` beside ``datapackage.json``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import shutil
from pathlib import Path

from threadarchive import contract

WORDS = (  # noqa: SIM905 (a sentence reads and edits more easily than a list)
    "the city front drones logistics reserves Pokrovsk battle defense units forces pocket "
    "offensive infiltration situation Ukraine Russia analysis “quoted” ‘single’ don’t "
    "Київ Покровськ оборона фронт 🇺🇦 🧵 👇 👨‍👩‍👧 café naïve 24/7 9/11 2022/23 — … #thread @user"
).split()
FIRST = ["Anna", "Michael", "Olena", "Dmitri", "Sam", "Jo", "Taras", "Ирина", "Lee", "Ana"]
LAST = ["Kofman", "Shevchenko", "Lee", "Smith", "Ivanova", "García", "Nguyen", "Okafor"]
FAULTS = (
    "type-error",  # a position that is not an integer
    "required",  # a blank text
    "pattern",  # a marker that is not a marker
    "primary-key",  # a duplicated (thread_id, position)
    "foreign-key",  # a tweet of an unknown thread
    "minimum",  # tweet_count 0
)


STYLES = ("{n}/", "{n}/", "{n}/", "{n}/{total}", "({n}/{total})", None)


def tweet_text(rng: random.Random, position: int, total: int, style: str | None) -> tuple[str | None, str]:
    """A tweet in its thread's marker style; one in 200 has the reversed "/n" form, like the seed's "/12"."""
    words = rng.choices(WORDS, k=rng.randint(8, 50))
    if rng.random() < 0.05:
        words.insert(rng.randint(1, len(words) - 1), "\n\n" if rng.random() < 0.5 else "\n")
    text = " ".join(words).replace(" \n", "\n").replace("\n ", "\n")
    if style and rng.random() < 0.005:
        style = "/{n}"
    marker = style.format(n=position, total=total) if style else None
    return marker, f"{text} {marker}" if marker else text


def generate(tweets: int, out: Path, *, seed: int = 1, faults: int = 0) -> dict[str, int]:
    """Write the package, streaming rows to the files: memory stays flat at any size."""
    rng = random.Random(seed)
    (out / "data").mkdir(parents=True, exist_ok=True)
    if (out / "schemas").exists():
        shutil.rmtree(out / "schemas")
    (out / "schemas").mkdir()
    for table in contract.tables():
        (out / table.schema_path).write_bytes(contract.schema_bytes(table))
    descriptor = {
        "profile": "tabular-data-package",
        "name": "synthetic-threadarchive",
        "title": f"Synthetic threadarchive package, {tweets} tweets (seed {seed})",
        "resources": [contract.resource_descriptor(t) for t in contract.tables()],
    }
    (out / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")

    # Faults are placed before writing: rows are streamed, never held.
    fault_kinds = [rng.choice(FAULTS) for _ in range(faults)]
    tweet_faults = dict(zip(sorted(rng.sample(range(tweets), faults)), fault_kinds, strict=True))
    injected: list[dict] = []
    writers = {table.name: _Writer(out / table.path(), table.field_names) for table in contract.tables()}
    written = threads = 0
    previous: dict | None = None
    while written < tweets:
        count = min(rng.randint(1, 25), tweets - written)
        digest = hashlib.sha256(f"{seed}-{threads}".encode()).hexdigest()
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        date = f"{rng.randint(2010, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        thread_id = f"{name.lower().replace(' ', '-')}-{date}-{digest[:8]}"
        if not thread_id.isascii():
            thread_id = f"author-{date}-{digest[:8]}"
        thread = {
            "thread_id": thread_id, "author_name": name, "author_bio": "Writes about things. 🧵",
            "published_date": date, "tweet_count": count, "language": "en",
            "rights": "Tweet texts remain the copyright of their authors.", "terms": "public-post",
            "source_format": "threadreaderapp-scrolly-text", "capture_path": f"{digest[:16]}.txt",
            "capture_sha256": digest,
        }  # fmt: skip
        if "minimum" in fault_kinds and threads == 0:  # the one threads-table fault: the first thread
            thread["tweet_count"] = 0
            injected.append({"fault": "minimum", "table": "threads", "row": 2})
        writers["threads"].write(thread)
        writers["captures"].write(
            {"thread_id": thread_id, "capture_sha256": digest, "capture_path": f"{digest[:16]}.txt",
             "original_name": f"{name}.txt", "source_format": thread["source_format"],
             "ingested_on": "2026-11-25", "role": "current", "facts": "text"}
        )  # fmt: skip
        style = rng.choice(STYLES)
        for position in range(1, count + 1):
            marker, text = tweet_text(rng, position, count, style)
            tweet_id = str(rng.randint(10**17, 10**19)) if rng.random() < 0.5 else None
            row = {
                "thread_id": thread_id,
                "position": position,
                "marker": marker,
                "text": text,
                "tweet_id": tweet_id,
            }
            fault = tweet_faults.get(written + position - 1)
            if fault and fault != "minimum":
                inject(fault, row, previous, written + position - 1)
                injected.append({"fault": fault, "table": "tweets", "row": written + position + 1})
            writers["tweets"].write(row)
            previous = row
        written += count
        threads += 1
    for writer in writers.values():
        writer.close()
    if faults:
        (out / "faults.json").write_text(json.dumps(injected, indent=2, ensure_ascii=False) + "\n")
    return {"threads": threads, "tweets": written, "faults": len(injected)}


def inject(fault: str, row: dict, previous: dict | None, index: int) -> None:
    """Change one tweet row in place."""
    if fault == "type-error":
        row["position"] = f"{row['position']}x"
    elif fault == "required":
        row["text"] = None
    elif fault == "pattern":
        row["marker"] = "no marker"
    elif fault == "primary-key" and previous is not None:  # repeat the key of the row before
        row["thread_id"], row["position"] = previous["thread_id"], previous["position"]
    elif fault == "primary-key":
        row["position"] = f"{row['position']}x"  # the very first row has no row before: a type error
    elif fault == "foreign-key":
        row["thread_id"] = f"missing-thread-{index}"


class _Writer:
    """A CSV table written row by row in its schema's column order."""

    def __init__(self, path: Path, names: list[str]) -> None:
        self.names = names
        self.stream = path.open("w", encoding="utf-8", newline="")
        self.csv = csv.writer(self.stream, lineterminator="\n")
        self.csv.writerow(names)

    def write(self, row: dict) -> None:
        self.csv.writerow(["" if row.get(name) is None else row[name] for name in self.names])

    def close(self) -> None:
        self.stream.close()


# The partitioned Parquet package (generate_parquet): every thread has 1 + 7i mod 25 tweets
# (13 on average, 325 in each run of 25 threads), so a number of tweets that is a multiple
# of 325 is met exactly; texts are two fragments of a pool drawn from WORDS, and a marker.
PERIOD_TWEETS, PERIOD_THREADS = 325, 25
FRAGMENTS = 4096


def generate_parquet(tweets: int, out: Path, *, seed: int = 1, memory_limit: str = "1GB") -> dict[str, int]:
    """Write a package of ``tweets`` tweets as a release writes a large one: the threads,
    tweets and captures tables as Hive-partitioned Parquet (``data/<table>/year=YYYY/
    month=MM/part-0.parquet``, rows in each file sorted by thread and position, row groups
    of 65,536 rows, zstd), declared in datapackage.json with each file's hash, size and
    rows (``x-files``), schemas inline. No CSV: 100M tweets of CSV would be 33 GB.

    Generated by DuckDB, one month per statement (``COPY (SELECT ...) TO``): no row
    passes through Python, and memory stays within ``memory_limit``.
    """
    import duckdb
    import pyarrow as pa

    if tweets % PERIOD_TWEETS:
        raise SystemExit(f"--tweets: expected a multiple of {PERIOD_TWEETS}, found {tweets}")
    threads = tweets // PERIOD_TWEETS * PERIOD_THREADS
    rng = random.Random(seed)
    fragments = [" ".join(rng.choices(WORDS, k=rng.randint(4, 25))) for _ in range(FRAGMENTS)]
    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    spill = out / ".spill"
    connection = duckdb.connect(
        config={"memory_limit": memory_limit, "temp_directory": str(spill), "preserve_insertion_order": True}
    )
    connection.register("fragment_list", pa.table({"f": fragments}))
    connection.execute(
        "CREATE TABLE fragments AS SELECT (row_number() OVER () - 1)::BIGINT AS k, f FROM fragment_list"
    )
    first = "[" + ", ".join(f"'{n}'" for n in FIRST) + "]"
    last = "[" + ", ".join(f"'{n}'" for n in LAST) + "]"
    connection.execute(f"""
        CREATE TABLE th AS
        SELECT i, tweet_count, published_date, year(published_date) * 100 + month(published_date) AS ym,
               'author-' || strftime(published_date, '%Y-%m-%d') || '-' || printf('%08x', i) AS thread_id,
               {first}[1 + i % {len(FIRST)}] || ' ' || {last}[1 + (i // {len(FIRST)}) % {len(LAST)}] AS author_name,
               sha256('{seed}-' || i::VARCHAR) AS capture_sha256
        FROM (SELECT i, 1 + (i * 7) % 25 AS tweet_count,
                     DATE '2010-01-01' + (hash(i, {seed}) % 5844)::INTEGER AS published_date
              FROM range({threads}) t(i))
        ORDER BY ym, thread_id
    """)  # fmt: skip
    thread_columns = """
        thread_id, author_name, NULL::VARCHAR AS author_handle, 'Writes about things. 🧵' AS author_bio,
        published_date, tweet_count::BIGINT AS tweet_count, 'en' AS language, NULL::VARCHAR AS known_gaps,
        'Tweet texts remain the copyright of their authors.' AS rights, NULL::VARCHAR AS source_url,
        'threadreaderapp-scrolly-text' AS source_format, NULL::VARCHAR AS captured_at,
        substr(capture_sha256, 1, 16) || '.txt' AS capture_path, capture_sha256, NULL::VARCHAR AS author_id,
        'public-post' AS terms, NULL::TIMESTAMPTZ AS captured_at_utc"""
    capture_columns = """
        thread_id, capture_sha256, substr(capture_sha256, 1, 16) || '.txt' AS capture_path,
        author_name || '.txt' AS original_name, 'threadreaderapp-scrolly-text' AS source_format,
        NULL::VARCHAR AS captured_at, DATE '2026-11-25' AS ingested_on, 'current' AS role, 'text' AS facts,
        NULL::TIMESTAMPTZ AS captured_at_utc"""
    # a marker in the thread's style (as generate's STYLES), in the text after two fragments
    marker = """CASE i % 6 WHEN 3 THEN position || '/' || tweet_count WHEN 4 THEN '(' || position || '/' || tweet_count || ')'
                WHEN 5 THEN NULL ELSE position || '/' END"""
    tweet_sql = f"""
        SELECT thread_id, position::BIGINT AS position, marker,
               a.f || ' ' || b.f || coalesce(' ' || marker, '') AS text,
               CASE WHEN hash(i, position, 't') % 2 = 0 THEN (100000000000000000 + i * 32 + position)::VARCHAR END
                   AS tweet_id,
               NULL::TIMESTAMPTZ AS created_at, NULL::VARCHAR AS lang, NULL::VARCHAR AS text_capture
        FROM (SELECT *, {marker} AS marker
              FROM (SELECT i, thread_id, tweet_count, unnest(range(1, tweet_count + 1)) AS position
                    FROM th WHERE ym = {{ym}}))
        JOIN fragments a ON a.k = hash(i, position, 'a') % {FRAGMENTS}
        JOIN fragments b ON b.k = hash(i, position, 'b') % {FRAGMENTS}
        ORDER BY thread_id, position"""
    selects = {
        "threads": f"SELECT {thread_columns} FROM th WHERE ym = {{ym}} ORDER BY thread_id",
        "tweets": tweet_sql,
        "captures": f"SELECT {capture_columns} FROM th WHERE ym = {{ym}} ORDER BY thread_id",
    }
    months = [row[0] for row in connection.execute("SELECT DISTINCT ym FROM th ORDER BY ym").fetchall()]
    resources = []
    for table in contract.tables():
        if table.name not in selects:
            continue
        files = []
        for ym in months:
            name = f"data/{table.name}/year={ym // 100:04d}/month={ym % 100:02d}/part-0.parquet"
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            connection.execute(
                f"COPY ({selects[table.name].format(ym=ym)}) TO '{out / name}' "
                "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 65536)"
            )
            rows = connection.execute(f"SELECT count(*) FROM read_parquet('{out / name}')").fetchone()
            with (out / name).open("rb") as stream:
                digest = hashlib.file_digest(stream, "sha256").hexdigest()
            files.append(
                {"path": name, "x-bytes": (out / name).stat().st_size, "hash": f"sha256:{digest}",
                 "x-rows": rows[0] if rows else 0, "partition": {"year": ym // 100, "month": ym % 100}}
            )  # fmt: skip
        resources.append(
            {
                "name": table.name,
                "title": f"{table.title} (Parquet)",
                "profile": "tabular-data-resource",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "path": [f["path"] for f in files],
                "x-bytes": sum(f["x-bytes"] for f in files),
                "x-rows": sum(f["x-rows"] for f in files),
                "x-partitioning": {"flavor": "hive", "fields": [{"name": "year", "type": "integer"},
                                   {"name": "month", "type": "integer"}]},
                "x-files": files,
                "schema": json.loads(contract.schema_bytes(table)),
            }
        )  # fmt: skip
    connection.close()
    shutil.rmtree(spill, ignore_errors=True)
    descriptor = {
        "profile": "tabular-data-package",
        "name": "synthetic-threadarchive",
        "title": f"Synthetic threadarchive package, {tweets} tweets as partitioned Parquet (seed {seed})",
        "resources": resources,
    }
    (out / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    return {"threads": threads, "tweets": tweets, "files": sum(len(r["path"]) for r in resources)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tweets", type=int, required=True, help="number of tweets")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the package to")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--faults", type=int, default=0, help="number of faults to inject (default 0)")
    args = parser.parse_args()
    if args.tweets < 1:
        parser.error("--tweets: expected at least 1")
    stats = generate(args.tweets, args.out, seed=args.seed, faults=args.faults)
    print(json.dumps({"out": str(args.out), **stats}))


if __name__ == "__main__":
    main()
