"""Sampled series for the Activity Monitor tables: per-process and system samples.

One sample every ``Scale.am_interval_s`` (Instruments samples about once per second). Values
follow each launch's phases (idle, loading, predicting, denoising) with seeded jitter. The
footprint and system-used plateaus during denoising are exact (no jitter), so the sample run
shows the public figures (2.6 GiB footprint, 5.04 GiB used) exactly. Between launches (and
after a jetsam kill) the app has no row. Extra processes draw from their own random stream.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from tests.synthetic.scenario import ComputeUnit, Scenario
from tests.synthetic.timeline import Launch, Timeline, build, ns, rng

MiB = 1 << 20
COMPILER = ("ANECompilerService", 1241)
OTHERS = (("kernel_task", 0), ("SpringBoard", 34), ("backboardd", 61), ("mediaserverd", 88),
          ("locationd", 97), ("assetsd", 143), ("cloudd", 201), ("nsurlsessiond", 233))


@dataclass(frozen=True)
class ProcSample:
    name: str
    pid: int
    cpu_percent: float
    cpu_total_ns: int  # cumulative CPU time
    threads: int
    ports: int
    wakeups: int
    footprint: int
    real: int
    real_private: int
    real_shared: int
    purgeable: int
    compressed: int
    disk_written: int  # cumulative
    disk_read: int  # cumulative


@dataclass(frozen=True)
class SysSample:
    cpu_total: float
    cpu_user: float
    cpu_system: float
    used: int
    cached_files: int
    compressed: int
    swap: int
    free: int
    processes: int
    threads: int


@dataclass(frozen=True)
class Sample:
    time: int
    duration: int
    system: SysSample
    processes: tuple[ProcSample, ...]  # ascending pid


def others(scenario: Scenario) -> tuple[tuple[str, int], ...]:
    n = scenario.scale.am_other_processes
    extra = tuple((f"synthd{i}", 300 + i) for i in range(max(0, n - len(OTHERS))))
    return (OTHERS + extra)[:n]


def _levels(scenario: Scenario, tl: Timeline) -> tuple[float, float, float]:
    mem = scenario.memory
    base = mem.app_base_bytes
    peak = base + (mem.footprint_peak_bytes - base) * tl.spec.memory_multiplier
    return base, peak, base + (peak - base) * mem.loaded_fraction


def _footprint_curve(scenario: Scenario, tl: Timeline, launch: Launch,
                     ) -> tuple[list[int], list[float], float]:
    """(times, levels, peak) of the app's footprint in one launch (linear between points)."""
    if launch.spec.reduce_memory:
        return _reduce_memory_curve(scenario, tl, launch)
    base, peak, loaded = _levels(scenario, tl)
    first = [ld for ld in launch.loads if not ld.jit]
    shares = sum(load.model.memory_share for load in first) or 1.0
    xs, ys = [launch.span.start, first[0].span.start], [base, base]
    acc = 0.0
    for load in first:
        acc += load.model.memory_share
        xs.append(load.span.end)
        ys.append(base + (loaded - base) * acc / shares)
    after = loaded + 0.3 * (peak - loaded)
    end = launch.span.end if launch.number < len(tl.launches) else tl.end
    for g in launch.generations:
        xs.append(g.generate.start)
        ys.append(loaded if g.number == 1 else after)
        if g.decode is None:  # killed: the footprint climbs to its peak at the kill
            xs.append(launch.killed_at or g.generate.end)
            ys.append(peak)
            continue
        denoise = g.denoise
        xs += [min(denoise.start + ns(1.2), denoise.end), g.decode.end,
               min(g.generate.end + ns(0.5), end)]
        ys += [peak, peak, after]
    xs.append(end + 1)
    ys.append(ys[-1])
    return xs, ys, peak


def _reduce_memory_curve(scenario: Scenario, tl: Timeline, launch: Launch,
                         ) -> tuple[list[int], list[float], float]:
    """reduceMemory: models add their share while loaded; denoising adds the activations."""
    base, peak, loaded = _levels(scenario, tl)
    shares = sum(m.memory_share for m in scenario.models) or 1.0
    act = peak - loaded
    events: list[tuple[int, int, float, float]] = []  # (start, end, d_models, extra after)
    for ld in launch.loads:
        events.append((ld.span.start, ld.span.end, ld.model.memory_share, -1.0))
    for u in launch.unloads:
        events.append((u.span.start, u.span.end, -u.model.memory_share, -1.0))
    for g in launch.generations:
        if not g.steps:
            continue  # killed before its first step ended
        d = g.denoise
        events.append((d.start, min(d.start + ns(1.2), d.end), 0.0, act))
        events.append((d.end, d.end + 1, 0.0, 0.3 * act))
    cur, extra = 0.0, 0.0
    xs, ys = [launch.span.start], [float(base)]
    for start, end, d_models, new_extra in sorted(events):
        xs.append(start)
        ys.append(base + (loaded - base) * cur / shares + extra)
        cur += d_models
        extra = new_extra if new_extra >= 0 else extra
        xs.append(end)
        ys.append(base + (loaded - base) * cur / shares + extra)
    xs.append(launch.span.end + 1)
    ys.append(ys[-1])
    return xs, ys, max(ys)


def _interp(xs: list[int], ys: list[float], t: int) -> float:
    i = bisect.bisect_right(xs, t)
    if i <= 0:
        return ys[0]
    if i >= len(xs):
        return ys[-1]
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (t - x0) / (x1 - x0)


def launch_at(tl: Timeline, t: int) -> Launch | None:
    """The launch alive at ``t`` (None between launches and after a kill)."""
    return next((la for la in tl.launches if la.span.start <= t < la.span.end), None) \
        if len(tl.launches) > 1 or tl.launches[0].killed_at is not None else tl.launches[0]


def phase(tl: Timeline, launch: Launch, t: int) -> str:
    """idle | load | prompt | steps | predict | post of the app at ``t`` in ``launch``."""
    if t < launch.loads[0].span.start:
        return "idle"
    if t < launch.load_span.end or any(ld.jit and ld.span.start <= t < ld.span.end
                                       for ld in launch.loads):
        return "load"
    for g in launch.generations:
        if t < g.generate.start:
            return "prompt" if g.number == 1 else "post"
        if g.steps and g.steps[0].start <= t < g.steps[-1].end:
            return "steps"
        if t < g.generate.end:
            return "predict"
    return "post"


def samples(scenario: Scenario, number: int) -> Iterator[Sample]:
    """The Activity Monitor samples of recording ``number``, in time order."""
    tl = build(scenario, number)
    r = rng(scenario, number, "activity-monitor")
    rx = rng(scenario, number, "extra-processes")
    mem, cpu, spec = scenario.memory, scenario.cpu, tl.spec
    curves = {la.number: _footprint_curve(scenario, tl, la) for la in tl.launches}
    base = mem.app_base_bytes
    sys_peak = mem.system_base_bytes + (mem.system_used_peak_bytes - mem.system_base_bytes) * (
        spec.memory_multiplier)
    comp_span = (mem.compressed_peak_bytes - mem.compressed_base_bytes) * spec.memory_multiplier
    max_share = max((m.memory_share for m in scenario.models), default=1.0) or 1.0
    step = max(1, ns(scenario.scale.am_interval_s))
    cpu_ns: dict[int, float] = {}
    disk_read: dict[int, float] = {}
    other = others(scenario)
    t = 0
    while t < tl.end:
        mid = t + step // 2
        launch = launch_at(tl, mid)
        jit = lambda: 1.0 + cpu.jitter * r.gauss(0.0, 1.0)  # noqa: E731
        app_cpu, fp, fp_peak, when = 0.0, base, 1.0 + base, "gone"
        if launch is not None:
            xs, ys, fp_peak = curves[launch.number]
            when = phase(tl, launch, mid)
            fp_level = _interp(xs, ys, mid)
            fp = int(fp_level if fp_level >= fp_peak else fp_level * (1 - 0.004 * r.random()))
            app_cpu = {
                "idle": cpu.app_idle_percent, "post": cpu.app_idle_percent * 2,
                "prompt": cpu.app_idle_percent * 4, "load": cpu.app_load_percent,
                "predict": cpu.app_predict_percent,
                "steps": cpu.app_cpu_fallback_percent
                if scenario.unet_compute is ComputeUnit.CPU
                else cpu.app_predict_percent * (0.7 if scenario.unet_compute is ComputeUnit.GPU
                                                else 1),
            }[when] * spec.cpu_multiplier * jit()
        k = (sys_peak - mem.system_base_bytes) / max(1.0, fp_peak - base)
        compiling = next((ld for ld in tl.loads if ld.simulated_kind == "uncached"
                          and ld.span.start <= mid < ld.span.end), None)
        rows: list[ProcSample] = []
        for name, pid in other:
            pct = max(0.0, (6.0 if pid else 9.0) * jit())
            rows.append(_proc(name, pid, pct, 40 * MiB + pid * MiB, cpu_ns, step, r, 0))
        if launch is not None:
            if when == "load":
                disk_read[launch.pid] = disk_read.get(launch.pid, 0.0) + 180 * MiB * step / 1e9
            rows.append(_proc(scenario.app_name, launch.pid, max(0.0, app_cpu), fp, cpu_ns,
                              step, r, int(disk_read.get(launch.pid, 0.0)),
                              threads=38 if when != "idle" else 11))
        compiler_fp = 0
        compiler_cpu = 0.0
        if compiling is not None:
            compiler_fp = int(mem.compiler_footprint_bytes * compiling.model.memory_share / max_share)
            compiler_cpu = round(cpu.compiler_percent * spec.cpu_multiplier * jit(), 2)
            rows.append(_proc(*COMPILER, compiler_cpu, compiler_fp, cpu_ns, step, r, 0, threads=9))
        extra_cpu = 0.0
        for ep in scenario.extra_processes:
            pct = round(max(0.0, ep.cpu_percent * (1.0 + cpu.jitter * rx.gauss(0.0, 1.0))), 2)
            extra_cpu += pct
            rows.append(_proc(ep.name, ep.pid, pct, ep.footprint_bytes, cpu_ns, step, rx, 0))
        rows.sort(key=lambda p: p.pid)
        used_level = mem.system_base_bytes + (fp - base) * k + compiler_fp
        used = int(sys_peak) if fp >= fp_peak else int(min(used_level, sys_peak - MiB))
        frac = max(0.0, (fp - base) / max(1.0, fp_peak - base))
        total = cpu.background_percent * jit() + round(max(0.0, app_cpu), 2) + compiler_cpu
        total += extra_cpu
        total = min(total, cpu.system_peak_percent * spec.cpu_multiplier,
                    scenario.device.cpu_cores * 100.0)
        total = round(max(total, 1.0), 2)
        user = round(total * 0.82, 2)
        system = SysSample(
            cpu_total=total, cpu_user=user, cpu_system=round(total - user, 2), used=used,
            cached_files=mem.cached_files_bytes, compressed=int(mem.compressed_base_bytes
                                                                + comp_span * frac),
            swap=mem.swap_bytes, free=max(0, scenario.device.ram_bytes - used),
            processes=len(rows) + 212, threads=sum(p.threads for p in rows) + 1460)
        yield Sample(t, min(step, tl.end - t), system, tuple(rows))
        t += step


def _proc(name: str, pid: int, pct: float, fp: int, cpu_ns: dict[int, float], step: int,
          r, disk_read: int, threads: int = 6) -> ProcSample:
    pct = round(pct, 2)  # as written (2 decimals), so the ground truth sees the same values
    cpu_ns[pid] = cpu_ns.get(pid, 0.0) + pct / 100.0 * step
    return ProcSample(
        name=name, pid=pid, cpu_percent=pct, cpu_total_ns=int(cpu_ns[pid]), threads=threads,
        ports=120 + threads * 4, wakeups=r.randrange(5, 60), footprint=fp,
        real=int(fp * 1.04), real_private=int(fp * 0.9), real_shared=int(fp * 0.14),
        purgeable=0 if pid else 4 * MiB, compressed=int(fp * 0.05), disk_written=pid * 4096,
        disk_read=disk_read)
