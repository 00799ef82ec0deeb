"""The value types of the summary contract (:mod:`profiler.analysis.summary` assembles them).

Units: times in seconds (float), bytes as int, percents where 100 % is one core. ``start_s``
counts from the recording's start. A missing value is ``None`` (``null`` in JSON). Fields added
in version 2 of the contract have defaults, so a version-1 document reads into these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

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


@dataclass(frozen=True)
class ModelTransition:
    """One Foundation Models asset state change: a load (ends in ``loaded``), an unload (ends in
    ``unloaded``) or another transition; times in seconds from the recording start."""

    asset: str
    from_state: str | None
    to_state: str
    kind: str  # "load" | "unload" | "other"
    start_s: float
    duration_s: float | None


@dataclass(frozen=True)
class FoundationModels:
    """Apple's Foundation Models in a recording (the catalog's model loading table), apart from
    Core ML."""

    loads: int
    unloads: int
    load_s: float  # summed duration of the loads
    transitions: tuple[ModelTransition, ...]
    source: str


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

    ``count``/``first_s``/``last_s`` describe the de-duplicated group this entry stands for.
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
