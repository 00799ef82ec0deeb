"""The app's launches inside one recording, and which launch a row belongs to.

The TOC lists a relaunched app as several processes of the same name, without times. Each
launch's span comes from the tables that carry pids: Activity Monitor / sysmon samples, the
app's signposts, the log's rows and a Core ML table with a process column (first row start
to last row end of that pid). A row with a pid belongs to that pid's launch; a row without one
(Core ML rows of the real layout, Neural Engine intervals) to the launch whose span holds its
time, and between two launches to the earlier one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


@dataclass(frozen=True)
class Span:
    """One launch: its number (1-based, in time order), pid and span in ns (None unknown)."""

    number: int
    pid: int | None
    start_ns: int | None
    end_ns: int | None


def find(pids: Sequence[int], timed: Sequence[pd.DataFrame],
         duration_ns: int | None) -> list[Span]:
    """Launch spans of ``pids`` from frames with ``pid``, ``start_ns`` and ``end_ns``.

    Without pids, or without any row of them, the recording is one launch (of the first pid).
    """
    import pandas as pd

    wanted = list(dict.fromkeys(pids))
    frames = [f[["pid", "start_ns", "end_ns"]] for f in timed if f is not None and len(f)]
    spans: list[tuple[int, int, int]] = []
    if wanted and frames:
        rows = pd.concat(frames, ignore_index=True).dropna()
        rows = rows[rows["pid"].isin(wanted)]
        if len(rows):
            agg = rows.groupby("pid").agg(start=("start_ns", "min"), end=("end_ns", "max"))
            spans = sorted((int(r.start), int(r.end), int(pid)) for pid, r in agg.iterrows())
    if not spans:
        return [Span(1, wanted[0] if wanted else None, 0 if duration_ns else None, duration_ns)]
    return [Span(i, pid, start, end) for i, (start, end, pid) in enumerate(spans, start=1)]


def by_time(spans: Sequence[Span], times_ns: pd.Series | np.ndarray) -> np.ndarray:
    """The launch number of each time: the last launch that started at or before it (the
    first launch for times before every start)."""
    import numpy as np

    starts = np.array([s.start_ns if s.start_ns is not None else 0 for s in spans], dtype=float)
    values = np.asarray(times_ns, dtype=float)
    index = np.searchsorted(starts, values, side="right") - 1
    return np.clip(index, 0, len(spans) - 1) + 1


def assign(spans: Sequence[Span], times_ns: pd.Series, pids: pd.Series | None) -> np.ndarray:
    """Launch numbers of rows: by pid when the row has one of a launch, else by time."""
    import numpy as np

    numbers = by_time(spans, times_ns.to_numpy(dtype=float, na_value=0))
    if pids is None or len(spans) < 2:
        return numbers
    by_pid = {s.pid: s.number for s in spans if s.pid is not None}
    mapped = pids.map(by_pid).to_numpy(dtype=float, na_value=np.nan)
    return np.where(np.isnan(mapped), numbers, mapped).astype(int)
