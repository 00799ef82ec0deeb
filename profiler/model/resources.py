"""Apple's Stable Diffusion resource folder: which models are there, and what pipeline they make.

Layout (ml-stable-diffusion ``--bundle-resources-for-swift-cli``): ``TextEncoder``,
``TextEncoder2`` (SDXL), ``Unet`` or ``UnetChunk1`` + ``UnetChunk2``, ``VAEDecoder``,
``VAEEncoder``, ``SafetyChecker``, ``ControlledUnet`` (with a ``controlnet/`` folder), each a
``.mlmodelc``, plus ``merges.txt`` and ``vocab.json``. Folders of ``.mlpackage`` files are
accepted too.
"""

from __future__ import annotations

from pathlib import Path

from profiler.model.describe import tree_size
from profiler.model.types import ModelInfo, ModelRole, PipelineInfo, PipelineKind

MODEL_SUFFIXES = (".mlmodelc", ".mlpackage")
TOKENIZER_FILES = ("merges.txt", "vocab.json")
_HIDDEN_TO_KIND = {768: PipelineKind.SD1, 1024: PipelineKind.SD2, 2048: PipelineKind.SDXL}


def model_paths(folder: Path) -> list[Path]:
    """Models directly in ``folder`` and in its ``controlnet/`` subfolder, in name order."""
    found = [p for p in sorted(folder.iterdir()) if p.is_dir() and p.suffix in MODEL_SUFFIXES]
    sub = folder / "controlnet"
    if sub.is_dir():
        found += [p for p in sorted(sub.iterdir()) if p.is_dir() and p.suffix in MODEL_SUFFIXES]
    return found


def pipeline_info(folder: Path, models: tuple[ModelInfo, ...]) -> PipelineInfo:
    roles = {m.role for m in models}
    return PipelineInfo(
        kind=pipeline_kind(models),
        controlnet=ModelRole.CONTROLLED_UNET in roles or (folder / "controlnet").is_dir(),
        chunked_unet={ModelRole.UNET_CHUNK_1, ModelRole.UNET_CHUNK_2} <= roles,
        total_bytes=tree_size(folder),
        resident_weight_bytes=sum(m.resident_weight_bytes for m in models),
        largest_resident_weight_bytes=max((m.resident_weight_bytes for m in models), default=0),
        tokenizer_files=tuple(f for f in TOKENIZER_FILES if (folder / f).is_file()),
    )


def pipeline_kind(models: tuple[ModelInfo, ...]) -> PipelineKind:
    """SDXL from the UNet's ``text_embeds``/``time_ids`` or a TextEncoder2; else by text width.

    The UNet's ``encoder_hidden_states`` width names the text encoder: 768 (CLIP ViT-L, SD 1.x),
    1024 (OpenCLIP ViT-H, SD 2.x), 2048 (both SDXL encoders concatenated).
    """
    if any(m.is_sdxl for m in models) or any(m.role is ModelRole.TEXT_ENCODER_2 for m in models):
        return PipelineKind.SDXL
    for m in models:
        if m.role.is_unet and m.text_hidden_size in _HIDDEN_TO_KIND:
            return _HIDDEN_TO_KIND[m.text_hidden_size]
    return PipelineKind.UNKNOWN
