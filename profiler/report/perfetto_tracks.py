"""What the Perfetto timeline shows, per launch: its slice tracks, counters and instants.

Read from the analysis (the summary and the chart series), never from the trace. One
:class:`Process` per launch of every recording. Rows of the series carry no launch: each goes
to the launch whose span holds its time, between two launches to the earlier one (the
analysis's own rule for rows without a pid, :func:`profiler.analysis.launches.by_time`); loads
carry their launch. Times stay on the recording's own clock (ns from its start).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from profiler.analysis import launches as L
from profiler.analysis.summary import Launch, Recording, one_launch
from profiler.report.perfetto_lanes import MAX_ARG, cap

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


@dataclass
class Slices:
    """Intervals for one track family; ``thread`` tracks are the app's activity, the others
    (Neural Engine, GPU) hardware with no thread of the app."""

    track: str
    thread: bool
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    #: slices with the same colour key are drawn in the same colour (Perfetto's correlation id)
    colours: list[str | None] = field(default_factory=list)
    args: list[dict[str, Any] | None] = field(default_factory=list)

    def add(self, start: int, end: int, name: str, colour: str | None = None,
            args: dict[str, Any] | None = None) -> None:
        self.starts.append(start)
        self.ends.append(max(start, end))
        self.names.append(name)
        self.colours.append(colour)
        self.args.append(args)

    def extend(self, starts: list[int], ends: list[int], names: list[str]) -> None:
        """Many slices without colour or arguments (``ends`` already >= ``starts``)."""
        self.starts += starts
        self.ends += ends
        self.names += names
        self.colours += [None] * len(starts)
        self.args += [None] * len(starts)


@dataclass
class Counter:
    track: str
    unit: str  # "bytes", "percent" or "level"
    times: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)


@dataclass
class Instants:
    track: str
    times: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    args: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Process:
    """One launch: its name, the app's real pid (None unknown) and its tracks by name."""

    name: str
    pid: int | None
    slices: dict[str, Slices] = field(default_factory=dict)
    counters: dict[str, Counter] = field(default_factory=dict)
    instants: dict[str, Instants] = field(default_factory=dict)

    def slice_track(self, track: str, *, thread: bool = True) -> Slices:
        if track not in self.slices:
            self.slices[track] = Slices(track, thread)
        return self.slices[track]

    def counter(self, track: str, unit: str) -> Counter:
        if track not in self.counters:
            self.counters[track] = Counter(track, unit)
        return self.counters[track]

    def marks(self, track: str) -> Instants:
        if track not in self.instants:
            self.instants[track] = Instants(track)
        return self.instants[track]


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
        _diagnostics(analysis, rec, procs, spans)
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
    return cap(label) if label else DEFAULT_FRAMEWORK


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
            fw = cap(frameworks[k]) if frameworks and frameworks[k] else _framework(None, rec)
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


def _diagnostics(analysis: Analysis, rec: Recording, procs: list[Process],
                 spans: list[L.Span]) -> None:
    """Each diagnostic whose evidence names this recording and a time, at that time.

    The summary keeps one evidence per diagnostic group (its earliest); the group's count and
    first/last times go along as arguments. A diagnostic without a recording time (a ``--log``
    file, a crash report outside the recording) is put at the launch start, said so in its
    arguments.
    """
    for d in analysis.summary.diagnostics:
        where = d.evidence.source if d.evidence else d.source
        sources = [s.strip() for s in d.source.split(",")]
        mine = where.startswith(f"{rec.name}:") or where == rec.name
        if not mine and not any(s.startswith(f"{rec.name}:") or s == rec.name for s in sources):
            continue
        at = d.evidence.time_s if mine and d.evidence and d.evidence.time_s is not None else None
        t = _ns(at)
        who = int(_owners(spans, [t])[0]) if t is not None else 0
        args: dict[str, Any] = {
            "code": cap(d.code), "severity": str(d.severity), "message": cap(d.message, MAX_ARG),
            "count": d.count, "source": cap(d.source, MAX_ARG),
            "time": "from the evidence" if t is not None
            else "not known in this recording: placed at the launch start",
        }
        if d.evidence is not None:
            args["evidence"] = cap(d.evidence.text, MAX_ARG)
        marks = procs[who].marks("Diagnostics")
        marks.times.append(t if t is not None else spans[who].start_ns or 0)
        marks.names.append(cap(f"{d.severity}: {d.code}"))
        marks.args.append(args)
