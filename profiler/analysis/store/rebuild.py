"""Stored rows back into summaries, so ``profiler compare``'s gate runs on history unchanged.

A stored run becomes a :class:`Summary` whose recordings are its launches, with their step
latencies and loads from ``samples``: what the gate tests (per-step latencies, per-recording
values) is exactly what was stored. Diagnostics are kept as codes only and do not come back.

A *history* (several stored runs taken together as one baseline) is one summary whose
recordings are the launches of every run, newest run first, and whose headline values are the
median over the runs of each run's headline value (:func:`profiler.analysis.aggregate.combine`):
the typical run of the window, not its most extreme one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from profiler.analysis.aggregate import RUN_FIGURES, Rule, combine
from profiler.analysis.store.columns import RUN_PREFIX, UNKNOWN, Metric
from profiler.analysis.summary import (
    Ane,
    Cpu,
    DeviceInfo,
    Gpu,
    Headline,
    Load,
    LoadKind,
    LoadTotals,
    Memory,
    ProcessRef,
    Recording,
    Stages,
    Steps,
    Summary,
    Thermal,
    Unavailable,
)
from profiler.analysis.values import KindFrom


@dataclass(frozen=True, eq=False)
class StoredRun:
    """One run read back: its run-level row (the first launch row) and its summary."""

    run_id: str
    row: dict[str, Any]
    summary: Summary
    environment: dict[str, str] = field(default_factory=dict)


def stored_runs(runs: Sequence[dict[str, Any]], samples: Iterable[dict[str, Any]]) -> list[StoredRun]:
    """Group launch rows and samples by run (rows in launch order), keeping the runs' order."""
    by_launch: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    for s in samples:
        by_launch.setdefault((s["run_id"], s["recording"], s["launch"]), []).append(s)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in runs:
        grouped.setdefault(row["run_id"], []).append(row)
    out = []
    for rid, rows in grouped.items():
        rows.sort(key=lambda r: (r["recording"], r["launch"]))
        recordings = tuple(recording(r, by_launch.get((rid, r["recording"], r["launch"]), ()))
                           for r in rows)
        out.append(StoredRun(rid, rows[0], summary(rows[0], recordings), _environment(rows[0])))
    return out


def summary(row: dict[str, Any], recordings: tuple[Recording, ...]) -> Summary:
    from profiler.hardware import by_name, by_product_type

    product_type = None if row["device"] == UNKNOWN else row["device"]
    # CPU cores are a catalog fact, not stored: looked up again as the analysis does
    spec = by_product_type(product_type) or by_name(row["device_model"])
    device = DeviceInfo(
        name=row["device_name"], model=row["device_model"], product_type=product_type,
        os_version=row["os_version"], platform=row["platform"], chip=row["chip"],
        ram_bytes=row["ram_bytes"], ane_cores=row["ane_cores"],
        cpu_cores=spec.cpu_cores if spec else None)
    headline = Headline(**{f.metric: row.get(RUN_PREFIX + f.metric) for f in RUN_FIGURES})
    return Summary(device=device, recordings=recordings, headline=headline,
                   name=row["run_name"], load_rule=row["load_rule"])


def recording(row: dict[str, Any], samples: Iterable[dict[str, Any]]) -> Recording:
    """One launch row and its samples as a v1 recording."""
    steps_s: dict[int, float] = {}
    loads: dict[int, dict[str, Any]] = {}
    for s in samples:
        if s["metric"] == Metric.STEP:
            steps_s[s["index"]] = s["value"]
        elif s["metric"] in (Metric.LOAD, Metric.LOAD_START):
            loads.setdefault(s["index"], dict(s))[s["metric"]] = s["value"]
    steps = Steps(row["steps_count"], row["step_first_s"], row["step_median_s"],
                  row["step_p90_s"], row["step_max_s"], row["steps_per_s"],
                  row["steps_source"] or "", tuple(steps_s[i] for i in sorted(steps_s))) \
        if row["steps_count"] is not None else None
    stage_values = (row["stage_text_encode_s"], row["stage_denoise_s"], row["stage_decode_s"])
    pid, process = row["process_pid"], row["process_name"]
    return Recording(
        name=row["recording_name"], template=row["template"],
        instruments_version=row["instruments_version"],
        start_date=row["started_at"].isoformat(timespec="milliseconds")
        if row["started_at"] else None,
        duration_s=row["duration_s"],
        process=ProcessRef(process, pid) if process is not None or pid is not None else None,
        loads=tuple(Load(x["model"], LoadKind(x["kind"]), x.get(Metric.LOAD_START, 0.0),
                         x.get(Metric.LOAD, 0.0), x["source"] or "",
                         KindFrom(x["kind_from"]) if x.get("kind_from") else None, row["launch"])
                    for _, x in sorted(loads.items())),
        load_s=LoadTotals(row["uncached_load_s"], row["load_cached_total_s"],
                          row["load_unknown_s"]),
        steps=steps,
        stages=Stages(*stage_values) if any(v is not None for v in stage_values) else None,
        memory=Memory(row["peak_footprint_bytes"], row["peak_footprint_at_s"],
                      row["system_used_peak_bytes"], row["memory_ram_bytes"],
                      row["memory_source"], row.get("memory_compressed_peak_bytes"),
                      row.get("memory_swap_peak_bytes"))
        if row["memory_source"] is not None else None,
        cpu=Cpu(row["cpu_process_peak_percent"], row["cpu_process_mean_percent"],
                row["cpu_system_peak_percent"], row["cpu_source"],
                row.get("cpu_system_mean_percent"))
        if row["cpu_source"] is not None else None,
        ane=Ane(row["ane_busy_s"], row["ane_busy_fraction"], row["ane_intervals"])
        if row["ane_intervals"] is not None else None,
        gpu=Gpu(row["gpu_busy_fraction"]) if row["gpu_busy_fraction"] is not None else None,
        thermal=Thermal(row["thermal_worst"], row.get("thermal_start"), row.get("thermal_end"))
        if row["thermal_worst"] is not None or row.get("thermal_start") is not None else None,
        unavailable=tuple(Unavailable(k, v) for k, v in _pairs(row["unavailable"])),
    )


def history(runs: Sequence[StoredRun], *, name: str) -> Summary:
    """Several stored runs as one baseline summary (see the module docstring)."""
    newest_first = sorted(runs, key=_when, reverse=True)
    recordings = tuple(
        Recording(**{**{f.name: getattr(r, f.name) for f in fields(r)},
                     "name": f"{run.summary.name or run.run_id[:8]}/{r.name}"})
        for run in newest_first for r in run.summary.recordings)
    headline = Headline(**{  # type: ignore[arg-type]
        f.metric: combine(Rule.MEDIAN, [getattr(r.summary.headline, f.metric) for r in runs])
        for f in RUN_FIGURES})
    return Summary(device=_merged_device([r.summary.device for r in runs]),
                   recordings=recordings, headline=headline, name=name,
                   load_rule=_one([r.summary.load_rule for r in runs]))


def merged_environment(runs: Sequence[StoredRun]) -> dict[str, str]:
    """Model and compute units of several runs: the value, or ``mixed: a, b`` when they differ."""
    out = {}
    for key in ("model", "compute_units"):
        value = _one([r.environment.get(key) for r in runs])
        if value:
            out[key] = value
    return out


def _merged_device(devices: Sequence[DeviceInfo]) -> DeviceInfo:
    return DeviceInfo(**{f.name: _one([getattr(d, f.name) for d in devices])
                         for f in fields(DeviceInfo)})


def _one(values: Sequence[Any]) -> Any:
    """The common value, None when all are unknown, ``mixed: …`` for text that differs."""
    known = sorted({v for v in values if v is not None}, key=str)
    if len(known) <= 1:
        return known[0] if known else None
    if all(isinstance(v, str) for v in known):
        return "mixed: " + ", ".join(known)
    return None  # differing numbers (RAM, cores) have no single value


def _environment(row: dict[str, Any]) -> dict[str, str]:
    return {k: row[k] for k in ("model", "compute_units") if row.get(k)}


def _pairs(value: Any) -> list[tuple[str, str]]:
    if value is None:
        return []
    return list(value.items()) if isinstance(value, dict) else [tuple(p) for p in value]


def _when(run: StoredRun) -> tuple[bool, Any, str]:
    at = run.row.get("recorded_at")
    return (at is not None, at, run.run_id)
