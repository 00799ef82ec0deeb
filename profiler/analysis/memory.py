"""Activity Monitor samples: the app's footprint and the system's memory.

The app's rows in the per-process table (the catalog's ``Role.PROCESS``: Activity Monitor's, or
its sysmon fallback) are found by pid (from the TOC target) or else by process name. System
figures (used, compressed, swap, CPU) come from the ``Role.SYSTEM`` table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis.context import NS, Context
from profiler.analysis.series import Frame, empty_frame
from profiler.analysis.summary import Memory, Unavailable
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import pandas as pd

@dataclass(frozen=True)
class Samples:
    """A sampled table reduced to the columns found: time_ns plus one column per role."""

    frame: pd.DataFrame
    schema: str
    columns: dict[str, str]


def read_process(ctx: Context) -> Samples | None:
    """All processes' samples: time_ns, pid, name, footprint_bytes, cpu_percent (when found)."""
    import pandas as pd

    opened = ctx.open("memory.peak_footprint_bytes", Role.PROCESS)
    if opened is None:
        return None
    schema, cols, raw = opened.schema, opened.cols, opened.raw
    frame = pd.DataFrame({"time_ns": C.ns(raw, cols["time"])})
    if "pid" in cols:
        frame["pid"] = C.pids(raw, cols["pid"])
    elif "process" in cols:
        frame["pid"] = C.pids(raw, cols["process"])
    frame["name"] = C.process_names(raw, cols["process"]) if "process" in cols else ""
    for role, out in (("footprint", "footprint_bytes"), ("cpu", "cpu_percent")):
        if role in cols:
            frame[out] = C.numbers(raw, cols[role])
    for role, metric in (("footprint", "memory.peak_footprint_bytes"),
                         ("cpu", "cpu.process_peak_percent")):
        if role not in cols:
            ctx.skip(opened.missing(metric, role))
    ctx.use(schema)
    return Samples(frame.dropna(subset=["time_ns"]).sort_values("time_ns", kind="stable"),
                   schema, cols)


def app_rows(ctx: Context, samples: Samples) -> tuple[pd.DataFrame, str]:
    """The app's rows and how they were picked (pid, name, or the largest footprint)."""
    frame = samples.frame
    if ctx.app_pid is not None and "pid" in frame and (frame["pid"] == ctx.app_pid).any():
        how = f"pid {ctx.app_pid}" + (f" ({ctx.app_how})" if ctx.app_how else "")
        return frame[(frame["pid"] == ctx.app_pid).fillna(False)], how
    if ctx.app_name and (frame["name"] == ctx.app_name).any():
        return frame[frame["name"] == ctx.app_name], f"process name {ctx.app_name}"
    if "footprint_bytes" in frame and frame["footprint_bytes"].notna().any():
        # No target to go by (e.g. a single table file): the largest process is the likely app.
        key = "pid" if "pid" in frame else "name"
        top = frame.loc[frame["footprint_bytes"].idxmax(), key]
        return frame[frame[key] == top], f"largest footprint ({key} {top}; no target known)"
    return frame.iloc[0:0], "no app process found"


def read_system(ctx: Context) -> Samples | None:
    """System samples: time_ns, used_bytes, compressed_bytes, swap_bytes, system_percent."""
    import pandas as pd

    opened = ctx.open("memory.system_used_peak_bytes", Role.SYSTEM)
    if opened is None:
        return None
    schema, cols, raw = opened.schema, opened.cols, opened.raw
    frame = pd.DataFrame({"time_ns": C.ns(raw, cols["time"])})
    names = {"used": "used_bytes", "compressed": "compressed_bytes", "swap": "swap_bytes",
             "cpu": "system_percent"}
    for role, out in names.items():
        if role in cols:
            frame[out] = C.numbers(raw, cols[role])
    if "used" not in cols:
        ctx.skip(opened.missing("memory.system_used_peak_bytes", "used"))
    ctx.use(schema)
    return Samples(frame.dropna(subset=["time_ns"]).sort_values("time_ns", kind="stable"),
                   schema, cols)


def summarise(ctx: Context, process: Samples | None, system: Samples | None,
              ram_bytes: int | None) -> tuple[Memory | None, pd.DataFrame, pd.DataFrame]:
    """Memory summary plus the `memory` and `system_memory` series frames."""
    import pandas as pd

    series = empty_frame(Frame.MEMORY)
    system_series = empty_frame(Frame.SYSTEM_MEMORY)
    peak = peak_at = used_peak = None
    sources = []
    if process is not None and "footprint" in process.columns:
        rows, how = app_rows(ctx, process)
        rows = rows.dropna(subset=["footprint_bytes"])
        if not rows.empty:
            i = rows["footprint_bytes"].idxmax()
            peak = int(rows.loc[i, "footprint_bytes"])
            peak_at = int(rows.loc[i, "time_ns"]) / NS
            series = pd.DataFrame({"time_ns": rows["time_ns"].astype("int64").to_numpy(),
                                   "footprint_bytes": rows["footprint_bytes"].astype("int64")
                                   .to_numpy()})
            cols = {k: v for k, v in process.columns.items() if k in ("time", "pid", "process",
                                                                       "footprint")}
            sources.append(f"{C.source(process.schema, cols)} for {how}")
        else:
            ctx.skip(Unavailable("memory.peak_footprint_bytes",
                                 f"not available: {process.schema} has no rows for the app ({how})"))
    if system is not None and "used_bytes" in system.frame:
        frame = system.frame
        used_peak = int(frame["used_bytes"].max()) if frame["used_bytes"].notna().any() else None
        system_series = pd.DataFrame({
            "time_ns": frame["time_ns"].astype("int64").to_numpy(),
            **{k: pd.array(frame[k].round().astype("Int64").to_numpy() if k in frame
                           else [pd.NA] * len(frame), dtype="Int64")
               for k in ("used_bytes", "compressed_bytes", "swap_bytes")},
        })
        cols = {k: v for k, v in system.columns.items() if k in ("time", "used", "compressed",
                                                                  "swap")}
        sources.append(C.source(system.schema, cols))
    if peak is None and used_peak is None:
        return None, series, system_series
    memory = Memory(peak_footprint_bytes=peak, peak_footprint_at_s=peak_at,
                    system_used_peak_bytes=used_peak, ram_bytes=ram_bytes,
                    source="; ".join(sources))
    return memory, series, system_series
