"""Read a ``.mlpackage`` with coremltools' protobuf spec (works on Linux, no macOS needed).

Only ``Manifest.json`` and the spec (``model.mlmodel``) are parsed. The weight blob is never
read: every figure comes from declared tensor types, which keeps memory flat for multi-GB
packages (measured by ``python -m bench.inspect``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from profiler.errors import ModelFormatError
from profiler.inputs import MAX_SPEC_BYTES, read_input_bytes, read_input_text
from profiler.model.describe import MLSD_VERSION_KEY, Parts, model_info, weight_file_bytes
from profiler.model.ops import Op, Var
from profiler.model.program import analyse, precision_name, storage_name
from profiler.model.types import ModelFormat, ModelInfo, TensorInfo

_HINT = "pass a .mlpackage folder as written by coremltools (MLModel.save)"
_MAX_MANIFEST = 1024 * 1024
_ARRAY_TYPES = {"FLOAT16": "Float16", "FLOAT32": "Float32", "DOUBLE": "Double", "INT32": "Int32"}


def read_package(path: Path) -> ModelInfo:
    """Inspect one ``.mlpackage``."""
    spec_path, weights_dir = _locate(path)
    spec = _load_spec(spec_path)
    kind = spec.WhichOneof("Type")
    if kind != "mlProgram":
        raise ModelFormatError(
            f"model type {kind!r} is not an ML Program; only ML Program packages are inspected",
            hint="convert with convert_to='mlprogram'",
            path=path,
        )
    ops = list(_program_ops(spec, path))
    facts = analyse(ops)
    meta = dict(spec.description.metadata.userDefined)
    parts = Parts(
        specification_version=spec.specificationVersion,
        availability={},
        compute_precision=precision_name(facts.compute_dtypes),
        storage_precision=storage_name(facts.weights),
        inputs=tuple(_feature(f) for f in spec.description.input),
        outputs=tuple(_feature(f) for f in spec.description.output),
        histogram=facts.histogram,
        weights=facts.weights,
        attention=facts.attention,
        attention_evidence=facts.attention_evidence,
        coremltools_version=meta.get("com.github.apple.coremltools.version"),
        mlsd_version=meta.get(MLSD_VERSION_KEY),
        sources=("Manifest.json", "spec"),
    )
    return model_info(path, ModelFormat.MLPACKAGE, weight_file_bytes(weights_dir), parts)


def _locate(path: Path) -> tuple[Path, Path]:
    manifest = path / "Manifest.json"
    if not manifest.is_file():
        raise ModelFormatError(
            "not a Core ML package: Manifest.json is missing", hint=_HINT, path=path
        )
    text = read_input_text(manifest, what="Manifest.json", max_bytes=_MAX_MANIFEST,
                           error=ModelFormatError)
    try:
        data = json.loads(text)
        root = data["itemInfoEntries"][data["rootModelIdentifier"]]["path"]
        if not isinstance(root, str) or not root or "\x00" in root:
            raise ValueError("path")
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise ModelFormatError(
            f"Manifest.json has no root model entry ({type(exc).__name__})",
            hint=_HINT,
            path=manifest,
        ) from None
    spec_path = path / "Data" / str(root)
    data_dir = (path / "Data").resolve()
    if data_dir not in spec_path.resolve().parents:
        raise ModelFormatError(
            f"Manifest.json points outside the package ({root})", hint=_HINT, path=manifest
        )
    if not spec_path.is_file():
        raise ModelFormatError(
            f"the spec {root} named by Manifest.json is missing", hint=_HINT, path=path
        )
    return spec_path, spec_path.parent / "weights"


def _load_spec(spec_path: Path) -> Any:
    # coremltools logs "Failed to load _MLModelProxy" on Linux at import; it is expected there.
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        from coremltools.proto import Model_pb2
    finally:
        logging.disable(previous)
    from google.protobuf.message import DecodeError

    spec = Model_pb2.Model()
    try:
        spec.ParseFromString(read_input_bytes(spec_path, what="model spec",
                                              max_bytes=MAX_SPEC_BYTES, error=ModelFormatError))
    except DecodeError as exc:
        raise ModelFormatError(
            f"the spec is not a Core ML protobuf ({exc})", hint=_HINT, path=spec_path
        ) from None
    return spec


def _program_ops(spec: Any, path: Path) -> Any:
    functions = spec.mlProgram.functions
    name = spec.description.defaultFunctionName or "main"
    if name not in functions:
        if not functions:
            raise ModelFormatError("the ML Program has no functions", hint=_HINT, path=path)
        name = sorted(functions)[0]
    function = functions[name]
    block = function.block_specializations.get(function.opset)
    if block is None:
        block = next(iter(function.block_specializations.values()))
    yield from _block_ops(block)


def _block_ops(block: Any) -> Any:
    for op in block.operations:
        yield _op(op)
        for inner in op.blocks:  # cond / while_loop bodies
            yield from _block_ops(inner)


def _op(op: Any) -> Op:
    inputs = {
        arg: tuple(b.name for b in argument.arguments if b.WhichOneof("binding") == "name")
        for arg, argument in op.inputs.items()
    }
    typed = {}
    blob = False
    for arg, argument in op.inputs.items():
        # iOS 18 constexpr ops take lut/indices as inline input values, not attributes.
        for binding in argument.arguments:
            if binding.WhichOneof("binding") == "value":
                blob = blob or binding.value.WhichOneof("value") == "blobFileValue"
                var = _var(arg, binding.value.type)
                if var is not None:
                    typed[arg] = var
    for key, value in op.attributes.items():
        if key == "name":
            continue
        kind = value.WhichOneof("value")
        blob = blob or kind == "blobFileValue"
        var = _var(key, value.type)
        if var is not None:
            typed[key] = var
    outputs = tuple(v for o in op.outputs if (v := _var(o.name, o.type)) is not None)
    return Op(type=op.type, outputs=outputs, inputs=inputs, typed_attrs=typed, blob=blob)


def _var(name: str, value_type: Any) -> Var | None:
    from coremltools.proto import MIL_pb2

    if value_type.WhichOneof("type") != "tensorType":
        return None
    tensor = value_type.tensorType
    dtype = MIL_pb2.DataType.Name(tensor.dataType)
    dims = tuple(
        d.constant.size if d.WhichOneof("dimension") == "constant" else None
        for d in tensor.dimensions
    )
    return Var(name=name, dtype=_mil_dtype(dtype), shape=dims or None)


def _mil_dtype(proto_name: str) -> str:
    """``FLOAT16`` -> ``fp16``, ``UINT4`` -> ``uint4`` (the model.mil spelling)."""
    if proto_name.startswith("FLOAT"):
        return "fp" + proto_name[5:]
    if proto_name == "BFLOAT16":
        return "bf16"
    return proto_name.lower()


def _feature(feature: Any) -> TensorInfo:
    ftype = feature.type
    kind = ftype.WhichOneof("Type")
    if kind == "multiArrayType":
        array = ftype.multiArrayType
        from coremltools.proto import FeatureTypes_pb2

        dtype = FeatureTypes_pb2.ArrayFeatureType.ArrayDataType.Name(array.dataType)
        flexible = array.WhichOneof("ShapeFlexibility") is not None
        return TensorInfo(
            name=feature.name,
            data_type=_ARRAY_TYPES.get(dtype, dtype.title()),
            shape=tuple(int(d) for d in array.shape) or None,
            flexible=flexible,
        )
    if kind == "imageType":
        image = ftype.imageType
        return TensorInfo(feature.name, "Image", (int(image.height), int(image.width)))
    return TensorInfo(name=feature.name, data_type=str(kind), shape=None)
