"""Benchmark the readers of a release: the static site and the SQLite database.

    python bench/reader.py                         # 1,001,000 tweets
    python bench/reader.py --tweets 100000
    python bench/reader.py --markdown BENCHMARKS.md   # replace its "Readers" section
    python bench/reader.py --load-only --rounds 9     # load_tweets against pyarrow, nothing else
    python bench/reader.py --only sqlite --baseline ../main/src --repeat 3
                                   # sqlite only, against another checkout's code, alternating

A synthetic archive (bench/generate.py, seed 1) is released once as 1.0.0 under
bench/data/ (ignored by git). Then `threadarchive site` and `threadarchive sqlite`
each run in a fresh process; the wall time and the peak memory of the process tree
(the sum of the RSS of the process and its children, sampled every 20 ms with
psutil) are reported. Finally headless Chromium (/usr/bin/chromium, driven by
Playwright) opens the site from file:// and runs searches, each in a fresh page (so
nothing is cached): the time is the script's own, from the query to the results
shown, shard and document loading included. The target: under a second.

With ``--baseline SRC``, each command runs ``--repeat`` times alternating with the same
command run on the code in SRC (``PYTHONPATH=SRC``: another checkout's ``src``), so a
change is measured against what it changes under the same load; best and median of each.

`load_tweets` of the whole release is timed against pyarrow's
`read_table().to_pandas()` on the same Parquet file, each call in a fresh process
with its imports done before the clock starts, the two alternating for ``--rounds``
rounds (on a shared machine, alternating keeps both under the same load); the best
and the median of each, and their ratios, are reported. The target: 1.2x at most.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run as benchmarks  # noqa: E402 (a sibling script, not a package)

BIN = Path(sys.executable).parent
OUT = HERE / "out"
QUERIES = ("pokrovsk", "drones logistics", "київ", "the", "infiltr", "café naïve")
SECTION = "## Readers: the static site and SQLite"


@dataclass
class Run:
    seconds: float
    peak_mb: float
    user: float = 0.0  # CPU seconds of the process and the children it waited for
    system: float = 0.0

    @property
    def cpu(self) -> float:
        return self.user + self.system


def measured(command: list[str], code: str | None = None) -> Run:
    """Run ``command`` (on the code in the folder ``code``, if given); its wall time, CPU
    time (user and system) and the peak RSS of its process tree."""
    import resource

    env = None if code is None else {**os.environ, "PYTHONPATH": code}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    root = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        stderr = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}:\n{stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Run(seconds, peak / (1 << 20), after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime)


LOAD = """
import sys, time
import pandas, pyarrow.parquet as pq
method, path = sys.argv[1], sys.argv[2]
if method == "load_tweets":
    from threadarchive.access import load
start = time.perf_counter()
if method == "load_tweets":
    frame = load.load_tweets(source=path)
else:
    frame = pq.read_table(f"{path}/data/tweets.parquet").to_pandas()
print(time.perf_counter() - start, len(frame))
"""


THREADS = """
import json, resource, sys, time
from pathlib import Path
from threadarchive.access import database, search, site
kind, release, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
spent = {}
def timed(cls, name):
    run = cls._run
    def wrapper(self, items):
        start = time.thread_time()
        try:
            run(self, items)
        finally:
            spent[name] = time.thread_time() - start
    cls._run = wrapper
timed(search.TermIndex, "second")
start, wall = time.thread_time(), time.perf_counter()
if kind == "site":
    site.build_site(release, out)
else:
    database.build_database(release, out)  # its index's process: the children's CPU time
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent["second"] = children.ru_utime + children.ru_stime
print(json.dumps({"main": time.thread_time() - start, **spent, "wall": time.perf_counter() - wall}))
"""


def thread_times(kind: str, release: Path, out: Path) -> dict[str, float]:
    """CPU seconds of the main thread and of the second one (the process building the
    full-text index of ``sqlite``, the thread of the search terms of ``site``), in one
    run of the library call: on a machine with two idle cores the wall time is at least
    the larger, and about it when the two overlap, whatever the load of the machine the
    run shared."""
    import json

    if out.is_dir():
        shutil.rmtree(out)
    done = subprocess.run(
        [sys.executable, "-c", THREADS, kind, str(release), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def load_ratio(release: Path, rounds: int) -> list[str]:
    """load_tweets against pyarrow, alternating fresh processes: Markdown lines."""
    import statistics

    times: dict[str, list[float]] = {"load_tweets": [], "pyarrow": []}
    for _ in range(rounds):
        for method, found in times.items():
            done = subprocess.run(
                [sys.executable, "-c", LOAD, method, str(release)], capture_output=True, text=True, check=True
            )
            found.append(float(done.stdout.split()[0]))
    ours, base = times["load_tweets"], times["pyarrow"]
    best, median = min(ours) / min(base), statistics.median(ours) / statistics.median(base)
    return [
        f"`load_tweets` of the whole release against pyarrow `read_table().to_pandas()`, {rounds} "
        "alternating rounds, fresh processes, imports excluded:",
        "",
        "| | load_tweets | pyarrow | ratio |",
        "| --- | --- | --- | --- |",
        f"| best | {min(ours):.2f} s | {min(base):.2f} s | {best:.2f}x |",
        f"| median | {statistics.median(ours):.2f} s | {statistics.median(base):.2f} s | {median:.2f}x |",
        "",
        f"At most 1.2x: {'met' if best <= 1.2 else 'NOT met'} (best against best).",
    ]


def release_of(tweets: int) -> Path:
    """Release 1.0.0 of the synthetic archive of ``tweets`` tweets (made once).

    The synthetic package has no raw captures and no archive.yaml (a working archive
    would fail its capture checks), so it is released as a plain package with the
    settings given here, through the same ``release.build`` that ``release`` runs.
    """
    import datetime as dt

    from threadarchive.archive.settings import Settings
    from threadarchive.contract.versions import Version
    from threadarchive.release import publish as release

    data = benchmarks.dataset(tweets)
    folder = benchmarks.DATA / f"{data.name}-release" / "1.0.0"
    if not (folder / "datapackage.json").exists():
        shutil.rmtree(folder.parent, ignore_errors=True)
        folder.mkdir(parents=True)
        settings = Settings(name="synthetic-threadarchive", title=f"Synthetic archive of {tweets:,} tweets")
        release.build(data, Version(1, 0, 0), dt.date(2026, 1, 1), folder, settings=settings)
    return folder


def searches(site: Path) -> list[tuple[str, int, int, float]]:
    """(query, tweets found, script time in ms, wall time in ms) of each query, in Chromium."""
    from playwright.sync_api import sync_playwright

    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
        for query in QUERIES:
            page = browser.new_context().new_page()
            page.goto((site / "index.html").as_uri())
            page.wait_for_selector("#search:not([hidden])")
            start = time.perf_counter()
            page.get_by_role("searchbox").fill(query)
            page.get_by_role("searchbox").press("Enter")
            page.wait_for_selector("#search[data-state=done]", timeout=60_000)
            wall = (time.perf_counter() - start) * 1000
            status = page.locator("#search-status").inner_text()
            count = int(status.split()[0])
            found.append((query, count, int(page.locator("#search").get_attribute("data-ms") or 0), wall))
            page.context.close()
        browser.close()
    return found


def compare(kind: str, release: Path, baseline: str, repeat: int) -> list[str]:
    """``threadarchive KIND`` on this checkout's code and on ``baseline``'s, alternating
    ``repeat`` rounds: Markdown lines."""
    import statistics

    runs: dict[str, list[Run]] = {"this checkout": [], f"`{baseline}`": []}
    for _ in range(repeat):
        for name, code in zip(runs, (str(HERE.parent / "src"), baseline), strict=True):
            out = OUT / ("compare-site" if kind == "site" else "compare.db")
            if out.is_dir():
                shutil.rmtree(out)
            out.unlink(missing_ok=True)
            command = [
                str(BIN / "threadarchive"),
                kind,
                str(release),
                *(["--out"] if kind == "site" else []),
                str(out),
                "-q",
            ]
            runs[name].append(measured(command, code))
    lines = [
        f"`threadarchive {kind}`, {repeat} alternating rounds (load average {os.getloadavg()[0]:.1f} after them):",
        "",
        "| code | wall: best, median | CPU: best, median | peak memory: most |",
        "| --- | --- | --- | --- |",
    ]
    for name, done in runs.items():
        walls, cpus = [r.seconds for r in done], [r.cpu for r in done]
        lines.append(
            f"| {name} | {min(walls):.1f} s, {statistics.median(walls):.1f} s | {min(cpus):.1f} s, "
            f"{statistics.median(cpus):.1f} s | {max(r.peak_mb for r in done):.0f} MB |"
        )
    return [*lines, ""]


def met(done: bool) -> str:
    return "met" if done else "NOT met"


def size_mb(folder: Path) -> tuple[float, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6, len(files)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tweets", type=int, default=1_001_000)
    parser.add_argument("--markdown", type=Path, help="replace (or add) the readers' section of this file")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the load_tweets comparison")
    parser.add_argument("--load-only", action="store_true", help="only compare load_tweets with pyarrow")
    parser.add_argument("--no-load", action="store_true", help="leave out the load_tweets comparison")
    parser.add_argument("--no-browser", action="store_true", help="leave out the searches in Chromium")
    parser.add_argument("--only", choices=["site", "sqlite"], help="measure this command alone")
    parser.add_argument("--baseline", help="a checkout's src folder: compare with its code, alternating")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the --baseline comparison")
    args = parser.parse_args()
    release = release_of(args.tweets)
    if args.only:
        OUT.mkdir(exist_ok=True)
        out = OUT / (f"site-{args.tweets}" if args.only == "site" else f"{args.tweets}.db")
        lines = compare(args.only, release, args.baseline, args.repeat) if args.baseline else []
        times = thread_times(args.only, release, out)
        lines += [
            f"`threadarchive {args.only}` at {args.tweets:,} tweets, the library call (imports excluded): main "
            f"thread {times['main']:.1f} s of CPU, second thread {times.get('second', 0):.1f} s, wall {times['wall']:.1f} s.",
        ]
        print("\n".join(lines))
        return

    loading = [] if args.no_load else load_ratio(release, args.rounds)
    if args.load_only:
        print("\n".join(loading))
        return
    OUT.mkdir(exist_ok=True)
    site, db = OUT / f"site-{args.tweets}", OUT / f"{args.tweets}.db"
    shutil.rmtree(site, ignore_errors=True)
    load = os.getloadavg()
    built = measured([str(BIN / "threadarchive"), "site", str(release), "--out", str(site), "-q"])
    written = measured([str(BIN / "threadarchive"), "sqlite", str(release), str(db), "-q"])
    site_mb, site_files = size_mb(site)
    terms_mb = max(p.stat().st_size for p in (site / "search/terms").iterdir()) / 1e6
    threads = {kind: thread_times(kind, release, out) for kind, out in (("site", site), ("sqlite", db))}
    results = [] if args.no_browser else searches(site)
    parquet_mb = sum(p.stat().st_size for p in (release / "data").rglob("*.parquet")) / 1e6
    slowest = max((ms for _, _, ms, _ in results), default=0)
    browsed = [
        "Search in headless Chromium, from file://, each query in a fresh page (script time:",
        "query to results shown, index shards and documents loaded; wall: as Playwright saw it):",
        "",
        "| query | tweets found | script time | wall time |",
        "| --- | --- | --- | --- |",
        *(f"| `{q}` | {n:,} | {ms} ms | {wall:.0f} ms |" for q, n, ms, wall in results),
        "",
        f"Under a second: {'met' if slowest < 1000 else 'NOT met'} (slowest {slowest} ms).",
        "",
    ]
    lines = [
        SECTION,
        "",
        f"`python bench/reader.py --tweets {args.tweets}`, one run.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        f"Data: release 1.0.0 of {args.tweets:,} synthetic tweets (bench/generate.py, seed 1), "
        f"{parquet_mb:.0f} MB of Parquet",
        "",
        f"Load average of the machine before the commands ran: {load[0]:.1f} ({os.cpu_count()} cores).",
        "",
        "| command | wall | CPU (user + system) | peak memory (process tree) | output | target |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| `threadarchive site` | {built.seconds:.1f} s | {built.cpu:.1f} s ({built.user:.1f} + {built.system:.1f}) "
        f"| {built.peak_mb:.0f} MB | {site_mb:.0f} MB in {site_files:,} files (largest term shard {terms_mb:.1f} MB) "
        f"| 60 s, under 10,000 files: {met(built.seconds <= 60 and site_files < 10_000)} |",
        f"| `threadarchive sqlite` | {written.seconds:.1f} s | {written.cpu:.1f} s ({written.user:.1f} + "
        f"{written.system:.1f}) | {written.peak_mb:.0f} MB | {db.stat().st_size / 1e6:.0f} MB "
        f"| 15 s: {met(written.seconds <= 15)} |",
        "",
        "Where the CPU time goes, in a second run of each (the library call, imports excluded):",
        "",
        "| command | main thread | second thread | wall on two idle cores, at least | wall in this run |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| `threadarchive {kind}` | {t['main']:.1f} s | {t.get('second', 0):.1f} s "
            f"| {max(t['main'], t.get('second', 0)):.1f} s | {t['wall']:.1f} s |"
            for kind, t in threads.items()
        ),
        "",
        *(browsed if results else []),
        *loading,
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        old = args.markdown.read_text(encoding="utf-8") if args.markdown.exists() else "# Benchmarks\n"
        before, _, rest = old.partition(SECTION)
        after = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
        args.markdown.write_text(
            before.rstrip("\n") + "\n\n" + text + ("\n" + after if after else ""), "utf-8"
        )


if __name__ == "__main__":
    main()
