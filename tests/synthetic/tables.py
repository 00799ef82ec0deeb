"""Row generators, one per schema: each yields ``{column key: value}`` dicts in export order.

The values are rendered by :mod:`tests.synthetic.render`; the same generators feed the ground
truth (:mod:`tests.synthetic.groundtruth`), so the truth is computed from the written events.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import Any

from tests.synthetic import logs
from tests.synthetic.coreml import app_proc, coreml_rows, coreml_signpost_rows
from tests.synthetic.render import Loc, Proc, Thread, text
from tests.synthetic.scenario import ComputeUnit, Scenario, ThermalState
from tests.synthetic.series import samples
from tests.synthetic.sparse import sysmon_rows
from tests.synthetic.timeline import Interval, build, ns, rng

Row = dict[str, Any]
APP_UUID = (0x5EC7A1C0DE1F0000, 0x5A4E7E71C0000001)  # "synthetic" emit-location binary


def app(scenario: Scenario) -> Proc:
    return Proc(scenario.app_name, scenario.app_pid)


def worker(proc: Proc) -> Thread:
    return Thread("Thread", 0x2F41 + proc.pid * 16, proc)


def main_thread(proc: Proc) -> Thread:
    return Thread("Main Thread", 0x1A2B + proc.pid * 16, proc)


def _split(span: Interval, n: int) -> Iterator[Interval]:
    """``n`` back-to-back pieces of ``span`` with tiny idle gaps (0.1 % of the span), much
    shorter than the gap between two UNet steps (the scheduler's ``overhead_s``)."""
    gap = span.duration // (1000 * max(1, n))
    piece = (span.duration - gap * (n - 1)) // n
    for i in range(n):
        start = span.start + i * (piece + gap)
        yield Interval(start, start + piece)


def _compiled(name: str) -> str:
    return f"{name}_{zlib.crc32(name.encode()) & 0xFFFFFFFF:08x}"


def ane_intervals(scenario: Scenario, number: int) -> Iterator[tuple[Interval, str]]:
    tl = build(scenario, number)
    unet_ane = scenario.unet_compute is ComputeUnit.ANE
    n = scenario.scale.ane_intervals_per_prediction
    events: list[tuple[Interval, str]] = []
    for load in tl.loads:
        if load.model.role == "unet" and not unet_ane:
            continue
        length = ns(0.024 if load.simulated_kind == "uncached" else 0.006)
        events.append((Interval(load.span.end - length - ns(0.002), load.span.end - ns(0.002)),
                       "Neural Engine Load"))
    for p in tl.predictions:
        if p.model.role == "unet" and not unet_ane:
            continue
        label = f"{_compiled(p.model.shown_name)} Prediction"
        events.extend((piece, label) for piece in _split(p.span, n))
    events.sort(key=lambda e: e[0].start)
    yield from events


def ane_rows(scenario: Scenario, number: int) -> Iterator[Row]:
    for span, label in ane_intervals(scenario, number):
        yield {"start": span.start, "duration": span.duration, "channel": "Apple Neural Engine",
               "depth": 0, "label": label, "state": "Active", "color": 0}


def gpu_rows(scenario: Scenario, number: int) -> Iterator[Row]:
    tl = build(scenario, number)
    r = rng(scenario, number, "gpu")
    backboardd = Proc("backboardd", 61)
    events: list[tuple[Interval, Proc, str]] = []
    t = ns(0.21)
    while t < tl.end - ns(0.01):  # compositing, once a second
        events.append((Interval(t, t + ns(0.0009 + 0.0007 * r.random())), backboardd, "Fragment"))
        t += ns(1.0)
    for g in tl.generations:  # the app's progress preview after each step
        proc = app_proc(scenario, tl, g.launch)
        for step in g.steps:
            events.append((Interval(step.end + ns(0.001), step.end + ns(0.0021)), proc,
                           "Fragment"))
    if scenario.unet_compute is ComputeUnit.GPU:
        for p in tl.predictions:
            if p.model.role == "unet":
                events.extend((piece, app_proc(scenario, tl, p.launch), "Compute")
                              for piece in _split(p.span, scenario.scale.ane_intervals_per_prediction))
    events.sort(key=lambda e: e[0].start)
    for i, (span, proc, channel) in enumerate(events):
        yield {"start": span.start, "duration": span.duration, "channel": channel, "frame": None,
               "latency": ns(0.0002 + 0.0008 * r.random()), "depth": 0,
               "label": f"GPU Execution      ( {proc.name} ({proc.pid}) )  0x{0x47E7A1BB + i:x}",
               "state": "Active", "connection": 1 if proc.pid == 61 else 13, "color": 0,
               "process": proc, "gpu": "Apple A15 GPU", "subtitle": "n/a", "iosurface": "n/a",
               "bytes": 0, "cmdbuffer": 0xA79439F + 2 * i, "encoder": 0xA7943B4 + 2 * i,
               "submission": 1206362555 + i}


def mps_rows(scenario: Scenario, number: int) -> Iterator[Row]:
    """MPSGraph command buffers of the UNet predictions on the GPU, as in the real export:
    frame-number, start-latency and process are sentinels, the subtitle an empty string."""
    tl = build(scenario, number)
    if scenario.unet_compute is not ComputeUnit.GPU:
        return
    graph = 0x10F504470 + number * 0x1000
    buffer = 0xAA130CC9
    gpu = f"Apple {scenario.device.chip.split()[0]} GPU"
    for p in tl.predictions:
        if p.model.role != "unet":
            continue
        for piece in _split(p.span, scenario.scale.mps_buffers_per_prediction):
            buffer += 0x44
            label = [("narrative-text", "MPSGraph:0x", "MPSGraph:0x"),
                     ("uint64-hex-lowercase", graph, f"{graph:x}"),
                     ("narrative-text", " (CommandBuffer: 0x", " (CommandBuffer: 0x"),
                     ("uint64-hex-lowercase", buffer, f"{buffer:x}"), ("narrative-text", ")", ")")]
            yield {"start": piece.start, "duration": piece.duration, "channel": "MPSGraph",
                   "frame": None, "latency": None, "depth": 0, "label": label, "state": "Active",
                   "connection": 0, "color": 0, "process": None, "gpu": gpu, "subtitle": ""}


def am_process_rows(scenario: Scenario, number: int) -> Iterator[Row]:
    for s in samples(scenario, number):
        for p in s.processes:
            yield {"start": s.time, "duration": s.duration, "process": Proc(p.name, p.pid),
                   "pid": p.pid, "cpu": p.cpu_percent, "cpu_total": p.cpu_total_ns,
                   "threads": p.threads, "ports": p.ports, "wakeups": p.wakeups,
                   "footprint": p.footprint, "real": p.real, "real_private": p.real_private,
                   "real_shared": p.real_shared, "purgeable": p.purgeable,
                   "compressed": p.compressed, "disk_written": p.disk_written,
                   "disk_read": p.disk_read}


def am_system_rows(scenario: Scenario, number: int) -> Iterator[Row]:
    for s in samples(scenario, number):
        y = s.system
        yield {"start": s.time, "duration": s.duration, "cpu_total": y.cpu_total,
               "cpu_user": y.cpu_user, "cpu_system": y.cpu_system, "used": y.used,
               "cached_files": y.cached_files, "compressed": y.compressed, "swap": y.swap,
               "free": y.free, "processes": y.processes, "threads_total": y.threads}


def app_signposts(scenario: Scenario, number: int) -> list[tuple[Interval, str, Any, Proc]]:
    """The app's (span, name, start message, process) intervals in category
    ``scenario.category``, launch by launch. An interval still open when jetsam killed the app
    (its `generate`, the step in progress) never ended, so it is not exported."""
    tl = build(scenario, number)
    out: list[tuple[Interval, str, Any, Proc]] = []
    for launch in tl.launches:
        proc = app_proc(scenario, tl, launch.number)
        first = [ld for ld in launch.loads if not ld.jit]
        out.append((launch.load_span, "load", text(f"models={len(first)}"), proc))
        for g in launch.generations:
            n = g.planned_steps
            if g.decode is not None:
                out.append((g.generate, "generate", text(f"steps={n}"), proc))
            out.append((g.text_encode, "textEncode", None, proc))
            for i, step in enumerate(g.steps):
                out.append((step, "unetStep", [("narrative-text", "step=", "step="),
                                               ("uint64", i + 1, str(i + 1)),
                                               ("narrative-text", " total=", " total="),
                                               ("uint64", n, str(n))], proc))
            if g.decode is not None:
                out.append((g.decode, "vaeDecode", None, proc))
            if g.safety is not None:
                out.append((g.safety, "safetyCheck", None, proc))
    return out


def signpost_rows(scenario: Scenario, number: int) -> Iterator[Row]:
    tl = build(scenario, number)
    r = rng(scenario, number, "signposts")
    rows: list[tuple[int, Row]] = []
    if scenario.app_signposts:
        for i, (span, name, message, proc) in enumerate(app_signposts(scenario, number)):
            thread = main_thread(proc) if name == "generate" else worker(proc)
            rows.append((span.start, _signpost(scenario, span, name, scenario.category,
                                               scenario.subsystem, 0x5C0FF1 + i, proc,
                                               thread, message, 0x1F40 + 0x40 * len(name))))
    for span, proc, subsystem, category, name in logs.signpost_noise(scenario, tl, r):
        thread = Thread("Thread", 0x600 + proc.pid, proc)
        ident = r.getrandbits(64)
        rows.append((span.start, _signpost(scenario, span, name, category, subsystem, ident, proc,
                                           thread, None, 0x2000 + r.randrange(64) * 8)))
    rows.sort(key=lambda x: x[0])
    for _, row in rows:
        yield row


def _signpost(scenario: Scenario, span: Interval, name: str, category: str, subsystem: str,
              ident: int, proc: Proc, thread: Thread, message: Any, offset: int) -> Row:
    return {"start": span.start, "duration": span.duration, "layout": 0, "name": name,
            "category": category, "subsystem": subsystem, "identifier": ident, "process": proc,
            "end-process": proc, "start-thread": thread, "end-thread": thread,
            "start-message": message, "end-message": None, "start-backtrace": None,
            "end-backtrace": None, "start-emit-location": Loc(*APP_UUID, offset),
            "end-emit-location": Loc(*APP_UUID, offset + 0x54),
            "signature": [("string", name, name)]}


def os_log_rows(scenario: Scenario, number: int) -> Iterator[Row]:
    yield from logs.os_log_rows(scenario, build(scenario, number),
                                rng(scenario, number, "os-log"))


def thermal_rows(scenario: Scenario, number: int) -> Iterator[Row]:
    for start, end, state in thermal_intervals(scenario, number):
        yield {"start": start, "duration": end - start, "end": end, "state": str(state),
               "track": "Current", "induced": False,
               "narrative": [("thermal-state", str(state), str(state)),
                             ("narrative-text", " thermal state", " thermal state")]}


def thermal_intervals(scenario: Scenario, number: int) -> list[tuple[int, int, ThermalState]]:
    tl = build(scenario, number)
    changes = sorted((max(0, ns(at)), state) for at, state in tl.spec.thermal if ns(at) < tl.end)
    if not changes or changes[0][0] > 0:
        changes.insert(0, (0, ThermalState.NOMINAL))
    out = []
    for i, (start, state) in enumerate(changes):
        end = changes[i + 1][0] if i + 1 < len(changes) else tl.end
        if end > start:
            out.append((start, end, state))
    return out


ROWS: dict[str, Callable[[Scenario, int], Iterator[Row]]] = {
    "coreml-os-signpost": coreml_rows,
    "mps-hw-intervals": mps_rows,
    "sysmon-process": sysmon_rows,
    "os-signpost": coreml_signpost_rows,
    "ane-hw-intervals": ane_rows,
    "metal-gpu-intervals": gpu_rows,
    "activity-monitor-process-live": am_process_rows,
    "activity-monitor-system": am_system_rows,
    "os-signpost-interval": signpost_rows,
    "os-log": os_log_rows,
    "device-thermal-state-intervals": thermal_rows,
}
