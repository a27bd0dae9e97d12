"""Write a synthetic threadarchive package of N tweets, optionally with faults.

    python bench/generate.py --tweets 1000000 --out bench/data/1m
    python bench/generate.py --tweets 5000 --out /tmp/bad --faults 20 --seed 7

The package has the project's own schemas (copied from schemas/) and is valid for
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

REPO = Path(__file__).resolve().parent.parent
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
    rng = random.Random(seed)
    (out / "data").mkdir(parents=True, exist_ok=True)
    if (out / "schemas").exists():
        shutil.rmtree(out / "schemas")
    shutil.copytree(REPO / "schemas", out / "schemas")
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["title"] = f"Synthetic threadarchive package, {tweets} tweets (seed {seed})"
    (out / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")

    thread_rows, tweet_rows = [], []
    written = 0
    while written < tweets:
        count = min(rng.randint(1, 25), tweets - written)
        digest = hashlib.sha256(f"{seed}-{len(thread_rows)}".encode()).hexdigest()
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        date = f"{rng.randint(2010, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        thread_id = f"{name.lower().replace(' ', '-')}-{date}-{digest[:8]}"
        if not thread_id.isascii():
            thread_id = f"author-{date}-{digest[:8]}"
        thread_rows.append(
            [thread_id, name, None, "Writes about things. 🧵", date, count, "en", None,
             "Tweet texts remain the copyright of their authors.", None,
             "threadreaderapp-scrolly-text", None, f"{digest[:16]}.txt", digest]
        )  # fmt: skip
        style = rng.choice(STYLES)
        for position in range(1, count + 1):
            marker, text = tweet_text(rng, position, count, style)
            tweet_id = str(rng.randint(10**17, 10**19)) if rng.random() < 0.5 else None
            tweet_rows.append([thread_id, position, marker, text, tweet_id])
        written += count

    injected = [inject(rng, rng.choice(FAULTS), thread_rows, tweet_rows) for _ in range(faults)]
    write_csv(out / "data/threads.csv", REPO / "schemas/threads.schema.json", thread_rows)
    write_csv(out / "data/tweets.csv", REPO / "schemas/tweets.schema.json", tweet_rows)
    if faults:
        (out / "faults.json").write_text(json.dumps(injected, indent=2, ensure_ascii=False) + "\n")
    return {"threads": len(thread_rows), "tweets": len(tweet_rows), "faults": faults}


def inject(rng: random.Random, fault: str, threads: list[list], tweets: list[list]) -> dict:
    """Change one row in place; return what was changed (row numbers count the header as 1)."""
    index = rng.randrange(len(tweets))
    row = tweets[index]
    if fault == "type-error":
        row[1] = f"{row[1]}x"
    elif fault == "required":
        row[3] = None
    elif fault == "pattern":
        row[2] = "no marker"
    elif fault == "primary-key":  # repeat the key of the row before: this row is the repeat
        index = max(index, 1)
        row = tweets[index]
        row[0], row[1] = tweets[index - 1][0], tweets[index - 1][1]
    elif fault == "foreign-key":
        row[0] = f"missing-thread-{index}"
    elif fault == "minimum":
        index = rng.randrange(len(threads))
        threads[index][5] = 0
        return {"fault": fault, "table": "threads", "row": index + 2}
    return {"fault": fault, "table": "tweets", "row": index + 2}


def write_csv(path: Path, schema_path: Path, rows: list[list]) -> None:
    names = [field["name"] for field in json.loads(schema_path.read_text())["fields"]]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([["" if cell is None else cell for cell in row] for row in rows])


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
