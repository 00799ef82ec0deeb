"""Run-level aggregates, computed once: the headline rules, pooled warm steps, loads per model.

The headline (:func:`profiler.analysis.headline.headline`), ``profiler compare`` and every report
read these, so a run-level figure has one definition: uncached load from the first recording
that has one, peaks as the maximum over recordings, every other figure as the median.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from profiler.analysis.step_result import p90
from profiler.analysis.summary import LoadKind, Recording, Summary


class Rule(StrEnum):
    """How per-recording values become the run's value."""

    FIRST = "first"  # the first recording that has a value
    MEDIAN = "median"
    MAX = "max"


def combine(rule: Rule, values: Sequence[float | int | None]) -> float | int | None:
    """``values`` (one per recording, None where missing) combined by ``rule``."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    if rule is Rule.FIRST:
        return known[0]
    if rule is Rule.MAX:
        return max(known)
    return float(statistics.median(known))


def _uncached(r: Recording) -> float | None:
    return r.load_s.uncached


def _cached(r: Recording) -> float | None:
    # Only recordings whose loads are all cached: a mixed one would blend in a compile.
    if not r.loads or any(load.kind != LoadKind.CACHED for load in r.loads):
        return None
    return r.load_s.cached


def _cpu_peak(r: Recording) -> float | None:
    # The talk's ~440 % is what the device's CPU gauge showed: the system figure when known.
    if r.cpu is None:
        return None
    return r.cpu.system_peak_percent if r.cpu.system_peak_percent is not None \
        else r.cpu.process_peak_percent


@dataclass(frozen=True)
class RunFigure:
    """One :class:`~profiler.analysis.summary.Headline` field: its per-recording value and rule."""

    metric: str
    rule: Rule
    per_recording: Callable[[Recording], float | int | None]

    def of(self, recordings: Sequence[Recording]) -> float | int | None:
        return combine(self.rule, [self.per_recording(r) for r in recordings])


#: Every Headline field, in the Headline's order.
RUN_FIGURES: tuple[RunFigure, ...] = (
    RunFigure("uncached_load_s", Rule.FIRST, _uncached),
    RunFigure("cached_load_s", Rule.MEDIAN, _cached),
    RunFigure("step_median_s", Rule.MEDIAN, lambda r: r.steps.median_s if r.steps else None),
    RunFigure("steps_per_s", Rule.MEDIAN, lambda r: r.steps.steps_per_s if r.steps else None),
    RunFigure("peak_footprint_bytes", Rule.MAX,
              lambda r: r.memory.peak_footprint_bytes if r.memory else None),
    RunFigure("system_used_peak_bytes", Rule.MAX,
              lambda r: r.memory.system_used_peak_bytes if r.memory else None),
    RunFigure("cpu_peak_percent", Rule.MAX, _cpu_peak),
    RunFigure("ane_busy_fraction", Rule.MEDIAN,
              lambda r: r.ane.busy_fraction_denoise if r.ane else None),
)
_BY_METRIC = {f.metric: f for f in RUN_FIGURES}


def run_figure(metric: str) -> RunFigure:
    return _BY_METRIC[metric]


def run_value(summary: Summary, metric: str) -> float | None:
    """The run's value of a headline figure: the summary's headline, else aggregated from its
    recordings (a hand-made or older summary may lack the headline value)."""
    value = getattr(summary.headline, metric, None)
    if value is None:
        value = run_figure(metric).of(summary.recordings)
    return None if value is None else float(value)


def warm_steps(recording: Recording) -> tuple[float, ...]:
    """Step latencies without step 1, which is reported apart (it includes warm-up)."""
    if recording.steps is None:
        return ()
    return tuple(recording.steps.durations_s[1:])


@dataclass(frozen=True)
class StepDistribution:
    """A run's warm steps pooled over its recordings (median, p90 and max as in Steps)."""

    recordings: int  # recordings that have warm steps
    steps: int
    first_s: float | None  # median of the recordings' step 1
    median_s: float | None
    p90_s: float | None
    max_s: float | None
    pooled_s: tuple[float, ...] = ()  # sorted


def step_distribution(summary: Summary) -> StepDistribution:
    pooled = sorted(s for r in summary.recordings for s in warm_steps(r))
    firsts = [r.steps.first_s for r in summary.recordings
              if r.steps and r.steps.first_s is not None]
    return StepDistribution(
        recordings=sum(1 for r in summary.recordings if warm_steps(r)), steps=len(pooled),
        first_s=statistics.median(firsts) if firsts else None,
        median_s=statistics.median(pooled) if pooled else None,
        p90_s=p90(pooled) if pooled else None, max_s=pooled[-1] if pooled else None,
        pooled_s=tuple(pooled))


@dataclass(frozen=True)
class ModelLoads:
    """One recording's loads of one model and kind."""

    model: str
    kind: LoadKind
    count: int
    total_s: float
    longest_s: float


_KIND_ORDER = {LoadKind.UNCACHED: 0, LoadKind.CACHED: 1, LoadKind.UNKNOWN: 2}


def loads_by_model(recording: Recording) -> tuple[ModelLoads, ...]:
    """Per model and kind (sorted by model, then kind name): count, total and longest load."""
    groups: dict[tuple[str, LoadKind], list[float]] = {}
    for load in recording.loads:
        groups.setdefault((load.model, load.kind), []).append(load.duration_s)
    return tuple(ModelLoads(model, kind, len(d), sum(d), max(d))
                 for (model, kind), d in sorted(groups.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))))


def run_loads_by_model(summary: Summary) -> dict[tuple[str, LoadKind], float]:
    """Per (model, kind), the run's seconds, ordered by model then uncached, cached, unknown.

    Uncached: the first recording's total for that model (as the headline's uncached load);
    cached and unknown: the median over recordings of their totals.
    """
    per: dict[tuple[str, LoadKind], list[float]] = {}
    for rec in summary.recordings:
        for group in loads_by_model(rec):
            per.setdefault((group.model, group.kind), []).append(group.total_s)
    out = {key: combine(Rule.FIRST if key[1] == LoadKind.UNCACHED else Rule.MEDIAN, values)
           for key, values in per.items()}
    keys = sorted(out, key=lambda k: (k[0], _KIND_ORDER.get(k[1], 3)))
    return {k: float(out[k]) for k in keys}  # type: ignore[arg-type]
