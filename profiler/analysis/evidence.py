"""Who did what, and when, in one recording: the pid-carrying rows that identify the app
(:mod:`profiler.analysis.identity`) and time its launches (:mod:`profiler.analysis.launches`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis.context import Context
from profiler.analysis.identity import Evidence
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import pandas as pd

    from profiler.analysis.samples import Samples

COREML_SUBSYSTEM = "com.apple.coreml"


def gather(ctx: Context, coreml: pd.DataFrame | None, has_process: bool,
           signposts: pd.DataFrame | None, process: Samples | None) -> Evidence:
    """The evidence for :func:`profiler.analysis.identity.identify`."""
    span = None
    if coreml is not None and len(coreml):
        end = coreml["start_ns"] + coreml["duration_ns"]
        span = (int(coreml["start_ns"].min()), int(end.max()))
    acted = None
    if coreml is not None and has_process:
        top = coreml[~coreml["sub"]]
        acted = top[top["event"].str.contains("load|predict", case=False)]
    sampled = process.frame[["pid", "name"]] if process is not None and "pid" in process.frame \
        else None
    rows = None
    if signposts is not None and signposts.attrs.get("has_process"):
        rows = signposts[["pid", "pname", "start_ns"]].rename(columns={"pname": "name"})
    return Evidence(coreml=acted, coreml_span=span, signposts=rows,
                    coreml_signposts=coreml_signposts(ctx), sampled=sampled)


def coreml_signposts(ctx: Context) -> pd.DataFrame | None:
    """Core ML's own os_signpost rows (subsystem com.apple.coreml): pid, name, start_ns, end_ns."""
    opened = ctx.peek(Role.CORE_ML_SIGNPOSTS)
    if opened is None:
        return None
    cols, raw = opened.cols, opened.raw
    mine = (C.texts(raw, cols["subsystem"]).str.strip('"') == COREML_SUBSYSTEM).to_numpy(bool)
    if not mine.any():
        return None
    raw = raw[mine]
    ctx.use(opened.schema)
    time = C.ns(raw, cols["time"])
    return _frame(C.pids(raw, cols["process"]), C.process_names(raw, cols["process"]), time, time)


def timed(ctx: Context, coreml: pd.DataFrame | None, has_process: bool,
          signposts: pd.DataFrame | None, process: Samples | None,
          seen: Evidence) -> list[pd.DataFrame]:
    """Frames of (pid, start_ns, end_ns) from every table that carries pids."""
    out = []
    if process is not None and "pid" in process.frame:
        f = process.frame
        # a sparse row's value holds on, but the process is only seen at the row's time
        end = f["time_ns"] if process.sparse else f["until_ns"]
        out.append(_frame(f["pid"], f["name"], f["time_ns"], end))
    if signposts is not None and signposts.attrs.get("has_process"):
        out.append(_frame(signposts["pid"], signposts["pname"], signposts["start_ns"],
                          signposts["start_ns"] + signposts["duration_ns"]))
    if coreml is not None and has_process:
        out.append(_frame(coreml["pid"], coreml["name"], coreml["start_ns"],
                          coreml["start_ns"] + coreml["duration_ns"]))
    log = ctx.peek(Role.LOG)
    if log is not None and "process" in log.cols and "time" in log.cols:
        time = C.ns(log.raw, log.cols["time"])
        out.append(_frame(C.pids(log.raw, log.cols["process"]), None, time, time))
    if seen.coreml_signposts is not None:
        out.append(seen.coreml_signposts)
    return out


def _frame(pid: pd.Series, name: pd.Series | None, start: pd.Series,
           end: pd.Series) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"pid": pid.to_numpy(), "name": name.to_numpy() if name is not None
                         else "", "start_ns": start.to_numpy(), "end_ns": end.to_numpy()})
