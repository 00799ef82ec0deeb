"""Text-ish events: os-log rows, other processes' signposts (noise) and the app's console.log."""

from __future__ import annotations

import random
import statistics
import zlib
from collections.abc import Iterator
from typing import Any

from tests.synthetic.render import Loc, Proc, Thread, text
from tests.synthetic.scenario import LogLine, Scenario
from tests.synthetic.timeline import Interval, Timeline, ns

Row = dict[str, Any]
SYSTEM_UUID = (0x95EC3610E01A3730, 0x9CD5B6B18C5B0560)

#: (process, subsystem, category, name) of other signposts; the last one reuses the app's
#: convention in another process, so the analysis must filter by the target process.
NOISE_SIGNPOSTS = (
    (Proc("backboardd", 61), "com.apple.coreanimation", "CA", "Commit"),
    (Proc("SpringBoard", 34), "com.apple.SpringBoard", "PointsOfInterest", "IconLayout"),
    (None, None, "ui", "render"),  # the app itself, same subsystem, another category
    (Proc("ImageBench", 777), "com.example.ImageBench", "profiler", "unetStep"),
)
NOISE_LOGS = (
    (Proc("SpringBoard", 34), "com.apple.SpringBoard", "Scene", "[FBSScene] scene did update"),
    (Proc("backboardd", 61), "com.apple.backboard", "Display", "Display brightness changed"),
    (Proc("locationd", 97), "com.apple.locationd", "Core", "Client authorization unchanged"),
)


def signpost_noise(scenario: Scenario, tl: Timeline, r: random.Random,
                   ) -> Iterator[tuple[Interval, Proc, str, str, str]]:
    if not scenario.system_noise:
        return
    rate = scenario.scale.noise_signposts_per_s
    count = int(tl.end / 1e9 * rate)
    for i in range(count):
        proc, subsystem, category, name = NOISE_SIGNPOSTS[i % 3]
        if proc is None:
            proc, subsystem = Proc(scenario.app_name, scenario.app_pid), scenario.subsystem
        start = r.randrange(0, max(1, tl.end - ns(0.01)))
        yield Interval(start, start + ns(0.0003 + 0.002 * r.random())), proc, subsystem, category, name
    # two foreign `unetStep`s before the loads (another app using the same convention)
    proc, subsystem, category, name = NOISE_SIGNPOSTS[3]
    for k in range(2):
        start = ns(0.2 + 0.5 * k)
        yield Interval(start, start + ns(0.3)), proc, subsystem, category, name


def _log(scenario: Scenario, t: int, proc: Proc, subsystem: str, category: str, kind: str,
         fmt: str, message: Any, app: bool = False) -> Row:
    thread = Thread("Thread", 0x700 + proc.pid, proc)
    if app or proc.pid == scenario.app_pid:
        thread = Thread("Thread", 0x2F41 + proc.pid * 16, proc)
    offset = 0x3000 + (zlib.crc32(fmt.encode()) & 0xFF0)
    return {"time": t, "thread": thread, "process": proc, "message_type": kind, "format": fmt,
            "backtrace": None, "subsystem": subsystem, "category": category,
            "message": message, "emit-location": Loc(*SYSTEM_UUID, offset)}


def _pid_for(name: str) -> int:
    return 400 + zlib.crc32(name.encode()) % 5000


def os_log_rows(scenario: Scenario, tl: Timeline, r: random.Random) -> Iterator[Row]:
    me = Proc(scenario.app_name, scenario.app_pid)
    sub, cat = scenario.subsystem, "pipeline"
    rows: list[tuple[int, int, Row]] = []

    def add(t: int, row: Row) -> None:
        rows.append((t, len(rows), row))

    for launch in tl.launches:
        me = Proc(scenario.app_name, launch.pid)
        for load in launch.loads:
            name = f"{load.model.name}.{load.model.package}"
            if load.model.package == "mlmodelc":
                name = load.model.name  # the sample's lines
            add(load.span.start, _log(scenario, load.span.start, me, sub, cat, "Default",
                                      "Loading %{public}@",
                                      [("narrative-text", "Loading ", "Loading "),
                                       ("string", name, name)], app=True))
            secs = f"{load.span.duration / 1e9:.2f}"
            add(load.span.end, _log(scenario, load.span.end + 1, me, sub, cat, "Default",
                                    "Loaded %{public}@ in %.2f s",
                                    [("narrative-text", "Loaded ", "Loaded "),
                                     ("string", name, name), ("narrative-text", " in ", " in "),
                                     ("string", secs, secs), ("narrative-text", " s", " s")],
                                    app=True))
        for g in launch.generations:
            add(g.generate.start, _log(scenario, g.generate.start, me, sub, cat, "Default",
                                       "Generating %d steps",
                                       text(f"Generating {g.planned_steps} steps"), app=True))
            if g.decode is None:
                continue  # killed: the image never came
            secs = f"{g.generate.duration / 1e9:.2f}"
            add(g.generate.end, _log(scenario, g.generate.end, me, sub, cat, "Default",
                                     "Generated image in %.2f s",
                                     text(f"Generated image in {secs} s"), app=True))
    me = Proc(scenario.app_name, tl.launches[-1].pid)
    if scenario.system_noise:
        count = int(tl.end / 1e9 * scenario.scale.noise_logs_per_s)
        for i in range(count):
            proc, subsystem, category, message = NOISE_LOGS[i % len(NOISE_LOGS)]
            t = r.randrange(0, tl.end)
            add(t, _log(scenario, t, proc, subsystem, category, "Default", "%{public}s",
                        text(message)))
    for line in tl.spec.os_log:
        t = injected_time(tl, line)
        proc = me if line.process is None else Proc(line.process, _pid_for(line.process))
        add(t, _log(scenario, t, proc, line.subsystem, line.category, line.message_type,
                    "%{public}s", text(line.message), app=line.process is None))
    rows.sort(key=lambda x: (x[0], x[1]))
    for _, _, row in rows:
        yield row


def injected_time(tl: Timeline, line: LogLine) -> int:
    if line.at_s is None:
        return tl.load_span.end + ns(0.01)
    return min(max(0, ns(line.at_s)), tl.end - 1)


def console_lines(scenario: Scenario, tl: Timeline) -> list[str]:
    """console.log as ``profiler run`` keeps it: the launched app's stdout, captured with
    ``xctrace record --target-stdout`` (CRLF endings are added by the writer; xctrace's own
    lines go to xctrace.log, which the generator does not write). The app prints the lines of
    apple/ml-stable-diffusion's CLI (0-based ``Step i of N  [...] step/sec``) and
    swift-coreml-diffusers' ``Got images: … in <s>`` (../shared/docs/device-cli.md §5.1-5.2)."""
    out = [f"{scenario.app_name}: SYNTHETIC sample app output (tests/synthetic)",
           "Loading resources and creating pipeline",
           "(Note: This can take a while the first time using these resources)"]
    launch = tl.launches[0]  # the launched process; a relaunch is not its child
    for load in launch.loads:
        out.append(f"Loaded {load.model.name} in {load.span.duration / 1e9:.2f} s")
    for g in launch.generations:
        out.append("Sampling ...")
        rates: list[float] = []
        for i, step in enumerate(g.steps):
            rates.append(1e9 / step.duration)
            out.append(f"Step {i} of {g.planned_steps}  [mean: {statistics.fmean(rates):.2f}, "
                       f"median: {statistics.median(rates):.2f}, last {rates[-1]:.2f}] step/sec")
        if g.decode is None:
            return out  # killed: nothing more is printed
        if g.number == 1:
            for line in tl.spec.os_log:
                out.append(line.message)
            out.extend(tl.spec.console_extra)
        out.append(f"Got images: [<CGImage 0x{0x10A2B3C00 + g.number - 1:x}>] in "
                   f"{g.generate.duration / 1e9:.2f}")
    return out
