"""Build synthetic Summary objects for the compare tests (synthetic: no device was involved).

``make_summary`` lays out N recordings: the first one uncached (long loads), the rest cached, each
with per-step latencies drawn around ``step_s``. ``noise`` is the relative Gaussian
launch-to-launch spread of every per-recording value; ``step_noise`` the step-to-step spread
within a recording (default: ``noise``). The headline
is computed with the rules of the summary contract (issue 3), not copied from any output.
"""

from __future__ import annotations

import random
import statistics

from profiler.analysis.summary import (
    Ane,
    Cpu,
    DeviceInfo,
    Headline,
    Load,
    LoadKind,
    LoadTotals,
    Memory,
    Recording,
    Steps,
    Summary,
    Thermal,
)

GIB = 1024**3
MODELS = (("TextEncoder", 0.05), ("Unet", 0.8), ("VAEDecoder", 0.15))


def make_summary(
    name: str,
    *,
    recordings: int = 3,
    steps: int = 25,
    step_s: float = 0.75,
    footprint_bytes: int = int(2.6 * GIB),
    system_used_bytes: int = int(5.04 * GIB),
    uncached_load_s: float = 120.0,
    cached_load_s: float = 3.5,
    cpu_peak_percent: float = 440.0,
    app_cpu_peak_percent: float = 150.0,
    ane_busy: float = 0.9,
    noise: float = 0.0,
    step_noise: float | None = None,
    seed: int = 0,
    product_type: str = "iPhone14,3",
    model: str = "iPhone 13 Pro Max",
    os_version: str = "17.0 (21A329)",
    instruments_version: str = "15.0 (15A240d)",
    thermal: str | tuple[str, ...] = "nominal",
    with_durations: bool = True,
    first_uncached: bool = True,
) -> Summary:
    rng = random.Random(seed)

    def jitter(value: float, sd: float = noise) -> float:
        return value * (1.0 + rng.gauss(0.0, sd)) if sd else value

    per_step_sd = noise if step_noise is None else step_noise

    recs = []
    for index in range(recordings):
        uncached = first_uncached and index == 0
        total = jitter(uncached_load_s if uncached else cached_load_s)
        kind = LoadKind.UNCACHED if uncached else LoadKind.CACHED
        loads, start = [], 0.0
        for model_name, share in MODELS:
            loads.append(Load(model_name, kind, start, total * share, "synthetic"))
            start += total * share
        launch = jitter(step_s)  # launch-to-launch variation, then step-to-step noise around it
        durations = [jitter(launch, per_step_sd) * 1.3] + [
            jitter(launch, per_step_sd) for _ in range(steps - 1)]
        warm = durations[1:]
        states = thermal if isinstance(thermal, tuple) else (thermal,) * recordings
        recs.append(Recording(
            name=f"run-{index + 1}",
            template="Core ML",
            instruments_version=instruments_version,
            duration_s=start + sum(durations) + 5,
            loads=tuple(loads),
            load_s=LoadTotals(uncached=total if uncached else None,
                              cached=None if uncached else total),
            steps=Steps(
                count=steps,
                first_s=durations[0],
                median_s=statistics.median(warm),
                p90_s=sorted(warm)[int(0.9 * (len(warm) - 1))],
                max_s=max(durations),
                steps_per_s=steps / sum(durations),
                source="synthetic",
                durations_s=tuple(durations) if with_durations else (),
            ),
            memory=Memory(int(jitter(footprint_bytes)), 10.0, int(jitter(system_used_bytes)),
                          6 * GIB, "synthetic"),
            # cpu_peak_percent is the system's (the talk's ~440 %); the app's is its own figure
            cpu=Cpu(jitter(app_cpu_peak_percent), 100.0, jitter(cpu_peak_percent), "synthetic"),
            ane=Ane(10.0, min(1.0, jitter(ane_busy)), 500),
            thermal=Thermal(states[index]),
        ))
    return Summary(
        device=DeviceInfo(name="synthetic iPhone", model=model, product_type=product_type,
                          os_version=os_version, platform="iOS", chip="A15", ram_bytes=6 * GIB),
        recordings=tuple(recs),
        headline=headline(recs),
        name=name,
    )


def headline(recs: list[Recording]) -> Headline:
    """The contract's headline rules: first uncached; medians; maxima for peaks."""
    uncached = [r.load_s.uncached for r in recs if r.load_s.uncached]
    cached = [r.load_s.cached for r in recs
              if r.loads and all(load.kind is LoadKind.CACHED for load in r.loads)]

    def med(values: list[float]) -> float | None:
        return statistics.median(values) if values else None

    return Headline(
        uncached_load_s=uncached[0] if uncached else None,
        cached_load_s=med([c for c in cached if c is not None]),
        step_median_s=med([r.steps.median_s for r in recs if r.steps and r.steps.median_s]),
        steps_per_s=med([r.steps.steps_per_s for r in recs if r.steps and r.steps.steps_per_s]),
        peak_footprint_bytes=max(r.memory.peak_footprint_bytes for r in recs if r.memory),
        system_used_peak_bytes=max(r.memory.system_used_peak_bytes for r in recs if r.memory),
        cpu_peak_percent=max(r.cpu.system_peak_percent for r in recs if r.cpu),
        app_cpu_peak_percent=max(r.cpu.process_peak_percent for r in recs if r.cpu),
        system_cpu_peak_percent=max(r.cpu.system_peak_percent for r in recs if r.cpu),
        ane_busy_fraction=med([r.ane.busy_fraction_denoise for r in recs if r.ane]),
    )
