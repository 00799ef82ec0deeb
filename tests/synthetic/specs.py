"""The parts of a :class:`~tests.synthetic.scenario.Scenario`: enums and frozen dataclasses.

Times are seconds (floats); bytes are ints; CPU percents use 100 % = one core. Every default
is the committed sample's setup, so a default knob never changes the sample's bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

GiB = 1 << 30
MiB = 1 << 20


class LoadStyle(StrEnum):
    """How ``coreml-model-event`` names a model load."""

    #: "Load (prepare and cache)" / "Load (cached)". The uncached label is INFERRED from a
    #: truncated GUI screenshot ("Load (prepar…"); "Load (cached)" is real (Xcode 27.2 export).
    LABELLED = "labelled"
    #: plain "Load": the analysis must classify loads from durations.
    PLAIN = "plain"


class EventStyle(StrEnum):
    """Which ``coreml-model-event`` rows a prediction writes."""

    #: one ``Prediction`` row per prediction (the sample)
    SIMPLE = "simple"
    #: the real event strings: ``Prediction`` containing ``Input Validation``, ``Input Copy``,
    #: the backend's events (``CPU``; ``Prepare GPU Request`` + ``GPU Request``; none on the ANE,
    #: whose work is in the ANE table) and ``Output Transformation`` (real strings; the nesting
    #: and order are what the Core ML runtime is reported to do, the durations are ours)
    REAL = "real"


class ComputeUnit(StrEnum):
    """Where the UNet predictions run (CPU = silent fallback: no ANE or GPU intervals)."""

    ANE = "ane"
    GPU = "gpu"
    CPU = "cpu"


class CfgMode(StrEnum):
    """How the two classifier-free-guidance halves of a step reach the (chunked) UNet."""

    BATCHED = "batched"  # one prediction per chunk per step, batch 2: C1 C2
    SEPARATE = "separate"  # each chunk twice in a row: C1 C1 C2 C2
    INTERLEAVED = "interleaved"  # the whole chain once per half: C1 C2 C1 C2


class ThermalState(StrEnum):
    NOMINAL = "Nominal"
    FAIR = "Fair"
    SERIOUS = "Serious"
    CRITICAL = "Critical"


THERMAL_ORDER = (ThermalState.NOMINAL, ThermalState.FAIR, ThermalState.SERIOUS,
                 ThermalState.CRITICAL)


class Layout(StrEnum):
    """Column-layout variant of a table (see docs/table-layouts.md)."""

    DEFAULT = "default"
    #: renamed mnemonics and changed engineering types: the analysis must report the metric as
    #: unavailable, never crash.
    UNKNOWN = "unknown"
    #: Xcode 27: OSSignpostIntervals (name typed signpost-name), the 7-column ``ane-hw-intervals``
    #: and the 12-column coreml-os-signpost (assumed unchanged from Xcode 16.4)
    XCODE27 = "xcode27"
    #: the real Xcode 16.4 layouts: 12-column coreml-os-signpost (no process column),
    #: 7-column ``ane-hw-intervals-internal``, 12-column os-signpost
    XCODE16 = "xcode16"


class TocStyle(StrEnum):
    """Shape of ``<device>`` and the process list in the TOC."""

    LEGACY = "legacy"  # the sample's TOC (before real iPhone TOCs were seen)
    XCODE16 = "xcode16"  # <device uuid model name os-version platform>, <host-device>
    XCODE26 = "xcode26"  # <device platform model name os-version uuid>, <host-device>
    XCODE27 = "xcode27"  # as 26 with memory-size (bytes) after model


class Target(StrEnum):
    """The TOC's ``<target>``: the launched app, an attached one, or ``<all-processes/>``."""

    LAUNCHED = "launched"
    ATTACHED = "attached"
    ALL_PROCESSES = "all-processes"


class TraceShape(StrEnum):
    """How recordings map to traces."""

    #: each recording is its own trace (run-K/toc.xml with one <run>)
    PER_RECORDING = "per-recording"
    #: one trace whose runs are the recordings: one TOC with several <run>, one export file per
    #: table holding one <node> per run in one id space (later nodes without <schema>)
    ONE_TRACE = "one-trace"


@dataclass(frozen=True)
class DeviceSpec:
    name: str = "SYNTHETIC iPhone"  # the user-given device name in the TOC
    model: str = "iPhone 13 Pro Max"  # TOC device@model: the marketing name (real TOCs)
    product_type: str = "iPhone14,3"  # written to run.json
    chip: str = "A15 Bionic"
    os_version: str = "17.0 (21A329)"
    platform: str = "iOS"
    uuid: str = "00008110-5YN7E71C00000000"  # "SYNTHETIC"-looking on purpose: not a real UDID
    cpu_cores: int = 6
    ram_bytes: int = 6 * GiB


#: A UDID-shaped id (8 hex - 16 hex, as on physical iPhones) that no device has.
SYNTHETIC_UDID = "00008150-000000005E7E71C0"
IPHONE_AIR = DeviceSpec(name="SYNTHETIC iPhone Air", model="iPhone Air",
                        product_type="iPhone18,4", chip="A19 Pro", os_version="27.2 (24B5089g)",
                        uuid=SYNTHETIC_UDID, cpu_cores=6, ram_bytes=12304711680)
"""An iPhone Air on iOS 27.2 as in the real Core AI TOC (model, os-version, memory-size); the
product type and chip are our guesses, the name and UDID are SYNTHETIC."""


@dataclass(frozen=True)
class ModelSpec:
    """One Core ML model of the pipeline; ``instance`` is the GUI/table suffix (``Unet-3``)."""

    name: str
    role: str  # "text_encoder" | "unet" | "vae_decoder" | "safety_checker"
    instance: int
    uncached_load_s: float
    cached_load_s: float
    prediction_s: float = 0.0  # UNet predictions come from StepProfile instead
    #: share of the app's loaded-model memory (footprint growth) owned by this model
    memory_share: float = 0.0
    #: 1..n for the chunks of a chunked UNet (the step cycles through them); 0: not a chunk
    chunk: int = 0
    #: sub-models of a pipeline model: their events nest inside this model's, with
    #: model-level ``sub`` and parent-model-name = this model's name
    sub_models: tuple[str, ...] = ()
    #: "mlpackage" is compiled on every load (never cached); "mlmodelc" caches after one load
    package: str = "mlmodelc"
    #: the table shows the 64-hex hash of the compiled model instead of its name
    hashed_name: bool = False

    @property
    def shown_name(self) -> str:
        if self.hashed_name:
            return hashlib.sha256(f"{self.name}.mlmodelc".encode()).hexdigest()
        return self.name

    @property
    def instance_name(self) -> str:
        return f"{self.shown_name}-{self.instance}"


@dataclass(frozen=True)
class StepProfile:
    count: int = 25
    mean_s: float = 0.75
    first_extra_s: float = 0.32  # step 1 is slower (warm-up)
    jitter: float = 0.02  # relative standard deviation of each step's latency
    #: two UNet predictions per step (the classifier-free-guidance halves run separately);
    #: the same as ``Scenario.cfg = CfgMode.SEPARATE``
    cfg_split: bool = False
    overhead_s: float = 0.012  # scheduler + progress callback on the CPU inside a step
    gap_s: float = 0.0006  # between steps (outside the unetStep signposts)


@dataclass(frozen=True)
class MemoryProfile:
    app_base_bytes: int = 52 * MiB
    footprint_peak_bytes: int = int(2.6 * GiB)
    #: footprint once all models are loaded, as a fraction of the way from base to peak
    loaded_fraction: float = 0.82
    system_base_bytes: int = int(2.35 * GiB)
    system_used_peak_bytes: int = int(5.04 * GiB)
    compressed_base_bytes: int = 310 * MiB
    compressed_peak_bytes: int = int(1.35 * GiB)
    cached_files_bytes: int = int(412.88 * MiB)
    swap_bytes: int = 0  # iOS has no swap; a knob for tests
    compiler_footprint_bytes: int = 610 * MiB  # ANECompilerService during uncached loads


@dataclass(frozen=True)
class CpuProfile:
    background_percent: float = 24.0  # everything else on the device
    app_idle_percent: float = 2.0
    app_load_percent: float = 92.0
    app_predict_percent: float = 104.0  # CPU side of ANE predictions
    app_cpu_fallback_percent: float = 520.0  # UNet on the CPU
    compiler_percent: float = 318.0  # ANECompilerService during uncached loads
    #: system total never exceeds this; the sample's 440 % comes from the compile phase
    system_peak_percent: float = 440.0
    jitter: float = 0.03


@dataclass(frozen=True)
class LogLine:
    """An extra os-log row (and/or console.log line) to inject, e.g. a triage signature."""

    message: str
    at_s: float | None = None  # None: just after the last model load
    subsystem: str = "com.apple.coreml"
    category: str = "CoreML"
    message_type: str = "Error"  # Default | Info | Debug | Error | Fault
    process: str | None = None  # None: the app


@dataclass(frozen=True)
class CrashSpec:
    """A crash or jetsam report written to ``run-K/crashes/<name>.ips`` (shape: reported)."""

    kind: str = "jetsam"  # "jetsam" (JetsamEvent, bug_type 298) | "crash" (bug_type 309)
    at_s: float = 0.0  # seconds after the recording start (timestamp in the IPS header)
    reason: str = "per-process-limit"  # jetsam reason, or the exception type for a crash
    largest_process: str | None = None  # None: the app
    footprint_bytes: int | None = None  # None: the memory profile's peak
    #: write the report beside the exports (run-K/) instead of run-K/crashes/
    beside: bool = False


@dataclass(frozen=True)
class LaunchSpec:
    """One launch of the app inside a recording (several when it is relaunched while
    Instruments keeps recording). Multipliers multiply the recording's."""

    cached: bool = False
    pid: int | None = None  # None: the scenario's app_pid for launch 1, then +68 per launch
    generations: int = 1  # images generated in this launch
    idle_between_s: float = 6.0  # from one image's end to the next `generate` (next prompt)
    #: reduceMemory: each model is loaded and unloaded once at launch (prewarm), then loaded
    #: just before its use and unloaded after it, inside every generation
    reduce_memory: bool = False
    #: jetsam kills the app after this many complete steps of its first image
    killed_after_steps: int | None = None
    relaunch_after_s: float = 3.0  # idle time from the previous launch's exit to this one
    load_multiplier: float = 1.0
    step_multiplier: float = 1.0
    #: (model name, seconds): this launch's load time of a model (e.g. a 75 s "cached" load)
    load_s: tuple[tuple[str, float], ...] = ()
    #: (model name, event text): this launch's load event text of a model
    load_text: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ExtraProcess:
    """Another process sampled by Activity Monitor all recording long (a daemon, another app).

    ``path`` under ``/var/containers/Bundle/Application/`` makes it an app (a candidate when the
    evidence cannot tell which app is the profiled one)."""

    name: str
    pid: int
    footprint_bytes: int
    cpu_percent: float = 3.0
    path: str = ""
    #: it also runs Core ML predictions of this model (rows only where the table has a
    #: process column, so that they can be told apart from the app's)
    coreml_model: str | None = None


@dataclass(frozen=True)
class Scale:
    """Row density. Defaults mimic Instruments (Activity Monitor samples once per second)."""

    am_interval_s: float = 1.0
    am_other_processes: int = 2  # system processes sampled beside the app (+ANECompilerService)
    ane_intervals_per_prediction: int = 3
    noise_signposts_per_s: float = 0.4  # other subsystems/processes in os-signpost-interval
    noise_logs_per_s: float = 0.25
    intern_limit: int = 200_000  # stop interning new values beyond this (bounded memory)
    mps_buffers_per_prediction: int = 4  # MPSGraph command buffers per GPU prediction
