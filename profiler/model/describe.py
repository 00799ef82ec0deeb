"""Figures shared by both readers: role, resolution, SDXL, sizes, deployment target, residency."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from profiler.model.types import (
    AttentionKind,
    ModelFormat,
    ModelInfo,
    ModelRole,
    TensorInfo,
    WeightSummary,
)

#: Core ML specification version -> first iOS release that reads it (coremltools' table)
SPEC_TO_IOS = {4: "13.0", 5: "14.0", 6: "15.0", 7: "16.0", 8: "17.0", 9: "18.0", 10: "26.0"}
#: the VAE scales each latent pixel to 8×8 image pixels
LATENT_SCALE = 8

_ROLE_BY_STEM = {role.value.lower(): role for role in ModelRole if role is not ModelRole.OTHER}


#: the user-metadata key ml-stable-diffusion's converter writes its version under
MLSD_VERSION_KEY = "com.github.apple.ml-stable-diffusion.version"

@dataclass(frozen=True)
class Parts:
    """What a reader found; :func:`model_info` turns it into a :class:`ModelInfo`."""

    specification_version: int | None
    availability: dict[str, str]
    compute_precision: str | None
    storage_precision: str | None
    inputs: tuple[TensorInfo, ...]
    outputs: tuple[TensorInfo, ...]
    histogram: tuple[tuple[str, int], ...]
    weights: WeightSummary
    attention: AttentionKind
    attention_evidence: str
    coremltools_version: str | None
    sources: tuple[str, ...]
    mlsd_version: str | None = None


def model_info(path: Path, fmt: ModelFormat, weight_bytes: int, parts: Parts) -> ModelInfo:
    inputs = {t.name: t for t in parts.inputs}
    role = guess_role(path, inputs)
    target = parts.availability.get("iOS") or SPEC_TO_IOS.get(parts.specification_version or 0)
    hidden = inputs.get("encoder_hidden_states")
    return ModelInfo(
        path=str(path),
        name=path.stem,
        format=fmt,
        role=role,
        size_bytes=tree_size(path),
        weight_bytes=weight_bytes,
        specification_version=parts.specification_version,
        deployment_target=target,
        availability=dict(parts.availability),
        compute_precision=parts.compute_precision,
        storage_precision=parts.storage_precision,
        inputs=parts.inputs,
        outputs=parts.outputs,
        op_histogram=parts.histogram,
        weights=parts.weights,
        attention=parts.attention,
        attention_evidence=parts.attention_evidence,
        is_sdxl={"text_embeds", "time_ids"} <= set(inputs),
        is_unet_chunk=role in (ModelRole.UNET_CHUNK_1, ModelRole.UNET_CHUNK_2),
        resolution=resolution(role, inputs),
        text_hidden_size=hidden.shape[1]
        if hidden and hidden.shape and len(hidden.shape) > 1
        else None,
        resident_weight_bytes=resident_bytes(parts.weights, target, weight_bytes),
        coremltools_version=parts.coremltools_version,
        sources=parts.sources,
        mlsd_version=parts.mlsd_version,
    )


def guess_role(path: Path, inputs: dict[str, TensorInfo]) -> ModelRole:
    """Role from Apple's file names (``Unet.mlmodelc``), else from the input names."""
    stem = re.sub(r"[^a-z0-9]", "", path.stem.lower())
    if stem in _ROLE_BY_STEM:
        return _ROLE_BY_STEM[stem]
    names = set(inputs)
    if path.parent.name == "controlnet" or "controlnet_cond" in names:
        return ModelRole.CONTROLNET
    if {"sample", "timestep", "encoder_hidden_states"} <= names:
        if any(
            n.startswith(("adapter_residual", "down_block_res", "mid_block_res")) for n in names
        ):
            return ModelRole.CONTROLLED_UNET
        return ModelRole.UNET
    if "input_ids" in names:
        return ModelRole.TEXT_ENCODER
    if "z" in names and inputs["z"].shape and len(inputs["z"].shape) == 4:
        return ModelRole.VAE_DECODER if inputs["z"].shape[1] == 4 else ModelRole.VAE_ENCODER
    return ModelRole.OTHER


def resolution(role: ModelRole, inputs: dict[str, TensorInfo]) -> tuple[int, int] | None:
    """Image (width, height): latent ``[B, 4, H, W]`` × 8; a VAE encoder's image input as is."""
    for name, scale in (("sample", LATENT_SCALE), ("z", None)):
        tensor = inputs.get(name)
        if tensor is None or not tensor.shape or len(tensor.shape) != 4:
            continue
        h, w = tensor.shape[2], tensor.shape[3]
        if h is None or w is None:
            return None
        if scale is None:  # VAE: z is the latent for the decoder, the image for the encoder
            scale = 1 if role is ModelRole.VAE_ENCODER or tensor.shape[1] == 3 else LATENT_SCALE
        return (w * scale, h * scale)
    return None


def resident_bytes(weights: WeightSummary, ios_target: str | None, weight_bytes: int) -> int:
    """Estimated weight memory once loaded.

    Dense weights stay at their precision. Palettized/quantized weights stay compressed from
    iOS 17 (just-in-time decompression) and are expanded to fp16 below iOS 17. Without a
    program to count (compiled model without model.mil) the weight file size is the estimate.
    """
    if not weights.classes:
        return weight_bytes
    jit = _ios_major(ios_target) >= 17
    total = 0.0
    for c in weights.classes:
        if c.kind in ("float16", "float32", "other"):
            total += c.elements * c.bits / 8
        else:
            total += c.elements * (c.bits if jit else 16) / 8
    return int(total)


def _ios_major(version: str | None) -> int:
    match = re.match(r"(\d+)", version or "")
    return int(match.group(1)) if match else 0


def ios_major(version: str | None) -> int:
    """``"17.0"`` -> 17; 0 when unknown."""
    return _ios_major(version)


def tree_size(path: Path) -> int:
    """Bytes of all regular files under ``path`` (symlinks are not followed)."""
    if path.is_file():
        return path.stat().st_size
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            full = os.path.join(root, name)
            if not os.path.islink(full):
                total += os.path.getsize(full)
    return total


def weight_file_bytes(weights_dir: Path) -> int:
    """Size of the weight blob(s) in ``weights/``; 0 when the model has none."""
    return tree_size(weights_dir) if weights_dir.is_dir() else 0
