"""Every reader of outside input raises only threadarchive's own errors, whatever it is fed
(a few examples each here; bench/fuzz.py runs many and counts them)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from .fuzzing import TARGETS, Target, check


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_a_reader_raises_only_its_own_errors(target: Target) -> None:
    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(target.inputs)
    def property_(value: Any) -> None:
        check(target, value)

    property_()
