"""Benchmark: loading one month of a partitioned release against loading all of it.

    python bench/partial.py                          # 1,001,000 tweets, partition_rows 100,000
    python bench/partial.py --tweets 200000 --repeat 1 --markdown /tmp/partial.md
    python bench/partial.py --build                  # also: the release, partitioned or not

A synthetic package (bench/generate.py: threads published over 2010-2025, 192 months)
is released with ``partition_rows`` set below its size, so its tweets, threads and
captures are Hive-partitioned by month. Each load runs in a fresh process, --repeat
times, best wall time kept with its peak memory; ratios are taken within the run:

- ``load_tweets()`` whole, against pyarrow reading the same partitioned dataset
  (``pyarrow.dataset.dataset(..., partitioning="hive").to_table().to_pandas()``);
- ``load_tweets(filters=[("year", "=", Y), ("month", "=", M)])``, against the whole load
  and against pyarrow reading that month's file.

Every threadarchive load verifies the SHA-256 of each file it reads (pyarrow does not).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run as bench  # noqa: E402 (a sibling script, not a package)

YEAR, MONTH = 2018, 6

BUILD = """
import datetime as dt, sys
from pathlib import Path
from threadarchive.release import publish as release
from threadarchive.archive.settings import Settings
from threadarchive.contract.versions import Version
settings = Settings(name="synthetic-threadarchive", title="Synthetic archive", partition_rows=int(sys.argv[3]))
out = Path(sys.argv[2])
if any(out.iterdir()):  # a repeat: a new folder beside the last
    out = Path(__import__("tempfile").mkdtemp(dir=out))
release.build(sys.argv[1], Version(1, 0, 0), dt.date(2026, 1, 1), out, settings=settings)
"""

LOAD = """
import json, sys, time
import pandas, pyarrow.dataset, pyarrow.parquet  # imported before the clock starts, by both sides
import threadarchive.access.load, threadarchive.access.partial
method, path, year, month = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
start = time.perf_counter()
if method == "whole":
    import threadarchive
    frame = threadarchive.load_tweets(source=path)
elif method == "month":
    import threadarchive
    frame = threadarchive.load_tweets(source=path, filters=[("year", "=", year), ("month", "=", month)])
elif method == "pyarrow-whole":
    import pyarrow.dataset as ds
    frame = ds.dataset(f"{path}/data/tweets", format="parquet", partitioning="hive").to_table().to_pandas()
else:
    import pyarrow.parquet as pq
    frame = pq.read_table(f"{path}/data/tweets/year={year:04d}/month={month:02d}/part-0.parquet").to_pandas()
seconds = time.perf_counter() - start
print(seconds, len(frame), json.dumps(sorted(frame.attrs.get("files", {}))))
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tweets", type=int, default=1_001_000)
    parser.add_argument("--partition-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", type=Path, help="write the results as Markdown to this file")
    parser.add_argument(
        "--build",
        action="store_true",
        help="also time the release built partitioned and as one file per table",
    )
    args = parser.parse_args()

    data = bench.dataset(args.tweets)
    folder = bench.DATA / f"{data.name}-partitioned-{args.partition_rows}" / "1.0.0"
    if not (folder / "datapackage.json").exists():
        folder.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-c", BUILD, str(data), str(folder), str(args.partition_rows)]
        bench.run("release (partitioned)", command, 1)
    files = sorted((folder / "data" / "tweets").rglob("*.parquet"))
    month_file = folder / f"data/tweets/year={YEAR:04d}/month={MONTH:02d}/part-0.parquet"
    results = {}
    for method in ("whole", "month", "pyarrow-whole", "pyarrow-month"):
        command = [sys.executable, "-c", LOAD, method, str(folder), str(YEAR), str(MONTH)]
        measure = bench.run(method, command, args.repeat)
        seconds, rows, read = measure.output.split(maxsplit=2)
        measure.seconds = float(seconds)  # the call itself, imports excluded
        results[method] = (measure, int(rows), json.loads(read))
    whole, month = results["whole"], results["month"]
    lines = [
        f"Partial loading: {args.tweets:,} generated tweets, partition_rows {args.partition_rows:,}: "
        f"{len(files)} tweets files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB; "
        f"one month (year={YEAR}, month={MONTH:02d}): {month_file.stat().st_size / 1e6:.2f} MB",
        "",
        "| load | rows | files read | seconds | peak MB | baseline | baseline seconds | ratio |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, ours, base in (
        ("load_tweets() whole", "whole", "pyarrow-whole"),
        ("load_tweets(filters=one month)", "month", "pyarrow-month"),
    ):
        measure, rows, read = results[ours]
        baseline = results[base][0]
        lines.append(
            f"| {name} | {rows:,} | {len(read)} | {measure.seconds:.3f} | {measure.peak_mb:.0f} | "
            f"pyarrow {base.removeprefix('pyarrow-')} | {baseline.seconds:.3f} | "
            f"{measure.seconds / baseline.seconds:.2f}x |"
        )
    lines += [
        "",
        f"One month against the whole: {month[0].seconds / whole[0].seconds:.3f}x the time, "
        f"{month[0].peak_mb / whole[0].peak_mb:.2f}x the peak memory, "
        f"{len(month[2])} of {len(whole[2])} files read.",
    ]
    if args.build:
        lines += ["", "| release of the same package | seconds | peak MB |", "| --- | --- | --- |"]
        for rows in (args.partition_rows, 10**12):
            with tempfile.TemporaryDirectory(dir=bench.DATA) as out:
                command = [sys.executable, "-c", BUILD, str(data), out, str(rows)]
                built = bench.run("release", command, args.repeat)
            name = "partitioned" if rows == args.partition_rows else "one file per table"
            lines.append(f"| {name} | {built.seconds:.2f} | {built.peak_mb:.0f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
