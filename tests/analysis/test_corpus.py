"""The conformance corpus (real xctrace exports) still loads and analyses, table by table."""

from __future__ import annotations

from pathlib import Path

import pytest

import profiler
from profiler.analysis import analyze


def test_every_corpus_file_analyses_without_error(real_traces: Path):
    files = sorted(real_traces.glob("*.xml"))
    assert len(files) > 50
    for path in files:
        analysis = analyze(profiler.load(path))
        assert len(analysis.summary.recordings) == 1, path.name


def test_thermal_state_table(real_traces: Path):
    path = real_traces / "skastr0__probe-cli__fixture-host-selftrace.device-thermal-state-intervals.xml"
    analysis = analyze(profiler.load(path))
    assert analysis.summary.recordings[0].thermal.worst == "Fair"
    frame = analysis.series[0].frames["thermal"]
    assert list(frame["state"]) == ["Fair"] and list(frame["duration_ns"]) == [4135359048]


@pytest.mark.parametrize("name, exported", [
    ("robtaylor__apple-profiler__signpost_intervals.xml", "os-signpost-interval"),
    ("sforteln__xctrace-query-mcp-server__SYNTHROWS_OSSignpostIntervals.xml",
     "OSSignpostIntervals"),
])
def test_signpost_interval_tables_are_read_but_hold_no_app_steps(real_traces: Path, name: str,
                                                                 exported: str):
    loaded = profiler.load(real_traces / name)
    assert list(loaded.recordings[0].tables) == [exported]
    reasons = {u.metric: u.reason for u in analyze(loaded).summary.recordings[0].unavailable}
    # The table was found (either spelling) and searched: it has no `profiler` intervals.
    assert reasons["steps (app signposts)"].startswith(
        "not available: os-signpost-interval has no intervals in category 'profiler'")


def test_metal_gpu_intervals_table(real_traces: Path):
    path = real_traces / "skastr0__probe-cli__TRIMMED_metal-system-trace.metal-gpu-intervals.xml"
    analysis = analyze(profiler.load(path))
    gpu = analysis.summary.recordings[0].gpu
    assert 0 < gpu.busy_fraction <= 1
    assert len(analysis.series[0].frames["gpu"]) > 0
