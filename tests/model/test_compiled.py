"""`.mlmodelc` inspection from the SYNTHETIC metadata.json + model.mil fixtures.

Expected values come from the generator's construction constants (tests/fixtures/mlmodelc/
generate.py), not from the inspector's output.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from profiler.errors import ModelFormatError
from profiler.model import AttentionKind, ModelRole, PipelineKind, inspect_path
from profiler.model.compiled import op_name
from profiler.model.miltext import parse_line
from tests.fixtures.mlmodelc import generate as g

SD15 = g.SD15
FIXTURES = g.HERE


def test_fixtures_match_their_generator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(g, "HERE", tmp_path)
    monkeypatch.setattr(g, "SD15", tmp_path / "sd15-chunked")
    g.main()
    for made in sorted(p for p in tmp_path.rglob("*") if p.is_file()):
        committed = FIXTURES / made.relative_to(tmp_path)
        assert committed.read_text("utf-8") == made.read_text("utf-8"), committed


def test_unet_chunk1_from_model_mil() -> None:
    m = inspect_path(SD15 / "UnetChunk1.mlmodelc").models[0]
    assert m.role is ModelRole.UNET_CHUNK_1 and m.is_unet_chunk
    assert m.sources == ("metadata.json", "model.mil")
    hist = dict(m.op_histogram)
    chunks = g.Q // g.CHUNK
    assert hist["einsum"] == 2 * g.HEADS * chunks
    assert hist["softmax"] == g.HEADS * chunks
    assert hist["constexpr_lut_to_dense"] == 4
    assert m.attention is AttentionKind.SPLIT_EINSUM_V2
    pal = 320 * 320 * 2 + 320 * 768 * 2
    dense = 320 * 4 * 3 * 3
    assert [(c.kind, c.bits, c.tensors, c.elements) for c in m.weights.classes] == [
        ("float16", 16, 1, dense),
        ("palettized", 6, 4, pal),
    ]
    assert m.weights.effective_bits == pytest.approx((6 * pal + 16 * dense) / (pal + dense))
    assert m.resolution == (64 * 8, 64 * 8)
    assert m.deployment_target == "17.0" and m.specification_version == 8
    assert m.compute_precision == "Mixed (Float16, Float32, Int32)"


def test_text_encoder_without_model_mil_uses_storage_precision() -> None:
    m = inspect_path(SD15 / "TextEncoder.mlmodelc").models[0]
    assert m.sources == ("metadata.json",)
    assert m.weights.from_precision_string and m.weights.palettized_bits == (6,)
    assert m.weights.effective_bits is None
    meta = json.loads((SD15 / "TextEncoder.mlmodelc" / "metadata.json").read_text("utf-8"))
    hist = meta[0]["mlProgramOperationTypeHistogram"]
    assert m.weights.palettized_tensors == hist["Ios16.constexprLutToDense"]
    assert (
        m.attention is AttentionKind.ORIGINAL
    )  # CLIP attention is plain matmul in every MLSD conversion
    assert dict(m.op_histogram)["layer_norm"] == 25


def test_ios18_inline_lut_arguments_and_modern_spelling() -> None:
    m = inspect_path(g.HERE / "mixed-ios18.mlmodelc").models[0]
    assert [(c.kind, c.bits, c.elements) for c in m.weights.classes] == [
        ("float16", 16, 32 * 32),
        ("palettized", 4, 64 * 32),
        ("palettized", 6, 32 * 64),
    ]
    assert m.deployment_target == "18.0"


def test_sd15_resource_folder() -> None:
    ins = inspect_path(SD15, device="iphone13promax")
    p = ins.pipeline
    assert p is not None and p.kind is PipelineKind.SD1 and p.chunked_unet
    assert [m.name for m in ins.models] == ["TextEncoder", "UnetChunk1", "UnetChunk2", "VAEDecoder"]
    # text encoder and VAE use plain attention in every conversion: no ORIGINAL finding for them
    assert ins.findings == ()
    assert ins.device is not None and ins.device.note is None


def test_sdxl_mac_unet_metadata_only() -> None:
    ins = inspect_path(g.HERE / "sdxl-mac-unet.mlmodelc", device="iphone13promax")
    m = ins.models[0]
    assert m.is_sdxl and m.resolution == (1024, 1024) and m.role is ModelRole.UNET
    assert m.weights.palettized_bits == (4, 6)
    assert [(f.code, f.severity.value) for f in ins.findings] == [
        ("original-attention-on-ane", "error"),
        ("sdxl-mac-variant", "error"),
    ]


def _sparse(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)  # sparse: no disk space used


def test_unet_chunk_over_1gb(tmp_path: Path) -> None:
    chunk = shutil.copytree(SD15 / "UnetChunk1.mlmodelc", tmp_path / "UnetChunk1.mlmodelc")
    _sparse(chunk / "weights" / "weight.bin", 1_100_000_000)
    ins = inspect_path(chunk, device="iPhone14,3")
    assert [(f.code, f.severity.value) for f in ins.findings] == [("unet-over-1gb", "error")]
    assert "1.0 GiB" in ins.findings[0].message
    assert inspect_path(chunk, compute_units="cpuAndGPU").findings == ()


def _folder_with_sparse(tmp_path: Path, sizes: dict[str, int]) -> Path:
    folder = shutil.copytree(SD15, tmp_path / "sd")
    for name in sizes:  # copy first: copying a sparse file would write its zeros
        if not (folder / f"{name}.mlmodelc").exists():
            shutil.copytree(folder / "TextEncoder.mlmodelc", folder / f"{name}.mlmodelc")
    for name, size in sizes.items():
        _sparse(folder / f"{name}.mlmodelc" / "weights" / "weight.bin", size)
    return folder


def test_memory_findings_against_jetsam_budget(tmp_path: Path) -> None:
    # TextEncoder/SafetyChecker have no model.mil, so their weight file size is the estimate
    folder = _folder_with_sparse(
        tmp_path, {"TextEncoder": 1_500_000_000, "SafetyChecker": 1_500_000_000}
    )
    small = inspect_path(folder, device="iphone13")  # family: 4 GiB member, 2 GiB budget
    assert [(f.code, f.severity.value) for f in small.findings] == [
        ("reduce-memory-needed", "warning")
    ]
    big = inspect_path(
        folder, device="iPhone14,3"
    )  # 6 GiB, budget 3,006,477,107 B > 3.0e9 + fixtures
    assert big.pipeline is not None
    assert big.pipeline.resident_weight_bytes < 3_006_477_107
    assert big.findings == ()


def test_memory_findings_single_model_over_budget_and_ram(tmp_path: Path) -> None:
    folder = _folder_with_sparse(tmp_path, {"TextEncoder": 5_000_000_000})
    codes = [(f.code, f.severity.value) for f in inspect_path(folder, device="iphone13").findings]
    assert codes == [("weights-over-ram", "error"), ("weights-over-jetsam", "error")]


def test_unknown_budget_is_said() -> None:
    from profiler import hardware as catalog

    spec = next(d for d in catalog.all_devices() if d.ram_bytes and d.jetsam_budget_bytes is None)
    ins = inspect_path(SD15, device=spec.product_type)
    assert [(f.code, f.severity.value) for f in ins.findings] == [("jetsam-budget-unknown", "info")]


def test_op_name_normalisation() -> None:
    assert op_name("Ios16.constexprLutToDense") == "constexpr_lut_to_dense"
    assert op_name("Ios17.layerNorm") == "layer_norm"
    assert op_name("Tile") == "tile"
    assert op_name("Ios18.reduceL2Norm") == "reduce_l2_norm"


def test_parse_line_both_spellings() -> None:
    old = parse_line(
        'tensor<fp16, [2, 77, 1, 512]> s = einsum(equation = eq, values = (k_0, q_0))[name = tensor<string, []>("s")];'
    )
    assert old is not None and old.type == "einsum" and old.inputs["values"] == ("k_0", "q_0")
    assert old.outputs[0].shape == (2, 77, 1, 512)
    new = parse_line('string pt = const()[name = string("pt"), val = string("valid")];')
    assert new is not None and new.outputs[0].dtype == "string" and not new.blob
    assert parse_line("        } -> (y);") is None


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ("[{]", "metadata.json is not JSON (Expecting property name enclosed in double quotes)", 1),
        ('{"a": 1}', "metadata.json is not an array holding one object", None),
        (
            '[{"inputSchema": [{"shape": "[1]"}]}]',
            "an inputSchema/outputSchema entry has no name",
            None,
        ),
    ],
)
def test_bad_metadata(tmp_path: Path, content: str, message: str, line: int | None) -> None:
    model = tmp_path / "Bad.mlmodelc"
    model.mkdir()
    (model / "metadata.json").write_text(content, "utf-8")
    with pytest.raises(ModelFormatError) as err:
        inspect_path(model)
    assert err.value.message == message and err.value.line == line


def test_bad_model_mil(tmp_path: Path) -> None:
    model = shutil.copytree(SD15 / "VAEDecoder.mlmodelc", tmp_path / "VAEDecoder.mlmodelc")
    (model / "model.mil").write_text("\n\nnot a program\n", "utf-8")
    with pytest.raises(ModelFormatError) as err:
        inspect_path(model)
    assert err.value.message == "model.mil does not start with program(…)" and err.value.line == 3


def test_metadata_json_is_documented_shape() -> None:
    data = json.loads((SD15 / "UnetChunk1.mlmodelc" / "metadata.json").read_text("utf-8"))
    assert isinstance(data, list) and len(data) == 1
    assert data[0]["inputSchema"][0]["shape"] == "[2, 4, 64, 64]"
