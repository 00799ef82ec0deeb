"""A format-neutral view of an ML Program's operations, and the figures derived from it.

Both readers (the ``.mlpackage`` spec in :mod:`profiler.model.package` and the ``model.mil``
text in :mod:`profiler.model.miltext`) produce a list of :class:`Op`. Nothing here touches the
weight blob: bits and element counts come from the declared tensor types (LUT shape, output
shape, index dtype), so inspecting a multi-GB model costs only its op list.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from profiler.model.attention import detect_attention
from profiler.model.ops import Op, Var
from profiler.model.types import AttentionKind, WeightClass, WeightSummary

_FLOATS = {"fp16": 16, "fp32": 32, "fp64": 64, "bf16": 16}
_DENSE_KIND = {"fp16": "float16", "fp32": "float32"}
_PRECISION_NAMES = {"fp16": "Float16", "fp32": "Float32", "fp64": "Float64", "bf16": "BFloat16"}


@dataclass(frozen=True)
class ProgramFacts:
    histogram: tuple[tuple[str, int], ...]
    weights: WeightSummary
    attention: AttentionKind
    attention_evidence: str
    compute_dtypes: tuple[str, ...]


def dtype_bits(dtype: str) -> int | None:
    """Bits of a MIL dtype name (``fp16`` -> 16, ``uint4`` -> 4), None for bool/string."""
    if dtype in _FLOATS:
        return _FLOATS[dtype]
    match = re.fullmatch(r"u?int(\d+)", dtype)
    return int(match.group(1)) if match else None


def histogram(ops: list[Op]) -> tuple[tuple[str, int], ...]:
    """Op counts, most frequent first; ``const`` is left out as in Xcode's histogram."""
    counts = Counter(op.type for op in ops if op.type != "const")
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def analyse(ops: list[Op]) -> ProgramFacts:
    """Histogram, weight classes, attention kind and compute dtypes of one program."""
    attention, evidence = detect_attention(ops, dict(histogram(ops)))
    return ProgramFacts(
        histogram=histogram(ops),
        weights=weight_summary(ops),
        attention=attention,
        attention_evidence=evidence,
        compute_dtypes=_compute_dtypes(ops),
    )


def weight_summary(ops: list[Op]) -> WeightSummary:
    """Group the program's weights by storage kind and bits (see docs/inspect.md)."""
    producers = {var.name: op for op in ops for var in op.outputs}
    consumers: dict[str, list[Op]] = defaultdict(list)
    for op in ops:
        for names in op.inputs.values():
            for name in names:
                consumers[name].append(op)

    def feeds_constexpr_only(var: Var) -> bool:
        users = consumers.get(var.name, [])
        return bool(users) and all(u.type.startswith("constexpr_") for u in users)

    groups: dict[tuple[str, float], list[int]] = defaultdict(lambda: [0, 0])
    for op in ops:
        if not op.outputs:
            continue
        out = op.outputs[0]
        key: tuple[str, float]
        if op.type == "const":
            # Weight-file consts are the weights; inline consts are scalars and small params.
            if not op.blob or out.dtype not in _FLOATS or feeds_constexpr_only(out):
                continue
            key = (_DENSE_KIND.get(out.dtype, "other"), _FLOATS[out.dtype])
        elif op.type.startswith("constexpr_"):
            if feeds_constexpr_only(out):
                continue  # inner stage of a joint compression; the outer op counts it
            key = _compressed_kind(op, producers)
        else:
            continue
        groups[key][0] += 1
        groups[key][1] += out.elements
    classes = tuple(
        WeightClass(kind=kind, bits=bits, tensors=n, elements=e)
        for (kind, bits), (n, e) in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1]))
    )
    return WeightSummary(classes=classes)


def _typed_arg(op: Op, name: str, producers: dict[str, Op]) -> Var | None:
    if name in op.typed_attrs:
        return op.typed_attrs[name]
    refs = op.inputs.get(name, ())
    if refs and refs[0] in producers:
        source = producers[refs[0]]
        for var in source.outputs:
            if var.name == refs[0]:
                return var
    return None


def _lut_bits(lut: Var | None) -> float | None:
    """iOS 16 LUT shape is [2^n]; iOS 18 is [..., 2^n, vector_size] (n/vector_size per weight)."""
    if lut is None or not lut.shape or lut.shape[-1] is None:
        return None
    if len(lut.shape) == 1:
        entries, vector = lut.shape[0], 1
    else:
        entries, vector = lut.shape[-2], lut.shape[-1]
    if not entries or not vector:
        return None
    return math.log2(entries) / vector


def _compressed_kind(op: Op, producers: dict[str, Op]) -> tuple[str, float]:
    out_bits = dtype_bits(op.outputs[0].dtype) or 16
    if op.type == "constexpr_lut_to_dense":
        bits = _lut_bits(_typed_arg(op, "lut", producers))
        return ("palettized", _tidy(bits)) if bits is not None else ("other", out_bits)
    if op.type == "constexpr_blockwise_shift_scale":
        data_ref = op.inputs.get("data", ())
        inner = producers.get(data_ref[0]) if data_ref else None
        if inner is not None and inner.type == "constexpr_lut_to_dense":
            return _compressed_kind(inner, producers)
        data = _typed_arg(op, "data", producers)
        bits = dtype_bits(data.dtype) if data else None
        return ("quantized", bits) if bits else ("other", out_bits)
    if op.type == "constexpr_affine_dequantize":
        data = _typed_arg(op, "quantized_data", producers)
        bits = dtype_bits(data.dtype) if data else None
        return ("quantized", bits) if bits else ("other", out_bits)
    return ("other", out_bits)  # sparse and future constexpr ops: counted at output precision


def _tidy(bits: float) -> float:
    """6.0 -> 6 so JSON shows whole bit widths as integers; vector LUTs keep 4 decimals."""
    rounded = round(bits, 4)
    return int(rounded) if rounded.is_integer() else rounded


def _compute_dtypes(ops: list[Op]) -> tuple[str, ...]:
    found: set[str] = set()
    for op in ops:
        if op.type == "const" or op.type.startswith("constexpr_"):
            continue
        for var in op.outputs:
            if var.dtype in _FLOATS or re.fullmatch(r"u?int\d+", var.dtype):
                found.add(var.dtype)
    return tuple(sorted(found, key=lambda d: (d not in _FLOATS, dtype_bits(d) or 0, d)))


def precision_name(dtypes: tuple[str, ...]) -> str | None:
    """``("fp16", "fp32", "int32")`` -> ``"Mixed (Float16, Float32, Int32)"`` (Xcode spelling)."""
    names = [_PRECISION_NAMES.get(d, d[:1].upper() + d[1:]) for d in dtypes]
    names = [n.replace("Uint", "UInt") for n in names]
    if not names:
        return None
    return names[0] if len(names) == 1 else f"Mixed ({', '.join(names)})"


def storage_name(weights: WeightSummary) -> str | None:
    """Storage precision in metadata.json's spelling, e.g. ``Mixed (Float16, Palettized (6 bits))``."""
    parts: list[str] = []
    for c in weights.classes:
        bits = f"{c.bits:g}"
        label = {
            "float16": "Float16",
            "float32": "Float32",
            "palettized": f"Palettized ({bits} bits)",
            "quantized": f"Quantized ({bits} bits)",
        }.get(c.kind, f"Other ({bits} bits)")
        if label not in parts:
            parts.append(label)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else f"Mixed ({', '.join(parts)})"
