"""Steps from Neural Engine intervals alone: the last fallback of :mod:`profiler.analysis.steps`.

The ANE table has no pid and no step marker, so steps are found as clusters of intervals
separated by the recurring gap between steps (the CPU's scheduler work).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from profiler.analysis.unet import UNET

if TYPE_CHECKING:
    import pandas as pd


def from_ane(ane: pd.DataFrame, source: str) -> tuple[pd.DataFrame, str] | None:
    """Steps (start_ns, duration_ns) as clusters of Neural Engine intervals, and the source:
    the longest run of similar clusters is the loop."""
    import numpy as np
    import pandas as pd

    frame = ane
    unet_rows = frame["label"].str.contains(UNET)
    if unet_rows.any():
        frame = frame[unet_rows]
    frame = frame[~frame["label"].str.contains(r"compil|load", case=False, regex=True)]
    if len(frame) < 2:
        return None
    start = frame["start_ns"].astype("int64").to_numpy()
    end = start + frame["duration_ns"].astype("int64").to_numpy()
    gaps = np.maximum(start[1:] - end[:-1], 1)
    # Candidate cuts sit between gap levels at least 1.5x apart. From the highest cut down, the
    # first one whose clusters contain a run of >= 3 similar clusters gives the steps: the gaps
    # between steps are the largest gaps that recur (larger ones separate the pipeline stages).
    levels = np.unique(gaps)
    cuts = [float(np.sqrt(lo * hi)) for lo, hi in zip(levels[:-1], levels[1:], strict=True)
            if hi >= 1.5 * lo]
    chosen: list[tuple[int, int]] = []
    for cut in [*sorted(cuts, reverse=True), 0.0]:
        chosen = _similar_run(_clusters(start, end, gaps, cut))
        if len(chosen) >= 3:
            break
    if len(chosen) < 2:
        return None
    steps = pd.DataFrame({"start_ns": [s for s, _ in chosen],
                          "duration_ns": [e - s for s, e in chosen]}).astype("int64")
    return steps, f"{source} clustered into steps"


def _clusters(start, end, gaps, cut: float) -> list[tuple[int, int]]:
    out, begin = [], 0
    for i, gap in enumerate(gaps):
        if gap > cut:
            out.append((int(start[begin]), int(end[begin:i + 1].max())))
            begin = i + 1
    out.append((int(start[begin]), int(end[begin:].max())))
    return out


def _similar_run(clusters: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of consecutive clusters within 3x of the median cluster length."""
    import numpy as np

    lengths = np.array([e - s for s, e in clusters], dtype=float)
    median = float(np.median(lengths))
    best, run = (0, 0), 0
    for i, length in enumerate(lengths):
        run = run + 1 if median / 3 <= length <= median * 3 else 0
        if run > best[1] - best[0]:
            best = (i - run + 1, i + 1)
    return clusters[best[0]:best[1]]
