"""Run every fuzz target of tests/fuzzing.py with many generated inputs and count them.

    python bench/fuzz.py [--examples N]     (default 20,000 per target)

Prints one line per target (inputs run, seconds of CPU) and the total; a failure
prints the input that raised something other than threadarchive's own errors.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings
from tests.fuzzing import TARGETS, Target, check


def run(target: Target, examples: int) -> int:
    """Feed ``target`` ``examples`` generated inputs; how many ran."""
    count = [0]

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(target.inputs)
    def property_(value: Any) -> None:
        count[0] += 1
        check(target, value)

    property_()
    return count[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000)
    args = parser.parse_args()
    total = 0
    for target in TARGETS:
        started = time.process_time()
        count = run(target, args.examples)
        print(f"{target.name:16} {count:>8,} inputs  {time.process_time() - started:6.1f} s CPU")
        total += count
    print(f"{'all':16} {total:>8,} inputs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
