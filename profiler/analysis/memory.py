"""Memory: the app's footprint (per recording and per launch), the system's, other processes.

The app's rows of the per-process table (the catalog's ``Role.PROCESS``: Activity Monitor's,
or its sysmon fallback) are picked by the app's pids (:mod:`profiler.analysis.identity`), else
by its process name; never by size: when the app is not known its figures are unavailable and
the candidates are named. Every other sampled process (aned, ANECompilerService, other apps)
is listed apart, never counted as the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis.context import NS, Context
from profiler.analysis.launches import Span
from profiler.analysis.samples import Samples
from profiler.analysis.series import Frame, empty_frame
from profiler.analysis.values import Memory, OtherProcess, Unavailable

if TYPE_CHECKING:
    import pandas as pd


def app_rows(ctx: Context, samples: Samples) -> tuple[pd.DataFrame, str]:
    """The app's rows and how they were picked; no rows when the app is not known."""
    frame = samples.frame
    if ctx.app_pids and "pid" in frame:
        rows = frame[frame["pid"].isin(ctx.app_pids).fillna(False)]
        if len(rows):
            pids = ", ".join(str(p) for p in ctx.app_pids)
            label = "pids" if len(ctx.app_pids) > 1 else "pid"
            return rows, f"{label} {pids}" + (f" ({ctx.app_how})" if ctx.app_how else "")
    if ctx.app_name and (frame["name"] == ctx.app_name).any():
        return frame[frame["name"] == ctx.app_name], f"process name {ctx.app_name}"
    return frame.iloc[0:0], undecided(ctx)


def undecided(ctx: Context) -> str:
    """Why no row is the app's, naming the candidates when the app was not identified."""
    app = ctx.app
    if app is not None and app.how is None:
        names = ", ".join(f"{c.name} ({c.pid})" for c in app.candidates) or "none found"
        return ("the app's process is not known: no TOC target, no app name in run.json and no "
                f"process in the Core ML or signpost evidence (candidates: {names})")
    return f"no rows of the app ({ctx.app_name or 'unknown'})"


def launch_rows(rows: pd.DataFrame, span: Span, spans: Sequence[Span]) -> pd.DataFrame:
    """The app's rows of one launch: its pid's, or all of them for a single launch."""
    if span.pid is not None and "pid" in rows and len(spans) > 1:
        return rows[(rows["pid"] == span.pid).fillna(False)]
    return rows


def peak(rows: pd.DataFrame) -> tuple[int | None, float | None]:
    """The largest footprint and the time of its first sample."""
    rows = rows.dropna(subset=["footprint_bytes"]) if "footprint_bytes" in rows else rows.iloc[0:0]
    if rows.empty:
        return None, None
    i = rows["footprint_bytes"].to_numpy().argmax()
    return int(rows["footprint_bytes"].iloc[i]), int(rows["time_ns"].iloc[i]) / NS


def summarise(ctx: Context, process: Samples | None, system: Samples | None,
              ram_bytes: int | None) -> tuple[Memory | None, pd.DataFrame, pd.DataFrame]:
    """Memory summary plus the `memory` and `system_memory` series frames."""
    import pandas as pd

    series = empty_frame(Frame.MEMORY)
    system_series = empty_frame(Frame.SYSTEM_MEMORY)
    top = top_at = used = compressed = swap = None
    sources = []
    if process is not None and "footprint" in process.columns:
        rows, how = app_rows(ctx, process)
        top, top_at = peak(rows)
        if top is not None:
            rows = rows.dropna(subset=["footprint_bytes"])
            series = pd.DataFrame({"time_ns": rows["time_ns"].to_numpy("int64"),
                                   "footprint_bytes": rows["footprint_bytes"].to_numpy("int64")})
            cols = {k: v for k, v in process.columns.items()
                    if k in ("time", "pid", "process", "footprint")}
            sources.append(f"{C.source(process.schema, cols)} for {how}")
        else:
            ctx.skip(Unavailable("memory.peak_footprint_bytes",
                                 f"not available: {process.schema}: {how}"))
    if system is not None and "used_bytes" in system.frame:
        frame = system.frame
        used, compressed, swap = (_max(frame, k) for k in ("used_bytes", "compressed_bytes",
                                                           "swap_bytes"))
        system_series = pd.DataFrame({
            "time_ns": frame["time_ns"].to_numpy("int64"),
            **{k: pd.array(frame[k].round().astype("Int64").to_numpy() if k in frame
                           else [pd.NA] * len(frame), dtype="Int64")
               for k in ("used_bytes", "compressed_bytes", "swap_bytes")},
        })
        cols = {k: v for k, v in system.columns.items() if k in ("time", "used", "compressed",
                                                                  "swap")}
        sources.append(C.source(system.schema, cols))
    if top is None and used is None:
        return None, series, system_series
    memory = Memory(peak_footprint_bytes=top, peak_footprint_at_s=top_at,
                    system_used_peak_bytes=used, ram_bytes=ram_bytes, source="; ".join(sources),
                    compressed_peak_bytes=compressed, swap_peak_bytes=swap)
    return memory, series, system_series


def others(ctx: Context, process: Samples | None) -> tuple[OtherProcess, ...]:
    """Every sampled process that is not the app, by pid, with its peaks."""
    if process is None or "pid" not in process.frame:
        return ()
    frame = process.frame.dropna(subset=["pid"])
    frame = frame[~frame["pid"].isin(ctx.app_pids)]
    if ctx.app_name and not ctx.app_pids:
        frame = frame[frame["name"] != ctx.app_name]
    if frame.empty:
        return ()
    agg = {"pname": ("name", "last")}
    if "footprint_bytes" in frame:
        agg["footprint"] = ("footprint_bytes", "max")
    if "cpu_percent" in frame:
        agg["cpu"] = ("cpu_percent", "max")
    table = frame.groupby("pid", sort=True).agg(**agg)
    return tuple(OtherProcess(str(r.pname) if r.pname else None, int(pid),
                              _int(getattr(r, "footprint", None)), _float(getattr(r, "cpu", None)))
                 for pid, r in table.iterrows())


def _max(frame: pd.DataFrame, column: str) -> int | None:
    if column not in frame or not frame[column].notna().any():
        return None
    return int(frame[column].max())


def _int(value: object) -> int | None:
    return None if value is None or value != value else int(value)  # type: ignore[call-overload]


def _float(value: object) -> float | None:
    return None if value is None or value != value else float(value)  # type: ignore[arg-type]
