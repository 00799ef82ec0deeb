"""The versioned summary contract (``coreml-profiler.summary`` v1; JSON Schema in
``profiler/schemas/summary.schema.json``). The analysis result around it is
:class:`profiler.analysis.result.Analysis`.

Units: times in seconds (float), bytes as int, percents where 100 % is one core. ``start_s``
counts from the recording's start. A missing value is ``None`` (``null`` in JSON).
The JSON reporter serialises :meth:`Summary.to_dict`; ``profiler compare`` reads it back with
:meth:`Summary.from_dict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from profiler.codec import from_plain, plain_reason, to_plain
from profiler.errors import SummaryFormatError
from profiler.severity import Severity

SUMMARY_FORMAT = "coreml-profiler.summary"
SUMMARY_VERSION = 1


class LoadKind(StrEnum):
    UNCACHED = "uncached"
    CACHED = "cached"
    UNKNOWN = "unknown"


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
class Load:
    model: str
    kind: LoadKind
    start_s: float
    duration_s: float
    source: str


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
class Memory:
    peak_footprint_bytes: int | None
    peak_footprint_at_s: float | None
    system_used_peak_bytes: int | None
    ram_bytes: int | None
    source: str


@dataclass(frozen=True)
class Cpu:
    process_peak_percent: float | None
    process_mean_percent: float | None
    system_peak_percent: float | None
    source: str


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


@dataclass(frozen=True)
class Recording:
    name: str
    template: str | None = None
    instruments_version: str | None = None
    start_date: str | None = None  # ISO 8601 with offset, as in the TOC
    duration_s: float | None = None
    process: ProcessRef | None = None
    loads: tuple[Load, ...] = ()
    load_s: LoadTotals = field(default_factory=LoadTotals)
    steps: Steps | None = None
    stages: Stages | None = None
    memory: Memory | None = None
    cpu: Cpu | None = None
    ane: Ane | None = None
    gpu: Gpu | None = None
    thermal: Thermal | None = None
    unavailable: tuple[Unavailable, ...] = ()


@dataclass(frozen=True)
class Headline:
    uncached_load_s: float | None = None
    cached_load_s: float | None = None
    step_median_s: float | None = None
    steps_per_s: float | None = None
    peak_footprint_bytes: int | None = None
    system_used_peak_bytes: int | None = None
    cpu_peak_percent: float | None = None
    ane_busy_fraction: float | None = None


@dataclass(frozen=True)
class Summary:
    device: DeviceInfo
    recordings: tuple[Recording, ...]
    headline: Headline
    diagnostics: tuple[Diagnostic, ...] = ()
    name: str | None = None  # the run's name (folder name); not part of the v1 contract keys below
    load_rule: str | None = None  # the load-classification rule used, stated in reports

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract, with ``format`` and ``version``."""
        body = to_plain(self)
        return {"format": SUMMARY_FORMAT, "version": SUMMARY_VERSION, **body}

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, path: str | None = None) -> Summary:
        """Read a summary JSON back; raises SummaryFormatError on another format or version."""
        if not isinstance(data, dict) or data.get("format") != SUMMARY_FORMAT:
            raise SummaryFormatError(
                f"not a {SUMMARY_FORMAT} JSON (format={data.get('format') if isinstance(data, dict) else None!r})",
                path=path,
                hint="pass a JSON written by `profiler report --format json`",
            )
        if data.get("version") != SUMMARY_VERSION:
            raise SummaryFormatError(
                f"summary version {data.get('version')!r} is not supported (this profiler reads version {SUMMARY_VERSION})",
                path=path,
                hint="re-create the JSON with this version of profiler, or upgrade profiler",
            )
        try:
            return from_plain(cls, data)
        except (TypeError, ValueError, KeyError) as exc:
            raise SummaryFormatError(
                f"malformed summary: {plain_reason(exc)}", path=path,
                hint="re-create it with `profiler report --format json`; a hand-edited or "
                "truncated summary cannot be read",
            ) from None




__all__ = [
    "SUMMARY_FORMAT",
    "SUMMARY_VERSION",
    "Ane",
    "Cpu",
    "DeviceInfo",
    "Diagnostic",
    "Evidence",
    "Gpu",
    "Headline",
    "Load",
    "LoadKind",
    "LoadTotals",
    "Memory",
    "ProcessRef",
    "Recording",
    "Severity",
    "Stages",
    "Steps",
    "Summary",
    "Thermal",
    "Unavailable",
]
