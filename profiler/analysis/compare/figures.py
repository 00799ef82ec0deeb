"""The headline figures a comparison covers: direction, unit and the samples each is tested on.

Every :class:`profiler.analysis.summary.Headline` field is here (but the legacy
``cpu_peak_percent``, which mixes whose CPU it is), with its better direction made explicit.
The compared value is the run's value (:func:`profiler.analysis.aggregate.run_value`);
the significance test runs on the samples returned by ``samples`` (per-step latencies for the
step figures, the per-recording values of :data:`profiler.analysis.aggregate.RUN_FIGURES`
otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass

from profiler.analysis.aggregate import launches, run_figure, run_value, warm_steps
from profiler.analysis.compare.comparison import Better
from profiler.analysis.summary import Summary


@dataclass(frozen=True)
class FigureSpec:
    metric: str
    title: str
    unit: str
    better: Better
    samples_text: str
    #: True: test on pooled per-step latencies instead of per-recording values
    per_step: bool = False
    #: False: shown and judged, but neither a regression nor a missing value fails the gate
    gates: bool = True


PER_RECORDING = "per-recording values"
PER_STEP = "per-step latencies (step 1 excluded)"

FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("uncached_load_s", "Uncached load", "s", Better.LOWER, PER_RECORDING),
    FigureSpec("cached_load_s", "Cached load", "s", Better.LOWER, PER_RECORDING),
    FigureSpec("step_median_s", "Median step", "s", Better.LOWER, PER_STEP, True),
    FigureSpec("steps_per_s", "Steps per second", "steps/s", Better.HIGHER, PER_STEP, True),
    FigureSpec("peak_footprint_bytes", "Peak app footprint", "bytes", Better.LOWER, PER_RECORDING),
    FigureSpec("system_used_peak_bytes", "System memory used (peak)", "bytes", Better.LOWER,
               PER_RECORDING),
    FigureSpec("app_cpu_peak_percent", "App CPU peak", "percent", Better.LOWER, PER_RECORDING),
    # The whole device's CPU moves with whatever else ran (indexing, other apps): context for
    # the app's figure, never a reason to fail a build.
    FigureSpec("system_cpu_peak_percent", "System CPU peak", "percent", Better.LOWER,
               PER_RECORDING, gates=False),
    # Higher is better: the Neural Engine doing the denoising, not a silent CPU fallback.
    FigureSpec("ane_busy_fraction", "Neural Engine busy (denoise)", "fraction", Better.HIGHER,
               PER_RECORDING),
)


def headline_value(summary: Summary, spec: FigureSpec) -> float | None:
    """The compared value: the summary's headline, or one aggregated from its recordings."""
    return run_value(summary, spec.metric)


def has_step_samples(summary: Summary) -> bool:
    """True when every launch with steps carries its per-step latencies."""
    with_steps = [la for la in launches(summary.recordings)
                  if la.steps is not None and la.steps.count > 1]
    return bool(with_steps) and all(warm_steps(la) for la in with_steps)


def samples(summary: Summary, spec: FigureSpec, *, per_step: bool) -> tuple[tuple[float, ...], int]:
    """(samples to test, number of units they come from: launches, or recordings for peaks).

    With ``per_step`` (step figures, when both sides carry ``durations_s``) the warm steps of every
    launch are pooled; otherwise there is one value per launch (per recording for the peaks).
    """
    if per_step:
        pooled: list[float] = []
        recordings = 0
        for la in launches(summary.recordings):
            steps = warm_steps(la)
            if steps:
                pooled.extend(steps)
                recordings += 1
        if spec.metric == "steps_per_s":
            pooled = [1.0 / s for s in pooled if s > 0]  # a rate per step
        return tuple(pooled), recordings
    values = tuple(float(v) for v in run_figure(spec.metric).values(summary.recordings)
                   if v is not None)
    return values, len(values)
