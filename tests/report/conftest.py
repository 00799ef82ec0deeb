"""Hand-made Analysis objects for reporter tests (SYNTHETIC: not from any device).

The factory builds the documented Summary + RecordingSeries frames directly, so reporter tests
do not depend on the trace reader or the analysis.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from profiler.analysis.result import Analysis
from profiler.analysis.series import RecordingSeries
from profiler.analysis.summary import (
    Ane,
    Cpu,
    DeviceInfo,
    Diagnostic,
    Evidence,
    Gpu,
    Headline,
    Load,
    LoadKind,
    LoadTotals,
    Memory,
    ProcessRef,
    Recording,
    Severity,
    Stages,
    Steps,
    Summary,
    Thermal,
    Unavailable,
)

GIB = 1024**3
NS = 1_000_000_000
HOSTILE = "<script>alert(1)</script>"
RULE = "synthetic rule: at least 10x the fastest load and at least 10 s is uncached"


def _interval_frame(starts_s, durations_s, **labels) -> pd.DataFrame:
    df = pd.DataFrame({"start_ns": (np.asarray(starts_s) * NS).astype("int64"),
                       "duration_ns": (np.asarray(durations_s) * NS).astype("int64")})
    for k, v in labels.items():
        df[k] = v
    return df


def make_recording(name: str, *, uncached: bool, rows: int = 600, steps: int = 25,
                   process: str = "CoreDiffuse", seed: int = 0) -> tuple[Recording, RecordingSeries]:
    """One synthetic recording: loads, steps, memory/CPU samples (``rows`` each), ANE intervals."""
    rng = np.random.default_rng(seed)
    unet = 110.0 if uncached else 2.43
    loads = (Load("TextEncoder", LoadKind.UNCACHED if uncached else LoadKind.CACHED, 0.5,
                  6.0 if uncached else 0.6, "coreml-os-signpost"),
             Load("Unet", LoadKind.UNCACHED if uncached else LoadKind.CACHED, 7.0, unet,
                  "coreml-os-signpost"),
             Load("VAEDecoder", LoadKind.UNCACHED if uncached else LoadKind.CACHED, 7.0 + unet,
                  4.0 if uncached else 0.47, "coreml-os-signpost"))
    t0 = 8.0 + unet + (4.0 if uncached else 0.5)
    durations = np.r_[1.1, 0.75 + rng.normal(0, 0.02, steps - 1)] if steps else np.array([])
    starts = t0 + np.r_[0, np.cumsum(durations)[:-1]] if steps else np.array([])
    duration = float(t0 + durations.sum() + 3.0)
    t = np.linspace(0, duration, rows)
    foot = (0.3 + 2.2 * (t > t0 - 2) + 0.1 * np.sin(t)) * GIB
    peak_i = int(np.argmax(foot))
    foot[peak_i] = 2.6 * GIB
    used = (3.0 + 2.0 * (t > t0 - 2)) * GIB
    used[peak_i] = 5.04 * GIB
    sys_cpu = 120 + 300 * (t > t0 - 2)
    sys_cpu[peak_i] = 440.0
    proc_cpu = sys_cpu * 0.8
    med = float(np.median(durations[1:])) if steps else None
    p90 = float(np.quantile(durations[1:], 0.9)) if steps else None
    rec = Recording(
        name=name, template="Core ML", instruments_version="16.0 (16A242d)",
        start_date="2026-01-02T03:04:05+00:00", duration_s=duration,
        process=ProcessRef(process, 4242 + seed),
        loads=loads,
        load_s=LoadTotals(uncached=sum(ld.duration_s for ld in loads) if uncached else None,
                          cached=None if uncached else sum(ld.duration_s for ld in loads)),
        steps=Steps(steps, float(durations[0]), med, p90, float(durations.max()),
                    steps / float(durations.sum()), "os-signpost-interval (profiler/unetStep)",
                    tuple(float(d) for d in durations)) if steps else None,
        stages=Stages(0.12, float(durations.sum()), 1.3),
        memory=Memory(int(foot[peak_i]), float(t[peak_i]), int(used.max()), 6 * GIB,
                      "activity-monitor-process-live (Memory)"),
        cpu=Cpu(float(proc_cpu.max()), float(proc_cpu.mean()), float(sys_cpu.max()),
                "activity-monitor-process-live (CPU %)"),
        ane=Ane(float(durations.sum()) * 0.93, 0.93, steps * 40),
        gpu=Gpu(0.02), thermal=Thermal("fair"),
        unavailable=(Unavailable("gpu.detail", "synthetic: no GPU detail"),),
    )
    ane_starts = np.repeat(starts, 40) + np.tile(np.linspace(0, 0.7, 40), len(starts))
    frames = {
        "loads": _interval_frame([ld.start_s for ld in loads], [ld.duration_s for ld in loads],
                                 model=[ld.model for ld in loads], kind=[str(ld.kind) for ld in loads]),
        "predictions": _interval_frame(starts, durations * 0.95, model="Unet"),
        "steps": _interval_frame(starts, durations, step=np.arange(1, steps + 1)),
        "stages": _interval_frame([t0 - 0.2, t0, t0 + durations.sum()],
                                  [0.12, durations.sum(), 1.3], stage=["textEncode", "unetStep", "vaeDecode"]),
        "ane": _interval_frame(ane_starts, np.full(len(ane_starts), 0.016), label="ANE"),
        "gpu": _interval_frame([t0 + 1], [0.2]),
        "memory": pd.DataFrame({"time_ns": (t * NS).astype("int64"), "footprint_bytes": foot.astype("int64")}),
        "system_memory": pd.DataFrame({"time_ns": (t * NS).astype("int64"), "used_bytes": used.astype("int64"),
                                       "compressed_bytes": (used * 0.1).astype("int64"),
                                       "swap_bytes": np.zeros(rows, dtype="int64")}),
        "cpu": pd.DataFrame({"time_ns": (t * NS).astype("int64"), "process_percent": proc_cpu}),
        "system_cpu": pd.DataFrame({"time_ns": (t * NS).astype("int64"), "system_percent": sys_cpu}),
        "thermal": _interval_frame([0, duration / 2], [duration / 2, duration / 2], state=["nominal", "fair"]),
    }
    series = RecordingSeries(name, frames, ("coreml-os-signpost", "activity-monitor-process-live"),
                             (Unavailable("metal-gpu-intervals", "synthetic: not recorded"),))
    return rec, series


def make_analysis(*, recordings: int = 2, rows: int = 600, steps: int = 25,
                  process: str = "CoreDiffuse", diagnostics: tuple[Diagnostic, ...] = (),
                  name: str = "synthetic-sd15") -> Analysis:
    """A synthetic two-recording run: run-1 uncached (cold), run-2 cached (warm)."""
    pairs = [make_recording(f"run-{i + 1}", uncached=(i == 0), rows=rows, steps=steps,
                            process=process, seed=i) for i in range(recordings)]
    recs = tuple(p[0] for p in pairs)
    first = recs[0]
    headline = Headline(
        uncached_load_s=first.load_s.uncached,
        cached_load_s=float(np.median([r.load_s.cached for r in recs if r.load_s.cached])) if recordings > 1 else None,
        step_median_s=float(np.median([r.steps.median_s for r in recs if r.steps])) if steps else None,
        steps_per_s=float(np.median([r.steps.steps_per_s for r in recs if r.steps])) if steps else None,
        peak_footprint_bytes=max(r.memory.peak_footprint_bytes for r in recs),
        system_used_peak_bytes=max(r.memory.system_used_peak_bytes for r in recs),
        cpu_peak_percent=max(r.cpu.system_peak_percent for r in recs),
        app_cpu_peak_percent=max(r.cpu.process_peak_percent for r in recs),
        system_cpu_peak_percent=max(r.cpu.system_peak_percent for r in recs),
        ane_busy_fraction=float(np.median([r.ane.busy_fraction_denoise for r in recs])),
    )
    device = DeviceInfo("Synthetic iPhone", "iPhone 13 Pro Max", "iPhone14,3", "17.0", "iOS",
                        "A15 Bionic", 6 * GIB, 16, cpu_cores=6)
    summary = Summary(device, recs, headline, diagnostics, name=name, load_rule=RULE)
    return Analysis(summary, tuple(p[1] for p in pairs))


def hostile_diagnostic() -> Diagnostic:
    return Diagnostic("E_SYNTHETIC", Severity.ERROR, f"log says {HOSTILE}",
                      Evidence(f"console: {HOSTILE} | `tick` @team #1", "console.log", 12.5),
                      "console.log", "javascript:alert(1)", f"try {HOSTILE}", 3, 1.0, 9.0)


@pytest.fixture
def analysis() -> Analysis:
    return make_analysis()


@pytest.fixture
def hostile() -> Analysis:
    """Process name, recording name and a log-derived diagnostic all carry a script tag."""
    a = make_analysis(process=HOSTILE, diagnostics=(hostile_diagnostic(),), name=f"run {HOSTILE}")
    recs = tuple(replace(r, loads=tuple(replace(ld, model=HOSTILE if ld.model == "Unet" else ld.model)
                                        for ld in r.loads)) for r in a.summary.recordings)
    return Analysis(replace(a.summary, recordings=recs), a.series)
