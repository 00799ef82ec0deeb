"""Read a compiled ``.mlmodelc`` from ``metadata.json`` and, when present, ``model.mil``.

No coremltools and no Apple tooling: ``metadata.json`` is a JSON array holding one dict
(coreml-sd-facts.md §2); ``model.mil`` is the textual program. Op counts come from the
metadata histogram (what Xcode shows); weights and attention from model.mil. Without model.mil
the palettization bits come from ``storagePrecision`` (``Mixed (Float16, Palettized (6 bits))``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from profiler.errors import ModelFormatError
from profiler.inputs import read_input_text
from profiler.model.attention import from_histogram
from profiler.model.describe import MLSD_VERSION_KEY, Parts, model_info, weight_file_bytes
from profiler.model.miltext import MAX_DIM, read_ops
from profiler.model.program import analyse
from profiler.model.types import ModelFormat, ModelInfo, TensorInfo, WeightSummary

_HINT = "pass a compiled .mlmodelc folder (xcrun coremlcompiler compile, or Xcode's build output)"
_MAX_METADATA = 32 * 1024 * 1024


def read_compiled(path: Path) -> ModelInfo:
    """Inspect one ``.mlmodelc``."""
    meta = _metadata(path)
    histogram = _histogram(meta.get("mlProgramOperationTypeHistogram"), path)
    sources = ["metadata.json"]
    mil = path / "model.mil"
    if mil.is_file():
        ops, _opset = read_ops(mil)
        facts = analyse(ops)
        sources.append("model.mil")
        weights = facts.weights
        attention, evidence = facts.attention, facts.attention_evidence
        if not histogram:
            histogram = facts.histogram
    else:
        weights = WeightSummary(
            from_precision_string=True,
            palettized_bits_hint=tuple(_palettized_bits(meta.get("storagePrecision"))),
            palettized_tensors_hint=dict(histogram).get("constexpr_lut_to_dense", 0),
        )
        attention, evidence = from_histogram(dict(histogram), has_program=False)
    user = meta.get("userDefinedMetadata") or {}
    availability = meta.get("availability") or {}
    parts = Parts(
        specification_version=_int(meta.get("specificationVersion")),
        availability={str(k): str(v) for k, v in availability.items()}
        if isinstance(availability, dict)
        else {},
        compute_precision=_str(meta.get("computePrecision")),
        storage_precision=_str(meta.get("storagePrecision")),
        inputs=tuple(_tensor(item, path) for item in meta.get("inputSchema") or []),
        outputs=tuple(_tensor(item, path) for item in meta.get("outputSchema") or []),
        histogram=histogram,
        weights=weights,
        attention=attention,
        attention_evidence=evidence,
        coremltools_version=_str(user.get("com.github.apple.coremltools.version"))
        if isinstance(user, dict)
        else None,
        # ml-stable-diffusion's converter writes its own version into each model it saves
        mlsd_version=_str(user.get(MLSD_VERSION_KEY)) if isinstance(user, dict) else None,
        sources=tuple(sources),
    )
    return model_info(path, ModelFormat.MLMODELC, weight_file_bytes(path / "weights"), parts)


def _metadata(path: Path) -> dict[str, Any]:
    file = path / "metadata.json"
    if not file.is_file():
        raise ModelFormatError(
            "not a compiled Core ML model: metadata.json is missing", hint=_HINT, path=path
        )
    text = read_input_text(file, what="metadata.json", max_bytes=_MAX_METADATA,
                           error=ModelFormatError)
    try:
        data = json.loads(text)
    except RecursionError:
        raise ModelFormatError("metadata.json is nested too deeply", hint=_HINT,
                               path=file) from None
    except json.JSONDecodeError as exc:
        raise ModelFormatError(
            f"metadata.json is not JSON ({exc.msg})", hint=_HINT, path=file, line=exc.lineno
        ) from None
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return data[0]
    raise ModelFormatError(
        "metadata.json is not an array holding one object", hint=_HINT, path=file
    )


def op_name(key: str) -> str:
    """``Ios16.constexprLutToDense`` -> ``constexpr_lut_to_dense``; ``Tile`` -> ``tile``."""
    bare = re.sub(r"^(?:Ios|iOS|CoreML)\d+\.", "", key)
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", bare).lower()


def _histogram(raw: Any, path: Path) -> tuple[tuple[str, int], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise ModelFormatError(
            "mlProgramOperationTypeHistogram is not an object", path=path / "metadata.json",
            hint=_HINT,
        )
    counts: dict[str, int] = {}
    for key, value in raw.items():
        name = op_name(str(key))
        counts[name] = counts.get(name, 0) + (_int(value) or 0)
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _palettized_bits(storage: Any) -> list[int]:
    return sorted({int(b) for b in re.findall(r"Palettized \((\d+) bits?\)", str(storage or ""))})


def _tensor(item: Any, path: Path) -> TensorInfo:
    if not isinstance(item, dict) or "name" not in item:
        raise ModelFormatError(
            "an inputSchema/outputSchema entry has no name", path=path / "metadata.json",
            hint=_HINT,
        )
    shape_text = str(item.get("shape", ""))[:4096]
    dims = re.findall(r"-?[0-9]{1,14}(?![0-9])", shape_text, re.ASCII)
    if re.search(r"[0-9]{15}", shape_text) or any(abs(int(d)) > MAX_DIM for d in dims):
        raise ModelFormatError(
            f"the shape of {str(item['name'])[:80]!r} has a dimension over 2^40; not a real "
            "tensor's", path=path / "metadata.json", hint=_HINT)
    return TensorInfo(
        name=str(item["name"]),
        data_type=str(item.get("dataType", "")),
        shape=tuple(int(d) for d in dims) or None,
        flexible=str(item.get("hasShapeFlexibility", "0")) == "1",
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _str(value: Any) -> str | None:
    return None if value is None else str(value)
