"""Neural Engine and GPU activity from hardware interval tables.

The Neural Engine table has no pid column, so its intervals are attributed to the app by time
window: busy time inside the denoising loops. GPU intervals are the app's (by pid) when the
table has a process column. Real MPS interval rows carry a sentinel process: they are
attributed by time window when the TOC records the table for a single target process
(``target-pid="SINGLE"``), and not at all when it recorded every process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis.context import Context, seconds
from profiler.analysis.values import Ane, Gpu, Unavailable
from profiler.trace import catalog
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

Windows = Sequence[tuple[int, int]]


@dataclass(frozen=True)
class Intervals:
    """start_ns, duration_ns, label rows of one hardware table, and their merged union."""

    frame: pd.DataFrame
    source: str
    merged: np.ndarray  # (n, 2) int64: sorted, non-overlapping (start, end)


def read(ctx: Context, role: Role, metric: str, *, by_pid: bool) -> Intervals | None:
    import pandas as pd

    opened = ctx.open(metric, role)
    if opened is None:
        return None
    schema, cols, raw = opened.schema, opened.cols, opened.raw
    label = C.texts(raw, cols["label"]) if "label" in cols else pd.Series([""] * len(raw))
    if "channel" in cols:
        label = (label.reset_index(drop=True) + " "
                 + C.texts(raw, cols["channel"]).reset_index(drop=True)).str.strip()
    frame = pd.DataFrame({
        "start_ns": C.ns(raw, cols["start"]).reset_index(drop=True),
        "duration_ns": C.ns(raw, cols["duration"]).fillna(0).reset_index(drop=True),
        "label": label.reset_index(drop=True).astype("string"),
    })
    used = {k: v for k, v in cols.items() if k != "process" or by_pid}
    source = C.source(schema, used)
    if by_pid and "process" in cols and (ctx.app_pids or ctx.recording.toc_run is not None):
        pid = C.pids(raw, cols["process"]).reset_index(drop=True)
        sentinel = pid.isna().to_numpy()
        mine = pid.isin(ctx.app_pids).fillna(False).to_numpy(bool)
        if sentinel.any() and ctx.app_pids and _single_target(ctx, schema):
            mine |= sentinel
            source += (" (rows without a process attributed to the app by time window: the "
                       "TOC records this table for the target process only)")
        if not mine.any() and (sentinel.all() or not ctx.app_pids):
            why = ("its rows have no process and the TOC does not record the table for the "
                   "target only" if sentinel.all() else "the app's process is not known")
            ctx.skip(Unavailable(metric, f"not available: {schema}: {why}, so its GPU work "
                                 "cannot be attributed to the app"))
            return None
        frame = frame[mine]  # other processes' GPU work is not the app's
    elif by_pid and "process" in cols:
        source += " (every row: no TOC and no app process known)"
    frame = frame.dropna(subset=["start_ns"]).sort_values("start_ns", kind="stable")
    ctx.use(schema)
    frame = frame.reset_index(drop=True)
    return Intervals(frame, source, merge(frame["start_ns"], frame["duration_ns"]))


def _single_target(ctx: Context, schema: str) -> bool:
    run = ctx.recording.toc_run
    if run is None:
        return False
    return any(catalog.canonical(t.schema) == schema
               and t.attributes.get("target-pid", "").upper() == "SINGLE" for t in run.tables)


def merge(start_ns: pd.Series, duration_ns: pd.Series) -> np.ndarray:
    """Union of intervals: an (n, 2) array of sorted, non-overlapping (start, end)."""
    import numpy as np

    s = start_ns.to_numpy(dtype=float, na_value=np.nan)
    d = duration_ns.to_numpy(dtype=float, na_value=np.nan)
    keep = ~np.isnan(s) & ~np.isnan(d) & (d >= 0)
    s, e = s[keep].astype(np.int64), (s[keep] + d[keep]).astype(np.int64)
    if not len(s):
        return np.zeros((0, 2), dtype=np.int64)
    order = np.argsort(s, kind="stable")
    s, e = s[order], np.maximum.accumulate(e[order])
    new = np.ones(len(s), dtype=bool)
    new[1:] = s[1:] > e[:-1]
    group = np.cumsum(new) - 1
    ends = np.zeros(group[-1] + 1, dtype=np.int64)
    np.maximum.at(ends, group, e)
    return np.stack([s[new], ends], axis=1)


def covered(merged: np.ndarray, windows: Windows | None = None) -> int:
    """ns of ``merged`` inside ``windows`` (everything when None)."""
    import numpy as np

    if not len(merged):
        return 0
    if windows is None:
        return int((merged[:, 1] - merged[:, 0]).sum())
    total = 0
    for lo, hi in windows:
        total += int(np.clip(np.minimum(merged[:, 1], hi) - np.maximum(merged[:, 0], lo),
                             0, None).sum())
    return total


def busy_fraction(merged: np.ndarray, windows: Windows) -> float | None:
    """Share of the windows' summed length covered by ``merged``."""
    length = sum(b - a for a, b in windows)
    return covered(merged, windows) / length if length > 0 else None


def ane_summary(ctx: Context, ane: Intervals | None, windows: Windows) -> Ane | None:
    """Busy seconds, busy share of the denoising loops, interval count."""
    if ane is None:
        return None
    fraction = busy_fraction(ane.merged, windows) if windows else None
    if fraction is None:
        ctx.skip(Unavailable("ane.busy_fraction_denoise",
                             "not available: no denoising window (no steps were found)"))
    return Ane(busy_s=seconds(covered(ane.merged)), busy_fraction_denoise=fraction,
               intervals=len(ane.frame))


def gpu_summary(ctx: Context, gpu: Intervals | None, windows: Windows) -> Gpu | None:
    """GPU busy share of the denoising loops, else of the recording (or the table's span)."""
    if gpu is None:
        return None
    spans = list(windows)
    if not spans and ctx.duration_ns:
        spans = [(0, ctx.duration_ns)]
    if not spans and len(gpu.merged):  # a lone table: the span its intervals cover
        spans = [(int(gpu.merged[0, 0]), int(gpu.merged[-1, 1]))]
    fraction = busy_fraction(gpu.merged, spans) if spans else None
    if fraction is None:
        ctx.skip(Unavailable("gpu", "not available: no time window to measure against"))
        return None
    return Gpu(busy_fraction=fraction)
