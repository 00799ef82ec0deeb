"""What the Perfetto timeline shows, per launch: its slice tracks, counters and instants.

Read from the analysis (the summary and the chart series), never from the trace. One
:class:`Process` per launch of every recording. Rows of the series carry no launch: each goes
to the launch whose span holds its time, between two launches to the earlier one (the
analysis's own rule for rows without a pid, :func:`profiler.analysis.launches.by_time`); loads
carry their launch. Times stay on the recording's own clock (ns from its start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from profiler.analysis import launches as L
from profiler.analysis.summary import Launch, Load, Recording, one_launch
from profiler.report.perfetto_lanes import MAX_ARG, cap
from profiler.report.perfetto_marks import diagnostics, not_measured
from profiler.report.perfetto_model import Process
from profiler.report.view import FRAMEWORK_NAMES, load_framework

if TYPE_CHECKING:
    import pandas as pd

    from profiler.analysis.result import Analysis
    from profiler.analysis.series import RecordingSeries

NS = 1_000_000_000
#: the thermal counter's values; the track name spells them out
THERMAL_LEVELS = {"nominal": 0, "fair": 1, "serious": 2, "critical": 3}
THERMAL_TRACK = "Thermal state (0 Nominal, 1 Fair, 2 Serious, 3 Critical)"
STAGE_NAMES = {"text_encode": "Text encode", "denoise": "Denoise", "decode": "Decode",
               "load": "Load (app signpost)", "safety_check": "Safety check"}
DEFAULT_FRAMEWORK = "Core ML"


def timeline(analysis: Analysis) -> list[Process]:
    """Every launch of every recording, in recording then launch order."""
    out: list[Process] = []
    jetsam = analysis.limits.jetsam_bytes
    for index, rec in enumerate(analysis.summary.recordings):
        series = analysis.series_of(index)
        launches = rec.launches or (one_launch(rec),)
        spans = [L.Span(la.number, la.pid, _ns(la.start_s) or 0, _ns(la.end_s))
                 for la in launches]
        procs = [_process(rec, la) for la in launches]
        _loads(rec, procs, launches)
        if series is not None:
            _series(series, rec, procs, spans, jetsam)
        diagnostics(analysis, rec, procs, spans)
        not_measured(series, rec, procs, spans)
        for proc in procs:
            proc.slices = {k: v for k, v in proc.slices.items() if v.starts}
        out += procs
    return out


def _ns(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * NS)


def _process(rec: Recording, launch: Launch) -> Process:
    app = (rec.app.name if rec.app and rec.app.name else None) or \
        (rec.process.name if rec.process and rec.process.name else None) or "app not identified"
    pid = f" (pid {launch.pid})" if launch.pid is not None else ""
    return Process(cap(f"{app}{pid} · {rec.name} · launch {launch.number}"), launch.pid)


def _framework(obj: object, rec: Recording) -> str:
    """The ML framework of a load or prediction: its own label, the recording's, else Core ML
    (the label is taken when the analysis gives one, e.g. Core AI)."""
    label = getattr(obj, "framework", None) or getattr(rec, "framework", None)
    if label is None and isinstance(obj, Load):
        label = load_framework(obj)
    return framework_name(label) if label else DEFAULT_FRAMEWORK


def framework_name(value: str) -> str:
    """``Core ML`` for the series' ``core-ml`` (``Core AI`` for ``core-ai``), else the value."""
    return FRAMEWORK_NAMES.get(value, cap(value))


def _loads(rec: Recording, procs: list[Process], launches: tuple[Launch, ...]) -> None:
    by_number = {la.number: p for la, p in zip(launches, procs, strict=True)}
    for load in rec.loads:
        proc = by_number.get(load.launch or 1, procs[0])
        track = proc.slice_track("Model loads")
        start = round(load.start_s * NS)
        kind = str(load.kind)
        track.add(start, start + round(load.duration_s * NS), cap(f"Load ({kind}): {load.model}"),
                  colour=f"load {kind}",
                  args={"framework": _framework(load, rec),
                        "kind from": str(load.kind_from) if load.kind_from else "unknown",
                        "source": cap(load.source, MAX_ARG)})


def _owners(spans: list[L.Span], times: Any) -> Any:
    return L.by_time(spans, times) - 1  # launch index of each time


def _intervals(frame: pd.DataFrame | None) -> tuple[list[int], list[int], Any] | None:
    import numpy as np

    if frame is None or frame.empty:
        return None
    start = frame["start_ns"].to_numpy("int64")
    end = np.maximum(start + frame["duration_ns"].to_numpy("int64"), start)
    return start.tolist(), end.tolist(), frame


def _spread(procs: list[Process], owners: Any, track: str, thread: bool,
            starts: list[int], ends: list[int], names: list[str]) -> None:
    """Intervals onto their launches' ``track`` (one bulk step per launch)."""
    import numpy as np

    if len(procs) == 1:
        procs[0].slice_track(track, thread=thread).extend(starts, ends, names)
        return
    for who in sorted(set(owners.tolist())):
        idx = np.flatnonzero(owners == who).tolist()
        procs[who].slice_track(track, thread=thread).extend(
            [starts[i] for i in idx], [ends[i] for i in idx], [names[i] for i in idx])


def _series(series: RecordingSeries, rec: Recording, procs: list[Process],
            spans: list[L.Span], jetsam: int | None) -> None:
    f = series.frames
    _stages(f.get("stages"), procs, spans)
    _steps(f.get("steps"), series.denoise_windows_ns, procs, spans)
    found = _intervals(f.get("predictions"))
    if found is not None:
        starts, ends, frame = found
        frameworks = frame["framework"].tolist() if "framework" in frame else None
        for k, (s, e, model, who) in enumerate(zip(starts, ends, frame["model"].tolist(),
                                                   _owners(spans, starts), strict=True)):
            fw = (framework_name(frameworks[k]) if frameworks and frameworks[k]
                  else _framework(None, rec))
            name = cap(model)
            procs[who].slice_track(cap(f"{fw} predictions: {name}")).add(
                s, e, cap(f"Prediction: {name}"), colour=f"prediction {name}")
    for key, track, label in (("signposts", "App signposts", "name"),
                              ("ane", "Neural Engine", "label"), ("gpu", "GPU", None)):
        found = _intervals(f.get(key))
        if found is None:
            continue
        starts, ends, frame = found
        labels = frame[label].fillna("").tolist() if label else [""] * len(starts)
        names = [cap(n) if n else f"{track} interval" for n in labels]
        _spread(procs, _owners(spans, starts), track, key == "signposts", starts, ends, names)
    _counters(f, procs, spans)
    _thermal(f.get("thermal"), procs, spans)
    if jetsam:
        for proc, span in zip(procs, spans, strict=True):
            counter = proc.counter("Jetsam budget", "bytes")
            end = span.end_ns if span.end_ns is not None else _ns(rec.duration_s)
            for t in (span.start_ns or 0, end if end is not None else span.start_ns or 0):
                counter.times.append(t)
                counter.values.append(float(jetsam))


def _stages(frame: pd.DataFrame | None, procs: list[Process], spans: list[L.Span]) -> None:
    found = _intervals(frame)
    if found is None:
        return
    starts, ends, frame = found
    for s, e, stage, who in zip(starts, ends, frame["stage"].tolist(), _owners(spans, starts),
                                strict=True):
        name = STAGE_NAMES.get(str(stage), cap(stage))
        procs[who].slice_track("Stages").add(s, e, name, colour=f"stage {name}")


def _steps(frame: pd.DataFrame | None, windows: tuple[tuple[int, int], ...],
           procs: list[Process], spans: list[L.Span]) -> None:
    """Steps named ``step N``, N counted within their image (denoising window, numbered
    within the launch); a step outside every window is counted over the recording."""
    import bisect

    found = _intervals(frame)
    if found is None:
        return
    starts, ends, _ = found
    lefts = [a for a, _ in windows]
    owners = _owners(spans, lefts) if windows else []
    image_of = [sum(1 for j in range(k + 1) if owners[j] == owners[k]) for k in range(len(lefts))]
    counts: dict[int, int] = {}
    for s, e, who in zip(starts, ends, _owners(spans, starts), strict=True):
        k = bisect.bisect_right(lefts, s) - 1
        if k >= 0 and not s < windows[k][1]:
            k = -1
        counts[k] = counts.get(k, 0) + 1
        procs[who].slice_track("Steps").add(s, e, f"step {counts[k]}", colour="step",
                                           args={"image": image_of[k]} if k >= 0 else None)


def _counters(f: dict[str, pd.DataFrame], procs: list[Process], spans: list[L.Span]) -> None:
    for key, column, track, unit in (
            ("memory", "footprint_bytes", "App footprint", "bytes"),
            ("system_memory", "used_bytes", "System memory used", "bytes"),
            ("cpu", "process_percent", "Process CPU % (100 % = one core)", "percent"),
            ("system_cpu", "system_percent", "System CPU % (100 % = one core)", "percent")):
        frame = f.get(key)
        if frame is None or frame.empty or column not in frame:
            continue
        rows = frame[["time_ns", column]].dropna()
        times = rows["time_ns"].astype("int64").tolist()
        for t, v, who in zip(times, rows[column].astype("float64").tolist(),
                             _owners(spans, times), strict=True):
            counter = procs[who].counter(track, unit)
            counter.times.append(t)
            counter.values.append(v)


def _thermal(frame: pd.DataFrame | None, procs: list[Process], spans: list[L.Span]) -> None:
    """A level counter for the known states; an unknown state name is an instant event."""
    found = _intervals(frame)
    if found is None:
        return
    starts, _, frame = found
    for s, state, who in zip(starts, frame["state"].fillna("").tolist(), _owners(spans, starts),
                             strict=True):
        level = THERMAL_LEVELS.get(str(state).strip().lower())
        if level is None:
            marks = procs[who].marks("Thermal state (unknown names)")
            marks.times.append(s)
            marks.names.append(cap(f"thermal state: {state}"))
            marks.args.append({})
            continue
        counter = procs[who].counter(THERMAL_TRACK, "level")
        counter.times.append(s)
        counter.values.append(float(level))
