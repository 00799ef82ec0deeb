"""HTML report: structure, escaping, plotly.js once, determinism (no byte goldens)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from profiler.analysis.result import Analysis
from profiler.analysis.summary import Diagnostic, Evidence, Severity
from profiler.report import fmt
from profiler.report.html import render_html
from tests.report.conftest import HOSTILE, make_analysis

SECTIONS = ("diagnostics", "headline", "environment", "recordings", "loads", "steps", "memory",
            "cpu", "timeline", "about")


def _positions(page: str, ids: tuple[str, ...]) -> list[int]:
    return [page.index(f'<section id="{i}">') for i in ids]


def _diag(code: str, sev: Severity, count: int = 1) -> Diagnostic:
    return Diagnostic(code, sev, f"message {code}", Evidence("ev", "console.log", 2.0), "console.log",
                      "https://example.com/x", "advice", count, 1.0, 9.0, recording="run-1")


def test_sections_in_order_with_diagnostics_first() -> None:
    a = make_analysis(diagnostics=(_diag("I1", Severity.INFO), _diag("E1", Severity.ERROR, 3),
                                   _diag("W1", Severity.WARNING)))
    page = render_html(a)
    pos = _positions(page, SECTIONS)
    assert pos == sorted(pos)
    # grouped by severity, most severe first, with counts and first/last times
    assert page.index("message E1") < page.index("message W1") < page.index("message I1")
    assert "run-1: 3× between t = 1.0 s and t = 9.0 s" in page


def test_no_diagnostics_section_when_none(analysis: Analysis) -> None:
    assert '<section id="diagnostics">' not in render_html(analysis)


def test_single_recording_has_no_side_by_side() -> None:
    page = render_html(make_analysis(recordings=1))
    assert '<section id="recordings">' not in page
    assert '<section id="memory">' in page


def test_every_chart_has_a_figure(analysis: Analysis) -> None:
    page = render_html(analysis)
    divs = re.findall(r'<div id="(chart-[a-z0-9-]+)" class="chart"', page)
    data = json.loads(re.search(r'<script type="application/json" id="chart-data">(.*?)</script>',
                                page, re.S).group(1))
    assert sorted(divs) == sorted(data)
    assert {"chart-loads", "chart-steps", "chart-stages", "chart-memory", "chart-cpu",
            "chart-timeline-1", "chart-timeline-2"} == set(divs)
    for fig in data.values():
        for axis in ("xaxis", "yaxis"):
            assert fig["layout"][axis]["title"]["text"] or axis == "yaxis"  # units on every x axis


def test_axes_carry_units(analysis: Analysis) -> None:
    data = json.loads(re.search(r'id="chart-data">(.*?)</script>', render_html(analysis), re.S).group(1))
    titles = {k: (v["layout"]["xaxis"]["title"]["text"], v["layout"]["yaxis"]["title"]["text"])
              for k, v in data.items()}
    assert "(s)" in titles["chart-steps"][1] and "(GiB)" in titles["chart-memory"][1]
    assert "%" in titles["chart-cpu"][1] and "(s)" in titles["chart-timeline-1"][0]


def test_headline_cards_match_summary(analysis: Analysis) -> None:
    page = render_html(analysis)
    h = analysis.summary.headline
    expected = {"uncached_load": fmt.seconds(h.uncached_load_s), "cached_load": fmt.seconds(h.cached_load_s),
                "step_median": fmt.seconds(h.step_median_s), "app_cpu_peak": f"{h.app_cpu_peak_percent:.0f} %",
                "system_cpu_peak": f"{h.system_cpu_peak_percent:.0f} %",
                "peak_footprint": f"{h.peak_footprint_bytes / 1024**3:.2f} GiB",
                "ane_busy": f"{h.ane_busy_fraction * 100:.0f} %"}
    for key, value in expected.items():
        m = re.search(rf'data-card="{key}" data-value="([^"]+)">.*?<div class="value">([^<]+)</div>',
                      page, re.S)
        assert m, key
        assert m.group(2) == value


def test_peak_and_budget_lines(analysis: Analysis) -> None:
    page = render_html(analysis)
    mem = analysis.summary.recordings[0].memory
    assert f'data-jump-x="{mem.peak_footprint_at_s}"' in page
    assert "jetsam budget 2.80 GiB" in page and "device RAM 6.00 GiB" in page
    assert analysis.summary.load_rule in page


def test_hostile_strings_escaped(hostile: Analysis) -> None:
    page = render_html(hostile)
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page.lower()
    assert 'href="javascript:' not in page
    assert '<script src="http' not in page


def test_plotly_inlined_once_or_cdn(analysis: Analysis) -> None:
    from plotly.offline import get_plotlyjs

    marker = get_plotlyjs()[:120]
    inline = render_html(analysis)
    assert inline.count(marker) == 1
    assert "<script src=" not in inline and 'src="http' not in inline
    cdn = render_html(analysis, plotlyjs="cdn")
    assert marker not in cdn
    assert len(re.findall(r'<script charset="utf-8" src="https://cdn\.plot\.ly/plotly-[0-9.]+\.min\.js"', cdn)) == 1
    assert len(cdn.encode()) < 1_000_000


def test_deterministic() -> None:
    first = render_html(make_analysis())
    second = render_html(make_analysis())
    assert first == second
    assert first.encode("utf-8") == render_html(make_analysis()).encode("utf-8")


def test_size_cap_shrinks_charts() -> None:
    a = make_analysis(recordings=2, rows=20_000)
    full = render_html(a)
    capped = render_html(a, max_bytes=len(full.encode()) - 200_000)
    assert len(capped.encode()) <= len(full.encode()) - 200_000
    assert "at most 5000 points" in full and "at most 5000 points" not in capped


class _Inspection:
    def to_dict(self) -> dict:
        return {"format": "x", "path": "sd15-split-einsum-v2", "kind": "resource-folder",
                "models": [{"name": "Unet", "size_bytes": 1_234, "inputs": [{"name": "sample"}]}],
                "findings": [{"severity": "warning", "code": "W_X", "message": f"bad {HOSTILE}"}]}


def test_model_section_from_inspection(analysis: Analysis) -> None:
    page = render_html(replace(analysis, inspection=_Inspection()))
    assert '<section id="model">' in page
    model = page[page.index('<section id="model">'):page.index('<section id="loads">')]
    assert "Unet" in model and "<th>Size</th>" in model and "W_X" in model
    assert HOSTILE not in page
    assert "sd15-split-einsum-v2" in page  # environment names the model


@pytest.mark.parametrize("missing", ["memory", "cpu", "steps"])
def test_missing_metric_says_so(missing: str) -> None:
    a = make_analysis(recordings=1)
    recs = tuple(replace(r, **{missing: None}) for r in a.summary.recordings)
    frames = {"memory": ("memory", "system_memory"), "cpu": ("cpu", "system_cpu"), "steps": ("steps",)}
    series = tuple(replace(s, frames={k: v for k, v in s.frames.items() if k not in frames[missing]})
                   for s in a.series)
    a = Analysis(replace(a.summary, recordings=recs), series)
    page = render_html(a)
    assert "see About this data" in page


def test_same_code_diagnostics_merge() -> None:
    a = make_analysis(diagnostics=(_diag("E1", Severity.ERROR, 2), replace(
        _diag("E1", Severity.ERROR, 3), first_s=0.5, last_s=20.0, source="os-log")))
    page = render_html(a)
    assert page.count("message E1") == 1
    assert "run-1: 5× between t = 0.5 s and t = 20.0 s · source: console.log, os-log" in page


def test_one_code_in_two_recordings_keeps_each_recordings_clock() -> None:
    """Times of run-1 and run-2 are never merged into one "first … last" span."""
    a = make_analysis(diagnostics=(_diag("E1", Severity.ERROR, 1), replace(
        _diag("E1", Severity.ERROR, 1), first_s=4.0, last_s=4.0, recording="run-2")))
    page = render_html(a)
    assert page.count("message E1") == 1
    assert "2×: run-1 between" not in page
    a = make_analysis(diagnostics=(replace(_diag("E1", Severity.ERROR), last_s=1.0), replace(
        _diag("E1", Severity.ERROR), first_s=4.0, last_s=4.0, recording="run-2")))
    assert "2×: run-1 at t = 1.0 s; run-2 at t = 4.0 s · source: console.log" in render_html(a)
