"""Steps from Neural Engine intervals alone: the last fallback of :mod:`profiler.analysis.steps`.

The ANE table has no pid and no step marker, so steps are found as clusters of intervals
separated by the recurring gap between steps (the CPU's scheduler work).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from profiler.analysis import step_result as S
from profiler.analysis.context import NS
from profiler.analysis.summary import Stages

if TYPE_CHECKING:
    import pandas as pd


def from_ane(ane: pd.DataFrame, source: str) -> S.StepResult | None:
    """Clusters of Neural Engine intervals: the longest run of similar clusters is the loop."""
    import numpy as np
    import pandas as pd

    frame = ane
    unet_rows = frame["label"].str.contains(S.UNET)
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
    step_frame = S.numbered(pd.Series([s for s, _ in chosen]), pd.Series([e - s for s, e in chosen]))
    window = (chosen[0][0], chosen[-1][1])
    steps = S.step_stats(step_frame, [window], f"{source} clustered into steps")
    stage_frame = S.denoise_rows([window])
    return S.StepResult(steps, Stages(denoise_s=(window[1] - window[0]) / NS), step_frame,
                        stage_frame, window, windows=(window,))


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
