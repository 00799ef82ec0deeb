"""Memory facts: which jetsam figure applies, and a footprint's share of it."""

from __future__ import annotations

from profiler.analysis.run_facts import LimitSource, budget_use, memory_limits
from profiler.analysis.summary import DeviceInfo, Headline, Summary

GIB = 1024**3


def _summary(**device: object) -> Summary:
    return Summary(device=DeviceInfo(**device), recordings=(), headline=Headline())  # type: ignore[arg-type]


def test_documented_budget_for_6_gib_and_its_share() -> None:
    limits = memory_limits(_summary(ram_bytes=6 * GIB))
    assert (limits.jetsam_source, limits.word) == (LimitSource.DOCUMENTED, "budget")
    use = budget_use(limits, int(2.52 * GIB))
    assert use is not None and round(use.share, 2) == 0.9 and not use.exceeded
    over = budget_use(limits, 3 * GIB)
    assert over is not None and over.exceeded and round(over.share, 2) == 1.07


def test_no_documented_budget_for_8_gib_unless_measured() -> None:
    limits = memory_limits(_summary(ram_bytes=8 * GIB, product_type="iPad13,4"))
    assert (limits.jetsam_bytes, limits.jetsam_source) == (None, None)
    assert budget_use(limits, 5 * GIB) is None
    measured = memory_limits(_summary(ram_bytes=8 * GIB), measured_limit_bytes=5 * GIB)
    assert (measured.jetsam_bytes, measured.word) == (5 * GIB, "limit")
    assert measured.jetsam_origin == "measured from the JetsamEvent report"


def test_a_budget_reported_for_the_device_model() -> None:
    limits = memory_limits(_summary(product_type="iPhone18,2"))
    assert limits.jetsam_bytes == 4855 * 2**20
    assert limits.jetsam_origin == "budget reported for the iPhone 17 Pro Max"
