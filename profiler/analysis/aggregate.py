"""Run-level aggregates, computed once: the headline rules, pooled warm steps, loads per model.

The headline (:func:`profiler.analysis.headline.headline`), ``profiler compare`` and every report
read these, so a run-level figure has one definition. Load and step figures take each launch
as one unit (a recording can hold several launches; a version-1 recording is one launch):
uncached load from the first launch that has one, cached load the median over launches whose
loads are all cached, step figures and Neural Engine share the median over launches. Memory
and CPU peaks are the maximum over recordings.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from profiler.analysis.step_result import p90
from profiler.analysis.summary import Launch, LoadKind, Recording, Summary, one_launch


class Rule(StrEnum):
    """How per-unit values (launches or recordings) become the run's value."""

    FIRST = "first"  # the first unit that has a value
    MEDIAN = "median"
    MAX = "max"


def combine(rule: Rule, values: Sequence[float | int | None]) -> float | int | None:
    """``values`` (one per unit, None where missing) combined by ``rule``."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    if rule is Rule.FIRST:
        return known[0]
    if rule is Rule.MAX:
        return max(known)
    return float(statistics.median(known))


def launches(recordings: Sequence[Recording]) -> list[Launch]:
    """Every launch of ``recordings`` in order (a recording without any is one launch)."""
    return [la for r in recordings for la in (r.launches or (one_launch(r),))]


def _uncached(la: Launch) -> float | None:
    return la.load_s.uncached


def _cached(la: Launch) -> float | None:
    # Only launches whose loads are all cached: a mixed one would blend in a compile.
    if not la.loads or any(load.kind != LoadKind.CACHED for load in la.loads):
        return None
    return la.load_s.cached


def _cpu_peak(r: Recording) -> float | None:
    # The talk's ~440 % is what the device's CPU gauge showed: the system figure when known.
    # Legacy: reports and the gate use the app's and the system's figures separately.
    if r.cpu is None:
        return None
    return r.cpu.system_peak_percent if r.cpu.system_peak_percent is not None \
        else r.cpu.process_peak_percent


@dataclass(frozen=True)
class RunFigure:
    """One :class:`~profiler.analysis.summary.Headline` field: its value per unit (a launch, or
    a recording for the peaks) and the rule that combines them."""

    metric: str
    rule: Rule
    per_launch: Callable[[Launch], float | int | None] | None = None
    per_recording: Callable[[Recording], float | int | None] | None = None

    @property
    def unit(self) -> str:
        return "launch" if self.per_launch is not None else "recording"

    def values(self, recordings: Sequence[Recording]) -> list[float | int | None]:
        """One value per unit, None where a unit has none."""
        if self.per_launch is not None:
            return [self.per_launch(la) for la in launches(recordings)]
        assert self.per_recording is not None
        return [self.per_recording(r) for r in recordings]

    def of(self, recordings: Sequence[Recording]) -> float | int | None:
        return combine(self.rule, self.values(recordings))


#: Every Headline field, in the Headline's order.
RUN_FIGURES: tuple[RunFigure, ...] = (
    RunFigure("uncached_load_s", Rule.FIRST, per_launch=_uncached),
    RunFigure("cached_load_s", Rule.MEDIAN, per_launch=_cached),
    RunFigure("step_median_s", Rule.MEDIAN,
              per_launch=lambda la: la.steps.median_s if la.steps else None),
    RunFigure("steps_per_s", Rule.MEDIAN,
              per_launch=lambda la: la.steps.steps_per_s if la.steps else None),
    RunFigure("peak_footprint_bytes", Rule.MAX,
              per_recording=lambda r: r.memory.peak_footprint_bytes if r.memory else None),
    RunFigure("system_used_peak_bytes", Rule.MAX,
              per_recording=lambda r: r.memory.system_used_peak_bytes if r.memory else None),
    RunFigure("cpu_peak_percent", Rule.MAX, per_recording=_cpu_peak),
    RunFigure("ane_busy_fraction", Rule.MEDIAN,
              per_launch=lambda la: la.ane_busy_fraction_denoise),
    RunFigure("app_cpu_peak_percent", Rule.MAX,
              per_recording=lambda r: r.cpu.process_peak_percent if r.cpu else None),
    RunFigure("system_cpu_peak_percent", Rule.MAX,
              per_recording=lambda r: r.cpu.system_peak_percent if r.cpu else None),
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


def warm_steps(unit: Launch | Recording) -> tuple[float, ...]:
    """Step latencies without each image's step 1, which is reported apart (warm-up)."""
    if isinstance(unit, Recording):
        return tuple(s for la in launches([unit]) for s in warm_steps(la))
    if unit.generations and all(g.steps is not None for g in unit.generations):
        return tuple(s for g in unit.generations for s in g.steps.durations_s[1:])
    return tuple(unit.steps.durations_s[1:]) if unit.steps is not None else ()


@dataclass(frozen=True)
class StepDistribution:
    """A run's warm steps pooled over its launches (median, p90 and max as in Steps)."""

    recordings: int  # launches that have warm steps (a version-1 recording is one launch)
    steps: int
    first_s: float | None  # median of the launches' step 1
    median_s: float | None
    p90_s: float | None
    max_s: float | None
    pooled_s: tuple[float, ...] = ()  # sorted


def step_distribution(summary: Summary) -> StepDistribution:
    units = launches(summary.recordings)
    pooled = sorted(s for la in units for s in warm_steps(la))
    firsts = [la.steps.first_s for la in units if la.steps and la.steps.first_s is not None]
    return StepDistribution(
        recordings=sum(1 for la in units if warm_steps(la)), steps=len(pooled),
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

    Uncached: the first launch's total for that model (as the headline's uncached load);
    cached and unknown: the median over launches of their totals.
    """
    per: dict[tuple[str, LoadKind], list[float]] = {}
    for la in launches(summary.recordings):
        groups: dict[tuple[str, LoadKind], float] = {}
        for load in la.loads:
            groups[(load.model, load.kind)] = groups.get((load.model, load.kind), 0.0) \
                + load.duration_s
        for key, total in groups.items():
            per.setdefault(key, []).append(total)
    out = {key: combine(Rule.FIRST if key[1] == LoadKind.UNCACHED else Rule.MEDIAN, values)
           for key, values in per.items()}
    keys = sorted(out, key=lambda k: (k[0], _KIND_ORDER.get(k[1], 3)))
    return {k: float(out[k]) for k in keys}  # type: ignore[arg-type]
