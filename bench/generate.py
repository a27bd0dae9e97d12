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
