"""The versioned summary contract (``coreml-profiler.summary`` v2; JSON Schema in
``profiler/schemas/summary.schema.json``). The analysis result around it is
:class:`profiler.analysis.result.Analysis`; the value types are in
:mod:`profiler.analysis.values` (re-exported here).

Units: times in seconds (float), bytes as int, percents where 100 % is one core. ``start_s``
counts from the recording's start. A missing value is ``None`` (``null`` in JSON).
The JSON reporter serialises :meth:`Summary.to_dict`; ``profiler compare`` reads it back with
:meth:`Summary.from_dict`, which also reads version 1 (a version-1 recording is one launch).

Version 3 (issue 15): the run's ``environment``; per image ``end_to_end_s``; per launch
``first_step_after_s``; the thermal state at the recording's ``start`` and ``end``; the headline's
``app_cpu_peak_percent`` and ``system_cpu_peak_percent`` (optional: earlier version-3 summaries
lack them, and readers aggregate them from the recordings).

Version 2 (issue 14): a recording holds ``launches`` (each its own unit for loads and steps,
with its ``generations``), ``app`` (how the app's process was identified, or the candidates)
and ``other_processes``; loads carry ``kind_from`` and ``launch``; the headline takes each
launch as one unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from profiler.analysis.values import (
    Ane,
    AppEvidence,
    AppIdentity,
    Cpu,
    DeviceInfo,
    Diagnostic,
    Environment,
    Evidence,
    FoundationModels,
    Generation,
    Gpu,
    Jetsam,
    KindFrom,
    Launch,
    Load,
    LoadKind,
    LoadTotals,
    Memory,
    ModelTransition,
    OtherProcess,
    ProcessRef,
    Stages,
    Steps,
    Thermal,
    Unavailable,
)
from profiler.codec import from_plain, plain_reason, to_plain
from profiler.errors import SummaryFormatError
from profiler.severity import Severity

SUMMARY_FORMAT = "coreml-profiler.summary"
SUMMARY_VERSION = 3
#: versions :meth:`Summary.from_dict` reads (1: one launch per recording; 2: no environment,
#: end-to-end or thermal start/end, read as null)
READABLE_VERSIONS = (1, 2, 3)


@dataclass(frozen=True)
class Recording:
    name: str
    template: str | None = None
    instruments_version: str | None = None
    start_date: str | None = None  # ISO 8601 with offset, as in the TOC
    duration_s: float | None = None
    process: ProcessRef | None = None
    app: AppIdentity | None = None
    loads: tuple[Load, ...] = ()
    load_s: LoadTotals = field(default_factory=LoadTotals)
    steps: Steps | None = None
    stages: Stages | None = None
    memory: Memory | None = None
    cpu: Cpu | None = None
    ane: Ane | None = None
    gpu: Gpu | None = None
    thermal: Thermal | None = None
    #: Apple's Foundation Models (their own section; never in the headline)
    foundation_models: FoundationModels | None = None
    #: the app's launches in this recording, in time order (version 1: one)
    launches: tuple[Launch, ...] = ()
    other_processes: tuple[OtherProcess, ...] = ()
    unavailable: tuple[Unavailable, ...] = ()


@dataclass(frozen=True)
class Headline:
    uncached_load_s: float | None = None
    cached_load_s: float | None = None
    step_median_s: float | None = None
    steps_per_s: float | None = None
    peak_footprint_bytes: int | None = None
    system_used_peak_bytes: int | None = None
    #: the device's CPU gauge, as the talk quoted it: the system peak when known, else the
    #: app's. Kept for readers of earlier version-3 summaries; reports and the compare gate use
    #: the two figures below, which say whose CPU it is.
    cpu_peak_percent: float | None = None
    ane_busy_fraction: float | None = None
    #: the app's own CPU peak (its process, or its threads summed)
    app_cpu_peak_percent: float | None = None
    #: the whole device's CPU peak (the system table, else the sampled processes summed)
    system_cpu_peak_percent: float | None = None


@dataclass(frozen=True)
class Summary:
    device: DeviceInfo
    recordings: tuple[Recording, ...]
    headline: Headline
    diagnostics: tuple[Diagnostic, ...] = ()
    name: str | None = None  # the run's name (folder name); not part of the v1 contract keys below
    load_rule: str | None = None  # the load-classification rule used, stated in reports
    #: what a bug issue needs to reproduce the run (version 3)
    environment: Environment = field(default_factory=Environment)

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
        version = data.get("version")
        if version not in READABLE_VERSIONS or isinstance(version, bool):
            raise SummaryFormatError(
                f"summary version {version!r} is not supported (this profiler reads versions "
                f"{', '.join(map(str, READABLE_VERSIONS))})",
                path=path,
                hint="re-create the JSON with this version of profiler, or upgrade profiler",
            )
        try:
            summary = from_plain(cls, data)
            return summary if version != 1 else _from_version_1(summary)
        except (TypeError, ValueError, KeyError) as exc:
            raise SummaryFormatError(
                f"malformed summary: {plain_reason(exc)}", path=path,
                hint="re-create it with `profiler report --format json`; a hand-edited or "
                "truncated summary cannot be read",
            ) from None


def _from_version_1(summary: Summary) -> Summary:
    """A version-1 summary in version-2 form: each recording is one launch."""
    return replace(summary, recordings=tuple(
        replace(r, launches=(one_launch(r),)) if not r.launches else r
        for r in summary.recordings))


def one_launch(r: Recording) -> Launch:
    """The single launch a version-1 recording stands for, built from its own figures."""
    gens: tuple[Generation, ...] = ()
    if r.steps is not None and r.steps.count:
        gens = (Generation(1, r.steps, r.stages or Stages(), None, None,
                           r.ane.busy_fraction_denoise if r.ane else None),)
    return Launch(
        number=1, pid=r.process.pid if r.process else None, start_s=0.0, end_s=r.duration_s,
        loads=tuple(replace(ld, launch=1) for ld in r.loads), load_s=r.load_s, steps=r.steps,
        stages=r.stages, generations=gens,
        ane_busy_fraction_denoise=r.ane.busy_fraction_denoise if r.ane else None,
        peak_footprint_bytes=r.memory.peak_footprint_bytes if r.memory else None,
        peak_footprint_at_s=r.memory.peak_footprint_at_s if r.memory else None,
        process_peak_percent=r.cpu.process_peak_percent if r.cpu else None,
        process_mean_percent=r.cpu.process_mean_percent if r.cpu else None)


__all__ = [
    "READABLE_VERSIONS",
    "SUMMARY_FORMAT",
    "SUMMARY_VERSION",
    "Ane",
    "AppEvidence",
    "AppIdentity",
    "Cpu",
    "DeviceInfo",
    "Diagnostic",
    "Environment",
    "Evidence",
    "Generation",
    "Gpu",
    "Headline",
    "Jetsam",
    "KindFrom",
    "Launch",
    "Load",
    "LoadKind",
    "LoadTotals",
    "Memory",
    "OtherProcess",
    "ProcessRef",
    "Recording",
    "Severity",
    "Stages",
    "Steps",
    "Summary",
    "Thermal",
    "FoundationModels",
    "ModelTransition",
    "Unavailable",
    "one_launch",
]
