"""One recording analysed up to the point where load kinds need the whole run.

Order: samples and the pid-carrying tables, then who the app is, then its launches; Core ML
events, signposts and hardware intervals are kept to the app's and given to their launch;
then memory and CPU, jetsam evidence, steps (grouped into loops), the Neural Engine and GPU.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from profiler.analysis import ane as ane_mod
from profiler.analysis import coreai, foundation_models, identity, jetsam, samples
from profiler.analysis import cpu as cpu_mod
from profiler.analysis import evidence as ev
from profiler.analysis import launches as L
from profiler.analysis import loads as loads_mod
from profiler.analysis import loops as LP
from profiler.analysis import memory as memory_mod
from profiler.analysis import steps as steps_mod
from profiler.analysis import thermal as thermal_mod
from profiler.analysis.context import NS, Context
from profiler.analysis.series import Frame, conform, empty_frame
from profiler.analysis.values import Generation, Jetsam, ProcessRef
from profiler.trace import catalog
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import pandas as pd

    from profiler.trace.model import LoadedRecording, LoadedRun

T = TypeVar("T")


@dataclass(frozen=True)
class LaunchPart:
    """A launch's figures, except its loads (their kinds are decided over the whole run)."""

    span: L.Span
    fields: dict[str, Any]


@dataclass
class Partial:
    ctx: Context
    fields: dict[str, Any]
    frames: dict[str, pd.DataFrame]
    loads: pd.DataFrame | None  # model, start_ns, duration_ns, text_kind, launch
    load_source: str
    launches: list[LaunchPart]
    windows: tuple[tuple[int, int], ...]


def analyse(rec: LoadedRecording, loaded: LoadedRun, ram_bytes: int | None) -> Partial:
    ctx = Context(rec)
    run = rec.toc_run
    if run is not None and run.summary.duration_s:
        ctx.duration_ns = int(run.summary.duration_s * NS)
    process = samples.read_process(ctx)
    system = samples.read_system(ctx)
    everything = loads_mod.read_all(ctx)
    core_ai = coreai.read_all(ctx)
    coreml, has_process = (everything[0], everything[2]) if everything else (None, False)
    signposts = steps_mod.read_signposts(ctx)
    all_signposts = signposts[0] if signposts else None
    seen = ev.gather(ctx, coreml, has_process, all_signposts, process)
    app = identity.identify(ctx, loaded, seen)
    spans = L.find(ctx.app_pids, ev.timed(ctx, coreml, has_process, all_signposts, process,
                                          seen), ctx.duration_ns)
    events = loads_mod.combined(
        loads_mod.app_events(everything, ctx.app_pids) if everything is not None else None,
        loads_mod.app_events(core_ai, ctx.app_pids) if core_ai is not None else None)
    if events is not None:
        events.frame["launch"] = L.assign(spans, events.frame["start_ns"],
                                          events.frame["pid"] if events.has_process else None)
    mine = steps_mod.app_signposts(ctx, signposts)
    ane = ane_mod.read(ctx, Role.ANE, "ane", by_pid=False)
    gpu = ane_mod.read(ctx, Role.GPU, "gpu", by_pid=True)
    if core_ai is not None and events is not None:
        # the Core AI table gave the loads: the Core ML table's absence is no longer their reason
        ctx.unavailable[:] = [u for u in ctx.unavailable if u.metric != "loads"]
    if events is not None and (events.frame["framework"] == coreai.FRAMEWORK).any():
        ctx.skip(coreai.ane_caveat(ctx, coreai.inference_windows(events.frame),
                                   (gpu.frame, gpu.source) if gpu is not None else None,
                                   coreai.unattributed_gpu(ctx)))
    memory, memory_frame, system_memory = memory_mod.summarise(ctx, process, system, ram_bytes)
    cpu, cpu_frame, system_cpu = cpu_mod.summarise(ctx, process, system)
    app_rows = memory_mod.app_rows(ctx, process)[0] if process is not None else None
    peaks = {s.number: memory_mod.peak(memory_mod.launch_rows(app_rows, s, spans))[0]
             if app_rows is not None else None for s in spans}
    jets = jetsam.find(ctx, spans, peaks)
    found = steps_mod.find_steps(ctx, (mine, signposts[1] if signposts else ""), events,
                                 ane.frame if ane else None, ane.source if ane else None,
                                 spans, set(jets))
    windows = LP.windows(found.loops)
    thermal, thermal_frame, _ = thermal_mod.summarise(ctx)
    load_frame, load_source = _loads(events, found)
    unloads = loads_mod.unloads(events) if events is not None else None
    parts = [_launch(s, spans, found, ane, app_rows, jets.get(s.number), unloads)
             for s in spans]
    summary = run.summary if run else None
    fields = {
        "name": rec.name,
        "template": summary.template_name if summary else None,
        "instruments_version": summary.instruments_version if summary else None,
        "start_date": summary.start_date.isoformat(timespec="milliseconds")
        if summary and summary.start_date else None,
        "duration_s": summary.duration_s if summary else None,
        "process": ProcessRef(ctx.app_name, ctx.app_pid)
        if ctx.app_name or ctx.app_pid is not None else None,
        "app": app,
        "steps": LP.stats(found.loops, found.source or ""), "stages": LP.stages(found.loops),
        "memory": memory, "cpu": cpu,
        "ane": ane_mod.ane_summary(ctx, ane, windows),
        "gpu": ane_mod.gpu_summary(ctx, gpu, windows), "thermal": thermal,
        "foundation_models": foundation_models.summarise(ctx),
        "other_processes": memory_mod.others(ctx, process),
    }
    frames = {
        "predictions": conform(Frame.PREDICTIONS, loads_mod.predictions(events))
        if events is not None else empty_frame(Frame.PREDICTIONS),
        "steps": steps_mod.step_frame(found.loops), "stages": found.stage_frame,
        "ane": _intervals(ane, Frame.ANE), "gpu": _intervals(gpu, Frame.GPU),
        "memory": memory_frame, "system_memory": system_memory,
        "cpu": cpu_frame, "system_cpu": system_cpu, "thermal": thermal_frame,
        "signposts": steps_mod.signpost_frame(mine),
    }
    return Partial(ctx, fields, frames, load_frame, load_source, parts, windows)


def _loads(events: loads_mod.CoreMLEvents | None,
           found: steps_mod.StepResult) -> tuple[pd.DataFrame | None, str]:
    """Core ML load events, else the app's own `load` intervals (one load of `pipeline`)."""
    if events is not None:
        frame = loads_mod.raw_loads(events)
        if not frame.empty:
            return frame, events.source
    if found.app_loads is not None and not found.app_loads.empty:
        name = catalog.main(Role.APP_SIGNPOSTS).name
        return (found.app_loads.assign(text_kind=None),
                f"{name} app `load` intervals (category profiler)")
    if events is not None:
        return loads_mod.raw_loads(events), events.source
    return None, ""


def _launch(span: L.Span, spans: list[L.Span], found: steps_mod.StepResult,
            ane: ane_mod.Intervals | None, app_rows: pd.DataFrame | None,
            jet: Jetsam | None, unloads: pd.DataFrame | None) -> LaunchPart:
    mine = [lp for lp in found.loops if lp.launch == span.number]
    source = found.source or ""
    gens = tuple(
        Generation(number=i, steps=_one(LP.stats([lp], source)), stages=_one(LP.stages([lp])),
                   denoise_start_s=lp.window[0] / NS, denoise_end_s=lp.window[1] / NS,
                   ane_busy_fraction=ane_mod.busy_fraction(ane.merged, [lp.window])
                   if ane is not None else None,
                   planned_steps=lp.planned, cut_short=lp.cut_short,
                   end_to_end_s=lp.end_to_end_ns / NS if lp.end_to_end_ns is not None else None)
        for i, lp in enumerate(mine, start=1))
    rows = memory_mod.launch_rows(app_rows, span, spans) if app_rows is not None else None
    top, top_at = memory_mod.peak(rows) if rows is not None else (None, None)
    cpu_top, cpu_mean = cpu_mod.app_figures(rows) if rows is not None else (None, None)
    wins = LP.windows(mine)
    fields = {
        "number": span.number, "pid": span.pid,
        "start_s": span.start_ns / NS if span.start_ns is not None else None,
        "end_s": span.end_ns / NS if span.end_ns is not None else None,
        "unloads": int((unloads["launch"] == span.number).sum()) if unloads is not None else 0,
        "steps": LP.stats(mine, source), "stages": LP.stages(mine), "generations": gens,
        "ane_busy_fraction_denoise": ane_mod.busy_fraction(ane.merged, wins)
        if ane is not None and wins else None,
        "peak_footprint_bytes": top, "peak_footprint_at_s": top_at,
        "process_peak_percent": cpu_top, "process_mean_percent": cpu_mean, "jetsam": jet,
        "first_step_after_s": (mine[0].starts[0] - span.start_ns) / NS
        if mine and mine[0].starts and span.start_ns is not None else None,
    }
    return LaunchPart(span, fields)


def _one(value: T | None) -> T:
    assert value is not None  # a loop has at least one step
    return value


def _intervals(found: ane_mod.Intervals | None, frame: Frame) -> pd.DataFrame:
    if found is None:
        return empty_frame(frame)
    return conform(frame, found.frame)
