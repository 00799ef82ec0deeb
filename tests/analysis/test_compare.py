"""compare(): values, deltas, directions and noise-aware verdicts on synthetic summaries."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from profiler.analysis.compare import (
    COMPARE_FORMAT,
    COMPARE_VERSION,
    Basis,
    Better,
    CompareInput,
    Comparison,
    Verdict,
    compare,
)
from profiler.analysis.compare.figures import FIGURES
from profiler.analysis.compare.stats import holm
from profiler.analysis.summary import Headline, Memory
from profiler.errors import InputError
from tests.analysis.compare_summaries import GIB, make_summary

BASE = dict(noise=0.01, step_noise=0.02)


def _cells(comparison: Comparison, label: str) -> dict[str, object]:
    return {fig.metric: next(c for c in fig.cells if c.label == label) for fig in comparison.figures}


def _pair(a, b) -> Comparison:
    return compare([(a.name, a, None), (b.name, b, None)])


def test_every_headline_field_has_an_explicit_direction() -> None:
    # every Headline field but the legacy one, which mixes whose CPU it is
    assert {spec.metric for spec in FIGURES} == set(Headline.__dataclass_fields__) - {
        "cpu_peak_percent"}
    better = {spec.metric: spec.better for spec in FIGURES}
    assert better["steps_per_s"] is Better.HIGHER
    assert better["ane_busy_fraction"] is Better.HIGHER
    for metric in ("uncached_load_s", "cached_load_s", "step_median_s", "peak_footprint_bytes",
                   "system_used_peak_bytes", "app_cpu_peak_percent", "system_cpu_peak_percent"):
        assert better[metric] is Better.LOWER
    assert {spec.metric for spec in FIGURES if not spec.gates} == {"system_cpu_peak_percent"}


def test_steps_15_percent_slower_is_a_tested_regression_and_loads_are_unchanged() -> None:
    base = make_summary("base", seed=1, **BASE)
    slow = make_summary("slow", seed=2, step_s=0.75 * 1.15, **BASE)
    result = _pair(base, slow)
    cells = _cells(result, "slow")
    step = cells["step_median_s"]
    expected = slow.headline.step_median_s / base.headline.step_median_s - 1
    assert step.relative_delta == pytest.approx(expected)
    assert step.relative_delta == pytest.approx(0.15, abs=0.03)
    assert step.delta == pytest.approx(slow.headline.step_median_s - base.headline.step_median_s)
    assert (step.verdict, step.basis, step.test) == (Verdict.REGRESSION, Basis.TESTED,
                                                      "mann-whitney-u")
    assert step.p_adjusted < 0.05 and step.p_value <= step.p_adjusted
    assert step.n == 3 * 24  # warm steps of three recordings
    assert cells["steps_per_s"].verdict is Verdict.REGRESSION
    assert cells["steps_per_s"].relative_delta < 0
    for metric in ("cached_load_s", "uncached_load_s", "peak_footprint_bytes",
                   "system_used_peak_bytes", "app_cpu_peak_percent", "system_cpu_peak_percent",
                   "ane_busy_fraction"):
        assert cells[metric].verdict is Verdict.UNCHANGED, metric
    assert {f.metric for f in result.regressions} == {"step_median_s", "steps_per_s"}
    assert result.improvements == ()
    assert result.gate() == result.regressions
    assert result.warnings == ()


def test_peak_memory_20_percent_higher_is_a_regression_of_the_footprint_only() -> None:
    base = make_summary("base", seed=3, **BASE)
    heavy = make_summary("heavy", seed=4, footprint_bytes=int(2.6 * 1.2 * GIB), **BASE)
    cells = _cells(_pair(base, heavy), "heavy")
    mem = cells["peak_footprint_bytes"]
    assert mem.relative_delta == pytest.approx(0.20, abs=0.04)
    assert (mem.verdict, mem.basis, mem.test) == (Verdict.REGRESSION, Basis.TESTED, "welch-t")
    assert mem.n == 3
    for metric in ("step_median_s", "steps_per_s", "cached_load_s", "system_used_peak_bytes"):
        assert cells[metric].verdict is Verdict.UNCHANGED, metric


def test_faster_steps_are_an_improvement_in_both_step_figures() -> None:
    base = make_summary("base", seed=5, **BASE)
    fast = make_summary("fast", seed=6, step_s=0.75 * 0.8, **BASE)
    result = _pair(base, fast)
    assert {f.metric for f in result.improvements} == {"step_median_s", "steps_per_s"}
    assert result.regressions == ()
    assert _cells(result, "fast")["steps_per_s"].relative_delta > 0.1


def test_a_noisy_run_with_no_real_change_raises_no_tested_verdict() -> None:
    noisy = dict(noise=0.04, step_noise=0.15, recordings=5)
    result = _pair(make_summary("a", seed=11, **noisy), make_summary("b", seed=12, **noisy))
    tested = [f for f in result.changes if f.basis is Basis.TESTED]
    assert tested == []
    assert result.gate(indicative_fails=False) == ()


@pytest.mark.parametrize(("threshold", "max_alarms"), [(0.0, 6), (0.10, 0)])
def test_false_alarms_over_many_pairs_of_identical_runs(threshold: float, max_alarms: int) -> None:
    # 40 pairs of 4-recording runs drawn from one distribution (4 % launch-to-launch spread,
    # 15 % step-to-step). Significance alone (threshold 0) flags a few: Holm keeps it to about
    # 4 of 40 where unadjusted p-values flag 15 (the pooled per-step test is optimistic because
    # steps of one launch are not independent). With the default 10 % threshold, none.
    noisy = dict(noise=0.04, step_noise=0.15, recordings=4)
    alarms = 0
    for seed in range(40):
        a = make_summary("a", seed=100 + seed, **noisy)
        b = make_summary("b", seed=900 + seed, **noisy)
        result = compare([("a", a, None), ("b", b, None)], threshold=threshold)
        alarms += any(f.basis is Basis.TESTED for f in result.changes)
    assert alarms <= max_alarms


def test_one_recording_per_side_gives_an_indicative_regression_that_the_gate_counts() -> None:
    base = make_summary("base", recordings=1, seed=7, **BASE)
    slow = make_summary("slow", recordings=1, seed=8, step_s=0.75 * 1.15, **BASE)
    result = _pair(base, slow)
    step = _cells(result, "slow")["step_median_s"]
    assert (step.verdict, step.basis, step.p_value, step.test) == (
        Verdict.REGRESSION, Basis.INDICATIVE, None, None)
    assert "step_median_s" in {f.metric for f in result.gate()}
    assert result.gate(indicative_fails=False) == ()


def test_two_recordings_are_still_indicative() -> None:
    base = make_summary("base", recordings=2, seed=9, **BASE)
    slow = make_summary("slow", recordings=2, seed=10, step_s=0.9, **BASE)
    assert _cells(_pair(base, slow), "slow")["step_median_s"].basis is Basis.INDICATIVE


def test_a_large_change_that_is_not_significant_is_noise_not_a_regression() -> None:
    base = _with_footprints(make_summary("base", seed=1), [2.0, 3.0, 2.5])
    other = _with_footprints(make_summary("other", seed=1), [2.2, 3.6, 2.4])
    mem = _cells(_pair(base, other), "other")["peak_footprint_bytes"]
    assert mem.relative_delta == pytest.approx(3.6 / 3.0 - 1)  # the headline peak is the max
    assert (mem.verdict, mem.basis) == (Verdict.NOISE, Basis.TESTED)
    assert mem.p_adjusted >= 0.05


def _with_footprints(summary, gib: list[float]):
    recs = tuple(replace(r, memory=replace(r.memory, peak_footprint_bytes=int(g * GIB)))
                 for r, g in zip(summary.recordings, gib, strict=True))
    return replace(summary, recordings=recs,
                   headline=replace(summary.headline, peak_footprint_bytes=int(max(gib) * GIB)))


def test_neural_engine_fraction_drop_is_a_regression_because_higher_is_better() -> None:
    base = make_summary("base", seed=1, ane_busy=0.9, **BASE)
    fallback = make_summary("fallback", seed=2, ane_busy=0.5, **BASE)
    assert _cells(_pair(base, fallback), "fallback")["ane_busy_fraction"].verdict is \
        Verdict.REGRESSION


def test_threshold_is_applied_to_the_relative_change() -> None:
    base = make_summary("base", seed=1, **BASE)
    slow = make_summary("slow", seed=2, step_s=0.75 * 1.15, **BASE)
    loose = compare([("base", base, None), ("slow", slow, None)], threshold=0.25)
    assert loose.regressions == ()
    assert _cells(loose, "slow")["step_median_s"].verdict is Verdict.UNCHANGED


def test_missing_per_step_latencies_fall_back_to_per_recording_medians() -> None:
    base = make_summary("base", seed=1, with_durations=False, **BASE)
    slow = make_summary("slow", seed=2, with_durations=False, step_s=0.9, **BASE)
    step = _cells(_pair(base, slow), "slow")["step_median_s"]
    assert (step.test, step.n, step.verdict) == ("welch-t", 3, Verdict.REGRESSION)


def test_a_value_missing_on_one_side_is_unavailable() -> None:
    base = make_summary("base", seed=1)
    bare = make_summary("bare", seed=2)
    bare = replace(bare, headline=replace(bare.headline, system_used_peak_bytes=None),
                   recordings=tuple(replace(r, memory=Memory(r.memory.peak_footprint_bytes, None,
                                                             None, None, "synthetic"))
                                    for r in bare.recordings))
    cell = _cells(_pair(base, bare), "bare")["system_used_peak_bytes"]
    assert (cell.value, cell.verdict, cell.relative_delta) == (None, Verdict.UNAVAILABLE, None)


def test_baseline_can_be_any_input_and_every_other_run_is_compared_to_it() -> None:
    a, b, c = (make_summary(n, seed=i, **BASE) for i, n in enumerate("abc"))
    result = compare([CompareInput("a", a), CompareInput("b", b), CompareInput("c", c)],
                     baseline=1)
    assert result.baseline == "b"
    for fig in result.figures:
        assert [cell.verdict is Verdict.BASELINE for cell in fig.cells] == [False, True, False]


@pytest.mark.parametrize(("inputs", "message"), [
    (["a"], "at least two runs"),
    (["a", "a"], "duplicate run labels: a"),
])
def test_bad_input_lists_raise_input_errors(inputs: list[str], message: str) -> None:
    summary = make_summary("x")
    with pytest.raises(InputError, match=message):
        compare([(label, summary, None) for label in inputs])


def test_holm_adjustment() -> None:
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])
    assert holm([]) == []


def test_to_dict_is_the_versioned_contract() -> None:
    base = make_summary("base", seed=1, **BASE)
    slow = make_summary("slow", seed=2, step_s=0.9, **BASE)
    data = json.loads(json.dumps(_pair(base, slow).to_dict()))
    assert (data["format"], data["version"]) == (COMPARE_FORMAT, COMPARE_VERSION) == (
        "coreml-profiler.compare", 1)
    assert data["baseline"] == "base" and data["threshold"] == 0.10
    assert [f["metric"] for f in data["figures"]] == [spec.metric for spec in FIGURES]
    step = next(f for f in data["figures"] if f["metric"] == "step_median_s")
    assert step["better"] == "lower"
    assert [c["verdict"] for c in step["cells"]] == ["baseline", "regression"]
    assert {r["metric"] for r in data["regressions"]} == {"step_median_s", "steps_per_s"}
    assert data["runs"][0] == {"label": "base", "name": "base", "source": None, "recordings": 3,
                               "has_series": False}


def test_figures_the_baseline_has_and_a_run_lacks_are_listed_and_fail_the_gate() -> None:
    from profiler.analysis.compare import check_gate
    from profiler.analysis.summary import Headline, Summary
    from profiler.errors import RegressionFound

    base = make_summary("base", seed=1)
    empty = Summary(base.device, (), Headline(), name="empty")
    result = _pair(base, empty)
    assert [m.metric for m in result.missing] == [f.metric for f in result.figures]
    assert all(m.label == "empty" for m in result.missing)
    assert result.missing_text() == "empty: " + ", ".join(f.title for f in result.figures)
    assert result.regressions == ()
    with pytest.raises(RegressionFound) as raised:
        check_gate(result)
    gating = [f for f in result.figures if f.gates]  # the system's CPU is context only
    assert raised.value.message == (f"{len(gating)} figures missing (the baseline has "
                                    f"them): {result.missing_text(gating_only=True)}")
    assert result.missing_text(gating_only=True) == "empty: " + ", ".join(f.title for f in gating)
    check_gate(result, missing_fails=False)  # --missing warn
    assert result.to_dict()["missing"][0] == {
        "label": "empty", "metric": result.figures[0].metric,
        "title": result.figures[0].title, "baseline_value": base.headline.uncached_load_s,
        "gates": True}


def test_a_figure_neither_side_has_is_not_missing() -> None:
    base = make_summary("base", seed=1)
    base = replace(base, headline=replace(base.headline, system_used_peak_bytes=None),
                   recordings=tuple(replace(r, memory=Memory(r.memory.peak_footprint_bytes, None,
                                                             None, None, "synthetic"))
                                    for r in base.recordings))
    other = make_summary("other", seed=2)
    assert _pair(base, other).missing == ()  # the candidate has more: nothing is lost
    assert [m.metric for m in _pair(other, base).missing] == ["system_used_peak_bytes"]


def test_the_apps_cpu_rising_fails_the_gate() -> None:
    base = make_summary("base", seed=21, **BASE)
    busy = make_summary("busy", seed=22, app_cpu_peak_percent=150.0 * 1.3, **BASE)
    result = _pair(base, busy)
    cells = _cells(result, "busy")
    assert cells["app_cpu_peak_percent"].verdict is Verdict.REGRESSION
    assert cells["app_cpu_peak_percent"].relative_delta == pytest.approx(0.3, abs=0.05)
    assert cells["system_cpu_peak_percent"].verdict is Verdict.UNCHANGED
    assert [f.metric for f in result.gate()] == ["app_cpu_peak_percent"]


def test_the_systems_cpu_rising_alone_is_shown_but_never_fails_the_gate() -> None:
    base = make_summary("base", seed=23, **BASE)
    noisy = make_summary("noisy", seed=24, cpu_peak_percent=440.0 * 1.3, **BASE)
    result = _pair(base, noisy)
    cells = _cells(result, "noisy")
    assert cells["system_cpu_peak_percent"].verdict is Verdict.REGRESSION
    assert cells["app_cpu_peak_percent"].verdict is Verdict.UNCHANGED
    assert [(f.metric, f.gates) for f in result.regressions] == [("system_cpu_peak_percent", False)]
    assert result.gate() == ()
    figure = next(f for f in result.to_dict()["figures"] if f["metric"] == "system_cpu_peak_percent")
    assert figure["gates"] is False
    assert result.to_dict()["regressions"][0]["gates"] is False


def test_a_candidate_without_the_systems_cpu_is_missing_it_without_failing_the_gate() -> None:
    from profiler.analysis.compare.core import check_gate
    from profiler.analysis.summary import Cpu

    base = make_summary("base", seed=25, **BASE)
    cand = make_summary("cand", seed=26, **BASE)
    cand = replace(cand, headline=replace(cand.headline, system_cpu_peak_percent=None),
                   recordings=tuple(replace(r, cpu=Cpu(r.cpu.process_peak_percent, 100.0, None,
                                                       "synthetic")) for r in cand.recordings))
    result = _pair(base, cand)
    assert [(m.metric, m.gates) for m in result.missing] == [("system_cpu_peak_percent", False)]
    check_gate(result)  # raises RegressionFound if the missing context figure failed the gate
