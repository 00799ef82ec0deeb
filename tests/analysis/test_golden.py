"""Golden tests: the analysis finds the generator's ground truth (SYNTHETIC data).

The committed sample (traces/sample-sd15-iphone13promax) and freshly generated runs are both
checked: every headline figure within 1 %, every load's kind right.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import profiler
from profiler.analysis import analyze
from tests.conftest import SAMPLE_RUN
from tests.synthetic.scenario import LoadStyle, RecordingSpec

HEADLINE = ("uncached_load_s", "cached_load_s", "step_median_s", "steps_per_s",
            "peak_footprint_bytes", "system_used_peak_bytes", "cpu_peak_percent",
            "ane_busy_fraction", "app_cpu_peak_percent", "system_cpu_peak_percent")


def close(found: Any, expected: Any, rel: float = 0.01) -> bool:
    if expected is None or found is None:
        return found is expected
    return found == pytest.approx(expected, rel=rel)


def assert_matches(summary: dict[str, Any], truth: dict[str, Any], *, loads: bool = True) -> None:
    """Compare with the ground truth; ``loads=False`` skips the Core ML load figures."""
    for key in HEADLINE:
        if loads or "load" not in key:
            assert close(summary["headline"][key], truth["headline"][key]), key
    assert len(summary["recordings"]) == len(truth["recordings"])
    for rec, expected in zip(summary["recordings"], truth["recordings"], strict=True):
        if loads:
            _assert_loads(rec, expected)
        _assert_rest(rec, expected)


def _assert_loads(rec: dict[str, Any], expected: dict[str, Any]) -> None:
    assert [(ld["model"], ld["kind"]) for ld in rec["loads"]] == \
        [(ld["model"], ld["kind"]) for ld in expected["loads"]], rec["name"]
    for got, want in zip(rec["loads"], expected["loads"], strict=True):
        assert close(got["duration_s"], want["duration_s"])
        assert close(got["start_s"], want["start_s"])
    for kind in ("uncached", "cached", "unknown"):
        assert close(rec["load_s"][kind], expected["load_s"][kind]), (rec["name"], kind)


def _assert_rest(rec: dict[str, Any], expected: dict[str, Any]) -> None:
    if expected["steps"] is None:
        assert rec["steps"] is None
    else:
        assert rec["steps"]["count"] == expected["steps"]["count"]
        for key in ("first_s", "median_s", "p90_s", "max_s", "steps_per_s"):
            assert close(rec["steps"][key], expected["steps"][key]), (rec["name"], key)
        assert rec["steps"]["source"].startswith(expected["steps"]["source"])
        for key in ("text_encode_s", "denoise_s", "decode_s"):
            assert close(rec["stages"][key], expected["stages"][key]), (rec["name"], key)
    for group, keys in (("memory", ("peak_footprint_bytes", "peak_footprint_at_s",
                                    "system_used_peak_bytes")),
                        ("cpu", ("process_peak_percent", "process_mean_percent",
                                 "system_peak_percent")),
                        ("ane", ("busy_s", "busy_fraction_denoise", "intervals")),
                        ("gpu", ("busy_fraction",))):
        if expected[group] is None:
            assert rec[group] is None, (rec["name"], group)
            continue
        for key in keys:
            assert close(rec[group][key], expected[group][key]), (rec["name"], group, key)
    if expected["thermal"] is not None:
        assert rec["thermal"]["worst"] == expected["thermal"]["worst"]
    assert rec["process"] == expected["process"]


def test_committed_sample_matches_its_ground_truth():
    truth = json.loads((SAMPLE_RUN / "ground-truth.json").read_text("utf-8"))
    summary = analyze(profiler.load(SAMPLE_RUN)).summary.to_dict()
    assert_matches(summary, truth)
    assert summary["device"]["product_type"] == "iPhone14,3"
    assert summary["device"]["chip"] == truth["device"]["chip"]
    assert summary["device"]["ram_bytes"] == truth["device"]["ram_bytes"]
    assert summary["name"] == SAMPLE_RUN.name


def test_generated_run_matches_ground_truth(make_run):
    folder, truth = make_run()
    analysis = analyze(profiler.load(folder))
    assert_matches(analysis.summary.to_dict(), truth)
    assert "event text" in analysis.summary.load_rule


def test_plain_load_events_are_classified_by_comparing_recordings(make_run):
    folder, truth = make_run(load_style=LoadStyle.PLAIN)
    summary = analyze(profiler.load(folder)).summary
    assert_matches(summary.to_dict(), truth)
    assert "comparing each model's loads" in summary.load_rule
    assert "event text" not in summary.load_rule


def test_three_recordings_headline_is_median_and_max(make_run):
    recs = (RecordingSpec(cached=False), RecordingSpec(cached=True, step_multiplier=0.9),
            RecordingSpec(cached=True, step_multiplier=1.2, memory_multiplier=1.05))
    folder, truth = make_run(recordings=recs, load_style=LoadStyle.PLAIN)
    assert_matches(analyze(profiler.load(folder)).summary.to_dict(), truth)


def test_summary_round_trips_through_json(make_run):
    from profiler.analysis.summary import Summary

    folder, _ = make_run()
    summary = analyze(profiler.load(folder)).summary
    data = json.loads(json.dumps(summary.to_dict()))
    assert Summary.from_dict(data).to_dict() == summary.to_dict()


def test_the_headline_says_whose_cpu_it_is() -> None:
    """The sample's app peaks near 110 % while the device shows the talk's ~440 %: two figures,
    each the maximum over recordings of its own per-recording peak; the legacy figure is the
    system's."""
    summary = analyze(profiler.load(SAMPLE_RUN)).summary
    h = summary.headline
    assert h.app_cpu_peak_percent == max(r.cpu.process_peak_percent for r in summary.recordings)
    assert h.system_cpu_peak_percent == max(r.cpu.system_peak_percent for r in summary.recordings)
    assert h.app_cpu_peak_percent == pytest.approx(110.35, abs=0.01)
    assert h.system_cpu_peak_percent == pytest.approx(440.0, abs=0.01)
    assert h.cpu_peak_percent == h.system_cpu_peak_percent
