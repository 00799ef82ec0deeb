"""The presentation model's figure rules: jetsam share on the footprint card, CPU scale."""

from __future__ import annotations

import dataclasses

from profiler.analysis.result import Analysis
from profiler.report import limits_text, view
from tests.report.conftest import make_analysis

GIB = 1024**3


def _with(analysis: Analysis, peak: int | None = None, **device: object) -> Analysis:
    s = analysis.summary
    headline = s.headline if peak is None else dataclasses.replace(s.headline,
                                                                   peak_footprint_bytes=peak)
    summary = dataclasses.replace(s, headline=headline,
                                  device=dataclasses.replace(s.device, **device))
    return Analysis(summary, analysis.series)


def _card(analysis: Analysis, key: str) -> view.Card:
    return next(c for c in view.headline_cards(analysis) if c.key == key)


def test_footprint_card_shows_the_share_of_the_jetsam_budget() -> None:
    a = _with(make_analysis(recordings=1), peak=int(2.52 * GIB))
    assert _card(a, "peak_footprint").detail == (
        "42 % of 6.00 GiB RAM; 90 % of the 2.80 GiB jetsam budget")


def test_footprint_card_says_exceeded_above_the_budget() -> None:
    a = _with(make_analysis(recordings=1), peak=3 * GIB)
    assert _card(a, "peak_footprint").detail == (
        "50 % of 6.00 GiB RAM; exceeds the 2.80 GiB jetsam budget (107 %)")


def test_footprint_card_says_when_no_budget_is_documented() -> None:
    a = _with(make_analysis(recordings=1), peak=3 * GIB, ram_bytes=8 * GIB,
              product_type="iPad13,4", model="iPad Pro 11-inch (3rd generation)")
    assert _card(a, "peak_footprint").detail == "38 % of 8.00 GiB RAM; no documented jetsam budget"
    assert limits_text.memory_note(a).startswith("No documented jetsam budget for this device's RAM")


def test_cpu_text_uses_the_catalogs_core_count() -> None:
    a = make_analysis(recordings=1)
    assert _card(a, "app_cpu_peak").detail == "100 % = one core of a 6-core chip"
    m1 = _with(a, cpu_cores=8)
    assert limits_text.cpu_note(m1) == ("100 % is one fully busy core; this device's 8-core chip can "
                                 "reach 800 %.")
    unknown = _with(a, cpu_cores=None)
    assert _card(unknown, "app_cpu_peak").detail == "100 % = one core"
    assert "core count is not in the catalog" in limits_text.cpu_note(unknown)


def _cpu_sources(analysis: Analysis, source: str | None) -> Analysis:
    """Every recording's CPU source replaced (None: no system figure at all)."""
    s = analysis.summary
    recs = tuple(dataclasses.replace(r, cpu=dataclasses.replace(
        r.cpu, source=source or r.cpu.source,
        system_peak_percent=None if source is None else r.cpu.system_peak_percent))
        for r in s.recordings)
    return Analysis(dataclasses.replace(s, recordings=recs), analysis.series)


def test_the_system_cpu_card_says_whose_cpu_it_is() -> None:
    from profiler.analysis.cpu import SUMMED

    a = make_analysis(recordings=2)
    table = _cpu_sources(a, "activity-monitor-system[start, duration, cpu]")
    assert _card(table, "system_cpu_peak").detail == "whole device, every process"
    summed = _cpu_sources(a, f"sysmon-process[cpu] {SUMMED} (no system table)")
    assert _card(summed, "system_cpu_peak").detail == "sampled processes summed (a lower bound)"
    # nothing measured: no claim about whose figure the dash would be
    assert _card(_cpu_sources(a, None), "system_cpu_peak").detail is None
