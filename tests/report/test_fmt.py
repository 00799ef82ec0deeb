"""Figures with units, as every reporter shows them."""

from __future__ import annotations

import math

import pytest

from profiler.report import fmt


@pytest.mark.parametrize(("value", "text"), [
    (0.0042, "4.2 ms"), (0.75, "0.75 s"), (2.431, "2.43 s"), (12.6, "12.6 s"), (120.4, "120 s"),
    (None, "—"), (math.nan, "—"),
])
def test_seconds(value, text) -> None:
    assert fmt.seconds(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (int(2.6 * 1024**3), "2.60 GiB"), (512 * 1024**2, "512 MiB"), (2048, "2 KiB"), (None, "—"),
])
def test_bytes(value, text) -> None:
    assert fmt.nbytes(value) == text


def test_percent_fraction_rate() -> None:
    assert fmt.percent(439.6) == "440 %"
    assert fmt.fraction(0.934) == "93 %"
    assert fmt.rate(1.3333) == "1.33 it/s"
    assert fmt.clock(12.34) == "t = 12.3 s"
    assert fmt.count(12345) == "12,345"
