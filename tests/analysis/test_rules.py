"""Single rules of the analysis, on hand-built values (SYNTHETIC): load kinds, steps of a chunked
UNet with classifier-free guidance, loops, carried-forward samples, launches, the headline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from profiler.analysis import launches, load_kinds, loads, loops, samples, unet
from profiler.analysis.headline import headline
from profiler.analysis.identity import is_system
from profiler.analysis.pipeline import totals
from profiler.analysis.summary import (
    KindFrom,
    Launch,
    Load,
    LoadKind,
    LoadTotals,
    Recording,
    Steps,
)

S = 1_000_000_000
U, C, K = LoadKind.UNCACHED, LoadKind.CACHED, LoadKind.UNKNOWN


def _loads(*rows: tuple[str, float, str]) -> pd.DataFrame:
    frame = pd.DataFrame({"model": [r[0] for r in rows],
                          "duration_ns": [int(r[1] * S) for r in rows],
                          "text": [r[2] for r in rows]})
    frame["text_kind"] = [loads.kind_from_text(t) for t in frame["text"]]
    return frame


def test_strip_instance_suffix():
    assert loads.strip_suffix("Unet-3") == "Unet"
    assert loads.strip_suffix("VAEDecoder-12") == "VAEDecoder"
    assert loads.strip_suffix("Unet") == "Unet"


def test_text_names_the_kind_first_even_against_the_duration():
    first = _loads(("Unet", 3.0, "Load (prepare and cache)"))
    second = _loads(("Unet", 75.0, "Load (cached)"))
    kinds, rule = load_kinds.classify([first, second])
    assert kinds == [[(U, KindFrom.TEXT)], [(C, KindFrom.TEXT)]]
    assert "event text" in rule and "comparing" not in rule and "over 60 s" not in rule
    assert load_kinds.contradicts(C, KindFrom.TEXT, 75.0)
    assert not load_kinds.contradicts(C, KindFrom.TEXT, 59.0)
    assert not load_kinds.contradicts(U, KindFrom.ABSOLUTE, 75.0)


def test_absolute_then_relative_thresholds():
    one = _loads(("Unet", 61.0, "Load"), ("TextEncoder", 3.8, "Load"), ("VAEDecoder", 4.0, "Load"),
                 ("Tiny", 0.9, "Load"))
    two = _loads(("Unet", 2.43, "Load"), ("TextEncoder", 0.35, "Load"), ("VAEDecoder", 1.0, "Load"),
                 ("Tiny", 0.1, "Load"))
    kinds, rule = load_kinds.classify([one, two])
    # Unet over 60 s; TextEncoder 10.9x and >= 1 s; VAEDecoder 4x (neither 3x nor 5x); Tiny 9x
    # but under 1 s.
    assert kinds[0] == [(U, KindFrom.ABSOLUTE), (U, KindFrom.RELATIVE), (K, KindFrom.RELATIVE),
                        (K, KindFrom.RELATIVE)]
    assert [k for k, _ in kinds[1]] == [C, C, C, C]
    assert "over 60 s" in rule and "5x" in rule and "3x" in rule and "event text" not in rule


def test_a_model_loaded_once_is_judged_by_the_absolute_rule_only():
    kinds, _ = load_kinds.classify([_loads(("Unet", 96.0, "Load"), ("VAEDecoder", 11.3, "Load"))])
    assert kinds == [[(U, KindFrom.ABSOLUTE), (K, KindFrom.RELATIVE)]]


def test_unloads_are_never_loads():
    events = loads.CoreMLEvents(pd.DataFrame({
        "model": ["Unet", "Unet", "Unet"], "event": ["Load (cached)", "Unload", "Prediction"],
        "text": ["Load (cached)", "Unload", "Prediction"], "start_ns": [0, 5, 9],
        "duration_ns": [1, 1, 1]}), "t", False)
    assert loads.raw_loads(events)["event"].tolist() == ["Load (cached)"]
    assert loads.unloads(events)["event"].tolist() == ["Unload"]


def _group(models: list[str], spans: list[tuple[float, float]]) -> list[list[int]]:
    starts = np.array([int(s * S) for s, _ in spans])
    ends = np.array([int((s + d) * S) for s, d in spans])
    return unet.group(models, starts, ends)


def _chain(pattern: list[str], steps: int, piece: float = 0.25, inner: float = 0.0003,
           between: float = 0.0126) -> tuple[list[str], list[tuple[float, float]]]:
    models, spans, t = [], [], 0.0
    for _ in range(steps):
        for i, name in enumerate(pattern):
            models.append(name)
            spans.append((t, piece))
            t += piece + (inner if i < len(pattern) - 1 else between)
    return models, spans


@pytest.mark.parametrize(("pattern", "size"), [
    (["Unet"], 1), (["Unet", "Unet"], 2), (["C1", "C2"], 2), (["C1", "C1", "C2", "C2"], 4),
    (["C1", "C2", "C1", "C2"], 4)], ids=["plain", "cfg-pair", "batched", "separate", "interleaved"])
def test_one_step_is_one_cycle_through_the_chunks(pattern: list[str], size: int):
    models, spans = _chain(pattern, 5)
    assert _group(models, spans) == [list(range(i, i + size)) for i in range(0, 5 * size, size)]


def test_evenly_spaced_predictions_are_single_steps():
    models, spans = ["Unet"] * 6, [(i * 0.76, 0.75) for i in range(6)]
    assert _group(models, spans) == [[i] for i in range(6)]


def test_the_unet_is_told_by_prediction_count_under_hashed_names():
    preds = pd.DataFrame({"model": ["a" * 64] * 2 + ["b" * 64] * 40 + ["c" * 64] * 2})
    assert unet.unet_models(preds) == ({"b" * 64}, False)
    assert unet.unet_models(pd.DataFrame({"model": ["Unet", "TextEncoder"]})) == ({"Unet"}, True)


def test_loops_split_at_a_launch_a_stage_or_a_long_gap():
    starts = np.array([0, 1, 2, 3, 4, 10, 11, 12, 13, 14]) * S
    ends = starts + int(0.9 * S)
    launch = np.array([1] * 8 + [2] * 2)
    separators = np.array([int(2.95 * S)])  # a decode between steps 3 and 4
    assert loops.breaks(starts, ends, launch, separators).tolist() == [0, 0, 0, 1, 1, 2, 2, 2, 3, 3]


def test_pooled_steps_leave_out_each_images_first_step_and_the_gaps():
    a = loops.Loop(1, (0, S, 2 * S), (S, S // 2, S // 2))
    b = loops.Loop(1, (10 * S, 11 * S), (S, S // 4))
    steps = loops.stats([a, b], "t")
    assert steps.count == 5 and steps.first_s == 1.0
    assert steps.median_s == 0.5 and steps.max_s == 0.5  # steps 2..N of each image
    assert steps.steps_per_s == pytest.approx(5 / (2.5 + 1.25))  # windows only, not the gap


def test_sparse_samples_carry_forward_and_means_are_time_weighted():
    frame = pd.DataFrame({"time_ns": [0, 0, 4 * S, 6 * S], "pid": [1, 2, 1, 2],
                          "cpu_percent": [100.0, 10.0, 50.0, 30.0]})
    frame["until_ns"] = frame.groupby("pid")["time_ns"].shift(-1).fillna(10 * S).astype("int64")
    app = frame[frame["pid"] == 1]
    assert samples.weighted_mean(app, "cpu_percent") == pytest.approx((4 * 100 + 6 * 50) / 10)
    level = samples.summed(frame, "cpu_percent")
    peak, mean = samples.step_stats(level)
    assert peak == 110.0  # 0-4 s: 100 + 10
    assert mean == pytest.approx((4 * 110 + 2 * 60 + 4 * 80) / 10)


def test_launches_from_pid_spans_and_rows_by_time():
    rows = pd.DataFrame({"pid": [7, 7, 9, 9], "start_ns": [0, 50, 60, 90],
                         "end_ns": [10, 55, 70, 100]})
    spans = launches.find([9, 7], [rows], 100)
    assert [(s.number, s.pid, s.start_ns, s.end_ns) for s in spans] == [(1, 7, 0, 55),
                                                                        (2, 9, 60, 100)]
    assert launches.by_time(spans, np.array([5, 57, 99])).tolist() == [1, 1, 2]
    pids = pd.Series([pd.NA, 9], dtype="Int64")
    assert launches.assign(spans, pd.Series([1, 2]), pids).tolist() == [1, 2]


def test_daemons_are_never_the_app():
    assert is_system("aned") and is_system("ANECompilerService") and is_system("ANEServices")
    assert is_system("x", "/usr/libexec/x") and is_system("kernel_task", "Unknown")
    assert not is_system("ImageBench", "/var/containers/Bundle/Application/U/ImageBench.app/I")


def _recording(name: str, kinds: list[LoadKind], durations: list[float],
               median: float | None = None) -> Recording:
    built = tuple(Load("Unet", k, 0.0, d, "t") for k, d in zip(kinds, durations, strict=True))
    return Recording(name, loads=built, load_s=totals(built),
                     steps=Steps(3, 1.0, median, median, median, 1.0, "s") if median else None)


def test_headline_aggregation_over_recordings_of_one_launch():
    first = _recording("run-1", [U], [100.0], median=0.8)
    second = _recording("run-2", [C], [2.0], median=0.7)
    third = _recording("run-3", [C], [4.0], median=0.75)
    mixed = _recording("run-4", [C, K], [1.0, 9.0])
    head = headline([first, second, third, mixed])
    assert head.uncached_load_s == 100.0
    assert head.cached_load_s == pytest.approx(3.0)  # median of 2 and 4; run-4 is not all cached
    assert head.step_median_s == pytest.approx(0.75)


def test_headline_takes_each_launch_as_a_unit():
    def launch(number: int, kind: LoadKind, seconds: float, median: float) -> Launch:
        built = (Load("Unet", kind, 0.0, seconds, "t", KindFrom.TEXT, number),)
        return Launch(number, 100 + number, None, None, built, totals(built),
                      steps=Steps(3, 1.0, median, median, median, 1.0, "s"))
    rec = Recording("run-1", launches=(launch(1, U, 96.0, 0.8), launch(2, C, 2.0, 0.7),
                                       launch(3, C, 4.0, 0.9)))
    head = headline([rec])
    assert (head.uncached_load_s, head.cached_load_s, head.step_median_s) == (96.0, 3.0, 0.8)


def test_totals_per_kind():
    built = (Load("Unet", C, 0, 2.0, "s"), Load("VAE", C, 0, 0.5, "s"))
    assert totals(built) == LoadTotals(uncached=None, cached=2.5, unknown=None)


def test_analysis_import_is_light():
    import subprocess
    import sys

    code = ("import sys, profiler.analysis, profiler.trace.locate; "
            "print('pandas' in sys.modules, 'lxml' in sys.modules)")
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
