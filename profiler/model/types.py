"""Value types of a model inspection (``coreml-profiler.inspection`` v1).

Everything here is a frozen dataclass or a StrEnum. :meth:`Inspection.to_dict` gives the JSON
contract documented in docs/inspect.md: sizes in bytes (``*_bytes``), shapes as lists of ints
(``null`` for a flexible dimension), enums as their string values, missing values as ``null``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from profiler.codec import to_plain
from profiler.severity import Severity

INSPECTION_FORMAT = "coreml-profiler.inspection"
INSPECTION_VERSION = 1


class ModelFormat(StrEnum):
    MLPACKAGE = "mlpackage"
    MLMODELC = "mlmodelc"


class AttentionKind(StrEnum):
    SPLIT_EINSUM = "SPLIT_EINSUM"
    SPLIT_EINSUM_V2 = "SPLIT_EINSUM_V2"
    #: einsum ops are present but the query chunking that marks V2 cannot be decided
    SPLIT_EINSUM_UNDETERMINED = "SPLIT_EINSUM_UNDETERMINED"
    ORIGINAL = "ORIGINAL"
    #: no attention-like ops (no einsum, no softmax feeding a matmul)
    NONE = "NONE"

    @property
    def label(self) -> str:
        """Human label; the undetermined case reads as the issue words it."""
        if self is AttentionKind.SPLIT_EINSUM_UNDETERMINED:
            return "split-einsum (version undetermined)"
        return "none" if self is AttentionKind.NONE else self.value


class ModelRole(StrEnum):
    """Role in Apple's Stable Diffusion resource layout (from the file name, else the inputs)."""

    TEXT_ENCODER = "TextEncoder"
    TEXT_ENCODER_2 = "TextEncoder2"
    UNET = "Unet"
    UNET_CHUNK_1 = "UnetChunk1"
    UNET_CHUNK_2 = "UnetChunk2"
    CONTROLLED_UNET = "ControlledUnet"
    CONTROLNET = "ControlNet"
    VAE_DECODER = "VAEDecoder"
    VAE_ENCODER = "VAEEncoder"
    SAFETY_CHECKER = "SafetyChecker"
    OTHER = "other"

    @property
    def is_unet(self) -> bool:
        return self in _UNETS


_UNETS = {
    ModelRole.UNET,
    ModelRole.UNET_CHUNK_1,
    ModelRole.UNET_CHUNK_2,
    ModelRole.CONTROLLED_UNET,
}


class PipelineKind(StrEnum):
    SD1 = "SD 1.x"
    SD2 = "SD 2.x"
    SDXL = "SDXL"
    UNKNOWN = "unknown"


class ComputeUnits(StrEnum):
    """The intended ``MLComputeUnits`` (`--compute-units`)."""

    CPU_AND_NE = "cpuAndNeuralEngine"
    CPU_AND_GPU = "cpuAndGPU"
    CPU_ONLY = "cpuOnly"
    ALL = "all"

    @property
    def uses_ane(self) -> bool:
        return self in (ComputeUnits.CPU_AND_NE, ComputeUnits.ALL)


@dataclass(frozen=True)
class TensorInfo:
    name: str
    data_type: str  # "Float16", "Float32", "Int32", … (metadata.json spelling)
    shape: tuple[int | None, ...] | None
    flexible: bool = False


@dataclass(frozen=True)
class WeightClass:
    """Weights sharing a storage kind and bit width."""

    kind: str  # "float16" | "float32" | "palettized" | "quantized" | "other"
    bits: float  # bits per weight element (a palettized LUT of 2^n entries gives n)
    tensors: int
    elements: int


@dataclass(frozen=True)
class WeightSummary:
    classes: tuple[WeightClass, ...] = ()
    #: True when only the storage precision string was available (no model.mil): counts are 0
    from_precision_string: bool = False
    palettized_bits_hint: tuple[int, ...] = ()
    #: constexpr_lut_to_dense ops in the metadata histogram, when only that is known
    palettized_tensors_hint: int = 0

    @property
    def tensors(self) -> int:
        return sum(c.tensors for c in self.classes)

    @property
    def elements(self) -> int:
        return sum(c.elements for c in self.classes)

    @property
    def palettized_tensors(self) -> int:
        counted = sum(c.tensors for c in self.classes if c.kind == "palettized")
        return counted or self.palettized_tensors_hint

    @property
    def palettized_bits(self) -> tuple[float, ...]:
        found = {c.bits for c in self.classes if c.kind == "palettized"}
        return tuple(sorted(found | set(self.palettized_bits_hint)))

    @property
    def fp32_elements(self) -> int:
        return sum(c.elements for c in self.classes if c.kind == "float32")

    @property
    def effective_bits(self) -> float | None:
        """Element-weighted mean bits per weight; unpalettized fp16 counts as 16."""
        total = self.elements
        if not total:
            return None
        return sum(c.bits * c.elements for c in self.classes) / total


@dataclass(frozen=True)
class ModelInfo:
    path: str
    name: str
    format: ModelFormat
    role: ModelRole
    size_bytes: int
    weight_bytes: int
    specification_version: int | None
    deployment_target: str | None  # minimum iOS version, e.g. "17.0"
    availability: dict[str, str]
    compute_precision: str | None
    storage_precision: str | None
    inputs: tuple[TensorInfo, ...]
    outputs: tuple[TensorInfo, ...]
    op_histogram: tuple[tuple[str, int], ...]  # (MIL op name, count), most frequent first
    weights: WeightSummary
    attention: AttentionKind
    attention_evidence: str
    is_sdxl: bool
    is_unet_chunk: bool
    resolution: tuple[int, int] | None  # (width, height) in pixels
    text_hidden_size: int | None  # encoder_hidden_states channels (768 / 1024 / 2048)
    resident_weight_bytes: int  # estimate, see docs/inspect.md
    coremltools_version: str | None
    sources: tuple[str, ...]  # what was read: "spec", "metadata.json", "model.mil"
    #: the ml-stable-diffusion converter's version (its user metadata key), when it wrote one
    mlsd_version: str | None = None

    @property
    def op_count(self) -> int:
        return sum(count for _, count in self.op_histogram)


@dataclass(frozen=True)
class ModelFinding:
    code: str
    severity: Severity
    message: str
    link: str
    model: str | None = None  # model name the finding is about, None for the whole folder


@dataclass(frozen=True)
class DeviceContext:
    query: str
    marketing_name: str
    product_type: str
    ram_bytes: int | None
    jetsam_budget_bytes: int | None
    note: str | None = None


@dataclass(frozen=True)
class PipelineInfo:
    kind: PipelineKind
    controlnet: bool
    chunked_unet: bool
    total_bytes: int
    resident_weight_bytes: int  # all models loaded at once
    largest_resident_weight_bytes: int  # one model at a time (reduceMemory)
    tokenizer_files: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.kind.value + (" + ControlNet" if self.controlnet else "")


@dataclass(frozen=True)
class Inspection:
    path: str
    kind: str  # "mlpackage" | "mlmodelc" | "resource-folder"
    models: tuple[ModelInfo, ...]
    pipeline: PipelineInfo | None
    device: DeviceContext | None
    compute_units: ComputeUnits | None
    findings: tuple[ModelFinding, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (keys documented in docs/inspect.md)."""
        out: dict[str, Any] = {"format": INSPECTION_FORMAT, "version": INSPECTION_VERSION}
        out.update(to_plain(self))
        for model, info in zip(out["models"], self.models, strict=True):
            model["op_histogram"] = dict(info.op_histogram)
            model["op_count"] = info.op_count
            model["attention_label"] = info.attention.label
            w = info.weights
            model["weights"].update(
                tensors=w.tensors,
                elements=w.elements,
                palettized_tensors=w.palettized_tensors,
                palettized_bits=list(w.palettized_bits),
                fp32_elements=w.fp32_elements,
                effective_bits=None if w.effective_bits is None else round(w.effective_bits, 4),
            )
        if self.pipeline is not None:
            out["pipeline"]["label"] = self.pipeline.label
        return out
