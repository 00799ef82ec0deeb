"""Findings computed from the analysis (summary and chart series), not from log text."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from profiler.analysis.diagnostics.finding import make
from profiler.analysis.diagnostics.launch_findings import launch_findings
from profiler.analysis.run_facts import LimitSource, MemoryLimits, budget_use, memory_limits
from profiler.analysis.series import RecordingSeries
from profiler.analysis.summary import (
    Diagnostic,
    LoadKind,
    Recording,
    Summary,
)
from profiler.analysis.thermal import HOT_STATES
from profiler.trace import catalog
from profiler.trace.catalog import Role
from profiler.units import format_bytes

if TYPE_CHECKING:
    import pandas as pd

#: Peak footprint at or above this share of the jetsam limit is a near miss.
NEAR_JETSAM_SHARE = 0.85
#: A non-cached model load longer than this (seconds) is reported.
SLOW_LOAD_S = 60.0
#: UNet time below which the Neural Engine check is not made (too little to judge).
MIN_UNET_S = 1.0
#: Neural Engine busy share of UNet time below which the ANE counts as idle.
ANE_IDLE_SHARE = 0.05
#: Metrics named in ``Unavailable.metric`` that mean "the Core ML table"; an Unavailable whose
#: reason matches ``EMPTY_REASON`` flags the table as exported but empty.
COREML_METRICS = ("coreml", catalog.main(Role.CORE_ML).name, "loads", "predictions")
_CORE_AI = {e.name for e in catalog.of_role(Role.CORE_AI)}
EMPTY_REASON = re.compile(r"\bempty\b|\bno rows\b|\b0 rows\b", re.IGNORECASE)


def metric_findings(
    summary: Summary,
    series: Sequence[RecordingSeries],
    *,
    measured_limit_bytes: int | None = None,
    empty_coreml: Sequence[str] = (),
) -> list[Diagnostic]:
    """Metric-based findings for every recording.

    ``measured_limit_bytes`` (a JetsamEvent's per-process limit) replaces the catalogue budget
    (:func:`profiler.analysis.run_facts.memory_limits`, which the reports read too).
    ``empty_coreml`` names recordings whose Core ML table was exported with no rows.
    """
    by_name = {s.name: s for s in series}
    limits = memory_limits(summary, measured_limit_bytes)
    out: list[Diagnostic] = []
    for index, rec in enumerate(summary.recordings):
        ser = by_name.get(rec.name) or (series[index] if index < len(series) else None)
        frames: Mapping[str, pd.DataFrame] = ser.frames if ser is not None else {}
        out += _near_jetsam(limits, rec)
        out += _silent_ane(rec, frames)
        out += _slow_loads(rec)
        out += _coreml_empty(rec, ser, frames, rec.name in empty_coreml)
        out += _thermal(rec, frames)
        out += launch_findings(summary, rec)
    return out


def _near_jetsam(limits: MemoryLimits, rec: Recording) -> list[Diagnostic]:
    mem = rec.memory
    use = budget_use(limits, mem.peak_footprint_bytes if mem else None)
    if mem is None or use is None or use.share < NEAR_JETSAM_SHARE:
        return []
    peak, limit = format_bytes(use.footprint_bytes), format_bytes(use.limit_bytes)
    where = f"the {limit} jetsam {limits.word} ({limits.jetsam_origin})"
    if not use.exceeded:
        text = f"peak footprint {peak} = {use.share:.0%} of {where}"
        return [make("near-jetsam-limit", rec, text, mem.peak_footprint_at_s)]
    over = format_bytes(use.footprint_bytes - use.limit_bytes)
    text = f"peak footprint {peak} exceeded {where} by {over} ({use.share:.0%})"
    if use.source is LimitSource.MEASURED:
        text += "; the device killed the app at that limit"
    elif any(la.jetsam is not None for la in rec.launches):
        text += "; jetsam killed the app"
    else:
        text += ("; the app survived it, which suggests the Increased Memory Limit entitlement "
                 "or a larger limit on this device than documented")
    return [make("jetsam-budget-exceeded", rec, text, mem.peak_footprint_at_s)]


def _frame(frames: Mapping[str, pd.DataFrame], name: str, *cols: str) -> pd.DataFrame | None:
    frame = frames.get(name)
    if frame is None or len(frame) == 0 or not set(cols) <= set(frame.columns):
        return None
    return frame.dropna(subset=list(cols))


def _silent_ane(rec: Recording, frames: Mapping[str, pd.DataFrame]) -> list[Diagnostic]:
    if rec.ane is None or any(u.metric == "ane" for u in rec.unavailable):
        return []  # the Neural Engine was not recorded: idle cannot be told from unmeasured
    windows, what = _unet_windows(frames)
    if not windows:
        return []
    unet_ns = sum(end - start for start, end in windows)
    if unet_ns < MIN_UNET_S * 1e9:
        return []
    ane = _frame(frames, "ane", "start_ns", "duration_ns")
    if ane is not None:
        busy = _merge(
            [
                (int(s), int(s) + int(d))
                for s, d in zip(ane["start_ns"], ane["duration_ns"], strict=True)
            ]
        )
        overlap = sum(_overlap(w, busy) for w in windows)
        share = overlap / unet_ns
    elif rec.ane.intervals == 0:
        share = 0.0
    elif rec.ane.busy_fraction_denoise is not None:
        share = rec.ane.busy_fraction_denoise
    else:
        return []
    if share >= ANE_IDLE_SHARE:
        return []
    text = (
        f"{len(windows)} {what} ran for {unet_ns / 1e9:.1f} s; the Neural Engine was busy "
        f"{share:.1%} of that time"
    )
    return [
        make("silent-ane-fallback", rec, text, windows[0][0] / 1e9)
    ]


def _unet_windows(frames: Mapping[str, pd.DataFrame]) -> tuple[list[tuple[int, int]], str]:
    preds = _frame(frames, "predictions", "model", "start_ns", "duration_ns")
    if preds is not None and "framework" in preds:
        # The Neural Engine table cannot see Core AI work: only Core ML windows are checked
        core_ai = preds["framework"].astype(str) == "core-ai"
        if core_ai.any():
            preds = preds[~core_ai]
            unet = preds[preds["model"].astype(str).str.contains("unet", case=False)]
            return (_spans(unet), "Core ML UNet predictions") if len(unet) else ([], "")
    if preds is not None:
        unet = preds[preds["model"].astype(str).str.contains("unet", case=False, regex=False)]
        if len(unet):
            return _spans(unet), "UNet predictions"
    steps = _frame(frames, "steps", "start_ns", "duration_ns")
    if steps is not None:
        return _spans(steps), "denoising steps (UNet)"
    return [], ""


def _spans(frame: pd.DataFrame) -> list[tuple[int, int]]:
    pairs = zip(frame["start_ns"], frame["duration_ns"], strict=True)
    return sorted((int(s), int(s) + int(d)) for s, d in pairs)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _overlap(window: tuple[int, int], merged: list[tuple[int, int]]) -> int:
    import bisect

    start, end = window
    i = max(bisect.bisect_right(merged, (start, start)) - 1, 0)
    total = 0
    while i < len(merged) and merged[i][0] < end:
        total += max(0, min(end, merged[i][1]) - max(start, merged[i][0]))
        i += 1
    return total


def _slow_loads(rec: Recording) -> list[Diagnostic]:
    out = []
    for load in rec.loads:
        if load.kind != LoadKind.CACHED and load.duration_s > SLOW_LOAD_S:
            text = f"{load.model}: {load.kind} load took {load.duration_s:.1f} s ({load.source})"
            out.append(make("slow-uncached-load", rec, text, load.start_s))
    return out


def _coreml_empty(
    rec: Recording, ser: RecordingSeries | None, frames: Mapping[str, pd.DataFrame], flagged: bool
) -> list[Diagnostic]:
    notes = [*rec.unavailable, *(ser.tables_missing if ser is not None else ())]
    empty = flagged or any(
        u.metric in COREML_METRICS and EMPTY_REASON.search(u.reason) for u in notes
    )
    if not empty:
        return []
    preds = frames.get("predictions")
    if rec.loads and all(ld.source.split("[", 1)[0] in _CORE_AI for ld in rec.loads) or (
            preds is not None and "framework" in preds and (preds["framework"] == "core-ai").any()):
        return []  # a Core AI app: its loads and predictions were measured from Core AI's table
    ran = [
        name
        for name in ("steps", "ane", "memory", "cpu", "gpu")
        if _frame(frames, name) is not None
    ]
    if rec.steps is not None and rec.steps.count > 0 and "steps" not in ran:
        ran.insert(0, "steps")
    if not ran:
        return []  # nothing shows the app ran, so an empty table is not a contradiction
    text = (f"{catalog.main(Role.CORE_ML).name} has no rows, but {', '.join(ran)} data show "
            "the app ran")
    return [make("coreml-table-empty", rec, text, None)]


def _thermal(rec: Recording, frames: Mapping[str, pd.DataFrame]) -> list[Diagnostic]:
    thermal = _frame(frames, "thermal", "start_ns", "duration_ns", "state")
    steps = _frame(frames, "steps", "start_ns", "duration_ns")
    if thermal is None or steps is None:
        return []
    hot = thermal[thermal["state"].astype(str).str.lower().isin(HOT_STATES)]
    numbers = steps["step"].tolist() if "step" in steps.columns else range(1, len(steps) + 1)
    spans = sorted(
        (int(s), int(s) + int(d), int(n))
        for s, d, n in zip(steps["start_ns"], steps["duration_ns"], numbers, strict=True)
    )
    hit_steps: list[int] = []
    worst = None
    first = last = None
    for state, start, dur in zip(hot["state"], hot["start_ns"], hot["duration_ns"], strict=True):
        lo, hi = int(start), int(start) + int(dur)
        for s, e, n in spans:
            if s < hi and lo < e:
                hit_steps.append(n)
                first = max(lo, s) if first is None else min(first, max(lo, s))
                last = min(hi, e) if last is None else max(last, min(hi, e))
                if worst is None or str(state).lower() == "critical":
                    worst = str(state)
    if not hit_steps or first is None or last is None:
        return []
    hit = sorted(set(hit_steps))
    text = (
        f"thermal state {worst} during steps {hit[0]}–{hit[-1]} of {len(spans)} "
        f"({len(hit)} steps affected, {(last - first) / 1e9:.1f} s)"
    )
    return [make("thermal-throttling", rec, text, first / 1e9)]
