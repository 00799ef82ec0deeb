"""Core AI recordings (issue 16), on SYNTHETIC runs with ground truth (tests/synthetic/coreai.py).

Cold launch (specialization), warm launch (cached load), an OS-update-style purge
(specialization again on a later launch), CFG steps; the Neural Engine's blind spot; both
frameworks in one recording; a Core AI table whose columns differ from the second-hand list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import profiler
from profiler.analysis import analyze
from profiler.analysis.coreai import phase_of
from tests.synthetic.coreai import CORE_AI_SCHEMA, AiRecording, write_run

COLD, WARM, PURGED = AiRecording(True), AiRecording(False), AiRecording(True)


def _analyse(tmp_path: Path, specs: list[AiRecording], **kw):
    truth = write_run(specs, tmp_path / "run", **kw)
    return analyze(profiler.load(tmp_path / "run")), truth


def _reasons(rec) -> dict[str, str]:
    return {u.metric: u.reason for u in rec.unavailable}


def _codes(analysis) -> set[str]:
    return {d.code for d in analysis.summary.diagnostics}


def test_cold_warm_and_purged_launches_give_exact_kinds_and_figures(tmp_path: Path) -> None:
    analysis, truth = _analyse(tmp_path, [COLD, WARM, PURGED])
    for rec, want in zip(analysis.summary.recordings, truth["recordings"], strict=True):
        assert [ld.model for ld in rec.loads] == [w["model"] for w in want["loads"]]
        for load, w in zip(rec.loads, want["loads"], strict=True):
            assert load.duration_s == pytest.approx(w["duration_s"], rel=0.02)
            assert load.source.startswith("CoreAIProfile[")
        kinds = {str(ld.kind) for ld in rec.loads}
        specialized = want["loads"][0]["kind"] == "uncached"
        assert kinds == ({"uncached"} if specialized else {"cached"}), rec.name
        steps = want["steps"]
        assert rec.steps is not None and rec.steps.count == len(steps)
        assert rec.steps.median_s == pytest.approx(sorted(steps)[len(steps) // 2], rel=0.02)
        assert rec.steps.first_s == pytest.approx(steps[0], rel=0.02)
        assert "UNet Inference events, 2 predictions per step" in rec.steps.source
    run1, run2, run3 = analysis.summary.recordings
    # specialization is text-decided; the warm launch's plain Load rows go by the relative rule
    assert {str(ld.kind_from) for ld in run1.loads} == {"text"}
    assert {str(ld.kind_from) for ld in run2.loads} == {"relative"}
    assert [str(ld.kind) for ld in run3.loads] == ["uncached"] * 3  # the purge: specialized again


def test_setup_rows_are_neither_loads_nor_predictions(tmp_path: Path) -> None:
    analysis, truth = _analyse(tmp_path, [WARM])
    preds = analysis.series[0].frames["predictions"]
    want = 2 * WARM.steps * WARM.generations + 2 * WARM.generations  # UNet halves + TE + decoder
    assert len(preds) == want
    assert set(preds["framework"]) == {"core-ai"}
    assert len(analysis.summary.recordings[0].loads) == len(truth["recordings"][0]["loads"])


def test_phase_words() -> None:
    assert phase_of("Load", "Specialization") == phase_of("", "Specialization")
    assert phase_of("Setup", "Inference") == "Setup"
    assert phase_of("Inference", "Inference") == "Inference"
    assert phase_of("", "Load") == "Load"
    assert phase_of("", "Warmup") is None


def test_empty_neural_engine_table_gives_the_caveat_and_no_fallback_warning(tmp_path) -> None:
    analysis, _ = _analyse(tmp_path, [WARM])
    rec = analysis.summary.recordings[0]
    caveat = _reasons(rec)["ane (Core AI)"]
    assert caveat.startswith("cannot be measured for Core AI: ane-hw-intervals records nothing")
    # the app's GPU rows cover 80 % of each inference, the MPS (sentinel) rows 40 %
    assert "GPU busy 80.0% (metal-gpu-intervals, app's process); 40.0% (mps-hw-intervals, by " \
           "time window only) of Core AI inference time" in caveat
    assert "Not proof" in caveat
    assert "silent-ane-fallback" not in _codes(analysis)
    # the Core ML table is exported empty beside it: Core AI's loads were measured all the same
    assert "coreml-table-empty" not in _codes(analysis)
    missing = {u.metric for u in analysis.series[0].tables_missing}
    assert "ODIEProfile" not in missing  # the Core AI table that was read covers its alternate


def test_neural_engine_rows_of_other_work_do_not_flag_core_ai(tmp_path) -> None:
    # system-wide Core ML elsewhere fills the ANE table; Core AI's UNet must not be judged by it
    analysis, _ = _analyse(tmp_path, [AiRecording(False, ane_rows="elsewhere")])
    assert analysis.summary.recordings[0].ane is not None
    assert "silent-ane-fallback" not in _codes(analysis)


@pytest.mark.parametrize(("ane_rows", "flagged"), [("coreml", False), ("elsewhere", True)])
def test_both_frameworks_are_labelled_and_core_ml_is_still_checked(tmp_path, ane_rows,
                                                                   flagged) -> None:
    analysis, _ = _analyse(tmp_path, [AiRecording(False, core_ml_unet=True, ane_rows=ane_rows)])
    preds = analysis.series[0].frames["predictions"]
    assert set(preds["framework"]) == {"core-ai", "core-ml"}
    assert set(preds.loc[preds["framework"] == "core-ml", "model"]) == {"CoreMLUnet"}
    assert "ane (Core AI)" in _reasons(analysis.summary.recordings[0])
    assert ("silent-ane-fallback" in _codes(analysis)) is flagged
    if flagged:
        text = next(d for d in analysis.summary.diagnostics if d.code == "silent-ane-fallback")
        assert text.evidence is not None and "Core ML UNet predictions" in text.evidence.text


def test_renamed_and_retyped_columns_give_what_i_found_and_are_still_analysed(tmp_path) -> None:
    layout = list(CORE_AI_SCHEMA)
    layout[2] = ("model", "Model", "coreai-model-name")  # renamed: found by its type
    layout[6] = ("category", "Category", "event-concept")  # retyped: found by its mnemonic
    layout.append(("compute-unit", "Compute Unit", "string"))  # a column nobody reported
    analysis, truth = _analyse(tmp_path, [COLD, WARM], schema=tuple(layout))
    rec = analysis.summary.recordings[0]
    found = _reasons(rec)["core-ai columns"]
    assert found.startswith("what I found: CoreAIProfile has columns start:start-time, ")
    assert "model:coreai-model-name" in found and "category:event-concept" in found
    assert "missing: model-name; new: model, compute-unit" in found
    assert [ld.duration_s for ld in rec.loads] == pytest.approx(
        [w["duration_s"] for w in truth["recordings"][0]["loads"]], rel=0.02)
    assert rec.steps is not None and rec.steps.count == len(truth["recordings"][0]["steps"])


def test_a_table_without_phase_or_category_is_said_not_crashed(tmp_path) -> None:
    layout = tuple(c for c in CORE_AI_SCHEMA if c[0] not in ("phase", "category"))
    analysis, _ = _analyse(tmp_path, [WARM], schema=layout)
    reasons = _reasons(analysis.summary.recordings[0])
    assert reasons["core-ai"].startswith("not available: CoreAIProfile has no phase or category")
    assert "core-ai columns" in reasons


def test_the_old_beta_name_is_read_and_named(tmp_path) -> None:
    analysis, _ = _analyse(tmp_path, [COLD, WARM], name="ODIEProfile")
    rec = analysis.summary.recordings[0]
    assert rec.loads and all(ld.source.startswith("ODIEProfile[") for ld in rec.loads)


@pytest.mark.parametrize("without", ["", "ProcessCPUUsage"])
def test_xcode27_cpu_tables_give_the_app_and_system_cpu(tmp_path: Path, without: str) -> None:
    truth = write_run([WARM], tmp_path / "run")
    if without:  # the per-thread buckets stand in, summed per process and bucket
        (tmp_path / "run" / "run-1" / f"{without}.xml").unlink()
    rec = analyze(profiler.load(tmp_path / "run")).summary.recordings[0]
    want = truth["recordings"][0]["cpu"]
    assert rec.cpu is not None
    assert rec.cpu.process_peak_percent == pytest.approx(want["process_peak_percent"], rel=0.02)
    assert rec.cpu.process_mean_percent == pytest.approx(want["process_mean_percent"], rel=0.02)
    assert rec.cpu.system_peak_percent == pytest.approx(want["system_peak_percent"], rel=0.02)
    table = "ThreadCPUUsage" if without else "ProcessCPUUsage"
    assert rec.cpu.source.startswith(f"{table}[start, process, cpu-usage] for pid 4242")
    assert "SystemCPUUsage[start, cpu-usage]" in rec.cpu.source


def test_real_core_ai_toc_environment_and_tables_to_export(tmp_path: Path,
                                                            real_traces: Path) -> None:
    from profiler.report.view import environment

    real = real_traces  # skipped (failed under CI=true) when the corpus is not beside the clone
    folder = tmp_path / "toc-only"
    folder.mkdir()
    (folder / "toc.xml").write_text(
        (real / "Ashtabula__Cosyvoice__profile-trace-toc.xml").read_text("utf-8"), "utf-8")
    analysis = analyze(profiler.load(folder))
    env = dict(environment(analysis))
    assert (env["Template"], env["Model"], env["OS"]) == ("Core AI", "iPhone Air",
                                                          "iOS 27.2 (24B5089g)")
    missing = {u.metric: u.reason for u in analysis.series[0].tables_missing}
    for table in ("CoreAIProfile", "ProcessCPUUsage", "SystemCPUUsage", "ThreadCPUUsage",
                  "ane-hw-intervals", "metal-gpu-intervals", "mps-hw-intervals"):
        assert missing[table].startswith("not exported (listed in the TOC; export it with: "
                                         "xcrun xctrace export"), table
        assert f'table[@schema="{table}"]' in missing[table]
    assert "ODIEProfile" not in missing or missing["ODIEProfile"].startswith("not in TOC")
