"""Where the site's CPU time goes: each step of ``build_site`` timed, thread by thread.

    python bench/steps.py bench/data/<stamp>/1001000-release/1.0.0 /tmp/site

Prints the CPU time (``time.thread_time``) and wall time of the steps on the main
thread, with their number of calls, and the CPU time of the terms' thread; ``--profile``
adds cProfile's top functions of the main thread. The wrappers cost a microsecond or so
a call (``DocShards.add`` is called once a tweet).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from threadarchive.access import search, site

spent: dict[str, list[float]] = {}


def timed(owner: type, name: str) -> None:
    """Replace ``owner.name`` by a wrapper that adds its CPU and wall time to ``spent``."""
    function: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.thread_time(), time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            total = spent.setdefault(f"{owner.__name__}.{name}", [0.0, 0.0, 0])
            total[0] += time.thread_time() - cpu
            total[1] += time.perf_counter() - wall
            total[2] += 1

    setattr(owner, name, wrapper)


def main() -> None:
    release, out = Path(sys.argv[1]), Path(sys.argv[2])
    shutil.rmtree(out, ignore_errors=True)
    terms = search.TermIndex._run

    def run(self: search.TermIndex, items: Iterator[Any]) -> None:
        start = time.thread_time()
        try:
            terms(self, items)
        finally:
            spent["terms' thread"] = [time.thread_time() - start, 0.0, 1]

    search.TermIndex._run = run  # type: ignore[method-assign]
    for name in ("_thread_pages", "_index_pages", "_write_bundle", "_page", "_thread"):
        timed(site._Builder, name)
    timed(search.TermIndex, "write")
    timed(search.DocShards, "add")
    profile = cProfile.Profile() if "--profile" in sys.argv else None
    cpu, wall = time.thread_time(), time.perf_counter()
    if profile:
        profile.enable()
    site.build_site(release, out)
    if profile:
        profile.disable()
    spent["main thread"] = [time.thread_time() - cpu, time.perf_counter() - wall, 1]
    for name, (seconds, elapsed, calls) in spent.items():
        print(f"{name:30s} CPU {seconds:8.2f} s  wall {elapsed:8.2f} s  calls {int(calls):,}")
    if profile:
        stream = io.StringIO()
        pstats.Stats(profile, stream=stream).sort_stats("tottime").print_stats(25)
        print(stream.getvalue())


if __name__ == "__main__":
    main()
