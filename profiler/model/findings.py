"""Compatibility findings: codes, severities and links live in ``findings.json``.

Intent: the Neural Engine is the intent when ``--compute-units`` says so (``cpuAndNeuralEngine``
or ``all``) or, when it is not given, when ``--device`` names an iPhone/iPad (Apple recommends
``cpuAndNeuralEngine`` there). With no intent known, ``error`` findings about the Neural Engine
are reported as ``warning``; ``cpuAndGPU`` / ``cpuOnly`` silence them.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from profiler.model.describe import ios_major
from profiler.model.types import (
    AttentionKind,
    ComputeUnits,
    DeviceContext,
    ModelFinding,
    ModelInfo,
    ModelRole,
    PipelineInfo,
)
from profiler.severity import Severity
from profiler.units import ByteStyle, format_bytes

#: "cannot be larger than 1 GB" (coremltools docs, Bisect Model): decimal gigabyte
ANE_MODEL_LIMIT_BYTES = 1_000_000_000


@cache
def catalog() -> dict[str, dict[str, str]]:
    """Code -> {severity, message, link}."""
    text = resources.files("profiler.model").joinpath("findings.json").read_text("utf-8")
    return dict(json.loads(text)["findings"])


def make(
    code: str, *, model: str | None = None, downgrade: bool = False, **values: object
) -> ModelFinding:
    """Build a finding from its catalog entry; ``downgrade`` turns an error into a warning."""
    entry = catalog()[code]
    severity = Severity(entry["severity"])
    if downgrade and severity is Severity.ERROR:
        severity = Severity.WARNING
    message = entry["message"].format(model=model, **values)
    return ModelFinding(code=code, severity=severity, message=message, link=entry["link"], model=model)


def ane_intent(units: ComputeUnits | None, device: DeviceContext | None) -> bool | None:
    """True/False when the Neural Engine is (not) the intent, None when unknown."""
    if units is not None:
        return units.uses_ane
    return True if device is not None else None


def model_findings(
    info: ModelInfo, units: ComputeUnits | None, device: DeviceContext | None
) -> list[ModelFinding]:
    """Findings about one model on its own."""
    intent = ane_intent(units, device)
    ane_checks = intent is not False
    unsure = intent is None
    intent_name = units.value if units else ComputeUnits.CPU_AND_NE.value
    out: list[ModelFinding] = []
    name = info.name
    # Text encoders, VAEs and the safety checker use plain attention in every MLSD conversion.
    unet_like = info.role.is_unet or info.role in (ModelRole.CONTROLNET, ModelRole.OTHER)
    if ane_checks and unet_like and info.attention is AttentionKind.ORIGINAL:
        out.append(
            make("original-attention-on-ane", model=name, downgrade=unsure, intent=intent_name)
        )
    if ane_checks and info.role.is_unet and info.weight_bytes > ANE_MODEL_LIMIT_BYTES:
        out.append(
            make("unet-over-1gb", model=name, downgrade=unsure, size=fmt_bytes(info.weight_bytes))
        )
    palettized = info.weights.palettized_tensors or bool(info.weights.palettized_bits)
    target = ios_major(info.deployment_target)
    if palettized and target and target < 17:
        count = info.weights.palettized_tensors or "some"
        out.append(
            make("palettized-below-ios17", model=name, count=count, target=info.deployment_target)
        )
    if ane_checks and info.weights.fp32_elements:
        out.append(
            make("fp32-weights-on-ane", model=name, elements=f"{info.weights.fp32_elements:,}")
        )
    if (
        info.is_sdxl
        and info.attention is AttentionKind.ORIGINAL
        and info.resolution == (1024, 1024)
    ):
        if ane_checks:
            res = f"{info.resolution[0]}x{info.resolution[1]}"
            out.append(make("sdxl-mac-variant", model=name, downgrade=unsure, resolution=res))
    if info.is_sdxl and info.attention is AttentionKind.SPLIT_EINSUM_V2 and ane_checks:
        out.append(make("sdxl-split-einsum-v2", model=name))
    return out


def memory_findings(
    models: tuple[ModelInfo, ...], pipeline: PipelineInfo | None, device: DeviceContext | None
) -> list[ModelFinding]:
    """Resident weights against the device's RAM and jetsam budget (needs ``--device``)."""
    if device is None or not models:
        return []
    largest = max(models, key=lambda m: m.resident_weight_bytes)
    total = pipeline.resident_weight_bytes if pipeline else largest.resident_weight_bytes
    what = f"{largest.name} alone" if pipeline else largest.name
    dev = device.marketing_name
    out: list[ModelFinding] = []
    if device.ram_bytes and largest.resident_weight_bytes > device.ram_bytes:
        out.append(
            make(
                "weights-over-ram",
                what=what,
                resident=fmt_bytes(largest.resident_weight_bytes),
                ram=fmt_bytes(device.ram_bytes),
                device=dev,
            )
        )
    budget = device.jetsam_budget_bytes
    if budget is None:
        ram = fmt_bytes(device.ram_bytes) if device.ram_bytes else "unknown"
        return out + [make("jetsam-budget-unknown", ram=ram, device=dev)]
    if largest.resident_weight_bytes > budget:
        out.append(
            make(
                "weights-over-jetsam",
                what=what,
                resident=fmt_bytes(largest.resident_weight_bytes),
                budget=fmt_bytes(budget),
                device=dev,
            )
        )
    elif pipeline and total > budget:
        out.append(
            make(
                "reduce-memory-needed",
                resident=fmt_bytes(total),
                budget=fmt_bytes(budget),
                device=dev,
            )
        )
    return out


def folder_findings(pipeline: PipelineInfo) -> list[ModelFinding]:
    missing = [f for f in ("merges.txt", "vocab.json") if f not in pipeline.tokenizer_files]
    if not missing:
        return []
    return [make("tokenizer-missing", files=" and ".join(missing))]


def fmt_bytes(value: int) -> str:
    """Binary units, 1 decimal (``1536 MiB`` -> ``1.5 GiB``), as the inspection writes sizes."""
    return format_bytes(value, ByteStyle.DETAIL)
