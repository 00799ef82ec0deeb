"""End to end on the SYNTHETIC sample run: load -> analyze -> every reporter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import profiler
from profiler.analysis.result import Analysis
from profiler.report.html import MAX_HTML_BYTES, render_html
from profiler.report.json_report import render_json
from profiler.report.markdown import MAX_CHARS, render_markdown
from tests.report.sample import sample_run

HEADLINE_CARDS = {"uncached_load": "uncached_load_s", "cached_load": "cached_load_s",
                  "step_median": "step_median_s", "peak_footprint": "peak_footprint_bytes",
                  "system_memory": "system_used_peak_bytes", "app_cpu_peak": "app_cpu_peak_percent",
                  "system_cpu_peak": "system_cpu_peak_percent",
                  "ane_busy": "ane_busy_fraction"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_run(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def analysis(sample: Path) -> Analysis:
    return profiler.analyze(profiler.load(sample))


def test_cards_carry_the_generator_ground_truth(sample: Path, analysis: Analysis) -> None:
    truth = json.loads((sample / "ground-truth.json").read_text())["headline"]
    page = render_html(analysis)
    for card, key in HEADLINE_CARDS.items():
        m = re.search(rf'data-card="{card}" data-value="([^"]+)"', page)
        assert m, card
        assert float(m.group(1)) == pytest.approx(truth[key], rel=0.01), card


def test_html_is_byte_identical_across_runs(sample: Path, analysis: Analysis) -> None:
    again = profiler.analyze(profiler.load(sample))
    first = render_html(analysis).encode("utf-8")
    assert first == render_html(again).encode("utf-8")
    assert len(first) <= MAX_HTML_BYTES
    assert "SYNTHETIC" in first.decode()  # the sample stays labelled in its report


def test_markdown_and_json(analysis: Analysis) -> None:
    text = render_markdown(analysis)
    assert len(text) <= MAX_CHARS
    assert text.count("```mermaid") == 1 and text.count("<details>") >= 3
    assert "SYNTHETIC" in text
    h = analysis.summary.headline
    assert f"| Cached load | {h.cached_load_s:.2f} s |" in text
    data = json.loads(render_json(analysis))
    assert data == json.loads(json.dumps(analysis.summary.to_dict()))
    assert list(data) == sorted(data)


def test_one_timeline_per_recording(analysis: Analysis) -> None:
    page = render_html(analysis)
    n = len(analysis.summary.recordings)
    assert n == 2
    assert [f"chart-timeline-{i}" for i in range(1, n + 1)] == re.findall(
        r'<div id="(chart-timeline-\d+)"', page)
    assert '<section id="recordings">' in page
