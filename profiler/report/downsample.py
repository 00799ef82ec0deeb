"""Downsampling that never loses a peak.

Line series keep, for each bucket of consecutive samples, the sample with the minimum and the
one with the maximum value, so the highest footprint or CPU sample is always drawn. Interval
lanes merge intervals separated by less than one pixel-ish gap, so a lane never has more
segments than it has room for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_POINTS = 5000


def minmax(x: np.ndarray, y: np.ndarray, max_points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """At most ``max_points`` samples of (x, y), keeping each bucket's min and max.

    ``x`` must be sorted. Non-finite samples are dropped. The global min and max always survive.
    """
    x = np.asarray(x, dtype="float64")
    y = np.asarray(y, dtype="float64")
    keep_finite = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep_finite], y[keep_finite]
    n = len(x)
    if n <= max_points:
        return x, y
    buckets = max(1, max_points // 2)
    bucket = (np.arange(n, dtype="int64") * buckets) // n
    order = np.lexsort((y, bucket))  # by bucket, then by value: first = min, last = max
    sorted_bucket = bucket[order]
    starts = np.flatnonzero(np.r_[True, sorted_bucket[1:] != sorted_bucket[:-1]])
    ends = np.r_[starts[1:], n] - 1
    keep = np.unique(np.concatenate([order[starts], order[ends]]))
    return x[keep], y[keep]


@dataclass(frozen=True)
class Segments:
    """Merged intervals of one lane: start/end in seconds and how many intervals each holds."""

    start_s: np.ndarray
    end_s: np.ndarray
    count: np.ndarray

    def __len__(self) -> int:
        return len(self.start_s)


def merge_intervals(start_s: np.ndarray, duration_s: np.ndarray, max_segments: int) -> Segments:
    """Merge intervals so that at most ``max_segments`` remain; total coverage is preserved.

    Intervals that overlap, or whose gap is under ``span / max_segments``, join one segment.
    """
    start = np.asarray(start_s, dtype="float64")
    end = start + np.clip(np.asarray(duration_s, dtype="float64"), 0, None)
    ok = np.isfinite(start) & np.isfinite(end)
    start, end = start[ok], end[ok]
    order = np.argsort(start, kind="stable")
    start, end = start[order], end[order]
    n = len(start)
    if n <= max_segments:
        return Segments(start, end, np.ones(n, dtype="int64"))
    span = float(end.max() - start.min())
    gap = span / max(1, max_segments - 1)
    reach = np.maximum.accumulate(end)
    new_group = start[1:] > reach[:-1] + gap
    group = np.r_[0, np.cumsum(new_group)]
    firsts = np.flatnonzero(np.r_[True, new_group])
    seg_start = start[firsts]
    seg_end = np.maximum.reduceat(end, firsts)
    counts = np.bincount(group).astype("int64")
    return Segments(seg_start, seg_end, counts)
