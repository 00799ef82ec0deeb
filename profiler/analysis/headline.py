"""Device identity and the run's headline figures."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from profiler.analysis.summary import DeviceInfo, Headline, LoadKind, Recording
from profiler.runrecord import DeviceRecord
from profiler.trace.model import LoadedRun


def device_info(loaded: LoadedRun) -> DeviceInfo:
    """The TOC's device, completed from run.json and the device catalog."""
    from profiler.device.catalog import by_name, by_product_type

    toc_device = next((r.toc_run.device for r in loaded.recordings
                       if r.toc_run is not None and r.toc_run.device is not None), None)
    meta = loaded.run.device if loaded.run is not None else DeviceRecord()
    name = (toc_device.name if toc_device else None) or meta.name
    model = (toc_device.model if toc_device else None) or meta.marketing_name
    product_type = meta.product_type
    spec = by_product_type(product_type) or by_name(model)
    if spec is not None and product_type is None:
        product_type = spec.product_type
    os_version = (toc_device.os_version if toc_device else None) or meta.os_version
    platform = toc_device.platform if toc_device else None
    return DeviceInfo(
        name=name, model=model, product_type=product_type, os_version=os_version,
        platform=platform,
        chip=spec.chip if spec else meta.chip,
        ram_bytes=spec.ram_bytes if spec and spec.ram_bytes else meta.ram_bytes,
        ane_cores=spec.ane_cores if spec else meta.ane_cores,
    )


def headline(recordings: Sequence[Recording]) -> Headline:
    """Aggregate recordings: medians, except peaks (maximum) and the two load figures.

    ``uncached_load_s`` comes from the first recording with uncached loads; ``cached_load_s`` is
    the median over recordings whose loads are all cached.
    """
    uncached = next((r.load_s.uncached for r in recordings if r.load_s.uncached is not None), None)
    cached = [r.load_s.cached for r in recordings
              if r.loads and all(load.kind == LoadKind.CACHED for load in r.loads)
              and r.load_s.cached is not None]
    return Headline(
        uncached_load_s=uncached,
        cached_load_s=_median(cached),
        step_median_s=_median([r.steps.median_s for r in recordings if r.steps]),
        steps_per_s=_median([r.steps.steps_per_s for r in recordings if r.steps]),
        peak_footprint_bytes=_max([r.memory.peak_footprint_bytes for r in recordings
                                   if r.memory]),
        system_used_peak_bytes=_max([r.memory.system_used_peak_bytes for r in recordings
                                     if r.memory]),
        cpu_peak_percent=_max([_cpu_peak(r) for r in recordings]),
        ane_busy_fraction=_median([r.ane.busy_fraction_denoise for r in recordings if r.ane]),
    )


def _cpu_peak(recording: Recording) -> float | None:
    # The talk's ~440 % is what the device's CPU gauge showed: the system figure when known.
    cpu = recording.cpu
    if cpu is None:
        return None
    return cpu.system_peak_percent if cpu.system_peak_percent is not None \
        else cpu.process_peak_percent


def _median(values: Sequence[float | None]) -> float | None:
    clean = [v for v in values if v is not None]
    return float(statistics.median(clean)) if clean else None


def _max(values: Sequence[Any]) -> Any:
    clean = [v for v in values if v is not None]
    return max(clean) if clean else None
