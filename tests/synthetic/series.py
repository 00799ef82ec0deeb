"""Sampled series for the Activity Monitor tables: per-process and system samples.

One sample every ``Scale.am_interval_s`` (Instruments samples about once per second). Values
follow the recording's phases (idle, loading, predicting, denoising) with seeded jitter. The
footprint and system-used plateaus during denoising are exact (no jitter), so the sample run
shows the public figures (2.6 GiB footprint, 5.04 GiB used) exactly.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from tests.synthetic.scenario import ComputeUnit, Scenario
from tests.synthetic.timeline import Timeline, build, ns, rng

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


def _footprint_curve(scenario: Scenario, tl: Timeline) -> tuple[list[int], list[float], float]:
    mem = scenario.memory
    base = mem.app_base_bytes
    peak = base + (mem.footprint_peak_bytes - base) * tl.spec.memory_multiplier
    loaded = base + (peak - base) * mem.loaded_fraction
    shares = sum(load.model.memory_share for load in tl.loads) or 1.0
    xs, ys = [0, tl.loads[0].span.start], [base, base]
    acc = 0.0
    for load in tl.loads:
        acc += load.model.memory_share
        xs.append(load.span.end)
        ys.append(base + (loaded - base) * acc / shares)
    denoise = tl.denoise
    xs += [tl.generate.start, min(denoise.start + ns(1.2), denoise.end), tl.decode.end,
           min(tl.generate.end + ns(0.5), tl.end), tl.end + 1]
    after = loaded + 0.3 * (peak - loaded)
    ys += [loaded, peak, peak, after, after]
    return xs, ys, peak


def _interp(xs: list[int], ys: list[float], t: int) -> float:
    i = bisect.bisect_right(xs, t)
    if i <= 0:
        return ys[0]
    if i >= len(xs):
        return ys[-1]
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (t - x0) / (x1 - x0)


def _phase(tl: Timeline, t: int) -> str:
    if t < tl.loads[0].span.start:
        return "idle"
    if t < tl.load_span.end:
        return "load"
    if t < tl.generate.start:
        return "prompt"
    if tl.steps[0].start <= t < tl.steps[-1].end:
        return "steps"
    if t < tl.generate.end:
        return "predict"
    return "post"


def samples(scenario: Scenario, number: int) -> Iterator[Sample]:
    """The Activity Monitor samples of recording ``number``, in time order."""
    tl = build(scenario, number)
    r = rng(scenario, number, "activity-monitor")
    mem, cpu, spec = scenario.memory, scenario.cpu, tl.spec
    xs, ys, fp_peak = _footprint_curve(scenario, tl)
    base = mem.app_base_bytes
    sys_peak = mem.system_base_bytes + (mem.system_used_peak_bytes - mem.system_base_bytes) * (
        spec.memory_multiplier)
    k = (sys_peak - mem.system_base_bytes) / max(1.0, fp_peak - base)
    comp_span = (mem.compressed_peak_bytes - mem.compressed_base_bytes) * spec.memory_multiplier
    max_share = max((m.memory_share for m in scenario.models), default=1.0) or 1.0
    step = max(1, ns(scenario.scale.am_interval_s))
    cpu_ns: dict[int, float] = {}
    disk_read = 0.0
    other = others(scenario)
    t = 0
    while t < tl.end:
        mid = t + step // 2
        phase = _phase(tl, mid)
        jit = lambda: 1.0 + cpu.jitter * r.gauss(0.0, 1.0)  # noqa: E731
        fp_level = _interp(xs, ys, mid)
        fp = int(fp_level if fp_level >= fp_peak else fp_level * (1 - 0.004 * r.random()))
        app_cpu = {
            "idle": cpu.app_idle_percent, "post": cpu.app_idle_percent * 2,
            "prompt": cpu.app_idle_percent * 4, "load": cpu.app_load_percent,
            "predict": cpu.app_predict_percent,
            "steps": cpu.app_cpu_fallback_percent if scenario.unet_compute is ComputeUnit.CPU
            else cpu.app_predict_percent * (0.7 if scenario.unet_compute is ComputeUnit.GPU else 1),
        }[phase] * spec.cpu_multiplier * jit()
        compiling = next((ld for ld in tl.loads if ld.simulated_kind == "uncached"
                          and ld.span.start <= mid < ld.span.end), None)
        rows: list[ProcSample] = []
        for name, pid in other:
            pct = max(0.0, (6.0 if pid else 9.0) * jit())
            rows.append(_proc(name, pid, pct, 40 * MiB + pid * MiB, cpu_ns, step, r, 0))
        if phase == "load":
            disk_read += 180 * MiB * step / 1e9
        rows.append(_proc(scenario.app_name, scenario.app_pid, max(0.0, app_cpu), fp, cpu_ns,
                          step, r, int(disk_read), threads=38 if phase != "idle" else 11))
        compiler_fp = 0
        compiler_cpu = 0.0
        if compiling is not None:
            compiler_fp = int(mem.compiler_footprint_bytes * compiling.model.memory_share / max_share)
            compiler_cpu = round(cpu.compiler_percent * spec.cpu_multiplier * jit(), 2)
            rows.append(_proc(*COMPILER, compiler_cpu, compiler_fp, cpu_ns, step, r, 0, threads=9))
        rows.sort(key=lambda p: p.pid)
        used_level = mem.system_base_bytes + (fp - base) * k + compiler_fp
        used = int(sys_peak) if fp >= fp_peak else int(min(used_level, sys_peak - MiB))
        frac = max(0.0, (fp - base) / max(1.0, fp_peak - base))
        total = cpu.background_percent * jit() + round(max(0.0, app_cpu), 2) + compiler_cpu
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
