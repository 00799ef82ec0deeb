"""Scenario: every knob of the synthetic trace generator, as frozen dataclasses.

A :class:`Scenario` fully determines the output: the same scenario (including its ``seed``)
always gives byte-identical files. Build variants with :func:`dataclasses.replace`, e.g.
``replace(scenario, app_signposts=False)`` or ``scenario.with_recordings(...)``.

Times in a scenario are seconds (floats); bytes are ints; CPU percents use 100 % = one core.
Everything written is labelled SYNTHETIC (TOC template name, device uuid, run.json, comments).
The parts (devices, models, profiles, launches, enums) are in :mod:`tests.synthetic.specs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tests.synthetic.specs import (  # noqa: F401  (re-exported: the historical import path)
    IPHONE_AIR,
    SYNTHETIC_UDID,
    THERMAL_ORDER,
    CfgMode,
    ComputeUnit,
    CpuProfile,
    CrashSpec,
    DeviceSpec,
    EventStyle,
    ExtraProcess,
    GiB,
    LaunchSpec,
    Layout,
    LoadStyle,
    LogLine,
    MemoryProfile,
    MiB,
    ModelSpec,
    Scale,
    StepProfile,
    Target,
    ThermalState,
    TocStyle,
    TraceShape,
)

#: The tables of the sample, in the order of the TOC's <data> (other, never exported tables
#: are interleaved there so that table[K] indices are realistic). The default of
#: ``Scenario.tables``.
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
#: Tables a scenario may add: real MPS intervals, sparse sysmon samples and the com.apple.coreml
#: ``os-signpost`` table (its rows are UNCONFIRMED; the schema is real).
EXTRA_TABLES: tuple[str, ...] = ("mps-hw-intervals", "sysmon-process", "os-signpost")
KNOWN_TABLES: tuple[str, ...] = ALL_TABLES + EXTRA_TABLES
ACTIVITY_MONITOR_TABLES = ("activity-monitor-process-live", "activity-monitor-system")

SD15_MODELS: tuple[ModelSpec, ...] = (
    ModelSpec("TextEncoder", "text_encoder", 1, 12.6, 0.62, prediction_s=0.021, memory_share=0.14),
    ModelSpec("Unet", "unet", 3, 96.4, 2.43, memory_share=0.72),
    ModelSpec("VAEDecoder", "vae_decoder", 2, 11.3, 0.45, prediction_s=0.83, memory_share=0.14),
)


@dataclass(frozen=True)
class RecordingSpec:
    """One recording. Without ``launches`` it holds one launch (the sample); multipliers scale
    the scenario's profiles."""

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
    #: the app's launches in this recording; () = one launch, cached as ``cached``
    launches: tuple[LaunchSpec, ...] = ()
    #: tables exported with no rows in this recording only
    empty_tables: frozenset[str] = frozenset()
    #: the TOC target's termination-reason; None: exit(0), or SIGKILL/SIGABRT with crashes
    termination_reason: str | None = None

    def launch_specs(self) -> tuple[LaunchSpec, ...]:
        return self.launches or (LaunchSpec(cached=self.cached),)


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
    # ---- real-app shapes (issue 14); the defaults keep the sample's bytes ----
    event_style: EventStyle = EventStyle.SIMPLE
    #: CFG halves of a chunked UNet; None: BATCHED, or SEPARATE when ``steps.cfg_split``
    cfg: CfgMode | None = None
    toc_style: TocStyle = TocStyle.LEGACY
    target: Target = Target.LAUNCHED
    trace_shape: TraceShape = TraceShape.PER_RECORDING
    #: ONE_TRACE: repeat the <schema> in every node (real exports give it in the first only)
    schema_in_every_node: bool = False
    run_json_app: bool = True  # False: run.json names no app (bundle id and name null)
    extra_processes: tuple[ExtraProcess, ...] = ()
    #: the event text of an unload: a GUESS (no real unload string is known)
    unload_event: str = "Unload"
    #: ground-truth.json format: 1 = the sample's document; 2 adds launches, generations, the
    #: app's identity and expected diagnostics, and classifies loads by issue 14's rule
    truth_version: int = 1

    def __post_init__(self) -> None:
        # Accept lists, sets and dicts for convenience; store hashable values (the timeline
        # cache keys on the scenario) and reject table names the generator does not know.
        layouts = self.layouts.items() if isinstance(self.layouts, dict) else self.layouts
        object.__setattr__(self, "layouts", tuple((t, Layout(v)) for t, v in layouts))
        object.__setattr__(self, "tables", tuple(self.tables))
        object.__setattr__(self, "empty_tables", frozenset(self.empty_tables))
        object.__setattr__(self, "unexported_tables", frozenset(self.unexported_tables))
        object.__setattr__(self, "recordings", tuple(
            replace(r, empty_tables=frozenset(r.empty_tables), launches=tuple(r.launches))
            for r in self.recordings))
        object.__setattr__(self, "models", tuple(self.models))
        object.__setattr__(self, "extra_processes", tuple(self.extra_processes))
        named = set(self.tables) | self.empty_tables | self.unexported_tables | {
            t for t, _ in self.layouts} | {t for r in self.recordings for t in r.empty_tables}
        unknown = sorted(named - set(KNOWN_TABLES))
        if unknown:
            raise ValueError(f"unknown tables {unknown}; the generator writes {KNOWN_TABLES}")
        if not self.recordings:
            raise ValueError("a scenario needs at least one recording")

    def layout(self, schema: str) -> Layout:
        return dict(self.layouts).get(schema, Layout.DEFAULT)

    def cfg_mode(self) -> CfgMode:
        if self.cfg is not None:
            return self.cfg
        return CfgMode.SEPARATE if self.steps.cfg_split else CfgMode.BATCHED

    def unets(self) -> tuple[ModelSpec, ...]:
        """The UNet model(s), chunks in chain order."""
        return tuple(sorted((m for m in self.models if m.role == "unet"), key=lambda m: m.chunk))

    def empty(self, schema: str, number: int) -> bool:
        """The table is exported with no rows in recording ``number``."""
        return schema in self.empty_tables or schema in self.recording(number).empty_tables

    def with_recordings(self, *recordings: RecordingSpec) -> Scenario:
        return replace(self, recordings=tuple(recordings))

    def without_tables(self, *schemas: str) -> Scenario:
        return replace(self, tables=tuple(t for t in self.tables if t not in schemas))

    def recording(self, number: int) -> RecordingSpec:
        """``number`` is 1-based, as in ``run-K`` folders."""
        if not 1 <= number <= len(self.recordings):
            raise IndexError(f"recording {number} not in 1..{len(self.recordings)}")
        return self.recordings[number - 1]
