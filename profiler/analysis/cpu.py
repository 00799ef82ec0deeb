"""CPU use of the app and of the whole device, where 100 % is one fully used core."""

from __future__ import annotations

from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis.context import Context
from profiler.analysis.memory import Samples, app_rows
from profiler.analysis.series import Frame, empty_frame
from profiler.analysis.summary import Cpu, Unavailable

if TYPE_CHECKING:
    import pandas as pd


def summarise(ctx: Context, process: Samples | None,
              system: Samples | None) -> tuple[Cpu | None, pd.DataFrame, pd.DataFrame]:
    """CPU summary plus the `cpu` and `system_cpu` series frames.

    The system figure comes from the system table's CPU column; without one it is the sum over
    all processes sampled at the same time in the process table (a lower bound: Activity Monitor
    only lists the processes it sampled).
    """
    import pandas as pd

    series = empty_frame(Frame.CPU)
    system_series = empty_frame(Frame.SYSTEM_CPU)
    peak = mean = system_peak = None
    sources = []
    if process is not None and "cpu_percent" in process.frame:
        rows, how = app_rows(ctx, process)
        rows = rows.dropna(subset=["cpu_percent"])
        if not rows.empty:
            peak = float(rows["cpu_percent"].max())
            mean = float(rows["cpu_percent"].mean())
            series = pd.DataFrame({"time_ns": rows["time_ns"].astype("int64").to_numpy(),
                                   "process_percent": rows["cpu_percent"].to_numpy(float)})
            cols = {k: v for k, v in process.columns.items() if k in ("time", "pid", "process",
                                                                       "cpu")}
            sources.append(f"{C.source(process.schema, cols)} for {how}")
    if system is not None and "system_percent" in system.frame:
        frame = system.frame.dropna(subset=["system_percent"])
        if not frame.empty:
            system_peak = float(frame["system_percent"].max())
            system_series = pd.DataFrame({"time_ns": frame["time_ns"].astype("int64").to_numpy(),
                                          "system_percent": frame["system_percent"].to_numpy(float)})
            sources.append(C.source(system.schema, {k: v for k, v in system.columns.items()
                                                    if k in ("time", "cpu")}))
    elif process is not None and "cpu_percent" in process.frame:
        summed = process.frame.groupby("time_ns", sort=True)["cpu_percent"].sum(min_count=1)
        summed = summed.dropna()
        if not summed.empty:
            system_peak = float(summed.max())
            system_series = pd.DataFrame({"time_ns": summed.index.astype("int64"),
                                          "system_percent": summed.to_numpy(float)})
            sources.append(f"{process.schema}[{process.columns['cpu']}] summed over all processes "
                           "per sample (no system table)")
    if peak is None and system_peak is None:
        if process is not None or system is not None:
            ctx.skip(Unavailable("cpu", "not available: no CPU percent column in "
                                 + ", ".join(s.schema for s in (process, system) if s)))
        return None, series, system_series
    cpu = Cpu(process_peak_percent=peak, process_mean_percent=mean,
              system_peak_percent=system_peak, source="; ".join(sources))
    return cpu, series, system_series
