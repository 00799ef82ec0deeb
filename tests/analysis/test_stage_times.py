"""Model loading in the stage breakdown: the union of the load intervals."""

from __future__ import annotations

from profiler.analysis.stage_times import model_load_s
from profiler.analysis.summary import Load, LoadKind, Recording


def _rec(*spans: tuple[float, float]) -> Recording:
    return Recording(name="run-1", loads=tuple(
        Load(f"m{i}", LoadKind.UNCACHED, start, dur, "signposts") for i, (start, dur) in enumerate(spans)))


def test_sequential_loads_add_up() -> None:
    assert model_load_s(_rec((0.0, 2.0), (5.0, 3.0))) == 5.0


def test_overlapping_loads_count_once() -> None:
    assert model_load_s(_rec((0.0, 10.0), (2.0, 3.0), (9.0, 4.0))) == 13.0


def test_no_loads_is_unknown_not_zero() -> None:
    assert model_load_s(_rec()) is None
