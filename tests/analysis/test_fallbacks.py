"""Every fallback path of the analysis, on SYNTHETIC variants written by the generator."""

from __future__ import annotations

from dataclasses import replace

import profiler
from profiler.analysis import analyze
from profiler.analysis.context import COREML_EMPTY_REASON
from tests.analysis.test_golden import assert_matches, close
from tests.synthetic.scenario import (
    ACTIVITY_MONITOR_TABLES,
    ALL_TABLES,
    Layout,
    RecordingSpec,
    StepProfile,
)


def _reasons(recording: dict) -> dict[str, str]:
    return {u["metric"]: u["reason"] for u in recording["unavailable"]}


def test_no_app_signposts_steps_from_coreml_predictions(make_run):
    folder, truth = make_run(app_signposts=False)
    summary = analyze(profiler.load(folder)).summary.to_dict()
    assert_matches(summary, truth)
    for rec in summary["recordings"]:
        assert rec["steps"]["source"].startswith("coreml-os-signpost")
        assert "one prediction per step" in rec["steps"]["source"]
        assert "category 'profiler'" in _reasons(rec)["steps (app signposts)"]


def test_no_app_signposts_with_split_guidance_halves(make_run):
    folder, truth = make_run(app_signposts=False, steps=StepProfile(cfg_split=True))
    summary = analyze(profiler.load(folder)).summary.to_dict()
    assert_matches(summary, truth)
    assert all(r["steps"]["count"] == 25 for r in summary["recordings"])
    assert "2 predictions per step" in summary["recordings"][0]["steps"]["source"]


def test_empty_coreml_table_says_the_cli_exports_it_empty(make_run):
    folder, truth = make_run(empty_tables=frozenset({"coreml-os-signpost"}))
    loaded = profiler.load(folder)
    assert loaded.recordings[0].missing["coreml-os-signpost"] == "exported empty (0 rows)"
    summary = analyze(loaded).summary.to_dict()
    assert_matches(summary, truth, loads=False)
    rec = summary["recordings"][0]
    assert COREML_EMPTY_REASON in _reasons(rec)["loads"]
    # The app's own `load` interval still times the loads, classified across recordings.
    app_load = truth["recordings"][0]["steps"]  # ground truth has no app-load figure: rebuild it
    assert [(ld["model"], ld["kind"]) for ld in rec["loads"]] == [("pipeline", "uncached")]
    assert [(ld["model"], ld["kind"]) for ld in summary["recordings"][1]["loads"]] == [
        ("pipeline", "cached")]
    assert rec["loads"][0]["source"].startswith("os-signpost-interval")
    assert app_load is not None
    assert "known to export this table empty even when Instruments showed" in COREML_EMPTY_REASON
    assert rec["steps"]["source"].startswith("os-signpost-interval")  # steps still found


def test_neural_engine_clusters_when_nothing_else(make_run):
    folder, truth = make_run(app_signposts=False, empty_tables=frozenset({"coreml-os-signpost"}))
    summary = analyze(profiler.load(folder)).summary.to_dict()
    assert_matches(summary, truth)
    assert summary["recordings"][0]["steps"]["source"].startswith("ane-hw-intervals")


def test_neural_engine_clusters_with_split_guidance_halves(make_run):
    folder, truth = make_run(app_signposts=False, steps=StepProfile(cfg_split=True),
                             tables=tuple(t for t in ALL_TABLES if t != "coreml-os-signpost"))
    summary = analyze(profiler.load(folder)).summary.to_dict()
    assert_matches(summary, truth)
    assert summary["recordings"][1]["steps"]["count"] == 25


def test_no_activity_monitor_tables(make_run):
    folder, truth = make_run(tables=tuple(t for t in ALL_TABLES
                                          if t not in ACTIVITY_MONITOR_TABLES))
    analysis = analyze(profiler.load(folder))
    summary = analysis.summary.to_dict()
    missing = {u.metric: u.reason for u in analysis.series[0].tables_missing}
    assert missing["activity-monitor-process-live"].startswith("not in TOC")
    assert missing["sysmon-system"].startswith("not in TOC")
    assert "ane-hw-intervals-internal" not in missing  # ane-hw-intervals was used instead
    assert_matches(summary, truth)
    rec = summary["recordings"][0]
    assert rec["memory"] is None and rec["cpu"] is None
    assert summary["headline"]["peak_footprint_bytes"] is None
    reasons = _reasons(rec)
    assert "activity-monitor-process-live: not in TOC" in reasons["memory.peak_footprint_bytes"]
    assert "activity-monitor-system: not in TOC" in reasons["memory.system_used_peak_bytes"]


def test_unknown_process_table_layout_is_reported_not_crashed(make_run):
    folder, truth = make_run(layouts=(("activity-monitor-process-live", Layout.UNKNOWN),))
    summary = analyze(profiler.load(folder)).summary.to_dict()
    rec = summary["recordings"][0]
    assert rec["memory"]["peak_footprint_bytes"] is None
    assert close(rec["memory"]["system_used_peak_bytes"],
                 truth["recordings"][0]["memory"]["system_used_peak_bytes"])
    reason = _reasons(rec)["memory.peak_footprint_bytes"]
    assert reason.startswith("not available: table activity-monitor-process-live has no column "
                             "of type size-in-bytes")
    assert "(columns: sample-start:start-time, sample-length:duration" in reason


def test_every_table_in_an_unknown_layout(make_run):
    layouts = tuple((t, Layout.UNKNOWN) for t in ALL_TABLES)
    folder, _ = make_run(layouts=layouts, recordings=(RecordingSpec(),))
    summary = analyze(profiler.load(folder)).summary.to_dict()
    rec = summary["recordings"][0]
    assert rec["steps"] is None and rec["loads"] == [] and rec["memory"] is None
    reasons = _reasons(rec)
    assert "has no column of type" in reasons["loads"]
    assert "has no column of type" in reasons["thermal"]
    assert all(v is None for v in summary["headline"].values())


def test_xcode27_camelcase_signpost_table(make_run):
    folder, truth = make_run(layouts=(("os-signpost-interval", Layout.XCODE27),))
    loaded = profiler.load(folder)
    assert "OSSignpostIntervals" in loaded.recordings[0].tables
    analysis = analyze(loaded)
    assert_matches(analysis.summary.to_dict(), truth)
    # Sources and tables_used name the canonical schema, whatever the export's spelling.
    assert analysis.summary.recordings[0].steps.source.startswith("os-signpost-interval[")
    assert "os-signpost-interval" in analysis.series[0].tables_used


def test_single_table_file_gives_what_it_supports(make_run):
    folder, truth = make_run()
    process = analyze(profiler.load(folder / "run-1" / "activity-monitor-process-live.xml"))
    rec = process.summary.recordings[0]
    expected = truth["recordings"][0]
    # No TOC, no run.json: nothing says which process is the app, and the largest is not
    # taken for it; every process is listed apart, the app's own peak among them.
    assert rec.memory is None and rec.app is not None and rec.app.how is None
    assert "process is not known" in {u.metric: u.reason for u in rec.unavailable}[
        "memory.peak_footprint_bytes"]
    listed = {p.name: p.peak_footprint_bytes for p in rec.other_processes}
    assert listed["CoreDiffuse"] == expected["memory"]["peak_footprint_bytes"]
    assert rec.steps is None and rec.loads == () and rec.ane is None
    ane = analyze(profiler.load(folder / "run-1" / "ane-hw-intervals.xml")).summary
    assert ane.recordings[0].ane.intervals == expected["ane"]["intervals"]
    assert ane.recordings[0].steps.count == 25  # clustered from the intervals alone


def test_unexported_table_is_named_in_missing(make_run):
    folder, _ = make_run(unexported_tables=frozenset({"ane-hw-intervals"}))
    loaded = profiler.load(folder)
    why = loaded.recordings[0].missing["ane-hw-intervals"]
    assert why.startswith("not exported (listed in the TOC; export it with: xcrun xctrace export")
    rec = analyze(loaded).summary.to_dict()["recordings"][0]
    assert rec["ane"] is None
    assert "ane-hw-intervals: not exported" in _reasons(rec)["ane"]


def test_series_frames_follow_the_documented_columns(make_run):
    folder, _ = make_run(recordings=(RecordingSpec(),))
    series = analyze(profiler.load(folder)).series[0]
    expected = {
        "loads": ["model", "kind", "start_ns", "duration_ns", "framework"],
        "predictions": ["model", "start_ns", "duration_ns", "framework"],
        "steps": ["step", "start_ns", "duration_ns"],
        "stages": ["stage", "start_ns", "duration_ns"],
        "ane": ["start_ns", "duration_ns", "label"],
        "gpu": ["start_ns", "duration_ns"],
        "memory": ["time_ns", "footprint_bytes"],
        "system_memory": ["time_ns", "used_bytes", "compressed_bytes", "swap_bytes"],
        "cpu": ["time_ns", "process_percent"],
        "system_cpu": ["time_ns", "system_percent"],
        "thermal": ["start_ns", "duration_ns", "state"],
        "signposts": ["name", "start_ns", "duration_ns"],
    }
    assert {k: list(v.columns) for k, v in series.frames.items()} == expected
    for name, frame in series.frames.items():
        assert len(frame) > 0, name
        for column in frame.columns:
            if column.endswith("_ns"):
                assert str(frame[column].dtype) == "int64", (name, column)
    assert list(series.frames["steps"]["step"]) == list(range(1, 26))
    assert set(series.frames["stages"]["stage"]) >= {"text_encode", "denoise", "decode"}
    assert set(series.tables_used) >= {"coreml-os-signpost", "os-signpost-interval",
                                       "ane-hw-intervals", "activity-monitor-process-live"}


def test_gpu_unet_shows_gpu_busy(make_run):
    from tests.synthetic.scenario import ComputeUnit

    folder, _ = make_run(unet_compute=ComputeUnit.GPU, recordings=(RecordingSpec(cached=True),))
    rec = analyze(profiler.load(folder)).summary.recordings[0]
    assert rec.gpu.busy_fraction > 0.9  # the app's GPU work fills the denoising loop
    assert rec.ane.busy_fraction_denoise < 0.05


def test_pid_from_process_name_when_target_has_no_pid(make_run, monkeypatch):
    folder, truth = make_run(recordings=(RecordingSpec(),))
    loaded = profiler.load(folder)
    rec = loaded.recordings[0]
    target = replace(rec.toc_run.target, pid=None)
    run = replace(rec.toc_run, target=target, processes=())
    patched = replace(loaded, recordings=(replace(rec, toc_run=run),))
    summary = analyze(patched).summary.recordings[0]
    assert summary.memory.peak_footprint_bytes == truth["recordings"][0]["memory"][
        "peak_footprint_bytes"]
    # the pid comes from the process name (the TOC lists no processes here: the samples do)
    assert "pid 1234 (the TOC target)" in summary.memory.source
