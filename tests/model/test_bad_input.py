"""Bad inputs give one-line ModelFormatError/InputError messages naming the path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from profiler.errors import ExitCode, InputError, ModelFormatError
from profiler.model import inspect_path


def test_package_without_manifest(models: dict[str, Path], tmp_path: Path) -> None:
    broken = shutil.copytree(models["fp16"], tmp_path / "broken.mlpackage")
    (broken / "Manifest.json").unlink()
    with pytest.raises(ModelFormatError) as err:
        inspect_path(broken)
    assert err.value.describe() == f"{broken}: not a Core ML package: Manifest.json is missing"
    assert err.value.exit_code == ExitCode.BAD_INPUT and err.value.hint


def test_package_with_garbage_spec(models: dict[str, Path], tmp_path: Path) -> None:
    broken = shutil.copytree(models["fp16"], tmp_path / "garbage.mlpackage")
    spec = broken / "Data" / "com.apple.CoreML" / "model.mlmodel"
    spec.write_bytes(b"\xff\xff\xff\xff\xff")
    with pytest.raises(ModelFormatError) as err:
        inspect_path(broken)
    assert err.value.path == str(spec)
    assert err.value.message.startswith("the spec is not a Core ML protobuf")


def test_package_with_manifest_pointing_nowhere(models: dict[str, Path], tmp_path: Path) -> None:
    broken = shutil.copytree(models["fp16"], tmp_path / "nowhere.mlpackage")
    (broken / "Data" / "com.apple.CoreML" / "model.mlmodel").unlink()
    with pytest.raises(ModelFormatError) as err:
        inspect_path(broken)
    assert (
        err.value.message
        == "the spec com.apple.CoreML/model.mlmodel named by Manifest.json is missing"
    )


def test_manifest_not_json(tmp_path: Path) -> None:
    pkg = tmp_path / "x.mlpackage"
    pkg.mkdir()
    (pkg / "Manifest.json").write_text("{", "utf-8")
    with pytest.raises(ModelFormatError) as err:
        inspect_path(pkg)
    assert err.value.message == "Manifest.json has no root model entry (JSONDecodeError)"


def test_non_model_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", "utf-8")
    with pytest.raises(ModelFormatError) as err:
        inspect_path(tmp_path)
    assert err.value.message == "no Core ML model here (no .mlpackage or .mlmodelc inside)"
    assert err.value.path == str(tmp_path)


def test_plain_file_and_missing_path(tmp_path: Path) -> None:
    file = tmp_path / "model.bin"
    file.write_bytes(b"\0")
    with pytest.raises(ModelFormatError, match="Core ML models are folders"):
        inspect_path(file)
    with pytest.raises(ModelFormatError, match="no such file or folder"):
        inspect_path(tmp_path / "missing")


def test_unknown_device_and_compute_units(models: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="unknown device 'pixel8'"):
        inspect_path(models["fp16"], device="pixel8")
    with pytest.raises(InputError, match="unknown compute units 'ane'"):
        inspect_path(models["fp16"], compute_units="ane")


def test_import_is_light() -> None:
    import subprocess
    import sys

    code = "import sys, profiler.model; print('coremltools' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603 - fixed argv
    assert out.stdout.split() == ["False", "False"]


def test_manifest_pointing_outside_the_package(models: dict[str, Path], tmp_path: Path) -> None:
    pkg = shutil.copytree(models["fp16"], tmp_path / "escape.mlpackage")
    manifest = pkg / "Manifest.json"
    data = json.loads(manifest.read_text("utf-8"))
    data["itemInfoEntries"][data["rootModelIdentifier"]]["path"] = "../../outside.mlmodel"
    manifest.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ModelFormatError) as err:
        inspect_path(pkg)
    assert err.value.message == "Manifest.json points outside the package (../../outside.mlmodel)"
