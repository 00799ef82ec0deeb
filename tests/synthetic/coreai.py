"""SYNTHETIC Core AI recordings (issue 16): a run folder in the real Core AI TOC's shape.

The TOC copies the real iPhone Air / iOS 27.2 Core AI TOC's structure
(../shared/real-traces/Ashtabula__Cosyvoice__profile-trace-toc.xml: ``<all-processes/>``,
``host-device``, ``swift-table`` attributes, the tables' order); every value is SYNTHETIC and
labelled so (template ``Core AI (SYNTHETIC)``, an XML comment, the uuid). The ``CoreAIProfile``
columns follow the second-hand list (ecosystem-2026-12.md §1), typed ``string`` (no real type
is known); the CPU usage tables follow the reported ThreadCPUUsage layout. The ground truth is
computed from the same numbers the rows are written from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.synthetic.xmlwriter import ExportWriter, attr, prolog

NS = 1_000_000_000
COMMENT = ("SYNTHETIC Core AI data written by tests/synthetic/coreai.py (coreml-profiler's test "
           "generator): not a real xctrace export")
APP, PID, DAEMON, DAEMON_PID = "DiffuseAI", 4242, "mlruntimed", 5076
CORE_AI_SCHEMA = (("start", "Start", "start-time"), ("duration", "Duration", "duration"),
                  ("model-name", "Model", "string"), ("base-function-name", "Base Function", "string"),
                  ("function-name", "Function", "string"), ("phase", "Phase", "string"),
                  ("category", "Category", "string"), ("color", "Color", "event-concept"),
                  ("level", "Level", "uint32"), ("activity", "Activity", "string"))
_GPU_SCHEMA = (("start", "Creation", "start-time"), ("duration", "Duration", "duration"),
               ("channel-name", "Channel Name", "gpu-channel-name"),
               ("event-label", "Label", "formatted-label"), ("process", "Process", "process"))
_ANE_SCHEMA = (("start", "Creation", "start-time"), ("duration", "Duration", "duration"),
               ("channel-name", "Channel Name", "ane-event-name"),
               ("event-depth", "Depth", "metal-nesting-level"),
               ("event-label", "Label", "formatted-label"), ("state", "State", "gpu-state"),
               ("color", "Color", "render-buffer-depth"))
_CPU = ("cpu-usage", "CPU Usage", "system-cpu-percent")
_CPU_SCHEMAS = {
    "ProcessCPUUsage": (("start", "Start", "start-time"), ("duration", "Duration", "duration"),
                        ("process", "Process", "process"), _CPU),
    "SystemCPUUsage": (("start", "Start", "start-time"), ("duration", "Duration", "duration"),
                       _CPU),
    "ThreadCPUUsage": (("start", "Start", "start-time"), ("duration", "Duration", "duration"),
                       ("thread", "Thread", "thread"), ("process", "Process", "process"), _CPU),
}
_CPU_SWIFT = ("{}(dataSource: InstrumentsPlugIn.CPUUsageModeling(profileTable: SYNTHETIC), "
              "bucketStart: 0))")
#: (schema, attributes) in the real TOC's order (a subset)
TOC_TABLES = (
    ("ProcessCPUUsage", (("swift-table", '"' + _CPU_SWIFT.format("ProcessCPUUsage") + '"'),)),
    ("SystemCPUUsage", (("swift-table", '"' + _CPU_SWIFT.format("SystemCPUUsage") + '"'),)),
    ("ane-hw-intervals", (("documentation", "Denotes an interesting period of activity in "
                                            "the ANE"),)),
    ("coreml-os-signpost", (("target-pid", "ALL"),)),
    ("CoreAIProfile", (("swift-table", '"CoreAIProfile(stripNumericSufix: true)"'),)),
    ("metal-gpu-intervals", (("target-pid", "ALL"),)),
    ("ThreadCPUUsage", (("swift-table", '"' + _CPU_SWIFT.format("ThreadCPUUsage") + '"'),)),
    ("mps-hw-intervals", (("target-pid", "ALL"),)),
)


@dataclass(frozen=True)
class AiModel:
    name: str  # written with an instance suffix (``Unet-2``)
    specialization_s: float
    load_s: float  # the Load row (after a specialization, or a cached load alone)
    inference_s: float


@dataclass(frozen=True)
class AiRecording:
    """One launch: specialized (cold, or after an OS update purged the cache) or cached."""

    specialized: bool
    generations: int = 1
    steps: int = 6
    cfg: bool = True  # two UNet inferences per step
    models: tuple[AiModel, ...] = (
        AiModel("TextEncoder-1", 4.2, 0.35, 0.030), AiModel("Unet-2", 38.0, 1.1, 0.140),
        AiModel("VAEDecoder-1", 6.5, 0.4, 0.600))
    core_ml_unet: bool = False  # a Core ML UNet beside the Core AI work (both frameworks)
    #: Neural Engine rows: "" none (the table exported empty), "coreml" during the Core ML
    #: UNet's predictions, "elsewhere" a burst at the start (another process's Core ML)
    ane_rows: str = ""


@dataclass
class _Rows:
    ai: list[tuple[int, int, str, str, str]] = field(default_factory=list)  # start, dur, model, phase, category
    gpu: list[tuple[int, int, int | None]] = field(default_factory=list)  # start, dur, pid (None: sentinel)
    coreml: list[tuple[int, int, str, str]] = field(default_factory=list)
    ane: list[tuple[int, int]] = field(default_factory=list)


def _timeline(spec: AiRecording) -> tuple[_Rows, dict[str, Any], int]:
    rows, t = _Rows(), int(0.5 * NS)
    if spec.ane_rows == "elsewhere":
        rows.ane += [(int(0.1 * NS) + i * int(0.01 * NS), int(0.005 * NS)) for i in range(20)]
    loads, steps = [], []
    for m in spec.models:
        start = t
        if spec.specialized:
            rows.ai.append((t, int(m.specialization_s * NS), m.name, "Specialization", "Load"))
            t += int(m.specialization_s * NS) + int(0.001 * NS)
        rows.ai.append((t, int(m.load_s * NS), m.name, "Load", "Load"))
        t += int(m.load_s * NS)
        loads.append({"model": m.name.rsplit("-", 1)[0], "duration_s": (t - start) / NS,
                      "kind": "uncached" if spec.specialized else None})
        t += int(0.05 * NS)
    te, unet, dec = spec.models
    for _ in range(spec.generations):
        t = _infer(rows, te, t) + int(0.02 * NS)
        for step in range(spec.steps):
            first = t
            for _half in range(2 if spec.cfg else 1):
                extra = int(0.03 * NS) if step == 0 else 0
                t = _infer(rows, unet, t, extra) + int(0.001 * NS)
            steps.append((t - int(0.001 * NS) - first) / NS)
            t += int(0.025 * NS)
        if spec.core_ml_unet:
            for _ in range(spec.steps):
                rows.coreml.append((t, int(0.2 * NS), "CoreMLUnet-1", "Prediction"))
                if spec.ane_rows == "coreml":
                    rows.ane.append((t + int(0.01 * NS), int(0.18 * NS)))
                t += int(0.22 * NS)
        t = _infer(rows, dec, t) + int(0.2 * NS)
    truth = {"loads": loads, "steps": steps}
    return rows, truth, t + int(0.5 * NS)


def _infer(rows: _Rows, m: AiModel, t: int, extra: int = 0) -> int:
    """A Setup row, then the Inference row; the GPU busy for 80 % of it (half is MPS)."""
    rows.ai.append((t, int(0.002 * NS), m.name, "Inference", "Setup"))
    t += int(0.002 * NS)
    dur = int(m.inference_s * NS) + extra
    rows.ai.append((t, dur, m.name, "Inference", "Inference"))
    rows.gpu.append((t + dur // 10, dur * 8 // 10, PID))
    rows.gpu.append((t + dur // 10, dur * 4 // 10, None))
    return t + dur


def write_recording(spec: AiRecording, folder: Path, *, schema: tuple = CORE_AI_SCHEMA,
                    name: str = "CoreAIProfile") -> dict[str, Any]:
    """run-K/: toc.xml and one file per table; returns this recording's ground truth."""
    folder.mkdir(parents=True, exist_ok=True)
    rows, truth, end = _timeline(spec)
    _toc(folder / "toc.xml", end, name)
    index = {s if s != "CoreAIProfile" else name: i for i, (s, _) in enumerate(TOC_TABLES, 1)}
    with _doc(folder / f"{name}.xml", index[name]) as w:
        w.schema(name, schema)
        originals = [c[0] for c in CORE_AI_SCHEMA]
        for start, dur, model, phase, cat in rows.ai:
            value = {"start": start, "duration": dur, "model-name": model,
                     "base-function-name": "main", "function-name": "main", "phase": phase,
                     "category": cat, "color": {"Load": "Teal", "Setup": "Purple"}.get(
                         cat, "Blue"), "level": 0, "activity": cat}
            cells = []
            for i, (mnemonic, _, kind) in enumerate(schema):
                # a renamed column keeps the value of the original column at its position
                key = mnemonic if mnemonic in value else (
                    originals[i] if i < len(originals) else "")
                v = value.get(key, "unknown")
                if kind == "start-time":
                    cells.append(w.time(kind, int(v)))
                elif kind == "duration":
                    cells.append(w.duration(int(v)))
                else:
                    cells.append(w.leaf(kind, v))
            w.row(cells)
    with _doc(folder / "ane-hw-intervals.xml", index["ane-hw-intervals"]) as w:
        w.schema("ane-hw-intervals", _ANE_SCHEMA)
        for start, dur in rows.ane:
            w.row([w.time("start-time", start), w.duration(dur),
                   w.leaf("ane-event-name", "Apple Neural Engine"),
                   w.leaf("metal-nesting-level", 0),
                   w.leaf("formatted-label", "CoreMLUnet_main Prediction"),
                   w.leaf("gpu-state", "Active"), w.leaf("render-buffer-depth", 0)])
    for schema_name, want_pid in (("metal-gpu-intervals", True), ("mps-hw-intervals", False)):
        with _doc(folder / f"{schema_name}.xml", index[schema_name]) as w:
            w.schema(schema_name, _GPU_SCHEMA)
            for start, dur, pid in rows.gpu:
                if (pid is not None) != want_pid:
                    continue
                w.row([w.time("start-time", start), w.duration(dur),
                       w.leaf("gpu-channel-name", "Compute"),
                       w.leaf("formatted-label", "Compute (SYNTHETIC)"),
                       w.process(APP, pid) if pid is not None else w.sentinel()])
    with _doc(folder / "coreml-os-signpost.xml", index["coreml-os-signpost"]) as w:
        # the TOC lists it: exported with its schema; rows only beside Core ML work
        w.schema("coreml-os-signpost", (("start", "Creation", "start-time"),
                                        ("duration", "Duration", "duration"),
                                        ("model-name", "Model name", "coreml-model-name"),
                                        ("event-label", "Event", "coreml-model-event")))
        for start, dur, model, event in rows.coreml:
            w.row([w.time("start-time", start), w.duration(dur),
                   w.leaf("coreml-model-name", model), w.leaf("coreml-model-event", event)])
    _cpu_tables(folder, index, end)
    app = [app_percent(i) for i in range(len(range(0, end, int(0.1 * NS))))]
    truth["cpu"] = {"process_peak_percent": max(app), "process_mean_percent": sum(app) / len(app),
                    "system_peak_percent": max(app) + 15.0}
    return {"name": folder.name, "duration_s": end / NS, **truth,
            "framework": ["core-ai", "core-ml"] if spec.core_ml_unet else ["core-ai"]}


def app_percent(i: int) -> float:
    """The app's CPU in bucket ``i``: 60 … 100 %, a cycle of five."""
    return 60.0 + (i % 5) * 10.0


def _cpu_tables(folder: Path, index: dict[str, int], end: int) -> None:
    bucket = int(0.01 * NS)
    for schema_name, layout in _CPU_SCHEMAS.items():
        with _doc(folder / f"{schema_name}.xml", index[schema_name]) as w:
            w.schema(schema_name, layout)
            for i, t in enumerate(range(0, end, bucket * 10)):  # every 10th bucket: small files
                app = app_percent(i)
                if schema_name == "SystemCPUUsage":
                    w.row([w.time("start-time", t), w.duration(bucket), w.leaf("system-cpu-percent", repr(app + 15.0))])
                elif schema_name == "ProcessCPUUsage":
                    for name, pid, value in ((APP, PID, app), (DAEMON, DAEMON_PID, 15.0)):
                        w.row([w.time("start-time", t), w.duration(bucket), w.process(name, pid),
                               w.leaf("system-cpu-percent", repr(value))])
                else:
                    for tid, value in ((0x10, app / 2), (0x11, app / 2)):
                        w.row([w.time("start-time", t), w.duration(bucket),
                               w.thread("Thread", tid, APP, PID), w.process(APP, PID),
                               w.leaf("system-cpu-percent", repr(value))])


class _doc:  # noqa: N801 - a context manager that writes one export document
    def __init__(self, path: Path, table: int) -> None:
        self.path, self.table = path, table

    def __enter__(self) -> ExportWriter:
        self.out = self.path.open("w", encoding="utf-8")
        prolog(self.out, COMMENT)
        self.out.write("<trace-query-result>\n<node xpath='//trace-toc[1]/run[1]/data[1]/"
                       f"table[{self.table}]'>")
        return ExportWriter(self.out)

    def __exit__(self, *exc: object) -> None:
        self.out.write("</node>\n</trace-query-result>\n")
        self.out.close()


def _toc(path: Path, end: int, name: str) -> None:
    tables = "".join(
        "            <table " + " ".join(f'{k}="{attr(v)}"' for k, v in attrs)
        + f' schema="{name if s == "CoreAIProfile" else s}"/>\n' for s, attrs in TOC_TABLES)
    path.write_text(f"""<?xml version="1.0"?>
<!-- {COMMENT} -->
<trace-toc>
    <run number="1">
        <info>
            <target>
                <device platform="iOS" model="iPhone Air" memory-size="12304711680" name="SYNTHETIC iPhone" os-version="27.2 (24B5089g)" uuid="00008150-5YN7E71C00000000"/>
                <host-device platform="macOS" model="Mac mini" name="SYNTHETIC Mac" os-version="27.0 (26A5353q)" uuid="5YN7E71C-0000-0000-0000-000000000000"/>
                <all-processes/>
            </target>
            <summary>
                <start-date>2026-10-06T10:13:09.827-04:00</start-date>
                <end-date>2026-10-06T10:13:45.859-04:00</end-date>
                <duration>{end / NS:.6f}</duration>
                <end-reason>User pressed Stop</end-reason>
                <instruments-version>27.2 (27B5019j)</instruments-version>
                <template-name>Core AI (SYNTHETIC)</template-name>
                <recording-mode>Deferred</recording-mode>
                <time-limit>3 minutes</time-limit>
            </summary>
        </info>
        <processes>
            <process name="{DAEMON}" pid="{DAEMON_PID}" path="/usr/libexec/{DAEMON}"/>
            <process name="{APP}" pid="{PID}" path="/var/containers/Bundle/Application/5YN7E71C-0000-0000-0000-000000000000/{APP}.app/{APP}"/>
        </processes>
        <data>
{tables}        </data>
    </run>
</trace-toc>
""", encoding="utf-8")


def write_run(specs: list[AiRecording], out: Path, **kw: Any) -> dict[str, Any]:
    """run.json (the app's name, as ``profiler run`` writes it) and run-1 … run-N."""
    out.mkdir(parents=True, exist_ok=True)
    recs = [write_recording(s, out / f"run-{i}", **kw) for i, s in enumerate(specs, 1)]
    sample = Path(__file__).resolve().parents[2] / "traces/sample-sd15-iphone13promax/run.json"
    record = json.loads(sample.read_text("utf-8"))
    record.update(name=out.name, note="SYNTHETIC: tests/synthetic/coreai.py; no device or "
                  "Xcode was involved", versions={**record["versions"], "xctrace": "27.2"})
    record["app"] = {"bundle_id": "com.example.DiffuseAI", "install": None, "name": APP}
    record["device"].update(chip="A19 Pro", marketing_name="iPhone Air", os_build="24B5089g",
                            os_version="27.2", product_type="iPhone18,4", ram_bytes=12304711680,
                            udid="00008150-5YN7E71C00000000")
    record["versions"].update(os="27.2", os_build="24B5089g")
    entry = record["recordings"][0]
    record["recordings"] = [
        {**entry, "name": r["name"], "folder": r["name"], "index": i, "console_log": None,
         "duration_s": r["duration_s"], "kind": "first" if i == 1 else "warm",
         "tables": sorted(p.name for p in (out / r["name"]).glob("*.xml") if p.name != "toc.xml")}
        for i, r in enumerate(recs, 1)]
    (out / "run.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", "utf-8")
    truth = {"synthetic": True, "recordings": recs}
    (out / "ground-truth.json").write_text(json.dumps(truth, indent=1) + "\n", "utf-8")
    return truth

