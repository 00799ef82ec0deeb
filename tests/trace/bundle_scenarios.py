"""SYNTHETIC stores for :mod:`tests.trace.bundlegen`, each with its expected cells.

Column lists follow real ``xctrace export`` schemas (``../shared/real-traces/``: the
schema-only coreml-os-signpost and ane-hw-intervals-internal exports, the thermal export) or,
for Activity Monitor, the reference doc's reported columns. Their ``XR…TypeID`` names and
storage are this project's reading of the format: unverified, like the reader's (that is the
point of round-tripping them: the reader decodes what the documented format says).
"""

from __future__ import annotations

import random
import struct
from typing import Any

from tests.trace.bundlegen import SENTINEL32, BundleWriter, SynthStore

T = "XRTraceRelativeTimestampFieldID"
D = "XRDurationFieldID"
C1, C2 = "XRCategory1FieldID", "XRCategory2FieldID"
UUID = "95EC3610-E01A-3730-9CD5-B6B18C5B0560"


def _row(store: SynthStore, cells: dict[str, int], expected: dict[str, Any]) -> None:
    store.rows.append(cells)
    for key, value in expected.items():
        store.expected.setdefault(key, []).append(value)


def signpost_intervals(w: BundleWriter, n: int, seed: int = 1, steps: int = 50) -> SynthStore:
    """os-signpost-interval with names, processes, threads, identifiers and messages.

    Messages take ``steps + 1`` distinct values (``steps=n``: nearly one per row).
    """
    rnd = random.Random(seed)
    s = w.add(SynthStore(
        "os-signpost-interval",
        [("start", "XRStartTimeTypeID", "start-time", T), ("duration", "XRDurationTypeID", "duration", D),
         ("name", "XRPrototypeStringTypeID", "string", C1),
         ("category", "XROSLogCategoryTypeID", "category", C2),
         ("subsystem", "XROSLogSubsystemTypeID", "subsystem", None),
         ("identifier", "XROSSignpostIdentifierTypeID", "os-signpost-identifier", None),
         ("process", "XRProcessTypeID", "process", None),
         ("start-thread", "XRThreadTypeID", "thread", None),
         ("start-message", "XROSLogMetadataTypeID", "os-log-metadata", None),
         ("start-emit-location", "XRReturnLocationTypeID", "return-location", None)],
        [("subsystem", "<I"), ("identifier", "<Q"), ("process", "<I"), ("start-thread", "<I"),
         ("start-message", "<I"), ("start-emit-location", "<Q")],
        interval=True, attributes={"target-pid": "SINGLE", "layout-scope": "name"}))
    proc = w.process(4242, "CoreDiffuse")
    threads = [w.thread(0x5000 + i, proc, "com.apple.main-thread" if i == 0 else None) for i in range(8)]
    uuid = w.uuid(UUID)
    t = 0
    for i in range(n):
        t += rnd.randint(1_000, 100_000)
        name = rnd.choice(["unetStep", "textEncode", "vaeDecode", "load"])
        th = rnd.choice(threads)
        message = None
        ref = SENTINEL32
        if rnd.random() < 0.7:
            step = rnd.randint(0, steps)
            ref = w.label([("text", "step="), ("value", step * 1000), ("text", " seed="), ("hex", step)])
            message = f"step= {step * 1000:,}  seed= {step:x}"
        offset = 0x201E64 + 16 * rnd.randint(0, 3)
        duration = rnd.randint(1, 10**7)
        _row(s, {"start": t, "duration": duration, "cat1": w.string(name), "cat2": w.string("diffusion"),
                 "subsystem": w.string("com.example.coreml"), "identifier": i * 7919,
                 "process": proc, "start-thread": th, "start-message": ref,
                 "start-emit-location": (uuid << 32) | offset},
             {"start": t, "duration": duration, "name": name, "category": "diffusion",
              "subsystem": "com.example.coreml", "identifier": i * 7919,
              "process": "CoreDiffuse (4242)", "process_pid": 4242,
              "start-thread": w.thread_label(th), "start-thread_tid": w.threads[th][0],
              "start-thread_pid": 4242, "start-message": message,
              "start-emit-location": f"{UUID} + 0x{offset:x}"})
    return s


def cpu_profile(w: BundleWriter, n: int, seed: int = 2) -> SynthStore:
    """cpu-profile with threads, cores, states, weights and backtraces (chunked frames)."""
    rnd = random.Random(seed)
    s = w.add(SynthStore(
        "cpu-profile",
        [("time", "XRSampleTimestampTypeID", "sample-time", T), ("thread", "XRThreadTypeID", "thread", C1),
         ("process", "XRProcessTypeID", "process", None), ("core", "XRCPUCoreTypeID", "core", None),
         ("thread-state", "XRThreadStateTypeID", "thread-state", None),
         ("weight", "XRCycleWeightTypeID", "cycle-weight", None),
         ("stack", "XRBacktraceTypeID", "backtrace", None)],
        [("process", "<I"), ("core", "<I"), ("thread-state", "<I"), ("weight", "<Q"), ("stack", "<I")],
        interval=False, attributes={"target-pid": "SINGLE", "high-frequency-sampling": False}))
    proc = w.process(751, "Finder")
    threads = [w.thread(105161155 + i, proc) for i in range(3)]
    stacks = []
    for k in range(20):
        frames = [0x192000000 + 0x1000 * k + 4 * j for j in range(rnd.randint(1, 11))]
        stacks.append((w.backtrace(proc, frames), frames))
    t = 0
    for _ in range(n):
        t += rnd.randint(100_000, 2_000_000)
        th, (stack, frames) = rnd.choice(threads), rnd.choice(stacks)
        core, weight = rnd.randint(0, 13), rnd.randint(1, 2_000_000)
        _row(s, {"start": t, "cat1": th, "process": proc, "core": core,
                 "thread-state": w.string("Running"), "weight": weight, "stack": stack},
             {"time": t, "thread": w.thread_label(th), "thread_tid": w.threads[th][0],
              "thread_pid": 751, "process": "Finder (751)", "process_pid": 751, "core": core,
              "thread-state": "Running", "weight": weight, "stack": f"0x{frames[0]:x}",
              "stack_top_frame": f"0x{frames[0]:x}", "frames": tuple(frames)})
    return s


def coreml_signposts(w: BundleWriter, n: int) -> SynthStore:
    """coreml-os-signpost: 64-byte rows (24-byte interval topology + ten u32 fields)."""
    cols = [("full-layout-id", "XRLayoutIDTypeID", "layout-id"),
            ("event-label", "XRCoreMLModelEventTypeID", "coreml-model-event"),
            ("model-name", "XRCoreMLModelNameTypeID", "coreml-model-name"),
            ("model-specific-track-model-name", "XRFormattedLabelTypeID", "formatted-label"),
            ("fully-qualified-model", "XRFormattedLabelTypeID", "formatted-label"),
            ("parent-model-name", "XRCoreMLModelNameTypeID", "coreml-model-name"),
            ("model-level", "XRCoreMLModelLevelTypeID", "coreml-model-level"),
            ("event-type", "XRPrototypeStringTypeID", "string"),
            ("color", "XREventConceptTypeID", "event-concept"),
            ("graph-event-label", "XRFormattedLabelTypeID", "formatted-label")]
    s = w.add(SynthStore("coreml-os-signpost",
                         [("start", "XRStartTimeTypeID", "start-time", T),
                          ("duration", "XRDurationTypeID", "duration", D)]
                         + [(m, xr, x, None) for m, xr, x in cols],
                         [(m, "<I") for m, _, _ in cols], interval=True))
    events = ["Model Load", "Prediction", "Neural Engine Prediction"]
    for i in range(n):
        event, model = events[i % 3], f"Unet{i % 2}.mlmodelc"
        label = w.label([("string", model), ("string", " ("), ("addr", 0x10F504470 + i), ("string", ")")])
        text = f"{model} (0x{0x10F504470 + i:x})"
        _row(s, {"start": 1_000_000 * (i + 1), "duration": 500_000 + i, "full-layout-id": i % 4,
                 "event-label": w.string(event), "model-name": w.string(model),
                 "model-specific-track-model-name": label, "fully-qualified-model": label,
                 "parent-model-name": SENTINEL32, "model-level": w.string("Top-level"),
                 "event-type": w.string(event), "color": w.string("Blue"), "graph-event-label": label},
             {"start": 1_000_000 * (i + 1), "duration": 500_000 + i, "full-layout-id": i % 4,
              "event-label": event, "model-name": model, "model-specific-track-model-name": text,
              "fully-qualified-model": text, "parent-model-name": None, "model-level": "Top-level",
              "event-type": event, "color": "Blue", "graph-event-label": text})
    return s


def ane_intervals(w: BundleWriter, n: int, schema: str = "ane-hw-intervals-internal") -> SynthStore:
    """ANE hardware intervals: 44-byte rows (24-byte topology + five u32 fields)."""
    cols = [("channel-name", "XRANEEventNameTypeID", "ane-event-name", "<I"),
            ("event-depth", "XRMetalEncodingNestingLevelTypeID", "metal-nesting-level", "<I"),
            ("event-label", "XRFormattedLabelTypeID", "formatted-label", "<I"),
            ("state", "XRGPUStateTypeID", "gpu-state", "<I"),
            ("color", "XRRenderingBufferDepthTypeID", "render-buffer-depth", "<I")]
    s = w.add(SynthStore(schema, [("start", "XRStartTimeTypeID", "start-time", T),
                                  ("duration", "XRDurationTypeID", "duration", D)]
                         + [(m, xr, x, None) for m, xr, x, _ in cols],
                         [(m, f) for m, _, _, f in cols], interval=True))
    for i in range(n):
        label = w.label([("string", "ANE:"), ("addr", 0xA000 + i)])
        _row(s, {"start": 2_000 * (i + 1), "duration": 700 + i, "channel-name": w.string("ANE0"),
                 "event-depth": i % 2, "event-label": label, "state": w.string("Active"), "color": 3},
             {"start": 2_000 * (i + 1), "duration": 700 + i, "channel-name": "ANE0",
              "event-depth": i % 2, "event-label": f"ANE:0x{0xA000 + i:x}", "state": "Active",
              "color": 3})
    return s


def activity_monitor(w: BundleWriter, n: int) -> SynthStore:
    """activity-monitor-process-live: doubles for CPU percent, u64 byte and ns counters."""
    s = w.add(SynthStore(
        "activity-monitor-process-live",
        [("start", "XRStartTimeTypeID", "start-time", T), ("duration", "XRDurationTypeID", "duration", D),
         ("process", "XRProcessTypeID", "process", None), ("pid", "XRProcessIDTypeID", "pid", None),
         ("cpu-percent", "XRSystemCPUPercentageTypeID", "system-cpu-percent", None),
         ("cpu-total", "XRDurationOnCPUTypeID", "duration-on-core", None),
         ("thread-count", "XREventCountTypeID", "event-count", None),
         ("memory-physical-footprint", "XRSizeInBytesTypeID", "size-in-bytes", None)],
        [("process", "<I"), ("pid", "<I"), ("cpu-percent", "<Q"), ("cpu-total", "<Q"),
         ("thread-count", "<I"), ("memory-physical-footprint", "<Q")], interval=True))
    proc = w.process(4242, "CoreDiffuse")
    for i in range(n):
        cpu = 12.5 * (i + 1)
        bits = struct.unpack("<Q", struct.pack("<d", cpu))[0]
        _row(s, {"start": 1_000_000_000 * i + 1, "duration": 1_000_000_000, "process": proc,
                 "pid": 4242, "cpu-percent": bits, "cpu-total": 10_000_000 * i, "thread-count": 20 + i,
                 "memory-physical-footprint": (1 << 30) + (1 << 20) * i},
             {"start": 1_000_000_000 * i + 1, "duration": 1_000_000_000,
              "process": "CoreDiffuse (4242)", "process_pid": 4242, "pid": 4242,
              "cpu-percent": cpu, "cpu-total": 10_000_000 * i, "thread-count": 20 + i,
              "memory-physical-footprint": (1 << 30) + (1 << 20) * i})
    return s


def thermal(w: BundleWriter, n: int) -> SynthStore:
    """device-thermal-state-intervals (columns of the real export)."""
    s = w.add(SynthStore(
        "device-thermal-state-intervals",
        [("start", "XRStartTimeTypeID", "start-time", T), ("duration", "XRDurationTypeID", "duration", D),
         ("end", "XRStartTimeTypeID", "start-time", None),
         ("thermal-state", "XRThermalStateTypeID", "thermal-state", None),
         ("track-label", "XRPrototypeStringTypeID", "string", None),
         ("is-induced", "XRBooleanTypeID", "boolean", None),
         ("narrative", "XRNarrativeEntryTypeID", "narrative", None)],
        [("end", "<Q"), ("thermal-state", "<I"), ("track-label", "<I"), ("is-induced", "<I"),
         ("narrative", "<I")], interval=True))
    states = ["Nominal", "Fair", "Serious", "Critical"]
    for i in range(n):
        state = states[i % 4]
        ref = w.label([("text", "Thermal state is"), ("text", state)])
        start, duration = 5_000_000_000 * i + 7, 5_000_000_000
        _row(s, {"start": start, "duration": duration, "end": start + duration,
                 "thermal-state": w.string(state), "track-label": w.string("Thermal State"),
                 "is-induced": i % 2, "narrative": ref},
             {"start": start, "duration": duration, "end": start + duration, "thermal-state": state,
              "track-label": "Thermal State", "is-induced": bool(i % 2),
              "narrative": f"Thermal state is {state}"})
    return s
