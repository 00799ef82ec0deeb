"""CPU use of the app and of the whole device, where 100 % is one fully used core.

Peaks are the largest sample; means are time-weighted (:mod:`profiler.analysis.samples`). The
system figure comes from the system table's CPU column; without one it is the sum, at each
time, over every process live then in the process table, each carrying its last value forward
(a lower bound: only sampled processes count).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis.context import Context
from profiler.analysis.memory import app_rows
from profiler.analysis.samples import Samples, step_stats, summed, weighted_mean
from profiler.analysis.series import Frame, empty_frame
from profiler.analysis.values import Cpu, Unavailable

if TYPE_CHECKING:
    import pandas as pd

#: in :attr:`Cpu.source` when the system figure is the sampled processes summed (a lower bound)
SUMMED = "summed over the processes live at each time"


def app_figures(rows: pd.DataFrame) -> tuple[float | None, float | None]:
    """(peak, time-weighted mean) of the app's CPU over ``rows``."""
    if "cpu_percent" not in rows:
        return None, None
    rows = rows.dropna(subset=["cpu_percent"])
    if rows.empty:
        return None, None
    return float(rows["cpu_percent"].max()), weighted_mean(rows, "cpu_percent")


def summarise(ctx: Context, process: Samples | None,
              system: Samples | None) -> tuple[Cpu | None, pd.DataFrame, pd.DataFrame]:
    """CPU summary plus the `cpu` and `system_cpu` series frames."""
    import pandas as pd

    series = empty_frame(Frame.CPU)
    system_series = empty_frame(Frame.SYSTEM_CPU)
    top = mean = system_top = system_mean = None
    sources = []
    if process is not None and "cpu_percent" in process.frame:
        rows, how = app_rows(ctx, process)
        top, mean = app_figures(rows)
        if top is not None:
            rows = rows.dropna(subset=["cpu_percent"])
            series = pd.DataFrame({"time_ns": rows["time_ns"].to_numpy("int64"),
                                   "process_percent": rows["cpu_percent"].to_numpy(float)})
            cols = {k: v for k, v in process.columns.items() if k in ("time", "pid", "process",
                                                                       "cpu")}
            sources.append(f"{C.source(process.schema, cols)} for {how}, time-weighted mean")
        else:
            ctx.skip(Unavailable("cpu.process_peak_percent",
                                 f"not available: {process.schema}: {how}"))
    if system is not None and "system_percent" in system.frame:
        frame = system.frame.dropna(subset=["system_percent"])
        if not frame.empty:
            system_top = float(frame["system_percent"].max())
            system_mean = weighted_mean(frame, "system_percent")
            system_series = pd.DataFrame({"time_ns": frame["time_ns"].to_numpy("int64"),
                                          "system_percent": frame["system_percent"].to_numpy(float)})
            sources.append(C.source(system.schema, {k: v for k, v in system.columns.items()
                                                    if k in ("time", "cpu")}))
    elif process is not None and "cpu_percent" in process.frame:
        level = summed(process.frame, "cpu_percent")
        if len(level):
            system_top, system_mean = step_stats(level)
            system_series = pd.DataFrame({"time_ns": level["time_ns"].to_numpy("int64"),
                                          "system_percent": level["value"].to_numpy(float)})
            carried = " (each process's last value carried forward)" if process.sparse else ""
            sources.append(f"{process.schema}[{process.columns['cpu']}] {SUMMED}{carried} "
                           "(no system table)")
    if top is None and system_top is None:
        if process is not None or system is not None:
            ctx.skip(Unavailable("cpu", "not available: no CPU percent column in "
                                 + ", ".join(s.schema for s in (process, system) if s)))
        return None, series, system_series
    cpu = Cpu(process_peak_percent=top, process_mean_percent=mean,
              system_peak_percent=system_top, source="; ".join(sources),
              system_mean_percent=system_mean)
    return cpu, series, system_series
