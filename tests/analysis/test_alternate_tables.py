"""The alternate tables: sysmon-process, ane-hw-intervals-internal, mps-hw-intervals.

No generator writes them, so these tables are built by hand (SYNTHETIC values) with the column
layouts documented in ../shared/docs/xctrace-export-format.md §3 (themselves unconfirmed).
"""

from __future__ import annotations

from profiler.analysis import analyze
from profiler.trace.model import LoadedRun
from tests.analysis.tables_for_tests import recording, table

S = 1_000_000_000
GIB = 1 << 30


def test_sysmon_process_and_internal_ane_and_mps_tables():
    sysmon = table("sysmon-process", [
        ("time", "start-time"), ("pid", "pid"), ("process", "process"),
        ("cpu-percent", "system-cpu-percent"), ("memory-physical-footprint", "size-in-bytes"),
        ("memory-resident-size", "size-in-bytes"),
    ], {
        "time": [0, S, 2 * S, 0, S],
        "pid": [42, 42, 42, 7, 7],
        "process": ["App (42)", "App (42)", "App (42)", "kernel (7)", "kernel (7)"],
        "cpu-percent": [50.0, 250.0, 90.0, 10.0, 30.0],
        "memory-physical-footprint": [GIB, 2 * GIB, GIB, 3 * GIB, 3 * GIB],
        "memory-resident-size": [5 * GIB] * 5,
    })
    ane = table("ane-hw-intervals-internal", [
        ("start", "start-time"), ("duration", "duration"), ("event-label", "formatted-label"),
    ], {
        "start": [int(i * 0.5 * S) for i in range(6)],
        "duration": [int(0.4 * S)] * 6,
        "event-label": ["Unet_ab12 Prediction"] * 6,
    })
    mps = table("mps-hw-intervals", [
        ("start", "start-time"), ("duration", "duration"), ("process", "process"),
    ], {
        "start": [0, int(1.2 * S)], "duration": [int(0.3 * S), int(0.5 * S)],
        "process": ["App (42)", "backboardd (61)"], "process_pid": [42, 61],
    })
    rec = recording(sysmon, ane, mps)
    summary = analyze(LoadedRun("hand", "hand", (rec,))).summary
    (r,) = summary.recordings
    # No TOC target and no evidence: the app is not picked (never simply the largest process).
    assert r.memory is None and r.app.how is None and r.process is None
    assert {(p.name, p.pid, p.peak_footprint_bytes) for p in r.other_processes} == {
        ("App", 42, 2 * GIB), ("kernel", 7, 3 * GIB)}
    # System CPU without a system table: the sum over the processes live at each time, each
    # sparse sysmon row holding until the process's next one (0-1 s: 50 + 10, 1-2 s: 250 + 30).
    assert r.cpu.system_peak_percent == 280.0
    assert r.cpu.system_mean_percent == 170.0
    assert r.cpu.process_peak_percent is None
    assert "summed over the processes live at each time" in r.cpu.source
    # Six ANE intervals, 0.1 s apart: one step each; loop 0 .. 2.9 s, busy 2.4 s.
    assert r.steps.count == 6 and r.steps.source.startswith("ane-hw-intervals-internal")
    assert abs(r.ane.busy_s - 2.4) < 1e-9
    assert abs(r.ane.busy_fraction_denoise - 2.4 / 2.9) < 1e-9
    # GPU: no TOC and no app known, so every row counts: 0.3 s + 0.5 s of the 2.9 s loop.
    assert abs(r.gpu.busy_fraction - 0.8 / 2.9) < 1e-9


def test_gpu_restricted_to_the_app_pid():
    proc = table("activity-monitor-process-live", [
        ("start", "start-time"), ("process", "process"),
        ("memory-physical-footprint", "size-in-bytes"),
    ], {"start": [0], "process": ["App (42)"], "process_pid": [42],
        "memory-physical-footprint": [GIB]})
    mps = table("mps-hw-intervals", [
        ("start", "start-time"), ("duration", "duration"), ("process", "process"),
    ], {"start": [0, int(2 * S)], "duration": [int(1 * S), int(2 * S)],
        "process": ["App (42)", "backboardd (61)"], "process_pid": [42, 61]})
    coreml = table("coreml-os-signpost", [  # who the app is: the process that loads a model
        ("start", "start-time"), ("duration", "duration"), ("model-name", "coreml-model-name"),
        ("event", "coreml-model-event"), ("process", "process"),
    ], {"start": [0], "duration": [S // 10], "model-name": ["Unet-1"], "event": ["Load"],
        "process": ["App (42)"], "process_pid": [42]})
    (r,) = analyze(LoadedRun("hand", "hand", (recording(proc, mps, coreml),))).summary.recordings
    # The app's 1 s over the table's span (0 .. 1 s once restricted to the app).
    assert r.gpu.busy_fraction == 1.0
    assert r.process.pid == 42 and str(r.app.how) == "coreml-process-column"


def test_coreml_events_of_other_processes_are_ignored():
    proc = table("activity-monitor-process-live", [
        ("start", "start-time"), ("process", "process"),
        ("memory-physical-footprint", "size-in-bytes"),
    ], {"start": [0, 0], "process": ["App (42)", "photoanalysisd (99)"], "process_pid": [42, 99],
        "memory-physical-footprint": [2 * GIB, GIB]})
    starts = [0, S, 2 * S, int(0.5 * S), int(1.5 * S), int(2.5 * S), int(3.5 * S), int(4.5 * S)]
    coreml = table("coreml-os-signpost", [
        ("start", "start-time"), ("duration", "duration"), ("model-name", "coreml-model-name"),
        ("event", "coreml-model-event"), ("process", "process"),
    ], {"start": starts, "duration": [int(0.4 * S)] * 8,
        "model-name": ["Unet-1"] * 3 + ["UnetVision-2"] * 5, "event": ["Prediction"] * 8,
        "process": ["App (42)"] * 3 + ["photoanalysisd (99)"] * 5,
        "process_pid": [42] * 3 + [99] * 5})
    (r,) = analyze(LoadedRun("hand", "hand", (recording(proc, coreml),))).summary.recordings
    assert r.process.pid == 42
    assert r.steps.count == 3 and r.steps.durations_s == (0.4, 0.4, 0.4)
    assert r.steps.source.startswith("coreml-os-signpost[start, duration, model-name, event, process]")
