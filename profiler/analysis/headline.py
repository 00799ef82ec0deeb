"""Device identity and the run's headline figures."""

from __future__ import annotations

from collections.abc import Sequence

from profiler.analysis.aggregate import RUN_FIGURES
from profiler.analysis.summary import DeviceInfo, Headline, Recording
from profiler.runrecord import DeviceRecord
from profiler.trace.model import LoadedRun


def device_info(loaded: LoadedRun) -> DeviceInfo:
    """The TOC's device, completed from run.json and the device catalog."""
    from profiler.hardware import by_name, by_product_type

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
        cpu_cores=spec.cpu_cores if spec else None,
    )


def headline(recordings: Sequence[Recording]) -> Headline:
    """Aggregate by the run-level rules of :mod:`profiler.analysis.aggregate`: uncached load
    from the first launch that has one, cached load the median over launches whose loads are
    all cached, step figures and Neural Engine share the median over launches, peaks the
    maximum over recordings."""
    return Headline(**{f.metric: f.of(recordings) for f in RUN_FIGURES})  # type: ignore[arg-type]
