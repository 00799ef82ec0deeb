"""The headline figures a comparison covers: direction, unit and the samples each is tested on.

Every :class:`profiler.analysis.summary.Headline` field is here, with its better direction made
explicit. The compared value is the headline itself; the significance test runs on the samples
returned by ``samples`` (per-step latencies for the step figures, per-recording values otherwise).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from profiler.analysis.compare.model import Better
from profiler.analysis.summary import LoadKind, Recording, Summary


@dataclass(frozen=True)
class FigureSpec:
    metric: str
    title: str
    unit: str
    better: Better
    samples_text: str
    #: per-recording value, or None when the recording has none
    per_recording: Callable[[Recording], float | None]
    #: True: test on pooled per-step latencies instead of per-recording values
    per_step: bool = False


def warm_steps(recording: Recording) -> tuple[float, ...]:
    """Step latencies without step 1, which is reported apart (it includes warm-up)."""
    if recording.steps is None:
        return ()
    return tuple(recording.steps.durations_s[1:])


def _uncached(r: Recording) -> float | None:
    return r.load_s.uncached if r.load_s.uncached else None


def _cached(r: Recording) -> float | None:
    # The headline's cached load is the median over recordings whose loads are all cached.
    if not r.loads or any(load.kind is not LoadKind.CACHED for load in r.loads):
        return None
    return r.load_s.cached


def _step_median(r: Recording) -> float | None:
    return r.steps.median_s if r.steps else None


def _steps_per_s(r: Recording) -> float | None:
    return r.steps.steps_per_s if r.steps else None


def _footprint(r: Recording) -> float | None:
    return _num(r.memory.peak_footprint_bytes) if r.memory else None


def _system_used(r: Recording) -> float | None:
    return _num(r.memory.system_used_peak_bytes) if r.memory else None


def _cpu_peak(r: Recording) -> float | None:
    # As the headline does (profiler.analysis.headline): the system figure when known.
    if r.cpu is None:
        return None
    if r.cpu.system_peak_percent is not None:
        return r.cpu.system_peak_percent
    return r.cpu.process_peak_percent


def _ane(r: Recording) -> float | None:
    return r.ane.busy_fraction_denoise if r.ane else None


def _num(value: int | float | None) -> float | None:
    return float(value) if value is not None else None


PER_RECORDING = "per-recording values"
PER_STEP = "per-step latencies (step 1 excluded)"

FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("uncached_load_s", "Uncached load", "s", Better.LOWER, PER_RECORDING, _uncached),
    FigureSpec("cached_load_s", "Cached load", "s", Better.LOWER, PER_RECORDING, _cached),
    FigureSpec("step_median_s", "Median step", "s", Better.LOWER, PER_STEP, _step_median, True),
    FigureSpec("steps_per_s", "Steps per second", "steps/s", Better.HIGHER, PER_STEP,
               _steps_per_s, True),
    FigureSpec("peak_footprint_bytes", "Peak app footprint", "bytes", Better.LOWER, PER_RECORDING,
               _footprint),
    FigureSpec("system_used_peak_bytes", "System memory used (peak)", "bytes", Better.LOWER,
               PER_RECORDING, _system_used),
    FigureSpec("cpu_peak_percent", "CPU peak", "percent", Better.LOWER, PER_RECORDING, _cpu_peak),
    # Higher is better: the Neural Engine doing the denoising, not a silent CPU fallback.
    FigureSpec("ane_busy_fraction", "Neural Engine busy (denoise)", "fraction", Better.HIGHER,
               PER_RECORDING, _ane),
)


def headline_value(summary: Summary, spec: FigureSpec) -> float | None:
    """The compared value: the summary's headline, or one derived from the recordings if absent."""
    value = getattr(summary.headline, spec.metric, None)
    if value is not None:
        return float(value)
    values = [v for r in summary.recordings if (v := spec.per_recording(r)) is not None]
    if not values:
        return None
    if spec.metric == "uncached_load_s":
        return values[0]
    return max(values) if spec.metric.endswith(("peak_bytes", "footprint_bytes", "peak_percent")) \
        else statistics.median(values)


def has_step_samples(summary: Summary) -> bool:
    """True when every recording with steps carries its per-step latencies."""
    with_steps = [r for r in summary.recordings if r.steps is not None and r.steps.count > 1]
    return bool(with_steps) and all(warm_steps(r) for r in with_steps)


def samples(summary: Summary, spec: FigureSpec, *, per_step: bool) -> tuple[tuple[float, ...], int]:
    """(samples to test, number of recordings they come from).

    With ``per_step`` (step figures, when both sides carry ``durations_s``) the warm steps of every
    recording are pooled; otherwise there is one value per recording.
    """
    if per_step:
        pooled: list[float] = []
        recordings = 0
        for r in summary.recordings:
            steps = warm_steps(r)
            if steps:
                pooled.extend(steps)
                recordings += 1
        if spec.metric == "steps_per_s":
            pooled = [1.0 / s for s in pooled if s > 0]  # a rate per step
        return tuple(pooled), recordings
    values = tuple(v for r in summary.recordings if (v := spec.per_recording(r)) is not None)
    return values, len(values)
