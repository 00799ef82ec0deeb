"""Denoising loops (one per image): steps grouped into loops, their statistics and stages.

Steps from any source are split into loops where the launch changes, where the app's
``generate`` intervals say so, where a pipeline stage (text encoding, decoding, another model's
prediction or a load) lies between two steps, or where the gap between two steps is longer than
``max(1 s, 3 × the median step)``. Each loop is one image: its window runs from its first
step's start to its last step's end, and the gaps between loops (decoding, the next prompt,
idle time) never count as denoising. Step 1 of each loop is reported apart (warm-up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from profiler.analysis.context import NS
from profiler.analysis.step_result import p90
from profiler.analysis.values import Stages, Steps

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: a gap between two steps longer than this many median steps (and than 1 s) ends a loop
LOOP_GAP_STEPS = 3.0
LOOP_GAP_MIN_S = 1.0


@dataclass(frozen=True)
class Loop:
    """One denoising loop: its launch, its steps (start and duration, ns) and its stages."""

    launch: int
    starts: tuple[int, ...]
    durations: tuple[int, ...]
    planned: int | None = None  # the step count the app announced
    text_encode_ns: int | None = None
    decode_ns: int | None = None
    cut_short: bool = False
    #: the first text-encoding interval's start and the last decoding interval's end (ns): the
    #: image's end-to-end span
    text_encode_start_ns: int | None = None
    decode_end_ns: int | None = None

    @property
    def end_to_end_ns(self) -> int | None:
        """Text encoding start to decoding end; None when either stage was not recorded."""
        if self.text_encode_start_ns is None or self.decode_end_ns is None:
            return None
        return self.decode_end_ns - self.text_encode_start_ns

    @property
    def window(self) -> tuple[int, int]:
        return self.starts[0], max(s + d for s, d in zip(self.starts, self.durations, strict=True))


def breaks(starts: np.ndarray, ends: np.ndarray, launch: np.ndarray,
           separators: np.ndarray, group: np.ndarray | None = None) -> np.ndarray:
    """Loop numbers (0-based) of steps sorted by start: a new loop after every break above."""
    import numpy as np

    n = len(starts)
    if n == 0:
        return np.zeros(0, dtype=int)
    cut = np.zeros(n, dtype=bool)
    if n > 1:
        gap = starts[1:] - ends[:-1]
        limit = max(LOOP_GAP_MIN_S * NS, LOOP_GAP_STEPS * float(np.median(ends - starts)))
        seps = np.sort(separators.astype(float)) if len(separators) else np.zeros(0)
        between = (np.searchsorted(seps, starts[1:], side="left")
                   - np.searchsorted(seps, ends[:-1], side="left")) > 0
        cut[1:] = (launch[1:] != launch[:-1]) | (gap > limit) | between
        if group is not None:
            cut[1:] |= group[1:] != group[:-1]
    return np.cumsum(cut)


def build(frame: pd.DataFrame, loop: np.ndarray, planned: pd.Series | None = None) -> list[Loop]:
    """One :class:`Loop` per loop number of ``frame`` (start_ns, duration_ns, launch)."""
    out = []
    starts = frame["start_ns"].to_numpy()
    durations = frame["duration_ns"].to_numpy()
    launches = frame["launch"].to_numpy()
    for number in sorted(set(loop.tolist())):
        idx = (loop == number).nonzero()[0]
        total = None
        if planned is not None:
            known = planned.iloc[idx].dropna()
            total = int(known.max()) if len(known) else None
        out.append(Loop(int(launches[idx[0]]), tuple(int(s) for s in starts[idx]),
                        tuple(int(d) for d in durations[idx]), total))
    return out


def with_stages(loops: Sequence[Loop], text_encode: pd.DataFrame | None,
                decode: pd.DataFrame | None) -> list[Loop]:
    """Each loop's text encoding (the intervals that end before it starts, after the previous
    loop) and decoding (those that start after it ends, before the next loop), summed."""
    import numpy as np

    if not loops:
        return []
    starts = np.array([lp.window[0] for lp in loops], dtype=float)
    ends = np.array([lp.window[1] for lp in loops], dtype=float)
    te: list[int | None] = [None] * len(loops)
    dec: list[int | None] = [None] * len(loops)
    first: list[int | None] = [None] * len(loops)  # earliest text-encoding start
    last: list[int | None] = [None] * len(loops)  # latest decoding end
    for rows, out, before in ((text_encode, te, True), (decode, dec, False)):
        if rows is None or not len(rows):
            continue
        s = rows["start_ns"].to_numpy(dtype=float)
        d = rows["duration_ns"].to_numpy(dtype=float)
        if before:  # the first loop starting at or after the stage's end
            k = np.searchsorted(starts, s + d, side="left")
            ok = (k < len(loops)) & (s >= np.where(k > 0, ends[np.maximum(k - 1, 0)], -np.inf))
        else:  # the last loop ending at or before the stage's start
            k = np.searchsorted(ends, s, side="right") - 1
            ok = (k >= 0) & (s + d <= np.where(k + 1 < len(loops),
                                               starts[np.minimum(k + 1, len(loops) - 1)], np.inf))
        edge = first if before else last
        for i, start, dur in zip(k[ok].tolist(), s[ok].tolist(), d[ok].tolist(), strict=True):
            out[i] = int(dur) + (out[i] or 0)
            at = int(start) if before else int(start + dur)
            old = edge[i]
            edge[i] = at if old is None else (min(old, at) if before else max(old, at))
    return [replace(lp, text_encode_ns=t, decode_ns=c, text_encode_start_ns=a, decode_end_ns=b)
            for lp, t, c, a, b in zip(loops, te, dec, first, last, strict=True)]


def mark_cut_short(loops: Sequence[Loop], killed: set[int]) -> list[Loop]:
    """Fewer steps than announced, or the last loop of a killed launch with no decoding."""
    out = []
    last = {lp.launch: i for i, lp in enumerate(loops)}
    for i, lp in enumerate(loops):
        short = lp.planned is not None and len(lp.starts) < lp.planned
        if lp.planned is None and lp.launch in killed and last[lp.launch] == i:
            short = lp.decode_ns is None
        out.append(replace(lp, cut_short=short))
    return out


def stats(loops: Sequence[Loop], source: str) -> Steps | None:
    """Steps pooled over ``loops``: step 1 of each loop is left out of median, p90 and max (all
    steps count when no loop has a second one); steps/s = steps ÷ the loops' summed windows."""
    import numpy as np

    loops = [lp for lp in loops if lp.starts]
    if not loops:
        return None
    durations = np.array([d for lp in loops for d in lp.durations], dtype=float) / NS
    rest = np.array([d for lp in loops for d in lp.durations[1:]], dtype=float) / NS
    if not len(rest):
        rest = durations
    window = sum(lp.window[1] - lp.window[0] for lp in loops) / NS
    return Steps(
        count=len(durations), first_s=float(loops[0].durations[0]) / NS,
        median_s=float(np.median(rest)), p90_s=p90(rest.tolist()), max_s=float(rest.max()),
        steps_per_s=len(durations) / window if window > 0 else None, source=source,
        durations_s=tuple(float(d) for d in durations))


def stages(loops: Sequence[Loop]) -> Stages | None:
    """Text encoding and decoding of the first image; denoising = the loops' summed windows."""
    if not loops:
        return None
    first = loops[0]
    return Stages(
        text_encode_s=first.text_encode_ns / NS if first.text_encode_ns is not None else None,
        denoise_s=sum(lp.window[1] - lp.window[0] for lp in loops) / NS,
        decode_s=first.decode_ns / NS if first.decode_ns is not None else None)


def windows(loops: Sequence[Loop]) -> tuple[tuple[int, int], ...]:
    return tuple(lp.window for lp in loops if lp.starts)
