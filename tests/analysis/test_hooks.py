"""analyze() hands its results to the diagnostics and the model inspection."""

from __future__ import annotations

import profiler
import profiler.analysis.diagnostics as diagnostics
from profiler.analysis import analyze
from profiler.analysis.summary import Diagnostic, Severity
from tests.conftest import SAMPLE_RUN


def test_diagnostics_get_the_summary_series_and_extra_logs(monkeypatch):
    seen = {}
    marker = Diagnostic("test-marker", Severity.INFO, "m", None, "test", None, None)

    def diagnose(loaded, summary, series, *, extra_logs=()):
        seen.update(loaded=loaded, summary=summary, series=series, logs=extra_logs)
        return (marker,)

    monkeypatch.setattr(diagnostics, "diagnose", diagnose)
    loaded = profiler.load(SAMPLE_RUN)
    analysis = analyze(loaded, logs=("device.log",))
    assert seen["loaded"] is loaded and seen["logs"] == ("device.log",)
    assert seen["summary"].recordings == analysis.summary.recordings
    assert seen["series"] == analysis.series
    assert analysis.summary.diagnostics == (marker,)


def test_real_diagnostics_run_on_the_sample():
    """The expected codes are derived from the sample's ground truth and the rule thresholds:
    its first launch loads the Unet for longer than SLOW_LOAD_S, and its app footprint peaks
    above NEAR_JETSAM_SHARE of the documented budget; its console.log holds no failure."""
    import json

    from profiler.analysis.diagnostics.metrics import NEAR_JETSAM_SHARE, SLOW_LOAD_S
    from profiler.hardware import jetsam_budget_bytes

    truth = json.loads((SAMPLE_RUN / "ground-truth.json").read_text("utf-8"))
    budget = jetsam_budget_bytes(truth["device"]["ram_bytes"])
    expected = set()
    for rec in truth["recordings"]:
        if any(ld["kind"] != "cached" and ld["duration_s"] > SLOW_LOAD_S for ld in rec["loads"]):
            expected.add("slow-uncached-load")
        if rec["memory"]["peak_footprint_bytes"] >= NEAR_JETSAM_SHARE * budget:
            expected.add("near-jetsam-limit")
    assert expected == {"slow-uncached-load", "near-jetsam-limit"}  # the sample is built so
    summary = analyze(profiler.load(SAMPLE_RUN)).summary
    assert {d.code for d in summary.diagnostics} == expected
    assert all(d.severity == Severity.WARNING for d in summary.diagnostics)


def test_no_model_path_no_inspection():
    assert analyze(profiler.load(SAMPLE_RUN)).inspection is None


def _with_recorded_model_path(tmp_path, model_path):
    import json
    import shutil

    run = tmp_path / "run"
    shutil.copytree(SAMPLE_RUN, run)
    meta = json.loads((run / "run.json").read_text("utf-8"))
    meta["model_path"] = str(model_path)
    (run / "run.json").write_text(json.dumps(meta), "utf-8")
    return run


def test_model_path_recorded_by_run_is_reused(tmp_path):
    import shutil
    from pathlib import Path

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "mlmodelc" / "mixed-ios18.mlmodelc"
    run = _with_recorded_model_path(tmp_path, "models/mixed-ios18.mlmodelc")
    # a recorded path is used only inside the run folder (issue 12 item 6)
    model = Path(shutil.copytree(fixture, run / "models" / "mixed-ios18.mlmodelc"))
    analysis = analyze(profiler.load(run))
    assert analysis.inspection is not None
    assert analysis.inspection.to_dict()["path"] == str(model.resolve())


def test_recorded_model_path_outside_the_run_folder_is_ignored(tmp_path):
    from pathlib import Path

    model = Path(__file__).resolve().parents[1] / "fixtures" / "mlmodelc" / "mixed-ios18.mlmodelc"
    assert analyze(profiler.load(_with_recorded_model_path(tmp_path, model))).inspection is None


def test_recorded_model_path_from_another_machine_is_ignored(tmp_path):
    run = _with_recorded_model_path(tmp_path, "/Users/someone/models/sd15")
    assert analyze(profiler.load(run)).inspection is None
