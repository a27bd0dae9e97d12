"""Field constraints over whole columns: required, pattern, enum, lengths, bounds.

Patterns are matched as frictionless matches them, ``re.match("^" + pattern + "$")``,
by RE2 (pyarrow's regex engine, linear in time) where it can. A pattern RE2 cannot
run (a look-ahead, a back-reference) is matched by the ``regex`` library, which
follows Python's ``re`` but takes a time limit. Time is bounded twice: each field's
pattern may take PATTERN_SECONDS, and all the patterns of one validation together
PATTERN_TOTAL_SECONDS (a Budget shared by every table), so twelve fields of a slow
pattern cost 15 s, not a minute. A pattern that uses up either is reported as
``pattern-unsupported`` and its cells are not checked further; so is one whose
counted repetitions expand beyond MAX_PATTERN_EXPANSION (``regex`` unrolls them when it
compiles, which no time limit covers). frictionless is never handed a pattern:
Python's ``re`` would match it with no limit at all (``(a+)+`` on ``"a" * 34 + "!"``).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any, NoReturn

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from threadarchive.contract.limits import MAX_PATTERN_EXPANSION
from threadarchive.validation import arrow
from threadarchive.validation.schema.budget import PATTERN_TOTAL_SECONDS, Budget  # noqa: F401 (for callers)
from threadarchive.validation.schema.casting import mask, numpy_ints
from threadarchive.validation.schema.literals import (  # noqa: F401 (message, PATTERN_EXPECTED: for callers)
    INT64,
    PATTERN_EXPECTED,
    anchored,
    message,
    typed_literal,
)
from threadarchive.validation.schema.rules import FieldRule

PATTERN_SECONDS = 5.0  # a field's pattern may take this long, per table, where RE2 cannot run it


class PatternUnchecked(Exception):
    """A pattern that cannot be checked (further): its time is up, or it is too large."""


@dataclass
class Pattern:
    """One field's pattern, with what it has cost so far."""

    pattern: str
    budget: Budget = field(default_factory=Budget)
    spent: float = 0.0
    compiled: Any = field(default=None, repr=False)  # the regex fallback, once needed
    re2_rejects: bool = False
    repeats: bool | None = None  # whether the field's values repeat (IDs of threads, markers)
    unchecked: str | None = None  # why the pattern is no longer matched, once it is not

    def matches(self, values: pa.Array) -> np.ndarray:
        """Mask of the values that match; PatternUnchecked once it cannot be matched.

        A field whose values repeat is matched once per distinct value.
        """
        if self.unchecked:
            raise PatternUnchecked(self.unchecked)
        if self.repeats is not False and len(values) > 64:
            encoded = pc.dictionary_encode(values)
            self.repeats = len(encoded.dictionary) * 4 <= len(values)
            if self.repeats:
                if not len(encoded.dictionary):
                    return np.zeros(len(values), dtype=bool)
                distinct = self._distinct(encoded.dictionary)
                return distinct[numpy_ints(encoded.indices, 0)] & mask(pc.is_valid(encoded.indices))
        return self._distinct(values)

    def _distinct(self, values: pa.Array) -> np.ndarray:
        if not self.re2_rejects:
            try:
                return mask(pc.match_substring_regex(values, anchored(self.pattern)))
            except pa.ArrowInvalid:
                self.re2_rejects = True
        return self._python(values)

    def _python(self, values: pa.Array) -> np.ndarray:
        if self.compiled is None:
            self.compiled = self._compile()
        found = np.zeros(len(values), dtype=bool)
        start = time.perf_counter()
        # which limit stops this field, decided now: regex checks its timeout coarsely,
        # so the time spent when it stops may run past the other one too
        total_binds = self.budget.seconds - self.budget.spent <= PATTERN_SECONDS - self.spent
        try:
            for index, value in enumerate(values.to_pylist()):
                if value is not None:
                    used = time.perf_counter() - start
                    left = min(PATTERN_SECONDS - self.spent, self.budget.seconds - self.budget.spent) - used
                    if left <= 0:
                        raise TimeoutError
                    found[index] = self.compiled.match(value, timeout=left) is not None
        except TimeoutError:
            self._spend(time.perf_counter() - start)
            self._give_up(self._time_up(total_binds))
        self._spend(time.perf_counter() - start)
        return found

    def _compile(self) -> Any:
        import regex

        try:
            expansion = _expansion(re._parser.parse(f"^{self.pattern}$"))  # type: ignore[attr-defined]
        except (re.error, RecursionError, OverflowError) as exc:  # shape.py reports these first
            self._give_up(f"expected a regular expression Python reads, found an error ({exc})")
        if expansion > MAX_PATTERN_EXPANSION:
            self._give_up(
                f"expected counted repetitions that expand to at most {MAX_PATTERN_EXPANSION:,} when "
                "multiplied out, found more (neither RE2 nor a time-limited match can run it)"
            )
        try:
            return regex.compile(f"^{self.pattern}$", flags=regex.VERSION0)
        except regex.error as exc:
            self._give_up(f"expected a regular expression Python reads, found an error ({exc})")

    def _spend(self, seconds: float) -> None:
        self.spent += seconds
        self.budget.spent += seconds

    def _time_up(self, total_binds: bool) -> str:
        if total_binds:
            return (
                f"expected every pattern RE2 cannot run to be checked within {self.budget.seconds:g} s "
                "in all, found that time used up before this one was"
            )
        return (
            f"expected the pattern to be checked within {PATTERN_SECONDS:g} s, found it backtracking "
            "beyond that (neither RE2 nor a time-limited Python match can run it)"
        )

    def _give_up(self, why: str) -> NoReturn:
        self.unchecked = f"{why}; its cells are not checked"
        raise PatternUnchecked(self.unchecked) from None


def _expansion(parsed: Any) -> int:
    """How large a parsed pattern grows when its counted repetitions are multiplied out."""
    total = 0
    for op, argument in parsed:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, item = argument
            count = high if isinstance(high, int) and high < re._constants.MAXREPEAT else low  # type: ignore[attr-defined]
            total += max(count, 1) * _expansion(item)
        elif name == "SUBPATTERN":
            total += _expansion(argument[-1])
        elif name == "BRANCH":
            total += sum(_expansion(branch) for branch in argument[1])
        elif name == "GROUPREF_EXISTS":  # (?(1)yes|no)
            total += sum(_expansion(branch) for branch in argument[1:] if branch is not None)
        elif name in ("ASSERT", "ASSERT_NOT", "ATOMIC_GROUP"):
            total += _expansion(argument[-1] if isinstance(argument, tuple) else argument)
        else:
            total += 1
        if total > MAX_PATTERN_EXPANSION:
            return total
    return total


def failing(
    name: str, value: Any, rule: FieldRule, values: pa.Array, missing: np.ndarray, ok: np.ndarray,
    pattern: Pattern | None = None,
) -> np.ndarray | None:  # fmt: skip
    """Mask of rows failing one constraint; None for constraints checked elsewhere (unique)."""
    if name == "required":
        return missing if value else None
    if name == "pattern":
        assert pattern is not None
        return ok & ~pattern.matches(values)
    if name == "enum":
        allowed = [
            v for v in (typed_literal(rule.type, v) for v in value) if v is not None and _fits(rule, v)
        ]
        allowed = [v for v in allowed if v == v]  # NaN equals no value, itself included
        return ok & ~mask(pc.is_in(values, arrow.array(allowed, values.type)))
    if name in {"minLength", "maxLength"}:
        length = pc.utf8_length(values)
        limit = INT64[1] if length.type == pa.int64() else 2**31 - 1  # no string is longer
        compare = pc.less if name == "minLength" else pc.greater
        return ok & mask(compare(length, arrow.scalar(min(value, limit), length.type)))
    if name in _OUTSIDE:
        bound = typed_literal(rule.type, value)
        if bound is None:  # shape.py refuses a bound its field's type cannot read
            return None
        lower = name in ("minimum", "exclusiveMinimum")
        if not _fits(rule, bound):  # an integer bound beyond 64 bits: every value is on one side
            every_value_below = bound > INT64[1]
            failing_all = every_value_below == lower
            return ok.copy() if failing_all else np.zeros(len(ok), dtype=bool)
        if bound != bound:  # a NaN bound: no value is within it
            return ok.copy()
        outside = mask(_OUTSIDE[name](values, arrow.scalar(bound, values.type)))
        if pa.types.is_floating(values.type):  # NaN is within no bound (frictionless)
            outside |= mask(pc.is_nan(values))
        return ok & outside
    return None


# The comparison by which a value falls outside each bound.
_OUTSIDE = {
    "minimum": pc.less,
    "maximum": pc.greater,
    "exclusiveMinimum": pc.less_equal,
    "exclusiveMaximum": pc.greater_equal,
}


def _fits(rule: FieldRule, value: Any) -> bool:
    """Whether a typed literal fits the column: integers in 64 bits."""
    return rule.type != "integer" or INT64[0] <= value <= INT64[1]
