"""Single rules of the analysis, on hand-built tables: load kinds, CFG pairs, headline."""

from __future__ import annotations

import pandas as pd
import pytest

from profiler.analysis import loads, steps
from profiler.analysis.headline import headline
from profiler.analysis.summary import Load, LoadKind, LoadTotals, Recording, Steps

S = 1_000_000_000


def _loads(*rows: tuple[str, float, str]) -> pd.DataFrame:
    frame = pd.DataFrame({"model": [r[0] for r in rows],
                          "duration_ns": [int(r[1] * S) for r in rows],
                          "text": [r[2] for r in rows]})
    frame["text_kind"] = [loads._kind_from_text(t) for t in frame["text"]]
    return frame


def test_strip_instance_suffix():
    assert loads.strip_suffix("Unet-3") == "Unet"
    assert loads.strip_suffix("VAEDecoder-12") == "VAEDecoder"
    assert loads.strip_suffix("Unet") == "Unet"


def test_text_names_the_kind_first():
    first = _loads(("Unet", 3.0, "Load (prepare and cache)"))
    second = _loads(("Unet", 3.0, "Load (cached)"))
    kinds, rule = loads.classify([first, second])
    assert kinds == [[LoadKind.UNCACHED], [LoadKind.CACHED]]
    assert "event text" in rule and "comparing" not in rule


def test_across_recordings_thresholds():
    one = _loads(("Unet", 96.4, "Load"), ("TextEncoder", 9.0, "Load"), ("VAEDecoder", 4.0, "Load"))
    two = _loads(("Unet", 2.43, "Load"), ("TextEncoder", 0.6, "Load"), ("VAEDecoder", 1.0, "Load"))
    kinds, rule = loads.classify([one, two])
    # Unet: 40x and >= 10 s; TextEncoder: 15x but < 10 s; VAEDecoder: 4x (neither 3x nor 10x).
    assert kinds[0] == [LoadKind.UNCACHED, LoadKind.UNKNOWN, LoadKind.UNKNOWN]
    assert kinds[1] == [LoadKind.CACHED, LoadKind.CACHED, LoadKind.CACHED]
    assert "10x" in rule and "3x" in rule


def test_a_model_loaded_once_has_nothing_to_compare_with():
    kinds, _ = loads.classify([_loads(("Unet", 120.0, "Load"))])
    assert kinds == [[LoadKind.UNKNOWN]]


def _unet(starts_durations: list[tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame({"model": ["Unet"] * len(starts_durations),
                         "start_ns": [int(s * S) for s, _ in starts_durations],
                         "duration_ns": [int(d * S) for _, d in starts_durations]})


def test_cfg_pairs_are_detected():
    rows, t = [], 0.0
    for _ in range(5):
        rows += [(t, 0.37), (t + 0.371, 0.37)]  # two halves back to back, then scheduler work
        t += 0.78
    groups = steps._group_unet(_unet(rows))
    assert groups == [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]


def test_evenly_spaced_predictions_are_single_steps():
    rows = [(i * 0.76, 0.75) for i in range(6)]
    assert steps._group_unet(_unet(rows)) == [[i] for i in range(6)]


def test_chunked_unet_cycles_are_steps():
    frame = pd.DataFrame({"model": ["UnetChunk1", "UnetChunk2"] * 3,
                          "start_ns": [i * S for i in range(6)], "duration_ns": [S // 2] * 6})
    assert steps._group_unet(frame) == [[0, 1], [2, 3], [4, 5]]


def _recording(name: str, kinds: list[LoadKind], durations: list[float],
               median: float | None = None) -> Recording:
    built = tuple(Load("Unet", k, 0.0, d, "t") for k, d in zip(kinds, durations, strict=True))
    return Recording(name, loads=built, load_s=loads.totals(built),
                     steps=Steps(3, 1.0, median, median, median, 1.0, "s") if median else None)


def test_headline_aggregation():
    first = _recording("run-1", [LoadKind.UNCACHED], [100.0], median=0.8)
    second = _recording("run-2", [LoadKind.CACHED], [2.0], median=0.7)
    third = _recording("run-3", [LoadKind.CACHED], [4.0], median=0.75)
    mixed = _recording("run-4", [LoadKind.CACHED, LoadKind.UNKNOWN], [1.0, 9.0])
    head = headline([first, second, third, mixed])
    assert head.uncached_load_s == 100.0
    assert head.cached_load_s == pytest.approx(3.0)  # median of 2 and 4; run-4 is not all cached
    assert head.step_median_s == pytest.approx(0.75)


def test_totals_per_kind():
    built = (Load("Unet", LoadKind.CACHED, 0, 2.0, "s"), Load("VAE", LoadKind.CACHED, 0, 0.5, "s"))
    assert loads.totals(built) == LoadTotals(uncached=None, cached=2.5, unknown=None)


def test_analysis_import_is_light():
    import subprocess
    import sys

    code = ("import sys, profiler.analysis, profiler.trace.locate; "
            "print('pandas' in sys.modules, 'lxml' in sys.modules)")
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
