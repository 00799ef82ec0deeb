"""Neural Engine and GPU activity from hardware interval tables.

The Neural Engine table has no pid column, so its intervals are attributed to the app by time
window: busy time inside the denoising loop. GPU intervals are filtered to the app when the table
has a process column and the app's pid is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis.context import Context, covered, merge, seconds
from profiler.analysis.summary import Ane, Gpu, Unavailable
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import pandas as pd

@dataclass(frozen=True)
class Intervals:
    """start_ns, duration_ns, label rows of one hardware table."""

    frame: pd.DataFrame
    source: str


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
    if by_pid and "process" in cols and ctx.app_pid is not None:
        pid = C.pids(raw, cols["process"]).reset_index(drop=True)
        frame = frame[(pid == ctx.app_pid).fillna(False)]  # other processes' GPU work is not ours
    frame = frame.dropna(subset=["start_ns"]).sort_values("start_ns", kind="stable")
    ctx.use(schema)
    used = {k: v for k, v in cols.items() if k != "process" or by_pid}
    return Intervals(frame.reset_index(drop=True), C.source(schema, used))


def ane_summary(ctx: Context, ane: Intervals | None,
                window: tuple[int, int] | None) -> tuple[Ane | None, str | None]:
    """Busy seconds, busy fraction in the denoising window, interval count; and the source."""
    if ane is None:
        return None, None
    merged = merge(ane.frame["start_ns"], ane.frame["duration_ns"])
    fraction = None
    if window is not None and window[1] > window[0]:
        fraction = covered(merged, window) / (window[1] - window[0])
    else:
        ctx.skip(Unavailable("ane.busy_fraction_denoise",
                             "not available: no denoising window (no steps were found)"))
    return Ane(busy_s=seconds(covered(merged)), busy_fraction_denoise=fraction,
               intervals=len(ane.frame)), ane.source


def gpu_summary(ctx: Context, gpu: Intervals | None,
                window: tuple[int, int] | None) -> tuple[Gpu | None, str | None]:
    """GPU busy fraction in the denoising window, else over the recording (or the table's span)."""
    if gpu is None:
        return None, None
    merged = merge(gpu.frame["start_ns"], gpu.frame["duration_ns"])
    if window is None and ctx.duration_ns:
        window = (0, ctx.duration_ns)
    if window is None and merged:  # a lone table: the span its intervals cover
        window = (merged[0][0], merged[-1][1])
    if window is None or window[1] <= window[0]:
        ctx.skip(Unavailable("gpu", "not available: no time window to measure against"))
        return None, gpu.source
    return Gpu(busy_fraction=covered(merged, window) / (window[1] - window[0])), gpu.source
