"""Scenario: every knob of the synthetic trace generator, as frozen dataclasses.

A :class:`Scenario` fully determines the output: the same scenario (including its ``seed``)
always gives byte-identical files. Build variants with :func:`dataclasses.replace`, e.g.
``replace(scenario, app_signposts=False)`` or ``scenario.with_recordings(...)``.

Times in a scenario are seconds (floats); bytes are ints; CPU percents use 100 % = one core.
Everything written is labelled SYNTHETIC (TOC template name, device uuid, run.json, comments).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

GiB = 1 << 30
MiB = 1 << 20

#: Every schema the generator can write, in the order of the TOC's <data> (other, never
#: exported tables are interleaved there so that table[K] indices are realistic).
ALL_TABLES: tuple[str, ...] = (
    "coreml-os-signpost",
    "ane-hw-intervals",
    "metal-gpu-intervals",
    "activity-monitor-process-live",
    "activity-monitor-system",
    "os-signpost-interval",
    "os-log",
    "device-thermal-state-intervals",
)
ACTIVITY_MONITOR_TABLES = ("activity-monitor-process-live", "activity-monitor-system")


class LoadStyle(StrEnum):
    """How ``coreml-model-event`` names a model load."""

    #: "Load (prepare and cache)" / "Load (cached)". The uncached label is INFERRED from a
    #: truncated GUI screenshot ("Load (prepar…"); "Load (cached): Unet-3 (2.43 s)" was seen.
    LABELLED = "labelled"
    #: plain "Load": the analysis must classify loads by comparing recordings.
    PLAIN = "plain"


class ComputeUnit(StrEnum):
    """Where the UNet predictions run (CPU = silent fallback: no ANE or GPU intervals)."""

    ANE = "ane"
    GPU = "gpu"
    CPU = "cpu"


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
    #: Xcode 27 style: CamelCase schema name (only os-signpost-interval -> OSSignpostIntervals,
    #: with name typed signpost-name).
    XCODE27 = "xcode27"


@dataclass(frozen=True)
class DeviceSpec:
    name: str = "SYNTHETIC iPhone"  # the user-given device name in the TOC
    model: str = "iPhone 13 Pro Max"  # TOC device@model (marketing name vs identifier: UNCONFIRMED)
    product_type: str = "iPhone14,3"  # written to run.json
    chip: str = "A15 Bionic"
    os_version: str = "17.0 (21A329)"
    platform: str = "iOS"
    uuid: str = "00008110-5YN7E71C00000000"  # "SYNTHETIC"-looking on purpose: not a real UDID
    cpu_cores: int = 6
    ram_bytes: int = 6 * GiB


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

    @property
    def instance_name(self) -> str:
        return f"{self.name}-{self.instance}"


SD15_MODELS: tuple[ModelSpec, ...] = (
    ModelSpec("TextEncoder", "text_encoder", 1, 12.6, 0.62, prediction_s=0.021, memory_share=0.14),
    ModelSpec("Unet", "unet", 3, 96.4, 2.43, memory_share=0.72),
    ModelSpec("VAEDecoder", "vae_decoder", 2, 11.3, 0.45, prediction_s=0.83, memory_share=0.14),
)


@dataclass(frozen=True)
class StepProfile:
    count: int = 25
    mean_s: float = 0.75
    first_extra_s: float = 0.32  # step 1 is slower (warm-up)
    jitter: float = 0.02  # relative standard deviation of each step's latency
    #: two UNet predictions per step (the classifier-free-guidance halves run separately)
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


@dataclass(frozen=True)
class RecordingSpec:
    """One recording (one app launch). Multipliers scale the scenario's profiles."""

    cached: bool = False
    step_multiplier: float = 1.0
    load_multiplier: float = 1.0
    memory_multiplier: float = 1.0  # scales footprint and system growth above their bases
    cpu_multiplier: float = 1.0
    noise: float = 0.0  # extra relative noise on steps and loads (seeded)
    thermal: tuple[tuple[float, ThermalState], ...] = ((0.0, ThermalState.NOMINAL),)
    os_log: tuple[LogLine, ...] = ()
    console_log: bool = False
    console_extra: tuple[str, ...] = ()  # extra stdout lines appended before the final line
    crashes: tuple[CrashSpec, ...] = ()
    end_reason: str = "Target app exited"  # xctrace end-reason; the app exits after one image


@dataclass(frozen=True)
class Scale:
    """Row density. Defaults mimic Instruments (Activity Monitor samples once per second)."""

    am_interval_s: float = 1.0
    am_other_processes: int = 2  # system processes sampled beside the app (+ANECompilerService)
    ane_intervals_per_prediction: int = 3
    noise_signposts_per_s: float = 0.4  # other subsystems/processes in os-signpost-interval
    noise_logs_per_s: float = 0.25
    intern_limit: int = 200_000  # stop interning new values beyond this (bounded memory)


@dataclass(frozen=True)
class Scenario:
    name: str = "synthetic"
    seed: int = 0
    device: DeviceSpec = field(default_factory=DeviceSpec)
    app_name: str = "CoreDiffuse"
    app_pid: int = 1234
    bundle_id: str = "com.example.CoreDiffuse"
    subsystem: str = "com.example.CoreDiffuse"  # the app's signpost subsystem
    category: str = "profiler"  # the app's signpost category read by the analysis
    models: tuple[ModelSpec, ...] = SD15_MODELS
    steps: StepProfile = field(default_factory=StepProfile)
    memory: MemoryProfile = field(default_factory=MemoryProfile)
    cpu: CpuProfile = field(default_factory=CpuProfile)
    unet_compute: ComputeUnit = ComputeUnit.ANE
    load_style: LoadStyle = LoadStyle.LABELLED
    recordings: tuple[RecordingSpec, ...] = (RecordingSpec(cached=False), RecordingSpec(cached=True))
    tables: tuple[str, ...] = ALL_TABLES  # which tables the recording has (TOC + exports)
    empty_tables: frozenset[str] = frozenset()  # exported with <schema> but no rows
    unexported_tables: frozenset[str] = frozenset()  # listed in the TOC, no export file
    layouts: tuple[tuple[str, Layout], ...] = ()  # (schema, variant) pairs
    app_signposts: bool = True  # the app's os-signpost-interval rows (category `profiler`)
    safety_check_s: float = 0.0  # 0: no safetyCheck stage
    lead_in_s: float = 1.6  # from recording start to the first load
    prompt_s: float = 0.35  # between the end of the loads and `generate`
    tail_s: float = 2.2  # after `generate` until the app exits
    start_date: str = "2023-09-28T14:02:11.204+02:00"  # first recording; later ones follow
    between_recordings_s: float = 24.0
    instruments_version: str = "15.0 (15A240d)"
    template_name: str = "Core ML (SYNTHETIC)"
    scale: Scale = field(default_factory=Scale)
    label_comments: bool = True  # a <!-- SYNTHETIC … --> comment after each XML prolog
    system_noise: bool = True  # other processes' signposts and logs

    def __post_init__(self) -> None:
        # Accept lists, sets and dicts for convenience; store hashable values (the timeline
        # cache keys on the scenario) and reject table names the generator does not know.
        layouts = self.layouts.items() if isinstance(self.layouts, dict) else self.layouts
        object.__setattr__(self, "layouts", tuple((t, Layout(v)) for t, v in layouts))
        object.__setattr__(self, "tables", tuple(self.tables))
        object.__setattr__(self, "empty_tables", frozenset(self.empty_tables))
        object.__setattr__(self, "unexported_tables", frozenset(self.unexported_tables))
        object.__setattr__(self, "recordings", tuple(self.recordings))
        object.__setattr__(self, "models", tuple(self.models))
        named = set(self.tables) | self.empty_tables | self.unexported_tables | {
            t for t, _ in self.layouts}
        unknown = sorted(named - set(ALL_TABLES))
        if unknown:
            raise ValueError(f"unknown tables {unknown}; the generator writes {ALL_TABLES}")
        if not self.recordings:
            raise ValueError("a scenario needs at least one recording")

    def layout(self, schema: str) -> Layout:
        return dict(self.layouts).get(schema, Layout.DEFAULT)

    def with_recordings(self, *recordings: RecordingSpec) -> Scenario:
        return replace(self, recordings=tuple(recordings))

    def without_tables(self, *schemas: str) -> Scenario:
        return replace(self, tables=tuple(t for t in self.tables if t not in schemas))

    def recording(self, number: int) -> RecordingSpec:
        """``number`` is 1-based, as in ``run-K`` folders."""
        if not 1 <= number <= len(self.recordings):
            raise IndexError(f"recording {number} not in 1..{len(self.recordings)}")
        return self.recordings[number - 1]
