"""`analyze()`: every recording of a loaded run → the summary contract plus chart series."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from profiler.analysis import ane as ane_mod
from profiler.analysis import cpu as cpu_mod
from profiler.analysis import loads as loads_mod
from profiler.analysis import memory as memory_mod
from profiler.analysis import steps as steps_mod
from profiler.analysis import thermal as thermal_mod
from profiler.analysis.context import NS, Context
from profiler.analysis.headline import device_info, headline
from profiler.analysis.result import Analysis
from profiler.analysis.series import Frame, RecordingSeries, conform, empty_frame
from profiler.analysis.summary import ProcessRef, Recording, Summary, Unavailable
from profiler.trace import catalog
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import pandas as pd

    from profiler.trace.model import LoadedRecording, LoadedRun


@dataclass
class _Partial:
    """One recording analysed up to the point where loads need the other recordings."""

    ctx: Context
    fields: dict[str, Any]
    frames: dict[str, pd.DataFrame]
    loads: pd.DataFrame | None
    load_source: str
    windows: tuple[tuple[int, int], ...]


def analyze(loaded: LoadedRun, *, logs: Sequence[str] = (),
            model_path: str | Path | None = None) -> Analysis:
    device = device_info(loaded)
    partials = [_recording(rec, loaded, device.ram_bytes) for rec in loaded.recordings]
    kinds, rule = loads_mod.classify([p.loads for p in partials])
    recordings, series = [], []
    for part, rec_kinds in zip(partials, kinds, strict=True):
        built = (loads_mod.build(part.loads, rec_kinds, part.load_source)
                 if part.loads is not None else ())
        part.frames["loads"] = _loads_frame(built)
        recordings.append(Recording(**part.fields, loads=built, load_s=loads_mod.totals(built),
                                    unavailable=tuple(part.ctx.unavailable)))
        missing = _missing(part.ctx)
        unverified = {catalog.canonical(s) for s in part.ctx.recording.unverified}
        series.append(RecordingSeries(part.ctx.recording.name, part.frames,
                                      tuple(part.ctx.used), missing, part.windows,
                                      tuple(s for s in part.ctx.used if s in unverified)))
    summary = Summary(device=device, recordings=tuple(recordings),
                      headline=headline(recordings), name=loaded.name, load_rule=rule)
    summary, measured = _diagnose(loaded, summary, tuple(series), logs)
    return Analysis(summary=summary, series=tuple(series),
                    inspection=_inspect(loaded, model_path, device), measured_limit_bytes=measured)


def _recording(rec: LoadedRecording, loaded: LoadedRun, ram_bytes: int | None) -> _Partial:
    ctx = Context(rec)
    _identify_app(ctx, loaded)
    process = memory_mod.read_process(ctx)
    system = memory_mod.read_system(ctx)
    if ctx.app_pid is None and process is not None:
        # The pid is needed to pick the app's rows in the signpost and GPU tables too.
        rows, how = memory_mod.app_rows(ctx, process)
        if "pid" in rows and rows["pid"].notna().any():
            ctx.app_pid, ctx.app_how = int(rows["pid"].dropna().iloc[0]), how
    events = loads_mod.read_events(ctx)
    ane = ane_mod.read(ctx, Role.ANE, "ane", by_pid=False)
    gpu = ane_mod.read(ctx, Role.GPU, "gpu", by_pid=True)
    found = steps_mod.find_steps(ctx, events, ane.frame if ane else None,
                                 ane.source if ane else None)
    memory, memory_frame, system_memory = memory_mod.summarise(ctx, process, system, ram_bytes)
    cpu, cpu_frame, system_cpu = cpu_mod.summarise(ctx, process, system)
    ane_summary, _ = ane_mod.ane_summary(ctx, ane, found.window)
    gpu_summary, _ = ane_mod.gpu_summary(ctx, gpu, found.window)
    thermal, thermal_frame, _ = thermal_mod.summarise(ctx)

    load_frame, load_source = None, ""
    if events is not None:
        load_frame, load_source = loads_mod.raw_loads(events), events.source
    if (load_frame is None or load_frame.empty) and found.app_loads is not None \
            and not found.app_loads.empty:
        # No Core ML load events: the app's own `load` intervals still time the loads.
        load_frame = found.app_loads.assign(text_kind=None)
        load_source = (f"{catalog.main(Role.APP_SIGNPOSTS).name} app `load` intervals "
                       "(category profiler)")
    summary = rec.toc_run.summary if rec.toc_run else None
    fields = {
        "name": rec.name,
        "template": summary.template_name if summary else None,
        "instruments_version": summary.instruments_version if summary else None,
        "start_date": summary.start_date.isoformat(timespec="milliseconds")
        if summary and summary.start_date else None,
        "duration_s": summary.duration_s if summary else None,
        "process": ProcessRef(ctx.app_name, ctx.app_pid)
        if ctx.app_name or ctx.app_pid is not None else None,
        "steps": found.steps, "stages": found.stages, "memory": memory, "cpu": cpu,
        "ane": ane_summary, "gpu": gpu_summary, "thermal": thermal,
    }
    frames = {
        "predictions": _predictions(events),
        "steps": found.step_frame,
        "stages": found.stage_frame,
        "ane": _intervals(ane, Frame.ANE),
        "gpu": _intervals(gpu, Frame.GPU),
        "memory": memory_frame, "system_memory": system_memory,
        "cpu": cpu_frame, "system_cpu": system_cpu,
        "thermal": thermal_frame,
    }
    return _Partial(ctx, fields, frames, load_frame, load_source, found.windows)


def _identify_app(ctx: Context, loaded: LoadedRun) -> None:
    """The app's name and pid: TOC target, else run.json's app name matched in the TOC."""
    run = ctx.recording.toc_run
    if run is not None:
        if run.summary.duration_s:
            ctx.duration_ns = int(run.summary.duration_s * NS)
        if run.target is not None:
            ctx.app_name, ctx.app_pid = run.target.name, run.target.pid
            ctx.app_how = "the TOC target" if run.target.pid is not None else None
    if ctx.app_name is None and loaded.run is not None:
        ctx.app_name = loaded.run.app.name
    if ctx.app_pid is None and ctx.app_name and run is not None:
        match = next((p for p in run.processes if p.name == ctx.app_name), None)
        ctx.app_pid = match.pid if match else None
        ctx.app_how = f"process name {ctx.app_name} in the TOC" if match else None


def _missing(ctx: Context) -> tuple[Unavailable, ...]:
    """Tables of interest that are absent, except alternates of a table that was used."""
    groups = [{e.name for e in catalog.of_role(role)}
              for role in (Role.ANE, Role.PROCESS, Role.SYSTEM, Role.GPU)]
    covered = {s for g in groups if g & set(ctx.used) for s in g}
    return tuple(Unavailable(schema, reason) for schema, reason in ctx.recording.missing.items()
                 if catalog.canonical(schema) not in covered)


def _loads_frame(built: Sequence[Any]) -> pd.DataFrame:
    import pandas as pd

    return conform(Frame.LOADS, pd.DataFrame({
        "model": [b.model for b in built], "kind": [str(b.kind) for b in built],
        "start_ns": [round(b.start_s * NS) for b in built],
        "duration_ns": [round(b.duration_s * NS) for b in built],
    }))


def _predictions(events: loads_mod.CoreMLEvents | None) -> pd.DataFrame:
    if events is None:
        return empty_frame(Frame.PREDICTIONS)
    return conform(Frame.PREDICTIONS, loads_mod.predictions(events))


def _intervals(found: ane_mod.Intervals | None, frame: Frame) -> pd.DataFrame:
    if found is None:
        return empty_frame(frame)
    return conform(frame, found.frame)


def _diagnose(loaded: LoadedRun, summary: Summary, series: tuple[RecordingSeries, ...],
              logs: Sequence[str]) -> tuple[Summary, int | None]:
    """The summary with its diagnostics, and the jetsam limit measured from a crash report."""
    from profiler.analysis.diagnostics import diagnose, measured_jetsam_limit

    found = diagnose(loaded, summary, series, extra_logs=tuple(logs))
    return replace(summary, diagnostics=tuple(found)), measured_jetsam_limit(loaded, summary)


def _inspect(loaded: LoadedRun, model_path: str | Path | None, device: Any) -> Any:
    """The model inspection: ``--model-path``, else the folder `profiler run` recorded."""
    if model_path is None:
        recorded = loaded.run.model_path if loaded.run is not None else None
        if not (recorded and Path(recorded).is_dir()):
            return None  # none given, or the run was recorded on another machine
        model_path = recorded
    from profiler.model import inspect_path

    # The device (product type) lets the inspection compare weights with RAM and jetsam budget.
    return inspect_path(model_path, device=getattr(device, "product_type", None))
