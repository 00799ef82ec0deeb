"""`profiler inspect` through the CLI: exact lines, formats and exit codes.

Models are tiny real .mlpackages built with coremltools (tests/model/builders.py, synthetic
weights) and the SYNTHETIC compiled fixtures in tests/fixtures/mlmodelc/.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from profiler.cli import app
from profiler.errors import ExitCode
from tests.fixtures.mlmodelc import generate as g
from tests.model import builders as b

runner = CliRunner()
SD15 = g.SD15


@pytest.fixture(scope="session")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return b.build_all(tmp_path_factory.getbasetemp() / "coreml-models")


def _run(*args: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["inspect", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()


def test_text_lines_for_a_palettized_package(models: dict[str, Path]) -> None:
    code, lines = _run(str(models["pal6"]))
    assert code == 0
    shapes = b.weights(768)
    pal = sum(math.prod(shapes[n]) for n in b.PALETTIZED_LAYERS)
    dense = sum(math.prod(s) for s in shapes.values()) - pal
    assert lines[0] == "pal6.mlpackage  (Unet)"
    assert (
        f"  weights        2 float16 at 16 bits ({dense:,} elements); 4 palettized at 6 bits ({pal:,} elements)"
        in lines
    )
    assert f"  effective bits {(6 * pal + 16 * dense) / (pal + dense):.2f}" in lines
    assert "  spec / target  8 / iOS 17.0" in lines
    assert "  precision      compute Float16; storage Mixed (Float16, Palettized (6 bits))" in lines
    assert "  input          encoder_hidden_states Float16 [1, 768, 1, 77]" in lines
    q = 32 * 32
    assert (
        f"  attention      SPLIT_EINSUM ({2 * b.HEADS} einsum ops; no slice is shared although a query "
        f"of {q} would be chunked by V2)"
    ) in lines
    assert f"  resolution     {32 * 8}x{32 * 8}" in lines
    assert lines[-1] == "findings         none"


def test_text_findings_with_device_family(models: dict[str, Path]) -> None:
    code, lines = _run(str(models["matmul"]), "--device", "iphone13")
    assert code == 0
    assert lines[-4:] == [
        "  note           iphone13 matches 4 devices with 4 GiB and 6 GiB of RAM; "
        "using the smallest, iPhone 13 mini (4 GiB)",
        "findings         1",
        "  error   original-attention-on-ane: matmul uses ORIGINAL attention, which targets the GPU; "
        "with cpuAndNeuralEngine the Neural Engine compile fails or never ends",
        "          https://github.com/apple/ml-stable-diffusion/issues/271",
    ]
    assert (
        "device           iPhone 13 mini (iPhone14,4), RAM 4.0 GiB, jetsam budget 2.0 GiB" in lines
    )


def test_json_format(models: dict[str, Path]) -> None:
    result = runner.invoke(app, ["inspect", str(models["mixed"]), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["format"] == "coreml-profiler.inspection"
    weights = data["models"][0]["weights"]
    assert weights["palettized_bits"] == sorted(b.MIXED_BITS.values())
    assert weights["palettized_tensors"] == len(b.MIXED_BITS)
    assert data["findings"] == []


def test_markdown_format_for_the_compiled_folder() -> None:
    code, lines = _run(str(SD15), "--format", "md")
    assert code == 0
    assert lines[0] == f"## Model inspection: `{SD15}`"
    assert lines[2].startswith("**Pipeline:** SD 1.x · **UNet:** chunked · ")
    assert (
        "| model | role | size | weights | bits (effective) | palettized | attention | SDXL | resolution | target |"
        in lines
    )
    row = next(line for line in lines if line.startswith("| UnetChunk1 |"))
    assert "| 4 × 6 bits | SPLIT\\_EINSUM\\_V2 |" not in row  # labels are not escaped away
    assert "| 4 × 6 bits | SPLIT_EINSUM_V2 | no | 512x512 | iOS 17.0 |" in row
    assert "No compatibility findings." in lines


def test_folder_text_table() -> None:
    code, lines = _run(str(SD15))
    assert code == 0
    assert lines[1:3] == [
        "  pipeline       SD 1.x",
        "  unet           chunked (UnetChunk1 + UnetChunk2)",
    ]
    assert "  tokenizer      merges.txt, vocab.json" in lines


def test_corrupt_package_exit_code(models: dict[str, Path], tmp_path: Path) -> None:
    broken = shutil.copytree(models["fp16"], tmp_path / "broken.mlpackage")
    (broken / "Manifest.json").unlink()
    code, lines = _run(str(broken))
    assert code == ExitCode.BAD_INPUT
    assert lines == [
        f"error: {broken}: not a Core ML package: Manifest.json is missing",
        "hint: pass a .mlpackage folder as written by coremltools (MLModel.save)",
    ]


def test_non_model_folder_exit_code(tmp_path: Path) -> None:
    code, lines = _run(str(tmp_path))
    assert code == ExitCode.BAD_INPUT
    assert (
        lines[0] == f"error: {tmp_path}: no Core ML model here (no .mlpackage or .mlmodelc inside)"
    )
    assert lines[1].startswith(
        "hint: pass a .mlpackage, a .mlmodelc, or a Stable Diffusion resource folder"
    )


def test_bad_format_and_device(models: dict[str, Path]) -> None:
    result = runner.invoke(app, ["inspect", str(models["fp16"]), "--format", "html"])
    assert result.exit_code == ExitCode.USAGE
    assert "Invalid value for '--format'" in result.output
    code, lines = _run(str(models["fp16"]), "--device", "pixel8")
    assert code == ExitCode.BAD_INPUT
    assert lines[0] == "error: unknown device 'pixel8'"


@pytest.mark.parametrize(
    "command",
    [
        "profiler inspect tests/fixtures/mlmodelc/sd15-chunked --device iphone13",
        "profiler inspect tests/fixtures/mlmodelc/sdxl-mac-unet.mlmodelc "
        "--compute-units cpuAndNeuralEngine --format md",
        "profiler inspect tests/fixtures/mlmodelc/mixed-ios18.mlmodelc --format json",
    ],
)
def test_docs_show_real_output(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(root)
    doc = (root / "docs" / "inspect.md").read_text("utf-8")
    block = doc.split(f"$ {command}\n", 1)[1].split("```", 1)[0]
    result = runner.invoke(app, command.split()[1:])
    assert result.exit_code == 0
    assert result.output == block
