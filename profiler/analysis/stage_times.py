"""Time per pipeline stage as the stage breakdown shows it, model loading included."""

from __future__ import annotations

from profiler.analysis.summary import Recording


def model_load_s(rec: Recording) -> float | None:
    """Wall-clock seconds ``rec`` spent loading models: the union of its load intervals (loads
    of several models may overlap, so their durations are not simply added). None without
    loads."""
    spans = sorted((ld.start_s, ld.start_s + ld.duration_s) for ld in rec.loads
                   if ld.duration_s >= 0)
    if not spans:
        return None
    total, (start, end) = 0.0, spans[0]
    for lo, hi in spans[1:]:
        if lo > end:
            total += end - start
            start, end = lo, hi
        else:
            end = max(end, hi)
    return total + end - start
