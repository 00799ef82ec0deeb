"""Downsampling keeps peaks and bounds the number of points and segments."""

from __future__ import annotations

import numpy as np

from profiler.report.downsample import merge_intervals, minmax


def test_small_series_untouched() -> None:
    x, y = np.arange(10.0), np.arange(10.0)[::-1]
    ox, oy = minmax(x, y, 100)
    assert ox.tolist() == x.tolist() and oy.tolist() == y.tolist()


def test_minmax_bounds_points_and_keeps_extremes() -> None:
    rng = np.random.default_rng(1)
    x = np.arange(1_000_003, dtype="float64")
    y = rng.normal(0, 1, len(x))
    y[123_457] = 50.0  # a one-sample spike
    y[900_001] = -40.0
    ox, oy = minmax(x, y, 5000)
    assert len(ox) <= 5000
    assert 50.0 in oy and -40.0 in oy
    assert np.all(np.diff(ox) > 0)  # still in time order
    # every bucket's max survives: the downsampled max per tenth equals the true max per tenth
    for part in np.array_split(np.arange(len(x)), 10):
        lo, hi = x[part[0]], x[part[-1]]
        sel = (ox >= lo) & (ox <= hi)
        assert oy[sel].max() == y[part].max()


def test_minmax_drops_nan() -> None:
    ox, oy = minmax(np.arange(5.0), np.array([1, np.nan, 3, np.inf, 5.0]), 100)
    assert oy.tolist() == [1.0, 3.0, 5.0]


def test_merge_intervals_bounds_segments_and_keeps_coverage() -> None:
    rng = np.random.default_rng(2)
    start = np.sort(rng.uniform(0, 1000, 200_000))
    dur = rng.uniform(0, 0.002, len(start))
    segs = merge_intervals(start, dur, 1000)
    assert len(segs) <= 1000
    assert segs.count.sum() == len(start)
    assert segs.start_s[0] == start.min()
    assert segs.end_s.max() == (start + dur).max()
    # every interval lies inside some segment
    idx = np.searchsorted(segs.start_s, start, side="right") - 1
    assert np.all(start + dur <= segs.end_s[idx] + 1e-12)


def test_merge_intervals_under_budget_is_exact() -> None:
    segs = merge_intervals(np.array([3.0, 1.0]), np.array([1.0, 0.5]), 10)
    assert segs.start_s.tolist() == [1.0, 3.0] and segs.end_s.tolist() == [1.5, 4.0]
