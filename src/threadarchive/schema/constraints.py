"""Field constraints over whole columns: required, pattern, enum, lengths, bounds.

Patterns are matched as frictionless matches them, ``re.match("^" + pattern + "$")``,
by RE2 (pyarrow's regex engine, linear in time) where it can. A pattern RE2 cannot
run (a look-ahead, a back-reference) is matched by the ``regex`` library, which
follows Python's ``re`` but takes a time limit: a pattern that backtracks for ever
(``(?!zzz)(.|\\w)*!!!``) uses up PATTERN_SECONDS for its field and is then
reported as ``pattern-unsupported``, never hangs validation.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import arrowutil as arrow
from ..report import shown
from .casting import INT64, mask, numpy_ints, read_literal
from .rules import FieldRule

PATTERN_SECONDS = 5.0  # a field's patterns may take this long, per table, where RE2 cannot run them
PATTERN_EXPECTED = "a value matching the pattern"


class PatternTooSlow(Exception):
    """A pattern used up its time: its cells are not checked further."""


@dataclass
class Pattern:
    """One field's pattern, with what it has cost so far."""

    pattern: str
    spent: float = 0.0
    compiled: Any = field(default=None, repr=False)  # the regex fallback, once needed
    re2_rejects: bool = False
    repeats: bool | None = None  # whether the field's values repeat (IDs of threads, markers)

    def matches(self, values: pa.Array) -> np.ndarray:
        """Mask of the values that match; PatternTooSlow once the time limit is spent.

        A field whose values repeat is matched once per distinct value.
        """
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
            # Python's $ also matches before a final "\n": RE2's needs telling.
            anchored = f"^(?:^{self.pattern}\n?$)" if "$" not in self.pattern else f"^(?:^{self.pattern}$)"
            try:
                return mask(pc.match_substring_regex(values, anchored))
            except pa.ArrowInvalid:
                self.re2_rejects = True
        return self._python(values)

    def _python(self, values: pa.Array) -> np.ndarray:
        import regex

        if self.compiled is None:
            self.compiled = regex.compile(f"^{self.pattern}$", flags=regex.VERSION0)
        found = np.zeros(len(values), dtype=bool)
        start = time.perf_counter()
        try:
            for index, value in enumerate(values.to_pylist()):
                if value is not None:
                    left = PATTERN_SECONDS - self.spent - (time.perf_counter() - start)
                    if left <= 0:
                        raise TimeoutError
                    found[index] = self.compiled.match(value, timeout=left) is not None
        except TimeoutError:
            self.spent = PATTERN_SECONDS
            raise PatternTooSlow(self.pattern) from None
        self.spent += time.perf_counter() - start
        return found


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
        allowed = [v for v in (typed_literal(rule, v) for v in value) if v is not None and _fits(rule, v)]
        return ok & ~mask(pc.is_in(values, arrow.array(allowed, values.type)))
    if name in {"minLength", "maxLength"}:
        length = pc.utf8_length(values)
        limit = INT64[1] if length.type == pa.int64() else 2**31 - 1  # no string is longer
        compare = pc.less if name == "minLength" else pc.greater
        return ok & mask(compare(length, arrow.scalar(min(value, limit), length.type)))
    if name in {"minimum", "maximum"}:
        bound = typed_literal(rule, value)
        if bound is None:  # shape.py refuses a bound its field's type cannot read
            return None
        if not _fits(rule, bound):  # an integer bound beyond 64 bits: every value is on one side
            every_value_below = bound > INT64[1]
            failing_all = every_value_below == (name == "minimum")
            return ok.copy() if failing_all else np.zeros(len(ok), dtype=bool)
        compare = pc.less if name == "minimum" else pc.greater
        return ok & mask(compare(values, arrow.scalar(bound, values.type)))
    return None


def typed_literal(rule: FieldRule, value: Any) -> Any:
    """A value written in a schema (an enum's, a bound) as the field's type reads it, or
    None when it cannot read it."""
    return read_literal({"type": rule.type}, value)


def _fits(rule: FieldRule, value: Any) -> bool:
    """Whether a typed literal fits the column: integers in 64 bits."""
    return rule.type != "integer" or INT64[0] <= value <= INT64[1]


def message(name: str, value: Any, cell: Any) -> str:
    expected = {
        "required": "a value (the field is required)",
        "pattern": f"{PATTERN_EXPECTED} {value!r}",
        "enum": f"one of {value!r}",
        "minimum": f"a value of at least {value!r}",
        "maximum": f"a value of at most {value!r}",
        "minLength": f"at least {value} characters",
        "maxLength": f"at most {value} characters",
    }[name]
    found = "an empty cell" if cell in (None, "") else shown(cell)
    return f"expected {expected}, found {found}"
