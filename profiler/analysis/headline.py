"""Device identity and the run's headline figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from profiler.analysis.aggregate import RUN_FIGURES
from profiler.analysis.summary import DeviceInfo, Headline, Recording
from profiler.trace.model import LoadedRun


def device_info(loaded: LoadedRun) -> DeviceInfo:
    """The TOC's device, completed from run.json and the device catalog."""
    from profiler.hardware import by_name, by_product_type

    toc_device = next((r.toc_run.device for r in loaded.recordings
                       if r.toc_run is not None and r.toc_run.device is not None), None)
    meta = _run_json_device(loaded.run_json)
    name = (toc_device.name if toc_device else None) or meta.get("name")
    model = (toc_device.model if toc_device else None) or meta.get("model")
    product_type = meta.get("product_type")
    spec = by_product_type(product_type) or by_name(model)
    if spec is not None and product_type is None:
        product_type = spec.product_type
    os_version = (toc_device.os_version if toc_device else None) or meta.get("os_version")
    platform = (toc_device.platform if toc_device else None) or meta.get("platform")
    return DeviceInfo(
        name=name, model=model, product_type=product_type, os_version=os_version,
        platform=platform,
        chip=spec.chip if spec else meta.get("chip"),
        ram_bytes=spec.ram_bytes if spec and spec.ram_bytes else _int(meta.get("ram_bytes")),
        ane_cores=spec.ane_cores if spec else _int(meta.get("ane_cores")),
    )


def _run_json_device(run_json: dict | None) -> dict[str, Any]:
    """run.json's device entry with keys normalised to snake_case (the file is user-editable)."""
    if not isinstance(run_json, dict) or not isinstance(run_json.get("device"), dict):
        return {}
    aliases = {"productType": "product_type", "hardwareModel": "product_type",
               "osVersion": "os_version", "marketingName": "model", "ramBytes": "ram_bytes",
               "marketing_name": "model"}
    out: dict[str, Any] = {}
    for key, value in run_json["device"].items():
        out.setdefault(aliases.get(key, key), value)
    return out


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def headline(recordings: Sequence[Recording]) -> Headline:
    """Aggregate recordings by the run-level rules of :mod:`profiler.analysis.aggregate`:
    uncached load from the first recording that has one, cached load the median over recordings
    whose loads are all cached, peaks the maximum, every other figure the median."""
    return Headline(**{f.metric: f.of(recordings) for f in RUN_FIGURES})  # type: ignore[arg-type]
