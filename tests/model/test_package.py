"""`.mlpackage` inspection on tiny real models built with coremltools (synthetic weights).

Expected figures are derived from the construction in builders.py (layer shapes, heads,
latent size), not copied from the inspector's output.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from profiler.model import AttentionKind, ModelRole, inspect_path
from tests.model import builders as b


def _elements(hidden: int, layers: tuple[str, ...] | None = None) -> int:
    shapes = b.weights(hidden)
    return sum(math.prod(s) for name, s in shapes.items() if layers is None or name in layers)


def _classes(path: Path) -> list[tuple[str, float, int, int]]:
    info = inspect_path(path).models[0]
    return [(c.kind, c.bits, c.tensors, c.elements) for c in info.weights.classes]


def test_fp16_model_figures(models: dict[str, Path]) -> None:
    ins = inspect_path(models["fp16"])
    assert ins.kind == "mlpackage" and ins.pipeline is None
    (m,) = ins.models
    assert m.role is ModelRole.UNET
    assert m.specification_version == 8 and m.deployment_target == "17.0"
    assert m.storage_precision == "Float16" and m.compute_precision == "Float16"
    assert _classes(models["fp16"]) == [("float16", 16, 6, _elements(768))]
    assert m.weights.effective_bits == 16
    assert m.weights.palettized_tensors == 0
    assert [(t.name, t.shape) for t in m.inputs] == [
        ("sample", (1, 4, 32, 32)),
        ("timestep", (1,)),
        ("encoder_hidden_states", (1, 768, 1, b.TOKENS)),
    ]
    hist = dict(m.op_histogram)
    assert hist["conv"] == len(b.weights(768))
    assert hist["einsum"] == 2 * b.HEADS
    assert hist["softmax"] == b.HEADS
    assert "const" not in hist
    assert m.resolution == (32 * 8, 32 * 8)
    assert m.text_hidden_size == 768
    assert not m.is_sdxl and not m.is_unet_chunk
    assert (
        m.weight_bytes
        == (models["fp16"] / "Data/com.apple.CoreML/weights/weight.bin").stat().st_size
    )
    assert ins.findings == ()


def test_palettized_6_bits(models: dict[str, Path]) -> None:
    pal = _elements(768, b.PALETTIZED_LAYERS)
    dense = _elements(768) - pal
    assert _classes(models["pal6"]) == [("float16", 16, 2, dense), ("palettized", 6, 4, pal)]
    m = inspect_path(models["pal6"]).models[0]
    assert m.weights.palettized_bits == (6,)
    assert m.weights.effective_bits == pytest.approx((6 * pal + 16 * dense) / (pal + dense))
    assert dict(m.op_histogram)["constexpr_lut_to_dense"] == 4
    assert m.storage_precision == "Mixed (Float16, Palettized (6 bits))"
    # iOS 17 keeps palettized weights compressed: 6 bits each, fp16 for the rest
    assert m.resident_weight_bytes == int((6 * pal + 16 * dense) / 8)


def test_palettized_4_bits_below_ios17_is_flagged(models: dict[str, Path]) -> None:
    pal = _elements(768, b.PALETTIZED_LAYERS)
    assert _classes(models["pal4_ios16"])[1] == ("palettized", 4, 4, pal)
    ins = inspect_path(models["pal4_ios16"])
    assert ins.models[0].deployment_target == "16.0"
    assert [(f.code, f.severity.value) for f in ins.findings] == [
        ("palettized-below-ios17", "warning")
    ]
    assert ins.findings[0].link.startswith("https://")
    # below iOS 17 the LUTs are expanded to fp16 at load
    assert ins.models[0].resident_weight_bytes == _elements(768) * 2


def test_mixed_bits_across_layers_ios18(models: dict[str, Path]) -> None:
    shapes = b.weights(768)
    expected = [("float16", 16, 3, _elements(768) - _elements(768, tuple(b.MIXED_BITS)))]
    expected += [
        ("palettized", bits, 1, math.prod(shapes[name]))
        for name, bits in sorted(b.MIXED_BITS.items(), key=lambda kv: kv[1])
    ]
    assert _classes(models["mixed"]) == expected
    m = inspect_path(models["mixed"]).models[0]
    assert m.deployment_target == "18.0"
    assert m.weights.palettized_bits == (2, 4, 6)
    total = sum(e for *_, e in expected)
    assert m.weights.effective_bits == pytest.approx(
        sum(bits * e for _, bits, _, e in expected) / total
    )


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("fp16", AttentionKind.SPLIT_EINSUM),
        ("v2", AttentionKind.SPLIT_EINSUM_V2),
        ("short", AttentionKind.SPLIT_EINSUM_UNDETERMINED),
        ("matmul", AttentionKind.ORIGINAL),
        ("sdxl_ios", AttentionKind.SPLIT_EINSUM),
        ("text_encoder", AttentionKind.NONE),
    ],
)
def test_attention_kind(models: dict[str, Path], name: str, kind: AttentionKind) -> None:
    assert inspect_path(models[name]).models[0].attention is kind


def test_v2_op_counts_follow_the_query_chunks(models: dict[str, Path]) -> None:
    m = inspect_path(models["v2"]).models[0]
    chunks = 32 * 32 // b.CHUNK
    assert dict(m.op_histogram)["einsum"] == 2 * b.HEADS * chunks
    assert f"query chunks of {b.CHUNK}" in m.attention_evidence
    assert (
        inspect_path(models["short"]).models[0].attention.label
        == "split-einsum (version undetermined)"
    )


def test_original_attention_findings_follow_the_intent(models: dict[str, Path]) -> None:
    unsure = inspect_path(models["matmul"])
    assert [(f.code, f.severity.value) for f in unsure.findings] == [
        ("original-attention-on-ane", "warning")
    ]
    ane = inspect_path(models["matmul"], compute_units="cpuAndNeuralEngine")
    assert [(f.code, f.severity.value) for f in ane.findings] == [
        ("original-attention-on-ane", "error")
    ]
    assert ane.findings[0].link == "https://github.com/apple/ml-stable-diffusion/issues/271"
    assert inspect_path(models["matmul"], device="iPhone14,3").findings[0].severity.value == "error"
    assert inspect_path(models["matmul"], compute_units="cpuAndGPU").findings == ()


def test_sdxl_mac_variant(models: dict[str, Path]) -> None:
    ins = inspect_path(models["sdxl_mac"], compute_units="cpuAndNeuralEngine")
    m = ins.models[0]
    assert m.is_sdxl and m.text_hidden_size == 2048
    assert m.resolution == (128 * 8, 128 * 8)
    assert [f.code for f in ins.findings] == ["original-attention-on-ane", "sdxl-mac-variant"]
    assert all(f.severity.value == "error" for f in ins.findings)
    ios = inspect_path(models["sdxl_ios"], compute_units="cpuAndNeuralEngine")
    assert ios.models[0].is_sdxl and ios.models[0].resolution == (768, 768)
    assert ios.findings == ()


def test_fp32_weights_flagged_unless_gpu(models: dict[str, Path]) -> None:
    m = inspect_path(models["fp32"]).models[0]
    assert _classes(models["fp32"]) == [("float32", 32, 6, _elements(768))]
    assert m.weights.fp32_elements == _elements(768)
    assert [f.code for f in inspect_path(models["fp32"]).findings] == ["fp32-weights-on-ane"]
    assert inspect_path(models["fp32"], compute_units="cpuAndGPU").findings == ()


def test_resource_folder_of_packages(models: dict[str, Path]) -> None:
    ins = inspect_path(models["sd-folder"])
    assert ins.kind == "resource-folder"
    assert [(m.name, m.role) for m in ins.models] == [
        ("TextEncoder", ModelRole.TEXT_ENCODER),
        ("Unet", ModelRole.UNET),
        ("VAEDecoder", ModelRole.VAE_DECODER),
    ]
    p = ins.pipeline
    assert p is not None and p.label == "SD 1.x" and not p.chunked_unet and not p.controlnet
    assert p.tokenizer_files == ("merges.txt", "vocab.json")
    assert p.resident_weight_bytes == sum(m.resident_weight_bytes for m in ins.models)
    assert ins.findings == ()


def test_to_dict_contract(models: dict[str, Path]) -> None:
    data = inspect_path(models["pal6"], device="iphone13").to_dict()
    assert data["format"] == "coreml-profiler.inspection" and data["version"] == 1
    model = data["models"][0]
    assert model["op_histogram"]["constexpr_lut_to_dense"] == 4
    assert model["weights"]["palettized_bits"] == [6]
    assert model["attention"] == "SPLIT_EINSUM" and model["role"] == "Unet"
    assert data["device"]["marketing_name"] == "iPhone 13 mini"
    assert "smallest" in data["device"]["note"]
    import json

    json.dumps(data)  # plain JSON types only
