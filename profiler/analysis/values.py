"""The value types of the summary contract (:mod:`profiler.analysis.summary` assembles them).

Units: times in seconds (float), bytes as int, percents where 100 % is one core. ``start_s``
counts from the recording's start. A missing value is ``None`` (``null`` in JSON). Fields added
in version 2 of the contract have defaults, so a version-1 document reads into these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# Foundation Models' types live in foundation_values.py and are part of this contract too
from profiler.analysis.foundation_values import FoundationModels as FoundationModels
from profiler.analysis.foundation_values import ModelTransition as ModelTransition
from profiler.severity import Severity


class LoadKind(StrEnum):
    UNCACHED = "uncached"
    CACHED = "cached"
    UNKNOWN = "unknown"


class KindFrom(StrEnum):
    """Which rule decided a load's kind (docs/analysis.md, "Model loads")."""

    TEXT = "text"  # the event text names it (cached, prepare, compile)
    ABSOLUTE = "absolute"  # over 60 s
    RELATIVE = "relative"  # against the same model's fastest load of the run


class AppEvidence(StrEnum):
    """How the app's process was identified (docs/analysis.md, "Which process is the app")."""

    TOC_TARGET = "toc-target"
    RUN_JSON = "run-json-app-name"
    COREML_PROCESS = "coreml-process-column"
    APP_SIGNPOSTS = "app-signposts"
    COREML_SIGNPOSTS = "coreml-os-signpost-events"


@dataclass(frozen=True)
class DeviceInfo:
    name: str | None = None
    model: str | None = None
    product_type: str | None = None
    os_version: str | None = None
    platform: str | None = None
    chip: str | None = None
    ram_bytes: int | None = None
    ane_cores: int | None = None
    cpu_cores: int | None = None  # from the device catalog; None when the device is not in it


@dataclass(frozen=True)
class ProcessRef:
    name: str | None = None
    pid: int | None = None


@dataclass(frozen=True)
class AppIdentity:
    """The app's process: its name and pids (one per launch), or, when the evidence does not
    decide (``how`` None), the candidates that were not picked."""

    name: str | None
    pids: tuple[int, ...] = ()
    how: AppEvidence | None = None
    candidates: tuple[ProcessRef, ...] = ()


@dataclass(frozen=True)
class OtherProcess:
    """A sampled process that is not the app (daemons such as aned, other apps)."""

    name: str | None
    pid: int | None
    peak_footprint_bytes: int | None
    cpu_peak_percent: float | None = None


@dataclass(frozen=True)
class Load:
    model: str
    kind: LoadKind
    start_s: float
    duration_s: float
    source: str
    kind_from: KindFrom | None = None
    #: the launch (1-based, within the recording) the load belongs to
    launch: int | None = None


@dataclass(frozen=True)
class LoadTotals:
    uncached: float | None = None
    cached: float | None = None
    unknown: float | None = None


@dataclass(frozen=True)
class Steps:
    count: int
    first_s: float | None
    median_s: float | None
    p90_s: float | None
    max_s: float | None
    steps_per_s: float | None
    source: str
    #: every step's latency in order (step 1 first); lets `compare` test significance
    durations_s: tuple[float, ...] = ()


@dataclass(frozen=True)
class Stages:
    text_encode_s: float | None = None
    denoise_s: float | None = None
    decode_s: float | None = None


@dataclass(frozen=True)
class Generation:
    """One image: one denoising loop, from its first step's start to its last step's end."""

    number: int  # 1-based within the launch
    steps: Steps
    stages: Stages
    denoise_start_s: float | None  # None when read from a version-1 summary
    denoise_end_s: float | None
    ane_busy_fraction: float | None = None
    #: the step count the app announced (`total=N` in its step signposts), when it did
    planned_steps: int | None = None
    #: the loop stopped before its last step (the app was killed, or fewer steps than planned)
    cut_short: bool = False
    #: end-to-end seconds as Apple's tables quote them: the start of this image's text encoding
    #: to the end of its decoding (docs/analysis.md); None when either stage was not recorded
    end_to_end_s: float | None = None


@dataclass(frozen=True)
class Jetsam:
    """Evidence that iOS killed the launch for memory: a JetsamEvent report, or the TOC."""

    source: str  # "ips" (a JetsamEvent report) or "toc" (the target's termination reason)
    footprint_bytes: int | None
    limit_bytes: int | None
    at_s: float | None
    evidence: str


@dataclass(frozen=True)
class Launch:
    """One launch of the app inside a recording: its own unit for loads and steps."""

    number: int  # 1-based within the recording, in time order
    pid: int | None
    start_s: float | None
    end_s: float | None
    loads: tuple[Load, ...] = ()
    load_s: LoadTotals = field(default_factory=LoadTotals)
    unloads: int = 0  # unload events (never loads)
    steps: Steps | None = None
    stages: Stages | None = None
    generations: tuple[Generation, ...] = ()
    ane_busy_fraction_denoise: float | None = None
    peak_footprint_bytes: int | None = None
    peak_footprint_at_s: float | None = None
    process_peak_percent: float | None = None
    process_mean_percent: float | None = None
    jetsam: Jetsam | None = None
    #: seconds from the launch's start to its first denoising step (None: no step, or no start)
    first_step_after_s: float | None = None


@dataclass(frozen=True)
class Memory:
    peak_footprint_bytes: int | None
    peak_footprint_at_s: float | None
    system_used_peak_bytes: int | None
    ram_bytes: int | None
    source: str
    compressed_peak_bytes: int | None = None
    swap_peak_bytes: int | None = None


@dataclass(frozen=True)
class Cpu:
    process_peak_percent: float | None
    process_mean_percent: float | None  # time-weighted
    system_peak_percent: float | None
    source: str
    system_mean_percent: float | None = None  # time-weighted


@dataclass(frozen=True)
class Ane:
    busy_s: float | None
    busy_fraction_denoise: float | None
    intervals: int


@dataclass(frozen=True)
class Gpu:
    busy_fraction: float | None


@dataclass(frozen=True)
class Thermal:
    worst: str | None
    #: the state at the recording's start (its first interval) and end (its last interval)
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class Environment:
    """What a bug issue needs to reproduce the run (docs/analysis.md, "Environment").

    Each value comes from the run record (``run.json``: the options ``profiler run`` was given,
    the Mac's versions), the TOC, or the model inspection (``--model-path``); None means it was
    not recorded anywhere, and reports say so instead of guessing.
    """

    compute_units: str | None = None
    pipeline: str | None = None  # "SD 2.x", "SDXL" (inspection)
    attention: str | None = None  # the UNet's attention implementation (inspection)
    bits: float | None = None  # the UNet's effective bits per weight (inspection)
    palettized_bits: tuple[float, ...] = ()  # palette widths of the UNet (inspection)
    resolution: str | None = None  # "512x512" (inspection)
    chunked: bool | None = None  # UnetChunk1 + UnetChunk2 (inspection)
    steps: int | None = None
    scheduler: str | None = None
    seed: int | None = None
    guidance: float | None = None
    reduce_memory: bool | None = None
    prompt: str | None = None
    run_command: str | None = None  # the `profiler run` command line that recorded the run
    report_command: str | None = None  # the `profiler report` command line of this report
    host_os: str | None = None
    xcode: str | None = None  # `xcrun xctrace version`, else the TOC's Instruments version
    ml_stable_diffusion: str | None = None  # the models' ml-stable-diffusion version metadata
    #: field name -> where its value came from ("run.json options", "inspection", "TOC", …)
    sources: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Unavailable:
    metric: str
    reason: str


@dataclass(frozen=True)
class Evidence:
    text: str
    source: str
    time_s: float | None = None


@dataclass(frozen=True)
class Diagnostic:
    """A recognised failure signature or metric-based finding.

    ``count``/``first_s``/``last_s`` describe the de-duplicated group this entry stands for; a
    single event has one time (``first_s == last_s``). The times count from the start of
    ``recording`` (None: a file with no trace clock, e.g. ``--log``); ``launch`` is the launch
    number inside it, set only when that recording holds more than one launch.
    """

    code: str
    severity: Severity
    message: str
    evidence: Evidence | None
    source: str
    link: str | None
    advice: str | None
    count: int = 1
    first_s: float | None = None
    last_s: float | None = None
    recording: str | None = None
    launch: int | None = None
