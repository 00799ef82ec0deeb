"""``inspect_path``: one entry point for a .mlpackage, a .mlmodelc or a resource folder."""

from __future__ import annotations

from pathlib import Path

from profiler.errors import ModelFormatError
from profiler.model import findings as rules
from profiler.model.device import resolve_device
from profiler.model.resources import MODEL_SUFFIXES, model_paths, pipeline_info
from profiler.model.types import ComputeUnits, Inspection, ModelInfo

_FOLDER_HINT = (
    "pass a .mlpackage, a .mlmodelc, or a Stable Diffusion resource folder "
    "(Unet.mlmodelc, TextEncoder.mlmodelc, …, merges.txt, vocab.json)"
)


def inspect_path(
    path: str | Path, device: str | None = None, compute_units: str | None = None
) -> Inspection:
    """Inspect a model or resource folder.

    ``device`` is a catalog alias (``iphone13promax``, family ``iphone13``) or a product type
    (``iPhone14,3``) and enables the memory findings; ``compute_units`` is the intended
    ``MLComputeUnits`` (``cpuAndNeuralEngine``, ``cpuAndGPU``, ``cpuOnly``, ``all``).
    Raises :class:`~profiler.errors.ModelFormatError` for anything that is not a model.
    """
    root = Path(path)
    if not root.exists():
        raise ModelFormatError("no such file or folder", hint=_FOLDER_HINT, path=root)
    if not root.is_dir():
        raise ModelFormatError(
            "not a model: Core ML models are folders", hint=_FOLDER_HINT, path=root
        )
    context = resolve_device(device) if device else None
    units = _units(compute_units)
    pipeline = None
    if _is_single_model(root):
        models: tuple[ModelInfo, ...] = (read_model(root),)
        kind = root.suffix.lstrip(".") if root.suffix in MODEL_SUFFIXES else "mlmodelc"
    else:
        paths = model_paths(root)
        if not paths:
            raise ModelFormatError(
                "no Core ML model here (no .mlpackage or .mlmodelc inside)",
                hint=_FOLDER_HINT,
                path=root,
            )
        models = tuple(read_model(p) for p in paths)
        pipeline = pipeline_info(root, models)
        kind = "resource-folder"
    found = [f for m in models for f in rules.model_findings(m, units, context)]
    found += rules.memory_findings(models, pipeline, context)
    if pipeline is not None:
        found += rules.folder_findings(pipeline)
    found.sort(key=lambda f: f.severity.rank)
    return Inspection(
        path=str(root),
        kind=kind,
        models=models,
        pipeline=pipeline,
        device=context,
        compute_units=units,
        findings=tuple(found),
    )


def read_model(path: Path) -> ModelInfo:
    """One model folder, by suffix (or by content when the suffix is unusual)."""
    if path.suffix == ".mlpackage" or (path / "Manifest.json").is_file():
        from profiler.model.package import read_package

        return read_package(path)
    from profiler.model.compiled import read_compiled

    return read_compiled(path)


def _is_single_model(path: Path) -> bool:
    if path.suffix in MODEL_SUFFIXES:
        return True
    return any((path / name).is_file() for name in ("Manifest.json", "metadata.json", "model.mil"))


def _units(value: str | None) -> ComputeUnits | None:
    if value is None:
        return None
    for unit in ComputeUnits:
        if unit.value.lower() == value.lower():
            return unit
    choices = ", ".join(u.value for u in ComputeUnits)
    raise ModelFormatError(f"unknown compute units {value!r}", hint=f"use one of {choices}")
