"""Why a headline figure is missing: the reason a recording recorded for the metric behind it.

``profiler report`` lists each missing figure on stderr with this reason (one line each), so a
report with a few dashes says why without opening the collapsed "About this data" block.
"""

from __future__ import annotations

from dataclasses import dataclass

from profiler.analysis.summary import LoadKind, Summary

#: headline field -> the ``unavailable`` metric names that explain it, most specific first.
#: ``steps_per_s`` is left out: it is the median step's rate and missing with it.
#: The process and system tables are opened under the memory metrics, so CPU falls back to them.
#: The legacy ``cpu_peak_percent`` is left out: the app's and the system's figures say it.
EXPLAINED_BY: dict[str, tuple[str, ...]] = {
    "uncached_load_s": ("loads",),
    "cached_load_s": ("loads",),
    "step_median_s": ("steps", "steps (Core ML)", "steps (app signposts)"),
    "peak_footprint_bytes": ("memory.peak_footprint_bytes",),
    "system_used_peak_bytes": ("memory.system_used_peak_bytes",),
    "app_cpu_peak_percent": ("cpu.process_peak_percent", "cpu", "memory.peak_footprint_bytes"),
    "system_cpu_peak_percent": ("cpu", "memory.system_used_peak_bytes",
                                "memory.peak_footprint_bytes"),
    "ane_busy_fraction": ("ane", "ane.busy_fraction_denoise"),
}


@dataclass(frozen=True)
class MissingFigure:
    """A headline figure without a value, and why (one line)."""

    metric: str
    reason: str


def missing_figures(summary: Summary) -> tuple[MissingFigure, ...]:
    """Every headline figure of :data:`EXPLAINED_BY` that has no value, with its reason."""
    return tuple(MissingFigure(metric, _reason(summary, metric, metrics))
                 for metric, metrics in EXPLAINED_BY.items()
                 if getattr(summary.headline, metric) is None)


def _reason(summary: Summary, metric: str, metrics: tuple[str, ...]) -> str:
    loads = [load for rec in summary.recordings for load in rec.loads]
    if metric == "uncached_load_s" and loads:
        return "no uncached load: every load found was cached or of unknown kind"
    if metric == "cached_load_s" and loads:
        return ("no launch whose loads are all cached (record a second launch of the app to "
                "measure a cached load)" if any(ld.kind == LoadKind.UNCACHED for ld in loads)
                else "no launch whose loads are all cached")
    several = len(summary.recordings) > 1
    for wanted in metrics:
        for rec in summary.recordings:
            found = next((u.reason for u in rec.unavailable if u.metric == wanted), None)
            if found is not None:
                return f"{rec.name}: {found}" if several else found
    if not summary.recordings:
        return "not available: the input holds no recording"
    return "not available: no recording gave a value"
