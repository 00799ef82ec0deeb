"""Hostile model folders (issue 12 items 5, 15): deep nesting, a NUL in the Manifest path,
huge shapes, a sparse 10 GiB spec. Each is one ModelFormatError, never a crash. The models
are SYNTHETIC copies of tests/fixtures/mlmodelc with one part spoiled."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from profiler.errors import ModelFormatError
from profiler.model import inspect_path
from profiler.report.inspection import render_json

FIXTURE = Path(__file__).parents[1] / "fixtures" / "mlmodelc" / "mixed-ios18.mlmodelc"
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture
def compiled(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "m.mlmodelc"))


def _package(tmp_path: Path, manifest: str) -> Path:
    pkg = tmp_path / "p.mlpackage"
    (pkg / "Data" / "com.apple.CoreML").mkdir(parents=True)
    (pkg / "Data" / "com.apple.CoreML" / "model.mlmodel").write_bytes(b"")
    (pkg / "Manifest.json").write_text(manifest, "utf-8")
    return pkg


def test_deeply_nested_metadata_json(compiled: Path) -> None:
    (compiled / "metadata.json").write_text(DEEP, "utf-8")
    with pytest.raises(ModelFormatError) as err:
        inspect_path(compiled)
    assert err.value.message == "metadata.json is nested too deeply"


def test_deeply_nested_manifest_json(tmp_path: Path) -> None:
    with pytest.raises(ModelFormatError) as err:
        inspect_path(_package(tmp_path, DEEP))
    assert err.value.message == "Manifest.json has no root model entry (RecursionError)"


def test_a_nul_in_the_manifest_path(tmp_path: Path) -> None:
    manifest = {"rootModelIdentifier": "a", "itemInfoEntries": {"a": {"path": "x\u0000y"}}}
    with pytest.raises(ModelFormatError) as err:
        inspect_path(_package(tmp_path, json.dumps(manifest)))
    assert err.value.message == "Manifest.json has no root model entry (ValueError)"


@pytest.mark.parametrize("shape", ["[" + "9" * 5000 + "]", "[1099511627777, 1]",
                                   "[123456789012345678]"])
def test_huge_shapes_in_metadata(compiled: Path, shape: str) -> None:
    meta = json.loads((compiled / "metadata.json").read_text("utf-8"))
    meta[0]["inputSchema"][0]["shape"] = shape
    (compiled / "metadata.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(ModelFormatError) as err:
        inspect_path(compiled)
    assert err.value.message == "the shape of 'x' has a dimension over 2^40; not a real tensor's"


@pytest.mark.parametrize("dim", ["9" * 5000, "\u00b2", "1099511627777"])
def test_huge_or_odd_shapes_in_model_mil_are_unknown_dims(compiled: Path, dim: str) -> None:
    mil = compiled / "model.mil"
    mil.write_text(mil.read_text("utf-8").replace("tensor<fp16, [64, 32, 1, 1]> a_weight",
                                                  f"tensor<fp16, [{dim}, 32, 1, 1]> a_weight"),
                   "utf-8")
    inspection = inspect_path(compiled)
    render_json(inspection)  # and it renders


def test_a_sparse_10_gib_spec_is_not_read(tmp_path: Path) -> None:
    manifest = {"rootModelIdentifier": "a",
                "itemInfoEntries": {"a": {"path": "com.apple.CoreML/model.mlmodel"}}}
    pkg = _package(tmp_path, json.dumps(manifest))
    with (pkg / "Data" / "com.apple.CoreML" / "model.mlmodel").open("wb") as fh:
        fh.truncate(10 << 30)
    with pytest.raises(ModelFormatError) as err:
        inspect_path(pkg)
    assert err.value.message == ("model spec is larger than 2048 MiB (10240 MiB); it is not "
                                 "read")
