"""Core ML model inspection: ``.mlpackage`` (coremltools spec), ``.mlmodelc`` (metadata.json +
model.mil) and Apple's Stable Diffusion resource folders.

``inspect_path(path, device=None) -> Inspection``; ``Inspection.to_dict()`` is the
``coreml-profiler.inspection`` v1 JSON contract (docs/inspect.md). Importing this package is
cheap: coremltools is imported only when a ``.mlpackage`` is read.
"""

from __future__ import annotations

from profiler.model.inspector import inspect_path
from profiler.model.types import (
    AttentionKind,
    ComputeUnits,
    DeviceContext,
    Inspection,
    ModelFinding,
    ModelInfo,
    ModelRole,
    PipelineInfo,
    PipelineKind,
    TensorInfo,
    WeightClass,
    WeightSummary,
)

__all__ = [
    "AttentionKind",
    "ComputeUnits",
    "DeviceContext",
    "ModelFinding",
    "Inspection",
    "ModelInfo",
    "ModelRole",
    "PipelineInfo",
    "PipelineKind",
    "TensorInfo",
    "WeightClass",
    "WeightSummary",
    "inspect_path",
]
