"""A run's rows: the summary and its :class:`RunMeta` as the ``runs`` and ``samples`` tables.

:func:`launches` is the one place that knows what a launch is in the summary contract; every
other function here works on the units it yields.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from profiler.analysis.aggregate import RUN_FIGURES, run_value
from profiler.analysis.store.columns import (
    RUN_COLUMNS,
    RUN_PREFIX,
    RUNS,
    SAMPLES,
    STORE_VERSION,
    Metric,
    arrow_schema,
)
from profiler.analysis.store.identity import RunMeta, parse_time
from profiler.analysis.summary import Launch, Recording, Summary, one_launch

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True)
class StoredLaunch:
    """One launch of the app: the store's unit for loads and steps."""

    recording: int  # 1-based recording number
    launch: int  # 1-based launch number in that recording
    record: Recording  # the recording: its process, sampled tables and the recording-wide figures
    unit: Launch  # the launch's own loads, steps, stages and peaks


def launches(summary: Summary) -> Iterator[StoredLaunch]:
    """The launches of a run, in order (a version-1 recording is one launch, ``launch = 1``)."""
    for number, recording in enumerate(summary.recordings, 1):
        for la in recording.launches or (one_launch(recording),):
            yield StoredLaunch(number, la.number, recording, la)


def run_row(summary: Summary, meta: RunMeta) -> dict[str, Any]:
    """The run-level columns (the same on each of its launch rows)."""
    d = summary.device
    row: dict[str, Any] = {f.name: getattr(meta, f.name) for f in fields(meta)
                           if f.name != "os_build"}
    row.update(
        store_version=STORE_VERSION, run_name=summary.name, labels=list(meta.labels),
        device_name=d.name, device_model=d.model, chip=d.chip, ram_bytes=d.ram_bytes,
        ane_cores=d.ane_cores, os_version=d.os_version, platform=d.platform,
        load_rule=summary.load_rule, recordings=len(summary.recordings),
        launches=sum(1 for _ in launches(summary)),
        diagnostic_codes=",".join(sorted({x.code for x in summary.diagnostics})) or None,
    )
    for f in RUN_FIGURES:
        row[RUN_PREFIX + f.metric] = run_value(summary, f.metric)
    names = {c.name for c in RUN_COLUMNS}
    assert set(row) == names, set(row) ^ names
    return row


def launch_row(launch: StoredLaunch) -> dict[str, Any]:
    """The per-launch columns of one launch (recording-wide figures where a launch has none)."""
    r, la = launch.record, launch.unit
    steps, memory, cpu, stages = la.steps, r.memory, r.cpu, la.stages
    unavailable: dict[str, str] = {}
    for u in r.unavailable:
        unavailable[u.metric] = f"{unavailable[u.metric]}; {u.reason}" \
            if u.metric in unavailable else u.reason
    figures = {f.metric: f.per_launch(la) if f.per_launch is not None
               else f.per_recording(r) if f.per_recording is not None else None
               for f in RUN_FIGURES}
    if la.peak_footprint_bytes is not None:  # the launch's own peak, not its recording's
        figures["peak_footprint_bytes"] = la.peak_footprint_bytes
    row = {
        "recording": launch.recording, "recording_name": r.name, "launch": launch.launch,
        "started_at": parse_time(r.start_date), "duration_s": r.duration_s, "template": r.template,
        "instruments_version": r.instruments_version,
        "process_name": r.process.name if r.process else None,
        "process_pid": la.pid if la.pid is not None else (r.process.pid if r.process else None),
        **figures,
        "steps_count": steps.count if steps else None,
        "step_first_s": steps.first_s if steps else None,
        "step_p90_s": steps.p90_s if steps else None,
        "step_max_s": steps.max_s if steps else None,
        "steps_source": steps.source if steps else None,
        "loads": len(la.loads),
        "load_kinds": ",".join(sorted({str(x.kind) for x in la.loads})) or None,
        "load_cached_total_s": la.load_s.cached, "load_unknown_s": la.load_s.unknown,
        "stage_text_encode_s": stages.text_encode_s if stages else None,
        "stage_denoise_s": stages.denoise_s if stages else None,
        "stage_decode_s": stages.decode_s if stages else None,
        "peak_footprint_at_s": la.peak_footprint_at_s if la.peak_footprint_bytes is not None
        else (memory.peak_footprint_at_s if memory else None),
        "memory_ram_bytes": memory.ram_bytes if memory else None,
        "memory_source": memory.source if memory else None,
        "memory_compressed_peak_bytes": memory.compressed_peak_bytes if memory else None,
        "memory_swap_peak_bytes": memory.swap_peak_bytes if memory else None,
        "cpu_process_peak_percent": la.process_peak_percent if la.process_peak_percent
        is not None else (cpu.process_peak_percent if cpu else None),
        "cpu_process_mean_percent": la.process_mean_percent if la.process_mean_percent
        is not None else (cpu.process_mean_percent if cpu else None),
        "cpu_system_peak_percent": cpu.system_peak_percent if cpu else None,
        "cpu_system_mean_percent": cpu.system_mean_percent if cpu else None,
        "cpu_source": cpu.source if cpu else None,
        "ane_busy_s": r.ane.busy_s if r.ane else None,
        "ane_intervals": r.ane.intervals if r.ane else None,
        "gpu_busy_fraction": r.gpu.busy_fraction if r.gpu else None,
        "thermal_worst": r.thermal.worst if r.thermal else None,
        "thermal_start": r.thermal.start if r.thermal else None,
        "thermal_end": r.thermal.end if r.thermal else None,
        "unavailable": list(unavailable.items()),
    }
    return row


def sample_rows(launch: StoredLaunch, run_id: str) -> Iterator[dict[str, Any]]:
    """The launch's step latencies (step 1 included) and model loads, in order."""
    r = launch.unit
    key = {"run_id": run_id, "recording": launch.recording, "launch": launch.launch}
    for index, value in enumerate(r.steps.durations_s if r.steps else (), 1):
        yield {**key, "metric": str(Metric.STEP), "index": index, "value": value, "unit": "s",
               "model": None, "kind": None, "kind_from": None,
               "source": r.steps.source if r.steps else None}
    for index, load in enumerate(r.loads, 1):
        base = {**key, "index": index, "unit": "s", "model": load.model, "kind": str(load.kind),
                "kind_from": None if load.kind_from is None else str(load.kind_from),
                "source": load.source}
        yield {**base, "metric": str(Metric.LOAD), "value": load.duration_s}
        yield {**base, "metric": str(Metric.LOAD_START), "value": load.start_s}


def tables(summary: Summary, meta: RunMeta) -> dict[str, pa.Table]:
    """The run's ``runs`` and ``samples`` tables (partition columns left to the folders)."""
    import pyarrow as pa

    run = run_row(summary, meta)
    units = list(launches(summary))
    runs = [{**run, **launch_row(u)} for u in units]
    samples = [row for u in units for row in sample_rows(u, meta.run_id)]
    return {"runs": _table(runs, RUNS, pa), "samples": _table(samples, SAMPLES, pa)}


def _table(rows: list[dict[str, Any]], columns: tuple[Any, ...], pa: Any) -> pa.Table:
    data = {c.name: [row[c.name] for row in rows] for c in columns}
    return pa.Table.from_pydict(data, schema=arrow_schema(columns))
