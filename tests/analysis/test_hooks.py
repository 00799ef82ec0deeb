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
    summary = analyze(profiler.load(SAMPLE_RUN)).summary
    assert isinstance(summary.diagnostics, tuple)
    assert all(isinstance(d, Diagnostic) for d in summary.diagnostics)


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
    from pathlib import Path

    model = Path(__file__).resolve().parents[1] / "fixtures" / "mlmodelc" / "mixed-ios18.mlmodelc"
    analysis = analyze(profiler.load(_with_recorded_model_path(tmp_path, model)))
    assert analysis.inspection is not None
    assert analysis.inspection.to_dict()["path"] == str(model)


def test_recorded_model_path_from_another_machine_is_ignored(tmp_path):
    run = _with_recorded_model_path(tmp_path, "/Users/someone/models/sd15")
    assert analyze(profiler.load(run)).inspection is None
