"""The time patterns RE2 cannot run may take, in one validation (constraints.Pattern)."""

from __future__ import annotations

from dataclasses import dataclass, field

PATTERN_TOTAL_SECONDS = 15.0  # every pattern RE2 cannot run, of one validation, together


@dataclass
class Budget:
    """The time patterns RE2 cannot run may take in one validation, over every table."""

    seconds: float = field(default_factory=lambda: PATTERN_TOTAL_SECONDS)
    spent: float = 0.0
