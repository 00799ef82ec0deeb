"""compare() end to end: SYNTHETIC run folders (tests/synthetic) through profiler.load/analyze.

Each variant changes one known amount against the sample-like baseline (one uncached and three
cached launches): steps 15 % slower, app footprint 20 % higher, or only noise.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from profiler.analysis.compare import (
    Basis,
    CompareInput,
    Verdict,
    compare,
    compare_paths,
    load_input,
)
from tests.synthetic import DeviceSpec, RecordingSpec, ThermalState, sample_scenario, write_run


def _recordings(**knobs) -> tuple[RecordingSpec, ...]:
    return (RecordingSpec(cached=False, **knobs),) + tuple(
        RecordingSpec(cached=True, **knobs) for _ in range(3))


def _variants():
    base = replace(sample_scenario(), name="sd15-like", recordings=_recordings(noise=0.01))
    memory = base.memory
    return {
        "sd15-like": base,
        "steps-slower": replace(base, name="steps-slower", seed=2,
                                recordings=_recordings(noise=0.01, step_multiplier=1.15)),
        "memory-higher": replace(base, name="memory-higher", seed=3, memory=replace(
            memory, footprint_peak_bytes=int(memory.footprint_peak_bytes * 1.2))),
        "noisy": replace(base, name="noisy", seed=4, recordings=_recordings(noise=0.15)),
        "other-device": replace(
            base, name="other-device", seed=5,
            device=DeviceSpec(model="iPhone 15 Pro", product_type="iPhone16,1",
                              os_version="17.1 (21B80)", chip="A17 Pro"),
            recordings=_recordings(noise=0.01, thermal=((0.0, ThermalState.SERIOUS),))),
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic-runs")
    for name, scenario in _variants().items():
        write_run(scenario, root / name)
    return root


@pytest.fixture(scope="module")
def loaded(runs: Path) -> dict[str, CompareInput]:
    # Analysed once per module: each variant through profiler.load + profiler.analyze.
    return {name: load_input(runs / name) for name in _variants()}


def _verdicts(loaded, other: str) -> dict[str, tuple[Verdict, Basis, float | None]]:
    result = compare([loaded["sd15-like"], loaded[other]])
    return {fig.metric: (fig.cells[1].verdict, fig.cells[1].basis, fig.cells[1].relative_delta)
            for fig in result.figures}


def test_steps_15_percent_slower(loaded) -> None:
    v = _verdicts(loaded, "steps-slower")
    assert v["step_median_s"][:2] == (Verdict.REGRESSION, Basis.TESTED)
    assert v["step_median_s"][2] == pytest.approx(0.15, abs=0.02)
    assert v["steps_per_s"][:2] == (Verdict.REGRESSION, Basis.TESTED)
    assert v["cached_load_s"][0] is Verdict.UNCHANGED
    assert v["uncached_load_s"][0] is Verdict.UNCHANGED
    assert v["peak_footprint_bytes"][0] is Verdict.UNCHANGED


def test_peak_memory_20_percent_higher(loaded) -> None:
    v = _verdicts(loaded, "memory-higher")
    assert v["peak_footprint_bytes"][:2] == (Verdict.REGRESSION, Basis.TESTED)
    assert v["peak_footprint_bytes"][2] == pytest.approx(0.20, abs=0.01)
    for metric in ("step_median_s", "steps_per_s", "cached_load_s", "uncached_load_s"):
        assert v[metric][0] is Verdict.UNCHANGED, metric


def test_noisy_run_without_a_real_change(loaded) -> None:
    result = compare([loaded["sd15-like"], loaded["noisy"]])
    assert result.gate() == ()
    assert result.warnings == ()


def test_environment_differences_between_synthetic_runs(loaded) -> None:
    result = compare([loaded["sd15-like"]._replace(label="v15"),
                      loaded["other-device"]._replace(label="dev")])
    warnings = result.warnings
    assert "Device differs between runs (v15: iPhone 13 Pro Max (iPhone14,3); "\
           "dev: iPhone 15 Pro (iPhone16,1))" in warnings
    assert "OS build differs between runs (v15: iOS 17.0 (21A329); dev: iOS 17.1 (21B80))" \
        in warnings
    assert any(w.startswith("Worst thermal state differs between runs (v15: ") for w in warnings)
    assert "dev reached thermal state serious: its step times may be throttled" in warnings


def test_inputs_from_run_folders_carry_series_for_the_overlays(runs: Path) -> None:
    doc = compare_paths([runs / "sd15-like", runs / "noisy"])
    assert [r.has_series for r in doc.comparison.runs] == [True, True]
    assert [r.recordings for r in doc.comparison.runs] == [4, 4]
    assert [i.label for i in doc.inputs] == ["sd15-like", "noisy"]
