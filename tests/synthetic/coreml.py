"""Core ML events of a recording and their rows in ``coreml-os-signpost`` and ``os-signpost``.

One list of :class:`CoreMLEvent` (time order) feeds both tables and the ground truth. Events:
loads, unloads (text ``Scenario.unload_event``, a GUESS), predictions; with
``EventStyle.REAL`` each top-level prediction also holds ``Input Validation``, ``Input Copy``,
its backend's events and ``Output Transformation``; a pipeline model's events hold its
sub-models' events (model-level ``sub``, parent-model-name = the parent). Other processes'
Core ML work is written only where the table has a process column (it could not be told apart
otherwise, and the truth would be undefined).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tests.synthetic.render import Proc, Thread, text
from tests.synthetic.scenario import ComputeUnit, EventStyle, Layout, LoadStyle, Scenario
from tests.synthetic.timeline import Interval, Timeline, build, ns
from tests.synthetic.xmlwriter import fmt_duration

Row = dict[str, Any]
#: (name, start fraction, end fraction) of a prediction's inner events, by backend
_INNER = {
    ComputeUnit.ANE: (("Input Validation", 0.01, 0.03), ("Input Copy", 0.035, 0.06),
                      ("Output Transformation", 0.94, 0.99)),
    ComputeUnit.CPU: (("Input Validation", 0.01, 0.03), ("Input Copy", 0.035, 0.06),
                      ("CPU", 0.07, 0.93), ("Output Transformation", 0.94, 0.99)),
    ComputeUnit.GPU: (("Input Validation", 0.01, 0.03), ("Input Copy", 0.035, 0.06),
                      ("Prepare GPU Request", 0.065, 0.08), ("GPU Request", 0.085, 0.93),
                      ("Output Transformation", 0.94, 0.99)),
}


@dataclass(frozen=True)
class CoreMLEvent:
    span: Interval
    model: str  # as written: the instance name (``Unet-3``, or a 64-hex hash with suffix)
    event: str
    kind: str  # "load" | "unload" | "prediction" | "inner"
    level: str  # "top" | "sub"
    parent: str | None  # parent-model-name of a sub-model's event
    proc: Proc
    launch: int  # 0 for another process's event
    #: what the event was written for (a LoadEvent, UnloadEvent or Prediction of the timeline)
    origin: Any = None


def app_proc(scenario: Scenario, tl: Timeline, launch: int) -> Proc:
    """The app's process in launch ``launch`` (1-based) of ``tl``."""
    return Proc(scenario.app_name, tl.launches[launch - 1].pid)


def app_thread(proc: Proc) -> Thread:
    return Thread("Thread", 0x2F41 + proc.pid * 16, proc)


def load_event(scenario: Scenario, kind: str) -> str:
    if scenario.load_style is LoadStyle.PLAIN:
        return "Load"
    return "Load (cached)" if kind == "cached" else "Load (prepare and cache)"


def has_process_column(scenario: Scenario) -> bool:
    return scenario.layout("coreml-os-signpost") not in (Layout.XCODE16, Layout.XCODE27)


def _pieces(span: Interval, n: int) -> Iterator[Interval]:
    """``n`` consecutive pieces inside ``span`` (2 % margins), for sub-model events."""
    lo, hi = span.start + span.duration // 50, span.end - span.duration // 50
    size = (hi - lo) // n
    for i in range(n):
        yield Interval(lo + i * size, lo + (i + 1) * size)


def _inside(span: Interval, a: float, b: float) -> Interval:
    return Interval(span.start + int(span.duration * a), span.start + int(span.duration * b))


@lru_cache(maxsize=16)
def events(scenario: Scenario, number: int) -> tuple[CoreMLEvent, ...]:
    """Every Core ML event of recording ``number`` in time order (ties keep their order)."""
    tl = build(scenario, number)
    out: list[CoreMLEvent] = []

    def add(span: Interval, model, event: str, kind: str, launch: int, origin: Any) -> None:
        proc = app_proc(scenario, tl, launch)
        out.append(CoreMLEvent(span, model.instance_name, event, kind, "top", None, proc, launch,
                               origin))
        for sub, piece in zip(model.sub_models, _pieces(span, len(model.sub_models) or 1),
                              strict=False):
            out.append(CoreMLEvent(piece, f"{sub}-{model.instance}", event, kind, "sub",
                                   model.instance_name, proc, launch))

    for load in tl.loads:
        add(load.span, load.model, load.text or load_event(scenario, load.simulated_kind),
            "load", load.launch, load)
    for unload in tl.unloads:
        add(unload.span, unload.model, scenario.unload_event, "unload", unload.launch, unload)
    for p in tl.predictions:
        add(p.span, p.model, "Prediction", "prediction", p.launch, p)
        if scenario.event_style is EventStyle.REAL:
            unit = scenario.unet_compute if p.model.role == "unet" else ComputeUnit.ANE
            for name, a, b in _INNER[unit]:
                out.append(CoreMLEvent(_inside(p.span, a, b), p.model.instance_name, name,
                                       "inner", "top", None, app_proc(scenario, tl, p.launch),
                                       p.launch))
    if has_process_column(scenario):
        out += _other_processes(scenario, tl)
    return tuple(sorted(out, key=lambda e: e.span.start))


def _other_processes(scenario: Scenario, tl: Timeline) -> list[CoreMLEvent]:
    """Another process's Core ML work: one cached load, then a prediction every 4 s."""
    out = []
    for ep in scenario.extra_processes:
        if ep.coreml_model is None:
            continue
        proc, model = Proc(ep.name, ep.pid), f"{ep.coreml_model}-1"
        out.append(CoreMLEvent(Interval(ns(0.8), ns(1.1)), model, load_event(scenario, "cached"),
                               "load", "top", None, proc, 0))
        t = ns(1.5)
        while t + ns(0.04) < tl.end:
            out.append(CoreMLEvent(Interval(t, t + ns(0.04)), model, "Prediction", "prediction",
                                   "top", None, proc, 0))
            t += ns(4.0)
    return out


_TYPES = {"load": "Load", "unload": "Unload", "prediction": "Prediction", "inner": "Stage"}
_COLORS = {"load": "Blue", "prediction": "Green", "inner": "Purple"}


def coreml_rows(scenario: Scenario, number: int) -> Iterator[Row]:
    real = not has_process_column(scenario)
    for e in events(scenario, number):
        label = f"{e.event}: {e.model} ({fmt_duration(e.span.duration)})"
        row: Row = {"start": e.span.start, "duration": e.span.duration, "model": e.model,
                    "event": e.event, "level": e.level}
        if not real:
            row.update(label=label, process=e.proc, thread=app_thread(e.proc)
                       if e.proc.name == scenario.app_name else Thread("Thread", 0x900 + e.proc.pid,
                                                                       e.proc))
            yield row
            continue
        # event-type and color values are UNCONFIRMED (no real row has been seen); parent-model-
        # name is a sentinel for top-level models, the graph label a sentinel for inner events.
        package = e.model.rsplit("-", 1)[0]
        row.update(layout=0, track_label=text(e.model), qualified=text(f"{e.model} "
                   f"({package}.mlmodelc)"), parent=e.parent, event_type=_TYPES[e.kind],
                   color=_COLORS.get(e.kind), label=None if e.kind == "inner" else text(label))
        yield row


def coreml_signpost_rows(scenario: Scenario, number: int) -> Iterator[Row]:
    """``os-signpost`` (subsystem com.apple.coreml, category coreml): a Begin and an End per
    top-level load and prediction of the app. Names and messages are UNCONFIRMED."""
    rows: list[tuple[int, int, Row]] = []
    for i, e in enumerate(events(scenario, number)):
        if e.level != "top" or e.kind not in ("load", "prediction") or e.launch == 0:
            continue
        ident = zlib.crc32(f"{number}:{i}".encode()) | 0x1000_0000
        name = "Load" if e.kind == "load" else "Prediction"
        for t, kind in ((e.span.start, "Begin"), (e.span.end, "End")):
            rows.append((t, len(rows), {
                "time": t, "thread": app_thread(e.proc), "process": e.proc, "event_type": kind,
                "scope": "Process", "identifier": ident, "name": name,
                "format": "model=%{public}s", "backtrace": None, "subsystem": "com.apple.coreml",
                "category": "coreml", "message": text(f"model={e.model}")}))
    rows.sort(key=lambda x: (x[0], x[1]))
    for _, _, row in rows:
        yield row
