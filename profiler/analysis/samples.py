"""Activity Monitor (or sysmon) samples, and the time-weighted arithmetic over them.

A row holds its value for its duration when the table has a duration column (Activity
Monitor); without one (sysmon's process table writes a row only when a process's values change) it
holds until the same process's next row, and after its last row until the recording ends:
each process's last value is carried forward. Means are time-weighted over those pieces, and
the system CPU at a time is the sum over the processes live then (docs/analysis.md, "CPU").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis.context import Context, Opened
from profiler.analysis.values import Unavailable
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


@dataclass(frozen=True)
class Samples:
    """A sampled table: time_ns, until_ns (when the row's value stops holding) and one column
    per role found (pid, name, footprint_bytes, cpu_percent; used_bytes … for the system)."""

    frame: pd.DataFrame
    schema: str
    columns: dict[str, str]
    #: rows only when a value changes (no duration column): values are carried forward
    sparse: bool


def read_process(ctx: Context) -> Samples | None:
    """Every process's samples (the app is picked later, by pid); without a per-process table
    with rows, Xcode 27's per-thread CPU buckets summed per process and bucket."""
    picked = ctx.tables(Role.PROCESS)
    if picked is None or not picked.has_rows:
        threads = ctx.tables(Role.THREAD_CPU)
        if threads is not None and threads.has_rows:
            return _thread_sums(ctx)
    found = _opened(ctx, "memory.peak_footprint_bytes", Role.PROCESS)
    if found is None:
        return None
    opened, frame = found
    cols, raw = opened.cols, opened.raw
    if "pid" in cols:
        frame["pid"] = C.pids(raw, cols["pid"]).to_numpy()
    elif "process" in cols:
        frame["pid"] = C.pids(raw, cols["process"]).to_numpy()
    frame["name"] = C.process_names(raw, cols["process"]).to_numpy() if "process" in cols else ""
    for role, out in (("footprint", "footprint_bytes"), ("cpu", "cpu_percent")):
        if role in cols:
            frame[out] = C.numbers(raw, cols[role]).to_numpy()
    for role, metric in (("footprint", "memory.peak_footprint_bytes"),
                         ("cpu", "cpu.process_peak_percent")):
        if role not in cols:
            ctx.skip(opened.missing(metric, role))
    ctx.use(opened.schema)
    return _finish(frame, opened.schema, cols, ctx, by="pid" if "pid" in frame else "name")


def _thread_sums(ctx: Context) -> Samples | None:
    """Per-process CPU from per-thread buckets: the threads' percents summed per bucket."""
    found = _opened(ctx, "cpu.process_peak_percent", Role.THREAD_CPU)
    if found is None:
        return None
    opened, frame = found
    cols, raw = opened.cols, opened.raw
    frame["pid"] = C.pids(raw, cols["process"]).to_numpy()
    frame["name"] = C.process_names(raw, cols["process"]).to_numpy()
    frame["cpu_percent"] = C.numbers(raw, cols["cpu"]).to_numpy()
    keys = ["pid", "name", "time_ns"] + (["duration_ns"] if "duration_ns" in frame else [])
    frame = frame.groupby(keys, dropna=False, sort=False, as_index=False)["cpu_percent"].sum()
    ctx.skip(Unavailable("memory.peak_footprint_bytes", f"not available: {opened.schema} "
                         "holds CPU only (no per-process memory table has rows)"))
    ctx.use(opened.schema)
    return _finish(frame, opened.schema, cols, ctx, by="pid")


def read_system(ctx: Context) -> Samples | None:
    """System samples: used_bytes, compressed_bytes, swap_bytes, system_percent (when found)."""
    found = _opened(ctx, "memory.system_used_peak_bytes", Role.SYSTEM)
    if found is None:
        return None
    opened, frame = found
    cols, raw = opened.cols, opened.raw
    names = {"used": "used_bytes", "compressed": "compressed_bytes", "swap": "swap_bytes",
             "cpu": "system_percent"}
    for role, out in names.items():
        if role in cols:
            frame[out] = C.numbers(raw, cols[role]).to_numpy()
    if "used" not in cols:
        ctx.skip(opened.missing("memory.system_used_peak_bytes", "used"))
    ctx.use(opened.schema)
    return _finish(frame, opened.schema, cols, ctx, by=None)


def _opened(ctx: Context, metric: str, role: Role) -> tuple[Opened, pd.DataFrame] | None:
    """The table of ``role`` and a frame of its sample times (and durations, when it has them)."""
    import pandas as pd

    opened = ctx.open(metric, role)
    if opened is None:
        return None
    cols, raw = opened.cols, opened.raw
    frame = pd.DataFrame({"time_ns": C.ns(raw, cols["time"]).to_numpy()})
    if "duration" in cols:
        frame["duration_ns"] = C.ns(raw, cols["duration"]).to_numpy()
    return opened, frame


def _finish(frame: pd.DataFrame, schema: str, cols: dict[str, str], ctx: Context,
            by: str | None) -> Samples:
    """Sort by time and work out until when each row holds (see the module docstring)."""
    frame = frame.dropna(subset=["time_ns"]).sort_values("time_ns", kind="stable")
    frame["time_ns"] = frame["time_ns"].astype("int64")
    sparse = "duration_ns" not in frame
    end = ctx.duration_ns
    if end is None or (len(frame) and end < int(frame["time_ns"].max())):
        end = int(frame["time_ns"].max()) if len(frame) else 0
    if sparse:
        following = (frame.groupby(by, sort=False, dropna=False)["time_ns"].shift(-1)
                     if by is not None else frame["time_ns"].shift(-1))
        until = following.fillna(end)
    else:
        until = frame["time_ns"] + frame.pop("duration_ns").fillna(0)
    frame["until_ns"] = until.astype("int64").to_numpy()
    return Samples(frame.reset_index(drop=True), schema, cols, sparse)


def weighted_mean(frame: pd.DataFrame, column: str) -> float | None:
    """The time-weighted mean of ``column`` over the rows' pieces (None without any)."""
    held = (frame["until_ns"] - frame["time_ns"]).clip(lower=0).to_numpy(float)
    values = frame[column].to_numpy(float)
    keep = (held > 0) & ~_isnan(values)
    total = held[keep].sum()
    return float((held[keep] * values[keep]).sum() / total) if total > 0 else None


def summed(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The sum of ``column`` over the rows live at each time: time_ns, value (a step function,
    one point per change). Each row adds its value from its time until it stops holding."""
    import numpy as np
    import pandas as pd

    rows = frame.dropna(subset=[column])
    rows = rows[rows["until_ns"] > rows["time_ns"]]
    if rows.empty:
        return pd.DataFrame({"time_ns": pd.Series(dtype="int64"), "value": pd.Series(dtype=float)})
    values = rows[column].to_numpy(float)
    times = np.concatenate([rows["time_ns"].to_numpy(np.int64), rows["until_ns"].to_numpy(np.int64)])
    deltas = pd.Series(np.concatenate([values, -values])).groupby(times).sum()
    level = deltas.cumsum().round(9)
    return pd.DataFrame({"time_ns": level.index.to_numpy(np.int64), "value": level.to_numpy()})


def step_stats(level: pd.DataFrame) -> tuple[float | None, float | None]:
    """(peak, time-weighted mean) of a :func:`summed` step function, over its whole span."""
    if len(level) < 2:
        return (float(level["value"].max()) if len(level) else None), None
    times = level["time_ns"].to_numpy(float)
    values = level["value"].to_numpy(float)
    span = times[-1] - times[0]
    mean = float((values[:-1] * (times[1:] - times[:-1])).sum() / span) if span > 0 else None
    return float(values.max()), mean


def _isnan(values: np.ndarray) -> np.ndarray:
    import numpy as np

    return np.isnan(values)
